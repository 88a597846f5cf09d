//! The built app's own files, finished for download: the JavaScript glue compacted, and the
//! pages' Subresource Integrity hashes recomputed for the files as they now are (the release
//! build optimises the WebAssembly again after trunk has hashed it; see `scripts/optimize-wasm`).

use std::io;
use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha384};

/// The glue with each line's indentation, blank lines and whole-line `//` comments removed:
/// about a tenth of its compressed size. Only done when no template literal spans lines
/// (every line has an even number of backticks), so no string's content can change.
pub fn compact_js(js: &str) -> Option<String> {
    if js.lines().any(|line| line.matches('`').count() % 2 == 1) {
        return None;
    }
    let kept: Vec<&str> = js
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect();
    Some(kept.join("\n") + "\n")
}

/// Compacts each `.js` file at the site's root (trunk's glue); a file already compact is left
/// as it is.
pub fn compact_glue(site: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(site)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("js") {
            continue;
        }
        let js = std::fs::read_to_string(&path)?;
        if let Some(compact) = compact_js(&js) {
            if compact != js {
                std::fs::write(&path, compact)?;
            }
        }
    }
    Ok(())
}

/// `html` with every `integrity=sha384-…` of a `<link>` or `<script>` whose `href`/`src` is a
/// file of the site recomputed from that file. `base` is the site's base path (`/news`).
pub fn refresh_integrity(html: &str, site: &Path, base: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |end| start + end + 1);
        let tag = &rest[start..tag_end];
        out.push_str(&refreshed_tag(tag, site, base).unwrap_or_else(|| tag.to_string()));
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// The file `trunk serve`'s live-reload script is moved to (see [`externalise_dev_reload`]).
pub const DEV_RELOAD_FILE: &str = "trunk-autoreload.js";

/// Under `trunk serve`, trunk adds an inline live-reload script to the page, and its server
/// fills in the address as it serves the page: no hash the builder computes can allow the
/// script that arrives, so the page's policy blocked it and the page never reloaded. The
/// script is moved into a file of the site (allowed as `'self'`), with what trunk's server
/// would fill in read from the page's own location; the page loads it from the base path.
/// A release build has no such script and is returned unchanged.
pub fn externalise_dev_reload(html: &str, site: &Path, base: &str) -> io::Result<String> {
    let Some(marker) = html.find("{{__TRUNK_ADDRESS__}}") else {
        return Ok(html.to_string());
    };
    let (Some(start), Some(end)) = (
        html[..marker].rfind("<script"),
        html[marker..].find("</script>").map(|at| marker + at),
    ) else {
        return Ok(html.to_string());
    };
    let Some(body_start) = html[start..marker].find('>').map(|at| start + at + 1) else {
        return Ok(html.to_string());
    };
    // The site's base path with its trailing slash, as trunk's server gives it (`/` at the root).
    let dir = format!("{}/", base.trim_end_matches('/'));
    let script = html[body_start..end]
        .replace("'{{__TRUNK_ADDRESS__}}'", "window.location.host")
        .replace("`{{__TRUNK_ADDRESS__}}`", "window.location.host")
        .replace("{{__TRUNK_WS_BASE__}}", &dir);
    std::fs::write(site.join(DEV_RELOAD_FILE), script)?;
    Ok(format!(
        "{}<script src=\"{dir}{DEV_RELOAD_FILE}\"></script>{}",
        &html[..start],
        &html[end + "</script>".len()..]
    ))
}

fn refreshed_tag(tag: &str, site: &Path, base: &str) -> Option<String> {
    if !(tag.starts_with("<link") || tag.starts_with("<script")) {
        return None;
    }
    let old = attribute(tag, "integrity")?;
    let url = attribute(tag, "href").or_else(|| attribute(tag, "src"))?;
    let local = url
        .strip_prefix(base)
        .unwrap_or(&url)
        .trim_start_matches('/');
    if local.is_empty() || local.contains("..") || local.contains(':') {
        return None;
    }
    let bytes = std::fs::read(site.join(local)).ok()?;
    let new = format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes))
    );
    Some(tag.replacen(&old, &new, 1))
}

/// An attribute's value in a start tag, quoted or not (trunk's minified pages leave most
/// unquoted).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let value = &tag[at..];
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split([' ', '>']).next()?,
    };
    Some(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glue_is_compacted_unless_a_template_literal_spans_lines() {
        let js = "function f() {\n    // why\n    return `${a}`;\n\n}\n";
        assert_eq!(
            compact_js(js).unwrap(),
            "function f() {\nreturn `${a}`;\n}\n"
        );
        assert_eq!(compact_js("const s = `a\n  b`;\n"), None);
    }

    #[test]
    fn integrity_follows_the_file() {
        let dir = std::env::temp_dir().join(format!("newsroom-sri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app.js"), "x").unwrap();
        let html = "<head><link crossorigin href=/news/app.js integrity=sha384-old rel=modulepreload><link href=https://cdn.example/x.js integrity=sha384-keep></head>";
        let refreshed = refresh_integrity(html, &dir, "/news");
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha384::digest(b"x"));
        assert!(refreshed.contains(&format!("integrity=sha384-{expected} rel=modulepreload")));
        assert!(refreshed.contains("integrity=sha384-keep"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[cfg(test)]
mod dev_reload_tests {
    use super::*;

    #[test]
    fn trunk_serves_live_reload_script_moves_to_a_file_of_the_site() {
        let dir = std::env::temp_dir().join(format!("newsroom-dev-reload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory");
        let page = "<html><body><p>x</p><script>const address = '{{__TRUNK_ADDRESS__}}'; \
                    const base = '{{__TRUNK_WS_BASE__}}';</script></body></html>";
        let out = externalise_dev_reload(page, &dir, "/news/").expect("written");
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/news/trunk-autoreload.js\"></script></body></html>"
        );
        let script = std::fs::read_to_string(dir.join(DEV_RELOAD_FILE)).expect("the file");
        assert_eq!(
            script,
            "const address = window.location.host; const base = '/news/';"
        );
        let at_root = externalise_dev_reload(page, &dir, "").expect("written");
        assert!(at_root.contains("<script src=\"/trunk-autoreload.js\">"));
        let script = std::fs::read_to_string(dir.join(DEV_RELOAD_FILE)).expect("the file");
        assert!(script.ends_with("const base = '/';"), "{script}");
        let release = "<html><body><script>let a = 1;</script></body></html>";
        assert_eq!(
            externalise_dev_reload(release, &dir, "/").expect("read"),
            release
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
