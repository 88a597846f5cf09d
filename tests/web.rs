//! In the browser (wasm-bindgen-test, headless Chromium): the JavaScript-backed slug matches the
//! native one, the sanitiser's walk over the browser's own parse keeps what the policy allows
//! and nothing else, the views render the model (a filter on a head of the index once its
//! posting lists are in).
#![cfg(target_arch = "wasm32")]

use newsroom::components::list_view::ListView;
use newsroom::nav::HistoryProvider;
use newsroom::pages::article::article_page;
use newsroom::sanitize_dom::sanitize_html;
use newsroom::state::ArchiveHandle;
use newsroom_core::archive::Archive;
use newsroom_core::facets::FacetIndex;
use newsroom_core::feed::{parse_feed, FeedLoader};
use newsroom_core::query::ListQuery;
use newsroom_core::route::Route;
use newsroom_core::slug::{slug, SLUG_CASES};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Test Desk",
  "items": [
    { "id": "1", "title": "First story", "summary": "Dek one", "date_published": "2021-04-13T00:00:00Z",
      "authors": [{ "name": "Dave DeCamp", "_bio": "News editor." }], "tags": ["Russia", "NATO"],
      "content_text": "Para one.\n\nPara two.", "image": "https://example.org/a.jpg" },
    { "id": "2", "title": "Second story", "date_published": "2021-04-12T00:00:00Z",
      "authors": [{ "name": "Ana Pérez" }], "tags": ["NATO"],
      "content_html": "<p>Safe <em>text</em></p><script>window.__pwned = 1</script>" },
    { "id": "3", "title": "Third story", "date_published": "2021-04-11T00:00:00Z",
      "authors": [{ "name": "Ana Pérez" }], "tags": ["Energy"], "image": "javascript:alert(1)" }
  ]
}"#;

fn archive() -> ArchiveHandle {
    ArchiveHandle::new(Rc::new(parse_feed(FEED).expect("the test feed loads")))
}

/// Lets the browser run queued work (Yew renders on the scheduler) until `ready` holds.
async fn until(ready: impl Fn() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("a window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 5);
        });
        let _ = JsFuture::from(tick).await;
    }
    panic!("the condition did not hold");
}

fn mount() -> Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("attached");
    root
}

fn all(root: &Element, css: &str) -> Vec<Element> {
    let list = root.query_selector_all(css).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect()
}

#[wasm_bindgen_test]
fn the_browser_slug_agrees_with_the_documented_cases() {
    newsroom::slug_js::install();
    for (input, expected) in SLUG_CASES {
        assert_eq!(slug(input), *expected, "slug({input:?})");
    }
}

#[wasm_bindgen_test]
fn the_sanitiser_keeps_content_and_drops_everything_executable() {
    let out = sanitize_html(
        "<h1>Head</h1><p title=t onclick=alert(1) style=x>Text <a href=javascript:alert(1)>bad</a> \
         <a href='https://example.org/'>good</a></p><img src=x onerror=alert(1) alt=pic>\
         <svg><script>alert(1)</script></svg><iframe srcdoc='<script>alert(1)</script>'></iframe>\
         <table><tr><td colspan=2>cell</td></tr></table><form><button formaction=javascript:alert(1)>b</button></form>\
         <noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript><!-- comment -->",
        None,
    )
    .expect("a browser");
    let html = out.inner_html();
    for banned in [
        "onclick",
        "onerror",
        "style=",
        "javascript:",
        "<svg",
        "<script",
        "<iframe",
        "srcdoc",
        "<form",
        "<button",
        "<!--",
        "<h1",
        "<noscript",
    ] {
        assert!(!html.contains(banned), "{banned} survived: {html}");
    }
    for kept in [
        "<h2>Head</h2>",
        "title=\"t\"",
        "href=\"https://example.org/\"",
        "rel=\"noopener noreferrer nofollow\"",
        "alt=\"pic\"",
        "colspan=\"2\"",
        "cell",
    ] {
        assert!(html.contains(kept), "{kept} lost: {html}");
    }
}

#[wasm_bindgen_test]
fn nesting_ten_thousand_deep_is_flattened_not_a_stack_overflow() {
    let html = "<div>".repeat(10_000) + "deep text" + &"</div>".repeat(10_000);
    let out = sanitize_html(&html, None).expect("a browser");
    assert!(out.text_content().unwrap_or_default().contains("deep text"));
    let mut depth = 0;
    let mut node: Option<Element> = Some(out);
    while let Some(element) = node {
        depth += 1;
        node = element.first_element_child();
    }
    assert!(
        depth <= newsroom_core::sanitize::MAX_DEPTH + 2,
        "depth {depth}"
    );
}

#[function_component(ListHarness)]
fn list_harness() -> Html {
    html! {
        <HistoryProvider>
            <ListView archive={archive()} route={Route::Home} query={ListQuery::parse("topic=nato")} />
        </HistoryProvider>
    }
}

/// Waits for the list filtered on NATO, then checks its count, its cards and a disjunctive
/// count of the other values.
async fn shows_the_nato_list(root: &Element) {
    until(|| !all(root, "[data-testid=result-count]").is_empty()).await;
    let count = &all(root, "[data-testid=result-count]")[0];
    assert_eq!(count.get_attribute("data-count").as_deref(), Some("2"));
    let ids: Vec<String> = all(root, "[data-testid=article-card]")
        .iter()
        .filter_map(|c| c.get_attribute("data-article-id"))
        .collect();
    assert_eq!(ids, ["1", "2"], "NATO articles, newest first");
    let energy = &all(root, "button[data-topic=energy]")[0];
    assert_eq!(
        energy.get_attribute("data-count").as_deref(),
        Some("1"),
        "disjunctive count"
    );
}

#[wasm_bindgen_test]
async fn the_list_renders_the_filtered_model_with_counts() {
    let root = mount();
    yew::Renderer::<ListHarness>::with_root(root.clone()).render();
    shows_the_nato_list(&root).await;
    let nato = &all(&root, "button[data-topic=nato]")[0];
    assert_eq!(nato.get_attribute("aria-pressed").as_deref(), Some("true"));
    let dave = &all(&root, "button[data-author=dave-decamp]")[0];
    assert_eq!(dave.get_attribute("data-count").as_deref(), Some("1"));
    let thumbs = all(&root, "img.thumb");
    assert_eq!(thumbs.len(), 1, "a javascript: image URL is not rendered");
    assert_eq!(thumbs[0].get_attribute("loading").as_deref(), Some("lazy"));
    assert!(all(&root, "time[datetime='2021-04-13T00:00:00Z']").len() == 1);
}

/// The test feed as a head of the site builder's index, set up from its facet file's header
/// alone (every count, no posting list yet), and the file's other part, the lists' gaps.
fn head_without_lists() -> (Rc<Archive>, Vec<u8>) {
    let full = parse_feed(FEED).expect("the test feed loads");
    let (header, gaps) = FacetIndex::of(&full).encode_parts();
    let head_text = FEED.replacen(
        r#""title": "Test Desk","#,
        r#""title": "Test Desk", "_facets": "data/facet-header.bin", "_index": "data/index.json","#,
        1,
    );
    let mut loader = FeedLoader::new(&head_text).expect("the head loads");
    while loader.load(usize::MAX).expect("the head loads") {}
    let header = FacetIndex::read_header(&header).expect("the header reads");
    let head = (loader.finish_reading().into_head_archive(header)).expect("head and header agree");
    (Rc::new(head), gaps)
}

#[derive(Properties, PartialEq)]
struct HeadListProps {
    archive: ArchiveHandle,
}

#[function_component(HeadListHarness)]
fn head_list_harness(props: &HeadListProps) -> Html {
    html! {
        <HistoryProvider>
            <ListView archive={props.archive.clone()} route={Route::Home} query={ListQuery::parse("topic=nato")} />
        </HistoryProvider>
    }
}

#[wasm_bindgen_test]
async fn a_filter_on_a_head_waits_for_its_posting_lists_then_lists_its_articles() {
    let (head, gaps) = head_without_lists();
    assert!(!head.can_filter());
    let root = mount();
    let props = HeadListProps {
        archive: ArchiveHandle::new(head.clone()),
    };
    let mut app =
        yew::Renderer::<HeadListHarness>::with_root_and_props(root.clone(), props).render();
    until(|| !all(&root, ".results .loading[aria-busy=true]").is_empty()).await;
    assert!(all(&root, "[data-testid=result-count]").is_empty());
    assert!(all(&root, "[data-testid=article-card]").is_empty());
    let nato = &all(&root, "button[data-topic=nato]")[0];
    assert_eq!(nato.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(nato.get_attribute("data-count").as_deref(), Some("2"));

    head.attach_facet_gaps(&gaps)
        .expect("the gaps fit the head");
    app.update(HeadListProps {
        archive: ArchiveHandle::new(head.clone()),
    });
    shows_the_nato_list(&root).await;
    assert!(all(&root, ".results .loading").is_empty());
}

/// The test feed as a head that says what its first view shows: an archive of 900 articles,
/// whose largest topics are Politics (which none of its articles names) and NATO, of 25, and
/// whose largest author is Ana Pérez, of 12.
fn head_preview() -> Rc<Archive> {
    let head_text = FEED.replacen(
        r#""title": "Test Desk","#,
        r#""title": "Test Desk", "_facets": "data/facet-header.bin", "_index": "data/index.json",
           "_first_topics": ["Politics", "NATO"], "_first_authors": ["Ana Pérez"],
           "_first_counts": "900 25 12 400 300 500","#,
        1,
    );
    let mut loader = FeedLoader::new(&head_text).expect("the head loads");
    while loader.load(usize::MAX).expect("the head loads") {}
    Rc::new((loader.finish_reading().into_head_preview()).expect("the head has a first view"))
}

#[derive(Properties, PartialEq)]
struct PreviewListProps {
    archive: ArchiveHandle,
    query: &'static str,
}

#[function_component(PreviewListHarness)]
fn preview_list_harness(props: &PreviewListProps) -> Html {
    html! {
        <HistoryProvider>
            <ListView archive={props.archive.clone()} route={Route::Home} query={ListQuery::parse(props.query)} />
        </HistoryProvider>
    }
}

#[wasm_bindgen_test]
async fn a_preview_of_a_head_lists_its_articles_with_the_whole_archive_s_count_and_largest_values()
{
    let archive = ArchiveHandle::new(head_preview());
    let root = mount();
    let props = PreviewListProps {
        archive: archive.clone(),
        query: "",
    };
    yew::Renderer::<PreviewListHarness>::with_root_and_props(root.clone(), props).render();
    until(|| !all(&root, "[data-testid=result-count]").is_empty()).await;
    let count = &all(&root, "[data-testid=result-count]")[0];
    assert_eq!(count.get_attribute("data-count").as_deref(), Some("900"));
    assert_eq!(all(&root, "[data-testid=article-card]").len(), 3);
    let values = |css: &str, key: &str| -> Vec<(String, String)> {
        (all(&root, css).iter())
            .map(|b| {
                let value = b.get_attribute(key).unwrap_or_default();
                (value, b.get_attribute("data-count").unwrap_or_default())
            })
            .collect()
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        values("button[data-topic]", "data-topic"),
        [pair("politics", "400"), pair("nato", "300")]
    );
    assert_eq!(
        values("button[data-author]", "data-author"),
        [pair("ana-pérez", "500")]
    );
    let show_all: Vec<String> = (all(&root, ".show-all").iter())
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    // Both facets have more values than they show, counted over the whole archive.
    assert_eq!(show_all, ["Show all", "Show all"]);

    // Oldest first waits for the facet file's header, which holds that order.
    let root = mount();
    let props = PreviewListProps {
        archive,
        query: "sort=oldest",
    };
    yew::Renderer::<PreviewListHarness>::with_root_and_props(root.clone(), props).render();
    until(|| !all(&root, ".results .loading[aria-busy=true]").is_empty()).await;
    assert!(all(&root, "[data-testid=result-count]").is_empty());
}

#[function_component(ArticleHarness)]
fn article_harness() -> Html {
    html! { <HistoryProvider>{ article_page(&archive(), "second-story", &ListQuery::parse("")) }</HistoryProvider> }
}

#[wasm_bindgen_test]
async fn the_article_view_renders_sanitised_html_and_neighbours() {
    let root = mount();
    yew::Renderer::<ArticleHarness>::with_root(root.clone()).render();
    until(|| !all(&root, "[data-testid=article]").is_empty()).await;
    let body = &all(&root, ".article-body")[0];
    assert_eq!(body.inner_html(), "<div><p>Safe <em>text</em></p></div>");
    assert!(js_sys::Reflect::get(&js_sys::global(), &"__pwned".into())
        .unwrap()
        .is_undefined());
    assert_eq!(all(&root, "h1").len(), 1);
    assert_eq!(
        all(&root, "a.neighbour").len(),
        2,
        "a newer and an older neighbour"
    );
    let more = all(&root, ".related li");
    assert!(more
        .iter()
        .any(|li| li.text_content().unwrap_or_default() == "Third story"));
}
