//! `termcheck lsp`: findings while the editor types, over the Language
//! Server Protocol on standard input and output.
//!
//! Three threads: one reads and frames messages (a malformed one is
//! reported and skipped, never fatal), one writes, and the main loop
//! keeps the open documents and answers requests without waiting for a
//! check. Checks run on a worker thread through the same engine as
//! `check`; a change schedules a check at most once per debounce
//! interval, and a check of a version the editor has already replaced is
//! skipped or its result dropped.

mod features;
mod text;
mod workspace;

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, Read as _};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use clap::Args;
use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionOptions, CodeActionParams, CodeActionProviderCapability, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, ExecuteCommandOptions, ExecuteCommandParams, HoverParams,
    HoverProviderCapability, InitializeResult, MessageType, PositionEncodingKind,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;
use termcheck::engine::FileOutcome;
use termcheck::error::Plain;

use super::Status;
use super::shared_args::GlossaryArgs;
use features::{ADD_EXCEPTION, Checked, ExceptionArgs};
use text::{Encoding, Lines, OpenDoc};
use workspace::{Engines, Failure};

/// `termcheck lsp`.
#[derive(Debug, Args)]
pub(crate) struct LspArgs {
    #[command(flatten)]
    pub(crate) glossary: GlossaryArgs,
    /// Check a changed document at most once per this many milliseconds
    /// (an isolated change is checked at once).
    #[arg(long, value_name = "MS", default_value_t = 150)]
    pub(crate) debounce_ms: u64,
}

/// Largest message accepted (a 50 MB document is 100 MB as escaped JSON
/// at worst); a bigger one is skipped unread.
const MAX_MESSAGE: usize = 256 << 20;

pub(crate) fn run(args: LspArgs) -> io::Result<Status> {
    let (out_tx, out_rx) = unbounded::<Message>();
    let writer = thread::Builder::new()
        .name("lsp-writer".to_owned())
        .spawn(move || {
            let stdout = io::stdout();
            let mut stdout = stdout.lock();
            for m in out_rx {
                if m.write(&mut stdout).is_err() {
                    break;
                }
            }
        })?;
    let (in_tx, in_rx) = unbounded::<Incoming>();
    // Not joined: it may be blocked reading standard input at exit.
    thread::Builder::new()
        .name("lsp-reader".to_owned())
        .spawn(move || read_loop(&in_tx))?;
    // The glossary options, passed on to every engine the server builds.
    let mut glossary_flags = Vec::new();
    for g in &args.glossary.glossaries {
        glossary_flags.extend(["-g".to_owned(), g.clone()]);
    }
    for p in &args.glossary.packs {
        glossary_flags.extend(["--pack".to_owned(), p.clone()]);
    }
    if let Some(d) = args.glossary.date {
        glossary_flags.extend(["--date".to_owned(), d.to_string()]);
    }
    let engines = Arc::new(Engines::new(glossary_flags));
    let latest = Arc::new(Mutex::new(HashMap::new()));
    let (job_tx, job_rx) = unbounded::<Job>();
    let (done_tx, done_rx) = unbounded::<Done>();
    {
        let engines = Arc::clone(&engines);
        let latest = Arc::clone(&latest);
        // Not joined either: `exit` must not wait for a long check.
        thread::Builder::new()
            .name("lsp-checker".to_owned())
            .spawn(move || work(&job_rx, &done_tx, &engines, &latest))?;
    }
    let mut server = Server {
        out: out_tx,
        enc: Encoding::Utf16,
        state: State::Uninitialized,
        docs: HashMap::new(),
        checked: HashMap::new(),
        pending: HashMap::new(),
        last_run: HashMap::new(),
        engines,
        jobs: job_tx,
        latest,
        debounce: Duration::from_millis(args.debounce_ms),
        file_diags: HashSet::new(),
        watch_registration: false,
    };
    let status = server.serve(&in_rx, &done_rx);
    // The writer ends once every message is written.
    drop(server);
    let _ = writer.join();
    Ok(status)
}

/// What the reader hands the main loop.
enum Incoming {
    Message(Message),
    /// A message that could not be framed or parsed, and why.
    Malformed(String),
    /// Standard input ended.
    Eof,
}

fn read_loop(tx: &Sender<Incoming>) {
    let stdin = io::stdin();
    let mut r = stdin.lock();
    loop {
        let item = match read_frame(&mut r) {
            Ok(Some(Ok(body))) => match serde_json::from_slice::<Message>(&body) {
                Ok(m) => Incoming::Message(m),
                Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
            },
            Ok(Some(Err(why))) => Incoming::Malformed(why),
            Ok(None) | Err(_) => {
                let _ = tx.send(Incoming::Eof);
                return;
            }
        };
        let exit =
            matches!(&item, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if tx.send(item).is_err() || exit {
            return;
        }
    }
}

/// One framed message body; `Ok(None)` at the end of input.
fn read_frame(r: &mut impl BufRead) -> io::Result<Option<Result<Vec<u8>, String>>> {
    let mut len: Option<usize> = None;
    let mut bad_header = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let l = String::from_utf8_lossy(&line);
        let l = l.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            if len.is_some() || bad_header.is_some() {
                break;
            }
            continue;
        }
        match l.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => len = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some(format!("not a header line: `{}`", truncate(l, 60))),
        }
    }
    let Some(len) = len else {
        return Ok(Some(Err(
            bad_header.unwrap_or_else(|| "no Content-Length header".to_owned())
        )));
    };
    if len > MAX_MESSAGE {
        io::copy(&mut r.take(len as u64), &mut io::sink())?;
        return Ok(Some(Err(format!(
            "a message of {len} bytes is larger than the {MAX_MESSAGE} accepted"
        ))));
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    Ok(Some(Ok(body)))
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A check for the worker.
struct Job {
    key: String,
    uri: Uri,
    version: i32,
    path: PathBuf,
    text: String,
    enc: Encoding,
}

/// A check done.
enum Done {
    Checked {
        key: String,
        uri: Uri,
        version: i32,
        diagnostics: Vec<lsp_types::Diagnostic>,
        checked: Option<Checked>,
        /// Warnings about the config of an engine this check built.
        config_warnings: Vec<termcheck::finding::diagnostic::Diagnostic>,
    },
    /// No engine: the config or a glossary is broken. `fresh` when this
    /// check built (and so first met) the failure.
    NoEngine {
        key: String,
        uri: Uri,
        version: i32,
        failure: Arc<Failure>,
        fresh: bool,
    },
}

fn work(
    jobs: &Receiver<Job>,
    done: &Sender<Done>,
    engines: &Engines,
    latest: &Mutex<HashMap<String, i32>>,
) {
    while let Ok(first) = jobs.recv() {
        // Only the newest job per document.
        let mut batch: HashMap<String, Job> = HashMap::new();
        for j in std::iter::once(first).chain(jobs.try_iter()) {
            match batch.get(&j.key) {
                Some(old) if old.version > j.version => {}
                _ => {
                    batch.insert(j.key.clone(), j);
                }
            }
        }
        for job in batch.into_values() {
            let newest = latest
                .lock()
                .map(|m| m.get(&job.key).copied())
                .unwrap_or(None);
            if newest.is_some_and(|v| v != job.version) {
                continue;
            }
            if done.send(check(job, engines)).is_err() {
                return;
            }
        }
    }
}

fn check(job: Job, engines: &Engines) -> Done {
    let config = Engines::config_of(Some(&job.path));
    let (built, fresh) = engines.get(&config);
    let loaded = match built {
        Ok(l) => l,
        Err(failure) => {
            return Done::NoEngine {
                key: job.key,
                uri: job.uri,
                version: job.version,
                failure,
                fresh,
            };
        }
    };
    let config_warnings = if fresh {
        loaded.warnings.clone()
    } else {
        Vec::new()
    };
    let set = loaded.engine.glossaries();
    let enc = job.enc;
    let (diagnostics, checked) = match loaded.engine.check_buffer(&job.path, job.text) {
        None => (Vec::new(), None),
        Some(report) => match report.outcome {
            FileOutcome::Checked(c) => {
                let text = &c.doc.text;
                let lines = Lines::new(text);
                let mut diags: Vec<_> = c
                    .findings
                    .iter()
                    .map(|f| features::diagnostic(&job.uri, text, &lines, enc, f, set))
                    .collect();
                diags.extend(
                    c.diagnostics
                        .iter()
                        .map(|d| features::engine_warning(text, &lines, enc, d)),
                );
                let format = c.format;
                let findings = c.findings;
                (
                    diags,
                    Some(Checked {
                        version: job.version,
                        findings,
                        lines,
                        format,
                        config,
                    }),
                )
            }
            FileOutcome::Failed(e) => {
                // A format error (XML that does not parse) is positioned in
                // the document itself; anything else is shown at its top.
                let diags = match e.diagnostics() {
                    [] => vec![lsp_types::Diagnostic {
                        severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                        source: Some("termcheck".to_owned()),
                        message: Plain(&e).to_string(),
                        ..lsp_types::Diagnostic::default()
                    }],
                    ds => ds
                        .iter()
                        .map(|d| {
                            let text = &*d.location.source;
                            features::engine_warning(text, &Lines::new(text), enc, d)
                        })
                        .collect(),
                };
                (diags, None)
            }
            FileOutcome::Skipped(_) => (Vec::new(), None),
        },
    };
    Done::Checked {
        key: job.key,
        uri: job.uri,
        version: job.version,
        diagnostics,
        checked,
        config_warnings,
    }
}

#[derive(PartialEq, Eq)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

struct Server {
    out: Sender<Message>,
    enc: Encoding,
    state: State,
    docs: HashMap<String, (Uri, OpenDoc)>,
    checked: HashMap<String, Checked>,
    /// When each changed document is due for a check.
    pending: HashMap<String, Instant>,
    /// When each document's last check was started.
    last_run: HashMap<String, Instant>,
    engines: Arc<Engines>,
    jobs: Sender<Job>,
    /// The newest version of each open document, for the worker to skip
    /// stale jobs.
    latest: Arc<Mutex<HashMap<String, i32>>>,
    debounce: Duration,
    /// Glossary and config files holding diagnostics we published.
    file_diags: HashSet<String>,
    watch_registration: bool,
}

impl Server {
    fn serve(&mut self, incoming: &Receiver<Incoming>, done: &Receiver<Done>) -> Status {
        loop {
            let wait = self
                .pending
                .values()
                .min()
                .map_or(Duration::from_secs(3600), |t| {
                    t.saturating_duration_since(Instant::now())
                });
            select! {
                recv(incoming) -> m => match m {
                    Ok(Incoming::Message(m)) => {
                        if let Some(status) = self.handle(m) {
                            return status;
                        }
                    }
                    Ok(Incoming::Malformed(why)) => self.log(
                        MessageType::ERROR,
                        &format!("termcheck: skipped a malformed message: {why}"),
                    ),
                    // The client went away without `exit`.
                    Ok(Incoming::Eof) | Err(_) => return Status::Findings,
                },
                recv(done) -> d => {
                    if let Ok(d) = d {
                        self.finished(d);
                    }
                }
                default(wait) => {}
            }
            self.dispatch_due();
        }
    }

    fn send(&self, m: impl Into<Message>) {
        let _ = self.out.send(m.into());
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Notification::new(method.to_owned(), params));
    }

    fn log(&self, typ: MessageType, message: &str) {
        self.notify(
            "window/logMessage",
            lsp_types::LogMessageParams {
                typ,
                message: message.to_owned(),
            },
        );
    }

    fn show(&self, typ: MessageType, message: &str) {
        self.notify(
            "window/showMessage",
            ShowMessageParams {
                typ,
                message: message.to_owned(),
            },
        );
    }

    fn reply(&self, id: RequestId, result: Result<Value, (ErrorCode, String)>) {
        self.send(match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, msg)) => Response::new_err(id, code as i32, msg),
        });
    }

    /// Handles one message; `Some(status)` when the server should stop.
    fn handle(&mut self, m: Message) -> Option<Status> {
        match m {
            Message::Request(r) => self.request(r),
            Message::Notification(n) => return self.notification(n),
            // Answers to our own requests (registerCapability): nothing to do.
            Message::Response(_) => {}
        }
        None
    }

    fn request(&mut self, r: Request) {
        let id = r.id.clone();
        match (&self.state, r.method.as_str()) {
            (State::Uninitialized, "initialize") => {
                let result = self.initialize(&r.params);
                self.state = State::Running;
                self.reply(id, Ok(result));
            }
            (State::Uninitialized, _) => self.reply(
                id,
                Err((
                    ErrorCode::ServerNotInitialized,
                    "initialize first".to_owned(),
                )),
            ),
            (State::ShutDown, _) => self.reply(
                id,
                Err((
                    ErrorCode::InvalidRequest,
                    "the server is shut down".to_owned(),
                )),
            ),
            (State::Running, "initialize") => self.reply(
                id,
                Err((ErrorCode::InvalidRequest, "already initialized".to_owned())),
            ),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                self.reply(id, Ok(Value::Null));
            }
            (State::Running, method) => {
                let result = match method {
                    "textDocument/codeAction" => params(r.params).map(|p| self.code_action(p)),
                    "textDocument/hover" => params(r.params).map(|p| self.hover(p)),
                    "workspace/executeCommand" => params(r.params).and_then(|p| self.execute(p)),
                    _ => Err((
                        ErrorCode::MethodNotFound,
                        format!("termcheck does not handle `{method}`"),
                    )),
                };
                self.reply(id, result);
            }
        }
    }

    fn initialize(&mut self, p: &Value) -> Value {
        let offers_utf8 = p
            .pointer("/capabilities/general/positionEncodings")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|e| e == "utf-8"));
        self.enc = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.watch_registration = p
            .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if let Some(ms) = p
            .pointer("/initializationOptions/debounceMs")
            .and_then(Value::as_u64)
        {
            self.debounce = Duration::from_millis(ms);
        }
        let caps = ServerCapabilities {
            position_encoding: Some(match self.enc {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![ADD_EXCEPTION.to_owned()],
                ..ExecuteCommandOptions::default()
            }),
            ..ServerCapabilities::default()
        };
        serde_json::to_value(InitializeResult {
            capabilities: caps,
            server_info: Some(ServerInfo {
                name: "termcheck".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        })
        .unwrap_or(Value::Null)
    }

    fn notification(&mut self, n: Notification) -> Option<Status> {
        if n.method == "exit" {
            // The protocol's exit codes: 0 after `shutdown`, else 1.
            return Some(if self.state == State::ShutDown {
                Status::Clean
            } else {
                Status::Findings
            });
        }
        if self.state != State::Running {
            return None;
        }
        let bad = |what: &str, e: String| format!("termcheck: ignored `{what}`: {e}");
        match n.method.as_str() {
            "initialized" => self.register_watch(),
            "textDocument/didOpen" => match params::<DidOpenTextDocumentParams>(n.params) {
                Ok(p) => self.open(p),
                Err((_, e)) => self.log(MessageType::ERROR, &bad(&n.method, e)),
            },
            "textDocument/didChange" => match params::<DidChangeTextDocumentParams>(n.params) {
                Ok(p) => self.change(p),
                Err((_, e)) => self.log(MessageType::ERROR, &bad(&n.method, e)),
            },
            "textDocument/didClose" => {
                if let Ok(p) = params::<DidCloseTextDocumentParams>(n.params) {
                    self.close(&p.text_document.uri);
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = params::<DidSaveTextDocumentParams>(n.params)
                    && features::uri_path(&p.text_document.uri)
                        .is_some_and(|path| self.engines.watches(&path))
                {
                    self.reload();
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = params::<DidChangeWatchedFilesParams>(n.params)
                    && p.changes.iter().any(|c| {
                        features::uri_path(&c.uri).is_some_and(|path| self.engines.watches(&path))
                    })
                {
                    self.reload();
                }
            }
            _ => {}
        }
        None
    }

    /// Asks the client to report changes of TOML files (configs and
    /// glossaries), when it lets servers register for that.
    fn register_watch(&self) {
        if !self.watch_registration {
            return;
        }
        let reg = lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "termcheck-watch-toml".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(
                    lsp_types::DidChangeWatchedFilesRegistrationOptions {
                        watchers: vec![lsp_types::FileSystemWatcher {
                            glob_pattern: lsp_types::GlobPattern::String("**/*.toml".to_owned()),
                            kind: None,
                        }],
                    },
                )
                .ok(),
            }],
        };
        self.send(Request::new(
            RequestId::from("termcheck-register-watch".to_owned()),
            "client/registerCapability".to_owned(),
            reg,
        ));
    }

    fn set_latest(&self, key: &str, version: Option<i32>) {
        if let Ok(mut m) = self.latest.lock() {
            match version {
                Some(v) => m.insert(key.to_owned(), v),
                None => m.remove(key),
            };
        }
    }

    fn open(&mut self, p: DidOpenTextDocumentParams) {
        let d = p.text_document;
        let key = d.uri.as_str().to_owned();
        self.set_latest(&key, Some(d.version));
        self.docs.insert(
            key.clone(),
            (
                d.uri,
                OpenDoc {
                    text: d.text,
                    version: d.version,
                    language: d.language_id,
                },
            ),
        );
        self.pending.insert(key, Instant::now());
    }

    fn change(&mut self, p: DidChangeTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_owned();
        let enc = self.enc;
        let Some((_, doc)) = self.docs.get_mut(&key) else {
            return;
        };
        doc.apply(p.text_document.version, p.content_changes, enc);
        self.set_latest(&key, Some(p.text_document.version));
        // At once after a quiet spell; while typing, once per interval.
        let now = Instant::now();
        let due = self
            .last_run
            .get(&key)
            .map_or(now, |t| (*t + self.debounce).max(now));
        self.pending.entry(key).or_insert(due);
    }

    fn close(&mut self, uri: &Uri) {
        let key = uri.as_str();
        self.docs.remove(key);
        self.checked.remove(key);
        self.pending.remove(key);
        self.last_run.remove(key);
        self.set_latest(key, None);
        self.publish(uri.clone(), Vec::new(), None);
    }

    /// A config or glossary changed: rebuild engines on the next check and
    /// check every open document again.
    fn reload(&mut self) {
        self.engines.clear();
        for uri in std::mem::take(&mut self.file_diags) {
            if let Ok(u) = Uri::from_str(&uri) {
                self.publish(u, Vec::new(), None);
            }
        }
        let now = Instant::now();
        for key in self.docs.keys() {
            self.pending.insert(key.clone(), now);
        }
    }

    fn dispatch_due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .pending
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            self.pending.remove(&key);
            let Some((uri, doc)) = self.docs.get(&key) else {
                continue;
            };
            let path = document_path(uri, &doc.language);
            // Glossaries and configs opened in the editor are not prose.
            if path.extension().is_some_and(|e| e == "toml") {
                continue;
            }
            self.last_run.insert(key.clone(), now);
            let _ = self.jobs.send(Job {
                key,
                uri: uri.clone(),
                version: doc.version,
                path,
                text: doc.text.clone(),
                enc: self.enc,
            });
        }
    }

    fn finished(&mut self, d: Done) {
        match d {
            Done::Checked {
                key,
                uri,
                version,
                diagnostics,
                checked,
                config_warnings,
            } => {
                self.publish_files(&config_warnings);
                if !self.is_current(&key, version) {
                    return;
                }
                match checked {
                    Some(c) => self.checked.insert(key, c),
                    None => self.checked.remove(&key),
                };
                self.publish(uri, diagnostics, Some(version));
            }
            Done::NoEngine {
                key,
                uri,
                version,
                failure,
                fresh,
            } => {
                if fresh {
                    self.show(MessageType::ERROR, &failure.message);
                    self.publish_files(&failure.diagnostics);
                }
                if self.is_current(&key, version) {
                    self.checked.remove(&key);
                    self.publish(uri, Vec::new(), Some(version));
                }
            }
        }
    }

    /// Diagnostics in glossary and config files, kept until a reload.
    fn publish_files(&mut self, diags: &[termcheck::finding::diagnostic::Diagnostic]) {
        for (file, diags) in features::file_diagnostics(diags, self.enc) {
            if let Ok(u) = Uri::from_str(&file) {
                self.publish(u, diags, None);
                self.file_diags.insert(file);
            }
        }
    }

    fn is_current(&self, key: &str, version: i32) -> bool {
        self.docs
            .get(key)
            .is_some_and(|(_, d)| d.version == version)
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    /// The document, its current findings and the glossaries they came
    /// from, when the findings are of the current text.
    fn current(&self, uri: &Uri) -> Option<(&OpenDoc, &Checked, Arc<workspace::Loaded>)> {
        let key = uri.as_str();
        let (_, doc) = self.docs.get(key)?;
        let checked = self.checked.get(key).filter(|c| c.version == doc.version)?;
        let loaded = self.engines.cached(&checked.config)?.ok()?;
        Some((doc, checked, loaded))
    }

    fn code_action(&self, p: CodeActionParams) -> Value {
        let Some((doc, checked, loaded)) = self.current(&p.text_document.uri) else {
            return Value::Null;
        };
        let range = features::byte_range(&doc.text, &checked.lines, p.range, self.enc);
        let actions = features::code_actions(
            &p.text_document.uri,
            &doc.text,
            checked,
            self.enc,
            range,
            loaded.engine.glossaries(),
        );
        serde_json::to_value(actions).unwrap_or(Value::Null)
    }

    fn hover(&self, p: HoverParams) -> Value {
        let tp = p.text_document_position_params;
        let Some((doc, checked, loaded)) = self.current(&tp.text_document.uri) else {
            return Value::Null;
        };
        let offset = features::byte_offset(&doc.text, &checked.lines, tp.position, self.enc);
        features::hover(
            &doc.text,
            checked,
            self.enc,
            offset,
            loaded.engine.glossaries(),
        )
        .and_then(|h| serde_json::to_value(h).ok())
        .unwrap_or(Value::Null)
    }

    fn execute(&mut self, p: ExecuteCommandParams) -> Result<Value, (ErrorCode, String)> {
        if p.command != ADD_EXCEPTION {
            return Err((
                ErrorCode::InvalidParams,
                format!("unknown command `{}`", p.command),
            ));
        }
        let args: ExceptionArgs = p
            .arguments
            .into_iter()
            .next()
            .ok_or_else(|| "no arguments".to_owned())
            .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
            .map_err(|e| (ErrorCode::InvalidParams, format!("{ADD_EXCEPTION}: {e}")))?;
        match features::apply_exception(&args) {
            Ok(msg) => {
                self.show(MessageType::INFO, &msg);
                self.reload();
                Ok(Value::Null)
            }
            Err(msg) => {
                self.show(MessageType::ERROR, &format!("termcheck: {msg}"));
                Err((ErrorCode::RequestFailed, msg))
            }
        }
    }
}

fn params<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(v).map_err(|e| (ErrorCode::InvalidParams, format!("bad params: {e}")))
}

/// The path a document is checked as: its file, or for an unsaved buffer
/// a name in the current directory with the extension its language
/// implies.
fn document_path(uri: &Uri, language: &str) -> PathBuf {
    if let Some(p) = features::uri_path(uri) {
        return p;
    }
    let ext = match language {
        "markdown" => "md",
        "html" => "html",
        "xml" | "xliff" => "xlf",
        "po" => "po",
        _ => "txt",
    };
    std::env::current_dir()
        .unwrap_or_default()
        .join(format!("untitled.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any bytes on standard input are framed or rejected, never a
        /// panic or an endless loop.
        #[test]
        fn framing_never_panics(input in proptest::collection::vec(
            prop_oneof![
                Just(b"Content-Length: 2\r\n\r\n{}".to_vec()),
                Just(b"Content-Length: 99999999999\r\n\r\n".to_vec()),
                Just(b"Content-Length: x\r\n\r\n".to_vec()),
                Just(b"\r\n".to_vec()),
                proptest::collection::vec(any::<u8>(), 0..20),
            ],
            0..8,
        )) {
            let bytes = input.concat();
            let mut r = io::BufReader::new(&bytes[..]);
            let mut frames = 0;
            while let Ok(Some(_)) = read_frame(&mut r) {
                frames += 1;
                prop_assert!(frames <= bytes.len() + 1);
            }
        }
    }

    #[test]
    fn frames_and_rejects() {
        let input = b"Content-Length: 2\r\nContent-Type: x\r\n\r\n{}junk line\r\n\r\nContent-Length: 3\r\n\r\n[1]";
        let mut r = io::BufReader::new(&input[..]);
        let frames: Vec<_> = std::iter::from_fn(|| read_frame(&mut r).ok().flatten()).collect();
        assert_eq!(frames.len(), 3);
        assert_eq!(frames[0].as_deref(), Ok(&b"{}"[..]));
        assert!(frames[1].is_err());
        assert_eq!(frames[2].as_deref(), Ok(&b"[1]"[..]));
    }
}
