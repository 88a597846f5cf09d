//! The browser entry point (trunk's `data-bin`): install the panic hook, mount the app.

/// The browser's allocator (see Cargo.toml).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    newsroom::app::start();
}
