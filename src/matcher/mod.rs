//! The matching engine: every form of every glossary compiled once into one
//! leftmost-longest word trie over folded text (`words.rs`), plus the rules
//! the trie cannot express (inflection endings, case-sensitive forms).
//!
//! The engine is private: callers see [`MatcherBuilder`], [`Matcher`] and
//! [`TermMatch`], so it can change without touching checks or reporters.
//! (It was a byte-level Aho-Corasick automaton first; the word trie builds
//! and scans faster on natural-language forms, see docs/performance.md.)

mod boundary;
mod words;

use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;
use std::fmt;
use std::sync::Arc;

use words::{Candidate, WordTrie};

use crate::date::{Date, DateRange};
use crate::finding::Span;
use crate::glossary::{CaseMode, FormKind, GlossarySet, TermRef};
use crate::text::{Folded, fold, is_word_char};

pub use boundary::INFLECTION_ENDINGS;

/// One occurrence of a glossary form in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    /// The term.
    pub term: TermRef,
    /// Which of its forms.
    pub kind: FormKind,
    /// How the form was derived, when the glossary did not list it.
    pub derived: Option<Arc<str>>,
    /// Original bytes of the whole match, inflection ending included.
    pub span: Span,
    /// Original bytes of the form itself, without the ending.
    pub base: Span,
    /// Folded byte range of the whole match.
    pub folded_start: usize,
    /// Folded byte end of the whole match.
    pub folded_end: usize,
    /// Folded byte end of the form without its ending.
    pub folded_base_end: usize,
    /// The term or the form has a date range: whether it is reported
    /// depended on the document's date.
    pub dated: bool,
    /// An approved form outside its own date range: reported as a variant.
    pub expired: bool,
    pattern: u32,
}

impl TermMatch {
    /// Original bytes of the inflection ending (empty when none).
    pub fn ending(&self) -> Span {
        Span::new(self.base.end, self.span.end)
    }
}

/// One (term, form) a pattern stands for. It holds no text of its own (its
/// cased form is a range of the matcher's [`Matcher::cased`], its label an
/// index into [`Matcher::labels`]), so a loaded matcher allocates nothing
/// per form.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
struct Entry {
    term: TermRef,
    kind: FormKind,
    /// How it was derived, as an index into the labels.
    derived: Option<u32>,
    /// The folded form with its case kept.
    cased: TextRange,
    case: CaseMode,
    inflections: bool,
    /// The term's range.
    term_valid: DateRange,
    /// The form's own range.
    form_valid: DateRange,
}

/// A range of a string arena.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy)]
struct TextRange {
    start: u32,
    len: u32,
}

impl TextRange {
    fn get(self, arena: &str) -> &str {
        let start = self.start as usize;
        &arena[start..start + self.len as usize]
    }
}

/// Appends `s` to `arena`; `None` past 4 GiB.
fn push_text(arena: &mut String, s: &str) -> Option<TextRange> {
    let range = TextRange {
        start: u32::try_from(arena.len()).ok()?,
        len: u32::try_from(s.len()).ok()?,
    };
    u32::try_from(arena.len() + s.len()).ok()?;
    arena.push_str(s);
    Some(range)
}

impl Entry {
    fn dated(&self) -> bool {
        !(self.term_valid.is_always() && self.form_valid.is_always())
    }
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
struct Pattern {
    /// The folded form, while the builder collects forms; the compiled
    /// trie holds it after that (a compiled matcher keeps it empty).
    #[serde(skip)]
    key: String,
    /// Almost every pattern stands for one form: kept inline, a loaded
    /// matcher makes one allocation fewer per form.
    entries: SmallVec<[Entry; 1]>,
    ends_word: bool,
}

/// The forms could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Collects forms, then compiles them into a [`Matcher`].
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    patterns: Vec<Pattern>,
    /// Every entry's cased form, end to end.
    cased: String,
    /// Derivation labels, each once, and their indices.
    labels: Vec<Arc<str>>,
    label_ids: HashMap<Arc<str>, u32>,
    /// Set when the forms outgrow the arena.
    overflow: bool,
    by_key: HashMap<String, usize>,
    exceptions: HashMap<TermRef, Vec<String>>,
    /// Date ranges of the terms that have one (derived forms inherit it).
    term_valid: HashMap<TermRef, DateRange>,
}

impl MatcherBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds every listed form (and exception) of every term of `set`.
    pub fn glossaries(mut self, set: &GlossarySet) -> Self {
        for (r, term) in set.terms() {
            if !term.valid.is_always() {
                self.term_valid.insert(r, term.valid);
            }
            for (kind, form) in term.forms() {
                let case = form.case.unwrap_or(term.case);
                self.add(
                    r,
                    kind,
                    &form.text,
                    case,
                    term.inflections,
                    None,
                    form.valid,
                );
            }
            let ex: Vec<String> = term
                .exceptions
                .iter()
                .map(|e| fold(e.text.trim(), 0, true).text)
                .filter(|k| !k.is_empty())
                .collect();
            if !ex.is_empty() {
                self.exceptions.insert(r, ex);
            }
        }
        self
    }

    /// Adds one form for `term` (inflections allowed, no dates): for
    /// matchers of things other than terms, such as consistency groups.
    pub fn form(&mut self, term: TermRef, kind: FormKind, text: &str, case: CaseMode) {
        self.add(term, kind, text, case, true, None, DateRange::default());
    }

    /// Adds a derived form, unless a listed form already claims its key
    /// (a derived form never overrides a listed one).
    pub fn derived(
        &mut self,
        term: TermRef,
        kind: FormKind,
        text: &str,
        case: CaseMode,
        inflections: bool,
        how: Arc<str>,
    ) -> bool {
        let key = fold(text.trim(), 0, true).text;
        if key.is_empty() || self.by_key.contains_key(&key) {
            return false;
        }
        self.add(
            term,
            kind,
            text,
            case,
            inflections,
            Some(how),
            DateRange::default(),
        );
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        term: TermRef,
        kind: FormKind,
        text: &str,
        case: CaseMode,
        inflections: bool,
        derived: Option<Arc<str>>,
        form_valid: DateRange,
    ) {
        let key = fold(text.trim(), 0, true).text;
        if key.is_empty() {
            return;
        }
        let cased = fold(text.trim(), 0, false).text;
        let derived = derived.map(|how| match self.label_ids.get(&how) {
            Some(&i) => i,
            None => {
                let i = self.labels.len() as u32;
                self.labels.push(Arc::clone(&how));
                self.label_ids.insert(how, i);
                i
            }
        });
        if let Some(&i) = self.by_key.get(&key) {
            let arena = &self.cased;
            if self.patterns[i]
                .entries
                .iter()
                .any(|e| e.term == term && e.kind == kind && e.cased.get(arena) == cased)
            {
                return;
            }
        }
        let Some(cased) = push_text(&mut self.cased, &cased) else {
            self.overflow = true;
            return;
        };
        let entry = Entry {
            term,
            kind,
            derived,
            cased,
            case,
            inflections,
            term_valid: self.term_valid.get(&term).copied().unwrap_or_default(),
            form_valid,
        };
        if let Some(&i) = self.by_key.get(&key) {
            self.patterns[i].entries.push(entry);
            return;
        }
        let ends_word = key.chars().next_back().is_some_and(is_word_char);
        self.by_key.insert(key.clone(), self.patterns.len());
        self.patterns.push(Pattern {
            key,
            entries: smallvec::smallvec![entry],
            ends_word,
        });
    }

    /// Compiles the forms.
    pub fn build(self) -> Result<Matcher, BuildError> {
        if u32::try_from(self.patterns.len()).is_err() || self.overflow {
            return Err(BuildError(format!(
                "{} distinct forms ({} bytes of text) are more than the matcher can hold (4 GiB of forms)",
                self.patterns.len(),
                self.cased.len()
            )));
        }
        let trie = WordTrie::build(
            self.patterns
                .iter()
                .enumerate()
                .map(|(i, p)| (p.key.as_str(), i as u32)),
        );
        let mut patterns = self.patterns;
        for p in &mut patterns {
            p.key = String::new();
        }
        Ok(Matcher {
            trie,
            patterns,
            cased: self.cased,
            labels: self.labels,
            exceptions: self.exceptions,
        })
    }
}

/// All forms of all glossaries, compiled.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub struct Matcher {
    trie: WordTrie,
    patterns: Vec<Pattern>,
    /// The entries' cased forms, end to end.
    cased: String,
    /// Derivation labels ("hyphenation of ..."), each once.
    labels: Vec<Arc<str>>,
    exceptions: HashMap<TermRef, Vec<String>>,
}

impl Matcher {
    /// Number of distinct folded forms.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Number of nodes of the engine's trie.
    pub fn node_count(&self) -> usize {
        self.trie.node_count()
    }

    /// Finds every whole-word, leftmost-longest occurrence in `folded`
    /// (the case-folded text of `original`), ignoring date ranges (every
    /// term and form in force).
    pub fn find_all(&self, original: &str, folded: &Folded) -> Vec<TermMatch> {
        self.find_all_dated(original, folded, None)
    }

    /// Like [`Matcher::find_all`] for a document whose date `date` gives
    /// (asked only when a dated term or form matches): a term out of its
    /// range does not match, a variant out of its range is accepted (no
    /// match), an approved form out of its range matches as `expired`.
    pub fn find_all_dated(
        &self,
        original: &str,
        folded: &Folded,
        date: Option<&dyn Fn() -> Date>,
    ) -> Vec<TermMatch> {
        let mut out = Vec::new();
        let hay = folded.text.as_str();
        let mut candidates = Vec::new();
        let mut at = 0;
        while let Some((start, next)) = self.trie.next_start(hay, at) {
            at = start;
            if boundary::is_clitic(hay, start) {
                at = next;
                continue;
            }
            self.trie.walk(hay, at, next, &mut candidates);
            if !candidates.is_empty()
                && let Some(tm) = self.resolve(original, folded, at, &candidates, date)
            {
                at = tm.folded_end.max(next);
                out.push(tm);
                continue;
            }
            at = next;
        }
        out
    }

    /// At `start`, the longest candidate that passes the ending and case
    /// rules (candidates come shortest first).
    fn resolve(
        &self,
        original: &str,
        folded: &Folded,
        start: usize,
        candidates: &[Candidate],
        date: Option<&dyn Fn() -> Date>,
    ) -> Option<TermMatch> {
        let hay = folded.text.as_str();
        for cand in candidates.iter().rev() {
            let p = &self.patterns[cand.pattern as usize];
            let base_end = cand.base_end;
            let mut cased: Option<String> = None;
            let base = folded.to_original(start, base_end);
            for entry in Self::entry_order(p) {
                let Some(end) = boundary::word_end(hay, base_end, p.ends_word, entry.inflections)
                else {
                    continue;
                };
                if entry.case == CaseMode::Sensitive {
                    let c =
                        cased.get_or_insert_with(|| folded.refold(&original[base.range()], false));
                    if c != entry.cased.get(&self.cased) {
                        continue;
                    }
                } else if p.entries.len() > 1 && p.entries.iter().any(|e| e.term != entry.term) {
                    // Several terms share the key only when case tells them
                    // apart: prefer the exactly cased one.
                    let c =
                        cased.get_or_insert_with(|| folded.refold(&original[base.range()], false));
                    // Terms of other periods that share the key do not count.
                    let in_force = |e: &&Entry| {
                        date.is_none_or(|d| e.term_valid.is_always() || e.term_valid.contains(d()))
                    };
                    if let Some(exact) = p
                        .entries
                        .iter()
                        .filter(in_force)
                        .find(|e| e.cased.get(&self.cased) == c)
                        && exact.term != entry.term
                    {
                        continue;
                    }
                }
                let mut expired = false;
                if let Some(date) = date.filter(|_| entry.dated()) {
                    let d = date();
                    if !entry.term_valid.contains(d) {
                        continue;
                    }
                    if !entry.form_valid.contains(d) {
                        if !entry.kind.is_approved() {
                            continue;
                        }
                        expired = true;
                    }
                }
                let span = folded.to_original(start, end);
                return Some(TermMatch {
                    term: entry.term,
                    kind: entry.kind,
                    derived: entry
                        .derived
                        .and_then(|i| self.labels.get(i as usize))
                        .cloned(),
                    span,
                    base,
                    folded_start: start,
                    folded_end: end,
                    folded_base_end: base_end,
                    dated: entry.dated(),
                    expired,
                    pattern: cand.pattern,
                });
            }
        }
        None
    }

    /// Entries of a pattern in the order they are tried: approved forms
    /// before variants, so an ambiguous key resolves to "approved".
    fn entry_order(p: &Pattern) -> impl Iterator<Item = &Entry> {
        let approved = p.entries.iter().filter(|e| e.kind.is_approved());
        let variants = p.entries.iter().filter(|e| !e.kind.is_approved());
        approved.chain(variants)
    }

    /// The case-preserved folded approved forms of the match's term that
    /// share its key: what the case check compares the text against.
    pub fn approved_cased_forms(&self, m: &TermMatch) -> impl Iterator<Item = (&str, FormKind)> {
        self.patterns[m.pattern as usize]
            .entries
            .iter()
            .filter(move |e| e.term == m.term && e.kind.is_approved())
            .map(|e| (e.cased.get(&self.cased), e.kind))
    }

    /// True when the match lies inside one of its term's exception phrases.
    pub fn in_exception(&self, m: &TermMatch, folded: &Folded) -> bool {
        let Some(phrases) = self.exceptions.get(&m.term) else {
            return false;
        };
        let hay = folded.text.as_str();
        let key = &hay[m.folded_start..m.folded_base_end];
        phrases.iter().any(|ph| {
            ph.match_indices(key).any(|(off, _)| {
                m.folded_start
                    .checked_sub(off)
                    .and_then(|s| hay.get(s..s + ph.len()))
                    .is_some_and(|window| window == ph)
            })
        })
    }
}

#[cfg(test)]
mod tests;
