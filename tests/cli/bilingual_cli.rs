//! `termcheck check` on bilingual files (XLIFF 1.2, XLIFF 2.0, PO): each
//! unit's Russian source against its own English target, through the real
//! binary, on fixtures under tests/fixtures/source/bilingual/.

use std::fs;

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

const DIR: &str = "tests/fixtures/source/bilingual";
const GLOSSARY: &str = "tests/fixtures/source/glossary.toml";

fn cmd(args: &[&str]) -> Command {
    let mut c = super::common::bin();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--no-config", "-g", GLOSSARY])
        .args(args);
    c
}

/// Runs with `--format json`: (exit code, findings, stderr).
fn json(file: &str) -> (i32, Vec<Value>, String) {
    let out = cmd(&["--format", "json", &format!("{DIR}/{file}")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    let findings = doc["findings"].as_array().unwrap().clone();
    (out.status.code().unwrap(), findings, stderr)
}

/// (kind, term_id, line, column, found) of each finding.
fn summary(findings: &[Value]) -> Vec<(String, String, u64, u64, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["term_id"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["found"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn row(
    kind: &str,
    term: &str,
    line: u64,
    column: u64,
    found: &str,
) -> (String, String, u64, u64, String) {
    (
        kind.to_owned(),
        term.to_owned(),
        line,
        column,
        found.to_owned(),
    )
}

/// The `source_span` of a finding: (path, line, column, end_line, end_column).
fn source_span(f: &Value) -> (String, u64, u64, u64, u64) {
    let s = &f["source_span"];
    (
        s["path"].as_str().unwrap().to_owned(),
        s["line"].as_u64().unwrap(),
        s["column"].as_u64().unwrap(),
        s["end_line"].as_u64().unwrap(),
        s["end_column"].as_u64().unwrap(),
    )
}

#[test]
fn xliff_12_units() {
    let (code, f, stderr) = json("statement.xlf");
    // The variant's severity is `error`.
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        summary(&f),
        [
            // Inflected source, approved target: nothing. A variant in the
            // target: the variant only, not also `missing`.
            row(
                "variant",
                "indivisible-security",
                11,
                41,
                "indivisibility of security"
            ),
            // "миротворцев" (genitive plural) with no rendering.
            row("missing", "peacekeeper", 15, 17, "миротворцев"),
        ]
    );
    let m = &f[1];
    assert_eq!(
        source_span(m),
        (format!("{DIR}/statement.xlf"), 14, 38, 14, 49)
    );
    // The finding covers the target text, inline tags included.
    assert_eq!(
        (m["end_line"].as_u64(), m["end_column"].as_u64()),
        (Some(15), Some(83))
    );
    assert_eq!(m["severity"], "info");
    assert_eq!(m["fix"], Value::Null);
    assert!(f[0].get("source_span").is_none());
}

#[test]
fn xliff_20_segments() {
    let (code, f, stderr) = json("statement.xliff");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        summary(&f),
        [
            row(
                "variant",
                "indivisible-security",
                15,
                64,
                "undivided security"
            ),
            row("missing", "nato", 21, 17, "НАТО"),
        ]
    );
    assert_eq!(
        source_span(&f[1]),
        (format!("{DIR}/statement.xliff"), 20, 25, 20, 29)
    );
    assert_eq!(f[1]["severity"], "warning");
}

#[test]
fn po_entries() {
    let (code, f, stderr) = json("statement.po");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        summary(&f),
        [
            // Across a continuation line, in escaped quotes.
            row(
                "variant",
                "indivisible-security",
                17,
                28,
                "indivisibility of \"\n\"security"
            ),
            row("missing", "peacekeeper", 22, 9, "миротворцев"),
        ]
    );
    assert_eq!(
        source_span(&f[1]),
        (format!("{DIR}/statement.po"), 21, 29, 21, 40)
    );
}

#[test]
fn human_output_points_at_the_source_in_the_same_file() {
    cmd(&[&format!("{DIR}/statement.po"), "--color", "never"])
        .assert()
        .code(1)
        .stdout(contains("'миротворцев' in the source"))
        .stdout(contains(format!("{DIR}/statement.po:21:29")));
}

#[test]
fn a_declared_language_pair_the_glossary_does_not_cover_skips_missing() {
    let dir = tempfile::tempdir().unwrap();
    let src = fs::read_to_string(format!(
        "{}/{DIR}/statement.xliff",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let path = dir.path().join("uk.xliff");
    fs::write(&path, src.replace("srcLang=\"ru-RU\"", "srcLang=\"uk\"")).unwrap();
    let out = cmd(&["--format", "json", path.to_str().unwrap()])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["variant"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("language-mismatch"), "{stderr}");
    assert!(stderr.contains("source language is `uk`"), "{stderr}");
    assert!(stderr.contains("uk.xliff:2:"), "{stderr}");
}

#[test]
fn a_glossary_without_source_forms_checks_targets_only() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.toml");
    fs::write(
        &g,
        "[glossary]\nname = \"G\"\nlanguage = \"en\"\n\n[[term]]\npreferred = \"indivisible security\"\nvariants = [\"indivisibility of security\"]\n",
    )
    .unwrap();
    let out = crate::common::bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--no-config", "--format", "json", "-g"])
        .arg(&g)
        .arg(format!("{DIR}/statement.xlf"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["variant"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn source_option_is_refused_for_a_bilingual_target() {
    cmd(&[
        "--source",
        "tests/fixtures/source/cases.ru",
        &format!("{DIR}/statement.po"),
    ])
    .assert()
    .code(2)
    .stdout("")
    .stderr(contains("holds its own source text"))
    .stderr(contains("help: drop `--source`"));
}

#[test]
fn input_format_option_makes_a_file_bilingual() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("statement.txt");
    fs::copy(
        format!("{}/{DIR}/statement.po", env!("CARGO_MANIFEST_DIR")),
        &path,
    )
    .unwrap();
    let out = cmd(&[
        "--format",
        "json",
        "--input-format",
        "po",
        path.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["variant", "missing"]);
}
