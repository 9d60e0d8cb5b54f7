#!/usr/bin/env python3
"""Precision of the unlisted-spelling `inconsistent` findings of a default run on held-out
real news: the Kremlin English archive 2009-2014 and the WMT21-23 machine translations
(hyp-*), each WMT document (docs.tsv) checked as one file. Neither was looked at when the
consistency rules were tuned (docs/accuracy.md).

    python3 scripts/consistency_accuracy.py sheet    # runs termcheck, adds unlabelled picks
    python3 scripts/consistency_accuracy.py report   # precision with a Wilson 95% interval

Labels: tests/data/accuracy/inconsistent.tsv (one finding per line: id, path, line, byte,
found, preferred, label true/false, reason). WMT text is not copied: `found` and `preferred`
hold '-' for WMT documents.
"""
import argparse
import collections
import json
import math
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
LABELS = os.path.join(ROOT, "tests", "data", "accuracy", "inconsistent.tsv")
BINARY = os.path.join(ROOT, "target", "release", "termcheck")
SEED = 15
SAMPLE = 60
HEADER = "id\tpath\tline\tbyte\tfound\tpreferred\tlabel\treason"


def prepare(tmp):
    """Writes the held-out documents under tmp; returns {temp path: (corpus path, first line or
    the WMT line numbers of the document's lines)}."""
    meta = {}
    os.makedirs(os.path.join(tmp, "kremlin"), exist_ok=True)
    k = os.path.join(CORPUS, "statements", "kremlin-en")
    with open(os.path.join(k, "index.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    for row in rows:
        rel, date = row[0], row[2]
        if int(date[:4]) > 2014:
            continue
        dst = os.path.join(tmp, "kremlin", rel.replace("/", "-"))
        with open(os.path.join(k, rel), encoding="utf-8") as src, open(dst, "w", encoding="utf-8") as out:
            out.write(src.read())
        meta[dst] = ("statements/kremlin-en/" + rel, None)
    news = os.path.join(CORPUS, "news-ru-en")
    for sub, stem in (("wmt21", "newstest2021"), ("wmt22", "generaltest2022"), ("wmt23", "generaltest2023")):
        with open(os.path.join(news, sub, f"{stem}.ru-en.docs.tsv"), encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f]
        col = rows[0].index("docid")
        ids = [r[col] for r in rows[1:]]
        for name in sorted(os.listdir(os.path.join(news, sub))):
            if not (name.startswith(f"{stem}.ru-en.hyp-") and name.endswith(".en")):
                continue
            with open(os.path.join(news, sub, name), encoding="utf-8") as f:
                lines = f.read().split("\n")
            groups = collections.OrderedDict()
            for i, doc in enumerate(ids):
                if i < len(lines):
                    groups.setdefault(doc, []).append(i)
            system = name[len(f"{stem}.ru-en.hyp-"):-len(".en")]
            os.makedirs(os.path.join(tmp, sub, system), exist_ok=True)
            for doc, idx in groups.items():
                dst = os.path.join(tmp, sub, system, f"{doc}.txt")
                with open(dst, "w", encoding="utf-8") as out:
                    out.write("\n".join(lines[i] for i in idx) + "\n")
                meta[dst] = (f"news-ru-en/{sub}/{name}", [i + 1 for i in idx])
    return meta


def findings(tmp, meta):
    out = subprocess.run([BINARY, "check", "--no-config", "--format", "json", "--fail-on", "never", tmp],
                         capture_output=True, check=True)
    rows = []
    for f in json.loads(out.stdout)["findings"]:
        if f["kind"] != "inconsistent":
            continue
        src, lines = meta[f["path"]]
        wmt = lines is not None
        line = lines[f["line"] - 1] if wmt else f["line"]
        doc = os.path.relpath(f["path"], tmp)
        ident = f"{doc}:{f['byte_start']}"
        rows.append({"id": ident, "path": src, "line": str(line), "byte": str(f["byte_start"]),
                     "found": "-" if wmt else f["found"], "preferred": "-" if wmt else f["preferred"],
                     "message": f["message"]})
    return rows


def read_labels():
    if not os.path.exists(LABELS):
        return {}
    with open(LABELS, encoding="utf-8") as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    keys = HEADER.split("\t")
    return {r[0]: dict(zip(keys, r)) for r in lines[1:]}


def wilson(k, n, z=1.96):
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    m = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return ((c - m) / d, (c + m) / d)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["sheet", "report"])
    args = ap.parse_args()
    labels = read_labels()
    if args.what == "sheet":
        with tempfile.TemporaryDirectory() as tmp:
            meta = prepare(tmp)
            rows = findings(tmp, meta)
        rows.sort(key=lambda r: r["id"])
        picked = rows if len(rows) <= SAMPLE else random.Random(SEED).sample(rows, SAMPLE)
        with open(LABELS, "w", encoding="utf-8") as f:
            f.write(f"# {len(rows)} inconsistent findings in the held-out run; {len(picked)} drawn (seed {SEED}).\n")
            f.write(HEADER + "\n")
            for r in sorted(picked, key=lambda r: r["id"]):
                old = labels.get(r["id"], {})
                f.write("\t".join([r["id"], r["path"], r["line"], r["byte"], r["found"], r["preferred"],
                                   old.get("label", ""), old.get("reason", "")]) + "\n")
                if not old:
                    print(r["id"], r["message"], sep="\t")
        print(f"{len(rows)} findings, {len(picked)} drawn", file=sys.stderr)
    else:
        done = [r for r in labels.values() if r["label"] in ("true", "false")]
        k = sum(r["label"] == "true" for r in done)
        lo, hi = wilson(k, len(done))
        print(f"precision {k}/{len(done)} = {100 * k / max(1, len(done)):.1f}% (Wilson 95% {100 * lo:.1f}-{100 * hi:.1f}%)")
        for r in done:
            if r["label"] == "false":
                print("false:", r["id"], r["reason"], sep="\t")


if __name__ == "__main__":
    main()
