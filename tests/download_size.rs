//! The download budget: the release build's WebAssembly, JavaScript (the pages' boot script
//! too) and CSS, gzipped, stay within the budget below. A large archive's first view needs its index head too, so every
//! kilobyte here is one a phone waits for.
//!
//! Reads the release build `scripts/test` makes at `target/e2e/root`.

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;

/// Bytes, gzipped at the highest level, as a static host would serve them.
const BUDGET: usize = 184_500;

fn gzipped_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

#[test]
fn the_app_downloads_within_its_budget_gzipped() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e/root");
    let entries = std::fs::read_dir(&dist).unwrap_or_else(|e| {
        panic!("no release build at {} ({e}); run scripts/test, or trunk build --release --dist target/e2e/root", dist.display())
    });
    let mut total = 0;
    let mut report = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let counted = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css")
        );
        if counted {
            let size = gzipped_len(&std::fs::read(&path).expect("readable build file"));
            report.push(format!("{size:>8}  {}", path.display()));
            total += size;
        }
    }
    report.sort();
    println!("{}\n{total:>8}  total (budget {BUDGET})", report.join("\n"));
    assert!(
        report.iter().any(|r| r.ends_with(".wasm")),
        "the build has no .wasm"
    );
    assert!(
        total <= BUDGET,
        "the app is {total} bytes gzipped, over the {BUDGET}-byte budget"
    );
}
