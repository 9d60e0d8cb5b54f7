//! Sets `TERMCHECK_BUILD_ID`: a hash of the sources and built-in glossaries
//! the binary is built from. The compiled-glossary cache keys its entries
//! by it, so a binary never reads an entry another build wrote (their
//! layouts may differ even at the same version number).

use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

fn main() {
    let mut h = DefaultHasher::new();
    for root in ["src", "glossaries", "Cargo.toml", "build.rs"] {
        println!("cargo:rerun-if-changed={root}");
        hash_tree(Path::new(root), &mut h);
    }
    println!("cargo:rustc-env=TERMCHECK_BUILD_ID={:016x}", h.finish());
}

/// Hashes every file under `path` (names and bytes), in name order.
fn hash_tree(path: &Path, h: &mut DefaultHasher) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            hash_tree(&e, h);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        h.write(path.to_string_lossy().as_bytes());
        h.write_usize(bytes.len());
        h.write(&bytes);
    }
}
