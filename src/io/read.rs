//! Reading one input: a file named by path, or standard input.
//!
//! Everything that could make a read unbounded is decided before the bulk
//! of the bytes is read: a character or block device, a FIFO or a socket
//! named as a file is refused (it may never end, or block forever; `-`
//! reads such a stream on purpose); a file larger than [`Limits::max_size`]
//! is refused from its metadata, and a stream (standard input, a file
//! that grows) is cut off one byte past the limit; a file whose first
//! 8 KiB hold a NUL byte, or that starts with the magic number of a common
//! binary format, is reported as [`ReadError::Binary`] after reading only
//! those 8 KiB.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// How many leading bytes decide whether an input is binary.
pub const SNIFF_LEN: usize = 8 * 1024;

/// The default [`Limits::max_size`]: 1 GiB.
pub const DEFAULT_MAX_SIZE: u64 = 1 << 30;

/// Limits on what one read may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest input, in bytes, that is read.
    pub max_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_size: DEFAULT_MAX_SIZE,
        }
    }
}

/// Why an input was not read. Every variant names the input and its
/// message says what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The first bytes say the input is binary (a NUL byte in the first
    /// 8 KiB, or a known magic number). Callers usually skip it with a note.
    #[error("`{path}` is a binary file ({why}); it was not checked")]
    Binary {
        /// The input, as shown.
        path: String,
        /// What gave it away.
        why: &'static str,
    },
    /// A device, FIFO or socket named as a file.
    #[error(
        "`{path}` is a {kind}, not a regular file; it was not read\n  help: to check a stream, pipe it to standard input: `... | termcheck check -` (or `termcheck check - < {path}`)"
    )]
    NotAFile {
        /// The input, as shown.
        path: String,
        /// `character device`, `block device`, `FIFO`, `socket`, `directory`.
        kind: &'static str,
    },
    /// Larger than [`Limits::max_size`].
    #[error(
        "`{path}` is larger than the input size limit ({size} > {limit}); it was not read\n  help: raise the limit with `--max-file-size` (or `max-file-size` in termcheck.toml), e.g. `--max-file-size 4G`"
    )]
    TooLarge {
        /// The input, as shown.
        path: String,
        /// Its size, or "over N bytes" for a stream cut off at the limit.
        size: String,
        /// The limit, human-readable.
        limit: String,
    },
    /// The operating system refused or failed the read.
    #[error("cannot read `{path}`: {source}\n  help: {help}")]
    Io {
        /// The input, as shown.
        path: String,
        /// The kind of failure, for callers that branch on it.
        kind: io::ErrorKind,
        /// What to do about it.
        help: &'static str,
        /// The cause.
        source: io::Error,
    },
}

impl ReadError {
    fn io(path: &str, source: io::Error) -> Self {
        Self::Io {
            path: path.to_owned(),
            kind: source.kind(),
            help: help_for(&source),
            source,
        }
    }
}

/// Help for a failed read that matches what actually went wrong.
fn help_for(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::NotFound => "check that the path exists",
        io::ErrorKind::PermissionDenied => {
            "check the file's permissions (and those of its directories)"
        }
        io::ErrorKind::IsADirectory => "name the files, or the directory to walk it",
        io::ErrorKind::OutOfMemory => {
            "the input is too large for the memory available; lower --max-file-size or split it"
        }
        io::ErrorKind::Interrupted | io::ErrorKind::TimedOut => "run again",
        _ => match e.raw_os_error() {
            // EIO: the device or the filesystem failed the read.
            Some(5) => "the disk or filesystem reported an I/O error; check the device (dmesg)",
            _ => "check that the file can be read (e.g. with `cat`)",
        },
    }
}

/// Bytes for a human: `1 GiB`, `200 MiB`, `512 KiB`, `100 bytes`.
pub fn human_size(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if n >= unit {
            return if n.is_multiple_of(unit) {
                format!("{} {name}", n / unit)
            } else {
                // Exact bytes too: "1.0 GiB" would hide a file just over
                // a limit of 1 GiB.
                format!("{:.1} {name}, {n} bytes", n as f64 / unit as f64)
            };
        }
    }
    format!("{n} bytes")
}

/// Parses a size: a number of bytes with an optional unit `K`, `M`, `G`,
/// `T` (powers of 1024; `KB`, `KiB`, `k` spellings accepted).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size; use e.g. 1G, 500M or 1048576"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("`{s}`: unknown unit `{unit}`; use K, M, G or T")),
    };
    n.checked_mul(1u64 << shift)
        .filter(|&v| v > 0)
        .ok_or_else(|| format!("`{s}` is out of range; use a size from 1 byte to 16 EiB"))
}

/// Why the leading bytes look binary, if they do.
pub fn sniff_binary(head: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x7fELF", "an executable"),
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive or office document"),
        (b"\x1f\x8b", "gzip-compressed"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (b"Rar!\x1a\x07", "a RAR archive"),
        (b"\x28\xb5\x2f\xfd", "zstd-compressed"),
    ];
    let head = &head[..head.len().min(SNIFF_LEN)];
    if let Some((_, why)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(why);
    }
    // UTF-16 text holds NUL bytes; it is decoded, not skipped.
    if crate::text::looks_utf16(head) {
        return None;
    }
    memchr::memchr(0, head).map(|_| "a NUL byte near the start")
}

/// What a file type is called in a refusal, or `None` for a regular file.
#[cfg(unix)]
fn special_kind(ft: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_file() {
        None
    } else if ft.is_dir() {
        Some("directory")
    } else if ft.is_char_device() {
        Some("character device")
    } else if ft.is_block_device() {
        Some("block device")
    } else if ft.is_fifo() {
        Some("FIFO (named pipe)")
    } else if ft.is_socket() {
        Some("socket")
    } else {
        Some("special file")
    }
}

#[cfg(not(unix))]
fn special_kind(ft: std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        None
    } else if ft.is_dir() {
        Some("directory")
    } else {
        Some("special file")
    }
}

/// Reads the file at `path` (symbolic links followed), shown as `shown`.
///
/// The file type is checked before the file is opened, so a FIFO without a
/// writer is refused instead of blocking, and again on the open file.
pub fn read_path(path: &Path, shown: &str, limits: Limits) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::io(shown, e))?;
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(ReadError::NotAFile {
            path: shown.to_owned(),
            kind,
        });
    }
    let file = open_nonblocking(path).map_err(|e| ReadError::io(shown, e))?;
    let meta = file.metadata().map_err(|e| ReadError::io(shown, e))?;
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(ReadError::NotAFile {
            path: shown.to_owned(),
            kind,
        });
    }
    if meta.len() > limits.max_size {
        return Err(too_large(shown, human_size(meta.len()), limits));
    }
    // The size is a hint (files in /proc say 0; a file may grow): the
    // limit is enforced on what is read.
    read_limited(file, shown, limits, meta.len())
}

/// Opens for reading without blocking: should a FIFO take the file's place
/// after its type was checked, the open returns at once and the second
/// check refuses it. (Reads of a regular file ignore the flag.)
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Reads standard input, shown as `shown`, with the same limits and binary
/// detection as a file.
pub fn read_stdin(shown: &str, limits: Limits) -> Result<Vec<u8>, ReadError> {
    read_limited(io::stdin().lock(), shown, limits, 0)
}

/// Reads any stream under `limits`: the first 8 KiB are sniffed before the
/// rest is read; more than `max_size` bytes is an error, found after
/// reading at most `max_size + 1` bytes.
pub fn read_limited<R: Read>(
    reader: R,
    shown: &str,
    limits: Limits,
    size_hint: u64,
) -> Result<Vec<u8>, ReadError> {
    let cap = limits.max_size.saturating_add(1);
    let mut reader = reader.take(cap);
    let mut head = Vec::with_capacity(SNIFF_LEN);
    (&mut reader)
        .take(SNIFF_LEN as u64)
        .read_to_end(&mut head)
        .map_err(|e| ReadError::io(shown, e))?;
    if let Some(why) = sniff_binary(&head) {
        return Err(ReadError::Binary {
            path: shown.to_owned(),
            why,
        });
    }
    // One allocation of the right size for a regular file (plus one byte,
    // so reading to the end does not double the buffer).
    let want = size_hint.min(limits.max_size).saturating_add(1);
    let mut buf = Vec::new();
    buf.try_reserve_exact(usize::try_from(want).unwrap_or(usize::MAX).max(head.len()))
        .map_err(|_| {
            ReadError::io(
                shown,
                io::Error::new(io::ErrorKind::OutOfMemory, "not enough memory to read it"),
            )
        })?;
    buf.extend_from_slice(&head);
    drop(head);
    reader
        .read_to_end(&mut buf)
        .map_err(|e| ReadError::io(shown, e))?;
    if buf.len() as u64 > limits.max_size {
        return Err(too_large(
            shown,
            format!("over {}", human_size(limits.max_size)),
            limits,
        ));
    }
    Ok(buf)
}

fn too_large(shown: &str, size: String, limits: Limits) -> ReadError {
    ReadError::TooLarge {
        path: shown.to_owned(),
        size,
        limit: human_size(limits.max_size),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn limits(n: u64) -> Limits {
        Limits { max_size: n }
    }

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("500m"), Ok(500 << 20));
        assert_eq!(parse_size("2 KiB"), Ok(2048));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("0").is_err());
        assert!(parse_size("1X").is_err());
        assert!(parse_size("G").is_err());
        assert!(parse_size("99999999999T").is_err());
        assert_eq!(human_size(1 << 30), "1 GiB");
        assert_eq!(human_size(1536), "1.5 KiB, 1536 bytes");
        assert_eq!(human_size(12), "12 bytes");
    }

    #[test]
    fn binary_is_known_from_the_head() {
        assert_eq!(sniff_binary(b"hello"), None);
        assert!(sniff_binary(b"%PDF-1.7\n").is_some());
        assert!(sniff_binary(b"abc\0def").is_some());
        let mut late = vec![b'a'; SNIFF_LEN];
        late.push(0);
        assert_eq!(sniff_binary(&late), None);
    }

    #[test]
    fn a_binary_stream_is_refused_after_its_head() {
        // An endless stream of NULs: only the first 8 KiB are read.
        let err = read_limited(io::repeat(0), "zero", Limits::default(), 0).unwrap_err();
        assert!(matches!(err, ReadError::Binary { .. }), "{err}");
    }

    #[test]
    fn an_endless_text_stream_stops_at_the_limit() {
        let err = read_limited(io::repeat(b'a'), "yes", limits(100_000), 0).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("--max-file-size"), "{err}");
    }

    #[test]
    fn files_at_and_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "0123456789").unwrap();
        assert_eq!(read_path(&p, "a.txt", limits(10)).unwrap(), b"0123456789");
        let err = read_path(&p, "a.txt", limits(9)).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
        let err = read_path(&dir.path().join("none"), "none", limits(9)).unwrap_err();
        assert!(
            err.to_string().contains("check that the path exists"),
            "{err}"
        );
        assert!(!err.to_string().contains("permissions"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_unopened() {
        let err = read_path(Path::new("/dev/zero"), "/dev/zero", Limits::default()).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotAFile {
                    kind: "character device",
                    ..
                }
            ),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if status.is_ok_and(|s| s.success()) {
            // Opening a FIFO without a writer would block: it is refused
            // from its metadata.
            let err = read_path(&fifo, "fifo", Limits::default()).unwrap_err();
            assert!(err.to_string().contains("FIFO"), "{err}");
            assert!(err.to_string().contains("termcheck check -"), "{err}");
        }
    }
}
