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

use super::{Check, Context};
use crate::derive::spelling;
use crate::finding::{Finding, Kind, Severity, Span};
use crate::text::Document;

/// Where consistency is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Files it occurs in, sorted.
    pub files: Vec<usize>,
}

/// A group spelled several ways: why they belong together, the shared
/// key, and the spellings with the most frequent first.
pub type Conflict<'a> = (Group, &'a str, Vec<(&'a str, &'a Spelling)>);

/// Candidate spellings of one scope: group key -> spelling -> counts.
///
/// Most groups of a long text hold one spelling, so each group's
/// spellings are a small vector sorted by spelling (a map node per group
/// cost about a kilobyte; a tally of a large file holds many groups).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    groups: HashMap<(Group, Box<str>), Forms>,
}

/// One group's spellings, sorted by spelling.
type Forms = Vec<(Box<str>, Spelling)>;

impl Tally {
    fn add(&mut self, group: Group, key: String, spelling: &str, at: Occurrence) {
        let forms = self.groups.entry((group, key.into())).or_default();
        match forms.binary_search_by(|(k, _)| k.as_ref().cmp(spelling)) {
            Ok(i) => {
                let s = &mut forms[i].1;
                s.count += 1;
                if at < s.first {
                    s.first = at;
                }
                if !s.files.contains(&at.file) {
                    s.files.push(at.file);
                    s.files.sort_unstable();
                }
            }
            Err(i) => {
                let s = Spelling {
                    count: 1,
                    first: at,
                    files: vec![at.file],
                };
                forms.insert(i, (spelling.into(), s));
            }
        }
    }

    /// Adds another tally (another file of the run).
    pub fn merge(&mut self, other: Tally) {
        for (k, forms) in other.groups {
            let mine = self.groups.entry(k).or_default();
            if mine.is_empty() {
                *mine = forms;
                continue;
            }
            for (sp, s) in forms {
                match mine.binary_search_by(|(k, _)| k.cmp(&sp)) {
                    Ok(i) => {
                        let m = &mut mine[i].1;
                        m.count += s.count;
                        m.first = m.first.min(s.first);
                        m.files.extend(s.files);
                        m.files.sort_unstable();
                        m.files.dedup();
                    }
                    Err(i) => mine.insert(i, (sp, s)),
                }
            }
        }
    }

    /// Sets the file index of every occurrence (a file's tally is built
    /// with index 0).
    pub fn set_file(&mut self, file: usize) {
        for forms in self.groups.values_mut() {
            for (_, s) in forms.iter_mut() {
                s.first.file = file;
                s.files = vec![file];
            }
        }
    }

    /// Groups spelled more than one way: (group, key, spellings with the
    /// most frequent first).
    pub fn conflicts(&self) -> Vec<Conflict<'_>> {
        let mut out = Vec::new();
        let mut groups: Vec<_> = self.groups.iter().collect();
        groups.sort_by(|a, b| a.0.cmp(b.0));
        for ((g, key), forms) in groups {
            if forms.len() < 2 {
                continue;
            }
            let mut v: Vec<(&str, &Spelling)> =
                forms.iter().map(|(k, s)| (k.as_ref(), s)).collect();
            v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.1.first.cmp(&b.1.first)));
            out.push((*g, key.as_ref(), v));
        }
        out
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
        for (group, key, forms) in self.conflicts() {
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
                    term_id: format!("unlisted:{}", display_key(key)),
                    found,
                    preferred: doc_text(other, m.first.span),
                    message,
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

/// Marks the key of a spelling inside a proper name, so names are
/// compared with names and common nouns with common nouns.
const NAME_CLASS: char = '\u{1}';

fn class_key(proper: bool, key: &str) -> String {
    if proper {
        format!("{NAME_CLASS}{key}")
    } else {
        key.to_owned()
    }
}

/// A group's key as shown (in `unlisted:<key>` and the usage table).
pub fn display_key(key: &str) -> &str {
    key.trim_start_matches(NAME_CLASS)
}

fn doc_text(doc: &Document, span: Span) -> String {
    doc.text.get(span.range()).unwrap_or_default().to_owned()
}

/// The `inconsistent` check.
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
    tally_with(cx, findings, Wanted::Local)
}

/// Like [`tally`], for one window of a long document: `wanted` holds the
/// closed spellings of the hyphenated and camel-case words of the whole
/// document ([`wanted_words`]), so windows tally what the whole-document
/// check would.
pub fn tally_window(cx: &Context<'_>, findings: &[Finding], wanted: &HashSet<String>) -> Tally {
    tally_with(cx, findings, Wanted::Given(wanted))
}

/// The closed spellings of the hyphenated and camel-case words of
/// `regions`: the only words a plain spelling can be inconsistent with.
pub fn wanted_words(text: &str, regions: &[Span]) -> HashSet<String> {
    // A region is read in pieces of about 1 MiB, each ending at white
    // space (never inside a word), so the token list of a 200 MB line is
    // never held at once.
    const PIECE: usize = 1 << 20;
    let bytes = text.as_bytes();
    let mut w = HashSet::default();
    for r in regions {
        let not = not_words(&text[r.range()], r.start);
        let mut s = r.start;
        while s < r.end {
            let mut e = (s + PIECE).min(r.end);
            if e < r.end {
                e = memchr::memchr3(b' ', b'\n', b'\t', &bytes[e..r.end]).map_or(r.end, |k| e + k);
            }
            for tok in tokens(&text[s..e], s) {
                let i = not.partition_point(|n| n.end <= tok.start);
                if not.get(i).is_some_and(|n| n.overlaps(tok)) {
                    continue;
                }
                add_wanted(&mut w, &text[tok.start..tok.end]);
            }
            s = e;
        }
    }
    w
}

fn add_wanted(w: &mut HashSet<String>, word: &str) {
    if word.contains(is_hyphen) {
        w.insert(word.to_lowercase().replace(is_hyphen, ""));
    } else if word.chars().skip(1).any(char::is_uppercase) && word.chars().any(char::is_lowercase) {
        w.insert(word.to_lowercase());
    }
}

/// Which plain words to tally.
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
    tally_with(cx, findings, Wanted::All)
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

fn tally_with(cx: &Context<'_>, findings: &[Finding], mode: Wanted<'_>) -> Tally {
    let mut skip: Vec<Span> = cx.matches().map(|(_, m)| m.span).collect();
    let text = cx.doc.text.as_str();
    for part in cx.parts {
        skip.extend(not_words(&text[part.span.range()], part.span.start));
    }
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
    let mut t = Tally::default();
    let at = |span: Span| Occurrence { file: 0, span };
    for part in cx.parts {
        let region = &text[part.span.range()];
        let toks = tokens(region, part.span.start);
        // Headline lines, found once per line.
        let mut lines: Vec<(usize, bool)> = Vec::new();
        let mut ls = part.span.start;
        for l in region.split_inclusive('\n') {
            lines.push((ls, title_like(l)));
            ls += l.len();
        }
        let in_title = |at: usize| {
            let i = lines.partition_point(|&(s, _)| s <= at);
            i > 0 && lines[i - 1].1
        };
        // Whether each token is skipped, in one merge of two sorted lists.
        let skip: Vec<bool> = {
            let mut r = runs.partition_point(|s| s.end <= part.span.start);
            toks.iter()
                .map(|t| {
                    while r < runs.len() && runs[r].end <= t.start {
                        r += 1;
                    }
                    runs.get(r).is_some_and(|s| s.overlaps(*t))
                })
                .collect()
        };
        // In file scope a plain word matters only when a hyphenated or
        // two-word spelling of it occurs in the same file.
        // Hyphenated words and camel-case words ("MrPresident"): the only
        // closed or joined spellings a pair can stand against.
        let local: Option<HashSet<String>> = matches!(mode, Wanted::Local).then(|| {
            let mut w = HashSet::default();
            for (tok, _) in toks.iter().zip(&skip).filter(|(_, s)| !**s) {
                add_wanted(&mut w, &text[tok.start..tok.end]);
            }
            w
        });
        let wanted: Option<&HashSet<String>> = match &mode {
            Wanted::All => None,
            Wanted::Local => local.as_ref(),
            Wanted::Given(w) => Some(w),
        };
        let mut kbuf = String::new();
        for (i, tok) in toks.iter().enumerate() {
            let sp = Span::new(tok.start, tok.end);
            if skip[i] {
                continue;
            }
            let word = &text[sp.range()];
            if sp.len() < 2 || !word.chars().all(|c| c.is_alphabetic() || is_hyphen(c)) {
                continue;
            }
            let lower: std::borrow::Cow<'_, str> =
                if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                    word.to_lowercase().into()
                } else {
                    word.into()
                };
            let hyphenated = word.contains(is_hyphen);
            let letters = if lower.is_ascii() {
                lower.len() - lower.matches('-').count()
            } else {
                lower.chars().filter(|c| c.is_alphabetic()).count()
            };
            // Hyphenation: "co-operation" and "cooperation" share a key.
            let closed: std::borrow::Cow<'_, str> = if hyphenated {
                lower
                    .chars()
                    .filter(|c| !is_hyphen(*c))
                    .collect::<String>()
                    .into()
            } else {
                lower.as_ref().into()
            };
            // Capitalized inside a sentence: part of a proper name, which
            // has its own spelling and does not vote against the common
            // noun ("Interregional Cooperation Forum" beside
            // "inter-regional ties"); names are compared with names.
            // In a headline a capital says nothing: such words are not
            // counted.
            let upper = word.chars().next().is_some_and(char::is_uppercase);
            let headline = upper && in_title(tok.start);
            let proper = upper && !headline && !crate::text::sentence_start_before(text, tok.start);
            if headline {
                continue;
            }
            if letters >= 5 && wanted.is_none_or(|w| w.contains(closed.as_ref())) {
                let spelled = lower.replace(is_hyphen, "-");
                t.add(
                    Group::Hyphenation,
                    class_key(proper, &closed),
                    &spelled,
                    at(sp),
                );
            }
            // Two capitalized words: "Asia Pacific" vs "Asia-Pacific".
            if let Some(next) = toks.get(i + 1) {
                let gap = &text[tok.end..next.start];
                let nsp = Span::new(next.start, next.end);
                let nword = &text[nsp.range()];
                if gap == " "
                    && !skip[i + 1]
                    && capitalized(word)
                    && nword.chars().all(char::is_alphabetic)
                {
                    let pair = Span::new(tok.start, next.end);
                    if capitalized(nword) && !hyphenated {
                        kbuf.clear();
                        kbuf.push_str(&closed);
                        kbuf.extend(nword.chars().flat_map(char::to_lowercase));
                        if wanted.is_none_or(|w| w.contains(kbuf.as_str())) {
                            // Two capitalized words are a name.
                            t.add(
                                Group::Hyphenation,
                                class_key(true, &kbuf),
                                &format!("{lower} {}", nword.to_lowercase()),
                                at(pair),
                            );
                        }
                    }
                    // Capitalization of a two-word name, outside headlines
                    // and sentence starts, and not part of a longer name
                    // ("Donetsk People's Republic", "Year of Russian Culture").
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
                    if cx.capitalization
                        && nword.chars().count() >= 4
                        && !longer_after
                        && !longer_before
                        && !crate::text::sentence_start_before(text, tok.start)
                        && !in_title(tok.start)
                    {
                        t.add(
                            Group::Capitalization,
                            format!("{lower} {}", nword.to_lowercase()),
                            &format!("{word} {nword}"),
                            at(pair),
                        );
                    }
                }
            }
            if word.contains(is_hyphen) {
                continue;
            }
            // A capitalized neighbour, one space away: the word is part of
            // a multi-word name.
            let neighbour = |j: Option<usize>| {
                j.and_then(|j| Some((toks.get(j)?, skip[j])))
                    .and_then(|(n, skipped)| {
                        let (a, b) = if n.start < tok.start {
                            (n.end, tok.start)
                        } else {
                            (tok.end, n.start)
                        };
                        (&text[a..b] == " " && !skipped && capitalized(&text[n.range()]))
                            .then_some(n)
                    })
            };
            if let Some(canon) = spelling::canonical(&lower) {
                // "the National Theatre" in an American text is a name, not
                // a spelling choice.
                let named = capitalized(word)
                    && (neighbour(i.checked_sub(1)).is_some() || neighbour(Some(i + 1)).is_some());
                if !named {
                    t.add(Group::Spelling, class_key(proper, &canon), &lower, at(sp));
                }
            } else if capitalized(word)
                && letters >= 4
                && !crate::text::sentence_start_before(text, tok.start)
            {
                // A first name is compared only with mentions that share its
                // surname: "Sergei Shoigu" and "Sergey Lavrov" are two people.
                let key = match neighbour(Some(i + 1)) {
                    Some(n) => format!(
                        "{} {}",
                        skeleton(&lower),
                        skeleton(&text[n.range()].to_lowercase())
                    ),
                    None => skeleton(&lower),
                };
                t.add(Group::Transliteration, key, word, at(sp));
            }
        }
    }
    t
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
    #[test]
    fn tally_adds_and_merges_spellings() {
        let at = |file, start| Occurrence {
            file,
            span: Span::new(start, start + 4),
        };
        let key = || "cooperation".to_owned();
        let mut a = Tally::default();
        for (sp, start) in [
            ("cooperation", 50),
            ("co-operation", 10),
            ("cooperation", 5),
        ] {
            a.add(Group::Hyphenation, key(), sp, at(0, start));
        }
        a.add(Group::Spelling, "color".to_owned(), "colour", at(0, 70));
        let mut b = Tally::default();
        for (sp, start) in [
            ("co operation", 1),
            ("co-operation", 2),
            ("co-operation", 3),
        ] {
            b.add(Group::Hyphenation, key(), sp, at(1, start));
        }
        b.add(Group::Spelling, "color".to_owned(), "color", at(1, 9));
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
            t.add(g, key.into(), minor.0, minor.1);
            for start in [30, 50] {
                t.add(g, key.into(), major, occ(0, start, start + 5));
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

    #[test]
    fn headlines() {
        assert!(title_like("Meeting With the Minsk Agreements Group"));
        assert!(!title_like(
            "Minister Sergei Shoigu said the Minsk agreements stand. Later Sergey Shoigu repeated that the Minsk Agreements stand."
        ));
        assert!(!title_like("the Minsk agreements were signed in February"));
    }
}
