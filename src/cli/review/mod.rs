//! `termcheck review PATH...`: one finding at a time, a decision per key.
//!
//! Every decision is written at once with the same safe writer as
//! `--fix` (the file's original text plus all edits decided for it, so
//! quitting or being killed midway keeps what was decided), and undo
//! writes the file back without the last decision. The session logic
//! here is the same for both front ends: [`Piped`] reads one key per line
//! from standard input (scripts and tests), the terminal front end in
//! `review_tty.rs` reads keys in raw mode.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::Command;

use termcheck::checks::{CheckOptions, Checker};
use termcheck::engine::baseline::BaselineFile;
use termcheck::engine::fix::{
    CommentStyle, apply_edits, fix_edit, fix_edits, prose_regions, suppression_edit, write_atomic,
};
use termcheck::engine::input::Source;
use termcheck::engine::{Engine, FileOutcome};
use termcheck::finding::{Edit, Finding, Kind};
use termcheck::formats::InputFormat;
use termcheck::glossary::format_file_text;
use termcheck::glossary::{
    AddAs, GlossarySet, Term, TermRef, add_form, entry_range, without_maintainer_fields,
};
use termcheck::maintain::cross_check::run_examples;
use termcheck::maintain::explain::explain;
use termcheck::text::{Document, fold};

mod line_edit;
mod tty;
mod ui;

use ui::{ContextLine, KEYS, Key, Piped, Ui, View};

use super::Status;
use super::args::ReviewArgs;
use super::resolve::{Extra, resolve};
use super::{print_error, print_warnings, stderr_color, stdout_color};

/// A reviewed file: the text as read, what is on disk now, the edits
/// decided for it.
struct FileState {
    path: PathBuf,
    /// The text as read: every decided edit is a span of it.
    doc: Document,
    /// The text on disk now (`doc` with the edits), for positions.
    current: Document,
    /// The format it is read as, for re-checks.
    format: InputFormat,
    on_disk: String,
    /// `(decision id, edit)`.
    edits: Vec<(usize, Edit)>,
    /// Bumped when the file is re-read after $EDITOR.
    generation: usize,
    /// Set when a write failed: the file is left alone from then on.
    stale: bool,
}

struct Item {
    file: usize,
    generation: usize,
    finding: Finding,
    /// Decided in bulk (`Y`, `I`): passed over without a word.
    settled: bool,
}

enum Action {
    Skip,
    Edit {
        file: usize,
        /// Queue items the edit also decided (the other findings of the
        /// term in a PO entry given a `termcheck: ignore` comment).
        settled: Vec<usize>,
    },
    /// `Y`: edits (tagged with the decision's id) in several files, for
    /// the queue items listed.
    Bulk {
        files: Vec<usize>,
        items: Vec<usize>,
    },
    /// `i` where the format has no comments, or `I`: findings passed over
    /// for this review only.
    Ignore {
        items: Vec<usize>,
    },
    Glossary {
        path: String,
        before: String,
        after: String,
        admitted: Option<(String, String)>,
    },
    /// `i` with `--baseline`: the baseline file before and after.
    Baseline {
        path: PathBuf,
        before: String,
        after: String,
    },
}

struct Decision {
    id: usize,
    item: usize,
    action: Action,
}

#[derive(Default)]
struct Tally {
    fixed: usize,
    edited: usize,
    ignored: usize,
    skipped: usize,
    glossary: usize,
    undone: usize,
    failed: usize,
}

struct Session<'a> {
    set: &'a GlossarySet,
    engine: &'a Engine,
    checker: &'a Checker,
    files: Vec<FileState>,
    queue: Vec<Item>,
    cursor: usize,
    decisions: Vec<Decision>,
    next_id: usize,
    /// `(term id, folded form)` added as admitted in this session.
    admitted: HashSet<(String, String)>,
    context: usize,
    /// `--baseline`: where `i` records a finding.
    baseline: Option<PathBuf>,
    tally: Tally,
}

pub(crate) fn run(args: ReviewArgs) -> io::Result<Status> {
    let err_color = stderr_color(args.color);
    // The same settings, engine and findings as `check`.
    let extra = Extra {
        inputs: &args.paths,
        baseline: args.baseline.as_deref(),
        ..Extra::default()
    };
    let engine = match resolve(&args.glossary, &args.settings, extra) {
        Ok(r) => {
            print_warnings(&r.warnings, err_color);
            r.engine
        }
        Err(e) => {
            print_error(&e, err_color);
            return Ok(Status::Error);
        }
    };
    let collected = match engine.collect(&args.paths, None) {
        Ok(c) => c,
        Err(e) => {
            print_error(&e, err_color);
            return Ok(Status::Error);
        }
    };
    let mut failed = false;
    for e in &collected.errors {
        print_error(e, err_color);
        failed = true;
    }
    if collected
        .inputs
        .iter()
        .any(|i| !matches!(i.source, Source::File(_)))
    {
        eprintln!(
            "error: `review` cannot work on standard input: its keys come from there\n  help: pass file paths"
        );
        return Ok(Status::Error);
    }
    let mut reports = engine.check_inputs(&collected.inputs, || ());
    engine.finish_run(&mut reports);
    engine.apply_baseline(&mut reports);
    let mut files = Vec::new();
    let mut queue = Vec::new();
    for (report, input) in reports.into_iter().zip(&collected.inputs) {
        let Source::File(path) = &input.source else {
            continue;
        };
        match report.outcome {
            FileOutcome::Checked(c) => {
                print_warnings(&c.diagnostics, err_color);
                let file = files.len();
                queue.extend(c.findings.into_iter().map(|finding| Item {
                    file,
                    generation: 0,
                    finding,
                    settled: false,
                }));
                files.push(FileState {
                    path: path.clone(),
                    on_disk: c.doc.text.clone(),
                    current: c.doc.clone(),
                    doc: c.doc,
                    format: c.format,
                    edits: Vec::new(),
                    generation: 0,
                    stale: false,
                });
            }
            FileOutcome::Skipped(why) => {
                eprintln!("note: skipped `{}`: {}", report.path, why.as_str());
            }
            FileOutcome::Failed(e) => {
                print_error(&e, err_color);
                failed = true;
            }
        }
    }
    if failed {
        eprintln!("error: nothing was reviewed");
        return Ok(Status::Error);
    }
    let mut session = Session {
        set: engine.glossaries(),
        engine: &engine,
        checker: engine.checker(),
        files,
        queue,
        cursor: 0,
        decisions: Vec::new(),
        next_id: 0,
        admitted: HashSet::new(),
        context: args.context,
        baseline: args.baseline.clone(),
        tally: Tally::default(),
    };
    let interactive = io::stdin().is_terminal() && io::stdout().is_terminal();
    let result = if interactive {
        tty::with_terminal(stdout_color(args.color), |ui| session.run(ui))
    } else {
        let stdin = io::stdin();
        let mut ui = Piped {
            input: stdin.lock(),
            out: io::stdout().lock(),
        };
        session.run(&mut ui)
    };
    result?;
    let t = &session.tally;
    let reviewed = session.cursor.min(session.queue.len());
    eprintln!(
        "Reviewed {reviewed} of {} findings: {} fixed, {} edited, {} ignored, {} skipped, {} glossary change{}{}.",
        session.queue.len(),
        t.fixed,
        t.edited,
        t.ignored,
        t.skipped,
        t.glossary,
        if t.glossary == 1 { "" } else { "s" },
        if t.undone > 0 {
            format!(", {} undone", t.undone)
        } else {
            String::new()
        }
    );
    if t.failed > 0 {
        eprintln!(
            "error: {} decision{} could not be written (see above); those files were left as they were",
            t.failed,
            if t.failed == 1 { "" } else { "s" }
        );
        return Ok(Status::Findings);
    }
    Ok(Status::Clean)
}

fn help_text() -> String {
    let mut s = String::from("keys:\n");
    for (c, _, what) in KEYS {
        s.push_str(&format!("  {c}  {what}\n"));
    }
    s.push_str(
        "In a terminal: j/k, Down/Up, PgDn/PgUp scroll what does not fit.\n\
         The replacement editor (e): Left/Right, Home/End (Ctrl-A/Ctrl-E), Backspace/Delete,\n\
         Ctrl-U/Ctrl-K delete to the start/end, Ctrl-W deletes a word, Enter writes, Esc cancels.\n",
    );
    s
}

/// The form to add to a glossary for what was found: white space
/// collapsed, a plural or possessive ending taken off where that gives one
/// of the term's forms, and a sentence-initial capital lowered where the
/// term's preferred form starts in lower case.
fn base_form(found: &str, term: &Term) -> String {
    let found = collapse(found);
    let key = |s: &str| fold(s.trim(), 0, true).text;
    let forms: Vec<String> = term.forms().map(|(_, f)| key(&f.text)).collect();
    let mut base = found.clone();
    if !forms.contains(&key(&found))
        && let Some(stem) = termcheck::text::stems(&found).find(|s| forms.contains(&key(s)))
    {
        base = stem.to_owned();
    }
    let mut chars = base.chars();
    let first_upper_only =
        chars.next().is_some_and(char::is_uppercase) && !chars.any(char::is_uppercase);
    let preferred_lower = term
        .preferred
        .text
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    if first_upper_only && preferred_lower {
        let mut chars = base.chars();
        if let Some(c) = chars.next() {
            base = c.to_lowercase().chain(chars).collect();
        }
    }
    base
}

/// White-space runs (line breaks included) as one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Session<'_> {
    fn run(&mut self, ui: &mut dyn Ui) -> io::Result<()> {
        if self.queue.is_empty() {
            ui.message("No findings to review.")?;
            return Ok(());
        }
        loop {
            self.advance_past_settled(ui)?;
            if self.cursor >= self.queue.len() {
                ui.message(
                    "All findings reviewed: [u]ndo the last decision, or any other key to finish.",
                )?;
                match ui.key()? {
                    Some(Key::Undo) => {
                        self.undo(ui)?;
                        continue;
                    }
                    _ => return Ok(()),
                }
            }
            ui.show(&self.view())?;
            let Some(key) = ui.key()? else {
                ui.message("End of input: quitting; decisions so far are kept.")?;
                return Ok(());
            };
            match key {
                Key::Quit => {
                    ui.message("Quit: decisions so far are kept.")?;
                    return Ok(());
                }
                Key::Help => ui.page(&help_text())?,
                Key::Entry => {
                    let text = self.entry_text();
                    ui.page(&text)?;
                }
                Key::Skip => {
                    self.push(Action::Skip);
                    self.tally.skipped += 1;
                    self.cursor += 1;
                }
                Key::Accept => self.accept(ui, None)?,
                Key::AcceptAll => self.accept_all(ui)?,
                Key::IgnoreTerm => self.ignore_term(ui)?,
                Key::Edit => {
                    // The suggested fix, else nothing: typing starts afresh.
                    let current = self.replacement().unwrap_or_default();
                    if let Some(r) = ui.line("replacement:", &current)? {
                        self.accept(ui, Some(r))?;
                    } else {
                        ui.message("Edit cancelled.")?;
                    }
                }
                Key::Ignore => self.ignore(ui)?,
                Key::AddAdmitted => self.add_to_glossary(ui, AddAs::Admitted)?,
                Key::AddVariant => self.add_to_glossary(ui, AddAs::Variant)?,
                Key::Undo => self.undo(ui)?,
                Key::Editor => self.editor(ui)?,
            }
        }
    }

    /// Skips findings that need no decision any more: their file went
    /// stale or was re-read, their text was admitted meanwhile, or an
    /// edit already decided covers them.
    fn advance_past_settled(&mut self, ui: &mut dyn Ui) -> io::Result<()> {
        while let Some(item) = self.queue.get(self.cursor) {
            if item.settled {
                self.cursor += 1;
                continue;
            }
            let file = &self.files[item.file];
            let f = &item.finding;
            let why = if file.stale {
                Some("its file could not be written")
            } else if item.generation != file.generation {
                Some("its file was edited")
            } else if self.is_admitted(f) {
                Some("the form is now admitted")
            } else if file.edits.iter().any(|(_, e)| e.span.overlaps(f.span)) {
                Some("an earlier decision changed this text")
            } else {
                None
            };
            match why {
                Some(w) => {
                    ui.message(&format!(
                        "skipping '{}' at {}: {w}",
                        collapse(&f.found),
                        self.position(self.cursor)
                    ))?;
                    self.cursor += 1;
                }
                None => break,
            }
        }
        Ok(())
    }

    fn is_admitted(&self, f: &Finding) -> bool {
        if self.admitted.is_empty() {
            return false;
        }
        let form = match self.set.find_id(&f.term_id) {
            Some(r) => base_form(&f.found, self.set.term(r)),
            None => f.found.to_string(),
        };
        self.admitted
            .contains(&(f.term_id.to_string(), admitted_key(&form)))
    }

    /// The finding of queue item `i` where it is in the file now: the
    /// edits decided before it moved it by what they added or removed.
    fn current(&self, i: usize) -> (&Document, Finding) {
        let item = &self.queue[i];
        let fs = &self.files[item.file];
        let mut f = item.finding.clone();
        let shift = |p: usize| -> usize {
            let mut delta = 0isize;
            for (_, e) in &fs.edits {
                if e.span.end <= p {
                    delta += e.replacement.len() as isize - (e.span.end - e.span.start) as isize;
                }
            }
            p.saturating_add_signed(delta).min(fs.current.text.len())
        };
        let start = shift(f.span.start);
        f.span = termcheck::finding::Span::new(start, shift(f.span.end).max(start));
        (&fs.current, f)
    }

    fn position(&self, i: usize) -> String {
        let (doc, f) = self.current(i);
        let lc = doc.line_col(f.span.start);
        format!("{}:{}:{}", doc.path, lc.line, lc.column)
    }

    fn view(&self) -> View {
        let (doc, f) = self.current(self.cursor);
        let f = &f;
        let start = doc.line_col(f.span.start).line;
        let end = doc.line_col(f.span.end).line.max(start);
        let count = doc.index.line_count();
        let blank = |n: usize| {
            doc.text[doc.index.line_range(&doc.text, n)]
                .trim()
                .is_empty()
        };
        // The whole paragraph (up to a blank line, 20 lines at most each
        // way), and at least `--context` lines.
        let mut para_first = start;
        while para_first > 1 && start - para_first < 20 && !blank(para_first - 1) {
            para_first -= 1;
        }
        let mut para_last = end;
        while para_last < count && para_last - end < 20 && !blank(para_last + 1) {
            para_last += 1;
        }
        let first = start.saturating_sub(self.context).max(1).min(para_first);
        let last = (end + self.context).max(para_last).min(count);
        let mut lines = Vec::new();
        for n in first..=last {
            let range = doc.index.line_range(&doc.text, n);
            if n == last && n > end && range.is_empty() && range.start == doc.text.len() {
                break;
            }
            let text = doc.text[range.clone()].replace('\t', " ");
            let mark = (n >= start && n <= end).then(|| {
                let s = f.span.start.clamp(range.start, range.end) - range.start;
                let e = f.span.end.clamp(range.start, range.end) - range.start;
                (s, e)
            });
            lines.push(ContextLine {
                number: n,
                text,
                mark,
            });
        }
        let mut facts = vec![
            ("found", collapse(&f.found)),
            ("preferred", f.preferred.to_string()),
        ];
        if let Some(r) = self.replacement() {
            facts.push(("fix", collapse(&r)));
        }
        if let Some(n) = &f.note {
            facts.push(("note", n.to_string()));
        }
        if let Some(r) = &f.reference {
            facts.push(("reference", r.to_string()));
        }
        facts.push(("term", f.term_id.to_string()));
        let keys = if f.fix.is_some() {
            "[y]es fix  [e]dit  [n]o/skip  [i]gnore  [a]dmit  [v]ariant  [o]pen editor  [u]ndo  [g]lossary entry  [q]uit  [?]"
        } else {
            "[e]dit  [n]o/skip  [i]gnore  [a]dmit  [v]ariant  [o]pen editor  [u]ndo  [g]lossary entry  [q]uit  [?]"
        };
        View {
            position: self.position(self.cursor),
            counter: format!("[{}/{}]", self.cursor + 1, self.queue.len()),
            title: format!("{}[{}]: {}", f.severity, f.kind, f.message),
            lines,
            facts,
            keys: keys.to_owned(),
        }
    }

    /// The fix's replacement as it would be written (line breaks kept).
    fn replacement(&self) -> Option<String> {
        let item = &self.queue[self.cursor];
        let doc = &self.files[item.file].doc;
        item.finding
            .fix
            .as_ref()
            .and_then(|x| x.edits.first())
            .map(|e| fix_edit(&doc.text, e).replacement)
    }

    fn push(&mut self, action: Action) -> usize {
        let id = self.next_id;
        self.next_id += 1;
        self.decisions.push(Decision {
            id,
            item: self.cursor,
            action,
        });
        id
    }

    /// Writes a file's original text with all its decided edits.
    fn write_file(&mut self, file: usize, ui: &mut dyn Ui) -> io::Result<bool> {
        let fs = &mut self.files[file];
        let new = apply_edits(&fs.doc.text, fs.edits.iter().map(|(_, e)| e.clone())).text;
        if new == fs.on_disk {
            return Ok(true);
        }
        match write_atomic(&fs.path, fs.on_disk.as_bytes(), new.as_bytes()) {
            Ok(()) => {
                fs.current = Document::new(fs.doc.path.clone(), new.clone());
                fs.on_disk = new;
                Ok(true)
            }
            Err(e) => {
                fs.stale = true;
                self.tally.failed += 1;
                ui.message(&format!("error: {e}"))?;
                Ok(false)
            }
        }
    }

    /// Adds edits to the current finding's file and writes it.
    fn decide_edits(&mut self, ui: &mut dyn Ui, edits: Vec<Edit>) -> io::Result<bool> {
        let file = self.queue[self.cursor].file;
        let existing: Vec<Edit> = self.files[file]
            .edits
            .iter()
            .map(|(_, e)| e.clone())
            .collect();
        let n = existing.len();
        let trial = apply_edits(
            &self.files[file].doc.text,
            existing.into_iter().chain(edits.clone()),
        );
        if trial.applied.len() < n + edits.len() && !trial.skipped.is_empty() {
            ui.message("This overlaps an earlier decision in the file; nothing changed.")?;
            return Ok(false);
        }
        let id = self.push(Action::Edit {
            file,
            settled: Vec::new(),
        });
        self.files[file]
            .edits
            .extend(edits.into_iter().map(|e| (id, e)));
        if self.write_file(file, ui)? {
            Ok(true)
        } else {
            self.files[file].edits.retain(|(d, _)| *d != id);
            self.decisions.pop();
            Ok(false)
        }
    }

    fn accept(&mut self, ui: &mut dyn Ui, replacement: Option<String>) -> io::Result<()> {
        // Where it is before the write moves anything.
        let (doc, f) = self.current(self.cursor);
        let at = format!("{}:{}", doc.path, doc.line_col(f.span.start).line);
        let item = &self.queue[self.cursor];
        let doc = &self.files[item.file].doc;
        let edited = replacement.is_some();
        let edits: Vec<Edit> = match replacement {
            Some(r) => vec![Edit {
                span: item.finding.span,
                replacement: r,
            }],
            None => match &item.finding.fix {
                Some(fix) => {
                    let regions = prose_regions(self.files[item.file].format, &doc.text);
                    fix.edits
                        .iter()
                        .flat_map(|e| fix_edits(&doc.text, &regions, e))
                        .collect()
                }
                None => {
                    ui.message("No automatic fix for this finding: use [e] to type one.")?;
                    return Ok(());
                }
            },
        };
        let written = collapse(
            &edits
                .iter()
                .map(|e| e.replacement.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        if self.decide_edits(ui, edits)? {
            if edited {
                self.tally.edited += 1;
            } else {
                self.tally.fixed += 1;
            }
            self.cursor += 1;
            let what = if edited { "edited" } else { "fixed" };
            ui.message(&format!("{what} {at} → '{written}'"))?;
        }
        Ok(())
    }

    /// `Y`: the fix of every remaining occurrence of this term, in every
    /// file, as one decision (one undo).
    fn accept_all(&mut self, ui: &mut dyn Ui) -> io::Result<()> {
        let term = self.queue[self.cursor].finding.term_id.clone();
        let id = self.push(Action::Skip);
        let (mut files, mut items) = (Vec::new(), Vec::new());
        // Each file's prose regions, read once for all its occurrences.
        let mut regions: HashMap<usize, Vec<termcheck::finding::Span>> = HashMap::new();
        for i in self.cursor..self.queue.len() {
            let item = &self.queue[i];
            let fs = &self.files[item.file];
            let Some(fix) = item.finding.fix.as_ref() else {
                continue;
            };
            if item.finding.term_id != term
                || item.settled
                || fs.stale
                || item.generation != fs.generation
            {
                continue;
            }
            let regions = regions
                .entry(item.file)
                .or_insert_with(|| prose_regions(fs.format, &fs.doc.text));
            let edits: Vec<Edit> = fix
                .edits
                .iter()
                .flat_map(|e| fix_edits(&fs.doc.text, regions, e))
                .collect();
            let trial = apply_edits(
                &fs.doc.text,
                fs.edits.iter().map(|(_, e)| e.clone()).chain(edits.clone()),
            );
            if !trial.skipped.is_empty() {
                continue;
            }
            let file = item.file;
            self.files[file]
                .edits
                .extend(edits.into_iter().map(|e| (id, e)));
            if !files.contains(&file) {
                files.push(file);
            }
            items.push(i);
        }
        if items.is_empty() {
            self.decisions.pop();
            return ui.message("No remaining occurrence of this term has an automatic fix.");
        }
        for &file in &files {
            self.write_file(file, ui)?;
        }
        let n = items.len();
        self.settle(&items, true);
        self.tally.fixed += n;
        if let Some(d) = self.decisions.last_mut() {
            d.action = Action::Bulk {
                files: files.clone(),
                items,
            };
        }
        ui.message(&format!(
            "fixed {n} occurrence{} of '{term}' in {} file{}",
            if n == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ))
    }

    fn settle(&mut self, items: &[usize], settled: bool) {
        for &i in items {
            if let Some(item) = self.queue.get_mut(i) {
                item.settled = settled;
            }
        }
    }

    /// `I`: passes over every remaining finding of this term, for this
    /// review only (nothing is written).
    fn ignore_term(&mut self, ui: &mut dyn Ui) -> io::Result<()> {
        let term = self.queue[self.cursor].finding.term_id.clone();
        let items: Vec<usize> = (self.cursor..self.queue.len())
            .filter(|&i| self.queue[i].finding.term_id == term && !self.queue[i].settled)
            .collect();
        let n = items.len();
        self.settle(&items, true);
        self.tally.ignored += n;
        self.push(Action::Ignore { items });
        ui.message(&format!(
            "ignoring '{term}' for the rest of this review ({n} finding{})",
            if n == 1 { "" } else { "s" }
        ))
    }

    fn ignore(&mut self, ui: &mut dyn Ui) -> io::Result<()> {
        if let Some(path) = self.baseline.clone() {
            return self.ignore_in_baseline(ui, path);
        }
        let (now, f) = self.current(self.cursor);
        let at = format!("{}:{}", now.path, now.line_col(f.span.start).line);
        let item = &self.queue[self.cursor];
        let doc = &self.files[item.file].doc;
        if self.files[item.file].format == InputFormat::Po {
            return self.ignore_po_entry(ui, at);
        }
        let format = self.files[item.file].format;
        // In XLIFF a comment line is written only between elements (the
        // finding's line starts with markup), never into a target's text.
        let xliff_markup = format == InputFormat::Xliff && {
            let line = doc.line_col(item.finding.span.start).line;
            doc.text[doc.index.line_range(&doc.text, line)]
                .trim_start()
                .starts_with('<')
        };
        if !matches!(format, InputFormat::Markdown | InputFormat::Html) && !xliff_markup {
            // Plain prose gets no comment written into it.
            let cursor = self.cursor;
            self.settle(&[cursor], true);
            self.tally.ignored += 1;
            self.push(Action::Ignore {
                items: vec![cursor],
            });
            self.cursor += 1;
            return ui.message(
                "Ignored for this review only: this format gets no suppression comment. To keep \
                 it, add the form to the glossary ([a]), add an exception to the term, or review \
                 with --baseline FILE.",
            );
        }
        let style = if xliff_markup {
            CommentStyle::Html
        } else {
            CommentStyle::for_path(&doc.path)
        };
        let mut edit = suppression_edit(doc, item.finding.span.start, &item.finding.term_id, style);
        if xliff_markup {
            // Indented like the element it stands above.
            let rest = &doc.text[edit.span.start..];
            let indent = &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()];
            edit.replacement.insert_str(0, indent);
        }
        if self.decide_edits(ui, vec![edit])? {
            self.tally.ignored += 1;
            self.cursor += 1;
            ui.message(&format!(
                "ignored {at}: suppression comment written above the line"
            ))?;
        }
        Ok(())
    }

    /// `i` in a PO file: a translator comment `# termcheck: ignore TERM`
    /// at the start of the entry, which `check` reads as suppressing the
    /// term in the whole entry; the term's other findings in the entry
    /// are decided with it.
    fn ignore_po_entry(&mut self, ui: &mut dyn Ui, at: String) -> io::Result<()> {
        let item = &self.queue[self.cursor];
        let (file, term) = (item.file, item.finding.term_id.clone());
        let text = &self.files[file].doc.text;
        let (start, end) = po_entry(text, item.finding.span.start);
        let eol = if text[start..]
            .split('\n')
            .next()
            .is_some_and(|l| l.ends_with('\r'))
        {
            "\r\n"
        } else {
            "\n"
        };
        let edit = Edit {
            span: termcheck::finding::Span::new(start, start),
            replacement: format!("# termcheck: ignore {term}{eol}"),
        };
        let cursor = self.cursor;
        let others: Vec<usize> = (cursor + 1..self.queue.len())
            .filter(|&i| {
                let q = &self.queue[i];
                q.file == file
                    && q.finding.term_id == term
                    && !q.settled
                    && (start..end).contains(&q.finding.span.start)
            })
            .collect();
        if self.decide_edits(ui, vec![edit])? {
            self.settle(&others, true);
            self.tally.ignored += 1 + others.len();
            if let Some(Decision {
                action: Action::Edit { settled, .. },
                ..
            }) = self.decisions.last_mut()
            {
                settled.clone_from(&others);
            }
            self.cursor += 1;
            ui.message(&format!(
                "ignored {at}: `# termcheck: ignore {term}` written before the PO entry{}",
                match others.len() {
                    0 => String::new(),
                    n => format!(
                        " (with {n} more finding{} in it)",
                        if n == 1 { "" } else { "s" }
                    ),
                }
            ))?;
        }
        Ok(())
    }

    /// `i` with `--baseline`: the finding (as it is in the file now) is
    /// added to the baseline file, so `check --baseline` passes over it too.
    fn ignore_in_baseline(&mut self, ui: &mut dyn Ui, path: PathBuf) -> io::Result<()> {
        let (doc, f) = self.current(self.cursor);
        let line = doc.line_col(f.span.start).line;
        let shown = path.display().to_string();
        let before = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => return ui.message(&format!("error: cannot read baseline `{shown}`: {e}")),
        };
        let mut file = match BaselineFile::parse(&before) {
            Ok(b) => b,
            Err(e) => {
                return ui.message(&format!("error: baseline `{shown}` was not changed: {e}"));
            }
        };
        let entry = BaselineFile::record([(doc, std::slice::from_ref(&f))]);
        file.findings.extend(entry.findings);
        // The order `check --write-baseline` writes.
        file.findings.sort_by(|a, b| {
            (&a.path, a.line, &a.fingerprint).cmp(&(&b.path, b.line, &b.fingerprint))
        });
        let after = file.to_json();
        let at = format!("{}:{line}", doc.path);
        if let Err(e) = write_atomic(&path, before.as_bytes(), after.as_bytes()) {
            self.tally.failed += 1;
            return ui.message(&format!("error: {e}"));
        }
        self.push(Action::Baseline {
            path,
            before,
            after,
        });
        self.tally.ignored += 1;
        self.cursor += 1;
        ui.message(&format!("ignored {at}: recorded in baseline `{shown}`"))
    }

    fn term(&self) -> Option<(TermRef, &Term)> {
        let r = self.set.find_id(&self.queue[self.cursor].finding.term_id)?;
        Some((r, self.set.term(r)))
    }

    fn add_to_glossary(&mut self, ui: &mut dyn Ui, to: AddAs) -> io::Result<()> {
        let Some((r, term)) = self.term() else {
            return ui.message("The term is not in the loaded glossaries.");
        };
        let finding = &self.queue[self.cursor].finding;
        if to == AddAs::Variant && finding.kind == Kind::Case {
            return ui.message(
                "A wrongly cased form cannot be a variant of its own term: the case check already reports it.",
            );
        }
        let glossary = &self.set.glossaries()[r.glossary];
        if glossary.path.starts_with("builtin:") {
            return ui.message(
                "The built-in glossary cannot be changed: pass your own copy with -g FILE.",
            );
        }
        let path = glossary.path.clone();
        let form = base_form(&finding.found, term);
        let id = term.id.clone();
        let term_id = finding.term_id.clone();
        let before = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => return ui.message(&format!("error: cannot read glossary `{path}`: {e}")),
        };
        let added = match add_form(&path, &before, &id, &form, to) {
            Ok(a) => a,
            Err(e) => return ui.message(&format!("error: `{path}` was not changed: {e}")),
        };
        if !added.changed {
            return ui.message(&format!(
                "'{form}' is already listed there; nothing changed."
            ));
        }
        let text = match checked_glossary(&path, &before, added.text) {
            Ok(t) => t,
            Err(why) => {
                return ui.message(&format!(
                    "refused: '{form}' was not added to `{path}`: {why}"
                ));
            }
        };
        if let Err(e) = write_atomic(path.as_ref(), before.as_bytes(), text.as_bytes()) {
            self.tally.failed += 1;
            return ui.message(&format!("error: {e}"));
        }
        let (what, admitted) = match to {
            AddAs::Admitted => {
                let key = (term_id.to_string(), admitted_key(&form));
                self.admitted.insert(key.clone());
                ("admitted", Some(key))
            }
            AddAs::Variant => ("a variant", None),
        };
        ui.message(&format!(
            "Added '{form}' to `{path}` as {what} of '{id}'{}.",
            if added.moved {
                " (moved from the other list)"
            } else {
                ""
            }
        ))?;
        self.push(Action::Glossary {
            path,
            before,
            after: text,
            admitted,
        });
        self.tally.glossary += 1;
        self.cursor += 1;
        Ok(())
    }

    fn undo(&mut self, ui: &mut dyn Ui) -> io::Result<()> {
        let Some(d) = self.decisions.pop() else {
            return ui.message("Nothing to undo.");
        };
        match &d.action {
            Action::Skip => self.tally.skipped -= 1,
            Action::Ignore { items } => {
                self.settle(items, false);
                self.tally.ignored -= items.len();
            }
            Action::Bulk { files, items } => {
                // A file that cannot be written back goes stale (its later
                // findings are passed over), as after any failed write.
                for &file in files {
                    self.files[file].edits.retain(|(id, _)| *id != d.id);
                    self.write_file(file, ui)?;
                }
                self.settle(items, false);
                self.tally.fixed -= items.len();
            }
            Action::Edit { file, settled } => {
                let file = *file;
                self.settle(settled, false);
                let (removed, kept) = std::mem::take(&mut self.files[file].edits)
                    .into_iter()
                    .partition(|(id, _)| *id == d.id);
                self.files[file].edits = kept;
                if !self.write_file(file, ui)? {
                    self.files[file].edits.extend(removed);
                    self.decisions.push(d);
                    return Ok(());
                }
            }
            Action::Baseline {
                path,
                before,
                after,
            } => {
                if let Err(e) = write_atomic(path, after.as_bytes(), before.as_bytes()) {
                    self.tally.failed += 1;
                    ui.message(&format!("error: {e}"))?;
                    self.decisions.push(d);
                    return Ok(());
                }
                self.tally.ignored -= 1;
            }
            Action::Glossary {
                path,
                before,
                after,
                admitted,
            } => {
                if let Err(e) = write_atomic(path.as_ref(), after.as_bytes(), before.as_bytes()) {
                    self.tally.failed += 1;
                    ui.message(&format!("error: {e}"))?;
                    self.decisions.push(d);
                    return Ok(());
                }
                if let Some(k) = admitted {
                    self.admitted.remove(k);
                }
                self.tally.glossary -= 1;
            }
        }
        self.tally.undone += 1;
        self.cursor = d.item;
        ui.message(&format!("Undone: back to {}.", self.position(d.item)))
    }

    /// What `termcheck glossary explain TERM` prints, then the entry as
    /// the glossary file has it.
    fn entry_text(&self) -> String {
        let Some((r, term)) = self.term() else {
            return "The term is not in the loaded glossaries.".to_owned();
        };
        let id = self.set.qualified_id(r);
        let mut text = explain(self.checker, id).for_editors().to_string();
        let g = &self.set.glossaries()[r.glossary];
        if let Some(span) = term.span {
            let range = entry_range(&g.source_text, span.start);
            let line = g.source_text[..range.start].matches('\n').count() + 1;
            text.push_str(&format!(
                "\n{}:{line}: glossary '{}'\n{}\n",
                g.path,
                g.name,
                without_maintainer_fields(&g.source_text[range])
            ));
        }
        text
    }

    fn editor(&mut self, ui: &mut dyn Ui) -> io::Result<()> {
        let file = self.queue[self.cursor].file;
        let line = {
            let (doc, f) = self.current(self.cursor);
            doc.line_col(f.span.start).line
        };
        let editor = std::env::var("VISUAL")
            .ok()
            .filter(|e| !e.trim().is_empty())
            .or_else(|| {
                std::env::var("EDITOR")
                    .ok()
                    .filter(|e| !e.trim().is_empty())
            })
            .unwrap_or_else(|| "vi".to_owned());
        let path = self.files[file].path.clone();
        let mut status = None;
        ui.suspended(&mut || {
            // Through the shell, like git: $EDITOR may hold arguments.
            status = Some(
                Command::new("sh")
                    .arg("-c")
                    .arg(format!("{editor} \"$@\""))
                    .arg("sh")
                    .arg(format!("+{line}"))
                    .arg(&path)
                    .status(),
            );
            Ok(())
        })?;
        match status {
            Some(Ok(s)) if s.success() => {}
            Some(Ok(s)) => return ui.message(&format!("The editor exited with {s}.")),
            Some(Err(e)) => return ui.message(&format!("error: cannot run `{editor}`: {e}")),
            None => return Ok(()),
        }
        let text = match fs::read(&path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                return ui.message("error: the file is no longer valid UTF-8; not re-read.");
            }
            Err(e) => return ui.message(&format!("error: cannot re-read the file: {e}")),
        };
        if text == self.files[file].on_disk {
            return ui.message("The file was not changed in the editor.");
        }
        self.reload(file, text, line);
        ui.message("The file changed in the editor: findings from this line on were re-checked; earlier decisions in it can no longer be undone.")
    }

    /// Takes a file's new text as its original, re-checks it and replaces
    /// the pending findings of the file with the new ones from `line` on.
    fn reload(&mut self, file: usize, text: String, line: usize) {
        let fs = &mut self.files[file];
        let doc = Document::new(fs.doc.path.clone(), text.clone());
        fs.current = doc.clone();
        fs.doc = doc;
        fs.on_disk = text;
        fs.edits.clear();
        fs.generation += 1;
        let generation = fs.generation;
        // Bulk decisions hold queue positions, which the re-check below
        // moves: they can no longer be undone either.
        self.decisions.retain(|d| match &d.action {
            Action::Edit { file: f, .. } => *f != file,
            Action::Skip => self.queue[d.item].file != file,
            Action::Glossary { .. } | Action::Baseline { .. } => true,
            Action::Bulk { .. } | Action::Ignore { .. } => false,
        });
        let fs = &self.files[file];
        let from = fs.doc.index.line_range(&fs.doc.text, line).start;
        let findings = match self.engine.check_document(fs.doc.clone(), fs.format) {
            FileOutcome::Checked(c) => c.findings,
            _ => Vec::new(),
        };
        let fresh: Vec<Item> = findings
            .into_iter()
            .filter(|f| f.span.start >= from)
            .map(|finding| Item {
                file,
                generation,
                finding,
                settled: false,
            })
            .collect();
        let mut rest: Vec<Item> = self.queue.split_off(self.cursor);
        rest.retain(|i| i.file != file);
        // Pending items of this file came first (files are in order).
        self.queue.extend(fresh);
        self.queue.extend(rest);
    }
}

/// The glossary text to write for an edit of `before` into `after`, or
/// why it must not be written: a glossary that `glossary fmt --check`
/// passes is written formatted (and one that does not keeps its layout,
/// as the edit left it), the result must load, and every example that
/// `glossary test` passed before must still pass.
fn checked_glossary(path: &str, before: &str, after: String) -> Result<String, String> {
    let formatted = |t: &str| format_file_text(t).is_ok_and(|f| f == t);
    let text = if formatted(before) {
        format_file_text(&after).map_err(|e| format!("the formatter rejects the result: {e}"))?
    } else {
        after
    };
    let Some(after_failures) = example_failures(path, &text)? else {
        return Ok(text);
    };
    let before_failures = example_failures(path, before)
        .ok()
        .flatten()
        .unwrap_or_default();
    match after_failures
        .into_iter()
        .find(|(key, _)| !before_failures.iter().any(|(k, _)| k == key))
    {
        Some((_, shown)) => Err(format!("`glossary test` would fail: {shown}")),
        None => Ok(text),
    }
}

/// The examples of the glossary in `text` (loaded on its own, as
/// `glossary test FILE` does) that fail: `(term id and sentence, message)`.
/// `Ok(None)` when it cannot be checked on its own (it extends another).
#[allow(clippy::type_complexity)]
fn example_failures(path: &str, text: &str) -> Result<Option<Vec<(String, String)>>, String> {
    let loaded = termcheck::glossary::parse(path, text);
    let Some(g) = loaded.glossary else {
        let why = loaded
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map_or_else(|| "it would not load".to_owned(), |d| d.message.clone());
        return Err(format!("the glossary would not load: {why}"));
    };
    if !g.extends.is_empty() {
        return Ok(None);
    }
    let set = GlossarySet::new(vec![g]).map_err(|d| {
        format!(
            "the glossary would not load: {}",
            d.first().map_or("", |d| &*d.message)
        )
    })?;
    let opts = CheckOptions::all(&set);
    let checker = Checker::with_options(set, &opts)
        .map_err(|e| format!("its forms would not compile: {e}"))?;
    Ok(Some(
        run_examples(&checker)
            .into_iter()
            .filter(|r| !r.passed)
            .map(|r| (format!("{}\0{}", r.term_id, r.sentence), r.to_string()))
            .collect(),
    ))
}

/// The byte range of the PO entry holding `offset`: from the line after
/// the last blank line before it (after a BOM at the start of the file)
/// to the next blank line.
fn po_entry(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let blank = |l: &str| l.trim().is_empty();
    let mut start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    while start > 0 {
        let prev = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        if blank(&text[prev..start - 1]) {
            break;
        }
        start = prev;
    }
    if start == 0 && text.starts_with('\u{feff}') {
        start = '\u{feff}'.len_utf8();
    }
    let mut end = text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1);
    while end < text.len() {
        let next = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        if blank(&text[end..next]) {
            break;
        }
        end = next;
    }
    (start, end)
}

fn admitted_key(form: &str) -> String {
    fold(form.trim(), 0, false).text
}

#[cfg(test)]
mod tests {
    use super::po_entry;

    #[test]
    fn po_entries_run_between_blank_lines() {
        let text = "msgid \"\"\nmsgstr \"\"\n\n#: a.txt:1\nmsgid \"x\"\nmsgstr \"\"\n\"y z\"\n\nmsgid \"q\"\n";
        let at = text.find("y z").unwrap_or(0);
        let (s, e) = po_entry(text, at);
        assert_eq!(
            &text[s..e],
            "#: a.txt:1\nmsgid \"x\"\nmsgstr \"\"\n\"y z\"\n"
        );
        let (s, e) = po_entry(text, text.len() - 3);
        assert_eq!(&text[s..e], "msgid \"q\"\n");
        let bom = "\u{feff}msgid \"a\"\r\nmsgstr \"b\"\r\n";
        let (s, e) = po_entry(bom, bom.len() - 4);
        assert_eq!((s, e), (3, bom.len()));
    }
}
