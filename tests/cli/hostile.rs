//! Hostile input: the real binary must not panic, hang or write anything,
//! and must say what it could not read. Every input is generated in a
//! temporary directory (or is a small fixture under
//! tests/fixtures/hostile/). The biggest cases are `#[ignore]`d in the
//! debug run and run by `.ci/run` with
//! `cargo test --release --test hostile -- --ignored`.
//! docs/robustness.md lists the cases and their measured cost.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const FIX: &str = "tests/fixtures/hostile";

/// Generous: a hang is what these catch, not slowness.
const LIMIT: Duration = Duration::from_secs(300);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn glossary() -> String {
    root().join(FIX).join("glossary.toml").display().to_string()
}

fn termcheck() -> Command {
    let mut c = super::common::bin();
    c.current_dir(root()).env("NO_COLOR", "1").timeout(LIMIT);
    c
}

/// Runs `check --format json` with the hostile glossary; returns the exit
/// code, the JSON document and standard error.
fn check_json(args: &[&str]) -> (i32, Value, String) {
    let out = termcheck()
        .args(["check", "--format", "json", "-g", &glossary()])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().expect("killed by a signal"), json, stderr)
}

/// (path, term_id) of every finding.
fn found(json: &Value) -> Vec<(String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["term_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Every entry under `dir` (links not followed) with its type, size and
/// modification time: equal before and after a run means nothing was
/// written, created or removed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (String, u64, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let m = fs::symlink_metadata(&p).unwrap();
            let t = format!("{:?}", m.file_type());
            if m.is_dir() {
                stack.push(p.clone());
            }
            out.insert(p, (t, m.len(), m.modified().ok()));
        }
    }
    out
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

const SENTENCE: &str = "Sergei Lavrov spoke of the indivisibility of security.\n";

#[test]
fn binary_file_with_a_txt_name_is_an_error_and_the_rest_checked() {
    let dir = TempDir::new().unwrap();
    let mut bin = b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec();
    bin.extend((0..=255u8).cycle().take(64 * 1024));
    let b = write(dir.path(), "program.txt", &bin);
    let ok = write(dir.path(), "ok.txt", SENTENCE);
    let before = snapshot(dir.path());
    // Named on the command line: an error (exit 2), never a silent skip.
    let (code, json, stderr) = check_json(&[&b, &ok]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("program.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert_eq!(found(&json).len(), 2);
    assert!(found(&json).iter().all(|(p, _)| p == &ok));
    // Met while walking a directory: skipped with a note.
    let dir_arg = dir.path().display().to_string();
    let (code, json, stderr) = check_json(&[&dir_arg]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("skipped") && stderr.contains("program.txt"),
        "{stderr}"
    );
    assert_eq!(found(&json).len(), 2);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn invalid_utf8_in_the_middle_is_named_with_its_position() {
    let dir = TempDir::new().unwrap();
    let mut bad = SENTENCE.repeat(3).into_bytes();
    bad.extend(b"caf\xe9 \xff\xfe ");
    bad.extend(SENTENCE.as_bytes());
    let b = write(dir.path(), "latin1.txt", &bad);
    let ok = write(dir.path(), "ok.txt", SENTENCE);
    let before = snapshot(dir.path());
    let (code, json, stderr) = check_json(&[&b, &ok]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("latin1.txt"), "{stderr}");
    assert!(stderr.contains("line 4, column 4"), "{stderr}");
    assert!(found(&json).iter().all(|(p, _)| p == &ok));
    assert_eq!(found(&json).len(), 2);
    // --fix refuses to touch anything when the run is incomplete.
    let out = termcheck()
        .args(["check", "--fix", "-g", &glossary(), &b, &ok])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn nul_bytes_early_mean_binary_late_mean_text() {
    let dir = TempDir::new().unwrap();
    let early = write(dir.path(), "early.txt", format!("{SENTENCE}\0{SENTENCE}"));
    let mut late = SENTENCE.repeat(200);
    late.push_str("\0\0\0 undivided security \0");
    let late = write(dir.path(), "late.txt", &late);
    let before = snapshot(dir.path());
    let (code, json, stderr) = check_json(&[&early, &late]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("early.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    let f = found(&json);
    assert!(f.iter().all(|(p, _)| p == &late));
    assert_eq!(
        f.len(),
        401,
        "200 sentences with two findings, one after the NULs"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn directory_symlink_loops_end() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().unwrap();
    let d = dir.path().join("docs");
    write(&d, "a/ok.txt", SENTENCE);
    symlink("..", d.join("a/up")).unwrap();
    symlink(".", d.join("a/self")).unwrap();
    symlink(&d, d.join("a/b")).unwrap();
    symlink("loop", d.join("loop")).unwrap();
    let before = snapshot(dir.path());
    let (code, json, stderr) = check_json(&[d.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    // Each real file once: links are not followed while walking.
    assert_eq!(found(&json).len(), 2, "{json}");
    // A looping link named on the command line is an error, the rest is
    // still checked.
    let looped = d.join("loop").display().to_string();
    let ok = d.join("a/ok.txt").display().to_string();
    let (code, json, stderr) = check_json(&[&looped, &ok]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
    assert_eq!(found(&json).len(), 2);
    assert_eq!(snapshot(dir.path()), before);
}

/// An unreadable file is named, the other files are still checked, and
/// the exit status is 2. Permissions do not stop root (these tests run as
/// root in CI), so there the unreadable file is a link to
/// `/proc/self/mem`, which no one can read from its start.
#[cfg(target_os = "linux")]
#[test]
fn unreadable_file_is_named_and_the_others_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let ok = write(dir.path(), "ok.txt", SENTENCE);
    let secret = write(dir.path(), "secret.txt", SENTENCE);
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let unreadable = if fs::read(&secret).is_ok() {
        // Root: permissions are no obstacle.
        fs::remove_file(&secret).unwrap();
        std::os::unix::fs::symlink("/proc/self/mem", &secret).unwrap();
        assert!(fs::read(&secret).is_err(), "/proc/self/mem was readable");
        secret
    } else {
        secret
    };
    let before = snapshot(dir.path());
    let (code, json, stderr) = check_json(&[&unreadable, &ok]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot read") && stderr.contains("secret.txt"),
        "{stderr}"
    );
    assert_eq!(found(&json).len(), 2);
    assert!(found(&json).iter().all(|(p, _)| p == &ok));
    let out = termcheck()
        .args(["check", "--fix", "-g", &glossary(), &unreadable, &ok])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(dir.path()), before);
}

/// A FIFO met while walking is not a file to read: reading it would wait
/// for a writer forever.
#[cfg(unix)]
#[test]
#[allow(clippy::print_stderr)] // a skipped case says so
fn fifo_in_a_walked_directory_is_not_read() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "ok.txt", SENTENCE);
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("note: mkfifo unavailable; skipped");
        return;
    }
    let (code, json, stderr) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(found(&json).len(), 2);
}

#[test]
fn billion_laughs_xliff_is_refused_without_expanding() {
    let laughs = root().join(FIX).join("billion-laughs.xlf");
    let ok = root().join(FIX).join("ok.txt");
    let (code, json, stderr) = check_json(&[laughs.to_str().unwrap(), ok.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("DTD") && stderr.contains("billion-laughs.xlf:2:1"),
        "{stderr}"
    );
    assert_eq!(found(&json).len(), 2, "the other file is still checked");
}

#[test]
fn deeply_nested_markup_is_checked() {
    let dir = TempDir::new().unwrap();
    let n = 100_000;
    let cases = [
        (
            "divs.html",
            format!(
                "{}undivided security{}",
                "<div>".repeat(n),
                "</div>".repeat(n)
            ),
        ),
        (
            "unclosed.html",
            format!("{}undivided security", "<div><b><i>".repeat(n)),
        ),
        (
            "quotes.md",
            format!("{} undivided security\n", ">".repeat(n)),
        ),
        (
            "lists.md",
            (0..2000)
                .map(|i| format!("{}- a\n", "  ".repeat(i)))
                .collect::<String>()
                + "\nundivided security\n",
        ),
        (
            "brackets.md",
            format!("{}undivided security{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "links.md",
            format!("{}undivided security\n", "[a](".repeat(n)),
        ),
        (
            "emphasis.md",
            format!("{}undivided security{}\n", "*_".repeat(n), "_*".repeat(n)),
        ),
        (
            "inline.xlf",
            format!(
                "<xliff><target>{}undivided security{}</target></xliff>",
                "<g>".repeat(n),
                "</g>".repeat(n)
            ),
        ),
        (
            "entities.xlf",
            format!(
                "<xliff><target>{} undivided security</target></xliff>",
                "&amp;".repeat(n)
            ),
        ),
        (
            "continued.po",
            format!(
                "msgid \"a\"\nmsgstr \"\"\n{}\"undivided security\"\n",
                "\"\\\\\\\"\"\n".repeat(n)
            ),
        ),
    ];
    let mut paths = Vec::new();
    for (name, text) in &cases {
        paths.push(write(dir.path(), name, text));
    }
    let before = snapshot(dir.path());
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (code, json, stderr) = check_json(&args);
    assert_eq!(code, 1, "{stderr}");
    let f = found(&json);
    for p in &paths {
        assert_eq!(
            f.iter().filter(|(fp, _)| fp == p).count(),
            1,
            "{p}: {stderr}"
        );
    }
    assert_eq!(snapshot(dir.path()), before);
}

/// Every form of 1..=300 words of "a", with a variant ending in "b": each
/// term's forms contain every shorter term's, and the text is all
/// overlaps.
#[test]
#[ignore = "about 30 s in a debug build (glossary lint prints 44,850 warnings); .ci/run runs it in release"]
fn terms_that_overlap_every_other_term() {
    let dir = TempDir::new().unwrap();
    let mut g = String::from("[glossary]\nname = \"overlap\"\nlanguage = \"en\"\n\n");
    let n = 300;
    for i in 1..=n {
        let a = vec!["a"; i].join(" ");
        let b = vec!["a"; i - 1]
            .into_iter()
            .chain(["b"])
            .collect::<Vec<_>>()
            .join(" ");
        g.push_str(&format!(
            "[[term]]\nid = \"t{i}\"\npreferred = \"{a}\"\nvariants = [\"{b}\"]\n\n"
        ));
    }
    let gpath = write(dir.path(), "overlap.toml", &g);
    let text = format!("{}b ", "a ".repeat(n - 1)).repeat(200) + &"a ".repeat(5000);
    let tpath = write(dir.path(), "overlap.txt", &text);
    let before = snapshot(dir.path());
    let out = termcheck()
        .args(["check", "--format", "json", "-g", &gpath, &tpath])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = json["findings"].as_array().unwrap();
    // Leftmost-longest: each block of n-1 "a" and a "b" is one variant of
    // the longest term; the trailing run of "a" is approved.
    assert_eq!(f.len(), 200);
    assert!(f.iter().all(|f| f["term_id"] == format!("t{n}")));
    let lint = termcheck()
        .args(["glossary", "lint", &gpath])
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0));
    let warnings = String::from_utf8_lossy(&lint.stdout)
        .matches("warning[variant-contains-form]")
        .count();
    assert_eq!(
        warnings,
        n * (n - 1) / 2,
        "one per shorter term per variant"
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// One form of 100 KB (20,000 words): loads, lints, matches.
#[test]
fn a_form_of_100_kb() {
    let dir = TempDir::new().unwrap();
    let words: Vec<String> = (0..17_000).map(|i| format!("w{i}")).collect();
    let form = words.join(" ");
    assert!(form.len() >= 100_000);
    let g = format!(
        "[glossary]\nname = \"big form\"\nlanguage = \"en\"\n\n[[term]]\nid = \"big\"\n\
         preferred = \"{form}\"\nvariants = [\"{form} x\"]\n\n[[term]]\nid = \"w1\"\npreferred = \"w1\"\n"
    );
    let gpath = write(dir.path(), "bigform.toml", &g);
    let tpath = write(dir.path(), "text.txt", format!("{form} x. {form}. w1\n"));
    let before = snapshot(dir.path());
    let out = termcheck()
        .args(["check", "--format", "json", "-g", &gpath, &tpath])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = json["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(f[0]["byte_start"], 0);
    assert_eq!(f[0]["byte_end"], form.len() + 2);
    let human = termcheck()
        .args(["check", "-g", &gpath, &tpath])
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(1));
    let lint = termcheck()
        .args(["glossary", "lint", &gpath])
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0));
    let out = String::from_utf8_lossy(&lint.stdout);
    assert!(out.contains("variant-contains-form"), "{out}");
    // The message quotes the variant; the snippet of its line is clipped.
    assert!(
        out.len() < form.len() + 20_000,
        "the 100 KB line is clipped: {}",
        out.len()
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// 100,000 tiny files in 100 directories.
#[test]
#[ignore = "about a minute in a debug build; .ci/run runs it in release"]
fn many_tiny_files() {
    let dir = TempDir::new().unwrap();
    for d in 0..100 {
        let sub = dir.path().join(format!("d{d:03}"));
        fs::create_dir(&sub).unwrap();
        for i in 0..1000 {
            let text: &[u8] = if i == 500 {
                SENTENCE.as_bytes()
            } else {
                b"ok\n"
            };
            fs::write(sub.join(format!("f{i:04}.txt")), text).unwrap();
        }
    }
    let before = snapshot(dir.path());
    let (code, json, stderr) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(json["files_checked"], 100_000);
    assert_eq!(found(&json).len(), 200);
    assert_eq!(snapshot(dir.path()), before);
}

/// 200 MB on one line, with non-ASCII text and a finding every megabyte.
#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release"]
fn a_200_mb_file_without_a_newline() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("one-line.txt");
    let filler = "the ministers discussed the situation in the région and agreed to meet again ";
    let mut block = filler.repeat(1_000_000 / filler.len());
    block.push_str("undivided security ");
    let mut f = fs::File::create(&path).unwrap();
    for _ in 0..200 {
        f.write_all(block.as_bytes()).unwrap();
    }
    drop(f);
    let p = path.display().to_string();
    let before = snapshot(dir.path());
    let (code, json, stderr) = check_json(&[&p]);
    assert_eq!(code, 1, "{stderr}");
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 200);
    let last = &findings[199];
    assert_eq!(last["line"], 1);
    let start = last["byte_start"].as_u64().unwrap() as usize;
    let chars_before = 199 * block.chars().count() + (block.chars().count() - 19);
    assert_eq!(
        start,
        199 * block.len() + block.len() - "undivided security ".len()
    );
    assert_eq!(last["column"], chars_before + 1);
    // Human output: every finding's line is clipped, not rendered whole.
    let out = termcheck()
        .args(["check", "-g", &glossary(), &p])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.len() < 200 * 2_000, "{}", out.stdout.len());
    assert_eq!(snapshot(dir.path()), before);
}

/// A million forms (250,000 terms): loads, compiles and checks; and a
/// million terms with a warning each (the quadratic case that was).
#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release"]
fn a_glossary_of_a_million_forms() {
    let dir = TempDir::new().unwrap();
    let mut g = String::from("[glossary]\nname = \"big\"\nlanguage = \"en\"\n\n");
    for i in 0..250_000 {
        g.push_str(&format!(
            "[[term]]\npreferred = \"w{i} security\"\n\
             variants = [\"w{i} safety\", \"w{i} defence\", \"w{i} defense\"]\n\n"
        ));
    }
    let gpath = write(dir.path(), "million.toml", &g);
    let tpath = write(dir.path(), "text.txt", "w12 safety and w249999 defense\n");
    let mut bare = String::from("[glossary]\nname = \"bare\"\nlanguage = \"en\"\n\n");
    for i in 0..1_000_000 {
        bare.push_str(&format!("[[term]]\npreferred = \"w{i} security\"\n"));
    }
    let bpath = write(dir.path(), "bare.toml", &bare);
    let before = snapshot(dir.path());
    let out = termcheck()
        .args(["check", "--format", "json", "-g", &gpath, &tpath])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 2);
    assert_eq!(json["glossaries"][0]["terms"], 250_000);

    let out = termcheck()
        .args(["check", "--format", "json", "-g", &bpath, &tpath])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["glossaries"][0]["terms"], 1_000_000);
    assert_eq!(snapshot(dir.path()), before);
}

// The inputs of issue 14, at full size (bench/hostile.sh measures them;
// docs/robustness.md lists the figures). Slow in a debug build only.

/// A tag with a million quoted attributes overflowed the tokenizer's
/// stack (it recurses per attribute): refused with its position.
#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release"]
fn a_tag_with_a_million_attributes_is_refused() {
    let dir = TempDir::new().unwrap();
    let html = format!(
        "<p{}>undivided security</p>\n",
        " a=\"b\"".repeat(1_000_000)
    );
    let p = write(dir.path(), "attrs.html", html);
    let ok = write(dir.path(), "ok.txt", SENTENCE);
    let out = termcheck()
        .args(["check", "-g", &glossary(), &p, &ok])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("attrs.html:1:1"), "{stderr}");
    assert!(
        stderr.contains("1000000 quoted attribute values"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok.txt"));
}

/// `termcheck-disable` 100,000 times in one comment: one warning with a
/// count, not 100,000 (each of which rendered the whole 1.8 MB line).
#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release"]
fn a_comment_repeating_a_directive_gives_one_warning() {
    let dir = TempDir::new().unwrap();
    let x = format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file><body>\n<!--{} -->\n\
         <trans-unit id=\"1\"><source>x</source><target>undivided security</target></trans-unit>\n\
         </body></file></xliff>\n",
        " termcheck-disable".repeat(100_000)
    );
    let p = write(dir.path(), "disable.xlf", x);
    let (code, json, stderr) = check_json(&[&p]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(found(&json).len(), 1);
    assert_eq!(stderr.matches("unknown term id").count(), 1, "{stderr}");
    assert!(stderr.contains("99999 times"), "{stderr}");
}

fn tbx(entries: impl Iterator<Item = (String, String)>) -> String {
    let body: String = entries
        .map(|(id, form)| {
            format!(
                "<conceptEntry id=\"{id}\"><langSec xml:lang=\"en\"><termSec><term>{form}</term>\
                 <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\
                 </termSec></langSec></conceptEntry>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" \
         xmlns=\"urn:iso:std:iso:30042:ed-2\"><tbxHeader><fileDesc><sourceDesc><p>hostile</p>\
         </sourceDesc></fileDesc></tbxHeader><text><body>\n{body}</body></text></tbx>\n"
    )
}

/// 50,000 concepts sharing one id (each new id was found by trying every
/// suffix from 2), and 20,000 concepts with one form.
#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release"]
fn tbx_duplicates_import_in_linear_time() {
    let dir = TempDir::new().unwrap();
    let same_id = write(
        dir.path(),
        "same-id.tbx",
        tbx((0..50_000).map(|i| ("same-id".to_owned(), format!("form {i}")))),
    );
    let out_toml = dir.path().join("same-id.toml");
    // An invalid file (one id for every concept): refused with one line
    // about the id, not one per repeat.
    let out = termcheck()
        .args(["glossary", "import", "--format", "tbx", &same_id, "-o"])
        .arg(&out_toml)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("is used more than once").count(), 1, "{err}");
    assert!(err.lines().count() < 10, "{err}");
    // --lenient imports what is valid, in linear time.
    let out = termcheck()
        .args([
            "glossary",
            "import",
            "--lenient",
            "--format",
            "tbx",
            &same_id,
            "-o",
        ])
        .arg(&out_toml)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(fs::read_to_string(&out_toml).unwrap().contains("same-id"));
    let same_form = write(
        dir.path(),
        "same-form.tbx",
        tbx((0..20_000).map(|i| (format!("c-{i}"), "one form".to_owned()))),
    );
    let out = termcheck()
        .args(["glossary", "import", "--format", "tbx", &same_form])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("19999 concept(s) skipped"), "{stderr}");
}

/// 1,000 near-identical forms against 20,000 words near all of them: the
/// search per word is capped, and a note says so.
#[test]
#[ignore = "slow in a debug build; .ci/run runs it in release"]
fn near_identical_forms_are_capped_with_a_note() {
    let dir = TempDir::new().unwrap();
    let stem: Vec<u8> = b"Marlowvinski".to_vec();
    let mutate = |k: usize| {
        let mut w = stem.clone();
        let i = 1 + k % (w.len() - 1);
        w[i] = b'a' + ((k / (w.len() - 1)) % 26) as u8;
        String::from_utf8(w).unwrap()
    };
    let mut g = String::from("[glossary]\nname = \"near\"\nlanguage = \"en\"\n");
    let mut seen = std::collections::HashSet::new();
    for k in 0..2000 {
        let f = mutate(k);
        if f != "Marlowvinski" && seen.insert(f.clone()) && seen.len() <= 1000 {
            g.push_str(&format!("[[term]]\nid = \"t{k}\"\npreferred = \"{f}\"\n"));
        }
    }
    let gp = write(dir.path(), "near.toml", g);
    let text: String = (0..20_000).map(|k| mutate(k * 7 + 3) + " ").collect();
    let tp = write(dir.path(), "near.txt", text);
    let out = termcheck()
        .args(["check", "-g", &gp, &tp])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    assert!(
        stderr.contains("near-miss search was cut short"),
        "{stderr}"
    );
}

/// Under a limit on the address space (a sandbox's `ulimit -v`), a run
/// that fits in it finishes: the binary reserves no heap beyond what it
/// uses there (it puts the heap on huge pages only when unlimited).
#[cfg(target_os = "linux")]
#[test]
fn a_run_under_an_address_space_limit_finishes() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    use std::os::unix::process::CommandExt;
    let dir = TempDir::new().unwrap();
    let text = "Sergei Lavrov spoke of the indivisibility of security.\n".repeat(20_000);
    let tp = write(dir.path(), "limited.txt", text);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("termcheck"));
    cmd.current_dir(root())
        .env("TERMCHECK_CACHE_DIR", crate::common::CACHE_DIR)
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--fail-on",
            "never",
            &tp,
        ]);
    let limit = Some(200 << 20);
    // SAFETY: between fork and exec the child only makes one system call.
    unsafe {
        cmd.pre_exec(move || {
            setrlimit(
                Resource::As,
                Rlimit {
                    current: limit,
                    maximum: limit,
                },
            )?;
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files_checked"], 1);
}
