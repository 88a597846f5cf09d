//! The archive benchmark (issue "Archive scale"): the viewer against the hand-written JavaScript
//! baseline (`bench/baseline/`), on synthetic archives of N articles, in headless Chromium, over
//! loopback from a static server that gzips like a real host.
//!
//! ```sh
//! cargo bench --bench archive                        # N = 1k and 10k, writes BENCHMARKS.md
//! cargo bench --bench archive -- --sizes 1000,10000,100000
//! cargo bench --bench archive -- --smoke             # N = 1k, one run, checks every count
//! cargo bench --bench archive -- --sizes 10000 --verbose  # and each run's clicks
//! ```
//!
//! Per N and site it records, over several page loads: (a) bytes transferred until the first
//! list is painted (largest contentful paint), (b) navigation → that paint and → `ready`,
//! (c) for a fixed sequence of topic and author clicks, each checked against the core's count,
//! *update* (click event → the DOM shows the new count) and *painted* (→ the frame after it,
//! rAF then a task), (d) article link → article painted (the baseline has no article view),
//! (e) peak JS heap plus WebAssembly memory. Timings are taken inside the page by a probe the
//! server adds to every HTML page; the driver only clicks and reads them.

#[path = "../tests/support/server.rs"]
mod server;

// The end-to-end suite's WebDriver helpers; the benchmark uses only the Chromium part.
#[allow(dead_code)]
#[path = "../tests/e2e/browser.rs"]
mod browser;
#[path = "support/publish.rs"]
mod publish;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use newsroom_core::archive::Archive;
use newsroom_core::feed::FeedLoader;
use newsroom_core::filter::{apply, SortOrder};
use newsroom_core::query::ListQuery;
use serde_json::Value;

/// Clicks per page load.
const CLICKS: usize = 10;

/// How long a visit stays on the page after its last click before its bytes are counted.
const VISIT_IDLE: Duration = Duration::from_secs(5);

/// How long each freshly launched browser is left before it loads the page. For a second or
/// two after launch Chromium sets itself up (its processes, caches and fonts), and on two cores
/// that work competes with the page's: a 100,000-article `ready` measured 426 ms (298–484)
/// straight after launch and 232 ms (212–247) two seconds later. A reader's browser is already
/// running, so the load is measured once the browser is, as for the baseline.
const BROWSER_SETTLE: Duration = Duration::from_secs(2);

/// In-page probe: records paint, readiness, clicks and memory in `window.__bench`.
const PROBE: &str = r#"<script>
(() => {
  performance.setResourceTimingBufferSize(100000);
  const B = window.__bench = { lcp: 0, ready: 0, readyPainted: 0, clicks: [], heap: 0, expect: null, wasm: null };
  const sampleHeap = () => { if (performance.memory) B.heap = Math.max(B.heap, performance.memory.usedJSHeapSize); };
  new PerformanceObserver(list => { for (const e of list.getEntries()) B.lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
  addEventListener('TrunkApplicationStarted', e => { B.wasm = e.detail && e.detail.wasm; });
  const painted = rec => requestAnimationFrame(() => setTimeout(() => { rec.painted = performance.now(); sampleHeap(); }, 0));
  document.addEventListener('click', e => {
    B.clicks.push({ click: e.timeStamp, update: 0, complete: 0, fetched: false, painted: 0, expect: B.expect });
  }, true);
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid=app]');
    if (!B.ready && app && app.dataset.state === 'ready') {
      B.ready = performance.now(); sampleHeap();
      requestAnimationFrame(() => setTimeout(() => {
        B.readyPainted = performance.now();
        fetch('/__ready', { cache: 'no-store' }).catch(() => {});
      }, 0));
    }
    const c = B.clicks[B.clicks.length - 1];
    if (!c || c.complete || c.expect === null) return;
    let counted;
    if (c.expect === 'article') {
      counted = document.querySelector('[data-testid=article]');
    } else {
      const rc = document.querySelector('[data-testid=result-count]');
      counted = rc && rc.dataset.count === String(c.expect);
    }
    if (!counted) return;
    if (!c.update) c.update = performance.now();
    // The click is answered once its cards are shown too, not only its count: a page of cards
    // whose chunk is on its way is marked busy.
    if (document.querySelector('.cards[aria-busy]')) { c.fetched = true; return; }
    c.complete = performance.now(); painted(c);
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-count', 'aria-busy'] });
})();
</script>"#;

/// What one page load measured.
#[derive(Debug, Default, Clone)]
struct Run {
    bytes_before_paint: f64,
    first_list: f64,
    ready: f64,
    updates: Vec<f64>,
    /// Click to painted, for clicks whose cards were at hand.
    paints: Vec<f64>,
    /// Click to painted, for clicks whose cards had to be fetched.
    fetched_paints: Vec<f64>,
    /// Every byte the visit transferred: the page, its clicks, the article and what came after.
    visit_bytes: f64,
    /// Clicks whose count came but whose cards were not painted within the limit.
    stalled: usize,
    article: Option<f64>,
    memory_mb: f64,
}

/// A site as the benchmark's server serves it.
struct ServedSite {
    url: String,
    /// How many times its pages have said they are ready (see [`until_ready_beacon`]).
    ready_beacon: Arc<AtomicUsize>,
}

/// One side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Site {
    Viewer,
    Baseline,
}

impl Site {
    fn name(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Baseline => "baseline",
        }
    }
}

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    smoke: bool,
    /// Print every run's clicks, not only the percentiles.
    verbose: bool,
    out: Option<PathBuf>,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let smoke = args.iter().any(|a| a == "--smoke");
    let verbose = args.iter().any(|a| a == "--verbose");
    let sizes = value("--sizes")
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| {
            if smoke {
                vec![1_000]
            } else {
                vec![1_000, 10_000]
            }
        });
    let runs = value("--runs")
        .and_then(|r| r.parse().ok())
        // Nine loads a size and site: one load's `ready` at 100,000 articles ranged over
        // 133–210 ms within a run, and a median of five moved with one or two of them.
        .unwrap_or(if smoke { 1 } else { 9 });
    let out = if smoke {
        None
    } else {
        Some(PathBuf::from(
            value("--out").unwrap_or_else(|| "BENCHMARKS.md".to_string()),
        ))
    };
    Options {
        sizes,
        runs,
        smoke,
        verbose,
        out,
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The release build the benchmark serves, built here so the command stands alone.
fn release_build() -> PathBuf {
    let dist = root().join("target/bench/site");
    let status = Command::new("trunk")
        .args([
            "build",
            "--release",
            "--offline",
            "--skip-version-check",
            "--dist",
        ])
        .arg(&dist)
        .current_dir(root())
        .stdout(Stdio::null())
        .status()
        .expect("trunk runs (scripts/setup installs it)");
    assert!(status.success(), "trunk build --release failed");
    dist
}

/// The click sequence: top topics and authors (shown in both pages), each chosen so that it
/// changes the count, with the count the core expects after it.
fn click_plan(archive: &Archive) -> Vec<(String, usize)> {
    let topics: Vec<String> = archive
        .topic_facet_order
        .iter()
        .take(6)
        .map(|&t| archive.topics[t as usize].slug.clone())
        .collect();
    let authors: Vec<String> = archive
        .author_facet_order
        .iter()
        .take(6)
        .map(|&a| archive.authors[a as usize].slug.clone())
        .collect();
    let count = |q: &ListQuery| {
        apply(archive, &q.resolve(archive, None).filter, SortOrder::Newest)
            .matches
            .len()
    };
    let mut query = ListQuery::parse("");
    let mut plan = Vec::new();
    let candidates: Vec<(bool, &String)> = (0..6)
        .flat_map(|i| {
            [
                (true, &topics[i % topics.len()]),
                (false, &authors[i % authors.len()]),
            ]
        })
        .collect();
    let mut i = 0;
    while plan.len() < CLICKS && i < candidates.len() * 4 {
        let (is_topic, slug) = candidates[(i * 5) % candidates.len()];
        i += 1;
        let next = if is_topic {
            query.toggle_topic(slug)
        } else {
            query.toggle_author(slug)
        };
        let (before, after) = (count(&query), count(&next));
        if before != after {
            let css = if is_topic {
                format!("button[data-topic=\"{slug}\"]")
            } else {
                format!("button[data-author=\"{slug}\"]")
            };
            plan.push((css, after));
            query = next;
        }
    }
    plan
}

/// Finds the element `css` names and clicks it. One found just as the page re-renders (the full
/// index, arriving behind the first view, replaces the facets and cards) is gone by the click:
/// it is found again, up to three times.
async fn click_element(client: &Client, css: &str) -> Result<(), String> {
    let mut tries = 0;
    loop {
        let element = client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        match element.click().await {
            Ok(()) => return Ok(()),
            Err(e) if tries < 2 && e.to_string().contains("stale element") => tries += 1,
            Err(e) => return Err(format!("{css}: {e}")),
        }
    }
}

async fn probe(client: &Client, expression: &str) -> Value {
    client
        .execute(&format!("return {expression}"), vec![])
        .await
        .unwrap_or(Value::Null)
}

/// Waits until `expression` is truthy in the page. The page itself checks, on a timer, inside
/// one asynchronous script per second: a driver polling every few milliseconds would run a
/// script in the page each time, and those tasks, on the page's main thread, slowed the very
/// load being measured (a 10,000-article `ready` read 183 ms polled every 5 ms, 141 ms every
/// 50 ms).
async fn until(client: &Client, expression: &str, limit: Duration) -> Result<(), String> {
    let started = Instant::now();
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const until = performance.now() + 1000;
         const check = () => {{
           let ok = false;
           try {{ ok = !!({expression}); }} catch (e) {{}}
           if (ok || performance.now() > until) done(ok); else setTimeout(check, 10);
         }};
         check();"
    );
    loop {
        match client.execute_async(&script, vec![]).await {
            Ok(held) if held.as_bool() == Some(true) => return Ok(()),
            Ok(_) => {}
            // Between pages, say: not for the page to answer, so the driver waits a little.
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
        if started.elapsed() > limit {
            return Err(format!("timed out waiting for {expression}"));
        }
    }
}

/// Waits, up to `limit`, until the page's probe has told the server that the page is ready
/// and painted (a request for `/__ready`: the count has moved past `before`). Nothing runs in
/// the page meanwhile: a driver's script, even one check, runs on the page's main thread, and
/// one in the middle of the load (as soon as the load event has let the driver go on) held the
/// page's first paint and the app's start back.
async fn until_ready_beacon(beacon: &AtomicUsize, before: usize, limit: Duration) {
    let started = Instant::now();
    while beacon.load(Ordering::SeqCst) == before && started.elapsed() < limit {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn one_run(
    client: &Client,
    page: &ServedSite,
    site: Site,
    plan: &[(String, usize)],
    limit: Duration,
) -> Result<Run, String> {
    let before = page.ready_beacon.load(Ordering::SeqCst);
    client.goto(&page.url).await.map_err(|e| e.to_string())?;
    until_ready_beacon(&page.ready_beacon, before, limit).await;
    if let Err(why) = until(client, "window.__bench && window.__bench.ready > 0", limit).await {
        let state = probe(
            client,
            "(document.querySelector('[data-testid=app]') || document.body).outerHTML.slice(0, 300)",
        )
        .await;
        return Err(format!("{why}; the page shows {state}"));
    }
    // The list's paint, and the largest-contentful-paint entry it produces, come a frame or
    // two after `ready`.
    until(
        client,
        "window.__bench.readyPainted > 0",
        Duration::from_secs(5),
    )
    .await?;
    until(
        client,
        "window.__bench.lcp > 0 && performance.now() > window.__bench.readyPainted + 50",
        Duration::from_secs(5),
    )
    .await?;
    let load = probe(
        client,
        "(() => {
           const B = window.__bench, nav = performance.getEntriesByType('navigation')[0];
           const bytes = performance.getEntriesByType('resource')
             .filter(r => r.responseEnd <= B.lcp).reduce((n, r) => n + r.transferSize, 0)
             + (nav ? nav.transferSize : 0);
           return { lcp: B.lcp, ready: B.ready, bytes };
         })()",
    )
    .await;
    let mut run = Run {
        bytes_before_paint: load["bytes"].as_f64().unwrap_or(0.0),
        first_list: load["lcp"].as_f64().unwrap_or(0.0),
        ready: load["ready"].as_f64().unwrap_or(0.0),
        ..Run::default()
    };
    for (i, (css, expected)) in plan.iter().enumerate() {
        probe(
            client,
            &format!("(window.__bench.expect = {expected}, true)"),
        )
        .await;
        click_element(client, css).await?;
        let done =
            format!("window.__bench.clicks.length > {i} && window.__bench.clicks[{i}].painted > 0");
        if until(client, &done, Duration::from_secs(10)).await.is_err() {
            // What the page shows instead: its count, whether cards are still missing, whether
            // it says some did not load, and the chunks of cards it asked for.
            let shown = probe(
                client,
                "[window.__bench.clicks.length,
                  (document.querySelector('[data-testid=result-count]') || {dataset: {}}).dataset.count,
                  !!document.querySelector('.cards[aria-busy]'),
                  !!document.querySelector('[data-testid=cards-failed]'),
                  document.querySelector('[data-testid=app]').dataset.state,
                  performance.getEntriesByType('resource').filter(r => r.name.includes('cards-'))
                    .map(r => r.name.split('/').pop() + ' ' + r.responseStatus + ' ' + r.encodedBodySize)]",
            )
            .await;
            // A right count whose cards never came is reported and counted, not timed: the
            // counts are what the smoke run checks.
            if shown[1].as_str() != Some(expected.to_string().as_str()) {
                return Err(format!(
                    "{} click {i} ({css}): the count never became {expected}; the page: {shown}",
                    site.name()
                ));
            }
            eprintln!(
                "{} click {i} ({css}): count {expected}, but its cards were not painted within 10 s; the page: {shown}",
                site.name()
            );
            run.stalled += 1;
            continue;
        }
        let click = probe(client, &format!("window.__bench.clicks[{i}]")).await;
        let (t0, t1, t2) = (
            click["click"].as_f64().unwrap_or(0.0),
            click["update"].as_f64().unwrap_or(0.0),
            click["painted"].as_f64().unwrap_or(0.0),
        );
        run.updates.push(t1 - t0);
        if click["fetched"].as_bool() == Some(true) {
            run.fetched_paints.push(t2 - t0);
        } else {
            run.paints.push(t2 - t0);
        }
    }
    if site == Site::Viewer {
        let i = plan.len();
        probe(client, "(window.__bench.expect = 'article', true)").await;
        click_element(client, "a[data-testid=article-link]").await?;
        until(
            client,
            &format!(
                "window.__bench.clicks.length > {i} && window.__bench.clicks[{i}].painted > 0"
            ),
            Duration::from_secs(10),
        )
        .await?;
        let click = probe(client, &format!("window.__bench.clicks[{i}]")).await;
        run.article =
            Some(click["painted"].as_f64().unwrap_or(0.0) - click["click"].as_f64().unwrap_or(0.0));
    }
    if site == Site::Viewer {
        probe(client, "(window.__bench.heap = Math.max(window.__bench.heap, performance.memory ? performance.memory.usedJSHeapSize : 0), true)").await;
    }
    // What the visit cost, once whatever the page does after it has had time to happen.
    tokio::time::sleep(VISIT_IDLE).await;
    let visit = probe(
        client,
        "(() => { const nav = performance.getEntriesByType('navigation')[0];
           return performance.getEntriesByType('resource').reduce((n, r) => n + r.transferSize, 0)
             + (nav ? nav.transferSize : 0); })()",
    )
    .await;
    run.visit_bytes = visit.as_f64().unwrap_or(0.0);
    let memory = probe(
        client,
        "(window.__bench.heap + (window.__bench.wasm && window.__bench.wasm.memory ? window.__bench.wasm.memory.buffer.byteLength : 0)) / 1048576",
    )
    .await;
    run.memory_mb = memory.as_f64().unwrap_or(0.0);
    Ok(run)
}

fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Medians over runs, percentiles over all clicks of all runs.
#[derive(Debug, Clone)]
struct Summary {
    kb: f64,
    first_list: f64,
    ready: f64,
    update_p50: f64,
    update_p95: f64,
    paint_p50: f64,
    paint_p95: f64,
    fetched_p50: f64,
    fetched_p95: f64,
    fetched_clicks: usize,
    stalled_clicks: usize,
    visit_kb: f64,
    article: f64,
    memory_mb: f64,
}

fn summarize(runs: &[Run]) -> Summary {
    let median =
        |f: &dyn Fn(&Run) -> f64| percentile(&runs.iter().map(f).collect::<Vec<_>>(), 50.0);
    let updates: Vec<f64> = runs.iter().flat_map(|r| r.updates.clone()).collect();
    let paints: Vec<f64> = runs.iter().flat_map(|r| r.paints.clone()).collect();
    let fetched: Vec<f64> = runs.iter().flat_map(|r| r.fetched_paints.clone()).collect();
    let articles: Vec<f64> = runs.iter().filter_map(|r| r.article).collect();
    Summary {
        kb: median(&|r| r.bytes_before_paint) / 1000.0,
        first_list: median(&|r| r.first_list),
        ready: median(&|r| r.ready),
        update_p50: percentile(&updates, 50.0),
        update_p95: percentile(&updates, 95.0),
        paint_p50: percentile(&paints, 50.0),
        paint_p95: percentile(&paints, 95.0),
        fetched_p50: percentile(&fetched, 50.0),
        fetched_p95: percentile(&fetched, 95.0),
        fetched_clicks: fetched.len(),
        stalled_clicks: runs.iter().map(|r| r.stalled).sum(),
        visit_kb: median(&|r| r.visit_bytes) / 1000.0,
        article: percentile(&articles, 50.0),
        memory_mb: runs.iter().map(|r| r.memory_mb).fold(0.0, f64::max),
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(String::new(), |kb| format!(", {:.0} GiB", kb / 1_048_576.0));
    let chromium = Command::new("chromium")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores{memory}; {chromium} headless")
}

/// Waits until the files just written are on disk. The site builder writes a 100,000-article
/// site's 2.4 GB in half a minute, and the kernel goes on writing it out for a while after:
/// loads measured meanwhile competed with that work for the disk and the two cores (the
/// 100,000-article viewer's first list came 40 ms later than the 10,000's, where loads of the
/// two on a quiet disk differ by 10 ms or less). A host serves files it has already stored.
fn flush_writes() {
    let _ = Command::new("sync").status();
}

fn fmt(v: f64, digits: usize) -> String {
    if v.is_nan() {
        "—".to_string()
    } else {
        format!("{v:.digits$}")
    }
}

fn ratio(a: f64, b: f64) -> String {
    if a.is_nan() || b.is_nan() || b == 0.0 {
        "—".to_string()
    } else {
        format!("{:.2}×", a / b)
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and a benchmark is not a test.
    if !std::env::args().any(|a| a == "--bench") {
        println!("archive benchmark: run it with `cargo bench --bench archive`");
        return;
    }
    let options = options();
    let dist = release_build();
    let work = std::env::temp_dir().join(format!("newsroom-bench-{}", std::process::id()));
    let driver = browser::start_driver(browser::Engine::Chromium)
        .expect("chromedriver runs (scripts/setup --test installs it)");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mut rows: Vec<(usize, Summary, Summary)> = Vec::new();
    let mut publishing: Vec<(usize, publish::PublishCosts)> = Vec::new();
    let mut failed = false;

    for &n in &options.sizes {
        let feed = newsroom_site::corpus::generate(n, 2026).to_string();
        // Past the browser's size limit too (100k): the viewer then reads the builder's index.
        let archive = {
            let mut loader = FeedLoader::without_size_limit(&feed).expect("a valid feed");
            while loader.load(usize::MAX).expect("a valid feed") {}
            loader.finish()
        };
        let plan = click_plan(&archive);
        let feed_mb = feed.len() as f64 / 1e6;
        let viewer_dir = work.join(format!("viewer-{n}"));
        let baseline_dir = work.join(format!("baseline-{n}"));
        server::copy_dir(&dist, &viewer_dir).expect("a copy of the build");
        server::copy_dir(&root().join("bench/baseline"), &baseline_dir)
            .expect("a copy of the baseline");
        for dir in [&viewer_dir, &baseline_dir] {
            std::fs::write(dir.join("articles.json"), &feed).expect("articles.json written");
        }
        drop(feed);
        // The publisher's step after swapping the feed: the site builder re-indexes and
        // renders every page.
        let builder = newsroom_site::Options {
            max_feed_bytes: usize::MAX,
            ..newsroom_site::Options::default()
        };
        let built = newsroom_site::build(&viewer_dir, &builder).expect("the site builder runs");
        flush_writes();
        println!(
            "N={n:>6} site builder: {} pages in {:.1} s",
            built.pages, built.seconds
        );
        let serve = |dir: &PathBuf| {
            let ready_beacon = Arc::new(AtomicUsize::new(0));
            let url = server::serve_with(
                dir.clone(),
                "/",
                server::Options {
                    gzip: true,
                    head_script: Some(PROBE.to_string()),
                    probe_js: None,
                    ready_beacon: Some(ready_beacon.clone()),
                    ..server::Options::default()
                },
            )
            .base_url;
            ServedSite { url, ready_beacon }
        };
        let urls = [
            (Site::Viewer, serve(&viewer_dir)),
            (Site::Baseline, serve(&baseline_dir)),
        ];
        let limit = Duration::from_secs(30 + n as u64 / 1_000);
        let mut summaries = Vec::new();
        for (site, served) in &urls {
            let mut runs = Vec::new();
            // One load first, not measured: the server compresses each file on its first
            // request (a real host serves it precompressed or from its cache).
            for r in std::iter::once(None).chain((0..options.runs).map(Some)) {
                let profile = work.join(format!("profile-{}-{n}-{r:?}", site.name()));
                let client = runtime
                    .block_on(browser::open_session(
                        browser::Engine::Chromium,
                        &driver,
                        &profile.display().to_string(),
                        &["--enable-precise-memory-info"],
                    ))
                    .expect("a Chromium session");
                std::thread::sleep(BROWSER_SETTLE);
                match runtime.block_on(one_run(&client, served, *site, &plan, limit)) {
                    Ok(_) if r.is_none() => {}
                    Ok(run) => {
                        if options.verbose {
                            let ms = |values: &[f64]| {
                                values
                                    .iter()
                                    .map(|v| format!("{v:.1}"))
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            };
                            println!(
                                "N={n:>6} {} run {}: ready {:.0} ms; updates {}; painted {}; waiting for cards {}; visit {:.0} KB",
                                site.name(),
                                r.unwrap_or_default(),
                                run.ready,
                                ms(&run.updates),
                                ms(&run.paints),
                                ms(&run.fetched_paints),
                                run.visit_bytes / 1000.0
                            );
                        }
                        runs.push(run)
                    }
                    Err(why) => {
                        eprintln!("N={n} {}: {why}", site.name());
                        failed = true;
                    }
                }
                let _ = runtime.block_on(client.close());
            }
            let summary = summarize(&runs);
            println!(
                "N={n:>6} ({feed_mb:.1} MB feed) {:<8}  first list {} KB / {} ms, ready {} ms, update p50 {} p95 {} ms, painted p50 {} p95 {} ms, waiting for cards p50 {} p95 {} ms ({} clicks; {} never painted), article {} ms, visit {} KB, memory {} MB",
                site.name(),
                fmt(summary.kb, 0),
                fmt(summary.first_list, 0),
                fmt(summary.ready, 0),
                fmt(summary.update_p50, 1),
                fmt(summary.update_p95, 1),
                fmt(summary.paint_p50, 1),
                fmt(summary.paint_p95, 1),
                fmt(summary.fetched_p50, 1),
                fmt(summary.fetched_p95, 1),
                summary.fetched_clicks,
                summary.stalled_clicks,
                fmt(summary.article, 1),
                fmt(summary.visit_kb, 0),
                fmt(summary.memory_mb, 0),
            );
            summaries.push(summary);
        }
        let baseline = summaries.pop().expect("a baseline summary");
        let viewer = summaries.pop().expect("a viewer summary");
        println!(
            "N={n:>6} viewer/baseline: ready {}, update p95 {}, painted p95 {}",
            ratio(viewer.ready, baseline.ready),
            ratio(viewer.update_p95, baseline.update_p95),
            ratio(viewer.paint_p95, baseline.paint_p95)
        );
        rows.push((n, viewer, baseline));
        if !options.smoke {
            let oldest = archive
                .oldest_first
                .first()
                .and_then(|&i| archive.article(i))
                .map(|a| a.id.clone())
                .unwrap_or_default();
            match publish::publish_costs(&viewer_dir, &site_binary(), &oldest) {
                Some(costs) => {
                    println!(
                        "N={n:>6} publishing: one article added changes {} files ({:.1} MB), one edited {} files ({:.1} MB); the builder {:.1} s, {:.0} MB peak",
                        costs.append.files,
                        costs.append.bytes as f64 / 1e6,
                        costs.edit.files,
                        costs.edit.bytes as f64 / 1e6,
                        costs.append.seconds,
                        costs.append.peak_mb
                    );
                    publishing.push((n, costs));
                }
                None => {
                    eprintln!("N={n}: the publishing measurement failed");
                    failed = true;
                }
            }
        }
        let _ = std::fs::remove_dir_all(&viewer_dir);
        let _ = std::fs::remove_dir_all(&baseline_dir);
    }
    let _ = std::fs::remove_dir_all(&work);

    if let Some(out) = &options.out {
        let mut text = report(&rows, &options);
        text += &publish_report(&publishing);
        std::fs::write(out, text).expect("BENCHMARKS.md written");
        println!("wrote {}", out.display());
    }
    if failed {
        eprintln!("benchmark: a run failed (a count was wrong or a page never became ready)");
        std::process::exit(1);
    }
    if options.smoke {
        println!("benchmark smoke run: every count matched");
    }
}

/// The release build of the site builder, which trunk's post-build hook made.
fn site_binary() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("release/site")
}

/// The publishing table (see `support/publish.rs`).
fn publish_report(rows: &[(usize, publish::PublishCosts)]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n## Publishing\n\nOn the viewer's built site: one article added to `articles.json`, then one \
         old article's title and topics edited,\neach followed by the site builder \
         (`cargo run --release --bin site -- DIR`, timed under `/usr/bin/time`); every file of \
         the\nbuilt directory compared by content (the feed itself, the publisher's own, not \
         counted).\n\n| N | site: files, MB | builder: s, peak MB | one added: files, MB changed | one edited: files, MB changed |\n| ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (n, c) in rows {
        out += &format!(
            "| {n} | {}, {:.0} | {:.1}, {:.0} | {}, {:.1} | {}, {:.1} |\n",
            c.files,
            c.bytes as f64 / 1e6,
            c.append.seconds,
            c.append.peak_mb,
            c.append.files,
            c.append.bytes as f64 / 1e6,
            c.edit.files,
            c.edit.bytes as f64 / 1e6
        );
    }
    out
}

fn report(rows: &[(usize, Summary, Summary)], options: &Options) -> String {
    let mut out = String::new();
    out += "# Benchmarks\n\n";
    out +=
        "Regenerated by `cargo bench --bench archive` (see `benches/archive.rs`). The viewer's\n";
    out += "release build and the hand-written JavaScript baseline (`bench/baseline/`) load the same\n";
    out += "synthetic archive (`crates/newsroom-site/src/corpus.rs`, seed 2026) from a loopback static server that gzips,\n";
    out +=
        "sends each response at once (`TCP_NODELAY`) and serves files already flushed to disk,\n";
    out += "in headless Chromium; timings are taken in the page. The viewer's copy is re-indexed by the\n";
    out += "site builder as a publisher would (`cargo run --release --bin site -- DIR`): it serves a page\n";
    out += "rendered ahead of time, a head of its index, its facet file, chunks of cards, the bodies in the articles' pages.\n";
    out += "A click is painted once its count and its cards are (the frame after). A visit is the page,\n";
    out += &format!(
        "the clicks, one article opened, then {} s idle: every byte transferred. Medians over ",
        VISIT_IDLE.as_secs()
    );
    out += &format!(
        "{} page loads per site, after one not measured (the server gzips each file on its\n",
        options.runs
    );
    out += &format!(
        "first request), each in a fresh browser left {} s to finish its own start-up; click\n",
        BROWSER_SETTLE.as_secs()
    );
    out += &format!(
        "percentiles over {CLICKS} clicks per load, every count checked against the core. The\n"
    );
    out += "driver runs nothing in a page until its probe has told the server it is ready.\n";
    out += "Absolute times on a shared machine are noisy; the ratios, measured\n";
    out += "in the same run, are the figures to compare.\n\n";
    out += &format!("Machine: {}.\n\n", machine());
    out += "| N | site | KB before first list | → first list (ms) | → ready (ms) | click → update p50 / p95 (ms) | click → painted p50 / p95 (ms) | click whose cards are fetched → painted p50 / p95 (ms) (clicks) | article link → painted (ms) | KB a visit | peak memory (MB) |\n";
    out += "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (n, viewer, baseline) in rows {
        for (name, s) in [("viewer", viewer), ("baseline", baseline)] {
            out += &format!(
                "| {n} | {name} | {} | {} | {} | {} / {} | {} / {} | {} / {} ({}) | {} | {} | {} |\n",
                fmt(s.kb, 0),
                fmt(s.first_list, 0),
                fmt(s.ready, 0),
                fmt(s.update_p50, 1),
                fmt(s.update_p95, 1),
                fmt(s.paint_p50, 1),
                fmt(s.paint_p95, 1),
                fmt(s.fetched_p50, 1),
                fmt(s.fetched_p95, 1),
                s.fetched_clicks,
                fmt(s.article, 1),
                fmt(s.visit_kb, 0),
                fmt(s.memory_mb, 0)
            );
        }
        out += &format!(
            "| {n} | viewer ÷ baseline | {} | {} | {} | {} / {} | {} / {} | | | {} | {} |\n",
            ratio(viewer.kb, baseline.kb),
            ratio(viewer.first_list, baseline.first_list),
            ratio(viewer.ready, baseline.ready),
            ratio(viewer.update_p50, baseline.update_p50),
            ratio(viewer.update_p95, baseline.update_p95),
            ratio(viewer.paint_p50, baseline.paint_p50),
            ratio(viewer.paint_p95, baseline.paint_p95),
            ratio(viewer.visit_kb, baseline.visit_kb),
            ratio(viewer.memory_mb, baseline.memory_mb)
        );
    }
    out
}
