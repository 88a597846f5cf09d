//! The framework-free core: plain data and logic, no Yew and no DOM. It compiles and is tested
//! natively, and is what the benchmarks time.

pub mod archive;
pub mod cards;
pub mod dates;
pub mod facets;
pub mod feed;
pub mod filter;
/// The sanitiser's policy over an HTML5 parse: native only (the browser has its own parser).
#[cfg(not(target_arch = "wasm32"))]
pub mod html5;
pub mod lenient;
pub mod markup;
pub mod model;
pub mod numbers;
pub mod postings;
pub mod query;
pub mod route;
pub mod sanitize;
pub mod slug;
pub mod split;
pub mod urls;
