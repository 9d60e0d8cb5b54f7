//! Checks files against the built-in default pack through the library, with
//! no command line: `cargo run --example check_files -- article.txt`.
//! Prints one `path:line:column: message` line per finding.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use termcheck::{Engine, FileOutcome, GlossarySet, Input, Settings, glossary};

fn main() -> ExitCode {
    let engine = match glossary::pack(glossary::DEFAULT_PACK)
        .unwrap_or_else(|| Ok(Vec::new()))
        .and_then(GlossarySet::new)
        .map_err(|d| format!("{} errors in the built-in default pack", d.len()))
        .and_then(|set| Engine::new(Settings::new(set)).map_err(|e| e.to_string()))
    {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args().skip(1) {
        let report = engine.check_input(&Input::file(&path));
        match &report.outcome {
            FileOutcome::Checked(c) => {
                for f in &c.findings {
                    let at = c.doc.line_col(f.span.start);
                    println!(
                        "{path}:{}:{}: {} [{}]",
                        at.line, at.column, f.message, f.term_id
                    );
                    status = ExitCode::from(1);
                }
            }
            FileOutcome::Skipped(why) => eprintln!("note: skipped {path}: {}", why.as_str()),
            FileOutcome::Failed(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    status
}
