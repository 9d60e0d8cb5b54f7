#!/usr/bin/env python3
"""Accuracy of termcheck on real data (issue 3). Standard library only.

Run from the repository root after `cargo build --release`:

    python3 scripts/accuracy.py                 # real-news rates, precision, recall
    python3 scripts/accuracy.py --emit-unlabeled /tmp/unlabeled.tsv
    python3 scripts/accuracy.py --sweep 0.75,0.8,0.85,0.9,0.95
    python3 scripts/accuracy.py --build-recall-candidates > /tmp/cands.tsv
    python3 scripts/accuracy.py --weak-recall     # held-out typos in whole articles

Real news: the Kremlin "Foreign policy" items, the UN General Debate
statements of the Russian Federation, and the news documents of the WMT21-23
ru->en references (split per document into a temporary directory; WMT text
is never copied into the repository), all from ../shared/corpus. The hand
labels (tests/data/accuracy/labels.tsv) give a precision estimate per kind;
the recall set (tests/data/accuracy/recall.tsv: real Kremlin and UN
sentences, see its README) gets known variants, typos, romanization drift
and homoglyphs injected, and the script counts how many termcheck finds.
"""

import argparse
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data", "accuracy")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
KINDS = ["variant", "case", "near-miss", "inconsistent", "mixed-script"]
# Per kind, how many findings (in a fixed pseudo-random order) the labels
# are meant to cover; near-miss and mixed-script are labelled in full.
SAMPLE = {"variant": 60, "case": 40, "inconsistent": 80, "near-miss": 10**6, "mixed-script": 10**6}


def stable_hash(*parts):
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()


def run_termcheck(binary, cwd, paths, glossary, extra):
    findings = []
    # Keep command lines short.
    for i in range(0, len(paths), 400):
        cmd = [binary, "check", "--format", "json", "--fail-on", "never", "--color", "never",
               "--no-config"] + [a for g in glossary for a in ("-g", g)] + extra + paths[i:i + 400]
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        if out.returncode not in (0, 1):
            sys.exit(f"termcheck failed ({out.returncode}): {out.stderr.decode()[:2000]}")
        findings += json.loads(out.stdout)["findings"]
    return findings


def real_news(corpus, tmp):
    """[(cwd, relative paths)] of the real-news set and {path: words}."""
    sets = []
    words = {}
    kremlin = []
    for year in sorted(os.listdir(os.path.join(corpus, "statements", "kremlin-en"))):
        d = os.path.join(corpus, "statements", "kremlin-en", year)
        if os.path.isdir(d):
            kremlin += [f"statements/kremlin-en/{year}/{f}" for f in sorted(os.listdir(d)) if f.endswith(".txt")]
    un = [f"un/ungdc-rus/{f}" for f in sorted(os.listdir(os.path.join(corpus, "un", "ungdc-rus")))]
    for p in kremlin + un:
        with open(os.path.join(corpus, p), encoding="utf-8") as fh:
            words[p] = len(WORD.findall(fh.read()))
    sets.append((corpus, kremlin + un))
    wmt = []
    for name, stem in [("wmt21", "newstest2021"), ("wmt22", "generaltest2022"), ("wmt23", "generaltest2023")]:
        base = os.path.join(corpus, "news-ru-en", name, f"{stem}.ru-en")
        with open(base + ".refA.en", encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        with open(base + ".docs.tsv", encoding="utf-8") as fh:
            rows = [r.split("\t") for r in fh.read().split("\n")[1:] if r]
        docs = collections.OrderedDict()
        for r in rows:
            n, docid, domain = int(r[0]), r[1], r[2]
            if name != "wmt21" and domain != "news":
                continue
            docs.setdefault(docid, []).append(lines[n - 1])
        os.makedirs(os.path.join(tmp, name), exist_ok=True)
        for docid, ls in docs.items():
            rel = f"{name}/{re.sub(r'[^A-Za-z0-9._-]', '_', docid)}.txt"
            text = "\n".join(ls) + "\n"
            with open(os.path.join(tmp, rel), "w", encoding="utf-8") as fh:
                fh.write(text)
            words[rel] = len(WORD.findall(text))
            wmt.append(rel)
    sets.append((tmp, wmt))
    return sets, words


def load_labels():
    labels = {}
    path = os.path.join(DATA, "labels.tsv")
    if not os.path.exists(path):
        return labels
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            p, start, kind, term, label = cols[:5]
            labels[(p, int(start), kind, term)] = label
    return labels


def key(f):
    return (f["path"], f["byte_start"], f["kind"], f["term_id"])


def context(cwd, f, width=70):
    with open(os.path.join(cwd, f["path"]), "rb") as fh:
        b = fh.read()
    s, e = f["byte_start"], f["byte_end"]
    pre = b[max(0, s - width):s].decode("utf-8", "replace")
    post = b[e:e + width].decode("utf-8", "replace")
    return (pre + "[[" + b[s:e].decode("utf-8", "replace") + "]]" + post).replace("\n", " ").replace("\t", " ")


def real(args, glossary):
    with tempfile.TemporaryDirectory() as tmp:
        sets, words = real_news(args.corpus, tmp)
        total_words = sum(words.values())
        thresholds = [None] if not args.sweep else [float(t) for t in args.sweep.split(",")]
        labels = load_labels()
        result = {}
        for t in thresholds:
            extra = [] if t is None else ["--near-miss-threshold", str(t)]
            found = []
            for cwd, paths in sets:
                for f in run_termcheck(args.bin, cwd, paths, glossary, extra):
                    f["_cwd"] = cwd
                    found.append(f)
            result[t] = found
        found = result[thresholds[0]] if not args.sweep else None
        print(f"# Real news: {sum(len(p) for _, p in sets)} files, {total_words} words")
        if args.sweep:
            print("\n## Near-miss sweep")
            print("| threshold | near-miss findings | labelled true | labelled false | unlabelled | precision |")
            print("|---|---|---|---|---|---|")
            for t in thresholds:
                nm = [f for f in result[t] if f["kind"] == "near-miss"]
                lab = [labels.get(key(f)) for f in nm]
                prec = lab.count("tp") / max(1, lab.count("tp") + lab.count("fp"))
                print(f"| {t} | {len(nm)} | {lab.count('tp')} | {lab.count('fp')} | {lab.count(None)} | {prec:.0%} |")
            if args.emit_unlabeled:
                low = result[thresholds[0]]
                with open(args.emit_unlabeled, "w", encoding="utf-8") as fh:
                    for f in low:
                        if f["kind"] == "near-miss" and key(f) not in labels:
                            fh.write("\t".join([f["path"], str(f["byte_start"]), f["kind"], f["term_id"], "?",
                                                f["found"].replace("\n", " "), f["message"].replace("\t", " ").replace("\n", " "),
                                                context(f["_cwd"], f)]) + "\n")
            return
        by_kind = collections.Counter(f["kind"] for f in found)
        print("\n## Findings per 10,000 words, by kind")
        print("| kind | findings | per 10k words | labelled | true | false | precision |")
        print("|---|---|---|---|---|---|---|")
        est_false = 0.0
        unlabeled = []
        for k in KINDS:
            fs = sorted((f for f in found if f["kind"] == k), key=lambda f: stable_hash(*key(f)))
            lab = [labels.get(key(f)) for f in fs]
            tp, fp = lab.count("tp"), lab.count("fp")
            prec = tp / (tp + fp) if tp + fp else None
            if prec is not None:
                est_false += (1 - prec) * len(fs)
            want = fs[:SAMPLE[k]]
            unlabeled += [f for f in want if key(f) not in labels]
            print(f"| {k} | {len(fs)} | {len(fs) * 1e4 / total_words:.2f} | {tp + fp} | {tp} | {fp} | "
                  + (f"{prec:.1%}" if prec is not None else "n/a") + " |")
        print(f"\nEstimated false findings: {est_false:.1f} = {est_false * 1e4 / total_words:.2f} per 10,000 words"
              " (each kind's false share in its labelled sample times its count).")
        # Near-misses are rare in edited text, so their precision is also
        # measured on a wider pool: every WMT reference and MT output and
        # FLORES (read in place; only near-miss findings are counted).
        pool = sorted(
            os.path.relpath(os.path.join(d, f), args.corpus)
            for d, _, fs in os.walk(os.path.join(args.corpus, "news-ru-en"))
            for f in fs if f.endswith(".en") or f.endswith("eng_Latn"))
        pool_words = 0
        for p in pool:
            with open(os.path.join(args.corpus, p), encoding="utf-8") as fh:
                pool_words += len(WORD.findall(fh.read()))
        nm = [f for f in run_termcheck(args.bin, args.corpus, pool, glossary, ["--consistency", "off"])
              if f["kind"] == "near-miss"]
        for f in nm:
            f["_cwd"] = args.corpus
        real_nm = [f for f in found if f["kind"] == "near-miss"]
        lab = [labels.get(key(f)) for f in nm + real_nm]
        print(f"\nNear-miss precision on the real news plus the wider pool ({len(pool)} WMT/FLORES files, "
              f"{pool_words} more words): {len(nm) + len(real_nm)} findings, {lab.count('tp')} true, "
              f"{lab.count('fp')} false, {lab.count(None)} unlabelled.")
        unlabeled += [f for f in nm if key(f) not in labels]
        if args.emit_unlabeled:
            with open(args.emit_unlabeled, "w", encoding="utf-8") as fh:
                for f in unlabeled:
                    fh.write("\t".join([f["path"], str(f["byte_start"]), f["kind"], f["term_id"], "?",
                                        f["found"].replace("\n", " "), f["message"].replace("\t", " ").replace("\n", " "),
                                        context(f["_cwd"], f)]) + "\n")
            print(f"({len(unlabeled)} unlabelled findings of the sample written to {args.emit_unlabeled})")


# ---------------------------------------------------------------------------
# Recall
# ---------------------------------------------------------------------------

HOMOGLYPH = {"o": "\u043e", "a": "\u0430", "e": "\u0435", "c": "\u0441", "p": "\u0440"}


def terms_by_id(glossaries):
    out = {}
    for path in glossaries:
        with open(path, "rb") as fh:
            g = tomllib.load(fh)
        for t in g.get("term", []):
            tid = t.get("id") or re.sub(r"[^0-9a-z]+", "-", t["preferred"].lower()).strip("-")
            out[tid] = t
    return out


def eligible_for_typos(form):
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 7 and not all(c.isupper() for c in letters)


def typo(form, seed):
    """A one-edit typo inside the longest word (interior letters only)."""
    words = list(re.finditer(r"[A-Za-z]+", form))
    w = max(words, key=lambda m: len(m.group()))
    if len(w.group()) < 6:
        return None
    s = w.group()
    h = int(stable_hash(form, seed), 16)
    i = 1 + h % (len(s) - 3)  # 1 .. len-3: never the first or last letter
    op = (h >> 8) % 4
    if op == 0 and s[i] != s[i + 1]:
        t = s[:i] + s[i + 1] + s[i] + s[i + 2:]  # transposition
    elif op == 1:
        t = s[:i] + s[i + 1:]  # deletion
    elif op == 2:
        t = s[:i] + s[i] + s[i:]  # doubled letter
    else:
        repl = "aeiou" if s[i] not in "aeiou" else "eioua"
        c = repl[(h >> 12) % 5]
        if c == s[i]:
            c = repl[((h >> 12) + 1) % 5]
        t = s[:i] + c + s[i + 1:]  # substitution
    return form[:w.start()] + t + form[w.end():]


def derived_forms(form):
    """Derived variants: the first hyphen as a space (or, for a phrase in
    lower case, the first space as a hyphen), and the other British/American
    spelling of the first word that has one."""
    out = []
    m = re.search(r"(?<=[A-Za-z])-(?=[A-Za-z])", form)
    if m:
        out.append((form[:m.start()] + " " + form[m.end():], "hyphenation"))
    elif " " in form and form[0].islower():
        out.append((form.replace(" ", "-", 1), "hyphenation"))
    for a, b in [("isation", "ization"), ("ization", "isation"), ("Organisation", "Organization"),
                 ("Organization", "Organisation"), ("Defence", "Defense"), ("defence", "defense"),
                 ("centre", "center"), ("Centre", "Center"), ("labour", "labor"), ("programme", "program"),
                 ("ised", "ized"), ("ized", "ised")]:
        if a in form:
            out.append((form.replace(a, b, 1), "spelling"))
            break
    return out


DRIFT = [(r"ey\b", "ei"), (r"iy\b", "y"), (r"y\b", "i"), (r"kh", "h"), (r"ya", "ia"), (r"yu", "iu"),
         (r"ts", "tz"), (r"ov\b", "off"), (r"ei\b", "ey"), (r"ii\b", "iy"), (r"i\b", "y")]


def romanization_drift(form):
    for pat, rep in DRIFT:
        new = re.sub(pat, rep, form, count=1)
        if new != form:
            return new
    return None


def injections(row, term):
    """(kind of injection, new form, accepted finding kinds)."""
    form = row["form"]
    out = []
    variants = term.get("variants", [])
    if variants:
        v = variants[0]
        out.append(("listed variant", v, {"variant"}))
    for derived, how in derived_forms(form):
        if derived not in variants:
            out.append((f"derived ({how})", derived, {"variant", "near-miss"}))
    is_name = any(re.search("[А-Яа-я]", s) for s in term.get("source", [])) and all(
        w[:1].isupper() for w in form.split()) and not form.isupper()
    if is_name:
        d = romanization_drift(form)
        if d:
            out.append(("romanization drift", d, {"variant", "near-miss"}))
    if eligible_for_typos(form):
        t = typo(form, row["id"])
        if t and t != form:
            out.append(("typo", t, {"near-miss", "variant"}))
    i = next((k for k, c in enumerate(form) if c in HOMOGLYPH), None)
    if i is not None:
        out.append(("homoglyph", form[:i] + HOMOGLYPH[form[i]] + form[i + 1:], {"mixed-script"}))
    return out


def load_recall():
    rows = []
    with open(os.path.join(DATA, "recall.tsv"), encoding="utf-8") as fh:
        header = None
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                continue
            rows.append(dict(zip(header, cols)))
    return rows


def strip_variants(glossaries, tmp):
    """Copies of the glossaries without their `variants` lists (and without
    the examples, which mention them), to measure what termcheck finds when
    a glossary lists nothing but approved forms."""
    paths = []
    for glossary in glossaries:
        with open(glossary, encoding="utf-8") as fh:
            text = fh.read()
        text = re.sub(r"^(variants|examples\.bad|examples\.good)\s*=\s*\[.*?\]\s*$", "", text,
                      flags=re.S | re.M)
        path = os.path.join(tmp, "stripped-" + os.path.basename(glossary))
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        paths.append(path)
    return paths


def recall(args, glossary):
    terms = terms_by_id(glossary)
    if args.strip_variants:
        stripped_dir = tempfile.mkdtemp()
        glossary = strip_variants(glossary, stripped_dir)
        if terms_by_id(glossary).keys() != terms.keys():
            sys.exit("stripping the variants changed the terms")
    rows = load_recall()
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        n = 0
        for row in rows:
            term = terms.get(row["term_id"])
            if term is None or row["form"] not in row["sentence"]:
                continue
            at = row["sentence"].index(row["form"])
            base = f"base-{row['id']}.txt"
            with open(os.path.join(tmp, base), "w", encoding="utf-8") as fh:
                fh.write(row["sentence"] + "\n")
            cases.append(dict(file=base, kind="original", term=row["term_id"], start=len(row["sentence"][:at].encode()),
                              end=len(row["sentence"][:at].encode()) + len(row["form"].encode()), accept=set(), text=row["form"]))
            for kind, new, accept in injections(row, term):
                if args.strip_variants:
                    accept = accept | {"variant", "near-miss"} if kind != "homoglyph" else accept
                s = row["sentence"][:at] + new + row["sentence"][at + len(row["form"]):]
                n += 1
                name = f"inj-{n:04d}.txt"
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
                    fh.write(s + "\n")
                start = len(row["sentence"][:at].encode())
                cases.append(dict(file=name, kind=kind, term=row["term_id"], start=start,
                                  end=start + len(new.encode()), accept=accept, text=new))
        findings = run_termcheck(args.bin, tmp, sorted({c["file"] for c in cases}), glossary, [])
    by_file = collections.defaultdict(list)
    for f in findings:
        by_file[f["path"]].append(f)
    stats = collections.defaultdict(lambda: [0, 0])
    misses = []
    clean_bases = 0
    bases = 0
    for c in cases:
        hits = [f for f in by_file[c["file"]]
                if f["term_id"] == c["term"] and f["byte_start"] < c["end"] and c["start"] < f["byte_end"]]
        if c["kind"] == "original":
            bases += 1
            clean_bases += not hits
            if hits:
                misses.append(("original flagged", c["term"], c["text"], hits[0]["kind"]))
            continue
        ok = any(f["kind"] in c["accept"] for f in hits)
        stats[c["kind"]][0] += ok
        stats[c["kind"]][1] += 1
        if not ok:
            misses.append((c["kind"], c["term"], c["text"], ",".join(f["kind"] for f in hits) or "-"))
    # Findings that are not about an injection: false alarms on real sentences.
    injected = collections.defaultdict(list)
    for c in cases:
        injected[c["file"]].append(c)
    extra = collections.Counter()
    nm_true = 0
    for path, fs in by_file.items():
        for f in fs:
            hit = any(c["kind"] != "original" and f["term_id"] == c["term"] and f["byte_start"] < c["end"]
                      and c["start"] < f["byte_end"] for c in injected[path])
            if hit:
                nm_true += f["kind"] == "near-miss"
            else:
                extra[f["kind"]] += 1
                if args.verbose:
                    misses.append(("other finding", f["term_id"], f["found"], f["kind"]))
    found = sum(v[0] for v in stats.values())
    total = sum(v[1] for v in stats.values())
    title = "Recall on injected renderings"
    if args.strip_variants:
        title += ", glossary stripped of its `variants` lists"
    print(f"\n# {title} ({len(rows)} real sentences, {total} injections)")
    print("| injection | found | injected | recall |")
    print("|---|---|---|---|")
    for k in sorted(stats):
        f, t = stats[k]
        print(f"| {k} | {f} | {t} | {f / t:.1%} |")
    print(f"| **all** | {found} | {total} | {found / total:.1%} |")
    print(f"\nUnchanged sentences with no finding for their term: {clean_bases}/{bases}")
    nm_false = extra["near-miss"]
    print(f"Near-miss findings in the recall set: {nm_true} at an injection, {nm_false} elsewhere "
          "(elsewhere is real text, so not necessarily false: run with --verbose to see them); "
          "other findings not at an injection: "
          + (", ".join(f"{k} {v}" for k, v in sorted(extra.items())) or "none"))
    if misses and args.verbose:
        print("\nMissed:")
        for m in misses:
            print("  ", *m)


def weak_recall(args, glossary):
    """Held-out recall of the near-miss support rules: a typo of a one-word
    name, and of the term's first listed variant, put in place of a later
    mention of the term in real Kremlin articles that name it at least
    twice (150 each, seeded shuffle). Found: a near-miss or variant finding
    of the term at the typo."""
    terms = terms_by_id(glossary)
    root = os.path.join(args.corpus, "statements", "kremlin-en")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".txt"))
    import random
    random.Random(7).shuffle(files)
    cases = []
    per = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            for tid, t in terms.items():
                for form in [t["preferred"]] + t.get("admitted", []):
                    if not eligible_for_typos(form):
                        continue
                    occ = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text)]
                    if len(occ) < 2:
                        continue
                    kinds = []
                    if len(form.split()) == 1 and form[0].isupper():
                        kinds.append(("one-word name", form))
                    if t.get("variants") and eligible_for_typos(t["variants"][0]):
                        kinds.append(("listed variant", t["variants"][0]))
                    for kind, base in kinds:
                        if per[kind] >= 150:
                            continue
                        new = typo(base, path + tid)
                        if not new or new == base:
                            continue
                        at = occ[len(occ) // 2]
                        name = f"{kind[0]}-{len(cases):04d}.txt"
                        with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
                            fh.write(text[:at] + new + text[at + len(form):])
                        b = len(text[:at].encode())
                        cases.append(dict(file=name, kind=kind, term=tid, start=b, end=b + len(new.encode()), new=new))
                        per[kind] += 1
                    break
        findings = run_termcheck(args.bin, tmp, sorted({c["file"] for c in cases}), glossary, [])
    by_file = collections.defaultdict(list)
    for f in findings:
        by_file[f["path"]].append(f)
    stats = collections.defaultdict(lambda: [0, 0])
    for c in cases:
        hit = any(f["term_id"] == c["term"] and f["byte_start"] < c["end"] and c["start"] < f["byte_end"]
                  and f["kind"] in ("near-miss", "variant") for f in by_file[c["file"]])
        stats[c["kind"]][0] += hit
        stats[c["kind"]][1] += 1
        if not hit and args.verbose:
            print("  missed", c["kind"], c["new"])
    print("\n# Held-out recall: typos in whole articles that name the term")
    print("| injection | found | injected |")
    print("|---|---|---|")
    for k, (a, b) in sorted(stats.items()):
        print(f"| typo of a {k} | {a} | {b} |")


def build_candidates(args, glossary):
    """Real Kremlin/UN sentences holding a term's approved form (<= 2 per form)."""
    terms = terms_by_id(glossary)
    files = []
    for year in sorted(os.listdir(os.path.join(args.corpus, "statements", "kremlin-en"))):
        d = os.path.join(args.corpus, "statements", "kremlin-en", year)
        if os.path.isdir(d):
            files += [os.path.join("statements/kremlin-en", year, f) for f in sorted(os.listdir(d)) if f.endswith(".txt")]
    files += [os.path.join("un/ungdc-rus", f) for f in sorted(os.listdir(os.path.join(args.corpus, "un", "ungdc-rus")))]
    texts = []
    for p in files:
        with open(os.path.join(args.corpus, p), encoding="utf-8") as fh:
            for i, line in enumerate(fh, 1):
                for s in re.split(r"(?<=[.!?])\s+", line.strip()):
                    if 40 <= len(s) <= 320:
                        texts.append((p, i, s))
    print("id\tsource\tterm_id\tform\tsentence")
    n = 0
    for tid, t in terms.items():
        forms = [t["preferred"]] + list(t.get("admitted", []))
        got = 0
        for form in forms:
            pat = re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])")
            for p, i, s in texts:
                if got >= 2:
                    break
                if pat.search(s):
                    n += 1
                    got += 1
                    src = f"en.kremlin.ru/events/president/news/{os.path.basename(p)[:-4]}" if "kremlin" in p else f"UNGDC {os.path.basename(p)}:{i}"
                    print(f"r{n:03d}\t{src}\t{tid}\t{form}\t{s}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "termcheck"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--glossary", action="append", metavar="TOML",
                    help="glossary file (repeatable); default: the three built-in glossaries")
    ap.add_argument("--emit-unlabeled", metavar="FILE")
    ap.add_argument("--sweep", metavar="T1,T2,...")
    ap.add_argument("--build-recall-candidates", action="store_true")
    ap.add_argument("--recall-only", action="store_true")
    ap.add_argument("--weak-recall", action="store_true",
                    help="only the held-out recall of typos of one-word names and listed variants in whole articles")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--strip-variants", action="store_true",
                    help="recall with a copy of the glossary that lists no variants")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    glossary = [os.path.abspath(g) for g in (args.glossary or [
        os.path.join(ROOT, "glossaries", n) for n in ("diplomatic.toml", "countries.toml", "people.toml")])]
    if not os.path.exists(args.bin):
        sys.exit(f"no binary at {args.bin}: run `cargo build --release` first")
    have_corpus = os.path.isdir(os.path.join(args.corpus, "statements"))
    if args.build_recall_candidates or args.weak_recall:
        if not have_corpus:
            sys.exit(f"no corpus at {args.corpus}")
        return (build_candidates if args.build_recall_candidates else weak_recall)(args, glossary)
    terms = terms_by_id(glossary)
    print(f"glossaries: {', '.join(os.path.relpath(g, ROOT) for g in glossary)} ({len(terms)} terms); binary: {os.path.relpath(args.bin, ROOT)}")
    if not args.recall_only:
        if have_corpus:
            real(args, glossary)
        else:
            print(f"note: no corpus at {args.corpus}; real-news rates skipped")
    if not args.sweep:
        recall(args, glossary)


if __name__ == "__main__":
    main()
