//! The loaded archive: articles in newest-first order, authors and topics with their posting
//! lists, and lookups by slug.
//!
//! Every order here is total and independent of hash-map iteration, so two builds of the same
//! feed render byte for byte the same (prerendered pages hydrate against it).

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use crate::cards::{CardChunk, CardChunks, CardError};
use crate::dates::FeedDate;
use crate::facets::{attach_gaps, FacetError, FacetIndex, FacetTop, FirstView};
use crate::filter::SortOrder;
use crate::model::{
    Article, ArticleIdx, Author, AuthorIdx, Body, FeedInfo, FeedReport, Topic, TopicIdx,
};
use crate::postings::PostingLists;
use crate::route::Route;
use crate::slug::slug;

/// Names and slugs to positions: only looked up, never listed, so a hash map (a B-tree's string
/// comparisons cost a loaded archive's reading more than anything else in WebAssembly).
pub(crate) type Lookup = HashMap<String, u32, LookupHasher>;

/// The site builder hashes with std's random keys, which keep a hostile feed from making its
/// maps slow. In the browser std has no source of randomness and uses fixed keys, so SipHash
/// protects nothing there and only costs: a large archive's loading hashes every id, slug and
/// name, and FNV-1a is several times faster on such short keys.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type LookupHasher = std::collections::hash_map::RandomState;
/// See the native definition.
#[cfg(target_arch = "wasm32")]
pub(crate) type LookupHasher = std::hash::BuildHasherDefault<Fnv1a>;

/// FNV-1a, 64-bit: see [`LookupHasher`].
#[cfg(target_arch = "wasm32")]
pub(crate) struct Fnv1a(u64);

#[cfg(target_arch = "wasm32")]
impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

#[cfg(target_arch = "wasm32")]
impl std::hash::Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A whole feed, ready to list, filter and look up.
#[derive(Debug, Clone, PartialEq)]
pub struct Archive {
    /// Site name, tagline, links.
    pub info: FeedInfo,
    /// Newest first: by publication instant descending, then id ascending; undated last. Only
    /// the newest page in an archive read from a head ([`Archive::from_head`]).
    pub articles: Vec<Article>,
    /// How many articles the archive has: the length of `articles` once it is whole.
    pub article_count: usize,
    /// Whether this archive was read from the head of the site builder's data: the articles
    /// past the newest page come in chunks of cards (see `card_chunks`), while every count,
    /// filter and facet below already covers the whole archive.
    pub from_head: bool,
    /// Every author met in a byline, in order of first appearance in the feed.
    pub authors: Vec<Author>,
    /// Every topic met, in order of first appearance in the feed.
    pub topics: Vec<Topic>,
    /// How many authors the whole archive has: as many as `authors` holds, but in a preview of
    /// a head (see [`ArchiveBuilder::preview`]), which holds only those its first view shows.
    pub author_total: usize,
    /// How many topics the whole archive has, likewise.
    pub topic_total: usize,
    /// For each author, the articles that name them, ascending (so newest first). Shared, so
    /// that a handle on the archive clones cheaply.
    pub author_postings: Rc<PostingLists>,
    /// For each topic, its articles, ascending (so newest first). Shared likewise.
    pub topic_postings: Rc<PostingLists>,
    /// Article positions oldest first: instant ascending, then id ascending; undated last.
    pub oldest_first: Vec<ArticleIdx>,
    /// Authors as their facet lists them: most articles first, then by name.
    pub author_facet_order: Vec<AuthorIdx>,
    /// Topics as their facet lists them: most articles first, then by name.
    pub topic_facet_order: Vec<TopicIdx>,
    /// What loading skipped or repaired.
    pub report: FeedReport,
    /// Whether the archive was read from the site builder's index, whose articles with a page
    /// of their own ([`crate::route::has_own_page`]) have their bodies in those pages (see
    /// [`crate::markup::body_in_page`]), not here.
    pub body_pages: bool,
    /// Where the cards of the articles past a head are (see [`crate::cards`]): named by the
    /// head's facet file; none in an archive that holds every article.
    pub card_chunks: CardChunks,
    /// Each article's topics, by position, packed for the filter's counting loop. Read from a
    /// head of the index, they are worked out from the posting lists when first needed (by the
    /// app's preparation of the filters while the first view is shown), not before it.
    article_topics: OnceCell<Rc<PackedLists>>,
    /// Each article's authors, by position, packed likewise.
    article_authors: OnceCell<Rc<PackedLists>>,
    /// The topics' and the authors' packed lists while they are worked out in steps (see
    /// [`Archive::prepare_filters_ahead`]).
    transposing: [RefCell<Option<Transposing>>; 2],
    article_by_slug: Lookup,
    author_by_slug: ValueLookup,
    topic_by_slug: ValueLookup,
}

/// Slugs to positions among an archive's authors or topics. A head of a large index enters
/// every name of the archive before its first view (13,769 at 100,000 articles), and that view
/// looks none of them up: its lookups are made from the values' slugs when first used (by the
/// app's preparation of the filters while the first view is shown), not before it.
#[derive(Debug, Clone, Default)]
struct ValueLookup(OnceCell<Lookup>);

impl ValueLookup {
    /// A lookup made already.
    fn made(lookup: Lookup) -> Self {
        Self(OnceCell::from(lookup))
    }

    /// The position of the value with `slug`, among the values whose slugs are `slugs` in order
    /// (no two share one).
    fn get(&self, slug: &str, slugs: &mut dyn ExactSizeIterator<Item = &str>) -> Option<u32> {
        let lookup = self.0.get_or_init(|| {
            let mut lookup = Lookup::default();
            lookup.reserve(slugs.len());
            for (position, slug) in slugs.enumerate() {
                lookup.insert(slug.to_string(), position as u32);
            }
            lookup
        });
        lookup.get(slug).copied()
    }
}

/// Made from the values, which archives compare.
impl PartialEq for ValueLookup {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// One short list of values per article, all in one array: counting a facet walks thousands of
/// articles' values, and reading them in order from one array is several times faster than
/// following each article's own list on the heap.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct PackedLists {
    /// Where each article's values start in `values`, plus the end of the last.
    starts: Vec<u32>,
    values: Vec<u32>,
}

impl PackedLists {
    fn with_capacity(articles: usize) -> Self {
        let mut starts = Vec::with_capacity(articles + 1);
        starts.push(0);
        Self {
            starts,
            values: Vec::new(),
        }
    }

    /// Appends the next article's values.
    fn push(&mut self, values: &[u32]) {
        self.values.extend_from_slice(values);
        self.starts.push(self.values.len() as u32);
    }

    /// The values of the article at `position` (empty past the end).
    pub(crate) fn of(&self, position: ArticleIdx) -> &[u32] {
        let at = position as usize;
        match (self.starts.get(at), self.starts.get(at + 1)) {
            (Some(&start), Some(&end)) => {
                self.values.get(start as usize..end as usize).unwrap_or(&[])
            }
            _ => &[],
        }
    }
}

/// Each article's values, as [`PackedLists`], from each value's ascending posting list (so an
/// article's values come out ascending), worked out in steps: each value's articles counted,
/// then placed, a few lists at a time: two passes over every position, which in one task
/// would be a long one in the browser, and in steps is a short task each.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Transposing {
    /// Each article's count of values so far (at `position + 1`), then where its values start.
    starts: Vec<u32>,
    /// Lists counted so far.
    counted: usize,
    /// Where each article's next value goes, once every list is counted.
    next: Vec<u32>,
    /// The values placed so far.
    values: Vec<u32>,
    /// Lists placed so far.
    placed: usize,
}

impl Transposing {
    fn new(articles: usize) -> Self {
        Self {
            starts: vec![0; articles + 1],
            ..Self::default()
        }
    }

    /// Counts, or once all are counted places, the next lists' positions, about `postings` of
    /// them; the packed lists once every list is placed.
    fn step(&mut self, postings: &[Vec<ArticleIdx>], budget: usize) -> Option<PackedLists> {
        let mut done = 0;
        while self.counted < postings.len() && done < budget {
            for &position in &postings[self.counted] {
                if let Some(count) = self.starts.get_mut(position as usize + 1) {
                    *count += 1;
                }
            }
            done += postings[self.counted].len() + 1;
            self.counted += 1;
            if self.counted == postings.len() {
                for at in 1..self.starts.len() {
                    self.starts[at] += self.starts[at - 1];
                }
                self.next = self.starts.clone();
                self.values = vec![0; self.starts.last().map_or(0, |&n| n as usize)];
            }
        }
        if self.counted < postings.len() {
            return None;
        }
        while self.placed < postings.len() && done < budget {
            let value = self.placed as u32;
            for &position in &postings[self.placed] {
                if let Some(at) = self.next.get_mut(position as usize) {
                    if let Some(slot) = self.values.get_mut(*at as usize) {
                        *slot = value;
                    }
                    *at += 1;
                }
            }
            done += postings[self.placed].len() + 1;
            self.placed += 1;
        }
        (self.placed == postings.len()).then(|| PackedLists {
            starts: std::mem::take(&mut self.starts),
            values: std::mem::take(&mut self.values),
        })
    }
}

impl Archive {
    /// Each article's topics, by position (see the field).
    pub(crate) fn article_topics(&self) -> &PackedLists {
        let [topics, _] = &self.transposing;
        packed(
            &self.article_topics,
            topics,
            &self.topic_postings,
            self.article_count,
        )
    }

    /// Each article's authors, by position.
    pub(crate) fn article_authors(&self) -> &PackedLists {
        let [_, authors] = &self.transposing;
        packed(
            &self.article_authors,
            authors,
            &self.author_postings,
            self.article_count,
        )
    }

    /// Gets the filters ready ahead of the first click, about `postings` positions' worth a
    /// call: decodes the posting lists read from a facet file ([`PostingLists::decode_ahead`]),
    /// then works out each article's topics and authors from them. `true` once all is done.
    /// Each call is short enough for a task of its own: a click waits for one at most, and
    /// what it still needs it finishes itself.
    pub fn prepare_filters_ahead(&self, postings: usize) -> bool {
        // Lists still without their gaps have nothing to decode yet.
        if !self.can_filter() {
            return true;
        }
        if !(self.topic_postings.decode_ahead(postings)
            && self.author_postings.decode_ahead(postings))
        {
            return false;
        }
        let [topic_state, author_state] = &self.transposing;
        for (packed, state, lists) in [
            (&self.article_topics, topic_state, &self.topic_postings),
            (&self.article_authors, author_state, &self.author_postings),
        ] {
            if packed.get().is_some() {
                continue;
            }
            let mut state = state.borrow_mut();
            let state = state.get_or_insert_with(|| Transposing::new(self.article_count));
            if let Some(done) = state.step(lists.lists(), postings) {
                let _ = packed.set(Rc::new(done));
            }
            return false;
        }
        true
    }

    /// The article with this slug.
    pub fn article_by_slug(&self, slug: &str) -> Option<ArticleIdx> {
        self.article_by_slug.get(slug).copied()
    }

    /// The author with this slug.
    pub fn author_by_slug(&self, slug: &str) -> Option<AuthorIdx> {
        let mut slugs = self.authors.iter().map(|author| author.slug.as_str());
        self.author_by_slug.get(slug, &mut slugs)
    }

    /// The topic with this slug.
    pub fn topic_by_slug(&self, slug: &str) -> Option<TopicIdx> {
        let mut slugs = self.topics.iter().map(|topic| topic.slug.as_str());
        self.topic_by_slug.get(slug, &mut slugs)
    }

    /// Makes the lookups of authors and topics by slug now, if they are still to be made (see
    /// `ValueLookup`): for a caller with time to spare before a reader's first click.
    pub fn prepare_lookups(&self) {
        self.author_by_slug("");
        self.topic_by_slug("");
    }

    /// The article at a position; positions come from this archive, so this only fails on a
    /// position from another archive.
    pub fn article(&self, idx: ArticleIdx) -> Option<&Article> {
        self.articles.get(idx as usize)
    }

    /// The author at an index.
    pub fn author(&self, idx: AuthorIdx) -> Option<&Author> {
        self.authors.get(idx as usize)
    }

    /// The topic at an index.
    pub fn topic(&self, idx: TopicIdx) -> Option<&Topic> {
        self.topics.get(idx as usize)
    }

    /// What an article's relative URLs resolve against (SPEC §1): its `url`, else the feed's
    /// home page; `None` when neither is an absolute http(s) URL.
    pub fn base_url(&self, article: &Article) -> Option<crate::urls::BaseUrl> {
        use crate::urls::BaseUrl;
        let home = self.info.home_page_url.as_deref().and_then(BaseUrl::parse);
        BaseUrl::for_item(article.url.as_deref(), home.as_ref())
    }

    /// The name of the view a route shows, for the document title: the headline, author or
    /// topic name, "Page not found" for a path that names nothing, `None` for the home page.
    pub fn view_title(&self, route: &Route) -> Option<String> {
        let found = match route {
            Route::Home => return None,
            Route::Article(slug) => self
                .article_by_slug(slug)
                .and_then(|i| self.article(i))
                .map(|a| a.title.clone()),
            Route::Author(slug) => self
                .author_by_slug(slug)
                .and_then(|i| self.author(i))
                .map(|a| a.name.clone()),
            Route::Topic(slug) => self
                .topic_by_slug(slug)
                .and_then(|i| self.topic(i))
                .map(|t| t.name.clone()),
            Route::NotFound => None,
        };
        Some(found.unwrap_or_else(|| "Page not found".to_string()))
    }

    /// How many articles name this author.
    pub fn author_article_count(&self, idx: AuthorIdx) -> usize {
        self.author_postings.count(idx as usize)
    }

    /// How many articles carry this topic.
    pub fn topic_article_count(&self, idx: TopicIdx) -> usize {
        self.topic_postings.count(idx as usize)
    }

    /// Gives an archive read from a head (see [`ArchiveBuilder::finish_head`]) with only the
    /// header of its facet file the file's gaps, and checks its articles against them: the
    /// archive is set up, and shown, while the gaps are still arriving. Gaps that do not fit
    /// the lists, or do not list the head's articles, are checked on copies of the lists and
    /// not attached: the archive still cannot filter, and the caller reads the index instead.
    pub fn attach_facet_gaps(&self, gaps: &[u8]) -> Result<(), FacetError> {
        let (topics, authors) = (
            PostingLists::clone(&self.topic_postings),
            PostingLists::clone(&self.author_postings),
        );
        attach_gaps(&topics, &authors, gaps)?;
        self.check_head_listed(&topics, &authors)?;
        attach_gaps(&self.topic_postings, &self.author_postings, gaps)
    }

    /// Whether the archive can list its articles oldest first: not a preview of a head (see
    /// [`ArchiveBuilder::preview`]), whose order oldest first comes with the facet file's
    /// header.
    pub fn can_sort_oldest(&self) -> bool {
        self.oldest_first.len() == self.article_count
    }

    /// Whether the archive can list its articles, `filtered` or not, in `order` now: a head
    /// whose facet file is still arriving cannot filter yet, nor a preview of it list oldest
    /// first. The views that cannot say their articles are loading until it can.
    pub fn can_list(&self, filtered: bool, order: SortOrder) -> bool {
        (!filtered || self.can_filter()) && (order == SortOrder::Newest || self.can_sort_oldest())
    }

    /// Whether the posting lists hold their articles, so that the archive can be filtered: not
    /// yet on a head whose facet file's gaps are still to come (see
    /// [`Archive::attach_facet_gaps`]), when only the counts are in.
    pub fn can_filter(&self) -> bool {
        self.topic_postings.is_complete() && self.author_postings.is_complete()
    }

    /// Whether each article of a head is in the posting list of each of its values, read
    /// without decoding the lists, which the first view does not need. (The articles of each
    /// chunk of cards are checked likewise as it comes: see [`ArchiveBuilder::into_chunk`].)
    fn check_head_listed(
        &self,
        topic_postings: &PostingLists,
        author_postings: &PostingLists,
    ) -> Result<(), FacetError> {
        let listed = |values: &[u32], postings: &PostingLists, position: ArticleIdx| {
            (values.iter()).all(|&v| postings.contains(v as usize, position))
        };
        let all_listed = self.articles.iter().enumerate().all(|(position, article)| {
            let position = position as ArticleIdx;
            listed(&article.topics, topic_postings, position)
                && listed(&article.authors, author_postings, position)
        });
        all_listed
            .then_some(())
            .ok_or(FacetError("it does not match the index"))
    }
}

/// The packed lists in `cell`, worked out from `postings` the first time they are needed: from
/// where `state` left them, when [`Archive::prepare_filters_ahead`] has begun. Lists whose
/// gaps are still to come give none, and are worked out once they are in.
fn packed<'a>(
    cell: &'a OnceCell<Rc<PackedLists>>,
    state: &RefCell<Option<Transposing>>,
    postings: &PostingLists,
    articles: usize,
) -> &'a PackedLists {
    static NOT_YET: PackedLists = PackedLists {
        starts: Vec::new(),
        values: Vec::new(),
    };
    if !postings.is_complete() {
        return &NOT_YET;
    }
    cell.get_or_init(|| {
        let mut state = state.take().unwrap_or_else(|| Transposing::new(articles));
        loop {
            if let Some(done) = state.step(postings.lists(), usize::MAX) {
                return Rc::new(done);
            }
        }
    })
}

/// An author as a feed item names them, before slugs are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAuthor {
    /// Display name; non-empty.
    pub name: String,
    /// Profile link.
    pub url: Option<String>,
    /// Picture.
    pub avatar: Option<String>,
    /// `_bio`.
    pub bio: Option<String>,
}

/// An item after field-level repairs, before slugs and order are assigned.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// 1-based index of the item in the feed's `items`: the slug of last resort.
    pub feed_position: usize,
    /// Unique id.
    pub id: String,
    /// `_slug`, when given.
    pub slug_hint: Option<String>,
    /// Non-empty headline.
    pub title: String,
    /// Dek.
    pub summary: Option<String>,
    /// Body.
    pub body: Body,
    /// Publication date.
    pub published: Option<FeedDate>,
    /// Modification date.
    pub modified: Option<FeedDate>,
    /// Byline.
    pub authors: Vec<RawAuthor>,
    /// Topic names as written.
    pub tags: Vec<String>,
    /// Permalink.
    pub url: Option<String>,
    /// Source link.
    pub external_url: Option<String>,
    /// Image.
    pub image: Option<String>,
    /// Banner image.
    pub banner_image: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Reading time.
    pub reading_minutes: u32,
}

/// Collects items in feed order and turns them into an [`Archive`].
#[derive(Debug)]
pub struct ArchiveBuilder {
    info: FeedInfo,
    topic_descriptions: BTreeMap<String, String>,
    articles: Vec<Article>,
    /// Every article's slug; its position once sorted ([`ArchiveBuilder::finish`]).
    article_slugs: Lookup,
    authors: Vec<Author>,
    author_by_slug: Lookup,
    topics: Vec<Topic>,
    topic_by_slug: Lookup,
    /// Byline names and tags as written, to what they stand for ([`NO_VALUE`] when their slug is
    /// empty): a name recurs on thousands of articles, and its slug is worked out once.
    author_by_name: Lookup,
    topic_by_name: Lookup,
    /// The articles are in newest-first order ([`ArchiveBuilder::sort`]).
    sorted: bool,
    /// Each article came after the one before it in newest-first order, so sorting has nothing
    /// to do. Checked as each arrives: checked at the end, it would be a task of its own when
    /// a large index arrives.
    in_order: bool,
}

/// What a name with an empty slug stands for: no author or topic.
const NO_VALUE: u32 = u32::MAX;

impl ArchiveBuilder {
    /// Starts an archive; `topic_descriptions` is the feed's `_topics`, keyed by topic name.
    pub fn new(info: FeedInfo, topic_descriptions: BTreeMap<String, String>) -> Self {
        let mut by_slug = BTreeMap::new();
        for (name, description) in topic_descriptions {
            by_slug.insert(slug(&name), description);
        }
        let topic_descriptions = by_slug;
        Self {
            info,
            topic_descriptions,
            articles: Vec::new(),
            article_slugs: Lookup::default(),
            authors: Vec::new(),
            author_by_slug: Lookup::default(),
            topics: Vec::new(),
            topic_by_slug: Lookup::default(),
            author_by_name: Lookup::default(),
            topic_by_name: Lookup::default(),
            sorted: false,
            in_order: true,
        }
    }

    /// Makes room for `count` more articles at once (a large archive's array is not grown, and
    /// copied, step by step).
    pub fn reserve(&mut self, count: usize) {
        self.articles.reserve_exact(count);
        self.article_slugs.reserve(count);
    }

    /// Adds the next item in feed order. Ids must already be unique.
    pub fn add(&mut self, raw: RawArticle) {
        self.sorted = false;
        let slug = self.unique_article_slug(&raw);
        let mut authors = Vec::new();
        for author in raw.authors {
            if let Some(idx) = self.intern_author(author) {
                if !authors.contains(&idx) {
                    authors.push(idx);
                }
            }
        }
        let mut topics = Vec::new();
        for tag in raw.tags {
            if let Some(idx) = self.intern_topic(&tag) {
                if !topics.contains(&idx) {
                    topics.push(idx);
                }
            }
        }
        let language = raw.language.or_else(|| self.info.language.clone());
        let article = Article {
            id: raw.id,
            slug,
            title: raw.title,
            summary: raw.summary,
            body: raw.body,
            published: raw.published,
            modified: raw.modified,
            authors,
            topics,
            url: raw.url,
            external_url: raw.external_url,
            image: raw.image,
            banner_image: raw.banner_image,
            language,
            reading_minutes: raw.reading_minutes,
        };
        if let Some(last) = self.articles.last() {
            self.in_order &= date_key(last, newest_first) <= date_key(&article, newest_first);
        }
        self.articles.push(article);
    }

    fn unique_article_slug(&mut self, raw: &RawArticle) -> String {
        // Each source only when the one before gives nothing.
        let mut base = String::new();
        for source in [raw.slug_hint.as_deref(), Some(&raw.title), Some(&raw.id)]
            .into_iter()
            .flatten()
        {
            base = slug(source);
            if !base.is_empty() {
                break;
            }
        }
        if base.is_empty() {
            base = raw.feed_position.to_string();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while self.article_slugs.contains_key(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        let position = self.articles.len() as ArticleIdx;
        self.article_slugs.insert(candidate.clone(), position);
        candidate
    }

    fn intern_author(&mut self, raw: RawAuthor) -> Option<AuthorIdx> {
        let idx = match self.author_by_name.get(&raw.name) {
            Some(&idx) => idx,
            None => {
                let idx = self.author_for(&raw.name);
                self.author_by_name.insert(raw.name, idx);
                idx
            }
        };
        // The first mention with a link, picture or bio gives it.
        let known = self.authors.get_mut(idx as usize)?;
        known.url = known.url.take().or(raw.url);
        known.avatar = known.avatar.take().or(raw.avatar);
        known.bio = known.bio.take().or(raw.bio);
        Some(idx)
    }

    /// The author a byline name stands for, by its slug; added when new.
    fn author_for(&mut self, name: &str) -> u32 {
        self.author_named(Cow::Borrowed(name))
    }

    /// [`Self::author_for`], keeping the name given when it is new.
    fn author_named(&mut self, name: Cow<'_, str>) -> u32 {
        let key = slug(&name);
        if key.is_empty() {
            return NO_VALUE;
        }
        match self.author_by_slug.entry(key) {
            Entry::Occupied(known) => *known.get(),
            Entry::Vacant(new) => {
                let Ok(idx) = AuthorIdx::try_from(self.authors.len()) else {
                    return NO_VALUE;
                };
                self.authors.push(Author {
                    slug: new.key().clone(),
                    name: name.into_owned(),
                    url: None,
                    avatar: None,
                    bio: None,
                });
                new.insert(idx);
                idx
            }
        }
    }

    fn intern_topic(&mut self, tag: &str) -> Option<TopicIdx> {
        let idx = match self.topic_by_name.get(tag) {
            Some(&idx) => idx,
            None => {
                let idx = self.topic_for(tag.trim());
                self.topic_by_name.insert(tag.to_string(), idx);
                idx
            }
        };
        (idx != NO_VALUE).then_some(idx)
    }

    /// The topic a tag stands for, by its slug; added when new.
    fn topic_for(&mut self, name: &str) -> u32 {
        self.topic_named(Cow::Borrowed(name))
    }

    /// [`Self::topic_for`], keeping the name given when it is new.
    fn topic_named(&mut self, name: Cow<'_, str>) -> u32 {
        let key = slug(&name);
        if key.is_empty() {
            return NO_VALUE;
        }
        match self.topic_by_slug.entry(key) {
            Entry::Occupied(known) => *known.get(),
            Entry::Vacant(new) => {
                let Ok(idx) = TopicIdx::try_from(self.topics.len()) else {
                    return NO_VALUE;
                };
                self.topics.push(Topic {
                    description: self.topic_descriptions.get(new.key()).cloned(),
                    slug: new.key().clone(),
                    name: name.into_owned(),
                });
                new.insert(idx);
                idx
            }
        }
    }

    /// Every author and topic of a head of the site builder's index, by name, in its facet
    /// file's order, so that its few articles and the posting lists number them alike. Each
    /// name is a value of its own, as the builder wrote them: its slug is worked out, and no
    /// lookup is made (see `ValueLookup`). `None` for a name without a slug, which the builder
    /// never writes.
    fn seeded(&self, author_names: Vec<String>, topic_names: Vec<String>) -> Option<Seeded> {
        let mut authors = Vec::with_capacity(author_names.len());
        for name in author_names {
            let slug = slug(&name);
            if slug.is_empty() {
                return None;
            }
            authors.push(Author {
                slug,
                name,
                url: None,
                avatar: None,
                bio: None,
            });
        }
        let mut topics = Vec::with_capacity(topic_names.len());
        for name in topic_names {
            let slug = slug(&name);
            if slug.is_empty() {
                return None;
            }
            let name = match name.trim() {
                trimmed if trimmed.len() == name.len() => name,
                trimmed => trimmed.to_string(),
            };
            let description = self.topic_descriptions.get(&slug).cloned();
            topics.push(Topic {
                description,
                slug,
                name,
            });
        }
        Some(Seeded { authors, topics })
    }

    /// Puts the articles newest first: instant descending, undated last, then id, and keeps the
    /// slugs' map pointing at each article's position. The first half of
    /// [`ArchiveBuilder::finish`], which a caller may run in a task of its own; done once,
    /// whoever asks first. A feed already in that order (the site builder's index is) is only
    /// checked.
    pub fn sort(&mut self) {
        if self.sorted {
            return;
        }
        self.sorted = true;
        if self.in_order {
            return;
        }
        self.in_order = true;
        let mut newest_order = date_order(&self.articles, newest_first);
        // Put the articles in that order where they are (no second array of them at the peak
        // of a large archive's loading): position i takes the article that was at
        // newest_order[i], found through the swaps already made.
        for i in 0..newest_order.len() {
            let mut from = newest_order[i] as usize;
            while from < i {
                from = newest_order[from] as usize;
            }
            newest_order[i] = from as u32;
            self.articles.swap(i, from);
        }
        for (position, article) in self.articles.iter().enumerate() {
            if let Some(entry) = self.article_slugs.get_mut(&article.slug) {
                *entry = position as ArticleIdx;
            }
        }
    }

    /// Sorts, indexes and returns the archive.
    pub fn finish(mut self, report: FeedReport) -> Archive {
        self.sort();
        let articles = self.articles;
        // Oldest first: instant ascending, undated last, then id.
        let oldest_first = date_order(&articles, |instant| instant);

        let mut author_postings = vec![Vec::new(); self.authors.len()];
        let mut topic_postings = vec![Vec::new(); self.topics.len()];
        let mut article_topics = PackedLists::with_capacity(articles.len());
        let mut article_authors = PackedLists::with_capacity(articles.len());
        for (position, article) in articles.iter().enumerate() {
            let position = position as ArticleIdx;
            article_topics.push(&article.topics);
            article_authors.push(&article.authors);
            for &a in &article.authors {
                author_postings[a as usize].push(position);
            }
            for &t in &article.topics {
                topic_postings[t as usize].push(position);
            }
        }

        let (author_postings, topic_postings) = (
            Rc::new(PostingLists::from(author_postings)),
            Rc::new(PostingLists::from(topic_postings)),
        );
        let author_slugs: Vec<&str> = self.authors.iter().map(|a| a.slug.as_str()).collect();
        let topic_slugs: Vec<&str> = self.topics.iter().map(|t| t.slug.as_str()).collect();
        let author_facet_order = facet_order(author_postings.counts(), &author_slugs);
        let topic_facet_order = facet_order(topic_postings.counts(), &topic_slugs);

        Archive {
            info: self.info,
            article_count: articles.len(),
            from_head: false,
            articles,
            author_total: self.authors.len(),
            topic_total: self.topics.len(),
            authors: self.authors,
            topics: self.topics,
            author_postings,
            topic_postings,
            oldest_first,
            author_facet_order,
            topic_facet_order,
            report,
            body_pages: false,
            card_chunks: CardChunks::default(),
            article_topics: OnceCell::from(Rc::new(article_topics)),
            article_authors: OnceCell::from(Rc::new(article_authors)),
            transposing: Default::default(),
            article_by_slug: self.article_slugs,
            author_by_slug: ValueLookup::made(self.author_by_slug),
            topic_by_slug: ValueLookup::made(self.topic_by_slug),
        }
    }

    /// A preview of a head's archive (see [`ArchiveBuilder::finish_head`]) made from the head
    /// alone, before its facet file's header is read: the head's articles, the archive's
    /// length, and each facet's largest values with their counts from `first`, which is what
    /// the home page's first view shows. It cannot filter, list oldest first or show a facet's
    /// other values: the app replaces it with the head's archive once the header is read (the
    /// head read again, which takes a millisecond).
    /// `None` when `first` does not fit the head (fewer articles than it has, a value without
    /// a slug, named twice or counting more articles than the archive has).
    pub fn preview(mut self, report: FeedReport, first: &FirstView) -> Option<Archive> {
        self.sort();
        let count = first.articles as usize;
        if self.articles.len() > count {
            return None;
        }
        let authors_shown = preview_facet(
            &first.authors,
            count,
            self.authors.len(),
            &self.author_by_slug,
        )?;
        let mut authors = self.authors;
        authors.extend(authors_shown.added.into_iter().map(|(slug, name)| Author {
            slug,
            name: name.to_string(),
            url: None,
            avatar: None,
            bio: None,
        }));
        let topics_shown =
            preview_facet(&first.topics, count, self.topics.len(), &self.topic_by_slug)?;
        let mut topics = self.topics;
        topics.extend(topics_shown.added.into_iter().map(|(slug, name)| Topic {
            description: self.topic_descriptions.get(&slug).cloned(),
            slug,
            name: name.trim().to_string(),
        }));
        Some(Archive {
            info: self.info,
            articles: self.articles,
            article_count: count,
            from_head: true,
            authors,
            topics,
            author_total: first.authors.values as usize,
            topic_total: first.topics.values as usize,
            author_postings: Rc::new(PostingLists::lengths_only(authors_shown.counts)),
            topic_postings: Rc::new(PostingLists::lengths_only(topics_shown.counts)),
            oldest_first: Vec::new(),
            author_facet_order: authors_shown.order,
            topic_facet_order: topics_shown.order,
            report,
            body_pages: false,
            card_chunks: CardChunks::default(),
            article_topics: OnceCell::new(),
            article_authors: OnceCell::new(),
            transposing: Default::default(),
            article_by_slug: self.article_slugs,
            author_by_slug: ValueLookup::default(),
            topic_by_slug: ValueLookup::default(),
        })
    }

    /// The archive of a head of the site builder's index: the newest articles read, and every
    /// name, count, filter and facet from `facets`. Fails when the two do not describe the same
    /// archive (files from two builds, or damaged ones): then the full index is read instead.
    ///
    /// The head's articles numbered their authors and topics as they came; here every author
    /// and topic is entered in the facet file's order (see [`ArchiveBuilder::seed`]), each one
    /// read keeps what the articles said of it (an author's link, picture and bio), and the
    /// articles are numbered anew. So the head can be read while the facet file is on its way.
    ///
    /// `facets` may be only the file's header, whose posting lists count but hold no article:
    /// the head's articles are then checked against the lists when their gaps come (see
    /// [`Archive::attach_facet_gaps`]).
    pub fn finish_head(
        mut self,
        report: FeedReport,
        facets: FacetIndex,
    ) -> Result<Archive, FacetError> {
        self.sort();
        let FacetIndex {
            article_count,
            topic_names,
            topic_postings,
            author_names,
            author_postings,
            oldest_first,
            cards,
        } = facets;
        let count = article_count as usize;
        let mismatch = FacetError("it does not match the index");
        let read_authors = std::mem::take(&mut self.authors);
        let read_topics = std::mem::take(&mut self.topics);
        let seeded = self.seeded(author_names, topic_names).ok_or(mismatch)?;
        (self.authors, self.topics) = (seeded.authors, seeded.topics);
        if topic_postings.len() != self.topics.len()
            || author_postings.len() != self.authors.len()
            || self.articles.len() > count
        {
            return Err(mismatch);
        }
        let author_at = positions_of(
            &mut read_authors.iter().map(|a| a.slug.as_str()),
            &mut self.authors.iter().map(|a| a.slug.as_str()),
        );
        let topic_at = positions_of(
            &mut read_topics.iter().map(|t| t.slug.as_str()),
            &mut self.topics.iter().map(|t| t.slug.as_str()),
        );
        let (author_at, topic_at) = (author_at.ok_or(mismatch)?, topic_at.ok_or(mismatch)?);
        for (read, &at) in read_authors.into_iter().zip(&author_at) {
            if let Some(known) = self.authors.get_mut(at as usize) {
                (known.url, known.avatar, known.bio) = (read.url, read.avatar, read.bio);
            }
        }
        for article in &mut self.articles {
            renumber(&mut article.authors, &author_at);
            renumber(&mut article.topics, &topic_at);
        }
        let author_slugs: Vec<&str> = self.authors.iter().map(|a| a.slug.as_str()).collect();
        let topic_slugs: Vec<&str> = self.topics.iter().map(|t| t.slug.as_str()).collect();
        let archive = Archive {
            info: self.info,
            articles: self.articles,
            article_count: count,
            from_head: true,
            author_facet_order: facet_order(author_postings.counts(), &author_slugs),
            topic_facet_order: facet_order(topic_postings.counts(), &topic_slugs),
            author_total: self.authors.len(),
            topic_total: self.topics.len(),
            authors: self.authors,
            topics: self.topics,
            author_postings: Rc::new(author_postings),
            topic_postings: Rc::new(topic_postings),
            oldest_first,
            report,
            body_pages: false,
            card_chunks: cards,
            article_topics: OnceCell::new(),
            article_authors: OnceCell::new(),
            transposing: Default::default(),
            article_by_slug: self.article_slugs,
            author_by_slug: ValueLookup::default(),
            topic_by_slug: ValueLookup::default(),
        };
        if archive.can_filter() {
            archive.check_head_listed(&archive.topic_postings, &archive.author_postings)?;
        }
        Ok(archive)
    }

    /// Chunk `chunk` of `head`'s cards (see [`crate::cards`]) from this reading of its file: its
    /// articles numbered as `head` numbers its authors and topics, and each checked against the
    /// head: as many as the chunk's place holds, each naming values the head has and listed
    /// under them, and the head's own articles where the two overlap. A chunk that does not fit
    /// is refused rather than shown with wrong links or counts.
    pub fn into_chunk(mut self, head: &Archive, chunk: usize) -> Result<CardChunk, CardError> {
        self.sort();
        let positions = head.card_chunks.positions(head.article_count, chunk);
        if self.articles.len() != positions.len() {
            return Err(CardError::WrongLength {
                expected: positions.len(),
                found: self.articles.len(),
            });
        }
        let author_to_head: Vec<Option<u32>> = (self.authors.iter())
            .map(|a| head.author_by_slug(&a.slug))
            .collect();
        let topic_to_head: Vec<Option<u32>> = (self.topics.iter())
            .map(|t| head.topic_by_slug(&t.slug))
            .collect();
        let to_head = |values: &mut Vec<u32>, map: &[Option<u32>], lists: &PostingLists, at| {
            for value in values.iter_mut() {
                match map.get(*value as usize).copied().flatten() {
                    Some(known) if !lists.is_complete() || lists.contains(known as usize, at) => {
                        *value = known;
                    }
                    _ => return false,
                }
            }
            true
        };
        let first = positions.start as ArticleIdx;
        for (article, position) in self.articles.iter_mut().zip(first..) {
            let fits = to_head(
                &mut article.authors,
                &author_to_head,
                &head.author_postings,
                position,
            ) && to_head(
                &mut article.topics,
                &topic_to_head,
                &head.topic_postings,
                position,
            ) && head
                .article(position)
                .is_none_or(|known| known.id == article.id);
            if !fits {
                return Err(CardError::Mismatch {
                    id: article.id.clone(),
                });
            }
        }
        let authors = (self.authors.into_iter())
            .zip(author_to_head)
            .filter(|(author, _)| {
                author.url.is_some() || author.avatar.is_some() || author.bio.is_some()
            })
            .filter_map(|(author, at)| Some((at?, author)))
            .collect();
        Ok(CardChunk {
            chunk,
            first,
            articles: self.articles,
            authors,
        })
    }
}

/// One facet of a preview (see [`ArchiveBuilder::preview`]).
struct PreviewFacet<'a> {
    /// Each value's count: 0 but for the first values, whose counts alone the preview shows.
    counts: Vec<u32>,
    /// The first values' positions, in facet order.
    order: Vec<u32>,
    /// The first values the head's articles do not name, to add after those: slug and name.
    added: Vec<(String, &'a str)>,
}

/// The facet of a preview whose head's articles name `read` values (`by_slug` finds them),
/// with the facet's first values, `top`, added where missing. `None` when a first value has
/// no slug, is named twice or counts more than `article_count`, or when the facet has fewer
/// values than the preview holds.
fn preview_facet<'a>(
    top: &'a FacetTop,
    article_count: usize,
    read: usize,
    by_slug: &Lookup,
) -> Option<PreviewFacet<'a>> {
    let mut shown = PreviewFacet {
        counts: vec![0; read],
        order: Vec::with_capacity(top.first.len()),
        added: Vec::new(),
    };
    for (name, count) in &top.first {
        let value_slug = slug(name);
        if value_slug.is_empty() || *count as usize > article_count {
            return None;
        }
        let known = by_slug.get(&value_slug).copied().or_else(|| {
            (shown.added.iter())
                .position(|(added, _)| *added == value_slug)
                .map(|at| (read + at) as u32)
        });
        let at = match known {
            Some(at) if shown.order.contains(&at) => return None,
            Some(at) => at,
            None => {
                shown.added.push((value_slug, name));
                shown.counts.push(0);
                (shown.counts.len() - 1) as u32
            }
        };
        *shown.counts.get_mut(at as usize)? = *count;
        shown.order.push(at);
    }
    (shown.counts.len() <= top.values as usize).then_some(shown)
}

/// A head's authors and topics, each entered as its facet file lists it.
struct Seeded {
    authors: Vec<Author>,
    topics: Vec<Topic>,
}

/// The position of each of the slugs `wanted` among the slugs `values`; `None` when one is
/// missing. The values are scanned in order until all are found, each looked up among the
/// wanted ones (a few dozen, entered in a small map), without a lookup of them all: a head's
/// few articles name mostly the archive's prolific authors and busy topics, which its facet
/// file lists first. (Comparing each value with every wanted slug in turn would cost a scan
/// of the long tail, which a head's articles reach too.)
fn positions_of<'a>(
    wanted: &mut dyn Iterator<Item = &'a str>,
    values: &mut dyn Iterator<Item = &'a str>,
) -> Option<Vec<u32>> {
    let mut wanted_at = Lookup::default();
    let mut positions = Vec::new();
    for slug in wanted {
        wanted_at.insert(slug.to_string(), positions.len() as u32);
        positions.push(NO_VALUE);
    }
    // A slug wanted twice keeps its last place only, so the first is never found: `None`.
    let mut missing = positions.len();
    for (position, slug) in values.enumerate() {
        if missing == 0 {
            break;
        }
        let found = wanted_at
            .get(slug)
            .and_then(|&at| positions.get_mut(at as usize));
        if let Some(found) = found.filter(|found| **found == NO_VALUE) {
            *found = position as u32;
            missing -= 1;
        }
    }
    (missing == 0).then_some(positions)
}

/// Each value replaced by its number in the head (`to_head`, indexed by this reading's number).
fn renumber<'a>(values: impl IntoIterator<Item = &'a mut u32>, to_head: &[u32]) {
    for value in values {
        *value = to_head.get(*value as usize).copied().unwrap_or(*value);
    }
}

/// Values by article count descending, then by name. Names compare by their slugs, which are
/// unique and already case-folded, so the order is total and the same in every browser.
fn facet_order(counts: &[u32], slugs: &[&str]) -> Vec<u32> {
    // A head of the site builder's index lists its values in this order already: checking
    // costs one comparison a value, where sorting ten thousand costs tens of milliseconds.
    // Most values of a long tail share their count with the next, so the slugs decide: they
    // are compared byte by byte here, most differing in their first bytes, rather than by a
    // call per pair.
    let before = |a: usize, b: usize| match counts[a].cmp(&counts[b]) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            let (a, b) = (slugs[a].as_bytes(), slugs[b].as_bytes());
            match a.iter().zip(b).find(|(x, y)| x != y) {
                Some((x, y)) => x < y,
                None => a.len() < b.len(),
            }
        }
    };
    if counts.len() == slugs.len() && (1..counts.len()).all(|i| before(i - 1, i)) {
        return (0..counts.len() as u32).collect();
    }
    sorted_order(
        (counts.iter())
            .zip(slugs)
            .map(|(&count, slug)| (-i128::from(count), *slug)),
    )
}

/// Positions of `articles` by `rank(instant)` ascending, undated last, then by id.
fn date_order(articles: &[Article], rank: impl Fn(i128) -> i128) -> Vec<u32> {
    sorted_order(articles.iter().map(|a| date_key(a, &rank)))
}

/// The rank of an instant in newest-first order: later instants first.
fn newest_first(instant: i128) -> i128 {
    -instant
}

/// An article's place in a date order: `rank(instant)`, undated last, then its id.
fn date_key(article: &Article, rank: impl Fn(i128) -> i128) -> (i128, &str) {
    (
        article.published.map_or(i128::MAX, |d| rank(d.instant())),
        article.id.as_str(),
    )
}

/// Positions of `keys` in ascending key order, ties by position. The texts are borrowed, not
/// copied (at 100,000 articles, copying every id for the sort was most of its cost). Every
/// order in the archive is computed through this one function (one sort in the download, not
/// one per comparator).
fn sorted_order<'a>(keys: impl Iterator<Item = (i128, &'a str)>) -> Vec<u32> {
    let mut keyed: Vec<(i128, &str, u32)> = keys
        .enumerate()
        .map(|(i, (rank, text))| (rank, text, i as u32))
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::{facet_order, preview_facet, Lookup, Transposing};
    use crate::facets::FacetTop;
    use proptest::prelude::*;

    #[test]
    fn a_preview_facet_adds_the_first_values_its_head_does_not_name_and_refuses_what_cannot_be() {
        // The head's articles name "economy" and "sport", in that order.
        let mut read = Lookup::default();
        read.insert("economy".into(), 0);
        read.insert("sport".into(), 1);
        let top = |values: u32, first: &[(&str, u32)]| FacetTop {
            values,
            first: first.iter().map(|&(n, c)| (n.to_string(), c)).collect(),
        };
        let first = top(30, &[("Politics", 50), ("Sport", 40), ("Climate", 9)]);
        let shown = preview_facet(&first, 100, 2, &read).expect("a preview");
        assert_eq!(shown.counts, [0, 40, 50, 9]);
        assert_eq!(shown.order, [2, 1, 3]);
        let added: Vec<(&str, &str)> = (shown.added.iter())
            .map(|(s, n)| (s.as_str(), *n))
            .collect();
        assert_eq!(added, [("politics", "Politics"), ("climate", "Climate")]);
        for refused in [
            top(30, &[("Politics", 50), ("politics", 40)]),
            top(30, &[("Sport", 50), ("SPORT", 40)]),
            top(30, &[("!!", 5)]),
            top(30, &[("Politics", 101)]),
            top(2, &[("Politics", 5)]),
        ] {
            assert!(
                preview_facet(&refused, 100, 2, &read).is_none(),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn articles_values_worked_out_in_steps_are_the_lists_transposed() {
        let postings = vec![vec![0, 2, 5], vec![], vec![1, 2], vec![5, 6]];
        let mut whole = Transposing::new(8);
        let whole = whole.step(&postings, usize::MAX).expect("done in one step");
        let expected: [&[u32]; 9] = [&[0], &[2], &[0, 2], &[], &[], &[0, 3], &[3], &[], &[]];
        for (position, values) in expected.iter().enumerate() {
            assert_eq!(whole.of(position as u32), *values, "article {position}");
        }
        for budget in [1, 2, 3, 5] {
            let mut stepped = Transposing::new(8);
            let mut steps = 1;
            let packed = loop {
                if let Some(done) = stepped.step(&postings, budget) {
                    break done;
                }
                steps += 1;
            };
            assert_eq!(packed, whole, "steps of {budget}");
            assert!(steps > 1 || budget > 10, "steps of {budget}: {steps}");
        }
    }

    /// The order as SPEC §3 states it: count descending, then slug.
    fn sorted(counts: &[u32], slugs: &[&str]) -> Vec<u32> {
        let mut order: Vec<u32> = (0..counts.len() as u32).collect();
        order.sort_by(|&a, &b| {
            (counts[b as usize].cmp(&counts[a as usize]))
                .then_with(|| slugs[a as usize].cmp(slugs[b as usize]))
        });
        order
    }

    #[test]
    fn values_in_facet_order_already_are_only_checked() {
        let slugs = ["politics", "ana", "anab", "b", "z", "a-b", "ab"];
        let counts = [9, 3, 3, 3, 3, 1, 1];
        assert_eq!(facet_order(&counts, &slugs), vec![0, 1, 2, 3, 4, 5, 6]);
        // A prefix after its longer slug, or a tie out of order, is sorted.
        let slugs = ["politics", "anab", "ana", "b"];
        assert_eq!(facet_order(&[9, 3, 3, 3], &slugs), vec![0, 2, 1, 3]);
    }

    proptest! {
        #[test]
        fn facet_order_is_count_then_slug(
            values in proptest::collection::btree_map("[a-c]{1,3}", 0u32..4, 0..12),
            in_order in any::<bool>(),
        ) {
            let mut values: Vec<(String, u32)> = values.into_iter().collect();
            if in_order {
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            }
            let slugs: Vec<&str> = values.iter().map(|(slug, _)| slug.as_str()).collect();
            let counts: Vec<u32> = values.iter().map(|(_, count)| *count).collect();
            prop_assert_eq!(facet_order(&counts, &slugs), sorted(&counts, &slugs));
        }
    }
}
