//! XSS corpora in a real browser (wasm-bindgen-test, headless Chromium and Firefox): every vector
//! in `tests/xss/vectors.json` is sanitised, put into the live page, and given time to fire;
//! the test fails if any script ran (alert/confirm/prompt/print, `window.__xss`, a request to
//! the beacon host) or anything executable survived. `tests/xss/benign.json` must survive.
#![cfg(target_arch = "wasm32")]

use newsroom::sanitize_dom::sanitize_html;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlImageElement};

#[path = "xss/rules.rs"]
mod rules;
use rules::{forbidden_attribute, FORBIDDEN_ELEMENTS, URL_ATTRIBUTES};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    family: String,
    html: String,
}

#[derive(Deserialize)]
struct Benign {
    cases: Vec<BenignCase>,
}

#[derive(Deserialize)]
struct BenignCase {
    html: String,
    keep: Vec<String>,
    #[serde(default)]
    text: Option<String>,
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

/// Replaces the dialogs and print with recorders, so a vector that reaches them is caught
/// without blocking the page.
fn trap_dialogs() {
    let global = js_sys::global();
    for name in ["alert", "confirm", "prompt", "print"] {
        let record = Closure::<dyn Fn()>::new(move || {
            let _ = js_sys::Reflect::set(&js_sys::global(), &"__xss".into(), &JsValue::from(1));
        });
        let _ = js_sys::Reflect::set(&global, &name.into(), record.as_ref().unchecked_ref());
        record.forget();
    }
}

fn script_ran() -> bool {
    let marker =
        js_sys::Reflect::get(&js_sys::global(), &"__xss".into()).unwrap_or(JsValue::UNDEFINED);
    let beacons = window()
        .performance()
        .map(|p| p.get_entries_by_type("resource"))
        .map(|entries| {
            entries.iter().any(|e| {
                js_sys::Reflect::get(&e, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string())
                    .is_some_and(|n| n.contains("beacon.invalid"))
            })
        })
        .unwrap_or(false);
    !marker.is_undefined() || beacons
}

/// What survived that could run script, for one sanitised vector.
fn executable_leftovers(root: &Element) -> Vec<String> {
    let mut found = Vec::new();
    if let Ok(list) = root.query_selector_all(FORBIDDEN_ELEMENTS) {
        for i in 0..list.length() {
            if let Some(node) = list.item(i) {
                found.push(format!("<{}>", node.node_name().to_lowercase()));
            }
        }
    }
    let all = root.query_selector_all("*").expect("a selector");
    for i in 0..all.length() {
        let Some(element) = all.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let attributes = element.attributes();
        for a in 0..attributes.length() {
            let Some(attribute) = attributes.item(a) else {
                continue;
            };
            let name = attribute.name().to_lowercase();
            if forbidden_attribute(&name) {
                found.push(format!("{name}= on <{}>", element.local_name()));
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                let value = attribute.value();
                let scheme = web_sys::Url::new_with_base(&value, "https://example.org/")
                    .map(|u| u.protocol())
                    .unwrap_or_default();
                if !["http:", "https:", "mailto:"].contains(&scheme.as_str()) {
                    found.push(format!("{name}={value:?}"));
                }
            }
        }
    }
    found
}

async fn next_task() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
    });
    let _ = JsFuture::from(tick).await;
}

/// Waits until every image in `root` has loaded or failed, so `onerror`/`onload` would have
/// fired by now.
async fn images_settled(root: &Element) {
    for _ in 0..500 {
        let list = root.query_selector_all("img").expect("a selector");
        let pending = (0..list.length()).any(|i| {
            list.item(i)
                .and_then(|n| n.dyn_into::<HtmlImageElement>().ok())
                .is_some_and(|img| !img.complete())
        });
        if !pending {
            return;
        }
        next_task().await;
    }
}

/// The article page the cases' relative URLs resolve against.
fn base() -> Option<newsroom_core::urls::BaseUrl> {
    newsroom_core::urls::BaseUrl::parse("https://example.org/articles/item.html")
}

#[wasm_bindgen_test]
async fn every_vector_is_neutralised() {
    trap_dialogs();
    let vectors: Vectors = serde_json::from_str(include_str!("xss/vectors.json")).expect("vectors");
    let document = window().document().expect("a document");
    let stage = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&stage)
        .expect("attached");
    let mut failures = Vec::new();
    for (i, vector) in vectors.vectors.iter().enumerate() {
        let Some(clean) = sanitize_html(&vector.html, base().as_ref()) else {
            failures.push(format!("#{i}: the sanitiser gave nothing"));
            continue;
        };
        let leftovers = executable_leftovers(&clean);
        if !leftovers.is_empty() {
            failures.push(format!(
                "#{i} ({}): {:?} kept {leftovers:?}",
                vector.family, vector.html
            ));
        }
        stage.append_child(&clean).expect("attached");
    }
    // Give every image a chance to fail or load, and queued events a chance to run.
    images_settled(&stage).await;
    for _ in 0..3 {
        next_task().await;
    }
    if script_ran() {
        failures.push("a script ran (dialog, window.__xss or a beacon request)".to_string());
    }
    let total = vectors.vectors.len();
    console_log!(
        "XSS corpus: {} of {total} neutralised",
        total - failures.len().min(total)
    );
    assert!(total >= 500, "only {total} vectors");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn benign_markup_survives() {
    let benign: Benign =
        serde_json::from_str(include_str!("xss/benign.json")).expect("benign cases");
    for case in &benign.cases {
        let clean = sanitize_html(&case.html, base().as_ref()).expect("a browser");
        for selector in &case.keep {
            assert!(
                clean.query_selector(selector).ok().flatten().is_some(),
                "{selector} lost from {}: {}",
                case.html,
                clean.inner_html()
            );
        }
        if let Some(text) = &case.text {
            assert!(clean
                .text_content()
                .unwrap_or_default()
                .contains(text.as_str()));
        }
        assert!(executable_leftovers(&clean).is_empty());
    }
}

#[wasm_bindgen_test]
fn the_checks_catch_unsanitised_markup() {
    let document = window().document().expect("a document");
    let raw = document.create_element("div").expect("a div");
    raw.set_inner_html("<img src=x onerror=\"window.__unsanitised=1\"><a href=\"javascript:void(0)\">x</a><svg></svg>");
    let leftovers = executable_leftovers(&raw);
    assert_eq!(leftovers.len(), 3, "{leftovers:?}");
}
