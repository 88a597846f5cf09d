//! The feed the site publishes for feed readers: `feed.json`, a JSON Feed of the newest
//! articles in full, and older pages of the archive under `feed/` reached through `next_url`
//! (JSON Feed 1.1's pagination), in place of a copy of the publisher's whole source.
//!
//! Pages are counted from the oldest article, as the card chunks are ([`newsroom_core::cards`]):
//! page `k` (`feed/{k}.json`) holds the articles ranked `k × PER_PAGE` up to the next page's from
//! the oldest, and `feed.json` the rest, the newest (between one and two pages' worth). An
//! article added after all the others changes `feed.json` only, plus one new page each time
//! `feed.json` passes two pages' worth; an edited old article changes its own page.
//!
//! `feed.json`'s items carry their text (HTML through the same sanitiser as the pages); the
//! older pages' items carry their summary as text and link to the article's page, which has the
//! rest, so that the archive's feed costs the host a tenth of the source.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use newsroom_core::archive::Archive;
use newsroom_core::dates::exact_date;
use newsroom_core::model::{Article, Body};
use newsroom_core::route::Route;

use crate::data::{put, tag_names, write_if_changed};

/// The feed's first page, at the site's root.
pub const FEED_JSON: &str = "feed.json";

/// The directory of the older pages.
pub const FEED_DIR: &str = "feed";

/// Articles an older page holds.
pub const PER_PAGE: usize = 100;

/// Where the published feed's links point: the site's absolute URL when known, else its base
/// path (`/` or `/news/`), with a trailing slash.
#[derive(Debug, Clone)]
pub struct FeedLinks {
    /// The site's root as a link prefix, ending in `/`.
    pub root: String,
    /// Whether `root` is absolute (then `feed_url` and `home_page_url` are written).
    pub absolute: bool,
}

impl FeedLinks {
    /// Links under `site_url` (absolute) when given, else under the base path `base` (without
    /// its trailing slash, as the shell gives it).
    pub fn new(site_url: Option<&str>, base: &str) -> Self {
        match site_url {
            Some(url) => Self {
                root: format!("{}/", url.trim_end_matches('/')),
                absolute: true,
            },
            None => Self {
                root: format!("{}/", base.trim_end_matches('/')),
                absolute: false,
            },
        }
    }

    fn of(&self, path: &str) -> String {
        format!("{}{}", self.root, path.trim_start_matches('/'))
    }
}

/// How many older pages an archive of `articles` articles has: none until `feed.json` would
/// hold two pages' worth.
pub fn older_pages(articles: usize) -> usize {
    if articles < 2 * PER_PAGE {
        0
    } else {
        articles / PER_PAGE - 1
    }
}

/// The file of older page `page`, relative to the site root.
pub fn page_file(page: usize) -> String {
    format!("{FEED_DIR}/{page}.json")
}

/// Writes `feed.json` and the older pages of `archive` under `site` (each only when its bytes
/// changed), and deletes older pages this run no longer makes. Returns how many files the feed
/// has.
pub fn write_feed(site: &Path, archive: &Archive, links: &FeedLinks) -> io::Result<usize> {
    let n = archive.articles.len();
    let older = older_pages(n);
    // Newest-first positions of ranks `from..to` counted from the oldest, newest first.
    let positions = |from: usize, to: usize| (n - to..n - from).map(|at| &archive.articles[at]);
    let dir = site.join(FEED_DIR);
    let mut written: HashSet<PathBuf> = HashSet::with_capacity(older);
    if older > 0 {
        std::fs::create_dir_all(&dir)?;
    }
    for page in 0..older {
        let items = positions(page * PER_PAGE, (page + 1) * PER_PAGE);
        let next = page.checked_sub(1).map(page_file);
        let json = page_json(archive, links, &page_file(page), next, items, false);
        let path = site.join(page_file(page));
        write_if_changed(&path, json.as_bytes())?;
        written.insert(path);
    }
    let items = positions(older * PER_PAGE, n);
    let next = older.checked_sub(1).map(page_file);
    let json = page_json(archive, links, FEED_JSON, next, items, true);
    write_if_changed(&site.join(FEED_JSON), json.as_bytes())?;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries {
            let path = entry?.path();
            if !written.contains(&path) {
                std::fs::remove_file(&path)?;
            }
        }
    }
    Ok(older + 1)
}

/// One page of the feed, as JSON Feed 1.1 text: `file` is its own path, `next` the older
/// page's; `full` gives each item its text, else its summary.
fn page_json<'a>(
    archive: &Archive,
    links: &FeedLinks,
    file: &str,
    next: Option<String>,
    items: impl Iterator<Item = &'a Article>,
    full: bool,
) -> String {
    let info = &archive.info;
    let mut feed = Map::new();
    feed.insert("version".into(), "https://jsonfeed.org/version/1.1".into());
    feed.insert("title".into(), info.title.clone().into());
    put(&mut feed, "description", info.description.clone());
    if links.absolute {
        feed.insert("home_page_url".into(), links.root.clone().into());
        feed.insert("feed_url".into(), links.of(file).into());
    } else {
        put(&mut feed, "home_page_url", info.home_page_url.clone());
    }
    put(&mut feed, "next_url", next.map(|next| links.of(&next)));
    put(&mut feed, "language", info.language.clone());
    put(&mut feed, "icon", info.icon.clone());
    put(&mut feed, "favicon", info.favicon.clone());
    let items: Vec<Value> = items
        .map(|article| item_json(archive, links, article, full))
        .collect();
    feed.insert("items".into(), Value::Array(items));
    let mut text = serde_json::to_string(&Value::Object(feed)).unwrap_or_default();
    text.push('\n');
    text
}

/// An item: the article's page as its `url`, its own link (when the source gave one) as
/// `external_url`.
fn item_json(archive: &Archive, links: &FeedLinks, article: &Article, full: bool) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), article.id.clone().into());
    let page = Route::Article(article.slug.clone()).path();
    item.insert("url".into(), links.of(&page).into());
    put(
        &mut item,
        "external_url",
        (article.external_url.clone()).or_else(|| article.url.clone()),
    );
    item.insert("title".into(), article.title.clone().into());
    let summary_text = || (article.summary.clone()).unwrap_or_else(|| article.title.clone());
    match (&article.body, full) {
        (Body::Html(html), true) => {
            item.insert(
                "content_html".into(),
                newsroom_core::html5::sanitize(html, archive.base_url(article).as_ref()).into(),
            );
            put(&mut item, "summary", article.summary.clone());
        }
        (Body::Text(paragraphs), true) => {
            let text: Vec<String> = paragraphs.iter().map(|lines| lines.join("\n")).collect();
            item.insert("content_text".into(), text.join("\n\n").into());
            put(&mut item, "summary", article.summary.clone());
        }
        _ => {
            item.insert("content_text".into(), summary_text().into());
        }
    }
    put(
        &mut item,
        "date_published",
        article.published.map(exact_date),
    );
    put(&mut item, "date_modified", article.modified.map(exact_date));
    let authors: Vec<Value> = (article.authors.iter())
        .filter_map(|&a| archive.author(a))
        .map(|author| {
            let mut object = Map::new();
            object.insert("name".into(), author.name.clone().into());
            put(&mut object, "url", author.url.clone());
            put(&mut object, "avatar", author.avatar.clone());
            Value::Object(object)
        })
        .collect();
    item.insert("authors".into(), Value::Array(authors));
    item.insert("tags".into(), tag_names(archive, article));
    put(&mut item, "image", article.image.clone());
    put(&mut item, "banner_image", article.banner_image.clone());
    put(&mut item, "language", article.language.clone());
    Value::Object(item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsroom_core::feed::parse_feed;

    fn archive(articles: usize) -> Archive {
        let items: Vec<String> = (0..articles)
            .map(|i| {
                let (minute, second) = (i / 60, i % 60);
                format!(
                    r#"{{"id":"a{i}","title":"Story {i}","content_html":"<p>Text {i}</p><script>x()</script>","summary":"About {i}","date_published":"2026-01-01T00:{minute:02}:{second:02}Z","authors":[{{"name":"Ana"}}],"tags":["News"]}}"#
                )
            })
            .collect();
        let feed = format!(
            r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Desk","items":[{}]}}"#,
            items.join(",")
        );
        parse_feed(&feed).expect("a valid feed")
    }

    /// A fresh directory, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn scratch(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("newsroom-feed-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        Scratch(dir)
    }

    fn read(path: &Path) -> Value {
        serde_json::from_str(&std::fs::read_to_string(path).expect("written")).expect("JSON")
    }

    fn ids(page: &Value) -> Vec<String> {
        (page["items"].as_array().expect("items").iter())
            .map(|item| item["id"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn a_small_archive_is_one_page() {
        let site = scratch("small");
        let files =
            write_feed(site.path(), &archive(150), &FeedLinks::new(None, "")).expect("written");
        assert_eq!(files, 1);
        let feed = read(&site.path().join(FEED_JSON));
        assert_eq!(ids(&feed).len(), 150);
        assert!(feed.get("next_url").is_none());
        assert!(!site.path().join(FEED_DIR).exists());
    }

    #[test]
    fn older_articles_are_pages_linked_by_next_url_each_article_once() {
        let site = scratch(&format!("{}", line!()));
        let links = FeedLinks::new(Some("https://example.org/news"), "/news");
        let archive = archive(450);
        assert_eq!(
            write_feed(site.path(), &archive, &links).expect("written"),
            4
        );
        let mut seen = Vec::new();
        let mut page = read(&site.path().join(FEED_JSON));
        assert_eq!(
            page["feed_url"].as_str(),
            Some("https://example.org/news/feed.json")
        );
        let first = &page["items"][0];
        assert!(first["content_html"]
            .as_str()
            .is_some_and(|html| html.contains("Text") && !html.contains("script")));
        assert!(first["url"]
            .as_str()
            .is_some_and(|url| url.starts_with("https://example.org/news/articles/")));
        loop {
            seen.extend(ids(&page));
            let Some(next) = page["next_url"].as_str() else {
                break;
            };
            let file = next.trim_start_matches("https://example.org/news/");
            page = read(&site.path().join(file));
            assert_eq!(
                page["items"][0]["content_text"]
                    .as_str()
                    .map(|t| t.starts_with("About")),
                Some(true)
            );
        }
        let expected: Vec<String> = archive.articles.iter().map(|a| a.id.clone()).collect();
        assert_eq!(seen, expected, "every article once, newest first");
    }

    #[test]
    fn an_added_article_changes_the_first_page_only_and_old_pages_go() {
        let site = scratch(&format!("{}", line!()));
        let links = FeedLinks::new(None, "");
        write_feed(site.path(), &archive(450), &links).expect("written");
        let old_page = std::fs::read(site.path().join(page_file(0))).expect("page 0");
        write_feed(site.path(), &archive(451), &links).expect("written");
        let page = std::fs::read(site.path().join(page_file(0))).expect("page 0");
        assert_eq!(page, old_page);
        write_feed(site.path(), &archive(150), &links).expect("written");
        assert!(!site.path().join(page_file(0)).exists());
    }
}
