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

#[cfg(test)]
mod tests {
    use super::escape;
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
}
