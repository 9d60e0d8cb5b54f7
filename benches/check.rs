//! Micro-benchmarks (divan): loading and compiling glossaries, folding,
//! matching and whole checks. Run with `cargo bench --bench check`.
//!
//! Text comes from ../shared/corpus when present (Kremlin and UN English),
//! else, with a note (and never under `CI=true`), from a built-in paragraph
//! repeated; glossaries are the built-in
//! ones and a synthetic 10,000-term glossary generated in memory the same
//! way bench/gen_glossary.py does.

use std::sync::OnceLock;

use divan::{Bencher, black_box, counter::BytesCount};
use termcheck::checks::Checker;
use termcheck::glossary::{self, GlossarySet};
use termcheck::matcher::MatcherBuilder;
use termcheck::text::{Document, fold};

fn main() {
    divan::main();
}

const SAMPLE: &str = "MOSCOW, February 10. /TASS/. The EU is preparing a collective response \
to Russia's request on the definition of the principle of indivisible security, Russian \
Foreign Minister Sergey Lavrov said during a joint press conference with UK Foreign \
Secretary Liz Truss. \"We expect these responses from all OSCE area states,\" he said, \
adding that NATO-centrism was present throughout the conversation.\n";

/// About 4 MB of real English news text.
fn text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let root = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/statements/kremlin-en"
        );
        let mut out = String::new();
        let found = std::fs::read_dir(root);
        if found.is_err() {
            // Figures on the repeated sample are not comparable with those
            // on real text: say so, and never pass them off in CI.
            assert!(
                std::env::var_os("CI").is_none_or(|v| v != "true"),
                "CI=true but {root} is missing"
            );
            #[allow(clippy::print_stderr)]
            {
                eprintln!("note: {root} is absent; measuring on a repeated sample paragraph");
            }
        }
        if let Ok(years) = found {
            let mut files: Vec<_> = years
                .flatten()
                .filter(|e| e.path().is_dir())
                .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
                .map(|e| e.path())
                .collect();
            files.sort();
            for f in files {
                if let Ok(t) = std::fs::read_to_string(f) {
                    out.push_str(&t);
                }
                if out.len() > 4 << 20 {
                    break;
                }
            }
        }
        while out.len() < 4 << 20 {
            out.push_str(SAMPLE);
        }
        out
    })
}

/// A synthetic glossary of `n` terms, three forms each.
fn synthetic_toml(n: usize) -> String {
    const ADJ: &[&str] = &[
        "collective",
        "strategic",
        "bilateral",
        "regional",
        "global",
        "military",
        "nuclear",
        "maritime",
        "sovereign",
        "joint",
        "special",
        "mutual",
        "eurasian",
        "arctic",
    ];
    const NOUN: &[&str] = &[
        "security",
        "partnership",
        "treaty",
        "council",
        "commission",
        "mission",
        "forum",
        "summit",
        "charter",
        "protocol",
        "framework",
        "union",
        "agency",
        "alliance",
    ];
    const OF: &[&str] = &[
        "peace",
        "stability",
        "trade",
        "energy",
        "transport",
        "climate",
        "health",
        "media",
        "justice",
        "borders",
        "refugees",
        "elections",
        "navigation",
        "fisheries",
    ];
    let mut s = String::from("[glossary]\nname = \"Synthetic\"\nlanguage = \"en\"\n");
    let mut i = 0usize;
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    while i < n {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let pick = |k: u64, xs: &[&'static str]| xs[(seed >> k) as usize % xs.len()];
        let p = format!(
            "{} {} {} on {} {}",
            pick(3, ADJ),
            pick(11, ADJ),
            pick(19, NOUN),
            pick(27, OF),
            i
        );
        s.push_str(&format!(
            "[[term]]\nid = \"t{i}\"\npreferred = \"{p}\"\nvariants = [\"{}\", \"{}\"]\n",
            p.replace(" on ", " regarding "),
            p.replace(" on ", " for ")
        ));
        i += 1;
    }
    s
}

fn builtin_set() -> GlossarySet {
    GlossarySet::new(glossary::builtin().unwrap()).unwrap()
}

fn synthetic_set(n: usize) -> GlossarySet {
    let text = synthetic_toml(n);
    let g = glossary::parse("synthetic.toml", &text).glossary.unwrap();
    GlossarySet::new(vec![g]).unwrap()
}

#[divan::bench(args = [300, 10_000])]
fn load_and_compile_synthetic(bencher: Bencher<'_, '_>, n: usize) {
    let text = synthetic_toml(n);
    bencher.bench(|| {
        let g = glossary::parse("synthetic.toml", black_box(&text))
            .glossary
            .unwrap();
        let set = GlossarySet::new(vec![g]).unwrap();
        Checker::new(set).unwrap()
    });
}

#[divan::bench]
fn load_and_compile_builtin() -> Checker {
    Checker::new(builtin_set()).unwrap()
}

#[divan::bench]
fn fold_text(bencher: Bencher<'_, '_>) {
    let t = text();
    bencher
        .counter(BytesCount::new(t.len()))
        .bench(|| fold(black_box(t), 0, true));
}

#[divan::bench(args = [0, 10_000])]
fn match_folded(bencher: Bencher<'_, '_>, n: usize) {
    let set = if n == 0 {
        builtin_set()
    } else {
        synthetic_set(n)
    };
    let m = MatcherBuilder::new().glossaries(&set).build().unwrap();
    let t = text();
    let folded = fold(t, 0, true);
    bencher
        .counter(BytesCount::new(t.len()))
        .bench(|| m.find_all(black_box(t), &folded).len());
}

#[divan::bench(args = [0, 10_000])]
fn check_document(bencher: Bencher<'_, '_>, n: usize) {
    let set = if n == 0 {
        builtin_set()
    } else {
        synthetic_set(n)
    };
    let checker = Checker::new(set).unwrap();
    let doc = Document::new("bench.txt", text().to_owned());
    bencher
        .counter(BytesCount::new(doc.text.len()))
        .bench(|| checker.check(black_box(&doc)).len());
}
