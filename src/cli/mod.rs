//! The command line: resolve everything first, then work, then print.

pub(crate) mod args;
mod check;
mod glossary;
mod inputs;
mod load;
mod options;
mod report;

use std::io::{self, IsTerminal};

use args::{Cli, ColorArg, Command, GlossaryCommand};

/// Exit status of a run that could be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Nothing at or above the fail-on severity.
    Clean = 0,
    /// Findings at or above the fail-on severity.
    Findings = 1,
    /// The run could not be done as asked.
    Error = 2,
}

pub(crate) fn run(cli: Cli) -> io::Result<Status> {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Glossary(GlossaryCommand::Lint(a)) => glossary::lint(a),
        Command::Glossary(GlossaryCommand::Test(a)) => glossary::test(a),
        Command::Report(a) => report::run(a),
    }
}

/// Whether to color a stream, from `--color` and `NO_COLOR`.
pub(crate) fn use_color(arg: ColorArg, is_terminal: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

pub(crate) fn stderr_color(arg: ColorArg) -> bool {
    use_color(arg, io::stderr().is_terminal())
}

pub(crate) fn stdout_color(arg: ColorArg) -> bool {
    use_color(arg, io::stdout().is_terminal())
}
