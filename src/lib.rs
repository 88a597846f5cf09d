//! A static, client-side viewer for a JSON Feed of news articles, filterable by topic and
//! author.
//!
//! [`core`] is plain Rust over plain data; [`app`], [`pages`] and [`components`] are the thin
//! Yew layer that renders it in the browser.

pub mod app;
pub mod components;
pub mod core;
pub mod corpus;
pub mod load;
pub mod nav;
pub mod pages;
pub mod panic;
pub mod sanitize_dom;
#[cfg(not(target_arch = "wasm32"))]
pub mod site;
