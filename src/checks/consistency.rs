//! `inconsistent`: one scope (a file, or a whole run) spells the same word
//! or phrase in two ways that no glossary term decides: hyphenation
//! ("co-operation" / "cooperation"), British/American spelling
//! ("organisation" / "organization"), transliteration ("Sergei" /
//! "Sergey") and, when asked for, the capitalization of a two-word name
//! ("Minsk agreements" / "Minsk Agreements").
//!
//! Each file yields a [`Tally`] of candidate spellings. Text inside any
//! glossary match (approved forms included: the OSCE's "Co-operation" is
//! right) or inside another finding is left out. Tallies merge across
//! files for `--consistency run`.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use smallvec::SmallVec;

mod tally;
pub use tally::Tally;

use super::{Check, Context, Part};
use crate::derive::spelling;
use crate::finding::{Finding, Kind, Severity, Span};
use crate::text::Document;

/// Where consistency is judged.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Each file on its own (the default).
    File,
    /// All files of a run together: the caller merges the tallies.
    Run,
}

/// Why two spellings belong together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Hyphen, space or closed.
    Hyphenation,
    /// British or American.
    Spelling,
    /// Romanization of the same Russian name.
    Transliteration,
    /// Capitalization of a two-word name.
    Capitalization,
}

impl Group {
    /// A word for messages.
    pub const fn label(self) -> &'static str {
        match self {
            Group::Hyphenation => "hyphenation",
            Group::Spelling => "spelling",
            Group::Transliteration => "transliteration",
            Group::Capitalization => "capitalization",
        }
    }
}

/// One occurrence: the file (an index chosen by the caller) and its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    /// Index of the file in the run.
    pub file: usize,
    /// Original bytes.
    pub span: Span,
}

/// How often one spelling occurs and where first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    /// Number of occurrences.
    pub count: usize,
    /// The first one (lowest file, then offset).
    pub first: Occurrence,
    /// Files it occurs in, sorted. Kept inline for one or two files (a
    /// long document's tally holds tens of thousands of spellings, each
    /// in one file).
    pub files: SmallVec<[usize; 2]>,
}

/// A group spelled several ways: why they belong together, the shared
/// key, and the spellings with the most frequent first.
pub type Conflict<'a> = (Group, &'a str, Vec<(&'a str, &'a Spelling)>);

/// The groups in their order ([`Group`]'s `Ord`), by index.
const GROUPS: [Group; 4] = [
    Group::Hyphenation,
    Group::Spelling,
    Group::Transliteration,
    Group::Capitalization,
];

impl Tally {
    #[cfg(test)]
    fn add(&mut self, group: Group, key: &str, spelling: &str, at: Occurrence) {
        self.add_n(group, key, spelling, 1, at);
    }

    /// The `inconsistent` findings of this tally: for each group spelled
    /// several ways, one finding per minority spelling at its first
    /// occurrence, paired with the majority spelling. `docs[i]` is file `i`.
    pub fn findings(&self, docs: &[&Document]) -> Vec<(usize, Finding)> {
        let mut out: Vec<(usize, Finding)> = Vec::new();
        // Spans already reported, disjoint, by (file, start): their ends.
        // A new span overlaps one of them only if it overlaps the last that
        // starts before its end (a lookup, not a scan of every finding).
        let mut taken: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        let run = docs.len() > 1;
        let conflicts = self.conflicts();
        let apart = NameUses::find(&conflicts, docs);
        for (group, key, forms) in conflicts {
            let (major, m) = forms[0];
            for &(minor, s) in &forms[1..] {
                let Some(doc) = docs.get(s.first.file) else {
                    continue;
                };
                let Some(other) = docs.get(m.first.file) else {
                    continue;
                };
                let line = other.line_col(m.first.span.start).line;
                let place = if run {
                    format!("{}:{line}", other.path)
                } else {
                    format!("line {line}")
                };
                // Two different names, each with its own spelling, do
                // not vote against each other.
                if key.starts_with(NAME_CLASS) && apart.different_names(docs, s, m) {
                    continue;
                }
                let found = doc.text[s.first.span.range()].to_owned();
                let message = format!(
                    "'{minor}' ({}×) and '{major}' ({}×, first at {place}) are both used: inconsistent {}",
                    s.count,
                    m.count,
                    group.label()
                );
                let finding = Finding {
                    span: s.first.span,
                    kind: Kind::Inconsistent,
                    severity: Severity::Info,
                    term_id: format!("unlisted:{}", display_key(key)).into(),
                    found: found.into(),
                    preferred: doc_text(other, m.first.span).into(),
                    message: message.into(),
                    note: None,
                    reference: None,
                    fix: None,
                    source_span: None,
                    date: None,
                };
                let (file, sp) = (s.first.file, finding.span);
                let clash = taken
                    .range((file, 0)..(file, sp.end))
                    .next_back()
                    .is_some_and(|(&(_, start), &end)| Span::new(start, end).overlaps(sp));
                if !clash && !sp.is_empty() {
                    taken.insert((file, sp.start), sp.end);
                    out.push((file, finding));
                }
            }
        }
        out
    }
}

/// Lower-case words that join the capitalized words of one name ("Group
/// of Friends in Defence of the Charter").
const NAME_JOINERS: &[&str] = &["of", "for", "in", "on", "the"];

/// Whether `w` may stand before "the" inside one name ("of the Charter");
/// elsewhere "the" begins another name.
fn before_the(w: Option<&&str>) -> bool {
    w.is_some_and(|w| {
        ["of", "for", "in", "on"]
            .iter()
            .any(|j| j.eq_ignore_ascii_case(w))
    })
}

/// The multi-word proper name around `span` of `text`, as lower-case
/// words with the words of `span` replaced by one empty word: the run of
/// capitalized words and joiners separated by single spaces, without
/// joiners at its ends, stopping at punctuation and possessives ("India's
/// Prime Minister" gives "prime minister"). `None` when `span` stands
/// alone (no capitalized word beside it).
fn name_around(text: &str, span: Span) -> Option<Vec<String>> {
    // At most this many words on each side (a name is short; this bounds
    // the work on text without punctuation).
    const REACH: usize = 12;
    let is_name_char = |c: char| crate::text::is_word_char(c) || is_hyphen(c);
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let joiner = |w: &str| NAME_JOINERS.iter().any(|j| j.eq_ignore_ascii_case(w));
    let mut left: Vec<&str> = Vec::new();
    let mut at = span.start;
    while left.len() < REACH {
        let Some(before) = text[..at].strip_suffix(' ') else {
            break;
        };
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_name_char(c))
            .last()
            .map_or(before.len(), |(i, _)| i);
        let w = &before[start..];
        if w.is_empty() || !(capital(w) || joiner(w)) {
            break;
        }
        left.push(w);
        at = start;
    }
    let mut right: Vec<&str> = Vec::new();
    let mut at = span.end;
    while right.len() < REACH {
        let Some(after) = text[at..].strip_prefix(' ') else {
            break;
        };
        let len = after
            .char_indices()
            .find(|&(_, c)| !is_name_char(c))
            .map_or(after.len(), |(i, _)| i);
        let w = &after[..len];
        // A possessive belongs to the next name: "Russia's Prime Minister".
        let possessive = after[len..].starts_with(['\'', '\u{2019}']);
        if w.is_empty()
            || possessive
            || !(capital(w) || joiner(w))
            || (w.eq_ignore_ascii_case("the") && !before_the(right.last()))
        {
            break;
        }
        right.push(w);
        at += 1 + len;
    }
    if let Some(k) = (0..left.len())
        .find(|&k| left[k].eq_ignore_ascii_case("the") && !before_the(left.get(k + 1)))
    {
        left.truncate(k);
    }
    while left.last().is_some_and(|w| joiner(w)) {
        left.pop();
    }
    while right.last().is_some_and(|w| joiner(w)) {
        right.pop();
    }
    if left.is_empty() && right.is_empty() {
        return None;
    }
    let mut name: Vec<String> = left.iter().rev().map(|w| w.to_lowercase()).collect();
    name.push(String::new());
    name.extend(right.iter().map(|w| w.to_lowercase()));
    Some(name)
}

/// Whether `a` holds `b` as consecutive words.
fn holds(a: &[String], b: &[String]) -> bool {
    b.len() <= a.len() && a.windows(b.len()).any(|w| w == b)
}

/// Where the majority spellings of proper-name conflicts are used, found
/// for all conflicts in one pass over each document (a search per
/// conflict would read a long document once per conflict).
struct NameUses<'d> {
    /// (file, majority spelling) -> its word-bounded uses in that file,
    /// or `None` past [`NAME_USES`].
    uses: HashMap<(usize, &'d str), Option<Vec<Span>>>,
}

/// Uses of a majority spelling looked at, at most: a spelling used more
/// often is taken to stand alone somewhere, and the rule of
/// [`NameUses::different_names`] does not apply.
const NAME_USES: usize = 256;

/// The word-bounded uses of each of `needles` in `text`, at most
/// [`NAME_USES`] each (`None` past that).
fn word_uses(text: &str, needles: &[&str]) -> Vec<Option<Vec<Span>>> {
    // Names begin with a capital (or a non-ASCII letter): the
    // longest needle is looked for, anchored, only where
    // `next_marked` stops, a few percent of the bytes. A shorter
    // needle that begins where a longer one matched is its prefix,
    // added from the longer one's match.
    let anchored = needles.iter().all(|n| {
        n.as_bytes()
            .first()
            .is_some_and(|&b| b.is_ascii_uppercase() || !b.is_ascii())
    });
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .start_kind(aho_corasick::StartKind::Both)
        .build(needles)
    else {
        return vec![None; needles.len()];
    };
    let prefixes: Vec<Vec<usize>> = needles
        .iter()
        .map(|n| {
            (0..needles.len())
                .filter(|&k| needles[k].len() < n.len() && n.starts_with(needles[k]))
                .collect()
        })
        .collect();
    let mut found: Vec<Option<Vec<Span>>> = vec![Some(Vec::new()); needles.len()];
    let mut record = |k: usize, sp: Span| {
        let slot = &mut found[k];
        let Some(list) = slot else {
            return;
        };
        let bounded = text[..sp.start]
            .chars()
            .next_back()
            .is_none_or(|c| !crate::text::is_word_char(c))
            && text[sp.end..]
                .chars()
                .next()
                .is_none_or(|c| !crate::text::is_word_char(c));
        if !bounded {
            return;
        }
        if list.len() == NAME_USES {
            *slot = None;
        } else {
            list.push(sp);
        }
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        let hit = if anchored {
            let Some(p) = next_marked(bytes, at) else {
                break;
            };
            at = p + 1;
            let input = aho_corasick::Input::new(text)
                .range(p..)
                .anchored(aho_corasick::Anchored::Yes);
            match ac.find(input) {
                Some(hit) => hit,
                None => continue,
            }
        } else {
            let input = aho_corasick::Input::new(text).range(at..);
            let Some(hit) = ac.find(input) else {
                break;
            };
            // Afresh from the next character after the match's
            // start, so a match that begins inside it is found.
            at = hit.start() + text[hit.start()..].chars().next().map_or(1, char::len_utf8);
            hit
        };
        let k = hit.pattern().as_usize();
        record(k, Span::new(hit.start(), hit.end()));
        for &p in &prefixes[k] {
            record(p, Span::new(hit.start(), hit.start() + needles[p].len()));
        }
    }
    found
}

impl<'d> NameUses<'d> {
    fn find(conflicts: &[Conflict<'_>], docs: &[&'d Document]) -> Self {
        // Per file, its needles in order, each once.
        let mut wanted: HashMap<usize, (Vec<&'d str>, HashSet<&'d str>)> = HashMap::default();
        for (_, key, forms) in conflicts {
            if !key.starts_with(NAME_CLASS) {
                continue;
            }
            let m = forms[0].1;
            let Some(needle) = docs
                .get(m.first.file)
                .and_then(|d| d.text.get(m.first.span.range()))
                .filter(|n| !n.is_empty())
            else {
                continue;
            };
            for s in forms[1..].iter().map(|(_, s)| s) {
                for file in [s.first.file, m.first.file] {
                    let (list, seen) = wanted.entry(file).or_default();
                    if seen.insert(needle) {
                        list.push(needle);
                    }
                }
            }
        }
        let mut uses: HashMap<(usize, &'d str), Option<Vec<Span>>> = HashMap::default();
        for (file, (needles, _)) in wanted {
            let Some(doc) = docs.get(file) else {
                continue;
            };
            let found = word_uses(&doc.text, &needles);
            for (needle, f) in needles.into_iter().zip(found) {
                uses.insert((file, needle), f);
            }
        }
        Self { uses }
    }

    /// True when the minority spelling `s` lies in a multi-word proper
    /// name and every use of the majority spelling `m` (in the two files
    /// of their first uses) lies in another one: "Secretary-General of the
    /// Association of Southeast Asian Nations" and "Deputy Secretary
    /// General of the Collective Security Treaty Organization" are two
    /// titles, each spelled by its own body. Names are the same when one
    /// holds the other ("Mr Prime-Minister" and "Prime Minister"); a use
    /// standing alone may be either name.
    fn different_names(&self, docs: &[&'d Document], s: &Spelling, m: &Spelling) -> bool {
        let Some(doc) = docs.get(s.first.file) else {
            return false;
        };
        let Some(mine) = name_around(&doc.text, s.first.span) else {
            return false;
        };
        let Some(needle) = docs
            .get(m.first.file)
            .and_then(|d| d.text.get(m.first.span.range()))
        else {
            return false;
        };
        let mut seen = false;
        let files = [s.first.file, m.first.file];
        let files = if files[0] == files[1] {
            &files[..1]
        } else {
            &files[..]
        };
        for &file in files {
            let (Some(d), Some(found)) = (docs.get(file), self.uses.get(&(file, needle))) else {
                return false;
            };
            let Some(spans) = found else {
                return false;
            };
            for &sp in spans {
                seen = true;
                match name_around(&d.text, sp) {
                    Some(theirs) if !holds(&mine, &theirs) && !holds(&theirs, &mine) => {}
                    _ => return false,
                }
            }
        }
        seen
    }
}

/// Marks the key of a spelling inside a proper name, so names are
/// compared with names and common nouns with common nouns.
const NAME_CLASS: char = '\u{1}';

/// A group's key as shown (in `unlisted:<key>` and the usage table).
pub fn display_key(key: &str) -> &str {
    key.trim_start_matches(NAME_CLASS)
}

fn doc_text(doc: &Document, span: Span) -> String {
    doc.text.get(span.range()).unwrap_or_default().to_owned()
}

/// The `inconsistent` check.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ConsistencyCheck {
    scope: Scope,
}

impl ConsistencyCheck {
    /// A check for `scope`; with [`Scope::Run`] it reports nothing itself
    /// and the caller merges [`tally`]s.
    pub fn new(scope: Scope) -> Self {
        Self { scope }
    }
}

impl Check for ConsistencyCheck {
    fn name(&self) -> &'static str {
        "inconsistent"
    }

    fn whole_document(&self) -> bool {
        self.scope == Scope::File
    }

    fn tallies(&self) -> bool {
        self.scope == Scope::File
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if self.scope != Scope::File {
            return;
        }
        let t = tally(cx, out);
        let found = t.findings(&[cx.doc]);
        out.extend(found.into_iter().map(|(_, f)| f));
    }
}

/// The one tokenizer: words of the text (runs of word characters with
/// inner hyphens joining parts), shared with near-miss and `mine`.
use crate::text::{is_hyphen, words as tokens};

/// A romanization skeleton: spellings of one Russian name by different
/// systems share it ("Sergei"/"Sergey"/"Sergej", "Matviyenko"/"Matvienko",
/// "Zhuravlyov"/"Zhuravlev").
pub fn skeleton(lower: &str) -> String {
    // A leading "J" stays: "Jury" is not "Yury", "Julia" not "Yulia".
    let (head, rest) = match lower.strip_prefix('j') {
        Some(rest) => ("j", rest),
        None => ("", lower),
    };
    let mut s = rest.to_owned();
    for (a, b) in [
        ("yo", "e"),
        ("ye", "e"),
        ("ya", "ia"),
        ("yu", "iu"),
        ("kh", "h"),
        ("ks", "x"),
        ("ph", "f"),
        ("j", "i"),
        ("y", "i"),
        ("w", "v"),
    ] {
        if s.contains(a) {
            s = s.replace(a, b);
        }
    }
    // "iy" and "ya" leave doubled i's ("Matviienko"); other doubled
    // letters tell names apart ("Mohammed", "Mohamed").
    while s.contains("ii") {
        s = s.replace("ii", "i");
    }
    format!("{head}{s}")
}

fn capitalized(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase)
        && c.clone().any(char::is_lowercase)
        && !c.any(char::is_uppercase)
}

/// A headline: most longer words capitalized.
fn title_like(line: &str) -> bool {
    if line.len() > 200 {
        return false;
    }
    let (mut words, mut caps) = (0usize, 0usize);
    for w in line.split(|c: char| !c.is_alphabetic()) {
        if w.chars().nth(3).is_some() {
            words += 1;
            caps += usize::from(w.chars().next().is_some_and(char::is_uppercase));
        }
    }
    words >= 2 && caps * 4 >= words * 3
}

/// The candidate spellings of one checked document (file index 0). Text
/// inside glossary matches and inside `findings` is left out.
pub fn tally(cx: &Context<'_>, findings: &[Finding]) -> Tally {
    let mut votes = Votes::default();
    tally_into(&cx.doc.text, cx, findings, Wanted::Local, &[], &mut votes);
    votes.finish()
}

/// Like [`tally`], for one window of a long document: `wanted` holds the
/// closed spellings of the hyphenated and camel-case words of the whole
/// document ([`wanted_words`]), so windows tally what the whole-document
/// check would. Every window of the document passes the same `wanted`
/// (what it answered for a word is remembered from window to window).
pub fn tally_window<'t>(
    text: &'t str,
    cx: &Context<'_>,
    findings: &[Finding],
    wanted: &HashSet<String>,
    regions: &[Span],
    acc: &mut WindowVotes<'t>,
) {
    // The votes of all windows gather by word ids (most words recur from
    // window to window); past a bound on the vocabulary they are added to
    // the document's tally and counting starts afresh, so memory stays
    // bounded whatever the number of distinct words. They are added in
    // place: a second tally to merge would double the tally's peak.
    let at = std::ptr::from_ref(wanted).addr();
    debug_assert!(
        acc.wanted == 0 || acc.wanted == at,
        "a document's windows share one wanted set"
    );
    acc.wanted = at;
    if acc.votes.vocab.len() > WINDOW_VOCAB {
        acc.votes.flush_into(&mut acc.tally);
    }
    tally_into(
        text,
        cx,
        findings,
        Wanted::Given(wanted),
        regions,
        &mut acc.votes,
    );
}

/// Like [`tally_window`], for `--consistency run` and the usage table:
/// every word votes, since its other spelling may be in another file.
pub fn tally_run_window<'t>(
    text: &'t str,
    cx: &Context<'_>,
    findings: &[Finding],
    regions: &[Span],
    acc: &mut WindowVotes<'t>,
) {
    if acc.votes.vocab.len() > WINDOW_VOCAB {
        acc.votes.flush_into(&mut acc.tally);
    }
    tally_into(text, cx, findings, Wanted::All, regions, &mut acc.votes);
}

/// The votes of the windows of one long document (for [`tally_window`];
/// `text` is the document's text), and the tally of those already turned
/// into spellings.
#[derive(Default)]
pub struct WindowVotes<'t> {
    votes: Votes<'t>,
    tally: Tally,
    /// Where the wanted set of the first window is (0: no window yet):
    /// every window must pass the same one.
    wanted: usize,
}

impl WindowVotes<'_> {
    /// The tally of the whole document.
    pub fn finish(mut self) -> Tally {
        self.votes.drop_lookups();
        self.votes.flush_into(&mut self.tally);
        self.tally
    }
}

/// Distinct words a [`WindowVotes`] counts before it turns its votes into
/// a tally (a plain word costs some 60 bytes).
const WINDOW_VOCAB: usize = 1 << 16;

/// The closed spellings of the hyphenated and camel-case words of
/// `regions`: the only words a plain spelling can be inconsistent with.
pub fn wanted_words(text: &str, regions: &[Span]) -> HashSet<String> {
    // Text is read in runs between ASCII white space (no word crosses
    // one). Only a run with a hyphen, a capital after a letter or digit,
    // or a non-ASCII byte can hold such a word: those bytes are found
    // eight at a time, and only their runs are cut into words.
    let mut w = HashSet::default();
    for r in regions {
        let not = not_words(&text[r.range()], r.start);
        let bytes = &text.as_bytes()[r.range()];
        let mut at = 0;
        while let Some(p) = next_marked(bytes, at) {
            if bytes[p].is_ascii_uppercase() && (p == 0 || !bytes[p - 1].is_ascii_alphanumeric()) {
                at = p + 1;
                continue;
            }
            let start = bytes[..p]
                .iter()
                .rposition(u8::is_ascii_whitespace)
                .map_or(0, |i| i + 1);
            let end = bytes[p..]
                .iter()
                .position(u8::is_ascii_whitespace)
                .map_or(bytes.len(), |i| p + i);
            let (s, e) = (r.start + start, r.start + end);
            for tok in tokens(&text[s..e], s) {
                let k = not.partition_point(|n| n.end <= tok.start);
                if not.get(k).is_some_and(|n| n.overlaps(tok)) {
                    continue;
                }
                add_wanted(&mut w, &text[tok.range()]);
            }
            at = end;
        }
    }
    w
}

/// The first byte at or after `from` that is a hyphen, an ASCII capital or
/// not ASCII, tested eight bytes at a time.
fn next_marked(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let marked = |b: u8| b == b'-' || b.is_ascii_uppercase() || !b.is_ascii();
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut i = from;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let low = x & !HIGH;
        // Seven-bit byte values plus at most 0x7f never carry into the
        // next byte: a high bit after the sum answers each test.
        let capital = (low + ONES * (0x80 - b'A' as u64)) & !(low + ONES * (0x80 - b'[' as u64));
        let hyphen = !((low ^ (ONES * b'-' as u64)) + ONES * 0x7f);
        let m = (x | capital | hyphen) & HIGH;
        if m != 0 {
            // A high bit of a non-ASCII byte may be set by the tests of
            // its low bits too; the first marked byte is exact either way.
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| marked(b))
        .map(|k| i + k)
}

fn add_wanted(w: &mut HashSet<String>, word: &str) {
    // Most words are ASCII: bytes answer without decoding.
    let (hyphenated, camel) = if word.is_ascii() {
        let b = word.as_bytes();
        (
            b.contains(&b'-'),
            b.iter().skip(1).any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase),
        )
    } else {
        (
            word.contains(is_hyphen),
            word.chars().skip(1).any(char::is_uppercase) && word.chars().any(char::is_lowercase),
        )
    };
    if hyphenated {
        w.insert(word.to_lowercase().replace(is_hyphen, ""));
    } else if camel {
        w.insert(word.to_lowercase());
    }
}

/// The votes of one checked text, by word ids: spelling strings are built
/// once per distinct vote, in [`Votes::finish`].
#[derive(Default)]
struct Votes<'t> {
    vocab: Vocab<'t>,
    /// Where the latest slot a word voted in ([`Vote::slot`]) is in
    /// `slots` (`u32::MAX`: none yet), so words that never vote cost
    /// nothing.
    slot_of: Vec<u32>,
    /// The words' own votes, one per word and slot, each word's slots
    /// linked from its latest.
    slots: Vec<SlotVote>,
    /// The other votes (pairs, names with a surname).
    votes: HashMap<Vote, (usize, Span)>,
    /// Capitalization of two-word names (only when asked for): key,
    /// spelling, place.
    caps: Vec<(String, String, Span)>,
    /// Whether a word's closed spelling is wanted, by word id: 0 not
    /// worked out yet, 1 no, 2 yes. A `Votes` counts for one wanted set
    /// (one call of [`tally`], or every window of one document in
    /// [`tally_window`]), so an answer holds until the vocabulary is
    /// cleared. One byte a word: it is read for most words of the text.
    wanted_at: Vec<u8>,
}

impl<'t> Votes<'t> {
    /// The tally of the checked text.
    fn finish(mut self) -> Tally {
        self.drop_lookups();
        let mut t = Tally::default();
        self.flush_into(&mut t);
        t
    }

    /// Frees what only counting needs (finding a word's id and its
    /// votes), before the last flush: the tally grows into that room.
    fn drop_lookups(&mut self) {
        self.vocab.drop_lookups();
        self.slot_of = Vec::new();
        self.wanted_at = Vec::new();
    }

    /// Adds the votes to `t` and starts counting afresh. The vectors and
    /// maps keep their room: dropped and grown again after every flush of
    /// a long document, they left holes in the heap that the tally's small
    /// allocations filled, and the next votes took fresh memory.
    fn flush_into(&mut self, t: &mut Tally) {
        let v = &self.vocab;
        let at = |span: Span| Occurrence { file: 0, span };
        let mut kbuf = String::new();
        let mut spelled = String::new();
        let of_words = self.slots.iter().map(|s| {
            (
                Vote::of_slot(s.id, usize::from(s.slot)),
                (s.count as usize, s.first),
            )
        });
        for (vote, (count, first)) in of_words.chain(self.votes.drain()) {
            match vote {
                Vote::Closed(id, proper) => {
                    kbuf.clear();
                    if proper {
                        kbuf.push(NAME_CLASS);
                    }
                    kbuf.push_str(v.closed(id));
                    t.add_n(Group::Hyphenation, &kbuf, v.spelled(id), count, at(first));
                }
                Vote::Pair(a, b) => {
                    kbuf.clear();
                    kbuf.push(NAME_CLASS);
                    kbuf.push_str(v.closed(a));
                    kbuf.push_str(v.flat_lower(b));
                    spelled.clear();
                    spelled.push_str(v.lower(a));
                    spelled.push(' ');
                    spelled.push_str(v.lower(b));
                    t.add_n(Group::Hyphenation, &kbuf, &spelled, count, at(first));
                }
                Vote::Spelling(id, proper) => {
                    let Some(canon) = v.canon(id) else {
                        continue;
                    };
                    let key = if proper {
                        canon
                    } else {
                        &canon[NAME_CLASS.len_utf8()..]
                    };
                    t.add_n(Group::Spelling, key, v.lower(id), count, at(first));
                }
                Vote::Name(id, surname) => {
                    let own = v.skeleton(id).unwrap_or_default();
                    let word = v.word(id);
                    match surname.and_then(|j| v.skeleton(j)) {
                        Some(s) => {
                            kbuf.clear();
                            kbuf.push_str(own);
                            kbuf.push(' ');
                            kbuf.push_str(s);
                            t.add_n(Group::Transliteration, &kbuf, word, count, at(first));
                        }
                        None => t.add_n(Group::Transliteration, own, word, count, at(first)),
                    }
                }
            }
        }
        for (key, spelling, pair) in self.caps.drain(..) {
            t.add_n(Group::Capitalization, &key, &spelling, 1, at(pair));
        }
        self.vocab.clear();
        self.slot_of.clear();
        self.slots.clear();
        self.wanted_at.clear();
    }
}

/// Which plain words to tally.
#[derive(Clone, Copy)]
enum Wanted<'a> {
    /// Every word (run scope: the other spelling may be in another file).
    All,
    /// Those with a hyphenated or joined spelling in the same checked text.
    Local,
    /// Those in a set computed over the whole document.
    Given(&'a HashSet<String>),
}

/// Like [`tally`], for `--consistency run`: every word is kept, since its
/// other spelling may be in another file.
pub fn tally_run(cx: &Context<'_>, findings: &[Finding]) -> Tally {
    let mut votes = Votes::default();
    tally_into(&cx.doc.text, cx, findings, Wanted::All, &[], &mut votes);
    votes.finish()
}

/// The strings of a word that is not plain lower-case ASCII (a plain
/// word is its own lower case, closed spelling and so on), end to end in
/// the vocabulary's arena: one allocation for all words instead of up to
/// six per word (a long document's vocabulary holds tens of thousands).
struct Rich {
    /// Where the strings start in the arena.
    at: usize,
    /// Where each of them ends, from `at`, in [`RichText`] order.
    ends: [u32; RICH_TEXTS],
    /// Which of the optional ones are there, by bit of [`RichText`].
    present: u8,
}

/// The strings of a [`Rich`] word, in arena order.
#[derive(Clone, Copy)]
enum RichText {
    Lower,
    /// Lower-cased a character at a time (present only where it differs
    /// from `Lower`: a final capital sigma).
    FlatLower,
    /// The spelling without hyphens.
    Closed,
    /// The lower-case spelling, hyphens written '-'.
    Spelled,
    /// [`NAME_CLASS`], then the British/American canonical spelling.
    Canon,
    /// The romanization skeleton of a capitalized word.
    Skeleton,
}

const RICH_TEXTS: usize = 6;

impl Rich {
    /// Appends `texts` (in [`RichText`] order) to `arena`; `None` when a
    /// word's strings are longer than 4 GiB (no word of prose is).
    fn push(arena: &mut String, texts: [Option<&str>; RICH_TEXTS]) -> Option<Rich> {
        let at = arena.len();
        let mut ends = [0; RICH_TEXTS];
        let mut present = 0;
        for (i, t) in texts.iter().enumerate() {
            if let Some(t) = t {
                arena.push_str(t);
                present |= 1 << i;
            }
            match u32::try_from(arena.len() - at) {
                Ok(end) => ends[i] = end,
                Err(_) => {
                    arena.truncate(at);
                    return None;
                }
            }
        }
        Some(Rich { at, ends, present })
    }

    fn get<'a>(&self, arena: &'a str, t: RichText) -> Option<&'a str> {
        let i = t as usize;
        if self.present & (1 << i) == 0 {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        arena.get(self.at + start as usize..self.at + self.ends[i] as usize)
    }
}

/// Bits of a word's flags.
const CANDIDATE: u16 = 1;
/// First letter upper-case.
const UPPER: u16 = 2;
const CAPITALIZED: u16 = 4;
const HYPHENATED: u16 = 8;
const ALPHABETIC: u16 = 16;
/// Five letters or more.
const LONG: u16 = 32;
/// A British or American spelling.
const CANON: u16 = 64;
/// Hyphenated or camel-case: its closed spelling is one a plain word can
/// stand against.
const WANTS: u16 = 128;
/// Four letters or more.
const LETTERS4: u16 = 256;
/// Four characters or more.
const CHARS4: u16 = 512;

/// The bytes and length of the word at `range` of `text` in one integer,
/// for words of up to 15 bytes: distinct words give distinct keys (the
/// length byte tells "a" from "a\0"). Where 16 bytes of text follow the
/// word's start they are read at once and masked: copying the word into a
/// zeroed buffer first stalls the read of the buffer on the copy.
fn pack(text: &[u8], range: std::ops::Range<usize>) -> Option<(u64, u64)> {
    let len = range.len();
    if len > 15 {
        return None;
    }
    let start = range.start;
    let bytes = match text.get(start..start + 16) {
        Some(b) => <[u8; 16]>::try_from(b).ok()?,
        None => {
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(text.get(range)?);
            buf
        }
    };
    let mask = (1u128 << (8 * len)) - 1;
    let v = (u128::from_le_bytes(bytes) & mask) | ((len as u128) << 120);
    // Two halves rather than a `u128`: a map entry of 24 bytes instead of
    // 32 (a `u128` is 16-aligned), so more of the vocabulary stays cached.
    Some((v as u64, (v >> 64) as u64))
}

/// Where a word of one to three ASCII lower-case letters is in
/// [`Vocab::tiny`] (the commonest words of prose: "the", "of", "a").
fn tiny_slot(word: &[u8]) -> Option<usize> {
    if word.is_empty() || word.len() > 3 {
        return None;
    }
    word.iter().try_fold(0, |at, &b| {
        b.is_ascii_lowercase()
            .then(|| at * 27 + usize::from(b - b'a') + 1)
    })
}

/// Slots of [`Vocab::tiny`]: every string of up to three letters.
const TINY_SLOTS: usize = 27 * 27 * 27;

/// The distinct words of a checked text, each analysed once (most running
/// text repeats a small vocabulary). A plain lower-case word costs its
/// map entry and a few bytes; only other words keep strings.
#[derive(Default)]
struct Vocab<'t> {
    /// Words of up to 15 bytes (almost every word) by their bytes packed
    /// into the key: a lookup compares integers instead of following a
    /// pointer into the text where the word first stood (a cache miss).
    short: HashMap<(u64, u64), u32>,
    /// Words of one to three lower-case letters by [`tiny_slot`], read
    /// without hashing (`u32::MAX`: not seen yet; empty until the first).
    tiny: Vec<u32>,
    ids: HashMap<&'t str, u32>,
    text: Vec<&'t str>,
    /// Each word's flags, dense: what the scan of every token reads.
    flags: Vec<u16>,
    /// Index into `rich`, or `u32::MAX` for a plain word.
    rich_of: Vec<u32>,
    rich: Vec<Rich>,
    /// The rich words' strings.
    arena: String,
}

impl<'t> Vocab<'t> {
    fn len(&self) -> usize {
        self.text.len()
    }

    /// Frees the maps that find a word's id; the words and their strings
    /// stay.
    fn drop_lookups(&mut self) {
        self.short = HashMap::default();
        self.tiny = Vec::new();
        self.ids = HashMap::default();
    }

    /// Forgets every word, keeping the room.
    fn clear(&mut self) {
        self.short.clear();
        self.tiny.fill(u32::MAX);
        self.ids.clear();
        self.text.clear();
        self.flags.clear();
        self.rich_of.clear();
        self.rich.clear();
        self.arena.clear();
    }

    /// The id of the word at `range` of `text`.
    fn id(&mut self, text: &'t str, range: std::ops::Range<usize>) -> u32 {
        let word = &text[range.clone()];
        let tiny = tiny_slot(word.as_bytes());
        if let Some(slot) = tiny {
            if self.tiny.is_empty() {
                self.tiny = vec![u32::MAX; TINY_SLOTS];
            }
            if self.tiny[slot] != u32::MAX {
                return self.tiny[slot];
            }
        }
        let packed = if tiny.is_some() {
            None
        } else {
            pack(text.as_bytes(), range)
        };
        let found = match (tiny, packed) {
            (Some(_), _) => None,
            (None, Some(key)) => self.short.get(&key),
            (None, None) => self.ids.get(word),
        };
        if let Some(&id) = found {
            return id;
        }
        let id = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        let (flags, rich) = analyse(word, &mut self.arena);
        self.flags.push(flags);
        self.rich_of.push(match rich {
            Some(r) => {
                self.rich.push(r);
                u32::try_from(self.rich.len() - 1).unwrap_or(u32::MAX)
            }
            None => u32::MAX,
        });
        self.text.push(word);
        match (tiny, packed) {
            (Some(slot), _) => self.tiny[slot] = id,
            (None, Some(key)) => {
                self.short.insert(key, id);
            }
            (None, None) => {
                self.ids.insert(word, id);
            }
        }
        id
    }

    fn rich(&self, id: u32, t: RichText) -> Option<&str> {
        let r = self.rich.get(*self.rich_of.get(id as usize)? as usize)?;
        r.get(&self.arena, t)
    }

    fn word(&self, id: u32) -> &'t str {
        self.text[id as usize]
    }

    fn lower(&self, id: u32) -> &str {
        self.rich(id, RichText::Lower).unwrap_or(self.word(id))
    }

    fn flat_lower(&self, id: u32) -> &str {
        self.rich(id, RichText::FlatLower)
            .unwrap_or_else(|| self.lower(id))
    }

    fn closed(&self, id: u32) -> &str {
        self.rich(id, RichText::Closed).unwrap_or(self.word(id))
    }

    fn spelled(&self, id: u32) -> &str {
        self.rich(id, RichText::Spelled).unwrap_or(self.word(id))
    }

    fn canon(&self, id: u32) -> Option<&str> {
        self.rich(id, RichText::Canon)
    }

    fn skeleton(&self, id: u32) -> Option<&str> {
        self.rich(id, RichText::Skeleton)
    }
}

/// A word's flags, and its strings unless it is plain lower-case ASCII
/// (or a number or code that never votes).
fn analyse(word: &str, arena: &mut String) -> (u16, Option<Rich>) {
    let hyphenated = word.contains(is_hyphen);
    let wants = hyphenated
        || (word.chars().skip(1).any(char::is_uppercase) && word.chars().any(char::is_lowercase));
    let candidate = word.len() >= 2 && word.chars().all(|c| c.is_alphabetic() || is_hyphen(c));
    let capitalized = capitalized(word);
    let upper = word.chars().next().is_some_and(char::is_uppercase);
    let chars = word.chars().count();
    let mut flags = 0;
    for (on, bit) in [
        (candidate, CANDIDATE),
        (upper, UPPER),
        (capitalized, CAPITALIZED),
        (hyphenated, HYPHENATED),
        (word.chars().all(char::is_alphabetic), ALPHABETIC),
        (wants, WANTS),
        (chars >= 4, CHARS4),
    ] {
        if on {
            flags |= bit;
        }
    }
    let plain = word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) && !hyphenated;
    if !candidate && !wants && !capitalized {
        // A number or a code: it never votes, is never a wanted spelling,
        // a name's part or a surname.
        return (flags, None);
    }
    let lower = if plain {
        word.to_owned()
    } else {
        word.to_lowercase()
    };
    let letters = if lower.is_ascii() {
        lower.len() - lower.matches('-').count()
    } else {
        lower.chars().filter(|c| c.is_alphabetic()).count()
    };
    if letters >= 5 {
        flags |= LONG;
    }
    if letters >= 4 {
        flags |= LETTERS4;
    }
    let canon = (candidate && !hyphenated)
        .then(|| spelling::canonical(&lower))
        .flatten()
        .map(|c| format!("{NAME_CLASS}{c}"));
    if canon.is_some() {
        flags |= CANON;
    }
    if plain && canon.is_none() {
        return (flags, None);
    }
    let flat: String = word.chars().flat_map(char::to_lowercase).collect();
    let closed: String = lower.chars().filter(|c| !is_hyphen(*c)).collect();
    let spelled = lower.replace(is_hyphen, "-");
    let skeleton = capitalized.then(|| skeleton(&lower));
    let rich = Rich::push(
        arena,
        [
            Some(&lower),
            (flat != lower).then_some(flat.as_str()),
            Some(&closed),
            Some(&spelled),
            canon.as_deref(),
            skeleton.as_deref(),
        ],
    );
    match rich {
        Some(r) => (flags, Some(r)),
        // Too long to be a word: it never votes.
        None => (flags & !(CANDIDATE | WANTS | CAPITALIZED | CANON), None),
    }
}

/// Spans of `text` (offset by `base`) that are not words of prose:
/// hashtags and @handles ("#IndependenceDay", "@KremlinRussia_E"), e-mail
/// addresses, URLs and bare domain names ("mid.ru/en"). Their parts never
/// vote on a spelling.
pub fn not_words(text: &str, base: usize) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out: Vec<Span> = Vec::new();
    let mut from = 0;
    for at in memchr::memchr3_iter(b'#', b'@', b'.', bytes) {
        if at < from {
            continue;
        }
        let next = bytes.get(at + 1).copied().unwrap_or(b' ');
        if bytes[at] == b'.' && !next.is_ascii_lowercase() {
            continue;
        }
        // The whitespace-delimited chunk around `at`, without trailing
        // punctuation.
        let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        from = end;
        let chunk = text[start..end].trim_end_matches(|c: char| {
            matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\'')
        });
        let chunk = chunk.trim_start_matches(['(', '"', '\'']);
        if chunk.is_empty() {
            continue;
        }
        let lead = start + text[start..end].find(chunk).unwrap_or(0);
        let word_after = |c: char| c.is_alphanumeric() || c == '_';
        let tagged =
            chunk.len() > 1 && chunk.starts_with(['#', '@']) && chunk[1..].starts_with(word_after);
        let email = chunk.find('@').is_some_and(|i| {
            i > 0 && chunk[i + 1..].contains('.') && chunk[i + 1..].starts_with(word_after)
        });
        let url = chunk.contains("://") || chunk.starts_with("www.");
        if tagged || email || url || is_domain(chunk) {
            out.push(Span::new(base + lead, base + lead + chunk.len()));
        }
    }
    out
}

/// "kremlin.ru", "mid.ru/en/foreign_policy": lower-case labels joined by
/// dots, the last one a top-level domain, perhaps a path after it.
fn is_domain(chunk: &str) -> bool {
    let host = chunk.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        && labels.last().is_some_and(|t| {
            (2..=6).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_lowercase())
        })
}

/// Whether each of `toks` (sorted) overlaps one of `runs` (sorted,
/// disjoint), in one merge of the two lists.
fn overlapping(toks: &[Span], runs: &[Span]) -> Vec<bool> {
    let mut r = toks
        .first()
        .map_or(0, |t| runs.partition_point(|s| s.end <= t.start));
    toks.iter()
        .map(|t| {
            while r < runs.len() && runs[r].end <= t.start {
                r += 1;
            }
            runs.get(r).is_some_and(|s| s.overlaps(*t))
        })
        .collect()
}

/// One checked part, cut into words.
struct PartWords {
    span: Span,
    toks: Vec<Span>,
    /// Index of each token's word in the [`Vocab`].
    ids: Vec<u32>,
    /// Inside a glossary match, another finding or a non-word.
    skip: Vec<bool>,
}

/// The words of a checked part as original spans: the words its folded
/// text was already cut into, mapped back. Where folding changed a length
/// (an NBSP, a typographic dash or apostrophe, a decoded escape) the
/// original may cut differently, so the original's run between ASCII
/// white space around such a place is cut afresh.
fn part_words(text: &str, part: &Part) -> Vec<Span> {
    let words = part.words();
    if part.folded.is_identity() {
        let base = part.span.start;
        return words
            .iter()
            .map(|t| Span::new(base + t.start, base + t.end))
            .collect();
    }
    // Mapped twice rather than kept: a merge of two sorted lists is cheaper
    // than a vector as long as the window's words.
    let mapped = || {
        part.folded
            .map_clear(words.iter().map(|t| (t.start, t.end)))
    };
    let bytes = text.as_bytes();
    let region = part.span;
    // Places to cut afresh, in text order: where folding changed a length,
    // and the words next to such a place.
    let mut places: Vec<Span> = part.folded.changed().collect();
    places.extend(
        words
            .iter()
            .zip(mapped())
            .filter(|(_, m)| m.is_none())
            .map(|(t, _)| part.folded.to_original(t.start, t.end)),
    );
    places.sort_unstable();
    // The runs of the original between ASCII white space around them,
    // disjoint. A place inside the last run adds nothing, and a run is
    // looked for no further back than the last one's end, so a long text
    // without white space is read once, not once per place.
    let mut runs: Vec<Span> = Vec::new();
    for o in places {
        let o = Span::new(o.start.max(region.start), o.end.min(region.end));
        let floor = runs.last().map_or(region.start, |r: &Span| r.end);
        if o.end <= floor {
            continue;
        }
        let from = o.start.max(floor);
        let start = bytes[floor..from]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(floor, |i| floor + i + 1);
        let end = bytes[o.end..region.end]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(region.end, |i| o.end + i);
        runs.push(Span::new(start, end));
    }
    let mut out: Vec<Span> = Vec::with_capacity(words.len());
    let mut runs = runs.into_iter().peekable();
    for sp in mapped().flatten() {
        while let Some(r) = runs.next_if(|r| r.end <= sp.start) {
            out.extend(tokens(&text[r.range()], r.start));
        }
        if runs.peek().is_none_or(|r| sp.start < r.start) {
            out.push(sp);
        }
    }
    for r in runs {
        out.extend(tokens(&text[r.range()], r.start));
    }
    out
}

/// Adds the votes of the checked text of `cx` (whose document's text is
/// `text`) to `acc`. `regions` are the regions a window's parts were cut
/// from (empty when the parts are whole regions).
fn tally_into<'t>(
    text: &'t str,
    cx: &Context<'_>,
    findings: &[Finding],
    mode: Wanted<'_>,
    regions: &[Span],
    acc: &mut Votes<'t>,
) {
    let not: Vec<Span> = cx
        .parts
        .iter()
        .flat_map(|part| not_words(&text[part.span.range()], part.span.start))
        .collect();
    let mut skip: Vec<Span> = cx.matches().map(|(_, m)| m.span).collect();
    skip.extend_from_slice(&not);
    skip.extend(
        findings
            .iter()
            .filter(|f| f.kind != Kind::Inconsistent)
            .map(|f| f.span),
    );
    skip.sort_unstable();
    // Merged into disjoint runs, so their ends are sorted too.
    let mut runs: Vec<Span> = Vec::with_capacity(skip.len());
    for sp in skip {
        match runs.last_mut() {
            Some(last) if sp.start <= last.end => last.end = last.end.max(sp.end),
            _ => runs.push(sp),
        }
    }
    let vocab = &mut acc.vocab;
    let parts: Vec<PartWords> = cx
        .parts
        .iter()
        .map(|part| {
            let toks = part_words(text, part);
            let ids = toks.iter().map(|t| vocab.id(text, t.range())).collect();
            let skip = overlapping(&toks, &runs);
            PartWords {
                span: part.span,
                toks,
                ids,
                skip,
            }
        })
        .collect();
    let vocab = &*vocab;
    let flags = &vocab.flags;
    // Votes are counted by word ids, and turned into strings once per
    // distinct vote ([`Votes::finish`]).
    acc.slot_of.resize(vocab.len(), u32::MAX);
    acc.wanted_at.resize(vocab.len(), 0);
    // In file scope a plain word matters only when a hyphenated or joined
    // spelling of it occurs in the same document: hyphenated and
    // camel-case words ("MrPresident") are the only closed or joined
    // spellings a plain word or a pair can stand against. Gathered over
    // every part, as a long document's windows gather them
    // ([`wanted_words`]): a link or a paragraph break between the two
    // spellings does not hide one from the other.
    let local: HashSet<&str> = if matches!(mode, Wanted::Local) {
        parts
            .iter()
            .flat_map(|p| p.ids.iter().zip(&p.skip))
            .filter(|(_, s)| !**s)
            .map(|(&id, _)| id)
            .filter(|&id| flags[id as usize] & WANTS != 0)
            .map(|id| vocab.closed(id))
            .collect()
    } else {
        HashSet::default()
    };
    // Whether a word or pair with this closed spelling votes.
    let sink = |closed: &str| -> bool {
        match mode {
            Wanted::All => true,
            Wanted::Local => local.contains(closed),
            Wanted::Given(w) => w.contains(closed),
        }
    };
    let (votes, slot_of, slots, wanted_at) = (
        &mut acc.votes,
        &mut acc.slot_of,
        &mut acc.slots,
        &mut acc.wanted_at,
    );
    let mut vote = |v: Vote, sp: Span| match v.slot() {
        Some((id, slot)) => {
            let head = &mut slot_of[id as usize];
            let mut at = *head;
            while let Some(s) = slots.get(at as usize) {
                if usize::from(s.slot) == slot {
                    break;
                }
                at = s.next;
            }
            match slots.get_mut(at as usize) {
                Some(s) => s.count = s.count.saturating_add(1),
                None => {
                    let next = *head;
                    *head = u32::try_from(slots.len()).unwrap_or(u32::MAX);
                    slots.push(SlotVote {
                        first: sp,
                        id,
                        next,
                        count: 1,
                        slot: slot as u8,
                    });
                }
            }
        }
        None => votes.entry(v).or_insert((0, sp)).0 += 1,
    };
    let mut kbuf = String::new();
    for p in &parts {
        let PartWords {
            span: part_span,
            toks,
            ids,
            skip,
        } = p;
        let region = &text[part_span.range()];
        // Headline lines, found once per line. A line a window edge cuts
        // is judged whole, as checking the whole document judges it.
        let whole = whole_line_bounds(text, regions, *part_span);
        let mut lines: Vec<(usize, bool)> = Vec::new();
        let mut ls = part_span.start;
        for l in region.split_inclusive('\n') {
            let le = ls + l.len();
            let from = if ls == part_span.start {
                whole.start
            } else {
                ls
            };
            let to = if le == part_span.end { whole.end } else { le };
            lines.push((ls, title_like(&text[from..to])));
            ls = le;
        }
        let in_title = |at: usize| {
            let i = lines.partition_point(|&(s, _)| s <= at);
            i > 0 && lines[i - 1].1
        };
        // A capitalized neighbour, one space away: the word is part of a
        // multi-word name.
        let neighbour = |i: usize, j: Option<usize>| -> Option<usize> {
            let j = j?;
            let n = toks.get(j)?;
            let tok = toks[i];
            let (a, b) = if n.start < tok.start {
                (n.end, tok.start)
            } else {
                (tok.end, n.start)
            };
            (flags[ids[j] as usize] & CAPITALIZED != 0 && !skip[j] && &text[a..b] == " ")
                .then_some(j)
        };
        for (i, tok) in toks.iter().enumerate() {
            if skip[i] {
                continue;
            }
            let id = ids[i];
            let f = flags[id as usize];
            if f & CANDIDATE == 0 {
                continue;
            }
            let upper = f & UPPER != 0;
            let sp = *tok;
            // Capitalized inside a sentence: part of a proper name, which
            // has its own spelling and does not vote against the common
            // noun ("Interregional Cooperation Forum" beside
            // "inter-regional ties"); names are compared with names.
            // In a headline a capital says nothing: such words are not
            // counted.
            let headline = upper && in_title(tok.start);
            let proper = upper && !headline && !crate::text::sentence_start_before(text, tok.start);
            if headline {
                continue;
            }
            // One word in brackets right after another spelling of it is a
            // gloss the text gives on purpose ("Dimax (Dimaks)"), not a
            // second rendering: it does not vote.
            if i > 0 && tok.start > 0 && text.as_bytes()[tok.start - 1] == b'(' && {
                let (p, pid) = (toks[i - 1], ids[i - 1]);
                matches!(&text[p.end..tok.start], "(" | " (")
                    && text[tok.end..].starts_with(')')
                    && (vocab.closed(pid) == vocab.closed(id)
                        || vocab
                            .skeleton(pid)
                            .is_some_and(|k| vocab.skeleton(id) == Some(k))
                        || vocab.canon(pid).is_some_and(|k| vocab.canon(id) == Some(k)))
            } {
                continue;
            }
            // Hyphenation: "co-operation" and "cooperation" share a key.
            if f & LONG != 0 {
                let wanted = matches!(mode, Wanted::All) || {
                    let state = &mut wanted_at[id as usize];
                    if *state == 0 {
                        *state = if sink(vocab.closed(id)) { 2 } else { 1 };
                    }
                    *state == 2
                };
                if wanted {
                    vote(Vote::Closed(id, proper), sp);
                }
            }
            let capitalized = f & CAPITALIZED != 0;
            let hyphenated = f & HYPHENATED != 0;
            // Two capitalized words: "Asia Pacific" vs "Asia-Pacific".
            if let Some(next) = toks.get(i + 1) {
                let nf = flags[ids[i + 1] as usize];
                if capitalized
                    && nf & ALPHABETIC != 0
                    && !skip[i + 1]
                    && &text[tok.end..next.start] == " "
                {
                    let nid = ids[i + 1];
                    let pair = Span::new(tok.start, next.end);
                    if nf & CAPITALIZED != 0 && !hyphenated {
                        let joined = matches!(mode, Wanted::All) || {
                            kbuf.clear();
                            kbuf.push_str(vocab.closed(id));
                            kbuf.push_str(vocab.flat_lower(nid));
                            sink(&kbuf)
                        };
                        if joined {
                            // Two capitalized words are a name.
                            vote(Vote::Pair(id, ids[i + 1]), pair);
                        }
                    }
                    // Capitalization of a two-word name, outside headlines
                    // and sentence starts, and not part of a longer name
                    // ("Donetsk People's Republic", "Year of Russian Culture").
                    if cx.capitalization && nf & CHARS4 != 0 {
                        let word = &text[sp.range()];
                        let nword = &text[next.range()];
                        let after = &text[next.end..];
                        let longer_after = after.starts_with(['\'', '\u{2019}'])
                            || after
                                .strip_prefix(' ')
                                .and_then(|a| a.chars().next())
                                .is_some_and(char::is_uppercase);
                        let longer_before = i > 0 && {
                            let p = toks[i - 1];
                            let pw = &text[p.start..p.end];
                            text[p.end..tok.start].trim().is_empty()
                                && (pw.chars().next().is_some_and(char::is_uppercase)
                                    || matches!(pw, "of" | "for" | "and"))
                        };
                        if !longer_after
                            && !longer_before
                            && !crate::text::sentence_start_before(text, tok.start)
                            && !in_title(tok.start)
                        {
                            acc.caps.push((
                                format!("{} {}", vocab.lower(id), vocab.lower(nid)),
                                format!("{word} {nword}"),
                                pair,
                            ));
                        }
                    }
                }
            }
            if hyphenated {
                continue;
            }
            if f & CANON != 0 {
                // "the National Theatre" in an American text is a name, not
                // a spelling choice.
                let named = capitalized
                    && (neighbour(i, i.checked_sub(1)).is_some()
                        || neighbour(i, Some(i + 1)).is_some());
                if !named {
                    vote(Vote::Spelling(id, proper), sp);
                }
            } else if capitalized
                && f & LETTERS4 != 0
                && !crate::text::sentence_start_before(text, tok.start)
            {
                // A first name is compared only with mentions that share its
                // surname: "Sergei Shoigu" and "Sergey Lavrov" are two people.
                let surname = neighbour(i, Some(i + 1)).map(|j| ids[j]);
                vote(Vote::Name(id, surname), sp);
            }
        }
    }
}

/// Where the first line of `part` begins and its last line ends when a
/// window edge cut `part` out of one of `regions` (sorted, disjoint) in
/// the middle of a line: the cut line's ends in the region, looked for at
/// most a headline's length away (a longer line is no headline). Else the
/// part's own ends.
fn whole_line_bounds(text: &str, regions: &[Span], part: Span) -> Span {
    const REACH: usize = 256;
    let i = regions.partition_point(|r| r.end < part.end);
    let Some(r) = regions.get(i).filter(|r| r.start <= part.start) else {
        return part;
    };
    let bytes = text.as_bytes();
    let mut start = part.start;
    if start > r.start && bytes[start - 1] != b'\n' {
        let floor = start.saturating_sub(REACH).max(r.start);
        start = match bytes[floor..start].iter().rposition(|&b| b == b'\n') {
            Some(k) => floor + k + 1,
            None => floor,
        };
        while !text.is_char_boundary(start) {
            start += 1;
        }
    }
    let mut end = part.end;
    if end > part.start && end < r.end && bytes[end - 1] != b'\n' {
        let ceil = (end + REACH).min(r.end);
        end = match bytes[end..ceil].iter().position(|&b| b == b'\n') {
            Some(k) => end + k + 1,
            None => ceil,
        };
        while !text.is_char_boundary(end) {
            end -= 1;
        }
    }
    Span::new(start, end)
}

/// The votes of one word in one slot ([`Vote::slot`]): 32 bytes for each
/// slot a word votes in (most vote in one) instead of room for all five.
struct SlotVote {
    /// The first place.
    first: Span,
    /// The word.
    id: u32,
    /// The word's next slot in [`Votes::slots`] (`u32::MAX`: none).
    next: u32,
    count: u32,
    slot: u8,
}

const _: () = assert!(std::mem::size_of::<SlotVote>() == 32);

impl Vote {
    /// The word and slot of a vote of one word.
    fn slot(self) -> Option<(u32, usize)> {
        match self {
            Vote::Closed(id, proper) => Some((id, usize::from(proper))),
            Vote::Spelling(id, proper) => Some((id, 2 + usize::from(proper))),
            Vote::Name(id, None) => Some((id, 4)),
            Vote::Pair(..) | Vote::Name(_, Some(_)) => None,
        }
    }

    /// The vote of `slot` of word `id` (the inverse of [`Vote::slot`]).
    fn of_slot(id: u32, slot: usize) -> Vote {
        match slot {
            0 | 1 => Vote::Closed(id, slot == 1),
            2 | 3 => Vote::Spelling(id, slot == 3),
            _ => Vote::Name(id, None),
        }
    }
}

/// One vote of a checked text, by word ids (see [`tally_into`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Vote {
    /// A word's closed spelling (hyphenation), in a proper name or not.
    Closed(u32, bool),
    /// Two capitalized words (hyphenation of a name).
    Pair(u32, u32),
    /// A British or American spelling, in a proper name or not.
    Spelling(u32, bool),
    /// A capitalized word, alone or with the surname after it.
    Name(u32, Option<u32>),
}
#[cfg(test)]
mod tests {
    use super::*;

    /// A proper name's spelling does not vote against the common noun;
    /// names are compared with names, common nouns with common nouns, and
    /// a capital at a sentence start is no name.
    #[test]
    fn proper_names_are_compared_with_proper_names() {
        let c = crate::checks::test_checker("[[term]]\npreferred = \"zzzz\"\n", None);
        let f = |t: &str| crate::checks::test_findings(&c, t);
        assert!(
            f("The Interregional Cooperation Forum met. They discussed inter-regional ties.")
                .is_empty()
        );
        assert!(
            f("The Group of Friends in Defence of the Charter met. The defense budget grew.")
                .is_empty()
        );
        assert_eq!(
            f(
                "The Military-Technical Commission met on Monday in the capital; later the \
               Military Technical Commission said that the Military-Technical Commission \
               would meet again when the talks resumed."
            ),
            ["inconsistent Military Technical -> none"]
        );
        assert_eq!(
            f(
                "Inter-regional ties grew. They discussed interregional ties and interregional trade."
            ),
            ["inconsistent Inter-regional -> none"]
        );
    }

    /// Spellings kept in a sorted vector per group: adding and merging
    /// count, keep the first occurrence and the files, in any order.
    /// Spellings inside two different multi-word names do not vote
    /// against each other; the same name written two ways still does.
    #[test]
    fn different_names_keep_their_own_spellings() {
        let c = crate::checks::test_checker("[[term]]\npreferred = \"zzzz\"\n", None);
        // Long enough not to read as a headline (whose capitals say nothing).
        let pad = " The talks were held in a warm and friendly atmosphere, and the parties agreed \
                   to meet again next year to continue their discussion of regional matters.";
        let f = |t: &str| crate::checks::test_findings(&c, &format!("{t}{pad}"));
        let none: Vec<String> = Vec::new();
        assert_eq!(
            f(
                "We met the Deputy Secretary General of the Collective Security Treaty \
               Organization and the Secretary-General of the Association of Southeast Asian \
               Nations, and the Secretary General of the Commonwealth."
            ),
            none
        );
        assert_eq!(
            f(
                "He met the Deputy Secretary of Defense, then the Group of Friends in Defence \
               of the Charter."
            ),
            none
        );
        assert_eq!(
            f(
                "It hosted the International Military-Technical Forum and the Commission for \
               Military Technical Cooperation."
            ),
            none
        );
        // One name holds the other: the same title.
        assert_eq!(
            f(
                "Mr Prime-Minister, welcome. We met India's Prime Minister and the \
               Prime Minister of Japan."
            ),
            ["inconsistent Prime-Minister -> none"]
        );
        // A use standing alone may be either name.
        assert_eq!(
            f(
                "The Secretary-General of the Association of Southeast Asian Nations spoke; \
               later the Secretary General said so and the Secretary General left."
            ),
            ["inconsistent Secretary-General -> none"]
        );
        assert_eq!(name_around("in Moscow today", Span::new(3, 9)), None);
        let t = "then the Group of Friends in Defence of the Charter.";
        let at = t.find("Defence").unwrap_or_default();
        assert_eq!(
            name_around(t, Span::new(at, at + "Defence".len())),
            Some(
                vec!["group", "of", "friends", "in", "", "of", "the", "charter"]
                    .into_iter()
                    .map(String::from)
                    .collect()
            )
        );
    }

    /// A word in brackets right after another spelling of it is a gloss.
    #[test]
    fn a_bracketed_gloss_does_not_vote() {
        let c = crate::checks::test_checker("[[term]]\npreferred = \"zzzz\"\n", None);
        let f = |t: &str| crate::checks::test_findings(&c, t);
        assert_eq!(
            f(
                "The shop sells the Dimax (Dimaks) mattress in three sizes and delivers it \
               free of charge; the maker Dimax also sells pillows."
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            f(
                "The shop sells the Dimax mattress in three sizes and delivers it \
               free of charge; the maker Dimaks also sells pillows."
            ),
            ["inconsistent Dimaks -> none"]
        );
    }

    #[test]
    fn tally_adds_and_merges_spellings() {
        let at = |file, start| Occurrence {
            file,
            span: Span::new(start, start + 4),
        };
        let key = || "cooperation";
        let mut a = Tally::default();
        for (sp, start) in [
            ("cooperation", 50),
            ("co-operation", 10),
            ("cooperation", 5),
        ] {
            a.add(Group::Hyphenation, key(), sp, at(0, start));
        }
        a.add(Group::Spelling, "color", "colour", at(0, 70));
        let mut b = Tally::default();
        for (sp, start) in [
            ("co operation", 1),
            ("co-operation", 2),
            ("co-operation", 3),
        ] {
            b.add(Group::Hyphenation, key(), sp, at(1, start));
        }
        b.add(Group::Spelling, "color", "color", at(1, 9));
        a.merge(b);
        let c = a.conflicts();
        assert_eq!(c.len(), 2);
        let (g, k, forms) = &c[0];
        assert_eq!((*g, *k), (Group::Hyphenation, "cooperation"));
        let got: Vec<(&str, usize, Occurrence, &[usize])> = forms
            .iter()
            .map(|(sp, s)| (*sp, s.count, s.first, s.files.as_slice()))
            .collect();
        assert_eq!(
            got,
            [
                ("co-operation", 3, at(0, 10), &[0, 1][..]),
                ("cooperation", 2, at(0, 5), &[0][..]),
                ("co operation", 1, at(1, 1), &[1][..]),
            ]
        );
        assert_eq!(c[1].0, Group::Spelling);
        assert_eq!(c[1].2.len(), 2);
    }

    /// Minority spellings of different groups that overlap in one file
    /// give one finding; the same span in another file, or a span that
    /// only touches, gets its own.
    #[test]
    fn overlapping_minorities_are_reported_once() {
        let text = "Asia pacific Asia-Pacific Asia-Pacific colour color color";
        let docs = [
            Document::new("a.txt", text.to_owned()),
            Document::new("b.txt", text.to_owned()),
        ];
        let refs: Vec<&Document> = docs.iter().collect();
        let occ = |file, start, end| Occurrence {
            file,
            span: Span::new(start, end),
        };
        let mut t = Tally::default();
        let mut pair = |g: Group, key: &str, minor: (&str, Occurrence), major: &str| {
            t.add(g, key, minor.0, minor.1);
            for start in [30, 50] {
                t.add(g, key, major, occ(0, start, start + 5));
            }
        };
        // "Asia pacific" (0..12) is the minority in two groups, "pacifik"
        // (5..12) inside it in a third: one finding.
        pair(
            Group::Hyphenation,
            "asiapacific",
            ("asia pacific", occ(0, 0, 12)),
            "asia-pacific",
        );
        pair(
            Group::Capitalization,
            "asia pacific",
            ("Asia pacific", occ(0, 0, 12)),
            "Asia Pacific",
        );
        pair(
            Group::Spelling,
            "pacific",
            ("pacifik", occ(0, 5, 12)),
            "pacific",
        );
        // Touching the first: its own finding.
        pair(Group::Transliteration, "y", ("y", occ(0, 12, 13)), "z");
        // The same bytes in another file: its own finding.
        pair(Group::Transliteration, "w", ("w", occ(1, 0, 12)), "v");
        let mut found: Vec<(usize, Span)> = t
            .findings(&refs)
            .into_iter()
            .map(|(file, f)| (file, f.span))
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                (0, Span::new(0, 12)),
                (0, Span::new(12, 13)),
                (1, Span::new(0, 12)),
            ]
        );
    }

    #[test]
    fn skeletons_join_romanizations() {
        assert_eq!(skeleton("sergei"), skeleton("sergey"));
        assert_eq!(skeleton("sergej"), skeleton("sergey"));
        assert_eq!(skeleton("matviyenko"), skeleton("matvienko"));
        assert_eq!(skeleton("zhuravlyov"), skeleton("zhuravlev"));
        assert_eq!(skeleton("degtyaryov"), skeleton("degtyarev"));
        assert_eq!(skeleton("tatiana"), skeleton("tatyana"));
        assert_eq!(skeleton("mariya"), skeleton("maria"));
        assert_eq!(skeleton("oleksii"), skeleton("oleksiy"));
        assert_ne!(skeleton("mohammed"), skeleton("mohamed"));
        assert_ne!(skeleton("jury"), skeleton("yury"));
        assert_ne!(skeleton("kiev"), skeleton("kyiv"));
        assert_ne!(skeleton("ivanov"), skeleton("ivanova"));
    }

    #[test]
    fn hashtags_handles_addresses_and_domains_are_not_words() {
        let text =
            "See #IndependenceDay, @Kremlin_E and press@mid.ru (mid.ru/en). Dr. Lavrov, e.g. here.";
        let got: Vec<&str> = not_words(text, 0)
            .iter()
            .map(|s| &text[s.range()])
            .collect();
        assert_eq!(
            got,
            [
                "#IndependenceDay",
                "@Kremlin_E",
                "press@mid.ru",
                "mid.ru/en"
            ]
        );
        assert!(is_domain("kremlin.ru"));
        assert!(!is_domain("e.g"));
        assert!(!is_domain("U.S"));
    }

    /// Hashtags, handles, addresses and domains cast no vote; a spelling
    /// inside a capitalized multi-word name casts none; first names are
    /// compared only within one surname. Each trap beside the finding it
    /// must not hide.
    #[test]
    fn non_words_names_and_first_names_cast_no_false_votes() {
        let c = crate::checks::test_checker("[[term]]\npreferred = \"zzzz\"\n", None);
        let f = |t: &str| crate::checks::test_findings(&c, t);
        let quiet = "Follow #IndependenceDay and #YaltaConference, write to \
                     press@independence-day.org or visit independence-day.org/en. \
                     On Monday the Independence Day was marked; the Yalta Conference met. \
                     The National Theatre staged it; our theater critic liked it. \
                     Minister Sergei Shoigu spoke, and Minister Sergey Lavrov replied.";
        assert_eq!(f(quiet), Vec::<String>::new());
        // The same words written in prose do vote.
        assert_eq!(
            f(
                "The IndependenceDay parade, the Independence Day speech, the Independence Day fair."
            ),
            ["inconsistent IndependenceDay -> none"]
        );
        assert_eq!(
            f("The theatre was full; the theater was new; a theater opened."),
            ["inconsistent theatre -> none"]
        );
        assert_eq!(
            f(
                "Then minister Sergei Shoigu spoke about the defence budget; later \
               minister Sergey Shoigu replied, and after that minister Sergey Shoigu left \
               the building without taking questions from reporters."
            ),
            ["inconsistent Sergei -> none"]
        );
    }

    /// A long document checked in windows tallies what the whole document
    /// would: a plain spelling in the first window and its hyphenated
    /// spelling only in the last are still compared.
    #[test]
    fn windows_wait_for_the_whole_document() {
        let c = crate::checks::test_checker("[[term]]\npreferred = \"zzzz\"\n", None);
        let filler = "Nothing of note was said at the meeting today. ".repeat(200);
        let text = format!(
            "The cooperation grew. {filler}\nThe cooperation grew. {filler}\n\
             The co-operation grew. {filler}\nA hyphenated spelling.\n"
        );
        let doc = Document::new("d.txt", text);
        let all = Span::new(0, doc.text.len());
        let refs = crate::text::CharRefs::None;
        let whole = c.check_regions_full(&doc, &[all], refs, &[]);
        let windowed = c
            .check_windowed(&doc, &[all], refs, &[], 4096, &mut |_, _| (), false)
            .0;
        let found: Vec<&str> = whole.iter().map(|f| &*f.found).collect();
        assert_eq!(found, ["co-operation"]);
        assert_eq!(windowed, whole);
    }

    /// A plain spelling counts against a hyphenated one anywhere in the
    /// document, not only in the same part (a link or a paragraph break
    /// cuts a document into parts): as the windows of a long document
    /// count it.
    #[test]
    fn spellings_in_different_parts_of_a_document_are_compared() {
        let c = crate::checks::test_checker("[[term]]\npreferred = \"zzzz\"\n", None);
        let a = "We sell on-line and in shops.\n";
        let b = "Most buy online. Online sales grew; online is where they buy.\n";
        let doc = Document::new("d.txt", format!("{a}{b}"));
        let regions = [Span::new(0, a.len()), Span::new(a.len(), a.len() + b.len())];
        let refs = crate::text::CharRefs::None;
        let found = c.check_regions_full(&doc, &regions, refs, &[]);
        let messages: Vec<&str> = found.iter().map(|f| &*f.message).collect();
        assert_eq!(
            messages,
            [
                "'on-line' (1×) and 'online' (3×, first at line 2) are both used: inconsistent hyphenation"
            ]
        );
    }

    /// A window edge after a sentence inside a line does not make the
    /// line's first sentence a headline ("Vladimir Putin: What can I
    /// say?"), whose words would then not be counted.
    #[test]
    fn a_line_cut_by_a_window_edge_is_judged_whole() {
        let c = crate::checks::test_checker("[[term]]\npreferred = \"zzzz\"\n", None);
        let filler = "the talks went on for a long time and the sides agreed on a date.\n";
        let mut text = String::from("A note on VladimirPutin as one word.\n");
        while text.len() < 3900 {
            text.push_str(filler);
        }
        text.push_str("Vladimir Putin: What can I say? ");
        while text.len() < 4300 {
            text.push_str("we are ready for meetings and we need to hold them soon and ");
        }
        text.push_str("then we will see.\n");
        while text.len() < 9000 {
            text.push_str(filler);
        }
        let doc = Document::new("d.txt", text);
        let all = Span::new(0, doc.text.len());
        let refs = crate::text::CharRefs::None;
        let whole = c.check_regions_full(&doc, &[all], refs, &[]);
        let windowed = c
            .check_windowed(&doc, &[all], refs, &[], 4096, &mut |_, _| (), false)
            .0;
        let message =
            |f: &[Finding]| -> Vec<String> { f.iter().map(|f| f.message.to_string()).collect() };
        assert!(
            message(&whole)
                .iter()
                .any(|m| m.contains("'vladimir putin' (1×")),
            "{:?}",
            message(&whole)
        );
        assert_eq!(message(&windowed), message(&whole));
    }

    #[test]
    fn every_word_of_up_to_three_letters_has_its_own_tiny_slot() {
        let letters: Vec<String> = ('a'..='z').map(String::from).collect();
        let mut words = letters.clone();
        for n in 0..2 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.len() == n + 1)
                .flat_map(|w| letters.iter().map(move |l| format!("{w}{l}")))
                .collect();
            words.extend(longer);
        }
        let mut seen = vec![false; TINY_SLOTS];
        for w in &words {
            let slot = tiny_slot(w.as_bytes()).expect("a tiny word");
            assert!(!seen[slot], "{w} shares a slot");
            seen[slot] = true;
        }
        for w in ["", "abcd", "The", "a-", "\u{e9}t"] {
            assert_eq!(tiny_slot(w.as_bytes()), None, "{w}");
        }
    }

    proptest::proptest! {
        /// A word packed from the text around it equals the word packed
        /// alone, and two words share a key only when they are equal.
        #[test]
        fn packed_words_are_their_bytes(
            text in "[a-zA-Z\u{e9}\u{2019} -]{0,40}",
            a in 0usize..40, b in 0usize..40, c in 0usize..40, d in 0usize..40,
        ) {
            let cut = |x: usize, y: usize| {
                let (mut s, mut e) = (x.min(y).min(text.len()), x.max(y).min(text.len()));
                while !text.is_char_boundary(s) { s -= 1; }
                while !text.is_char_boundary(e) { e += 1; }
                s..e
            };
            let (r1, r2) = (cut(a, b), cut(c, d));
            let alone = |r: std::ops::Range<usize>| pack(text[r.clone()].as_bytes(), 0..r.len());
            proptest::prop_assert_eq!(pack(text.as_bytes(), r1.clone()), alone(r1.clone()));
            if let (Some(k1), Some(k2)) = (pack(text.as_bytes(), r1.clone()), pack(text.as_bytes(), r2.clone())) {
                proptest::prop_assert_eq!(k1 == k2, text[r1] == text[r2]);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Windows cut at sentence ends and line breaks give the findings
        /// of checking the whole document, whatever the window size: the
        /// same spellings are counted, the same headlines skipped.
        #[test]
        fn windows_count_what_the_whole_document_counts(
            sentences in proptest::collection::vec(
                (
                    proptest::collection::vec(0usize..WORDS.len(), 1..7),
                    0usize..ENDS.len(),
                ),
                20..120,
            ),
            size in 300usize..800,
        ) {
            let mut text = String::new();
            for (words, end) in &sentences {
                let words: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
                text.push_str(&words.join(" "));
                text.push_str(ENDS[*end]);
            }
            let c = crate::checks::test_checker("[[term]]\npreferred = \"zzzz\"\n", None);
            let doc = Document::new("d.txt", text);
            let all = Span::new(0, doc.text.len());
            let refs = crate::text::CharRefs::None;
            let whole = c.check_regions_full(&doc, &[all], refs, &[]);
            let windowed = c.check_windowed(&doc, &[all], refs, &[], size, &mut |_, _| (), false).0;
            let message = |f: &[Finding]| -> Vec<String> {
                f.iter().map(|f| format!("{:?} {}", f.span, f.message)).collect()
            };
            proptest::prop_assert_eq!(message(&windowed), message(&whole));
        }
    }

    /// Words for [`windows_count_what_the_whole_document_counts`]: spellings
    /// that vote against each other, names, headline material.
    const WORDS: [&str; 24] = [
        "online",
        "on-line",
        "Online",
        "co-operation",
        "cooperation",
        "the",
        "talks",
        "Vladimir",
        "Putin",
        "VladimirPutin",
        "organisation",
        "organization",
        "Asia",
        "Pacific",
        "Asia-Pacific",
        "Sergei",
        "Sergey",
        "Lavrov",
        "said",
        "Dimax",
        "(Dimaks)",
        "and",
        "#IndependenceDay",
        "Reelection",
    ];
    const ENDS: [&str; 6] = [". ", ".\n", "? ", ".\n\n", "\n", "! "];

    proptest::proptest! {
        /// Reading only the runs that can hold a hyphenated or camel-case
        /// word finds what cutting the whole text into words finds.
        #[test]
        fn wanted_words_equal_the_word_by_word_reference(
            text in "[a-zA-Z0-9 \\-\u{2010}\u{2011}#@.\n\t\réÉжЖ\u{A0}]{0,60}"
        ) {
            let all = Span::new(0, text.len());
            let not = not_words(&text, 0);
            let mut want = HashSet::default();
            for tok in tokens(&text, 0) {
                if !not.iter().any(|n| n.overlaps(tok)) {
                    add_wanted(&mut want, &text[tok.range()]);
                }
            }
            proptest::prop_assert_eq!(wanted_words(&text, &[all]), want);
        }
    }

    proptest::proptest! {
        /// One pass finds every word-bounded use of every needle, also
        /// where needles overlap or one begins another.
        #[test]
        fn word_uses_equal_a_search_per_needle(
            text in "(Prime |Minister |Mr |Lavrov |prime |\\(|Ж|the |, ){0,16}",
            picks in proptest::collection::vec(0usize..7, 1..4)
        ) {
            let all = [
                "Prime Minister", "Prime", "Minister Lavrov", "Minister", "Mr Prime", "Ж", "prime",
            ];
            let mut needles: Vec<String> = Vec::new();
            for p in picks {
                if !needles.iter().any(|n| n == all[p]) {
                    needles.push(all[p].to_owned());
                }
            }
            let bounded = |at: usize, end: usize| {
                text[..at].chars().next_back().is_none_or(|c| !crate::text::is_word_char(c))
                    && text[end..].chars().next().is_none_or(|c| !crate::text::is_word_char(c))
            };
            let want: Vec<Option<Vec<Span>>> = needles
                .iter()
                .map(|n| {
                    Some(
                        text.match_indices(n.as_str())
                            .map(|(at, _)| Span::new(at, at + n.len()))
                            .filter(|sp| bounded(sp.start, sp.end))
                            .collect(),
                    )
                })
                .collect();
            let mut got = word_uses(&text, &needles.iter().map(String::as_str).collect::<Vec<_>>());
            for g in got.iter_mut().flatten() {
                g.sort_unstable();
            }
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        #[test]
        fn marked_bytes_are_found_eight_at_a_time(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            from in 0usize..45
        ) {
            let want = bytes
                .iter()
                .enumerate()
                .skip(from)
                .find(|&(_, &b)| b == b'-' || b.is_ascii_uppercase() || !b.is_ascii())
                .map(|(i, _)| i);
            proptest::prop_assert_eq!(next_marked(&bytes, from), want);
        }
    }

    proptest::proptest! {
        /// The words of the folded text, mapped back, are the words of the
        /// original, whatever folding changed (white space, dashes,
        /// apostrophes, soft hyphens, ligatures, accents, escapes).
        #[test]
        fn shared_words_equal_the_original_text_words(
            text in "([a-zA-Z0-9 \\-\u{2010}\u{2011}\u{2013}\u{e9}\u{c9}\u{15e}\u{436}\u{301}\u{a0}\u{ad}\u{2019}\u{fb01}\u{200b}\r\n\t.,'#@;]|&amp;|&#8209;|&eacute;){0,40}",
            pad in 0usize..3,
            html in proptest::bool::ANY
        ) {
            // The part may start inside the document.
            let doc = format!("{}{text}", "x ".repeat(pad));
            let span = Span::new(2 * pad, doc.len());
            let refs = if html { crate::text::CharRefs::Html } else { crate::text::CharRefs::None };
            let folded = crate::text::fold_with(&doc[span.range()], span.start, true, refs);
            let part = Part::new(span, folded, Vec::new());
            proptest::prop_assert_eq!(part_words(&doc, &part), tokens(&doc[span.range()], span.start));
        }
    }

    #[test]
    fn headlines() {
        assert!(title_like("Meeting With the Minsk Agreements Group"));
        assert!(!title_like(
            "Minister Sergei Shoigu said the Minsk agreements stand. Later Sergey Shoigu repeated that the Minsk Agreements stand."
        ));
        assert!(!title_like("the Minsk agreements were signed in February"));
    }
}
