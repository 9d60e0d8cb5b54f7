//! No note that `check` prints on the shared corpus cites research material:
//! a file name, a line number, a hit count or a research-notes section. Notes
//! speak to editors; the research trail lives in `rationale` and `sources`.
//!
//! Runs `termcheck check --format json` with every built-in pack over the
//! Kremlin archive, the UN statements and the WMT references in
//! ../shared/corpus, and greps every note in the output. When the corpus is
//! absent the test skips, except under `CI=true`, where it fails.
#![allow(clippy::print_stderr)]

use std::collections::BTreeSet;

use regex::Regex;
use serde_json::Value;

use super::common::corpus;

fn packs() -> Vec<String> {
    let out = crate::common::bin()
        .args(["glossary", "list-packs"])
        .output()
        .expect("termcheck runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(char::is_whitespace))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
fn notes_on_the_corpus_cite_no_research_material() {
    let Some(root) = corpus() else { return };
    let mut files = Vec::new();
    for sub in ["statements/kremlin-en", "un/ungdc-rus", "news-ru-en"] {
        files.extend(super::common::files_under(&root.join(sub), &|p| {
            p.extension().is_some_and(|x| {
                x == "txt" || (x == "en" && p.to_string_lossy().contains(".refA."))
            })
        }));
    }
    assert!(
        files.len() > 1000,
        "expected the whole corpus, found {} files",
        files.len()
    );
    let packs = packs();
    assert!(packs.len() >= 6, "{packs:?}");
    let mut notes = BTreeSet::new();
    let mut findings = 0usize;
    for chunk in files.chunks(500) {
        let mut cmd = crate::common::bin();
        cmd.args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--fail-on",
            "never",
        ]);
        for p in &packs {
            cmd.args(["--pack", p]);
        }
        cmd.args(chunk);
        let out = cmd.output().expect("termcheck runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
        for f in v["findings"].as_array().expect("findings") {
            findings += 1;
            if let Some(n) = f["note"].as_str() {
                notes.insert(n.to_owned());
            }
        }
    }
    assert!(
        findings > 100,
        "the whole-corpus run found only {findings} findings"
    );
    let research = Regex::new(
        r"(?x)
        \b[\w-]+\.(txt|tsv|csv|toml|md|json|xml|tmx)\b   # a file name
        | \b(ref[AB]|src)\b | \bnewstest | \bWMT | \bFLORES | \bUNGDC | \bRUS_\d
        | :\d+\b                                      # a line number
        | \bNOTES\b | §                                # a research-notes section
        | \b\d+\s+(vs\.?|versus)\s+\d+\b               # a count comparison
        | \b\d+\s+(hits?|occurrences|times)\b          # a hit count
        | \bcorpus\b",
    )
    .expect("a valid regex");
    let offenders: Vec<&String> = notes.iter().filter(|n| research.is_match(n)).collect();
    assert!(
        offenders.is_empty(),
        "{} of {} distinct notes cite research material:\n{}",
        offenders.len(),
        notes.len(),
        offenders
            .iter()
            .map(|n| format!("  {n}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
