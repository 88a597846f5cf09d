//! The one route table (SPEC §3): paths under the site's base path and the views they open.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Longest slug, in bytes, given a page of its own by the site builder; a longer one (rare:
/// slugs come from headlines) is still served by `404.html`, which boots the app on any path.
pub const MAX_SLUG_FILE_BYTES: usize = 200;

/// Whether the article with this slug has a page of its own on a built site (a file name has
/// room for it).
pub fn has_own_page(slug: &str) -> bool {
    slug.len() <= MAX_SLUG_FILE_BYTES
}

/// A view of the site, as its path names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: the article list.
    Home,
    /// `/articles/{slug}/`.
    Article(String),
    /// `/authors/{slug}/`.
    Author(String),
    /// `/topics/{slug}/`.
    Topic(String),
    /// Anything else.
    NotFound,
}

/// Everything but letters, digits and `-` is escaped in a path segment; slugs only hold
/// letters, marks, digits and `-`, so this escapes non-ASCII and nothing a slug needs.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-');

impl Route {
    /// The route of a path relative to the base path (`/`, `/articles/x/`, …). A missing
    /// trailing slash and an `index.html` are accepted.
    pub fn parse(path: &str) -> Self {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        match segments.as_slice() {
            [] => Self::Home,
            ["articles", slug] => Self::Article(decode(slug)),
            ["authors", slug] => Self::Author(decode(slug)),
            ["topics", slug] => Self::Topic(decode(slug)),
            _ => Self::NotFound,
        }
    }

    /// The path of this route relative to the base path, percent-encoded, with a trailing
    /// slash so it maps to a directory on a static host.
    pub fn path(&self) -> String {
        let encode = |s: &str| utf8_percent_encode(s, SEGMENT).to_string();
        match self {
            Self::Home => "/".to_string(),
            Self::Article(slug) => format!("/articles/{}/", encode(slug)),
            Self::Author(slug) => format!("/authors/{}/", encode(slug)),
            Self::Topic(slug) => format!("/topics/{}/", encode(slug)),
            Self::NotFound => "/404/".to_string(),
        }
    }

    /// True for the views that list articles and keep list state in the query string.
    pub fn is_list(&self) -> bool {
        matches!(self, Self::Home | Self::Author(_) | Self::Topic(_))
    }
}

/// The path relative to `base` (e.g. `/news`), or `None` when `path` is outside it.
pub fn strip_base<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    let base = base.trim_end_matches('/');
    if base.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(base)?;
    if rest.is_empty() {
        Some("/")
    } else if rest.starts_with('/') {
        Some(rest)
    } else {
        None
    }
}
