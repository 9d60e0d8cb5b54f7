//! The engine limit: a bare Aho-Corasick build-and-scan of the same forms
//! over the same text, with nothing else (no folding, no word boundaries,
//! no findings). `bench/run.sh` times it next to `termcheck check`.
//!
//! Usage: ac_baseline FORMS_FILE TEXT_FILE...
//!
//! FORMS_FILE holds one folded form per line (written by
//! bench/gen_glossary.py). The automaton is ASCII case-insensitive and
//! leftmost-longest, as termcheck's is over its folded text.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use aho_corasick::{AhoCorasick, MatchKind};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: ac_baseline FORMS_FILE TEXT_FILE...");
        return ExitCode::from(2);
    }
    let forms = match std::fs::read_to_string(&args[0]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot read {}: {e}", args[0]);
            return ExitCode::from(2);
        }
    };
    let patterns: Vec<&str> = forms.lines().filter(|l| !l.is_empty()).collect();
    let ac = match AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&patterns)
    {
        Ok(ac) => ac,
        Err(e) => {
            eprintln!("cannot build: {e}");
            return ExitCode::from(2);
        }
    };
    let mut total = 0usize;
    for path in &args[1..] {
        match std::fs::read(path) {
            Ok(text) => total += ac.find_iter(&text).count(),
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{} patterns, {total} matches", patterns.len());
    ExitCode::SUCCESS
}
