//! The near-miss candidate index: each fuzzy form's shape (word lengths,
//! letter sets, bigrams), bucketed by the first two words' initials and
//! lengths, and the search of a window's words against it.

use super::*;
use smallvec::SmallVec;

/// The word lengths and edit budgets of a form, packed: the first filter
/// reads these for every candidate, so they sit apart from the forms.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy)]
pub(super) struct Shape {
    pub(super) n: u8,
    pub(super) lens: [u8; 6],
    pub(super) budgets: [u8; 6],
}

impl Shape {
    pub(super) fn of(f: &FuzzyForm) -> Self {
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
    pub(super) fn fits(&self, toks: &[Tok]) -> bool {
        toks.iter()
            .zip(self.lens.iter().zip(&self.budgets))
            .all(|(t, (&l, &b))| t.chars.abs_diff(l as usize) <= b as usize)
    }
}

#[derive(Debug)]
pub(super) struct FuzzyForm {
    pub(super) term: TermRef,
    pub(super) kind: FormKind,
    /// Inline up to four words, like `caps` and `seps`: a loaded index
    /// then allocates only the form's text.
    pub(super) words: SmallVec<[Arc<Word>; 4]>,
    /// What separates its words (a space, an apostrophe).
    pub(super) seps: Seps,
    pub(super) chars: usize,
    /// Holds a capital letter: a name, which a text in lower case does
    /// not misspell ("once more" is not "OSCE zone").
    pub(super) proper: bool,
    /// Per word: starts with a capital, so the text's word must too (a
    /// name keeps its capitals: "while Russia" is not "White Russia").
    pub(super) caps: SmallVec<[bool; 8]>,
}

/// What separates the words of a form: single spaces almost always,
/// stored then as their number.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
pub(super) enum Seps {
    Spaces(usize),
    Other(Vec<String>),
}

impl FuzzyForm {
    /// The form as the glossary writes it (its text is not kept twice).
    pub(super) fn text<'a>(&self, set: &'a GlossarySet) -> &'a str {
        set.term(self.term).form(self.kind).text.trim()
    }
}

impl Seps {
    pub(super) fn new(seps: Vec<String>) -> Self {
        if seps.iter().all(|s| s == " ") {
            Seps::Spaces(seps.len())
        } else {
            Seps::Other(seps)
        }
    }

    /// The separator after word `i`.
    pub(super) fn get(&self, i: usize) -> Option<&str> {
        match self {
            Seps::Spaces(n) => (i < *n).then_some(" "),
            Seps::Other(v) => v.get(i).map(String::as_str),
        }
    }
}

/// Stored as its text and budget: the letters, bigrams and letter set are
/// worked out again on loading, which is faster than decoding them.
#[derive(serde::Deserialize, Debug)]
#[serde(from = "StoredWord<String>")]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) chars: Vec<char>,
    pub(super) bigrams: Vec<(char, char)>,
    pub(super) budget: usize,
    pub(super) mask: u32,
}

/// Serde for the forms of a [`NearMissCheck`]: forms share their words
/// (one [`Word`] per distinct word of the glossary), so the words are
/// stored once in a table and each form holds indices into it; loading
/// shares them again.
pub(super) mod shared_words {
    use super::{FuzzyForm, Word};
    use crate::glossary::{FormKind, TermRef};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use smallvec::SmallVec;
    use std::sync::Arc;

    #[derive(Serialize, Deserialize)]
    struct Form {
        term: TermRef,
        kind: FormKind,
        words: SmallVec<[u32; 4]>,
        seps: super::Seps,
        chars: usize,
        proper: bool,
        caps: SmallVec<[bool; 8]>,
    }

    pub(in crate::checks::near_miss) fn serialize<S: Serializer>(
        forms: &[FuzzyForm],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let mut index: rustc_hash::FxHashMap<*const Word, u32> = Default::default();
        let mut table: Vec<&Word> = Vec::new();
        let out: Vec<Form> = forms
            .iter()
            .map(|f| Form {
                term: f.term,
                kind: f.kind,
                words: f
                    .words
                    .iter()
                    .map(|w| {
                        *index.entry(Arc::as_ptr(w)).or_insert_with(|| {
                            table.push(w);
                            (table.len() - 1) as u32
                        })
                    })
                    .collect(),
                seps: f.seps.clone(),
                chars: f.chars,
                proper: f.proper,
                caps: f.caps.clone(),
            })
            .collect();
        (table, out).serialize(s)
    }

    pub(in crate::checks::near_miss) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<FuzzyForm>, D::Error> {
        let (table, forms): (Vec<Word>, Vec<Form>) = Deserialize::deserialize(d)?;
        let table: Vec<Arc<Word>> = table.into_iter().map(Arc::new).collect();
        forms
            .into_iter()
            .map(|f| {
                let words = f
                    .words
                    .iter()
                    .map(|&i| {
                        table
                            .get(i as usize)
                            .cloned()
                            .ok_or_else(|| serde::de::Error::custom("word index out of range"))
                    })
                    .collect::<Result<SmallVec<_>, D::Error>>()?;
                Ok(FuzzyForm {
                    term: f.term,
                    kind: f.kind,
                    words,
                    seps: f.seps,
                    chars: f.chars,
                    proper: f.proper,
                    caps: f.caps,
                })
            })
            .collect()
    }
}

/// The set of letters of a word as bits (ASCII letters one bit each, other
/// characters folded onto six more). One edit changes at most two bits, so
/// words whose masks differ in more than twice the edit budget cannot be
/// that close: the cheapest filter, run before the bigram count.
pub(super) fn letter_mask(s: &str) -> u32 {
    s.chars().fold(0, |m, c| m | letter_bit(c))
}

#[inline]
pub(super) fn letter_bit(c: char) -> u32 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        _ => 1 << (26 + c as u32 % 6),
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredWord<T> {
    text: T,
    budget: usize,
}

impl serde::Serialize for Word {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StoredWord {
            text: &self.text,
            budget: self.budget,
        }
        .serialize(s)
    }
}

impl From<StoredWord<String>> for Word {
    fn from(w: StoredWord<String>) -> Self {
        Self::with_budget(w.text, w.budget)
    }
}

impl Word {
    pub(super) fn new(s: &str, threshold: f64) -> Self {
        let n = s.chars().count();
        let budget = if n <= 3 {
            0
        } else {
            ((n as f64 * (1.0 - threshold)).round() as usize).clamp(1, 2)
        };
        Self::with_budget(s.to_owned(), budget)
    }

    fn with_budget(text: String, budget: usize) -> Self {
        let chars: Vec<char> = text.chars().collect();
        Self {
            bigrams: bigrams(&chars),
            chars,
            budget,
            mask: letter_mask(&text),
            text,
        }
    }
}

pub(super) fn bigrams(chars: &[char]) -> Vec<(char, char)> {
    let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v
}

/// Shared bigrams of two sorted lists (with multiplicity).
pub(super) fn shared(a: &[(char, char)], b: &[(char, char)]) -> usize {
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

/// A form as the first filter sees it: its id, and the letter sets of its
/// first two words with how many bits each may differ by (twice the
/// word's edit budget; a one-word form lets any second word pass).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) id: u32,
    pub(super) masks: [u32; 2],
    pub(super) limits: [u8; 2],
    /// The form's first word is capitalized, so the text's must be.
    pub(super) capital: bool,
}

impl Entry {
    pub(super) fn new(id: u32, words: &[Arc<Word>]) -> Self {
        let limit = |w: &Arc<Word>| (2 * w.budget).min(32) as u8;
        match words {
            [w0, w1, ..] => Entry {
                id,
                masks: [w0.mask, w1.mask],
                limits: [limit(w0), limit(w1)],
                capital: false,
            },
            [w0] => Entry {
                id,
                masks: [w0.mask, 0],
                limits: [limit(w0), 32],
                capital: false,
            },
            [] => Entry {
                id,
                masks: [0, 0],
                limits: [32, 32],
                capital: false,
            },
        }
    }

    /// Whether the words with letter sets `m0` and `m1` (0 for none) may
    /// be within budget: one edit changes at most two bits of a set.
    #[inline]
    pub(super) fn near(&self, m0: u32, m1: u32) -> bool {
        (m0 ^ self.masks[0]).count_ones() <= u32::from(self.limits[0])
            && (m1 ^ self.masks[1]).count_ones() <= u32::from(self.limits[1])
    }
}

/// Serde for the candidate entries as one byte string of fixed-size
/// records: hundreds of thousands for a large glossary, they load as one
/// copy instead of five variable-length integers each.
pub(super) mod packed_entries {
    use super::Entry;
    use serde::de::Error as _;
    use serde::{Deserializer, Serializer};

    const SIZE: usize = 4 + 4 + 4 + 1 + 1 + 1;

    pub(in crate::checks::near_miss) fn serialize<S: Serializer>(
        entries: &[Entry],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let mut out = Vec::with_capacity(entries.len() * SIZE);
        for e in entries {
            out.extend_from_slice(&e.id.to_le_bytes());
            out.extend_from_slice(&e.masks[0].to_le_bytes());
            out.extend_from_slice(&e.masks[1].to_le_bytes());
            out.extend_from_slice(&e.limits);
            out.push(u8::from(e.capital));
        }
        s.serialize_bytes(&out)
    }

    pub(in crate::checks::near_miss) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Entry>, D::Error> {
        let bytes: &'de [u8] = serde::Deserialize::deserialize(d)?;
        if !bytes.len().is_multiple_of(SIZE) {
            return Err(D::Error::custom("candidate entries of a wrong length"));
        }
        let word = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        Ok(bytes
            .chunks_exact(SIZE)
            .map(|b| Entry {
                id: word(&b[0..4]),
                masks: [word(&b[4..8]), word(&b[8..12])],
                limits: [b[12], b[13]],
                capital: b[14] != 0,
            })
            .collect())
    }
}

/// A range of `entries`: first the forms any word may start, then (from
/// `capital`) those only a capitalized word may start.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, Default)]
pub(super) struct Bucket {
    pub(super) start: u32,
    pub(super) capital: u32,
    pub(super) end: u32,
}

pub(super) const MAX_ASCII_LEN: usize = 32;

pub(super) fn ascii_slot(c: char, len: usize) -> Option<usize> {
    (c.is_ascii_lowercase() && len < MAX_ASCII_LEN)
        .then(|| (c as usize - 'a' as usize) * MAX_ASCII_LEN + len)
}

/// The bucket key of a window whose first word starts with `c1` and has
/// `l1` chars, and whose second word (`'\0'` and 0 for none) starts with
/// `c2` and has `l2`. Lengths saturate: a key only selects candidates,
/// the filters after it compare true lengths.
pub(super) fn bucket_key(c1: char, l1: usize, c2: char, l2: usize) -> u64 {
    (u64::from(c1) << 43)
        | (u64::from(c2) << 22)
        | ((l1.min(2047) as u64) << 11)
        | l2.min(2047) as u64
}

/// Initials a second word is told apart by in [`NearMissCheck::second`]:
/// the ASCII letters, and any other.
const INITIALS: usize = 27;

/// Where [`NearMissCheck::second`] holds the second-word lengths of flat
/// slot `slot` followed by a word starting with `c`.
pub(super) fn second_at(slot: usize, c: char) -> usize {
    let initial = if c.is_ascii_lowercase() {
        c as usize - 'a' as usize
    } else {
        INITIALS - 1
    };
    slot * INITIALS + initial
}

/// The bit of a second word of `len` chars in [`NearMissCheck::second`]
/// (lengths of 31 and more share one).
pub(super) fn length_bit(len: usize) -> u32 {
    1 << len.min(31)
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
                    || letters
                        < if proper {
                            MIN_NAME_LETTERS
                        } else {
                            MIN_LETTERS
                        }
                    || words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
                {
                    continue;
                }
                let Some(first) = key.chars().next() else {
                    continue;
                };
                let spans = tokens(&key);
                let seps = Seps::new(
                    spans
                        .windows(2)
                        .map(|w| key[w[0].1..w[1].0].to_owned())
                        .collect(),
                );
                let id = forms.len() as u32;
                let fws: SmallVec<[Arc<Word>; 4]> = words
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
                let mut entry = Entry::new(id, &fws);
                // `keeps_capitals` would reject the window later anyway.
                entry.capital = cased_words.len() == words.len()
                    && cased_words
                        .first()
                        .and_then(|w| w.chars().next())
                        .is_some_and(char::is_uppercase);
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
                    SmallVec::new()
                };
                forms.push(FuzzyForm {
                    term: r,
                    kind,
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
        singles.sort_unstable_by_key(|&(slot, e)| (slot, e.capital, e.id));
        keyed.sort_unstable_by_key(|&(k, e)| (k, e.capital, e.id));
        let mut entries = Vec::with_capacity(singles.len() + keyed.len());
        let mut ascii = vec![Bucket::default(); 26 * MAX_ASCII_LEN];
        let bucket = |entries: &mut Vec<Entry>, run: &[Entry]| {
            let start = entries.len() as u32;
            let capital = start + run.iter().filter(|e| !e.capital).count() as u32;
            entries.extend_from_slice(run);
            Bucket {
                start,
                capital,
                end: entries.len() as u32,
            }
        };
        for run in singles.chunk_by(|a, b| a.0 == b.0) {
            let slot = run[0].0;
            let run: Vec<Entry> = run.iter().map(|&(_, e)| e).collect();
            ascii[slot] = bucket(&mut entries, &run);
        }
        let mut buckets: HashMap<u64, Bucket> = HashMap::default();
        let mut second = vec![0u32; 26 * MAX_ASCII_LEN * INITIALS];
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            let k = run[0].0;
            let run: Vec<Entry> = run.iter().map(|&(_, e)| e).collect();
            buckets.insert(k, bucket(&mut entries, &run));
            let (c1, c2, l1, l2) = (k >> 43, (k >> 22) & 0x1F_FFFF, (k >> 11) & 2047, k & 2047);
            if let (Some(c1), Some(c2)) = (char::from_u32(c1 as u32), char::from_u32(c2 as u32))
                && c2 != '\0'
                && let Some(slot) = ascii_slot(c1, l1 as usize)
            {
                second[second_at(slot, c2)] |= length_bit(l2 as usize);
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
            roman: RomanIndex::new(set),
        }
    }

    /// Every window of `toks` close enough to a form, in text order and,
    /// per word, one-word forms first, each in index order.
    #[cfg(test)]
    pub(super) fn candidates(&self, hay: &str, toks: &[Tok]) -> Vec<Candidate> {
        self.candidates_with(hay, toks, None)
    }

    /// [`Self::candidates`], knowing which text words start with a capital
    /// (`caps`, one per token): a name whose first word is capitalized is
    /// not tried at a word that is not, the commonest case, before any
    /// other filter.
    pub(super) fn candidates_with(
        &self,
        hay: &str,
        toks: &[Tok],
        caps: Option<&[bool]>,
    ) -> Vec<Candidate> {
        let mut cands: Vec<Candidate> = Vec::new();
        let mut capped = 0;
        for (i, t) in toks.iter().enumerate() {
            let slot = ascii_slot(t.first, t.chars);
            let single = match slot {
                Some(slot) => self.ascii[slot],
                None => self.bucket(bucket_key(t.first, t.chars, '\0', 0)),
            };
            let pair = match toks.get(i + 1) {
                Some(n)
                    if slot.is_none_or(|s| {
                        self.second[second_at(s, n.first)] & length_bit(n.chars) != 0
                    }) =>
                {
                    self.bucket(bucket_key(t.first, t.chars, n.first, n.chars))
                }
                _ => Bucket::default(),
            };
            // A word in lower case starts no capitalized name.
            let lower = caps.is_some_and(|c| !c[i]);
            let range = |b: Bucket| {
                let end = if lower { b.capital } else { b.end };
                &self.entries[b.start as usize..end as usize]
            };
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
    /// `MAX_SCORED_PER_WORD` or `MAX_CANDIDATES_PER_WINDOW`, so far.
    pub fn capped(&self) -> usize {
        self.capped.load(Ordering::Relaxed)
    }

    /// The window of form `id` starting at word `i`, when it passes every
    /// filter after the index: word lengths from the compact shapes, the
    /// separators, then [`Self::score`].
    pub(super) fn window(
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
            match f.seps.get(j - i) {
                Some(" ") => b != a + 1 || hay.as_bytes()[a] != b' ',
                Some(sep) => hay[a..b] != *sep,
                None => true,
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

    pub(super) fn bucket(&self, k: u64) -> Bucket {
        self.buckets.get(&k).copied().unwrap_or_default()
    }

    /// Number of indexed forms.
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// The similarity of a window (its words) to a form, or `None` when a
    /// filter rejects it before or after the edit distance.
    pub(super) fn score(
        &self,
        f: &FuzzyForm,
        hay: &str,
        window: &[Tok],
        scored: &mut usize,
    ) -> Option<f64> {
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
        for (k, (t, fw)) in window.iter().zip(&f.words).enumerate() {
            if (t.mask ^ fw.mask).count_ones() as usize > 2 * fw.budget {
                return None;
            }
            let text = &hay[t.start..t.end];
            if text == fw.text {
                continue;
            }
            // In a capitalized word of a name, the last letter doubled
            // ("Barbadoss") or dropped ("Argentin") is a typo; other
            // extensions and truncations are related words ("Lavrova"),
            // "Georgi" and "Romani" are names, and a dropped -s is a
            // singular ("Minsk Agreement").
            let end_typo = f.caps.get(k).copied().unwrap_or(false)
                && !fw.text.ends_with('s')
                && (text
                    .strip_prefix(fw.text.as_str())
                    .is_some_and(|rest| rest.chars().count() == 1 && fw.text.ends_with(rest))
                    || fw.text.strip_prefix(text).is_some_and(|rest| {
                        rest.chars().count() == 1 && !text.ends_with(['i', 'y'])
                    }));
            if !end_typo
                && (text.starts_with(fw.text.as_str())
                    || fw.text.starts_with(text)
                    || derived_word(text, &fw.text))
            {
                return None;
            }
            differing += 1;
        }
        if differing == 0 {
            return None;
        }
        let longest = len.max(f.chars);
        // A name of any length may have one typo (each word still within
        // its own budget): "Chnia" is 80% similar to "China".
        let max_edits = (((1.0 - self.threshold) * longest as f64 + 1e-9).floor() as usize)
            .max(usize::from(f.proper));
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
            // A one-word name: only a slip of typing is a typo of it.
            if d > fw.budget || (f.proper && f.words.len() == 1 && !typing_slip(text, &fw.text)) {
                return None;
            }
            edits += d;
            if edits > max_edits {
                return None;
            }
        }
        let sim = 1.0 - edits as f64 / longest as f64;
        (sim >= self.threshold || (f.proper && edits <= 1)).then_some(sim)
    }
}

/// Shared bigrams of an ASCII word and a sorted bigram list, without
/// allocating (words longer than 48 bytes pass unfiltered).
pub(super) fn shared_ascii(w: &[u8], sorted: &[(char, char)]) -> usize {
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
pub(super) fn tokens(s: &str) -> Vec<(usize, usize)> {
    crate::text::words(s, 0)
        .into_iter()
        .map(|w| (w.start, w.end))
        .collect()
}

/// A word of the text: folded byte range, length in chars, letter set
/// and first char.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tok {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) chars: usize,
    pub(crate) mask: u32,
    pub(crate) first: char,
}

/// The words of folded text as [`tokens`] cuts them, with their lengths
/// and letter sets, in one pass (ASCII bytes need no decoding).
pub(crate) fn text_tokens(hay: &str) -> Vec<Tok> {
    // Runs over every byte of every document: an ASCII byte's letter bit
    // (zero for a byte that is not a letter or digit) is one table load,
    // and a token is consumed in one tight loop.
    let bytes = hay.as_bytes();
    let char_at = |i: usize| -> char { hay[i..].chars().next().unwrap_or('\0') };
    let mut out = Vec::with_capacity(hay.len() / 6);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let first = if b.is_ascii() {
            if ASCII_BITS[usize::from(b)] == 0 {
                i += 1;
                continue;
            }
            char::from(b)
        } else {
            let c = char_at(i);
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            c
        };
        let start = i;
        let (mut chars, mut mask) = (0, 0);
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                let bit = ASCII_BITS[usize::from(b)];
                if bit != 0 {
                    chars += 1;
                    mask |= bit;
                    i += 1;
                    continue;
                }
                // Inside a token the character before is a word character,
                // so a hyphen followed by one joins.
                let joins = b == b'-'
                    && bytes.get(i + 1).is_some_and(|&n| {
                        if n.is_ascii() {
                            ASCII_BITS[usize::from(n)] != 0
                        } else {
                            is_word_char(char_at(i + 1))
                        }
                    });
                if !joins {
                    break;
                }
                chars += 1;
                mask |= letter_bit('-');
                i += 1;
            } else {
                let c = char_at(i);
                if !is_word_char(c) {
                    break;
                }
                chars += 1;
                mask |= letter_bit(c);
                i += c.len_utf8();
            }
        }
        out.push(Tok {
            start,
            end: i,
            chars,
            mask,
            first,
        });
    }
    out
}

/// [`letter_bit`] of each ASCII letter and digit; zero for every other
/// ASCII byte.
static ASCII_BITS: [u32; 128] = {
    let mut t = [0; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = match c {
                b'a'..=b'z' => 1 << (c - b'a'),
                _ => 1 << (26 + c as u32 % 6),
            };
        }
        b += 1;
    }
    t
};

pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) form: usize,
    pub(super) sim: f64,
}
