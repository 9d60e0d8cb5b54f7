//! Reading and writing under hostile conditions, through the real binary.
//!
//! Reads: devices and FIFOs named on the command line are refused without
//! blocking; `--max-file-size` and the config's `max-file-size` refuse
//! larger files; a closed output pipe ends the run quietly with its exit
//! status.
//!
//! Writes: every command that writes a user's file (`check --fix`,
//! `glossary fmt`, `glossary import -o`, `check --write-baseline`, `init
//! --force`, `review` write-back) is run on a full filesystem (a small
//! tmpfs), a symbolic link, a hard link, a read-only file and a read-only
//! directory. In every case the target is intact or correctly replaced, no
//! temporary file is left, and mode and owner are kept. Then: a file
//! owned by another user, set-id bits and extended attributes, edits made
//! while `--fix` runs, and two `--fix` runs on one file at once. Killing a
//! run in the middle of a large write is in the ignored tests at the end
//! (release mode, `.ci/run`).
#![cfg(unix)]
// Skips say why on standard error.
#![allow(clippy::print_stderr)]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_termcheck");

fn fixture_glossary() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/fix/glossary.toml"
    )
    .to_owned()
}

const TEXT: &str = "The indivisibility of security was discussed.\n";
const FIXED: &str = "The indivisible security was discussed.\n";
const UNFORMATTED: &str = "[glossary]\nname = \"g\"\nlanguage = \"en\"\n\n[[term]]\nid = \"indivisible-security\"\npreferred=\"indivisible security\"\n";

fn tbx() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
     <tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n\
     <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n\
     <text><body><conceptEntry id=\"indivisible-security\"><langSec xml:lang=\"en\"><termSec>\
     <term>indivisible security</term>\
     <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\
     </termSec></langSec></conceptEntry></body></text></tbx>\n"
        .to_owned()
}

/// Runs the binary in `dir` with a time limit: a hang fails the test.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    // Output is read while waiting (a full pipe would block the child).
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("termcheck {args:?} did not finish in 60 s");
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard error and output: `review` shows its messages on the output.
fn messages(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stderr),
        String::from_utf8_lossy(&o.stdout)
    )
}

/// Names in `dir` (not recursive), sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn no_temp_files(dir: &Path) {
    let left: Vec<String> = names(dir)
        .into_iter()
        .filter(|n| n.starts_with(".termcheck-"))
        .collect();
    assert!(
        left.is_empty(),
        "temporary files left in {}: {left:?}",
        dir.display()
    );
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// One command that writes a file: what to prepare, how to run it, which
/// file it writes, and what that file holds after a successful run.
struct Writer {
    name: &'static str,
    /// The target's name and its content before the run.
    target: &'static str,
    before: String,
    /// Files the command reads, beside the target.
    inputs: Vec<(&'static str, String)>,
    args: Vec<String>,
    stdin: Option<&'static str>,
    /// Whether a successful run changes the target as expected.
    after_ok: fn(&str) -> bool,
}

fn writers() -> Vec<Writer> {
    let g = fixture_glossary();
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    vec![
        Writer {
            name: "check --fix",
            target: "a.txt",
            before: TEXT.to_owned(),
            inputs: vec![],
            args: strings(&["check", "--fix", "-g", &g, "a.txt"]),
            stdin: None,
            after_ok: |s| s == FIXED,
        },
        Writer {
            name: "glossary fmt",
            target: "g.toml",
            before: UNFORMATTED.to_owned(),
            inputs: vec![],
            args: strings(&["glossary", "fmt", "g.toml"]),
            stdin: None,
            after_ok: |s| s.contains("preferred = \"indivisible security\""),
        },
        Writer {
            name: "glossary import -o",
            target: "out.toml",
            before: "# old\n".to_owned(),
            inputs: vec![("in.tbx", tbx())],
            args: strings(&[
                "glossary", "import", "--format", "tbx", "in.tbx", "-o", "out.toml", "--force",
            ]),
            stdin: None,
            after_ok: |s| s.contains("indivisible security"),
        },
        Writer {
            name: "check --write-baseline",
            target: "base.json",
            before: "{}\n".to_owned(),
            inputs: vec![("a.txt", TEXT.to_owned())],
            args: strings(&["check", "-g", &g, "a.txt", "--write-baseline", "base.json"]),
            stdin: None,
            after_ok: |s| s.contains("indivisible-security"),
        },
        Writer {
            name: "init --force",
            target: "termcheck.toml",
            before: "# old\n".to_owned(),
            inputs: vec![],
            args: strings(&["init", "--force", "termcheck.toml"]),
            stdin: None,
            after_ok: |s| s.contains("glossaries"),
        },
        Writer {
            name: "review (y)",
            target: "a.txt",
            before: TEXT.to_owned(),
            inputs: vec![],
            args: strings(&["review", "-g", &g, "a.txt"]),
            stdin: Some("y\nq\n"),
            after_ok: |s| s == FIXED,
        },
    ]
}

impl Writer {
    fn prepare(&self, dir: &Path) -> PathBuf {
        for (n, text) in &self.inputs {
            fs::write(dir.join(n), text).unwrap();
        }
        let p = dir.join(self.target);
        fs::write(&p, &self.before).unwrap();
        p
    }

    fn run(&self, dir: &Path) -> Output {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        run_in(dir, &args, self.stdin)
    }
}

#[test]
fn every_writer_replaces_a_plain_file_keeping_its_mode() {
    for w in writers() {
        let dir = TempDir::new().unwrap();
        let p = w.prepare(dir.path());
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        let out = w.run(dir.path());
        let now = fs::read_to_string(&p).unwrap();
        assert!((w.after_ok)(&now), "{}: {now}\n{}", w.name, stderr(&out));
        assert_eq!(
            fs::metadata(&p).unwrap().mode() & 0o7777,
            0o640,
            "{}",
            w.name
        );
        no_temp_files(dir.path());
    }
}

#[test]
fn every_writer_follows_a_symlink_and_keeps_it() {
    for w in writers() {
        let dir = TempDir::new().unwrap();
        let real_dir = dir.path().join("real");
        fs::create_dir(&real_dir).unwrap();
        let p = w.prepare(dir.path());
        // The target becomes a link to a file in another directory.
        let real = real_dir.join(w.target);
        fs::rename(&p, &real).unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::symlink(&real, &p).unwrap();
        let out = w.run(dir.path());
        assert!(
            fs::symlink_metadata(&p).unwrap().file_type().is_symlink(),
            "{}: the link was replaced",
            w.name
        );
        let now = fs::read_to_string(&real).unwrap();
        assert!((w.after_ok)(&now), "{}: {now}\n{}", w.name, stderr(&out));
        assert_eq!(
            fs::metadata(&real).unwrap().mode() & 0o7777,
            0o600,
            "{}",
            w.name
        );
        no_temp_files(dir.path());
        no_temp_files(&real_dir);
    }
}

/// Runs `w` on a prepared target that must be refused: exit 2, the
/// message contains `why`, the target and its directory are as they were.
fn assert_refused(w: &Writer, dir: &Path, target_dir: &Path, why: &str) {
    let p = target_dir.join(w.target);
    let before = fs::read(&p).unwrap();
    let meta = fs::metadata(&p).unwrap();
    let listing = names(target_dir);
    let out = w.run(dir);
    let err = messages(&out);
    assert_ne!(out.status.code(), Some(0), "{}: {err}", w.name);
    assert!(err.contains(why), "{}: expected `{why}` in:\n{err}", w.name);
    assert_eq!(fs::read(&p).unwrap(), before, "{}", w.name);
    let after = fs::metadata(&p).unwrap();
    assert_eq!(
        (after.ino(), after.mode(), after.uid(), after.gid()),
        (meta.ino(), meta.mode(), meta.uid(), meta.gid()),
        "{}",
        w.name
    );
    assert_eq!(names(target_dir), listing, "{}", w.name);
}

#[test]
fn every_writer_refuses_a_hard_link() {
    for w in writers() {
        let dir = TempDir::new().unwrap();
        let p = w.prepare(dir.path());
        fs::hard_link(&p, dir.path().join("other-name")).unwrap();
        assert_refused(&w, dir.path(), dir.path(), "hard links");
    }
}

#[test]
fn every_writer_refuses_a_read_only_file() {
    for w in writers() {
        let dir = TempDir::new().unwrap();
        let p = w.prepare(dir.path());
        fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
        assert_refused(&w, dir.path(), dir.path(), "read-only");
    }
}

#[test]
fn every_writer_refuses_a_read_only_directory() {
    for w in writers() {
        let dir = TempDir::new().unwrap();
        w.prepare(dir.path());
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        assert_refused(&w, dir.path(), dir.path(), "read-only");
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs {
    dir: TempDir,
}

impl Tmpfs {
    /// `None` (with a note) where mounting is impossible; under `CI=true`
    /// that fails the test instead.
    fn mount(size: &str) -> Option<Self> {
        let dir = TempDir::new().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(Self { dir });
        }
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "cannot mount a tmpfs (run as root, or with CAP_SYS_ADMIN); CI must run the full-filesystem tests"
        );
        eprintln!("note: skipped the full-filesystem test: cannot mount a tmpfs here (not root?)");
        None
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the filesystem to the last byte.
    fn fill(&self) {
        let mut f = fs::File::create(self.path().join("filler")).unwrap();
        let block = vec![b'x'; 4096];
        while f.write_all(&block).is_ok() {}
        while f.write_all(b"x").is_ok() {}
        let _ = f.sync_all();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn every_writer_on_a_full_filesystem_leaves_the_file_intact() {
    for w in writers() {
        let Some(fs_) = Tmpfs::mount("256k") else {
            return;
        };
        let p = w.prepare(fs_.path());
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        fs_.fill();
        let before = fs::read(&p).unwrap();
        let out = w.run(fs_.path());
        let err = messages(&out);
        assert_ne!(out.status.code(), Some(0), "{}: {err}", w.name);
        assert!(err.contains("disk is full"), "{}: {err}", w.name);
        assert_eq!(fs::read(&p).unwrap(), before, "{}", w.name);
        assert_eq!(
            fs::metadata(&p).unwrap().mode() & 0o7777,
            0o640,
            "{}",
            w.name
        );
        no_temp_files(fs_.path());
    }
}

#[test]
fn a_file_of_another_user_is_refused_and_keeps_its_owner() {
    // Run as nobody (65534) on a root-owned, world-writable file in a
    // world-writable directory: writing it in place would be allowed, but
    // replacing it would hand it to nobody.
    if !is_root() || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("note: skipped: needs root and setpriv to run as another user");
        return;
    }
    let dir = TempDir::new().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let p = dir.path().join("a.txt");
    fs::write(&p, TEXT).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o666)).unwrap();
    let g = dir.path().join("g.toml");
    fs::copy(fixture_glossary(), &g).unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
        .args(["check", "--fix", "-g"])
        .arg(&g)
        .arg(&p)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("belongs to another user"), "{err}");
    assert_eq!(fs::read_to_string(&p).unwrap(), TEXT);
    assert_eq!(fs::metadata(&p).unwrap().uid(), 0);
    no_temp_files(dir.path());
}

#[test]
fn owner_setid_bits_and_extended_attributes_are_kept() {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("a.txt");
    fs::write(&p, TEXT).unwrap();
    if is_root() {
        std::os::unix::fs::chown(&p, Some(4321), Some(4322)).unwrap();
    }
    fs::set_permissions(&p, fs::Permissions::from_mode(0o6644)).unwrap();
    let xattr =
        rustix::fs::setxattr(&p, "user.origin", b"desk", rustix::fs::XattrFlags::empty()).is_ok();
    let out = run_in(
        dir.path(),
        &["check", "--fix", "-g", &fixture_glossary(), "a.txt"],
        None,
    );
    assert_eq!(fs::read_to_string(&p).unwrap(), FIXED, "{}", stderr(&out));
    let m = fs::metadata(&p).unwrap();
    assert_eq!(m.mode() & 0o7777, 0o6644);
    if is_root() {
        assert_eq!((m.uid(), m.gid()), (4321, 4322));
    }
    if xattr {
        let mut buf = [0u8; 16];
        let n = rustix::fs::getxattr(&p, "user.origin", &mut buf[..]).unwrap();
        assert_eq!(&buf[..n], b"desk");
    } else {
        eprintln!("note: this filesystem has no user extended attributes; not tested");
    }
    no_temp_files(dir.path());
}

/// A text with `n` findings of each of two terms, one per line.
fn two_term_text(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!("Line {i}: the indivisibility of security and the security architecture.\n")
        })
        .collect()
}

fn one_term_glossary(dir: &Path, name: &str, variant: &str, preferred: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(
        &p,
        format!(
            "[glossary]\nname = \"{name}\"\nlanguage = \"en\"\n\n[[term]]\nid = \"t\"\npreferred = \"{preferred}\"\nvariants = [\"{variant}\"]\n"
        ),
    )
    .unwrap();
    p
}

#[test]
fn two_concurrent_fix_runs_never_lose_an_update() {
    // Each run fixes one term. Whatever the interleaving, a run that says
    // it fixed its term has its fixes in the final file; the other either
    // ran after it (and fixed its own term too) or refused the changed
    // file.
    let dir = TempDir::new().unwrap();
    let ga = one_term_glossary(
        dir.path(),
        "a.toml",
        "indivisibility of security",
        "indivisible security",
    );
    let gb = one_term_glossary(
        dir.path(),
        "b.toml",
        "security architecture",
        "security framework",
    );
    let p = dir.path().join("text.txt");
    for round in 0..6 {
        fs::write(&p, two_term_text(1000)).unwrap();
        let spawn = |g: &Path| {
            Command::new(BIN)
                .current_dir(dir.path())
                .args(["check", "--fix", "-q", "-g"])
                .arg(g)
                .arg(&p)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(&ga), spawn(&gb));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let now = fs::read_to_string(&p).unwrap();
        for (out, fixed, variant) in [
            (&a, "indivisible security", "indivisibility of security"),
            (&b, "security framework", "security architecture"),
        ] {
            let err = stderr(out);
            assert!(!err.contains("panicked"), "{err}");
            if err.contains("Fixed ") {
                assert!(
                    now.contains(fixed) && !now.contains(variant),
                    "round {round}: a run's fixes were lost:\n{err}"
                );
            } else {
                assert!(err.contains("changed on disk"), "round {round}: {err}");
            }
        }
        no_temp_files(dir.path());
    }
}

#[test]
fn an_edit_made_while_fix_runs_is_never_overwritten() {
    // The edit lands before the read (then it is checked and kept), or
    // between read and write (then the write is refused); never lost.
    let dir = TempDir::new().unwrap();
    let g = fixture_glossary();
    let p = dir.path().join("a.txt");
    for (round, delay_ms) in [0u64, 5, 10, 20, 40, 80].into_iter().enumerate() {
        fs::write(&p, TEXT.repeat(5_000)).unwrap();
        let child = Command::new(BIN)
            .current_dir(dir.path())
            .args(["check", "--fix", "-q", "-g", &g, "a.txt"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        // An editor that writes in place (no rename, no lock).
        let mut f = fs::OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"EDITED BY HAND\n").unwrap();
        drop(f);
        let out = child.wait_with_output().unwrap();
        let now = fs::read_to_string(&p).unwrap();
        assert!(
            now.ends_with("EDITED BY HAND\n"),
            "round {round}: the edit was lost:\n{}",
            stderr(&out)
        );
        no_temp_files(dir.path());
    }
}

#[test]
fn devices_and_fifos_named_on_the_command_line_are_refused() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("ok.txt"), TEXT).unwrap();
    for dev in ["/dev/zero", "/dev/urandom"] {
        let g = fixture_glossary();
        let out = run_in(dir.path(), &["check", "-g", &g, dev, "ok.txt"], None);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("character device"), "{err}");
        assert!(err.contains("termcheck check -"), "{err}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("ok.txt"));
    }
    let fifo = dir.path().join("pipe");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        // No writer: opening it would block forever.
        let out = run_in(dir.path(), &["check", "pipe", "ok.txt"], None);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("FIFO"), "{err}");
    }
    // `-` reads a stream on purpose: /dev/zero is binary from its first
    // bytes and refused without reading more (named inputs are never
    // skipped silently).
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["check", "-"])
        .stdin(fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("binary"), "{}", stderr(&out));
}

#[test]
fn files_over_the_size_limit_are_refused_and_the_rest_checked() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("big.txt"), TEXT.repeat(100)).unwrap();
    fs::write(dir.path().join("ok.txt"), TEXT).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "check",
            "-g",
            &fixture_glossary(),
            "--max-file-size",
            "1K",
            "big.txt",
            "ok.txt",
        ],
        None,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("big.txt") && err.contains("--max-file-size"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok.txt"));
    // From the config, and the command line wins.
    fs::write(
        dir.path().join("termcheck.toml"),
        "max-file-size = \"1K\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["check", "big.txt"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let g = fixture_glossary();
    let out = run_in(
        dir.path(),
        &["check", "-g", &g, "--max-file-size", "1M", "big.txt"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    fs::write(
        dir.path().join("termcheck.toml"),
        "max-file-size = \"lots\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["check", "ok.txt"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("max-file-size"), "{}", stderr(&out));
}

/// Runs `args`, reads one line of standard output, closes the pipe, and
/// returns the exit status and standard error.
fn first_line_then_close(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    (o.status.code(), stderr(&o))
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_status_of_the_run() {
    let dir = TempDir::new().unwrap();
    let tiny = dir.path().join("tiny");
    fs::create_dir(&tiny).unwrap();
    for i in 0..400 {
        fs::write(tiny.join(format!("f{i}.txt")), TEXT).unwrap();
    }
    let g = fixture_glossary();
    for format in ["human", "json", "sarif"] {
        let (code, err) =
            first_line_then_close(dir.path(), &["check", "--format", format, "-g", &g, "tiny"]);
        assert_eq!(code, Some(1), "{format}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{err}"
        );
        let (code, err) = first_line_then_close(
            dir.path(),
            &["check", "--format", format, "-g", &g, "tiny", "nonexist"],
        );
        assert_eq!(code, Some(2), "{format}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{err}"
        );
    }
}

/// Polls `/proc/PID/fd` until the process has a temporary file open for
/// writing in `dir` (an unnamed `O_TMPFILE` shows as `dir/#N (deleted)`).
fn wait_for_temp(pid: u32, dir: &Path, limit: Duration) -> bool {
    let dir = dir.canonicalize().unwrap();
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) {
            for fd in fds.flatten() {
                if let Ok(t) = fs::read_link(fd.path()) {
                    let s = t.to_string_lossy();
                    if t.starts_with(&dir) && (s.contains("(deleted)") || s.contains(".termcheck-"))
                    {
                        return true;
                    }
                }
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    false
}

fn kill_during_write(signal: &str) {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("big.txt");
    let original = TEXT.repeat(2_000_000); // 92 MB, 2,000,000 fixes
    fs::write(&p, &original).unwrap();
    let mut child = Command::new(BIN)
        .current_dir(dir.path())
        .args([
            "check",
            "--fix",
            "-q",
            "--near-miss-threshold",
            "1",
            "--consistency",
            "off",
        ])
        .args(["-g", &fixture_glossary(), "big.txt"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let seen = wait_for_temp(child.id(), dir.path(), Duration::from_secs(120));
    Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(seen, "the run never opened a temporary file");
    assert!(
        status.code().is_none(),
        "{signal}: ended by itself: {status}"
    );
    let now = fs::read(&p).unwrap();
    assert!(
        now == original.as_bytes() || now == FIXED.repeat(2_000_000).as_bytes(),
        "{signal}: the file is neither the original nor the fixed text"
    );
    assert_eq!(names(dir.path()), ["big.txt"], "{signal}");
}

#[test]
#[ignore = "writes 92 MB; .ci/run runs it in release"]
fn sigkill_in_the_middle_of_a_large_write_leaves_no_temporary_file() {
    kill_during_write("KILL");
}

#[test]
#[ignore = "writes 92 MB; .ci/run runs it in release"]
fn sigterm_and_sigint_in_the_middle_of_a_large_write_leave_no_temporary_file() {
    kill_during_write("TERM");
    kill_during_write("INT");
}
