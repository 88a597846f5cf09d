//! A plain static file server, as a static host behaves: files as they are, a directory answers
//! with its `index.html`, and anything missing answers `404.html` with status 404. No other
//! fallback, no rewrite rules. Optionally it gzips like a real host (for the benchmark) and
//! adds a script at the start of every HTML page (the benchmark's in-page probes).
//!
//! Like a real host (nginx's `tcp_nodelay on`, the default), it sends each response at once:
//! with Nagle's algorithm on, the second response on a kept-alive connection sat in the
//! server's socket until the browser's delayed acknowledgement of the first came, and a page
//! of several files (the viewer's stylesheet, loader, head, facet header) was painted and
//! ready that much later, where a page of one large file (the baseline's) barely moved.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use tiny_http::{Header, Response, Server};

/// A running server; it stops when the test process ends.
pub struct StaticSite {
    /// `http://127.0.0.1:PORT/prefix/`
    pub base_url: String,
}

/// How the server answers besides the files themselves.
#[derive(Clone, Default)]
pub struct Options {
    /// Gzip responses when the client accepts it, as a static host does.
    pub gzip: bool,
    /// HTML inserted at the start of every HTML page, before anything else runs.
    pub head_script: Option<String>,
    /// A script served at `{prefix}__probe.js`, for pages under a Content-Security-Policy
    /// that forbids inline scripts.
    pub probe_js: Option<&'static str>,
    /// Counts the requests for `{prefix}__ready`, which a probe makes once its page is ready:
    /// the benchmark waits for it without running anything in the page while it loads.
    pub ready_beacon: Option<Arc<AtomicUsize>>,
    /// Answers for paths containing the first part only after the second has passed: a
    /// slow link to chosen files, so a test can look at the page while they are on their way.
    pub slow: Vec<(&'static str, std::time::Duration)>,
    /// Answers 503 to the first request for each path containing one of these, from each
    /// browser (by its `User-Agent`): a host that fails now and then, so a test can see what a
    /// reader sees and that a retry mends it.
    pub fail_first: Vec<&'static str>,
    /// The paths failed so far, each with the browser it failed for.
    pub failed: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
}

/// Serves `root` under `prefix` (`/` or `/news/`) on a free loopback port.
#[allow(dead_code)] // each test binary uses one of the two entry points
pub fn serve(root: PathBuf, prefix: &str) -> StaticSite {
    serve_with(root, prefix, Options::default())
}

/// Serves `root` under `prefix` with `options`.
pub fn serve_with(root: PathBuf, prefix: &str, options: Options) -> StaticSite {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    // Connections accepted from the listener inherit the option (on Linux).
    socket2::SockRef::from(&listener)
        .set_tcp_nodelay(true)
        .expect("TCP_NODELAY on the listener");
    let server = Arc::new(Server::from_listener(listener, None).expect("a server"));
    let port = server.server_addr().to_ip().expect("an IP address").port();
    let prefix = prefix.to_string();
    let base_url = format!("http://127.0.0.1:{port}{prefix}");
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let root = root.clone();
        let prefix = prefix.clone();
        let options = options.clone();
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let path = request
                    .url()
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let accepts_gzip = request
                    .headers()
                    .iter()
                    .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
                let header = |name: &'static str| {
                    (request.headers().iter())
                        .find(|h| h.field.equiv(name))
                        .map(|h| h.value.to_string())
                };
                let agent = header("User-Agent").unwrap_or_default();
                let range = header("Range");
                let response = respond(&root, &prefix, &path, &options, accepts_gzip, &agent);
                let response = match range.as_deref().and_then(byte_range) {
                    Some(range) => partial(response, range),
                    None => response,
                };
                // `E2E_LOG=1`: every request and its status on standard error, to see what a
                // page asked for when a scenario fails.
                if std::env::var_os("E2E_LOG").is_some() {
                    eprintln!(
                        "SERVER {:?} {} {path} {}",
                        std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .unwrap_or_default(),
                        request.method(),
                        response.status_code().0
                    );
                }
                let _ = request.respond(response);
            }
        });
    }
    StaticSite { base_url }
}

fn respond(
    root: &Path,
    prefix: &str,
    url_path: &str,
    options: &Options,
    accepts_gzip: bool,
    agent: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    if let (Some(beacon), true) = (&options.ready_beacon, url_path.ends_with("/__ready")) {
        beacon.fetch_add(1, Ordering::SeqCst);
        return Response::from_data(b"ok".to_vec()).with_chunked_threshold(usize::MAX);
    }
    if let (Some(probe), true) = (options.probe_js, url_path.ends_with("/__probe.js")) {
        return Response::from_data(probe.as_bytes().to_vec()).with_header(
            Header::from_bytes("Content-Type", "text/javascript").expect("valid header"),
        );
    }
    let found = url_path
        .strip_prefix(prefix.trim_end_matches('/'))
        .and_then(|rest| resolve(root, rest));
    let (file, status) = match found {
        Some(file) => (file, 200),
        None if root.join("404.html").is_file() => (root.join("404.html"), 404),
        None => return Response::from_data(b"not found".to_vec()).with_status_code(404),
    };
    if options
        .fail_first
        .iter()
        .any(|part| url_path.contains(part))
        && options
            .failed
            .lock()
            .is_ok_and(|mut failed| failed.insert(format!("{agent} {url_path}")))
    {
        return Response::from_data(b"unavailable".to_vec()).with_status_code(503);
    }
    if let Some((_, wait)) = options
        .slow
        .iter()
        .find(|(part, _)| url_path.contains(part))
    {
        thread::sleep(*wait);
    }
    file_response(&file, status, options, accepts_gzip)
}

/// The file a URL path names under `root`, refusing `..`.
fn resolve(root: &Path, rest: &str) -> Option<PathBuf> {
    let decoded = percent_decode(rest);
    let mut path = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." {
            return None;
        }
        path.push(segment);
    }
    if path.is_dir() {
        if !rest.ends_with('/') && !rest.is_empty() {
            return None;
        }
        path.push("index.html");
    }
    path.is_file().then_some(path)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(value) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Gzipped bodies by path, made once: a real host serves precompressed or cached files, so
/// compression time must not count as the page's.
fn gzipped(path: &Path, body: &[u8]) -> Vec<u8> {
    use std::collections::HashMap;
    use std::io::Write;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Vec<u8>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(path).cloned()) {
        return hit;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    let _ = encoder.write_all(body);
    let out = encoder.finish().unwrap_or_default();
    if let Ok(mut c) = cache.lock() {
        c.insert(path.to_path_buf(), out.clone());
    }
    out
}

/// The first and last byte of a `Range: bytes=A-B` header (one range, both ends given), the
/// only form a test asks for.
fn byte_range(header: &str) -> Option<(usize, usize)> {
    let (first, last) = header.strip_prefix("bytes=")?.split_once('-')?;
    Some((first.trim().parse().ok()?, last.trim().parse().ok()?))
}

/// A successful, uncompressed answer cut to `range`, as static hosts answer a range request
/// (`206` with `Content-Range`); any other answer as it is.
fn partial(
    response: Response<std::io::Cursor<Vec<u8>>>,
    (first, last): (usize, usize),
) -> Response<std::io::Cursor<Vec<u8>>> {
    let compressed = (response.headers().iter()).any(|h| h.field.equiv("Content-Encoding"));
    if response.status_code().0 != 200 || compressed {
        return response;
    }
    let headers = response.headers().to_vec();
    let body = response.into_reader().into_inner();
    let total = body.len();
    let Some(slice) = body.get(first..=last.min(total.saturating_sub(1))) else {
        return response_416(total);
    };
    let mut cut = Response::from_data(slice.to_vec())
        .with_chunked_threshold(usize::MAX)
        .with_status_code(206);
    for header in headers {
        cut = cut.with_header(header);
    }
    let range = format!("bytes {first}-{}/{total}", first + slice.len() - 1);
    cut.with_header(Header::from_bytes("Content-Range", range).expect("valid header"))
}

/// The answer to a range past the end of a file of `total` bytes.
fn response_416(total: usize) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(Vec::new())
        .with_status_code(416)
        .with_header(
            Header::from_bytes("Content-Range", format!("bytes */{total}")).expect("valid header"),
        )
}

fn file_response(
    path: &Path,
    status: u16,
    options: &Options,
    accepts_gzip: bool,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut body = std::fs::read(path).unwrap_or_default();
    let extension = path.extension().and_then(|e| e.to_str());
    if let (Some("html"), Some(script)) = (extension, &options.head_script) {
        // Right after the `<html …>` start tag (minified pages omit `<head>`), so it runs first.
        let mut text = String::from_utf8_lossy(&body).into_owned();
        let at = text
            .find("<html")
            .and_then(|start| text[start..].find('>').map(|end| start + end + 1))
            .unwrap_or(0);
        text.insert_str(at, script);
        body = text.into_bytes();
    }
    let content_type = match extension {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let gzip = options.gzip && accepts_gzip;
    if gzip {
        body = gzipped(path, &body);
    }
    // Every file with its length, as static hosts send files (tiny_http would otherwise send
    // anything past 32 KB in chunks, without one).
    let mut response = Response::from_data(body)
        .with_chunked_threshold(usize::MAX)
        .with_status_code(status)
        .with_header(Header::from_bytes("Content-Type", content_type).expect("valid header"))
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("valid header"))
        .with_header(Header::from_bytes("Timing-Allow-Origin", "*").expect("valid header"));
    if gzip {
        response = response
            .with_header(Header::from_bytes("Content-Encoding", "gzip").expect("valid header"));
    }
    response
}

/// Copies a built site (or any directory tree) to `to`, so a test can change its copy.
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
