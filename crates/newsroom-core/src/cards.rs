//! Card chunks: the site builder's index cut into small files of consecutive articles in date
//! order, so that a reader fetches the cards of the page they look at and nothing else.
//!
//! Chunks are counted from the oldest article: chunk `k` holds the articles whose rank from the
//! oldest (newest-first position counted from the end) is `k × per_chunk` up to the next
//! chunk's. An article published after all the others joins the newest chunk and leaves every
//! other one, and its file, as it was. Each chunk is a JSON Feed of the index's items (no
//! bodies), newest first; the facet file's header names every chunk by the hash of its bytes
//! ([`CardChunks`]), so a page asks for `data/cards-{k}.{hash}.json`.

use std::ops::Range;

use crate::model::{Article, ArticleIdx, Author, AuthorIdx};

/// Articles a chunk holds (the newest chunk may hold fewer): a page of cards in a busy facet
/// comes from one or two chunks, and one of a rare value's scattered articles costs a few
/// kilobytes.
pub const CARDS_PER_CHUNK: u32 = 64;

/// Where an archive's cards are: how many articles a chunk holds and each chunk's content hash
/// (the first eight bytes of the SHA-256 of its file), from the oldest chunk.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardChunks {
    /// Articles a chunk holds.
    pub per_chunk: u32,
    /// Each chunk's hash, oldest chunk first.
    pub hashes: Vec<[u8; 8]>,
}

impl CardChunks {
    /// How many chunks an archive of `articles` articles has, `per_chunk` a chunk.
    pub fn needed(articles: usize, per_chunk: u32) -> usize {
        articles.div_ceil(per_chunk.max(1) as usize)
    }

    /// The chunk holding the article at newest-first `position` of an archive of `articles`.
    pub fn chunk_of(&self, articles: usize, position: ArticleIdx) -> Option<usize> {
        let rank = articles.checked_sub(position as usize + 1)?;
        let chunk = rank / self.per_chunk.max(1) as usize;
        (chunk < self.hashes.len()).then_some(chunk)
    }

    /// The newest-first positions chunk `chunk` holds, ascending (its items' order).
    pub fn positions(&self, articles: usize, chunk: usize) -> Range<usize> {
        let per_chunk = self.per_chunk.max(1) as usize;
        let newest_rank = ((chunk + 1) * per_chunk).min(articles);
        let oldest_rank = (chunk * per_chunk).min(newest_rank);
        articles - newest_rank..articles - oldest_rank
    }

    /// The file of chunk `chunk`, relative to the site root.
    pub fn file(&self, chunk: usize) -> Option<String> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let hash = self.hashes.get(chunk)?;
        let hex: String = (hash.iter())
            .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
            .map(char::from)
            .collect();
        Some(format!("data/cards-{chunk}.{hex}.json"))
    }
}

/// One chunk's articles, read and numbered as the archive they belong to numbers its authors and
/// topics (see [`crate::feed::ReadItems::into_chunk`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CardChunk {
    /// Its number.
    pub chunk: usize,
    /// The newest-first position of its first article.
    pub first: ArticleIdx,
    /// Its articles, newest first.
    pub articles: Vec<Article>,
    /// The authors whose link, picture or bio the chunk gives, by their number in the archive.
    pub authors: Vec<(AuthorIdx, Author)>,
}

impl CardChunk {
    /// The article at newest-first `position`, when this chunk holds it.
    pub fn article(&self, position: ArticleIdx) -> Option<&Article> {
        self.articles
            .get(position.checked_sub(self.first)? as usize)
    }
}

/// Why a chunk of cards was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CardError {
    /// It holds another number of articles than its place in the archive says.
    #[error("{found} articles where the archive has {expected}")]
    WrongLength {
        /// Articles the archive has at the chunk's place.
        expected: usize,
        /// Articles the chunk holds.
        found: usize,
    },
    /// One of its articles names an author or topic the archive does not have, or is not listed
    /// under one it names, or is not the article the archive has at its place.
    #[error("article {id} does not match the archive")]
    Mismatch {
        /// The article's id.
        id: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_count_from_the_oldest_article() {
        let chunks = CardChunks {
            per_chunk: 4,
            hashes: vec![[0; 8]; 3],
        };
        // Ten articles: ranks 0-3, 4-7 and 8-9 from the oldest (positions 9-6, 5-2, 1-0).
        assert_eq!(chunks.chunk_of(10, 9), Some(0));
        assert_eq!(chunks.chunk_of(10, 6), Some(0));
        assert_eq!(chunks.chunk_of(10, 5), Some(1));
        assert_eq!(chunks.chunk_of(10, 0), Some(2));
        assert_eq!(chunks.chunk_of(10, 10), None);
        assert_eq!(chunks.positions(10, 0), 6..10);
        assert_eq!(chunks.positions(10, 1), 2..6);
        assert_eq!(chunks.positions(10, 2), 0..2);
        assert_eq!(CardChunks::needed(10, 4), 3);
        assert_eq!(CardChunks::needed(0, 4), 0);
        assert_eq!(
            chunks.file(1).as_deref(),
            Some("data/cards-1.0000000000000000.json")
        );
        assert_eq!(chunks.file(3), None);
    }
}
