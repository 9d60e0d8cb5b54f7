//! [`Tally`]: the candidate spellings of one scope, kept compact. A long
//! document's tally holds tens of thousands of groups (some 60,000 for a
//! 1 GB file), nearly all with a single spelling.

use std::cmp::Ordering;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use smallvec::smallvec;

use super::{Conflict, GROUPS, Group, Occurrence, Spelling};

/// Candidate spellings of one scope: group key -> spelling -> counts.
///
/// Every (key, spelling) pair is one entry of one vector, linked to the
/// next spelling of its key in spelling order; a group's table holds the
/// index of each key's first entry, and the texts of keys and spellings
/// stand end to end in one string. A key with one spelling costs its
/// entry, a table slot of four bytes and its text: a map of boxed keys
/// to vectors of boxed spellings cost three allocations and a 40-byte
/// slot more per key (half the tally).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Per [`Group`] (by its index): key -> index of its first entry.
    tables: [HashTable<u32>; 4],
    entries: Entries,
    /// Key and spelling texts, end to end.
    text: String,
}

/// One spelling of one key.
#[derive(Debug, Clone)]
struct Entry {
    /// Where the key's text starts in [`Tally::text`]; the spelling's
    /// follows it.
    at: usize,
    key_len: u32,
    spelling_len: u32,
    /// The next spelling of the key, in spelling order ([`LAST`]: none).
    next: u32,
    /// The [`Group`], by index.
    group: u8,
    counts: Spelling,
}

/// Entries in chunks of [`CHUNK`]: a long document's tally grows to tens
/// of thousands of entries, and a vector doubling that far copies its
/// entries at each step (both copies resident) and leaves up to half its
/// room unused.
#[derive(Debug, Clone, Default)]
struct Entries {
    chunks: Vec<Vec<Entry>>,
}

/// Entries per chunk (a power of two, so the first chunk, growing as a
/// plain vector, fills exactly).
const CHUNK: usize = 1024;

impl Entries {
    fn len(&self) -> usize {
        match self.chunks.last() {
            Some(last) => (self.chunks.len() - 1) * CHUNK + last.len(),
            None => 0,
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push(&mut self, e: Entry) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < CHUNK => last.push(e),
            _ => {
                let mut chunk = Vec::with_capacity(if self.chunks.is_empty() { 4 } else { CHUNK });
                chunk.push(e);
                self.chunks.push(chunk);
            }
        }
    }
}

impl std::ops::Index<usize> for Entries {
    type Output = Entry;
    fn index(&self, i: usize) -> &Entry {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl std::ops::IndexMut<usize> for Entries {
    fn index_mut(&mut self, i: usize) -> &mut Entry {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

/// The end of a key's list of spellings.
const LAST: u32 = u32::MAX;

fn hash(key: &str) -> u64 {
    FxBuildHasher.hash_one(key)
}

fn key_of<'a>(text: &'a str, e: &Entry) -> &'a str {
    &text[e.at..e.at + e.key_len as usize]
}

fn spelling_of<'a>(text: &'a str, e: &Entry) -> &'a str {
    let start = e.at + e.key_len as usize;
    &text[start..start + e.spelling_len as usize]
}

/// Adds the counts of one spelling to another's.
fn absorb(s: &mut Spelling, o: Spelling) {
    s.count += o.count;
    s.first = s.first.min(o.first);
    for f in o.files {
        if !s.files.contains(&f) {
            s.files.push(f);
        }
    }
    s.files.sort_unstable();
}

impl Tally {
    /// Adds `count` occurrences of `spelling`, the first at `at`.
    pub(super) fn add_n(
        &mut self,
        group: Group,
        key: &str,
        spelling: &str,
        count: usize,
        at: Occurrence,
    ) {
        let counts = Spelling {
            count,
            first: at,
            files: smallvec![at.file],
        };
        self.add_counts(group as usize, key, spelling, counts);
    }

    /// Adds the counts of `spelling` of `key` in group `g` (an index).
    fn add_counts(&mut self, g: usize, key: &str, spelling: &str, counts: Spelling) {
        let Self {
            tables,
            entries,
            text,
        } = self;
        let h = hash(key);
        let head = tables[g]
            .find(h, |&i| key_of(text, &entries[i as usize]) == key)
            .copied();
        let mut before = None;
        let mut cur = head.unwrap_or(LAST);
        while cur != LAST {
            let e = &mut entries[cur as usize];
            match spelling_of(text, e).cmp(spelling) {
                Ordering::Less => {
                    before = Some(cur);
                    cur = e.next;
                }
                Ordering::Equal => {
                    absorb(&mut e.counts, counts);
                    return;
                }
                Ordering::Greater => break,
            }
        }
        // A word of 4 GiB or a tally of 4 billion spellings is no spelling
        // anyone compares: such a vote is dropped rather than wrapped.
        let (Ok(id), Ok(key_len), Ok(spelling_len)) = (
            u32::try_from(entries.len()),
            u32::try_from(key.len()),
            u32::try_from(spelling.len()),
        ) else {
            return;
        };
        if id == LAST {
            return;
        }
        let at = text.len();
        text.push_str(key);
        text.push_str(spelling);
        entries.push(Entry {
            at,
            key_len,
            spelling_len,
            next: cur,
            group: g as u8,
            counts,
        });
        match (before, head) {
            (Some(b), _) => entries[b as usize].next = id,
            (None, Some(old)) => {
                if let Some(slot) = tables[g].find_mut(h, |&i| i == old) {
                    *slot = id;
                }
            }
            (None, None) => {
                tables[g].insert_unique(h, id, |&i| hash(key_of(text, &entries[i as usize])));
            }
        }
    }

    /// Adds another tally (another file of the run).
    pub fn merge(&mut self, other: Tally) {
        if self.entries.is_empty() {
            *self = other;
            return;
        }
        let Tally { entries, text, .. } = other;
        for e in entries.chunks.into_iter().flatten() {
            let (key, spelling) = (key_of(&text, &e), spelling_of(&text, &e));
            self.add_counts(e.group as usize, key, spelling, e.counts);
        }
    }

    /// Sets the file index of every occurrence (a file's tally is built
    /// with index 0).
    pub fn set_file(&mut self, file: usize) {
        for e in self.entries.chunks.iter_mut().flatten() {
            e.counts.first.file = file;
            e.counts.files = smallvec![file];
        }
    }

    /// Groups spelled more than one way: (group, key, spellings with the
    /// most frequent first).
    pub fn conflicts(&self) -> Vec<Conflict<'_>> {
        let (entries, text) = (&self.entries, self.text.as_str());
        let mut groups: Vec<(Group, &str, u32)> = GROUPS
            .iter()
            .zip(&self.tables)
            .flat_map(|(&g, t)| t.iter().map(move |&i| (g, i)))
            .filter(|&(_, i)| entries[i as usize].next != LAST)
            .map(|(g, i)| (g, key_of(text, &entries[i as usize]), i))
            .collect();
        groups.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        groups
            .into_iter()
            .map(|(g, key, head)| {
                let mut v = Vec::new();
                let mut cur = head;
                while cur != LAST {
                    let e = &entries[cur as usize];
                    v.push((spelling_of(text, e), &e.counts));
                    cur = e.next;
                }
                // Stable: equal counts and places keep spelling order.
                v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.1.first.cmp(&b.1.first)));
                (g, key, v)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::finding::Span;

    /// What a tally holds, the plain way: (group, key) -> spelling ->
    /// (count, first, files).
    type Model = BTreeMap<(usize, String), BTreeMap<String, (usize, Occurrence, Vec<usize>)>>;

    /// A conflict with its strings owned: (spelling, count, first, files).
    type Owned = (Group, String, Vec<(String, usize, Occurrence, Vec<usize>)>);

    fn model_add(m: &mut Model, g: usize, key: &str, sp: &str, count: usize, at: Occurrence) {
        let s = m
            .entry((g, key.to_owned()))
            .or_default()
            .entry(sp.to_owned())
            .or_insert((0, at, Vec::new()));
        s.0 += count;
        s.1 = s.1.min(at);
        if !s.2.contains(&at.file) {
            s.2.push(at.file);
            s.2.sort_unstable();
        }
    }

    /// The model's conflicts in the tally's terms.
    fn model_conflicts(m: &Model) -> Vec<Owned> {
        m.iter()
            .filter(|(_, forms)| forms.len() >= 2)
            .map(|((g, key), forms)| {
                let mut v: Vec<_> = forms
                    .iter()
                    .map(|(sp, (n, first, files))| (sp.clone(), *n, *first, files.clone()))
                    .collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
                (GROUPS[*g], key.clone(), v)
            })
            .collect()
    }

    fn tally_conflicts(t: &Tally) -> Vec<Owned> {
        t.conflicts()
            .into_iter()
            .map(|(g, key, v)| {
                let v = v
                    .into_iter()
                    .map(|(sp, s)| (sp.to_owned(), s.count, s.first, s.files.to_vec()))
                    .collect();
                (g, key.to_owned(), v)
            })
            .collect()
    }

    fn occ(file: usize, start: usize) -> Occurrence {
        Occurrence {
            file,
            span: Span::new(start, start + 1),
        }
    }

    #[test]
    fn a_spelling_before_the_first_becomes_the_head() {
        let mut t = Tally::default();
        t.add_n(Group::Spelling, "colour", "colour", 1, occ(0, 9));
        t.add_n(Group::Spelling, "colour", "color", 2, occ(0, 3));
        t.add_n(Group::Spelling, "colour", "colr", 1, occ(0, 5));
        // The same key in another group is another group.
        t.add_n(Group::Hyphenation, "colour", "col-our", 1, occ(0, 1));
        let c = tally_conflicts(&t);
        assert_eq!(c.len(), 1);
        let spellings: Vec<(&str, usize)> =
            c[0].2.iter().map(|(s, n, ..)| (s.as_str(), *n)).collect();
        // Most frequent first, then the earliest.
        assert_eq!(spellings, [("color", 2), ("colr", 1), ("colour", 1)]);
    }

    #[test]
    fn set_file_and_merge_keep_files_apart() {
        let mut a = Tally::default();
        a.add_n(Group::Hyphenation, "ceasefire", "ceasefire", 3, occ(0, 4));
        let mut b = Tally::default();
        b.add_n(Group::Hyphenation, "ceasefire", "cease-fire", 1, occ(0, 7));
        b.add_n(Group::Hyphenation, "ceasefire", "ceasefire", 1, occ(0, 2));
        b.set_file(1);
        a.merge(b);
        let c = tally_conflicts(&a);
        assert_eq!(
            c[0].2,
            [
                ("ceasefire".to_owned(), 4, occ(0, 4), vec![0, 1]),
                ("cease-fire".to_owned(), 1, occ(1, 7), vec![1]),
            ]
        );
    }

    /// A tally of more entries than a chunk holds finds every key again
    /// across chunk ends, and merging one such tally into another adds up.
    #[test]
    fn entries_past_a_chunk_stay_linked() {
        let keys = 3 * CHUNK / 2;
        let mut a = Tally::default();
        let mut b = Tally::default();
        for k in 0..keys {
            let key = format!("key{k}");
            a.add_n(Group::Spelling, &key, &format!("{key}-a"), 1, occ(0, k));
            b.add_n(Group::Spelling, &key, &format!("{key}-b"), 2, occ(0, k));
        }
        assert_eq!(a.entries.len(), keys);
        assert!(a.entries.chunks.len() > 1);
        assert!(tally_conflicts(&a).is_empty());
        b.set_file(1);
        a.merge(b);
        let c = tally_conflicts(&a);
        assert_eq!(c.len(), keys);
        for (_, key, v) in &c {
            let spellings: Vec<(&str, usize)> =
                v.iter().map(|(s, n, ..)| (s.as_str(), *n)).collect();
            assert_eq!(
                spellings,
                [(&*format!("{key}-b"), 2), (&*format!("{key}-a"), 1)]
            );
        }
    }

    proptest! {
        /// Adding to two tallies and merging them gives what one plain
        /// map of maps gives, for every order of adds.
        #[test]
        fn adds_and_merges_match_a_plain_map(
            adds in prop::collection::vec(
                (0..4usize, 0..6u8, 0..4u8, 1..4usize, 0..3usize, 0..50usize, any::<bool>()),
                0..80,
            ),
        ) {
            let (mut one, mut two, mut model) = (Tally::default(), Tally::default(), Model::new());
            for (g, k, s, n, file, start, second) in adds {
                // Keys share prefixes and spellings, so texts end to end
                // must not run into each other.
                let key = "ab".repeat(usize::from(k));
                let sp = format!("{key}{}", "b".repeat(usize::from(s)));
                let at = occ(file, start);
                model_add(&mut model, g, &key, &sp, n, at);
                let t = if second { &mut two } else { &mut one };
                t.add_counts(g, &key, &sp, Spelling { count: n, first: at, files: smallvec![file] });
            }
            one.merge(two);
            prop_assert_eq!(tally_conflicts(&one), model_conflicts(&model));
        }
    }
}
