//! The fuzz targets on the stable toolchain, without libFuzzer: every
//! committed input under `fuzz/corpus/<target>/` (seeds and the inputs of
//! bugs the fuzzer found) is replayed, then proptest mutates the seeds
//! (bit flips, markup and escape tokens, cuts, splices) and runs the same
//! target functions. The coverage-guided run is `scripts/fuzz`.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use termcheck::formats::InputFormat;

#[allow(unreachable_pub, dead_code)]
#[path = "../../fuzz/src/lib.rs"]
mod targets;

type Target = fn(&[u8]);

/// Every fuzz target, by its directory name under `fuzz/corpus/`.
const TARGETS: &[(&str, Target)] = &[
    ("glossary", targets::glossary),
    ("fold", targets::fold),
    ("check", targets::check),
    ("format_markdown", |d| {
        targets::format(InputFormat::Markdown, d)
    }),
    ("format_html", |d| targets::format(InputFormat::Html, d)),
    ("format_xliff", |d| targets::format(InputFormat::Xliff, d)),
    ("format_po", |d| targets::format(InputFormat::Po, d)),
    ("document_date", targets::document_date),
    ("decode", targets::decode),
    ("tbx_import", targets::tbx_import),
    // A debug build: the budget only catches a hang here; the fuzzer's
    // release build holds inputs to `HOSTILE_BUDGET`.
    ("hostile", |d| {
        targets::hostile(d, std::time::Duration::from_secs(60))
    }),
];

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

/// The committed inputs of one target, sorted by file name.
fn corpus(target: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(corpus_dir(target))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths.iter().map(|p| fs::read(p).unwrap()).collect()
}

#[test]
fn every_target_has_a_seed_corpus() {
    for (name, _) in TARGETS {
        assert!(
            corpus(name).len() >= 2,
            "fuzz/corpus/{name}/ needs at least two seeds"
        );
    }
}

#[test]
fn committed_corpora_pass_every_target() {
    for (name, run) in TARGETS {
        let inputs = corpus(name);
        // An empty or misplaced corpus would make this test pass vacuously.
        assert!(
            !inputs.is_empty(),
            "no committed corpus for target `{name}`"
        );
        for input in inputs {
            run(&input);
        }
    }
}

/// Bytes worth inserting: markup, escapes and the characters folding
/// treats specially.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&amp;",
    "&#x",
    "&#",
    ";",
    "\"",
    "'",
    "\\",
    "\\\"",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<target>",
    "</target>",
    "<p>",
    "</p>",
    "<!DOCTYPE x>",
    "msgstr ",
    "msgid ",
    "#~ ",
    "# termcheck: ignore ",
    "termcheck-disable",
    "termcheck-enable",
    "termcheck-disable-next-line",
    "```",
    "> ",
    "* ",
    "[",
    "]",
    "(",
    ")",
    "[[term]]\n",
    "preferred = ",
    "variants = [",
    "\u{FEFF}",
    "\u{AD}",
    "\u{301}",
    "\u{A0}",
    "\u{2019}",
    "\u{201C}",
    "\u{2011}",
    "\u{2212}",
    "\u{130}",
    "\u{1E9E}",
    "\u{FB01}",
    "Ж",
    "😀",
    "NATO",
    "security",
    "Lavrov",
    "Sergei ",
    "Turkey",
    "Ivory Coast",
    "undivided security",
    "UN Secretary General",
    "'s",
    "s'",
    "es",
    "-",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, &'static str),
    Delete(usize, usize),
    Repeat(usize, usize, usize),
    Splice(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(p, b)| Mutation::Flip(p, b)),
        (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(p, t)| Mutation::Insert(p, t)),
        (any::<usize>(), 0usize..16).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (any::<usize>(), 1usize..24, 1usize..40).prop_map(|(p, n, k)| Mutation::Repeat(p, n, k)),
        (any::<usize>(), any::<usize>()).prop_map(|(p, q)| Mutation::Splice(p, q)),
    ]
}

/// Applies mutations to `seed`; `other` is a second seed to splice from.
fn mutate(seed: &[u8], other: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut d = seed.to_vec();
    for m in mutations {
        let at = |p: usize, len: usize| if len == 0 { 0 } else { p % (len + 1) };
        match *m {
            Mutation::Flip(p, bit) if !d.is_empty() => {
                let i = p % d.len();
                d[i] ^= 1 << bit;
            }
            Mutation::Flip(..) => {}
            Mutation::Insert(p, t) => {
                let i = at(p, d.len());
                d.splice(i..i, t.bytes());
            }
            Mutation::Delete(p, n) => {
                let i = at(p, d.len());
                let j = (i + n).min(d.len());
                d.drain(i..j);
            }
            Mutation::Repeat(p, n, k) => {
                let i = at(p, d.len());
                let j = (i + n).min(d.len());
                let piece = d[i..j].to_vec();
                for _ in 0..k {
                    d.splice(j..j, piece.iter().copied());
                }
            }
            Mutation::Splice(p, q) => {
                let i = at(p, d.len());
                let j = at(q, other.len());
                d.truncate(i);
                d.extend_from_slice(&other[j..]);
            }
        }
    }
    d
}

fn mutated_inputs(target: &str) -> impl Strategy<Value = Vec<u8>> {
    let seeds = corpus(target);
    let pick = prop::sample::select(seeds);
    (pick.clone(), pick, prop::collection::vec(mutation(), 1..12))
        .prop_map(|(seed, other, ms)| mutate(&seed, &other, &ms))
}

macro_rules! mutation_tests {
    ($($test:ident => $target:literal,)*) => {
        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 96,
                failure_persistence: None,
                ..ProptestConfig::default()
            })]
            $(
                #[test]
                fn $test(input in mutated_inputs($target)) {
                    let run = TARGETS.iter().find(|(n, _)| *n == $target).unwrap().1;
                    run(&input);
                }
            )*
        }
    };
}

mutation_tests! {
    mutated_glossaries => "glossary",
    mutated_folding => "fold",
    mutated_checking => "check",
    mutated_markdown => "format_markdown",
    mutated_html => "format_html",
    mutated_xliff => "format_xliff",
    mutated_po => "format_po",
    mutated_decoding => "decode",
    mutated_tbx => "tbx_import",
}

#[test]
fn mutation_keeps_seed_without_mutations_and_splices() {
    assert_eq!(mutate(b"abc", b"xyz", &[]), b"abc");
    assert_eq!(mutate(b"abc", b"xyz", &[Mutation::Splice(1, 2)]), b"az");
    assert_eq!(mutate(b"ab", b"", &[Mutation::Repeat(0, 1, 2)]), b"aaab");
    assert_eq!(mutate(b"ab", b"", &[Mutation::Insert(4, "<")]), b"a<b");
}
