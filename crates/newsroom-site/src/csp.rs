//! The site builder's Content-Security-Policy: a strict policy in every page it writes (a
//! `<meta>`) and in a `_headers` file for hosts that read one.
//!
//! trunk writes its WebAssembly loader as an inline `<script type="module">` (and `trunk serve`
//! adds an inline reload script). A static host cannot add per-request nonces, so each inline
//! script is allowed by the SHA-256 of its exact text and nothing else inline may run.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy, with the hashes of the inline scripts it allows.
pub fn policy(inline_script_hashes: &[String]) -> String {
    let hashes: String = inline_script_hashes
        .iter()
        .map(|h| format!(" 'sha256-{h}'"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' https:; connect-src 'self'; object-src 'none'; frame-src 'none'; \
         base-uri 'self'; form-action 'none'"
    )
}

/// The base64 SHA-256 of each inline `<script>`'s text, in document order.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_rest = &after[open_end + 1..];
        let Some(close) = body_and_rest.find("</script") else {
            break;
        };
        // Data blocks (JSON-LD) are not run, so the policy does not govern them.
        let data_block = tag.contains("application/ld+json");
        if !tag.contains(" src=") && !data_block {
            let body = &body_and_rest[..close];
            hashes.push(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body)));
        }
        rest = &body_and_rest[close..];
    }
    hashes
}

/// `html` with a CSP `<meta>` for its own inline scripts and those of `added` (scripts that
/// pages made from it add), placed before any script so that it governs all of them. One the
/// page already has is replaced (its scripts may have changed).
pub fn with_csp_meta(html: &str, added: &str) -> String {
    const OPEN: &str = "<meta http-equiv=\"Content-Security-Policy\"";
    if let Some(start) = html.find(OPEN) {
        if let Some(end) = html[start..].find('>') {
            let without = format!("{}{}", &html[..start], &html[start + end + 1..]);
            return with_csp_meta(&without, added);
        }
    }
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        policy(&[inline_script_hashes(html), inline_script_hashes(added)].concat())
    );
    // After `<meta charset>` when there is one (it must stay in the first 1024 bytes), else
    // right after the `<html>` start tag.
    let at = html
        .find("<meta charset")
        .and_then(|start| html[start..].find('>').map(|end| start + end + 1))
        .or_else(|| {
            html.find("<html")
                .and_then(|start| html[start..].find('>').map(|end| start + end + 1))
        })
        .unwrap_or(0);
    let mut out = html.to_string();
    out.insert_str(at, &meta);
    out
}

/// The `_headers` file (Netlify, Cloudflare Pages): the same policy for every path, plus what a
/// `<meta>` cannot say.
///
/// Its rules name the site's base path (`/news/*` for a site under `/news/`): hosts read the
/// file at the root of what they serve, so a site published under a sub-path moves it there
/// and its rules already match the site's paths, and nothing else of the host's.
pub fn headers_file(inline_script_hashes: &[String], base: &str) -> String {
    format!(
        "{}/*\n  Content-Security-Policy: {}; frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n",
        base.trim_end_matches('/'),
        policy(inline_script_hashes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html><html lang=en><meta charset=utf-8><title>x</title>\
        <script type=module>import init from '/app.js';await init();</script>\
        <script src=/other.js></script></html>";

    #[test]
    fn each_inline_script_is_allowed_by_its_hash_and_external_ones_by_self() {
        let hashes = inline_script_hashes(PAGE);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest("import init from '/app.js';await init();"));
        assert_eq!(hashes[0], expected);
    }

    #[test]
    fn the_headers_rules_name_the_sites_base_path() {
        assert!(headers_file(&[], "/").starts_with("/*\n"));
        assert!(headers_file(&[], "/news/").starts_with("/news/*\n"));
        assert!(headers_file(&[], "/news").starts_with("/news/*\n"));
    }

    #[test]
    fn the_policy_is_strict() {
        let policy = policy(&["abc".to_string()]);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"));
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
            "style-src 'self'",
            "img-src 'self' https:",
        ] {
            assert!(policy.contains(directive), "{directive}");
        }
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn the_meta_comes_before_any_script_and_is_added_once() {
        let html = with_csp_meta(PAGE, "");
        let meta = html.find("Content-Security-Policy").unwrap();
        assert!(meta < html.find("<script").unwrap());
        assert!(html.find("<meta charset").unwrap() < meta);
        assert_eq!(with_csp_meta(&html, ""), html);
    }

    #[test]
    fn scripts_pages_add_are_allowed_too() {
        let added = "<script>addEventListener('x',f)</script>";
        let html = with_csp_meta(PAGE, added);
        let hashes = inline_script_hashes(&format!("{PAGE}{added}"));
        assert_eq!(hashes.len(), 2);
        for hash in hashes {
            assert!(html.contains(&format!("'sha256-{hash}'")), "{hash}");
        }
    }
}
