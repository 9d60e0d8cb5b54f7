//! What the programs around termcheck need from it: decoded input with
//! positions in the original bytes, shell completions and a man page,
//! termbase files that are not silently overwritten, formats inferred
//! from extensions, and a GitLab Code Quality report.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn termcheck() -> Command {
    let mut c = crate::common::bin();
    c.env("NO_COLOR", "1");
    c
}

const ARTICLE: &str = include_str!("../../examples/tass-lavrov-nato-centrism.txt");

fn findings(path: &Path) -> (i32, Value) {
    let out = termcheck()
        .args([
            "check",
            "--no-config",
            "--pack",
            "default",
            "--pack",
            "ukraine-places",
            "--format",
            "json",
        ])
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn positions(v: &Value) -> Vec<(u64, u64, u64, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_line"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
                f["term_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn utf16_articles_give_the_same_findings_as_their_utf8_copy() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = dir.path().join("article.txt");
    fs::write(&utf8, ARTICLE).unwrap();
    let (code, expected) = findings(&utf8);
    assert_eq!(code, 1);
    assert!(!positions(&expected).is_empty());
    let units: Vec<u16> = ARTICLE.encode_utf16().collect();
    let cases: [(&str, Vec<u8>, usize); 3] = [
        (
            "le-bom.txt",
            [
                vec![0xFF, 0xFE],
                units.iter().flat_map(|u| u.to_le_bytes()).collect(),
            ]
            .concat(),
            2,
        ),
        (
            "be-bom.txt",
            [
                vec![0xFE, 0xFF],
                units.iter().flat_map(|u| u.to_be_bytes()).collect(),
            ]
            .concat(),
            2,
        ),
        (
            "le.txt",
            units.iter().flat_map(|u| u.to_le_bytes()).collect(),
            0,
        ),
    ];
    for (name, bytes, bom) in cases {
        let p = dir.path().join(name);
        fs::write(&p, &bytes).unwrap();
        let (code, got) = findings(&p);
        assert_eq!(code, 1, "{name}");
        assert_eq!(positions(&got), positions(&expected), "{name}");
        // Byte offsets point into the UTF-16 file.
        let f = &got["findings"][0];
        let start = f["byte_start"].as_u64().unwrap() as usize;
        let end = f["byte_end"].as_u64().unwrap() as usize;
        let found = f["found"].as_str().unwrap();
        let le = name.starts_with("le");
        let slice: Vec<u16> = bytes[start..end]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        assert_eq!(String::from_utf16(&slice).unwrap(), found, "{name}");
        assert!(start >= bom);
        // SARIF regions carry the same offsets into the file.
        let out = termcheck()
            .args(["check", "--no-config", "--format", "sarif"])
            .arg(&p)
            .output()
            .unwrap();
        let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
        let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["byteOffset"].as_u64(), Some(start as u64), "{name}");
        assert_eq!(
            region["byteLength"].as_u64(),
            Some((end - start) as u64),
            "{name}"
        );
    }
}

#[test]
fn undecodable_or_binary_files_named_on_the_command_line_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.txt");
    fs::write(&latin1, b"Caf\xe9 in Kiev.\n").unwrap();
    termcheck()
        .args(["check", "--no-config"])
        .arg(&latin1)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid UTF-8 (no encoding declared, so UTF-8) at line 1, column 4 (byte 3)",
        ));
    let binary = dir.path().join("image.png");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    termcheck()
        .args(["check", "--no-config"])
        .arg(&binary)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("binary data"));
    // Declared encodings are honoured: an XML declaration.
    let xlf = dir.path().join("doc.xlf");
    let mut bytes = br#"<?xml version="1.0" encoding="windows-1252"?>
<xliff version="1.2"><file source-language="ru" target-language="en" datatype="plaintext" original="x"><body>
<trans-unit id="1"><source>x</source><target>Caf"#
        .to_vec();
    bytes.extend_from_slice(b"\xe9 talks in Kiev.</target></trans-unit></body></file></xliff>\n");
    fs::write(&xlf, &bytes).unwrap();
    let (code, v) = findings(&xlf);
    assert_eq!(code, 1, "{v}");
    let f = &v["findings"][0];
    assert_eq!(f["found"], "Kiev");
    let start = f["byte_start"].as_u64().unwrap() as usize;
    assert_eq!(&bytes[start..start + 4], b"Kiev");
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        termcheck()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("termcheck"))
            .stdout(predicate::str::contains("glossary"));
    }
    termcheck()
        .args(["completions", "bash"])
        .assert()
        .stdout(predicate::str::contains("_termcheck()"));
    termcheck()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie \\n(.g .ds Aq"))
        .stdout(predicate::str::contains(".TH termcheck 1"))
        .stdout(predicate::str::contains(".SH SUBCOMMANDS"));
}

#[test]
fn import_refuses_to_overwrite_and_formats_come_from_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let tbx = dir.path().join("terms.tbx");
    termcheck()
        .args([
            "glossary",
            "export",
            "tests/fixtures/glossary/good.toml",
            "-o",
        ])
        .arg(&tbx)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&tbx)
            .unwrap()
            .contains("<tbx type=\"TBX-Basic\"")
    );
    let csv = dir.path().join("terms.csv");
    termcheck()
        .args([
            "glossary",
            "export",
            "tests/fixtures/glossary/good.toml",
            "-o",
        ])
        .arg(&csv)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&csv)
            .unwrap()
            .starts_with("\u{feff}term_id,")
    );
    let out = dir.path().join("out.toml");
    fs::write(&out, "# my glossary\n").unwrap();
    termcheck()
        .args(["glossary", "import"])
        .arg(&tbx)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "already exists; nothing was imported",
        ))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "# my glossary\n");
    termcheck()
        .args(["glossary", "import", "--force"])
        .arg(&tbx)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(fs::read_to_string(&out).unwrap().starts_with("[glossary]"));
    termcheck()
        .args(["glossary", "import", "tests/fixtures/glossary/good.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("which format"));
    // TBX 2008 on request, and the 2008 file imports again.
    let v2 = dir.path().join("v2.tbx");
    termcheck()
        .args([
            "glossary",
            "export",
            "--tbx-version",
            "2",
            "tests/fixtures/glossary/good.toml",
            "-o",
        ])
        .arg(&v2)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&v2)
            .unwrap()
            .contains("<martif type=\"TBX-Basic\"")
    );
    termcheck()
        .args(["glossary", "import"])
        .arg(&v2)
        .assert()
        .success();
}

#[test]
fn tbx_2008_and_lenient_import_through_the_cli() {
    termcheck()
        .args([
            "glossary",
            "import",
            "tests/data/tbx/pontoon-mozilla-terminology.tbx",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "preferred = \"abort\"\nsource = [\"przerwać\"]",
        ));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tbx");
    fs::write(
        &bad,
        r#"<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader><text><body>
<termEntry id="a"><langSet xml:lang="en"><tig><term>Kyiv</term><termNote type="administrativeStatus">preferred</termNote></tig></langSet></termEntry>
<termEntry id="b"><langSet xml:lang="en"><tig><term>Odesa</term></tig></langSet></termEntry>
</body></text></martif>"#,
    )
    .unwrap();
    termcheck()
        .args(["glossary", "import"])
        .arg(&bad)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "bad.tbx:2:64: `preferred` is not a value of `administrativeStatus`",
        ))
        .stderr(predicate::str::contains("pass --lenient"));
    termcheck()
        .args(["glossary", "import", "--lenient"])
        .arg(&bad)
        .assert()
        .success()
        .stdout(predicate::str::contains("preferred = \"Odesa\""))
        .stdout(predicate::str::contains("Kyiv").not())
        .stderr(predicate::str::contains("warning: "));
}

#[test]
fn gitlab_code_quality_report() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    fs::write(&p, ARTICLE).unwrap();
    let out = termcheck()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "gitlab", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = v.as_array().unwrap();
    assert!(!issues.is_empty());
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key}: {i}");
        }
        assert_eq!(i["location"]["path"], "a.txt");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap())
        );
    }
    // Lines added above the findings keep every fingerprint.
    fs::write(&p, format!("Editor's note.\n\n{ARTICLE}")).unwrap();
    let out2 = termcheck()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "gitlab", "a.txt"])
        .output()
        .unwrap();
    let v2: Value = serde_json::from_slice(&out2.stdout).unwrap();
    let prints = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(prints(&v), prints(&v2));
}

#[test]
fn a_utf16_source_text_is_read_like_its_utf8_copy() {
    let dir = tempfile::tempdir().unwrap();
    let source = fs::read_to_string("tests/fixtures/source/cases.ru").unwrap();
    let utf16 = dir.path().join("cases.ru");
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(source.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    fs::write(&utf16, bytes).unwrap();
    let run = |src: &Path| {
        termcheck()
            .args(["check", "--no-config", "--format", "json", "-g"])
            .arg("tests/fixtures/source/glossary.toml")
            .arg("--source")
            .arg(src)
            .arg("tests/fixtures/source/cases.en")
            .output()
            .unwrap()
    };
    let a = run(Path::new("tests/fixtures/source/cases.ru"));
    let b = run(&utf16);
    assert_eq!(a.status.code(), b.status.code());
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&a.stdout).unwrap(),
        serde_json::from_slice(&b.stdout).unwrap(),
    );
    assert!(!a["findings"].as_array().unwrap().is_empty());
    let strip = |v: &Value| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["line"].clone(),
                    f["column"].clone(),
                    f["term_id"].clone(),
                    f["kind"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&b));
}
