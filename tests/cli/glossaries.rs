//! The shipped glossaries carry their own tests: they load without errors
//! and every example behaves as declared.

use termcheck::checks::{CheckOptions, Checker};
use termcheck::glossary::{GlossarySet, builtin};
use termcheck::maintain::cross_check::run_examples;
use termcheck::maintain::lint::note_research;

#[test]
fn builtin_glossaries_load_and_pass_their_examples() {
    let glossaries = builtin().unwrap_or_else(|e| panic!("{}", e[0]));
    assert!(glossaries.iter().map(|g| g.terms.len()).sum::<usize>() >= 30);
    for g in &glossaries {
        for t in &g.terms {
            assert!(t.note.is_some(), "{}: term `{}` has no note", g.path, t.id);
            assert!(
                t.reference.is_some(),
                "{}: term `{}` has no reference",
                g.path,
                t.id
            );
            // Notes and references are printed with every finding: they
            // speak to editors, research belongs in `rationale`.
            for text in [&t.note, &t.reference].into_iter().flatten() {
                assert_eq!(
                    note_research(text),
                    None,
                    "{}: `{}` cites research material in {text:?}",
                    g.path,
                    t.id
                );
            }
            assert!(
                !t.examples.good.is_empty(),
                "{}: `{}` has no good example",
                g.path,
                t.id
            );
            // A term that lists nothing to flag (the default pack accepts
            // every established form of many names) has no bad example.
            let flags_something = !t.variants.is_empty() || !t.avoid.is_empty();
            assert!(
                !flags_something || !t.examples.bad.is_empty(),
                "{}: `{}` has no bad example",
                g.path,
                t.id
            );
        }
    }
    let set = GlossarySet::new(glossaries).unwrap_or_else(|e| panic!("{}", e[0]));
    // The same checks as `termcheck check`: derived variants, near-misses,
    // consistency and mixed scripts must not fire on good examples either.
    let opts = CheckOptions::all(&set);
    let checker = Checker::with_options(set, &opts).unwrap();
    let failures: Vec<String> = run_examples(&checker)
        .into_iter()
        .filter(|r| !r.passed)
        .map(|r| r.to_string())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
