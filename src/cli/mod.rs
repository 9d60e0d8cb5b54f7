//! The command line: resolve everything first, then work, then print.

pub(crate) mod args;
mod atomic;
mod check;
mod ci;
mod fix;
mod glossary;
pub(crate) mod glossary_args;
mod inputs;
mod load;
mod maintain;
mod options;
mod report;
mod review;
mod review_tty;
mod source;
mod stdout;

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
        Command::Review(a) => review::run(a),
        Command::Init(a) => ci::init(a),
        Command::Glossary(GlossaryCommand::Fmt(a)) => maintain::fmt(a),
        Command::Glossary(GlossaryCommand::Stats(a)) => maintain::stats(a),
        Command::Glossary(GlossaryCommand::Explain(a)) => maintain::explain(a),
        Command::Glossary(GlossaryCommand::Export(a)) => maintain::export(a),
        Command::Glossary(GlossaryCommand::Import(a)) => maintain::import(a),
        Command::Glossary(GlossaryCommand::Mine(a)) => maintain::mine(a),
        Command::Glossary(GlossaryCommand::Impact(a)) => maintain::impact(a),
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

/// OSC 8 hyperlinks: only when standard output is a terminal that is not
/// `dumb`, and never when colors are off.
pub(crate) fn hyperlinks(arg: ColorArg) -> bool {
    io::stdout().is_terminal()
        && stdout_color(arg)
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// The terminal's width when standard output is a terminal.
pub(crate) fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w))
}
