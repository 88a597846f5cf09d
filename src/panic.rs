//! A panic ends in the error state with a message, never a frozen or blank page.
//!
//! On wasm32 a panic aborts, so Yew cannot render anything afterwards: the hook writes the
//! error view into the app root itself, with plain DOM calls.

use std::panic::PanicHookInfo;

/// The panic hook: logs to the console and replaces the app with an alert.
pub fn show_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&message.clone().into());
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(Some(app)) = document.query_selector("[data-testid=app]") else {
        return;
    };
    let _ = app.set_attribute("data-state", "error");
    app.set_inner_html("");
    let Ok(main) = document.create_element("main") else {
        return;
    };
    let _ = main.set_attribute("class", "wrap");
    let Ok(alert) = document.create_element("div") else {
        return;
    };
    let _ = alert.set_attribute("role", "alert");
    let _ = alert.set_attribute("class", "error-view");
    if let Ok(heading) = document.create_element("h1") {
        heading.set_text_content(Some("Something went wrong"));
        let _ = alert.append_child(&heading);
    }
    if let Ok(detail) = document.create_element("p") {
        // text, never markup: the message may quote feed data
        detail.set_text_content(Some(&format!(
            "The viewer stopped because of an internal error: {message}. Reload the page to try again."
        )));
        let _ = alert.append_child(&detail);
    }
    let _ = main.append_child(&alert);
    let _ = app.append_child(&main);
}
