//! The command line: resolve everything first, then work, then print.

pub(crate) mod args;
mod atomic;
mod check;
mod ci;
mod fix;
mod glossary;
pub(crate) mod glossary_args;
mod load;
mod lsp;
mod maintain;
mod report;
mod resolve;
mod review;
pub(crate) mod shared_args;
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
        Command::Glossary(GlossaryCommand::ListPacks) => glossary::list_packs(),
        Command::Report(a) => report::run(a),
        Command::Lsp(a) => lsp::run(a),
        Command::Completions(a) => completions(a.shell),
        Command::Man => man(),
    }
}

impl From<termcheck::engine::ExitStatus> for Status {
    fn from(s: termcheck::engine::ExitStatus) -> Self {
        match s {
            termcheck::engine::ExitStatus::Clean => Status::Clean,
            termcheck::engine::ExitStatus::Findings => Status::Findings,
            termcheck::engine::ExitStatus::Error => Status::Error,
        }
    }
}

/// Prints an error on standard error the way every command does: its
/// positioned diagnostics as snippets, then one line with what to do.
pub(crate) fn print_error(e: &termcheck::error::Error, color: bool) {
    use termcheck::error::{Error, Plain};
    let diags = e.diagnostics();
    for d in diags {
        eprintln!("{}\n", termcheck::report::render_diagnostic(d, color));
    }
    match e {
        Error::Rejected { .. } => eprintln!("error: {e}; nothing was checked"),
        Error::Format(_) => {}
        _ => eprintln!("error: {}", Plain(e)),
    }
}

/// Prints warnings (suppression comments naming unknown ids, config keys
/// naming unknown terms) on standard error.
pub(crate) fn print_warnings(diags: &[termcheck::finding::diagnostic::Diagnostic], color: bool) {
    for d in diags {
        eprintln!("{}\n", termcheck::report::render_diagnostic(d, color));
    }
}

fn completions(shell: clap_complete::Shell) -> io::Result<Status> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut cmd, "termcheck", &mut out);
    io::Write::flush(&mut out)?;
    Ok(Status::Clean)
}

fn man() -> io::Result<Status> {
    let cmd = <Cli as clap::CommandFactory>::command();
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    io::Write::flush(&mut out)?;
    Ok(Status::Clean)
}

/// Whether to color a stream, from `--color` and the environment:
/// `NO_COLOR` (set and not empty) turns colors off; `CLICOLOR_FORCE` or
/// `FORCE_COLOR` (set, not empty and not `0`) turn them on even when the
/// stream is not a terminal; `TERM=dumb` and `CLICOLOR=0` turn them off
/// on a terminal. `--color always|never` overrides all of these.
pub(crate) fn use_color(arg: ColorArg, is_terminal: bool) -> bool {
    color_from(arg, is_terminal, |k| std::env::var_os(k))
}

fn color_from(
    arg: ColorArg,
    is_terminal: bool,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    let on = |k: &str| env(k).is_some_and(|v| !v.is_empty() && v != "0");
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto if set("NO_COLOR") => false,
        ColorArg::Auto if on("CLICOLOR_FORCE") || on("FORCE_COLOR") => true,
        ColorArg::Auto => {
            is_terminal
                && env("TERM").is_none_or(|t| t != "dumb")
                && env("CLICOLOR").is_none_or(|v| v != "0")
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<std::ffi::OsString> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.into())
    }

    #[test]
    fn color_follows_the_conventions() {
        let auto = |tty, vars: &[(&str, &str)]| color_from(ColorArg::Auto, tty, with(vars));
        assert!(auto(true, &[]));
        assert!(!auto(false, &[]));
        assert!(!auto(true, &[("TERM", "dumb")]));
        assert!(!auto(true, &[("CLICOLOR", "0")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(auto(false, &[("FORCE_COLOR", "true")]));
        assert!(auto(true, &[("TERM", "dumb"), ("FORCE_COLOR", "1")]));
        assert!(!auto(false, &[("FORCE_COLOR", "0")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "")]));
        assert!(!auto(true, &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]));
        assert!(auto(true, &[("NO_COLOR", "")]));
        assert!(color_from(
            ColorArg::Always,
            false,
            with(&[("NO_COLOR", "1")])
        ));
        assert!(!color_from(
            ColorArg::Never,
            true,
            with(&[("FORCE_COLOR", "1")])
        ));
    }
}
