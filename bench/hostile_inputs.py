#!/usr/bin/env python3
"""Generates the hostile inputs of docs/robustness.md ("Inputs that grew
faster than linearly") into a directory. Deterministic: a fixed seed.

usage: bench/hostile_inputs.py OUTDIR
"""
import os
import random
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(14)


def w(name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)


# An HTML tag with 1,000,000 quoted attributes (6 MB).
w("attrs.html", "<p" + ' a="b"' * 1_000_000 + ">the indivisibility of security</p>\n")

# An XLIFF comment holding `termcheck-disable` 100,000 times (1.9 MB).
w(
    "disable.xlf",
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    '<file source-language="ru" target-language="en" datatype="plaintext" original="a">\n'
    "<body>\n<!--" + " termcheck-disable" * 100_000 + " -->\n"
    '<trans-unit id="1"><source>x</source><target>the indivisibility of security</target></trans-unit>\n'
    "</body></file></xliff>\n",
)


def tbx(entries):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        "<tbxHeader><fileDesc><sourceDesc><p>hostile</p></sourceDesc></fileDesc></tbxHeader>\n"
        "<text><body>\n" + "".join(entries) + "</body></text></tbx>\n"
    )


def entry(cid, form):
    return (
        f'<conceptEntry id="{cid}"><langSec xml:lang="en"><termSec><term>{form}</term>'
        "<termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>"
        "</termSec></langSec></conceptEntry>\n"
    )


# 50,000 concepts sharing one id; 20,000 concepts with the same form.
w("same-id.tbx", tbx(entry("same-id", f"form {i}") for i in range(50_000)))
w("same-form.tbx", tbx(entry(f"c-{i}", "one form") for i in range(20_000)))


def mutate(word):
    i = rng.randrange(len(word))
    c = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return word[:i] + c + word[i + 1 :]


# A near-miss glossary of 1,000 near-identical forms, and 20,000 words
# that are each near all of them (240 KB).
stem = "Marlowvinski"
forms = sorted({mutate(stem) for _ in range(5000)} - {stem})[:1000]
g = ['[glossary]\nname = "near-identical"\nlanguage = "en"\n']
for i, f in enumerate(forms):
    g.append(f'\n[[term]]\nid = "t{i}"\npreferred = "{f}"\n')
w("near.toml", "".join(g))
words = [mutate(stem) for _ in range(20_000)]
w("near.txt", " ".join(words) + "\n")

# 300,000 near-identical words against the built-in glossary.
stem = "Zelenskiyy"
w("near-builtin.txt", " ".join(mutate(stem) for _ in range(300_000)) + "\n")

# 200 MB on one line: words, a finding every 10 MB.
chunk = "the talks went on and on " * 40  # 1000 bytes
line = []
for i in range(200_000):
    line.append(chunk)
    if i % 10_000 == 0:
        line.append("the indivisibility of security ")
w("big-line.txt", "".join(line) + "\n")
