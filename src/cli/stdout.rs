//! Standard output that a closed pipe cannot break: `termcheck check … |
//! head -1` must end quietly with the exit status of the whole run.
//!
//! Rust ignores SIGPIPE, so a write to a closed pipe fails with
//! `BrokenPipe`. Here the first such failure marks the output closed and
//! every later write is dropped as if written: the run goes on to the end
//! (every file is still checked, so the exit status says what it found)
//! and prints nothing more to standard output.

use std::io::{self, StdoutLock, Write};

/// Locked standard output that swallows a closed pipe.
pub(crate) struct Stdout {
    inner: StdoutLock<'static>,
    closed: bool,
}

pub(crate) fn stdout() -> Stdout {
    Stdout {
        inner: io::stdout().lock(),
        closed: false,
    }
}

impl Stdout {
    fn guard<T>(&mut self, r: io::Result<T>, ok: T) -> io::Result<T> {
        match r {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(ok)
            }
            r => r,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        self.guard(r, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.guard(r, ())
    }
}
