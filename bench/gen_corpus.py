#!/usr/bin/env python3
"""Reproducible benchmark corpus from real sentences (fixed seed).

  gen_corpus.py SIZE OUT.txt [GLOSSARY.toml]
  gen_corpus.py files COUNT SIZE_EACH OUTDIR [GLOSSARY.toml]

Sentences come from ../shared/corpus (Kremlin news, UN General Debate
statements, WMT English references), are shuffled, and glossary forms are
mixed in at a news-like rate: a preferred form about every 25 sentences and
a variant about every 120. SIZE accepts K, M and G suffixes. The output is
test data only: it is written under bench/out/ and never committed.
"""
import glob
import os
import random
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "shared", "corpus")


def sentences():
    files = sorted(glob.glob(os.path.join(CORPUS, "statements/kremlin-en/*/*.txt")))
    files += sorted(glob.glob(os.path.join(CORPUS, "un/ungdc-rus/*.txt")))
    files += sorted(glob.glob(os.path.join(CORPUS, "news-ru-en/*/*.refA.en")))
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if len(line) > 20:
                    out.append(line)
    if not out:
        sys.exit("no sentences found under %s" % CORPUS)
    return out


def forms(glossary):
    if not glossary:
        return [], []
    with open(glossary, "rb") as f:
        g = tomllib.load(f)
    pref, var = [], []
    for t in g.get("term", []):
        pref.append(t["preferred"])
        var.extend(t.get("variants", []))
    return pref, var


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(s[:-1]) * mult[s[-1].upper()] if s[-1].upper() in mult else int(s)


def paragraphs(rng, sents, pref, var):
    while True:
        order = list(range(len(sents)))
        rng.shuffle(order)
        para = []
        for i in order:
            s = sents[i]
            r = rng.random()
            if pref and r < 0.04:
                s = "%s The %s was discussed." % (s, rng.choice(pref))
            elif var and r < 0.048:
                s = "%s They spoke of the %s." % (s, rng.choice(var))
            para.append(s)
            if len(para) >= rng.randint(1, 4):
                yield " ".join(para) + "\n"
                para = []


def write_file(path, size, gen):
    written = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < size:
            p = next(gen)
            f.write(p)
            written += len(p.encode("utf-8"))


def main():
    rng = random.Random(42)
    sents = sentences()
    if len(sys.argv) >= 3 and sys.argv[1] != "files":
        pref, var = forms(sys.argv[3] if len(sys.argv) > 3 else None)
        write_file(sys.argv[2], parse_size(sys.argv[1]), paragraphs(rng, sents, pref, var))
    elif len(sys.argv) >= 5:
        count, each, outdir = int(sys.argv[2]), parse_size(sys.argv[3]), sys.argv[4]
        pref, var = forms(sys.argv[5] if len(sys.argv) > 5 else None)
        os.makedirs(outdir, exist_ok=True)
        gen = paragraphs(rng, sents, pref, var)
        for i in range(count):
            write_file(os.path.join(outdir, "doc%05d.txt" % i), each, gen)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
