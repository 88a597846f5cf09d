//! A static, client-side viewer for a JSON Feed of news articles, filterable by topic and
//! author.
//!
//! The core (`newsroom-core`, plain Rust over plain data) is a crate of its own; [`app`],
//! [`pages`] and [`components`] are the thin Yew layer that renders it in the browser, and the
//! site builder (`newsroom-site`) renders these same components ahead of time.

pub mod app;
pub mod chunks;
pub mod components;
pub mod load;
pub mod nav;
pub mod pages;
pub mod panic;
pub mod sanitize_dom;
pub mod slug_js;
pub mod state;
