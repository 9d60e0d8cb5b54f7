//! Checking a translation against its source text.
//!
//! [`SourceMatcher`] finds every term's `source` forms in source-language
//! text: under the contract's Unicode equivalences (the text is folded
//! with [`crate::text::fold`]), in any case, and through inflection (each
//! word is compared by its Snowball stem, with ё folded to е). Acronyms
//! ("ОБСЕ", "НАТО") are compared in their own case as whole words, with
//! Russian case endings written on or after a hyphen ("МИДа", "МИД-а"),
//! but not derived words ("НАТО-шный"). Among overlapping forms the
//! leftmost-longest wins, as in the target matcher, so "генсек ООН" is a
//! mention of the Secretary-General and not also of the UN.
//!
//! [`align()`] pairs source and target segments, and [`check_pair`] runs
//! the target checks per segment and adds the `missing` findings.
//!
//! The design admits other source languages: each glossary's
//! `source_language` picks its stemmer ([`stem::algorithm_for`]); a
//! language without one matches whole words.

pub mod align;
pub mod bilingual;
mod lang;

use lang::{Language, Place, is_cyrillic};
pub mod stem;

use std::collections::HashMap;

use rust_stemmers::Algorithm;

use crate::checks::{Checker, Expected, MissingCheck};
use crate::finding::{Finding, SourceSpan, Span};
use crate::glossary::{GlossarySet, TermRef};
use crate::text::{CharRefs, Document, fold, fold_with};

pub use align::{AlignError, AlignMode, Alignment, Segment, align};
pub use bilingual::missing_check;
use stem::{Word, WordKeys};

/// One occurrence of a term's source form in a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMatch {
    /// The term.
    pub term: TermRef,
    /// Index of the matched form in the term's `source` list.
    pub form: usize,
    /// Original bytes of the occurrence.
    pub span: Span,
}

/// One word of a compiled form.
#[derive(Debug, Clone)]
enum FormWord {
    /// Matched by stem: the form word's stem, the word itself (so that
    /// "Лавров", whose stem drops "ов", still matches "Лаврова", whose
    /// stem is "лавров") and, in Russian, the word without a fleeting
    /// vowel ("порядок" -> "порядк", the stem of "порядка"). The flag
    /// marks a proper name: a capitalized form word (other than the first
    /// word of a longer form, which may be capitalized only because it
    /// opens the name) matches only a capitalized word, so "Того" (Togo)
    /// is not found in "того" and "Дания" not in "данные". The last field,
    /// for Russian names, is the form word's own ending after its stem:
    /// a text word then matches only when what follows the stem is that
    /// ending or a noun case ending (see [`stem::is_name_ending`]), since
    /// Snowball also strips derivational suffixes and would take "Россо"
    /// or "россиян" for "Россия".
    Stem(Vec<String>, bool, Option<NameForm>),
    /// An acronym, matched in its own case.
    Exact(String),
}

/// A capitalized Russian form word (a name), for the declension checks.
#[derive(Debug, Clone)]
struct NameForm {
    /// Its ending after its Snowball stem.
    own: String,
    /// The word itself, lower case.
    lower: String,
    /// The word without its fleeting vowel, if it has one.
    fleeting: Option<String>,
}

#[derive(Debug, Clone)]
struct CompiledForm {
    term: TermRef,
    form: usize,
    words: Vec<FormWord>,
    /// Separator keys between consecutive words.
    seps: Vec<String>,
}

/// The forms of one source language.
#[derive(Debug)]
struct Group {
    keys: WordKeys,
    forms: Vec<CompiledForm>,
    /// First-word key -> forms starting with it. Acronym keys are
    /// prefixed with `=` so they never meet a stem.
    index: HashMap<String, Vec<usize>>,
}

/// Every `source` form of every term, compiled for matching.
#[derive(Debug, Default)]
pub struct SourceMatcher {
    groups: Vec<Group>,
    /// Terms that name a place (tagged `country` or `place`), with each of
    /// their source forms in lower case if it is one word, and whether they
    /// are countries: the context rules of their source language apply to them.
    places: HashMap<TermRef, (Vec<Option<String>>, bool, Language)>,
    /// Terms tagged `russia` (Russian bodies and titles, and Russia).
    russian: std::collections::HashSet<TermRef>,
}

impl SourceMatcher {
    /// Compiles the `source` forms of all terms of `set`.
    pub fn new(set: &GlossarySet) -> Self {
        let mut m = Self::default();
        for (r, term) in set.terms() {
            let g = &set.glossaries()[r.glossary];
            let cyrillic = term.source.iter().any(|f| f.text.chars().any(is_cyrillic));
            let language = Language::of(g.source_language.as_deref(), cyrillic);
            let algorithm = match &g.source_language {
                Some(tag) => stem::algorithm_for(tag),
                // No language given: Cyrillic forms are taken as Russian.
                None => cyrillic.then_some(Algorithm::Russian),
            };
            for (i, form) in term.source.iter().enumerate() {
                m.add(r, i, &form.text, algorithm);
            }
            if term.tags.iter().any(|t| t == "russia") {
                m.russian.insert(r);
            }
            if term.tags.iter().any(|t| t == "country" || t == "place") {
                let one_word = term
                    .source
                    .iter()
                    .map(|f| stem::fold_word(f.text.trim()).to_lowercase())
                    .map(|f| {
                        (!f.is_empty() && f.chars().all(crate::text::is_word_char)).then_some(f)
                    })
                    .collect();
                let country = term.tags.iter().any(|t| t == "country");
                m.places.insert(r, (one_word, country, language));
            }
        }
        m
    }

    /// Number of compiled source forms.
    pub fn form_count(&self) -> usize {
        self.groups.iter().map(|g| g.forms.len()).sum()
    }

    /// True when no term has a source form.
    pub fn is_empty(&self) -> bool {
        self.form_count() == 0
    }

    fn group(&mut self, algorithm: Option<Algorithm>) -> &mut Group {
        let i = match self
            .groups
            .iter()
            .position(|g| g.keys.algorithm() == algorithm)
        {
            Some(i) => i,
            None => {
                self.groups.push(Group {
                    keys: WordKeys::new(algorithm),
                    forms: Vec::new(),
                    index: HashMap::new(),
                });
                self.groups.len() - 1
            }
        };
        &mut self.groups[i]
    }

    fn add(&mut self, term: TermRef, form: usize, text: &str, algorithm: Option<Algorithm>) {
        let words = stem::words(&fold(text.trim(), 0, false));
        if words.is_empty() {
            return;
        }
        let group = self.group(algorithm);
        let seps: Vec<String> = words[..words.len() - 1]
            .iter()
            .map(|w| w.sep_after.clone())
            .collect();
        let single = words.len() == 1;
        let words: Vec<FormWord> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if stem::is_acronym(&w.cased) {
                    FormWord::Exact(w.cased.clone())
                } else {
                    let mut keys = vec![group.keys.stem(&w.lower), w.lower.clone()];
                    if group.keys.algorithm() == Some(Algorithm::Russian) {
                        keys.extend(stem::without_fleeting_vowel(&w.lower));
                    }
                    keys.dedup();
                    let capital = (single || i > 0) && !w.starts_lower();
                    let own_ending = (capital
                        && group.keys.algorithm() == Some(Algorithm::Russian))
                    .then(|| {
                        let stem = group.keys.stem(&w.lower);
                        NameForm {
                            own: w.lower.strip_prefix(stem.as_str()).unwrap_or("").to_owned(),
                            lower: w.lower.clone(),
                            fleeting: stem::without_fleeting_vowel(&w.lower),
                        }
                    });
                    FormWord::Stem(keys, capital, own_ending)
                }
            })
            .collect();
        let id = group.forms.len();
        let first_keys: Vec<String> = match &words[0] {
            FormWord::Exact(a) => vec![format!("={a}")],
            FormWord::Stem(keys, _, _) => keys.clone(),
        };
        for k in first_keys {
            group.index.entry(k).or_default().push(id);
        }
        group.forms.push(CompiledForm {
            term,
            form,
            words,
            seps,
        });
    }

    /// Every leftmost-longest occurrence of a source form in
    /// `text[span]` (`text` is the whole document, so spans index it).
    pub fn find(&self, text: &str, span: Span) -> Vec<SourceMatch> {
        self.find_decoding(text, span, CharRefs::None)
    }

    /// Like [`SourceMatcher::find`], decoding the markup escapes `refs`
    /// names (`&amp;` in XLIFF, `\"` in a PO string); spans still point
    /// at the original bytes.
    pub fn find_decoding(&self, text: &str, span: Span, refs: CharRefs) -> Vec<SourceMatch> {
        let Some(region) = text.get(span.range()) else {
            return Vec::new();
        };
        if self.groups.is_empty() {
            return Vec::new();
        }
        let folded = fold_with(region, span.start, false, refs);
        let words = stem::words(&folded);
        // (first word, end word, term, form)
        let mut hits: Vec<(usize, usize, TermRef, usize)> = Vec::new();
        for g in &self.groups {
            let stems: Vec<String> = words.iter().map(|w| g.keys.stem(&w.lower)).collect();
            let mut i = 0;
            while i < words.len() {
                let mut best: Vec<(usize, TermRef, usize)> = Vec::new();
                for id in g.candidates(&words[i], &stems[i]) {
                    let f = &g.forms[id];
                    if let Some(end) = f.match_at(&words, &stems, i) {
                        let longest = best.first().map_or(0, |b| b.0);
                        if end > longest {
                            best.clear();
                        }
                        if end >= longest && !best.iter().any(|b| b.1 == f.term) {
                            best.push((end, f.term, f.form));
                        }
                    }
                }
                match best.first().map(|b| b.0) {
                    Some(end) => {
                        hits.extend(best.into_iter().map(|(e, t, f)| (i, e, t, f)));
                        i = end;
                    }
                    None => i += 1,
                }
            }
        }
        leftmost_longest(&mut hits);
        // Words inside a mention of some term: such a neighbour is not part
        // of a person's name ("Эстонии Таллине").
        let mut covered = vec![false; words.len()];
        for h in &hits {
            covered[h.0..h.1].iter_mut().for_each(|c| *c = true);
        }
        hits.retain(|&(s, e, term, form)| {
            self.places
                .get(&term)
                .is_none_or(|(forms, country, language)| {
                    let place = Place {
                        form: forms.get(form).and_then(Option::as_deref),
                        country: *country,
                    };
                    !language.not_the_place(&folded.text, &words, &covered, s, e, place)
                })
        });
        // "администрация президента США", "официальный представитель МИД
        // Франции": a Russian body's generic name followed by another
        // country is that country's body.
        let foreign: Vec<usize> = hits
            .iter()
            .filter(|h| self.places.contains_key(&h.2) && !self.russian.contains(&h.2))
            .map(|h| h.0)
            .collect();
        hits.retain(|&(_, e, term, _)| {
            !(self.russian.contains(&term)
                && !self.places.contains_key(&term)
                && words[e - 1].sep_after.is_empty()
                && foreign.contains(&e))
        });
        hits.into_iter()
            .map(|(s, e, term, form)| SourceMatch {
                term,
                form,
                span: folded.to_original(words[s].start, words[e - 1].end),
            })
            .collect()
    }
}

impl Group {
    /// Forms whose first word may match `w`.
    fn candidates<'a>(&'a self, w: &'a Word, stem: &'a str) -> impl Iterator<Item = usize> + 'a {
        let by_stem = self.index.get(stem).into_iter().flatten().copied();
        let by_acronym = stem::acronym_bases(&w.cased)
            .filter_map(|b| self.index.get(&format!("={b}")))
            .flatten()
            .copied();
        let mut seen: Vec<usize> = Vec::new();
        by_stem.chain(by_acronym).filter(move |id| {
            if seen.contains(id) {
                false
            } else {
                seen.push(*id);
                true
            }
        })
    }
}

impl CompiledForm {
    /// The word index one past the match when the form matches at word
    /// `i`.
    fn match_at(&self, words: &[Word], stems: &[String], i: usize) -> Option<usize> {
        let mut j = i;
        for (k, fw) in self.words.iter().enumerate() {
            if k > 0 && words.get(j - 1)?.sep_after != self.seps[k - 1] {
                return None;
            }
            let w = words.get(j)?;
            match fw {
                FormWord::Stem(keys, capital, own_ending) => {
                    if !keys.contains(&stems[j]) || (*capital && w.starts_lower()) {
                        return None;
                    }
                    if let Some(name) = own_ending {
                        let own = &name.own;
                        let ending = w.lower.strip_prefix(stems[j].as_str()).unwrap_or("");
                        // What declension keeps of the form's own ending
                        // ("Николаев" -> "Николаева", never "Николай").
                        let kept: String = {
                            let mut c = own.chars();
                            c.next_back();
                            c.collect()
                        };
                        let from_form_stem = w.lower.strip_prefix(keys[0].as_str());
                        if (ending != own && !stem::is_name_ending(ending))
                            || from_form_stem.is_some_and(|e| !e.starts_with(kept.as_str()))
                            || !stem::inflects_as_name(
                                &name.lower,
                                &w.lower,
                                name.fleeting.as_deref(),
                            )
                        {
                            return None;
                        }
                    }
                    j += 1;
                }
                FormWord::Exact(a) => {
                    let tail = w.cased.strip_prefix(a.as_str())?;
                    if !tail.is_empty() && !stem::is_case_ending(tail) {
                        return None;
                    }
                    j += 1;
                    // A hyphenated lower-case tail: a case ending belongs
                    // to the match, a derivational suffix rejects it, any
                    // other word is a compound ("НАТО-ориентированный").
                    let form_goes_on_with_hyphen = self.seps.get(k).is_some_and(|s| s == "-");
                    if w.sep_after == "-"
                        && !form_goes_on_with_hyphen
                        && let Some(next) = words.get(j).filter(|n| n.starts_lower())
                    {
                        if stem::is_case_ending(&next.cased) {
                            j += 1;
                        } else if stem::is_derivational(&next.cased) {
                            return None;
                        }
                    }
                }
            }
        }
        Some(j)
    }
}

/// Keeps, among overlapping hits, the leftmost-longest (several terms
/// sharing exactly the same words are all kept).
fn leftmost_longest(hits: &mut Vec<(usize, usize, TermRef, usize)>) {
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut kept: Vec<(usize, usize, TermRef, usize)> = Vec::with_capacity(hits.len());
    for h in hits.drain(..) {
        match kept.last() {
            Some(k) if (k.0, k.1) == (h.0, h.1) => {
                if k.2 != h.2 {
                    kept.push(h);
                }
            }
            Some(k) if h.0 < k.1 => {}
            _ => kept.push(h),
        }
    }
    *hits = kept;
}

/// A source/target pair made ready for checking: the target regions to
/// check, the `missing` check that knows what each segment's source
/// mentions, and every source mention (for usage tables). The one place
/// where pairs are aligned and source forms matched, for `check --source`
/// and `report --source` alike.
#[derive(Debug)]
pub struct PairPlan {
    /// The alignment mode used (never `Auto`).
    pub mode: AlignMode,
    /// Target segments to check, in text order.
    pub regions: Vec<Span>,
    /// Every source-form occurrence in the aligned source segments.
    pub mentions: Vec<SourceMatch>,
    /// The `missing` check for these segments.
    pub missing: MissingCheck,
}

/// Aligns `target` with `source` and finds the source mentions of every
/// term, segment by segment.
pub fn plan_pair(
    matcher: &SourceMatcher,
    source: &Document,
    target: &Document,
    mode: AlignMode,
) -> Result<PairPlan, AlignError> {
    let alignment = align(source, target, mode)?;
    let mut regions = Vec::with_capacity(alignment.segments.len());
    let mut expected: Vec<(Span, Vec<Expected>)> = Vec::new();
    let mut mentions = Vec::new();
    for seg in &alignment.segments {
        regions.push(seg.target);
        let mut per_term: Vec<Expected> = Vec::new();
        for m in matcher.find(&source.text, seg.source) {
            expect(&mut per_term, source, &m);
            mentions.push(m);
        }
        if !per_term.is_empty() {
            expected.push((seg.target, per_term));
        }
    }
    let counts = alignment.mode == AlignMode::Document;
    Ok(PairPlan {
        mode: alignment.mode,
        regions,
        mentions,
        missing: MissingCheck::new(expected, counts),
    })
}

/// Checks `target` against `source`: every target check runs on each
/// aligned target segment, and a `missing` finding is added where a
/// source segment mentions a term that its target segment neither renders
/// with an approved form nor already has a finding for.
pub fn check_pair(
    checker: &Checker,
    matcher: &SourceMatcher,
    source: &Document,
    target: &Document,
    mode: AlignMode,
) -> Result<Vec<Finding>, AlignError> {
    let plan = plan_pair(matcher, source, target, mode)?;
    Ok(checker.check_regions_with(target, &plan.regions, &[&plan.missing]))
}

/// Adds a mention to the terms a segment expects: the first mention of a
/// term is kept (as written, and where), later ones are counted.
fn expect(per_term: &mut Vec<Expected>, source: &Document, m: &SourceMatch) {
    match per_term.iter_mut().find(|e| e.term == m.term) {
        Some(e) => e.count += 1,
        None => per_term.push(Expected {
            term: m.term,
            count: 1,
            found: source
                .text
                .get(m.span.range())
                .unwrap_or_default()
                .to_owned(),
            source: source_span(source, m.span),
        }),
    }
}

/// A source span with its line and column, for findings.
fn source_span(doc: &Document, span: Span) -> SourceSpan {
    let start = doc.line_col(span.start);
    let end = doc.line_col(span.end);
    SourceSpan {
        path: doc.path.clone(),
        span,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

#[cfg(test)]
mod tests;
