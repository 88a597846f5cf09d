//! Text escaped for HTML: what the site builder writes into its pages and the app into the list
//! markup it hands the browser in one piece. Everything from a feed passes through here, so it
//! is text in the page, never markup.

/// Appends `text` escaped for an element's content or, with `in_attribute`, a double-quoted
/// attribute value.
///
/// The text between the characters replaced is copied in runs, not character by character: a
/// page of cards escapes some ten thousand characters, nearly all of them plain, and it is
/// written on every filter click.
pub fn escape_into(out: &mut String, text: &str, in_attribute: bool) {
    out.reserve(text.len());
    let bytes = text.as_bytes();
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        // Each replaced character is ASCII, or U+00A0, whose UTF-8 is 0xC2 0xA0: `at` is
        // always at a character boundary when one is found.
        let (replacement, width) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if in_attribute => ("&quot;", 1),
            0xC2 if bytes.get(at + 1) == Some(&0xA0) => ("&nbsp;", 2),
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        at += width;
        copied = at;
    }
    out.push_str(&text[copied..]);
}

/// `text` escaped for an element's content or a double-quoted attribute value.
pub fn escape(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, in_attribute);
    out
}

/// Where an article's body starts in its page as the site builder renders it.
const BODY_START: &str = "<div class=\"article-body\">";

/// Where it ends: the body is the article's last part.
const BODY_END: &str = "</div></article>";

/// The body HTML of an article in its page (`articles/{slug}/index.html`) as the site builder
/// renders it: what lies between the opening of its `article-body` element and the close of
/// the article. The sanitised body is balanced markup, so the last such close is the
/// article's own. `None` when the page shows no body (an article without text has the
/// `article-body empty` element instead) or is not such a page. The text is as untrusted as
/// any body: the viewer sanitises it again.
pub fn body_in_page(page: &str) -> Option<&str> {
    let start = page.find(BODY_START)? + BODY_START.len();
    let end = page.rfind(BODY_END)?;
    page.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::{body_in_page, escape};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn escaping_in_runs_is_escaping_each_character(text in "(\\PC|[&<>\"\u{a0}\u{a2}\u{e0}])*", in_attribute: bool) {
            let each: String = text.chars().map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' if in_attribute => "&quot;".to_string(),
                '\u{a0}' => "&nbsp;".to_string(),
                _ => c.to_string(),
            }).collect();
            prop_assert_eq!(escape(&text, in_attribute), each);
        }
    }

    #[test]
    fn plain_text_and_other_characters_are_kept() {
        assert_eq!(escape("", false), "");
        assert_eq!(escape("Zoë Ng · 13 Apr", true), "Zoë Ng · 13 Apr");
        // U+00A0 becomes `&nbsp;`; other characters encoded with 0xC2 or 0xA0 stay.
        assert_eq!(
            escape("a\u{a0}b\u{a2}c\u{e0}", false),
            "a&nbsp;b\u{a2}c\u{e0}"
        );
        assert_eq!(escape("\u{a0}<\u{a0}", false), "&nbsp;&lt;&nbsp;");
        assert_eq!(escape("say \"hi\"", false), "say \"hi\"");
    }

    #[test]
    fn markup_characters_become_text() {
        assert_eq!(
            escape("<b>\"A&B\"</b>", false),
            "&lt;b&gt;\"A&amp;B\"&lt;/b&gt;"
        );
        assert_eq!(
            escape("x\" onmouseover=\"y", true),
            "x&quot; onmouseover=&quot;y"
        );
    }

    #[test]
    fn a_body_is_found_between_its_element_and_the_close_of_the_article() {
        let page = "<article><h1>T</h1><div class=\"article-body\"><p>A</p><div><p>B</p></div></div></article><aside></aside>";
        assert_eq!(body_in_page(page), Some("<p>A</p><div><p>B</p></div>"));
        let empty = "<article><div class=\"article-body empty\"><p>No text.</p></div></article>";
        assert_eq!(body_in_page(empty), None);
        assert_eq!(body_in_page("<p>not a page</p>"), None);
    }
}
