//! What counts as executable in sanitised output: one list for the browser walker's test
//! (`tests/xss.rs`) and the site builder's (`tests/xss_native.rs`), so both check the same.

/// Elements that must not survive, as a CSS selector list.
pub const FORBIDDEN_ELEMENTS: &str = "script,iframe,frame,frameset,object,embed,base,meta,form,link,style,svg,math,template,noscript,input,button,textarea,select,applet,portal,xmp,plaintext";

/// Attributes holding a URL, whose scheme must be http, https or mailto (or none).
pub const URL_ATTRIBUTES: [&str; 8] = [
    "href",
    "src",
    "cite",
    "poster",
    "background",
    "action",
    "data",
    "srcset",
];

/// An attribute that must not survive: event handlers, styles, frames' documents, form
/// targets, foreign links, and names a page's own script could be confused by.
pub fn forbidden_attribute(lower_case_name: &str) -> bool {
    lower_case_name.starts_with("on")
        || [
            "style",
            "srcdoc",
            "formaction",
            "xlink:href",
            "id",
            "name",
            "class",
        ]
        .contains(&lower_case_name)
}
