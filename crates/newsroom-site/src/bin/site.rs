//! The site builder: index, body shards, a page per route, sitemap and Content-Security-Policy
//! for a built site (see `newsroom_site`). trunk runs it after each build (Trunk.toml); a
//! publisher runs it alone after replacing `articles.json` in a built site:
//!
//! ```sh
//! cargo run --release --bin site -- dist [--site-url https://example.org/news/] [--max-feed-mb MB]
//! ```

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut options = newsroom_site::Options::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site-url" => options.site_url = args.next(),
            "--max-feed-mb" => match args.next().and_then(|mb| mb.parse::<usize>().ok()) {
                Some(mb) => options.max_feed_bytes = mb.saturating_mul(1_000_000),
                None => dir = None,
            },
            _ if dir.is_none() => dir = Some(arg),
            _ => dir = None,
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: site SITE_DIRECTORY [--site-url URL] [--max-feed-mb MB]");
        std::process::exit(2);
    };
    match newsroom_site::build(std::path::Path::new(&dir), &options) {
        Ok(summary) => {
            if let Some(error) = &summary.feed_error {
                match error {
                    newsroom_core::feed::FeedError::TooLarge { bytes } => eprintln!(
                        "site: {dir}/articles.json is {} MB, over the --max-feed-mb limit given; \
                         run without --max-feed-mb to read it whole",
                        bytes / 1_000_000
                    ),
                    _ => eprintln!(
                        "site: {dir}/articles.json: {error}; the pages show this error to readers"
                    ),
                }
                std::process::exit(1);
            }
            eprintln!(
                "site: {dir}: {} articles, {} body shards, {} pages, {} sitemap files ({} items skipped, {} repaired) in {:.1} s",
                summary.articles,
                summary.shards,
                summary.pages,
                summary.sitemaps,
                summary.skipped,
                summary.repaired,
                summary.seconds
            );
        }
        Err(error) => {
            eprintln!("site: {error}");
            std::process::exit(1);
        }
    }
}
