//! Feed loading (SPEC §1): every real-world departure is loaded, repaired or reported, and a
//! file that is not a JSON Feed fails with a message that says what and where.

use newsroom_core::archive::Archive;
use newsroom_core::feed::{parse_feed, FeedError};
use newsroom_core::model::{Body, TextDirection};

fn fixture(name: &str) -> Archive {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_feed(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn article<'a>(archive: &'a Archive, id: &str) -> &'a newsroom_core::model::Article {
    archive
        .articles
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no article {id:?}"))
}

fn author_names(archive: &Archive, id: &str) -> Vec<String> {
    article(archive, id)
        .authors
        .iter()
        .map(|&a| archive.authors[a as usize].name.clone())
        .collect()
}

#[test]
fn the_bundled_feed_starts_with_the_seed_article_verbatim() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../static/articles.json"
    ))
    .unwrap();
    let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(raw["version"], "https://jsonfeed.org/version/1.1");
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed.txt"
    ))
    .unwrap();
    let parts: Vec<&str> = seed.split("\n\n").collect();
    let first = &raw["items"][0];
    assert_eq!(first["title"], parts[0]);
    assert_eq!(first["summary"], parts[1]);
    assert_eq!(first["content_text"], parts[2..9].join("\n\n"));
    assert_eq!(first["authors"][0]["name"], "Dave DeCamp");
    assert_eq!(first["authors"][0]["_bio"], parts[10].trim());
    assert_eq!(first["authors"][0]["url"], "https://twitter.com/decampdave");
    assert!(first["date_published"]
        .as_str()
        .unwrap()
        .starts_with("2021-04-13"));

    let archive = parse_feed(&text).unwrap();
    assert!(archive.report.is_clean(), "{:?}", archive.report);
    let seed_article = article(&archive, first["id"].as_str().unwrap());
    let Body::Text(paragraphs) = &seed_article.body else {
        panic!("text body")
    };
    assert_eq!(paragraphs.len(), 7);
    assert!(paragraphs[2][0].contains("$2 billion"));
    assert!(paragraphs[3][0].contains("“emphasized” the US’s “unwavering commitment”"));
    let topics: Vec<&str> = seed_article
        .topics
        .iter()
        .map(|&t| archive.topics[t as usize].name.as_str())
        .collect();
    for expected in [
        "Russia",
        "Ukraine",
        "United States",
        "Diplomacy",
        "Arms Control",
        "NATO",
        "Sanctions",
    ] {
        assert!(topics.contains(&expected), "topic {expected}");
    }
}

#[test]
fn json_feed_1_0_with_numeric_ids_and_feed_level_author_loads() {
    let archive = fixture("feed-1.0.json");
    assert_eq!(archive.articles.len(), 2);
    assert_eq!(author_names(&archive, "101"), ["Ana Pérez"]);
    assert_eq!(author_names(&archive, "b"), ["Feed Editor"]);
    assert_eq!(
        archive.report.repaired.len(),
        1,
        "the numeric id is reported"
    );
    assert!(archive.report.repaired[0].message.contains("number"));
    assert_eq!(
        archive.authors[archive.author_by_slug("ana-pérez").unwrap() as usize]
            .url
            .as_deref(),
        Some("https://example.org/ana")
    );
}

#[test]
fn messy_items_are_repaired_or_skipped_and_every_one_is_reported() {
    let archive = fixture("feed-messy.json");
    let ids: Vec<&str> = archive.articles.iter().map(|a| a.id.as_str()).collect();
    for kept in [
        "no-title",
        "tags-string",
        "bad-date",
        "https://example.org/only-url",
        "wrong-type",
        "ext",
        "empty",
    ] {
        assert!(ids.contains(&kept), "{kept} kept; have {ids:?}");
    }
    assert_eq!(archive.articles.len(), 7);

    let skipped: Vec<usize> = archive.report.skipped.iter().map(|n| n.index).collect();
    assert_eq!(skipped, [3, 4, 5], "duplicate id, not an object, no id");
    assert!(archive.report.skipped[0].message.contains("repeats"));

    let untitled = article(&archive, "no-title");
    assert!(untitled.title.starts_with("A summary long enough"));
    assert!(untitled.title.chars().count() <= 81);
    let repaired = |id: &str| {
        archive
            .report
            .repaired
            .iter()
            .find(|n| n.id.as_deref() == Some(id))
            .map(|n| n.message.clone())
            .unwrap_or_default()
    };
    assert!(repaired("no-title").contains("no title"));
    assert!(
        repaired("no-title").contains("UTC"),
        "a date without offset is reported"
    );
    assert!(repaired("tags-string").contains("comma-separated"));
    assert!(repaired("bad-date").contains("not a date"));
    assert!(repaired("empty").contains("Untitled"));
    assert!(
        repaired("wrong-type").contains("no title"),
        "a title that is not a string is repaired"
    );
    assert_eq!(article(&archive, "empty").title, "Untitled");
    assert_eq!(article(&archive, "empty").body, Body::Empty);
    assert!(
        repaired("ext").is_empty(),
        "unknown and _extension fields are fine"
    );

    let tags: Vec<&str> = article(&archive, "tags-string")
        .topics
        .iter()
        .map(|&t| archive.topics[t as usize].name.as_str())
        .collect();
    assert_eq!(tags, ["Climate", "Energy"]);
    let climate = archive.topic_by_slug("climate").unwrap();
    assert_eq!(
        archive.topics[climate as usize].description.as_deref(),
        Some("Heat, weather and the policies around them.")
    );
    let bad = archive
        .articles
        .iter()
        .position(|a| a.id == "bad-date")
        .unwrap();
    assert!(archive.articles[bad].published.is_none());
    assert!(
        archive.articles[bad..]
            .iter()
            .all(|a| a.published.is_none()),
        "an unreadable date sorts last"
    );
}

#[test]
fn rtl_and_cjk_articles_carry_their_language_and_direction() {
    let archive = fixture("feed-i18n.json");
    assert_eq!(article(&archive, "ar").direction(), TextDirection::Rtl);
    assert_eq!(article(&archive, "he").direction(), TextDirection::Rtl);
    assert_eq!(article(&archive, "ja").direction(), TextDirection::Ltr);
    assert_eq!(
        article(&archive, "en").language.as_deref(),
        Some("en"),
        "the feed language is the default"
    );
    assert_eq!(article(&archive, "ja").slug, "日本語のニュース");
    assert!(archive.author_by_slug("山田-太郎").is_some());
    assert!(archive.topic_by_slug("الشرق-الأوسط").is_some());
}

#[test]
fn slug_collisions_merge_names_and_number_articles_in_feed_order() {
    let archive = fixture("feed-collisions.json");
    assert_eq!(archive.topics.len(), 1, "three spellings, one topic");
    assert_eq!(
        archive.topics[0].name, "Arms Control",
        "shown under the first spelling"
    );
    assert_eq!(archive.authors.len(), 1);
    assert_eq!(archive.authors[0].name, "Jo Smith");
    assert_eq!(
        archive.authors[0].bio.as_deref(),
        Some("Later bio fills in.")
    );
    assert_eq!(archive.author_postings.count(0), 2);
    assert_eq!(article(&archive, "1").slug, "same-headline");
    assert_eq!(article(&archive, "2").slug, "same-headline-2");
    assert_eq!(article(&archive, "3").slug, "custom-slug");
    assert_eq!(
        article(&archive, "4").slug,
        "4",
        "an empty title slug falls back to the id"
    );
    assert_eq!(
        article(&archive, "???").slug,
        "5",
        "then to the item's 1-based index"
    );
}

#[test]
fn articles_are_ordered_newest_first_then_by_id() {
    let text = r#"{"version":"https://jsonfeed.org/version/1.1","items":[
        {"id":"b","title":"B","date_published":"2021-01-01T00:00:00Z"},
        {"id":"a","title":"A","date_published":"2021-01-01T01:00:00+01:00"},
        {"id":"c","title":"C","date_published":"2021-01-02T00:00:00Z"},
        {"id":"u","title":"Undated"}]}"#;
    let archive = parse_feed(text).unwrap();
    let ids: Vec<&str> = archive.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["c", "a", "b", "u"],
        "same instant in two offsets ties, broken by id"
    );
    let oldest: Vec<&str> = archive
        .oldest_first
        .iter()
        .map(|&i| archive.articles[i as usize].id.as_str())
        .collect();
    assert_eq!(oldest, ["a", "b", "c", "u"]);
}

#[test]
fn a_file_that_is_not_json_names_line_and_column() {
    let error = parse_feed(
        "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"items\": [ oops ]\n}",
    )
    .unwrap_err();
    match &error {
        FeedError::NotJson { line, column, .. } => assert_eq!((*line, *column), (3, 14)),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("line 3, column 14"), "{error}");
}

#[test]
fn truncated_and_empty_files_are_not_json() {
    for text in [
        "",
        "   ",
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
        "<html></html>",
    ] {
        assert!(
            matches!(parse_feed(text), Err(FeedError::NotJson { .. })),
            "{text:?}"
        );
    }
}

#[test]
fn json_that_is_not_a_json_feed_says_why() {
    let cases = [
        ("[]", "top level"),
        ("42", "top level"),
        ("{}", "no \"version\""),
        (
            "{\"version\":\"https://example.com/rss\",\"items\":[]}",
            "\"version\"",
        ),
        (
            "{\"version\":\"https://jsonfeed.org/version/1.1\"}",
            "no \"items\"",
        ),
        (
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":{}}",
            "not an array",
        ),
        (
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":5,\"items\":[]}",
            "",
        ),
    ];
    for (text, expected) in cases {
        match parse_feed(text) {
            Err(FeedError::NotJsonFeed(why)) => assert!(why.contains(expected), "{text}: {why}"),
            Ok(archive) if expected.is_empty() => assert_eq!(archive.info.title, "Articles"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn a_bare_version_number_loads_and_is_reported_as_repaired() {
    for version in ["\"1.1\"", "\"1\"", "\"1.0\"", "1", "1.0"] {
        let text = format!(
            r#"{{"version":{version},"items":[{{"id":"a","title":"One","content_text":"x"}}]}}"#
        );
        let archive = parse_feed(&text).unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(archive.articles.len(), 1, "{version}");
        assert_eq!(archive.report.repaired.len(), 1, "{version}");
        let note = archive.report.repaired[0].to_string();
        assert!(note.contains("\"version\""), "{version}: {note}");
        assert!(archive.report.skipped.is_empty(), "{version}");
    }
    for version in ["\"2\"", "2", "1.5", "\"rss\"", "null"] {
        let text = format!(r#"{{"version":{version},"items":[]}}"#);
        match parse_feed(&text) {
            Err(FeedError::NotJsonFeed(why)) => assert!(why.contains("\"version\""), "{why}"),
            other => panic!("{version}: {other:?}"),
        }
    }
}

#[test]
fn an_empty_feed_is_a_valid_empty_archive() {
    let archive =
        parse_feed("{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[]}").unwrap();
    assert!(archive.articles.is_empty());
    assert!(archive.report.is_clean());
}

#[test]
fn bytes_that_are_not_utf8_name_their_line_and_column() {
    let mut bytes = b"{\n  \"title\": \"caf".to_vec();
    bytes.push(0xE9); // Latin-1 é
    bytes.extend_from_slice(b"\"\n}");
    match newsroom_core::feed::parse_feed_bytes(&bytes) {
        Err(FeedError::NotJson {
            message,
            line,
            column,
        }) => {
            assert!(message.contains("UTF-8"));
            assert_eq!(
                (line, column),
                (2, 16),
                "the byte after `  \"title\": \"caf`"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_byte_order_mark_is_allowed() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(br#"{"version":"https://jsonfeed.org/version/1.1","items":[]}"#);
    assert!(newsroom_core::feed::parse_feed_bytes(&bytes).is_ok());
}

#[test]
fn reading_in_slices_gives_the_same_archive_as_all_at_once() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/feed-messy.json"
    ))
    .unwrap();
    let whole = parse_feed(&text).unwrap();
    let mut loader = newsroom_core::feed::FeedLoader::new(&text).unwrap();
    let mut slices = 0;
    while loader.load(2).unwrap() {
        slices += 1;
    }
    assert_eq!(loader.progress(), (10, 10));
    assert_eq!(slices, 4, "ten items, two a slice");
    assert_eq!(loader.finish(), whole);
}

#[test]
fn an_item_dated_only_by_its_last_change_is_dated_and_sorted_by_it() {
    let archive = parse_feed(
        r#"{"version": "https://jsonfeed.org/version/1.1", "items": [
            {"id": "old", "title": "Old", "date_published": "2020-01-01T00:00:00Z"},
            {"id": "changed", "title": "Changed", "date_modified": "2022-05-06T07:08:09Z"},
            {"id": "undated", "title": "Undated"}
        ]}"#,
    )
    .expect("a valid feed");
    let order: Vec<&str> = archive.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(order, ["changed", "old", "undated"]);
    let changed = article(&archive, "changed");
    assert_eq!(changed.published, changed.modified);
    assert!(changed.published.is_some());
    assert!(archive.report.repaired.is_empty());
}

#[test]
fn relative_urls_in_an_item_resolve_against_its_url_else_the_home_page() {
    let archive = parse_feed(
        r#"{"version": "https://jsonfeed.org/version/1.1", "home_page_url": "https://news.example/blog/",
            "items": [
            {"id": "a", "title": "A", "url": "2024/a.html", "image": "../img/a.png",
             "authors": [{"name": "Jo", "url": "/people/jo", "avatar": "jo.png"}]},
            {"id": "b", "title": "B", "external_url": "/elsewhere", "banner_image": "https://cdn.example/b.png"}
        ]}"#,
    )
    .expect("a valid feed");
    let a = article(&archive, "a");
    assert_eq!(
        a.url.as_deref(),
        Some("https://news.example/blog/2024/a.html")
    );
    assert_eq!(
        a.image.as_deref(),
        Some("https://news.example/blog/img/a.png")
    );
    let jo = archive.author(a.authors[0]).expect("an author");
    assert_eq!(jo.url.as_deref(), Some("https://news.example/people/jo"));
    assert_eq!(
        jo.avatar.as_deref(),
        Some("https://news.example/blog/2024/jo.png")
    );
    let b = article(&archive, "b");
    assert_eq!(
        b.external_url.as_deref(),
        Some("https://news.example/elsewhere")
    );
    assert_eq!(b.banner_image.as_deref(), Some("https://cdn.example/b.png"));
    assert!(archive.report.repaired.is_empty());
}

#[test]
fn a_relative_url_with_nothing_to_resolve_against_is_dropped_and_reported() {
    let archive = parse_feed(
        r#"{"version": "https://jsonfeed.org/version/1.1", "items": [
            {"id": "a", "title": "A", "url": "/posts/a", "image": "a.png", "external_url": "https://x.example/a"}
        ]}"#,
    )
    .expect("a valid feed");
    let a = article(&archive, "a");
    assert_eq!((a.url.as_deref(), a.image.as_deref()), (None, None));
    assert_eq!(a.external_url.as_deref(), Some("https://x.example/a"));
    let note = &archive.report.repaired[0].message;
    assert!(note.contains("url, image are relative"), "{note}");
}
