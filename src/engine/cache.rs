//! The compiled-glossary cache: a [`CompiledChecker`] stored on disk, so a
//! run whose glossaries and options have not changed skips parsing the
//! TOML, deriving variants and building the matcher and indexes.
//!
//! An entry is found by a [`Key`]: a hash of this build
//! (`TERMCHECK_BUILD_ID`), the glossary names, the bytes of the files they
//! name and every option that changes compilation. Files those glossaries
//! `extends` are listed in the entry with their hashes and checked on
//! every hit. An entry is one file: a header (magic, format, build, key,
//! payload length and checksum), then the payload: the dependencies and
//! the three parts of [`CompiledChecker::encode`] in postcard. Anything
//! that does not check out (another build's entry, a truncated or corrupt
//! file, an outdated dependency) is a miss: the glossaries are compiled
//! again and the entry rewritten. Entries are written to a temporary file
//! in the cache directory and renamed into place, so concurrent runs see
//! either a whole entry or none. A cache directory that cannot be created
//! or written is not an error: the run compiles, as with `--no-cache`.

use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::checks::CompiledChecker;

/// The environment variable that names the cache directory.
pub const CACHE_DIR_ENV: &str = "TERMCHECK_CACHE_DIR";

/// First bytes of every entry.
const MAGIC: &[u8; 8] = b"TCCACHE\0";
/// Layout of the header and the payload; a change makes old entries misses.
const FORMAT: u32 = 3;
/// Identifies the sources this binary was built from (see `build.rs`).
const BUILD_ID: &str = env!("TERMCHECK_BUILD_ID");
/// Magic, format, build id (16 hex digits), key, payload length, checksum.
const HEADER_LEN: usize = 8 + 4 + 16 + 16 + 8 + 16;

/// Where compiled glossaries are kept, or nowhere.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// No cache: every lookup misses and nothing is written.
    pub fn disabled() -> Self {
        Self { dir: None }
    }

    /// A cache in `dir` (created when first written to).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
        }
    }

    /// The cache directory [`CACHE_DIR_ENV`] names, else `termcheck` in
    /// the platform's cache directory (`$XDG_CACHE_HOME` or `~/.cache` on
    /// Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows);
    /// disabled when there is none.
    pub fn from_env() -> Self {
        match std::env::var_os(CACHE_DIR_ENV) {
            Some(d) if !d.is_empty() => Self::at(d),
            _ => match dirs::cache_dir() {
                Some(d) => Self::at(d.join("termcheck")),
                None => Self::disabled(),
            },
        }
    }

    /// The directory, when the cache is enabled.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    fn path(&self, key: &Key) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        Some(dir.join(format!("{:016x}-{:032x}.bin", key.slot, key.full)))
    }

    /// The entry stored under `key`, when there is a sound one.
    pub fn load(&self, key: &Key) -> Option<Entry> {
        let path = self.path(key)?;
        let file = std::fs::File::open(&path).ok()?;
        // SAFETY: entries are never written in place: they are written to
        // a temporary file and renamed over (see `store`), so the mapped
        // file does not change while it is read. Mapping skips copying a
        // large entry (tens of megabytes for 10,000 terms); the decoded
        // checker owns its data, and the map is dropped on return.
        let entry = match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => decode(&map, key),
            // A file system that cannot map (or an empty file): read it.
            Err(_) => decode(&std::fs::read(&path).ok()?, key),
        };
        if entry.is_none() {
            debug(&format!("ignoring unusable cache entry {}", path.display()));
        }
        entry
    }

    /// Stores `entry` under `key`, replacing older entries of the same
    /// glossary names and options. Failures are ignored: the cache is an
    /// optimization.
    pub fn store(&self, key: &Key, entry: &Entry) {
        let (Some(dir), Some(path)) = (self.dir.as_ref(), self.path(key)) else {
            return;
        };
        if let Err(e) = write_atomic(dir, &path, &encode(entry, key)) {
            debug(&format!("not caching the compiled glossaries: {e}"));
            return;
        }
        prune(dir, &path, key);
    }
}

/// Removes what no run of this build will read: older entries of `key`'s
/// slot (the glossary changed since), entries another build wrote (an
/// upgrade leaves them behind) and temporary files older than an hour (a
/// run killed while writing).
fn prune(dir: &Path, kept: &Path, key: &Key) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{:016x}-", key.slot);
    for e in read.filter_map(Result::ok) {
        let path = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        let stale = if path == kept {
            false
        } else if name.ends_with(".bin") {
            name.starts_with(&prefix) || !written_by_this_build(&path)
        } else if name.starts_with(".tmp-") && name.ends_with(".part") {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600)
        } else {
            false
        };
        if stale {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether the entry at `path` starts with this build's header (magic,
/// format, build id); a file that cannot be read is left alone.
fn written_by_this_build(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8 + 4 + 16];
    let Ok(mut f) = std::fs::File::open(path) else {
        return true;
    };
    if f.read_exact(&mut head).is_err() {
        return false;
    }
    head[..8] == MAGIC[..]
        && head[8..12] == FORMAT.to_le_bytes()
        && head[12..] == *BUILD_ID.as_bytes()
}

/// Prints `msg` to stderr when `TERMCHECK_DEBUG` is set: cache misses are
/// not errors, but someone chasing a slow start wants to see them.
fn debug(msg: &str) {
    if std::env::var_os("TERMCHECK_DEBUG").is_some() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("debug: {msg}");
        }
    }
}

fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".part")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_data()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// What a cache entry is looked up by. Build it with [`KeyBuilder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Hash of everything but file contents: one slot per glossary
    /// selection and options, so a newer entry replaces the older ones.
    slot: u64,
    /// Hash of everything.
    full: u128,
}

/// Collects what a [`Key`] is a hash of. Each piece is length-prefixed,
/// so two different lists of pieces never hash the same bytes.
#[derive(Clone)]
pub struct KeyBuilder {
    slot: Xxh3,
    full: Xxh3,
}

impl Default for KeyBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyBuilder {
    /// A builder that already holds this build's id and the cache format.
    pub fn new() -> Self {
        let mut k = Self {
            slot: Xxh3::new(),
            full: Xxh3::new(),
        };
        k.setting(BUILD_ID.as_bytes());
        k.setting(&FORMAT.to_le_bytes());
        k
    }

    /// Adds a name or an option (part of the slot and of the key).
    pub fn setting(&mut self, bytes: &[u8]) -> &mut Self {
        for h in [&mut self.slot, &mut self.full] {
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        self
    }

    /// Adds file contents (part of the key only).
    pub fn content(&mut self, bytes: &[u8]) -> &mut Self {
        self.full.update(&(bytes.len() as u64).to_le_bytes());
        self.full.update(bytes);
        self
    }

    /// The key.
    pub fn finish(&self) -> Key {
        Key {
            slot: self.slot.digest(),
            full: self.full.digest128(),
        }
    }
}

/// A hash of a file's bytes, as [`Entry::dependencies`] records them.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// What the cache stores: the compiled checker and the files it was
/// compiled from beyond those the key covers.
pub struct Entry {
    /// Files read while loading (a glossary's `extends`), as the path
    /// they were read by and the [`content_hash`] of their bytes then.
    pub dependencies: Vec<(String, u128)>,
    /// The compiled glossaries and checks.
    pub compiled: CompiledChecker,
}

impl Entry {
    /// Whether every dependency still has the bytes it was compiled from.
    pub fn is_current(&self) -> bool {
        self.dependencies
            .iter()
            .all(|(path, hash)| std::fs::read(path).is_ok_and(|b| content_hash(&b) == *hash))
    }
}

/// The header, then the payload: the dependencies and the compiled
/// checker's parts, each as its length (u64) and its bytes.
fn encode(entry: &Entry, key: &Key) -> Vec<u8> {
    let (Ok(deps), Some(parts)) = (
        postcard::to_stdvec(&entry.dependencies),
        entry.compiled.encode(),
    ) else {
        return Vec::new();
    };
    let mut payload = Vec::new();
    for part in std::iter::once(&deps).chain(&parts) {
        payload.extend_from_slice(&(part.len() as u64).to_le_bytes());
        payload.extend_from_slice(part);
    }
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(BUILD_ID.as_bytes());
    out.extend_from_slice(&key.full.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&xxh3_128(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The entry in `bytes`, when the header names this format, build and
/// key, and the payload is whole and decodes.
fn decode(bytes: &[u8], key: &Key) -> Option<Entry> {
    let (header, payload) = bytes.split_at_checked(HEADER_LEN)?;
    let mut expected = Vec::with_capacity(HEADER_LEN);
    expected.extend_from_slice(MAGIC);
    expected.extend_from_slice(&FORMAT.to_le_bytes());
    expected.extend_from_slice(BUILD_ID.as_bytes());
    expected.extend_from_slice(&key.full.to_le_bytes());
    expected.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    if header.get(..expected.len())? != expected.as_slice() {
        return None;
    }
    let sum: [u8; 16] = header.get(expected.len()..)?.try_into().ok()?;
    if u128::from_le_bytes(sum) != xxh3_128(payload) {
        return None;
    }
    let mut rest = payload;
    let mut next = || -> Option<&[u8]> {
        let (len, tail) = rest.split_at_checked(8)?;
        let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
        let (part, tail) = tail.split_at_checked(len)?;
        rest = tail;
        Some(part)
    };
    let dependencies = postcard::from_bytes(next()?).ok()?;
    let parts = [next()?, next()?, next()?];
    if !rest.is_empty() {
        return None;
    }
    Some(Entry {
        dependencies,
        compiled: CompiledChecker::decode(parts)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::CheckOptions;
    use crate::glossary::GlossarySet;

    const TOML: &str = r#"
[glossary]
name = "t"
language = "en"

[[term]]
id = "kyiv"
preferred = "Kyiv"
variants = ["Kiev"]
"#;

    fn compiled(opts: &CheckOptions) -> CompiledChecker {
        let g = crate::glossary::parse("t.toml", TOML)
            .glossary
            .expect("the test glossary loads");
        let set = GlossarySet::new(vec![g]).expect("the set is valid");
        CompiledChecker::compile(set, opts).expect("the forms compile")
    }

    /// An entry of the test glossary compiled with `opts`, with no
    /// dependencies.
    fn entry(opts: &CheckOptions) -> Entry {
        Entry {
            dependencies: Vec::new(),
            compiled: compiled(opts),
        }
    }

    fn key(bytes: &[u8], option: &str) -> Key {
        KeyBuilder::new()
            .setting(b"t.toml")
            .setting(option.as_bytes())
            .content(bytes)
            .finish()
    }

    fn findings(c: CompiledChecker, text: &str) -> String {
        let doc = crate::text::Document::new("a.txt", text.to_owned());
        format!("{:?}", c.into_checker().check(&doc))
    }

    #[test]
    fn round_trip_gives_the_same_findings() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(dir.path().join("sub"));
        let opts = CheckOptions::default();
        let k = key(TOML.as_bytes(), "all");
        assert!(cache.load(&k).is_none());
        cache.store(&k, &entry(&opts));
        let back = cache.load(&k).expect("the entry is read back");
        assert!(back.is_current());
        assert_eq!(back.compiled.options(), &opts);
        let text = "The talks in Kiev and kyiv went on.";
        assert_eq!(
            findings(back.compiled, text),
            findings(compiled(&opts), text)
        );
    }

    /// The built-in packs keep their TOML by reference and their derived
    /// forms' labels in one table: a loaded entry still has every text and
    /// label, and finds what a fresh compile finds.
    #[test]
    fn built_in_packs_round_trip_with_their_texts_and_labels() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(dir.path());
        let opts = CheckOptions {
            near_miss: Some(crate::checks::DEFAULT_NEAR_MISS_THRESHOLD),
            ..CheckOptions::default()
        };
        let fresh = || {
            let pack = crate::glossary::pack(crate::glossary::DEFAULT_PACK);
            let set = GlossarySet::new(pack.expect("a pack").expect("the pack loads"))
                .expect("the pack forms a set");
            CompiledChecker::compile(set, &opts).expect("the packs compile")
        };
        let k = key(b"builtin", "all");
        cache.store(
            &k,
            &Entry {
                dependencies: Vec::new(),
                compiled: fresh(),
            },
        );
        let back = cache.load(&k).expect("the entry is read back").compiled;
        for (g, f) in back
            .glossaries()
            .glossaries()
            .iter()
            .zip(crate::glossary::BUILTIN_FILES)
        {
            assert_eq!(&*g.source_text, f.text, "{}", f.path);
        }
        let text = "Talks in Kyiv with the Russain Federation and the Islamic Rpublic of \
                    Iran's envoy. Sergei Lavroff spoke, as did Jury Ushakov and Sergey \
                    Lavrov in Nur-Sultan, with the Organisation for Security and \
                    Co-operation in Europe.";
        let got = findings(back, text);
        assert_eq!(got, findings(fresh(), text));
        for kind in ["NearMiss", "Variant", "(another spelling of the name)"] {
            assert!(got.contains(kind), "no {kind} in {got}");
        }
    }

    #[test]
    fn corrupt_truncated_or_foreign_entries_are_misses() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(dir.path());
        let k = key(TOML.as_bytes(), "all");
        let entry = entry(&CheckOptions::default());
        cache.store(&k, &entry);
        let path = cache.path(&k).expect("enabled");
        let good = std::fs::read(&path).expect("written");
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x55;
        let mut foreign = good.clone();
        foreign[9] ^= 1;
        for bad in [
            flipped,
            good[..good.len() / 2].to_vec(),
            good[..10].to_vec(),
            foreign,
            Vec::new(),
            b"not a cache entry at all".to_vec(),
        ] {
            std::fs::write(&path, &bad).expect("overwrite");
            assert!(cache.load(&k).is_none(), "{} bytes", bad.len());
        }
        // Another key's entry under this key's name is a miss too.
        let other = key(b"other bytes", "all");
        std::fs::write(&path, encode(&entry, &other)).expect("overwrite");
        assert!(cache.load(&k).is_none());
    }

    #[test]
    fn the_key_changes_with_contents_names_and_options() {
        let base = key(TOML.as_bytes(), "all");
        assert_eq!(base, key(TOML.as_bytes(), "all"));
        let edited = key(format!("{TOML}\n").as_bytes(), "all");
        assert_ne!(base.full, edited.full);
        // Same names and options: the same slot, so the newer entry
        // replaces the older one.
        assert_eq!(base.slot, edited.slot);
        let other_opts = key(TOML.as_bytes(), "exact");
        assert_ne!(base.slot, other_opts.slot);
        assert_ne!(base.full, other_opts.full);
        // Pieces are length-prefixed: moving bytes between them changes it.
        let a = KeyBuilder::new().setting(b"ab").setting(b"c").finish();
        let b = KeyBuilder::new().setting(b"a").setting(b"bc").finish();
        assert_ne!(a, b);
    }

    #[test]
    fn a_newer_entry_replaces_the_older_one_of_its_slot() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(dir.path());
        let entry = entry(&CheckOptions::exact());
        let old = key(b"v1", "all");
        let new = key(b"v2", "all");
        cache.store(&old, &entry);
        cache.store(&new, &entry);
        assert!(cache.load(&old).is_none());
        assert!(cache.load(&new).is_some());
        let files = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(files, 1);
    }

    #[test]
    fn storing_removes_other_builds_entries_and_old_temporary_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::at(dir.path());
        let foreign = dir.path().join("0000000000000000-0.bin");
        std::fs::write(&foreign, b"TCCACHE\0 written by another build").expect("write");
        let fresh_tmp = dir.path().join(".tmp-fresh.part");
        std::fs::write(&fresh_tmp, b"").expect("write");
        let unrelated = dir.path().join("notes.txt");
        std::fs::write(&unrelated, b"").expect("write");
        let k = key(b"x", "all");
        cache.store(&k, &entry(&CheckOptions::exact()));
        assert!(!foreign.exists());
        // A temporary file may be another run's entry being written.
        assert!(fresh_tmp.exists());
        assert!(unrelated.exists());
        assert!(cache.load(&k).is_some());
        // Another slot's entry of this build stays.
        let other = key(b"y", "exact");
        cache.store(&other, &entry(&CheckOptions::exact()));
        assert!(cache.load(&k).is_some());
        assert!(cache.load(&other).is_some());
    }

    #[test]
    fn changed_dependencies_make_an_entry_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dep = dir.path().join("base.toml");
        std::fs::write(&dep, "one").expect("write");
        let mut entry = Entry {
            dependencies: vec![(dep.display().to_string(), content_hash(b"one"))],
            compiled: compiled(&CheckOptions::exact()),
        };
        assert!(entry.is_current());
        std::fs::write(&dep, "two").expect("write");
        assert!(!entry.is_current());
        entry.dependencies = vec![("/no/such/file.toml".to_owned(), 0)];
        assert!(!entry.is_current());
    }

    #[test]
    fn an_unwritable_cache_directory_is_not_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").expect("write");
        // A directory below a regular file can never be created.
        let cache = Cache::at(file.join("cache"));
        let k = key(b"x", "all");
        cache.store(&k, &entry(&CheckOptions::exact()));
        assert!(cache.load(&k).is_none());
        assert!(Cache::disabled().load(&k).is_none());
    }
}
