//! The feed loader on arbitrary bytes: never a panic, and whatever loads is consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom_core::feed::parse_feed_bytes;
use newsroom_core::filter::{apply, Filter, SortOrder};

fuzz_target!(|data: &[u8]| {
    let Ok(archive) = parse_feed_bytes(data) else {
        return;
    };
    let all = apply(&archive, &Filter::default(), SortOrder::Newest);
    assert_eq!(all.matches.len(), archive.articles.len());
    for article in &archive.articles {
        assert!(!article.slug.is_empty());
        assert!(!article.title.is_empty());
        assert_eq!(archive.article_by_slug(&article.slug).map(|i| &archive.articles[i as usize].id), Some(&article.id));
    }
});
