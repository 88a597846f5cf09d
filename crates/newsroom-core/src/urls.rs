//! Relative URLs in a feed (SPEC §1): an item's relative URLs, in its fields and in its HTML,
//! resolve against the item's `url`, else the feed's `home_page_url`; one that cannot be
//! resolved is dropped. Left relative, `/assets/a.png` would load from the viewer's own host.
//!
//! Reference resolution as RFC 3986 §5.2 gives it, for the only bases a feed can usefully give:
//! absolute `http` and `https` URLs. It is a few string operations, done as the feed is read
//! (in the browser too), so no URL library's tables join the download.

/// An absolute `http` or `https` URL that references resolve against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `http` or `https`, lower case.
    scheme: String,
    /// Host, and port if any: what follows `//` up to the path.
    authority: String,
    /// The path, `/` when the URL has none.
    path: String,
    /// The query without its `?`, if any.
    query: Option<String>,
}

impl BaseUrl {
    /// Reads `url` as a base: `None` unless it is an absolute `http` or `https` URL with a host.
    pub fn parse(url: &str) -> Option<Self> {
        let url = url.trim();
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(authority_end);
        if authority.is_empty() || authority.contains(char::is_whitespace) {
            return None;
        }
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query.to_string())),
            None => (rest, None),
        };
        Some(Self {
            scheme,
            authority: authority.to_string(),
            path: if path.is_empty() { "/" } else { path }.to_string(),
            query,
        })
    }

    /// The base for an item: its own `url` when that is absolute, else that `url` resolved
    /// against the feed's home page, else the home page.
    pub fn for_item(item_url: Option<&str>, home: Option<&BaseUrl>) -> Option<Self> {
        match item_url {
            Some(url) => Self::parse(url)
                .or_else(|| home.and_then(|home| Self::parse(&home.resolve(url))))
                .or_else(|| home.cloned()),
            None => home.cloned(),
        }
    }

    /// `reference` (already trimmed, and known to have no scheme, or one) made absolute.
    pub fn resolve(&self, reference: &str) -> String {
        if has_scheme(reference) {
            return reference.to_string();
        }
        if let Some(rest) = reference.strip_prefix("//") {
            return format!("{}://{rest}", self.scheme);
        }
        let (reference, fragment) = match reference.split_once('#') {
            Some((before, fragment)) => (before, Some(fragment)),
            None => (reference, None),
        };
        let (path, query) = match reference.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (reference, None),
        };
        let (path, query) = if path.is_empty() {
            (self.path.clone(), query.or(self.query.as_deref()))
        } else if path.starts_with('/') {
            (remove_dot_segments(path), query)
        } else {
            let directory = &self.path[..self.path.rfind('/').map_or(0, |at| at + 1)];
            (remove_dot_segments(&format!("{directory}{path}")), query)
        };
        let mut out = format!("{}://{}{path}", self.scheme, self.authority);
        if let Some(query) = query {
            out.push('?');
            out.push_str(query);
        }
        if let Some(fragment) = fragment {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }
}

/// Resolves `url` against `base`: an absolute URL stays as it is, a relative one needs a base
/// and is `None` without one.
pub fn resolve(url: &str, base: Option<&BaseUrl>) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    if has_scheme(url) {
        return Some(url.to_string());
    }
    base.map(|base| base.resolve(url))
}

/// Whether `url` starts with a scheme (`letter *( letter / digit / + - . ) :`).
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url
        .find([':', '/', '?', '#'])
        .filter(|&at| url[at..].starts_with(':'))
    else {
        return false;
    };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// RFC 3986 §5.2.4: `.` and `..` segments of an absolute path taken out.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => {
                if *segment == ".." && !out.is_empty() {
                    out.pop();
                }
                // A path ending in `.` or `..` names a directory.
                if i == last {
                    out.push("");
                }
            }
            segment => out.push(segment),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 3986 §5.4's examples, against its base `http://a/b/c/d;p?q`.
    #[test]
    fn the_rfc_examples_resolve_as_it_says() {
        let base = BaseUrl::parse("http://a/b/c/d;p?q").expect("a base");
        for (reference, expected) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            ("g?y#s", "http://a/b/c/g?y#s"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("./g/.", "http://a/b/c/g/"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
        ] {
            assert_eq!(base.resolve(reference), expected, "{reference}");
        }
    }

    #[test]
    fn only_absolute_http_urls_are_bases() {
        assert!(BaseUrl::parse("https://example.org").is_some());
        assert!(BaseUrl::parse("HTTPS://example.org/a/b?c#d").is_some());
        for not_a_base in [
            "/news/",
            "example.org/a",
            "javascript://x/",
            "https:///a",
            "mailto:a@b",
        ] {
            assert_eq!(BaseUrl::parse(not_a_base), None, "{not_a_base}");
        }
        let base = BaseUrl::parse("https://example.org").expect("a base");
        assert_eq!(base.resolve("img.png"), "https://example.org/img.png");
    }

    #[test]
    fn an_item_resolves_against_its_url_else_the_home_page() {
        let home = BaseUrl::parse("https://example.org/blog/");
        let item = BaseUrl::for_item(Some("posts/one.html"), home.as_ref()).expect("a base");
        assert_eq!(
            item.resolve("../img/a.png"),
            "https://example.org/blog/img/a.png"
        );
        let own = BaseUrl::for_item(Some("https://other.example/x/y"), home.as_ref());
        assert_eq!(
            own.expect("a base").resolve("/a"),
            "https://other.example/a"
        );
        assert_eq!(BaseUrl::for_item(Some("posts/one.html"), None), None);
        assert_eq!(resolve("/assets/a.png", None), None);
        assert_eq!(
            resolve("https://x.example/a", None).as_deref(),
            Some("https://x.example/a")
        );
    }
}
