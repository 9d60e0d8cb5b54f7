//! Helpers shared by every module of the CLI test binary.

use std::path::{Path, PathBuf};

/// The package root: fixtures and the shared corpus are found from here.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `termcheck` binary built for these tests.
/// Its compiled-glossary cache is kept under the target directory, not
/// in the user's cache.
pub(crate) fn bin() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("termcheck").expect("the termcheck binary is built");
    c.env("TERMCHECK_CACHE_DIR", CACHE_DIR);
    c
}

/// The compiled-glossary cache of the tests, under the target directory.
pub(crate) const CACHE_DIR: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/termcheck-cache");

/// `termcheck` run from the package root with colors off.
pub(crate) fn termcheck() -> assert_cmd::Command {
    let mut c = bin();
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

/// The shared corpus beside the clone (`../shared/corpus`). Absent on a
/// developer's machine: the corpus tests are skipped with a note. Absent
/// in CI (`CI=true`): the test fails, so a broken checkout never passes
/// as green.
#[allow(clippy::print_stderr)]
pub(crate) fn corpus() -> Option<PathBuf> {
    let p = root().join("../shared/corpus");
    if p.is_dir() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none_or(|v| v != "true"),
        "CI=true but the shared corpus is missing at {}: the corpus tests cannot run",
        p.display()
    );
    eprintln!("note: ../shared/corpus is absent; skipping a corpus test");
    None
}

/// A file of `../shared` (a schema, a sample), under the same rule as
/// [`corpus`]: `None` with a note on a developer's machine without it, a
/// failure under `CI=true`.
#[allow(clippy::print_stderr)]
pub(crate) fn shared_file(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared").join(rel);
    if p.is_file() {
        return Some(p);
    }
    assert!(
        std::env::var_os("CI").is_none_or(|v| v != "true"),
        "CI=true but {} is missing",
        p.display()
    );
    eprintln!("note: {} is absent; skipping what needs it", p.display());
    None
}

/// The files under `dir` (recursively) that `keep` accepts, sorted. A
/// directory that cannot be read fails the test: a corpus test must never
/// pass on an empty or misplaced corpus.
pub(crate) fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let entries =
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot read {}: {e}", d.display()));
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if keep(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The fix fixtures (`tests/fixtures/fix`), which `--fix` and `review` write.
pub(crate) const FIX_FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fix");

/// A temporary copy of the fix fixtures, to be written by the test.
pub(crate) fn fix_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(FIX_FIXTURES).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}
