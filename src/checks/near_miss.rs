//! `near-miss`: an unlisted rendering close to one of a term's forms
//! ("indivisable security", "Mariia Zakharova").
//!
//! Cost stays near-linear: the forms are indexed by the first letter and
//! length of their first two words, so at each word of the text only forms
//! that could start there are considered; a window must have the form's
//! number of words, each word within the form word's edit budget by
//! length, letter set and shared character bigrams, before any edit
//! distance is computed.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Check, Context, Part};
use crate::finding::{Finding, Kind, Severity, Span};
use crate::glossary::{FormKind, GlossarySet, TermRef};
use crate::text::{fold_key, is_word_char};

/// The default minimum similarity (1 - edits / length) of a near-miss,
/// chosen on the real news in `../shared/corpus` (see docs/accuracy.md).
pub const DEFAULT_NEAR_MISS_THRESHOLD: f64 = 0.85;

/// Fewest letters a form needs to take part: shorter forms ("OSCE",
/// "Kyiv", "G20") are one typo away from ordinary English words.
const MIN_LETTERS: usize = 7;
/// Longer forms are not searched for near-misses.
const MAX_WORDS: usize = 16;
/// Edit distances computed per word of the text (forms that passed every
/// cheaper filter). A glossary of near-identical forms puts hundreds of
/// them behind every word; past this, the rest are not tried and a note
/// says so. Real text needs a handful.
pub(crate) const MAX_SCORED_PER_WORD: usize = 64;
/// Candidates kept per window start: only the best of them can be
/// reported (overlapping windows exclude each other).
pub(crate) const MAX_CANDIDATES_PER_WINDOW: usize = 16;

/// The word lengths and edit budgets of a form, packed: the first filter
/// reads these for every candidate, so they sit apart from the forms.
#[derive(Debug, Clone, Copy)]
struct Shape {
    n: u8,
    lens: [u8; 6],
    budgets: [u8; 6],
}

impl Shape {
    fn of(f: &FuzzyForm) -> Self {
        let mut s = Shape {
            n: f.words.len().min(u8::MAX as usize) as u8,
            lens: [0; 6],
            budgets: [0; 6],
        };
        for (k, w) in f.words.iter().take(6).enumerate() {
            s.lens[k] = w.chars.len().min(u8::MAX as usize) as u8;
            s.budgets[k] = w.budget.min(u8::MAX as usize) as u8;
        }
        s
    }

    /// Whether every word of `toks` is within budget of the form's length
    /// (words past the sixth are checked later, by the full comparison).
    #[inline]
    fn fits(&self, toks: &[Tok]) -> bool {
        toks.iter()
            .zip(self.lens.iter().zip(&self.budgets))
            .all(|(t, (&l, &b))| t.chars.abs_diff(l as usize) <= b as usize)
    }
}

#[derive(Debug)]
struct FuzzyForm {
    term: TermRef,
    kind: FormKind,
    text: String,
    words: Vec<Arc<Word>>,
    /// What separates its words (a space, an apostrophe).
    seps: Vec<String>,
    chars: usize,
    /// Holds a capital letter: a name, which a text in lower case does
    /// not misspell ("once more" is not "OSCE zone").
    proper: bool,
    /// Per word: starts with a capital, so the text's word must too (a
    /// name keeps its capitals: "while Russia" is not "White Russia").
    caps: Vec<bool>,
}

#[derive(Debug)]
struct Word {
    text: String,
    chars: Vec<char>,
    bigrams: Vec<(char, char)>,
    budget: usize,
    mask: u32,
}

/// The set of letters of a word as bits (ASCII letters one bit each, other
/// characters folded onto six more). One edit changes at most two bits, so
/// words whose masks differ in more than twice the edit budget cannot be
/// that close: the cheapest filter, run before the bigram count.
fn letter_mask(s: &str) -> u32 {
    s.chars().fold(0, |m, c| m | letter_bit(c))
}

#[inline]
fn letter_bit(c: char) -> u32 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        _ => 1 << (26 + c as u32 % 6),
    }
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
            text: s.to_owned(),
            bigrams: bigrams(&chars),
            chars,
            budget,
            mask: letter_mask(s),
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
    shapes: Vec<Shape>,
    /// Candidates of every bucket, bucket after bucket: the hot loop reads
    /// them in order, with the letter sets it filters on inline.
    entries: Vec<Entry>,
    /// One-word forms by the first letter and the length (in chars) a text
    /// word may have to stand for them, for ASCII letters and short words
    /// as a flat table (one lookup per word of the text).
    ascii: Vec<Bucket>,
    /// Buckets by [`bucket_key`]: one-word forms the flat table cannot hold, and
    /// multi-word forms by the first letter and possible length of their
    /// first two words. Looking at two words keeps buckets small where many
    /// forms share a first word ("collective security ...", "collective
    /// defence ...").
    buckets: HashMap<u64, Bucket>,
    /// Per flat-table slot (first letter and length of a text word), the
    /// initials of the second words of multi-word forms there, as bits: a
    /// text word followed by another initial needs no hash probe.
    second: Vec<u32>,
    /// Folded approved forms per term: a window that extends one
    /// ("Transdniestrian" for "Transdniestria") is a derived word of an
    /// approved form, not a misspelling of a variant.
    approved: HashMap<TermRef, Vec<String>>,
    /// Words where [`MAX_SCORED_PER_WORD`] or [`MAX_CANDIDATES_PER_WINDOW`]
    /// cut the search short, over the run.
    capped: AtomicUsize,
}

/// A form as the first filter sees it: its id, and the letter sets of its
/// first two words with how many bits each may differ by (twice the
/// word's edit budget; a one-word form lets any second word pass).
#[derive(Debug, Clone, Copy)]
struct Entry {
    id: u32,
    masks: [u32; 2],
    limits: [u8; 2],
}

impl Entry {
    fn new(id: u32, words: &[Arc<Word>]) -> Self {
        let limit = |w: &Arc<Word>| (2 * w.budget).min(32) as u8;
        match words {
            [w0, w1, ..] => Entry {
                id,
                masks: [w0.mask, w1.mask],
                limits: [limit(w0), limit(w1)],
            },
            [w0] => Entry {
                id,
                masks: [w0.mask, 0],
                limits: [limit(w0), 32],
            },
            [] => Entry {
                id,
                masks: [0, 0],
                limits: [32, 32],
            },
        }
    }

    /// Whether the words with letter sets `m0` and `m1` (0 for none) may
    /// be within budget: one edit changes at most two bits of a set.
    #[inline]
    fn near(&self, m0: u32, m1: u32) -> bool {
        (m0 ^ self.masks[0]).count_ones() <= u32::from(self.limits[0])
            && (m1 ^ self.masks[1]).count_ones() <= u32::from(self.limits[1])
    }
}

/// A range of `entries`.
#[derive(Debug, Clone, Copy, Default)]
struct Bucket {
    start: u32,
    end: u32,
}

const MAX_ASCII_LEN: usize = 32;

fn ascii_slot(c: char, len: usize) -> Option<usize> {
    (c.is_ascii_lowercase() && len < MAX_ASCII_LEN)
        .then(|| (c as usize - 'a' as usize) * MAX_ASCII_LEN + len)
}

/// The bucket key of a window whose first word starts with `c1` and has
/// `l1` chars, and whose second word (`'\0'` and 0 for none) starts with
/// `c2` and has `l2`. Lengths saturate: a key only selects candidates,
/// the filters after it compare true lengths.
fn bucket_key(c1: char, l1: usize, c2: char, l2: usize) -> u64 {
    (u64::from(c1) << 43)
        | (u64::from(c2) << 22)
        | ((l1.min(2047) as u64) << 11)
        | l2.min(2047) as u64
}

/// The bit of a second word's initial in [`NearMissCheck::second`].
fn initial_bit(c: char) -> u32 {
    if c.is_ascii_lowercase() {
        1 << (c as u32 - 'a' as u32)
    } else {
        1 << 26
    }
}

impl NearMissCheck {
    /// Indexes the approved and listed variant forms of every `fuzzy` term.
    pub fn new(set: &GlossarySet, threshold: f64) -> Self {
        let mut forms = Vec::new();
        let mut approved: HashMap<TermRef, Vec<String>> = HashMap::default();
        // (slot or key, entry); sorted below into contiguous buckets.
        let mut singles: Vec<(usize, Entry)> = Vec::new();
        let mut keyed: Vec<(u64, Entry)> = Vec::new();
        // Forms share most of their words: each word (with or without an
        // edit budget) is built once.
        let mut interned: [HashMap<String, Arc<Word>>; 2] = Default::default();
        for (r, term) in set.terms() {
            if !term.fuzzy {
                continue;
            }
            for (kind, form) in term.forms() {
                let key = fold_key(&form.text);
                if kind.is_approved() {
                    approved.entry(r).or_default().push(key.clone());
                }
                let words: Vec<&str> = tokens(&key).into_iter().map(|(s, e)| &key[s..e]).collect();
                // Acronym-like words ("START", "EurAsEC") must match exactly.
                let cased = crate::text::fold(form.text.trim(), 0, false).text;
                let cased_words: Vec<&str> = tokens(&cased)
                    .into_iter()
                    .map(|(s, e)| &cased[s..e])
                    .collect();
                let exact: Vec<bool> = cased_words
                    .iter()
                    .map(|w| {
                        w.split(['-', '\''])
                            .any(|p| p.chars().filter(|c| c.is_uppercase()).count() >= 2)
                    })
                    .collect();
                let proper = cased_words
                    .iter()
                    .any(|w| w.chars().next().is_some_and(char::is_uppercase));
                let letters: usize = words.iter().map(|w| w.chars().count()).sum();
                let acronym = form
                    .text
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
                // Forms a typo cannot reach (every word too short to allow an
                // edit) and very long forms (a near-miss is a misspelt name,
                // not a misspelt paragraph) stay out of the index: both would
                // only cost time.
                let editable = words.iter().any(|w| w.chars().count() > 3);
                if words.is_empty()
                    || !editable
                    || words.len() > MAX_WORDS
                    || acronym
                    || letters < MIN_LETTERS
                    || words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
                {
                    continue;
                }
                let Some(first) = key.chars().next() else {
                    continue;
                };
                let spans = tokens(&key);
                let seps: Vec<String> = spans
                    .windows(2)
                    .map(|w| key[w[0].1..w[1].0].to_owned())
                    .collect();
                let id = forms.len() as u32;
                let fws: Vec<Arc<Word>> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        let exact = exact.len() == words.len() && exact[i];
                        let table = &mut interned[usize::from(exact)];
                        if let Some(word) = table.get(*w) {
                            return Arc::clone(word);
                        }
                        let mut word = Word::new(w, threshold);
                        if exact {
                            word.budget = 0;
                        }
                        let word = Arc::new(word);
                        table.insert((*w).to_owned(), Arc::clone(&word));
                        word
                    })
                    .collect();
                let b0 = if exact.first().copied().unwrap_or(false) {
                    0
                } else {
                    fws[0].budget
                };
                let n0 = fws[0].chars.len();
                let entry = Entry::new(id, &fws);
                for len in n0.saturating_sub(b0)..=n0 + b0 {
                    match fws.get(1) {
                        Some(w1) => {
                            let (c2, n1) = (w1.chars[0], w1.chars.len());
                            for len2 in n1.saturating_sub(w1.budget)..=n1 + w1.budget {
                                keyed.push((bucket_key(first, len, c2, len2), entry));
                            }
                        }
                        None => match ascii_slot(first, len) {
                            Some(slot) => singles.push((slot, entry)),
                            None => keyed.push((bucket_key(first, len, '\0', 0), entry)),
                        },
                    }
                }
                let caps = if cased_words.len() == words.len() {
                    cased_words
                        .iter()
                        .map(|w| w.chars().next().is_some_and(char::is_uppercase))
                        .collect()
                } else {
                    Vec::new()
                };
                forms.push(FuzzyForm {
                    term: r,
                    kind,
                    text: form.text.trim().to_owned(),
                    chars: key.chars().count(),
                    seps,
                    proper,
                    caps,
                    words: fws,
                });
            }
        }
        let shapes = forms.iter().map(Shape::of).collect();
        // Within a bucket, forms keep their order (ids ascending), so
        // equally good candidates come out as they always did.
        singles.sort_unstable_by_key(|&(slot, e)| (slot, e.id));
        keyed.sort_unstable_by_key(|&(k, e)| (k, e.id));
        let mut entries = Vec::with_capacity(singles.len() + keyed.len());
        let mut ascii = vec![Bucket::default(); 26 * MAX_ASCII_LEN];
        for run in singles.chunk_by(|a, b| a.0 == b.0) {
            let start = entries.len() as u32;
            entries.extend(run.iter().map(|&(_, e)| e));
            ascii[run[0].0] = Bucket {
                start,
                end: entries.len() as u32,
            };
        }
        let mut buckets: HashMap<u64, Bucket> = HashMap::default();
        let mut second = vec![0u32; 26 * MAX_ASCII_LEN];
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            let start = entries.len() as u32;
            entries.extend(run.iter().map(|&(_, e)| e));
            let k = run[0].0;
            buckets.insert(
                k,
                Bucket {
                    start,
                    end: entries.len() as u32,
                },
            );
            let (c1, c2, l1) = (k >> 43, (k >> 22) & 0x1F_FFFF, (k >> 11) & 2047);
            if let (Some(c1), Some(c2)) = (char::from_u32(c1 as u32), char::from_u32(c2 as u32))
                && c2 != '\0'
                && let Some(slot) = ascii_slot(c1, l1 as usize)
            {
                second[slot] |= initial_bit(c2);
            }
        }
        Self {
            threshold,
            forms,
            shapes,
            entries,
            ascii,
            buckets,
            second,
            approved,
            capped: AtomicUsize::new(0),
        }
    }

    /// Every window of `toks` close enough to a form, in text order and,
    /// per word, one-word forms first, each in index order.
    fn candidates(&self, hay: &str, toks: &[Tok]) -> Vec<Candidate> {
        let mut cands: Vec<Candidate> = Vec::new();
        let mut capped = 0;
        for (i, t) in toks.iter().enumerate() {
            let slot = ascii_slot(t.first, t.chars);
            let single = match slot {
                Some(slot) => self.ascii[slot],
                None => self.bucket(bucket_key(t.first, t.chars, '\0', 0)),
            };
            let pair = match toks.get(i + 1) {
                Some(n) if slot.is_none_or(|s| self.second[s] & initial_bit(n.first) != 0) => {
                    self.bucket(bucket_key(t.first, t.chars, n.first, n.chars))
                }
                _ => Bucket::default(),
            };
            let range = |b: Bucket| &self.entries[b.start as usize..b.end as usize];
            let (m0, m1) = (t.mask, toks.get(i + 1).map_or(0, |n| n.mask));
            let here = cands.len();
            let mut scored = 0;
            let mut cut = false;
            for e in range(single).iter().chain(range(pair)) {
                // Letter sets of the first two words, read in order,
                // then word lengths from the compact shapes, then the
                // separators.
                if !e.near(m0, m1) {
                    continue;
                }
                if scored == MAX_SCORED_PER_WORD {
                    cut = true;
                    break;
                }
                if let Some(c) = self.window(hay, toks, i, e.id as usize, &mut scored) {
                    cands.push(c);
                }
            }
            if cands.len() - here > MAX_CANDIDATES_PER_WINDOW {
                // Best first, ties in index order (the sort is stable).
                cands[here..].sort_by(|a, b| b.sim.total_cmp(&a.sim));
                cands.truncate(here + MAX_CANDIDATES_PER_WINDOW);
                cut = true;
            }
            capped += usize::from(cut);
        }
        if capped > 0 {
            self.capped.fetch_add(capped, Ordering::Relaxed);
        }
        cands
    }

    /// Words of the text where the search was cut short by
    /// [`MAX_SCORED_PER_WORD`] or [`MAX_CANDIDATES_PER_WINDOW`], so far.
    pub fn capped(&self) -> usize {
        self.capped.load(Ordering::Relaxed)
    }

    /// The window of form `id` starting at word `i`, when it passes every
    /// filter after the index: word lengths from the compact shapes, the
    /// separators, then [`Self::score`].
    fn window(
        &self,
        hay: &str,
        toks: &[Tok],
        i: usize,
        id: usize,
        scored: &mut usize,
    ) -> Option<Candidate> {
        let shape = &self.shapes[id];
        let n = shape.n as usize;
        if i + n > toks.len() || !shape.fits(&toks[i..i + n]) {
            return None;
        }
        let f = &self.forms[id];
        // The window's words are separated as the form's are.
        if (i..i + n - 1).any(|j| {
            let (a, b) = (toks[j].end, toks[j + 1].start);
            let sep = &f.seps[j - i];
            if sep == " " {
                b != a + 1 || hay.as_bytes()[a] != b' '
            } else {
                hay[a..b] != *sep
            }
        }) {
            return None;
        }
        let sim = self.score(f, hay, &toks[i..i + n], scored)?;
        Some(Candidate {
            start: toks[i].start,
            end: toks[i + n - 1].end,
            form: id,
            sim,
        })
    }

    fn bucket(&self, k: u64) -> Bucket {
        self.buckets.get(&k).copied().unwrap_or_default()
    }

    /// Number of indexed forms.
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// The similarity of a window (its words) to a form, or `None` when a
    /// filter rejects it before or after the edit distance.
    fn score(&self, f: &FuzzyForm, hay: &str, window: &[Tok], scored: &mut usize) -> Option<f64> {
        // Cheap filters for every word first: lengths, then equality and
        // derived words ("Moldovan" for "Moldova", "Lavrova"), which are
        // not typos.
        let mut len = window.len() - 1;
        for (t, fw) in window.iter().zip(&f.words) {
            if t.chars.abs_diff(fw.chars.len()) > fw.budget {
                return None;
            }
            len += t.chars;
        }
        let mut differing = 0;
        for (t, fw) in window.iter().zip(&f.words) {
            if (t.mask ^ fw.mask).count_ones() as usize > 2 * fw.budget {
                return None;
            }
            let text = &hay[t.start..t.end];
            if text == fw.text {
                continue;
            }
            if text.starts_with(fw.text.as_str())
                || fw.text.starts_with(text)
                || derived_word(text, &fw.text)
            {
                return None;
            }
            differing += 1;
        }
        if differing == 0 {
            return None;
        }
        let longest = len.max(f.chars);
        let max_edits = ((1.0 - self.threshold) * longest as f64 + 1e-9).floor() as usize;
        if differing > max_edits {
            return None;
        }
        *scored += 1;
        let mut edits = 0;
        for (t, fw) in window.iter().zip(&f.words) {
            let text = &hay[t.start..t.end];
            if text == fw.text {
                continue;
            }
            // q-gram lemma: one edit (a transposition included) destroys
            // at most three bigrams.
            let need = t
                .chars
                .max(fw.chars.len())
                .saturating_sub(1 + 3 * fw.budget);
            let d = if text.is_ascii() && fw.text.is_ascii() {
                if need > 0 && shared_ascii(text.as_bytes(), &fw.bigrams) < need {
                    return None;
                }
                // Levenshtein first (no hashing): Damerau-Levenshtein is
                // at least half of it and equal to it up to one edit.
                let lev = strsim::levenshtein(text, &fw.text);
                if lev > 2 * fw.budget {
                    return None;
                }
                if lev <= 1 {
                    lev
                } else {
                    strsim::generic_damerau_levenshtein(text.as_bytes(), fw.text.as_bytes())
                }
            } else {
                let w: Vec<char> = text.chars().collect();
                if shared(&bigrams(&w), &fw.bigrams) < need {
                    return None;
                }
                strsim::generic_damerau_levenshtein(&w, &fw.chars)
            };
            if d > fw.budget {
                return None;
            }
            edits += d;
            if edits > max_edits {
                return None;
            }
        }
        let sim = 1.0 - edits as f64 / longest as f64;
        (sim >= self.threshold).then_some(sim)
    }
}

/// Shared bigrams of an ASCII word and a sorted bigram list, without
/// allocating (words longer than 48 bytes pass unfiltered).
fn shared_ascii(w: &[u8], sorted: &[(char, char)]) -> usize {
    // Each bigram of the word takes the first unused equal bigram of the
    // form (found by binary search): a multiset intersection without
    // sorting the word's bigrams on every call.
    if w.len() < 2 || sorted.len() > 64 {
        return usize::MAX;
    }
    let mut used = 0u64;
    let mut hits = 0;
    for pair in w.windows(2) {
        let a = (char::from(pair[0]), char::from(pair[1]));
        let mut k = sorted.partition_point(|b| *b < a);
        while k < sorted.len() && sorted[k] == a {
            if used & (1 << k) == 0 {
                used |= 1 << k;
                hits += 1;
                break;
            }
            k += 1;
        }
    }
    hits
}

/// Word tokens of folded text as the crate's one tokenizer cuts them
/// ([`crate::text::words`]): an apostrophe splits, so a possessive ending
/// ("Ministry's") is a token of its own and the name before it still lines
/// up with the form.
fn tokens(s: &str) -> Vec<(usize, usize)> {
    crate::text::words(s, 0)
        .into_iter()
        .map(|w| (w.start, w.end))
        .collect()
}

/// A word of the text: folded byte range, length in chars, letter set
/// and first char.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Tok {
    start: usize,
    end: usize,
    chars: usize,
    mask: u32,
    first: char,
}

/// The words of folded text as [`tokens`] cuts them, with their lengths
/// and letter sets, in one pass (ASCII bytes need no decoding).
fn text_tokens(hay: &str) -> Vec<Tok> {
    let bytes = hay.as_bytes();
    let char_at = |i: usize| -> (char, usize) {
        match bytes[i] {
            b if b.is_ascii() => (char::from(b), 1),
            _ => hay[i..]
                .chars()
                .next()
                .map_or(('\0', 1), |c| (c, c.len_utf8())),
        }
    };
    let mut out = Vec::with_capacity(hay.len() / 6);
    let mut cur: Option<Tok> = None;
    let mut prev_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = char_at(i);
        let w = is_word_char(c);
        let joiner = c == '-' && prev_word && i + 1 < bytes.len() && is_word_char(char_at(i + 1).0);
        if w || joiner {
            let t = cur.get_or_insert(Tok {
                start: i,
                end: i,
                chars: 0,
                mask: 0,
                first: c,
            });
            t.chars += 1;
            t.mask |= letter_bit(c);
        } else if let Some(mut t) = cur.take() {
            t.end = i;
            out.push(t);
        }
        prev_word = w;
        i += len;
    }
    if let Some(mut t) = cur {
        t.end = hay.len();
        out.push(t);
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

    fn notes(&self) -> Vec<String> {
        match self.capped() {
            0 => Vec::new(),
            n => vec![format!(
                "the near-miss search was cut short at {n} word{} of the text: more than {MAX_SCORED_PER_WORD} glossary forms were close enough to try there; near misses of the forms not tried are not reported",
                if n == 1 { "" } else { "s" }
            )],
        }
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let mut covered: Vec<Span> = out.iter().map(|f| f.span).collect();
        covered.sort_unstable();
        let max_len = covered.iter().map(Span::len).max().unwrap_or(0);
        // Where the document names each term with a listed or derived
        // form: the support a weak near-miss needs nearby.
        let mut named: Vec<(TermRef, Span)> = cx.matches().map(|(_, m)| (m.term, m.span)).collect();
        named.sort_unstable();
        let mut found = Vec::new();
        for part in cx.parts {
            let hay = part.folded.text.as_str();
            let toks = text_tokens(hay);
            let mut cands = self.candidates(hay, &toks);
            // Best first; a window overlapping an exact match or a better
            // candidate is dropped.
            cands.sort_by(|a, b| b.sim.total_cmp(&a.sim).then(a.start.cmp(&b.start)));
            // Windows taken so far, disjoint, by start: the one starting
            // last before a window's end is the only one that can overlap it.
            let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
            for c in cands {
                let f = &self.forms[c.form];
                // A match inside the window ("United Nations" in a misspelt
                // "Secretary-General of the United Nations") does not stop
                // it; one that crosses its edges or covers it does, and so
                // does another term's name standing where the form has
                // something else ("Republic of Gambia" is not a misspelt
                // "Republic of Zambia").
                let form_key = fold_key(&f.text);
                let blocks = |m: &crate::matcher::TermMatch| {
                    let inside = c.start <= m.folded_start
                        && m.folded_end <= c.end
                        && (m.folded_start, m.folded_end) != (c.start, c.end);
                    let other_name = inside
                        && m.term != f.term
                        && !form_key.contains(&hay[m.folded_start..m.folded_end]);
                    (m.folded_start < c.end && c.start < m.folded_end && !inside) || other_name
                };
                // Matches are in text order and do not overlap: only those
                // from the first one ending after the window's start can
                // touch it.
                let first = part.matches.partition_point(|m| m.folded_end <= c.start);
                if part.matches[first..]
                    .iter()
                    .take_while(|m| m.folded_start < c.end)
                    .any(blocks)
                    || taken
                        .range(..c.end)
                        .next_back()
                        .is_some_and(|(_, &e)| c.start < e)
                {
                    continue;
                }
                let window = &hay[c.start..c.end];
                // A window that extends an approved form, or is some of its
                // words ("Pashinyan" of "Nikol Pashinyan"), is a correct
                // rendering, not a misspelt variant.
                let approved_words = self.approved.get(&f.term).is_some_and(|a| {
                    a.iter().any(|k| {
                        window.starts_with(k.as_str())
                            || k.starts_with(window)
                            || contains_words(k, window)
                    })
                });
                if approved_words {
                    continue;
                }
                let span = part.folded.to_original(c.start, c.end);
                let one_word_name = f.words.len() == 1 && f.proper;
                if overlaps_any(&covered, max_len, span)
                    || (f.proper && !cx.text(span).chars().any(char::is_uppercase))
                    || !keeps_capitals(f, cx, part, &toks_in(hay, c.start, c.end))
                    || (f.words.len() == 1 && is_english_word(window))
                    || (one_word_name
                        && inside_longer_name(
                            cx.text(part.span),
                            span.start - part.span.start,
                            span.end - part.span.start,
                        ))
                    || ((one_word_name || !f.kind.is_approved())
                        && !named_near(&named, f.term, span))
                {
                    continue;
                }
                taken.insert(c.start, c.end);
                found.push((span, c.form, c.sim));
            }
        }
        for (span, form, sim) in found {
            let f = &self.forms[form];
            let term = cx.set.term(f.term);
            // A term out of force on the document's date suggests nothing.
            if !term.valid.is_always() && !term.valid.contains(cx.date().value) {
                continue;
            }
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

/// How far (in bytes of the original) from a weak near-miss the document
/// must name its term: about one long news article. A misspelling sits
/// among correct mentions of the same name; a long file that names the
/// term somewhere (a whole test set, a digest) does not make every
/// look-alike in it a typo (docs/accuracy.md has the figures).
const SUPPORT_BYTES: usize = 5000;

/// True when `named` (sorted) holds a mention of `term` within
/// [`SUPPORT_BYTES`] of `span`, other than one overlapping it.
fn named_near(named: &[(TermRef, Span)], term: TermRef, span: Span) -> bool {
    let d = SUPPORT_BYTES;
    let from = named.partition_point(|&(t, _)| t < term);
    named[from..]
        .iter()
        .take_while(|&&(t, s)| t == term && s.start <= span.end + d)
        .any(|&(_, s)| s.end + d >= span.start && !s.overlaps(span))
}

/// Ordinary English words of five letters or more, sorted, one a line
/// (from SCOWL via Debian's wamerican and wbritish; see
/// english_words.NOTICE).
static ENGLISH_WORDS: &str = include_str!("english_words.txt");

/// True when `word` (folded, lower case) is an ordinary English word: a
/// one-word near-miss that is one ("Hungry" for "Hungary") is a word the
/// writer meant, not a misspelt name.
fn is_english_word(word: &str) -> bool {
    let list = ENGLISH_WORDS.as_bytes();
    let (mut lo, mut hi) = (0, list.len());
    // Binary search over line starts: `lo` and `hi` always sit at one.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = list[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
            .max(lo);
        let end = list[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(list.len(), |p| start + p);
        match list[start..end].cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// The word tokens of `hay[start..end]`, as folded byte ranges.
fn toks_in(hay: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    tokens(&hay[start..end])
        .into_iter()
        .map(|(s, e)| (start + s, start + e))
        .collect()
}

/// True when every capitalized word of the form faces a capitalized word
/// of the text (the original text, since the folded one is lower case).
fn keeps_capitals(f: &FuzzyForm, cx: &Context<'_>, part: &Part, words: &[(usize, usize)]) -> bool {
    if f.caps.len() != words.len() {
        return true;
    }
    f.caps.iter().zip(words).all(|(&cap, &(s, e))| {
        !cap || cx
            .text(part.folded.to_original(s, e))
            .chars()
            .next()
            .is_some_and(|c| !c.is_lowercase())
    })
}

/// True when the word at `text[start..end]` stands next to another
/// capitalized word, with one space between ("David Cameron", "Roy
/// Lichtenstein"): part of a longer name, which a one-word name of the
/// glossary does not describe.
fn inside_longer_name(text: &str, start: usize, end: usize) -> bool {
    let capitalized = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let before = text[..start]
        .strip_suffix(' ')
        .filter(|b| !b.ends_with(' '))
        .and_then(|b| b.rsplit(|c: char| !is_word_char(c)).next());
    let after = text[end..]
        .strip_prefix(' ')
        .and_then(|a| a.split(|c: char| !is_word_char(c)).next());
    before.is_some_and(capitalized) || after.is_some_and(capitalized)
}

/// True when `phrase` occurs in `key` as whole words.
fn contains_words(key: &str, phrase: &str) -> bool {
    key.match_indices(phrase).any(|(at, _)| {
        !key[..at].chars().next_back().is_some_and(is_word_char)
            && !key[at + phrase.len()..]
                .chars()
                .next()
                .is_some_and(is_word_char)
    })
}

/// English endings that make a related word of a name: demonyms,
/// adjectives, plurals ("Germans" for "Germany", "Honduran" for
/// "Honduras", "Russophobic" for "Russophobia").
const DERIVED_ENDINGS: &[&str] = &[
    "s", "an", "ans", "ian", "ians", "ic", "ics", "ese", "ish", "ism", "ist", "ists", "ite", "ites",
];

/// True when `word` is `form` with its last one or two letters replaced by
/// a derivational ending: a related word, not a misspelling.
fn derived_word(word: &str, form: &str) -> bool {
    let form_len = form.chars().count();
    form.char_indices()
        .map(|(i, _)| i)
        .skip(form_len.saturating_sub(2).max(4))
        .any(|i| {
            word.get(..i) == Some(&form[..i])
                && word.get(i..).is_some_and(|rest| {
                    // "Eurasiian" only inserts a letter: a typo.
                    DERIVED_ENDINGS.contains(&rest) && !rest.ends_with(&form[i..])
                })
        })
}

/// True when a finding crosses the edges of `span` or covers it; one
/// strictly inside it (a wrongly cased name inside a misspelt title) does
/// not count.
/// Whether `span` overlaps a span of `found` (sorted by start, none longer
/// than `max_len`) other than one strictly inside it. Only spans starting
/// in `span.start - max_len .. span.end` can overlap it.
fn overlaps_any(found: &[Span], max_len: usize, span: Span) -> bool {
    let end = found.partition_point(|s| s.start < span.end);
    found[..end]
        .iter()
        .rev()
        .take_while(|s| s.start + max_len > span.start)
        .any(|s| s.overlaps(span) && !(span.contains(*s) && *s != span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_join_inner_hyphens() {
        let s = "co-operation in eruope's - x";
        let t: Vec<&str> = tokens(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(t, ["co-operation", "in", "eruope", "s", "x"]);
    }

    #[test]
    fn text_tokens_agree_with_tokens() {
        for s in [
            "co-operation in eruope's - x",
            "-a- b--c d-\u{e9}t\u{e9} \u{421}\u{43e}-\u{44e}\u{437}-",
            "naïve-x, ü ß-, Ωmega-1 x-",
            "",
            "a",
        ] {
            let want: Vec<Tok> = tokens(s)
                .into_iter()
                .map(|(start, end)| Tok {
                    start,
                    end,
                    chars: s[start..end].chars().count(),
                    mask: letter_mask(&s[start..end]),
                    first: s[start..].chars().next().unwrap(),
                })
                .collect();
            assert_eq!(text_tokens(s), want, "{s:?}");
        }
    }

    /// Every form tried at every word, with the conditions the index
    /// encodes (first letter, first word's length within budget, the
    /// second word's initial): what the index must find, no more, no less.
    fn brute_candidates(c: &NearMissCheck, hay: &str, toks: &[Tok]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for i in 0..toks.len() {
            for (id, f) in c.forms.iter().enumerate() {
                let w0 = &f.words[0];
                if toks[i].first != w0.chars[0]
                    || toks[i].chars.abs_diff(w0.chars.len()) > w0.budget
                {
                    continue;
                }
                if let Some(w1) = f.words.get(1)
                    && toks.get(i + 1).is_none_or(|n| n.first != w1.chars[0])
                {
                    continue;
                }
                if let Some(cand) = c.window(hay, toks, i, id, &mut 0) {
                    out.push((cand.start, cand.end, cand.form));
                }
            }
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn index_finds_what_trying_every_form_finds() {
        let toml = r#"
            [glossary]
            name = "index"
            language = "en"
            [[term]]
            preferred = "Hungary"
            [[term]]
            preferred = "Bulgaria"
            [[term]]
            preferred = "Kazakhstan"
            variants = ["Kazakstan"]
            [[term]]
            preferred = "Sergey Lavrov"
            [[term]]
            preferred = "indivisible security"
            variants = ["indivisibility of security"]
            [[term]]
            preferred = "Organization for Security and Co-operation in Europe"
            [[term]]
            preferred = "Republic of Côte d'Ivoire"
            [[term]]
            preferred = "Volodymyr Zelenskyy"
            variants = ["Vladimir Zelensky"]
            [[term]]
            preferred = "collective security treaty"
            [[term]]
            preferred = "collective defence"
        "#;
        let g = crate::glossary::parse("index.toml", toml).glossary.unwrap();
        let set = GlossarySet::new(vec![g]).unwrap();
        let check = NearMissCheck::new(&set, DEFAULT_NEAR_MISS_THRESHOLD);
        let vocab: Vec<String> = check
            .forms
            .iter()
            .flat_map(|f| f.words.iter().map(|w| w.text.clone()))
            .chain(["the", "a", "and", "of", "security", "sergei"].map(str::to_owned))
            .collect();
        // A fixed linear congruential generator: the same texts every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n.max(1)
        };
        let mut found = 0;
        for _ in 0..300 {
            let mut words = Vec::new();
            for _ in 0..40 {
                let mut w: Vec<char> = vocab[next(vocab.len())].chars().collect();
                // One edit in about half the words: drop, double, swap or
                // replace a letter.
                let at = next(w.len());
                match next(8) {
                    0 => {
                        w.remove(at);
                    }
                    1 => w.insert(at, w[at]),
                    2 if at + 1 < w.len() => w.swap(at, at + 1),
                    3 => w[at] = ['a', 'e', 'i', 'o', 'ô'][next(5)],
                    _ => {}
                }
                words.push(w.into_iter().collect::<String>());
            }
            let hay = words.join(if next(3) == 0 { "  " } else { " " });
            let toks = text_tokens(&hay);
            let mut got: Vec<(usize, usize, usize)> = check
                .candidates(&hay, &toks)
                .into_iter()
                .map(|c| (c.start, c.end, c.form))
                .collect();
            got.sort_unstable();
            let want = brute_candidates(&check, &hay, &toks);
            assert_eq!(got, want, "{hay}");
            found += got.len();
        }
        assert!(found > 50, "the texts hold near-misses ({found})");
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

    #[test]
    fn derived_words_are_not_typos() {
        assert!(derived_word("germans", "germany"));
        assert!(derived_word("honduran", "honduras"));
        assert!(derived_word("russophobic", "russophobia"));
        // A misspelling inside the word, or an ending that is no suffix.
        assert!(!derived_word("bulgarra", "bulgaria"));
        assert!(!derived_word("cameron", "cameroon"));
        assert!(!derived_word("lavrof", "lavrov"));
        // Romanization drift is a near-miss, not a derived word.
        assert!(!derived_word("sergei", "sergey"));
        assert!(!derived_word("eurasiian", "eurasian"));
    }

    #[test]
    fn one_word_names_inside_longer_names() {
        let t = "David Cameron met the President of Cameron in Bulgarra.";
        let at = |w: &str| t.find(w).unwrap();
        assert!(inside_longer_name(t, at("Cameron"), at("Cameron") + 7));
        let second = t.rfind("Cameron").unwrap();
        assert!(!inside_longer_name(t, second, second + 7));
        assert!(!inside_longer_name(t, at("Bulgarra"), at("Bulgarra") + 8));
    }

    #[test]
    fn english_words_are_found_by_binary_search() {
        for w in [
            "aardvark",
            "hungry",
            "zygote",
            "organisation",
            "organization",
        ] {
            assert!(is_english_word(w), "{w}");
        }
        for w in ["hungary", "bulgarra", "aardvar", "zzzzzz", "", "Hungry"] {
            assert!(!is_english_word(w), "{w}");
        }
        let list: Vec<&str> = ENGLISH_WORDS.lines().collect();
        assert!(
            list.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        assert!(
            list.iter()
                .all(|w| w.len() >= 5 && w.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }

    #[test]
    fn support_must_be_near() {
        let a = TermRef {
            glossary: 0,
            term: 0,
        };
        let b = TermRef {
            glossary: 0,
            term: 1,
        };
        let named = [(a, Span::new(10, 20)), (b, Span::new(20_000, 20_010))];
        assert!(named_near(&named, a, Span::new(100, 110)));
        assert!(!named_near(
            &named,
            a,
            Span::new(20 + SUPPORT_BYTES + 1, 20 + SUPPORT_BYTES + 9)
        ));
        assert!(!named_near(&named, b, Span::new(100, 110)));
        // A mention the window overlaps is not support.
        assert!(!named_near(&named, a, Span::new(15, 25)));
    }

    #[test]
    fn whole_words_of_a_form() {
        assert!(contains_words("nikol pashinyan", "pashinyan"));
        assert!(contains_words("nikol pashinyan", "nikol"));
        assert!(!contains_words("nikol pashinyan", "pashin"));
    }

    #[test]
    fn near_identical_forms_are_capped_per_word_with_a_note() {
        // 300 forms one letter apart and a text of words near all of them:
        // at most MAX_SCORED_PER_WORD distances per word, and a note.
        let mut toml = String::from("[glossary]\nname = \"n\"\nlanguage = \"en\"\n");
        let letters = b"abcdefghijklmnopqrstuvwxyz";
        let mut n = 0;
        'outer: for i in 1..11 {
            for &c in letters {
                let mut w = b"Marlowvinski".to_vec();
                if w[i] == c {
                    continue;
                }
                w[i] = c;
                let w = String::from_utf8(w).unwrap();
                toml.push_str(&format!("[[term]]\nid = \"t{n}\"\npreferred = \"{w}\"\n"));
                n += 1;
                if n == 300 {
                    break 'outer;
                }
            }
        }
        let g = crate::glossary::parse("n.toml", &toml).glossary.unwrap();
        let set = GlossarySet::new(vec![g]).unwrap();
        let c = NearMissCheck::new(&set, DEFAULT_NEAR_MISS_THRESHOLD);
        let hay = "marlowvinski marlowvinsko";
        let toks = text_tokens(hay);
        let cands = c.candidates(hay, &toks);
        assert!(
            cands.len() <= 2 * MAX_CANDIDATES_PER_WINDOW,
            "{}",
            cands.len()
        );
        assert_eq!(c.capped(), 2);
        assert!(c.notes()[0].contains("2 words"), "{:?}", c.notes());
    }
}
