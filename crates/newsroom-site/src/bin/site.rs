//! The site builder: index, a page per route, sitemap and Content-Security-Policy
//! for a built site (see `newsroom_site`). trunk runs it after each build (Trunk.toml); a
//! publisher runs it alone after replacing `articles.json` in a built site:
//!
//! ```sh
//! cargo run --release --bin site -- dist [--site-url https://example.org/news/] [--max-feed-mb MB]
//!     [--feed PATH]
//! ```
//!
//! `--feed PATH` reads the publisher's feed from outside the site (a large one need not be
//! uploaded: readers get the index, and feed readers `feed.json`).

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut options = newsroom_site::Options::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site-url" => options.site_url = args.next(),
            "--feed" => match args.next() {
                Some(path) => options.feed = Some(path.into()),
                None => dir = None,
            },
            "--max-feed-mb" => match args.next().and_then(|mb| mb.parse::<usize>().ok()) {
                Some(mb) => options.max_feed_bytes = mb.saturating_mul(1_000_000),
                None => dir = None,
            },
            _ if dir.is_none() => dir = Some(arg),
            _ => dir = None,
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: site SITE_DIRECTORY [--site-url URL] [--max-feed-mb MB] [--feed PATH]");
        std::process::exit(2);
    };
    match newsroom_site::build(std::path::Path::new(&dir), &options) {
        Ok(summary) => {
            if let Some(error) = &summary.feed_error {
                match error {
                    newsroom_core::feed::FeedError::TooLarge { bytes } => eprintln!(
                        "site: the feed is {} MB, over the --max-feed-mb limit given; \
                         run without --max-feed-mb to read it whole",
                        bytes / 1_000_000
                    ),
                    _ => eprintln!(
                        "site: {}: {error}; the pages show this error to readers",
                        options.feed.as_ref().map_or_else(
                            || format!("{dir}/articles.json"),
                            |path| path.display().to_string()
                        )
                    ),
                }
                std::process::exit(1);
            }
            if let Some(bytes) = summary.feed_over_host_limit {
                eprintln!(
                    "site: note: {dir}/articles.json is {} MB, over the 25 MiB a file that some \
                     hosts accept (Cloudflare Pages); keep it outside the site and pass it \
                     with --feed PATH",
                    bytes / 1_000_000
                );
            }
            eprintln!(
                "site: {dir}: {} articles, {} pages, {} sitemap files, {} feed pages ({} items skipped, {} repaired) in {:.1} s",
                summary.articles,
                summary.pages,
                summary.sitemaps,
                summary.feed_pages,
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
