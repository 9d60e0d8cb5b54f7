#!/usr/bin/env python3
"""Recall on unlisted romanizations and typos of listed names, and near-miss precision on clean news.

Run from the repository root after `cargo build --release`:

    python3 scripts/names_recall.py recall [--split tune|report] [--seed 15]
    python3 scripts/names_recall.py sheet  [--split tune|report|heldout|mt]   # findings on news, to label
    python3 scripts/names_recall.py precision                      # labelled findings, per split

Names: the preferred and admitted forms of every default-pack term tagged as a person or a
country (its short and formal names). Carriers: real sentences of the split that hold a listed
name of the same kind (person / place), where that name is replaced by the injected spelling.
Splits: `tune` = Kremlin English archive 2009-2014; `report` = Kremlin 2015-2020 and the UN
General Debate statements 2015-2024, and for precision also the WMT ru-en references 2015-2023
(the rules were written looking at `tune` only).

(a) Romanizations (of names whose English form is a romanization of the Cyrillic source, not
exonyms such as Austria/Avstriya): the term's Cyrillic source romanized by eight systems (BGN/PCGN, ICAO,
ISO 9 with its diacritics and without them, Library of Congress, German, French, Ukrainian national 2010), and
informal rewrites of the approved form (-ov as -off/-of/-ow, x as ks, y as i or j, kh as h,
ye as e, -iy/-ii/-ij/-y, w as v), keeping only spellings no glossary lists.
(b) Typos: one edit of a listed form at a letter after the first: swap two neighbours, drop a
letter, double a letter, replace a letter by a QWERTY neighbour; spellings that are English
words or names of the English dictionaries ("Somali", "German"), or another listed form, are
left out (nobody can tell them from what the writer meant).

An injected spelling is found when exactly one finding of its term covers it (the count of
findings on it is also reported: one error, one finding). Python 3 standard library only.
"""

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import tomllib
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
BINARY = os.path.join(ROOT, "target", "release", "termcheck")
LABELS = os.path.join(ROOT, "tests", "data", "accuracy", "names-labels.tsv")

# --- romanization of Russian Cyrillic, eight systems (diacritics kept where the system has them) ---
VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
COMMON = dict(zip("абвгдзклмнопрстуфіґ", "abvgdzklmnoprstufig"))
COMMON.update({"є": "ye", "ї": "yi"})
SYSTEMS = {
    "bgn": {"е*": "ye", "е": "e", "ё*": "yo", "ё": "e", "ж": "zh", "и": "i", "й": "y", "х": "kh", "ц": "ts",
            "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"},
    "icao": {"е": "e", "ё": "e", "ж": "zh", "и": "i", "й": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
             "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia"},
    "iso9": {"е": "e", "ё": "ë", "ж": "ž", "и": "i", "й": "j", "х": "h", "ц": "c", "ч": "č", "ш": "š",
             "щ": "ŝ", "ъ": "", "ы": "y", "ь": "", "э": "è", "ю": "ju", "я": "ja"},
    "loc": {"е": "e", "ё": "e", "ж": "zh", "и": "i", "й": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
            "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia"},
    "german": {"в": "w", "з": "s", "е*": "je", "е": "e", "ё": "jo", "ж": "sch", "и": "i", "й": "j", "х": "ch",
               "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
               "ю": "ju", "я": "ja"},
    "french": {"е": "e", "ё": "io", "ж": "j", "и": "i", "й": "ï", "у": "ou", "х": "kh", "ц": "ts", "ч": "tch",
               "ш": "ch", "щ": "chtch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iou", "я": "ia"},
    # ISO 9 as it is often typed: the letters without their diacritics (Zelenskij, Sojgu, Hrusev).
    "iso9plain": {"е": "e", "ё": "e", "ж": "z", "и": "i", "й": "j", "х": "h", "ц": "c", "ч": "c", "ш": "s",
                  "щ": "s", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja"},
    "ukrainian": {"г": "h", "е": "e", "ж": "zh", "и": "y", "й^": "y", "й": "i", "х": "kh", "ц": "ts",
                  "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю^": "yu",
                  "ю": "iu", "я^": "ya", "я": "ia", "є^": "ye", "є": "ie", "і": "i", "ї^": "yi", "ї": "i",
                  "ё": "io"},
}


def romanize(text, system):
    table = SYSTEMS[system]
    out = []
    for i, ch in enumerate(text):
        lo = ch.lower()
        prev = text[i - 1] if i else " "
        start = not prev.isalpha()
        after_vowel = start or prev in VOWELS or prev.lower() in "ъь"
        if lo == "г" and system == "french" and text[i + 1:i + 2].lower() in ("е", "и", "ы", "э"):
            lat = "gu"
        elif lo == "с" and system in ("german", "french") and prev in VOWELS and text[i + 1:i + 2] in VOWELS:
            lat = "ss"
        elif start and lo + "^" in table:
            lat = table[lo + "^"]
        elif after_vowel and lo + "*" in table:
            lat = table[lo + "*"]
        elif lo in table:
            lat = table[lo]
        elif lo in COMMON:
            lat = COMMON[lo]
        elif "\u0400" <= lo <= "\u04ff":
            return None  # a letter of another Cyrillic alphabet (Kazakh қ)
        else:
            lat = ch
            out.append(lat)
            continue
        out.append(lat[:1].upper() + lat[1:] if ch != lo and lat else lat)
    return "".join(out)


INFORMAL = [
    (r"ov\b", "off"), (r"ov\b", "of"), (r"ev\b", "eff"), (r"ov\b", "ow"), (r"ev\b", "ew"),
    (r"x", "ks"), (r"ks", "x"), (r"y", "i"), (r"Y", "J"), (r"Y", "I"), (r"kh", "h"), (r"Kh", "H"),
    (r"ye", "e"), (r"iy\b", "ii"), (r"iy\b", "ij"), (r"y\b", "iy"), (r"i\b", "y"), (r"v", "w"),
    (r"sh", "sch"), (r"ts", "tz"), (r"ch", "tch"), (r"u", "ou"), (r"e", "ye"),
]


def edits(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def romanizes(src, approved):
    """Whether the English form is a romanization of the Cyrillic source: some system writes it,
    or each word is within one edit of the BGN/PCGN or ICAO spelling."""
    want = fold(approved).split()
    for sys_ in SYSTEMS:
        got = fold(romanize(src, sys_) or "").split()
        if got == want:
            return True
        if sys_ in ("bgn", "icao") and len(got) == len(want) and all(edits(g, w) <= 1 for g, w in zip(got, want)):
            return True
    return False


def informal(form, rng):
    out = []
    for pat, rep in INFORMAL:
        hits = list(re.finditer(pat, form))
        if hits:
            m = rng.choice(hits)
            out.append(form[:m.start()] + rep + form[m.end():])
    return out


NOT_NAME_PARTS = set("""A About After Against Aide Also Ambassador An And As At Before Between Both But By
Chairman Chancellor Colonel Counterpart Deputy Director Dr During Emir Envoy Every For Foreign From General
Governor He Her His However I If In Its It King Leader Mayor Minister Mr Mrs Ms Neither Nor Of On Or Our
Premier President Presidential Prime Prince Queen Secretary Senator She Sheikh Since So Speaker Sultan That
The Their These They This Those Through To Under Until We When While With Yet""".split())

# --- typos ---
QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def neighbours(c):
    for r, row in enumerate(QWERTY):
        k = row.find(c)
        if k >= 0:
            out = {row[k - 1] if k else "", row[k + 1] if k + 1 < len(row) else ""}
            for rr in (r - 1, r + 1):
                if 0 <= rr < 3:
                    out |= {QWERTY[rr][j] for j in (k - 1, k, k + 1) if 0 <= j < len(QWERTY[rr])}
            return sorted(x for x in out if x)
    return []


def typo(form, rng):
    letters = [i for i, c in enumerate(form) if c.isalpha() and i > 0 and form[i - 1].isalpha()]
    if not letters:
        return None, None
    i = rng.choice(letters)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        if i + 1 >= len(form) or not form[i + 1].isalpha() or form[i] == form[i + 1]:
            return None, None
        return form[:i] + form[i + 1] + form[i] + form[i + 2:], kind
    if kind == "drop":
        return form[:i] + form[i + 1:], kind
    if kind == "double":
        return form[:i] + form[i] + form[i:], kind
    nb = neighbours(form[i].lower())
    if not nb:
        return None, None
    return form[:i] + rng.choice(nb) + form[i + 1:], kind


# --- data ---
def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'")


def pack_terms():
    out = []
    d = os.path.join(ROOT, "glossaries", "default")
    for name in sorted(os.listdir(d)):
        if name.endswith(".toml"):
            with open(os.path.join(d, name), "rb") as f:
                out += tomllib.load(f).get("term", [])
    return out


def form(v):
    return v if isinstance(v, str) else v["form"]


def kind_of(t):
    tags = t.get("tags", [])
    if "person" in tags:
        return "person"
    if "country" in tags:
        return "place"
    return None


def english_words():
    words = set()
    for p in ("/usr/share/dict/american-english", "/usr/share/dict/british-english"):
        if os.path.exists(p):
            with open(p, encoding="utf-8", errors="replace") as f:
                # lower-case words, and capitalized ones (names: "Somali", "German") in lower case
                words |= {w.strip().lower() for w in f if "'" not in w}
    for p in ("english_words.txt", "english_words4.txt"):
        with open(os.path.join(ROOT, "src", "checks", p), encoding="utf-8") as f:
            words |= {w.strip() for w in f}
    return words


def split_docs(split, wmt=False):
    """(path relative to corpus, date, text) of the split's documents."""
    docs = []
    if split == "heldout":
        # WMT ru-en references 2012-2014: looked at only after the rules were final.
        for y in (2012, 2013, 2014):
            rel = f"news-ru-en/wmt12-20/newstest{y}.ru-en.refA.en"
            with open(os.path.join(CORPUS, rel), encoding="utf-8") as g:
                docs.append((rel, f"{y}-01-01", g.read()))
        return docs
    if split == "mt":
        # Machine translations (FLORES-200 devtest, WMT21-23 system outputs), dated 2022-01-01.
        nd = os.path.join(CORPUS, "news-ru-en")
        rels = ["flores200/devtest.eng_Latn"] + sorted(
            f"{d}/{n}" for d in ("wmt21", "wmt22", "wmt23") for n in os.listdir(os.path.join(nd, d))
            if "hyp-" in n and n.endswith(".en") and ".ru-en." in n)
        for rel in rels:
            with open(os.path.join(nd, rel), encoding="utf-8") as g:
                docs.append((f"news-ru-en/{rel}", "2022-01-01", g.read()))
        return docs
    kdir = os.path.join(CORPUS, "statements", "kremlin-en")
    with open(os.path.join(kdir, "index.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            year = int(cols[2][:4])
            if (split == "tune") == (year <= 2014):
                with open(os.path.join(kdir, cols[0]), encoding="utf-8") as g:
                    docs.append((f"statements/kremlin-en/{cols[0]}", cols[2], g.read()))
    if split == "report":
        udir = os.path.join(CORPUS, "un", "ungdc-rus")
        for name in sorted(os.listdir(udir)):
            m = re.match(r"RUS_\d+_(\d{4})\.txt$", name)
            if m and int(m.group(1)) >= 2015:
                with open(os.path.join(udir, name), encoding="utf-8") as g:
                    docs.append((f"un/ungdc-rus/{name}", f"{m.group(1)}-09-25", g.read()))
        # WMT references (human translations of Russian news), for precision only: a file is one
        # document dated 1 January of its year; their text is never copied (labels give offsets).
        for rel in [f"news-ru-en/wmt12-20/newstest{y}.ru-en.refA.en" for y in range(2015, 2021)] + [
                "news-ru-en/wmt21/newstest2021.ru-en.refA.en", "news-ru-en/wmt22/generaltest2022.ru-en.refA.en",
                "news-ru-en/wmt23/generaltest2023.ru-en.refA.en"]:
            if wmt:
                with open(os.path.join(CORPUS, rel), encoding="utf-8") as g:
                    year = re.search(r"20\d\d", rel).group(0)
                    docs.append((rel, f"{year}-01-01", g.read()))
    return docs


def sentences(docs):
    for path, date, text in docs:
        for para in text.split("\n"):
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", para.strip()):
                if 40 <= len(s) <= 400:
                    yield path, date, s


def cases(split, seed):
    rng = random.Random(seed)
    # Terms with dates are titles held for a period ("Defence Minister Sergei Shoigu"), not names.
    terms = [t for t in pack_terms() if kind_of(t) and not t.get("valid_from") and not t.get("valid_until")]
    listed = {}
    for t in pack_terms():
        for f in [t["preferred"]] + [form(a) for a in t.get("admitted", [])] + [form(v) for v in t.get("variants", [])] \
                + [form(v) for v in t.get("avoid", [])]:
            listed.setdefault(fold(f), set()).add(t["id"])
    eng = english_words()
    # carriers by kind: sentences holding an approved name of that kind
    approved = {"person": [], "place": []}
    for t in terms:
        for f in [t["preferred"]] + [form(a) for a in t.get("admitted", [])]:
            approved[kind_of(t)].append(f)
    pats = {k: re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(v, key=len, reverse=True)) + r")(?![\w-])")
            for k, v in approved.items()}
    carriers = {"person": [], "place": []}
    for path, date, s in sentences(split_docs(split)):
        for k, p in pats.items():
            m = p.search(s)
            # not a name inside a longer one ("Gurbanguly Berdimuhamedov" where only the surname
            # is listed): replacing part of it would make a name no reader would write
            before = re.search(r"(\w+) $", s[:m.start()]) if m else None
            after = re.match(r" ([A-Z]\w*)", s[m.end():]) if m else None
            if m and not (before and before.group(1)[0].isupper() and before.group(1) not in NOT_NAME_PARTS) \
                    and not after:
                carriers[k].append((path, date, s, m.start(), m.end()))
    out = []
    for t in terms:
        k = kind_of(t)
        approved_forms = [t["preferred"]] + [form(a) for a in t.get("admitted", [])]
        # Acronyms ("UAE") are no names to misspell: the near-miss check leaves them out.
        approved_forms = [f for f in approved_forms if not re.fullmatch(r"[A-Z0-9.\- ]+", f)]
        one_word = [f for f in approved_forms if " " not in f.strip()]
        # (a) romanizations
        roms = set()
        for src in t.get("source", []):
            src = form(src)
            if not (re.search(r"[А-Яа-яЁё]", src) and src[:1].isupper() and not src.isupper()):
                continue
            # Only names the English form romanizes ("Kazakhstan", "Yury Ushakov"): a romanized
            # exonym source ("Avstriya" for Austria) is a different word, not a spelling of it.
            if not any(romanizes(src, f) for f in approved_forms):
                continue
            ukrainian = re.search(r"[іїєґІЇЄҐ]", src)
            for sys_ in SYSTEMS:
                # the Ukrainian system only for Ukrainian names
                if sys_ == "ukrainian" and not ukrainian:
                    continue
                r = romanize(src, sys_)
                if r:
                    roms.add((r, sys_))
        if k == "person":
            for f in approved_forms:
                # the name's words only (a title before it is no name)
                words = f.split(" ")
                head, name = " ".join(words[:-2]), " ".join(words[-2:])
                for r in informal(name, rng):
                    roms.add(((head + " " + r).strip(), "informal"))
        roms = sorted(r for r in roms if fold(r[0]) not in listed and r[0].lower() not in eng)
        rng.shuffle(roms)
        for r, how in roms[:3]:
            out.append({"term": t["id"], "type": "romanization", "how": how, "text": r,
                        "one_word": " " not in r, "kind": k})
        # (b) typos: one per approved form (one-word forms first), at most three per term
        n = 0
        for f in one_word + [f for f in approved_forms if f not in one_word]:
            if n == 3:
                break
            for _ in range(10):
                ty, how = typo(f, rng)
                if ty and fold(ty) not in listed and ty.lower() not in eng and ty.split()[-1].lower() not in eng:
                    out.append({"term": t["id"], "type": "typo", "how": how, "text": ty,
                                "one_word": " " not in f.strip(), "kind": k, "of": f})
                    n += 1
                    break
    for c in out:
        path, date, s, a, b = rng.choice(carriers[c["kind"]])
        text = s[:a] + c["text"] + s[b:]
        c.update(path=path, date=date, sentence=text, start=len(text[:a].encode()),
                 end=len(text[:a].encode()) + len(c["text"].encode()))
    return out


def run(paths, cwd, extra=()):
    cmd = [BINARY, "check", "--no-config", "--format", "json", "--fail-on", "never", "--pack", "default", *extra, *paths]
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    if res.returncode not in (0, 1):
        sys.exit(res.stderr.decode()[:2000])
    return json.loads(res.stdout)["findings"]


def recall(args):
    cs = cases(args.split, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        by_date = collections.defaultdict(list)
        for i, c in enumerate(cs):
            c["file"] = f"c{i:05d}.txt"
            with open(os.path.join(tmp, c["file"]), "w", encoding="utf-8") as f:
                f.write(c["sentence"] + "\n")
            by_date[c["date"]].append(c)
        hits = collections.defaultdict(list)
        for date, group in by_date.items():
            for f in run([c["file"] for c in group], tmp, ["--date", date]):
                hits[f["path"]].append(f)
    table = collections.defaultdict(lambda: [0, 0, 0])
    misses = []
    for c in cs:
        on = [f for f in hits[c["file"]] if f["byte_start"] < c["end"] and c["start"] < f["byte_end"]]
        ok = len(on) == 1 and on[0]["term_id"].split(":")[-1] == c["term"]
        for key in [("all", c["type"]), ("one-word", c["type"]), ("all", "both"), ("one-word", "both")]:
            if key[0] == "one-word" and not c["one_word"]:
                continue
            table[key][0] += ok
            table[key][1] += 1
            table[key][2] += len(on) > 1
        if c["type"] == "romanization":
            for key in [("system", c["how"])] + ([("system, one-word", c["how"])] if c["one_word"] else []):
                table[key][0] += ok
                table[key][1] += 1
                table[key][2] += len(on) > 1
        if not ok:
            misses.append((c["type"], c["how"], c["term"], c["text"], [(f["kind"], f["found"]) for f in on],
                           c["sentence"][max(0, c["start"] - 40):c["start"] + len(c["text"]) + 30]))
    print(f"split={args.split} seed={args.seed} cases={len(cs)}")
    print("| names | injected | found once | recall | reported twice |")
    print("|---|---|---|---|---|")
    for names in ("all", "one-word"):
        for typ in ("romanization", "typo", "both"):
            k, n, twice = table[(names, typ)]
            if n:
                print(f"| {names}, {typ} | {n} | {k} | {k / n:.1%} | {twice} |")
    for names in ("system", "system, one-word"):
        for how in sorted(h for (a, h) in table if a == names):
            k, n, twice = table[(names, how)]
            print(f"| {names}: {how} | {n} | {k} | {k / n:.1%} | {twice} |")
    if args.verbose:
        for m in misses:
            print("  missed:", m)


def sheet(args):
    docs = split_docs(args.split, wmt=True)
    with tempfile.TemporaryDirectory() as tmp:
        by_date = collections.defaultdict(list)
        for path, date, text in docs:
            name = path.replace("/", "__")
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
            by_date[date].append((name, path, text))
        rows = []
        for date, group in sorted(by_date.items()):
            texts = {n: (p, t) for n, p, t in group}
            for f in run([n for n, _, _ in group], tmp, ["--date", date]):
                new = f["kind"] == "near-miss" or (f["kind"] == "variant" and (
                    "romanization of" in f["message"] or "another spelling of the name" in f["message"]))
                if not new:
                    continue
                path, text = texts[f["path"]]
                raw = text.encode()
                ctx = raw[max(0, f["byte_start"] - 60):f["byte_end"] + 60].decode("utf-8", "replace").replace("\n", " ")
                rows.append([path, str(f["byte_start"]), f["kind"], f["term_id"], f["found"], f["preferred"], ctx])
    labels = {}
    if os.path.exists(LABELS):
        with open(LABELS, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or line.startswith("path\t"):
                    continue
                c = line.rstrip("\n").split("\t")
                labels[(c[0], c[1])] = c[6:8]
    for r in rows:
        lab = labels.get((r[0], r[1]), ["", ""])
        print("\t".join(r[:6] + lab + [r[6]]))


def precision(args):
    names = {t["id"] for t in pack_terms() if kind_of(t)}
    n = collections.Counter()
    k = collections.Counter()
    with open(LABELS, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("path\t"):
                continue
            c = line.rstrip("\n").split("\t")
            split = "tune" if re.search(r"kremlin-en/20(09|1[0-4])/", c[0]) else \
                "heldout" if re.search(r"newstest201[234]", c[0]) else \
                "mt output" if re.search(r"hyp-|flores", c[0]) else "report"
            kind = "near-miss" if c[2] == "near-miss" else "romanization variant"
            for key in [(split, kind)] + ([(split, kind + ", person and place names")]
                                         if kind == "near-miss" and c[3].split(":")[-1] in names else []):
                n[key] += 1
                k[key] += c[6] == "tp"
    print("| split | kind | findings | true | precision |")
    print("|---|---|---|---|---|")
    for key in sorted(n):
        print(f"| {key[0]} | {key[1]} | {n[key]} | {k[key]} | {k[key] / n[key]:.1%} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["recall", "sheet", "precision"])
    ap.add_argument("--split", choices=["tune", "report", "heldout", "mt"], default="report")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    {"recall": recall, "sheet": sheet, "precision": precision}[args.what](args)


if __name__ == "__main__":
    main()
