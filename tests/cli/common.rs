//! Helpers shared by every module of the CLI test binary.

use std::path::{Path, PathBuf};

/// The package root: fixtures and the shared corpus are found from here.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `termcheck` binary built for these tests.
pub(crate) fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("termcheck").expect("the termcheck binary is built")
}

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
