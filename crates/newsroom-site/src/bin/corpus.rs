//! Writes a deterministic synthetic archive as a JSON Feed to standard output.
//!
//! ```sh
//! cargo run --release --bin corpus -- 10000 > articles.json        # 10,000 articles, seed 2026
//! cargo run --release --bin corpus -- 100000 7 > articles.json     # another seed
//! ```

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let count = args.next().and_then(|n| n.parse::<usize>().ok());
    let seed = args
        .next()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(2026);
    let Some(count) = count else {
        eprintln!("usage: corpus ARTICLES [SEED] > articles.json");
        std::process::exit(2);
    };
    let feed = newsroom_site::corpus::generate(count, seed);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if serde_json::to_writer(&mut out, &feed)
        .map_err(std::io::Error::from)
        .and_then(|_| out.flush())
        .is_err()
    {
        eprintln!("corpus: could not write the feed");
        std::process::exit(1);
    }
}
