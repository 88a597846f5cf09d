//! A facet file of arbitrary bytes under a fixed head of an index: never a panic; a file that is
//! accepted gives an archive whose filters and counts agree with its posting lists.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom_core::facets::FacetIndex;
use newsroom_core::feed::FeedLoader;
use newsroom_core::filter::{apply, FacetSelection, Filter, SortOrder};

/// Two authors, three topics, two of the archive's articles.
const HEAD: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T",
  "_facets": "data/facets.0.bin", "_index": "data/index.0.json",
  "items": [
    {"id": "a", "title": "A", "date_published": "2024-01-02T00:00:00Z",
     "authors": [{"name": "Ana"}], "tags": ["Politics", "Art"]},
    {"id": "b", "title": "B", "date_published": "2024-01-01T00:00:00Z",
     "authors": [{"name": "Ben"}], "tags": ["Sport"]}
  ]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(facets) = FacetIndex::decode(data) else {
        return;
    };
    let Ok(mut loader) = FeedLoader::new(HEAD) else {
        return;
    };
    while let Ok(true) = loader.load(100) {}
    let Ok(archive) = loader.finish_reading().into_head_archive(facets) else {
        return;
    };
    for (t, posting) in archive.topic_postings.lists().iter().enumerate() {
        for a in 0..archive.author_postings.len() {
            for order in [SortOrder::Newest, SortOrder::Oldest] {
                let filter = Filter {
                    topics: FacetSelection::AnyOf(vec![t as u32]),
                    authors: FacetSelection::AnyOf(vec![a as u32]),
                };
                let result = apply(&archive, &filter, order);
                assert!(result.matches.len() <= posting.len());
                assert!(result.matches.iter().all(|&i| (i as usize) < archive.article_count));
            }
        }
        let alone = Filter {
            topics: FacetSelection::AnyOf(vec![t as u32]),
            authors: FacetSelection::Any,
        };
        assert_eq!(apply(&archive, &alone, SortOrder::Newest).matches, *posting);
    }
});
