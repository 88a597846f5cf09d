//! Fetching `articles.json` (next to `index.html`) and handing over an archive or a reason.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::archive::Archive;
use crate::core::feed::{parse_feed, FeedError};

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
    let text = JsFuture::from(response.text().map_err(network_error)?)
        .await
        .map_err(network_error)?
        .as_string()
        .ok_or_else(|| LoadError::Network("the response is not text".to_string()))?;
    Ok(Rc::new(parse_feed(&text)?))
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
