//! The XSS corpus through the site builder's sanitiser (the native walker over an HTML5 parse),
//! which writes the article bodies of the pages it renders ahead of time. The same vectors go
//! through the browser walker in `tests/xss.rs`; here the output is parsed again, as a browser
//! parses the page, and checked for anything that could run.

#![cfg(not(target_arch = "wasm32"))]

use scraper::{Html, Node, Selector};
use serde_json::Value;

use newsroom_core::html5::sanitize;

#[path = "xss/rules.rs"]
mod rules;
use rules::{forbidden_attribute, FORBIDDEN_ELEMENTS, URL_ATTRIBUTES};

/// What survived that could run script.
fn executable_leftovers(markup: &str) -> Vec<String> {
    let parsed = Html::parse_fragment(markup);
    let forbidden = Selector::parse(FORBIDDEN_ELEMENTS).expect("a selector");
    let mut found: Vec<String> = parsed
        .select(&forbidden)
        .map(|e| format!("<{}>", e.value().name()))
        .collect();
    for node in parsed.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        for (name, value) in element.attrs() {
            let name = name.to_ascii_lowercase();
            if forbidden_attribute(&name) {
                found.push(format!("{name}= on <{}>", element.name()));
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                // As a URL parser reads it: ASCII whitespace and controls are ignored.
                let squeezed: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let scheme = squeezed
                    .split_once(':')
                    .filter(|(s, _)| !s.contains(['/', '?', '#']))
                    .map(|(s, _)| s.to_string());
                if let Some(scheme) = scheme {
                    if !["http", "https", "mailto"].contains(&scheme.as_str()) {
                        found.push(format!("{name}={value:?}"));
                    }
                }
            }
        }
    }
    found
}

/// The article page the cases' relative URLs resolve against.
fn base() -> Option<newsroom_core::urls::BaseUrl> {
    newsroom_core::urls::BaseUrl::parse("https://example.org/articles/item.html")
}

fn cases(file: &str, key: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(format!("{}/tests/xss/{file}", env!("CARGO_MANIFEST_DIR")))
        .expect("the corpus");
    let data: Value = serde_json::from_str(&text).expect("JSON");
    data[key].as_array().expect("a list").clone()
}

#[test]
fn every_vector_is_neutralised() {
    let vectors = cases("vectors.json", "vectors");
    let mut failures = Vec::new();
    for vector in &vectors {
        let html = vector["html"].as_str().expect("html");
        let out = sanitize(html, base().as_ref());
        let leftovers = executable_leftovers(&out);
        if !leftovers.is_empty() {
            failures.push(format!("{html:?} → {out:?}: {leftovers:?}"));
        }
        // What the builder writes reads back as itself: nothing mutates on a second parse.
        assert_eq!(sanitize(&out, base().as_ref()), out, "not stable: {html:?}");
    }
    println!(
        "native sanitiser: {} of {} vectors neutralised",
        vectors.len() - failures.len(),
        vectors.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn benign_markup_survives() {
    for case in cases("benign.json", "cases") {
        let html = case["html"].as_str().expect("html");
        let out = Html::parse_fragment(&sanitize(html, base().as_ref()));
        for keep in case["keep"].as_array().expect("keep") {
            let selector = keep.as_str().expect("a selector");
            let parsed = Selector::parse(selector).expect("a valid selector");
            assert!(
                out.select(&parsed).next().is_some(),
                "{selector} lost from {html:?}: {}",
                out.html()
            );
        }
    }
}

#[test]
fn the_checks_catch_unsanitised_markup() {
    let leftovers = executable_leftovers(
        "<img src=x onerror=alert(1)><a href=\" java\tscript:alert(1)\">x</a><svg></svg>",
    );
    assert_eq!(leftovers.len(), 3, "{leftovers:?}");
}
