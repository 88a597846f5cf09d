//! Fetching `articles.json` (next to `index.html`) and handing over an archive or a reason.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use newsroom_core::archive::Archive;
use newsroom_core::cards::CardChunk;
use newsroom_core::facets::FacetIndex;
use newsroom_core::feed::{
    check_size, is_shard_name, utf8_text, without_bom, FeedError, FeedLoader, FeedScan, ReadItems,
};
use newsroom_core::markup::body_in_page;
use newsroom_core::model::{Article, Body};
use newsroom_core::route::{has_own_page, Route};

/// The file the site ships and a publisher may replace.
pub const FEED_FILE: &str = "articles.json";

/// The command that re-indexes a built site whose `articles.json` was replaced, run from the
/// project's directory (README: publishing).
pub const REINDEX_COMMAND: &str = "cargo run --release --bin site -- DIR";

/// The page's pointer to the site builder's index, for tools: `<meta name="newsroom-index">`.
pub const INDEX_META: &str = "newsroom-index";

/// The global holding the index request the page starts (see `newsroom_site::pages`), on a page
/// without a head: with one, the app asks for the index once its first view is ready.
pub const INDEX_PROMISE: &str = "newsroomIndex";

/// The global holding what the page names of the data files, from its `<meta>`s or the pointer
/// to them: `{head, facets, gaps, index}`.
pub const DATA_PROMISE: &str = "newsroomData";

/// The global holding the request for the index's head, on a page of a large archive.
pub const HEAD_PROMISE: &str = "newsroomHead";

/// The global holding the request for the facet file's header, made once the page is painted.
pub const FACET_HEADER_PROMISE: &str = "newsroomFacetHeader";

/// The global holding the request for the rest of the facet file, its posting lists' gaps,
/// made once the page is painted.
pub const FACET_GAPS_PROMISE: &str = "newsroomFacetGaps";

/// The `<meta>` by which an article's or author's page of a large archive names the chunk of
/// cards that holds what it shows first (see `newsroom_site::pages`).
pub const CHUNK_META: &str = "newsroom-chunk";

/// The attribute the page's script sets on the document while the page as built lists other
/// articles than its URL asks for (a filtered, sorted or paged list): its style hides that list
/// until the app takes its place, and the app removes the attribute then.
pub const LIST_PENDING: &str = "data-list-pending";

/// The global holding a promise that resolves once the page as built has been painted.
pub const PAINTED_PROMISE: &str = "newsroomPainted";

/// Why the archive is not available.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The request did not complete.
    #[error("articles.json could not be fetched: {0}")]
    Network(String),
    /// The server answered with an error status.
    #[error("articles.json could not be fetched: the server answered {status} {status_text}")]
    Http {
        /// HTTP status code.
        status: u16,
        /// Its reason phrase.
        status_text: String,
    },
    /// The file arrived but is not a usable feed.
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// One of the site builder's data files (a chunk of cards) could not be fetched or read:
    /// that part of the archive only is missing.
    #[error("{file}: {reason}")]
    Part {
        /// The file, relative to the site root.
        file: String,
        /// Why, in the words of the error met.
        reason: String,
    },
}

impl LoadError {
    /// This error as met reading `file`, a data file of the site builder's.
    fn in_part(self, file: &str) -> Self {
        let reason = match self {
            Self::Network(reason) | Self::Part { reason, .. } => reason,
            Self::Http {
                status,
                status_text,
            } => format!("the server answered {status} {status_text}"),
            Self::Feed(error) => error.to_string(),
        };
        Self::Part {
            file: file.to_string(),
            reason,
        }
    }
}

/// Fetches and reads the bundled feed. The URL is relative, so it resolves against the
/// document's `<base href>` and works under any sub-path.
///
/// A page the site builder made names its index (the feed without bodies), and asks for it as
/// the app starts (`window.newsroomIndex`) unless it has a head; that is read instead, and
/// `articles.json` only when there is no index or it cannot be fetched.
pub async fn load_archive() -> Result<Rc<Archive>, LoadError> {
    let index = match early_response(INDEX_PROMISE).await {
        Some(response) => Some(response),
        None => match index_named_by_page().await {
            Some(file) => fetch_ok(&file).await.ok(),
            None => None,
        },
    };
    let response = match index {
        Some(response) => response,
        None => fetch_ok(FEED_FILE).await?,
    };
    read_feed(response).await
}

/// Fetches and reads chunk `chunk` of the cards of `archive`, a head of the site builder's
/// index (see [`newsroom_core::cards`]): a few dozen articles, checked against the head.
pub async fn fetch_cards(archive: &Archive, chunk: usize) -> Result<CardChunk, LoadError> {
    let file = archive.card_chunks.file(chunk).unwrap_or_default();
    let read = async {
        let response = fetch_ok(&file).await?;
        let text = response_text(response, &mut Slices::start()).await?;
        (read_small(&text)?.into_chunk(archive, chunk)).map_err(|error| LoadError::Part {
            file: file.clone(),
            reason: error.to_string(),
        })
    };
    read.await.map_err(|error| error.in_part(&file))
}

/// Fetches and reads `articles.json` itself, whatever index the page names: for a feed replaced
/// after indexing (see `crate::state`).
pub async fn load_feed_file() -> Result<Rc<Archive>, LoadError> {
    read_feed(fetch_ok(FEED_FILE).await?).await
}

/// The length in bytes of the `articles.json` the site serves now, from one small request for
/// its first byte: the browser asks for a range uncompressed (the Fetch standard adds
/// `Accept-Encoding: identity`), and `Content-Range` gives the whole length; a server that
/// ignores ranges gives it as `Content-Length`, and its body is cancelled unread. `None` when
/// the request fails or the server says neither.
pub async fn feed_length() -> Option<u64> {
    let window = web_sys::window()?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Range", "bytes=0-0").ok()?;
    init.set_headers(&headers);
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init(FEED_FILE, &init))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let length = match response.status() {
        206 => header("Content-Range").and_then(|range| {
            let total = range.get(range.rfind('/')? + 1..)?;
            total.trim().parse().ok()
        }),
        200 if header("Content-Encoding").is_none() => {
            header("Content-Length").and_then(|length| length.trim().parse().ok())
        }
        _ => None,
    };
    if let Some(body) = response.body() {
        let _ = body.cancel();
    }
    length
}

/// The index the page names (its `<meta name="newsroom-index">`, or the pointer's), when the
/// page did not ask for it itself: a page with a head leaves it to the app, which reads it only
/// when the head's facet file fails.
async fn index_named_by_page() -> Option<String> {
    let files = page_promise(DATA_PROMISE).await?;
    js_sys::Reflect::get(&files, &JsValue::from_str("index"))
        .ok()?
        .as_string()
        .filter(|file| is_shard_name(file))
}

/// The archive from the head of a large index, when the page started fetching it: the newest
/// page of articles, counted and faceted over the whole archive (see
/// [`newsroom_core::facets`]), read in milliseconds where the index takes seconds; and what of
/// the head is still to read. `None` when the page has no head or it cannot be used; the
/// caller reads the index then.
///
/// The page asks for the head (a small file) with itself, so it is in, or nearly, when the
/// app starts. A head that says what its first view shows gives a
/// preview of its archive at once ([`ReadItems::into_head_preview`]); its facet file, which
/// the page asks for once it is painted, is read once that view is shown
/// ([`HeadRest::read`]): a large archive's header names every value, far more than the
/// first view shows, and its posting lists' gaps are larger still. The app shows the head
/// while they arrive, and can filter once [`FacetGaps::attach_to`] has given them to the archive.
///
/// `preview` allows the preview: for the home page as it opens, which the head's first view is.
/// A filtered, sorted or paged home page waits for the facet file's header instead, which names
/// every value its selection may hold.
pub async fn load_head(preview: bool) -> Option<(Rc<Archive>, HeadRest)> {
    let head = early_response(HEAD_PROMISE).await?;
    let head = response_text(head, &mut Slices::start()).await.ok()?;
    if preview {
        if let Some(preview) = read_small(&head).ok()?.into_head_preview() {
            return Some((Rc::new(preview), HeadRest::Header(head)));
        }
    }
    let (archive, gaps) = with_facet_header(&head).await?;
    Some((archive, HeadRest::Gaps(gaps)))
}

/// The items of a small file of the site builder's (a head, a chunk of cards), read in one go.
fn read_small(text: &str) -> Result<ReadItems, FeedError> {
    let mut loader = FeedLoader::new(without_bom(text))?;
    while loader.load(usize::MAX)? {}
    Ok(loader.finish_reading())
}

/// What of a head the app still has to read once it shows it (see [`load_head`]).
pub enum HeadRest {
    /// The facet file's header, for the head's archive in place of its preview (the head,
    /// whose text this is, read again with it: [`with_facet_header`]), then its gaps.
    Header(String),
    /// The facet file's gaps.
    Gaps(FacetGaps),
}

impl HeadRest {
    /// Reads the rest of the head whose archive `shown` the app shows: the head's archive in
    /// place of a preview, given to `show` as soon as it is set up, then the gaps. The head's
    /// archive, which can then filter; `None` when something does not arrive whole or does not
    /// fit the head.
    pub async fn read(
        self,
        shown: Rc<Archive>,
        show: impl Fn(&Rc<Archive>),
    ) -> Option<Rc<Archive>> {
        let (archive, gaps) = match self {
            Self::Header(head) => {
                let (archive, gaps) = with_facet_header(&head).await?;
                show(&archive);
                (archive, gaps)
            }
            Self::Gaps(gaps) => (shown, gaps),
        };
        gaps.attach_to(&archive).await.then_some(archive)
    }
}

/// The archive of the head whose text is `head`, with its facet file's header, and the gaps
/// still to come; `None` when the header cannot be fetched or read, or does not fit the head.
async fn with_facet_header(head: &str) -> Option<(Rc<Archive>, FacetGaps)> {
    let header = early_response(FACET_HEADER_PROMISE).await?;
    let header = FacetIndex::read_header(&response_bytes(&header, 0).await.ok()?).ok()?;
    let gap_bytes = header.topic_postings.gap_bytes() + header.author_postings.gap_bytes();
    let archive = read_small(head).ok()?.into_head_archive(header).ok()?;
    Some((Rc::new(archive), FacetGaps { gap_bytes }))
}

/// The rest of a head's facet file, the posting lists' gaps, still to come when the app is
/// shown on the head (see [`load_head`]).
pub struct FacetGaps {
    /// Their length, from the header.
    gap_bytes: usize,
}

impl FacetGaps {
    /// Reads the gaps and gives them to `archive`, the head they belong to; `false` when they
    /// do not arrive whole or do not match the head's articles: the archive then cannot
    /// filter, and the index is to be read instead.
    pub async fn attach_to(self, archive: &Archive) -> bool {
        let Some(response) = early_response(FACET_GAPS_PROMISE).await else {
            return false;
        };
        response_bytes(&response, self.gap_bytes)
            .await
            .is_ok_and(|gaps| archive.attach_facet_gaps(&gaps).is_ok())
    }
}

/// A response's whole body, within the size limit; `expected` bytes (when known, as the gaps'
/// length is from the header) are set aside first, so it lands without a copy as it arrives.
async fn response_bytes(
    response: &web_sys::Response,
    expected: usize,
) -> Result<Vec<u8>, LoadError> {
    let mut body = BodyStream::of(response)?;
    let mut bytes = Vec::new();
    if check_size(expected).is_ok() {
        bytes.reserve(expected);
    }
    while let Some(chunk) = body.next_chunk().await? {
        append_chunk(&mut bytes, &chunk)?;
    }
    Ok(bytes)
}

/// Appends a chunk of a response's body to `bytes`, within the size limit.
fn append_chunk(bytes: &mut Vec<u8>, chunk: &js_sys::Uint8Array) -> Result<(), LoadError> {
    let start = bytes.len();
    check_size(start + chunk.length() as usize)?;
    bytes.resize(start + chunk.length() as usize, 0);
    chunk.copy_to(&mut bytes[start..]);
    Ok(())
}

/// The successful response to a request the page started, held in the global `name`.
async fn early_response(name: &str) -> Option<web_sys::Response> {
    page_promise(name)
        .await?
        .dyn_into::<web_sys::Response>()
        .ok()
        .filter(web_sys::Response::ok)
}

/// What the promise the page holds in the global `name` resolves to; `None` without one.
///
/// The page's boot script sets those globals, but it is a deferred script after trunk's
/// module: a browser may start the WebAssembly before the boot script has even arrived
/// (Firefox does, now and then), so a global not there yet is waited for until the page's
/// deferred scripts have all run. Without the wait the app read `articles.json` in place of
/// the index, or the whole index in place of its head.
async fn page_promise(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    let global = || {
        js_sys::Reflect::get(&window, &JsValue::from_str(name))
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::Promise>().ok())
    };
    let promise = match global() {
        Some(promise) => promise,
        None => {
            deferred_scripts_ran(&window).await;
            global()?
        }
    };
    JsFuture::from(promise).await.ok()
}

/// Returns once the page's deferred scripts have run: at once when `DOMContentLoaded`, which
/// follows them, has fired (the navigation's timing records it) or the document is complete;
/// else at that event, listened for rather than looked for, since a late script may keep the
/// page waiting for seconds.
async fn deferred_scripts_ran(window: &web_sys::Window) {
    let Some(document) = window.document() else {
        return;
    };
    let property = |of: &JsValue, name: &str| js_sys::Reflect::get(of, &JsValue::from_str(name));
    let navigation = window
        .performance()
        .map(|performance| performance.get_entries_by_type("navigation").get(0))
        .unwrap_or(JsValue::UNDEFINED);
    let fired = property(&navigation, "domContentLoadedEventStart")
        .ok()
        .and_then(|start| start.as_f64())
        .is_some_and(|start| start > 0.0)
        || property(&document, "readyState")
            .ok()
            .and_then(|state| state.as_string())
            .is_some_and(|state| state == "complete");
    if fired {
        return;
    }
    let loaded = js_sys::Promise::new(&mut |resolve, _| {
        let _ = document.add_event_listener_with_callback("DOMContentLoaded", &resolve);
    });
    let _ = JsFuture::from(loaded).await;
}

/// Waits until the page as the site builder made it has been painted (see
/// `newsroom_site::pages`), so that replacing its content does not hide that first paint from
/// the browser's own measure of it.
pub async fn page_painted() {
    let _ = page_promise(PAINTED_PROMISE).await;
}

/// Whether the browser has reported painting the page already (its first contentful paint,
/// whose largest-contentful-paint candidates are recorded with it): content removed now still
/// counts as painted.
pub fn page_painted_already() -> bool {
    web_sys::window()
        .and_then(|window| window.performance())
        .is_some_and(|performance| performance.get_entries_by_type("paint").length() > 0)
}

/// A successful response for `url`.
async fn fetch_ok(url: &str) -> Result<web_sys::Response, LoadError> {
    let window = web_sys::window().ok_or_else(|| LoadError::Network("no window".to_string()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(network_error)?
        .dyn_into()
        .map_err(network_error)?;
    if !response.ok() {
        return Err(LoadError::Http {
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    Ok(response)
}

/// A response's body as it arrives, chunk by chunk.
struct BodyStream {
    reader: Option<web_sys::ReadableStreamDefaultReader>,
}

impl BodyStream {
    /// The body of `response`, refused at once when the server announces a size over the
    /// limit (with compression this is the compressed size, so each chunk is checked again).
    fn of(response: &web_sys::Response) -> Result<Self, LoadError> {
        check_announced_size(response)?;
        let reader = (response.body()).map(|body| body.get_reader().unchecked_into());
        Ok(Self { reader })
    }

    /// The next chunk; `None` at the end.
    async fn next_chunk(&mut self) -> Result<Option<js_sys::Uint8Array>, LoadError> {
        let Some(reader) = &self.reader else {
            return Ok(None);
        };
        let result = JsFuture::from(reader.read()).await.map_err(network_error)?;
        let field = |name: &str| js_sys::Reflect::get(&result, &JsValue::from_str(name));
        if field("done").map_or(true, |done| done.is_truthy()) {
            return Ok(None);
        }
        Ok(field("value")
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::Uint8Array>().ok()))
    }
}

/// Refuses a response at once when the server announces a size over the limit (with compression
/// this is the compressed size, so what arrives is checked again).
fn check_announced_size(response: &web_sys::Response) -> Result<(), LoadError> {
    let announced = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<usize>().ok());
    match announced {
        Some(bytes) => Ok(check_size(bytes)?),
        None => Ok(()),
    }
}

/// A response's body as text, within the size limit: each chunk is checked as UTF-8 and added
/// as it arrives, in slices that give way to the page (a large index copied and checked in one
/// go would hold the page for a long task).
async fn response_text(
    response: web_sys::Response,
    slices: &mut Slices,
) -> Result<String, LoadError> {
    let mut body = BodyStream::of(&response)?;
    let mut text = String::new();
    // The start of a character the last chunk ended inside.
    let mut split_char: Vec<u8> = Vec::new();
    while let Some(chunk) = body.next_chunk().await? {
        check_size(text.len() + split_char.len() + chunk.length() as usize)?;
        let mut bytes = chunk.to_vec();
        if !split_char.is_empty() {
            split_char.append(&mut bytes);
            bytes = std::mem::take(&mut split_char);
        }
        match std::str::from_utf8(&bytes) {
            Ok(valid) => text.push_str(valid),
            // A character split between two chunks: its start waits for the next one. (Only
            // then is the chunk's valid part checked a second time.)
            Err(error) if error.error_len().is_none() => {
                let (valid, split) = bytes.split_at(error.valid_up_to());
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                split_char.extend_from_slice(split);
            }
            Err(_) => return Err(not_utf8(text, &bytes)),
        }
        slices.pause_if_due().await;
    }
    if split_char.is_empty() {
        Ok(text)
    } else {
        Err(not_utf8(text, &split_char))
    }
}

/// The error for text that is not UTF-8, saying where (line and column) as for any feed.
fn not_utf8(text: String, rest: &[u8]) -> LoadError {
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(rest);
    match utf8_text(&bytes) {
        Err(error) => error.into(),
        Ok(_) => LoadError::Feed(FeedError::NotJson {
            message: "the file ends inside a character".to_string(),
            line: 1,
            column: 1,
        }),
    }
}

async fn read_feed(response: web_sys::Response) -> Result<Rc<Archive>, LoadError> {
    // Take in the text, walk it, read the items, sort, index: in slices of about SLICE_MS,
    // letting the page paint and respond between them.
    let mut slices = Slices::start();
    let text = response_text(response, &mut slices).await?;
    let mut scan = FeedScan::new(without_bom(&text))?;
    while scan.step(BYTES_PER_STEP) {
        slices.pause_if_due().await;
    }
    let mut loader = scan.into_loader()?;
    while loader.load(ITEMS_PER_STEP)? {
        slices.pause_if_due().await;
    }
    while loader.forget_ids(IDS_PER_STEP) {
        slices.pause_if_due().await;
    }
    let mut read = loader.finish_reading();
    drop(text);
    read.sort();
    slices.pause_if_due().await;
    let archive = read.into_archive();
    // The first render comes next: on a task of its own after a long indexing.
    slices.pause_if_due().await;
    Ok(Rc::new(archive))
}

/// Work spread over tasks: [`Slices::pause_if_due`] yields to the browser once about
/// [`SLICE_MS`] of work has run since the last pause (a small file's reading takes no yield at
/// all).
struct Slices {
    clock: Option<web_sys::Performance>,
    since: f64,
}

impl Slices {
    fn start() -> Self {
        let clock = web_sys::window().and_then(|w| w.performance());
        let since = clock.as_ref().map_or(0.0, web_sys::Performance::now);
        Self { clock, since }
    }

    async fn pause_if_due(&mut self) {
        let now = || self.clock.as_ref().map_or(0.0, web_sys::Performance::now);
        if now() - self.since >= SLICE_MS {
            next_task().await;
            self.since = now();
        }
    }
}

/// Calls `then` after `ms` milliseconds.
fn set_timeout(then: &js_sys::Function, ms: i32) {
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(then, ms);
    }
}

/// A body asked for from an article's page: on its way (`None`), read (`Some(Ok)`,
/// `Body::Empty` for a page that shows no text), or not fetched (`Some(Err)`).
type PageBody = Option<Result<Body, ()>>;

thread_local! {
    /// The bodies asked for from the articles' pages so far, by article id.
    static PAGE_BODIES: RefCell<Vec<(String, PageBody)>> = const { RefCell::new(Vec::new()) };
}

/// Whether the body of `article` is in its page rather than in `archive` (see
/// [`Archive::body_pages`]).
fn body_in_its_page(archive: &Archive, article: &Article) -> bool {
    archive.body_pages && has_own_page(&article.slug)
}

/// Where the body of an article is, for its view.
pub enum BodyState {
    /// On its way, or not asked for yet.
    Pending,
    /// Its page could not be fetched (the console says why).
    Failed,
    /// Here.
    Read(Body),
}

/// The body of `article`: from the archive itself, or from its page once fetched.
pub fn article_body(archive: &Archive, article: &Article) -> BodyState {
    if !body_in_its_page(archive, article) {
        return BodyState::Read(article.body.clone());
    }
    PAGE_BODIES.with(
        |bodies| match (bodies.borrow().iter()).find(|(id, _)| *id == article.id) {
            Some((_, Some(Ok(body)))) => BodyState::Read(body.clone()),
            Some((_, Some(Err(())))) => BodyState::Failed,
            _ => BodyState::Pending,
        },
    )
}

/// Whether the page of `article` could not be fetched for its body.
pub fn body_failed(archive: &Archive, article: &Article) -> bool {
    matches!(article_body(archive, article), BodyState::Failed)
}

/// Forgets the bodies that could not be fetched, so that they are asked for again.
pub fn forget_failed_bodies() {
    PAGE_BODIES.with(|bodies| {
        bodies
            .borrow_mut()
            .retain(|(_, body)| !matches!(body, Some(Err(()))))
    });
}

fn set_body(id: &str, body: PageBody) {
    PAGE_BODIES.with(|bodies| {
        let mut bodies = bodies.borrow_mut();
        bodies.retain(|(at, _)| at != id);
        bodies.push((id.to_string(), body));
    });
}

/// Keeps the body of the article with this id as its page shows it (`None`: the page shows
/// no text), for a page rendered ahead of time that the app takes over.
pub fn keep_page_body(id: &str, html: Option<String>) {
    set_body(id, Some(Ok(html.map_or(Body::Empty, Body::Html))));
}

/// Asks for the body of `article` from its page (a few kilobytes), once, unless it is here or
/// on its way, and calls `arrived` when it comes or fails. Called while a view renders: the
/// request starts after it. A page that cannot be fetched is noted in the console and kept as
/// failed, so the view says so and offers a retry ([`forget_failed_bodies`]).
pub fn ask_for_body(archive: &Archive, article: &Article, arrived: impl FnOnce() + 'static) {
    let asked = PAGE_BODIES.with(|bodies| bodies.borrow().iter().any(|(id, _)| *id == article.id));
    if asked || !body_in_its_page(archive, article) {
        return;
    }
    set_body(&article.id, None);
    let id = article.id.clone();
    // Relative, so it resolves against the document's `<base href>`.
    let file = Route::Article(article.slug.clone()).path()[1..].to_string();
    wasm_bindgen_futures::spawn_local(async move {
        let read = async { response_text(fetch_ok(&file).await?, &mut Slices::start()).await };
        match read.await {
            Ok(page) => keep_page_body(&id, body_in_page(&page).map(str::to_string)),
            Err(error) => {
                web_sys::console::error_1(&error.in_part(&file).to_string().into());
                set_body(&id, Some(Err(())));
            }
        }
        arrived();
    });
}

/// Bytes walked between two looks at the clock (and at the reader's input): about half a
/// millisecond of work.
const BYTES_PER_STEP: usize = 64 * 1024;

/// Items read between two looks at the clock: well under a millisecond of work.
const ITEMS_PER_STEP: usize = 100;

/// Ids let go of between two looks at the clock (see [`FeedLoader::forget_ids`]).
const IDS_PER_STEP: usize = 5_000;

/// Milliseconds of reading between two yields to the browser: under the 50 ms that makes a
/// long task, so input is answered within a frame or two while a large archive loads.
const SLICE_MS: f64 = 30.0;

/// Resolves on a later task, after the browser has had the chance to paint and handle input.
///
/// The task is posted with `scheduler.postTask` where the browser has it: a zero timeout,
/// the fallback, waits 4 ms once timeouts nest.
pub(crate) async fn next_task() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let scheduler = js_sys::Reflect::get(&window, &JsValue::from_str("scheduler"));
        let posted = scheduler
            .ok()
            .filter(JsValue::is_object)
            .is_some_and(|scheduler| {
                js_sys::Reflect::get(&scheduler, &JsValue::from_str("postTask"))
                    .and_then(|post| post.dyn_into::<js_sys::Function>())
                    .and_then(|post| post.call1(&scheduler, &resolve))
                    .is_ok()
            });
        if !posted {
            set_timeout(&resolve, 0);
        }
    });
    let _ = JsFuture::from(tick).await;
}

/// A failed fetch, in the browser's own words (a `TypeError` message such as "Failed to fetch").
fn network_error(error: JsValue) -> LoadError {
    let message = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_string());
    LoadError::Network(message)
}
