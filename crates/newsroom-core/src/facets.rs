//! The facet file: every topic's and author's name and posting list, and the oldest-first order
//! of a whole archive, in a compact binary form the site builder writes next to its index.
//!
//! With it and the index's head (the feed's own fields and the newest page of articles), the
//! viewer can name, count and filter the whole archive without the full index: at 100,000
//! articles this file is a few hundred kilobytes where the index is tens of megabytes. The
//! header also names the chunks of cards (see [`crate::cards`]) the viewer fetches for the
//! articles it shows past the head.
//!
//! After the format's four bytes and the header's length (four bytes, little-endian) comes the
//! header, in LEB128 varints: the archive's length; for each facet its values' names (each its
//! length in bytes and its UTF-8, read with one check and one copy, where the same names in
//! JSON cost a parse of every character), then each value's posting length and the length in
//! bytes of its gaps; then the order oldest first, as runs of positions counting down (the
//! newest-first order reversed, broken only where articles share a date): a few bytes for the
//! whole archive; then the card chunks: how many articles each holds, how many there are, and
//! each one's hash (eight bytes). The gaps end the file, the topics' then the authors': each posting list as
//! the steps between its ascending positions, which compress to a fraction of a byte each.
//!
//! The header is a small part of the file's bytes once gzipped, and the site builder writes it and the gaps as two files ([`FacetIndex::encode_parts`]): the
//! viewer fetches both once the page is painted (its first view needs only the head's
//! [`FirstView`]), sets the archive up from the header, and filters once the gaps are in (see
//! `load_head` in `src/load.rs`).
//!
//! Everything is checked: names, lengths and the order as the file is read, and a file that
//! does not describe a consistent archive is refused (the viewer reads the full index instead);
//! the gaps when the lists are first read (see [`PostingLists`]), which the first view does
//! not need.
use crate::archive::Archive;
use crate::cards::CardChunks;
use crate::model::ArticleIdx;
use crate::postings::{put_gaps, put_varint as put, varint, PostingLists};

/// The first bytes of a facet file, with its format version.
const MAGIC: &[u8; 4] = b"NRF6";

/// The most articles a facet file may count: more than a feed the viewer reads can hold (50 MB,
/// and an item takes 20 bytes at the least), so a damaged count never has it set aside room
/// for billions.
const MAX_ARTICLES: u32 = 2_500_000;

/// The names, posting lists and oldest-first order of an archive of `article_count` articles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FacetIndex {
    /// How many articles the archive has.
    pub article_count: u32,
    /// Each topic's name, in the archive's topic order.
    pub topic_names: Vec<String>,
    /// For each topic, in the archive's topic order: its articles' positions, ascending.
    pub topic_postings: PostingLists,
    /// Each author's name, in the archive's author order.
    pub author_names: Vec<String>,
    /// For each author, in the archive's author order: their articles' positions, ascending.
    pub author_postings: PostingLists,
    /// Every position once, oldest article first.
    pub oldest_first: Vec<ArticleIdx>,
    /// The card chunks' files (see [`crate::cards`]); none in a file that only counts.
    pub cards: CardChunks,
}

/// Values a facet always shows, besides the selected ones: its largest.
pub const ALWAYS_SHOWN: usize = 10;

/// What the home page's first view shows of the whole archive, which a head of the index
/// carries so that the view needs no facet file: the archive's length, and for each facet how
/// many values it has and its [`ALWAYS_SHOWN`] largest with their counts.
///
/// The head gives the names as `_first_topics` and `_first_authors`, arrays of strings, and the
/// numbers as `_first_counts`, one string of decimal numbers separated by spaces: the archive's
/// length, the topics' and the authors' numbers of values, then the first topics' counts and
/// the first authors'. (Read with the feed's own lenient readers, this costs the download next
/// to nothing, where a reader of its own for a nested object would not.)
///
/// A large archive's facet header names every value, and fetching, decoding and entering them
/// all before a first view that shows ten of each facet would hold that view back. With this the viewer shows the head at once and sets the rest up right after (see
/// [`crate::archive::ArchiveBuilder::preview`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FirstView {
    /// How many articles the archive has.
    pub articles: u32,
    /// The topics' facet.
    pub topics: FacetTop,
    /// The authors' facet.
    pub authors: FacetTop,
}

/// One facet as the first view shows it (see [`FirstView`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FacetTop {
    /// How many values the facet has in the whole archive.
    pub values: u32,
    /// Its first values in facet order (most articles first, then by slug): each one's name
    /// and count.
    pub first: Vec<(String, u32)>,
}

impl FirstView {
    /// The first view of a whole archive.
    pub fn of(archive: &Archive) -> Self {
        let top = |order: &[u32], name: &dyn Fn(u32) -> Option<String>, postings: &PostingLists| {
            FacetTop {
                values: order.len() as u32,
                first: (order.iter().take(ALWAYS_SHOWN))
                    .filter_map(|&v| Some((name(v)?, postings.count(v as usize) as u32)))
                    .collect(),
            }
        };
        Self {
            articles: archive.article_count as u32,
            topics: top(
                &archive.topic_facet_order,
                &|t| Some(archive.topic(t)?.name.clone()),
                &archive.topic_postings,
            ),
            authors: top(
                &archive.author_facet_order,
                &|a| Some(archive.author(a)?.name.clone()),
                &archive.author_postings,
            ),
        }
    }

    /// The first view from a head's `_first_topics`, `_first_authors` and `_first_counts`;
    /// `None` when the counts are not as many numbers as the names need.
    pub fn from_parts(topics: Vec<String>, authors: Vec<String>, counts: &str) -> Option<Self> {
        let mut numbers = counts.split(' ').map(|n| n.parse::<u32>().ok());
        let mut next = || numbers.next().flatten();
        let (articles, topic_values, author_values) = (next()?, next()?, next()?);
        let mut counted = |names: Vec<String>| -> Option<Vec<(String, u32)>> {
            names
                .into_iter()
                .map(|name| Some((name, next()?)))
                .collect()
        };
        let topics = counted(topics)?;
        let authors = counted(authors)?;
        if next().is_some() {
            return None;
        }
        Some(Self {
            articles,
            topics: FacetTop {
                values: topic_values,
                first: topics,
            },
            authors: FacetTop {
                values: author_values,
                first: authors,
            },
        })
    }

    /// `_first_counts` (see [`FirstView`]).
    pub fn counts_text(&self) -> String {
        let numbers = [self.articles, self.topics.values, self.authors.values]
            .into_iter()
            .chain(self.topics.first.iter().map(|(_, count)| *count))
            .chain(self.authors.first.iter().map(|(_, count)| *count));
        numbers.map(|n| n.to_string()).collect::<Vec<_>>().join(" ")
    }

    /// The names of a facet's first values: `_first_topics` or `_first_authors`.
    pub fn names(top: &FacetTop) -> Vec<&str> {
        top.first.iter().map(|(name, _)| name.as_str()).collect()
    }
}

/// Why a facet file was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the facet file is not usable: {0}")]
pub struct FacetError(pub(crate) &'static str);

impl FacetIndex {
    /// The facet data of a whole archive, each facet's values in the order the facet lists
    /// them (most articles first, then by slug), which the viewer then need not work out:
    /// sorting ten thousand names is most of reading a head.
    pub fn of(archive: &Archive) -> Self {
        let (topic_names, topic_postings): (_, Vec<_>) = (archive.topic_facet_order.iter())
            .filter_map(|&t| {
                let posting = archive.topic_postings.get(t as usize)?;
                Some((archive.topic(t)?.name.clone(), posting.to_vec()))
            })
            .unzip();
        let (author_names, author_postings): (_, Vec<_>) = (archive.author_facet_order.iter())
            .filter_map(|&a| {
                let posting = archive.author_postings.get(a as usize)?;
                Some((archive.author(a)?.name.clone(), posting.to_vec()))
            })
            .unzip();
        Self {
            article_count: archive.article_count as u32,
            topic_names,
            topic_postings: topic_postings.into(),
            author_names,
            author_postings: author_postings.into(),
            oldest_first: archive.oldest_first.clone(),
            cards: CardChunks::default(),
        }
    }

    /// The file's bytes: its header and its gaps, one after the other (see
    /// [`FacetIndex::encode_parts`]).
    pub fn encode(&self) -> Vec<u8> {
        let (mut file, gaps) = self.encode_parts();
        file.extend_from_slice(&gaps);
        file
    }

    /// The file in its two parts, which the site builder writes as two files: the header
    /// (everything up to [`FacetIndex::header_end`]: names, counts and the oldest-first order,
    /// which the viewer needs to show its first view), and the gaps (the posting lists'
    /// contents, which it needs only to filter). The viewer asks for the small header with
    /// the page and for the gaps once the page is painted.
    pub fn encode_parts(&self) -> (Vec<u8>, Vec<u8>) {
        let mut header = Vec::new();
        put(&mut header, self.article_count);
        let mut gaps = Vec::new();
        for (names, postings) in [
            (&self.topic_names, &self.topic_postings),
            (&self.author_names, &self.author_postings),
        ] {
            put(&mut header, postings.len() as u32);
            for at in 0..postings.len() {
                let name = names.get(at).map_or("", String::as_str);
                put(&mut header, name.len() as u32);
                header.extend_from_slice(name.as_bytes());
            }
            for (&count, posting) in postings.counts().iter().zip(postings.lists()) {
                put(&mut header, count);
                put(&mut header, put_gaps(&mut gaps, posting));
            }
        }
        // The order oldest first is the newest-first order reversed but where articles share a
        // date: runs of positions counting down, each its first position (as the zigzag-coded
        // step from where the run before would have gone on) and its length.
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for &position in &self.oldest_first {
            match runs.last_mut() {
                Some((first, length)) if Some(position) == first.checked_sub(*length) => {
                    *length += 1;
                }
                _ => runs.push((position, 1)),
            }
        }
        put(&mut header, runs.len() as u32);
        let mut next = 0i64;
        for (first, length) in runs {
            let step = i64::from(first) - next;
            put(&mut header, ((step << 1) ^ (step >> 63)) as u32);
            put(&mut header, length);
            next = i64::from(first) - i64::from(length);
        }
        put(&mut header, self.cards.per_chunk);
        put(&mut header, self.cards.hashes.len() as u32);
        for hash in &self.cards.hashes {
            header.extend_from_slice(hash);
        }
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        (out, gaps)
    }

    /// Reads a whole file: [`FacetIndex::read_header`], then the gaps. The gaps are checked
    /// when first decoded (see [`PostingLists::lists`]).
    pub fn decode(bytes: &[u8]) -> Result<Self, FacetError> {
        let end = Self::header_end(bytes)?.ok_or(FacetError("it ends early"))?;
        let (header, gaps) = bytes
            .split_at_checked(end)
            .ok_or(FacetError("it ends early"))?;
        let index = Self::read_header(header)?;
        attach_gaps(&index.topic_postings, &index.author_postings, gaps)?;
        Ok(index)
    }

    /// How many bytes the file's header (everything but the gaps, which come last) takes, from
    /// its first bytes; `None` while fewer than eight are in.
    pub fn header_end(start: &[u8]) -> Result<Option<usize>, FacetError> {
        let Some(length) = start.get(MAGIC.len()..MAGIC.len() + 4) else {
            return Ok(None);
        };
        if !start.starts_with(MAGIC) {
            return Err(FacetError("not a facet file"));
        }
        let length = u32::from_le_bytes([length[0], length[1], length[2], length[3]]);
        Ok(Some(MAGIC.len() + 4 + length as usize))
    }

    /// Reads a file's header, exactly (see [`FacetIndex::header_end`]): the names, counts and
    /// the oldest-first order, with posting lists that count but hold no article until their
    /// gaps are attached (see [`attach_gaps`]). Checks that every name is UTF-8, that the
    /// posting lengths fit the archive, and that the oldest-first order holds each position
    /// exactly once.
    pub fn read_header(bytes: &[u8]) -> Result<Self, FacetError> {
        let mut reader = Reader {
            bytes: bytes
                .get(MAGIC.len() + 4..)
                .filter(|_| Self::header_end(bytes) == Ok(Some(bytes.len())))
                .ok_or(FacetError("not a facet file's header"))?,
        };
        let article_count = reader.number()?;
        if article_count > MAX_ARTICLES {
            return Err(FacetError("it counts more articles than a feed can hold"));
        }
        let mut names = [Vec::new(), Vec::new()];
        let mut lists = [PostingLists::default(), PostingLists::default()];
        for (names, postings) in names.iter_mut().zip(&mut lists) {
            let values = reader.length()?;
            *names = Vec::with_capacity(values);
            for _ in 0..values {
                names.push(reader.name()?);
            }
            let mut lengths = Vec::with_capacity(values);
            let mut byte_lengths = Vec::with_capacity(values);
            for _ in 0..values {
                lengths.push(reader.number()?);
                byte_lengths.push(reader.number()?);
            }
            *postings =
                PostingLists::counted(lengths, &byte_lengths, article_count).map_err(FacetError)?;
        }
        // The runs of the order oldest first, each a stretch of positions counting down: they
        // make an order of every position once when no two overlap and they cover the archive.
        let not_an_order = FacetError("the oldest-first order is not a permutation");
        let runs = reader.length()?;
        let mut seen = vec![false; article_count as usize];
        let mut oldest_first = Vec::with_capacity(article_count as usize);
        let mut next = 0i64;
        for _ in 0..runs {
            let coded = i64::from(reader.number()?);
            let first = next + ((coded >> 1) ^ -(coded & 1));
            let lowest = first + 1 - i64::from(reader.number()?);
            let stretch = (usize::try_from(lowest).ok())
                .zip(usize::try_from(first).ok())
                .and_then(|(lowest, first)| seen.get_mut(lowest..=first))
                .filter(|stretch| !stretch.contains(&true))
                .ok_or(not_an_order)?;
            stretch.fill(true);
            oldest_first.extend((lowest as u32..=first as u32).rev());
            next = lowest - 1;
        }
        if oldest_first.len() != article_count as usize {
            return Err(not_an_order);
        }
        let per_chunk = reader.number()?;
        let chunks = reader.length()?;
        if chunks != 0 && chunks != CardChunks::needed(article_count as usize, per_chunk) {
            return Err(FacetError("its card chunks do not cover the archive"));
        }
        let mut hashes = Vec::with_capacity(chunks);
        for _ in 0..chunks {
            let mut hash = [0; 8];
            hash.copy_from_slice(reader.bytes(8)?);
            hashes.push(hash);
        }
        if !reader.bytes.is_empty() {
            return Err(FacetError("bytes after the end"));
        }
        let [topic_names, author_names] = names;
        let [topic_postings, author_postings] = lists;
        Ok(Self {
            article_count,
            topic_names,
            topic_postings,
            author_names,
            author_postings,
            oldest_first,
            cards: CardChunks { per_chunk, hashes },
        })
    }
}

/// Gives the posting lists of a facet file's header (see [`FacetIndex::read_header`]) the
/// file's gaps: everything after the header, the topics' then the authors'.
pub fn attach_gaps(
    topics: &PostingLists,
    authors: &PostingLists,
    gaps: &[u8],
) -> Result<(), FacetError> {
    let (topic_gaps, author_gaps) = gaps
        .split_at_checked(topics.gap_bytes())
        .ok_or(FacetError("it ends early"))?;
    topics.attach(topic_gaps.to_vec()).map_err(FacetError)?;
    authors.attach(author_gaps.to_vec()).map_err(FacetError)
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// The next varint: most are one byte, read here without the loop.
    #[inline]
    fn number(&mut self) -> Result<u32, FacetError> {
        if let Some((&byte, rest)) = self.bytes.split_first() {
            if byte < 0x80 {
                self.bytes = rest;
                return Ok(u32::from(byte));
            }
        }
        self.long_number()
    }

    /// A varint of more than one byte.
    fn long_number(&mut self) -> Result<u32, FacetError> {
        let mut at = 0;
        let value = varint(self.bytes, &mut at).ok_or(FacetError("a number is cut or too long"))?;
        self.bytes = self.bytes.get(at..).unwrap_or_default();
        Ok(value)
    }

    /// A count of following numbers, which cannot exceed the bytes left (each takes one at
    /// least): a corrupt count does not reserve gigabytes.
    fn length(&mut self) -> Result<usize, FacetError> {
        let n = self.number()? as usize;
        if n > self.bytes.len() {
            return Err(FacetError("a list is longer than the file"));
        }
        Ok(n)
    }

    /// A name: its length in bytes, then its UTF-8.
    fn name(&mut self) -> Result<String, FacetError> {
        let len = self.length()?;
        let name = self.bytes(len)?;
        let name = std::str::from_utf8(name).map_err(|_| FacetError("a name is not UTF-8"))?;
        Ok(name.to_string())
    }

    /// The next `len` bytes.
    fn bytes(&mut self, len: usize) -> Result<&'a [u8], FacetError> {
        let (bytes, rest) = (self.bytes)
            .split_at_checked(len)
            .ok_or(FacetError("it ends early"))?;
        self.bytes = rest;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::{CardChunks, FacetIndex, FacetTop, FirstView};

    #[test]
    fn a_first_view_reads_back_from_its_names_and_counts_and_refuses_a_count_too_many_or_few() {
        let first = FirstView {
            articles: 1200,
            topics: FacetTop {
                values: 40,
                first: vec![("Politics".into(), 300), ("Sport".into(), 120)],
            },
            authors: FacetTop {
                values: 7,
                first: vec![("Ana Abadi".into(), 90)],
            },
        };
        let text = first.counts_text();
        assert_eq!(text, "1200 40 7 300 120 90");
        let names = |top: &FacetTop| -> Vec<String> {
            FirstView::names(top)
                .into_iter()
                .map(str::to_string)
                .collect()
        };
        let parts = |counts: &str| {
            FirstView::from_parts(names(&first.topics), names(&first.authors), counts)
        };
        assert_eq!(parts(&text), Some(first.clone()));
        for wrong in [
            "1200 40 7 300 120",
            "1200 40 7 300 120 90 5",
            "1200 40 7 300 x 90",
            "",
        ] {
            assert_eq!(parts(wrong), None, "{wrong:?}");
        }
    }

    fn sample() -> FacetIndex {
        FacetIndex {
            article_count: 300,
            topic_names: ["Politics", "Café culture", "Art"]
                .map(String::from)
                .to_vec(),
            topic_postings: vec![vec![0, 1, 2, 299], vec![], vec![150]].into(),
            author_names: vec!["Zoë Ng".to_string()],
            author_postings: vec![vec![5, 200]].into(),
            // Counting down, but where two pairs of articles share a date.
            oldest_first: {
                let mut order: Vec<u32> = (0..300).rev().collect();
                order.swap(10, 11);
                order.swap(200, 201);
                order
            },
            cards: CardChunks {
                per_chunk: 64,
                hashes: (0..5u8).map(|k| [k, 1, 2, 3, 4, 5, 6, 7]).collect(),
            },
        }
    }

    #[test]
    fn a_facet_file_reads_back_as_written() {
        let index = sample();
        let bytes = index.encode();
        assert_eq!(FacetIndex::decode(&bytes), Ok(index));
        // The order oldest first, in seven runs, takes a few bytes; the chunks' hashes eight
        // each.
        assert!(bytes.len() < 90 + 5 * 8, "{} bytes", bytes.len());
    }

    #[test]
    fn the_two_parts_are_the_header_and_the_gaps() {
        let index = sample();
        let (header, gaps) = index.encode_parts();
        assert_eq!(FacetIndex::header_end(&header), Ok(Some(header.len())));
        let read = FacetIndex::read_header(&header).unwrap();
        assert_eq!(read.topic_names, index.topic_names);
        assert_eq!(
            read.topic_postings.gap_bytes() + read.author_postings.gap_bytes(),
            gaps.len()
        );
        assert_eq!([header, gaps].concat(), index.encode());
    }

    #[test]
    fn a_damaged_facet_file_is_refused_without_panicking() {
        let bytes = sample().encode();
        for cut in 0..bytes.len() {
            assert!(FacetIndex::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                if let Ok(index) = FacetIndex::decode(&damaged) {
                    // What still reads is consistent.
                    let n = index.article_count;
                    assert_eq!(index.topic_names.len(), index.topic_postings.len());
                    assert_eq!(index.author_names.len(), index.author_postings.len());
                    let mut order = index.oldest_first.clone();
                    order.sort_unstable();
                    assert!(order.iter().copied().eq(0..n));
                    // Lists that decode are ascending and within the archive; the rest
                    // decode to nothing.
                    for postings in [&index.topic_postings, &index.author_postings] {
                        let lists = postings.lists();
                        assert_eq!(lists.len(), postings.len());
                        for posting in lists {
                            assert!(posting.windows(2).all(|w| w[0] < w[1]));
                            assert!(posting.iter().all(|&p| p < n));
                        }
                    }
                }
            }
        }
        let mut repeated = sample();
        repeated.topic_postings = vec![vec![3, 3], vec![], vec![150]].into();
        let read = FacetIndex::decode(&repeated.encode()).unwrap();
        assert_eq!(read.topic_postings.counts(), &[2, 0, 1]);
        assert!(read.topic_postings.lists().iter().all(Vec::is_empty));
    }
}
