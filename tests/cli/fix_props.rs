//! Properties of fixing: bytes outside the fixed ranges never change, and
//! a second fix changes nothing.

use proptest::prelude::*;
use termcheck::checks::Checker;
use termcheck::engine::fix::{apply_edits, apply_fixes};
use termcheck::finding::{Edit, Kind, Span};
use termcheck::glossary::{GlossarySet, parse};
use termcheck::text::Document;

const GLOSSARY: &str = include_str!("../fixtures/fix/glossary.toml");

fn checker() -> Checker {
    let g = parse("glossary.toml", GLOSSARY).glossary.unwrap();
    Checker::new(GlossarySet::new(vec![g]).unwrap()).unwrap()
}

/// Snaps a byte offset down to a char boundary of `s`.
fn snap(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Checks that `out` is `text` with exactly `applied` edits made: the
/// bytes between edits are the original bytes.
fn outside_unchanged(text: &str, out: &str, applied: &[Edit]) {
    let mut edits: Vec<&Edit> = applied.iter().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let (mut at_old, mut at_new) = (0, 0);
    for e in edits {
        assert!(e.span.start >= at_old, "applied edits overlap");
        let keep = &text[at_old..e.span.start];
        assert_eq!(&out[at_new..at_new + keep.len()], keep);
        at_new += keep.len();
        assert_eq!(&out[at_new..at_new + e.replacement.len()], e.replacement);
        at_new += e.replacement.len();
        at_old = e.span.end;
    }
    assert_eq!(&out[at_new..], &text[at_old..]);
}

fn text_strategy() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "indivisibility of security",
        "Indivisibility of security",
        "INDIVISIBILITY OF SECURITY",
        "undivided security's",
        "Undivided security",
        "indivisible security",
        "osce",
        "Osce's",
        "OSCE",
        "European security",
        "EUROPEAN SECURITY",
        "security architecture",
        "pan-European security",
        "word",
        "the",
        "Россия",
        "é",
        ",",
        ".",
    ]);
    let sep = prop::sample::select(vec![" ", "\n", "\r\n", "  ", "\u{a0}", " \r\n "]);
    prop::collection::vec((token, sep), 0..24).prop_map(|parts| {
        let mut s = String::new();
        for (t, sep) in parts {
            s.push_str(t);
            s.push_str(sep);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edits_never_change_bytes_outside_applied_ranges(
        text in "\\PC{0,40}",
        raw in prop::collection::vec((0usize..60, 0usize..8, "[a-zé\\n]{0,4}"), 0..8),
    ) {
        let edits: Vec<Edit> = raw
            .into_iter()
            .map(|(s, len, r)| {
                let start = snap(&text, s);
                let end = snap(&text, start + len).max(start);
                Edit { span: Span::new(start, end), replacement: r }
            })
            .collect();
        let a = apply_edits(&text, edits.clone());
        outside_unchanged(&text, &a.text, &a.applied);
        prop_assert_eq!(a.applied.len() + a.skipped.len() <= edits.len(), true);
        for w in a.applied.windows(2) {
            prop_assert!(!w[0].span.overlaps(w[1].span));
        }
    }

    #[test]
    fn fixes_change_only_finding_spans_and_a_second_fix_is_a_no_op(text in text_strategy()) {
        let checker = checker();
        let doc = Document::new("t.txt", text.clone());
        let findings = checker.check(&doc);
        let once = apply_fixes(&text, &findings);
        // Only the spans of applied fixes changed.
        let applied: Vec<Edit> = once
            .fixed
            .iter()
            .flat_map(|&i| findings[i].fix.as_ref().unwrap().edits.iter())
            .map(|e| termcheck::engine::fix::fix_edit(&text, e))
            .collect();
        outside_unchanged(&text, &once.text, &applied);
        // Line breaks are never added or removed.
        prop_assert_eq!(once.text.matches('\n').count(), text.matches('\n').count());
        prop_assert_eq!(once.text.matches('\r').count(), text.matches('\r').count());
        // A second --fix finds nothing to fix, and where a fix wrote, the
        // fixed text has no variant or case finding of that term.
        let doc2 = Document::new("t.txt", once.text.clone());
        let again = checker.check(&doc2);
        let mut written: Vec<(usize, &Edit)> = once
            .fixed
            .iter()
            .zip(applied.iter())
            .map(|(&i, e)| (i, e))
            .collect();
        written.sort_by_key(|(_, e)| e.span.start);
        let mut shift: isize = 0;
        for (i, e) in written {
            let start = (e.span.start as isize + shift) as usize;
            let new = Span::new(start, start + e.replacement.len());
            shift += e.replacement.len() as isize - e.span.len() as isize;
            let term = &findings[i].term_id;
            let left = again.iter().find(|f| {
                &f.term_id == term
                    && matches!(f.kind, Kind::Variant | Kind::Case)
                    && f.span.overlaps(new)
            });
            prop_assert!(left.is_none(), "fixed {:?} at {:?} still gives {:?}", findings[i].found, new, left);
        }
        let twice = apply_fixes(&once.text, &again);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.fixed.is_empty(), "{:?}", again);
    }
}
