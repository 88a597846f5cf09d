//! The sanitiser's policy on arbitrary element names, attribute names and values: never a
//! panic, and no kept URL has a scheme outside the allow-list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom_core::sanitize::{attribute_value, element_action, safe_image_url, safe_link_url, ElementAction};

/// The scheme a browser would read from a URL: tabs and newlines removed, C0 controls and
/// spaces trimmed, up to the first `:` before any `/?#`.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let end = cleaned.find([':', '/', '?', '#'])?;
    cleaned[end..].starts_with(':').then(|| cleaned[..end].to_ascii_lowercase())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\u{0}');
    let (tag, name, value) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if let ElementAction::Keep(kept) = element_action(tag) {
        let base = newsroom_core::urls::BaseUrl::parse("https://example.org/a/b.html");
        if let Some(out) = attribute_value(kept, name, value, base.as_ref()) {
            assert!(!name.to_ascii_lowercase().starts_with("on"), "{name} kept");
            if matches!(name.to_ascii_lowercase().as_str(), "href" | "src" | "cite") {
                assert!(matches!(scheme(&out).as_deref(), None | Some("http" | "https" | "mailto")), "{out}");
            }
        }
    }
    for url in [safe_link_url(value), safe_image_url(value)].into_iter().flatten() {
        assert!(matches!(scheme(&url).as_deref(), None | Some("http" | "https" | "mailto")), "{url}");
    }
});
