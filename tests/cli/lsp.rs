//! `termcheck lsp` driven over stdio with real LSP messages, compared with
//! `check --format json` on the same text; and Neovim (Debian's package)
//! running the server on the seed article.
#![allow(clippy::print_stderr)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};
use std::{fs, thread};

use serde_json::{Value, json};

use crate::common::{bin, root};

const TIMEOUT: Duration = Duration::from_secs(60);

/// A language client speaking to `termcheck lsp` over pipes.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read while waiting for something else.
    seen: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path, args: &[&str]) -> Self {
        let exe = bin().get_program().to_owned();
        let mut child = Command::new(exe)
            .arg("lsp")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("termcheck lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let l = line.trim_end();
                    if l.is_empty() {
                        break;
                    }
                    if let Some(v) = l.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Self {
            child,
            stdin,
            incoming: rx,
            seen: VecDeque::new(),
            next_id: 1,
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, msg: Value) {
        let body = serde_json::to_vec(&msg).expect("json");
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend(body);
        self.raw(&framed);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (result or error).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// The first message (already seen or still to come) that `want`
    /// accepts.
    fn wait(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&want) {
            return self.seen.remove(i).expect("present");
        }
        let start = Instant::now();
        loop {
            let left = TIMEOUT.saturating_sub(start.elapsed());
            match self.incoming.recv_timeout(left) {
                Ok(m) if want(&m) => return m,
                Ok(m) => self.seen.push_back(m),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out; messages so far: {:#?}", self.seen)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server stopped; messages so far: {:#?}", self.seen)
                }
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn initialize(&mut self, capabilities: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s.code().unwrap_or(-1);
            }
            assert!(start.elapsed() < TIMEOUT, "the server did not exit");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn file_uri(p: &Path) -> String {
    let mut s = String::from("file://");
    for b in p.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// An LSP position (UTF-16 or UTF-8) of a byte offset, computed here
/// independently of the server.
fn position(text: &str, offset: usize, utf16: bool) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = &text[line_start..offset];
    let character = if utf16 {
        col.encode_utf16().count()
    } else {
        col.len()
    };
    json!({"line": before.matches('\n').count(), "character": character})
}

/// `check --format json` on `file`, as the diagnostics the server must
/// publish: range, code, severity, message.
fn expected(dir: &Path, file: &Path, utf16: bool) -> Vec<Value> {
    let out = bin()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .expect("check runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("check writes JSON");
    let text = fs::read_to_string(file).expect("read");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = f["byte_start"].as_u64().expect("byte_start") as usize;
            let e = f["byte_end"].as_u64().expect("byte_end") as usize;
            let severity = match f["severity"].as_str() {
                Some("error") => 1,
                Some("warning") => 2,
                _ => 3,
            };
            json!({
                "range": {"start": position(&text, s, utf16), "end": position(&text, e, utf16)},
                "code": f["term_id"],
                "severity": severity,
                "message": f["message"],
            })
        })
        .collect()
}

fn comparable(diags: &[Value]) -> Vec<Value> {
    diags
        .iter()
        .map(|d| {
            json!({
                "range": d["range"],
                "code": d["code"],
                "severity": d["severity"],
                "message": d["message"],
            })
        })
        .collect()
}

const HOUSE: &str = r#"[glossary]
name = "House terms"
language = "en"

[[term]]
id = "cote-divoire"
preferred = "Côte d'Ivoire"
variants = ["Ivory Coast"]
note = "The country asks that its name not be translated."

[[term]]
id = "indivisible-security"
preferred = "indivisible security"
variants = ["indivisibility of security"]
note = "The OSCE wording."
"#;

/// A line with non-ASCII text (and a character outside the BMP, two
/// UTF-16 units) before the finding.
const ARTICLE: &str = "Talks on Côte d’Ivoire — 🇨🇮 — the Ivory Coast envoy spoke.\n\
    Nobody doubted the indivisibility of security.\n\
    Ivory Coast and Ivory Coast again.\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("house.toml"), HOUSE).expect("write");
    fs::write(
        dir.path().join("termcheck.toml"),
        "glossaries = [\"house.toml\"]\n",
    )
    .expect("write");
    dir
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().expect("line") as usize;
        let ch = p["character"].as_u64().expect("character") as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().expect("newText"),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (s, e, t) in spans {
        out.replace_range(s..e, t);
    }
    out
}

#[test]
fn lsp_diagnostics_equal_check_json_through_edits_actions_and_commands() {
    let dir = project();
    let file = dir.path().join("article.txt");
    fs::write(&file, ARTICLE).expect("write");
    let uri = file_uri(&file);
    let mut c = Client::start(dir.path(), &[]);
    let init = c.initialize(json!({}));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"],
        2
    );

    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": ARTICLE}}),
    );
    let got = c.diagnostics(&uri, 1);
    let want = expected(dir.path(), &file, true);
    assert_eq!(comparable(&got), want);
    assert!(want.len() >= 3, "{want:#?}");
    // "Ivory Coast" on line 0 after "—", "’" and the flag: the UTF-16
    // column differs from both the byte and the character column.
    let first = &got[0];
    assert_eq!(first["code"], "cote-divoire");
    let byte = ARTICLE.find("Ivory").expect("found");
    assert_eq!(first["range"]["start"], position(ARTICLE, byte, true));
    assert_ne!(first["range"]["start"], position(ARTICLE, byte, false));
    assert!(
        first["codeDescription"]["href"]
            .as_str()
            .is_some_and(|h| h.starts_with("file://") && h.contains("house.toml#L")),
        "{first}"
    );

    // An incremental change on the non-ASCII line: "the Ivory Coast" ->
    // "the Ivory Coast’s", and a word inserted after the flag.
    let line0 = ARTICLE.lines().next().expect("line");
    let after_flag = position(ARTICLE, ARTICLE.find(" — the").expect("found"), true);
    let end_of_coast = position(ARTICLE, byte + "Ivory Coast".len(), true);
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {"range": {"start": end_of_coast, "end": end_of_coast}, "text": "’s"},
                {"range": {"start": after_flag, "end": after_flag}, "text": " (flag)"},
            ]
        }),
    );
    let v2 = ARTICLE
        .replacen("Ivory Coast envoy", "Ivory Coast’s envoy", 1)
        .replacen("🇨🇮 —", "🇨🇮 (flag) —", 1);
    assert_ne!(v2, ARTICLE);
    assert!(line0.contains("🇨🇮"));
    fs::write(&file, &v2).expect("write");
    let got = c.diagnostics(&uri, 2);
    assert_eq!(comparable(&got), expected(dir.path(), &file, true));

    // Code actions on the first "Ivory Coast".
    let ivory = got
        .iter()
        .find(|d| d["code"] == "cote-divoire")
        .expect("a cote-divoire diagnostic")
        .clone();
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": ivory["range"], "context": {"diagnostics": [ivory]}}),
    );
    let actions = r["result"].as_array().expect("actions").clone();
    let titled = |p: &str| {
        actions
            .iter()
            .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(p)))
            .unwrap_or_else(|| panic!("no action starting {p:?} in {actions:#?}"))
            .clone()
    };
    let edits = |a: &Value| {
        a["edit"]["changes"][&uri]
            .as_array()
            .expect("edits")
            .clone()
    };
    let fixed = apply(&v2, &edits(&titled("Replace")));
    assert_eq!(fixed, v2.replacen("Ivory Coast", "Côte d'Ivoire", 1));
    let all = apply(&v2, &edits(&titled("Fix every")));
    assert_eq!(all, v2.replace("Ivory Coast", "Côte d'Ivoire"));
    let ignored = apply(&v2, &edits(&titled("Ignore")));
    fs::write(&file, &ignored).expect("write");
    let left = expected(dir.path(), &file, true);
    assert!(
        left.iter().all(|d| d["code"] != "cote-divoire"),
        "{left:#?}"
    );
    assert!(!left.is_empty(), "only the ignored term goes");

    // Hover on the flagged form: note and preferred form.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": ivory["range"]["start"]}),
    );
    let md = h["result"]["contents"]["value"].as_str().expect("hover");
    assert!(
        md.contains("Côte d'Ivoire") && md.contains("asks that its name"),
        "{md}"
    );

    // The exception, written to the glossary by the server; the document is
    // checked again without the excepted phrase.
    let exc = titled("Never flag");
    let cmd = &exc["command"];
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
    );
    assert_eq!(r["result"], Value::Null, "{r}");
    // The phrase is the text as found ("Ivory Coast’s": the possessive is
    // part of the match).
    let found = {
        let edits = json!([{"range": ivory["range"], "newText": "\u{1}"}]);
        let marked = apply(&v2, edits.as_array().expect("edits"));
        let at = marked.find('\u{1}').expect("marker");
        v2[at..at + v2.len() + 1 - marked.len()].to_owned()
    };
    assert_eq!(found, "Ivory Coast’s");
    let glossary = fs::read_to_string(dir.path().join("house.toml")).expect("read");
    assert!(
        glossary.contains(&format!("exceptions = [\"{found}\"]")),
        "{glossary}"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": v2}]}),
    );
    let got = c.diagnostics(&uri, 3);
    fs::write(&file, &v2).expect("write");
    let want = expected(dir.path(), &file, true);
    assert_eq!(comparable(&got), want);
    assert!(
        got.iter().all(|d| d["range"] != ivory["range"]),
        "the excepted phrase is no longer flagged: {got:#?}"
    );
    assert!(
        got.iter().any(|d| d["code"] == "cote-divoire"),
        "other places still are"
    );
    assert!(got.iter().any(|d| d["code"] == "indivisible-security"));

    assert_eq!(c.shutdown(), 0);
}

#[test]
fn lsp_positions_in_utf8_when_the_client_offers_it() {
    let dir = project();
    let file = dir.path().join("article.md");
    fs::write(&file, ARTICLE).expect("write");
    let uri = file_uri(&file);
    let mut c = Client::start(dir.path(), &[]);
    let init = c.initialize(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 7, "text": ARTICLE}}),
    );
    let got = c.diagnostics(&uri, 7);
    assert_eq!(comparable(&got), expected(dir.path(), &file, false));
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn lsp_survives_malformed_messages_and_reports_a_broken_glossary() {
    let dir = project();
    let broken = HOUSE.replace("variants = [\"Ivory Coast\"]", "variants = \"Ivory Coast\"");
    fs::write(dir.path().join("house.toml"), &broken).expect("write");
    let file = dir.path().join("a.txt");
    fs::write(&file, ARTICLE).expect("write");
    let uri = file_uri(&file);
    let mut c = Client::start(dir.path(), &[]);

    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "request before initialize: {r}");
    c.raw(b"Content-Length: 9\r\n\r\n{not json");
    c.raw(b"garbage without headers\r\n\r\n");
    c.initialize(json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}));
    // The server asks to hear about changed TOML files.
    let reg = c.wait(|m| m["method"] == "client/registerCapability");
    let r = &reg["params"]["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        r["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.toml"
    );
    c.send(json!({"jsonrpc": "2.0", "id": reg["id"], "result": null}));
    let r = c.request("termcheck/unknown", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request("textDocument/codeAction", json!({"wrong": true}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    c.notify("textDocument/didOpen", json!({"textDocument": 5}));

    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": ARTICLE}}),
    );
    let shown = c.wait(|m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 1);
    assert!(
        shown["params"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("house.toml")),
        "{shown}"
    );
    let glossary_uri = file_uri(&dir.path().join("house.toml"));
    let g = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == glossary_uri
    });
    let d = &g["params"]["diagnostics"][0];
    let line = broken
        .lines()
        .position(|l| l.starts_with("variants = \"Ivory"))
        .expect("line");
    assert_eq!(d["range"]["start"]["line"], line, "{g}");
    assert_eq!(d["severity"], 1);
    assert_eq!(c.diagnostics(&uri, 1), Vec::<Value>::new());
    let malformed: Vec<&Value> = c
        .seen
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .collect();
    assert!(malformed.len() >= 3, "{malformed:#?}");

    // Fixed on disk: the watched-file notice rebuilds the engine.
    fs::write(dir.path().join("house.toml"), HOUSE).expect("write");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": glossary_uri, "type": 2}]}),
    );
    let cleared = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == glossary_uri
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    let got = c.diagnostics(&uri, 1);
    assert_eq!(comparable(&got), expected(dir.path(), &file, true));
    assert!(!got.is_empty());
    assert_eq!(c.shutdown(), 0);
}

/// Whether a test that needs `tool` runs: present, it does; absent, it is
/// skipped with a note, except under `CI=true`, where it fails.
fn need(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v != "true"),
            "CI=true but `{tool}` is not installed (apt-get install -y {tool})"
        );
        eprintln!("note: `{tool}` is not installed; skipping an editor test");
    }
    found
}

/// Neovim's own LSP client (Debian's `neovim` package) starts the server
/// on the seed article and receives its diagnostic.
#[test]
fn neovim_shows_the_diagnostic_on_the_seed_article() {
    if !need("nvim") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("article.txt");
    fs::copy(
        root().join("examples/tass-lavrov-nato-centrism.txt"),
        &article,
    )
    .expect("copy");
    let out = dir.path().join("diagnostics.txt");
    let init = dir.path().join("init.lua");
    let exe = bin().get_program().to_owned();
    let bin_dir = Path::new(&exe).parent().expect("the binary's directory");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    fs::write(&init, format!("{}\n{NVIM_DUMP}", editors_md_lua())).expect("write");
    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-u"])
        .arg(&init)
        .arg(&article)
        .env("PATH", path)
        .env("TERMCHECK_OUT", &out)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .spawn()
        .expect("nvim runs");
    // Never hang the suite: Neovim gives up after 20 s by itself.
    let start = Instant::now();
    let status = loop {
        if let Some(s) = nvim.try_wait().expect("wait for nvim") {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = nvim.kill();
            panic!("nvim did not finish in {TIMEOUT:?}");
        }
        thread::sleep(Duration::from_millis(50));
    };
    let got = fs::read_to_string(&out).unwrap_or_default();
    assert!(status.success(), "nvim failed: {got}");
    // Neovim keeps byte columns: it converted the server's UTF-16 ones.
    let want = expected(dir.path(), &article, false);
    assert!(!want.is_empty());
    // One line per diagnostic: line:col:severity:code:message (0-based).
    let lines: Vec<String> = want
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}:{}:{}",
                d["range"]["start"]["line"],
                d["range"]["start"]["character"],
                d["severity"],
                d["code"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(got.lines().collect::<Vec<_>>(), lines, "nvim saw:\n{got}");
}

/// The Neovim set-up of docs/editors.md, exactly as documented.
fn editors_md_lua() -> String {
    let doc = fs::read_to_string(root().join("docs/editors.md")).expect("docs/editors.md");
    doc.split("## Neovim")
        .nth(1)
        .and_then(|s| s.split("```lua\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a lua block in the Neovim section")
        .to_owned()
}

/// Waits for the diagnostics of the file Neovim opened, writes them out
/// and quits.
const NVIM_DUMP: &str = r#"
local out = os.getenv("TERMCHECK_OUT")
local function finish(lines)
  local f = io.open(out, "w")
  f:write(table.concat(lines, "\n") .. "\n")
  f:close()
  vim.cmd("qall!")
end
vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    if not ok then finish({ "no diagnostics" }) return end
    local lines = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
      table.insert(lines, string.format("%d:%d:%d:%s:%s", d.lnum, d.col, d.severity, code, d.message))
    end
    finish(lines)
  end,
})
"#;

/// A 50 MB document does not stall the server: requests are answered
/// while it is checked, edits apply, and `exit` does not wait for the
/// check.
#[test]
fn lsp_stays_responsive_with_a_50_mb_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("big.txt");
    let line = "The talks went on for a long time and nothing was agreed in the end.\n";
    let mut text = String::from("Talks on Côte d’Ivoire, not the Ivory Coast.\n");
    while text.len() < 50 << 20 {
        text.push_str(line);
    }
    let uri = file_uri(&file);
    let mut c = Client::start(dir.path(), &[]);
    c.initialize(json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 30}}),
    );
    assert!(h.get("error").is_none(), "{h}");
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 3}}, "text": "Their"}]
        }),
    );
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 5}}, "context": {"diagnostics": []}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    let start = Instant::now();
    assert_eq!(c.shutdown(), 0);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "exit waited for the check"
    );
}

/// An `inconsistent` finding points at the places that spell the word
/// the other way.
#[test]
fn lsp_inconsistent_findings_list_the_other_places() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a.txt");
    let text = "We cooperate. They co-operate.\nWe cooperate again.\n";
    fs::write(&file, text).expect("write");
    let uri = file_uri(&file);
    let mut c = Client::start(dir.path(), &[]);
    c.initialize(json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let got = c.diagnostics(&uri, 1);
    assert_eq!(comparable(&got), expected(dir.path(), &file, true));
    let d = got
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("inconsistent"))
        })
        .expect("an inconsistent finding");
    let places: Vec<Value> = d["relatedInformation"]
        .as_array()
        .expect("related information")
        .iter()
        .map(|r| {
            assert_eq!(r["location"]["uri"], uri);
            r["location"]["range"]["start"].clone()
        })
        .collect();
    assert_eq!(
        places,
        [
            json!({"line": 0, "character": 3}),
            json!({"line": 1, "character": 3})
        ]
    );
    assert_eq!(c.shutdown(), 0);
}

/// Each file gets the settings of the nearest termcheck.toml above it,
/// as `check` run in that directory does.
#[test]
fn lsp_finds_the_config_per_file() {
    let dir = project();
    let house = dir.path().join("house");
    let builtin = dir.path().join("plain");
    fs::create_dir(&house).expect("mkdir");
    fs::create_dir(&builtin).expect("mkdir");
    // A term id no glossary has: a warning in the config itself.
    fs::write(
        house.join("termcheck.toml"),
        "glossaries = [\"../house.toml\"]\nexclude = [\"skipped.txt\"]\n\n[severity.terms]\ncote-divoir = \"error\"\n",
    )
    .expect("write");
    fs::write(
        builtin.join("termcheck.toml"),
        "glossaries = [\"diplomatic\"]\n",
    )
    .expect("write");
    let mut c = Client::start(dir.path(), &[]);
    c.initialize(json!({}));
    let mut codes = Vec::new();
    for (i, sub) in [&house, &builtin].into_iter().enumerate() {
        let file = sub.join("a.txt");
        fs::write(&file, ARTICLE).expect("write");
        let uri = file_uri(&file);
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": i, "text": ARTICLE}}),
        );
        let got = c.diagnostics(&uri, i as i64);
        assert_eq!(
            comparable(&got),
            expected(sub, &file, true),
            "{}",
            sub.display()
        );
        codes.push(got[0]["code"].clone());
    }
    assert_eq!(codes, [json!("cote-divoire"), json!("cote-d-ivoire")]);
    let config_uri = file_uri(&house.join("termcheck.toml"));
    let w = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    let d = &w["params"]["diagnostics"][0];
    assert_eq!(d["severity"], 2, "{w}");
    assert_eq!(d["range"]["start"]["line"], 4, "{w}");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("cote-divoir")),
        "{w}"
    );
    assert_eq!(c.shutdown(), 0);
}
