//! CLI tests of running termcheck in CI: a mixed repository of .txt, .md,
//! .html, .xlf and .po files with a termcheck.toml (tests/fixtures/ci/repo)
//! checked in every report format, plus baselines, config errors, `init`,
//! the pre-commit hook and the GitHub action's script.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ci/repo")
}

fn termcheck(dir: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("termcheck"));
    c.current_dir(dir)
        .env_remove("NO_COLOR")
        .env("TERMCHECK_CACHE_DIR", crate::common::CACHE_DIR);
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = termcheck(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The fixture repository's findings as `path:line:col severity kind term found`.
const EXPECTED: &[&str] = &[
    "copy/brief.md:5:15 error variant cote-divoire Ivory Coast",
    "copy/brief.md:8:20 warning variant indivisible-security undivided\nsecurity",
    "copy/brief.md:16:1 error variant cote-divoire Ivory Coast",
    "copy/lavrov.txt:1:41 warning variant indivisible-security indivisibility of security",
    "copy/lavrov.txt:5:31 info case osce Osce",
    "copy/page.html:2:26 error variant cote-divoire Ivory Coast",
    "copy/page.html:3:17 warning variant osce Organization for Security and Cooperation in Europe",
    "copy/page.html:3:83 warning variant indivisible-security indivisibility&nbsp;of security",
    "copy/page.html:4:23 error variant cote-divoire Ivory Coast",
    "copy/wire.wire:1:1 warning variant indivisible-security Undivided security",
    "copy/wire.wire:1:28 error variant cote-divoire Ivory Coast",
    "l10n/app.po:7:13 warning variant indivisible-security indivisibility of \"\n\"security",
    "l10n/app.po:15:9 warning variant osce Organization for Security and Cooperation in Europe",
    "l10n/statement.xlf:7:21 warning variant indivisible-security indivisibility of security",
    "l10n/statement.xlf:11:17 error variant cote-divoire Ivory Coast",
    "l10n/statement.xlf:11:49 warning variant osce Organization for Security and Cooperation in Europe",
];

fn json_findings(stdout: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(stdout).unwrap();
    v["findings"].as_array().unwrap().clone()
}

fn describe(f: &Value) -> String {
    format!(
        "{}:{}:{} {} {} {} {}",
        f["path"].as_str().unwrap(),
        f["line"],
        f["column"],
        f["severity"].as_str().unwrap(),
        f["kind"].as_str().unwrap(),
        f["term_id"].as_str().unwrap(),
        f["found"].as_str().unwrap()
    )
}

#[test]
fn json_has_the_right_findings_at_the_right_positions() {
    let r = run(&repo(), &["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let findings = json_findings(&r.stdout);
    let got: Vec<String> = findings.iter().map(describe).collect();
    assert_eq!(got, EXPECTED);
    // Bytes and line/column agree with the file on disk.
    for f in &findings {
        let text = fs::read_to_string(repo().join(f["path"].as_str().unwrap())).unwrap();
        let (s, e) = (
            f["byte_start"].as_u64().unwrap() as usize,
            f["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], f["found"].as_str().unwrap());
        let line = text[..s].matches('\n').count() + 1;
        let col = text[..s][text[..s].rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(line as u64), Some(col as u64))
        );
    }
    // Drafts and backups are excluded; the unknown suppression id is reported.
    assert!(!r.stdout.contains("drafts/"));
    assert!(!r.stdout.contains(".bak"));
    assert!(
        r.stderr
            .contains("suppression names unknown term id `unknown-term`")
    );
    assert!(r.stderr.contains("copy/brief.md:16:59"), "{}", r.stderr);
}

#[test]
fn json_lines_streams_the_same_findings() {
    let json = json_findings(&run(&repo(), &["check", "--format", "json"]).stdout);
    let r = run(&repo(), &["check", "--format", "json-lines"]);
    assert_eq!(r.code, 1);
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines, json);
}

#[test]
fn sarif_validates_against_the_schema() {
    let r = run(&repo(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let run0 = &log["runs"][0];
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), EXPECTED.len());
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "case/osce",
            "variant/cote-divoire",
            "variant/indivisible-security",
            "variant/osce"
        ]
    );
    let first = &results[0];
    assert_eq!(first["ruleId"], "variant/cote-divoire");
    assert_eq!(first["level"], "error");
    assert_eq!(
        rules[first["ruleIndex"].as_u64().unwrap() as usize],
        "variant/cote-divoire"
    );
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(5), Some(15))
    );
    assert_eq!(
        first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "Côte d'Ivoire"
    );

    let Some(schema_path) = super::common::shared_file("schemas/sarif-schema-2.1.0.json") else {
        return;
    };
    let schema = fs::read_to_string(&schema_path).unwrap();
    let schema: Value = serde_json::from_str(&schema).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject a broken log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn github_workflow_commands() {
    let r = run(&repo(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), EXPECTED.len() + 1);
    assert_eq!(
        lines[0],
        "::error file=copy/brief.md,line=5,col=15,endLine=5,endColumn=26,\
         title=termcheck variant (cote-divoire)::variant rendering of 'Côte d'Ivoire': use 'Côte d'Ivoire'"
    );
    // Errors first, then warnings, then notices.
    let rank = |l: &str| {
        ["::error", "::warning", "::notice"]
            .iter()
            .position(|p| l.starts_with(p))
    };
    let ranks: Vec<usize> = lines[..lines.len() - 1]
        .iter()
        .map(|l| rank(l).unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    // A finding over two lines keeps columns: it is marked to the end of
    // its first line (GitHub drops columns of multi-line annotations);
    // its note: newlines escaped, one command per line.
    let multi = lines
        .iter()
        .find(|l| l.starts_with("::warning file=copy/brief.md,line=8,"))
        .unwrap();
    assert!(multi.starts_with(
        "::warning file=copy/brief.md,line=8,col=20,endLine=8,endColumn=29,title=termcheck variant (indivisible-security)::"
    ), "{multi}");
    assert!(multi.ends_with(": use 'indivisible security'%0AOSCE principle."));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice file=copy/lavrov.txt,line=5,col=31,"))
    );
    assert_eq!(
        lines.last().copied(),
        Some("termcheck: 16 finding(s) (6 error, 9 warning, 1 info) in 6 of 6 file(s)")
    );
}

#[test]
fn github_annotations_are_capped_and_the_step_summary_lists_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    // 14 warnings and 12 errors: more of each than GitHub shows.
    let mut text = String::new();
    for i in 0..14 {
        text.push_str(&format!(
            "Paragraph {i}: the principle of indivisibility of security.\n"
        ));
    }
    fs::write(dir.path().join("a|b.md"), &text).unwrap();
    let mut errors = String::new();
    for i in 0..12 {
        errors.push_str(&format!("Line {i}: Ivory Coast.\n"));
    }
    fs::write(dir.path().join("b.txt"), &errors).unwrap();
    let terms = fs::read_to_string(repo().join("terms.toml"))
        .unwrap()
        .replace(
            "variants = [\"Ivory Coast\"]",
            "variants = [\"Ivory Coast\"]\nseverity = \"error\"",
        );
    let glossary = dir.path().join("terms.toml");
    fs::write(&glossary, terms).unwrap();
    let summary = dir.path().join("summary.md");
    fs::write(&summary, "# Earlier step output\n\n").unwrap();
    let out = termcheck(dir.path())
        .args(["check", "--no-config", "-g"])
        .arg(&glossary)
        .args(["--format", "github", "a|b.md", "b.txt"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let count = |p: &str| stdout.lines().filter(|l| l.starts_with(p)).count();
    assert_eq!(count("::error file="), 10, "{stdout}");
    assert_eq!(count("::warning file="), 10, "{stdout}");
    assert!(
        stdout.lines().take(10).all(|l| l.starts_with("::error ")),
        "{stdout}"
    );
    assert!(
        stdout.contains("::notice title=termcheck::6 more finding(s) not annotated"),
        "{stdout}"
    );
    assert!(stdout.contains("::group::termcheck: 6 more finding(s)\n"));
    assert_eq!(count("::endgroup::"), 1);
    // The summary keeps what was there and adds a row per finding.
    let md = fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("# Earlier step output\n\n## termcheck\n"),
        "{md}"
    );
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Severity") && !l.starts_with("| ---"))
        .collect();
    assert_eq!(rows.len(), 26, "{md}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("| warning | a\\|b.md | 1 | ")),
        "{md}"
    );
    assert!(
        rows.iter()
            .all(|r| r.matches(" | ").count() - r.matches("\\| ").count() == 6),
        "{md}"
    );
}

fn xml_events(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            quick_xml::escape::unescape(std::str::from_utf8(&a.value).unwrap())
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((
                    String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    attrs,
                ));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn checkstyle_xml() {
    let r = run(&repo(), &["check", "--format", "checkstyle"]);
    assert_eq!(r.code, 1);
    let events = xml_events(&r.stdout);
    let files: Vec<&str> = events
        .iter()
        .filter(|(n, _)| n == "file")
        .map(|(_, a)| a[0].1.as_str())
        .collect();
    assert_eq!(
        files,
        [
            "copy/brief.md",
            "copy/lavrov.txt",
            "copy/page.html",
            "copy/wire.wire",
            "l10n/app.po",
            "l10n/statement.xlf"
        ]
    );
    let errors: Vec<&Vec<(String, String)>> = events
        .iter()
        .filter(|(n, _)| n == "error")
        .map(|(_, a)| a)
        .collect();
    assert_eq!(errors.len(), EXPECTED.len());
    let first: Vec<(&str, &str)> = errors[0]
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        first,
        [
            ("line", "5"),
            ("column", "15"),
            ("severity", "error"),
            (
                "message",
                "variant rendering of 'Côte d'Ivoire' (use 'Côte d'Ivoire')"
            ),
            ("source", "termcheck.variant.cote-divoire"),
        ]
    );
}

#[test]
fn junit_one_case_per_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("clean.txt"),
        "Côte d'Ivoire and indivisible security.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("bad.md"),
        "# Ivory Coast\n\nIvory <b>Coast</b> & Ivory Coast\n",
    )
    .unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "-g",
            repo().join("terms.toml").to_str().unwrap(),
            "--format",
            "junit",
            ".",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let events = xml_events(&r.stdout);
    let cases: Vec<&str> = events
        .iter()
        .filter(|(n, _)| n == "testcase")
        .map(|(_, a)| a[0].1.as_str())
        .collect();
    assert_eq!(cases, ["bad.md", "clean.txt"]);
    let suite = &events.iter().find(|(n, _)| n == "testsuite").unwrap().1;
    assert!(suite.contains(&("tests".to_owned(), "2".to_owned())));
    assert!(suite.contains(&("failures".to_owned(), "1".to_owned())));
    assert!(r.stdout.contains("<failure type=\"termcheck\" message=\"2 terminology findings\">bad.md:1:3: warning[variant]"));
    assert!(
        r.stdout.contains("bad.md:3:22: warning[variant]"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains(" file="),
        "junit-10.xsd has no `file` on a testcase"
    );
    // Findings below --fail-on do not fail the case (the run exits 0);
    // they are listed in its output.
    let r = run(
        dir.path(),
        &[
            "check",
            "--no-config",
            "-g",
            repo().join("terms.toml").to_str().unwrap(),
            "--format",
            "junit",
            "--fail-on",
            "error",
            ".",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("<failure"), "{}", r.stdout);
    assert!(r.stdout.contains("failures=\"0\""));
    assert!(
        r.stdout
            .contains("<system-out>bad.md:1:3: warning[variant]"),
        "{}",
        r.stdout
    );
}

#[test]
fn statistics_per_term_and_kind() {
    let r = run(&repo(), &["check", "--statistics"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        " count  kind          term                  fixable  files\n     \
         6  variant       cote-divoire                6      4\n     \
         6  variant       indivisible-security        6      6\n     \
         3  variant       osce                        3      3\n     \
         1  case          osce                        1      1\n    \
         16  findings in 6 of 6 files checked\n"
    );
    let r = run(&repo(), &["check", "--statistics", "--format", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v[0]["term_id"], "cote-divoire");
    assert_eq!(v[0]["count"], 6);
}

#[test]
fn jobs_do_not_change_the_output() {
    let one = run(&repo(), &["check", "--format", "json", "-j", "1"]);
    let two = run(&repo(), &["check", "--format", "json", "--jobs", "2"]);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.code, two.code);
}

#[test]
fn fail_on_from_config_and_command_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo().join("terms.toml"), dir.path().join("terms.toml")).unwrap();
    fs::write(dir.path().join("a.txt"), "Talks with the Osce.\n").unwrap();
    fs::write(
        dir.path().join("termcheck.toml"),
        "glossaries = [\"terms.toml\"]\nfail-on = \"info\"\n[severity.kinds]\ncase = \"info\"\n",
    )
    .unwrap();
    assert_eq!(run(dir.path(), &["check", "a.txt"]).code, 1);
    assert_eq!(
        run(dir.path(), &["check", "--fail-on", "warning", "a.txt"]).code,
        0
    );
    // --no-config: the built-in glossary and fail-on warning.
    let r = run(
        dir.path(),
        &["check", "--no-config", "--format", "json", "a.txt"],
    );
    assert!(
        r.stdout
            .contains("\"name\": \"Default: organizations, titles, treaties and concepts\""),
        "{}",
        r.stdout
    );
}

#[test]
fn baseline_survives_lines_inserted_above() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo().join("terms.toml"), dir.path().join("terms.toml")).unwrap();
    fs::write(
        dir.path().join("termcheck.toml"),
        "glossaries = [\"terms.toml\"]\n",
    )
    .unwrap();
    let old = "MOSCOW, May 5 (TASS). Talks on the indivisibility of security.\n\
               Delegates from Ivory Coast attended.\n";
    fs::write(dir.path().join("news.md"), old).unwrap();
    let w = run(
        dir.path(),
        &["check", "--write-baseline", "baseline.json", "."],
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(
        w.stderr
            .contains("wrote 2 findings to baseline `baseline.json`")
    );
    let recorded: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(recorded["findings"].as_array().unwrap().len(), 2);

    let new = format!(
        "# Update\n\nA new lead paragraph on undivided security.\n\n{old}Ivory Coast again, later.\n"
    );
    fs::write(dir.path().join("news.md"), new).unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got: Vec<String> = json_findings(&r.stdout).iter().map(describe).collect();
    assert_eq!(
        got,
        [
            "news.md:3:25 warning variant indivisible-security undivided security",
            "news.md:7:1 warning variant cote-divoire Ivory Coast",
        ]
    );
    // Without the baseline all four are reported.
    let all = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(json_findings(&all.stdout).len(), 4);
    // A missing baseline is an error, not an empty baseline.
    let missing = run(dir.path(), &["check", "--baseline", "nope.json", "."]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("cannot read baseline `nope.json`"));
}

#[test]
fn config_errors_are_positioned_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("termcheck.toml"),
        "glossaries = [\"diplomatic\"]\nexlude = [\"x/**\"]\n\n[severity.kinds]\nvarient = \"info\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), "x\n").unwrap();
    let r = run(dir.path(), &["check", "--color", "never", "a.txt"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("error[unknown-key]: unknown key `exlude` in termcheck.toml"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("termcheck.toml:2:1"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `exclude`?"));
    assert!(r.stderr.contains("termcheck.toml:5:1"));
    assert!(r.stderr.contains("did you mean `variant`?"));
    assert!(r.stdout.is_empty());
    // --config names another file; --no-config ignores both.
    fs::write(dir.path().join("other.toml"), "fail-on = \"never\"\n").unwrap();
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(
        sub.join("b.txt"),
        "the Organization on Security and Cooperation in Europe\n",
    )
    .unwrap();
    assert_eq!(run(&sub, &["check", "b.txt"]).code, 2, "found upward");
    assert_eq!(
        run(&sub, &["check", "--config", "../other.toml", "b.txt"]).code,
        0
    );
    assert_eq!(run(&sub, &["check", "--no-config", "b.txt"]).code, 1);
    assert_eq!(
        run(&sub, &["check", "--config", "../missing.toml", "b.txt"]).code,
        2
    );
}

#[test]
fn unknown_term_in_severity_overrides_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo().join("terms.toml"), dir.path().join("terms.toml")).unwrap();
    fs::write(
        dir.path().join("termcheck.toml"),
        "glossaries = [\"terms.toml\"]\n[severity.terms]\ncote-d-ivoire = \"off\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), "Ivory Coast\n").unwrap();
    let r = run(dir.path(), &["check", "--color", "never", "a.txt"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("`[severity.terms]` names unknown term id `cote-d-ivoire`")
    );
    assert!(r.stderr.contains("did you mean `cote-divoire`?"));
}

#[test]
fn xliff_with_a_dtd_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("evil.xlf"),
        "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<xliff><file><body><trans-unit id=\"1\"><target>&xxe;</target></trans-unit></body></file></xliff>\n",
    )
    .unwrap();
    fs::write(dir.path().join("ok.txt"), "Ivory Coast\n").unwrap();
    let terms = repo().join("terms.toml");
    let r = run(
        dir.path(),
        &[
            "check",
            "-g",
            terms.to_str().unwrap(),
            "--color",
            "never",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("evil.xlf:2:1"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("document type declaration (DTD) is refused")
    );
    assert!(!r.stdout.contains("passwd"));
    // The other file is still checked and reported.
    assert!(r.stdout.contains("ok.txt"));
}

#[test]
fn input_format_flag_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let html = "<p title=\"Ivory Coast\">x</p><script>Ivory Coast</script>";
    let terms = repo().join("terms.toml");
    let terms = terms.to_str().unwrap();
    let out = assert_cmd::Command::from_std(termcheck(dir.path()))
        .args([
            "check",
            "-g",
            terms,
            "--format",
            "json",
            "--stdin-filename",
            "page.html",
            "-",
        ])
        .write_stdin(html)
        .output()
        .unwrap();
    let findings = json_findings(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["column"], 11);
    let out = assert_cmd::Command::from_std(termcheck(dir.path()))
        .args([
            "check",
            "-g",
            terms,
            "--format",
            "json",
            "--input-format",
            "text",
            "-",
        ])
        .write_stdin(html)
        .output()
        .unwrap();
    assert_eq!(
        json_findings(&String::from_utf8(out.stdout).unwrap()).len(),
        2
    );
}

#[test]
fn init_writes_a_working_starter_config() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(dir.path().join("termcheck.toml")).unwrap();
    assert!(text.starts_with("# termcheck configuration."));
    let again = run(dir.path(), &["init"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"));
    assert_eq!(
        fs::read_to_string(dir.path().join("termcheck.toml")).unwrap(),
        text
    );
    let osce = "the Organization on Security and Cooperation in Europe\n";
    fs::write(dir.path().join("a.md"), osce).unwrap();
    fs::write(dir.path().join("a.rs"), osce).unwrap();
    let r = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got: Vec<String> = json_findings(&r.stdout)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(got, ["a.md"], "include globs leave a.rs out");
    assert_eq!(run(dir.path(), &["init", "--force"]).code, 0);
}

/// The value of `key:` in the hook definition (one-line values only).
fn hook_value(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .strip_prefix(&format!("{key}:"))
        })
        .unwrap()
        .trim()
        .to_owned()
}

#[test]
fn pre_commit_hook_entry_runs_on_staged_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hooks = fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    assert_eq!(hook_value(&hooks, "id"), "termcheck");
    assert_eq!(hook_value(&hooks, "language"), "script");
    assert_eq!(hook_value(&hooks, "require_serial"), "true");
    let files = regex::Regex::new(&hook_value(&hooks, "files")).unwrap();
    // Every extension termcheck reads as a known format is staged to it.
    for ext in [
        "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "xlf", "xliff",
        "xlf2", "sdlxliff", "mxliff", "po", "pot",
    ] {
        assert!(
            termcheck::formats::InputFormat::from_extension(ext).is_some(),
            "{ext} is not a format"
        );
        assert!(files.is_match(&format!("a/b.{ext}")), "hook misses .{ext}");
    }
    let staged = [
        "copy/lavrov.txt",
        "copy/brief.md",
        "copy/page.html",
        "l10n/statement.xlf",
        "l10n/app.po",
        "terms.toml",
        "copy/wire.wire",
    ];
    let passed: Vec<&str> = staged
        .iter()
        .copied()
        .filter(|f| files.is_match(f))
        .collect();
    assert_eq!(passed.len(), 5, "{passed:?}");
    // The entry script runs `termcheck check` on the files (TERMCHECK_BIN:
    // the binary under test instead of an install).
    let entry = root.join(hook_value(&hooks, "entry"));
    let bin = assert_cmd::cargo::cargo_bin("termcheck");
    let hook = |files: &[&str]| {
        Command::new("bash")
            .arg(&entry)
            .args(["--color", "never"])
            .args(files)
            .current_dir(repo())
            .env("TERMCHECK_BIN", &bin)
            .env("TERMCHECK_CACHE_DIR", super::common::CACHE_DIR)
            .output()
            .unwrap()
    };
    let out = hook(&passed);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("copy/lavrov.txt:1:41"), "{stdout}");
    assert!(stdout.contains("Found 14 findings"), "{stdout}");
    // A clean file passes the hook.
    let out = hook(&["terms.toml"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn action_script_runs_with_its_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let action = fs::read_to_string(root.join("action.yml")).unwrap();
    for input in [
        "paths",
        "format",
        "fail-on",
        "args",
        "sarif",
        "sarif-file",
        "install",
    ] {
        assert!(action.contains(&format!("\n  {input}:\n")), "input {input}");
    }
    assert!(action.contains("scripts/action-run.sh"));
    assert!(action.contains("github/codeql-action/upload-sarif"));
    let bin = assert_cmd::cargo::cargo_bin("termcheck");
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("github_output");
    let sarif = dir.path().join("out.sarif");
    let out = Command::new("bash")
        .arg(root.join("scripts/action-run.sh"))
        .current_dir(repo())
        .env("TERMCHECK_BIN", &bin)
        .env("TERMCHECK_CACHE_DIR", super::common::CACHE_DIR)
        .env("INPUT_PATHS", "copy l10n")
        .env("INPUT_FORMAT", "github")
        .env("INPUT_FAIL_ON", "error")
        .env("INPUT_ARGS", "--jobs 2")
        .env("INPUT_SARIF", "true")
        .env("INPUT_SARIF_FILE", &sarif)
        .env("GITHUB_OUTPUT", &output)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("::error file=copy/brief.md,line=5,col=15,"),
        "{stdout}"
    );
    assert_eq!(fs::read_to_string(&output).unwrap(), "exit-code=1\n");
    let log: Value = serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(
        log["runs"][0]["results"].as_array().unwrap().len(),
        EXPECTED.len()
    );

    // Paths one per line keep their spaces; a run that cannot be done
    // still sets exit-code (2).
    let spaced = tempfile::tempdir().unwrap();
    let sub = spaced.path().join("news desk");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("a b.txt"), "Talks in Ivory Coast.\n").unwrap();
    fs::copy(repo().join("terms.toml"), spaced.path().join("terms.toml")).unwrap();
    let output2 = spaced.path().join("github_output");
    let out = Command::new("bash")
        .arg(root.join("scripts/action-run.sh"))
        .current_dir(spaced.path())
        .env("TERMCHECK_BIN", &bin)
        .env("TERMCHECK_CACHE_DIR", super::common::CACHE_DIR)
        .env("INPUT_PATHS", "news desk/a b.txt\nnews desk\n")
        .env("INPUT_ARGS", "--no-config -g terms.toml")
        .env("GITHUB_OUTPUT", &output2)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("file=news desk/a b.txt,line=1,col=10,")
    );
    assert_eq!(fs::read_to_string(&output2).unwrap(), "exit-code=1\n");
    fs::remove_file(&output2).unwrap();
    let out = Command::new("bash")
        .arg(root.join("scripts/action-run.sh"))
        .current_dir(spaced.path())
        .env("TERMCHECK_BIN", &bin)
        .env("TERMCHECK_CACHE_DIR", super::common::CACHE_DIR)
        .env("INPUT_PATHS", "missing dir/x.txt\n")
        .env("INPUT_SARIF", "true")
        .env("INPUT_SARIF_FILE", spaced.path().join("x.sarif"))
        .env("GITHUB_OUTPUT", &output2)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&output2).unwrap(), "exit-code=2\n");

    // fail-on never: the step passes, annotations are still written.
    let out = Command::new("bash")
        .arg(root.join("scripts/action-run.sh"))
        .current_dir(repo())
        .env("TERMCHECK_BIN", &bin)
        .env("TERMCHECK_CACHE_DIR", super::common::CACHE_DIR)
        .env("INPUT_FAIL_ON", "never")
        .env_remove("GITHUB_OUTPUT")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("::warning file=l10n/app.po,line=7,col=13,")
    );
}

/// The installer behind action.yml and the pre-commit hook takes the
/// release archive only when its SHA-256 matches the published one.
#[cfg(unix)]
#[test]
fn install_script_verifies_the_release_checksum() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-musl",
        ("linux", "aarch64") => "aarch64-unknown-linux-musl",
        ("macos", "aarch64") => "aarch64-apple-darwin",
        ("macos", "x86_64") => "x86_64-apple-darwin",
        _ => return,
    };
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("releases/v9.9.9");
    let name = format!("termcheck-v9.9.9-{target}");
    let stage = dir.path().join("stage").join(&name);
    fs::create_dir_all(&stage).unwrap();
    fs::create_dir_all(&releases).unwrap();
    fs::write(stage.join("termcheck"), "#!/bin/sh\necho fake termcheck\n").unwrap();
    let archive = releases.join(format!("{name}.tar.gz"));
    let ok = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(dir.path().join("stage"))
        .arg(&name)
        .status()
        .unwrap();
    assert!(ok.success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    let digest = String::from_utf8(sum.stdout).unwrap();
    let digest = digest.split_whitespace().next().unwrap().to_owned();
    let sha = releases.join(format!("{name}.tar.gz.sha256"));
    let install = |dest: &Path| {
        Command::new("bash")
            .arg(root.join("scripts/install-termcheck.sh"))
            .arg(dest)
            .arg("v9.9.9")
            .env(
                "TERMCHECK_RELEASE_BASE",
                format!("file://{}", dir.path().join("releases").display()),
            )
            .env("TERMCHECK_NO_BUILD", "1")
            .output()
            .unwrap()
    };
    fs::write(&sha, format!("{digest}  {name}.tar.gz\n")).unwrap();
    let dest = dir.path().join("good");
    let out = install(&dest);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "binary\n");
    let ran = Command::new(dest.join("bin/termcheck")).output().unwrap();
    assert_eq!(String::from_utf8(ran.stdout).unwrap(), "fake termcheck\n");
    // A checksum that does not match: nothing is installed.
    fs::write(&sha, format!("{}  {name}.tar.gz\n", "0".repeat(64))).unwrap();
    let dest = dir.path().join("bad");
    let out = install(&dest);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"));
    assert!(!dest.join("bin/termcheck").exists());
}

/// The config is the nearest `termcheck.toml` above the inputs, not above
/// the current directory (as ruff finds one for each file); inputs under
/// two different configs are refused with exit 2, and `--config` or
/// `--no-config` settles it for all.
/// A config inside a walked directory governs the files below it (its
/// own `exclude` included); the rest of the walk keeps the outer config.
#[test]
fn a_nested_config_governs_its_subtree() {
    let root = tempfile::tempdir().unwrap();
    let desk = root.path();
    fs::copy(repo().join("terms.toml"), desk.join("terms.toml")).unwrap();
    fs::write(
        desk.join("termcheck.toml"),
        "glossaries = [\"terms.toml\"]\n[severity.kinds]\ncase = \"error\"\n",
    )
    .unwrap();
    let archive = desk.join("archive");
    fs::create_dir_all(archive.join("old")).unwrap();
    fs::write(
        archive.join("termcheck.toml"),
        "glossaries = [\"../terms.toml\"]\nexclude = [\"old/**\"]\n[severity.kinds]\ncase = \"info\"\n",
    )
    .unwrap();
    for f in ["a.txt", "archive/b.txt", "archive/old/c.txt"] {
        fs::write(desk.join(f), "Talks with the Osce.\n").unwrap();
    }
    let r = run(desk, &["check", "--format", "json", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got: Vec<String> = json_findings(&r.stdout)
        .iter()
        .map(|f| format!("{} {}", f["path"].as_str().unwrap(), f["severity"]))
        .collect();
    assert_eq!(
        got,
        ["a.txt \"error\"", "archive/b.txt \"info\""],
        "{}",
        r.stdout
    );
    // The inner config alone, run from inside it: the same answer for b.
    let r = run(&archive, &["check", "--format", "json", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: Vec<String> = json_findings(&r.stdout)
        .iter()
        .map(|f| format!("{} {}", f["path"].as_str().unwrap(), f["severity"]))
        .collect();
    assert_eq!(got, ["b.txt \"info\""], "{}", r.stdout);
}

#[test]
fn config_is_found_above_the_inputs() {
    let root = tempfile::tempdir().unwrap();
    let project = root.path().join("project");
    let other = root.path().join("other");
    for d in [&project, &other] {
        fs::create_dir_all(d.join("copy")).unwrap();
        fs::copy(repo().join("terms.toml"), d.join("terms.toml")).unwrap();
        fs::write(d.join("copy/a.txt"), "Talks with the Osce.\n").unwrap();
    }
    // `project` makes case findings errors, `other` turns them off.
    fs::write(
        project.join("termcheck.toml"),
        "glossaries = [\"terms.toml\"]\n[severity.kinds]\ncase = \"error\"\n",
    )
    .unwrap();
    fs::write(
        other.join("termcheck.toml"),
        "glossaries = [\"terms.toml\"]\n[severity.kinds]\ncase = \"off\"\n",
    )
    .unwrap();
    let outside = root.path().join("loose.txt");
    fs::write(&outside, "Talks with the Osce.\n").unwrap();
    let severity = |dir: &Path, args: &[&str]| {
        let r = run(dir, args);
        (
            r.code,
            json_findings(&r.stdout)
                .first()
                .map(|f| f["severity"].clone()),
            r.stderr,
        )
    };
    // Run from `other`, on a file of `project`: project's config.
    let file = project.join("copy/a.txt");
    let (code, sev, err) = severity(
        &other,
        &["check", "--format", "json", file.to_str().unwrap()],
    );
    assert_eq!((code, sev), (1, Some(Value::from("error"))), "{err}");
    // Run from `project`, on its directory: the same.
    let (code, _, err) = severity(&project, &["check", "--format", "json", "copy"]);
    assert_eq!(code, 1, "{err}");
    // Run from `project`, on `other`'s file: other's config, nothing found.
    let file = other.join("copy/a.txt");
    let (code, sev, err) = severity(
        &project,
        &["check", "--format", "json", file.to_str().unwrap()],
    );
    assert_eq!((code, sev), (0, None), "{err}");
    // Both projects in one run: each file under its own config, one report.
    let r = run(
        root.path(),
        &[
            "check",
            "--format",
            "json",
            "project/copy/a.txt",
            "other/copy/a.txt",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let per_file: Vec<(String, Value)> = json_findings(&r.stdout)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_owned(),
                f["severity"].clone(),
            )
        })
        .collect();
    assert_eq!(
        per_file,
        [("project/copy/a.txt".to_owned(), Value::from("error"))],
        "{}",
        r.stdout
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["files_checked"], 2, "{}", r.stdout);
    // --config settles it.
    let cfg = project.join("termcheck.toml");
    let r = run(
        root.path(),
        &[
            "check",
            "--config",
            cfg.to_str().unwrap(),
            "project/copy/a.txt",
            "other/copy/a.txt",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    // A file under no config, run from inside a project: no config, so
    // the built-in default pack.
    let r = run(
        &project,
        &["check", "--format", "json", outside.to_str().unwrap()],
    );
    assert!(r.stdout.contains("\"name\": \"Default:"), "{}", r.stdout);
    assert!(!r.stdout.contains("terms.toml"), "{}", r.stdout);
}
