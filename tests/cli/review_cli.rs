//! `termcheck review` driven through piped standard input (one key per
//! line), one test per key, checking the files and the glossary after.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;

use super::common::FIX_FIXTURES as FIXTURES;

use super::common::fix_workspace as workspace;

fn review(dir: &Path, keys: &str, files: &[&str]) -> assert_cmd::assert::Assert {
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["review", "-g", "glossary.toml"])
        .args(files)
        .write_stdin(keys)
        .assert()
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

fn fixture(name: &str) -> String {
    fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
}

#[test]
fn shows_context_match_preferred_note_and_reference() {
    let dir = workspace();
    review(dir.path(), "q\n", &["notes.md"])
        .code(0)
        .stdout(predicate::str::contains(concat!(
            "[1/1] notes.md:3:5  warning[variant]: variant rendering of 'indivisible security'\n",
            "1 | # Briefing\n",
            "2 | \n",
            "3 | The indivisibility of security was discussed.\n",
            "  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
        )))
        .stdout(predicate::str::contains("preferred: indivisible security"))
        .stdout(predicate::str::contains(
            "note: OSCE principle: no state strengthens its security",
        ))
        .stdout(predicate::str::contains(
            "reference: Charter for European Security, Istanbul 1999, para. 8",
        ))
        .stdout(predicate::str::contains("Quit: decisions so far are kept."));
    assert_eq!(read(dir.path(), "notes.md"), fixture("notes.md"));
}

#[test]
fn y_accepts_the_fix_keeping_case_and_line_endings() {
    let dir = workspace();
    review(dir.path(), "y\ny\ny\ny\n", &["crlf.txt"])
        .code(0)
        .stderr(predicate::str::contains(
            "Reviewed 4 of 4 findings: 4 fixed",
        ));
    assert_eq!(
        read(dir.path(), "crlf.txt"),
        "Moscow insists on the indivisible security.\r\nINDIVISIBLE SECURITY\r\nThe OSCE's view: Indivisible\r\nsecurity matters.\r\n"
    );
}

#[test]
fn n_skips_and_q_keeps_what_was_decided() {
    let dir = workspace();
    // Skip the first, fix the second, quit before the rest.
    review(dir.path(), "n\ny\nq\n", &["crlf.txt"])
        .code(0)
        .stderr(predicate::str::contains(
            "Reviewed 2 of 4 findings: 1 fixed, 0 edited, 0 ignored, 1 skipped",
        ));
    assert_eq!(
        read(dir.path(), "crlf.txt"),
        "Moscow insists on the indivisibility of security.\r\nINDIVISIBLE SECURITY\r\nThe Osce's view: Indivisibility of\r\nsecurity matters.\r\n"
    );
}

#[test]
fn end_of_input_quits_and_keeps_decisions() {
    let dir = workspace();
    review(dir.path(), "y\n", &["caps.txt"])
        .code(0)
        .stdout(predicate::str::contains("End of input"));
    assert_eq!(
        read(dir.path(), "caps.txt"),
        "HEADLINE: INDIVISIBLE SECURITY FOR ALL\nUndivided security, said the OSCE.\n"
    );
}

#[test]
fn e_edits_the_replacement() {
    let dir = workspace();
    review(
        dir.path(),
        "e\nindivisible and equal security\nq\n",
        &["caps.txt"],
    )
    .code(0)
    .stdout(predicate::str::contains(
        "replacement: [INDIVISIBLE SECURITY]",
    ))
    .stderr(predicate::str::contains("1 edited"));
    assert_eq!(
        read(dir.path(), "caps.txt"),
        "HEADLINE: indivisible and equal security FOR ALL\nUndivided security, said the OSCE.\n"
    );
    // An empty line cancels the edit.
    let dir = workspace();
    review(dir.path(), "e\n\nq\n", &["caps.txt"])
        .code(0)
        .stdout(predicate::str::contains("Edit cancelled."));
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
}

#[test]
fn i_writes_no_comment_into_plain_prose() {
    let dir = workspace();
    review(dir.path(), "n\nn\ni\nq\n", &["crlf.txt"])
        .code(0)
        .stdout(predicate::str::contains(
            "Ignored for this review only: this format gets no suppression comment.",
        ));
    assert_eq!(read(dir.path(), "crlf.txt"), fixture("crlf.txt"));
}

#[test]
fn i_inserts_an_html_comment_in_markdown() {
    let dir = workspace();
    review(dir.path(), "i\n", &["notes.md"]).code(0);
    assert_eq!(
        read(dir.path(), "notes.md"),
        "# Briefing\n\n<!-- termcheck-disable-next-line indivisible-security -->\nThe indivisibility of security was discussed.\n"
    );
}

/// `Y` fixes every remaining occurrence of the term in every file as one
/// decision, which one `u` undoes; `I` passes over the term for the rest
/// of the review and writes nothing.
#[test]
fn bulk_decisions_fix_or_ignore_a_term_everywhere() {
    let files = ["caps.txt", "crlf.txt", "possessive.txt"];
    let dir = workspace();
    review(dir.path(), "Y\nq\n", &files)
        .code(0)
        .stdout(predicate::str::contains(
            "fixed 6 occurrences of 'indivisible-security' in 3 files",
        ))
        // The next finding shown is the first of another term.
        .stdout(predicate::str::contains("crlf.txt:3:5  warning[case]"));
    assert_eq!(
        read(dir.path(), "caps.txt"),
        "HEADLINE: INDIVISIBLE SECURITY FOR ALL\nIndivisible security, said the OSCE.\n"
    );
    assert_eq!(
        read(dir.path(), "crlf.txt"),
        "Moscow insists on the indivisible security.\r\nINDIVISIBLE SECURITY\r\n\
The Osce's view: Indivisible\r\nsecurity matters.\r\n"
    );
    assert!(read(dir.path(), "possessive.txt").starts_with("The indivisible security's logic"));
    let dir = workspace();
    review(dir.path(), "Y\nu\nq\n", &files).code(0);
    for f in files {
        assert_eq!(read(dir.path(), f), fixture(f), "{f}");
    }
    let dir = workspace();
    review(dir.path(), "I\nq\n", &files)
        .code(0)
        .stdout(predicate::str::contains(
            "ignoring 'indivisible-security' for the rest of this review (6 findings)",
        ))
        .stdout(predicate::str::contains("crlf.txt:3:5  warning[case]"));
    for f in files {
        assert_eq!(read(dir.path(), f), fixture(f), "{f}");
    }
}

#[test]
fn a_adds_the_found_form_as_admitted_keeping_the_glossary_layout() {
    let dir = workspace();
    let before = read(dir.path(), "glossary.toml");
    // "Undivided security" (sentence start) is added in the glossary's
    // case, moved out of the variants; the next occurrence is then skipped.
    review(dir.path(), "n\na\n", &["caps.txt", "possessive.txt"])
        .code(0)
        .stdout(predicate::str::contains(
            "Added 'undivided security' to `glossary.toml` as admitted of 'indivisible-security' (moved from the other list).",
        ));
    let after = read(dir.path(), "glossary.toml");
    assert!(after.contains("# Fixture glossary for the fix and review tests (issue 6)."));
    assert!(after.contains("preferred = \"indivisible security\"   # the Charter's wording"));
    assert!(
        after.contains("  \"indivisibility of security\",  # common in TASS copy\n]"),
        "{after}"
    );
    assert!(
        after.contains("admitted = [\"undivided security\"]"),
        "{after}"
    );
    assert!(!after.contains("  \"undivided security\",\n"), "{after}");
    // Outside the term, nothing changed.
    let tail = &before[before.find("[[term]]\npreferred = \"OSCE\"").unwrap()..];
    assert!(after.ends_with(tail));
    // The glossary is still valid and the form is no longer flagged.
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .args(["glossary", "lint", "glossary.toml"])
        .assert()
        .code(0);
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .args(["check", "-g", "glossary.toml", "--quiet", "caps.txt"])
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
}

#[test]
fn v_adds_the_found_form_as_a_variant() {
    let dir = workspace();
    // A term whose found form is not yet listed: write one by hand.
    fs::write(dir.path().join("t.txt"), "The security framework holds.\n").unwrap();
    review(dir.path(), "v\n", &["crlf.txt"])
        .code(0)
        .stdout(predicate::str::contains(
            "is already listed there; nothing changed.",
        ));
    assert_eq!(read(dir.path(), "glossary.toml"), fixture("glossary.toml"));
    // Moving an admitted form back to the variants.
    let g = fixture("glossary.toml").replace(
        "preferred = \"OSCE\"\n",
        "preferred = \"OSCE\"\nadmitted = [\"Osce\"]\n",
    );
    fs::write(dir.path().join("glossary.toml"), g).unwrap();
    fs::write(dir.path().join("t.txt"), "Indivisibility of security.\n").unwrap();
    review(dir.path(), "a\nu\nv\n", &["t.txt"]).code(0);
    let after = read(dir.path(), "glossary.toml");
    assert!(after.contains("admitted = [\"Osce\"]"), "{after}");
    assert!(
        after.contains(
            "  \"indivisibility of security\",  # common in TASS copy\n  \"undivided security\",\n]"
        ),
        "{after}"
    );
}

#[test]
fn v_on_a_case_finding_is_refused() {
    let dir = workspace();
    review(dir.path(), "n\nv\nq\n", &["bom.txt"])
        .code(0)
        .stdout(predicate::str::contains(
            "cannot be a variant of its own term",
        ));
    assert_eq!(read(dir.path(), "glossary.toml"), fixture("glossary.toml"));
}

#[test]
fn u_undoes_fixes_suppressions_and_glossary_changes() {
    let dir = workspace();
    review(dir.path(), "y\ni\nu\nu\nq\n", &["bom.txt"])
        .code(0)
        .stderr(predicate::str::contains("2 undone"));
    assert_eq!(read(dir.path(), "bom.txt"), fixture("bom.txt"));
    let dir = workspace();
    review(dir.path(), "a\nu\nq\n", &["notes.md"]).code(0);
    assert_eq!(read(dir.path(), "glossary.toml"), fixture("glossary.toml"));
    // Undo after the last finding, then decide again.
    let dir = workspace();
    review(dir.path(), "y\nu\nn\n", &["notes.md"])
        .code(0)
        .stdout(predicate::str::contains("All findings reviewed"));
    assert_eq!(read(dir.path(), "notes.md"), fixture("notes.md"));
    // Nothing to undo.
    let dir = workspace();
    review(dir.path(), "u\nq\n", &["notes.md"])
        .code(0)
        .stdout(predicate::str::contains("Nothing to undo."));
}

#[test]
fn g_shows_the_full_glossary_entry() {
    let dir = workspace();
    // First the text of `glossary explain TERM`, word for word.
    let explained = Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .args([
            "glossary",
            "explain",
            "-g",
            "glossary.toml",
            "indivisible-security",
        ])
        .output()
        .unwrap();
    let explained = String::from_utf8(explained.stdout).unwrap();
    assert!(
        explained.starts_with(
            "term `indivisible-security` (glossary.toml:7:1)\n  preferred:  indivisible security\n"
        ),
        "{explained}"
    );
    review(dir.path(), "g\nq\n", &["notes.md"])
        .code(0)
        .stdout(predicate::str::contains(explained))
        .stdout(predicate::str::contains(
            "glossary.toml:7: glossary 'fix-fixture'\n[[term]]\nid = \"indivisible-security\"\npreferred = \"indivisible security\"   # the Charter's wording\n",
        ))
        .stdout(predicate::str::contains(
            "reference = \"Charter for European Security, Istanbul 1999, para. 8\"\n",
        ));
}

#[test]
fn help_and_unknown_keys() {
    let dir = workspace();
    review(dir.path(), "?\nz\nq\n", &["notes.md"])
        .code(0)
        .stdout(predicate::str::contains("  i  ignore this occurrence"))
        .stdout(predicate::str::contains("unknown key `z`"));
}

#[cfg(unix)]
#[test]
fn o_opens_the_editor_at_the_line_and_rechecks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    let script = dir.path().join("ed.sh");
    // A fake editor: records its arguments and rewrites the line.
    fs::write(
        &script,
        "#!/bin/sh\necho \"$@\" > editor-args\nsed -i 's/indivisibility of security/indivisible security/' \"$2\"\n",
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .env("VISUAL", "")
        .env("EDITOR", script.to_str().unwrap())
        .args(["review", "-g", "glossary.toml", "notes.md"])
        .write_stdin("o\n")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("The file changed in the editor"))
        .stdout(predicate::str::contains("All findings reviewed"));
    assert_eq!(read(dir.path(), "editor-args"), "+3 notes.md\n");
    assert_eq!(
        read(dir.path(), "notes.md"),
        "# Briefing\n\nThe indivisible security was discussed.\n"
    );
}

#[test]
fn a_file_changed_between_read_and_write_is_not_written() {
    let dir = workspace();
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["review", "-g", "glossary.toml", "caps.txt"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    // Wait until the first finding is on screen: the file has been read.
    while !seen.contains("[q]uit") {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
    }
    fs::write(dir.path().join("caps.txt"), "CHANGED ELSEWHERE\n").unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"y\ny\n").unwrap();
    drop(stdin);
    out.read_to_string(&mut seen).unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        seen.contains("error: `caps.txt` changed on disk since it was read; it was not written"),
        "{seen}"
    );
    assert!(seen.contains("its file could not be written"), "{seen}");
    assert!(err.contains("1 decision could not be written"), "{err}");
    assert_eq!(status.code(), Some(1));
    assert_eq!(read(dir.path(), "caps.txt"), "CHANGED ELSEWHERE\n");
}

#[test]
fn a_read_only_file_is_reported_and_left_alone() {
    let dir = workspace();
    let p = dir.path().join("caps.txt");
    let mut perms = fs::metadata(&p).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&p, perms).unwrap();
    review(dir.path(), "y\n", &["caps.txt"])
        .code(1)
        .stdout(predicate::str::contains(
            "`caps.txt` is read-only; it was not written",
        ));
    assert_eq!(read(dir.path(), "caps.txt"), fixture("caps.txt"));
}

#[test]
fn the_builtin_glossary_is_not_edited_and_stdin_is_refused() {
    let dir = workspace();
    fs::write(
        dir.path().join("t.txt"),
        "NATO-centrism and indivisibility of security.\n",
    )
    .unwrap();
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .args(["review", "-g", "diplomatic", "t.txt"])
        .write_stdin("a\nq\n")
        .assert()
        .code(0);
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .args(["review", "-g", "glossary.toml", "-"])
        .write_stdin("q\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot work on standard input"));
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .args(["review", "-g", "glossary.toml", "nope.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing was reviewed"));
}

fn termcheck(dir: &Path, args: &[&str]) -> std::process::Output {
    StdCommand::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn each_write_reports_what_it_wrote_on_one_line() {
    let dir = workspace();
    review(dir.path(), "y\nn\ne\nsecurity for all\nq\n", &["crlf.txt"])
        .code(0)
        .stdout(predicate::str::contains(
            "fixed crlf.txt:1 → 'indivisible security'\n",
        ))
        .stdout(predicate::str::contains(
            "edited crlf.txt:3 → 'security for all'\n",
        ));
}

/// A comment line written above one finding moves the next one down: the
/// view, and the line `o` opens the editor at, say where it is now.
#[cfg(unix)]
#[test]
fn positions_follow_the_lines_written_before_them() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    fs::write(
        dir.path().join("two.md"),
        "# Two\n\nThe indivisibility of security.\n\nAgain undivided security here.\n",
    )
    .unwrap();
    let script = dir.path().join("ed.sh");
    fs::write(&script, "#!/bin/sh\necho \"$@\" > editor-args\n").unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .env("VISUAL", "")
        .env("EDITOR", script.to_str().unwrap())
        .args(["review", "-g", "glossary.toml", "two.md"])
        .write_stdin("i\no\nq\n")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "ignored two.md:3: suppression comment written above the line",
        ))
        .stdout(predicate::str::contains("[2/2] two.md:6:7"))
        .stdout(predicate::str::contains(
            "6 | Again undivided security here.",
        ));
    assert_eq!(read(dir.path(), "editor-args"), "+6 two.md\n");
}

/// With `--baseline`, `i` records the finding in the baseline (as it is
/// in the file after earlier fixes), in any format, and `u` takes it out.
#[test]
fn i_with_a_baseline_records_the_finding_there() {
    let dir = workspace();
    let empty = "{\n  \"version\": 1,\n  \"findings\": []\n}\n";
    fs::write(dir.path().join("base.json"), empty).unwrap();
    let review_b = |keys: &str| {
        Command::new(env!("CARGO_BIN_EXE_termcheck"))
            .current_dir(dir.path())
            .args([
                "review",
                "-g",
                "glossary.toml",
                "--baseline",
                "base.json",
                "crlf.txt",
            ])
            .write_stdin(keys.to_owned())
            .assert()
    };
    review_b("i\nu\nq\n")
        .code(0)
        .stdout(predicate::str::contains(
            "ignored crlf.txt:1: recorded in baseline `base.json`",
        ));
    assert_eq!(read(dir.path(), "base.json"), empty);
    review_b("y\ni\nq\n").code(0);
    assert_eq!(
        read(dir.path(), "crlf.txt"),
        "Moscow insists on the indivisible security.\r\nINDIVISIBILITY OF SECURITY\r\nThe Osce's view: Indivisibility of\r\nsecurity matters.\r\n"
    );
    let base = read(dir.path(), "base.json");
    assert!(
        base.contains("\"found\": \"INDIVISIBILITY OF SECURITY\""),
        "{base}"
    );
    // `check` with the baseline no longer reports it; the others stay.
    let out = termcheck(
        dir.path(),
        &[
            "check",
            "-g",
            "glossary.toml",
            "--baseline",
            "base.json",
            "--quiet",
            "crlf.txt",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(!text.contains("crlf.txt:2:"), "{text}");
    // And the next review starts without it.
    review_b("q\n")
        .code(0)
        .stdout(predicate::str::contains("[1/2] crlf.txt:3:5"));
}

const WITH_EXAMPLES: &str = r#"[glossary]
name = "examples"
language = "en"

[[term]]
id = "indivisible-security"
preferred = "indivisible security"
variants = ["indivisibility of security"]
examples.good = ["Moscow insists on the principle of indivisible security."]
examples.bad = ["Moscow insists on the indivisibility of security."]
"#;

/// Admitting a form that a bad example uses would make `glossary test`
/// fail: the write is refused and the glossary left as it was.
#[test]
fn a_is_refused_when_a_glossary_example_would_start_failing() {
    let dir = workspace();
    fs::write(dir.path().join("glossary.toml"), WITH_EXAMPLES).unwrap();
    review(dir.path(), "a\nq\n", &["notes.md"])
        .code(0)
        .stdout(predicate::str::contains(
            "refused: 'indivisibility of security' was not added to `glossary.toml`: `glossary test` would fail:",
        ))
        .stderr(predicate::str::contains("0 glossary changes"));
    assert_eq!(read(dir.path(), "glossary.toml"), WITH_EXAMPLES);
}

/// A glossary that `glossary fmt --check` passes stays formatted.
#[test]
fn a_keeps_a_formatted_glossary_formatted() {
    let dir = workspace();
    assert!(
        termcheck(dir.path(), &["glossary", "fmt", "glossary.toml"])
            .status
            .success()
    );
    review(dir.path(), "n\na\nq\n", &["caps.txt"])
        .code(0)
        .stdout(predicate::str::contains(
            "Added 'undivided security' to `glossary.toml` as admitted",
        ))
        .stderr(predicate::str::contains("1 glossary change"));
    let out = termcheck(dir.path(), &["glossary", "fmt", "--check", "glossary.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        termcheck(dir.path(), &["glossary", "test", "glossary.toml"])
            .status
            .success()
    );
}

/// In a PO file `i` writes the translator comment `check` reads, before
/// the entry; the term's other findings in the entry go with it, and the
/// next finding is shown one line lower.
#[test]
fn i_in_a_po_file_writes_a_translator_comment_before_the_entry() {
    let dir = workspace();
    review(dir.path(), "i\nq\n", &["wrapped.po"])
        .code(0)
        .stdout(predicate::str::contains(
            "ignored wrapped.po:18: `# termcheck: ignore indivisible-security` written before the PO entry (with 1 more finding in it)",
        ))
        .stdout(predicate::str::contains("[2/5] wrapped.po:20:6"))
        .stderr(predicate::str::contains("2 ignored"));
    let po = read(dir.path(), "wrapped.po");
    assert!(
        po.contains("\n\n# termcheck: ignore indivisible-security\n#: article.txt:1\n"),
        "{po}"
    );
    let out = termcheck(
        dir.path(),
        &["check", "-g", "glossary.toml", "--quiet", "wrapped.po"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines()
            .map(|l| l.split(": ").next().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["wrapped.po:20:6", "wrapped.po:27:19", "wrapped.po:27:65"],
        "{text}"
    );
    // One `u` takes the comment out and brings both findings back.
    let dir = workspace();
    review(dir.path(), "i\nu\nn\nn\nq\n", &["wrapped.po"])
        .code(0)
        .stdout(predicate::str::contains("[3/5] wrapped.po:19:62"));
    assert_eq!(read(dir.path(), "wrapped.po"), fixture("wrapped.po"));
}

/// In XLIFF `i` writes the comment the reader takes as a directive, on
/// its own line above the `<target>` element, indented like it.
#[test]
fn i_in_xliff_writes_a_comment_above_the_target() {
    let dir = workspace();
    review(dir.path(), "i\n", &["segments.xlf"])
        .code(0)
        .stdout(predicate::str::contains(
            "ignored segments.xlf:11: suppression comment written above the line",
        ));
    let xlf = read(dir.path(), "segments.xlf");
    assert!(
        xlf.contains(
            "</source>\n        <!-- termcheck-disable-next-line security-framework -->\n        <target>The security architecture"
        ),
        "{xlf}"
    );
    let out = termcheck(
        dir.path(),
        &["check", "-g", "glossary.toml", "segments.xlf"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
