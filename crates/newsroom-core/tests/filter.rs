//! The filter's invariants (SPEC §3), as properties over generated archives.

use newsroom_core::archive::Archive;
use newsroom_core::feed::parse_feed;
use newsroom_core::filter::{apply, SortOrder};
use newsroom_core::query::{page_window, ListQuery, PAGE_SIZE};
use proptest::prelude::*;

const TOPICS: [&str; 6] = [
    "Russia",
    "Ukraine",
    "NATO",
    "Sanctions",
    "Arms Control",
    "Energy",
];
const AUTHORS: [&str; 4] = ["Dave DeCamp", "Ana Pérez", "Jo Smith", "山田 太郎"];

/// One generated item: topic and author picks as bit masks, a day, and whether it has a date.
type ItemSpec = (u8, u8, u8, bool);

fn archive_from(items: &[ItemSpec]) -> Archive {
    let items: Vec<serde_json::Value> = items
        .iter()
        .enumerate()
        .map(|(i, &(topics, authors, day, dated))| {
            let tags: Vec<&str> = TOPICS.iter().enumerate().filter(|(b, _)| topics & (1 << b) != 0).map(|(_, t)| *t).collect();
            let names: Vec<serde_json::Value> = AUTHORS
                .iter()
                .enumerate()
                .filter(|(b, _)| authors & (1 << b) != 0)
                .map(|(_, a)| serde_json::json!({ "name": a }))
                .collect();
            let mut item = serde_json::json!({ "id": format!("item-{i:03}"), "title": format!("Article {i}"), "tags": tags, "authors": names });
            if dated {
                item["date_published"] = format!("2021-01-{:02}T00:00:00Z", day % 28 + 1).into();
            }
            item
        })
        .collect();
    let feed = serde_json::json!({ "version": "https://jsonfeed.org/version/1.1", "items": items });
    parse_feed(&feed.to_string()).expect("generated feeds are valid")
}

fn item_specs() -> impl Strategy<Value = Vec<ItemSpec>> {
    prop::collection::vec(
        (0u8..64, 0u8..16, 0u8..40, prop::bool::weighted(0.9)),
        0..60,
    )
}

/// A query selecting some known slugs and sometimes an unknown one.
fn query_for(
    topic_bits: u8,
    author_bits: u8,
    unknown_topic: bool,
    unknown_author: bool,
) -> ListQuery {
    let mut url = String::new();
    for (b, t) in TOPICS.iter().enumerate() {
        if topic_bits & (1 << b) != 0 {
            url += &format!("topic={}&", newsroom_core::slug::slug(t));
        }
    }
    for (b, a) in AUTHORS.iter().enumerate() {
        if author_bits & (1 << b) != 0 {
            url += &format!("author={}&", newsroom_core::slug::slug(a));
        }
    }
    if unknown_topic {
        url += "topic=no-such-topic&";
    }
    if unknown_author {
        url += "author=nobody&";
    }
    ListQuery::parse(&url)
}

fn has_any(article_values: &[u32], selected: &[String], slug_of: impl Fn(u32) -> String) -> bool {
    selected.is_empty()
        || article_values
            .iter()
            .any(|&v| selected.contains(&slug_of(v)))
}

proptest! {
    #[test]
    fn every_listed_article_matches_and_every_match_is_listed(
        items in item_specs(), t in 0u8..64, a in 0u8..16, ut in any::<bool>(), ua in any::<bool>()
    ) {
        let archive = archive_from(&items);
        let query = query_for(t, a, ut, ua);
        let result = apply(&archive, &query.resolve(&archive, None).filter, SortOrder::Newest);
        for (idx, article) in archive.articles.iter().enumerate() {
            let matches = has_any(&article.topics, &query.topics, |v| archive.topics[v as usize].slug.clone())
                && has_any(&article.authors, &query.authors, |v| archive.authors[v as usize].slug.clone());
            prop_assert_eq!(matches, result.matches.contains(&(idx as u32)), "article {}", article.id);
        }
    }

    #[test]
    fn a_values_count_is_the_result_size_with_it_alone_selected_in_its_facet(
        items in item_specs(), t in 0u8..64, a in 0u8..16
    ) {
        let archive = archive_from(&items);
        let query = query_for(t, a, false, false);
        let result = apply(&archive, &query.resolve(&archive, None).filter, SortOrder::Newest);
        for topic in &archive.topics {
            let alone = ListQuery { topics: vec![topic.slug.clone()], ..query.clone() };
            let expected = apply(&archive, &alone.resolve(&archive, None).filter, SortOrder::Newest).matches.len();
            let idx = archive.topic_by_slug(&topic.slug).unwrap();
            prop_assert_eq!(result.topic_count(idx) as usize, expected, "topic {}", topic.slug);
        }
        for author in &archive.authors {
            let alone = ListQuery { authors: vec![author.slug.clone()], ..query.clone() };
            let expected = apply(&archive, &alone.resolve(&archive, None).filter, SortOrder::Newest).matches.len();
            let idx = archive.author_by_slug(&author.slug).unwrap();
            prop_assert_eq!(result.author_count(idx) as usize, expected, "author {}", author.slug);
        }
    }

    #[test]
    fn no_selection_lists_every_article(items in item_specs()) {
        let archive = archive_from(&items);
        let result = apply(&archive, &ListQuery::default().resolve(&archive, None).filter, SortOrder::Newest);
        prop_assert_eq!(result.matches.len(), archive.articles.len());
    }

    #[test]
    fn unknown_values_add_nothing_to_their_facets_union(items in item_specs(), t in 0u8..64, a in 0u8..16) {
        let archive = archive_from(&items);
        let with = query_for(t, a, true, true);
        let without = query_for(t, a, false, false);
        let resolved = with.resolve(&archive, None);
        prop_assert!(resolved.unknown_topics.contains(&"no-such-topic".to_string()));
        prop_assert!(resolved.unknown_authors.contains(&"nobody".to_string()));
        let listed = apply(&archive, &resolved.filter, SortOrder::Newest).matches;
        if t == 0 || a == 0 {
            prop_assert!(listed.is_empty(), "an unknown value alone in its facet matches nothing");
        } else {
            let expected = apply(&archive, &without.resolve(&archive, None).filter, SortOrder::Newest).matches;
            prop_assert_eq!(listed, expected);
        }
    }

    #[test]
    fn lists_are_ordered_by_date_then_id(items in item_specs(), t in 0u8..64) {
        let archive = archive_from(&items);
        let query = query_for(t, 0, false, false);
        let filter = query.resolve(&archive, None).filter;
        let key = |i: &u32| {
            let a = &archive.articles[*i as usize];
            (a.published.map(|d| d.unix_seconds()), a.id.clone())
        };
        let newest = apply(&archive, &filter, SortOrder::Newest).matches;
        for pair in newest.windows(2) {
            let (x, y) = (key(&pair[0]), key(&pair[1]));
            match (x.0, y.0) {
                (Some(dx), Some(dy)) => prop_assert!(dx > dy || (dx == dy && x.1 < y.1)),
                (None, Some(_)) => prop_assert!(false, "undated before dated"),
                (Some(_), None) => {}
                (None, None) => prop_assert!(x.1 < y.1),
            }
        }
        let oldest = apply(&archive, &filter, SortOrder::Oldest).matches;
        prop_assert_eq!(oldest.len(), newest.len());
        for pair in oldest.windows(2) {
            let (x, y) = (key(&pair[0]), key(&pair[1]));
            match (x.0, y.0) {
                (Some(dx), Some(dy)) => prop_assert!(dx < dy || (dx == dy && x.1 < y.1)),
                (None, Some(_)) => prop_assert!(false, "undated before dated"),
                (Some(_), None) => {}
                (None, None) => prop_assert!(x.1 < y.1),
            }
        }
    }

    #[test]
    fn pages_cover_the_result_once_and_past_the_end_shows_the_last(total in 0usize..200, page in 0usize..20) {
        let (shown, pages, window) = page_window(total, page);
        prop_assert!(shown >= 1 && shown <= pages);
        prop_assert!(window.len() <= PAGE_SIZE);
        if page > pages { prop_assert_eq!(shown, pages); }
        let covered: usize = (1..=pages).map(|p| page_window(total, p).2.len()).sum();
        prop_assert_eq!(covered, total);
    }
}

#[test]
fn an_author_page_fixes_its_author_and_ignores_author_parameters() {
    let archive = archive_from(&[(1, 1, 1, true), (2, 2, 2, true), (3, 3, 3, true)]);
    let dave = archive.author_by_slug("dave-decamp").unwrap();
    let query = ListQuery::parse("author=ana-pérez&topic=ukraine");
    let resolved = query.resolve(
        &archive,
        Some(newsroom_core::query::FixedFacet::Author(dave)),
    );
    let ids: Vec<&str> = apply(&archive, &resolved.filter, SortOrder::Newest)
        .matches
        .iter()
        .map(|&i| archive.articles[i as usize].id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["item-002"],
        "Dave's articles about Ukraine; the author parameter is ignored"
    );
    assert!(resolved.unknown_authors.is_empty());
}

#[test]
fn a_list_title_names_its_selection_order_and_page() {
    use newsroom_core::route::Route;
    let archive = archive_from(&[(0b11, 0b1, 1, true), (0b10, 0b10, 2, true)]);
    let title = |query: &str, route: &Route| ListQuery::parse(query).title_part(&archive, route);
    assert_eq!(title("", &Route::Home), None);
    assert_eq!(
        title(
            "?topic=ukraine&author=dave-decamp&sort=oldest&page=2",
            &Route::Home
        )
        .as_deref(),
        Some("Ukraine, Dave DeCamp · Oldest first · Page 2")
    );
    // A topic page holds its topic: the parameter is not part of its title.
    assert_eq!(
        title(
            "?topic=russia&author=ana-pérez",
            &Route::Topic("russia".into())
        )
        .as_deref(),
        Some("Ana Pérez")
    );
    assert_eq!(
        title("?topic=no-such-topic", &Route::Home).as_deref(),
        Some("no-such-topic")
    );
}
