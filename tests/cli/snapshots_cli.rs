//! Snapshots of every command's `--help` and of each output format on one
//! fixture: a change to what users read shows up in review.

use super::common::termcheck;

const COMMANDS: &[&[&str]] = &[
    &[],
    &["check"],
    &["review"],
    &["report"],
    &["lsp"],
    &["init"],
    &["glossary"],
    &["glossary", "lint"],
    &["glossary", "test"],
    &["glossary", "fmt"],
    &["glossary", "stats"],
    &["glossary", "explain"],
    &["glossary", "export"],
    &["glossary", "import"],
    &["glossary", "mine"],
    &["glossary", "impact"],
];

#[test]
fn help_of_every_command() {
    for cmd in COMMANDS {
        let out = termcheck()
            .args(*cmd)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd:?}");
        let name = if cmd.is_empty() {
            "help".to_owned()
        } else {
            format!("help_{}", cmd.join("_"))
        };
        insta::assert_snapshot!(name, String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn every_output_format() {
    let root_uri = regex::Regex::new(r#""uri": "file://[^"]*/""#).unwrap();
    for format in [
        "human",
        "json",
        "sarif",
        "github",
        "checkstyle",
        "junit",
        "json-lines",
    ] {
        let out = termcheck()
            .args(["check", "--color", "never", "--format", format])
            .args(["-g", "tests/fixtures/core/glossary.toml"])
            .args([
                "tests/fixtures/core/case.txt",
                "tests/fixtures/core/apostrophe.txt",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        // SARIF names the directory it ran in: the same on every machine
        // in the snapshot.
        let text = String::from_utf8(out.stdout).unwrap();
        let text = root_uri.replace_all(&text, r#""uri": "file:///[ROOT]/""#);
        insta::assert_snapshot!(format!("format_{format}"), text);
    }
}
