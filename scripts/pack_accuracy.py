#!/usr/bin/env python3
"""Accuracy of the built-in packs on real data (issue 12). Standard library only.

Run from the repository root after `cargo build` (or pass --bin target/release/termcheck):

    python3 scripts/pack_accuracy.py sheet        # run the packs, write the labelling sheets
    python3 scripts/pack_accuracy.py report       # precision, false findings per 10,000 words
    python3 scripts/pack_accuracy.py recall       # injected-variant recall at exact byte positions

Data (../shared/corpus, never copied into the repository):
- the Kremlin English archive (statements/kremlin-en), each file dated from its index.tsv;
  split by year: 2009-2014 is the tuning half, 2015-2020 the report half;
- the UN General Debate statements of the Russian Federation (un/ungdc-rus), dated
  25 September of the session's year (the General Debate is held in late September);
- the WMT ru-en references (refA): newstest2012-2020 one document per line (the sets do not
  say where documents end, and joining lines would mix unrelated articles), WMT21-23 split by
  document (docs.tsv); all dated 1 January of the set's year (the test sets do not date their
  documents; the earliest plausible date is used so that no date-dependent finding is counted
  that the text may predate).

Each document is checked on its own date through the `date_from_path` rule of a temporary
termcheck.toml (the files are laid out as YYYY/MM/DD/NAME), which is how a desk dates an
archive with one command; it gives the same dates as one `--date` run per file.

Findings are attributed to a pack as a desk would see them: the default pack alone, and each
opt-in pack loaded with the default pack (a finding belongs to the opt-in pack when its term
is defined there). The sheets draw findings at random with a fixed seed (12); labels live in
tests/data/labels/*.tsv (id, label, reason). WMT findings are identified by file, line and
byte offset; their text is never written to the repository.
"""

import argparse
import collections
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
LABELS = os.path.join(ROOT, "tests", "data", "labels")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
SEED = 12
OPT_PACKS = ["un", "ukraine-places", "mfa-transliteration", "wire-style", "own-spelling"]
SAMPLE = {"default": 300, "opt": 200}


def pack_ids(pack):
    ids = set()
    for dirpath, _, files in os.walk(os.path.join(ROOT, "glossaries", pack)):
        for f in files:
            if f.endswith(".toml"):
                with open(os.path.join(dirpath, f), "rb") as fh:
                    ids |= {t["id"] for t in tomllib.load(fh).get("term", [])}
    return ids


def link(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if not os.path.exists(dst):
        os.symlink(os.path.abspath(src), dst)


def write(dst, text):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)


def prepare(tmp):
    """Lays the data out as <set>/<split>/YYYY/MM/DD/<name>; returns {temp path: meta}."""
    meta = {}
    k = os.path.join(CORPUS, "statements", "kremlin-en")
    with open(os.path.join(k, "index.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    for row in rows:
        rel, date = row[0], row[2]
        split = "tune" if int(date[:4]) <= 2014 else "report"
        y, m, d = date.split("-")
        dst = os.path.join(tmp, "kremlin", split, y, m, d, os.path.basename(rel))
        link(os.path.join(k, rel), dst)
        meta[dst] = {"set": "kremlin", "split": split, "source": "statements/kremlin-en/" + rel,
                     "date": date, "first_line": 1}
    u = os.path.join(CORPUS, "un", "ungdc-rus")
    for name in sorted(os.listdir(u)):
        m = re.match(r"RUS_\d+_(\d{4})\.txt$", name)
        if not m:
            continue
        dst = os.path.join(tmp, "un", "report", m.group(1), "09", "25", name)
        link(os.path.join(u, name), dst)
        meta[dst] = {"set": "un", "split": "report", "source": "un/ungdc-rus/" + name,
                     "date": f"{m.group(1)}-09-25", "first_line": 1}
    news = os.path.join(CORPUS, "news-ru-en")
    for year in range(2012, 2021):
        ref = os.path.join(news, "wmt12-20", f"newstest{year}.ru-en.refA.en")
        with open(ref, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, text in enumerate(lines):
            if not text.strip():
                continue
            dst = os.path.join(tmp, "wmt", "report", str(year), "01", "01", f"newstest{year}-{i + 1:05d}.txt")
            write(dst, text + "\n")
            meta[dst] = {"set": "wmt", "split": "report", "source": f"news-ru-en/wmt12-20/newstest{year}.ru-en.refA.en",
                         "date": f"{year}-01-01", "first_line": i + 1}
    for sub, stem, year in (("wmt21", "newstest2021", 2021), ("wmt22", "generaltest2022", 2022),
                            ("wmt23", "generaltest2023", 2023)):
        ref = os.path.join(news, sub, f"{stem}.ru-en.refA.en")
        docs = os.path.join(news, sub, f"{stem}.ru-en.docs.tsv")
        with open(ref, encoding="utf-8") as f:
            lines = f.read().split("\n")
        with open(docs, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f]
        col = rows[0].index("docid") if rows and "docid" in rows[0] else 1
        ids = [r[col] for r in rows[1:]] if rows and "docid" in rows[0] else [r[col] for r in rows]
        groups = collections.OrderedDict()
        for i, doc in enumerate(ids):
            if i < len(lines):  # docs.tsv row i describes reference line i
                groups.setdefault(doc, []).append(i)
        for n, (doc, idx) in enumerate(groups.items()):
            text = "\n".join(lines[i] for i in idx).strip("\n")
            if not text:
                continue
            dst = os.path.join(tmp, "wmt", "report", str(year), "01", "01", f"{stem}-{n:04d}.txt")
            write(dst, text + "\n")
            meta[dst] = {"set": "wmt", "split": "report", "source": f"news-ru-en/{sub}/{stem}.ru-en.refA.en",
                         "date": f"{year}-01-01", "first_line": idx[0] + 1, "lines": idx}
    write(os.path.join(tmp, "termcheck.toml"),
          'date_from_path = "(?<year>\\\\d{4})/(?<month>\\\\d{2})/(?<day>\\\\d{2})/"\n')
    return meta


def prepare_heldout(tmp, which="mt"):
    """Data the tuning never looked at, one document per line, dated 1 January of the set's year.
    `mt`: the FLORES-200 devtest English side (2021) and the WMT21-23 machine translations
    (hyp-*). `refb`: the second human references of WMT20 and WMT21 (refB) and the original
    English news of WMT21 en-ru, which no earlier measurement used."""
    meta = {}
    news = os.path.join(CORPUS, "news-ru-en")
    sets = []
    if which == "mt":
        sets.append((os.path.join(news, "flores200", "devtest.eng_Latn"), "news-ru-en/flores200/devtest.eng_Latn",
                     2021))
        for sub, stem, year in (("wmt21", "newstest2021", 2021), ("wmt22", "generaltest2022", 2022),
                                ("wmt23", "generaltest2023", 2023)):
            for name in sorted(os.listdir(os.path.join(news, sub))):
                if name.startswith(f"{stem}.ru-en.hyp-") and name.endswith(".en"):
                    sets.append((os.path.join(news, sub, name), f"news-ru-en/{sub}/{name}", year))
    else:
        for sub, name, year in (("wmt12-20", "newstest2020.ru-en.refB.en", 2020),
                                ("wmt21", "newstest2021.ru-en.refB.en", 2021),
                                ("wmt21-en-ru", "newstest2021.en-ru.src.en", 2021)):
            sets.append((os.path.join(news, sub, name), f"news-ru-en/{sub}/{name}", year))
    for n, (path, source, year) in enumerate(sets):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, text in enumerate(lines):
            if not text.strip():
                continue
            dst = os.path.join(tmp, "heldout", str(year), "01", "01", f"s{n:02d}-{i + 1:05d}.txt")
            write(dst, text + "\n")
            meta[dst] = {"set": "wmt", "split": "heldout", "source": source, "date": f"{year}-01-01",
                         "first_line": i + 1}
    write(os.path.join(tmp, "termcheck.toml"),
          'date_from_path = "(?<year>\\\\d{4})/(?<month>\\\\d{2})/(?<day>\\\\d{2})/"\n')
    return meta


def words(path):
    with open(path, encoding="utf-8") as f:
        return len(WORD.findall(f.read()))


def run(binary, tmp, packs, paths):
    out = []
    for i in range(0, len(paths), 2000):
        cmd = [binary, "check", "--format", "json", "--fail-on", "never", "--color", "never",
               "--config", os.path.join(tmp, "termcheck.toml")]
        for p in packs:
            cmd += ["--pack", p]
        res = subprocess.run(cmd + paths[i:i + 2000], cwd=tmp, capture_output=True, check=False)
        if res.returncode not in (0, 1):
            sys.exit(f"termcheck failed ({res.returncode}): {res.stderr.decode()[:2000]}")
        out += json.loads(res.stdout)["findings"]
    return out


def finding_id(pack, source, line, byte, term):
    return hashlib.sha1(f"{pack}\x1f{source}\x1f{line}\x1f{byte}\x1f{term}".encode()).hexdigest()[:12]


def collect(binary, tmp, meta):
    """Every finding of every pack, attributed as described above."""
    paths = sorted(meta)
    rel = {p: os.path.relpath(p, tmp) for p in paths}
    back = {v: k for k, v in rel.items()}
    rows = []

    def add(pack, f):
        path = back.get(f["path"]) or back.get(os.path.normpath(f["path"]))
        m = meta[path]
        line = m["first_line"] + f["line"] - 1 if "lines" not in m else m["lines"][f["line"] - 1] + 1
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        bs, be = f["byte_start"], f["byte_end"]
        raw = text.encode("utf-8")
        ctx = "-"
        if m["set"] != "wmt":
            ctx = raw[max(0, bs - 90):be + 90].decode("utf-8", "replace").replace("\n", " ").replace("\t", " ")
        rows.append({
            "id": finding_id(pack, m["source"], line, bs, f["term_id"]), "split": m["split"],
            "set": m["set"], "pack": pack, "source": m["source"], "line": line, "byte": bs,
            "date": m["date"], "kind": f["kind"], "term": f["term_id"], "found": f["found"],
            "preferred": f.get("preferred") or "", "context": ctx,
        })

    for f in run(binary, tmp, ["default"], [rel[p] for p in paths]):
        add("default", f)
    for pack in OPT_PACKS:
        ids = pack_ids(pack)
        for f in run(binary, tmp, ["default", pack], [rel[p] for p in paths]):
            if f["term_id"] in ids:
                add(pack, f)
    return rows


def read_tsv(path):
    rows, head, totals = [], None, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# totals "):
                totals = json.loads(line[len("# totals "):])
                continue
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if head is None:
                head = cols
                continue
            rows.append(dict(zip(head, cols)))
    return rows, totals


def load_labels(names):
    labels = {}
    for name in names:
        path = os.path.join(LABELS, name)
        if os.path.exists(path):
            for row in read_tsv(path)[0]:
                if row.get("label") in ("true", "false"):
                    labels[row["id"]] = row
    return labels


def sample(rows, group, n, kept=()):
    """A random draw of n (seed 12). Findings of the previous draw (`kept`, ids) that still occur stay
    in it and the rest is topped up at random from the pool: a rule that removes findings does not
    reshuffle the labelled draw, and the result is still a uniform random draw of the new pool."""
    pool = sorted((r for r in rows if r["split"] == "report" and (r["pack"] == "default") == (group == "default")),
                  key=lambda r: r["id"])
    rng = random.Random(SEED)
    rng.shuffle(pool)
    kept = set(kept)
    stay = [r for r in pool if r["id"] in kept][:n]
    return stay + [r for r in pool if r["id"] not in kept][:n - len(stay)], len(pool)


def sheet_ids(name):
    path = os.path.join(LABELS, name)
    return [r["id"] for r in read_tsv(path)[0]] if os.path.exists(path) else []


SHEET_COLS = ["id", "pack", "set", "source", "line", "byte", "date", "kind", "term", "found", "preferred",
              "context", "label", "reason"]


def write_sheet(path, rows, labels, totals):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# totals " + json.dumps(totals, sort_keys=True) + "\n")
        f.write("# Labelling sheet from scripts/pack_accuracy.py (seed 12). A finding is true only if an editor of a\n"
                "# desk using these packs would change the text as the finding says. WMT rows carry no text\n"
                "# (context '-', found '-'); open the reference file at the given line to label them.\n")
        f.write("\t".join(SHEET_COLS) + "\n")
        for r in rows:
            lab = labels.get(r["id"], {})
            out = dict(r, label=lab.get("label", ""), reason=lab.get("reason", ""))
            if r["set"] == "wmt":
                out["found"] = "-"
            f.write("\t".join(re.sub(r"\s+", " ", str(out[c])) for c in SHEET_COLS) + "\n")


def wilson(k, n, z=1.96):
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (c - h, c + h)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["sheet", "report", "recall", "heldout", "heldout-refb"])
    ap.add_argument("--round", choices=["before", "after"], default="after")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "termcheck"))
    args = ap.parse_args()
    if not os.path.isdir(CORPUS):
        sys.exit(f"the shared corpus is missing at {CORPUS}")
    if args.what == "report":
        report(args.round)
        return
    if args.what == "recall":
        import pack_recall  # noqa: PLC0415 (kept apart: it builds its own documents)
        pack_recall.main(args.bin)
        return
    if args.what in ("heldout", "heldout-refb"):
        which = "mt" if args.what == "heldout" else "refb"
        sheet = "sheet-heldout.tsv" if which == "mt" else "sheet-heldout-refb.tsv"
        with tempfile.TemporaryDirectory() as tmp:
            meta = prepare_heldout(tmp, which)
            rows = collect(args.bin, tmp, meta)
            hw = sum(words(p) for p in meta)
        labels = load_labels(["heldout.tsv" if which == "mt" else "heldout-refb.tsv"])
        d = sorted((r for r in rows if r["pack"] == "default"), key=lambda r: r["id"])
        o = sorted((r for r in rows if r["pack"] != "default"), key=lambda r: r["id"])
        random.Random(SEED).shuffle(o)
        # As in sample(): the previous draw stays where its findings still occur.
        kept = set(sheet_ids(sheet))
        o = [r for r in o if r["id"] in kept][:60] + [r for r in o if r["id"] not in kept]
        picked = d + o[:60]
        write_sheet(os.path.join(LABELS, sheet), picked, labels,
                    {"words": {"heldout": hw}, "pool": len(d), "opt_pool": len(o)})
        for g, rs in (("default", d), ("opt-in", o[:60])):
            lab = [labels[r["id"]]["label"] for r in rs if r["id"] in labels]
            t = lab.count("true")
            print(f"held-out ({hw:,} words) {g}: {len(rs)} drawn, {len(lab)} labelled, {t} true"
                  + (f", precision {t / len(lab):.1%}" if lab else ""))
        return
    with tempfile.TemporaryDirectory() as tmp:
        meta = prepare(tmp)
        rows = collect(args.bin, tmp, meta)
        wc = collections.Counter()
        for p, m in meta.items():
            wc[(m["set"], m["split"])] += words(p)
    totals = {"words": dict((f"{k[0]}/{k[1]}", v) for k, v in wc.items()),
              "findings": dict(collections.Counter(f"{r['pack']}/{r['split']}" for r in rows))}
    labels = load_labels(["default.tsv", "opt.tsv", "tune.tsv"])
    picked_d, total_d = sample(rows, "default", SAMPLE["default"], sheet_ids("sheet-default.tsv"))
    picked_o, total_o = sample(rows, "opt", SAMPLE["opt"], sheet_ids("sheet-opt.tsv"))
    tune = sorted((r for r in rows if r["split"] == "tune"), key=lambda r: r["id"])
    write_sheet(os.path.join(LABELS, "sheet-default.tsv"), picked_d, labels, dict(totals, pool=total_d))
    write_sheet(os.path.join(LABELS, "sheet-opt.tsv"), picked_o, labels, dict(totals, pool=total_o))
    write_sheet(os.path.join(LABELS, "sheet-tune.tsv"), tune, labels, dict(totals, pool=len(tune)))
    print(f"default: {total_d} report findings, sheet of {len(picked_d)}; opt-in: {total_o}, sheet of "
          f"{len(picked_o)}; tuning half: {len(tune)} findings")


def report(rnd):
    """Figures from the sheets and labels of one round (no termcheck run)."""
    sfx = "-before" if rnd == "before" else ""
    for sheet, labs, title in ((f"sheet-default{sfx}.tsv", f"default{sfx}.tsv", "default pack, report half"),
                               (f"sheet-opt{sfx}.tsv", f"opt{sfx}.tsv", "opt-in packs, report half"),
                               ("sheet-tune.tsv", "tune.tsv", "all packs, tuning half (Kremlin 2009-2014)")):
        if rnd == "before" and sheet == "sheet-tune.tsv":
            continue
        path = os.path.join(LABELS, sheet)
        if not os.path.exists(path):
            continue
        rows, totals = read_tsv(path)
        labels = load_labels([labs])
        words = totals.get("words", {})
        report_words = sum(v for k, v in words.items() if k.endswith("/report"))
        tune_words = words.get("kremlin/tune", 0)
        groups = collections.defaultdict(list)
        for r in rows:
            groups["default" if r["pack"] == "default" else "opt-in"].append(r)
        for g, rs in sorted(groups.items()):
            lab = [labels[r["id"]]["label"] for r in rs if r["id"] in labels]
            t, n = lab.count("true"), len(lab)
            if not n:
                print(f"{title} [{g}]: {len(rs)} drawn, none labelled")
                continue
            lo, hi = wilson(t, n)
            pool = totals.get("pool", len(rs)) if "tune" not in sheet else len(rs)
            w = tune_words if "tune" in sheet else report_words
            false_est = pool * (n - t) / n if "tune" not in sheet else n - t
            print(f"{title} [{g}]: {n} labelled of {len(rs)} drawn (pool {pool}); {t} true, {n - t} false; "
                  f"precision {t / n:.1%} (95% Wilson {lo:.1%}-{hi:.1%}); "
                  f"false per 10,000 words {false_est / w * 10000:.3f} ({w:,} words)")
            per = collections.defaultdict(lambda: [0, 0])
            kinds = collections.defaultdict(lambda: [0, 0])
            for r in rs:
                if r["id"] in labels:
                    ok = labels[r["id"]]["label"] == "true"
                    per[r["pack"]][0] += ok
                    per[r["pack"]][1] += 1
                    kinds[r["kind"] + (" (unlisted)" if r["term"].startswith("unlisted:") else "")][0] += ok
                    kinds[r["kind"] + (" (unlisted)" if r["term"].startswith("unlisted:") else "")][1] += 1
            print("   by pack: " + ", ".join(f"{p} {a}/{b}" for p, (a, b) in sorted(per.items())))
            print("   by kind: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(kinds.items())))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
