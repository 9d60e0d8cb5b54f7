//! The `termcheck` binary: parse arguments, run, map the outcome to the
//! contract's exit status (0 clean, 1 findings, 2 could not run).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod heap;

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static HEAP: heap::Heap = heap::Heap;

fn main() -> ExitCode {
    heap::huge_heap();
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(status) => ExitCode::from(status as u8),
        // Standard output swallows a closed pipe (cli/stdout.rs); a broken
        // pipe anywhere else means the run did not finish.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(2),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
