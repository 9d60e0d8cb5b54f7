//! `check --fix` and `check --diff` on the real binary, one test per fix
//! rule, on the fixtures in tests/fixtures/fix/ (copied to a temporary
//! directory first, so the fixtures themselves never change).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

use super::common::FIX_FIXTURES as FIXTURES;

use super::common::fix_workspace as workspace;

fn termcheck(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_termcheck"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "-g", "glossary.toml"]);
    cmd
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    fs::read(dir.join(name)).unwrap()
}

/// `check --fix NAME` in a fresh workspace (exit 0): the file afterwards.
fn fixed(name: &str) -> Vec<u8> {
    let dir = workspace();
    termcheck(dir.path()).args(["--fix", name]).assert().code(0);
    read(dir.path(), name)
}

/// Standard output of `check ARGS` in `dir`, which must exit with `code`.
fn stdout_of(dir: &Path, args: &[&str], code: i32) -> String {
    let out = termcheck(dir).args(args).assert().code(code);
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    fs::read(PathBuf::from(FIXTURES).join(name)).unwrap()
}

#[test]
fn crlf_line_endings_are_kept_also_inside_a_multi_line_match() {
    let dir = workspace();
    termcheck(dir.path())
        .args(["--fix", "crlf.txt"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "fixed crlf.txt:3:18: 'Indivisibility of\\r\\nsecurity' -> 'Indivisible\\r\\nsecurity' [indivisible-security]",
        ))
        .stderr(predicate::str::contains("Fixed 4 findings in 1 file"));
    assert_eq!(
        read(dir.path(), "crlf.txt"),
        b"Moscow insists on the indivisible security.\r\n\
INDIVISIBLE SECURITY\r\n\
The OSCE's view: Indivisible\r\n\
security matters.\r\n"
    );
}

#[test]
fn a_bom_is_kept_and_a_sentence_start_stays_capitalized() {
    assert_eq!(
        fixed("bom.txt"),
        "\u{FEFF}Indivisible security comes first.\nThe OSCE agreed.\n".as_bytes()
    );
}

#[test]
fn all_caps_headlines_stay_all_caps() {
    assert_eq!(
        fixed("caps.txt"),
        b"HEADLINE: INDIVISIBLE SECURITY FOR ALL\nIndivisible security, said the OSCE.\n"
    );
}

#[test]
fn possessive_endings_are_kept() {
    assert_eq!(
        fixed("possessive.txt"),
        b"The indivisible security's logic and the OSCE's role.\nTwo undivided securities.\n"
    );
}

#[test]
fn mixed_line_endings_and_every_other_byte_are_kept() {
    assert_eq!(
        fixed("mixed.txt"),
        b"line one: indivisible security\nline two: indivisible security\r\nline three\rstill three: OSCE OSCE\n"
    );
}

#[test]
fn overlapping_candidates_fix_once_and_a_second_fix_is_a_no_op() {
    // "European security" and "security architecture" overlap; the
    // leftmost-longest match wins and only it is fixed.
    let dir = workspace();
    termcheck(dir.path())
        .args(["--fix", "overlap.txt"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Fixed 1 finding in 1 file"));
    let once = read(dir.path(), "overlap.txt");
    assert_eq!(
        once,
        b"They debated pan-European security architecture at length.\n"
    );
    termcheck(dir.path())
        .args(["--fix", "overlap.txt"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Nothing to fix."));
    assert_eq!(read(dir.path(), "overlap.txt"), once);
}

#[test]
fn fix_twice_changes_nothing_the_second_time() {
    let dir = workspace();
    let files = [
        "crlf.txt",
        "bom.txt",
        "caps.txt",
        "possessive.txt",
        "mixed.txt",
        "notes.md",
    ];
    termcheck(dir.path())
        .arg("--fix")
        .args(files)
        .assert()
        .code(0);
    let first: Vec<Vec<u8>> = files.iter().map(|f| read(dir.path(), f)).collect();
    let mtimes: Vec<_> = files
        .iter()
        .map(|f| {
            fs::metadata(dir.path().join(f))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    termcheck(dir.path())
        .arg("--fix")
        .args(files)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Nothing to fix."))
        .stderr(predicate::str::contains("fixed ").not());
    for (i, f) in files.iter().enumerate() {
        assert_eq!(read(dir.path(), f), first[i], "{f}");
        // Not even rewritten with the same bytes.
        assert_eq!(
            fs::metadata(dir.path().join(f))
                .unwrap()
                .modified()
                .unwrap(),
            mtimes[i],
            "{f}"
        );
    }
}

#[test]
fn remaining_findings_decide_the_exit_status_after_fix() {
    let dir = workspace();
    // Everything fixable is fixed: the report shows no finding, exit 0.
    termcheck(dir.path())
        .args(["--fix", "caps.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No findings in 1 file checked."));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    let p = dir.path().join("caps.txt");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    termcheck(dir.path())
        .args(["--fix", "caps.txt"])
        .assert()
        .code(0);
    let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn a_symlink_stays_a_symlink() {
    let dir = workspace();
    std::os::unix::fs::symlink(dir.path().join("caps.txt"), dir.path().join("link.txt")).unwrap();
    termcheck(dir.path())
        .args(["--fix", "link.txt"])
        .assert()
        .code(0);
    assert!(
        fs::symlink_metadata(dir.path().join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(read(dir.path(), "caps.txt").starts_with(b"HEADLINE: INDIVISIBLE"));
}

#[test]
fn a_read_only_file_is_a_clear_error_exit_2_and_nothing_is_written() {
    let dir = workspace();
    let p = dir.path().join("possessive.txt");
    let mut perms = fs::metadata(&p).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&p, perms).unwrap();
    // caps.txt is writable and sorts first: it must not be written either.
    termcheck(dir.path())
        .args(["--fix", "caps.txt", "possessive.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: `possessive.txt` is read-only; it was not written",
        ))
        .stderr(predicate::str::contains("help: make it writable"))
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(
        read(dir.path(), "possessive.txt"),
        fixture("possessive.txt")
    );
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
    // No temporary file is left behind.
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".termcheck-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_unreadable_input_blocks_every_write() {
    let dir = workspace();
    termcheck(dir.path())
        .args(["--fix", "caps.txt", "missing.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing was fixed"))
        .stderr(predicate::str::contains("cannot read `missing.txt`"));
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
}

#[test]
fn a_bad_glossary_is_exit_2_and_nothing_is_written() {
    let dir = workspace();
    fs::write(dir.path().join("bad.toml"), "[glossary\n").unwrap();
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .args(["check", "-g", "bad.toml", "--fix", "caps.txt"])
        .assert()
        .code(2);
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
}

/// `--fix -` is an editor filter: the fixed text on standard output (the
/// text unchanged when nothing is fixable), the report on standard error.
#[test]
fn standard_input_is_fixed_to_standard_output() {
    let dir = workspace();
    termcheck(dir.path())
        .args(["--fix", "-"])
        .write_stdin("We spoke of undivided security.\n")
        .assert()
        .code(0)
        .stdout("We spoke of indivisible security.\n")
        .stderr(predicate::str::contains(
            "fixed -:1:13: 'undivided security' -> 'indivisible security'",
        ));
    termcheck(dir.path())
        .args(["--fix", "-"])
        .write_stdin("Nothing to fix here.\n")
        .assert()
        .code(0)
        .stdout("Nothing to fix here.\n");
    // With other inputs in the run, nothing is written anywhere.
    termcheck(dir.path())
        .args(["--fix", "-", "caps.txt"])
        .write_stdin("undivided security\n")
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
}

/// `--fix --baseline`: findings the baseline records are neither fixed nor
/// counted; the exit status follows the findings outside it.
#[test]
fn fix_with_a_baseline_gates_only_on_new_findings() {
    let dir = workspace();
    fs::write(dir.path().join("a.txt"), "Old: undivided security.\n").unwrap();
    termcheck(dir.path())
        .args(["--write-baseline", "base.json", "a.txt"])
        .assert()
        .code(0);
    fs::write(
        dir.path().join("a.txt"),
        "Old: undivided security.\nNew: undivided security again.\n",
    )
    .unwrap();
    termcheck(dir.path())
        .args(["--fix", "--baseline", "base.json", "a.txt"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "Fixed 1 finding in 1 file; 0 remaining",
        ));
    assert_eq!(
        String::from_utf8(read(dir.path(), "a.txt")).unwrap(),
        "Old: undivided security.\nNew: indivisible security again.\n"
    );
}

#[test]
fn diff_prints_a_unified_diff_writes_nothing_and_exits_as_check() {
    let dir = workspace();
    let out = termcheck(dir.path())
        .args(["--diff", "caps.txt", "clean.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "2 fixes in 1 file would be applied",
        ))
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "--- a/caps.txt\n+++ b/caps.txt\n@@ -1,2 +1,2 @@\n\
-HEADLINE: UNDIVIDED SECURITY FOR ALL\n-Undivided security, said the OSCE.\n\
+HEADLINE: INDIVISIBLE SECURITY FOR ALL\n+Indivisible security, said the OSCE.\n"
    );
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
    // Exit status as for check: a clean file gives 0 and an empty diff.
    termcheck(dir.path())
        .args(["--diff", "clean.txt"])
        .assert()
        .code(0)
        .stdout("");
    // --fail-on decides as it does for check.
    termcheck(dir.path())
        .args(["--diff", "--fail-on", "error", "caps.txt"])
        .assert()
        .code(0);
}

#[test]
fn diff_of_standard_input_works() {
    let dir = workspace();
    termcheck(dir.path())
        .args(["--diff", "-"])
        .write_stdin("the osce\n")
        .assert()
        .code(1)
        .stdout("--- a/-\n+++ b/-\n@@ -1 +1 @@\n-the osce\n+the OSCE\n");
}

#[test]
fn fix_and_diff_are_one_group() {
    let dir = workspace();
    termcheck(dir.path())
        .args(["--fix", "--diff", "caps.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
}

#[test]
fn quiet_prints_one_line_per_finding_and_no_summary() {
    let dir = workspace();
    termcheck(dir.path())
        .args(["--quiet", "caps.txt"])
        .assert()
        .code(1)
        .stdout(
            "caps.txt:1:11: warning[variant]: variant rendering of 'indivisible security' (fix: 'INDIVISIBLE SECURITY') [indivisible-security]\n\
caps.txt:2:1: warning[variant]: variant rendering of 'indivisible security' (fix: 'Indivisible security') [indivisible-security]\n",
        );
}

#[test]
fn summary_per_kind_and_per_file() {
    let dir = workspace();
    let out = stdout_of(dir.path(), &["caps.txt", "bom.txt", "clean.txt"], 1);
    assert!(
        out.contains("bom.txt: 2 (1 variant, 1 case)\ncaps.txt: 2 (2 variant)\n"),
        "{out}"
    );
    assert!(out.contains("By kind: 3 variant, 1 case.\n"), "{out}");
    assert!(!out.contains("clean.txt:"), "{out}");
    // --verbose lists the glossaries and clean files too.
    let out = stdout_of(dir.path(), &["--verbose", "caps.txt", "clean.txt"], 1);
    assert!(
        out.starts_with("glossary: fix-fixture (glossary.toml, 4 terms)\n"),
        "{out}"
    );
    assert!(out.contains("clean.txt: clean\n"), "{out}");
    // No hyperlink escapes in a pipe.
    assert!(!out.contains("\u{1b}]8;;"));
}

#[test]
fn long_lines_are_trimmed_around_the_match() {
    let dir = workspace();
    let long = format!(
        "{}the undivided security principle{}\n",
        "word ".repeat(60),
        " more".repeat(60)
    );
    fs::write(dir.path().join("long.txt"), &long).unwrap();
    let out = stdout_of(dir.path(), &["long.txt"], 1);
    let line = out
        .lines()
        .find(|l| l.contains("undivided security"))
        .unwrap();
    assert!(line.contains("..."), "{line}");
    assert!(line.chars().count() < 150, "{line}");
}

/// A fix that re-creates its own variant ("security architecture" →
/// "security" before another "architecture") settles within the pass
/// limit when it can, and says so when it cannot.
#[test]
fn a_self_feeding_fix_settles_or_warns() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("g.toml"),
        "[glossary]\nname = \"t\"\nlanguage = \"en\"\n\n[[term]]\npreferred = \"security\"\nvariants = [\"security architecture\"]\n",
    )
    .unwrap();
    let run = |repeats: usize| {
        let text = format!("The security{}.\n", " architecture".repeat(repeats));
        fs::write(dir.path().join("a.txt"), text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_termcheck"))
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .args(["check", "--no-config", "-g", "g.toml", "--fix", "a.txt"])
            .output()
            .unwrap();
        (
            fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    };
    let (text, err, code) = run(12);
    assert_eq!(text, "The security.\n");
    assert!(!err.contains("still changing"), "{err}");
    assert_eq!(code, Some(0), "{err}");
    let (text, err, code) = run(termcheck::engine::fix::MAX_FIX_PASSES + 3);
    assert_ne!(text, "The security.\n");
    assert!(err.contains("still changing"), "{err}");
    assert!(err.contains("run --fix again"), "{err}");
    assert_eq!(code, Some(1), "{err}");
}

/// PO strings wrapped over continuation lines (as gettext tools write
/// them) are fixed string by string: the seams stay, the file stays valid
/// PO (`.ci/run` also runs `msgfmt -c` on it), and the fixed text reads
/// as the fix says.
#[test]
fn wrapped_po_strings_are_fixed_without_breaking_the_file() {
    let dir = workspace();
    termcheck(dir.path())
        .args(["--fix", "wrapped.po"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Fixed 5 findings"));
    let text = String::from_utf8(read(dir.path(), "wrapped.po")).unwrap();
    assert!(
        text.contains(
            "\"for pan-European security, the minister said, adding that the \\\"indivisible \"\n\"security\\\" was not negotiable.\""
        ),
        "{text}"
    );
    assert!(
        text.contains("and to indivisible \"\n\"security as the basis"),
        "{text}"
    );
    let before = fs::read_to_string(Path::new(FIXTURES).join("wrapped.po")).unwrap();
    assert_eq!(before.lines().count(), text.lines().count());
    termcheck::engine::fix::verify_structure(termcheck::formats::InputFormat::Po, &before, &text)
        .unwrap();
    termcheck(dir.path())
        .args(["--fix", "wrapped.po"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Nothing to fix."));
}

/// XLIFF: a fix is escaped as XML and leaves tags and entities alone.
#[test]
fn xliff_targets_are_fixed_as_xml() {
    let dir = workspace();
    termcheck(dir.path())
        .args(["--fix", "segments.xlf"])
        .assert()
        .code(0);
    let text = String::from_utf8(read(dir.path(), "segments.xlf")).unwrap();
    assert!(
        text.contains(
            "<target>The security framework in Europe &lt;draft&gt; was discussed.</target>"
        ),
        "{text}"
    );
    assert!(text.contains("<g id=\"1\">indivisibility</g> of security &amp; stability"));
}

/// A close misspelling of an approved form carries an unsafe fix: shown,
/// counted, and applied only with `--unsafe-fixes` (ruff's name and
/// meaning). JSON keeps `fix` null and gives it as `unsafe_fix`.
#[test]
fn near_misses_are_fixed_only_with_unsafe_fixes() {
    let dir = workspace();
    fs::write(
        dir.path().join("typo.txt"),
        "The principle of indivisable security was stressed.\n",
    )
    .unwrap();
    let out = termcheck(dir.path())
        .args(["--format", "json", "typo.txt"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["kind"], "near-miss");
    assert!(f["fix"].is_null(), "{f}");
    assert_eq!(f["unsafe_fix"]["replacement"], "indivisible security");
    termcheck(dir.path())
        .arg("typo.txt")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "0 with an automatic fix (1 more with --unsafe-fixes).",
        ));
    termcheck(dir.path())
        .args(["--fix", "typo.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Nothing to fix."))
        .stderr(predicate::str::contains("1 more fix needs --unsafe-fixes"));
    assert_eq!(
        read(dir.path(), "typo.txt"),
        b"The principle of indivisable security was stressed.\n"
    );
    termcheck(dir.path())
        .args(["--diff", "--unsafe-fixes", "typo.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "+The principle of indivisible security",
        ));
    termcheck(dir.path())
        .args(["--fix", "--unsafe-fixes", "typo.txt"])
        .assert()
        .code(0);
    assert_eq!(
        read(dir.path(), "typo.txt"),
        b"The principle of indivisible security was stressed.\n"
    );
}
