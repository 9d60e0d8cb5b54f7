//! The one way termcheck writes a user's file.
//!
//! [`write_file`] replaces a file atomically: the new bytes go to a
//! temporary file in the same directory, which gets the original's owner,
//! group, mode (setuid, setgid and sticky bits included) and extended
//! attributes, is flushed to disk and renamed over the original. Readers
//! see the old file or the new one, never half of one.
//!
//! What it refuses, and why (each with a [`WriteError`] saying what to do):
//! - a file whose mode has no write bit (even for root: a read-only file
//!   says "do not change me"), or whose directory has none;
//! - a file owned by another user, unless running as root (root keeps the
//!   owner): replacing it would make it ours, a change the user could not
//!   make by writing it in place;
//! - a file with more than one hard link: replacing it would silently
//!   split it from its other names;
//! - a file whose extended attributes cannot all be copied;
//! - a file that changed since it was read ([`Expect::Content`]).
//!
//! A symbolic link is followed: its target is replaced and the link kept.
//!
//! Concurrent writers are serialized with an advisory lock (`flock`) on the
//! file being replaced; after the lock is taken the path is checked to
//! still name the locked file, so a second run sees the first run's result
//! and refuses it as changed instead of overwriting it. A writer that takes
//! no lock (an editor) is detected by comparing content, then size, times
//! and inode again right before the rename; only a change in the last
//! microseconds before the rename can slip through.
//!
//! The temporary file is unnamed while it is written (Linux `O_TMPFILE`),
//! so a process killed even by SIGKILL leaves nothing behind; it gets a
//! name only for the instant of the rename. Where unnamed files are not
//! supported, a named `.termcheck-*.tmp` is used and removed on SIGINT,
//! SIGTERM and SIGHUP (SIGKILL cannot be caught: such a file may stay).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What the file on disk must hold for the write to go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect<'a> {
    /// Exactly these bytes: what was read and edited. A file that changed
    /// (or vanished) since is left alone.
    Content(&'a [u8]),
    /// Anything, or nothing: the file is created or replaced (`init
    /// --force`, `glossary import -o`, `--write-baseline`).
    Any,
}

/// Why a file was not written. Every variant names the file and says what
/// to do; in every case the file is as it was and no temporary file is
/// left.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The file has no write permission; it is left alone.
    #[error(
        "`{path}` is read-only; it was not written\n  help: make it writable (`chmod u+w {path}`) and run again"
    )]
    ReadOnly {
        /// The file.
        path: String,
    },
    /// The directory has no write permission: no temporary file can be
    /// created beside the file.
    #[error(
        "the directory of `{path}` is read-only; it was not written\n  help: files are replaced atomically through a temporary file beside them; make `{dir}` writable"
    )]
    ReadOnlyDir {
        /// The file.
        path: String,
        /// Its directory.
        dir: String,
    },
    /// The file belongs to another user (or a group we are not in).
    #[error(
        "`{path}` belongs to {whom}; it was not written\n  help: replacing it would change its owner; ask its owner to run termcheck, or run as that user"
    )]
    NotOwner {
        /// The file.
        path: String,
        /// `user 1001`, `group 27`.
        whom: String,
    },
    /// The file has other hard links.
    #[error(
        "`{path}` has {links} hard links; it was not written\n  help: replacing it would split it from its other names; edit it in place, or break the link (`cp {path} {path}.new && mv {path}.new {path}`) and run again"
    )]
    HardLink {
        /// The file.
        path: String,
        /// Its link count.
        links: u64,
    },
    /// Extended attributes that could not be copied to the new file.
    #[error(
        "cannot keep the extended attribute `{name}` of `{path}`: {source}; it was not written\n  help: remove the attribute (`setfattr -x {name} {path}`), or run with the rights to set it"
    )]
    Xattr {
        /// The file.
        path: String,
        /// The attribute.
        name: String,
        /// The cause.
        source: io::Error,
    },
    /// The file changed on disk after it was read.
    #[error(
        "`{path}` changed on disk since it was read; it was not written\n  help: run again on the current version of the file"
    )]
    Changed {
        /// The file.
        path: String,
    },
    /// Not a regular file (a directory, a device, standard input).
    #[error("`{path}` is not a regular file; it was not written")]
    NotAFile {
        /// The file.
        path: String,
    },
    /// An I/O operation failed.
    #[error("cannot {action} `{path}`: {source}\n  help: {help}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or directory.
        path: String,
        /// What to do.
        help: &'static str,
        /// The cause.
        source: io::Error,
    },
}

fn io_err(action: &'static str, path: &Path, help: &'static str, source: io::Error) -> WriteError {
    WriteError::Io {
        action,
        path: path.display().to_string(),
        help: if is_disk_full(&source) {
            "the disk is full (or over quota); free some space and run again"
        } else {
            help
        },
        source,
    }
}

fn is_disk_full(e: &io::Error) -> bool {
    // ENOSPC, EDQUOT
    matches!(e.raw_os_error(), Some(28 | 122))
}

/// Replaces (or creates) `path` with `new`, as described in the module
/// documentation. Either the whole new content is in place afterwards,
/// with the original's owner, mode and attributes, or the file is as it
/// was.
pub fn write_file(path: &Path, expect: Expect<'_>, new: &[u8]) -> Result<(), WriteError> {
    imp::write_file(path, expect, new, false)
}

/// Checks, without writing, everything [`write_file`] checks before it
/// writes: that `path` could be replaced and still holds what `expect`
/// says. A batch of writes runs this for every file first, so one bad file
/// stops the batch before anything is written.
pub fn preflight(path: &Path, expect: Expect<'_>) -> Result<(), WriteError> {
    imp::write_file(path, expect, &[], true)
}

fn parent(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Compares the file's content with `expected` without reading it whole.
fn same_content(file: &File, expected: &[u8]) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = file;
    f.seek(SeekFrom::Start(0))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut rest = expected;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(rest.is_empty());
        }
        if n > rest.len() || buf[..n] != rest[..n] {
            return Ok(false);
        }
        rest = &rest[n..];
    }
}

/// Named temporary files in flight, removed if the process is asked to end
/// (SIGINT, SIGTERM, SIGHUP) while one exists.
#[cfg(unix)]
mod cleanup {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard, Once};

    static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static INSTALL: Once = Once::new();

    fn temps() -> MutexGuard<'static, Vec<PathBuf>> {
        TEMPS.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers `path`; the returned guard unregisters it when dropped.
    pub(super) fn register(path: &Path) -> Guard {
        INSTALL.call_once(install);
        temps().push(path.to_path_buf());
        Guard(path.to_path_buf())
    }

    pub(super) struct Guard(PathBuf);

    impl Drop for Guard {
        fn drop(&mut self) {
            temps().retain(|p| p != &self.0);
        }
    }

    fn install() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // Signals are handled on a thread of their own, where taking the
        // lock and removing files is safe; then the signal's default
        // action ends the process as it would have without us.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("termcheck-cleanup".to_owned())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    for p in temps().drain(..) {
                        let _ = std::fs::remove_file(p);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(sig);
                    std::process::exit(128 + sig);
                }
            });
    }
}

#[cfg(unix)]
mod imp {
    use super::*;
    use rustix::fs::{FlockOperation, Mode, OFlags, XattrFlags};
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::io::AsRawFd;

    /// The original file, opened and locked.
    struct Original {
        file: File,
        meta: fs::Metadata,
    }

    fn open_locked(target: &Path) -> Result<Original, WriteError> {
        // The path may be replaced between open and lock (by another run's
        // rename): then the lock is on a file no longer there, and the new
        // one is opened and locked instead.
        for _ in 0..1000 {
            let file = File::open(target)
                .map_err(|e| io_err("open", target, "check the file's permissions", e))?;
            rustix::fs::flock(&file, FlockOperation::LockExclusive)
                .map_err(|e| io_err("lock", target, "check the filesystem", e.into()))?;
            let meta = file
                .metadata()
                .map_err(|e| io_err("read the metadata of", target, "check the path", e))?;
            match fs::metadata(target) {
                Ok(now) if now.dev() == meta.dev() && now.ino() == meta.ino() => {
                    return Ok(Original { file, meta });
                }
                Ok(_) => continue,
                Err(e) => return Err(io_err("read the metadata of", target, "check the path", e)),
            }
        }
        Err(io_err(
            "lock",
            target,
            "another process keeps replacing the file; run again later",
            io::Error::from(io::ErrorKind::WouldBlock),
        ))
    }

    fn check_original(o: &Original, shown: &str) -> Result<(), WriteError> {
        let m = &o.meta;
        if !m.is_file() {
            return Err(WriteError::NotAFile {
                path: shown.to_owned(),
            });
        }
        if m.permissions().readonly() {
            return Err(WriteError::ReadOnly {
                path: shown.to_owned(),
            });
        }
        let euid = rustix::process::geteuid().as_raw();
        if euid != 0 && m.uid() != euid {
            return Err(WriteError::NotOwner {
                path: shown.to_owned(),
                whom: format!("another user (uid {})", m.uid()),
            });
        }
        if m.nlink() > 1 {
            return Err(WriteError::HardLink {
                path: shown.to_owned(),
                links: m.nlink(),
            });
        }
        Ok(())
    }

    fn check_dir(dir: &Path, shown: &str) -> Result<(), WriteError> {
        let meta = fs::metadata(dir)
            .map_err(|e| io_err("read the metadata of", dir, "check the directory", e))?;
        // Root can write anywhere; a directory without write bits still
        // says "do not change me", as a read-only file does.
        if meta.mode() & 0o222 == 0 {
            return Err(WriteError::ReadOnlyDir {
                path: shown.to_owned(),
                dir: dir.display().to_string(),
            });
        }
        Ok(())
    }

    /// A temporary file in `dir`: unnamed where the system allows.
    enum Temp {
        Unnamed(File),
        Named(tempfile::NamedTempFile, cleanup::Guard),
    }

    impl Temp {
        fn new(dir: &Path, shown: &str) -> Result<Self, WriteError> {
            if Path::new("/proc/self/fd").is_dir() {
                let flags = OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC;
                // 0o666 less the umask: the mode of a new file.
                match rustix::fs::openat(rustix::fs::CWD, dir, flags, Mode::from_raw_mode(0o666)) {
                    Ok(fd) => return Ok(Self::Unnamed(File::from(fd))),
                    Err(e) if e == rustix::io::Errno::ACCESS || e == rustix::io::Errno::ROFS => {
                        return Err(Self::create_error(dir, shown, e.into()));
                    }
                    // Not supported here: fall back to a named file.
                    Err(_) => {}
                }
            }
            let tmp = tempfile::Builder::new()
                .prefix(".termcheck-")
                .suffix(".tmp")
                .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
                .tempfile_in(dir)
                .map_err(|e| Self::create_error(dir, shown, e))?;
            let guard = cleanup::register(tmp.path());
            Ok(Self::Named(tmp, guard))
        }

        fn create_error(dir: &Path, shown: &str, e: io::Error) -> WriteError {
            if e.kind() == io::ErrorKind::PermissionDenied {
                WriteError::ReadOnlyDir {
                    path: shown.to_owned(),
                    dir: dir.display().to_string(),
                }
            } else {
                io_err(
                    "create a temporary file in",
                    dir,
                    "make the directory writable",
                    e,
                )
            }
        }

        fn file(&self) -> &File {
            match self {
                Self::Unnamed(f) => f,
                Self::Named(t, _) => t.as_file(),
            }
        }

        /// Renames the temporary file over `target`.
        fn persist(self, dir: &Path, target: &Path) -> Result<(), WriteError> {
            let replace = |e| io_err("replace", target, "check the directory", e);
            match self {
                Self::Named(t, guard) => {
                    t.persist(target).map_err(|e| replace(e.error))?;
                    drop(guard);
                    Ok(())
                }
                Self::Unnamed(f) => {
                    // Give it a name for the instant of the rename.
                    let proc_path = format!("/proc/self/fd/{}", f.as_raw_fd());
                    let mut last = None;
                    for _ in 0..100 {
                        let name = dir.join(format!(
                            ".termcheck-{}-{:x}.tmp",
                            std::process::id(),
                            rand_suffix()
                        ));
                        let guard = cleanup::register(&name);
                        match rustix::fs::linkat(
                            rustix::fs::CWD,
                            proc_path.as_str(),
                            rustix::fs::CWD,
                            &name,
                            rustix::fs::AtFlags::SYMLINK_FOLLOW,
                        ) {
                            Ok(()) => {
                                let r = fs::rename(&name, target);
                                if r.is_err() {
                                    let _ = fs::remove_file(&name);
                                }
                                drop(guard);
                                return r.map_err(replace);
                            }
                            Err(e) if e == rustix::io::Errno::EXIST => {
                                last = Some(e);
                            }
                            Err(e) => return Err(replace(e.into())),
                        }
                    }
                    Err(replace(last.map_or_else(
                        || io::Error::from(io::ErrorKind::AlreadyExists),
                        Into::into,
                    )))
                }
            }
        }
    }

    fn rand_suffix() -> u64 {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.finish()
    }

    /// Gives `tmp` the owner, group, mode and extended attributes of the
    /// original.
    fn copy_metadata(
        o: &Original,
        tmp: &File,
        target: &Path,
        shown: &str,
    ) -> Result<(), WriteError> {
        let m = &o.meta;
        let tm = tmp.metadata().map_err(|e| {
            io_err(
                "read the metadata of a temporary file for",
                target,
                "check the directory",
                e,
            )
        })?;
        if tm.uid() != m.uid() || tm.gid() != m.gid() {
            let uid = (tm.uid() != m.uid()).then(|| rustix::fs::Uid::from_raw(m.uid()));
            // SAFETY-free: from_raw on a gid read from the filesystem.
            let gid = (tm.gid() != m.gid()).then(|| rustix::fs::Gid::from_raw(m.gid()));
            if rustix::fs::fchown(tmp, uid, gid).is_err() {
                return Err(WriteError::NotOwner {
                    path: shown.to_owned(),
                    whom: if uid.is_some() {
                        format!("another user (uid {})", m.uid())
                    } else {
                        format!("group {}, which you are not in", m.gid())
                    },
                });
            }
        }
        // After the chown, which clears setuid and setgid.
        rustix::fs::fchmod(tmp, Mode::from_raw_mode(m.mode() & 0o7777)).map_err(|e| {
            io_err(
                "copy the permissions of",
                target,
                "check the file",
                e.into(),
            )
        })?;
        copy_xattrs(&o.file, tmp, shown)
    }

    fn copy_xattrs(from: &File, to: &File, shown: &str) -> Result<(), WriteError> {
        let xerr = |name: &str, e: io::Error| WriteError::Xattr {
            path: shown.to_owned(),
            name: name.to_owned(),
            source: e,
        };
        let len = match rustix::fs::flistxattr_query(from) {
            Ok(n) => n,
            // The filesystem has no extended attributes at all.
            Err(e) if e == rustix::io::Errno::NOTSUP => return Ok(()),
            Err(e) => return Err(xerr("(list)", e.into())),
        };
        if len == 0 {
            return Ok(());
        }
        let mut names = vec![0u8; len];
        let n =
            rustix::fs::flistxattr(from, &mut names[..]).map_err(|e| xerr("(list)", e.into()))?;
        names.truncate(n);
        for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
            let shown_name = String::from_utf8_lossy(name).into_owned();
            let cname = std::ffi::CString::new(name)
                .map_err(|_| xerr(&shown_name, io::Error::from(io::ErrorKind::InvalidData)))?;
            let size = rustix::fs::fgetxattr_query(from, cname.as_c_str())
                .map_err(|e| xerr(&shown_name, e.into()))?;
            let mut value = vec![0u8; size];
            let got = if size == 0 {
                0
            } else {
                rustix::fs::fgetxattr(from, cname.as_c_str(), &mut value[..])
                    .map_err(|e| xerr(&shown_name, e.into()))?
            };
            value.truncate(got);
            rustix::fs::fsetxattr(to, cname.as_c_str(), &value, XattrFlags::empty())
                .map_err(|e| xerr(&shown_name, e.into()))?;
        }
        Ok(())
    }

    /// Whether the file at `target` is still the one locked, unchanged.
    fn same_file(target: &Path, m: &fs::Metadata) -> bool {
        fs::metadata(target).is_ok_and(|now| {
            now.dev() == m.dev()
                && now.ino() == m.ino()
                && now.len() == m.len()
                && now.mtime() == m.mtime()
                && now.mtime_nsec() == m.mtime_nsec()
                && now.ctime() == m.ctime()
                && now.ctime_nsec() == m.ctime_nsec()
        })
    }

    pub(super) fn write_file(
        path: &Path,
        expect: Expect<'_>,
        new: &[u8],
        dry: bool,
    ) -> Result<(), WriteError> {
        let shown = path.display().to_string();
        let exists = fs::symlink_metadata(path).is_ok();
        if !exists && matches!(expect, Expect::Content(_)) {
            return Err(WriteError::Changed { path: shown });
        }
        // Symbolic links are followed, so the link stays a link.
        let target = if exists {
            fs::canonicalize(path).map_err(|e| {
                io_err(
                    "resolve",
                    path,
                    "check that the file exists and every symbolic link leads somewhere",
                    e,
                )
            })?
        } else {
            path.to_path_buf()
        };
        let dir = parent(&target);
        let original = if exists {
            let o = open_locked(&target)?;
            check_original(&o, &shown)?;
            if let Expect::Content(expected) = expect {
                let same = same_content(&o.file, expected)
                    .map_err(|e| io_err("re-read", &target, "check the file", e))?;
                if !same {
                    return Err(WriteError::Changed { path: shown });
                }
            }
            Some(o)
        } else {
            None
        };
        check_dir(&dir, &shown)?;
        let mut tmp = Temp::new(&dir, &shown)?;
        if let Some(o) = &original {
            copy_metadata(o, tmp.file(), &target, &shown)?;
        }
        if dry {
            return Ok(());
        }
        let disk_full = "check the free space on the disk";
        match &mut tmp {
            Temp::Unnamed(f) => f.write_all(new),
            Temp::Named(t, _) => t.write_all(new),
        }
        .map_err(|e| io_err("write a temporary file for", &target, disk_full, e))?;
        tmp.file()
            .sync_all()
            .map_err(|e| io_err("flush a temporary file for", &target, disk_full, e))?;
        match &original {
            Some(o) => {
                // A writer that takes no lock (an editor) may have written
                // while the temporary file was being filled.
                if !same_file(&target, &o.meta) {
                    return Err(WriteError::Changed { path: shown });
                }
            }
            None => {
                if fs::symlink_metadata(path).is_ok() {
                    // Created by someone else meanwhile.
                    return Err(WriteError::Changed { path: shown });
                }
            }
        }
        tmp.persist(&dir, &target)?;
        // Make the rename itself durable.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        // The lock on the original is released when it is dropped here,
        // after the new file is in place.
        drop(original);
        Ok(())
    }
}

#[cfg(not(unix))]
mod imp {
    use super::*;

    pub(super) fn write_file(
        path: &Path,
        expect: Expect<'_>,
        new: &[u8],
        dry: bool,
    ) -> Result<(), WriteError> {
        let shown = path.display().to_string();
        let meta = fs::metadata(path).ok();
        if let Some(m) = &meta {
            if !m.is_file() {
                return Err(WriteError::NotAFile { path: shown });
            }
            if m.permissions().readonly() {
                return Err(WriteError::ReadOnly { path: shown });
            }
        }
        if let Expect::Content(expected) = expect {
            let f = File::open(path).map_err(|_| WriteError::Changed {
                path: shown.clone(),
            })?;
            if !same_content(&f, expected).unwrap_or(false) {
                return Err(WriteError::Changed { path: shown });
            }
        }
        let dir = parent(path);
        let mut tmp = tempfile::Builder::new()
            .prefix(".termcheck-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| {
                io_err(
                    "create a temporary file in",
                    &dir,
                    "make the directory writable",
                    e,
                )
            })?;
        if dry {
            return Ok(());
        }
        tmp.write_all(new).map_err(|e| {
            io_err(
                "write a temporary file for",
                path,
                "check the free space",
                e,
            )
        })?;
        if let Some(m) = meta {
            let _ = tmp.as_file().set_permissions(m.permissions());
        }
        tmp.as_file().sync_all().map_err(|e| {
            io_err(
                "flush a temporary file for",
                path,
                "check the free space",
                e,
            )
        })?;
        tmp.persist(path)
            .map_err(|e| io_err("replace", path, "check the directory", e.error))?;
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_keeping_mode_setuid_owner_and_xattrs() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o6750)).unwrap();
        let root = rustix::process::geteuid().is_root();
        if root {
            std::os::unix::fs::chown(&p, Some(4321), Some(4322)).unwrap();
            // chown clears the set-id bits; put them back.
            fs::set_permissions(&p, fs::Permissions::from_mode(0o6750)).unwrap();
        }
        let has_xattr = rustix::fs::setxattr(
            &p,
            "user.termcheck",
            b"kept",
            rustix::fs::XattrFlags::empty(),
        )
        .is_ok();
        write_file(&p, Expect::Content(b"old"), b"new").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
        let m = fs::metadata(&p).unwrap();
        assert_eq!(m.mode() & 0o7777, 0o6750);
        if root {
            assert_eq!((m.uid(), m.gid()), (4321, 4322));
        }
        if has_xattr {
            let mut buf = [0u8; 16];
            let n = rustix::fs::getxattr(&p, "user.termcheck", &mut buf[..]).unwrap();
            assert_eq!(&buf[..n], b"kept");
        }
        assert_eq!(entries(dir.path()), ["a.txt"]);
    }

    #[test]
    fn creates_a_new_file_and_replaces_any_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.toml");
        write_file(&p, Expect::Any, b"one").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write_file(&p, Expect::Any, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        // A file expected to hold something that is gone is not created.
        let gone = dir.path().join("gone");
        let err = write_file(&gone, Expect::Content(b"x"), b"y").unwrap_err();
        assert!(matches!(err, WriteError::Changed { .. }), "{err}");
        assert_eq!(entries(dir.path()), ["new.toml"]);
    }

    #[test]
    fn hard_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "old").unwrap();
        fs::hard_link(&p, dir.path().join("b.txt")).unwrap();
        let err = write_file(&p, Expect::Content(b"old"), b"new").unwrap_err();
        assert!(
            matches!(err, WriteError::HardLink { links: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("2 hard links"), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(entries(dir.path()), ["a.txt", "b.txt"]);
    }

    #[test]
    fn a_dangling_symlink_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        let err = write_file(&link, Expect::Any, b"x").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(entries(dir.path()), ["link"]);
    }

    #[test]
    fn read_only_directories_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("ro");
        fs::create_dir(&sub).unwrap();
        let p = sub.join("a.txt");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
        let err = write_file(&p, Expect::Content(b"old"), b"new").unwrap_err();
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        assert!(matches!(err, WriteError::ReadOnlyDir { .. }), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(entries(&sub), ["a.txt"]);
    }

    #[test]
    fn a_second_writer_sees_the_first_ones_result() {
        // Many threads each expect the original content; exactly one may
        // win, the others must be refused as changed, never overwrite.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "v0").unwrap();
        let wins: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let p = &p;
                    s.spawn(move || {
                        let new = format!("v{}", i + 1);
                        match write_file(p, Expect::Content(b"v0"), new.as_bytes()) {
                            Ok(()) => 1,
                            Err(WriteError::Changed { .. }) => 0,
                            Err(e) => panic!("{e}"),
                        }
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(wins, 1);
        assert_ne!(fs::read(&p).unwrap(), b"v0");
        assert_eq!(entries(dir.path()), ["a.txt"]);
    }

    #[test]
    fn preflight_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "old").unwrap();
        preflight(&p, Expect::Content(b"old")).unwrap();
        assert!(preflight(&p, Expect::Content(b"other")).is_err());
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(entries(dir.path()), ["a.txt"]);
    }
}
