//! CLI tests of the glossary maintenance commands on fixtures under
//! tests/fixtures/glossary/.
#![allow(clippy::print_stderr)] // tests note skipped corpus checks

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> String {
    format!("tests/fixtures/glossary/{name}")
}

fn termcheck() -> Command {
    let mut c = super::common::bin();
    c.env("NO_COLOR", "1");
    c
}

use super::common::corpus;

/// Every rejection the contract lists, with the line:col it is reported at.
#[test]
fn lint_rejects_broken_glossaries_with_positions() {
    let cases = [
        ("syntax.toml", "2:15", "toml-syntax"),
        ("unknown-key.toml", "7:1", "did you mean `variants`?"),
        (
            "missing-preferred.toml",
            "5:1",
            "term has no `preferred` form",
        ),
        (
            "empty-preferred.toml",
            "6:13",
            "`preferred` must not be empty",
        ),
        ("duplicate-id.toml", "9:1", "duplicate term id `capital`"),
        (
            "variant-is-approved.toml",
            "7:13",
            "equals the approved form",
        ),
        (
            "form-in-two-terms.toml",
            "12:13",
            "also belongs to term `a`",
        ),
        ("bad-severity.toml", "7:12", "did you mean `error`?"),
        ("bad-case.toml", "7:8", "did you mean `insensitive`?"),
        (
            "missing-glossary.toml",
            "1:1",
            "missing required table `[glossary]`",
        ),
    ];
    for (file, pos, text) in cases {
        let path = fixture(&format!("broken/{file}"));
        termcheck()
            .args(["glossary", "lint", &path])
            .assert()
            .code(2)
            .stdout(predicate::str::contains(format!("{path}:{pos}")))
            .stdout(predicate::str::contains(text));
    }
}

#[test]
fn lint_json_lists_diagnostics() {
    let out = termcheck()
        .args([
            "glossary",
            "lint",
            "--format",
            "json",
            &fixture("broken/unknown-key.toml"),
        ])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let d = &v["diagnostics"];
    let unknown = d
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unknown-key")
        .unwrap();
    assert_eq!(unknown["line"], 7);
    assert_eq!(unknown["column"], 1);
    assert_eq!(unknown["severity"], "error");
    assert_eq!(unknown["help"], "did you mean `variants`?");
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn lint_maintenance_warnings() {
    let path = fixture("warnings.toml");
    let out = termcheck()
        .args(["glossary", "lint", "--format", "json", &path])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let got: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}",
                d["code"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect();
    for want in [
        "invalid-language-tag:3:12",
        "id-not-kebab-case:6:6",
        "variant-shadowed:8:13",
        "missing-examples:15:13",
        "forms-differ-only-by-equivalences:16:39",
        "variant-never-matches:23:13",
        "tag-typo:25:9",
    ] {
        assert!(got.contains(&want.to_owned()), "{want} not in {got:?}");
    }
    termcheck()
        .args(["glossary", "lint", &fixture("good.toml")])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
}

#[test]
fn test_reports_failing_examples_with_positions() {
    let path = fixture("failing-examples.toml");
    termcheck()
        .args(["glossary", "test", &path])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{path}:9:18: term `kyiv`: good example was flagged\n  sentence: \"Talks in Kiev.\"\n  found: variant \"Kiev\" at column 10"
        )))
        .stdout(predicate::str::contains(format!(
            "{path}:10:17: term `kyiv`: bad example produced no finding for the term\n  sentence: \"Talks in Kyiv.\"\n  expected: one of \"Kiev\""
        )))
        .stdout(predicate::str::ends_with("0 passed, 2 failed\n"));
    termcheck()
        .args(["glossary", "test", &fixture("good.toml")])
        .assert()
        .success()
        .stdout("7 passed, 0 failed\n");
}

#[test]
fn fmt_check_prints_a_diff_and_fmt_writes_atomically() {
    let path = fixture("unformatted.toml");
    termcheck()
        .args(["glossary", "fmt", "--check", &path])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+examples.good = [\"In Kyiv.\"]"))
        .stdout(predicate::str::contains("-preferred = 'Kyiv'"));
    termcheck()
        .args(["glossary", "fmt", "--check", &fixture("good.toml")])
        .assert()
        .success()
        .stdout("");

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("g.toml");
    let crlf = fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    fs::write(&target, format!("\u{feff}{crlf}")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    }
    termcheck()
        .args(["glossary", "fmt", target.to_str().unwrap()])
        .assert()
        .success();
    let written = fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("\u{feff}# Header comment stays on top.\r\n\r\n[glossary]\r\n"));
    assert!(
        !written.replace("\r\n", "").contains('\n'),
        "line endings kept"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    termcheck()
        .args(["glossary", "fmt", "--check", target.to_str().unwrap()])
        .assert()
        .success();
    // Nothing else was left in the directory (no temporary files).
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn fmt_leaves_everything_alone_when_one_file_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    fs::copy(fixture("unformatted.toml"), &a).unwrap();
    let before = fs::read(&a).unwrap();
    termcheck()
        .args([
            "glossary",
            "fmt",
            a.to_str().unwrap(),
            &fixture("broken/syntax.toml"),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("syntax.toml:2:15"))
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(fs::read(&a).unwrap(), before);
}

#[test]
fn stats_counts_forms_and_tags() {
    termcheck()
        .args(["glossary", "stats", &fixture("good.toml")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "forms:      3 preferred, 1 admitted, 3 variants, 1 exceptions, 2 source",
        ))
        .stdout(predicate::str::contains("severity:   error 1, warning 2"));
    let out = termcheck()
        .args([
            "glossary",
            "stats",
            "--format",
            "json",
            &fixture("good.toml"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["glossaries"][0]["terms"], 3);
    assert_eq!(v["glossaries"][0]["tags"]["person"], 1);
}

#[test]
fn explain_terms_and_phrases() {
    let g = fixture("good.toml");
    termcheck()
        .args(["glossary", "explain", "-g", &g, "talks in Kiev, not Chicken Kiev"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"Kiev\" (column 10): term `kyiv` (tests/fixtures/glossary/good.toml:29:1), form \"Kiev\": a listed variant (reported)",
        ))
        .stdout(predicate::str::contains(
            "\"Kiev\" (column 28): term `kyiv` (tests/fixtures/glossary/good.toml:29:1), form \"Kiev\": inside one of the term's exceptions (not reported)",
        ));
    termcheck()
        .args(["glossary", "explain", "-g", &g, "osce"])
        .assert()
        .success()
        .stdout(predicate::str::contains("term `osce`"))
        .stdout(predicate::str::contains("admitted:   OSCE"));
    termcheck()
        .args(["glossary", "explain", "-g", &g, "Kyyiv"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "closest: `Kyiv` (preferred form of `kyiv`)",
        ));
}

#[test]
fn export_import_round_trips_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["tbx", "csv"] {
        let file = dir.path().join(format!("g.{format}"));
        termcheck()
            .args([
                "glossary",
                "export",
                "--format",
                format,
                &fixture("good.toml"),
                "-o",
            ])
            .arg(&file)
            .assert()
            .success();
        let toml = dir.path().join(format!("back-{format}.toml"));
        let mut cmd = termcheck();
        cmd.args(["glossary", "import", "--format", format])
            .arg(&file)
            .arg("-o")
            .arg(&toml);
        if format == "csv" {
            cmd.args(["--name", "Test diplomatic terms"]);
        }
        cmd.assert().success();
        termcheck()
            .args(["glossary", "test"])
            .arg(&toml)
            .assert()
            .success()
            .stdout("7 passed, 0 failed\n");
    }
}

#[test]
fn import_rejects_doctype_and_unknown_entities() {
    termcheck()
        .args([
            "glossary",
            "import",
            "--format",
            "tbx",
            &fixture("exchange/doctype.tbx"),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "doctype.tbx:4:75: unknown entity `&b;`: entities declared in a <!DOCTYPE> are never expanded",
        ));
    termcheck()
        .args([
            "glossary",
            "import",
            "--format",
            "tbx",
            &fixture("exchange/entity.tbx"),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "entity.tbx:5:77: unknown entity `&xxe;`",
        ));
}

#[test]
fn import_csv_reports_unmapped_columns() {
    termcheck()
        .args(["glossary", "import", "--format", "csv", &fixture("exchange/sample.csv")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "preferred = \"Collective Security Treaty Organization\"\nadmitted = [\"CSTO\"]\nvariants = [\"Collective Security Treaty Organisation\"]\nsource = [\"ОДКБ\"]",
        ))
        .stderr(predicate::str::contains("column `Created by` not mapped"))
        .stderr(predicate::str::contains(
            "1 concept(s) without a preferred row: the first approved form became `preferred`",
        ));
}

#[test]
fn import_reads_the_official_tbx_basic_examples() {
    let Some(corpus) = corpus() else { return };
    for style in ["DCA", "DCT"] {
        let file = corpus.join(format!(
            "conformance/tbx/Example_Astronomy_{style}_VALID.tbx"
        ));
        if !file.exists() {
            eprintln!("note: {} is absent; skipping", file.display());
            continue;
        }
        let out = termcheck()
            .args(["glossary", "import", "--format", "tbx"])
            .arg(&file)
            .assert()
            .success()
            .stderr(predicate::str::contains("imported 39 terms"))
            .stderr(predicate::str::contains(
                "1 superseded term(s) mapped to `variants`",
            ))
            .stderr(predicate::str::contains("× `partOfSpeech` not mapped"))
            .stderr(predicate::str::contains(
                "term(s) in language `zu` not mapped",
            ))
            .get_output()
            .stdout
            .clone();
        let toml = String::from_utf8(out).unwrap();
        assert!(
            toml.contains("preferred = \"open cluster\"\nvariants = [\"galactic cluster\"]"),
            "{toml}"
        );
        assert!(toml.contains("source_language = \"es\""));
    }
}

#[test]
fn mine_proposes_toml() {
    let out = termcheck()
        .args([
            "glossary",
            "mine",
            "-g",
            &fixture("mine.toml"),
            "--min-count",
            "2",
            &fixture("corpus"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("# near `sergey-lavrov`"), "{out}");
    assert!(out.contains("# 3x \"Sergei Lavrov\""), "{out}");
    assert!(out.contains("variants = [\"Sergei Lavrov\"]"), "{out}");
    // Mine counts only listed forms as known: a derived variant such as
    // the closed-up "Cooperation" is still proposed for listing.
    assert!(
        out.contains("# 1x \"Organization for Security and Cooperation in Europe\""),
        "{out}"
    );
    assert!(
        out.contains("preferred = \"Eurasian Economic Union\"\nadmitted = [\"EAEU\"]"),
        "{out}"
    );
    assert!(
        out.contains("tests/fixtures/glossary/corpus/a.txt:1: Sergei Lavrov met"),
        "{out}"
    );
}

#[test]
fn impact_lists_added_removed_altered() {
    termcheck()
        .args(["glossary", "impact", "--against", &fixture("old.toml"), &fixture("new.toml"), &fixture("corpus")])
        .assert()
        .success()
        .stdout(predicate::str::contains("2 -> 4 findings (3 added, 1 removed, 1 altered)"))
        .stdout(predicate::str::contains("sergey-lavrov  +3     -0     ~0"))
        .stdout(predicate::str::contains(
            "altered tests/fixtures/glossary/corpus/a.txt:1:90 \"Kiev\" `kyiv`: severity warning -> error",
        ))
        .stdout(predicate::str::contains(
            "removed tests/fixtures/glossary/corpus/a.txt:2:44 \"O.S.C.E.\" was variant (warning) `osce`",
        ));
    let out = termcheck()
        .args([
            "glossary",
            "impact",
            "--format",
            "json",
            "--against",
            &fixture("old.toml"),
            &fixture("new.toml"),
            &fixture("corpus"),
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["impact"]["totals"]["added"], 3);
    assert_eq!(v["impact"]["per_term"]["osce"]["removed"], 1);
}
