#!/usr/bin/env python3
"""Compares termcheck's and textlint-rule-terminology's findings on the
same text: agreements, and a sample of each side's extra findings with the
text around them, so disagreements can be explained.

  compare_peers.py TERMCHECK.json TEXTLINT.json TEXT
"""
import json
import re
import sys
from collections import Counter


def main():
    tc = json.load(open(sys.argv[1], encoding="utf-8"))
    tl = json.load(open(sys.argv[2], encoding="utf-8"))
    lines = open(sys.argv[3], encoding="utf-8").read().split("\n")
    mine = {(f["line"], f["column"]): f for f in tc["findings"]}
    theirs = {}
    for file in tl:
        for m in file.get("messages", []):
            theirs[(m["line"], m["column"])] = m
    both = mine.keys() & theirs.keys()
    only_tc = sorted(mine.keys() - theirs.keys())
    only_tl = sorted(theirs.keys() - mine.keys())
    print(f"- termcheck findings: {len(mine)}; textlint findings: {len(theirs)}; same position: {len(both)}")
    print(f"- only termcheck: {len(only_tc)}; only textlint: {len(only_tl)}")

    def ctx(line, col, width=70):
        text = lines[line - 1]
        start = max(0, col - 1 - 25)
        return text[start:start + width].replace("|", "/")

    def found_tl(m):
        g = re.search(r"“(.+?)”", m["message"])
        return g.group(1) if g else m["message"][:40]

    print("\nMost frequent only-termcheck forms:", Counter(mine[k]["found"] for k in only_tc).most_common(8))
    print("Most frequent only-textlint forms:", Counter(found_tl(theirs[k]) for k in only_tl).most_common(8))
    print("\nSample only-termcheck (line:col, found, context):")
    for k in only_tc[:8]:
        print(f"  {k[0]}:{k[1]} {mine[k]['found']!r}: …{ctx(*k)}…")
    print("\nSample only-textlint (line:col, message, context):")
    for k in only_tl[:8]:
        print(f"  {k[0]}:{k[1]} {theirs[k]['message'][:60]!r}: …{ctx(*k)}…")


if __name__ == "__main__":
    main()
