//! Latency of `termcheck lsp`: the time from sending a `didChange` to
//! receiving the `publishDiagnostics` of that version, for a document
//! the editor has open. Run by bench/run.sh:
//!
//!   lsp_latency TERMCHECK_BINARY ARTICLE [CHANGES]
//!
//! Each change inserts a word on a different line (an incremental
//! change, as an editor sends while typing), after a pause longer than
//! the debounce interval, so each is an isolated change. Prints the
//! median, 95th percentile and maximum.
#![allow(clippy::print_stdout)]

use std::io::{BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, exe, article, rest @ ..] = args.as_slice() else {
        return Err("usage: lsp_latency TERMCHECK ARTICLE [CHANGES]".into());
    };
    let changes: usize = rest.first().map_or(Ok(50), |s| s.parse())?.max(1);
    let text = std::fs::read_to_string(article)?;
    let path = std::fs::canonicalize(article)?;
    let uri = format!("file://{}", path.display());
    let mut child = Command::new(exe)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut send = |m: Message| -> std::io::Result<()> {
        m.write(&mut stdin)?;
        stdin.flush()
    };
    let mut wait_version = |v: i32| -> Result<usize, Box<dyn std::error::Error>> {
        loop {
            match Message::read(&mut stdout)? {
                Some(Message::Notification(n))
                    if n.method == "textDocument/publishDiagnostics"
                        && n.params["version"] == v =>
                {
                    return Ok(n.params["diagnostics"].as_array().map_or(0, Vec::len));
                }
                Some(_) => {}
                None => return Err("the server stopped".into()),
            }
        }
    };
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".to_owned(),
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    )))?;
    send(Message::Notification(Notification::new(
        "initialized".to_owned(),
        json!({}),
    )))?;
    let t = Instant::now();
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".to_owned(),
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    )))?;
    let found = wait_version(1)?;
    let open = t.elapsed();
    let lines = text.lines().count().max(1);
    let mut times = Vec::with_capacity(changes);
    for i in 0..changes {
        std::thread::sleep(Duration::from_millis(200));
        let version = i32::try_from(i + 2)?;
        let line = (i * 7919) % lines;
        let t = Instant::now();
        send(Message::Notification(Notification::new(
            "textDocument/didChange".to_owned(),
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                    "text": "Moreover ",
                }]
            }),
        )))?;
        wait_version(version)?;
        times.push(t.elapsed());
    }
    send(Message::Request(Request::new(
        RequestId::from(2),
        "shutdown".to_owned(),
        serde_json::Value::Null,
    )))?;
    send(Message::Notification(Notification::new(
        "exit".to_owned(),
        serde_json::Value::Null,
    )))?;
    child.wait()?;
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let words = text.split_whitespace().count();
    println!(
        "{words} words, {found} diagnostics; open: {:.1} ms; {changes} changes: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms(open),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1]),
    );
    Ok(())
}
