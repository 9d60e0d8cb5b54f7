//! The compiled-glossary cache seen from the command line: a second run
//! reads what the first stored and reports the same findings; a corrupt,
//! truncated or stale entry is ignored, never trusted.

use std::path::Path;

use super::common::termcheck;

const GLOSSARY: &str = r#"[glossary]
name = "cache test"
language = "en"

[[term]]
id = "kyiv"
preferred = "Kyiv"
variants = ["Kiev"]

[[term]]
id = "north-macedonia"
preferred = "North Macedonia"
variants = ["Macedonia"]
"#;

const TEXT: &str =
    "Talks in Kiev and Kyiv; Macedonia and North Macedonia. The Ukrainan delegation.\n";

/// `check --format json` of `text.txt` in `dir` with `glossary`, the cache in
/// `cache`; returns stdout and the exit status.
fn run(dir: &Path, glossary: &str, cache: &Path, extra: &[&str]) -> (String, i32) {
    let out = termcheck()
        .current_dir(dir)
        .env("TERMCHECK_CACHE_DIR", cache)
        .args(["check", "--no-config", "--format", "json", "-g", glossary])
        .args(extra)
        .arg("text.txt")
        .output()
        .expect("termcheck runs");
    (
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        out.status.code().unwrap_or(-1),
    )
}

fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(cache)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "bin"));
    v.sort();
    v
}

#[test]
fn cached_runs_report_what_a_fresh_compile_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    std::fs::write(dir.path().join("g.toml"), GLOSSARY).expect("write");
    std::fs::write(dir.path().join("text.txt"), TEXT).expect("write");
    let fresh = run(dir.path(), "g.toml", &cache, &["--no-cache"]);
    assert!(!cache.exists(), "--no-cache wrote to the cache");
    assert!(fresh.0.contains("\"Kiev\""), "{}", fresh.0);

    let first = run(dir.path(), "g.toml", &cache, &[]);
    let stored = entries(&cache);
    assert_eq!(stored.len(), 1, "{stored:?}");
    let second = run(dir.path(), "g.toml", &cache, &[]);
    assert_eq!(first, fresh);
    assert_eq!(second, fresh);

    // Corrupt, truncated and emptied entries: each run still reports the
    // same findings (and writes a sound entry again).
    let good = std::fs::read(&stored[0]).expect("read entry");
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    for bad in [flipped, good[..good.len() / 3].to_vec(), Vec::new()] {
        std::fs::write(&stored[0], &bad).expect("corrupt the entry");
        assert_eq!(run(dir.path(), "g.toml", &cache, &[]), fresh);
        assert_eq!(std::fs::read(&stored[0]).expect("rewritten"), good);
    }

    // Other options compile (and cache) separately.
    let exact = run(
        dir.path(),
        "g.toml",
        &cache,
        &["--no-derive", "--consistency", "off"],
    );
    assert_eq!(
        run(
            dir.path(),
            "g.toml",
            &cache,
            &["--no-derive", "--consistency", "off", "--no-cache"]
        ),
        exact
    );
    assert_eq!(entries(&cache).len(), 2);

    // An edited glossary is compiled again, and replaces its old entry.
    std::fs::write(
        dir.path().join("g.toml"),
        GLOSSARY.replace("variants = [\"Macedonia\"]", "variants = [\"FYROM\"]"),
    )
    .expect("write");
    let edited = run(dir.path(), "g.toml", &cache, &[]);
    assert_ne!(edited, fresh);
    assert_eq!(edited, run(dir.path(), "g.toml", &cache, &["--no-cache"]));
    assert_eq!(entries(&cache).len(), 2);
}

#[test]
fn an_edited_base_glossary_is_noticed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    std::fs::write(dir.path().join("base.toml"), GLOSSARY).expect("write");
    std::fs::write(
        dir.path().join("top.toml"),
        "[glossary]\nname = \"top\"\nlanguage = \"en\"\nformat = \"1.1\"\nextends = [\"base.toml\"]\n\n[[term]]\nid = \"ukraine\"\npreferred = \"Ukraine\"\nvariants = [\"the Ukraine\"]\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("text.txt"), TEXT).expect("write");
    let before = run(dir.path(), "top.toml", &cache, &[]);
    assert_eq!(before, run(dir.path(), "top.toml", &cache, &[]));
    assert!(before.0.contains("\"Kiev\""), "{}", before.0);
    std::fs::write(
        dir.path().join("base.toml"),
        GLOSSARY.replace("variants = [\"Kiev\"]", "variants = [\"Kyjiw\"]"),
    )
    .expect("write");
    let after = run(dir.path(), "top.toml", &cache, &[]);
    assert!(!after.0.contains("\"Kiev\""), "{}", after.0);
    assert_eq!(after, run(dir.path(), "top.toml", &cache, &["--no-cache"]));
}

#[test]
fn an_unusable_cache_directory_still_checks() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("g.toml"), GLOSSARY).expect("write");
    std::fs::write(dir.path().join("text.txt"), TEXT).expect("write");
    // A regular file where the directory should be: nothing can be written.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "").expect("write");
    let fresh = run(dir.path(), "g.toml", &blocked, &["--no-cache"]);
    let (out, status) = run(dir.path(), "g.toml", &blocked.join("cache"), &[]);
    assert_eq!((out, status), fresh);
}

/// `cache = false` in the config turns the cache off like `--no-cache`; a
/// value that is not a boolean is a config error.
#[test]
fn the_config_can_turn_the_cache_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    std::fs::write(dir.path().join("g.toml"), GLOSSARY).expect("write");
    std::fs::write(dir.path().join("text.txt"), TEXT).expect("write");
    let config = dir.path().join("termcheck.toml");
    let check = || {
        termcheck()
            .current_dir(dir.path())
            .env("TERMCHECK_CACHE_DIR", &cache)
            .args(["check", "--format", "json", "-g", "g.toml", "text.txt"])
            .output()
            .expect("termcheck runs")
    };
    std::fs::write(&config, "cache = false\n").expect("write");
    assert_eq!(check().status.code(), Some(1));
    assert!(
        entries(&cache).is_empty(),
        "cache = false wrote to the cache"
    );
    std::fs::write(&config, "cache = true\n").expect("write");
    assert_eq!(check().status.code(), Some(1));
    assert_eq!(entries(&cache).len(), 1);
    std::fs::write(&config, "cache = \"no\"\n").expect("write");
    let out = check();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`cache` must be true or false"), "{stderr}");
}
