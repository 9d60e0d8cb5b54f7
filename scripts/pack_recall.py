#!/usr/bin/env python3
"""Injected-variant recall of the default pack at exact byte positions (issue 12).

Run from the repository root after `cargo build`:

    python3 scripts/pack_accuracy.py recall      # or: python3 scripts/pack_recall.py

Every variant of every default-pack term is written into a sentence: a real Kremlin or UN
sentence that holds an approved form of the term (tests/data/accuracy/recall.tsv, where the
approved form is replaced by the variant), else the neutral carrier "In a statement on Monday,
officials mentioned VARIANT twice." The document is dated inside the term's and the form's
validity. The variant counts as found when a finding of that term starts and ends exactly at
the injected bytes (or, where the carrier sentence puts a possessive or plural ending right
after the form, at the end of that ending, which the finding rightly includes).
"""

import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def form(v):
    return v if isinstance(v, str) else v["form"]


def terms(pack="default"):
    out = []
    d = os.path.join(ROOT, "glossaries", pack)
    for name in sorted(os.listdir(d)):
        if name.endswith(".toml"):
            with open(os.path.join(d, name), "rb") as f:
                out += tomllib.load(f).get("term", [])
    return out


def carriers():
    rows = collections.defaultdict(list)
    with open(os.path.join(ROOT, "tests", "data", "accuracy", "recall.tsv"), encoding="utf-8") as f:
        head = None
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if head is None:
                head = cols
                continue
            r = dict(zip(head, cols))
            rows[r["term_id"]].append(r)
    return rows


def date_for(t, v):
    for key in ("valid_from",):
        if isinstance(v, dict) and v.get(key):
            return v[key]
    if t.get("valid_from"):
        return t["valid_from"]
    if t.get("valid_until"):
        return f"{int(t['valid_until'][:4]) - 1}-07-01"
    return "2024-01-01"


def main(binary=os.path.join(ROOT, "target", "debug", "termcheck")):
    carry = carriers()
    cases = []
    for t in terms():
        approved = [t["preferred"]] + [form(a) for a in t.get("admitted", [])]
        for v in t.get("variants", []):
            text = None
            for r in carry.get(t["id"], []):
                m = re.search(r"(?<!\w)" + re.escape(r["form"]) + r"(?!\w)", r["sentence"])
                if r["form"] in approved and m:
                    text = r["sentence"][:m.start()] + form(v) + r["sentence"][m.end():]
                    start = len(r["sentence"][:m.start()].encode("utf-8"))
                    break
            if text is None:
                prefix = "In a statement on Monday, officials mentioned "
                text = prefix + form(v) + " twice."
                start = len(prefix.encode("utf-8"))
            end = start + len(form(v).encode("utf-8"))
            cases.append({"term": t["id"], "variant": form(v), "text": text, "start": start, "end": end,
                          "date": date_for(t, v)})
    found = 0
    misses = []
    with tempfile.TemporaryDirectory() as tmp:
        by_date = collections.defaultdict(list)
        for i, c in enumerate(cases):
            name = f"c{i:05d}.txt"
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(c["text"] + "\n")
            c["file"] = name
            by_date[c["date"]].append(c)
        for date, cs in sorted(by_date.items()):
            cmd = [binary, "check", "--no-config", "--format", "json", "--fail-on", "never", "--pack", "default",
                   "--date", date] + [c["file"] for c in cs]
            res = subprocess.run(cmd, cwd=tmp, capture_output=True, check=False)
            if res.returncode not in (0, 1):
                sys.exit(res.stderr.decode()[:2000])
            hits = collections.defaultdict(list)
            for f in json.loads(res.stdout)["findings"]:
                hits[f["path"]].append(f)
            for c in cs:
                # exact span; a possessive or plural ending the carrier sentence puts
                # right after the form belongs to the finding (the fix keeps it)
                raw = (c["text"] + "\n").encode("utf-8")
                ok = any(f["term_id"] == c["term"] and f["byte_start"] == c["start"]
                         and raw[c["end"]:f["byte_end"]].decode("utf-8", "replace") in ("", "'s", "’s", "s", "es", "s'", "s’")
                         for f in hits.get(c["file"], []))
                found += ok
                if not ok:
                    got = [(f["kind"], f["term_id"], f["found"]) for f in hits.get(c["file"], [])]
                    misses.append((c["term"], c["variant"], c["date"], got))
    n = len(cases)
    print(f"injected-variant recall (default pack, exact byte positions): {found}/{n} = {found / n:.1%}")
    for m in misses:
        print("  missed:", m)


if __name__ == "__main__":
    main(*sys.argv[1:2])
