//! The site builder (native): what turns trunk's build, or a built site whose `articles.json` a
//! publisher replaced, into the site a static host serves.
//!
//! 1. reads `articles.json` once, with the viewer's own loader (validation, repairs, limits);
//! 2. writes the index ([`data`]);
//! 3. renders every route to a page of its own ([`pages`]), `sitemap.xml`, and the feed it
//!    publishes for feed readers ([`published_feed`]);
//! 4. puts a strict Content-Security-Policy in every page and `_headers` ([`csp`]);
//! 5. compacts trunk's JavaScript glue and refreshes the pages' integrity hashes ([`assets`]).
//!
//! trunk runs it after each build (Trunk.toml); a publisher runs it alone after swapping the
//! feed: `cargo run --release --bin site -- dist`. When the feed cannot be read, the pages are
//! the plain loading page, which shows the reader the same error the builder reports.

pub mod assets;
pub mod corpus;
pub mod csp;
pub mod data;
pub mod pages;
pub mod published_feed;
pub mod syndication;

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use crate::data::write_data;
use crate::pages::{
    boot_file, list_pending_script, page_html, render_route, route_file, routes, with_boot_script,
    with_feed_link, write_sitemap, Shell, SiteUrl, ROUTE_DIRS,
};
use crate::published_feed::FeedLinks;
use newsroom::state::ArchiveHandle;
use newsroom_core::feed::{utf8_text, FeedError, FeedLoader};
use newsroom_core::model::SourceStamp;

/// The pristine page trunk built, kept beside the pages made from it so the builder can run
/// again on a built site.
pub const SHELL_FILE: &str = "app-shell.html";

/// What the builder was asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's absolute URL (for canonical links, Open Graph and the sitemap); the feed's
    /// `home_page_url` when not given.
    pub site_url: Option<String>,
    /// The largest `articles.json` read, in bytes (`--max-feed-mb`): by default no limit but the
    /// machine's. The browser's size limit (`LIMITS`) is for a site served without the builder's output;
    /// with it, readers load the compact index, never the feed.
    pub max_feed_bytes: usize,
    /// The publisher's feed (`--feed`), when it is kept outside the site: by default the site's
    /// own `articles.json`. The builder only reads it.
    pub feed: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            site_url: None,
            max_feed_bytes: usize::MAX,
            feed: None,
        }
    }
}

/// What the builder did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Articles in the index.
    pub articles: usize,
    /// Pages written.
    pub pages: usize,
    /// Sitemap files written.
    pub sitemaps: usize,
    /// Files of the published feed (`feed.json` and its older pages).
    pub feed_pages: usize,
    /// The site's own `articles.json` is over [`HOST_FILE_BYTES`]: its size, to warn that
    /// some hosts refuse it (see `--feed`).
    pub feed_over_host_limit: Option<usize>,
    /// Items skipped and repaired, as the page reports them.
    pub skipped: usize,
    /// Items repaired.
    pub repaired: usize,
    /// The feed could not be read: why (the pages show the reader this too).
    pub feed_error: Option<FeedError>,
    /// Wall time.
    pub seconds: f64,
}

/// Why the builder stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A file could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// Which file.
        path: PathBuf,
        /// What happened.
        error: std::io::Error,
    },
    /// The built page lacks what the builder fills in.
    #[error("{0} is not a page trunk built: no <title>, </head> or app root")]
    NotAShell(PathBuf),
}

/// The largest file some common hosts accept (Cloudflare Pages: 25 MiB).
pub const HOST_FILE_BYTES: usize = 25 * 1024 * 1024;

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |error| BuildError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Deletes the route pages under [`ROUTE_DIRS`] that this run did not write (articles, authors
/// and topics no longer in the feed), and the directories left empty.
fn prune_pages(site: &Path, written: &std::collections::HashSet<PathBuf>) -> std::io::Result<()> {
    for dir in ROUTE_DIRS {
        let dir = site.join(dir);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let page_dir = entry?.path();
            if page_dir.is_file() {
                std::fs::remove_file(&page_dir)?;
            } else if !written.contains(&page_dir.join("index.html")) {
                std::fs::remove_dir_all(&page_dir)?;
            }
        }
    }
    Ok(())
}

/// Writes the pages' boot script (see [`boot_file`]) at the site's root, and removes the files
/// of other versions of it, which no page this run writes names.
fn write_boot(site: &Path, name: &str, script: &str) -> std::io::Result<()> {
    for entry in std::fs::read_dir(site)? {
        let path = entry?.path();
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if file.starts_with("boot-") && file.ends_with(".js") && file != name {
            std::fs::remove_file(&path)?;
        }
    }
    data::write_if_changed(&site.join(name), script.as_bytes())
}

/// Builds the site in `site` (see the module's documentation).
pub fn build(site: &Path, options: &Options) -> Result<Summary, BuildError> {
    let started = Instant::now();
    let shell_path = site.join(SHELL_FILE);
    let index_path = site.join("index.html");
    if !shell_path.exists() {
        std::fs::copy(&index_path, &shell_path).map_err(io_at(&index_path))?;
    }
    let shell_html = std::fs::read_to_string(&shell_path).map_err(io_at(&shell_path))?;
    let shell =
        Shell::parse(&shell_html).ok_or_else(|| BuildError::NotAShell(shell_path.clone()))?;
    assets::compact_glue(site).map_err(io_at(site))?;
    let shell_html = assets::refresh_integrity(&shell_html, site, &shell.base);
    let shell_html =
        assets::externalise_dev_reload(&shell_html, site, &shell.base).map_err(io_at(site))?;
    // The shell is itself a page a host serves, so it carries the policy too (a later run
    // replaces it).
    std::fs::write(&shell_path, csp::with_csp_meta(&shell_html, "")).map_err(io_at(&shell_path))?;
    // Every page is made from one shell, so the policy is computed once, for the shell as the
    // pages will have it (inline scripts included, the lists' own too), and `_headers` carries
    // the same hashes.
    let list_script = list_pending_script();
    let finished_shell = |html: &str| {
        let page = csp::with_csp_meta(html, &list_script);
        let hashes = [
            csp::inline_script_hashes(&page),
            csp::inline_script_hashes(&list_script),
        ]
        .concat();
        let shell = Shell::parse(&page).ok_or_else(|| BuildError::NotAShell(shell_path.clone()))?;
        Ok::<_, BuildError>((shell, hashes))
    };

    // Pages and data files an earlier run made are kept where this run makes them again, and
    // unchanged pages keep their bytes; what it no longer makes goes (see `prune_pages`, and
    // `write_data` for the data files, which wait one run).
    for entry in std::fs::read_dir(site).map_err(io_at(site))? {
        let path = entry.map_err(io_at(site))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("sitemap") && name.ends_with(".xml") {
            std::fs::remove_file(&path).map_err(io_at(&path))?;
        }
    }

    let own_feed = site.join(newsroom::load::FEED_FILE);
    let feed_path = options.feed.clone().unwrap_or_else(|| own_feed.clone());
    // The site serves its own `articles.json`, which the app checks against the index; a feed
    // kept elsewhere is not served, so nothing is checked.
    let served = feed_path == own_feed;
    let bytes = std::fs::read(&feed_path).map_err(io_at(&feed_path))?;
    let mut summary = Summary {
        feed_over_host_limit: (served && bytes.len() > HOST_FILE_BYTES).then_some(bytes.len()),
        ..Summary::default()
    };
    let script_hashes;
    let read = if bytes.len() > options.max_feed_bytes {
        Err(FeedError::TooLarge { bytes: bytes.len() })
    } else {
        utf8_text(&bytes).and_then(|text| {
            // RSS and Atom are read as the JSON Feed they convert to.
            let converted = syndication::as_json_feed(text)?;
            let text = converted.as_deref().unwrap_or(text);
            let mut loader = FeedLoader::without_size_limit(text)?;
            while loader.load(usize::MAX)? {}
            Ok(loader.finish())
        })
    };
    match read {
        Err(error) => {
            for dir in ROUTE_DIRS
                .iter()
                .chain([&data::DATA_DIR, &published_feed::FEED_DIR])
            {
                let path = site.join(dir);
                if path.exists() {
                    std::fs::remove_dir_all(&path).map_err(io_at(&path))?;
                }
            }
            let feed_json = site.join(published_feed::FEED_JSON);
            if feed_json.exists() {
                std::fs::remove_file(&feed_json).map_err(io_at(&feed_json))?;
            }
            let (shell, hashes) = finished_shell(&shell_html)?;
            script_hashes = hashes;
            let page = shell.loading_page();
            for name in ["index.html", "404.html"] {
                let path = site.join(name);
                std::fs::write(&path, &page).map_err(io_at(&path))?;
            }
            summary.pages = 2;
            summary.feed_error = Some(error);
        }
        Ok(mut archive) => {
            // Recorded in the index, so that the app notices when the feed is replaced
            // without re-indexing (`newsroom::load::feed_length`).
            archive.info.source = served.then(|| SourceStamp {
                bytes: bytes.len() as u64,
                sha256: Some(data::sha256_hex(&bytes)),
            });
            drop(bytes);
            let archive = ArchiveHandle::new(Rc::new(archive));
            let files = write_data(site, &archive).map_err(io_at(&site.join(data::DATA_DIR)))?;
            let (boot_name, boot) = boot_file();
            write_boot(site, &boot_name, &boot).map_err(io_at(site))?;
            let (shell, hashes) = finished_shell(&with_feed_link(
                &with_boot_script(&shell_html, &shell.base, &boot_name),
                &shell.base,
                &archive.info.title,
            ))?;
            script_hashes = hashes;
            let site_url = SiteUrl(
                options
                    .site_url
                    .clone()
                    .or_else(|| archive.info.home_page_url.clone())
                    .filter(|url| url.starts_with("https://") || url.starts_with("http://")),
            );
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(io_at(site))?;
            let routes = routes(&archive);
            let mut written = std::collections::HashSet::with_capacity(routes.len() + 1);
            for route in routes
                .iter()
                .chain([&newsroom_core::route::Route::NotFound])
            {
                let rendered = render_route(&runtime, &archive, &shell.base, route);
                let html = page_html(&shell, &archive, &site_url, &files, route, &rendered);
                let path = site.join(route_file(route));
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(io_at(parent))?;
                }
                data::write_if_changed(&path, html.as_bytes()).map_err(io_at(&path))?;
                written.insert(path);
            }
            prune_pages(site, &written).map_err(io_at(site))?;
            summary.pages = routes.len() + 1;
            summary.sitemaps = write_sitemap(site, &archive, &site_url, &routes)
                .map_err(io_at(&site.join("sitemap.xml")))?
                .len();
            let links = FeedLinks::new(site_url.0.as_deref(), &shell.base);
            summary.feed_pages = published_feed::write_feed(site, &archive, &links)
                .map_err(io_at(&site.join(published_feed::FEED_JSON)))?;
            summary.articles = archive.articles.len();
            summary.skipped = archive.report.skipped.len();
            summary.repaired = archive.report.repaired.len();
        }
    }
    let headers = site.join("_headers");
    std::fs::write(&headers, csp::headers_file(&script_hashes, &shell.base))
        .map_err(io_at(&headers))?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
