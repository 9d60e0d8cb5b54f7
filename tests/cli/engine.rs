//! One engine: every command that checks text reports the same findings
//! for the same files and config, and every output format carries the
//! inputs that could not be checked.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command as StdCommand;

use serde_json::Value;

use super::common::{bin, corpus, root};

const GLOSSARY: &str = r#"[glossary]
name = "House"
language = "en"

[[term]]
id = "indivisible-security"
preferred = "indivisible security"
variants = ["indivisibility of security"]

[[term]]
id = "cote-divoire"
preferred = "Côte d'Ivoire"
variants = ["Ivory Coast"]
"#;

/// A Markdown brief with a code block, a suppression comment and a real
/// variant; a plain article; a draft the config excludes.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("house.toml"), GLOSSARY).unwrap();
    fs::write(
        p.join("termcheck.toml"),
        "glossaries = [\"house.toml\"]\nexclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    fs::create_dir(p.join("drafts")).unwrap();
    fs::write(p.join("drafts/old.md"), "Draft about Ivory Coast.\n").unwrap();
    fs::write(
        p.join("brief.md"),
        "# Brief\n\nTalks with Ivory Coast went well.\n\n```\ncode: indivisibility of security\n```\n\n\
         <!-- termcheck-disable-next-line -->\nThey spoke of the indivisibility of security.\n\n\
         And again of the indivisibility of security.\n",
    )
    .unwrap();
    fs::write(
        p.join("article.txt"),
        "The Ivory Coast delegation met.\nindivisibility of security was raised.\n",
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = bin()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// (path, line, column, kind, term, severity) of each finding of
/// `check --format json`.
type Key = (String, u64, u64, String, String, String);

fn check_findings(dir: &Path, paths: &[&str]) -> Vec<Key> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths);
    let (code, out, err) = run(dir, &args, "");
    assert!(code == 0 || code == 1, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["kind"].as_str().unwrap().to_owned(),
                f["term_id"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// What `review` shows in piped mode when every finding is skipped: the
/// header `[i/N] path:line:col  severity[kind]: ...` and the `term:` line.
fn review_findings(dir: &Path, paths: &[&str], n: usize) -> Vec<Key> {
    let mut args = vec!["review"];
    args.extend(paths);
    let (_, out, err) = run(dir, &args, &"n\n".repeat(n));
    let mut found = Vec::new();
    let mut current: Option<(String, u64, u64, String, String)> = None;
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix('[')
            && let Some((_, rest)) = rest.split_once("] ")
        {
            let (place, rest) = rest.split_once("  ").unwrap();
            let mut parts = place.rsplitn(3, ':');
            let col = parts.next().unwrap().parse().unwrap();
            let line_no = parts.next().unwrap().parse().unwrap();
            let path = parts.next().unwrap().to_owned();
            let (severity, rest) = rest.split_once('[').unwrap();
            let kind = rest.split_once(']').unwrap().0;
            current = Some((path, line_no, col, kind.to_owned(), severity.to_owned()));
        } else if let Some(term) = line.trim().strip_prefix("term: ")
            && let Some((path, l, c, kind, severity)) = current.take()
        {
            found.push((path, l, c, kind, term.to_owned(), severity));
        }
    }
    assert!(
        err.contains(&format!("of {n} findings")),
        "review saw another number of findings than check: {err}"
    );
    found
}

#[test]
fn every_command_reports_the_same_findings() {
    let dir = project();
    let p = dir.path();
    let check = check_findings(p, &["."]);
    // The code block, the suppressed line and the excluded draft are not
    // reported; the plain article and the brief's last variant are.
    let places: Vec<(&str, u64)> = check.iter().map(|k| (k.0.as_str(), k.1)).collect();
    assert_eq!(
        places,
        [
            ("article.txt", 1),
            ("article.txt", 2),
            ("brief.md", 3),
            ("brief.md", 12)
        ]
    );

    assert_eq!(review_findings(p, &["."], check.len()), check);

    // report: per term and rendering, the count and files of check's
    // findings.
    let (code, out, err) = run(p, &["report", "--format", "json", "."], "");
    assert_eq!(code, 0, "{err}");
    let table: Value = serde_json::from_str(&out).unwrap();
    let mut reported: BTreeMap<(String, String), u64> = BTreeMap::new();
    for t in table["terms"].as_array().unwrap() {
        for r in t["renderings"].as_array().unwrap() {
            let kind = r["kind"].as_str().unwrap();
            if kind != "preferred" && kind != "admitted" {
                *reported
                    .entry((t["term_id"].as_str().unwrap().to_owned(), kind.to_owned()))
                    .or_default() += r["count"].as_u64().unwrap();
            }
        }
    }
    let mut checked: BTreeMap<(String, String), u64> = BTreeMap::new();
    for k in &check {
        *checked.entry((k.4.clone(), k.3.clone())).or_default() += 1;
    }
    assert_eq!(reported, checked);
    assert_eq!(table["files_read"], 2, "{out}");

    // glossary impact of a glossary against itself: the same findings,
    // on the same files.
    let (code, out, err) = run(
        p,
        &[
            "glossary",
            "impact",
            "--against",
            "house.toml",
            "house.toml",
            ".",
            "--format",
            "json",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let impact: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(impact["impact"]["files"], 2);
    assert_eq!(impact["impact"]["old_findings"], check.len() as u64);
    assert_eq!(impact["impact"]["new_findings"], check.len() as u64);

    // --source on the article: the same findings on it, plus `missing`.
    fs::write(
        p.join("article.ru"),
        "Делегация встретилась.\nОбсуждали неделимость безопасности.\n",
    )
    .unwrap();
    let (_, out, err) = run(
        p,
        &[
            "check",
            "--format",
            "json",
            "--source",
            "article.ru",
            "article.txt",
        ],
        "",
    );
    let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    let with_source: Vec<(u64, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] != "missing")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["term_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let plain: Vec<(u64, String)> = check
        .iter()
        .filter(|k| k.0 == "article.txt")
        .map(|k| (k.1, k.4.clone()))
        .collect();
    assert_eq!(with_source, plain);
}

#[test]
fn run_scoped_inconsistency_can_be_switched_off() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("house.toml"), GLOSSARY).unwrap();
    fs::write(p.join("a.txt"), "Economic co-operation grew.\n").unwrap();
    fs::write(p.join("b.txt"), "Economic cooperation grew.\n").unwrap();
    let config = "glossaries = [\"house.toml\"]\n[consistency]\nscope = \"run\"\n";
    fs::write(p.join("termcheck.toml"), config).unwrap();
    let on = check_findings(p, &["."]);
    assert!(on.iter().any(|k| k.3 == "inconsistent"), "{on:?}");
    let off = format!("{config}[severity.kinds]\ninconsistent = \"off\"\n");
    fs::write(p.join("termcheck.toml"), off).unwrap();
    let found = check_findings(p, &["."]);
    assert!(found.iter().all(|k| k.3 != "inconsistent"), "{found:?}");
    // `info` is applied to the run-wide findings too.
    let info = format!("{config}[severity.kinds]\ninconsistent = \"info\"\n");
    fs::write(p.join("termcheck.toml"), info).unwrap();
    let found = check_findings(p, &["."]);
    assert!(
        found.iter().any(|k| k.3 == "inconsistent" && k.5 == "info"),
        "{found:?}"
    );
}

/// xmllint must be there in CI (`.ci/run` installs libxml2-utils).
fn xmllint() -> bool {
    let ok = StdCommand::new("xmllint").arg("--version").output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none_or(|v| v != "true"),
        "CI=true but xmllint is missing"
    );
    ok
}

#[test]
fn unreadable_inputs_reach_every_output_format() {
    let dir = project();
    let p = dir.path();
    fs::write(p.join("latin1.txt"), b"The OSCE caf\xe9 met.\n").unwrap();
    let args = |format: &'static str| {
        [
            "check",
            "--format",
            format,
            "article.txt",
            "missing.txt",
            "latin1.txt",
        ]
    };

    let (code, out, err) = run(p, &args("json"), "");
    assert_eq!(code, 2, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<(&str, &str)> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [("missing.txt", "unreadable"), ("latin1.txt", "not-utf8")]
    );
    assert_eq!(json["files_checked"], 1);
    assert!(err.contains("error: cannot read `missing.txt`"), "{err}");

    let (code, out, _) = run(p, &args("sarif"), "");
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&out).unwrap();
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(
        notes[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    let schema_path = root().join("../shared/schemas/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::options().build(&schema).unwrap();
    let problems: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");

    let (code, out, _) = run(p, &args("junit"), "");
    assert_eq!(code, 2);
    assert!(out.contains("errors=\"2\""), "{out}");
    assert!(out.contains("<error type=\"not-utf8\""), "{out}");
    if xmllint() {
        let xml = p.join("junit.xml");
        fs::write(&xml, &out).unwrap();
        let v = StdCommand::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(root().join("../shared/schemas/junit-10.xsd"))
            .arg(&xml)
            .output()
            .unwrap();
        assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    }

    let (code, out, _) = run(p, &args("checkstyle"), "");
    assert_eq!(code, 2);
    assert!(
        out.contains(
            "<file name=\"missing.txt\">\n    <error line=\"1\" column=\"1\" severity=\"error\""
        ),
        "{out}"
    );
    if xmllint() {
        let v = StdCommand::new("xmllint")
            .args(["--noout", "-"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(out.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        assert!(
            v.status.success(),
            "checkstyle output is not well-formed XML"
        );
    }

    let (code, out, _) = run(p, &args("github"), "");
    assert_eq!(code, 2);
    assert!(
        out.lines().any(|l| l
            .starts_with("::error file=latin1.txt,line=1,col=13,title=termcheck%3A not-utf8::")),
        "{out}"
    );

    let (code, out, _) = run(p, &args("json-lines"), "");
    assert_eq!(code, 2);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("{\"error\":")).count(),
        2,
        "{out}"
    );

    // A glossary that cannot be loaded: nothing is checked, and JSON says
    // why.
    fs::write(
        p.join("broken.toml"),
        "[glossary]\nname = \"B\"\nlanguage = \"en\"\n[[term]]\nvaraints = []\n",
    )
    .unwrap();
    let (code, out, _) = run(
        p,
        &[
            "check",
            "--format",
            "json",
            "-g",
            "broken.toml",
            "article.txt",
        ],
        "",
    );
    assert_eq!(code, 2);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["errors"][0]["code"], "rejected", "{out}");
}

/// On the shared Kremlin archive, `review` is offered exactly the findings
/// `check` reports.
#[test]
fn review_and_check_agree_on_the_kremlin_archive() {
    let Some(corpus) = corpus() else { return };
    let archive = corpus.join("statements/kremlin-en");
    let archive = archive.to_str().unwrap();
    let out = bin()
        .args([
            "check", "--pack", "default", "--pack", "un", "--format", "json", archive,
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = json["findings"].as_array().unwrap().len();
    assert!(n > 500, "{n}");
    let out = bin()
        .args(["review", "--pack", "default", "--pack", "un", archive])
        .write_stdin("q\n")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("Reviewed 0 of {n} findings")),
        "{err}"
    );
}

/// `report` on a file long enough to be checked in windows counts what
/// its copies of one paragraph count, times the copies: no rendering or
/// unlisted spelling is lost or counted twice where a window edge falls,
/// even after an abbreviation ("U.S. Secretary of State").
#[test]
fn a_long_files_usage_table_is_its_paragraphs_tables_added_up() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let para = "The U.S. Secretary of State met officials in Kiev and in Kyiv. \
                Co-operation on indivisible security and cooperation on the \
                indivisibility of security were discussed, said Mr. Lavrov. \
                A follow-up meeting, a follow up call.\n";
    let copies = 4000;
    let glossary = format!(
        "{GLOSSARY}\n[[term]]\nid = \"kyiv\"\npreferred = \"Kyiv\"\nvariants = [\"Kiev\"]\n\n\
         [[term]]\nid = \"secretary\"\npreferred = \"U.S. Secretary of State\"\n\
         variants = [\"US Secretary of State\"]\n"
    );
    fs::write(p.join("house.toml"), glossary).unwrap();
    fs::write(p.join("one.txt"), para).unwrap();
    fs::write(p.join("long.txt"), para.repeat(copies)).unwrap();
    assert!(para.len() * copies > 3 * (256 << 10), "several windows");
    let json = |command: &str, file: &str| -> Value {
        let args = [
            command,
            "--no-config",
            "-g",
            "house.toml",
            "--format",
            "json",
        ];
        let (_, out, err) = run(p, &[&args[..], &[file]].concat(), "");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"))
    };
    let table = |file: &str| -> BTreeMap<(String, String, String), u64> {
        let v = json("report", file);
        let mut rows = BTreeMap::new();
        for t in v["terms"].as_array().unwrap() {
            for r in t["renderings"].as_array().unwrap() {
                let key = (
                    t["term_id"].as_str().unwrap().to_owned(),
                    r["text"].as_str().unwrap().to_owned(),
                    r["kind"].as_str().unwrap().to_owned(),
                );
                rows.insert(key, r["count"].as_u64().unwrap());
            }
        }
        for u in v["unlisted"].as_array().unwrap() {
            for r in u["renderings"].as_array().unwrap() {
                let key = (
                    format!("unlisted {}", u["key"].as_str().unwrap()),
                    r["text"].as_str().unwrap().to_owned(),
                    r["kind"].as_str().unwrap().to_owned(),
                );
                rows.insert(key, r["count"].as_u64().unwrap());
            }
        }
        rows
    };
    let one = table("one.txt");
    assert!(one.len() >= 6, "{one:?}");
    assert!(one.keys().any(|k| k.0.starts_with("unlisted")), "{one:?}");
    assert!(
        one.keys().any(|k| k.1 == "U.S. Secretary of State"),
        "{one:?}"
    );
    let times: BTreeMap<_, _> = one
        .into_iter()
        .map(|(k, n)| (k, n * copies as u64))
        .collect();
    assert_eq!(table("long.txt"), times);
    // `check` cuts its windows the same way.
    let findings = |file: &str| -> BTreeMap<(String, String), u64> {
        let v = json("check", file);
        let mut n = BTreeMap::new();
        for f in v["findings"].as_array().unwrap() {
            let key = (
                f["term_id"].as_str().unwrap().to_owned(),
                f["kind"].as_str().unwrap().to_owned(),
            );
            *n.entry(key).or_default() += 1;
        }
        n
    };
    let one = findings("one.txt");
    assert!(
        one.contains_key(&("kyiv".to_owned(), "variant".to_owned())),
        "{one:?}"
    );
    // An unlisted word spelled two ways is one finding per file.
    let times: BTreeMap<_, _> = one
        .into_iter()
        .map(|(k, n)| {
            let per_file = k.1 == "inconsistent";
            (k, if per_file { n } else { n * copies as u64 })
        })
        .collect();
    assert_eq!(findings("long.txt"), times);
}
