//! List state in the URL and the route table (SPEC §3).

use newsroom_core::filter::SortOrder;
use newsroom_core::query::ListQuery;
use newsroom_core::route::{strip_base, Route};
use proptest::prelude::*;

#[test]
fn the_default_state_has_an_empty_query_string() {
    assert_eq!(ListQuery::parse("").to_query_string(), "");
    assert_eq!(ListQuery::parse("?").to_query_string(), "");
    assert_eq!(ListQuery::parse("sort=newest&page=1").to_query_string(), "");
}

#[test]
fn a_shared_url_reads_back_as_the_same_state() {
    let query = ListQuery::parse(
        "?topic=russia&topic=arms-control&author=dave-decamp&sort=oldest&page=3&q=putin",
    );
    assert_eq!(query.topics, ["russia", "arms-control"]);
    assert_eq!(query.authors, ["dave-decamp"]);
    assert_eq!(query.sort, SortOrder::Oldest);
    assert_eq!(query.page, 3);
    assert_eq!(query.q.as_deref(), Some("putin"));
    assert_eq!(
        query.to_query_string(),
        "?topic=russia&topic=arms-control&author=dave-decamp&sort=oldest&page=3&q=putin"
    );
}

#[test]
fn hostile_and_odd_queries_never_fail() {
    let long = "x".repeat(100_000);
    for raw in [
        "topic=%ZZ&author=%",
        "page=-1&page=abc&page=99999999999999999999",
        "topic=<script>alert(1)</script>",
        "unknown=1&&&==&topic",
        &format!("topic={long}"),
        "topic=Russia&topic=russia&topic=RUSSIA",
    ] {
        let query = ListQuery::parse(raw);
        assert!(query.page >= 1);
        assert!(query.topics.iter().all(|t| t.len() <= 800));
        let again = ListQuery::parse(&query.to_query_string());
        assert_eq!(again, query, "{raw}");
    }
    assert_eq!(
        ListQuery::parse("topic=Russia&topic=russia&topic=RUSSIA").topics,
        ["russia"]
    );
    assert_eq!(
        ListQuery::parse("topic=<script>").topics,
        ["script"],
        "values are slugs"
    );
}

#[test]
fn a_filter_or_sort_change_drops_the_page() {
    let query = ListQuery::parse("topic=a&page=4");
    assert_eq!(query.toggle_topic("b").page, 1);
    assert_eq!(query.toggle_author("x").page, 1);
    assert_eq!(query.sorted(SortOrder::Oldest).page, 1);
    assert_eq!(query.cleared().to_query_string(), "");
    assert_eq!(
        query.toggle_topic("a").topics,
        Vec::<String>::new(),
        "a second click unselects"
    );
}

#[test]
fn routes_parse_and_print_with_and_without_trailing_slash() {
    assert_eq!(Route::parse("/"), Route::Home);
    assert_eq!(Route::parse(""), Route::Home);
    assert_eq!(Route::parse("/index.html"), Route::Home);
    assert_eq!(
        Route::parse("/articles/biden-speaks/"),
        Route::Article("biden-speaks".into())
    );
    assert_eq!(
        Route::parse("/articles/biden-speaks"),
        Route::Article("biden-speaks".into())
    );
    assert_eq!(
        Route::parse("/authors/dave-decamp/"),
        Route::Author("dave-decamp".into())
    );
    assert_eq!(
        Route::parse("/topics/arms-control/"),
        Route::Topic("arms-control".into())
    );
    for other in ["/articles/", "/articles/a/b/", "/nope", "/topics"] {
        assert_eq!(Route::parse(other), Route::NotFound, "{other}");
    }
    assert_eq!(
        Route::Topic("日本".into()).path(),
        "/topics/%E6%97%A5%E6%9C%AC/"
    );
    assert_eq!(
        Route::parse("/topics/%E6%97%A5%E6%9C%AC/"),
        Route::Topic("日本".into())
    );
}

#[test]
fn paths_under_a_sub_path_are_relative_to_it() {
    assert_eq!(
        strip_base("/news/articles/x/", "/news"),
        Some("/articles/x/")
    );
    assert_eq!(strip_base("/news", "/news"), Some("/"));
    assert_eq!(strip_base("/newsroom/", "/news"), None);
    assert_eq!(strip_base("/articles/x/", ""), Some("/articles/x/"));
}

#[test]
fn a_value_that_nfkc_lengthens_past_the_cut_still_round_trips() {
    // Found by the url_state fuzz target: half-width katakana and squared words expand under
    // NFKC, so a value cut to 200 characters could slug to more than 200.
    let input = include_bytes!("fixtures/fuzz/url_state-nfkc-expansion.bin");
    let once = ListQuery::parse(&String::from_utf8_lossy(input));
    assert_eq!(ListQuery::parse(&once.to_query_string()), once);
    let squared = ListQuery::parse(&format!("topic={}", "㌐".repeat(150)));
    assert!(squared.topics[0].chars().count() <= 200);
    assert_eq!(ListQuery::parse(&squared.to_query_string()), squared);
}

proptest! {
    #[test]
    fn any_route_round_trips_through_its_path(slug in "[\\p{L}\\p{N}]{1,8}(-[\\p{L}\\p{N}]{1,8}){0,3}", kind in 0..3) {
        let route = match kind { 0 => Route::Article(slug), 1 => Route::Author(slug), _ => Route::Topic(slug) };
        prop_assert_eq!(Route::parse(&route.path()), route);
    }

    #[test]
    fn any_query_string_round_trips_after_one_read(raw in ".{0,200}") {
        let once = ListQuery::parse(&raw);
        prop_assert_eq!(ListQuery::parse(&once.to_query_string()), once);
    }
}

#[test]
fn a_value_that_lower_casing_leaves_unnormalised_still_round_trips() {
    // Found by the url_state fuzz target: `J` with a combining caron has no precomposed capital,
    // so lower-casing gives `j` + caron, which NFKC then composes into `ǰ` on the second read.
    let input = include_bytes!("fixtures/fuzz/url_state-lowercase-decomposes.bin");
    let once = ListQuery::parse(&String::from_utf8_lossy(input));
    assert_eq!(ListQuery::parse(&once.to_query_string()), once);
    let by_hand = ListQuery::parse("topic=J%CC%8Cournal");
    assert_eq!(by_hand.topics, ["\u{01F0}ournal"]);
}
