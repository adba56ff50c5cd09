//! The development web server: the site from memory, live-reload events, nothing else.
//!
//! A minimal HTTP/1.1 server over `std::net::TcpListener`, one thread per connection,
//! one request per connection (`Connection: close`). That is deliberate: the server
//! answers only `GET` and `HEAD` for files already in memory, on the loopback interface
//! by default, and its one long-lived response, the Server-Sent Events stream, is
//! simplest as a thread that owns its socket and writes when told. A crate such as
//! `tiny_http` would bring its own request loop, URL handling and buffering for no
//! gain here, and the part that matters most, turning a request target into a file,
//! has to be ours anyway so that it can be tested ([`resolve`]).
//!
//! What can be served is exactly the set of files the last good build made: there is
//! no file system access at all, so `..`, encoded separators and symlinks cannot reach
//! anything else. [`resolve`] still refuses them outright (403), so that a request that
//! tries is answered as what it is rather than as a missing page. (Symlinks in
//! `static/` are not copied by the build, so they are not in the site either.)

use std::collections::HashSet;
use std::io::{BufWriter, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::incremental::{Bytes, Files};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::escape_html;

/// Where the live-reload script and its event stream live: no site file can be there,
/// since no locale or page is named with two leading underscores.
pub const PREFIX: &str = "/__availgen/";
pub const EVENTS: &str = "/__availgen/events";
pub const SCRIPT: &str = "/__availgen/live.js";
/// Lists the paths of every file served, as JSON: for tests and tools.
pub const FILES: &str = "/__availgen/files";

const LIVE_JS: &str = include_str!("live.js");

/// Most connections served at once; more are answered 503 at once.
const MAX_CONNECTIONS: usize = 256;
/// Longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// Longest a request waits for a file that a rebuild is making again.
const PENDING_WAIT: Duration = Duration::from_secs(60);
/// How often an idle event stream sends a comment, to notice closed pages.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// One problem as the overlay shows it.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    pub source_line: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem {
            severity: d.severity,
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
            source_line: d.source_line.clone(),
        }
    }
}

/// What the server serves now.
struct State {
    /// The last good site; `None` until a build succeeds.
    files: Option<Arc<Files>>,
    /// Files being made again: requests for them wait until they are ready.
    pending: HashSet<String>,
    /// Counts successful builds; pages carry the number they were built with.
    build: u64,
    /// The problems of the last rebuild, if it failed.
    errors: Option<Vec<Problem>>,
}

/// The state shared by the rebuild loop and every connection.
pub struct Server {
    state: Mutex<State>,
    /// Signalled when `pending` empties.
    ready: Condvar,
    subscribers: Mutex<Vec<Sender<String>>>,
    connections: AtomicUsize,
}

impl Default for Server {
    fn default() -> Self {
        Server {
            state: Mutex::new(State { files: None, pending: HashSet::new(), build: 0, errors: None }),
            ready: Condvar::new(),
            subscribers: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
        }
    }
}

fn sse(event: &str, data: &str) -> String {
    // `data` is JSON on one line: serde_json escapes every newline inside strings.
    format!("event: {event}\ndata: {data}\n\n")
}

impl Server {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Serves `files` from now on, except `pending`, whose requests wait for
    /// [`Server::publish`]. With `reload`, open pages are told to reload.
    pub fn preview(&self, files: Arc<Files>, pending: HashSet<String>, reload: bool) {
        let build = {
            let mut state = self.lock();
            state.files = Some(files);
            state.pending = pending;
            if reload {
                state.build += 1;
                state.errors = None;
            }
            state.build
        };
        if reload {
            self.broadcast(&sse("reload", &format!("{{\"build\":{build}}}")));
        }
    }

    /// Serves `files` from now on, all of them. With `reload`, open pages reload.
    pub fn publish(&self, files: Arc<Files>, reload: bool) {
        self.preview(files, HashSet::new(), reload);
        self.ready.notify_all();
    }

    /// Shows `problems` on every open page; serves `restore` (the last good site) if
    /// given, or goes on serving what it serves.
    pub fn fail(&self, problems: &[Diagnostic], restore: Option<Arc<Files>>) {
        let problems: Vec<Problem> = problems.iter().map(Problem::from).collect();
        let data = serde_json::to_string(&problems).unwrap_or_else(|_| "[]".into());
        {
            let mut state = self.lock();
            if restore.is_some() {
                state.files = restore;
            }
            state.pending.clear();
            state.errors = Some(problems);
        }
        self.ready.notify_all();
        self.broadcast(&sse("errors", &data));
    }

    fn broadcast(&self, message: &str) {
        let mut subscribers = self.subscribers.lock().unwrap_or_else(|e| e.into_inner());
        subscribers.retain(|s| s.send(message.to_owned()).is_ok());
    }

    /// The event that tells a page connecting now where things stand.
    fn current_event(&self) -> String {
        let state = self.lock();
        match &state.errors {
            Some(problems) => sse("errors", &serde_json::to_string(problems).unwrap_or_else(|_| "[]".into())),
            None => sse("reload", &format!("{{\"build\":{}}}", state.build)),
        }
    }
}

/// Accepts connections until the process ends.
pub fn serve(listener: TcpListener, server: Arc<Server>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let active = server.connections.fetch_add(1, Ordering::SeqCst);
        let server = server.clone();
        if active >= MAX_CONNECTIONS {
            let _ = respond(&stream, &Response::text(503, "too many connections\n"), false);
            server.connections.fetch_sub(1, Ordering::SeqCst);
            continue;
        }
        let spawned = std::thread::Builder::new().name("availgen-http".into()).spawn({
            let server = server.clone();
            move || {
                handle(stream, &server);
                server.connections.fetch_sub(1, Ordering::SeqCst);
            }
        });
        if spawned.is_err() {
            server.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Why a request target is not a path in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Malformed: not starting with `/`, a bad percent escape, not UTF-8 (400).
    BadRequest,
    /// A `..` or `.` segment, an encoded `/`, a backslash or a NUL, however written (403).
    Forbidden,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn percent_decode(segment: &str) -> Result<Vec<u8>, Refusal> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let high = bytes.get(i + 1).copied().and_then(hex);
            let low = bytes.get(i + 2).copied().and_then(hex);
            match (high, low) {
                (Some(h), Some(l)) => out.push(h * 16 + l),
                _ => return Err(Refusal::BadRequest),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// The path inside the site that a request target names: `/en-us/` is
/// `en-us/index.html`. The query and fragment are ignored. Every segment is decoded
/// on its own, so `%2f` can never become a separator, and a segment that is or
/// decodes to `.` or `..`, or that holds a `/`, `\` or NUL, refuses the whole request.
pub fn resolve(target: &str) -> Result<String, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = path.strip_prefix('/') else {
        return Err(Refusal::BadRequest);
    };
    if path.contains('\\') {
        return Err(Refusal::Forbidden);
    }
    let mut segments: Vec<String> = Vec::new();
    for raw in path.split('/') {
        let decoded = percent_decode(raw)?;
        if decoded.iter().any(|&b| b == b'/' || b == b'\\' || b == 0) {
            return Err(Refusal::Forbidden);
        }
        let segment = String::from_utf8(decoded).map_err(|_| Refusal::BadRequest)?;
        if segment == "." || segment == ".." {
            return Err(Refusal::Forbidden);
        }
        if !segment.is_empty() {
            segments.push(segment);
        }
    }
    let mut key = segments.join("/");
    if path.is_empty() || path.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// The tag that serve mode adds to every HTML page, carrying the build it came from.
pub fn script_tag(build: u64) -> String {
    format!("<script src=\"{SCRIPT}\" data-build=\"{build}\"></script>")
}

/// `html` with the live-reload script before its last `</body>` (or at the end).
pub fn inject(html: &[u8], build: u64) -> Vec<u8> {
    let tag = script_tag(build);
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
}

impl Response {
    fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: Bytes::from(body.as_bytes()),
        }
    }

    fn file(status: u16, path: &str, body: Bytes, build: u64) -> Response {
        let kind = content_type(path);
        let body = if kind.starts_with("text/html") { Bytes::from(inject(&body, build)) } else { body };
        Response { status, headers: vec![("Content-Type", kind.into())], body }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn respond(mut stream: &TcpStream, response: &Response, head_only: bool) -> std::io::Result<()> {
    let mut out = BufWriter::new(&mut stream);
    write!(
        out,
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    )?;
    for (name, value) in &response.headers {
        write!(out, "{name}: {value}\r\n")?;
    }
    out.write_all(b"\r\n")?;
    if !head_only {
        out.write_all(&response.body)?;
    }
    out.flush()
}

/// Reads the request head; `None` if the client sent nothing usable in time.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(end);
            return String::from_utf8(head).ok();
        }
        if head.len() > MAX_HEAD {
            return None;
        }
    }
}

fn handle(mut stream: TcpStream, server: &Server) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let Some(head) = read_head(&mut stream) else {
        let _ = respond(&stream, &Response::text(400, "bad request\n"), false);
        return;
    };
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    let (method, target, version) = (parts.next(), parts.next(), parts.next());
    let (Some(method), Some(target), Some(version)) = (method, target, version) else {
        let _ = respond(&stream, &Response::text(400, "bad request\n"), false);
        return;
    };
    if !version.starts_with("HTTP/1.") {
        let _ = respond(&stream, &Response::text(400, "bad request\n"), false);
        return;
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let mut r = Response::text(405, "only GET and HEAD\n");
            r.headers.push(("Allow", "GET, HEAD".into()));
            let _ = respond(&stream, &r, false);
            return;
        }
    };
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS && !head_only {
        events(stream, server);
        return;
    }
    let response = route(server, target);
    let _ = respond(&stream, &response, head_only);
}

fn route(server: &Server, target: &str) -> Response {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == SCRIPT {
        return Response {
            status: 200,
            headers: vec![("Content-Type", content_type(".js").into())],
            body: Bytes::from(LIVE_JS.as_bytes()),
        };
    }
    let key = resolve(target);
    let (files, build, errors) = {
        let mut state = server.lock();
        // A file being made again is sent when it is ready (or, past a minute, as it was).
        let deadline = Instant::now() + PENDING_WAIT;
        while (path == FILES && !state.pending.is_empty()) || key.as_ref().is_ok_and(|k| state.pending.contains(k)) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = server.ready.wait_timeout(state, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        (state.files.clone(), state.build, state.errors.clone())
    };
    if path == FILES {
        let mut list: Vec<&String> = files.iter().flat_map(|f| f.keys()).collect();
        list.sort();
        return Response {
            status: 200,
            headers: vec![("Content-Type", "application/json".into())],
            body: Bytes::from(serde_json::to_vec(&list).unwrap_or_default()),
        };
    }
    if path.starts_with(PREFIX) || path == EVENTS {
        return Response::text(404, "not found\n");
    }
    let key = match key {
        Ok(key) => key,
        Err(Refusal::BadRequest) => return Response::text(400, "bad request\n"),
        Err(Refusal::Forbidden) => return Response::text(403, "forbidden\n"),
    };
    let Some(files) = files else {
        return error_page(&errors.unwrap_or_default(), build);
    };
    if let Some(body) = files.get(&key) {
        return Response::file(200, &key, body.clone(), build);
    }
    // `/en-us` is a directory: send the browser to `/en-us/` so relative links work.
    if !path.ends_with('/') && files.contains_key(&format!("{key}/index.html")) {
        let mut r = Response::text(301, "moved\n");
        r.headers.push(("Location", format!("{path}/")));
        return r;
    }
    match files.get("404.html") {
        Some(body) => Response::file(404, "404.html", body.clone(), build),
        None => Response::text(404, "not found\n"),
    }
}

/// What every request gets before the first build has succeeded: the problems.
fn error_page(problems: &[Problem], build: u64) -> Response {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>availgen: the site does not build</title>\n</head>\n<body>\n<h1>The site does not build</h1>\n<ul>\n",
    );
    for p in problems {
        html.push_str(&format!(
            "<li><code>{}:{}:{}</code> {}{}</li>\n",
            escape_html(&p.file),
            p.line,
            p.column,
            escape_html(&p.message),
            p.hint.as_deref().map(|h| format!(" <em>{}</em>", escape_html(h))).unwrap_or_default()
        ));
    }
    html.push_str("</ul>\n<p>Fix the files above: this page reloads when the site builds.</p>\n</body>\n</html>\n");
    Response::file(503, "error.html", Bytes::from(html.into_bytes()), build)
}

/// The Server-Sent Events stream: the current state, then each rebuild's outcome.
fn events(stream: TcpStream, server: &Server) {
    let (tx, rx): (Sender<String>, Receiver<String>) = mpsc::channel();
    // Subscribe before reading the state, so no rebuild falls between the two.
    server.subscribers.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut out = &stream;
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    if out.write_all(head.as_bytes()).is_err() || out.write_all(server.current_event().as_bytes()).is_err() {
        return;
    }
    loop {
        let message = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".into(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out.write_all(message.as_bytes()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn site(files: &[(&str, &str)]) -> Arc<Files> {
        Arc::new(files.iter().map(|(p, b)| ((*p).to_owned(), Bytes::from(b.as_bytes()))).collect::<HashMap<_, _>>())
    }

    #[test]
    fn directories_are_their_index() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/en-us/").unwrap(), "en-us/index.html");
        assert_eq!(resolve("/en-us").unwrap(), "en-us");
        assert_eq!(resolve("/style.css?v=2#x").unwrap(), "style.css");
        assert_eq!(resolve("/en-us//availability.csv").unwrap(), "en-us/availability.csv");
        assert_eq!(resolve("/zh-cn/%E4%B8%AD%E6%96%87/").unwrap(), "zh-cn/中文/index.html");
    }

    #[test]
    fn traversal_is_refused_however_it_is_written() {
        for target in [
            "/../etc/passwd",
            "/en-us/../../etc/passwd",
            "/./index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/.%2e/etc/passwd",
            "/en-us/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/en-us%2f..%2f..%2fetc/passwd",
            "/a%2fb",
            "/a%5cb",
            "/..\\etc\\passwd",
            "/en-us\\index.html",
            "/a%00b",
            "/index.html%00.css",
        ] {
            assert_eq!(resolve(target), Err(Refusal::Forbidden), "{target}");
        }
    }

    #[test]
    fn malformed_targets_are_bad_requests() {
        for target in ["", "index.html", "http://x/", "/%", "/%zz", "/%e4%b8", "/%ff"] {
            assert_eq!(resolve(target), Err(Refusal::BadRequest), "{target}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("en-us/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("availgen.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("availability.json"), "application/json");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("en-us/availability.csv"), "text/csv; charset=utf-8");
        assert_eq!(
            content_type("en-us/availability.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
        assert_eq!(content_type("a.b/LICENSE"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(html, 7)).unwrap();
        assert_eq!(out, format!("<html><body><p>x</p>{}</body></html>", script_tag(7)));
        assert!(String::from_utf8(inject(b"<p>no body", 1)).unwrap().ends_with(&script_tag(1)));
    }

    #[test]
    fn routes_files_directories_and_missing_pages() {
        let server = Server::default();
        server.publish(
            site(&[
                ("index.html", "<body>root</body>"),
                ("en-us/index.html", "<body>en</body>"),
                ("404.html", "<body>missing</body>"),
                ("en-us/availability.xlsx", "PK"),
            ]),
            true,
        );
        let r = route(&server, "/en-us/");
        assert_eq!(r.status, 200);
        assert!(String::from_utf8_lossy(&r.body).contains(SCRIPT));
        let r = route(&server, "/en-us");
        assert_eq!((r.status, r.headers[1].1.as_str()), (301, "/en-us/"));
        let r = route(&server, "/nowhere/");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8_lossy(&r.body).contains("missing"));
        let r = route(&server, "/en-us/availability.xlsx");
        assert_eq!((r.status, &r.body[..]), (200, &b"PK"[..]));
        assert_eq!(route(&server, "/../index.html").status, 403);
        assert_eq!(route(&server, "/__availgen/nothing").status, 404);
    }

    #[test]
    fn before_the_first_good_build_every_page_shows_the_problems() {
        let server = Server::default();
        server.fail(&[Diagnostic::error("content/countries/x.yaml", "<bad> & wrong")], None);
        let r = route(&server, "/en-us/");
        assert_eq!(r.status, 503);
        let body = String::from_utf8_lossy(&r.body).into_owned();
        assert!(body.contains("&lt;bad&gt; &amp; wrong"), "{body}");
        assert!(body.contains("content/countries/x.yaml:0:0"), "{body}");
    }

    #[test]
    fn a_file_being_made_again_is_sent_when_it_is_ready() {
        let server = Arc::new(Server::default());
        server.publish(site(&[("a.csv", "old"), ("b.html", "old")]), true);
        server.preview(site(&[("a.csv", "old"), ("b.html", "new")]), HashSet::from(["a.csv".to_owned()]), true);
        assert!(String::from_utf8_lossy(&route(&server, "/b.html").body).contains("new"));
        let later = server.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            later.publish(site(&[("a.csv", "new"), ("b.html", "new")]), false);
        });
        let started = Instant::now();
        let r = route(&server, "/a.csv");
        assert_eq!(&r.body[..], b"new");
        assert!(started.elapsed() >= Duration::from_millis(90));
        t.join().unwrap();
        assert!(server.current_event().contains("\"build\":2"));
    }
}
