//! CLI tests of the real binary: one test per matching rule of the
//! contract, on the fixtures in tests/fixtures/core/.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const FIX: &str = "tests/fixtures/core";

fn cmd() -> Command {
    let mut c = super::common::bin();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    c
}

fn glossary() -> String {
    format!("{FIX}/glossary.toml")
}

/// Runs `check --format json` on fixture files and returns (status, json).
fn check_json(files: &[&str]) -> (i32, Value) {
    let mut c = cmd();
    c.args(["check", "--format", "json", "-g", &glossary()]);
    for f in files {
        c.arg(format!("{FIX}/{f}"));
    }
    let out = c.output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), json)
}

/// `line:col-end_line:end_col kind term 'found' -> fix` per finding.
fn rows(json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let fix = match &f["fix"] {
                Value::Null => "-".to_owned(),
                fx => fx["replacement"].as_str().unwrap().to_owned(),
            };
            format!(
                "{}:{}-{}:{} {} {} {:?} -> {}",
                f["line"],
                f["column"],
                f["end_line"],
                f["end_column"],
                f["kind"].as_str().unwrap(),
                f["term_id"].as_str().unwrap(),
                f["found"].as_str().unwrap(),
                fix
            )
        })
        .collect()
}

fn check_rows(file: &str) -> Vec<String> {
    rows(&check_json(&[file]).1)
}

#[test]
fn rule1_multiword_term_across_line_break() {
    assert_eq!(
        check_rows("linebreak.txt"),
        [
            "1:39-2:9 variant indivisible-security \"indivisibility of\\nsecurity\" -> indivisible security"
        ]
    );
}

#[test]
fn rule2_nonbreaking_hyphen_and_en_dash_are_hyphens() {
    // Both are the approved form, so nothing is reported; a plain space
    // variant would be.
    assert!(check_rows("dashes.txt").is_empty());
    let out = cmd()
        .args(["check", "--format", "json", "-g", &glossary(), "-"])
        .write_stdin("NATO\u{2013}centrism, NATO centrism")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows(&json),
        ["1:16-1:29 variant nato-centrism \"NATO centrism\" -> NATO-centrism"]
    );
}

#[test]
fn rule2_curly_apostrophe_possessive_keeps_ending_in_fix() {
    assert_eq!(
        check_rows("apostrophe.txt"),
        ["1:21-1:36 variant lavrov \"Sergei Lavrov’s\" -> Sergey Lavrov’s"]
    );
}

#[test]
fn rule2_nbsp_inside_multiword_form() {
    assert_eq!(
        check_rows("nbsp.txt"),
        ["1:18-1:31 variant lavrov \"Sergei\\u{a0}Lavrov\" -> Sergey Lavrov"]
    );
}

#[test]
fn rule2_decomposed_accent_matches_composed_form() {
    // "Côte d’Ivoire" written with U+0302 and a curly apostrophe is the
    // approved form; columns count scalar values (the combining mark is one).
    assert_eq!(
        check_rows("nfd.txt"),
        ["1:35-1:46 variant cote-d-ivoire \"Ivory Coast\" -> Côte d'Ivoire"]
    );
}

#[test]
fn rule3_sentence_initial_all_caps_and_wrong_case() {
    assert_eq!(
        check_rows("case.txt"),
        [
            "1:1-1:27 variant indivisible-security \"Indivisibility of security\" -> Indivisible security",
            "2:1-2:27 variant indivisible-security \"INDIVISIBILITY OF SECURITY\" -> INDIVISIBLE SECURITY",
            "3:1-3:5 case osce \"Osce\" -> OSCE",
        ]
    );
}

#[test]
fn rule3_sensitive_terms_match_exact_case_only() {
    assert_eq!(
        check_rows("sensitive.txt"),
        ["1:1-1:7 variant turkiye \"Turkey\" -> Türkiye"]
    );
}

#[test]
fn rule4_plural_and_possessive_endings_kept_in_fix() {
    assert_eq!(
        check_rows("inflections.txt"),
        [
            "1:6-1:20 variant lavrov \"Sergei Lavrovs\" -> Sergey Lavrovs",
            "1:33-1:46 variant minsk-agreements \"Minsk accords\" -> Minsk agreements",
        ]
    );
}

#[test]
fn rule5_leftmost_longest_and_no_variant_inside_approved() {
    assert_eq!(
        check_rows("overlap.txt"),
        ["1:3-1:16 variant nato-centrism \"NATO centrism\" -> NATO-centrism"]
    );
}

#[test]
fn rule6_exception_phrase() {
    assert_eq!(
        check_rows("exception.txt"),
        ["1:56-1:76 variant un-secretary-general \"UN Secretary General\" -> UN Secretary-General"]
    );
}

#[test]
fn crlf_columns_are_right() {
    let (_, json) = check_json(&["crlf.txt"]);
    assert_eq!(
        rows(&json),
        [
            "2:5-2:31 variant indivisible-security \"indivisibility of security\" -> indivisible security",
            "3:5-3:11 variant turkiye \"Turkey\" -> Türkiye",
        ]
    );
    let f = &json["findings"][0];
    assert_eq!(
        (f["byte_start"].as_u64(), f["byte_end"].as_u64()),
        (Some(16), Some(42))
    );
}

#[test]
fn bom_is_not_counted_in_columns_but_is_in_bytes() {
    let (_, json) = check_json(&["bom.txt"]);
    assert_eq!(
        rows(&json),
        [
            "1:1-1:27 variant indivisible-security \"Indivisibility of security\" -> Indivisible security"
        ]
    );
    assert_eq!(json["findings"][0]["byte_start"], 3);
}

#[test]
fn invalid_utf8_is_an_error_but_other_files_are_checked() {
    let out = cmd()
        .args(["check", "--format", "json", "-g", &glossary()])
        .arg(format!("{FIX}/invalid.txt"))
        .arg(format!("{FIX}/bom.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid.txt`: invalid UTF-8 (no encoding declared, so UTF-8)"),
        "{stderr}"
    );
    assert!(stderr.contains("line 2, column 5"), "{stderr}");
    assert!(
        stderr.contains("help: convert the file to UTF-8"),
        "{stderr}"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files_checked"], 1);
    assert_eq!(json["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn malformed_glossary_exits_2_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("bad.toml");
    std::fs::write(
        &g,
        "[glossary]\nname = \"x\"\nlanguage = \"en\"\n\n[[term]]\npreferred = \"a\"\nvaraints = [\"b\"]\n",
    )
    .unwrap();
    let out = cmd()
        .args(["check", "--color", "never", "-g"])
        .arg(&g)
        .arg(format!("{FIX}/clean.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.toml:7:1"), "{stderr}");
    assert!(stderr.contains("did you mean `variants`?"), "{stderr}");
}

#[test]
fn toml_syntax_error_has_position() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("broken.toml");
    std::fs::write(&g, "[glossary]\nname = \"x\nlanguage = \"en\"\n").unwrap();
    let out = cmd()
        .args(["glossary", "lint", "--color", "never"])
        .arg(&g)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("broken.toml:2:"), "{stdout}");
}

#[test]
fn exit_status_follows_fail_on() {
    for (fail_on, file, want) in [
        ("warning", "linebreak.txt", 1),
        ("error", "linebreak.txt", 1),
        ("never", "linebreak.txt", 0),
        ("error", "sensitive.txt", 0),
        ("warning", "sensitive.txt", 1),
        ("info", "clean.txt", 0),
    ] {
        let out = cmd()
            .args(["check", "--fail-on", fail_on, "-g", &glossary()])
            .arg(format!("{FIX}/{file}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(want), "{fail_on} {file}");
    }
}

#[test]
fn stdin_with_stdin_filename() {
    let out = cmd()
        .args([
            "check",
            "--format",
            "json",
            "-g",
            &glossary(),
            "--stdin-filename",
            "wire/story.txt",
            "-",
        ])
        .write_stdin("Sergei Lavrov said.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"][0]["path"], "wire/story.txt");
}

#[test]
fn directories_are_walked_respecting_gitignore_and_skipping_binaries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".gitignore"), "ignored.txt\n").unwrap();
    std::fs::write(root.join("b.txt"), "Sergei Lavrov\n").unwrap();
    std::fs::write(root.join("sub/a.txt"), "Ivory Coast\n").unwrap();
    std::fs::write(root.join("ignored.txt"), "Sergei Lavrov\n").unwrap();
    std::fs::write(root.join("blob.txt"), b"Sergei Lavrov\0\x01\x02").unwrap();
    let out = cmd()
        .args(["check", "--format", "json", "-g", &glossary()])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap();
            Path::new(p)
                .strip_prefix(root)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(paths, ["b.txt", "sub/a.txt"]);
    assert_eq!(json["files_checked"], 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("blob.txt`: binary file"), "{stderr}");
}

#[test]
fn missing_input_is_an_error() {
    let out = cmd()
        .args(["check", "-g", &glossary(), "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

#[test]
fn color_flags_and_no_color() {
    let colored = cmd()
        .args(["check", "--color", "always", "-g", &glossary()])
        .arg(format!("{FIX}/linebreak.txt"))
        .output()
        .unwrap();
    assert!(colored.stdout.contains(&0x1b));
    for (args, env) in [(vec!["--color", "never"], None), (vec![], Some("1"))] {
        let mut c = cmd();
        c.arg("check")
            .args(&args)
            .args(["-g", &glossary()])
            .arg(format!("{FIX}/linebreak.txt"));
        if let Some(v) = env {
            c.env("NO_COLOR", v);
        }
        let out = c.output().unwrap();
        assert!(!out.stdout.contains(&0x1b));
    }
}

#[test]
fn human_output_snapshot() {
    let out = cmd()
        .args(["check", "--color", "never", "-g", &glossary()])
        .arg(format!("{FIX}/case.txt"))
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_output_snapshot() {
    let out = cmd()
        .args(["check", "--format", "json", "-g", &glossary()])
        .arg(format!("{FIX}/crlf.txt"))
        .arg(format!("{FIX}/apostrophe.txt"))
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn builtin_glossary_flags_the_seed_article() {
    let out = cmd()
        .args([
            "check",
            "--format",
            "json",
            "examples/tass-lavrov-nato-centrism.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["term_id"] == "indivisible-security")
        .expect("the mix of the two renderings is flagged");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(15), Some(358))
    );
    assert_eq!(f["found"], "indivisibility of security");
    // Both renderings are right; the default pack flags the text for mixing
    // them (it writes "indivisible security" first), not either form.
    assert_eq!(f["kind"], "inconsistent");
}

/// The JSON output validates against the contract's schema (written out in
/// docs/schemas/), and its invariants hold: sorted, spans inside the file,
/// `found` equal to the file's bytes, summary equal to the counts.
#[test]
fn json_output_validates_against_the_contract_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("docs/schemas/termcheck-output-v1.schema.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let files = [
        "apostrophe.txt",
        "bom.txt",
        "case.txt",
        "crlf.txt",
        "dashes.txt",
        "exception.txt",
        "inflections.txt",
        "linebreak.txt",
        "nbsp.txt",
        "nfd.txt",
        "overlap.txt",
        "sensitive.txt",
    ];
    let (_, json) = check_json(&files);
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.len() >= 14);
    let key = |f: &Value| {
        (
            f["path"].as_str().unwrap().to_owned(),
            f["byte_start"].as_u64().unwrap(),
            f["term_id"].as_str().unwrap().to_owned(),
        )
    };
    assert!(
        findings.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "sorted"
    );
    for f in findings {
        let bytes = std::fs::read(f["path"].as_str().unwrap()).unwrap();
        let (s, e) = (
            f["byte_start"].as_u64().unwrap() as usize,
            f["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            std::str::from_utf8(&bytes[s..e]).unwrap(),
            f["found"].as_str().unwrap()
        );
    }
    let count = |sev: &str| findings.iter().filter(|f| f["severity"] == sev).count() as u64;
    assert_eq!(json["summary"]["error"].as_u64(), Some(count("error")));
    assert_eq!(json["summary"]["warning"].as_u64(), Some(count("warning")));
}

/// The JSON document is written as files come (streamed); a file that
/// cannot be read, decoded or is binary, in the middle of a run, leaves
/// the findings exactly as if it had not been named and appears in
/// `errors`, with status 2 (a file named on the command line is never
/// skipped silently; binary files found by walking a directory are).
#[test]
fn json_document_skips_unreadable_files_mid_run() {
    let dir = tempfile::tempdir().unwrap();
    let bad_utf8 = dir.path().join("latin1.txt");
    std::fs::write(&bad_utf8, b"The OSCE caf\xe9 met.\n").unwrap();
    let binary = dir.path().join("blob.bin");
    std::fs::write(&binary, b"OSCE\0\x01\x02").unwrap();
    let missing = dir.path().join("missing.txt");
    let good = [
        format!("{FIX}/apostrophe.txt"),
        format!("{FIX}/case.txt"),
        format!("{FIX}/crlf.txt"),
    ];
    let run = |files: &[String]| {
        let out = cmd()
            .args(["check", "--format", "json", "-g", &glossary()])
            .args(files)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    let (clean_status, clean) = run(&good);
    assert_eq!(clean_status, 1);
    let json: Value = serde_json::from_str(&clean).unwrap();
    assert_eq!(json["files_checked"], 3);
    assert!(json["findings"].as_array().unwrap().len() >= 3, "{clean}");
    let p = |p: &Path| p.display().to_string();
    for (bad, code) in [
        (&bad_utf8, "not-utf8"),
        (&missing, "unreadable"),
        (&binary, "binary"),
    ] {
        let files = [good[0].clone(), p(bad), good[1].clone(), good[2].clone()];
        let (status, out) = run(&files);
        assert_eq!(status, 2, "{}", bad.display());
        let got: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(got["findings"], json["findings"]);
        assert_eq!(got["files_checked"], 3);
        assert_eq!(got["summary"], json["summary"]);
        let errors = got["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{out}");
        assert_eq!(errors[0]["path"], p(bad));
        assert_eq!(errors[0]["code"], code);
        assert!(errors[0]["help"].is_string(), "{out}");
    }
    // A binary file met while walking a directory is skipped with a note.
    let walked = tempfile::tempdir().unwrap();
    std::fs::copy(&binary, walked.path().join("blob.bin")).unwrap();
    let files = [
        good[0].clone(),
        good[1].clone(),
        p(walked.path()),
        good[2].clone(),
    ];
    assert_eq!(run(&files), (1, clean));
}

/// A run over more files than one batch holds (1,024) is checked and
/// printed batch by batch; its output equals the one-batch run (a run
/// writing a baseline is never batched), bad files in a later batch
/// included, in the JSON and human formats.
#[test]
fn batched_runs_print_what_one_batch_prints() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        std::fs::read(format!("{FIX}/case.txt")).unwrap(),
        std::fs::read(format!("{FIX}/apostrophe.txt")).unwrap(),
        b"Nothing to see.\n".to_vec(),
    ];
    for i in 0..1100 {
        let body: &[u8] = match i {
            1050 => b"caf\xe9 OSCE\n",
            1070 => b"OSCE\0binary",
            _ => &texts[i % 3],
        };
        std::fs::write(dir.path().join(format!("f{i:04}.txt")), body).unwrap();
    }
    let baseline = tempfile::tempdir().unwrap();
    let base_file = baseline.path().join("baseline.json");
    for format in ["json", "human"] {
        let run = |extra: &[&str]| {
            let out = cmd()
                .args(["check", "--color", "never", "--format", format])
                .args(["-g", &glossary()])
                .args(extra)
                .arg(dir.path())
                .output()
                .unwrap();
            (
                out.status.code().unwrap(),
                String::from_utf8(out.stdout).unwrap(),
            )
        };
        let (status, batched) = run(&[]);
        let (one_status, one_batch) = run(&["--write-baseline", base_file.to_str().unwrap()]);
        assert_eq!((status, one_status), (2, 2), "{format}");
        assert_eq!(batched, one_batch, "{format}");
        if format == "json" {
            let json: Value = serde_json::from_str(&batched).unwrap();
            assert_eq!(json["files_checked"], 1098);
            let n = json["findings"].as_array().unwrap().len();
            assert!(n > 700, "{n}");
        }
    }
}
