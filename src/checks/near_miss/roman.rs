//! Unlisted romanizations of listed names ("Jury Ushakov", "Lavroff",
//! "Aliyeff"): a capitalized run of words whose romanization key
//! ([`romanize::key_into`]) equals the key of a listed person or place name
//! is that name spelled in another system, reported as a `variant` with the
//! closest approved form as a safe fix.
//!
//! Cost: a text word is looked at only when it starts with a capital in the
//! original; its key (a few bytes, built in reused buffers) is one hash
//! probe.

use super::*;
use crate::derive::romanize::{self, System};
use crate::glossary::Term;

/// Tags that make a term a person or place name.
const NAME_TAGS: &[&str] = &[
    "person",
    "surname",
    "country",
    "place",
    "city",
    "region",
    "territory",
    "capital",
];

/// Lower-case words a name may hold ("Republic of Albania", "Ursula von
/// der Leyen").
const PARTICLES: &[&str] = &[
    "of", "the", "and", "de", "da", "di", "du", "des", "von", "der", "van", "al", "el", "bin",
    "ibn", "la", "le", "d", "s",
];

/// Fewest letters a one-word name needs to be looked for ("Cuba" for
/// "Kuba", "Iraq" for "Irak"); three-letter keys are too close to other
/// words.
const MIN_ONE_WORD_LETTERS: usize = 4;

#[derive(serde::Serialize, serde::Deserialize, Debug)]
pub(super) struct RomanName {
    pub(super) term: TermRef,
    /// Key of each word (words as [`tokens`] cuts the folded form).
    keys: Vec<Box<[u8]>>,
    /// What separates the words in the form.
    seps: Vec<String>,
    /// Per word: starts with a capital in the form.
    caps: Vec<bool>,
    /// The term's approved forms with this key, to fix to; none when only
    /// a listed variant has it (the fix is then the preferred form).
    pub(super) approved: Vec<String>,
    /// Every listed form of the term with this key: a text equal to one of
    /// them is the exact matcher's business.
    listed: Vec<String>,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Default)]
pub(super) struct RomanIndex {
    /// Key of the first word -> names starting with it.
    first: HashMap<Box<[u8]>, Vec<u32>>,
    pub(super) names: Vec<RomanName>,
    /// Fewest chars a text word needs to stand for a first word.
    min_chars: usize,
}

/// Per token of `part`: whether it starts with a capital in the original.
pub(super) fn token_caps(cx: &Context<'_>, part: &Part, toks: &[Tok]) -> Vec<bool> {
    let text = cx.text(part.span);
    let orig = text.as_bytes();
    let identity = part.folded.is_identity();
    toks.iter()
        .map(|t| {
            let at = if identity {
                t.start
            } else {
                part.folded.orig_start(t.start) - part.span.start
            };
            match orig.get(at) {
                Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                Some(_) => text
                    .get(at..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_uppercase),
                None => false,
            }
        })
        .collect()
}

/// A run of text words whose keys are a name's keys.
pub(super) struct RomanHit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) name: usize,
}

/// Whether `term` names a person or a place: a name tag, or a Cyrillic
/// source form that is a name.
fn is_name_term(term: &Term) -> bool {
    term.tags.iter().any(|t| NAME_TAGS.contains(&t.as_str()))
        || term.source.iter().any(|s| {
            s.text.chars().any(romanize::is_cyrillic)
                && s.text
                    .split_whitespace()
                    .next()
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
        })
}

/// The words of a name form and whether each is capitalized, or `None`
/// when the form is no name (a phrase in lower case, an acronym, digits).
fn name_words(text: &str) -> Option<Vec<(String, bool)>> {
    let cased = crate::text::fold(text.trim(), 0, false).text;
    let words: Vec<&str> = tokens(&cased)
        .into_iter()
        .map(|(s, e)| &cased[s..e])
        .collect();
    let first_cap = words
        .first()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase);
    let ok = first_cap
        && words.iter().all(|w| {
            let upper = w.chars().filter(|c| c.is_uppercase()).count();
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let acronym = upper >= 2 && upper == letters;
            !(acronym || w.chars().any(|c| c.is_ascii_digit()))
                && (w.chars().next().is_some_and(char::is_uppercase)
                    || upper > 0
                    || PARTICLES.contains(w))
        });
    ok.then(|| {
        words
            .iter()
            .map(|w| {
                (
                    w.to_lowercase(),
                    w.chars().next().is_some_and(char::is_uppercase),
                )
            })
            .collect()
    })
}

impl RomanIndex {
    pub(super) fn new(set: &GlossarySet) -> Self {
        // Full key -> (term, name); a key two terms share is dropped.
        let mut by_key: HashMap<Vec<u8>, Option<RomanName>> = HashMap::default();
        let (mut buf, mut k) = (Vec::new(), Vec::new());
        for (r, term) in set.terms() {
            if !term.fuzzy || !is_name_term(term) {
                continue;
            }
            for (kind, form) in term.forms() {
                if matches!(kind, FormKind::Avoid(_)) || !form.valid.is_always() {
                    continue;
                }
                let Some(words) = name_words(&form.text) else {
                    continue;
                };
                let letters: usize = words.iter().map(|(w, _)| w.chars().count()).sum();
                if words.is_empty() || (words.len() == 1 && letters < MIN_ONE_WORD_LETTERS) {
                    continue;
                }
                let mut keys = Vec::with_capacity(words.len());
                let mut full = Vec::new();
                for (w, _) in &words {
                    romanize::key_into(w, &mut buf, &mut k);
                    if !full.is_empty() {
                        full.push(b' ');
                    }
                    full.extend_from_slice(&k);
                    keys.push(k.clone().into_boxed_slice());
                }
                let folded = fold_key(&form.text);
                let spans = tokens(&folded);
                let seps = spans
                    .windows(2)
                    .map(|w| folded[w[0].1..w[1].0].to_owned())
                    .collect();
                let entry = by_key.entry(full).or_insert_with(|| {
                    Some(RomanName {
                        term: r,
                        keys,
                        seps,
                        caps: words.iter().map(|&(_, c)| c).collect(),
                        approved: Vec::new(),
                        listed: Vec::new(),
                    })
                });
                match entry {
                    Some(n) if n.term == r => {
                        if kind.is_approved() {
                            n.approved.push(form.text.trim().to_owned());
                        }
                        n.listed.push(folded);
                    }
                    _ => *entry = None,
                }
            }
        }
        let mut index = RomanIndex {
            min_chars: usize::MAX,
            ..Default::default()
        };
        let mut names: Vec<(Vec<u8>, RomanName)> = by_key
            .into_iter()
            .filter_map(|(k, n)| Some((k, n?)))
            .collect();
        // A stable order, so findings do not depend on hashing.
        names.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, n) in names {
            let id = index.names.len() as u32;
            index.min_chars = index.min_chars.min(n.keys[0].len());
            index.first.entry(n.keys[0].clone()).or_default().push(id);
            index.names.push(n);
        }
        // Longest names first at a word, so "Yury Ushakov" wins over
        // "Ushakov".
        for ids in index.first.values_mut() {
            let names = &index.names;
            ids.sort_by_key(|&i| std::cmp::Reverse(names[i as usize].keys.len()));
        }
        index
    }

    /// Every run of capitalized text words that spells a listed name in
    /// another romanization, in text order, not overlapping.
    pub(super) fn find(&self, hay: &str, toks: &[Tok], caps: &[bool]) -> Vec<RomanHit> {
        let mut hits = Vec::new();
        if self.names.is_empty() {
            return hits;
        }
        let (mut buf, mut key) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            // Keys are never longer than the words they come from.
            if t.chars < self.min_chars || t.chars > 48 || !caps[i] {
                i += 1;
                continue;
            }
            romanize::key_into(&hay[t.start..t.end], &mut buf, &mut key);
            let Some(ids) = self.first.get(key.as_slice()) else {
                i += 1;
                continue;
            };
            let hit = ids.iter().find_map(|&id| {
                let n = &self.names[id as usize];
                let len = n.keys.len();
                if i + len > toks.len() {
                    return None;
                }
                for j in 1..len {
                    let (a, b) = (toks[i + j - 1].end, toks[i + j].start);
                    let w = &toks[i + j];
                    if hay[a..b] != n.seps[j - 1] {
                        return None;
                    }
                    romanize::key_into(&hay[w.start..w.end], &mut buf, &mut key);
                    if key.as_slice() != &*n.keys[j] {
                        return None;
                    }
                }
                let window = &toks[i..i + len];
                if caps[i..i + len]
                    .iter()
                    .zip(&n.caps)
                    .any(|(&c, &cap)| cap && !c)
                {
                    return None;
                }
                let (start, end) = (t.start, window[len - 1].end);
                (!n.listed.iter().any(|l| *l == hay[start..end])).then_some(RomanHit {
                    start,
                    end,
                    name: id as usize,
                })
            });
            match hit {
                Some(h) => {
                    let words = self.names[h.name].keys.len();
                    hits.push(h);
                    i += words;
                }
                None => i += 1,
            }
        }
        hits
    }

    /// Which romanization system spells `found` as the term's Cyrillic
    /// source form does, and that source form.
    pub(super) fn system_of(term: &Term, found: &str) -> Option<(System, String)> {
        let want = fold_key(found);
        term.source.iter().find_map(|s| {
            let src = s.text.trim();
            if !src.chars().any(romanize::is_cyrillic) {
                return None;
            }
            System::EVERY.iter().find_map(|&sys| {
                let r = fold_key(&romanize::romanize(src, sys));
                // A surname term's text may be the last words of its source.
                (r == want || r.ends_with(&format!(" {want}"))).then(|| (sys, src.to_owned()))
            })
        })
    }
}
