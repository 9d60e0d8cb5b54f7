//! CLI tests of glossary format 1.1 and packs: document dates (`--date`,
//! front matter, `date_from_path`), `--pack`, `glossary list-packs`,
//! `init`, `extends`, and maintainer-only fields kept out of every output
//! editors see.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const FIX: &str = "tests/fixtures/v11";

fn cmd(dir: &Path) -> Command {
    let mut c = crate::common::bin();
    c.current_dir(dir).env_remove("NO_COLOR");
    c
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a command in `dir`; (status, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cmd(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn findings(stdout: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    v["findings"].as_array().unwrap().clone()
}

/// `term_id found` of the findings of a JSON run.
fn ids(stdout: &str) -> Vec<String> {
    findings(stdout)
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["term_id"].as_str().unwrap(),
                f["found"].as_str().unwrap()
            )
        })
        .collect()
}

/// The acceptance: the `un` pack flags "Turkey" only in documents
/// dated from 2022-06-01, and says which date it used and where from.
#[test]
fn turkey_is_flagged_by_the_un_pack_only_from_june_2022() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Talks in Turkey ended.\n").unwrap();
    let check = |date: &str| {
        run(
            dir.path(),
            &[
                "check", "--pack", "un", "--date", date, "--format", "json", "a.txt",
            ],
        )
    };
    let (code, out, err) = check("2022-05-31");
    assert_eq!(code, 0, "{err}");
    assert!(ids(&out).is_empty(), "{out}");
    let (code, out, _) = check("2022-06-01");
    assert_eq!(code, 1);
    assert_eq!(ids(&out), ["turkiye Turkey"]);
    let (_, out, _) = check("2023-03-01");
    // The additive `date` field still validates against the output schema.
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(root().join("docs/schemas/termcheck-output-v1.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(validator.is_valid(&doc), "{out}");
    let f = &findings(&out)[0];
    assert_eq!(f["date"]["value"], "2023-03-01");
    assert_eq!(f["date"]["source"], "--date");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("dated 2023-03-01 from --date"),
        "{f}"
    );
    // The default pack alone does not hold UN country names.
    let (code, out, _) = run(
        dir.path(),
        &["check", "--date", "2023-03-01", "--format", "json", "a.txt"],
    );
    assert_eq!(code, 0);
    assert!(ids(&out).is_empty());
}

#[test]
fn a_documents_own_date_is_used_and_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("new.md"),
        "---\ndate: 2023-05-01\n---\nTalks in Turkey.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("old.md"),
        "---\ndate: 2019-05-01\n---\nTalks in Turkey.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("page.html"),
        "<html><head><meta property=\"article:published_time\" content=\"2024-01-02T10:00:00Z\"></head>\
         <body><p>Talks in Turkey.</p></body></html>\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "check",
            "--pack",
            "un",
            "--format",
            "json",
            "new.md",
            "old.md",
            "page.html",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let got: Vec<(String, String, String)> = findings(&out)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["date"]["value"].as_str().unwrap().to_owned(),
                f["date"]["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("new.md".into(), "2023-05-01".into(), "front matter".into()),
            ("page.html".into(), "2024-01-02".into(), "meta".into()),
        ]
    );
    let (_, human, _) = run(
        dir.path(),
        &["check", "--pack", "un", "--color", "never", "new.md"],
    );
    assert!(
        human.contains("document dated 2023-05-01 from front matter"),
        "{human}"
    );
    // --date wins over the document's own date.
    let (code, _, _) = run(
        dir.path(),
        &["check", "--pack", "un", "--date", "2020-01-01", "new.md"],
    );
    assert_eq!(code, 0);
}

#[test]
fn date_from_path_and_packs_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::create_dir_all(p.join("archive/2021/04")).unwrap();
    fs::create_dir_all(p.join("archive/2023/04")).unwrap();
    fs::write(p.join("archive/2021/04/a.txt"), "Talks in Turkey.\n").unwrap();
    fs::write(p.join("archive/2023/04/a.txt"), "Talks in Turkey.\n").unwrap();
    fs::write(
        p.join("termcheck.toml"),
        "packs = [\"default\", \"un\"]\ndate_from_path = \"(?<year>\\\\d{4})/(?<month>\\\\d{2})/\"\n",
    )
    .unwrap();
    let (code, out, err) = run(p, &["check", "--format", "json", "archive"]);
    assert_eq!(code, 1, "{err}");
    let f = findings(&out);
    assert_eq!(f.len(), 1, "{out}");
    assert_eq!(f[0]["path"], "archive/2023/04/a.txt");
    assert_eq!(f[0]["date"]["value"], "2023-04-01");
    assert_eq!(f[0]["date"]["source"], "path");
    // --pack replaces the config's packs.
    let (code, _, _) = run(p, &["check", "--pack", "default", "archive"]);
    assert_eq!(code, 0);
    // A bad rule is a config error, positioned.
    fs::write(
        p.join("termcheck.toml"),
        "date_from_path = \"(\\\\d{4})/\"\n",
    )
    .unwrap();
    let (code, _, err) = run(p, &["check", "archive"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("termcheck.toml:1:18") && err.contains("named group `year`"),
        "{err}"
    );
}

#[test]
fn packs_are_listed_chosen_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(dir.path(), &["glossary", "list-packs"]);
    assert_eq!(code, 0);
    assert!(
        out.lines().any(|l| l.starts_with("default [default]  (")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("un  (")), "{out}");
    let (code, _, err) = run(dir.path(), &["check", "--pack", "nope", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("there is no built-in pack `nope`"), "{err}");
    let (code, _, err) = run(dir.path(), &["check", "--date", "2023-02-30", "-"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a day of the calendar"), "{err}");
}

#[test]
fn init_writes_the_default_pack_and_lists_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(dir.path().join("termcheck.toml")).unwrap();
    assert!(text.lines().any(|l| l == "packs = [\"default\"]"), "{text}");
    assert!(
        text.lines().any(|l| l == "# packs = [\"default\", \"un\"]"),
        "{text}"
    );
}

#[test]
fn house_glossary_rules_and_maintainer_fields() {
    let house = root().join(FIX).join("house.toml");
    let house = house.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.txt"),
        "The Ceasefire held. They revel in Revel, the Estonian SSR capital.\n\
         One judgment, then another judgement.\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["check", "-g", house, "--format", "json", "a.txt"],
    );
    assert_eq!(code, 1, "{err}");
    let rows: Vec<String> = findings(&out)
        .iter()
        .map(|f| {
            format!(
                "{} {} {} fix={}",
                f["kind"].as_str().unwrap(),
                f["term_id"].as_str().unwrap(),
                f["found"].as_str().unwrap(),
                f["fix"]["replacement"].as_str().unwrap_or("none")
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "case ceasefire Ceasefire fix=ceasefire",
            "variant tallinn Revel fix=Tallinn",
            "avoid tallinn Estonian SSR capital fix=none",
            "inconsistent group:judgement judgement fix=none",
        ]
    );
    // Maintainer-only fields never reach editors, in any format or export.
    for format in [
        "human",
        "json",
        "sarif",
        "github",
        "junit",
        "checkstyle",
        "json-lines",
    ] {
        let (_, out, _) = run(
            dir.path(),
            &[
                "check", "-g", house, "--format", format, "--color", "never", "a.txt",
            ],
        );
        assert!(!out.contains("SECRET"), "{format}: {out}");
        if format == "human" {
            assert!(out.contains("Write 'ceasefire', lower case"), "{out}");
        }
    }
    for format in ["tbx", "csv"] {
        let (code, out, err) = run(
            dir.path(),
            &["glossary", "export", "--format", format, house],
        );
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains("SECRET"), "{format}: {out}");
    }
    let (_, out, _) = run(
        dir.path(),
        &["glossary", "explain", "-g", house, "ceasefire"],
    );
    assert!(
        out.contains("SECRET-RATIONALE") && out.contains("SECRET-SOURCE"),
        "{out}"
    );
}

#[test]
fn an_extending_glossary_replaces_the_packs_term() {
    let over = root().join(FIX).join("override.toml");
    let over = over.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.txt"),
        "The Organisation for Security and Co-operation in Europe met.\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["check", "-g", over, "--format", "json", "a.txt"],
    );
    assert_eq!(code, 1, "{err}");
    let f = findings(&out);
    assert_eq!(f.len(), 1, "{out}");
    assert_eq!(f[0]["fix"]["replacement"], "OSCE");
    assert_eq!(f[0]["note"], "House style: the acronym.");
    // Without `extends`, the same file clashes with the pack it names.
    let plain = fs::read_to_string(over)
        .unwrap()
        .replace("extends = [\"default\"]\n", "");
    fs::write(dir.path().join("plain.toml"), plain).unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["check", "-g", "plain.toml", "--pack", "default", "a.txt"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("form-in-two-terms"), "{err}");
}

#[test]
fn a_term_out_of_force_is_not_missing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(
        p.join("g.toml"),
        "[glossary]\nname = \"t\"\nlanguage = \"en\"\nsource_language = \"ru\"\n\
         [[term]]\nid = \"nur-sultan\"\npreferred = \"Nur-Sultan\"\nsource = [\"Нур-Султан\"]\n\
         valid_from = \"2019-03-23\"\nvalid_until = \"2022-09-17\"\n",
    )
    .unwrap();
    fs::write(p.join("src.txt"), "Визит в Нур-Султан.\n").unwrap();
    fs::write(p.join("tgt.txt"), "A visit to the capital.\n").unwrap();
    let missing = |date: &str| {
        let (_, out, err) = run(
            p,
            &[
                "check", "-g", "g.toml", "--date", date, "--source", "src.txt", "--format", "json",
                "tgt.txt",
            ],
        );
        findings(&out)
            .iter()
            .filter(|f| f["kind"] == "missing")
            .count()
            + usize::from(err.contains("panicked"))
    };
    assert_eq!(missing("2020-01-01"), 1);
    assert_eq!(missing("2023-01-01"), 0);
}
