//! `termcheck glossary fmt | stats | explain | export | import | mine |
//! impact`: glossary maintenance commands.

use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use termcheck::checks::Checker;
use termcheck::exchange::{self, Imported};
use termcheck::glossary::{self, BUILTIN, BUILTIN_NAME, Glossary, GlossarySet};
use termcheck::maintain::explain::{Explanation, explain as run_explain};
use termcheck::maintain::impact::{ChangeKind, Impact};
use termcheck::maintain::mine::{Harvest, MineOptions, Miner};
use termcheck::maintain::stats::stats as glossary_stats;
use termcheck::report::render_diagnostic;
use termcheck::text::{Document, LineIndex};

use super::atomic::{write_new, write_replacing};
use super::glossary_args::{
    ExchangeFormat, ExplainArgs, ExportArgs, FmtArgs, ImpactArgs, ImportArgs, MineArgs,
    ReportFormat, StatsArgs,
};
use super::inputs::{self, Loaded};
use super::load::{load, load_set};
use super::{Status, stderr_color};

/// Reads a file as UTF-8 text, or says why it cannot be.
fn read_text(path: &str) -> Result<String, String> {
    let bytes = termcheck::io::read_path(Path::new(path), path, super::inputs::limits())
        .map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "`{path}` is not valid UTF-8 (byte {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let lc = LineIndex::new(text).line_col(text, offset.min(text.len()));
    (lc.line, lc.column)
}

pub(crate) fn fmt(args: FmtArgs) -> io::Result<Status> {
    let mut jobs: Vec<(String, String, bool)> = Vec::new(); // (path, text, writable)
    let mut failed = false;
    if args.files.is_empty() {
        if !args.check {
            eprintln!(
                "error: name the glossary files to format\n  help: the built-in glossary is \
                 compiled into the binary; format its source with `termcheck glossary fmt glossaries/*.toml`"
            );
            return Ok(Status::Error);
        }
        for (path, text) in BUILTIN {
            jobs.push(((*path).to_owned(), (*text).to_owned(), false));
        }
    }
    for name in &args.files {
        if name == BUILTIN_NAME && !Path::new(name).exists() {
            for (path, text) in BUILTIN {
                jobs.push(((*path).to_owned(), (*text).to_owned(), false));
            }
            continue;
        }
        match read_text(name) {
            Ok(text) => jobs.push((name.clone(), text, true)),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    let mut changed: Vec<(String, String, String, bool)> = Vec::new();
    for (path, text, writable) in jobs {
        match glossary::format_file_text(&text) {
            Ok(out) if out == text => {}
            Ok(out) => changed.push((path, text, out, writable)),
            Err(e) => {
                failed = true;
                match e.span {
                    Some(s) => {
                        let (l, c) = line_col(&text, s.start);
                        eprintln!("error: {path}:{l}:{c}: cannot format: {e}");
                    }
                    None => eprintln!("error: {path}: cannot format: {e}"),
                }
            }
        }
    }
    if failed {
        eprintln!("error: nothing was written");
        return Ok(Status::Error);
    }
    let mut out = super::stdout::stdout();
    if args.check {
        for (path, text, formatted, _) in &changed {
            let diff = similar::TextDiff::from_lines(text, formatted);
            write!(
                out,
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(path, &format!("{path} (formatted)"))
            )?;
        }
        if changed.is_empty() {
            return Ok(Status::Clean);
        }
        eprintln!(
            "{} file{} not formatted; run `termcheck glossary fmt FILE` to fix",
            changed.len(),
            if changed.len() == 1 { " is" } else { "s are" }
        );
        return Ok(Status::Findings);
    }
    for (path, text, formatted, writable) in &changed {
        if !writable {
            continue;
        }
        if let Err(e) = write_replacing(Path::new(path), text.as_bytes(), formatted.as_bytes()) {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
        eprintln!("formatted {path}");
    }
    Ok(Status::Clean)
}

pub(crate) fn stats(args: StatsArgs) -> io::Result<Status> {
    let Some(set) = load_set(&args.files.files, stderr_color(args.files.color)) else {
        return Ok(Status::Error);
    };
    let all: Vec<_> = set.glossaries().iter().map(glossary_stats).collect();
    let mut out = super::stdout::stdout();
    if args.format == ReportFormat::Json {
        let json = serde_json::json!({ "version": 1, "glossaries": all });
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        )?;
        return Ok(Status::Clean);
    }
    for s in &all {
        writeln!(out, "{} ({}): {} terms", s.path, s.name, s.terms)?;
        let f = &s.forms;
        writeln!(
            out,
            "  forms:      {} preferred, {} admitted, {} variants, {} exceptions, {} source",
            f.preferred, f.admitted, f.variants, f.exceptions, f.source
        )?;
        let join = |m: &std::collections::BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(out, "  severity:   {}", join(&s.severity))?;
        writeln!(out, "  case:       {}", join(&s.case))?;
        writeln!(
            out,
            "  examples:   {} terms with good ({} sentences), {} with bad ({} sentences)",
            s.with_good_examples, s.good_examples, s.with_bad_examples, s.bad_examples
        )?;
        writeln!(
            out,
            "  documented: {} with note, {} with reference, {} untagged",
            s.with_note, s.with_reference, s.untagged
        )?;
        if s.inflections_off + s.fuzzy_off > 0 {
            writeln!(
                out,
                "  settings:   {} with inflections off, {} with fuzzy off",
                s.inflections_off, s.fuzzy_off
            )?;
        }
        let mut tags: Vec<_> = s.tags.iter().collect();
        tags.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let tags: Vec<String> = tags.iter().map(|(k, v)| format!("{k} {v}")).collect();
        writeln!(
            out,
            "  tags:       {}",
            if tags.is_empty() {
                "(none)".to_owned()
            } else {
                tags.join(", ")
            }
        )?;
    }
    Ok(Status::Clean)
}

fn checker_for(names: &[String], color: bool) -> Option<Checker> {
    let set = load_set(names, color)?;
    super::load::full_checker(set)
}

pub(crate) fn explain(args: ExplainArgs) -> io::Result<Status> {
    let Some(checker) = checker_for(&args.glossary.glossaries, stderr_color(args.color)) else {
        return Ok(Status::Error);
    };
    let ex = run_explain(&checker, &args.query);
    let found = match &ex {
        Explanation::Term { .. } => true,
        Explanation::Text { hits, .. } => !hits.is_empty(),
    };
    let mut out = super::stdout::stdout();
    if args.format == ReportFormat::Json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&ex).unwrap_or_default()
        )?;
    } else {
        write!(out, "{ex}")?;
    }
    Ok(if found {
        Status::Clean
    } else {
        Status::Findings
    })
}

/// Writes `text` to `-o FILE` (atomically) or standard output.
fn emit(output: Option<&Path>, text: &str) -> io::Result<Status> {
    match output {
        Some(p) => match write_new(p, text.as_bytes()) {
            Ok(()) => {
                eprintln!("wrote {}", p.display());
                Ok(Status::Clean)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(Status::Error)
            }
        },
        None => {
            super::stdout::stdout().write_all(text.as_bytes())?;
            Ok(Status::Clean)
        }
    }
}

pub(crate) fn export(args: ExportArgs) -> io::Result<Status> {
    let outcome = load(std::slice::from_ref(&args.glossary));
    if outcome.has_errors() {
        for u in &outcome.unreadable {
            eprintln!("error: {u}");
        }
        for d in outcome.diagnostics.iter().filter(|d| d.is_error()) {
            eprintln!("{}\n", render_diagnostic(d, stderr_color(args.color)));
        }
        eprintln!("error: glossary rejected; nothing was exported");
        return Ok(Status::Error);
    }
    let mut glossaries: Vec<Glossary> = outcome.glossaries;
    if glossaries.len() != 1 {
        eprintln!(
            "error: `{}` holds {} glossaries; export one file at a time",
            args.glossary,
            glossaries.len()
        );
        return Ok(Status::Error);
    }
    let g = glossaries.remove(0);
    let text = match args.format {
        ExchangeFormat::Tbx => exchange::tbx::export(&g),
        ExchangeFormat::Csv => match exchange::csv::export(&g) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(Status::Error);
            }
        },
    };
    emit(args.output.as_deref(), &text)
}

pub(crate) fn import(args: ImportArgs) -> io::Result<Status> {
    let path = args.file.display().to_string();
    let text = match read_text(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let result = match args.format {
        ExchangeFormat::Tbx => exchange::tbx::import(
            body,
            &exchange::tbx::ImportOptions {
                language: args.language.clone(),
                source_language: args.source_language.clone(),
                name: args.name.clone(),
            },
        ),
        ExchangeFormat::Csv => exchange::csv::import(
            body,
            &exchange::csv::ImportOptions {
                name: args.name.clone(),
                language: args.language.clone(),
            },
        ),
    };
    let Imported { glossary, unmapped } = match result {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {path}:{e}");
            return Ok(Status::Error);
        }
    };
    let toml = exchange::to_toml(&glossary);
    let check = glossary::parse("imported.toml", &toml);
    if let Some(d) = check.diagnostics.iter().find(|d| d.is_error()) {
        eprintln!("error: the imported glossary does not validate: {d}");
        return Ok(Status::Error);
    }
    if let Some(g) = check.glossary {
        if let Err(errs) = GlossarySet::new(vec![g]) {
            for d in errs {
                eprintln!("error: the imported glossary does not validate: {d}");
            }
            return Ok(Status::Error);
        }
    }
    eprintln!(
        "imported {} term{} from {path}",
        glossary.terms.len(),
        if glossary.terms.len() == 1 { "" } else { "s" }
    );
    for n in &unmapped {
        eprintln!("note: {n}");
    }
    emit(args.output.as_deref(), &toml)
}

/// Reads every input, in path order, skipping binary files.
fn read_inputs(paths: &[std::path::PathBuf]) -> (Vec<Document>, bool) {
    let collected = inputs::collect(paths, None);
    let mut failed = false;
    for e in &collected.errors {
        eprintln!("error: {e}");
        failed = true;
    }
    let loaded: Vec<Loaded> = collected.inputs.par_iter().map(inputs::read).collect();
    let mut docs = Vec::new();
    for (input, l) in collected.inputs.iter().zip(loaded) {
        match l {
            Loaded::Doc(d) => docs.push(d),
            Loaded::Binary => eprintln!("note: skipped `{}`: binary file", input.display),
            Loaded::Error(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    (docs, failed)
}

pub(crate) fn mine(args: MineArgs) -> io::Result<Status> {
    // Only what the glossary lists counts as known: derived variants are
    // unlisted renderings worth proposing.
    let Some(set) = load_set(&args.glossary.glossaries, stderr_color(args.color)) else {
        return Ok(Status::Error);
    };
    let checker = match Checker::new(set) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot compile the glossary forms: {e}");
            return Ok(Status::Error);
        }
    };
    let (docs, failed) = read_inputs(&args.paths);
    let opts = MineOptions {
        min_count: args.min_count.max(1),
        top: args.top,
        ..MineOptions::default()
    };
    let miner = Miner::new(&checker, opts);
    let harvest = docs
        .par_iter()
        .map(|d| miner.harvest(d))
        .reduce(Harvest::default, |mut a, b| {
            a.merge(b, opts.examples);
            a
        });
    super::stdout::stdout().write_all(miner.to_toml(&harvest).as_bytes())?;
    Ok(if failed { Status::Error } else { Status::Clean })
}

pub(crate) fn impact(args: ImpactArgs) -> io::Result<Status> {
    let color = stderr_color(args.color);
    let Some(old) = checker_for(std::slice::from_ref(&args.against), color) else {
        return Ok(Status::Error);
    };
    let Some(new) = checker_for(std::slice::from_ref(&args.new), color) else {
        return Ok(Status::Error);
    };
    let (docs, failed) = read_inputs(&args.paths);
    let results: Vec<_> = docs
        .par_iter()
        .map(|d| (old.check(d), new.check(d)))
        .collect();
    let mut impact = Impact::default();
    for (doc, (o, n)) in docs.iter().zip(&results) {
        impact.add_file(doc, o, n);
    }
    let mut out = super::stdout::stdout();
    if args.format == ReportFormat::Json {
        let json = serde_json::json!({
            "version": 1,
            "old": args.against,
            "new": args.new,
            "impact": impact,
        });
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        )?;
        return Ok(if failed { Status::Error } else { Status::Clean });
    }
    let t = impact.totals;
    writeln!(
        out,
        "{} against {} on {} file{}: {} -> {} findings ({} added, {} removed, {} altered)",
        args.new,
        args.against,
        impact.files,
        if impact.files == 1 { "" } else { "s" },
        impact.old_findings,
        impact.new_findings,
        t.added,
        t.removed,
        t.altered
    )?;
    if !impact.per_term.is_empty() {
        writeln!(out, "\nper term (added / removed / altered):")?;
        let width = impact
            .per_term
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0);
        for (term, c) in &impact.per_term {
            writeln!(
                out,
                "  {term:<width$}  +{:<5} -{:<5} ~{}",
                c.added, c.removed, c.altered
            )?;
        }
        writeln!(out, "\nchanges:")?;
    }
    for c in impact.changes.iter().take(args.limit) {
        let what = match c.change {
            ChangeKind::Added => {
                let n = c.new.as_ref();
                format!(
                    "now {} ({}) `{}`: {}",
                    n.map_or("", |b| b.kind.as_str()),
                    n.map_or("", |b| b.severity.as_str()),
                    c.term_id(),
                    n.map_or("", |b| b.message.as_str())
                )
            }
            ChangeKind::Removed => {
                let o = c.old.as_ref();
                format!(
                    "was {} ({}) `{}`: {}",
                    o.map_or("", |b| b.kind.as_str()),
                    o.map_or("", |b| b.severity.as_str()),
                    c.term_id(),
                    o.map_or("", |b| b.message.as_str())
                )
            }
            ChangeKind::Altered => format!("`{}`: {}", c.term_id(), c.differences().join(", ")),
        };
        let label = match c.change {
            ChangeKind::Added => "added  ",
            ChangeKind::Removed => "removed",
            ChangeKind::Altered => "altered",
        };
        writeln!(
            out,
            "  {label} {}:{}:{} {:?} {what}",
            c.path, c.line, c.column, c.found
        )?;
    }
    if impact.changes.len() > args.limit {
        writeln!(
            out,
            "  ... and {} more (raise --limit to see them)",
            impact.changes.len() - args.limit
        )?;
    }
    Ok(if failed { Status::Error } else { Status::Clean })
}
