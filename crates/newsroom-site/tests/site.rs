//! The site builder, natively: what it writes reads back as the same archive, every route has
//! its page, and re-running it on a swapped feed leaves nothing stale.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use newsroom_core::archive::Archive;
use newsroom_core::feed::parse_feed;
use newsroom_core::markup::body_in_page;
use newsroom_core::model::Body;
use newsroom_site::{build, Options};

/// The page trunk builds (minified as a release build makes it).
const SHELL: &str = "<!doctype html><html lang=en><meta charset=utf-8><title>Articles</title><base href=/news/><script type=module>import init from '/news/app.js';await init();</script></head><body><div id=app-root><div class=app data-state=loading data-testid=app><main><p>Loading articles…</p></main></div></div></body></html>";

fn feed() -> String {
    let mut feed = newsroom_site::corpus::generate(300, 7);
    feed["home_page_url"] = "https://example.org/news/".into();
    let extra = serde_json::json!([
        { "id": "plain", "title": "Plain <text> & more", "date_published": "2020-01-01T10:00:00.5+02:00",
          "authors": [{ "name": "ANA ABADI" }], "tags": ["security"],
          "content_text": "First paragraph.\nSecond line.\n\nSecond paragraph." },
        { "id": "hostile", "title": "Hostile", "date_published": "2020-01-02T10:00:00Z",
          "authors": [{ "name": "Ana Abadi" }], "tags": ["Security"], "image": "javascript:alert(1)",
          "content_html": "<p>kept</p><script>alert(1)</script><img src=x onerror=alert(1)>" },
        { "id": "plain", "title": "Same id again" },
        { "id": "untitled", "content_text": "A story with no headline of its own" },
        { "id": "undated", "title": "No date at all", "tags": ["Undated </script>"] },
        { "id": "long", "title": "A headline far too long for a file name ".repeat(6),
          "date_published": "2020-01-03T10:00:00Z", "content_text": "Its body is in a shard." }
    ]);
    if let (Some(items), Some(extra)) = (feed["items"].as_array_mut(), extra.as_array()) {
        items.extend(extra.iter().cloned());
    }
    feed.to_string()
}

fn site(name: &str, feed: &str) -> SiteDir {
    let dir = std::env::temp_dir().join(format!("newsroom-site-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), SHELL).unwrap();
    std::fs::write(dir.join("articles.json"), feed).unwrap();
    SiteDir(dir)
}

/// A site made for one test, removed when the test ends (some are tens of megabytes).
struct SiteDir(PathBuf);

impl std::ops::Deref for SiteDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for SiteDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The index file the home page names.
fn index_file(dir: &Path) -> String {
    let home = read(dir, "index.html");
    let start = home
        .find("name=\"newsroom-index\" content=\"")
        .expect("the index meta")
        + "name=\"newsroom-index\" content=\"".len();
    home[start..start + home[start..].find('"').unwrap()].to_string()
}

#[test]
fn the_index_and_pages_read_back_as_the_same_archive() {
    let feed = feed();
    let dir = site("roundtrip", &feed);
    let summary = build(&dir, &Options::default()).expect("the build");
    let original = parse_feed(&feed).unwrap();
    let index = parse_feed(&read(&dir, &index_file(&dir))).unwrap();
    assert_eq!(summary.articles, original.articles.len());
    assert!(index.body_pages);

    let names = |a: &Archive, i: usize| {
        let article = &a.articles[i];
        (
            article
                .authors
                .iter()
                .map(|&x| a.authors[x as usize].name.clone())
                .collect::<Vec<_>>(),
            article
                .topics
                .iter()
                .map(|&x| a.topics[x as usize].name.clone())
                .collect::<Vec<_>>(),
        )
    };
    for (i, (a, b)) in original.articles.iter().zip(&index.articles).enumerate() {
        assert_eq!(
            (
                &a.id,
                &a.slug,
                &a.title,
                &a.summary,
                a.published,
                a.modified,
                a.reading_minutes
            ),
            (
                &b.id,
                &b.slug,
                &b.title,
                &b.summary,
                b.published,
                b.modified,
                b.reading_minutes
            )
        );
        assert_eq!(names(&original, i), names(&index, i));
    }
    let facet = |a: &Archive| {
        a.topic_facet_order
            .iter()
            .map(|&t| a.topics[t as usize].slug.clone())
            .chain(
                a.author_facet_order
                    .iter()
                    .map(|&x| a.authors[x as usize].slug.clone()),
            )
            .collect::<Vec<_>>()
    };
    assert_eq!(facet(&original), facet(&index));
    assert_eq!(original.oldest_first, index.oldest_first);
    let report = |a: &Archive| {
        (
            a.report
                .skipped
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            a.report
                .repaired
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        report(&original),
        report(&index),
        "the builder's report comes along"
    );
    assert!(!index.report.skipped.is_empty());

    // Every body is in its page, as the page shows it, or, for the article without a page,
    // in the index.
    let mut without_page = 0;
    for (article, indexed) in original.articles.iter().zip(&index.articles) {
        if !newsroom_core::route::has_own_page(&article.slug) {
            without_page += 1;
            assert_eq!(indexed.body, article.body, "{}", article.id);
            continue;
        }
        assert_eq!(indexed.body, Body::Empty, "the index carries no body");
        let page = read(&dir, &format!("articles/{}/index.html", article.slug));
        let found = body_in_page(&page);
        match &article.body {
            Body::Html(html) => {
                assert_eq!(
                    found,
                    Some(
                        newsroom_core::html5::sanitize(html, original.base_url(article).as_ref())
                            .as_str()
                    )
                )
            }
            Body::Text(paragraphs) => {
                let found = found.expect("a body");
                for line in paragraphs.iter().flatten() {
                    assert!(found.contains(line.as_str()), "{}", article.id);
                }
            }
            Body::Empty => assert_eq!(found, None),
        }
    }
    assert_eq!(without_page, 1);
}

#[test]
fn every_route_has_a_page_with_its_metadata() {
    let feed = feed();
    let dir = site("pages", &feed);
    build(&dir, &Options::default()).unwrap();
    let archive = parse_feed(&feed).unwrap();

    let home = read(&dir, "index.html");
    assert!(
        home.contains("data-state=\"loading\""),
        "rendered pages say loading until the app takes over"
    );
    assert_eq!(home.matches("data-testid=\"article-card\"").count(), 20);
    assert!(home.contains(&format!("data-count=\"{}\"", archive.articles.len())));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/news/\">"));
    assert!(home.contains("Content-Security-Policy"));

    for article in &archive.articles {
        if !newsroom_core::route::has_own_page(&article.slug) {
            // Served by 404.html, which boots the app on any path.
            assert!(!dir.join("articles").join(&article.slug).exists());
            continue;
        }
        let page = read(&dir, &format!("articles/{}/index.html", article.slug));
        assert!(page.contains(&format!("data-article-id=\"{}\"", article.id)));
        assert!(page.contains("application/ld+json"));
        assert!(page.contains(&format!(
            "<link rel=\"canonical\" href=\"https://example.org/news/articles/{}/\">",
            article.slug
        )));
        assert!(page.contains("<meta property=\"og:type\" content=\"article\">"));
    }
    let hostile = read(&dir, "articles/hostile/index.html");
    assert!(hostile.contains("<p>kept</p>"));
    assert!(
        !hostile.contains("alert(1)"),
        "the body is sanitised and the bad image dropped"
    );
    let plain = read(&dir, "articles/plain-text-more/index.html");
    assert!(plain.contains("<title>Plain &lt;text&gt; &amp; more · "));
    assert!(plain.contains("<p>First paragraph.<br>Second line.</p>"));
    let undated = read(&dir, "articles/no-date-at-all/index.html");
    let ld = &undated[undated.find("application/ld+json").unwrap()..];
    let ld = &ld[..ld.find("</script>").unwrap()];
    assert!(!ld.contains('<'), "JSON-LD cannot close its script element");

    for author in &archive.authors {
        assert!(dir
            .join(format!("authors/{}/index.html", author.slug))
            .exists());
    }
    for topic in &archive.topics {
        assert!(dir
            .join(format!("topics/{}/index.html", topic.slug))
            .exists());
    }
    let not_found = read(&dir, "404.html");
    assert!(not_found.contains("noindex"));

    let sitemap = read(&dir, "sitemap.xml");
    // Every page written: not the article served by 404.html.
    let routes = archive.articles.len() + archive.authors.len() + archive.topics.len();
    assert_eq!(sitemap.matches("<url>").count(), routes);
    assert!(sitemap.contains("<loc>https://example.org/news/articles/hostile/</loc>"));

    // The policy allows trunk's loader and a list's own script by their hashes, and nothing for
    // the data blocks, which do not run. The requests for the data are one file every page
    // names, after trunk's loader; an article's page has no inline script of its own.
    let headers = read(&dir, "_headers");
    assert_eq!(headers.matches("'sha256-").count(), 2);
    let boot = std::fs::read_dir(&*dir)
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("boot-") && name.ends_with(".js"))
        .collect::<Vec<_>>();
    assert_eq!(boot.len(), 1, "{boot:?}");
    assert!(read(&dir, &boot[0]).contains("window.newsroomIndex=s.then(function(){return d})"));
    let tag = format!("<script defer src=\"/news/{}\"></script>", boot[0]);
    assert!(home.find(&tag) > home.find("<script type=module>"));
    assert!(home.contains("data-list-pending"));
    assert!(home.contains("<meta name=\"newsroom-index\" content=\"data/index."));
    // Other pages name the pointer to the current index, whose name never changes.
    let article = read(&dir, "articles/hostile/index.html");
    assert!(article.contains(&tag) && !article.contains("data-list-pending"));
    assert!(!article.contains("data/index."));
    assert!(article.contains("<meta name=\"newsroom-current\" content=\"data/current.json\">"));
    let pointer: serde_json::Value =
        serde_json::from_str(&read(&dir, "data/current.json")).unwrap();
    assert_eq!(pointer["index"], index_file(&dir).as_str());
    // A small archive has no head, and its pages name no chunk.
    assert!(pointer.get("head").is_none() && !article.contains("newsroom-chunk"));
}

#[test]
fn a_swapped_feed_is_reindexed_and_a_broken_one_leaves_the_plain_page() {
    let dir = site("swap", &feed());
    build(&dir, &Options::default()).unwrap();
    let first_index = index_file(&dir);

    let small = newsroom_site::corpus::generate(30, 1).to_string();
    std::fs::write(dir.join("articles.json"), &small).unwrap();
    let summary = build(
        &dir,
        &Options {
            site_url: Some("https://news.example/".into()),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(summary.articles, 30);
    // An open page may still ask for the old index: it stays for one more run.
    assert!(
        dir.join(&first_index).exists(),
        "the old index is kept a run"
    );
    assert!(read(&dir, "data/retired.txt").contains(&first_index));
    assert!(
        !dir.join("articles/hostile").exists(),
        "pages of removed articles are gone"
    );
    assert!(read(&dir, "index.html").contains("href=\"https://news.example/\""));

    std::fs::write(dir.join("articles.json"), "{ \"version\": ").unwrap();
    let summary = build(&dir, &Options::default()).unwrap();
    assert!(summary.feed_error.is_some());
    let home = read(&dir, "index.html");
    assert!(
        !home.contains("newsroom-index"),
        "the app reads articles.json and shows its error"
    );
    assert!(home.contains("Loading articles…"));
    assert!(!dir.join("data").exists() && !dir.join("articles").exists());
    assert!(!dir.join("sitemap.xml").exists() && !dir.join("feed.json").exists());
}

#[test]
fn a_feed_kept_outside_the_site_is_read_never_written_and_the_site_publishes_its_own() {
    let feed = feed();
    let dir = site("outside", &feed);
    let source = dir.with_extension("source.json");
    std::fs::rename(dir.join("articles.json"), &source).unwrap();
    let options = Options {
        feed: Some(source.clone()),
        ..Options::default()
    };
    let summary = build(&dir, &options).expect("the build");
    assert_eq!(summary.articles, 305);
    assert_eq!(summary.feed_over_host_limit, None);
    assert_eq!(
        std::fs::read_to_string(&source).unwrap(),
        feed,
        "the source is untouched"
    );
    assert!(
        !dir.join("articles.json").exists(),
        "nothing copies it into the site"
    );
    // The index names no source to check: the site serves none.
    let index = read(&dir, &index_file(&dir));
    assert!(!index.contains("_source_bytes"));

    // The site's own feed for feed readers: the newest articles in full, older ones a page
    // at a time through `next_url`, every article once.
    let first: serde_json::Value = serde_json::from_str(&read(&dir, "feed.json")).unwrap();
    assert_eq!(first["feed_url"], "https://example.org/news/feed.json");
    let mut pages = vec![first];
    while let Some(next) = pages.last().and_then(|page| page["next_url"].as_str()) {
        let file = next
            .strip_prefix("https://example.org/news/")
            .expect("the site's");
        pages.push(serde_json::from_str(&read(&dir, file)).unwrap());
    }
    assert_eq!(pages.len(), 3, "feed.json, feed/1.json, feed/0.json");
    let items: Vec<&serde_json::Value> = (pages.iter())
        .flat_map(|page| page["items"].as_array().unwrap())
        .collect();
    assert_eq!(items.len(), 305);
    assert_eq!(
        (items.iter().map(|item| &item["id"]))
            .collect::<std::collections::HashSet<_>>()
            .len(),
        305
    );
    let hostile = (items.iter())
        .find(|item| item["id"] == "hostile")
        .expect("the hostile item");
    assert!(!hostile.to_string().contains("<script"));
    assert!(read(&dir, "index.html").contains(
        "<link rel=\"alternate\" type=\"application/feed+json\" title=\"Synthetic Desk\" href=\"/news/feed.json\">"
    ));
    let _ = std::fs::remove_file(&source);
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

#[test]
fn adding_an_article_changes_the_pages_that_show_it_and_keeps_what_an_open_page_needs() {
    let mut feed: serde_json::Value = serde_json::from_str(&feed()).unwrap();
    let dir = site("append", &feed.to_string());
    build(&dir, &Options::default()).unwrap();
    let before = files(&dir);
    let old_index = index_file(&dir);

    // By a new author, in a topic that is new too, beside an existing one: no page that lists
    // the archive's authors or topics may count them.
    let item = serde_json::json!({ "id": "newest", "title": "The newest story",
        "date_published": "2030-01-01T00:00:00Z", "authors": [{ "name": "A New Writer" }],
        "tags": ["Security", "A new topic"], "content_text": "Just in." });
    feed["items"].as_array_mut().unwrap().push(item);
    std::fs::write(dir.join("articles.json"), feed.to_string()).unwrap();
    build(&dir, &Options::default()).unwrap();
    let after = files(&dir);

    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    let pages_changed = changed
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    // The new article's, author's and topic's pages, the home page, its neighbour's page and
    // its existing topic's page: not every page of the site.
    assert!(
        pages_changed <= 8,
        "{pages_changed} pages changed: {changed:?}"
    );
    assert!(changed.contains(&&PathBuf::from("articles/the-newest-story/index.html")));
    // An article far from the new one is byte for byte what it was.
    let old_page = PathBuf::from("articles/plain/index.html");
    assert_eq!(before.get(&old_page), after.get(&old_page));
    // The old index stays for pages opened before this run; the run after deletes it.
    assert!(after.contains_key(&PathBuf::from(&old_index)));
    build(&dir, &Options::default()).unwrap();
    assert!(
        !dir.join(&old_index).exists(),
        "retired files go a run later"
    );
}

#[test]
fn the_builder_reads_what_its_limit_allows() {
    let feed = feed();
    let dir = site("limit", &feed);
    let tight = Options {
        max_feed_bytes: 1_000,
        ..Options::default()
    };
    let summary = build(&dir, &tight).unwrap();
    assert!(matches!(
        summary.feed_error,
        Some(newsroom_core::feed::FeedError::TooLarge { .. })
    ));
    let roomy = Options {
        max_feed_bytes: feed.len(),
        ..Options::default()
    };
    assert!(build(&dir, &roomy).unwrap().feed_error.is_none());
    // Unless told otherwise the builder reads past the browser's limit, with no flag: readers
    // load the compact index it writes, never the feed.
    assert!(Options::default().max_feed_bytes > newsroom_core::feed::LIMITS.feed_bytes * 1_000);
}

/// A feed's items, all read.
fn read_items(text: &str) -> newsroom_core::feed::ReadItems {
    let mut loader = newsroom_core::feed::FeedLoader::new(text).unwrap();
    while loader.load(usize::MAX).unwrap() {}
    loader.finish_reading()
}

/// The file the home page's `<meta name="newsroom-{name}">` names for its prefetch script.
fn prefetched(dir: &Path, name: &str) -> Option<String> {
    let home = read(dir, "index.html");
    let call = format!("<meta name=\"newsroom-{name}\" content=\"");
    let start = home.find(&call)? + call.len();
    Some(home[start..start + home[start..].find('"')?].to_string())
}

/// The facet file the home page names in its two parts, header then gaps, as one.
fn facet_file(dir: &Path) -> Vec<u8> {
    ["facet-header", "facet-gaps"]
        .map(|part| std::fs::read(dir.join(prefetched(dir, part).expect(part))).unwrap())
        .concat()
}

#[test]
fn a_large_index_has_a_head_that_counts_and_filters_like_the_whole_archive() {
    use newsroom_core::facets::FacetIndex;
    use newsroom_core::filter::apply;
    use newsroom_core::query::ListQuery;

    let dir = site(
        "head",
        &newsroom_site::corpus::generate(1_500, 3).to_string(),
    );
    build(&dir, &Options::default()).unwrap();
    let head_file = prefetched(&dir, "head").expect("a head for 1,500 articles");
    // The whole archive, as the builder read it (the cards below are compared without bodies).
    let full = parse_feed(&read(&dir, "articles.json")).unwrap();
    // Only the home page names the head; every other page names the pointer to the current
    // data files.
    let first = &full.articles[0];
    let article_page = read(&dir, &format!("articles/{}/index.html", first.slug));
    assert!(!article_page.contains("newsroom-head") && article_page.contains("newsroom-current"));
    let header_file = prefetched(&dir, "facet-header").expect("a facet file's header");
    // No full index: nothing reads it.
    assert!(prefetched(&dir, "index").is_none());
    let data_files: Vec<String> = std::fs::read_dir(dir.join("data"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!data_files.iter().any(|name| name.starts_with("index.")));

    let head_text = read(&dir, &head_file);
    // The facet file, written as its header and its gaps.
    let facets = facet_file(&dir);
    let head_items = read_items(&head_text);
    let files = head_items
        .head_files()
        .expect("the head names its files")
        .clone();
    assert_eq!(files.facets, header_file);
    let head = head_items
        .into_head_archive(FacetIndex::decode(&facets).unwrap())
        .unwrap();

    assert!(head.from_head);
    assert_eq!(head.article_count, full.articles.len());
    assert_eq!(head.articles.len(), newsroom_core::query::PAGE_SIZE);
    // The same articles, authors and topics; the head numbers its authors and topics in their
    // facets' order, so they are compared by slug.
    let card = |a: &Archive, i: usize| {
        let article = &a.articles[i];
        let authors: Vec<&str> = (article.authors.iter())
            .map(|&x| a.authors[x as usize].slug.as_str())
            .collect();
        let topics: Vec<&str> = (article.topics.iter())
            .map(|&x| a.topics[x as usize].slug.as_str())
            .collect();
        let mut plain = article.clone();
        (plain.authors, plain.topics) = (Vec::new(), Vec::new());
        plain.body = newsroom_core::model::Body::Empty;
        format!("{plain:?} {authors:?} {topics:?}")
    };
    for i in 0..head.articles.len() {
        assert_eq!(card(&head, i), card(&full, i));
    }
    // Every author by name; their details come with their articles.
    let names = |a: &Archive| -> Vec<(String, String)> {
        let mut names: Vec<_> = (a.authors.iter())
            .map(|a| (a.slug.clone(), a.name.clone()))
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&head), names(&full));
    // Looked up by slug (the head makes its lookups when first asked).
    for author in &full.authors {
        let found = head
            .author_by_slug(&author.slug)
            .map(|i| &head.authors[i as usize]);
        assert_eq!(found.map(|a| &a.name), Some(&author.name));
    }
    for topic in &full.topics {
        let found = head
            .topic_by_slug(&topic.slug)
            .map(|i| &head.topics[i as usize]);
        assert_eq!(found.map(|t| &t.name), Some(&topic.name));
    }
    let topics = |a: &Archive| sorted_debug(&a.topics);
    assert_eq!(topics(&head), topics(&full));
    assert_eq!(head.oldest_first, full.oldest_first);
    // Bodies are in the articles' pages.
    assert!(head.body_pages);
    for article in full.articles.iter().step_by(97) {
        let page = read(&dir, &format!("articles/{}/index.html", article.slug));
        assert_eq!(body_in_page(&page).is_some(), article.body != Body::Empty);
    }
    // Facets list their values alike, and every filter gives the same articles and counts.
    let facet = |a: &Archive| -> Vec<String> {
        (a.topic_facet_order
            .iter()
            .map(|&t| a.topics[t as usize].slug.clone()))
        .chain(
            a.author_facet_order
                .iter()
                .map(|&x| a.authors[x as usize].slug.clone()),
        )
        .collect()
    };
    assert_eq!(facet(&head), facet(&full));
    let topic = |rank: usize| &full.topics[full.topic_facet_order[rank] as usize].slug;
    let author = |rank: usize| &full.authors[full.author_facet_order[rank] as usize].slug;
    let queries = [
        String::new(),
        format!("topic={}", topic(0)),
        format!(
            "topic={}&topic={}&topic={}&author={}&author={}&sort=oldest",
            topic(1),
            topic(7),
            topic(40),
            author(0),
            author(3)
        ),
        format!("author={}&author={}", author(2), author(50)),
    ];
    let outcome = |a: &Archive, query: &ListQuery| {
        let result = apply(a, &query.resolve(a, None).filter, query.sort);
        let mut counts: Vec<(String, u32)> = (a.topics.iter().enumerate())
            .map(|(i, t)| (t.slug.clone(), result.topic_counts[i]))
            .chain(
                (a.authors.iter().enumerate())
                    .map(|(i, x)| (x.slug.clone(), result.author_counts[i])),
            )
            .collect();
        counts.sort();
        (result.matches, counts)
    };
    let filters_like_the_whole = |archive: &Archive| {
        for query in &queries {
            let query = ListQuery::parse(query);
            assert_eq!(
                outcome(archive, &query),
                outcome(&full, &query),
                "{query:?}"
            );
        }
    };
    filters_like_the_whole(&head);

    // A preview from the head alone, as the viewer shows the home page before it reads the
    // facet file's header: the same cards, count and pages, each facet's largest values with
    // their counts and its number of values; it cannot filter or list oldest first.
    let preview = (read_items(&head_text).into_head_preview())
        .expect("a head says what its first view shows");
    assert!(!preview.can_filter() && !preview.can_sort_oldest());
    {
        use newsroom_core::filter::SortOrder::{Newest, Oldest};
        assert!(preview.can_list(false, Newest));
        assert!(!preview.can_list(true, Newest) && !preview.can_list(false, Oldest));
        assert!(head.can_list(true, Oldest));
    }
    assert!(head.can_sort_oldest() && full.can_sort_oldest());
    assert_eq!(preview.article_count, full.articles.len());
    assert!(preview.from_head);
    assert!(preview.body_pages && head.body_pages);
    for i in 0..preview.articles.len() {
        assert_eq!(card(&preview, i), card(&full, i));
    }
    let first_values = |a: &Archive| {
        let counts = apply(a, &Default::default(), Default::default());
        // Each facet's first ten values: slug, name and count.
        type Named<'a> = dyn Fn(usize) -> (&'a String, &'a String) + 'a;
        let first = |order: &[u32], counts: &[u32], value: &Named| -> Vec<(String, String, u32)> {
            (order.iter().take(10))
                .map(|&v| (value(v as usize), counts[v as usize]))
                .map(|((slug, name), count)| (slug.clone(), name.clone(), count))
                .collect()
        };
        let topics = first(&a.topic_facet_order, &counts.topic_counts, &|t| {
            (&a.topics[t].slug, &a.topics[t].name)
        });
        let authors = first(&a.author_facet_order, &counts.author_counts, &|x| {
            (&a.authors[x].slug, &a.authors[x].name)
        });
        (
            counts.matches,
            topics,
            authors,
            a.topic_total,
            a.author_total,
        )
    };
    assert_eq!(first_values(&preview), first_values(&full));
    assert_eq!(
        (full.topic_total, full.author_total),
        (full.topics.len(), full.authors.len())
    );
    assert_eq!(preview.topic_facet_order.len(), 10);
    assert!(preview.topics.len() < full.topics.len() && preview.authors.len() < full.authors.len());

    // Set up from the facet file's header alone, as the viewer shows the head while the gaps
    // arrive: it counts but cannot filter, and what a filter asked of it then (nothing to
    // trust) is not kept; once the gaps are attached it filters like the whole archive.
    let header_end = FacetIndex::header_end(&facets).unwrap().unwrap();
    assert_eq!(
        header_end,
        std::fs::read(dir.join(&header_file)).unwrap().len()
    );
    let early = || {
        read_items(&head_text)
            .into_head_archive(FacetIndex::read_header(&facets[..header_end]).unwrap())
            .unwrap()
    };
    let shown_early = early();
    assert!(!shown_early.can_filter() && head.can_filter());
    assert_eq!(
        shown_early.topic_postings.counts(),
        head.topic_postings.counts()
    );
    assert_eq!(
        outcome(&shown_early, &ListQuery::parse("")),
        outcome(&full, &ListQuery::parse(""))
    );
    for query in &queries {
        outcome(&shown_early, &ListQuery::parse(query));
    }
    shown_early
        .attach_facet_gaps(&facets[header_end..])
        .unwrap();
    assert!(shown_early.can_filter());
    filters_like_the_whole(&shown_early);
    assert!(
        shown_early
            .attach_facet_gaps(&facets[header_end..])
            .is_err(),
        "attached once"
    );
    // Gaps cut short do not attach, and leave the head unable to filter.
    let refused = early();
    assert!(refused
        .attach_facet_gaps(&facets[header_end + 1..])
        .is_err());
    assert!(!refused.can_filter());

    // The card chunks the facet file names hold every article, numbered as the head numbers
    // its authors and topics, and between them every author's details.
    let chunks = &head.card_chunks;
    assert_eq!(
        chunks.hashes.len(),
        full.articles
            .len()
            .div_ceil(newsroom_core::cards::CARDS_PER_CHUNK as usize)
    );
    let mut details = std::collections::BTreeMap::new();
    let mut cards_of = Vec::new();
    for chunk in 0..chunks.hashes.len() {
        let file = chunks.file(chunk).unwrap();
        let read_chunk = read_items(&read(&dir, &file))
            .into_chunk(&head, chunk)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(
            read_chunk.first as usize,
            chunks.positions(full.articles.len(), chunk).start
        );
        for (at, author) in &read_chunk.authors {
            details.insert(*at, author.clone());
        }
        cards_of.push(read_chunk);
    }
    let mut in_order: Vec<_> = cards_of.iter().rev().flat_map(|c| &c.articles).collect();
    assert_eq!(in_order.len(), full.articles.len());
    for (i, article) in in_order.drain(..).enumerate() {
        let position = i as u32;
        let chunk = &cards_of[chunks.chunk_of(full.articles.len(), position).unwrap()];
        assert_eq!(chunk.article(position), Some(article));
        let mut with_head = head.clone();
        with_head.articles = vec![article.clone()];
        assert_eq!(card(&with_head, 0), card(&full, i), "article {i}");
    }
    let with_details = |a: &Archive| -> Vec<String> {
        let mut authors: Vec<_> = (a.authors.iter().enumerate())
            .map(|(i, x)| format!("{:?}", details.get(&(i as u32)).unwrap_or(x)))
            .collect();
        authors.sort();
        authors
    };
    assert_eq!(with_details(&head), sorted_debug(&full.authors));
    // Pages other than the home page name the data files through the pointer, and an
    // article's or author's page the chunk that holds what it shows first: the article, or the
    // author's newest article and with it their details.
    let pointer: serde_json::Value =
        serde_json::from_str(&read(&dir, newsroom_site::data::CURRENT_FILE)).unwrap();
    assert_eq!(pointer["head"], head_file.as_str());
    assert_eq!(pointer["facets"], header_file.as_str());
    assert!(pointer.get("index").is_none());
    let named_chunk = |page: &str| -> usize {
        let html = read(&dir, page);
        let meta = "<meta name=\"newsroom-chunk\" content=\"";
        let start = html
            .find(meta)
            .unwrap_or_else(|| panic!("{page} names no chunk"))
            + meta.len();
        html[start..start + html[start..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    for i in [0, 700, full.articles.len() - 1] {
        let article = &full.articles[i];
        let chunk = named_chunk(&format!("articles/{}/index.html", article.slug));
        assert_eq!(
            cards_of[chunk].article(i as u32).map(|a| &a.id),
            Some(&article.id)
        );
    }
    let author = (full.author_facet_order.iter())
        .map(|&x| &full.authors[x as usize])
        .find(|a| a.bio.is_some())
        .expect("an author with a bio");
    let chunk = named_chunk(&format!("authors/{}/index.html", author.slug));
    let at = head.author_by_slug(&author.slug).unwrap();
    let newest = head.author_postings.get(at as usize).unwrap()[0];
    assert!(cards_of[chunk].article(newest).is_some());
    let introduced = cards_of[chunk].authors.iter().find(|(x, _)| *x == at);
    assert_eq!(introduced.map(|(_, a)| &a.bio), Some(&author.bio));
    assert!(!read(&dir, "index.html").contains("newsroom-chunk"));

    // A chunk read in another place, or against another build's head, is refused.
    let newest = chunks.hashes.len() - 1;
    let newest_text = read(&dir, &chunks.file(newest).unwrap());
    assert!(read_items(&newest_text).into_chunk(&head, 0).is_err());
    assert!(read_items(&read(&dir, &chunks.file(3).unwrap()))
        .into_chunk(&head, 4)
        .is_err());

    // A head and facet file of different builds do not make an archive.
    let other = site(
        "head-other",
        &newsroom_site::corpus::generate(1_400, 4).to_string(),
    );
    build(&other, &Options::default()).unwrap();
    let other_facets = facet_file(&other);
    assert!(read_items(&head_text)
        .into_head_archive(FacetIndex::decode(&other_facets).unwrap())
        .is_err());
}

/// Each value's full description, sorted: for comparing two archives that number their authors
/// or topics differently.
fn sorted_debug<T: std::fmt::Debug>(values: &[T]) -> Vec<String> {
    let mut described: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    described.sort();
    described
}

#[test]
fn an_archive_without_topics_or_authors_has_no_empty_filter_column() {
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            { "id": "1", "title": "One", "content_text": "Text.", "date_published": "2024-01-02T00:00:00Z" },
            { "id": "2", "title": "Two", "content_text": "Text.", "date_published": "2024-01-01T00:00:00Z" }
        ]
    });
    let dir = site("no-facets", &feed.to_string());
    newsroom_site::build(&dir, &newsroom_site::Options::default()).expect("a site");
    let home = read(&dir, "index.html");
    assert!(home.contains("without-facets"), "{home}");
    assert!(!home.contains("class=\"facets\""));
}

#[test]
fn an_rss_feed_publishes_like_a_json_feed_and_is_never_written() {
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
        <link>https://wire.example/</link><description>News</description>
        <item><title>First story</title><link>https://wire.example/first</link>
          <guid>first</guid><pubDate>Tue, 13 Apr 2021 12:00:00 GMT</pubDate>
          <category>Politics</category><description>&lt;p&gt;Body &lt;a href="/about"&gt;about&lt;/a&gt;&lt;/p&gt;</description></item>
        </channel></rss>"#;
    let dir = site("rss", "{}");
    let source = dir.join("source.xml");
    std::fs::write(&source, rss).unwrap();
    let options = newsroom_site::Options {
        feed: Some(source.clone()),
        ..newsroom_site::Options::default()
    };
    let summary = newsroom_site::build(&dir, &options).expect("a site");
    assert_eq!(summary.articles, 1);
    assert_eq!(std::fs::read_to_string(&source).unwrap(), rss);
    let page = read(&dir, "articles/first-story/index.html");
    assert!(page.contains("First story"));
    assert!(
        page.contains("href=\"https://wire.example/about\""),
        "{page}"
    );
    assert!(read(&dir, "topics/politics/index.html").contains("First story"));
}
