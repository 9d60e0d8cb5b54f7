//! `termcheck glossary fmt | stats | explain | export | import | mine |
//! impact`: glossary maintenance commands.

use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use termcheck::checks::Checker;
use termcheck::engine::input::Read;
use termcheck::engine::{Engine, FileOutcome};
use termcheck::exchange::{self, Imported};
use termcheck::glossary::{self, BUILTIN_FILES, BUILTIN_NAME, Glossary, GlossarySet};
use termcheck::maintain::explain::{Explanation, explain as run_explain};
use termcheck::maintain::impact::{ChangeKind, Impact};
use termcheck::maintain::mine::{Harvest, MineOptions, Miner};
use termcheck::maintain::stats::stats as glossary_stats;
use termcheck::report::render_diagnostic;
use termcheck::text::{Document, LineIndex};

use super::atomic::{write_new, write_replacing};
use super::glossary_args::{
    ExchangeFormat, ExplainArgs, ExportArgs, FmtArgs, ImpactArgs, ImportArgs, MineArgs,
    ReportFormat, StatsArgs, TbxVersionArg,
};
use super::load::{load, load_set, load_set_err};
use super::print_error;
use super::resolve::{Extra, config_for as resolve_config, resolve, resolve_with};
use super::{Status, stderr_color};

/// Reads a file as UTF-8 text, or says why it cannot be.
fn read_text(path: &str) -> Result<String, String> {
    let bytes = termcheck::io::read_path(Path::new(path), path, termcheck::io::Limits::default())
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
        for f in BUILTIN_FILES {
            jobs.push((f.path.to_owned(), f.text.to_owned(), false));
        }
    }
    for name in &args.files {
        if name == BUILTIN_NAME && !Path::new(name).exists() {
            for f in BUILTIN_FILES {
                jobs.push((f.path.to_owned(), f.text.to_owned(), false));
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
            "  forms:      {} preferred, {} admitted, {} variants, {}{} exceptions, {} source",
            f.preferred,
            f.admitted,
            f.variants,
            if f.avoid > 0 {
                format!("{} to avoid, ", f.avoid)
            } else {
                String::new()
            },
            f.exceptions,
            f.source
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
    let names = super::load::selection(&args.glossary, None);
    let Some(checker) = checker_for(&names, stderr_color(args.color)) else {
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
    // A built-in pack by name, or one built-in file by its shown path
    // (`builtin:glossaries/...`), unless a file of that name exists.
    let builtin = glossary::BUILTIN_FILES
        .iter()
        .find(|f| f.path == args.glossary);
    let name = if builtin.is_none()
        && !Path::new(&args.glossary).exists()
        && glossary::pack_files(&args.glossary).next().is_some()
    {
        let files: Vec<&str> = glossary::pack_files(&args.glossary)
            .map(|f| f.path)
            .collect();
        if let [one] = files[..] {
            one.to_owned()
        } else {
            eprintln!(
                "error: the pack `{}` has {} files; export one at a time\n  help: {}",
                args.glossary,
                files.len(),
                files
                    .iter()
                    .map(|f| format!("termcheck glossary export {f}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            return Ok(Status::Error);
        }
    } else {
        args.glossary.clone()
    };
    let builtin = glossary::BUILTIN_FILES.iter().find(|f| f.path == name);
    let outcome = match builtin {
        Some(f) => {
            let loaded = glossary::parse(f.path, f.text);
            super::load::LoadOutcome {
                glossaries: loaded.glossary.into_iter().collect(),
                diagnostics: loaded.diagnostics,
                unreadable: Vec::new(),
                files: Vec::new(),
            }
        }
        None => load(std::slice::from_ref(&name)),
    };
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
    // A file that `extends` others is exported alone.
    if glossaries.iter().any(|g| g.path == name) {
        glossaries.retain(|g| g.path == name);
    }
    if glossaries.len() != 1 {
        eprintln!(
            "error: `{}` holds {} glossaries; export one file at a time",
            args.glossary,
            glossaries.len()
        );
        return Ok(Status::Error);
    }
    let g = glossaries.remove(0);
    let format = match args
        .format
        .or_else(|| args.output.as_deref().and_then(ExchangeFormat::of_path))
    {
        Some(f) => f,
        None => {
            eprintln!(
                "error: which format? pass --format tbx or --format csv\n  \
                 help: or name an output file ending in .tbx or .csv with -o"
            );
            return Ok(Status::Error);
        }
    };
    let text = match format {
        ExchangeFormat::Tbx => exchange::tbx::export_as(
            &g,
            match args.tbx_version {
                TbxVersionArg::V3 => exchange::tbx::Version::V3,
                TbxVersionArg::V2 => exchange::tbx::Version::V2,
            },
        ),
        ExchangeFormat::Csv => {
            let tsv = args
                .output
                .as_deref()
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
            let opts = exchange::csv::ExportOptions {
                bom: !args.no_bom,
                delimiter: args.delimiter.unwrap_or(if tsv { b'\t' } else { b',' }),
            };
            match exchange::csv::export_with(&g, opts) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(Status::Error);
                }
            }
        }
    };
    emit(args.output.as_deref(), &text)
}

pub(crate) fn import(args: ImportArgs) -> io::Result<Status> {
    let path = args.file.display().to_string();
    let Some(format) = args.format.or_else(|| ExchangeFormat::of_path(&args.file)) else {
        eprintln!(
            "error: which format is `{path}`? pass --format tbx or --format csv\n  \
             help: files ending in .tbx or .csv/.tsv are recognised by their extension"
        );
        return Ok(Status::Error);
    };
    if let Some(out) = args.output.as_deref().filter(|p| !args.force && p.exists()) {
        eprintln!(
            "error: `{}` already exists; nothing was imported\n  help: pass --force to replace it",
            out.display()
        );
        return Ok(Status::Error);
    }
    let bytes = match termcheck::io::read_path(&args.file, &path, termcheck::io::Limits::default())
    {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(Status::Error);
        }
    };
    let text = match termcheck::text::decode(bytes, &path) {
        Ok(d) => d.text,
        Err(e) => {
            eprintln!("error: cannot read `{path}`: {e}\n  help: {}", e.help());
            return Ok(Status::Error);
        }
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let result = match format {
        ExchangeFormat::Tbx => exchange::tbx::import(
            body,
            &exchange::tbx::ImportOptions {
                language: args.language.clone(),
                source_language: args.source_language.clone(),
                name: args.name.clone(),
                lenient: args.lenient,
            },
        ),
        ExchangeFormat::Csv => exchange::csv::import(
            body,
            &exchange::csv::ImportOptions {
                name: args.name.clone(),
                language: args.language.clone(),
                delimiter: args
                    .delimiter
                    .or_else(|| path.to_ascii_lowercase().ends_with(".tsv").then_some(b'\t')),
            },
        )
        .map_err(|e| vec![e]),
    };
    let Imported {
        glossary,
        unmapped,
        violations,
    } = match result {
        Ok(i) => i,
        Err(errors) => {
            let n = errors.len();
            for e in errors {
                eprintln!("error: {path}:{e}");
            }
            let lenient_helps = format == ExchangeFormat::Tbx
                && !args.lenient
                && exchange::tbx::import(
                    body,
                    &exchange::tbx::ImportOptions {
                        lenient: true,
                        ..Default::default()
                    },
                )
                .is_ok();
            if lenient_helps {
                eprintln!(
                    "error: `{path}` was not imported ({n} problem{})\n  \
                     help: fix the file, or pass --lenient to import the concepts that are valid",
                    if n == 1 { "" } else { "s" }
                );
            }
            return Ok(Status::Error);
        }
    };
    for v in &violations {
        eprintln!("warning: {path}:{v} (left out)");
    }
    let toml = exchange::to_toml(&glossary);
    let check = glossary::parse("imported.toml", &toml);
    if let Some(d) = check.diagnostics.iter().find(|d| d.is_error()) {
        eprintln!("error: the imported glossary does not validate: {d}");
        return Ok(Status::Error);
    }
    if let Some(g) = check.glossary
        && let Err(errs) = GlossarySet::new(vec![g])
    {
        for d in errs {
            eprintln!("error: the imported glossary does not validate: {d}");
        }
        return Ok(Status::Error);
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
/// Reads the inputs the engine selects for `paths` (the config's
/// selection, the same walk as `check`).
fn read_inputs(
    engine: &Engine,
    paths: &[std::path::PathBuf],
    color: bool,
) -> (Vec<Document>, bool) {
    let collected = match engine.collect(paths, None) {
        Ok(c) => c,
        Err(e) => {
            print_error(&e, color);
            return (Vec::new(), true);
        }
    };
    let mut failed = false;
    for e in &collected.errors {
        print_error(e, color);
        failed = true;
    }
    let loaded: Vec<_> = collected
        .inputs
        .par_iter()
        .map(|i| engine.read(i))
        .collect();
    let mut docs = Vec::new();
    for (inp, l) in collected.inputs.iter().zip(loaded) {
        match l {
            Ok(Read::Doc(d)) => docs.push(d),
            Ok(Read::Skipped(why)) => {
                eprintln!("note: skipped `{}`: {}", inp.display, why.as_str())
            }
            Err(e) => {
                print_error(&e, color);
                failed = true;
            }
        }
    }
    (docs, failed)
}

pub(crate) fn mine(args: MineArgs) -> io::Result<Status> {
    let color = stderr_color(args.color);
    // Only what the glossary lists counts as known: derived variants are
    // unlisted renderings worth proposing.
    let extra = Extra {
        exact_only: true,
        inputs: &args.paths,
        ..Extra::default()
    };
    let engine = match resolve(&args.glossary, &args.settings, extra) {
        Ok(r) => r.engine,
        Err(e) => {
            print_error(&e, color);
            return Ok(Status::Error);
        }
    };
    let checker = engine.checker();
    let (docs, failed) = read_inputs(&engine, &args.paths, color);
    let opts = MineOptions {
        min_count: args.min_count.max(1),
        top: args.top,
        ..MineOptions::default()
    };
    let miner = Miner::new(checker, opts);
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
    // Both glossaries under the same settings (config, formats,
    // severities), each through the engine, file by file.
    let engines = resolve_config(&args.settings, &args.paths).and_then(|config| {
        let old_set = load_set_err(std::slice::from_ref(&args.against))?;
        let new_set = load_set_err(std::slice::from_ref(&args.new))?;
        let old = resolve_with(old_set, config.clone(), &args.settings, Extra::default())?;
        let new = resolve_with(new_set, config, &args.settings, Extra::default())?;
        Ok((old.engine, new.engine))
    });
    let (old, new) = match engines {
        Ok(e) => e,
        Err(e) => {
            print_error(&e, color);
            return Ok(Status::Error);
        }
    };
    let collected = match new.collect(&args.paths, None) {
        Ok(c) => c,
        Err(e) => {
            print_error(&e, color);
            return Ok(Status::Error);
        }
    };
    let mut failed = false;
    for e in &collected.errors {
        print_error(e, color);
        failed = true;
    }
    let mut olds = old.check_inputs(&collected.inputs, || ());
    let mut news = new.check_inputs(&collected.inputs, || ());
    old.finish_run(&mut olds);
    new.finish_run(&mut news);
    let mut pairs = Vec::new();
    for (o, n) in olds.into_iter().zip(news) {
        match (o.outcome, n.outcome) {
            (FileOutcome::Checked(o), FileOutcome::Checked(n)) => pairs.push((o, n)),
            (FileOutcome::Failed(e), _) | (_, FileOutcome::Failed(e)) => {
                print_error(&e, color);
                failed = true;
            }
            _ => {}
        }
    }
    let mut impact = Impact::default();
    for (o, n) in &pairs {
        impact.add_file(&n.doc, &o.findings, &n.findings);
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
