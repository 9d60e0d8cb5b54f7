//! `near-miss`: an unlisted rendering close to one of a term's forms
//! ("indivisable security", "Mariia Zakharova").
//!
//! Cost stays near-linear: the forms are indexed by their first letter, so
//! at each word of the text only forms starting with that letter are
//! considered; a window must have the form's number of words, each word
//! within the form word's edit budget by length and by shared character
//! bigrams, before any edit distance is computed.

use std::collections::HashMap;

use super::{Check, Context};
use crate::finding::{Finding, Kind, Severity, Span};
use crate::glossary::{FormKind, GlossarySet, TermRef};
use crate::text::{fold_key, is_word_char};

/// The default minimum similarity (1 - edits / length) of a near-miss,
/// chosen on the real news in `../shared/corpus` (see docs/accuracy.md).
pub const DEFAULT_NEAR_MISS_THRESHOLD: f64 = 0.85;

/// Shortest single-word form (in letters) that takes part: shorter words
/// are one typo away from ordinary English words.
const MIN_SINGLE_WORD: usize = 7;

#[derive(Debug)]
struct FuzzyForm {
    term: TermRef,
    kind: FormKind,
    text: String,
    words: Vec<Word>,
    chars: usize,
}

#[derive(Debug)]
struct Word {
    chars: Vec<char>,
    bigrams: Vec<(char, char)>,
    budget: usize,
}

impl Word {
    fn new(s: &str, threshold: f64) -> Self {
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let budget = if n <= 3 {
            0
        } else {
            ((n as f64 * (1.0 - threshold)).round() as usize).clamp(1, 2)
        };
        Self {
            bigrams: bigrams(&chars),
            chars,
            budget,
        }
    }
}

fn bigrams(chars: &[char]) -> Vec<(char, char)> {
    let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v
}

/// Shared bigrams of two sorted lists (with multiplicity).
fn shared(a: &[(char, char)], b: &[(char, char)]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The near-miss check with its candidate index.
#[derive(Debug)]
pub struct NearMissCheck {
    threshold: f64,
    forms: Vec<FuzzyForm>,
    by_first: HashMap<char, Vec<u32>>,
}

impl NearMissCheck {
    /// Indexes the approved and listed variant forms of every `fuzzy` term.
    pub fn new(set: &GlossarySet, threshold: f64) -> Self {
        let mut forms = Vec::new();
        let mut by_first: HashMap<char, Vec<u32>> = HashMap::new();
        for (r, term) in set.terms() {
            if !term.fuzzy {
                continue;
            }
            for (kind, form) in term.forms() {
                let key = fold_key(&form.text);
                let words: Vec<&str> = tokens(&key).into_iter().map(|(s, e)| &key[s..e]).collect();
                let letters: usize = words.iter().map(|w| w.chars().count()).sum();
                let acronym = form
                    .text
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
                if words.is_empty()
                    || acronym
                    || letters < MIN_SINGLE_WORD
                    || (words.len() == 1 && letters < MIN_SINGLE_WORD)
                    || words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
                {
                    continue;
                }
                let Some(first) = key.chars().next() else {
                    continue;
                };
                by_first.entry(first).or_default().push(forms.len() as u32);
                forms.push(FuzzyForm {
                    term: r,
                    kind,
                    text: form.text.trim().to_owned(),
                    chars: key.chars().count(),
                    words: words.iter().map(|w| Word::new(w, threshold)).collect(),
                });
            }
        }
        Self {
            threshold,
            forms,
            by_first,
        }
    }

    /// Number of indexed forms.
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// The similarity of a window (its words) to a form, or `None` when a
    /// filter rejects it before or after the edit distance.
    fn score(&self, f: &FuzzyForm, window: &[Vec<char>]) -> Option<f64> {
        let mut edits = 0;
        let mut differs = false;
        for (w, fw) in window.iter().zip(&f.words) {
            if w.len().abs_diff(fw.chars.len()) > fw.budget {
                return None;
            }
            if *w == fw.chars {
                continue;
            }
            differs = true;
            // A derived word ("Moldovan" for "Moldova", "Lavrova"), not a typo.
            if w.starts_with(&fw.chars) || fw.chars.starts_with(w) {
                return None;
            }
            let longest = w.len().max(fw.chars.len());
            // q-gram lemma: one edit (a transposition included) destroys
            // at most three bigrams.
            let need = longest.saturating_sub(1 + 3 * fw.budget);
            if shared(&bigrams(w), &fw.bigrams) < need {
                return None;
            }
            let d = strsim::generic_damerau_levenshtein(w, &fw.chars);
            if d > fw.budget {
                return None;
            }
            edits += d;
        }
        if !differs {
            return None;
        }
        let len: usize = window.iter().map(Vec::len).sum::<usize>() + window.len() - 1;
        let sim = 1.0 - edits as f64 / len.max(f.chars) as f64;
        (sim >= self.threshold).then_some(sim)
    }
}

/// Word tokens of folded text: runs of word characters, joined by inner
/// hyphens and apostrophes ("co-operation", "d'ivoire").
fn tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev_word = false;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let w = is_word_char(c);
        let joiner = (c == '-' || c == '\'')
            && prev_word
            && it.peek().is_some_and(|&(_, n)| is_word_char(n));
        if w || joiner {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            out.push((st, i));
        }
        prev_word = w;
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

struct Candidate {
    start: usize,
    end: usize,
    form: usize,
    sim: f64,
}

impl Check for NearMissCheck {
    fn name(&self) -> &'static str {
        "near-miss"
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut covered: Vec<Span> = out.iter().map(|f| f.span).collect();
        covered.sort_unstable();
        let mut found = Vec::new();
        for part in cx.parts {
            let hay = part.folded.text.as_str();
            let toks = tokens(hay);
            let words: Vec<Vec<char>> = toks
                .iter()
                .map(|&(s, e)| hay[s..e].chars().collect())
                .collect();
            let mut cands: Vec<Candidate> = Vec::new();
            for (i, w) in words.iter().enumerate() {
                let Some(ids) = w.first().and_then(|c| self.by_first.get(c)) else {
                    continue;
                };
                for &id in ids {
                    let f = &self.forms[id as usize];
                    let n = f.words.len();
                    if i + n > words.len() {
                        continue;
                    }
                    // Words of a window are separated by one space only.
                    if (i..i + n - 1).any(|j| {
                        toks[j + 1].0 != toks[j].1 + 1 || hay.as_bytes()[toks[j].1] != b' '
                    }) {
                        continue;
                    }
                    if let Some(sim) = self.score(f, &words[i..i + n]) {
                        cands.push(Candidate {
                            start: toks[i].0,
                            end: toks[i + n - 1].1,
                            form: id as usize,
                            sim,
                        });
                    }
                }
            }
            // Best first; a window overlapping an exact match or a better
            // candidate is dropped.
            cands.sort_by(|a, b| b.sim.total_cmp(&a.sim).then(a.start.cmp(&b.start)));
            let mut taken: Vec<(usize, usize)> = Vec::new();
            for c in cands {
                if part
                    .matches
                    .iter()
                    .any(|m| m.folded_start < c.end && c.start < m.folded_end)
                    || taken.iter().any(|&(s, e)| s < c.end && c.start < e)
                {
                    continue;
                }
                let span = part.folded.to_original(c.start, c.end);
                if overlaps_any(&covered, span) {
                    continue;
                }
                taken.push((c.start, c.end));
                found.push((span, c.form, c.sim));
            }
        }
        for (span, form, sim) in found {
            let f = &self.forms[form];
            let term = cx.set.term(f.term);
            let message = if f.kind.is_approved() {
                format!(
                    "'{}' is close to '{}' ({:.0}% similar); did you mean '{}'?",
                    cx.text(span),
                    f.text,
                    sim * 100.0,
                    term.preferred.text
                )
            } else {
                format!(
                    "'{}' is close to '{}', a variant of '{}' ({:.0}% similar)",
                    cx.text(span),
                    f.text,
                    term.preferred.text,
                    sim * 100.0
                )
            };
            let mut finding = cx.finding(f.term, Kind::NearMiss, span, message, None);
            finding.severity = finding.severity.min(Severity::Warning);
            covered.push(span);
            out.push(finding);
        }
    }
}

fn overlaps_any(sorted: &[Span], span: Span) -> bool {
    sorted.iter().any(|s| s.overlaps(span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_join_inner_hyphens() {
        let s = "co-operation in eruope's - x";
        let t: Vec<&str> = tokens(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(t, ["co-operation", "in", "eruope's", "x"]);
    }

    #[test]
    fn budgets_grow_with_length() {
        assert_eq!(Word::new("osce", 0.85).budget, 1);
        assert_eq!(Word::new("in", 0.85).budget, 0);
        assert_eq!(Word::new("indivisible", 0.85).budget, 2);
    }

    #[test]
    fn bigram_overlap_counts_multiplicity() {
        let a = bigrams(&"lavrov".chars().collect::<Vec<_>>());
        let b = bigrams(&"lavrow".chars().collect::<Vec<_>>());
        assert_eq!(shared(&a, &b), 4);
    }
}
