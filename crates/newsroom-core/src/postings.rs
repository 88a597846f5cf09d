//! Posting lists: for each value of a facet (an author, a topic), the positions of its articles,
//! ascending.
//!
//! An archive indexed here has them as lists from the start. One read from a facet file keeps
//! them as the file codes them (each list's length, then the gaps between its positions) and
//! decodes them all when first read: at 100,000 articles that is some 400,000 gaps, which the
//! browser would otherwise decode, on its slow first compile of the code, before the first view.
//! The first view needs only each list's length, its count; the first filter click, or the
//! app's preparation of the filters just after the first view, reads the lists.
//!
//! The lengths come first in a facet file and the gaps last, so the lengths can be put to use
//! while the gaps are still on their way: [`PostingLists::counted`] takes the lengths, and
//! [`PostingLists::attach`] the gaps once they are in.

use std::cell::{OnceCell, RefCell};

use crate::model::ArticleIdx;

/// The posting lists of one facet, by value.
#[derive(Debug, Clone, Default)]
pub struct PostingLists {
    /// Each list's length.
    lengths: Vec<u32>,
    /// The lists, once decoded (at once when built from lists).
    lists: OnceCell<Vec<Vec<ArticleIdx>>>,
    /// The gaps still to decode, as a facet file codes them.
    coded: Option<CodedGaps>,
    /// The first lists, decoded ahead a few at a time (see [`PostingLists::decode_ahead`]).
    ahead: RefCell<Vec<Vec<ArticleIdx>>>,
}

/// Each list's gaps, one list after the other, where each list's start is known.
#[derive(Debug, Clone)]
struct CodedGaps {
    /// The gaps, once attached: they may arrive after the lists are shared, as the rest of a
    /// file whose header the app has set up from.
    gaps: OnceCell<Vec<u8>>,
    /// Where each list's gaps start in `gaps`, and the end of the last.
    starts: Vec<usize>,
    /// The archive's length, which every position stays below.
    article_count: u32,
}

impl Eq for PostingLists {}

impl PartialEq for PostingLists {
    fn eq(&self, other: &Self) -> bool {
        self.lengths == other.lengths && self.lists() == other.lists()
    }
}

impl From<Vec<Vec<ArticleIdx>>> for PostingLists {
    fn from(lists: Vec<Vec<ArticleIdx>>) -> Self {
        Self {
            lengths: lists.iter().map(|list| list.len() as u32).collect(),
            lists: OnceCell::from(lists),
            coded: None,
            ahead: RefCell::default(),
        }
    }
}

impl PostingLists {
    /// Lists of which only the `lengths`, and the length in bytes of each one's gaps, are in:
    /// they count, but hold no article until [`PostingLists::attach`]. Checked here: no list
    /// longer than the archive, no gap without a byte.
    pub fn counted(
        lengths: Vec<u32>,
        byte_lengths: &[u32],
        article_count: u32,
    ) -> Result<Self, &'static str> {
        if lengths.len() != byte_lengths.len() {
            return Err("the posting lists' lengths do not match");
        }
        let mut starts = Vec::with_capacity(lengths.len() + 1);
        let mut end = 0usize;
        starts.push(end);
        for (&length, &bytes) in lengths.iter().zip(byte_lengths) {
            if length > article_count || length > bytes {
                return Err("a posting list is longer than the archive or its bytes");
            }
            end += bytes as usize;
            starts.push(end);
        }
        Ok(Self {
            lengths,
            lists: OnceCell::new(),
            coded: Some(CodedGaps {
                gaps: OnceCell::new(),
                starts,
                article_count,
            }),
            ahead: RefCell::default(),
        })
    }

    /// Lists of which only the `lengths` are known and whose articles never come: a preview
    /// of a head counts with them, and cannot filter (see
    /// [`crate::archive::ArchiveBuilder::preview`]).
    pub fn lengths_only(lengths: Vec<u32>) -> Self {
        Self {
            lengths,
            lists: OnceCell::new(),
            coded: Some(CodedGaps {
                gaps: OnceCell::new(),
                starts: Vec::new(),
                article_count: 0,
            }),
            ahead: RefCell::default(),
        }
    }

    /// How many bytes of gaps lists made by [`PostingLists::counted`] take.
    pub fn gap_bytes(&self) -> usize {
        (self.coded.as_ref())
            .and_then(|coded| coded.starts.last().copied())
            .unwrap_or(0)
    }

    /// Gives lists made by [`PostingLists::counted`] their gaps, exactly
    /// [`PostingLists::gap_bytes`] of them; they are decoded when first read.
    pub fn attach(&self, gaps: Vec<u8>) -> Result<(), &'static str> {
        match &self.coded {
            Some(coded) if coded.starts.last() == Some(&gaps.len()) => coded
                .gaps
                .set(gaps)
                .map_err(|_| "the posting lists have their gaps already"),
            _ => Err("the posting lists do not fill their bytes"),
        }
    }

    /// Whether the lists hold their articles: not yet when only counted.
    pub fn is_complete(&self) -> bool {
        self.coded
            .as_ref()
            .is_none_or(|coded| coded.gaps.get().is_some())
    }

    /// How many values the facet has.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    /// Whether the facet has no value.
    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// How many articles the value at `value` has (0 past the end); never decodes.
    pub fn count(&self, value: usize) -> usize {
        self.lengths.get(value).map_or(0, |&n| n as usize)
    }

    /// Each value's count, in value order; never decodes.
    pub fn counts(&self) -> &[u32] {
        &self.lengths
    }

    /// The articles of the value at `value`, ascending.
    pub fn get(&self, value: usize) -> Option<&[ArticleIdx]> {
        self.lists().get(value).map(Vec::as_slice)
    }

    /// Whether the list of the value at `value` holds `position`. Before the lists are decoded
    /// this reads that list's gaps only up to `position`: checking the newest articles, which
    /// head every list, decodes next to nothing.
    pub fn contains(&self, value: usize, position: ArticleIdx) -> bool {
        let Some(coded) = self.coded.as_ref().filter(|_| self.lists.get().is_none()) else {
            return self
                .get(value)
                .is_some_and(|list| list.binary_search(&position).is_ok());
        };
        let Some(gaps) = coded.gaps.get() else {
            return false;
        };
        let (Some(&start), Some(&length)) = (coded.starts.get(value), self.lengths.get(value))
        else {
            return false;
        };
        let mut at = start;
        let mut current = 0u64;
        for _ in 0..length {
            match varint(gaps, &mut at) {
                Some(gap) => current += u64::from(gap),
                None => return false,
            }
            if current >= u64::from(position) {
                return current == u64::from(position);
            }
        }
        false
    }

    /// Every list, by value. Gaps that do not decode to the lists their lengths announce (a
    /// position repeated or past the last article, a list that does not end where its bytes
    /// do) decode to empty lists: an archive built on them lists nothing under those values,
    /// and refuses the cards that name them (see [`crate::archive::ArchiveBuilder::into_chunk`]).
    ///
    /// Lists only counted so far hold nothing (and are decoded once their gaps are attached).
    pub fn lists(&self) -> &[Vec<ArticleIdx>] {
        if !self.is_complete() {
            return &[];
        }
        self.lists.get_or_init(|| {
            let mut lists = self.ahead.take();
            self.decode_onto(&mut lists, usize::MAX);
            lists
        })
    }

    /// Decodes the next lists, about `postings` positions' worth, ahead of their first reading;
    /// `true` once every list is decoded. Called between the browser's other tasks, it spreads
    /// a large archive's decoding over short steps that a reader's click
    /// need not wait behind, where the first reading does it in one.
    pub fn decode_ahead(&self, postings: usize) -> bool {
        if self.lists.get().is_some() || !self.is_complete() {
            return true;
        }
        let mut lists = self.ahead.take();
        self.decode_onto(&mut lists, postings);
        if lists.len() < self.lengths.len() {
            self.ahead.replace(lists);
            return false;
        }
        let _ = self.lists.set(lists);
        true
    }

    /// Decodes lists onto `lists`, from the next one on, until about `postings` positions are
    /// read or every list is; lists whose gaps do not decode leave every list empty.
    fn decode_onto(&self, lists: &mut Vec<Vec<ArticleIdx>>, postings: usize) {
        let Some(coded) = &self.coded else {
            return;
        };
        let mut read = 0;
        while lists.len() < self.lengths.len() && read < postings {
            let value = lists.len();
            match coded.decode(value, self.count(value)) {
                Some(list) => {
                    read += list.len() + 1;
                    lists.push(list);
                }
                None => {
                    *lists = vec![Vec::new(); self.lengths.len()];
                    return;
                }
            }
        }
    }
}

impl CodedGaps {
    /// The list of the value at `value`, of `length` positions, or `None` when its gaps do not
    /// decode to ascending positions below the archive's length that end where its bytes do.
    /// The loop keeps its state in locals and reads one-byte gaps, most of them, without a
    /// call; the list is checked once, at its end. A call a list lets the browser swap in its
    /// optimised compile of this between lists.
    fn decode(&self, value: usize, length: usize) -> Option<Vec<ArticleIdx>> {
        let gaps = self.gaps.get()?;
        let (mut at, end) = (*self.starts.get(value)?, *self.starts.get(value + 1)?);
        let mut list = Vec::with_capacity(length);
        let mut position = 0u64;
        let mut zero_gap = false;
        for _ in 0..length {
            let gap = match gaps.get(at) {
                Some(&byte) if byte < 0x80 => {
                    at += 1;
                    u32::from(byte)
                }
                _ => varint(gaps, &mut at)?,
            };
            zero_gap |= gap == 0;
            position += u64::from(gap);
            // Past `u32` only past the last article, which is refused below.
            list.push(position as u32);
        }
        // A first position of 0 is a gap of zero too; any other repeats a position.
        let repeats = || list.iter().skip(1).zip(&list).any(|(next, p)| next == p);
        let past_the_end = length > 0 && position >= u64::from(self.article_count);
        (at == end && !past_the_end && !(zero_gap && repeats())).then_some(list)
    }
}

/// Appends `posting`'s gaps (its first position, then each step to the next) as LEB128
/// varints, what [`PostingLists::attach`] takes; returns how many bytes they took.
pub fn put_gaps(out: &mut Vec<u8>, posting: &[ArticleIdx]) -> u32 {
    let before = out.len();
    let mut previous = None;
    for &position in posting {
        put_varint(out, previous.map_or(position, |p| position - p));
        previous = Some(position);
    }
    (out.len() - before) as u32
}

/// Appends `value` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The LEB128 varint at `bytes[*at]`, of any length up to `u32`, moving `at` past it; `None`
/// when it is cut short or too long.
pub(crate) fn varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        let bits = u32::from(byte & 0x7f);
        if shift == 28 && bits > 0x0f {
            return None;
        }
        value |= bits << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{put_gaps, PostingLists};

    impl PostingLists {
        /// [`PostingLists::counted`] and [`PostingLists::attach`] in one step.
        fn coded(
            lengths: Vec<u32>,
            byte_lengths: &[u32],
            gaps: Vec<u8>,
            article_count: u32,
        ) -> Result<Self, &'static str> {
            let lists = Self::counted(lengths, byte_lengths, article_count)?;
            lists.attach(gaps)?;
            Ok(lists)
        }
    }

    fn coded(lists: &[Vec<u32>], article_count: u32) -> Result<PostingLists, &'static str> {
        let mut gaps = Vec::new();
        let byte_lengths: Vec<u32> = lists.iter().map(|l| put_gaps(&mut gaps, l)).collect();
        let lengths = lists.iter().map(|l| l.len() as u32).collect();
        PostingLists::coded(lengths, &byte_lengths, gaps, article_count)
    }

    #[test]
    fn coded_lists_decode_to_the_lists_and_count_without_decoding() {
        let lists = vec![vec![0, 1, 2, 299], vec![], vec![150], vec![7, 200_000]];
        let postings = coded(&lists, 200_001).unwrap();
        assert_eq!(postings.counts(), &[4, 0, 1, 2]);
        assert_eq!(postings.count(0), 4);
        assert!(postings.lists.get().is_none(), "counting decodes nothing");
        assert_eq!(postings.lists(), &lists[..]);
        assert_eq!(postings.get(3), Some(&[7, 200_000][..]));
        assert_eq!(postings, PostingLists::from(lists.clone()));
    }

    #[test]
    fn membership_reads_only_the_gaps_it_needs() {
        let lists = vec![vec![0, 1, 2, 299], vec![], vec![150], vec![7, 200_000]];
        let postings = coded(&lists, 200_001).unwrap();
        let decoded = PostingLists::from(lists.clone());
        for value in 0..5 {
            for position in [0, 1, 2, 3, 7, 150, 299, 300, 200_000, 200_001] {
                let expected = lists.get(value).is_some_and(|l| l.contains(&position));
                assert_eq!(postings.contains(value, position), expected);
                assert_eq!(decoded.contains(value, position), expected);
            }
        }
        assert!(postings.lists.get().is_none(), "nothing decoded");
    }

    #[test]
    fn lists_that_do_not_decode_as_announced_are_empty() {
        let repeated = coded(&[vec![3, 3]], 10).unwrap();
        assert_eq!(repeated.lists(), &[Vec::<u32>::new()]);
        let past_the_end = coded(&[vec![3, 10]], 10).unwrap();
        assert_eq!(past_the_end.lists(), &[Vec::<u32>::new()]);
        let ends_early = PostingLists::coded(vec![1], &[2], vec![1, 1], 10).unwrap();
        assert_eq!(ends_early.lists(), &[Vec::<u32>::new()]);
        let cut_short = PostingLists::coded(vec![1], &[1], vec![0x80], 10).unwrap();
        assert_eq!(cut_short.lists(), &[Vec::<u32>::new()]);
    }

    #[test]
    fn counted_lists_count_at_once_and_hold_their_articles_once_attached() {
        let lists = [vec![0, 1, 2, 299], vec![], vec![150]];
        let mut gaps = Vec::new();
        let byte_lengths: Vec<u32> = lists.iter().map(|l| put_gaps(&mut gaps, l)).collect();
        let postings = PostingLists::counted(vec![4, 0, 1], &byte_lengths, 300).unwrap();
        assert_eq!(postings.counts(), &[4, 0, 1]);
        assert_eq!(postings.gap_bytes(), gaps.len());
        assert!(!postings.is_complete());
        assert!(postings.lists().is_empty() && !postings.contains(0, 0));
        assert!(postings.attach(gaps[1..].to_vec()).is_err());
        postings.attach(gaps.clone()).unwrap();
        assert!(postings.is_complete() && postings.contains(0, 0));
        assert_eq!(postings.lists(), &lists[..]);
        assert!(postings.attach(gaps).is_err(), "attached once");
    }

    #[test]
    fn lists_decoded_ahead_in_steps_are_the_lists() {
        let lists = vec![vec![0, 1, 2, 299], vec![], vec![150], vec![7, 200_000]];
        let postings = coded(&lists, 200_001).unwrap();
        assert!(!postings.decode_ahead(3));
        assert_eq!(postings.ahead.borrow().len(), 1);
        assert!(!postings.decode_ahead(1));
        assert_eq!(
            postings.lists(),
            &lists[..],
            "the rest decoded on first reading"
        );
        let stepped = coded(&lists, 200_001).unwrap();
        while !stepped.decode_ahead(1) {}
        assert_eq!(stepped.lists(), &lists[..]);
        let damaged = coded(&[vec![3], vec![4, 4]], 10).unwrap();
        while !damaged.decode_ahead(1) {}
        assert!(damaged.lists().iter().all(Vec::is_empty));
    }

    #[test]
    fn lengths_the_gaps_cannot_hold_are_refused_at_once() {
        assert!(PostingLists::coded(vec![11], &[11], vec![1; 11], 10).is_err());
        assert!(PostingLists::coded(vec![2, 2], &[1, 2], vec![1; 3], 10).is_err());
        assert!(PostingLists::coded(vec![1, 1], &[1, 1], vec![1; 3], 10).is_err());
        assert!(PostingLists::coded(vec![1], &[1, 1], vec![1; 2], 10).is_err());
    }
}
