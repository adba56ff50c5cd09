//! `availgen serve`, the real binary: a child process on a free loopback port, spoken to
//! over plain TCP. Every server is killed when its test ends, passed or failed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_availgen");
const CRATE: &str = env!("CARGO_MANIFEST_DIR");
/// Generous: debug builds on a busy 2-core machine.
const WAIT: Duration = Duration::from_secs(90);
const ARGENTINA: &str = "content/countries/argentina.yaml";
const ARGENTINA_PAGE: &str = "/en-us/availability-in-argentina/";
/// The file `availgen build` leaves in its output (`write::MARKER`).
const MARKER: &str = ".availgen-output";

/// A small copy of the bundled site: six countries, every locale, page, template and
/// static file.
fn small_site(root: &Path) {
    let from = Path::new(CRATE);
    for sub in ["content/countries", "content/pages", "locales", "templates", "static"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    let copy = |rel: &str| {
        std::fs::copy(from.join(rel), root.join(rel)).unwrap();
    };
    for c in ["argentina", "brazil", "canada", "france", "germany", "japan"] {
        copy(&format!("content/countries/{c}.yaml"));
    }
    copy("content/outbound.yaml");
    for sub in ["content/pages", "locales", "templates", "static"] {
        for e in std::fs::read_dir(from.join(sub)).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            copy(&format!("{sub}/{name}"));
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Edits a file in place (one write, as most editors do for small files).
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// A running `availgen serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    stdout: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let port = free_port();
        let mut child = Command::new(BIN)
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .env("AVAILGEN_SERVE_VERIFY", "1")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, stdout) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let server = Server { child, port, stdout, stderr };
        let line = server.wait_line("Serving ");
        assert!(line.contains(&format!("http://127.0.0.1:{port}/")), "{line}");
        server
    }

    fn wait_line(&self, start: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.starts_with(start) => return line,
                Ok(_) => {}
                Err(_) => panic!("no line starting {start:?}; stderr:\n{}", self.stderr.lock().unwrap()),
            }
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, target: &str) -> Reply {
        request(self.port, "GET", target)
    }

    /// Polls `target` until its body contains `needle`.
    fn wait_for(&self, target: &str, needle: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.get(target).text().contains(needle) {
            assert!(Instant::now() < deadline, "{target} never showed {needle:?}; stderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn events(&self) -> Events {
        Events::connect(self.port)
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does; returns the exit status and the
    /// lines printed since the last one read.
    fn interrupt(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader thread ends with the pipe; what it read is in the channel.
                std::thread::sleep(Duration::from_millis(100));
                return (status, self.stdout.try_iter().collect());
            }
            assert!(Instant::now() < deadline, "still running after SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request with the target sent exactly as given (no client normalization).
fn request(port: u16, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8(raw[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines.filter_map(|l| l.split_once(": ")).map(|(n, v)| (n.to_owned(), v.to_owned())).collect();
    Reply { status, headers, body: raw[end + 4..].to_vec() }
}

/// The live-reload tag that serve mode adds to HTML, removed again.
fn without_script(html: &str) -> String {
    let start = html.find("<script src=\"/__availgen/live.js\"").expect("the live-reload script in a served page");
    let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

/// A Server-Sent Events stream, read on a thread into (event, data) pairs.
struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET /__availgen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            // The response head.
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let (mut event, mut data) = (String::new(), String::new());
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let l = line.trim_end_matches('\n');
                if l.is_empty() {
                    if !event.is_empty() && tx.send((event.clone(), data.clone())).is_err() {
                        return;
                    }
                    event.clear();
                    data.clear();
                } else if let Some(v) = l.strip_prefix("event: ") {
                    event = v.to_owned();
                } else if let Some(v) = l.strip_prefix("data: ") {
                    data = v.to_owned();
                }
            }
        });
        Events { rx }
    }

    /// The next event, whatever it is.
    fn next(&self) -> (String, String) {
        self.rx.recv_timeout(WAIT).expect("an event")
    }

    /// Waits for an event named `name`, skipping others; returns its data as JSON.
    fn wait(&self, name: &str) -> serde_json::Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (event, data) = self.rx.recv_timeout(left).unwrap_or_else(|_| panic!("no {name} event"));
            if event == name {
                return serde_json::from_str(&data).unwrap();
            }
        }
    }
}

/// Every file of a clean `availgen build` of `root`.
fn clean_build(root: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let status = Command::new(BIN)
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut files = Vec::new();
    let mut todo: Vec<PathBuf> = vec![out.to_owned()];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.file_name().is_some_and(|n| n == MARKER) {
                // Written by the write stage to mark a built output; serve writes nothing.
                continue;
            } else {
                let rel = path.strip_prefix(out).unwrap().to_string_lossy().into_owned();
                files.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Every file the server serves equals the same file of a clean build, and no more.
fn assert_same_as_clean_build(server: &Server, root: &Path, out: &Path) {
    let clean = clean_build(root, out);
    let listed: Vec<String> = serde_json::from_slice(&server.get("/__availgen/files").body).unwrap();
    let built: Vec<&str> = clean.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(listed, built, "the served files are those of a clean build");
    for (path, bytes) in &clean {
        assert!(!String::from_utf8_lossy(bytes).contains("__availgen"), "{path}: build output has serve-only markup");
        let reply = server.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "{path}");
        if path.ends_with(".html") {
            assert_eq!(
                without_script(&reply.text()),
                String::from_utf8_lossy(bytes),
                "{path} differs from a clean build"
            );
        } else {
            assert!(&reply.body == bytes, "{path} differs from a clean build");
        }
    }
    assert!(!server.stderr().contains("MISMATCH"), "{}", server.stderr());
}

#[test]
fn serves_rebuilds_on_change_and_matches_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    small_site(&root);
    let server = Server::start(&root);

    let index = server.get("/en-us/");
    assert_eq!(index.status, 200);
    assert_eq!(index.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(index.text().contains("<script src=\"/__availgen/live.js\" data-build=\"1\"></script></body>"));
    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/availgen.js", "text/javascript; charset=utf-8"),
        ("/__availgen/live.js", "text/javascript; charset=utf-8"),
        ("/availability.json", "application/json"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/zh-cn/availability.csv", "text/csv; charset=utf-8"),
        ("/zh-cn/availability.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ] {
        let reply = server.get(path);
        assert_eq!((reply.status, reply.header("Content-Type")), (200, Some(kind)), "{path}");
    }
    let moved = server.get("/en-us");
    assert_eq!((moved.status, moved.header("Location")), (301, Some("/en-us/")));
    let missing = server.get("/en-us/availability-in-atlantis/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("class=\"chooser\""), "the site's 404.html");
    let head = request(server.port, "HEAD", "/en-us/");
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(request(server.port, "POST", "/en-us/").status, 405);

    // One country file: the page changes, and an open page is told to reload.
    let events = server.events();
    assert_eq!(events.wait("reload")["build"], 1);
    assert!(!server.get(ARGENTINA_PAGE).text().contains("Marker One"));
    edit(&root, ARGENTINA, "Mendoza", "Marker One");
    assert_eq!(events.wait("reload")["build"], 2);
    let page = server.get(ARGENTINA_PAGE).text();
    assert!(page.contains("Marker One"), "{page}");
    assert!(page.contains("data-build=\"2\""));
    let zh = server.get("/zh-cn/availability-in-argentina/").text();
    assert!(zh.contains("Marker One"));

    // Saved as many editors do: a new file renamed over the old one.
    let text = std::fs::read_to_string(root.join(ARGENTINA)).unwrap();
    let tmp = root.join("content/countries/.argentina.yaml.tmp~");
    std::fs::write(&tmp, text.replace("Marker One", "Marker Two")).unwrap();
    std::fs::rename(&tmp, root.join(ARGENTINA)).unwrap();
    events.wait("reload");
    assert!(server.get(ARGENTINA_PAGE).text().contains("Marker Two"));

    // Written twice in quick succession (truncate, then the text): the last text wins.
    let path = root.join(ARGENTINA);
    std::fs::write(&path, "").unwrap();
    std::fs::write(&path, text.replace("Marker One", "Marker Three")).unwrap();
    server.wait_for(ARGENTINA_PAGE, "Marker Three");

    // A locale, a template and a static file.
    edit(&root, "locales/zh-TW.yaml", "site_title: ", "site_title: 新 ");
    server.wait_for("/zh-tw/", "新 ");
    edit(&root, "templates/country.html", "<", "<!-- country template edited -->\n<");
    server.wait_for("/zh-tw/availability-in-japan/", "country template edited");
    // The row template: its rows were kept from the last build, and must not be served again.
    edit(&root, "templates/fact_row.html", "<th scope=\"row\">", "<th scope=\"row\" class=\"row-edited\">");
    server.wait_for("/zh-cn/availability-in-brazil/", "class=\"row-edited\"");
    std::fs::write(root.join("static/extra.css"), "body { color: red }\n").unwrap();
    server.wait_for("/extra.css", "color: red");

    // availgen.toml: a locale that `publish` leaves out is served no more.
    std::fs::write(root.join("availgen.toml"), "publish = [\"en-US\", \"zh-CN\"]\n").unwrap();
    let deadline = Instant::now() + WAIT;
    while server.get("/zh-tw/").status != 404 {
        assert!(Instant::now() < deadline, "zh-TW is still served; stderr:\n{}", server.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server.get("/zh-cn/").status, 200);

    assert_same_as_clean_build(&server, &root, &dir.path().join("public"));
    assert!(server.stderr().contains("verify: served site = clean build"));

    let (status, rest) = server.interrupt();
    assert!(status.success(), "Ctrl-C exits with {status:?}");
    assert!(rest.iter().any(|l| l == "Stopped."), "{rest:?}");
}

#[test]
fn only_files_of_the_site_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    small_site(&root);
    std::fs::write(dir.path().join("secret.txt"), "TOP SECRET").unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), root.join("static/up")).unwrap();
    let server = Server::start(&root);
    assert_eq!(server.get("/style.css").status, 200);
    for target in [
        "/../secret.txt",
        "/en-us/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/en-us/..%2f..%2fsecret.txt",
        "/en-us%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/en-us\\..\\..\\secret.txt",
        "/index.html%00",
        "/%00/secret.txt",
        "/leak.txt",
        "/up/secret.txt",
        "/up/site/content/countries/argentina.yaml",
        "//secret.txt",
        "/content/countries/argentina.yaml",
    ] {
        let reply = server.get(target);
        assert!(reply.status == 403 || reply.status == 404, "{target}: {}", reply.status);
        assert!(!reply.text().contains("TOP SECRET"), "{target}");
        assert!(!reply.text().contains("code: AR"), "{target}");
    }
    assert_eq!(server.get("/%2e%2e/secret.txt").status, 403);
    assert_eq!(server.get("/%zz").status, 400);
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_until_it_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    small_site(&root);
    let server = Server::start(&root);
    let events = server.events();
    events.wait("reload");
    let good = server.get(ARGENTINA_PAGE).text();

    edit(&root, ARGENTINA, "code: AR", "code: [AR]");
    // A rebuild starts at the first event, which may be the write's truncation (an
    // empty file, its own error): the errors of the text as written come with the next.
    let deadline = Instant::now() + WAIT;
    let errors = loop {
        let errors = events.wait("errors");
        if errors[0]["column"].as_u64() == Some(7) || Instant::now() > deadline {
            break errors;
        }
    };
    let first = &errors[0];
    assert_eq!(first["file"], ARGENTINA);
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(1), Some(7)));
    assert!(first["message"].as_str().unwrap().contains("must be a string"), "{errors}");
    // The terminal shows the same diagnostics as `availgen build`.
    let deadline = Instant::now() + WAIT;
    while !server.stderr().contains("still serving the last good site") {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    let stderr = server.stderr();
    assert!(stderr.contains(&format!("--> {ARGENTINA}:1:7")), "{stderr}");
    assert!(stderr.contains("1 error(s)"), "{stderr}");
    // The last good page is still served, and a page opened now is shown the errors.
    let reply = server.get(ARGENTINA_PAGE);
    assert_eq!(reply.status, 200);
    assert_eq!(without_script(&reply.text()), without_script(&good));
    let late = server.events();
    let (event, data) = late.next();
    assert_eq!(event, "errors", "{data}");

    let fixed = std::fs::read_to_string(root.join(ARGENTINA))
        .unwrap()
        .replace("code: [AR]", "code: AR")
        .replace("Mendoza", "Fixed Marker");
    std::fs::write(root.join(ARGENTINA), fixed).unwrap();
    events.wait("reload");
    late.wait("reload");
    assert!(server.get(ARGENTINA_PAGE).text().contains("Fixed Marker"));
    assert_same_as_clean_build(&server, &root, &dir.path().join("public"));
}

#[test]
fn a_site_that_never_built_shows_its_errors_then_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    small_site(&root);
    // An unknown key whose name is markup: it must reach the page escaped.
    edit(&root, ARGENTINA, "communications_credits:", "<b>x</b>: 1\ncommunications_credits:");
    let server = Server::start(&root);
    let reply = server.get("/en-us/");
    assert_eq!(reply.status, 503);
    let body = reply.text();
    assert!(body.contains("content/countries/argentina.yaml:"), "{body}");
    assert!(body.contains("&lt;b&gt;x&lt;/b&gt;"), "{body}");
    assert!(!body.contains("<b>x</b>"), "{body}");
    let events = server.events();
    let errors = events.wait("errors");
    assert!(errors[0]["message"].as_str().unwrap().contains("<b>x</b>"));

    edit(&root, ARGENTINA, "<b>x</b>: 1\n", "");
    assert_eq!(events.wait("reload")["build"], 1);
    assert_eq!(server.get("/en-us/").status, 200);
}

#[test]
fn an_editors_double_save_ends_with_the_final_text_served() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    small_site(&root);
    let server = Server::start(&root);
    let path = root.join(ARGENTINA);
    let text = std::fs::read_to_string(&path).unwrap();

    // Truncated, then written a few ms later: the first rebuild may read the empty file
    // (and fail), but the second write's event makes another rebuild with the full text.
    for (n, pause) in [0, 5, 30].into_iter().enumerate() {
        std::fs::write(&path, "").unwrap();
        std::thread::sleep(Duration::from_millis(pause));
        let marker = format!("Double Save {n}");
        std::fs::write(&path, text.replace("Mendoza", &marker)).unwrap();
        server.wait_for(ARGENTINA_PAGE, &marker);
    }

    // Written to a temporary file, then renamed over the original, twice in a row.
    let tmp = root.join("content/countries/.argentina.yaml.tmp~");
    for marker in ["Renamed One", "Renamed Two"] {
        std::fs::write(&tmp, text.replace("Mendoza", marker)).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    server.wait_for(ARGENTINA_PAGE, "Renamed Two");

    // Several files saved at once, during whatever rebuild runs: none is lost.
    edit(&root, "content/countries/brazil.yaml", "code: BR", "code: BR\n# saved");
    edit(&root, "content/countries/japan.yaml", "Tokyo", "Burst Marker");
    edit(&root, ARGENTINA, "Renamed Two", "Burst Marker Two");
    server.wait_for("/en-us/availability-in-japan/", "Burst Marker");
    server.wait_for(ARGENTINA_PAGE, "Burst Marker Two");
    assert_same_as_clean_build(&server, &root, &dir.path().join("public"));
}
