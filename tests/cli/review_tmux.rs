//! `termcheck review` in a real terminal: tmux runs it, send-keys types,
//! capture-pane reads the screen. Skipped (with a note) where tmux is not
//! installed (`apt-get install -y tmux`).
#![allow(clippy::print_stderr)]

use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fix");

/// A private tmux server whose socket lives in the test's directory.
struct Tmux {
    socket: std::path::PathBuf,
}

impl Tmux {
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

#[test]
fn review_in_a_real_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("note: tmux is not installed; skipping the terminal test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(FIXTURES).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_termcheck");
    // stty before and after shows that raw mode was switched off again.
    let script = format!(
        "stty -a > stty-before; '{bin}' review -g glossary.toml crlf.txt; echo $? > status; stty -a > stty-after; sleep 30"
    );
    let tmux = Tmux {
        socket: dir.path().join("tmux.sock"),
    };
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "rv",
        "-x",
        "100",
        "-y",
        "30",
        "-c",
        dir.path().to_str().unwrap(),
        &script,
    ]);
    let first = tmux.wait_for("[y]es fix");
    assert!(first.contains("[1/4] crlf.txt:1:23"));
    assert!(first.contains("warning[variant]: variant rendering of 'indivisible security'"));
    assert!(first.contains("1 | Moscow insists on the indivisibility of security."));
    assert!(first.contains(" preferred: indivisible security"));
    assert!(first.contains(" reference: Charter for European Security, Istanbul 1999, para. 8"));
    assert!(first.contains("[y]es fix"));

    // Accept the first fix.
    tmux.keys(&["y"]);
    // Wait for the whole screen, not just its first line: a redraw can be
    // caught half-way.
    let second = tmux.wait_for("       fix: INDIVISIBLE SECURITY");
    assert!(second.contains("[2/4] crlf.txt:2:1"));

    // The glossary entry, then any key back.
    tmux.keys(&["g"]);
    let entry = tmux.wait_for("preferred = \"indivisible security\"   # the Charter's wording");
    assert!(entry.contains("glossary 'fix-fixture'"));
    tmux.keys(&["x"]);
    tmux.wait_for("[2/4]");

    // A narrower terminal: the view is redrawn to the new width.
    tmux.run(&["resize-window", "-t", "rv", "-x", "60", "-y", "30"]);
    let narrow = tmux.wait_for("[o]pen editor  [u]ndo");
    assert!(narrow.lines().all(|l| l.chars().count() <= 60), "{narrow}");

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
