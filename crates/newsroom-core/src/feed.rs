//! JSON Feed 1.0 / 1.1 → [`Archive`] (SPEC §1).
//!
//! The file as a whole must be JSON and a JSON Feed, or loading fails with a [`FeedError`] that
//! says what and where. Items are read one at a time: an item that cannot be used is skipped,
//! one that can be repaired is, and both are noted in the archive's [`FeedReport`].

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;

use crate::archive::{Archive, ArchiveBuilder, Lookup, RawAuthor};
use crate::cards::{CardChunk, CardError};
use crate::dates::{parse_feed_date, FeedDate, ParsedDate};
use crate::facets::{FacetError, FacetIndex, FirstView};
use crate::lenient::{
    other_types_are_default, AuthorFields, LenientAuthor, LenientAuthors, LenientId, LenientString,
    LenientTags, MemberName,
};
use crate::model::{Body, FeedInfo, FeedReport, ItemNote, SourceStamp};
use crate::split::ItemSplitter;
use crate::urls::{resolve, BaseUrl};

/// Why a file could not be loaded at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The bytes are not JSON.
    #[error("articles.json is not valid JSON: {message} (line {line}, column {column})")]
    NotJson {
        /// What the JSON reader found wrong.
        message: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// JSON, but not a JSON Feed.
    #[error("articles.json is JSON but not a JSON Feed: {0}")]
    NotJsonFeed(String),
    /// Larger than the viewer reads in a browser tab.
    #[error("articles.json is {} MB; the viewer reads at most {} MB in the browser. Publish it with the site builder, which reads larger feeds and writes a compact index (README: publishing), or split the archive", .bytes / 1_000_000, LIMITS.feed_bytes / 1_000_000)]
    TooLarge {
        /// The file's size in bytes.
        bytes: usize,
    },
}

/// The loader's size limits. Beyond them a field is cut (and the cut reported) or the file is
/// refused with a message, so that no feed can freeze the tab or exhaust its memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest `articles.json` read, checked before parsing when the size is known.
    pub feed_bytes: usize,
    /// Longest headline kept, in characters.
    pub title_chars: usize,
    /// Longest dek kept, in characters.
    pub summary_chars: usize,
    /// Largest body kept (`content_html` or `content_text`), in bytes.
    pub body_bytes: usize,
    /// Most topics kept on one article.
    pub topics_per_article: usize,
    /// Most authors kept on one article.
    pub authors_per_article: usize,
    /// Longest topic or author name kept, in characters.
    pub name_chars: usize,
}

/// The limits the viewer applies.
pub const LIMITS: Limits = Limits {
    feed_bytes: 50_000_000,
    title_chars: 300,
    summary_chars: 1_000,
    body_bytes: 1_000_000,
    topics_per_article: 50,
    authors_per_article: 20,
    name_chars: 200,
};

impl FeedError {
    fn from_json(error: &serde_json::Error) -> Self {
        Self::NotJson {
            message: without_position(error),
            line: error.line().max(1),
            // serde_json counts an error before the first character as column 0.
            column: error.column().max(1),
        }
    }
}

/// serde_json's message without the " at line L column C" it appends: the position is given
/// on its own.
fn without_position(error: &serde_json::Error) -> String {
    let full = error.to_string();
    match full.rfind(" at line ") {
        Some(at) => full[..at].to_string(),
        None => full,
    }
}

/// The feed object's members, read leniently; unknown and `_extension` members are skipped.
#[derive(Default)]
struct RawFeed<'a> {
    /// Read as an id is (a string, or a number as its decimal text), so that a bare `1.1` can be
    /// told apart from a URL without a reader of its own.
    version: Option<LenientId>,
    title: LenientString,
    description: LenientString,
    home_page_url: LenientString,
    language: LenientString,
    icon: LenientString,
    favicon: LenientString,
    authors: LenientAuthors,
    author: LenientAuthor,
    /// `_topics`: topic name → description.
    topics: TopicDescriptions,
    items: Option<RawItems<'a>>,
    /// `_body_pages`: in the site builder's index, `1` when the articles' pages hold their
    /// bodies (see `Archive::body_pages`).
    body_pages: LenientId,
    /// `_skipped`: in the site builder's index, its notes on the items it skipped.
    skipped: LenientTags,
    /// `_repaired`: in the site builder's index, its notes on the items it repaired.
    repaired: LenientTags,
    /// `_facets`: in a head of the site builder's index, its facet file's header (the home
    /// page names the gaps, which it asks for itself).
    facets: LenientString,
    /// `_source_bytes`: in the site builder's index and head, the length of the
    /// `articles.json` indexed (its `_source_sha256` is for tools: the app compares lengths).
    source_bytes: LenientId,
    /// `_first_topics`, `_first_authors` and `_first_counts`: in a head, what the home page's
    /// first view shows of the whole archive ([`FirstView`]).
    first_topics: LenientTags,
    first_authors: LenientTags,
    first_counts: LenientString,
}

struct FeedVisitor;

impl<'de> Visitor<'de> for FeedVisitor {
    type Value = RawFeed<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON Feed object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFeed<'de>, A::Error> {
        let mut feed = RawFeed::default();
        while let Some(MemberName(key)) = map.next_key()? {
            match key.as_ref() {
                "version" => feed.version = Some(map.next_value()?),
                "title" => feed.title = map.next_value()?,
                "description" => feed.description = map.next_value()?,
                "home_page_url" => feed.home_page_url = map.next_value()?,
                "language" => feed.language = map.next_value()?,
                "icon" => feed.icon = map.next_value()?,
                "favicon" => feed.favicon = map.next_value()?,
                "authors" => feed.authors = map.next_value()?,
                "author" => feed.author = map.next_value()?,
                "_topics" => feed.topics = map.next_value()?,
                "items" => feed.items = Some(map.next_value()?),
                "_body_pages" => feed.body_pages = map.next_value()?,
                "_skipped" => feed.skipped = map.next_value()?,
                "_repaired" => feed.repaired = map.next_value()?,
                "_facets" => feed.facets = map.next_value()?,
                "_source_bytes" => feed.source_bytes = map.next_value()?,
                "_first_topics" => feed.first_topics = map.next_value()?,
                "_first_authors" => feed.first_authors = map.next_value()?,
                "_first_counts" => feed.first_counts = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(feed)
    }
}

impl<'de> Deserialize<'de> for RawFeed<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FeedVisitor)
    }
}

/// The files a head of the site builder's index points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadFiles {
    /// The facet file's header ([`crate::facets`]).
    pub facets: String,
    /// What the home page's first view shows of the whole archive, when the head says.
    pub first_view: Option<FirstView>,
}

/// A shard name the viewer will fetch: a plain relative path under `data/`, nothing that could
/// leave the site.
pub fn is_shard_name(name: &str) -> bool {
    name.starts_with("data/")
        && !name.as_bytes().windows(2).any(|pair| pair == b"..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_'))
}

/// The feed's `_topics` extension: `{ "<topic name>": { "description": "…" } }`; entries
/// without a string description are ignored, and so is a value that is not an object.
#[derive(Default)]
struct TopicDescriptions(BTreeMap<String, String>);

struct TopicsVisitor;

impl<'de> Visitor<'de> for TopicsVisitor {
    type Value = TopicDescriptions;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of topic descriptions")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopicDescriptions, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(LenientString(name)) = map.next_key()? {
            let LenientAuthor(fields) = map.next_value()?;
            let description = fields.and_then(|f| f.description);
            if let (Some(name), Some(description)) = (name, non_empty(description)) {
                out.insert(name, description);
            }
        }
        Ok(TopicDescriptions(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopicDescriptions, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(TopicDescriptions::default())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<TopicDescriptions, E> {
        Ok(TopicDescriptions::default())
    }
    other_types_are_default!();
}

impl<'de> Deserialize<'de> for TopicDescriptions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TopicsVisitor)
    }
}

/// The `items` member: `None` when it is not an array.
/// Each item is kept as its unparsed JSON text (already checked to be valid JSON), so that items
/// can be read a slice at a time.
#[derive(Default)]
struct RawItems<'a>(Option<Vec<&'a RawValue>>);

/// One item's fields, read leniently; unknown and `_extension` members are skipped unread.
#[derive(Default)]
struct RawItem {
    id: LenientId,
    url: LenientString,
    external_url: LenientString,
    title: LenientString,
    summary: LenientString,
    content_html: LenientString,
    content_text: LenientString,
    image: LenientString,
    banner_image: LenientString,
    date_published: LenientString,
    date_modified: LenientString,
    authors: LenientAuthors,
    author: LenientAuthor,
    tags: LenientTags,
    language: LenientString,
    slug: LenientString,
    /// `_reading_minutes`: given by the site builder's index, whose items carry no body.
    reading_minutes: LenientId,
}

struct ItemsVisitor;

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = RawItems<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of items")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawItems<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            items.push(item);
        }
        Ok(RawItems(Some(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawItems<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(RawItems(None))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<RawItems<'de>, E> {
        Ok(RawItems(None))
    }
    other_types_are_default!();
}

impl<'de> Deserialize<'de> for RawItems<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemsVisitor)
    }
}

/// An item: `None` when the array element is not an object.
struct MaybeItem(Option<RawItem>);

impl<'de> Deserialize<'de> for MaybeItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let LenientItem(item) = deserializer.deserialize_any(ItemVisitor)?;
        Ok(MaybeItem(item))
    }
}

#[derive(Default)]
struct LenientItem(Option<RawItem>);

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = LenientItem;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an item object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LenientItem, A::Error> {
        let mut item = RawItem::default();
        while let Some(MemberName(key)) = map.next_key()? {
            match key.as_ref() {
                "id" => item.id = map.next_value()?,
                "url" => item.url = map.next_value()?,
                "external_url" => item.external_url = map.next_value()?,
                "title" => item.title = map.next_value()?,
                "summary" => item.summary = map.next_value()?,
                "content_html" => item.content_html = map.next_value()?,
                "content_text" => item.content_text = map.next_value()?,
                "image" => item.image = map.next_value()?,
                "banner_image" => item.banner_image = map.next_value()?,
                "date_published" => item.date_published = map.next_value()?,
                "date_modified" => item.date_modified = map.next_value()?,
                "authors" => item.authors = map.next_value()?,
                "author" => item.author = map.next_value()?,
                "tags" => item.tags = map.next_value()?,
                "language" => item.language = map.next_value()?,
                "_slug" => item.slug = map.next_value()?,
                "_reading_minutes" => item.reading_minutes = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(LenientItem(Some(item)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LenientItem, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(LenientItem(None))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<LenientItem, E> {
        Ok(LenientItem(None))
    }
    other_types_are_default!();
}

/// Reads a JSON Feed from the bytes of the file, all at once.
pub fn parse_feed_bytes(bytes: &[u8]) -> Result<Archive, FeedError> {
    parse_feed(feed_text(bytes)?)
}

/// The text of a feed file: within the size limit and UTF-8 (a byte order mark is allowed),
/// else a [`FeedError`] that says what, and for bad UTF-8 where the first bad byte is.
pub fn feed_text(bytes: &[u8]) -> Result<&str, FeedError> {
    check_size(bytes.len())?;
    utf8_text(bytes)
}

/// The text of a feed file of any size: UTF-8 (a byte order mark is allowed), else where the
/// first bad byte is.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, FeedError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // `valid` is UTF-8 up to the bad byte, so its last line is too.
        let column = 1 + std::str::from_utf8(&valid[line_start..]).map_or(0, |l| l.chars().count());
        FeedError::NotJson {
            message: "the file is not UTF-8 text".to_string(),
            line,
            column,
        }
    })
}

/// The text without the byte order mark it may start with.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// Refuses a file larger than [`LIMITS`] allows, before it is read or parsed.
pub fn check_size(bytes: usize) -> Result<(), FeedError> {
    if bytes > LIMITS.feed_bytes {
        Err(FeedError::TooLarge { bytes })
    } else {
        Ok(())
    }
}

/// `text` cut to `max` characters (with "…"), and whether it was cut.
fn cut_chars(text: String, max: usize) -> (String, bool) {
    if text.len() <= max {
        // No more characters than bytes: nothing to count.
        return (text, false);
    }
    match text.char_indices().nth(max) {
        Some((at, _)) => (format!("{}…", &text[..at]), true),
        None => (text, false),
    }
}

/// `text` cut to at most `max` bytes at a character boundary, and whether it was cut.
fn cut_bytes(mut text: String, max: usize) -> (String, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut at = max;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text.truncate(at);
    (text, true)
}

/// Reads a JSON Feed from its text, all at once.
pub fn parse_feed(text: &str) -> Result<Archive, FeedError> {
    let mut loader = FeedLoader::new(text)?;
    while loader.load(usize::MAX)? {}
    Ok(loader.finish())
}

/// A feed's first pass, a slice at a time: [`FeedScan::step`] until it returns false, then
/// [`FeedScan::into_loader`]. The pass finds where each item is (see [`crate::split`]),
/// so that a large file's reading, checks included, can be spread over many short tasks.
pub struct FeedScan<'a> {
    text: &'a str,
    splitter: ItemSplitter<'a>,
}

impl<'a> FeedScan<'a> {
    /// Starts on `text`; fails when it is over the size limit.
    pub fn new(text: &'a str) -> Result<Self, FeedError> {
        check_size(text.len())?;
        Ok(Self::without_size_limit(text))
    }

    /// [`FeedScan::new`] without the browser's file size limit (see
    /// [`FeedLoader::without_size_limit`]).
    pub fn without_size_limit(text: &'a str) -> Self {
        Self {
            text,
            splitter: ItemSplitter::new(text),
        }
    }

    /// Walks up to `bytes` more of the text; true while text remains.
    pub fn step(&mut self, bytes: usize) -> bool {
        self.splitter.step(bytes)
    }

    /// Reads the feed's own fields; fails when the text is not JSON or not a JSON Feed. A text
    /// the walk could not split is read whole instead, in one go.
    pub fn into_loader(self) -> Result<FeedLoader<'a>, FeedError> {
        let Some(split) = self.splitter.finish() else {
            return FeedLoader::read_whole(self.text);
        };
        // The feed object without its items, which are read one by one later.
        let head = format!("{}[]{}", split.before, split.after);
        match serde_json::from_str::<RawFeed>(&head) {
            Ok(raw) => FeedLoader::from_raw(self.text, raw, split.items),
            // The whole file's reader says where the error is in the file itself.
            Err(_) => FeedLoader::read_whole(self.text),
        }
    }
}

/// A feed being read a slice of items at a time, so that a large file does not freeze the page:
/// [`FeedScan`] finds the items and reads the feed's own fields; each [`FeedLoader::load`]
/// reads the next items; [`FeedLoader::finish`] sorts and indexes.
pub struct FeedLoader<'a> {
    text: &'a str,
    /// Each item's text; not yet checked when it came from [`FeedScan`]'s split.
    items: Vec<&'a str>,
    next: usize,
    feed_authors: Vec<RawAuthor>,
    /// The feed's `home_page_url` as a base for relative URLs.
    home: Option<BaseUrl>,
    builder: ArchiveBuilder,
    report: FeedReport,
    seen_ids: Lookup,
    body_pages: bool,
    head: Option<HeadFiles>,
}

impl<'a> FeedLoader<'a> {
    /// Starts reading `text` (its first pass in one go); fails when it is not JSON or not a
    /// JSON Feed.
    pub fn new(text: &'a str) -> Result<Self, FeedError> {
        FeedScan::new(text)?.into_loader()
    }

    /// [`FeedLoader::new`] without the browser's file size limit: for the site builder, which
    /// applies its own (every other limit still holds).
    pub fn without_size_limit(text: &'a str) -> Result<Self, FeedError> {
        FeedScan::without_size_limit(text).into_loader()
    }

    /// Reads the whole text in one pass, which checks all of it and finds the items.
    fn read_whole(text: &'a str) -> Result<Self, FeedError> {
        let not_a_feed = || {
            FeedError::NotJsonFeed(
                "the top level is not an object with \"version\" and \"items\"".to_string(),
            )
        };
        let mut raw: RawFeed = serde_json::from_str(text).map_err(|error| {
            use serde_json::error::Category;
            match error.classify() {
                Category::Syntax | Category::Eof | Category::Io => FeedError::from_json(&error),
                // Every member is read leniently, so only a top level that is not an object
                // is refused as data; the reader stopped at its first token, and the rest
                // may not even be JSON.
                Category::Data => match serde_json::from_str::<IgnoredAny>(text) {
                    Err(syntax) => FeedError::from_json(&syntax),
                    Ok(_) => not_a_feed(),
                },
            }
        })?;
        if !text.trim_start().starts_with('{') {
            return Err(not_a_feed());
        }
        let items = match &mut raw.items {
            Some(RawItems(Some(items))) => std::mem::take(items)
                .into_iter()
                .map(RawValue::get)
                .collect(),
            _ => Vec::new(),
        };
        Self::from_raw(text, raw, items)
    }

    fn from_raw(text: &'a str, raw: RawFeed, items: Vec<&'a str>) -> Result<Self, FeedError> {
        let version_note = check_version(raw.version.as_ref())?;
        match raw.items {
            None => {
                return Err(FeedError::NotJsonFeed(
                    "it has no \"items\" array".to_string(),
                ))
            }
            Some(RawItems(None)) => {
                return Err(FeedError::NotJsonFeed(
                    "\"items\" is not an array".to_string(),
                ))
            }
            Some(RawItems(Some(_))) => {}
        }

        let home_page_url = non_empty(raw.home_page_url.0).map(|url| url.trim().to_string());
        let home = home_page_url.as_deref().and_then(BaseUrl::parse);
        let info = FeedInfo {
            title: non_empty(raw.title.0).unwrap_or_else(|| "Articles".to_string()),
            description: non_empty(raw.description.0),
            home_page_url,
            language: non_empty(raw.language.0),
            icon: non_empty(raw.icon.0).and_then(|url| resolve(&url, home.as_ref())),
            favicon: non_empty(raw.favicon.0).and_then(|url| resolve(&url, home.as_ref())),
            source: raw
                .source_bytes
                .text
                .and_then(|n| n.parse().ok())
                .map(|bytes| SourceStamp {
                    bytes,
                    sha256: None,
                }),
        };
        let feed_authors = read_authors(raw.authors, raw.author, home.as_ref());
        let topic_descriptions = raw.topics.0;
        let carried = |notes: LenientTags| notes.names.into_iter().map(ItemNote::carried).collect();
        let mut report = FeedReport {
            skipped: carried(raw.skipped),
            repaired: carried(raw.repaired),
        };
        report.repaired.extend(version_note);
        // Edition 1 of bodies in pages; any other value is not read (and no body is found).
        let body_pages = raw.body_pages.text.as_deref() == Some("1");
        let mut builder = ArchiveBuilder::new(info, topic_descriptions);
        // Room for every item at once: a map of 100,000 ids grown step by step spends tens of
        // milliseconds at a time moving its entries.
        builder.reserve(items.len());
        let seen_ids = Lookup::with_capacity_and_hasher(items.len(), Default::default());
        let head = match raw.facets.0 {
            Some(facets) if is_shard_name(&facets) => {
                let first_view = raw.first_counts.0.and_then(|counts| {
                    let (topics, authors) = (raw.first_topics.names, raw.first_authors.names);
                    FirstView::from_parts(topics, authors, &counts)
                });
                Some(HeadFiles { facets, first_view })
            }
            _ => None,
        };
        Ok(Self {
            text,
            items,
            next: 0,
            feed_authors,
            home,
            builder,
            report,
            seen_ids,
            body_pages,
            head,
        })
    }

    /// Reads up to `count` more items; true while items remain. Fails when an item is not
    /// JSON, saying where in the file.
    pub fn load(&mut self, count: usize) -> Result<bool, FeedError> {
        let end = self.items.len().min(self.next.saturating_add(count));
        for index in self.next..end {
            match serde_json::from_str::<MaybeItem>(self.items[index]) {
                Ok(MaybeItem(Some(item))) => read_item(
                    index,
                    item,
                    &self.feed_authors,
                    self.home.as_ref(),
                    &mut self.seen_ids,
                    &mut self.builder,
                    &mut self.report,
                ),
                Ok(MaybeItem(None)) => self.report.skipped.push(ItemNote {
                    index,
                    id: None,
                    message: "it is not an object".to_string(),
                }),
                // The split found the item but did not check it: the file is not JSON, and
                // the whole file's reader says where.
                Err(_) => {
                    return Err(match serde_json::from_str::<IgnoredAny>(self.text) {
                        Err(error) => FeedError::from_json(&error),
                        Ok(_) => FeedError::NotJson {
                            message: "an item is not valid JSON".to_string(),
                            line: 1,
                            column: 1,
                        },
                    })
                }
            }
        }
        self.next = end;
        Ok(self.next < self.items.len())
    }

    /// Lets go of up to `count` of the ids kept to find duplicates; true while some remain.
    /// For after the last [`FeedLoader::load`]: letting go of a large archive's ids all at once
    /// holds the page, which a caller can spread this way.
    pub fn forget_ids(&mut self, count: usize) -> bool {
        self.seen_ids
            .extract_if(|_, _| true)
            .take(count)
            .for_each(drop);
        !self.seen_ids.is_empty()
    }

    /// Items read so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.items.len())
    }

    /// Sorts and indexes what was read.
    pub fn finish(self) -> Archive {
        self.finish_reading().into_archive()
    }

    /// What was read, apart from the text: a caller that owns the text can let it go before
    /// [`ReadItems::into_archive`] sorts and indexes (the peak of a large archive's loading).
    pub fn finish_reading(self) -> ReadItems {
        ReadItems {
            builder: self.builder,
            report: self.report,
            body_pages: self.body_pages,
            head: self.head,
        }
    }
}

/// A feed's items read, not yet sorted and indexed (see [`FeedLoader::finish_reading`]).
pub struct ReadItems {
    builder: ArchiveBuilder,
    report: FeedReport,
    body_pages: bool,
    head: Option<HeadFiles>,
}

impl ReadItems {
    /// Puts the items in date order: the first half of [`ReadItems::into_archive`], for a
    /// caller that spreads the work over two tasks.
    pub fn sort(&mut self) {
        self.builder.sort();
    }

    /// Sorts (unless [`ReadItems::sort`] already did) and indexes the items into an archive.
    pub fn into_archive(self) -> Archive {
        let mut archive = self.builder.finish(self.report);
        archive.body_pages = self.body_pages;
        archive
    }

    /// Chunk `chunk` of `head`'s cards, when this is its file: see
    /// [`ArchiveBuilder::into_chunk`].
    pub fn into_chunk(self, head: &Archive, chunk: usize) -> Result<CardChunk, CardError> {
        self.builder.into_chunk(head, chunk)
    }

    /// The files this feed points to when it is a head of the site builder's index.
    pub fn head_files(&self) -> Option<&HeadFiles> {
        self.head.as_ref()
    }

    /// A preview of the archive of a head, from the head alone (see
    /// [`ArchiveBuilder::preview`]); `None` when the head does not say what its first view
    /// shows, or says what does not fit it.
    pub fn into_head_preview(self) -> Option<Archive> {
        let head = self.head?;
        let first = head.first_view?;
        let mut archive = self.builder.preview(self.report, &first)?;
        archive.body_pages = self.body_pages;
        Some(archive)
    }

    /// The archive of a head (see [`ArchiveBuilder::finish_head`]), with its facet file read.
    pub fn into_head_archive(self, facets: FacetIndex) -> Result<Archive, FacetError> {
        self.head
            .ok_or(FacetError("the file is not a head of an index"))?;
        let mut archive = self.builder.finish_head(self.report, facets)?;
        archive.body_pages = self.body_pages;
        Ok(archive)
    }
}

/// Accepts a JSON Feed 1.x `version` URL; a bare `"1"`, `"1.0"` or `"1.1"`, or the number 1,
/// which other feed readers load, is accepted with the note that reports it as repaired.
fn check_version(version: Option<&LenientId>) -> Result<Option<ItemNote>, FeedError> {
    let expected = "expected \"version\": \"https://jsonfeed.org/version/1.1\"";
    let Some(version) = version else {
        return Err(FeedError::NotJsonFeed(format!(
            "it has no \"version\" ({expected})"
        )));
    };
    match version.text.as_deref() {
        Some(v)
            if !version.was_number
                && v.trim_end_matches('/')
                    .trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .starts_with("jsonfeed.org/version/1") =>
        {
            Ok(None)
        }
        Some(bare @ ("1" | "1.0" | "1.1")) => Ok(Some(ItemNote::carried(format!(
            "the feed's \"version\" is {bare}, not a JSON Feed URL: read as JSON Feed {bare}"
        )))),
        Some(other) if !version.was_number => Err(FeedError::NotJsonFeed(format!(
            "its \"version\" is “{other}”, {expected}"
        ))),
        None if !version.was_number => Err(FeedError::NotJsonFeed(format!(
            "its \"version\" is not a string, {expected}"
        ))),
        _ => Err(FeedError::NotJsonFeed(format!(
            "its \"version\" is a number (only 1 is read as a version), {expected}"
        ))),
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// JSON Feed 1.1 `authors`, else 1.0 `author`; entries without a usable name are dropped, and
/// relative links and pictures resolve against `base` (or are dropped without one).
fn read_authors(
    authors: LenientAuthors,
    author: LenientAuthor,
    base: Option<&BaseUrl>,
) -> Vec<RawAuthor> {
    let list = if authors.0.is_empty() {
        author.0.into_iter().collect()
    } else {
        authors.0
    };
    list.into_iter()
        .filter_map(|fields: AuthorFields| {
            let clean =
                |text: Option<String>| text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
            Some(RawAuthor {
                name: clean(fields.name)?,
                url: clean(fields.url).and_then(|url| resolve(&url, base)),
                avatar: clean(fields.avatar).and_then(|url| resolve(&url, base)),
                bio: clean(fields.bio),
            })
        })
        .collect()
}

fn read_item(
    index: usize,
    raw: RawItem,
    feed_authors: &[RawAuthor],
    home: Option<&BaseUrl>,
    seen_ids: &mut Lookup,
    builder: &mut ArchiveBuilder,
    report: &mut FeedReport,
) {
    let mut repairs: Vec<String> = Vec::new();

    let id = match non_empty(raw.id.text) {
        Some(id) if raw.id.was_number => {
            repairs.push(format!(
                "its id is the number {id}; read as the text “{id}”"
            ));
            id
        }
        Some(id) => id,
        None => match non_empty(raw.url.0.clone()) {
            Some(url) => {
                repairs.push("it has no id; its url is used instead".to_string());
                url
            }
            None => {
                report.skipped.push(ItemNote {
                    index,
                    id: None,
                    message: "it has no id and no url to identify it".to_string(),
                });
                return;
            }
        },
    };
    if seen_ids.insert(id.clone(), 0).is_some() {
        report.skipped.push(ItemNote {
            index,
            id: Some(id),
            message: "its id repeats an earlier item's; the first one is kept".to_string(),
        });
        return;
    }

    let summary = non_empty(raw.summary.0).map(|summary| {
        let (summary, cut) = cut_chars(summary, LIMITS.summary_chars);
        if cut {
            repairs.push(format!(
                "its summary was cut to {} characters",
                LIMITS.summary_chars
            ));
        }
        summary
    });
    let body_source = match (non_empty(raw.content_html.0), non_empty(raw.content_text.0)) {
        (Some(html), _) => Some((true, html)),
        (None, Some(text)) => Some((false, text)),
        (None, None) => None,
    };
    let body = match body_source {
        Some((is_html, content)) => {
            let (content, cut) = cut_bytes(content, LIMITS.body_bytes);
            if cut {
                repairs.push(format!(
                    "its body was cut to {} MB",
                    LIMITS.body_bytes / 1_000_000
                ));
            }
            if is_html {
                Body::Html(content)
            } else {
                Body::Text(paragraphs(&content))
            }
        }
        None => Body::Empty,
    };
    let title = match non_empty(raw.title.0) {
        Some(title) => {
            let (title, cut) = cut_chars(title.trim().to_string(), LIMITS.title_chars);
            if cut {
                repairs.push(format!(
                    "its title was cut to {} characters",
                    LIMITS.title_chars
                ));
            }
            title
        }
        None => {
            let source = summary.clone().or_else(|| body_plain_text(&body));
            let headline = source
                .as_deref()
                .map(headline_from)
                .filter(|h| !h.is_empty());
            repairs.push(match &headline {
                Some(_) => "it has no title; one was made from its first words".to_string(),
                None => "it has no title and no text; it is shown as \"Untitled\"".to_string(),
            });
            headline.unwrap_or_else(|| "Untitled".to_string())
        }
    };

    let published = read_date(
        "date_published",
        raw.date_published.0.as_deref(),
        &mut repairs,
    );
    let modified = read_date(
        "date_modified",
        raw.date_modified.0.as_deref(),
        &mut repairs,
    );

    // The item's own URLs, and those in its HTML, resolve against its `url`, else the feed's
    // home page (SPEC §1); a relative one with neither is dropped, and the publisher told.
    let mut dropped = Vec::new();
    let url = non_empty(raw.url.0).and_then(|url| {
        let absolute = resolve(&url, home);
        if absolute.is_none() {
            dropped.push("url");
        }
        absolute
    });
    let base = BaseUrl::for_item(url.as_deref(), home);
    let mut resolved = |field: &'static str, value: Option<String>| {
        let value = non_empty(value)?;
        let absolute = resolve(&value, base.as_ref());
        if absolute.is_none() {
            dropped.push(field);
        }
        absolute
    };
    let external_url = resolved("external_url", raw.external_url.0);
    let image = resolved("image", raw.image.0);
    let banner_image = resolved("banner_image", raw.banner_image.0);
    if !dropped.is_empty() {
        repairs.push(format!(
            "its {} {} relative, and neither its url nor the feed's home_page_url is an \
             absolute http(s) URL to resolve against; dropped",
            dropped.join(", "),
            if dropped.len() == 1 { "is" } else { "are" },
        ));
    }

    let mut authors = read_authors(raw.authors, raw.author, base.as_ref());
    if authors.is_empty() {
        authors = feed_authors.to_vec();
    }

    if raw.tags.was_string {
        repairs.push(
            "its tags are one comma-separated string, not an array; split on commas".to_string(),
        );
    }
    let mut tags = raw.tags.names;
    if tags.len() > LIMITS.topics_per_article {
        repairs.push(format!(
            "it has {} topics; the first {} are kept",
            tags.len(),
            LIMITS.topics_per_article
        ));
        tags.truncate(LIMITS.topics_per_article);
    }
    for tag in &mut tags {
        *tag = cut_chars(std::mem::take(tag), LIMITS.name_chars).0;
    }
    if authors.len() > LIMITS.authors_per_article {
        repairs.push(format!(
            "it has {} authors; the first {} are kept",
            authors.len(),
            LIMITS.authors_per_article
        ));
        authors.truncate(LIMITS.authors_per_article);
    }
    for author in &mut authors {
        author.name = cut_chars(std::mem::take(&mut author.name), LIMITS.name_chars).0;
    }

    let reading_minutes = match (&body, raw.reading_minutes.text) {
        (Body::Empty, Some(given)) => given.parse().unwrap_or(0),
        _ => reading_minutes(&body),
    };
    builder.add(crate::archive::RawArticle {
        feed_position: index + 1,
        id: id.clone(),
        slug_hint: non_empty(raw.slug.0),
        title,
        summary,
        body,
        // An item dated only by its last change is dated by it: shown, sorted and neighboured
        // like any other, rather than undated.
        published: published.or(modified),
        modified,
        authors,
        tags,
        url,
        external_url,
        image,
        banner_image,
        language: non_empty(raw.language.0),
        reading_minutes,
    });
    if !repairs.is_empty() {
        report.repaired.push(ItemNote {
            index,
            id: Some(id),
            message: repairs.join("; "),
        });
    }
}

fn read_date(field: &str, text: Option<&str>, repairs: &mut Vec<String>) -> Option<FeedDate> {
    let text = text?;
    match parse_feed_date(text) {
        ParsedDate::Exact(date) => Some(date),
        ParsedDate::Repaired(date, why) => {
            repairs.push(format!("its {field} “{text}” {why}"));
            Some(date)
        }
        ParsedDate::Invalid => {
            repairs.push(format!("its {field} “{text}” is not a date; it sorts last"));
            None
        }
    }
}

/// `content_text` → paragraphs on blank lines; each paragraph keeps its line breaks.
pub fn paragraphs(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_string());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn body_plain_text(body: &Body) -> Option<String> {
    match body {
        Body::Html(html) => Some(strip_tags(html)),
        Body::Text(paragraphs) => paragraphs.first().map(|lines| lines.join(" ")),
        Body::Empty => None,
    }
}

/// The text of some HTML with its tags dropped: for word counts and made-up headlines only,
/// never for display as HTML.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

/// The first words of `text`, at most about 80 characters, cut at a word boundary.
fn headline_from(text: &str) -> String {
    const LIMIT: usize = 80;
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in words.iter() {
        if !out.is_empty() && out.chars().count() + 1 + word.chars().count() > LIMIT {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > LIMIT {
        out = out.chars().take(LIMIT).collect::<String>() + "…";
    }
    out
}

fn reading_minutes(body: &Body) -> u32 {
    const WORDS_PER_MINUTE: usize = 230;
    let words = match body {
        Body::Html(html) => strip_tags(html).split_whitespace().count(),
        Body::Text(paragraphs) => paragraphs
            .iter()
            .flatten()
            .map(|line| line.split_whitespace().count())
            .sum(),
        Body::Empty => 0,
    };
    u32::try_from(words.div_ceil(WORDS_PER_MINUTE))
        .unwrap_or(u32::MAX)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split reader (the browser's, a slice at a time) against the whole-file reader.
    fn both_readers(text: &str) -> (Result<Archive, FeedError>, Result<Archive, FeedError>) {
        let split = parse_feed(text);
        let whole = FeedLoader::read_whole(text).and_then(|mut loader| {
            while loader.load(usize::MAX)? {}
            Ok(loader.finish())
        });
        (split, whole)
    }

    /// Every fixture, and every fixture with one byte taken out or one character put in at
    /// positions across the file: the two readers give the same archive or the same error.
    #[test]
    fn the_split_reader_agrees_with_the_whole_file_reader() {
        let fixtures = [
            include_str!("../tests/fixtures/feed-1.0.json"),
            include_str!("../tests/fixtures/feed-collisions.json"),
            include_str!("../tests/fixtures/feed-i18n.json"),
            include_str!("../tests/fixtures/feed-messy.json"),
        ];
        for fixture in fixtures {
            let (split, whole) = both_readers(fixture);
            assert!(split.is_ok());
            assert_eq!(split, whole);
            let boundaries: Vec<usize> = (0..=fixture.len())
                .filter(|&i| fixture.is_char_boundary(i))
                .collect();
            for (n, window) in boundaries.windows(2).enumerate().step_by(3) {
                let (at, next) = (window[0], window[1]);
                let cut = format!("{}{}", &fixture[..at], &fixture[next..]);
                let (split, whole) = both_readers(&cut);
                assert_eq!(split, whole, "without the character at byte {at}");
                let inserted = ["\"", ",", "]", "}", "\\", "x"][n % 6];
                let added = format!("{}{inserted}{}", &fixture[..at], &fixture[at..]);
                let (split, whole) = both_readers(&added);
                assert_eq!(split, whole, "with {inserted} at byte {at}");
            }
        }
    }

    #[test]
    fn a_broken_item_is_reported_where_it_is_in_the_file() {
        let text = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\",\n\"items\": [\n{\"id\": \"1\"},\n{\"id\": 2 3}\n]}";
        match parse_feed(text) {
            Err(FeedError::NotJson { line, column, .. }) => assert_eq!((line, column), (4, 10)),
            other => panic!("expected a JSON error, got {other:?}"),
        }
    }
}
