//! The British/American rules of `derive::spelling` checked against
//! VarCon (../shared/corpus/terms/varcon, read in place; skipped when the
//! corpus is absent, a failure under `CI=true`: `common::corpus`), and the
//! near-miss check on real Kremlin text.

#![allow(clippy::print_stderr)] // notes for skipped corpus tests and the measured figures

use termcheck::derive::spelling::counterpart;

use super::common::corpus;

/// (american, british) single-word pairs of common words (level <= 50).
fn varcon_pairs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut level_ok = false;
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("# ") {
            level_ok = head
                .rsplit_once("(level ")
                .and_then(|(_, l)| l.trim_end_matches(')').parse::<u32>().ok())
                .is_some_and(|l| l <= 50);
            continue;
        }
        if !level_ok {
            continue;
        }
        let entries: Vec<(&str, &str)> = line
            .split(" / ")
            .filter_map(|e| e.split_once(": "))
            .map(|(tags, w)| (tags, w.split(" |").next().unwrap_or(w).trim()))
            .collect();
        if entries.len() != 2 {
            continue;
        }
        let (a, b) = (entries[0], entries[1]);
        let is_us = |t: &str| t.split(' ').any(|x| x == "A");
        let is_gb = |t: &str| t.split(' ').any(|x| x == "B" || x == "Z");
        let word = |w: &str| w.chars().all(|c| c.is_ascii_lowercase());
        if is_us(a.0) && !is_gb(a.0) && b.0.split(' ').any(|x| x == "B") && word(a.1) && word(b.1) {
            out.push((a.1.to_owned(), b.1.to_owned()));
        }
    }
    out
}

#[test]
fn spelling_rules_agree_with_varcon() {
    let Some(dir) = corpus() else {
        return;
    };
    // VarCon is Latin-1 in places; the words compared are ASCII.
    let bytes = std::fs::read(dir.join("terms/varcon/varcon.txt")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let pairs = varcon_pairs(&text);
    assert!(pairs.len() > 1000, "parsed {} pairs", pairs.len());
    let (mut proposed, mut right, mut covered) = (0, 0, 0);
    let mut wrong = Vec::new();
    for (us, gb) in &pairs {
        // Only the families the rules claim: -ize/-ise, -yze/-yse, -our/-or,
        // -ll-/-l-, -re/-er, -ence/-ense.
        let family = (us.contains("iz") && gb.contains("is"))
            || (us.contains("yz") && gb.contains("ys"))
            || gb.contains("our")
            || gb.contains("ll")
            || gb.ends_with("re")
            || gb.ends_with("res")
            || gb.ends_with("ence");
        if !family {
            continue;
        }
        covered += 1;
        if let Some(c) = counterpart(us) {
            proposed += 1;
            if c == *gb {
                right += 1;
            } else if wrong.len() < 20 {
                wrong.push(format!("{us} -> {c} (VarCon: {gb})"));
            }
        }
    }
    let precision = right as f64 / proposed as f64;
    let recall = right as f64 / covered as f64;
    eprintln!(
        "VarCon: {covered} pairs in the rules' families, {proposed} proposed, {right} right \
         (precision {precision:.3}, recall {recall:.3}); e.g. wrong: {wrong:?}"
    );
    assert!(precision >= 0.95, "precision {precision:.3}: {wrong:?}");
    assert!(recall >= 0.6, "recall {recall:.3}");
}

#[test]
fn near_miss_stays_quiet_on_real_kremlin_text() {
    let Some(dir) = corpus() else {
        return;
    };
    // The fixture glossary (Lavrov, Zakharova, OSCE, Moldova, Belarus...)
    // on a year of real Kremlin items: every near-miss must be a real
    // misspelling of one of its names.
    let out = crate::common::bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "-g",
            "tests/fixtures/near-miss/glossary.toml",
        ])
        .arg(dir.join("statements/kremlin-en/2017"))
        .arg(dir.join("statements/kremlin-en/2018"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let near: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "near-miss")
        .map(|f| f["found"].as_str().unwrap())
        .collect();
    assert!(near.is_empty(), "unexpected near-misses: {near:?}");
}
