//! Text escaped for HTML: what the site builder writes into its pages and the app into the list
//! markup it hands the browser in one piece. Everything from a feed passes through here, so it
//! is text in the page, never markup.

/// Appends `text` escaped for an element's content or, with `in_attribute`, a double-quoted
/// attribute value.
pub fn escape_into(out: &mut String, text: &str, in_attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
    }
}

/// `text` escaped for an element's content or a double-quoted attribute value.
pub fn escape(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, in_attribute);
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

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
}
