//! What of the archive the app has loaded so far: one state, changed by named actions (Yew's
//! `use_reducer`) and read by the shell and the views, which ask the archive what it can show
//! (`Archive::can_list`, `can_filter`).
//!
//! The archive arrives in stages (a large archive's head, then its facet file: see
//! `crate::load`), each a [`Action::Read`]. A head holds the newest page of articles; the cards
//! of any other come in chunks ([`newsroom_core::cards`]) fetched when a view asks for one of
//! their articles ([`ArchiveHandle::article`]), each a [`Action::Cards`]. Once the page is shown, the app asks how long the
//! `articles.json` served now is and compares it with what the index records
//! ([`newsroom_core::model::SourceStamp`]): a feed replaced without re-indexing is read
//! directly when the browser can read it ([`Action::ReadDirectly`]; later stages of the old
//! index are then ignored), or the page says the index is out of date ([`Action::OutOfDate`]).

use std::rc::Rc;

use yew::{Callback, Reducible};

use crate::load::LoadError;
use newsroom_core::archive::Archive;
use newsroom_core::cards::CardChunk;
use newsroom_core::model::{Article, ArticleIdx, Author, AuthorIdx};

/// The archive as components share it: cheap to clone, compared by identity (one load, one
/// archive, one set of chunks read), so props holding it compare in constant time. A head of
/// the index can be filtered only once its facet file's gaps are in ([`Archive::can_filter`]):
/// a handle made after that differs from one made before, so the views that filter render
/// again; likewise once a chunk of cards has come.
#[derive(Clone, Debug)]
pub struct ArchiveHandle {
    archive: Rc<Archive>,
    can_filter: bool,
    cards: Cards,
    /// Asks for the chunk of cards with this number, of this archive (see [`Self::article`]).
    want: Option<Callback<(Rc<Archive>, usize)>>,
}

impl ArchiveHandle {
    /// A handle on `archive` as it is now.
    pub fn new(archive: Rc<Archive>) -> Self {
        let can_filter = archive.can_filter();
        Self {
            archive,
            can_filter,
            cards: Cards::default(),
            want: None,
        }
    }

    /// This handle with the chunks of cards read so far, asking `want` for those a view needs.
    pub fn with_cards(&self, cards: &Cards, want: Callback<(Rc<Archive>, usize)>) -> Self {
        Self {
            cards: cards.clone(),
            want: Some(want),
            ..self.clone()
        }
    }

    /// The archive, to keep beyond the handle.
    pub fn shared(&self) -> Rc<Archive> {
        self.archive.clone()
    }

    /// The article at a position: from the archive, or from its chunk of cards once read. A
    /// chunk not asked for yet is asked for now (the view then says it is loading, and renders
    /// again when the chunk comes), not one that failed (see [`Action::RetryCards`]).
    pub fn article(&self, idx: ArticleIdx) -> Option<&Article> {
        if let Some(article) = self.archive.article(idx) {
            return Some(article);
        }
        let chunk = (self.archive.card_chunks).chunk_of(self.archive.article_count, idx)?;
        match self.cards.get(chunk) {
            Some(ChunkState::Read(read)) => read.article(idx),
            Some(_) => None,
            None => {
                if let Some(want) = &self.want {
                    want.emit((self.archive.clone(), chunk));
                }
                None
            }
        }
    }

    /// The article with this slug, among the archive's and the chunks read.
    pub fn article_by_slug(&self, slug: &str) -> Option<ArticleIdx> {
        self.archive.article_by_slug(slug).or_else(|| {
            self.cards.read().find_map(|read| {
                (read.articles.iter().position(|a| a.slug == slug))
                    .map(|at| read.first + at as ArticleIdx)
            })
        })
    }

    /// The author at an index, with their link, picture and bio when a chunk read gives them.
    pub fn author(&self, idx: AuthorIdx) -> Option<&Author> {
        let detailed = (self.cards.read())
            .find_map(|read| read.authors.iter().find(|(at, _)| *at == idx))
            .map(|(_, author)| author);
        detailed.or_else(|| self.archive.author(idx))
    }

    /// Whether a chunk of cards could not be read, so that some article a view asks for will
    /// not come until the reader retries.
    pub fn cards_failed(&self) -> bool {
        (self.cards.0.iter()).any(|(_, state)| matches!(state, ChunkState::Failed))
    }
}

/// Two handles on the same archive are alike while chunks of cards are on their way in both:
/// a page of cards from twenty chunks renders when the last comes, not at each.
impl PartialEq for ArchiveHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.archive, &other.archive)
            && self.can_filter == other.can_filter
            && (self.cards == other.cards || (self.cards.pending() && other.cards.pending()))
    }
}

/// Where a chunk of cards is.
#[derive(Clone, Debug, PartialEq)]
pub enum ChunkState {
    /// Asked for, on its way.
    Asked,
    /// Read.
    Read(Rc<CardChunk>),
    /// Could not be fetched or read (the console says why).
    Failed,
}

/// The chunks of cards asked for so far, by number (a reader's visit asks for a few dozen at
/// most, so a list is looked through). Compared by identity: each change makes a new one.
#[derive(Clone, Debug, Default)]
pub struct Cards(Rc<Vec<(usize, ChunkState)>>);

impl Cards {
    /// Whether a chunk is on its way: the view waiting for it says it is loading.
    pub fn pending(&self) -> bool {
        (self.0.iter()).any(|(_, state)| matches!(state, ChunkState::Asked))
    }

    /// Whether chunk `chunk` could not be read.
    pub fn failed(&self, chunk: usize) -> bool {
        matches!(self.get(chunk), Some(ChunkState::Failed))
    }

    /// Where chunk `chunk` is; `None` when not asked for.
    fn get(&self, chunk: usize) -> Option<&ChunkState> {
        (self.0.iter())
            .find(|(at, _)| *at == chunk)
            .map(|(_, state)| state)
    }

    fn read(&self) -> impl Iterator<Item = &CardChunk> {
        self.0.iter().filter_map(|(_, state)| match state {
            ChunkState::Read(read) => Some(read.as_ref()),
            _ => None,
        })
    }

    /// These chunks with `chunk` in `state`.
    fn with(&self, chunk: usize, state: ChunkState) -> Self {
        let mut chunks = self.0.as_ref().clone();
        chunks.retain(|(at, _)| *at != chunk);
        chunks.push((chunk, state));
        Self(Rc::new(chunks))
    }

    /// These chunks without those that failed, for a retry.
    fn without_failed(&self) -> Self {
        let mut chunks = self.0.as_ref().clone();
        chunks.retain(|(_, state)| !matches!(state, ChunkState::Failed));
        Self(Rc::new(chunks))
    }
}

impl PartialEq for Cards {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for ArchiveHandle {
    type Target = Archive;
    fn deref(&self) -> &Archive {
        &self.archive
    }
}

/// Where the archive is.
#[derive(Clone, PartialEq)]
pub enum LoadState {
    /// Read.
    Ready(ArchiveHandle),
    /// Not available, and why.
    Failed(LoadError),
}

impl LoadState {
    /// The state a reading of the archive leaves.
    pub fn of(read: Result<Rc<Archive>, LoadError>) -> Self {
        match read {
            Ok(archive) => Self::Ready(ArchiveHandle::new(archive)),
            Err(error) => Self::Failed(error),
        }
    }
}

/// Whether the archive shown is made from the `articles.json` the site serves now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Not known (yet): not checked, or the server did not say, or no index records it.
    Unchecked,
    /// The index was made from the feed served.
    Current,
    /// The feed was replaced after indexing, and the app shows it, read directly.
    ReadDirectly,
    /// The feed was replaced after indexing and is too large to read in the browser: the
    /// archive shown is the old index's, and the page says so.
    OutOfDate,
}

/// The app's loading state.
#[derive(Clone, PartialEq)]
pub struct Loading {
    /// The archive as far as read, or why it could not be.
    pub loaded: LoadState,
    /// Whether that archive is the feed's.
    pub source: Source,
    /// The chunks of that archive's cards asked for so far.
    pub cards: Cards,
}

impl Loading {
    /// The state the app mounts with.
    pub fn new(loaded: LoadState) -> Self {
        Self {
            loaded,
            source: Source::Unchecked,
            cards: Cards::default(),
        }
    }

    /// This state with `first`, a chunk read (or not) before the app mounted.
    pub fn with_first_cards(self, first: Option<(usize, ChunkState)>) -> Self {
        match first {
            Some((chunk, state)) => Self {
                cards: self.cards.with(chunk, state),
                ..self
            },
            None => self,
        }
    }

    /// The state with `loaded` in place of what was loaded. The chunks of cards asked for and
    /// read so far stay through the stages of one index (a head, its facet file, the full
    /// index all number their articles alike, and a chunk still on its way is not asked for
    /// again), and go with a feed read directly, whose articles are all its own.
    fn reading(&self, loaded: LoadState, source: Source) -> Self {
        Self {
            loaded,
            source,
            cards: if source == Source::ReadDirectly {
                Cards::default()
            } else {
                self.cards.clone()
            },
        }
    }
}

/// What changes the loading state.
pub enum Action {
    /// A further stage of the archive was read (a head's archive, its facet file's posting
    /// lists, or the full index when the facet file failed), or reading it failed.
    Read(LoadState),
    /// The index was made from the feed served.
    SourceCurrent,
    /// The feed was replaced after indexing and has been read directly.
    ReadDirectly(LoadState),
    /// The feed was replaced after indexing and cannot be read directly.
    OutOfDate,
    /// A chunk of the archive's cards was asked for, read, or could not be read. (One of an
    /// archive replaced since is never asked for again: the new one has its cards.)
    Cards {
        /// Its number.
        chunk: usize,
        /// Where it is now.
        state: ChunkState,
    },
    /// The reader asks again for the chunks of cards that could not be read.
    RetryCards,
}

impl Reducible for Loading {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let source = self.source;
        match action {
            // The old index's later stages would bring back what the replaced feed no longer
            // has.
            Action::Read(_) if source == Source::ReadDirectly => self,
            Action::Read(loaded) => Rc::new(self.reading(loaded, source)),
            Action::SourceCurrent => Rc::new(Self {
                source: Source::Current,
                ..(*self).clone()
            }),
            Action::ReadDirectly(loaded) => Rc::new(self.reading(loaded, Source::ReadDirectly)),
            Action::OutOfDate => Rc::new(Self {
                source: Source::OutOfDate,
                ..(*self).clone()
            }),
            Action::Cards { chunk, state } => Rc::new(Self {
                cards: self.cards.with(chunk, state),
                ..(*self).clone()
            }),
            Action::RetryCards => Rc::new(Self {
                cards: self.cards.without_failed(),
                ..(*self).clone()
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsroom_core::feed::parse_feed;

    fn read(title: &str) -> LoadState {
        let feed = format!(
            r#"{{"version":"https://jsonfeed.org/version/1.1","title":"{title}","items":[]}}"#
        );
        LoadState::of(parse_feed(&feed).map(Rc::new).map_err(LoadError::from))
    }

    fn title(state: &Loading) -> String {
        match &state.loaded {
            LoadState::Ready(archive) => archive.info.title.clone(),
            LoadState::Failed(error) => error.to_string(),
        }
    }

    #[test]
    fn each_stage_read_replaces_the_one_before() {
        let state = Rc::new(Loading::new(read("head")));
        let state = state.reduce(Action::Read(read("index")));
        assert_eq!(title(&state), "index");
        assert_eq!(state.source, Source::Unchecked);
        let state = state.reduce(Action::SourceCurrent);
        assert_eq!(
            (title(&state).as_str(), state.source),
            ("index", Source::Current)
        );
    }

    #[test]
    fn a_replaced_feed_read_directly_is_not_overwritten_by_the_old_index() {
        let state = Rc::new(Loading::new(read("head")));
        let state = state.reduce(Action::ReadDirectly(read("new feed")));
        let state = state.reduce(Action::Read(read("old index")));
        assert_eq!(title(&state), "new feed");
        assert_eq!(state.source, Source::ReadDirectly);
    }

    #[test]
    fn an_index_out_of_date_keeps_its_archive_and_says_so() {
        let state = Rc::new(Loading::new(read("head")));
        let state = state.reduce(Action::OutOfDate);
        assert_eq!(
            (title(&state).as_str(), state.source),
            ("head", Source::OutOfDate)
        );
        let state = state.reduce(Action::Read(read("index")));
        assert_eq!(
            (title(&state).as_str(), state.source),
            ("index", Source::OutOfDate)
        );
    }

    fn archive(state: &Loading) -> Rc<Archive> {
        match &state.loaded {
            LoadState::Ready(handle) => handle.shared(),
            LoadState::Failed(error) => panic!("{error}"),
        }
    }

    fn chunk(number: usize) -> Rc<CardChunk> {
        Rc::new(CardChunk {
            chunk: number,
            first: 0,
            articles: Vec::new(),
            authors: Vec::new(),
        })
    }

    #[test]
    fn chunks_of_cards_are_asked_for_read_or_failed_and_retried() {
        let state = Rc::new(Loading::new(read("head")));
        let head = archive(&state);
        let cards = |chunk, state| Action::Cards { chunk, state };
        let state = state.reduce(cards(3, ChunkState::Asked));
        assert!(state.cards.pending());
        let state = state.reduce(cards(3, ChunkState::Read(chunk(3))));
        let state = state.reduce(cards(5, ChunkState::Asked));
        let state = state.reduce(cards(5, ChunkState::Failed));
        assert!(!state.cards.pending());
        let handle = ArchiveHandle::new(head.clone()).with_cards(&state.cards, Callback::noop());
        assert!(handle.cards_failed());
        assert!(matches!(state.cards.get(3), Some(ChunkState::Read(_))));
        // A retry forgets the chunk that failed, so that it is asked for again; the one read
        // stays.
        let state = state.reduce(Action::RetryCards);
        assert!(state.cards.get(5).is_none());
        assert!(matches!(state.cards.get(3), Some(ChunkState::Read(_))));
        // A further stage of the index keeps them (a chunk on its way is not asked for again,
        // so a stage that dropped it would leave its cards missing); a feed read directly
        // starts without them.
        let state = state.reduce(cards(7, ChunkState::Asked));
        let state = state.reduce(Action::Read(read("head with its facet file")));
        assert!(matches!(state.cards.get(3), Some(ChunkState::Read(_))));
        assert!(state.cards.pending());
        let state = state.reduce(Action::ReadDirectly(read("new feed")));
        assert!(state.cards.get(3).is_none());
    }
}
