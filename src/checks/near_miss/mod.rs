//! `near-miss`: an unlisted rendering close to one of a term's forms
//! ("indivisable security", "Mariia Zakharova").
//!
//! Cost stays near-linear: the forms are indexed by the first letter and
//! length of their first two words, so at each word of the text only forms
//! that could start there are considered; a window must have the form's
//! number of words, each word within the form word's edit budget by
//! length, letter set and shared character bigrams, before any edit
//! distance is computed.

mod index;
mod roman;
mod rules;

use index::*;
pub(crate) use index::{Tok, text_tokens};
use roman::*;
use rules::*;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Check, Context, Part};
use crate::finding::{Applicability, Edit, Finding, Fix, Kind, Severity, Span};
use crate::glossary::{FormKind, GlossarySet, TermRef};
use crate::text::{fold_key, is_word_char};

/// The default minimum similarity (1 - edits / length) of a near-miss,
/// chosen on the real news in `../shared/corpus` (see docs/accuracy.md).
pub const DEFAULT_NEAR_MISS_THRESHOLD: f64 = 0.85;

/// Least similarity at which a near-miss of an approved form carries an
/// unsafe fix (applied only with `--unsafe-fixes`, as in ruff): one edit
/// in ten letters.
pub(crate) const UNSAFE_FIX_SIMILARITY: f64 = 0.9;

/// Fewest letters a form in lower case needs to take part: shorter
/// phrases are one typo away from ordinary English words.
const MIN_LETTERS: usize = 7;
/// Fewest letters a name (a form with a capital) needs: four-letter names
/// ("Oman", "Peru") take part, three-letter ones ("Iran" minus one) do
/// not. Names are matched only by capitalized text, and the rules in
/// `rules.rs` keep English words and other names out.
const MIN_NAME_LETTERS: usize = 4;
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

/// The near-miss check with its candidate index.
#[derive(serde::Serialize, serde::Deserialize, Debug)]
pub struct NearMissCheck {
    threshold: f64,
    /// Forms share their words ([`Arc`]); stored with each word once.
    #[serde(with = "index::shared_words")]
    forms: Vec<FuzzyForm>,
    shapes: Vec<Shape>,
    /// Candidates of every bucket, bucket after bucket: the hot loop reads
    /// them in order, with the letter sets it filters on inline.
    #[serde(with = "index::packed_entries")]
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
    /// Per flat-table slot (first letter and length of a text word) and
    /// initial of the next word, the lengths of the second words of
    /// multi-word forms there, as bits: a text word followed by a word of
    /// another initial or length needs no hash probe (a probe that finds
    /// nothing is a cache miss; this table stays in the near caches).
    second: Vec<u32>,
    /// Folded approved forms per term: a window that extends one
    /// ("Transdniestrian" for "Transdniestria") is a derived word of an
    /// approved form, not a misspelling of a variant.
    approved: HashMap<TermRef, Vec<String>>,
    /// Words where [`MAX_SCORED_PER_WORD`] or [`MAX_CANDIDATES_PER_WINDOW`]
    /// cut the search short, over the run (a compiled check starts at 0).
    #[serde(skip)]
    capped: AtomicUsize,
    /// Person and place names by romanization key.
    roman: RomanIndex,
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
        // Romanization findings, in text order (so sorted), which near-misses
        // must not overlap either.
        let mut roman_spans: Vec<Span> = Vec::new();
        let mut roman_max = 0;
        // Where the document names each term with a listed or derived
        // form: the support a weak near-miss needs nearby.
        let mut named: Vec<(TermRef, Span)> = cx.matches().map(|(_, m)| (m.term, m.span)).collect();
        named.sort_unstable();
        let mut found = Vec::new();
        let mut romanized: Vec<(Span, usize)> = Vec::new();
        for part in cx.parts {
            let hay = part.folded.text.as_str();
            let toks = part.words();
            // Other romanizations of listed names first: the more specific
            // finding (a variant with a safe fix) takes the place a
            // near-miss would.
            let caps = token_caps(cx, part, toks);
            for h in self.roman.find(hay, toks, &caps) {
                let first = part.matches.partition_point(|m| m.folded_end <= h.start);
                if part.matches[first..]
                    .iter()
                    .take_while(|m| m.folded_start < h.end)
                    .next()
                    .is_some()
                {
                    continue;
                }
                let span = part.folded.to_original(h.start, h.end);
                let one_word = !hay[h.start..h.end].contains(|c: char| !is_word_char(c));
                if overlaps_any(&covered, max_len, span)
                    || (one_word
                        && (is_english_word(&hay[h.start..h.end])
                            || is_dictionary_name(&hay[h.start..h.end])
                            || in_longer_name(cx, part, span)))
                {
                    continue;
                }
                roman_spans.push(span);
                roman_max = roman_max.max(span.len());
                romanized.push((span, h.name));
            }
            let mut cands = self.candidates_with(hay, toks, Some(&caps));
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
                let form_key = fold_key(f.text(cx.set));
                // A match's inflection ending ("Iran's") may stand past the
                // window's end: its base decides.
                let blocks = |m: &crate::matcher::TermMatch| {
                    let end = if m.folded_base_end == c.end {
                        c.end
                    } else {
                        m.folded_end
                    };
                    let inside = c.start <= m.folded_start
                        && end <= c.end
                        && (m.folded_start, end) != (c.start, c.end);
                    let other_name =
                        inside && m.term != f.term && !form_key.contains(&hay[m.folded_start..end]);
                    (m.folded_start < c.end && c.start < end && !inside) || other_name
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
                // A window that extends an approved form, holds one whole
                // ("UN Food and Agriculture Organisation" holds the admitted
                // "Food and Agriculture Organisation"), or is some of its
                // words ("Pashinyan" of "Nikol Pashinyan"), is a correct
                // rendering, not a misspelt variant.
                let approved_words = self.approved.get(&f.term).is_some_and(|a| {
                    a.iter().any(|k| {
                        // "Brunei Darusalam" begins with the approved short
                        // name "Brunei", but so does the form it misspells.
                        (starts_with_words(window, k) && !starts_with_words(&form_key, k))
                            || starts_with_words(k, window)
                            || contains_words(k, window)
                            || (contains_words(window, k) && !contains_words(&form_key, k))
                    })
                });
                if approved_words {
                    continue;
                }
                let span = part.folded.to_original(c.start, c.end);
                let one_word_name = f.words.len() == 1 && f.proper;
                if overlaps_any(&covered, max_len, span)
                    || overlaps_any(&roman_spans, roman_max, span)
                    || (f.proper && !cx.text(span).chars().any(char::is_uppercase))
                    || !keeps_capitals(f, cx, part, &toks_in(hay, c.start, c.end))
                    || (f.words.len() == 1 && is_english_word(window))
                    || (one_word_name
                        && (window.chars().count() < MIN_NAME_LETTERS
                            || is_dictionary_name(window)
                            || all_capitals(cx.text(span))))
                    || (one_word_name && in_longer_name(cx, part, span))
                    || (f.proper
                        && after_other_title(
                            &cx.doc.text,
                            span,
                            &cx.set.term(f.term).preferred.text,
                        ))
                    || (!f.kind.is_approved() && !named_near(&named, f.term, span))
                {
                    continue;
                }
                taken.insert(c.start, c.end);
                found.push((span, c.form, c.sim));
            }
        }
        for (span, name) in romanized {
            let n = &self.roman.names[name];
            let term = cx.set.term(n.term);
            if !term.valid.is_always() && !term.valid.contains(cx.date().value) {
                continue;
            }
            let text = cx.text(span);
            let system = RomanIndex::system_of(term, text);
            // Where the glossary already accepts another romanization of
            // this name besides the preferred spelling, a spelling an
            // English-language system gives ("Aleksei" beside an admitted
            // "Aleksey") is one more of them, not an error; an admitted
            // English name ("Elizabeth Truss") accepts no "Elizabet Trass".
            let accepts_variety = n
                .approved
                .iter()
                .any(|a| *a != term.preferred.text && RomanIndex::romanizes_source(term, a));
            if accepts_variety
                && system
                    .as_ref()
                    .is_some_and(|(sys, _)| sys.is_english_language())
            {
                continue;
            }
            let how = match system {
                Some((sys, src)) => format!("{} romanization of '{src}'", sys.name()),
                None => "another spelling of the name".to_owned(),
            };
            let message = format!("variant rendering of '{}' ({how})", term.preferred.text);
            // The approved form closest to the text, else the preferred.
            let folded = fold_key(text);
            let target = n
                .approved
                .iter()
                .min_by_key(|a| strsim::levenshtein(&fold_key(a), &folded))
                .unwrap_or(&term.preferred.text);
            let replacement = super::transfer_case(text, target);
            let fix = (term.fix_allowed(FormKind::Preferred) && replacement != text)
                .then(|| Fix::safe(span, replacement));
            out.push(cx.finding(n.term, Kind::Variant, span, message, fix));
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
                    f.text(cx.set),
                    sim * 100.0,
                    term.preferred.text
                )
            } else {
                format!(
                    "'{}' is close to '{}', a variant of '{}' ({:.0}% similar)",
                    cx.text(span),
                    f.text(cx.set),
                    term.preferred.text,
                    sim * 100.0
                )
            };
            // A close misspelling of an approved form: the form it is close
            // to, in the text's case shape, applied only on request.
            let fix = (f.kind.is_approved() && sim >= UNSAFE_FIX_SIMILARITY).then(|| Fix {
                edits: vec![Edit {
                    span,
                    replacement: super::transfer_case(cx.text(span), f.text(cx.set)),
                }],
                applicability: Applicability::Unsafe,
            });
            let mut finding = cx.finding(f.term, Kind::NearMiss, span, message, fix);
            finding.severity = finding.severity.min(Severity::Warning);
            covered.push(span);
            out.push(finding);
        }
    }
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
            assert_eq!(text_tokens(s), reference_tokens(s), "{s:?}");
        }
    }

    /// [`tokens`], with each word's length, letter set and first char
    /// worked out one word at a time.
    fn reference_tokens(s: &str) -> Vec<Tok> {
        tokens(s)
            .into_iter()
            .map(|(start, end)| Tok {
                start,
                end,
                chars: s[start..end].chars().count(),
                mask: letter_mask(&s[start..end]),
                first: s[start..].chars().next().unwrap_or('\0'),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn text_tokens_agree_with_tokens_on_any_text(
            s in "[a-zA-Z0-9 \\-\u{e9}\u{dc}\u{436}\u{301}.,'\u{2014}]{0,40}"
        ) {
            proptest::prop_assert_eq!(text_tokens(&s), reference_tokens(&s));
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
        // A sentence's first word and a title make no longer name.
        let t = "The Lavroff talks. Minister Lavroff spoke.";
        assert!(!inside_longer_name(t, 4, 11));
        let last = t.rfind("Lavroff").unwrap();
        assert!(!inside_longer_name(t, last, last + 7));
    }

    #[test]
    fn a_cleric_is_another_person() {
        let at = |t: &str, name: &str, preferred: &str| {
            let s = t.find(name).unwrap_or_default();
            after_other_title(t, Span::new(s, s + name.len()), preferred)
        };
        let z = "Volodymyr Zelenskyy";
        for t in [
            "a text by Father Vladimir Zelinsky",
            "a text by Fr Vladimir Zelinsky",
            "a text by Fr.Vladimir Zelinsky",
            "a text by Fr. Vladimir Zelinsky",
        ] {
            assert!(at(t, "Vladimir Zelinsky", z), "{t}");
        }
        assert!(!at("a text by Vladimir Zelinsky", "Vladimir Zelinsky", z));
        assert!(!at(
            "his Father's friend Vladimir Zelinsky",
            "Vladimir Zelinsky",
            z
        ));
        assert!(!at("From Vladimir Zelinsky", "Vladimir Zelinsky", z));
        // A title the listed name carries is no other person.
        assert!(!at("Patriarch Kiril spoke", "Kiril", "Patriarch Kirill"));
    }

    #[test]
    fn typing_slips() {
        for t in ["chnia", "chiina", "chins", "xhina", "chinaa"] {
            assert!(typing_slip(t, "china"), "{t}");
        }
        // A dropped letter counts in names of six letters or more.
        assert!(!typing_slip("chna", "china"));
        assert!(!typing_slip("palu", "palau"));
        assert!(!typing_slip("syia", "syria"));
        assert!(typing_slip("norwy", "norway"));
        // In a four-letter name only a swap or a doubled letter.
        assert!(!typing_slip("peri", "peru"));
        assert!(typing_slip("preu", "peru") && typing_slip("perru", "peru"));
        for t in ["chita", "ching", "imran", "cpina"] {
            assert!(!typing_slip(t, "china"), "{t}");
        }
        assert!(!typing_slip("styria", "syria"));
        assert!(!typing_slip("turkomen", "turkmen"));
        assert!(!typing_slip("imran", "iran"));
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
        for (list, len) in [(ENGLISH_WORDS_4, 4..=4), (ENGLISH_NAMES, 4..=64)] {
            let list: Vec<&str> = list.lines().collect();
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "sorted, no duplicates"
            );
            assert!(
                list.iter()
                    .all(|w| len.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()))
            );
        }
        assert!(is_english_word("iron") && !is_english_word("iran"));
        assert!(is_dictionary_name("angela") && !is_dictionary_name("chnia"));
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
