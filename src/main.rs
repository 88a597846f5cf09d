//! The browser entry point (trunk's `data-bin`): install the panic hook, mount the app.

fn main() {
    newsroom::app::start();
}
