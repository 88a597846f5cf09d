//! Fetching `articles.json` (next to `index.html`) and handing over an archive or a reason.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::archive::Archive;
use crate::core::feed::{check_size, feed_text, FeedError, FeedLoader};

/// The file the site ships and a publisher may replace.
pub const FEED_FILE: &str = "articles.json";

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
}

/// Fetches and reads the bundled feed. The URL is relative, so it resolves against the
/// document's `<base href>` and works under any sub-path.
pub async fn load_archive() -> Result<Rc<Archive>, LoadError> {
    let window = web_sys::window().ok_or_else(|| LoadError::Network("no window".to_string()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(FEED_FILE))
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
    // Refuse an oversized file before downloading it, when the server says its size (with
    // compression this is the compressed size, so the decoded size is checked again).
    let announced = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<usize>().ok());
    if let Some(bytes) = announced {
        check_size(bytes)?;
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(network_error)?)
        .await
        .map_err(network_error)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    let mut loader = FeedLoader::new(feed_text(&bytes)?)?;
    // Read the items in slices, letting the page paint and respond between them.
    while loader.load(ITEMS_PER_SLICE) {
        next_task().await;
    }
    Ok(Rc::new(loader.finish()))
}

/// Items read between two yields to the browser: a few milliseconds of work.
const ITEMS_PER_SLICE: usize = 500;

/// Resolves on a later task, after the browser has had the chance to paint and handle input.
async fn next_task() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
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
