//! Slugs (SPEC §2): the URL-safe names of topics, authors and articles.
//!
//! `slug(s)` is Unicode NFKC, then lower case, then every run of characters that are not
//! letters, marks or digits (`[\p{L}\p{M}\p{N}]`) becomes one `-`, then leading and trailing
//! `-` are trimmed.
//!
//! One refinement keeps a slug its own slug, which the URL state relies on (a value read from
//! the query string is slugged again): when lower-casing leaves text that NFKC would change,
//! it is normalised once more. Lower-casing `J̌` (a capital J and a combining caron, which has
//! no precomposed capital) gives `j` and the caron, which NFKC composes into `ǰ`; without the
//! second pass the topic's slug and the slug of its own URL value would differ. For all other
//! text the result is exactly SPEC §2's.
//!
//! Natively the Unicode tables come from `unicode-normalization` and the standard library. In
//! the browser the same three steps run on the engine's own tables (`String.prototype.normalize`,
//! `toLowerCase` and a `\p{..}` regular expression, `newsroom::slug_js` in the app, handed over
//! by [`set_unicode_slug`]), which keeps the Unicode tables out of the WebAssembly download. Both implement the Unicode standard; the browser tests run
//! the same cases as the native ones.

/// The slug of `text` per SPEC §2. May be empty (text with no letter, mark or digit).
pub fn slug(text: &str) -> String {
    latin_slug(text).unwrap_or_else(|| imp::slug(text))
}

/// The slug of text in ASCII and the Latin-1 letters (`À`–`ÿ`), or `None` for any other
/// text. For these NFKC changes nothing, lower case is one letter for one, and the letters and
/// digits are plain to see: the same result without the Unicode tables (in the browser,
/// without calls into JavaScript, which a large archive's thousands of names would make).
fn latin_slug(text: &str) -> Option<String> {
    // One byte, or the two of a Latin-1 letter, pushed at a time: a large archive slugs its
    // thousands of names as it opens, on the browser's first, quick compile of this loop.
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut pending_dash = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        let (first, second) = match byte {
            b'a'..=b'z' | b'0'..=b'9' => (byte, None),
            b'A'..=b'Z' => (byte.to_ascii_lowercase(), None),
            0..=0x7f => {
                pending_dash = true;
                continue;
            }
            // `À`–`ÿ` (U+00C0–U+00FF) are 0xC3 and a second byte: `À`–`Þ` (but `×`) lower-cased,
            // `ß`–`ÿ` (but `÷`) kept.
            0xc3 => {
                let next = *bytes.get(at)?;
                at += 1;
                match next {
                    0x80..=0x9e if next != 0x97 => (byte, Some(next + 0x20)),
                    0x9f..=0xbf if next != 0xb7 => (byte, Some(next)),
                    _ => return None,
                }
            }
            _ => return None,
        };
        if pending_dash && !out.is_empty() {
            out.push(b'-');
        }
        pending_dash = false;
        out.push(first);
        if let Some(second) = second {
            out.push(second);
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{is_nfkc, UnicodeNormalization};

    pub(super) fn slug(text: &str) -> String {
        let mut lowered = text.nfkc().collect::<String>().to_lowercase();
        if !is_nfkc(&lowered) {
            lowered = lowered.nfkc().collect();
        }
        let mut out = String::with_capacity(lowered.len());
        let mut pending_dash = false;
        for ch in lowered.chars() {
            if is_letter_mark_or_digit(ch) {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(ch);
            } else {
                pending_dash = true;
            }
        }
        out
    }

    /// `[\p{L}\p{M}\p{N}]`. `char::is_alphanumeric` is Alphabetic ∪ Numeric, which covers L and
    /// N and most marks; marks outside Alphabetic (combining accents, for instance) all have a
    /// non-zero combining class or are enclosing/spacing marks handled by the table below.
    fn is_letter_mark_or_digit(ch: char) -> bool {
        ch.is_alphanumeric() || canonical_combining_class(ch) != 0 || is_other_mark(ch)
    }

    /// Marks with combining class 0 that are not Alphabetic: enclosing marks (Me) and a few
    /// non-spacing marks such as the variation selectors and the combining grapheme joiner.
    fn is_other_mark(ch: char) -> bool {
        matches!(ch as u32,
            0x034F
            | 0x0488..=0x0489
            | 0x1ABE
            | 0x180B..=0x180D
            | 0x180F
            | 0x20DD..=0x20E0
            | 0x20E2..=0x20E4
            | 0xA670..=0xA672
            | 0xFE00..=0xFE0F
            | 0xE0100..=0xE01EF)
    }
}

/// In the browser the Unicode steps run on the engine's own tables, which the app hands over
/// with [`set_unicode_slug`]; this crate stays free of browser bindings.
#[cfg(target_arch = "wasm32")]
mod imp {
    use std::sync::OnceLock;

    pub(super) static UNICODE_SLUG: OnceLock<fn(&str) -> String> = OnceLock::new();

    pub(super) fn slug(text: &str) -> String {
        match UNICODE_SLUG.get() {
            Some(unicode_slug) => unicode_slug(text),
            None => without_tables(text),
        }
    }

    /// Before the app has handed over the browser's tables: ASCII lower-cased, other ASCII
    /// characters as separators, and every other character kept as it is. Only text outside
    /// Latin-1 gets here, the app sets the browser's implementation before it reads any feed,
    /// and Unicode's own tables would cost the download what the browser's spare it.
    fn without_tables(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut pending_dash = false;
        for ch in text.chars() {
            if ch.is_ascii_alphanumeric() || !ch.is_ascii() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(ch.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
        out
    }
}

/// Sets the implementation of [`slug`]'s Unicode steps (NFKC, lower case, the `\p{..}` runs)
/// for text outside Latin-1, in the browser: the engine's own tables keep Unicode data out of
/// the WebAssembly download. The first call wins; natively the tables of
/// `unicode-normalization` are always used.
#[cfg(target_arch = "wasm32")]
pub fn set_unicode_slug(unicode_slug: fn(&str) -> String) {
    let _ = imp::UNICODE_SLUG.set(unicode_slug);
}

/// Input and expected slug pairs covering SPEC §2, used by the native and the browser tests.
pub const SLUG_CASES: &[(&str, &str)] = &[
    ("Arms Control", "arms-control"),
    ("United States", "united-states"),
    ("  NATO  ", "nato"),
    ("Dave DeCamp", "dave-decamp"),
    (
        "Biden Speaks With Putin, Proposes an In-Person Meeting",
        "biden-speaks-with-putin-proposes-an-in-person-meeting",
    ),
    ("$2 billion", "2-billion"),
    ("US’s “unwavering commitment”", "us-s-unwavering-commitment"),
    ("Crème brûlée", "crème-brûlée"),
    // NFKC composes a decomposed accent, so both spellings agree.
    ("Cre\u{0300}me", "crème"),
    // Marks that stay separate after NFKC are kept (Devanagari vowel signs).
    ("हिन्दी", "हिन्दी"),
    ("ＦＵＬＬ　ＷＩＤＴＨ", "full-width"),
    ("ﬁre", "fire"),
    ("日本語のニュース", "日本語のニュース"),
    ("الأخبار العربية", "الأخبار-العربية"),
    ("Ελληνικά ΝΕΑ", "ελληνικά-νεα"),
    ("C++ & Rust!!", "c-rust"),
    ("---", ""),
    ("", ""),
    ("a_b.c/d", "a-b-c-d"),
    ("②", "2"),
    ("x²", "x2"),
    // Lower-casing a capital J with a combining caron gives a sequence NFKC composes.
    ("J\u{030C}ournal", "\u{01F0}ournal"),
];

#[cfg(test)]
mod tests {
    use super::slug;

    /// Shared with the browser tests, which run the same table through the JS implementation.
    const CASES: &[(&str, &str)] = super::SLUG_CASES;

    /// The Latin fast path agrees with the full rules on every character it takes, alone and
    /// between letters and separators.
    #[test]
    fn latin_slugs_match_the_unicode_rules() {
        for code in 0..=0x17F_u32 {
            let Some(ch) = char::from_u32(code) else {
                continue;
            };
            for text in [
                format!("{ch}"),
                format!("A{ch}b"),
                format!("x {ch}-Y"),
                format!("{ch}{ch}"),
            ] {
                if let Some(fast) = super::latin_slug(&text) {
                    assert_eq!(fast, super::imp::slug(&text), "{text:?} (U+{code:04X})");
                }
            }
        }
        assert_eq!(
            super::latin_slug("Chloé Okafor").as_deref(),
            Some("chloé-okafor")
        );
        assert_eq!(super::latin_slug("Łukasz"), None);
        // It takes all of ASCII and every Latin-1 letter, so that a large archive's names
        // seldom need the full rules.
        let taken = (0..=0x7F_u32)
            .chain(0xC0..=0xFF)
            .filter_map(char::from_u32)
            .filter(|ch| !matches!(ch, '×' | '÷'));
        for ch in taken {
            assert!(super::latin_slug(&format!("A{ch}b")).is_some(), "{ch:?}");
        }
    }

    #[test]
    fn every_documented_case_slugs_as_specified() {
        for (input, expected) in CASES {
            assert_eq!(slug(input), *expected, "slug({input:?})");
        }
    }

    #[test]
    fn slugging_is_idempotent() {
        for (input, _) in CASES {
            let once = slug(input);
            assert_eq!(slug(&once), once, "slug(slug({input:?}))");
        }
    }

    /// Every character alone and every letter followed by a combining mark: lower-casing and
    /// normalising interact only in such short sequences.
    #[test]
    fn slugging_is_idempotent_for_every_character_and_accented_letter() {
        let marks = (0x0300..=0x036F).filter_map(char::from_u32);
        let mut texts: Vec<String> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        let letters: Vec<char> = (0..=0xFFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_uppercase())
            .collect();
        for mark in marks {
            texts.extend(letters.iter().map(|letter| format!("{letter}{mark}")));
        }
        for text in &texts {
            let once = slug(text);
            assert_eq!(slug(&once), once, "slug(slug({text:?}))");
        }
    }
}
