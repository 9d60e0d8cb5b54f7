#!/usr/bin/env python3
"""Glossary generators for benchmarks (reproducible: fixed seed).

  gen_glossary.py synthetic N OUT.toml    N terms of multi-word diplomatic-style
                                          phrases, 1 preferred + 2 variants each
  gen_glossary.py peers TERMS.json OUT.toml OUT-textlint.json
                                          the shared bench term list as a termcheck
                                          glossary and as textlint-rule-terminology
                                          terms (same forms, case-insensitive)

Each TOML is written with a sibling OUT.forms (one folded form per line) for
the bare Aho-Corasick baseline in bench/ac_baseline.rs.
"""
import json
import random
import sys
import unicodedata

ADJ = """collective strategic bilateral multilateral regional global economic
military humanitarian nuclear conventional maritime territorial sovereign
legal political diplomatic parliamentary interim permanent joint special
comprehensive mutual international national federal trilateral eurasian
european atlantic pacific arctic northern southern eastern western central
extraordinary plenipotentiary provisional technical financial energy
cultural scientific digital environmental""".split()
NOUN = """security partnership cooperation treaty agreement council committee
commission assembly mission office group forum dialogue summit declaration
charter convention protocol memorandum framework mechanism initiative
programme strategy doctrine concept format process union community
organization agency court tribunal secretariat delegation representation
embassy consulate ministry department directorate service fund bank
initiative platform network alliance coalition observatory centre institute""".split()
OF = """peace stability disarmament development trade energy transport climate
migration health education culture science technology information media
justice rights integration investment navigation aviation fisheries
borders refugees minorities elections monitoring verification
nonproliferation counterterrorism cybersecurity""".split()
PLACE = """Europe Asia Eurasia Africa America the Arctic the Baltic the Black Sea
the Caspian the Caucasus the Balkans the Middle East the Pacific the Danube
Central Asia the Sahel the Mediterranean the Indian Ocean""".split("\n")
PLACE = [p for line in PLACE for p in line.split(" ") if p] and [
    "Europe", "Asia", "Eurasia", "Africa", "America", "the Arctic", "the Baltic",
    "the Black Sea", "the Caspian", "the Caucasus", "the Balkans", "the Middle East",
    "the Pacific", "the Danube", "Central Asia", "the Sahel", "the Mediterranean",
    "the Indian Ocean",
]


def fold(s):
    s = unicodedata.normalize("NFKC", s).lower()
    return " ".join(s.split())


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def write(out, name, terms, case="smart"):
    forms = []
    with open(out, "w", encoding="utf-8") as f:
        f.write("[glossary]\nname = %s\nlanguage = \"en\"\n\n[defaults]\ncase = %s\n"
                % (toml_str(name), toml_str(case)))
        for i, (pref, variants) in enumerate(terms):
            f.write("\n[[term]]\nid = \"t%d\"\npreferred = %s\n" % (i, toml_str(pref)))
            if variants:
                f.write("variants = [%s]\n" % ", ".join(toml_str(v) for v in variants))
            forms.append(pref)
            forms.extend(variants)
    base = out[:-5] if out.endswith(".toml") else out
    with open(base + ".forms", "w", encoding="utf-8") as f:
        for x in forms:
            f.write(fold(x) + "\n")


def synthetic(n, out):
    rng = random.Random(20261127)
    seen = set()
    terms = []
    while len(terms) < n:
        a, b = rng.choice(ADJ), rng.choice(NOUN)
        shape = rng.randrange(3)
        if shape == 0:
            pref = "%s %s on %s" % (a, b, rng.choice(OF))
        elif shape == 1:
            pref = "%s %s for %s and %s" % (a.capitalize(), b.capitalize(), rng.choice(OF), rng.choice(OF))
        else:
            pref = "%s %s of %s in %s" % (a, b, rng.choice(OF), rng.choice(PLACE))
        if rng.random() < 0.5:
            pref = "%s %s" % (rng.choice(ADJ), pref)
        v1 = pref.replace(" on ", " regarding ").replace(" of ", " for ").replace(" in ", " within ")
        v2 = "%s-%s" % (a, pref.split(" ", 1)[1]) if " " in pref else pref + "s"
        keys = {fold(pref), fold(v1), fold(v2)}
        if len(keys) < 3 or keys & seen:
            continue
        seen |= keys
        terms.append((pref, [v1, v2]))
    write(out, "Synthetic %d" % n, terms)


def peers(src, out, textlint_out):
    data = json.load(open(src, encoding="utf-8"))
    seen = set()
    terms = []
    for e in data:
        pref = e["preferred"]
        if fold(pref) in seen:
            continue
        variants = []
        for v in e["variants"]:
            k = fold(v)
            if k in seen or k == fold(pref) or k in {fold(x) for x in variants}:
                continue
            variants.append(v)
        seen.add(fold(pref))
        seen.update(fold(v) for v in variants)
        terms.append((pref, variants))
    write(out, "Peer bench terms", terms, case="insensitive")
    # textlint-rule-terminology: [pattern, replacement] pairs, matched
    # case-insensitively on word boundaries by the rule itself.
    rules = []
    special = set("\\^$.|?*+()[]{}")
    for pref, variants in terms:
        for v in variants:
            rules.append(["".join("\\" + c if c in special else c for c in v), pref])
    with open(textlint_out, "w", encoding="utf-8") as f:
        json.dump(rules, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "synthetic":
        synthetic(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "peers":
        peers(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
