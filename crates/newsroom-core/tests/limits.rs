//! Hostile sizes (issue "Trust", item 4): each is refused with a message or cut to a bounded
//! size, and the cut is reported; nothing panics.

use std::time::Instant;

use newsroom_core::feed::{parse_feed, parse_feed_bytes, FeedError, LIMITS};
use newsroom_core::model::Body;
use serde_json::json;

fn feed(items: serde_json::Value) -> String {
    json!({ "version": "https://jsonfeed.org/version/1.1", "items": items }).to_string()
}

#[test]
fn a_feed_over_the_size_limit_is_refused_before_parsing() {
    let bytes = vec![b' '; 200_000_000];
    let started = Instant::now();
    match parse_feed_bytes(&bytes) {
        Err(error @ FeedError::TooLarge { .. }) => {
            assert!(error.to_string().contains("200 MB"), "{error}");
            assert!(error.to_string().contains("at most 50 MB"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        started.elapsed().as_millis() < 100,
        "refused without reading"
    );
}

#[test]
fn a_one_megabyte_title_is_cut_and_reported() {
    let archive = parse_feed(&feed(
        json!([{ "id": "t", "title": "x".repeat(1_000_000) }]),
    ))
    .unwrap();
    assert_eq!(
        archive.articles[0].title.chars().count(),
        LIMITS.title_chars + 1
    );
    assert!(archive.report.repaired[0].message.contains("title was cut"));
}

#[test]
fn ten_thousand_topics_on_one_article_keep_the_first_fifty() {
    let tags: Vec<String> = (0..10_000).map(|i| format!("topic {i}")).collect();
    let archive = parse_feed(&feed(json!([{ "id": "t", "title": "T", "tags": tags }]))).unwrap();
    assert_eq!(archive.articles[0].topics.len(), LIMITS.topics_per_article);
    assert_eq!(archive.topics.len(), LIMITS.topics_per_article);
    assert!(archive.report.repaired[0].message.contains("10000 topics"));
}

#[test]
fn a_hundred_thousand_items_with_one_id_keep_the_first() {
    let items: Vec<serde_json::Value> = (0..100_000)
        .map(|i| json!({ "id": "same", "title": format!("Copy {i}") }))
        .collect();
    let started = Instant::now();
    let archive = parse_feed(&feed(json!(items))).unwrap();
    assert_eq!(archive.articles.len(), 1);
    assert_eq!(archive.articles[0].title, "Copy 0");
    assert_eq!(archive.report.skipped.len(), 99_999);
    assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
}

#[test]
fn a_fifty_megabyte_body_is_cut_to_the_body_limit() {
    let body = "<p>word</p>".repeat(4_000_000);
    let text = feed(json!([{ "id": "b", "title": "Big", "content_html": body }]));
    assert!(text.len() < LIMITS.feed_bytes);
    let archive = parse_feed(&text).unwrap();
    let Body::Html(kept) = &archive.articles[0].body else {
        panic!("an HTML body")
    };
    assert!(kept.len() <= LIMITS.body_bytes);
    assert!(archive.report.repaired[0].message.contains("body was cut"));
}

#[test]
fn html_nested_ten_thousand_deep_loads() {
    let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
    let archive = parse_feed(&feed(
        json!([{ "id": "d", "title": "Deep", "content_html": html }]),
    ))
    .unwrap();
    assert_eq!(archive.articles.len(), 1);
}

#[test]
fn deeply_nested_json_is_read_without_a_stack_overflow() {
    // Valid JSON, just deep: not a feed.
    let text = "[".repeat(100_000) + &"]".repeat(100_000);
    assert!(matches!(parse_feed(&text), Err(FeedError::NotJsonFeed(_))));
    // Deep inside an unknown member of an item: skipped without recursion.
    let object = format!(
        "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{{\"id\":\"1\",\"x\":{}1{}}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(parse_feed(&object).map(|a| a.articles.len()), Ok(1));
    // Deep inside a member the loader reads as a string: not a string, so the title is made up.
    let title = format!(
        "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{{\"id\":\"1\",\"title\":{}1{}}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let archive = parse_feed(&title).expect("loads");
    assert_eq!(archive.articles[0].title, "Untitled");
}
