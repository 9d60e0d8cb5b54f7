//! `termcheck review` in a real terminal: tmux runs it, send-keys types,
//! capture-pane reads the screen. Skipped (with a note) where tmux is not
//! installed (`apt-get install -y tmux`), except under `CI=true`, where a
//! missing tmux fails the tests (`.ci/run` installs it).
#![allow(clippy::print_stderr)]

use super::common::fix_workspace as workspace;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The fixture files that have findings, in every format review reads.
const INPUTS: &[&str] = &[
    "bom.txt",
    "caps.txt",
    "crlf.txt",
    "mixed.txt",
    "notes.md",
    "overlap.txt",
    "possessive.txt",
    "segments.xlf",
    "wrapped.po",
];

/// Whether tmux can run; under `CI=true` it must.
fn have_tmux() -> bool {
    let ok = Command::new("tmux").arg("-V").output().is_ok();
    assert!(
        ok || std::env::var_os("CI").is_none_or(|v| v != "true"),
        "CI=true but tmux is missing: the terminal tests cannot run"
    );
    if !ok {
        eprintln!("note: tmux is not installed; skipping the terminal test");
    }
    ok
}

/// A private tmux server whose socket lives in the test's directory;
/// dropping it kills the server and what runs in it.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    /// Starts `command` (run by the shell in `dir`) in a `w`x`h` window.
    fn start(dir: &Path, w: u16, h: u16, command: &str) -> Self {
        let tmux = Tmux {
            socket: dir.join("tmux.sock"),
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "rv",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
            "-c",
            dir.to_str().unwrap(),
            command,
        ]);
        tmux
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "rv"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "rv"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types `text` literally.
    fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "rv", "-l", text]);
    }

    fn resize(&self, w: u16, h: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "rv",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
    }

    /// Waits until the screen shows `needle` (10 s at most).
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {needle:?}; screen:\n{s}"
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

fn wait_for_file(p: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(s) = fs::read_to_string(p)
            && s.ends_with('\n')
        {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no {}",
            p.display()
        );
        sleep(Duration::from_millis(50));
    }
}

/// The review command line, its exit status written to `status`.
fn review_script(args: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_termcheck");
    format!("'{bin}' review -g glossary.toml {args}; echo $? > status; sleep 30")
}

fn all_within(screen: &str, width: usize) -> bool {
    screen.lines().all(|l| l.chars().count() <= width)
}

#[test]
fn review_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = workspace();
    let bin = env!("CARGO_BIN_EXE_termcheck");
    // stty before and after shows that raw mode was switched off again.
    let script = format!(
        "stty -a > stty-before; '{bin}' review -g glossary.toml crlf.txt; echo $? > status; stty -a > stty-after; sleep 30"
    );
    let tmux = Tmux::start(dir.path(), 100, 30, &script);
    let first = tmux.wait_for("[y]es fix");
    assert!(first.contains("[1/4] crlf.txt:1:23"));
    assert!(first.contains("warning[variant]: variant rendering of 'indivisible security'"));
    assert!(first.contains("1 | Moscow insists on the indivisibility of security."));
    assert!(first.contains(" preferred: indivisible security"));
    assert!(first.contains(" reference: Charter for European Security, Istanbul 1999, para. 8"));

    // Accept the first fix: the status line says what was written.
    tmux.keys(&["y"]);
    // Wait for the whole screen, not just its first line: a redraw can be
    // caught half-way.
    let second = tmux.wait_for("       fix: INDIVISIBLE SECURITY");
    assert!(second.contains("[2/4] crlf.txt:2:1"));
    assert!(second.contains("fixed crlf.txt:1 → 'indivisible security'"));

    // The glossary entry, then any key back.
    tmux.keys(&["g"]);
    let entry = tmux.wait_for("preferred = \"indivisible security\"   # the Charter's wording");
    assert!(entry.contains("glossary 'fix-fixture'"));
    tmux.keys(&["x"]);
    tmux.wait_for("[2/4]");

    // A narrower terminal: the view is redrawn to the new width.
    tmux.resize(60, 30);
    let narrow = tmux.wait_for("[o]pen editor  [u]ndo");
    assert!(all_within(&narrow, 60), "{narrow}");

    // Ctrl-C quits, keeps the decision and restores the terminal.
    tmux.keys(&["C-c"]);
    assert_eq!(wait_for_file(&dir.path().join("status")), "0\n");
    // The first line holds the size, which the resize changed.
    let modes = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    let after = wait_for_file(&dir.path().join("stty-after"));
    let before = fs::read_to_string(dir.path().join("stty-before")).unwrap();
    assert!(
        after.contains(" icanon ") && after.contains(" echo "),
        "{after}"
    );
    assert_eq!(modes(&before), modes(&after));
    let screen = tmux.wait_for("Reviewed 1 of 4 findings: 1 fixed");
    assert!(
        !screen.contains("[2/4]"),
        "the alternate screen was left:\n{screen}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("crlf.txt")).unwrap(),
        "Moscow insists on the indivisible security.\r\nINDIVISIBILITY OF SECURITY\r\nThe Osce's view: Indivisibility of\r\nsecurity matters.\r\n"
    );
}

/// The line editor of `e`, key by key, then `a` writing the glossary.
#[test]
fn the_line_editor_and_glossary_write_back() {
    if !have_tmux() {
        return;
    }
    let dir = workspace();
    let tmux = Tmux::start(dir.path(), 120, 40, &review_script("caps.txt"));
    tmux.wait_for("[1/2] caps.txt:1:11");
    tmux.keys(&["e"]);
    // The fix, selected; End keeps it and moves to its end.
    tmux.wait_for("replacement: INDIVISIBLE SECURITY");
    tmux.keys(&["End"]);
    tmux.type_text(" FOR");
    tmux.wait_for("replacement: INDIVISIBLE SECURITY FOR");
    tmux.keys(&["C-w"]);
    tmux.wait_for("replacement: INDIVISIBLE SECURITY\n");
    tmux.keys(&["C-u"]);
    tmux.wait_for("replacement:\n");
    tmux.type_text("equal security");
    tmux.keys(&["Home"]);
    tmux.type_text("indivisible and ");
    tmux.wait_for("replacement: indivisible and equal security");
    // Right x6 puts the cursor after "equal "; Ctrl-W takes the word.
    for _ in 0..6 {
        tmux.keys(&["Right"]);
    }
    tmux.keys(&["C-w"]);
    tmux.wait_for("replacement: indivisible and security");
    tmux.keys(&["End"]);
    for _ in 0..8 {
        tmux.keys(&["Left"]);
    }
    tmux.type_text("common ");
    tmux.wait_for("replacement: indivisible and common security");
    tmux.keys(&["Enter"]);
    tmux.wait_for("edited caps.txt:1 → 'indivisible and common security'");
    assert_eq!(
        fs::read_to_string(dir.path().join("caps.txt")).unwrap(),
        "HEADLINE: indivisible and common security FOR ALL\nUndivided security, said the OSCE.\n"
    );

    // Esc cancels an edit and changes nothing.
    tmux.wait_for("[2/2] caps.txt:2:1");
    tmux.keys(&["e"]);
    tmux.wait_for("replacement: Indivisible security");
    tmux.type_text("xyz");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Edit cancelled.");

    // `a`: the found form becomes admitted in the glossary.
    tmux.keys(&["a"]);
    tmux.wait_for("Added 'undivided security' to `glossary.toml` as admitted");
    let glossary = fs::read_to_string(dir.path().join("glossary.toml")).unwrap();
    assert!(
        glossary.contains("admitted = [\"undivided security\"]"),
        "{glossary}"
    );
    assert!(
        !glossary.contains("  \"undivided security\",\n"),
        "{glossary}"
    );
    tmux.keys(&["q"]);
    assert_eq!(wait_for_file(&dir.path().join("status")), "0\n");
}

/// 120x40 down to 40x12 and back: the legend collapses to one line, the
/// match stays in view, nothing is wider than the window; `o` runs the
/// editor at the line and the screen comes back; `Y` and `I` decide a
/// term at once.
#[test]
fn small_terminal_resize_bulk_keys_and_the_editor() {
    if !have_tmux() {
        return;
    }
    let dir = workspace();
    // A fake editor: records its arguments and changes nothing.
    let editor = dir.path().join("ed.sh");
    fs::write(&editor, "#!/bin/sh\necho \"$@\" >> editor-args\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let script = format!(
        "VISUAL= EDITOR='{}' {}",
        editor.display(),
        review_script("caps.txt crlf.txt possessive.txt")
    );
    let tmux = Tmux::start(dir.path(), 120, 40, &script);
    let wide = tmux.wait_for("[o]pen editor  [u]ndo");
    assert!(wide.contains("[1/8] caps.txt:1:11"), "{wide}");

    tmux.resize(40, 12);
    let small = tmux.wait_for("y Y e n i I a v o u g q  ? help");
    assert!(all_within(&small, 40), "{small}");
    assert!(small.contains("HEADLINE: UNDIVIDED SECURITY"), "{small}");
    assert!(!small.contains("[o]pen editor"), "{small}");

    // Skip to the second crlf.txt finding, then open the editor there.
    tmux.keys(&["n"]);
    tmux.wait_for("[2/8] caps.txt:2:1");
    tmux.keys(&["n"]);
    tmux.wait_for("[3/8] crlf.txt:1:23");
    tmux.keys(&["n"]);
    tmux.wait_for("[4/8] crlf.txt:2:1");
    tmux.keys(&["o"]);
    tmux.wait_for("The file was not changed in the");
    assert_eq!(
        wait_for_file(&dir.path().join("editor-args")),
        "+2 crlf.txt\n"
    );
    // The screen is the review again, at the small size.
    let back = tmux.wait_for("y Y e n i I a v o u g q  ? help");
    assert!(back.contains("[4/8] crlf.txt:2:1"), "{back}");

    // Y: every remaining indivisible-security finding, in every file.
    tmux.keys(&["Y"]);
    tmux.wait_for("fixed 3 occurrences of");
    let next = tmux.wait_for("[5/8] crlf.txt:3:5");
    assert!(next.contains("warning[case]"), "{next}");
    assert_eq!(
        fs::read_to_string(dir.path().join("crlf.txt")).unwrap(),
        "Moscow insists on the indivisibility of security.\r\nINDIVISIBLE SECURITY\r\nThe Osce's view: Indivisible\r\nsecurity matters.\r\n"
    );
    assert!(
        fs::read_to_string(dir.path().join("possessive.txt"))
            .unwrap()
            .starts_with("The indivisible security's logic")
    );

    // Back to the large size; I passes over osce everywhere.
    tmux.resize(120, 40);
    tmux.wait_for("[o]pen editor  [u]ndo");
    tmux.keys(&["I"]);
    tmux.wait_for("ignoring 'osce' for the rest of this review (2 findings)");
    tmux.wait_for("All findings reviewed");
    tmux.keys(&["q"]);
    assert_eq!(wait_for_file(&dir.path().join("status")), "0\n");
    let done = tmux.wait_for("Reviewed 8 of 8 findings: 3 fixed");
    assert!(done.contains("2 ignored, 3 skipped"), "{done}");
}

/// What review goes through is what `check --format json` reports on the
/// same files: position, kind and term of every finding.
#[test]
fn review_shows_the_findings_check_reports() {
    if !have_tmux() {
        return;
    }
    let dir = workspace();
    let out = Command::new(env!("CARGO_BIN_EXE_termcheck"))
        .current_dir(dir.path())
        .args(["check", "-g", "glossary.toml", "--format", "json"])
        .args(INPUTS)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: BTreeSet<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {}[{}]",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert!(expected.len() > 15, "{expected:?}");
    let tmux = Tmux::start(dir.path(), 120, 40, &review_script(&INPUTS.join(" ")));
    let total = expected.len();
    let mut shown = BTreeSet::new();
    for i in 1..=total {
        let screen = tmux.wait_for(&format!("[{i}/{total}] "));
        let mut lines = screen.lines();
        let header = lines.next().unwrap_or_default();
        let position = header
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let title = lines.next().unwrap_or_default();
        let kind = title.split(':').next().unwrap_or_default();
        shown.insert(format!("{position} {kind}"));
        tmux.keys(&["n"]);
    }
    tmux.wait_for("All findings reviewed");
    tmux.keys(&["q"]);
    assert_eq!(wait_for_file(&dir.path().join("status")), "0\n");
    assert_eq!(shown, expected);
}
