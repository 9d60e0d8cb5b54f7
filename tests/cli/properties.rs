//! Property tests: offsets and normalization hold for arbitrary Unicode.

use proptest::prelude::*;
use termcheck::checks::Checker;
use termcheck::glossary::{GlossarySet, parse};
use termcheck::text::{Document, fold, fold_key};

/// Text mixing ASCII, the characters the equivalences touch, combining
/// marks, CR LF and astral-plane characters.
fn tricky_text() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        "[a-zA-Z ]{1,8}",
        Just("\u{00A0}".to_owned()),
        Just("\u{00AD}".to_owned()),
        Just("\u{2011}".to_owned()),
        Just("\u{2013}".to_owned()),
        Just("\u{2019}".to_owned()),
        Just("\u{201C}".to_owned()),
        Just("\u{2033}".to_owned()),
        Just("\u{00B4}".to_owned()),
        Just("e\u{0301}".to_owned()),
        Just("\u{0301}".to_owned()),
        Just("\u{FB01}".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{1F600}".to_owned()),
        Just("İ".to_owned()),
        Just("ß".to_owned()),
        Just("Лавров".to_owned()),
        Just("indivisibility of security".to_owned()),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(atoms, 0..24).prop_map(|v| v.concat())
}

fn checker() -> Checker {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/core/glossary.toml"
    ))
    .unwrap();
    let g = parse("glossary.toml", &text).glossary.unwrap();
    Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every folded range maps to original offsets on char boundaries,
    /// monotonically, and inside the text.
    #[test]
    fn folded_offsets_map_to_char_boundaries(text in tricky_text(), base in 0usize..5) {
        let f = fold(&text, base, true);
        let mut last_start = base;
        for (fs, _) in f.text.char_indices().chain(std::iter::once((f.text.len(), ' '))) {
            let o = f.orig_start(fs);
            prop_assert!(o >= last_start);
            prop_assert!(text.is_char_boundary(o - base));
            last_start = o;
            let e = f.orig_end(fs);
            prop_assert!(e - base <= text.len());
            prop_assert!(text.is_char_boundary(e - base));
        }
    }

    /// Folding the original bytes that a folded word maps back to gives the
    /// folded word again: the map points at the right bytes.
    #[test]
    fn folded_words_map_back_to_their_source(text in tricky_text()) {
        let f = fold(&text, 0, true);
        let mut start = 0;
        for piece in f.text.split(' ') {
            let end = start + piece.len();
            if !piece.is_empty() {
                let span = f.to_original(start, end);
                let again = fold(&text[span.range()], 0, true).text;
                prop_assert_eq!(again.trim(), piece, "span {:?} of {:?}", span, text);
            }
            start = end + 1;
        }
    }

    /// Every reported finding lies on char boundaries of the original text
    /// and its `found` is exactly those bytes.
    #[test]
    fn findings_lie_on_char_boundaries(text in tricky_text()) {
        let c = checker();
        let doc = Document::new("t", text.clone());
        for f in c.check(&doc) {
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            prop_assert!(f.span.start < f.span.end);
            prop_assert_eq!(&text[f.span.range()], &*f.found);
            if let Some(fix) = &f.fix {
                for e in &fix.edits {
                    prop_assert!(f.span.contains(e.span));
                }
            }
        }
    }

    /// Byte offset -> line/column -> byte offset round-trips.
    #[test]
    fn line_col_round_trips(text in tricky_text()) {
        let doc = Document::new("t", text.clone());
        for (off, _) in text.char_indices() {
            let lc = doc.line_col(off);
            let line = doc.index.line_range(&text, lc.line);
            let line_start = if lc.line == 1 { doc.body_start().min(off) } else { line.start };
            let back = line_start
                + text[line_start..].chars().take(lc.column - 1).map(char::len_utf8).sum::<usize>();
            prop_assert_eq!(back, off);
        }
    }

    /// Inserting NBSP, curly quotes or soft hyphens where the equivalences
    /// allow never changes which terms are found.
    #[test]
    fn equivalent_spellings_find_the_same_terms(
        sep in prop_oneof![Just(" "), Just("\u{00A0}"), Just("\n"), Just(" \r\n  "), Just("\u{2009}")],
        shy in any::<bool>(),
        apos in prop_oneof![Just("'"), Just("\u{2019}"), Just("\u{02BC}")],
    ) {
        let c = checker();
        let plain = "Sergei Lavrov's talk on the indivisibility of security.";
        let variant = format!(
            "Sergei{sep}Lavrov{apos}s talk on the indivi{}sibility{sep}of{sep}security.",
            if shy { "\u{00AD}" } else { "" }
        );
        let ids = |t: &str| {
            c.check(&Document::new("t", t.to_owned()))
                .into_iter()
                .map(|f| (f.term_id, f.kind))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(ids(plain), ids(&variant));
    }
}

#[test]
fn fold_key_is_idempotent_on_samples() {
    for s in [
        "Co\u{2011}operation",
        "Côte d\u{2019}Ivoire",
        "  A\u{00A0} B  ",
        "ﬁnal",
    ] {
        let once = fold_key(s);
        assert_eq!(fold_key(&once), once);
    }
}
