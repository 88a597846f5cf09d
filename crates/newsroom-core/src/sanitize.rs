//! The allow-list policy for untrusted article HTML (SPEC §4), written once.
//!
//! The policy decides, per element and per attribute, what may reach the page. A walker applies
//! it to a parsed tree: in the browser, the browser's own inert `DOMParser` parse (so what is
//! checked is what renders); natively, a spec-compliant HTML5 parser. The walker never copies a
//! node: it creates fresh elements by the allowed names, so anything the policy does not name
//! cannot appear, including foreign (SVG, MathML) namespaces.

pub use crate::urls::BaseUrl;

/// What happens to an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementAction {
    /// Kept, under this (lower-case HTML) name, with its allowed attributes.
    Keep(&'static str),
    /// The tag is dropped; its children are kept in its place.
    Unwrap,
    /// Dropped with everything inside it.
    Remove,
}

/// Deepest element nesting kept; deeper elements are unwrapped so their text stays but the
/// page's DOM depth is bounded.
pub const MAX_DEPTH: usize = 64;

/// The policy for an element, by its tag name (any case, possibly prefixed).
pub fn element_action(tag: &str) -> ElementAction {
    let lower = tag.to_ascii_lowercase();
    let keep = |name: &'static str| ElementAction::Keep(name);
    match lower.as_str() {
        // Content elements kept as they are.
        "p" => keep("p"),
        "br" => keep("br"),
        "hr" => keep("hr"),
        "h2" => keep("h2"),
        "h3" => keep("h3"),
        "h4" => keep("h4"),
        "h5" => keep("h5"),
        "h6" => keep("h6"),
        "a" => keep("a"),
        "em" => keep("em"),
        "strong" => keep("strong"),
        "b" => keep("b"),
        "i" => keep("i"),
        "u" => keep("u"),
        "s" => keep("s"),
        "small" => keep("small"),
        "sub" => keep("sub"),
        "sup" => keep("sup"),
        "mark" => keep("mark"),
        "abbr" => keep("abbr"),
        "cite" => keep("cite"),
        "q" => keep("q"),
        "dfn" => keep("dfn"),
        "code" => keep("code"),
        "pre" => keep("pre"),
        "kbd" => keep("kbd"),
        "samp" => keep("samp"),
        "var" => keep("var"),
        "time" => keep("time"),
        "del" => keep("del"),
        "ins" => keep("ins"),
        "blockquote" => keep("blockquote"),
        "ul" => keep("ul"),
        "ol" => keep("ol"),
        "li" => keep("li"),
        "dl" => keep("dl"),
        "dt" => keep("dt"),
        "dd" => keep("dd"),
        "table" => keep("table"),
        "caption" => keep("caption"),
        "thead" => keep("thead"),
        "tbody" => keep("tbody"),
        "tfoot" => keep("tfoot"),
        "tr" => keep("tr"),
        "th" => keep("th"),
        "td" => keep("td"),
        "colgroup" => keep("colgroup"),
        "col" => keep("col"),
        "figure" => keep("figure"),
        "figcaption" => keep("figcaption"),
        "img" => keep("img"),
        "span" => keep("span"),
        "div" => keep("div"),
        "section" => keep("section"),
        "aside" => keep("aside"),
        "details" => keep("details"),
        "summary" => keep("summary"),
        "bdi" => keep("bdi"),
        "bdo" => keep("bdo"),
        "wbr" => keep("wbr"),
        "ruby" => keep("ruby"),
        "rt" => keep("rt"),
        "rp" => keep("rp"),
        // The article view owns the page's one h1.
        "h1" => keep("h2"),
        // Executable, embedding, styling, metadata and form elements go with their content.
        "script" | "style" | "iframe" | "frame" | "frameset" | "object" | "embed" | "applet"
        | "param" | "base" | "meta" | "link" | "title" | "head" | "noscript" | "template"
        | "form" | "input" | "button" | "select" | "option" | "optgroup" | "textarea"
        | "datalist" | "output" | "svg" | "math" | "canvas" | "audio" | "video" | "source"
        | "track" | "picture" | "map" | "area" | "portal" | "dialog" | "slot" | "xmp"
        | "plaintext" | "noembed" | "noframes" | "marquee" | "listing" | "image" => {
            ElementAction::Remove
        }
        // Anything else (article, header, font, custom elements…): its text stays.
        _ if lower.contains(':') => ElementAction::Remove,
        _ => ElementAction::Unwrap,
    }
}

/// Which kind of URL an attribute holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlKind {
    /// A link target: http, https, mailto, or relative.
    Link,
    /// An image source: http, https, or relative.
    Image,
}

/// The value to keep for an attribute of a kept element, or `None` to drop it. `element` is the
/// kept (lower-case) element name; `name` the attribute name in any case. A relative URL
/// resolves against `base` (the article's, SPEC §1), and is dropped without one: left relative
/// it would load from the viewer's own host.
pub fn attribute_value(
    element: &str,
    name: &str,
    value: &str,
    base: Option<&BaseUrl>,
) -> Option<String> {
    let name = name.to_ascii_lowercase();
    let plain = || Some(value.to_string());
    match (element, name.as_str()) {
        (_, "title" | "lang") => plain(),
        (_, "dir") => matches!(value.to_ascii_lowercase().as_str(), "ltr" | "rtl" | "auto")
            .then(|| value.to_ascii_lowercase()),
        ("a", "href") => safe_url(value, UrlKind::Link, base),
        ("a", "hreflang") => plain(),
        ("img", "src") => safe_url(value, UrlKind::Image, base),
        ("img", "alt") => plain(),
        ("img" | "col" | "colgroup", "width" | "height" | "span") => digits(value),
        ("td" | "th", "colspan" | "rowspan") => digits(value),
        ("th", "scope") => {
            matches!(value, "row" | "col" | "rowgroup" | "colgroup").then(|| value.to_string())
        }
        ("ol", "start") => value.trim().parse::<i64>().ok().map(|n| n.to_string()),
        ("ol", "reversed") => Some(String::new()),
        ("ol", "type") => matches!(value, "1" | "a" | "A" | "i" | "I").then(|| value.to_string()),
        ("li", "value") => value.trim().parse::<i64>().ok().map(|n| n.to_string()),
        ("time" | "del" | "ins", "datetime") => plain(),
        ("blockquote" | "q" | "del" | "ins", "cite") => safe_url(value, UrlKind::Link, base),
        ("details", "open") => Some(String::new()),
        _ => None,
    }
}

/// Attributes the policy adds to a kept element, after its own.
pub fn added_attributes(element: &str) -> &'static [(&'static str, &'static str)] {
    match element {
        "a" => &[("rel", "noopener noreferrer nofollow")],
        "img" => &[
            ("loading", "lazy"),
            ("decoding", "async"),
            ("referrerpolicy", "no-referrer"),
        ],
        _ => &[],
    }
}

/// A feed URL (author link, permalink, source link; the feed reader has made it absolute) made
/// safe for an `href`: http, https or mailto; `None` otherwise.
pub fn safe_link_url(url: &str) -> Option<String> {
    safe_url(url, UrlKind::Link, None)
}

/// A feed image URL (made absolute by the feed reader) made safe for a `src`: http or https;
/// `None` otherwise.
pub fn safe_image_url(url: &str) -> Option<String> {
    safe_url(url, UrlKind::Image, None)
}

fn digits(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty() && v.len() <= 5 && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_string())
}

/// The URL if its scheme is allowed for `kind`, else `None`; a relative one resolved against
/// `base`, or `None` without one.
///
/// Browsers drop ASCII tab and newline anywhere in a URL and trim C0 controls and spaces at its
/// ends before they read the scheme (WHATWG URL), so `java\tscript:` is `javascript:`; the
/// check sees the URL the way the browser will.
fn safe_url(value: &str, kind: UrlKind, base: Option<&BaseUrl>) -> Option<String> {
    let cleaned: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    let scheme = match scheme_end {
        Some(at) if cleaned[at..].starts_with(':') => Some(cleaned[..at].to_ascii_lowercase()),
        _ => None,
    };
    match (scheme.as_deref(), kind) {
        // No scheme: relative to the article; resolved against an http(s) base it is http(s).
        (None, _) => base.map(|base| base.resolve(cleaned)),
        (Some("http" | "https"), _) | (Some("mailto"), UrlKind::Link) => Some(cleaned.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_embedding_elements_are_removed_with_their_content() {
        for tag in [
            "script",
            "SCRIPT",
            "style",
            "iframe",
            "object",
            "embed",
            "base",
            "meta",
            "link",
            "form",
            "svg",
            "math",
            "template",
            "noscript",
            "svg:script",
            "xmp",
        ] {
            assert_eq!(element_action(tag), ElementAction::Remove, "{tag}");
        }
    }

    #[test]
    fn unknown_elements_are_unwrapped_so_their_text_stays() {
        for tag in ["article", "font", "center", "my-widget", "header"] {
            assert_eq!(element_action(tag), ElementAction::Unwrap, "{tag}");
        }
    }

    #[test]
    fn content_elements_are_kept_and_h1_becomes_h2() {
        for tag in [
            "p",
            "A",
            "table",
            "figure",
            "img",
            "blockquote",
            "pre",
            "code",
            "ul",
        ] {
            assert!(
                matches!(element_action(tag), ElementAction::Keep(_)),
                "{tag}"
            );
        }
        assert_eq!(element_action("h1"), ElementAction::Keep("h2"));
    }

    #[test]
    fn event_handlers_styles_and_ids_are_dropped() {
        for name in [
            "onclick",
            "ONERROR",
            "onload",
            "style",
            "class",
            "id",
            "srcdoc",
            "formaction",
            "xmlns",
            "xlink:href",
        ] {
            assert_eq!(attribute_value("a", name, "x", None), None, "{name}");
            assert_eq!(attribute_value("img", name, "x", None), None, "{name}");
        }
    }

    #[test]
    fn links_keep_only_http_https_mailto_and_relative_urls() {
        let base = BaseUrl::parse("https://example.org/news/item.html").expect("a base");
        for ok in [
            "https://example.com/a",
            "http://x.y",
            "mailto:a@b.c",
            "/path",
            "#top",
            "page.html",
            "HTTPS://X.Y",
        ] {
            assert!(
                attribute_value("a", "href", ok, Some(&base)).is_some(),
                "{ok}"
            );
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "ftp://x.y",
        ] {
            assert_eq!(
                attribute_value("a", "href", bad, Some(&base)),
                None,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn images_keep_only_http_https_and_relative_sources() {
        assert!(attribute_value("img", "src", "https://x.y/a.jpg", None).is_some());
        let base = BaseUrl::parse("https://example.org/news/item.html").expect("a base");
        assert!(attribute_value("img", "src", "a.jpg", Some(&base)).is_some());
        assert_eq!(attribute_value("img", "src", "mailto:a@b.c", None), None);
        assert_eq!(
            attribute_value(
                "img",
                "src",
                "data:image/svg+xml,<svg onload=alert(1)>",
                None
            ),
            None
        );
        assert_eq!(
            attribute_value("img", "src", "javascript:alert(1)", None),
            None
        );
    }

    #[test]
    fn relative_urls_resolve_against_the_article_or_are_dropped() {
        let base = BaseUrl::parse("https://example.org/2024/05/item.html").expect("a base");
        let resolved = |element, name, value| attribute_value(element, name, value, Some(&base));
        assert_eq!(
            resolved("img", "src", "/assets/a.png").as_deref(),
            Some("https://example.org/assets/a.png")
        );
        assert_eq!(
            resolved("img", "src", "../img.png").as_deref(),
            Some("https://example.org/2024/img.png")
        );
        assert_eq!(
            resolved("a", "href", " #notes ").as_deref(),
            Some("https://example.org/2024/05/item.html#notes")
        );
        assert_eq!(
            resolved("blockquote", "cite", "//other.example/q").as_deref(),
            Some("https://other.example/q")
        );
        assert_eq!(attribute_value("img", "src", "/assets/a.png", None), None);
        assert_eq!(attribute_value("a", "href", "page.html", None), None);
    }

    #[test]
    fn dimension_attributes_must_be_plain_numbers() {
        assert_eq!(
            attribute_value("img", "width", " 640 ", None),
            Some("640".into())
        );
        assert_eq!(attribute_value("img", "width", "640px", None), None);
        assert_eq!(
            attribute_value("td", "colspan", "2", None),
            Some("2".into())
        );
        assert_eq!(
            attribute_value("th", "scope", "row", None),
            Some("row".into())
        );
        assert_eq!(attribute_value("th", "scope", "evil", None), None);
    }

    #[test]
    fn dir_takes_only_its_three_values() {
        assert_eq!(attribute_value("p", "dir", "RTL", None), Some("rtl".into()));
        assert_eq!(attribute_value("p", "dir", "x", None), None);
    }

    #[test]
    fn links_get_a_safe_rel_and_images_load_lazily() {
        assert!(added_attributes("a").contains(&("rel", "noopener noreferrer nofollow")));
        assert!(added_attributes("img").contains(&("loading", "lazy")));
        assert!(added_attributes("p").is_empty());
    }
}
