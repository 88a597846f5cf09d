//! End to end: what a reader does, in Chromium, Firefox and WebKit, against the release build
//! served by a plain static server, at the root and under a sub-path.
//!
//! Needs the two release builds `scripts/test` makes (`target/e2e/root`, built with
//! `--public-url /`, and `target/e2e/news`, built with `--public-url /news/`) and the three
//! WebDriver servers `scripts/setup --test` installs. `E2E_ENGINES=chromium,firefox` limits the
//! engines; `E2E_SCREENSHOTS=docs` also saves the README's screenshots; `E2E_ONLY=words|other`
//! runs only the scenarios whose name contains one of them.

mod browser;
mod scenarios;
#[path = "../support/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use browser::{open_session, start_driver, Engine};
use newsroom_core::archive::Archive;
use newsroom_core::feed::parse_feed;

/// The sites one mount point (root or sub-path) serves, each a copy of the release build with
/// its own `articles.json`, as a publisher would swap it.
pub struct Sites {
    /// The build as shipped: the bundled seed feed.
    pub bundled: String,
    /// The build with the synthetic test corpus swapped in.
    pub corpus: String,
    /// The corpus's build given its public address (`--site-url`): its pages carry canonical
    /// links and Open Graph addresses.
    pub addressed: String,
    /// The build with a broken `articles.json`.
    pub broken: String,
    /// The build with an `articles.json` past the loader's size limit, indexed by a builder
    /// told to keep to that limit: the site a publisher serves without the builder's output.
    pub huge: String,
    /// The build indexed from the corpus, whose `articles.json` was then replaced by another
    /// feed without re-indexing.
    pub stale: String,
    /// That other feed as the app will read it.
    pub stale_archive: Archive,
    /// The build indexed from the corpus, whose `articles.json` was then replaced by one past
    /// the browser's limit without re-indexing.
    pub stale_huge: String,
    /// The build with a feed at the loader's other limits: 100,000 items sharing one id, a
    /// 1 MB title, 10,000 topics on one article, HTML nested 10,000 deep.
    pub extreme: String,
    /// One site per JSONTestSuite sample as `articles.json`: (case name, base URL).
    pub json_samples: Vec<(String, String)>,
    /// The corpus as the app will read it, for expected counts and orders.
    pub archive: Archive,
    /// The build with a corpus large enough for the site builder to write an index head.
    pub large: String,
    /// That corpus as the app will read it.
    pub large_archive: Archive,
    /// The same build on a slow link: its index head answers after 1.5 s and each chunk of
    /// cards after 3 s.
    pub large_slow: String,
    /// The build re-indexed from an RSS 2.0 feed kept outside the site (`--feed`).
    pub syndicated: String,
    /// That feed as the builder reads it.
    pub syndicated_archive: Archive,
    /// The same build on a host that fails the first request for each chunk of cards.
    pub large_flaky: String,
    /// The mount point, `/` or `/news/`.
    pub prefix: String,
}

/// Records every Content-Security-Policy violation of the page in `window.__csp`; loaded as a
/// file, since the site's policy forbids inline scripts.
const CSP_PROBE: &str = "window.__csp = []; addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));";

/// A page of the test's own beside each site's: one 320 px by 700 px frame, a phone's screen in
/// every engine (Firefox's and WebKit's windows are wider than that at their narrowest). The
/// scenario sets the frame's `src`.
pub const PHONE_PAGE: &str = "__phone.html";
const PHONE_HTML: &str = "<!doctype html><meta charset=utf-8><title>Phone</title>\
    <iframe id=phone width=320 height=700 style=\"border:0\"></iframe>";

/// JSONTestSuite cases served as `articles.json`: invalid JSON (`n_`) and valid JSON that is
/// not a feed (`y_`).
const JSON_SAMPLES: &[&str] = &[
    "n_array_extra_comma.json",
    "n_object_missing_value.json",
    "n_string_unescaped_tab.json",
    "n_structure_unclosed_array.json",
    "n_structure_100000_opening_arrays.json",
    "n_structure_no_data.json",
    "y_array_empty.json",
    "y_object_basic.json",
    "y_structure_lonely_string.json",
];

fn json_suite_case(name: &str) -> String {
    let suite: serde_json::Value = serde_json::from_str(include_str!(
        "../../crates/newsroom-core/tests/fixtures/jsontestsuite.json"
    ))
    .expect("the suite");
    suite["cases"]
        .as_array()
        .and_then(|cases| cases.iter().find(|c| c["name"] == name))
        .and_then(|c| c["input"].as_str())
        .unwrap_or_else(|| panic!("no case {name}"))
        .to_string()
}

/// The test corpus: synthetic articles plus hostile HTML, right-to-left text, relative links and
/// an item dated only by `date_modified`.
fn corpus_feed() -> String {
    let mut feed = newsroom_site::corpus::generate(45, 42);
    let extra = serde_json::json!([
        {
            "id": "hostile-html",
            "title": "Markup that tries to run script",
            "date_published": "2009-07-01T09:00:00Z",
            "authors": [{ "name": "Ana Abadi" }],
            "tags": ["Security"],
            "content_html": "<p id=\"benign\">Benign <strong>text</strong> stays.</p><img src=x onerror=\"window.__pwned=1\" alt=\"broken\"><script>window.__pwned=1</script><a id=\"js-link\" href=\"javascript:window.__pwned=1\">click</a><a id=\"ok-link\" href=\"https://example.org/\">safe</a><svg><script>window.__pwned=1</script></svg><iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe><h1>Inner heading</h1><form action=\"https://evil.example\"><button formaction=\"javascript:window.__pwned=1\">go</button></form><math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned=1\"></style></mglyph></table></mtext></math><p style=\"color:red\" onclick=\"window.__pwned=1\">styled</p>"
        },
        {
            "id": "rtl-article",
            "title": "الأخبار العربية اليوم",
            "language": "ar",
            "date_published": "2008-01-01T12:00:00+03:00",
            "authors": [{ "name": "سارة" }],
            "tags": ["الشرق الأوسط"],
            "content_text": "نص المقال الأول.\n\nنص المقال الثاني."
        },
        {
            "id": "relative-urls",
            "title": "Links relative to the story's own page",
            "url": "https://news.example/2024/05/story.html",
            "date_published": "2008-03-01T08:00:00Z",
            "authors": [{ "name": "Ana Abadi" }],
            "tags": ["Security"],
            "content_html": "<p>Read <a href=\"../06/next.html\">the next story</a>, <a href=\"/about\">about us</a> and <a href=\"#part-2\">part two</a>.</p>"
        },
        {
            "id": "modified-only",
            "title": "Dated only by its last change",
            "date_modified": "2007-06-01T08:00:00Z",
            "authors": [{ "name": "Ana Abadi" }],
            "tags": ["Security"],
            "content_text": "An item whose feed gives no date_published."
        }
    ]);
    if let (Some(items), Some(extra)) = (feed["items"].as_array_mut(), extra.as_array()) {
        items.extend(extra.iter().cloned());
    }
    feed.to_string()
}

/// An RSS 2.0 feed as a blogging system writes one: `content:encoded` with a relative link and
/// image and a script, `dc:creator`, categories, and dates with their own offsets.
const RSS_FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://gazette.example/</link>
  <description>News from the harbour</description>
  <language>en</language>
  <item>
    <title>Ferry timetable changes for the winter</title>
    <link>https://gazette.example/2026/11/ferries.html</link>
    <guid isPermaLink="false">gazette-1042</guid>
    <pubDate>Tue, 10 Nov 2026 08:30:00 +0100</pubDate>
    <dc:creator>Mira Holm</dc:creator>
    <category>Transport</category>
    <category>Harbour</category>
    <description>Fewer crossings from December.</description>
    <content:encoded><![CDATA[<p>Fewer crossings from December; see <a href="../10/summer.html">the summer timetable</a>.</p><img src="/img/ferry.jpg" alt="The ferry"><script>window.__pwned = 1</script>]]></content:encoded>
  </item>
  <item>
    <title>Fish market reopens</title>
    <link>https://gazette.example/2026/10/market.html</link>
    <guid>https://gazette.example/2026/10/market.html</guid>
    <pubDate>Sat, 24 Oct 2026 17:00:00 -0400</pubDate>
    <dc:creator>Jon Berg</dc:creator>
    <category>Harbour</category>
    <description><![CDATA[The <em>fish market</em> is open again.]]></description>
  </item>
  <item>
    <title>Council votes on the new quay</title>
    <link>https://gazette.example/2026/09/quay.html</link>
    <guid>gazette-0977</guid>
    <pubDate>Mon, 14 Sep 2026 12:00:00 GMT</pubDate>
    <dc:creator>Mira Holm</dc:creator>
    <category>Council</category>
    <description>A vote on the quay, at last.</description>
  </item>
</channel>
</rss>
"#;

/// A valid JSON Feed of about 60 MB: one article whose text is past the 50 MB file limit.
fn huge_feed() -> String {
    let body = "Lorem ipsum dolor sit amet. ".repeat(60_000_000 / 28);
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Huge",
        "items": [{ "id": "huge", "title": "Huge", "content_text": body }]
    })
    .to_string()
}

/// A feed inside the size limit that reaches every other limit at once.
fn extreme_feed() -> String {
    let deep = "<div>".repeat(10_000) + "deep text" + &"</div>".repeat(10_000);
    let mut items = vec![serde_json::json!({
        "id": "extreme",
        "title": "Long ".repeat(200_000),
        "date_published": "2020-01-01T00:00:00Z",
        "tags": (0..10_000).map(|i| format!("Topic {i}")).collect::<Vec<_>>(),
        "authors": [{ "name": "Ana Abadi" }],
        "content_html": deep,
    })];
    items.extend((0..99_999).map(|_| serde_json::json!({ "id": "extreme", "title": "Again" })));
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Extreme",
        "items": items
    })
    .to_string()
}

/// Copies a build and replaces its `articles.json` (when given) and re-runs the site builder
/// on it, like a publisher would.
fn site_with_feed(dist: &Path, name: &str, feed: Option<&str>) -> PathBuf {
    site_built_with(dist, name, feed, &newsroom_site::Options::default())
}

/// [`site_with_feed`], the builder run with `options`.
fn site_built_with(
    dist: &Path,
    name: &str,
    feed: Option<&str>,
    options: &newsroom_site::Options,
) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("newsroom-e2e-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    server::copy_dir(dist, &dir).unwrap_or_else(|e| panic!("copying {}: {e}", dist.display()));
    std::fs::write(dir.join(PHONE_PAGE), PHONE_HTML).expect("writing the phone page");
    if let Some(feed) = feed {
        std::fs::write(dir.join("articles.json"), feed).expect("writing articles.json");
    }
    if feed.is_some() || options.feed.is_some() {
        // A feed that cannot be read leaves the plain page, which shows the reader the error.
        newsroom_site::build(&dir, options).expect("re-indexing");
    }
    dir
}

fn sites(dist: &Path, prefix: &str, tag: &str) -> Sites {
    let corpus = corpus_feed();
    let archive = parse_feed(&corpus).expect("the test corpus is a valid feed");
    let large = newsroom_site::corpus::generate(1_500, 5).to_string();
    let large_archive = parse_feed(&large).expect("the large corpus is a valid feed");
    let large_dir = site_with_feed(dist, &format!("{tag}-large"), Some(&large));
    let serve_with = |dir: PathBuf, slow: Vec<(&'static str, Duration)>, fail_first| {
        let options = server::Options {
            gzip: false,
            head_script: Some(format!("<script src=\"{prefix}__probe.js\"></script>")),
            probe_js: Some(CSP_PROBE),
            slow,
            fail_first,
            ..server::Options::default()
        };
        server::serve_with(dir, prefix, options).base_url
    };
    let serve_slow = |dir: PathBuf, slow| serve_with(dir, slow, Vec::new());
    let serve_dir = |dir: PathBuf| serve_slow(dir, Vec::new());
    let serve = |name: &str, feed: Option<&str>| {
        serve_dir(site_with_feed(dist, &format!("{tag}-{name}"), feed))
    };
    let huge = huge_feed();
    // The corpus indexed, then `articles.json` replaced without re-indexing.
    let replaced = |name: &str, feed: &str| {
        let dir = site_with_feed(dist, &format!("{tag}-{name}"), Some(&corpus));
        std::fs::write(dir.join("articles.json"), feed).expect("replacing articles.json");
        serve_dir(dir)
    };
    let other = newsroom_site::corpus::generate(30, 9).to_string();
    let stale_archive = parse_feed(&other).expect("the other corpus is a valid feed");
    let browser_limit = newsroom_site::Options {
        max_feed_bytes: newsroom_core::feed::LIMITS.feed_bytes,
        ..newsroom_site::Options::default()
    };
    // A publisher whose system writes RSS, kept beside the site rather than in it.
    let rss_path = std::env::temp_dir()
        .join(format!("newsroom-e2e-{}", std::process::id()))
        .join(format!("{tag}-gazette.xml"));
    if let Some(parent) = rss_path.parent() {
        std::fs::create_dir_all(parent).expect("a directory for the RSS feed");
    }
    std::fs::write(&rss_path, RSS_FEED).expect("writing the RSS feed");
    let syndicated_feed = newsroom_site::syndication::as_json_feed(RSS_FEED)
        .ok()
        .flatten()
        .expect("the RSS feed converts");
    let syndicated_archive = parse_feed(&syndicated_feed).expect("the RSS feed reads");
    let syndicated = serve_dir(site_built_with(
        dist,
        &format!("{tag}-syndicated"),
        None,
        &newsroom_site::Options {
            feed: Some(rss_path),
            ..newsroom_site::Options::default()
        },
    ));
    Sites {
        syndicated,
        syndicated_archive,
        bundled: serve("bundled", None),
        corpus: serve("corpus", Some(&corpus)),
        broken: serve(
            "broken",
            Some("{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"items\": [\n    { \"id\": 1, }\n  ]\n}"),
        ),
        huge: serve_dir(site_built_with(
            dist,
            &format!("{tag}-huge"),
            Some(&huge),
            &browser_limit,
        )),
        addressed: serve_dir(site_built_with(
            dist,
            &format!("{tag}-addressed"),
            Some(&corpus),
            &newsroom_site::Options {
                site_url: Some(format!("https://news.example{prefix}")),
                ..newsroom_site::Options::default()
            },
        )),
        stale: replaced("stale", &other),
        stale_archive,
        stale_huge: replaced("stale-huge", &huge),
        extreme: serve("extreme", Some(&extreme_feed())),
        json_samples: JSON_SAMPLES
            .iter()
            .map(|name| {
                let input = json_suite_case(name);
                (name.to_string(), serve(&format!("json-{name}"), Some(&input)))
            })
            .collect(),
        archive,
        large: serve_dir(large_dir.clone()),
        large_flaky: serve_with(
            large_dir.clone(),
            Vec::new(),
            vec!["/data/cards-", "/articles/"],
        ),
        large_slow: serve_slow(
            large_dir,
            vec![
                ("/data/head.", Duration::from_millis(1_500)),
                ("/data/cards-", Duration::from_millis(3_000)),
            ],
        ),
        large_archive,
        prefix: prefix.to_string(),
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let builds = [
        (root.join("target/e2e/root"), "/", "root"),
        (root.join("target/e2e/news"), "/news/", "news"),
    ];
    for (dist, _, _) in &builds {
        if !dist.join("index.html").is_file() {
            eprintln!(
                "e2e: no release build at {}; scripts/test builds it (trunk build --release --dist target/e2e/root, and --public-url /news/ --dist target/e2e/news)",
                dist.display()
            );
            std::process::exit(1);
        }
    }
    let engines: Vec<Engine> = match std::env::var("E2E_ENGINES") {
        Ok(list) => [Engine::Chromium, Engine::Firefox, Engine::WebKit]
            .into_iter()
            .filter(|e| list.split(',').any(|n| n.trim() == e.name()))
            .collect(),
        Err(_) => vec![Engine::Chromium, Engine::Firefox, Engine::WebKit],
    };
    let screenshots = std::env::var("E2E_SCREENSHOTS").ok().map(PathBuf::from);
    // While working on one behaviour: `E2E_ONLY=focus` runs the scenarios whose name has it.
    let only = std::env::var("E2E_ONLY").ok();
    let all_sites: Vec<Sites> = builds
        .iter()
        .map(|(dist, prefix, tag)| sites(dist, prefix, tag))
        .collect();

    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let mut passed = 0;
    let mut failed: Vec<String> = Vec::new();
    for engine in engines {
        let driver = match start_driver(engine) {
            Ok(driver) => driver,
            Err(e) => {
                failed.push(e);
                continue;
            }
        };
        let profile = std::env::temp_dir().join(format!(
            "newsroom-e2e-{}/profile-{}",
            std::process::id(),
            engine.name()
        ));
        let profile = profile.display().to_string();
        let client = match runtime.block_on(open_session(engine, &driver, &profile, &[])) {
            Ok(client) => client,
            Err(e) => {
                failed.push(e);
                continue;
            }
        };
        for sites in &all_sites {
            for (name, scenario) in scenarios::ALL {
                if only
                    .as_deref()
                    .is_some_and(|only| !only.split('|').any(|words| name.contains(words)))
                {
                    continue;
                }
                let started = Instant::now();
                let run = || {
                    let outcome = runtime.block_on(async {
                        scenario(&client, sites).await?;
                        browser::no_csp_violations(&client).await
                    });
                    // Leave the page behind clean, so the next run's first check is its own.
                    let _ = runtime.block_on(client.execute("window.__csp = []", vec![]));
                    outcome
                };
                let label = format!("{} {} {name}", engine.name(), sites.prefix);
                // A browser on a busy machine now and then misses a deadline: a scenario that
                // fails is run once more, and passes only if it then passes, with the first
                // failure reported.
                let outcome = run().or_else(|first| {
                    println!("RETRY   {label}: {first}");
                    run()
                });
                match outcome {
                    Ok(()) => {
                        passed += 1;
                        println!("ok      {label} ({} ms)", started.elapsed().as_millis());
                    }
                    Err(why) => {
                        println!("FAILED  {label}: {why}");
                        failed.push(format!("{label}: {why}"));
                    }
                }
            }
        }
        if let (Engine::Chromium, Some(dir)) = (engine, &screenshots) {
            if let Err(why) = runtime.block_on(scenarios::screenshots(&client, &all_sites[0], dir))
            {
                failed.push(format!("screenshots: {why}"));
            }
            match runtime.block_on(open_session(
                engine,
                &driver,
                &format!("{profile}-dark"),
                &[
                    "--force-dark-mode",
                    "--blink-settings=preferredColorScheme=0",
                ],
            )) {
                Ok(dark) => {
                    if let Err(why) =
                        runtime.block_on(scenarios::dark_screenshot(&dark, &all_sites[0], dir))
                    {
                        failed.push(format!("dark screenshot: {why}"));
                    }
                    let _ = runtime.block_on(dark.close());
                }
                Err(e) => failed.push(e),
            }
            match runtime.block_on(open_session(
                engine,
                &driver,
                &format!("{profile}-no-script"),
                &["--blink-settings=scriptEnabled=false"],
            )) {
                Ok(no_script) => {
                    if let Err(why) = runtime.block_on(scenarios::no_script_screenshot(
                        &no_script,
                        &all_sites[0],
                        dir,
                    )) {
                        failed.push(format!("no-script screenshot: {why}"));
                    }
                    let _ = runtime.block_on(no_script.close());
                }
                Err(e) => failed.push(e),
            }
        }
        let _ = runtime.block_on(client.close());
    }
    let _ = std::fs::remove_dir_all(
        std::env::temp_dir().join(format!("newsroom-e2e-{}", std::process::id())),
    );
    println!("\ne2e: {passed} passed, {} failed", failed.len());
    if !failed.is_empty() {
        for f in &failed {
            eprintln!("  {f}");
        }
        std::process::exit(1);
    }
}
