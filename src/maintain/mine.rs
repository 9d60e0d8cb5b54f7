//! `glossary mine PATH...`: proposes glossary additions from a corpus.
//!
//! Three harvests, each over whole words of the original text:
//! - renderings close to a term's forms that no glossary lists (a word
//!   spelt differently, "Sergei Lavrov" for "Sergey Lavrov", or one word
//!   swapped in a long name), counted with example lines;
//! - frequent capitalized multi-word names that no form covers;
//! - frequent acronyms that no form covers, with the expansion written
//!   before them in parentheses ("Eurasian Economic Union (EAEU)").
//!
//! The result is printed as TOML a maintainer can paste after review.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::checks::Checker;
use crate::finding::Span;
use crate::finding::diagnostic::Location;
use crate::glossary::{TermRef, slug, toml_string};
use crate::text::{Document, fold, fold_key};

/// Options of a mining run.
#[derive(Debug, Clone, Copy)]
pub struct MineOptions {
    /// Fewest occurrences for a new name or acronym to be proposed.
    pub min_count: usize,
    /// Most proposals per section.
    pub top: usize,
    /// Example lines kept per proposal.
    pub examples: usize,
}

impl Default for MineOptions {
    fn default() -> Self {
        Self {
            min_count: 3,
            top: 40,
            examples: 2,
        }
    }
}

/// A place a candidate was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// File path.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// The sentence around the occurrence.
    pub sentence: String,
}

/// One proposed rendering with its evidence.
#[derive(Debug, Clone, Default)]
pub struct Candidate {
    /// Spellings seen (original case) and how often.
    pub spellings: BTreeMap<String, usize>,
    /// Total occurrences.
    pub count: usize,
    /// A few example lines.
    pub examples: Vec<Example>,
    /// For acronyms: expansions seen before "(ACRONYM)" and how often.
    pub expansions: BTreeMap<String, usize>,
}

impl Candidate {
    /// The most frequent spelling (ties: the first in sort order).
    pub fn text(&self) -> &str {
        self.spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map_or("", |(s, _)| s.as_str())
    }

    fn add(&mut self, text: &str, example: Option<Example>, max: usize) {
        *self.spellings.entry(text.to_owned()).or_default() += 1;
        self.count += 1;
        if let Some(e) = example
            && self.examples.len() < max
            && !self.examples.contains(&e)
        {
            self.examples.push(e);
        }
    }

    fn merge(&mut self, other: Candidate, max: usize) {
        for (s, n) in other.spellings {
            *self.spellings.entry(s).or_default() += n;
        }
        for (s, n) in other.expansions {
            *self.expansions.entry(s).or_default() += n;
        }
        self.count += other.count;
        for e in other.examples {
            if self.examples.len() < max && !self.examples.contains(&e) {
                self.examples.push(e);
            }
        }
    }
}

/// What one or more documents yielded.
#[derive(Debug, Default)]
pub struct Harvest {
    /// Files seen.
    pub files: usize,
    /// Bytes seen.
    pub bytes: usize,
    /// Unlisted renderings near a term, by term and folded key.
    pub near: HashMap<(TermRef, String), Candidate>,
    /// Capitalized multi-word names, by folded key.
    pub names: HashMap<String, Candidate>,
    /// Acronyms, by exact text.
    pub acronyms: HashMap<String, Candidate>,
}

impl Harvest {
    /// Adds another harvest into this one.
    pub fn merge(&mut self, other: Harvest, max: usize) {
        self.files += other.files;
        self.bytes += other.bytes;
        for (k, c) in other.near {
            self.near.entry(k).or_default().merge(c, max);
        }
        for (k, c) in other.names {
            self.names.entry(k).or_default().merge(c, max);
        }
        for (k, c) in other.acronyms {
            self.acronyms.entry(k).or_default().merge(c, max);
        }
    }
}

/// A glossary form split into folded words.
struct IndexedForm {
    term: TermRef,
    words: Vec<String>,
    /// Whether each word starts with a capital in the glossary.
    capitals: Vec<bool>,
}

/// Two words that look like spellings of one word: "Vyacheslav" and
/// "Vyachslav", "Shoigu" and "Shoygu", not "stage" and "start".
fn similar_spelling(a: &str, b: &str) -> bool {
    let (a, b) = (stem(a), stem(b));
    a.chars().count() >= 4
        && b.chars().count() >= 4
        && strsim::jaro_winkler(a, b) >= 0.85
        && strsim::normalized_damerau_levenshtein(a, b) >= 0.7
}

/// The glossary side of mining, built once and shared by all documents.
pub struct Miner<'a> {
    checker: &'a Checker,
    opts: MineOptions,
    forms: Vec<IndexedForm>,
    /// Folded word -> (form, position of the word in the form).
    by_word: HashMap<String, Vec<(usize, usize)>>,
    /// Single-word forms by first char.
    singles: HashMap<char, Vec<usize>>,
    /// Every listed form's folded key.
    keys: HashSet<String>,
}

/// A word of the text.
#[derive(Debug, Clone)]
struct Token {
    span: Span,
    key: String,
}

/// Words as the crate's one tokenizer cuts them ([`crate::text::words`]),
/// with an apostrophe between two words joining them again ("Lavrov's",
/// "O'Brien"): a name is proposed with its possessive ending attached.
fn tokens(text: &str) -> Vec<Token> {
    let mut spans: Vec<Span> = Vec::new();
    for w in crate::text::words(text, 0) {
        if let Some(last) = spans.last_mut()
            && let mut gap = text[last.end..w.start].chars()
            && matches!((gap.next(), gap.next()), (Some('\'' | '\u{2019}'), None))
        {
            last.end = w.end;
            continue;
        }
        spans.push(w);
    }
    spans
        .into_iter()
        .map(|span| Token {
            span,
            key: fold_key(&text[span.range()]),
        })
        .collect()
}

/// Drops a possessive ending, for comparing words.
fn stem(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix('\''))
        .unwrap_or(word)
}

/// Two words that differ at most by an inflection ending.
fn words_match(a: &str, b: &str) -> bool {
    let (a, b) = (stem(a), stem(b));
    a == b || crate::text::stems(a).any(|s| s == b) || crate::text::stems(b).any(|s| s == a)
}

const CONNECTORS: &[&str] = &["of", "for", "and", "the", "on", "in", "de", "to", "at"];
const LEADERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "He",
    "She",
    "It",
    "We",
    "They",
    "But",
    "And",
    "As",
    "After",
    "Before",
    "During",
    "According",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "If",
    "When",
    "While",
    "Since",
    "For",
    "With",
    "From",
    "By",
    "To",
    "Of",
    "Our",
    "Their",
    "His",
    "Her",
    "Its",
    "My",
    "Your",
    "I",
    "You",
    "There",
    "Today",
    "Yesterday",
];
const ROMAN: &[&str] = &[
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XX", "XXI", "XIX", "XVIII",
];

fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn all_caps(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic());
    let mut n = 0;
    for c in letters {
        if !c.is_uppercase() {
            return false;
        }
        n += 1;
    }
    n >= 2
}

impl<'a> Miner<'a> {
    /// Indexes the forms of the checker's glossaries.
    pub fn new(checker: &'a Checker, opts: MineOptions) -> Self {
        let mut m = Self {
            checker,
            opts,
            forms: Vec::new(),
            by_word: HashMap::new(),
            singles: HashMap::new(),
            keys: HashSet::new(),
        };
        let set = checker.glossaries();
        for (r, term) in set.terms() {
            for (_, form) in term.forms() {
                let key = fold_key(&form.text);
                m.keys.insert(key.clone());
                if !term.fuzzy || key.chars().count() < 4 {
                    continue;
                }
                let toks = tokens(&form.text);
                let capitals: Vec<bool> = toks
                    .iter()
                    .map(|t| capitalized(&form.text[t.span.range()]))
                    .collect();
                let words: Vec<String> = toks.into_iter().map(|t| t.key).collect();
                let idx = m.forms.len();
                if words.len() == 1 {
                    if all_caps(&form.text) {
                        continue; // acronyms are misspelt rarely, matched loosely often
                    }
                    if let Some(c) = words[0].chars().next() {
                        m.singles.entry(c).or_default().push(idx);
                    }
                } else {
                    for (p, w) in words.iter().enumerate() {
                        m.by_word.entry(w.clone()).or_default().push((idx, p));
                    }
                }
                m.forms.push(IndexedForm {
                    term: r,
                    words,
                    capitals,
                });
            }
        }
        m
    }

    /// Where a term is defined, as `path:line:col`.
    pub fn defined_at(&self, r: TermRef) -> String {
        let set = self.checker.glossaries();
        let g = &set.glossaries()[r.glossary];
        let l = Location::new(
            &g.path,
            &g.source_text,
            set.term(r).span.unwrap_or_default(),
        );
        format!("{}:{}:{}", l.path, l.line, l.column)
    }

    /// Harvests one document.
    pub fn harvest(&self, doc: &Document) -> Harvest {
        let mut h = Harvest {
            files: 1,
            bytes: doc.text.len(),
            ..Harvest::default()
        };
        let text = doc.text.as_str();
        let body = doc.body_start();
        let folded = fold(&text[body..], body, true);
        let covered: Vec<Span> = self
            .checker
            .matcher()
            .find_all(text, &folded)
            .into_iter()
            .map(|m| m.span)
            .collect();
        let is_covered = |s: Span| covered.iter().any(|c| c.overlaps(s));
        let toks = tokens(text);
        // Whether only white space separates token i-1 and token i.
        let joined: Vec<bool> = (0..toks.len())
            .map(|i| {
                i > 0
                    && text[toks[i - 1].span.end..toks[i].span.start]
                        .trim()
                        .is_empty()
            })
            .collect();
        let example = |s: Span| -> Example {
            let lc = doc.line_col(s.start);
            Example {
                path: doc.path.clone(),
                line: lc.line,
                sentence: sentence_around(text, s),
            }
        };
        let max = self.opts.examples;
        self.near_misses(text, &toks, &joined, &is_covered, &example, &mut h);
        // Capitalized runs and acronyms.
        let mut i = 0;
        while i < toks.len() {
            let w = &text[toks[i].span.range()];
            if all_caps(w) && w.chars().count() <= 8 && !ROMAN.contains(&w) {
                if !is_covered(toks[i].span) && !headline(text, toks[i].span) {
                    let c = h.acronyms.entry(w.to_owned()).or_default();
                    c.add(w, Some(example(toks[i].span)), max);
                    if let Some(exp) = expansion_before(text, &toks, &joined, i) {
                        *c.expansions.entry(exp).or_default() += 1;
                    }
                }
                i += 1;
                continue;
            }
            if !capitalized(w) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut last_cap = i;
            while j < toks.len() && joined[j] && j - i < 10 {
                let wj = &text[toks[j].span.range()];
                if capitalized(wj) && !all_caps(wj) {
                    last_cap = j;
                } else if !CONNECTORS.contains(&wj) {
                    break;
                }
                j += 1;
            }
            let mut first = i;
            while first < last_cap && LEADERS.contains(&&text[toks[first].span.range()]) {
                first += 1;
            }
            let caps = (first..=last_cap)
                .filter(|&k| capitalized(&text[toks[k].span.range()]))
                .count();
            if caps >= 2 {
                let span = Span::new(toks[first].span.start, toks[last_cap].span.end);
                if !is_covered(span) {
                    let shown = fold(&text[span.range()], 0, false).text;
                    h.names.entry(fold_key(&shown)).or_default().add(
                        &shown,
                        Some(example(span)),
                        max,
                    );
                }
            }
            i = last_cap + 1;
        }
        h
    }

    fn near_misses(
        &self,
        text: &str,
        toks: &[Token],
        joined: &[bool],
        is_covered: &dyn Fn(Span) -> bool,
        example: &dyn Fn(Span) -> Example,
        h: &mut Harvest,
    ) {
        let max = self.opts.examples;
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        for (i, tok) in toks.iter().enumerate() {
            // Multi-word forms sharing a word with the text here.
            if let Some(hits) = self.by_word.get(&tok.key) {
                for &(fi, p) in hits {
                    let f = &self.forms[fi];
                    let Some(start) = i.checked_sub(p) else {
                        continue;
                    };
                    let end = start + f.words.len();
                    if end > toks.len() || !seen.insert((start, fi)) {
                        continue;
                    }
                    if !(start + 1..end).all(|k| joined[k]) {
                        continue;
                    }
                    let window = &toks[start..end];
                    let differing: Vec<usize> = (0..f.words.len())
                        .filter(|&k| !words_match(&window[k].key, &f.words[k]))
                        .collect();
                    let n = f.words.len();
                    if differing.is_empty() || differing.len() > (n / 4).max(1) {
                        continue;
                    }
                    // A differing word is a spelling variant, or one
                    // function word swapped for another ("for" / "on").
                    let similar_words = differing.iter().all(|&k| {
                        let (w, fw) = (window[k].key.as_str(), f.words[k].as_str());
                        (CONNECTORS.contains(&w) && CONNECTORS.contains(&fw))
                            || (capitalized(&text[window[k].span.range()]) == f.capitals[k]
                                && similar_spelling(w, fw))
                    });
                    if !similar_words {
                        continue;
                    }
                    let span = Span::new(window[0].span.start, window[n - 1].span.end);
                    self.record_near(text, span, f.term, is_covered, example, max, h);
                }
            }
            // Single-word forms spelt a little differently.
            let w = &text[tok.span.range()];
            if tok.key.chars().count() < 5 || !capitalized(w) {
                continue;
            }
            let Some(first) = tok.key.chars().next() else {
                continue;
            };
            for &fi in self.singles.get(&first).into_iter().flatten() {
                let f = &self.forms[fi];
                let fw = &f.words[0];
                if words_match(&tok.key, fw) {
                    continue;
                }
                let (a, b) = (stem(&tok.key), fw.as_str());
                if a.len().abs_diff(b.len()) > 2
                    || strsim::jaro_winkler(a, b) < 0.9
                    || !similar_spelling(a, b)
                {
                    continue;
                }
                self.record_near(text, tok.span, f.term, is_covered, example, max, h);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record_near(
        &self,
        text: &str,
        span: Span,
        term: TermRef,
        is_covered: &dyn Fn(Span) -> bool,
        example: &dyn Fn(Span) -> Example,
        max: usize,
        h: &mut Harvest,
    ) {
        let shown = fold(&text[span.range()], 0, false).text;
        let key = fold_key(&shown);
        if self.keys.contains(&key) || is_covered(span) {
            return;
        }
        h.near
            .entry((term, key))
            .or_default()
            .add(&shown, Some(example(span)), max);
    }
}

/// "Long Name (ACR)": the capitalized run right before "(" + acronym.
fn expansion_before(text: &str, toks: &[Token], joined: &[bool], i: usize) -> Option<String> {
    let before = &text[..toks[i].span.start];
    if !before.ends_with('(') || i == 0 {
        return None;
    }
    let gap = &text[toks[i - 1].span.end..toks[i].span.start];
    if gap.trim() != "(" {
        return None;
    }
    let mut k = i - 1;
    let mut start = None;
    loop {
        let w = &text[toks[k].span.range()];
        if capitalized(w) && !all_caps(w) {
            start = Some(k);
        } else if !CONNECTORS.contains(&w) {
            break;
        }
        if k == 0 || !joined[k] {
            break;
        }
        k -= 1;
    }
    let s = start?;
    let mut s = s;
    while s < i - 1 && LEADERS.contains(&&text[toks[s].span.range()]) {
        s += 1;
    }
    let caps = (s..i)
        .filter(|&k| capitalized(&text[toks[k].span.range()]))
        .count();
    let expansion = fold(&text[toks[s].span.start..toks[i - 1].span.end], 0, false).text;
    let acronym = &text[toks[i].span.range()];
    (caps >= 2 && initials_match(acronym, &expansion)).then_some(expansion)
}

/// Whether the acronym starts with the expansion's first letter and its
/// letters appear in the expansion in order ("EAEU" in "Eurasian Economic
/// Union"; not "USA" in "Jon Meade Huntsman").
fn initials_match(acronym: &str, expansion: &str) -> bool {
    let lower = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (letters, text) = (lower(acronym), lower(expansion));
    if letters.is_empty() || letters.first() != text.first() {
        return false;
    }
    let mut it = text.iter();
    letters.iter().all(|l| it.any(|c| c == l))
}

/// True when the line around `span` is written mostly in capitals.
fn headline(text: &str, span: Span) -> bool {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let line = &text[start..end];
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() > 12
        && letters.iter().filter(|c| c.is_uppercase()).count() * 10 > letters.len() * 7
}

/// The sentence holding `span`, trimmed to about 200 chars.
fn sentence_around(text: &str, span: Span) -> String {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let before = &text[line_start..span.start];
    let start = [". ", "! ", "? "]
        .iter()
        .filter_map(|p| before.rfind(p).map(|i| line_start + i + 2))
        .max()
        .unwrap_or(line_start);
    let after = &text[span.end..line_end];
    let end = [". ", "! ", "? "]
        .iter()
        .filter_map(|p| after.find(p).map(|i| span.end + i + 1))
        .min()
        .unwrap_or(line_end);
    let s = fold(text[start..end].trim(), 0, false).text;
    if s.chars().count() > 220 {
        let mut cut: String = s.chars().take(217).collect();
        cut.push_str("...");
        cut
    } else {
        s
    }
}

fn toml_array(items: &[String]) -> String {
    let one = format!(
        "[{}]",
        items
            .iter()
            .map(|s| toml_string(s))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if items.len() <= 1 || one.chars().count() <= 80 {
        return one;
    }
    let mut out = String::from("[\n");
    for s in items {
        out.push_str("  ");
        out.push_str(&toml_string(s));
        out.push_str(",\n");
    }
    out.push(']');
    out
}

fn example_comments(c: &Candidate, out: &mut String) {
    for e in &c.examples {
        out.push_str(&format!("#   {}:{}: {}\n", e.path, e.line, e.sentence));
    }
}

impl Miner<'_> {
    /// The proposals as TOML with comments, ready to paste after review.
    pub fn to_toml(&self, h: &Harvest) -> String {
        let set = self.checker.glossaries();
        let mut out = format!(
            "# termcheck glossary mine: {} file{}, {} bytes. Review every proposal before pasting.\n",
            h.files,
            if h.files == 1 { "" } else { "s" },
            h.bytes
        );
        // Near misses, grouped by term.
        let mut by_term: BTreeMap<TermRef, Vec<&Candidate>> = BTreeMap::new();
        for ((r, _), c) in &h.near {
            by_term.entry(*r).or_default().push(c);
        }
        let mut terms: Vec<(TermRef, Vec<&Candidate>)> = by_term.into_iter().collect();
        terms.sort_by_key(|(r, cs)| {
            (
                std::cmp::Reverse(cs.iter().map(|c| c.count).sum::<usize>()),
                *r,
            )
        });
        out.push_str("\n# ===== Unlisted renderings near existing terms =====\n");
        if terms.is_empty() {
            out.push_str("# (none found)\n");
        }
        for (r, mut cs) in terms.into_iter().take(self.opts.top) {
            cs.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text().cmp(b.text())));
            let term = set.term(r);
            out.push_str(&format!(
                "\n# near `{}` ({}), preferred {}\n",
                set.qualified_id(r),
                self.defined_at(r),
                toml_string(&term.preferred.text)
            ));
            for c in &cs {
                out.push_str(&format!("# {}x {}\n", c.count, toml_string(c.text())));
                example_comments(c, &mut out);
            }
            let mut variants: Vec<String> = term.variants.iter().map(|v| v.text.clone()).collect();
            variants.extend(cs.iter().map(|c| c.text().to_owned()));
            out.push_str(
                "# replace the term's `variants` with (move acceptable ones to `admitted`):\n",
            );
            out.push_str(&format!("variants = {}\n", toml_array(&variants)));
        }
        // Acronyms with an expansion are proposed together with it.
        let mut acronyms: Vec<(&String, &Candidate)> = h
            .acronyms
            .iter()
            .filter(|(_, c)| c.count >= self.opts.min_count)
            .collect();
        acronyms.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        let mut used_names: HashSet<String> = HashSet::new();
        let mut entries: Vec<(usize, String)> = Vec::new();
        for (acr, c) in acronyms.iter().take(self.opts.top) {
            let expansion = c
                .expansions
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(e, _)| e.clone());
            let mut block = String::new();
            let name = expansion.as_ref().and_then(|e| h.names.get(&fold_key(e)));
            let count = c.count + name.map_or(0, |n| n.count);
            block.push_str(&format!("\n# {}x {}", c.count, toml_string(acr)));
            if let (Some(e), Some(n)) = (&expansion, name) {
                block.push_str(&format!(" and {}x {}", n.count, toml_string(e)));
            }
            block.push('\n');
            example_comments(c, &mut block);
            let (preferred, admitted) = match &expansion {
                Some(e) => {
                    used_names.insert(fold_key(e));
                    (e.clone(), vec![(*acr).clone()])
                }
                None => {
                    block.push_str("# no expansion \"Long Name (ACRONYM)\" found in the corpus\n");
                    ((*acr).clone(), Vec::new())
                }
            };
            block.push_str(&term_block(&preferred, &admitted, c));
            entries.push((count, block));
        }
        let mut names: Vec<(&String, &Candidate)> = h
            .names
            .iter()
            .filter(|(k, c)| c.count >= self.opts.min_count && !used_names.contains(*k))
            .collect();
        names.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        let mut name_entries = Vec::new();
        for (_, c) in names.into_iter().take(self.opts.top) {
            let mut block = format!("\n# {}x {}\n", c.count, toml_string(c.text()));
            example_comments(c, &mut block);
            block.push_str(&term_block(c.text(), &[], c));
            name_entries.push(block);
        }
        out.push_str("\n# ===== Frequent acronyms not in the glossary =====\n");
        if entries.is_empty() {
            out.push_str("# (none found)\n");
        }
        for (_, b) in entries {
            out.push_str(&b);
        }
        out.push_str("\n# ===== Frequent capitalized names not in the glossary =====\n");
        if name_entries.is_empty() {
            out.push_str("# (none found)\n");
        }
        for b in name_entries {
            out.push_str(&b);
        }
        out
    }
}

fn term_block(preferred: &str, admitted: &[String], c: &Candidate) -> String {
    let mut b = String::from("[[term]]\n");
    b.push_str(&format!("id = {}\n", toml_string(&slug(preferred))));
    b.push_str(&format!("preferred = {}\n", toml_string(preferred)));
    if !admitted.is_empty() {
        b.push_str(&format!("admitted = {}\n", toml_array(admitted)));
    }
    let good: Vec<String> = c
        .examples
        .iter()
        .take(1)
        .map(|e| e.sentence.clone())
        .collect();
    if !good.is_empty() {
        b.push_str(&format!("examples.good = {}\n", toml_array(&good)));
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{GlossarySet, parse};

    fn checker() -> Checker {
        let text = "[glossary]\nname = \"T\"\nlanguage = \"en\"\n\
            [[term]]\nid = \"lavrov\"\npreferred = \"Sergey Lavrov\"\n\
            [[term]]\nid = \"osce\"\npreferred = \"Organization for Security and Co-operation in Europe\"\nadmitted = [\"OSCE\"]\n\
            [[term]]\nid = \"shoigu\"\npreferred = \"Shoigu\"\n";
        let g = parse("t.toml", text).glossary.unwrap();
        Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap()
    }

    #[test]
    fn acronym_initials() {
        assert!(initials_match("EAEU", "Eurasian Economic Union"));
        assert!(initials_match("WTO", "World Trade Organization"));
        assert!(!initials_match("USA", "Jon Meade Huntsman"));
        assert!(!initials_match(
            "UNESCO",
            "Scientific and Cultural Organization"
        ));
    }

    #[test]
    fn tokens_keep_inner_hyphens() {
        let t: Vec<_> = tokens("Co-operation, Lavrov's -x")
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert_eq!(t, ["co-operation", "lavrov's", "x"]);
    }

    #[test]
    fn harvests_near_misses_names_and_acronyms() {
        let c = checker();
        let miner = Miner::new(
            &c,
            MineOptions {
                min_count: 2,
                ..MineOptions::default()
            },
        );
        let doc = Document::new(
            "a.txt",
            "Sergei Lavrov met the Organization for Security and Cooperation in Europe.\n\
             Sergei Lavrov spoke. Shoygu agreed. Sergey Lavrov's aide left.\n\
             The Eurasian Economic Union (EAEU) grew. The EAEU and the Eurasian Economic Union met.\n\
             NEWS HEADLINE ABOUT THE XYZ THING\n"
                .to_owned(),
        );
        let h = miner.harvest(&doc);
        let near: BTreeMap<String, usize> = h
            .near
            .values()
            .map(|c| (c.text().to_owned(), c.count))
            .collect();
        assert_eq!(near.get("Sergei Lavrov"), Some(&2), "{near:?}");
        assert_eq!(
            near.get("Organization for Security and Cooperation in Europe"),
            Some(&1),
            "{near:?}"
        );
        assert_eq!(near.get("Shoygu"), Some(&1), "{near:?}");
        assert!(!near.keys().any(|k| k.contains("Lavrov's")), "{near:?}");
        assert_eq!(h.acronyms["EAEU"].count, 2);
        assert!(!h.acronyms.contains_key("XYZ"));
        assert_eq!(h.acronyms["EAEU"].expansions["Eurasian Economic Union"], 1);
        assert_eq!(h.names["eurasian economic union"].count, 2);
        let toml = miner.to_toml(&h);
        assert!(
            toml.contains("preferred = \"Eurasian Economic Union\"\nadmitted = [\"EAEU\"]"),
            "{toml}"
        );
        assert!(toml.contains("variants = [\"Sergei Lavrov\"]"), "{toml}");
        // Everything that is not a comment parses as TOML.
        let body: String = toml
            .lines()
            .filter(|l| !l.starts_with("variants"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(body.parse::<toml_edit::DocumentMut>().is_ok(), "{body}");
    }
}
