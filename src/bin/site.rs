//! Finishes a built site: a strict Content-Security-Policy in every HTML file and `_headers`.
//! trunk runs it after each build (Trunk.toml); it also runs alone on a built site:
//!
//! ```sh
//! cargo run --bin site -- dist
//! ```

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: site SITE_DIRECTORY");
        std::process::exit(2);
    };
    if let Err(error) = newsroom::site::finish(std::path::Path::new(&dir)) {
        eprintln!("site: {dir}: {error}");
        std::process::exit(1);
    }
}
