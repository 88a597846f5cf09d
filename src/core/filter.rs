//! Filtering by topic and author, with disjunctive facet counts (SPEC §3).
//!
//! An article matches when it has any selected topic (or no topic is selected) and any selected
//! author (or no author is selected). A value's count is the size of the result with that value
//! alone selected in its own facet, the other facet's selection kept.
//!
//! Each facet's selection becomes a bitset over article positions (the union of its values'
//! posting lists); the result is their intersection, and a facet's counts are its values'
//! posting lists counted against the *other* facet's bitset.

use crate::core::archive::Archive;
use crate::core::model::{ArticleIdx, AuthorIdx, TopicIdx};

/// One facet's selection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FacetSelection {
    /// Nothing selected: the facet does not restrict the result.
    #[default]
    Any,
    /// Articles with any of these values. Empty when only values unknown to the archive were
    /// selected, which matches nothing.
    AnyOf(Vec<u32>),
}

/// Which articles to list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Topic selection.
    pub topics: FacetSelection,
    /// Author selection.
    pub authors: FacetSelection,
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Newest first (the default).
    #[default]
    Newest,
    /// Oldest first.
    Oldest,
}

/// What a filter selects, and what each facet value would select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterResult {
    /// Matching articles in the requested order.
    pub matches: Vec<ArticleIdx>,
    /// Per topic (indexed like `Archive::topics`): its disjunctive count.
    pub topic_counts: Vec<u32>,
    /// Per author (indexed like `Archive::authors`): its disjunctive count.
    pub author_counts: Vec<u32>,
}

impl FilterResult {
    /// The count shown beside a topic.
    pub fn topic_count(&self, topic: TopicIdx) -> u32 {
        self.topic_counts.get(topic as usize).copied().unwrap_or(0)
    }

    /// The count shown beside an author.
    pub fn author_count(&self, author: AuthorIdx) -> u32 {
        self.author_counts
            .get(author as usize)
            .copied()
            .unwrap_or(0)
    }
}

/// A set of article positions.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    fn empty(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
        }
    }

    fn insert(&mut self, i: ArticleIdx) {
        if let Some(word) = self.words.get_mut(i as usize / 64) {
            *word |= 1 << (i % 64);
        }
    }

    fn contains(&self, i: ArticleIdx) -> bool {
        self.words
            .get(i as usize / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }
}

/// The bitset of a facet's selection; `None` when the facet does not restrict.
fn selection_mask(
    selection: &FacetSelection,
    postings: &[Vec<ArticleIdx>],
    len: usize,
) -> Option<BitSet> {
    let FacetSelection::AnyOf(values) = selection else {
        return None;
    };
    let mut mask = BitSet::empty(len);
    for &value in values {
        for &i in postings.get(value as usize).map_or(&[][..], Vec::as_slice) {
            mask.insert(i);
        }
    }
    Some(mask)
}

fn passes(mask: Option<&BitSet>, i: ArticleIdx) -> bool {
    mask.is_none_or(|m| m.contains(i))
}

fn counts(postings: &[Vec<ArticleIdx>], other: Option<&BitSet>) -> Vec<u32> {
    postings
        .iter()
        .map(|posting| match other {
            None => posting.len() as u32,
            Some(mask) => posting.iter().filter(|&&i| mask.contains(i)).count() as u32,
        })
        .collect()
}

/// Runs a filter over the archive.
pub fn apply(archive: &Archive, filter: &Filter, order: SortOrder) -> FilterResult {
    let len = archive.articles.len();
    let topic_mask = selection_mask(&filter.topics, &archive.topic_postings, len);
    let author_mask = selection_mask(&filter.authors, &archive.author_postings, len);
    let both = |i: &ArticleIdx| passes(topic_mask.as_ref(), *i) && passes(author_mask.as_ref(), *i);
    let matches = match order {
        SortOrder::Newest => (0..len as ArticleIdx).filter(both).collect(),
        SortOrder::Oldest => archive.oldest_first.iter().copied().filter(both).collect(),
    };
    FilterResult {
        matches,
        topic_counts: counts(&archive.topic_postings, author_mask.as_ref()),
        author_counts: counts(&archive.author_postings, topic_mask.as_ref()),
    }
}
