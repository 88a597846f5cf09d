//! Fetching `articles.json` (next to `index.html`) and handing over an archive or a reason.

use std::rc::Rc;

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
    let response = gloo_net::http::Request::get(FEED_FILE)
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Http {
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    let text = response
        .text()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    Ok(Rc::new(parse_feed(&text)?))
}
