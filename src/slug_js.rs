//! The Unicode steps of the core's `slug()` on the browser's own tables
//! (`String.prototype.normalize`, `toLowerCase` and a `\p{..}` regular expression), handed to
//! the core by [`install`] before any feed is read: the same result as the native tables
//! (`newsroom_core::slug::SLUG_CASES` run in both), without their tables in the download.

use js_sys::{JsString, RegExp};

thread_local! {
    static SEPARATORS: RegExp = RegExp::new(r"[^\p{L}\p{M}\p{N}]+", "gu");
    static EDGES: RegExp = RegExp::new("^-+|-+$", "g");
}

/// NFKC, lower case (normalised again, see the core's `slug` module), runs of other characters
/// to one `-`, edges trimmed.
pub fn unicode_slug(text: &str) -> String {
    let normalized = JsString::from(text).normalize("NFKC");
    // The second pass is a no-op for text that lower-casing leaves normalised.
    let lowered = normalized.to_lower_case().normalize("NFKC");
    let dashed = SEPARATORS.with(|re| lowered.replace_by_pattern(re, "-"));
    let trimmed: JsString = EDGES.with(|re| dashed.replace_by_pattern(re, ""));
    trimmed.into()
}

/// Hands [`unicode_slug`] to the core (in the browser; natively the core has its own tables).
pub fn install() {
    #[cfg(target_arch = "wasm32")]
    newsroom_core::slug::set_unicode_slug(unicode_slug);
}
