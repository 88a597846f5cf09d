//! What of the archive the app has loaded so far: one state, changed by named actions (Yew's
//! `use_reducer`) and read by the shell and the views, which ask the archive what it can show
//! (`Archive::can_list`, `can_filter`).
//!
//! The archive arrives in stages (a large archive's head, its facet file, the full index: see
//! `crate::load`), each a [`Action::Read`]. Once the page is shown, the app asks how long the
//! `articles.json` served now is and compares it with what the index records
//! ([`newsroom_core::model::SourceStamp`]): a feed replaced without re-indexing is read
//! directly when the browser can read it ([`Action::ReadDirectly`]; later stages of the old
//! index are then ignored), or the page says the index is out of date ([`Action::OutOfDate`]).

use std::rc::Rc;

use yew::Reducible;

use crate::load::LoadError;
use newsroom_core::archive::Archive;

/// The archive as components share it: cheap to clone, compared by identity (one load, one
/// archive), so props holding it compare in constant time. A head of the index can be filtered
/// only once its facet file's gaps are in ([`Archive::can_filter`]): a handle made after that
/// differs from one made before, so the views that filter render again.
#[derive(Clone, Debug)]
pub struct ArchiveHandle {
    archive: Rc<Archive>,
    can_filter: bool,
}

impl ArchiveHandle {
    /// A handle on `archive` as it is now.
    pub fn new(archive: Rc<Archive>) -> Self {
        let can_filter = archive.can_filter();
        Self {
            archive,
            can_filter,
        }
    }

    /// The archive, to keep beyond the handle.
    pub fn shared(&self) -> Rc<Archive> {
        self.archive.clone()
    }
}

impl PartialEq for ArchiveHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.archive, &other.archive) && self.can_filter == other.can_filter
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
}

impl Loading {
    /// The state the app mounts with.
    pub fn new(loaded: LoadState) -> Self {
        Self {
            loaded,
            source: Source::Unchecked,
        }
    }
}

/// What changes the loading state.
pub enum Action {
    /// A further stage of the archive was read (a head's archive, its facet file's posting
    /// lists, the full index), or reading it failed.
    Read(LoadState),
    /// The index was made from the feed served.
    SourceCurrent,
    /// The feed was replaced after indexing and has been read directly.
    ReadDirectly(LoadState),
    /// The feed was replaced after indexing and cannot be read directly.
    OutOfDate,
}

impl Reducible for Loading {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let source = self.source;
        match action {
            // The old index's later stages would bring back what the replaced feed no longer
            // has.
            Action::Read(_) if source == Source::ReadDirectly => self,
            Action::Read(loaded) => Rc::new(Self { loaded, source }),
            Action::SourceCurrent => Rc::new(Self {
                loaded: self.loaded.clone(),
                source: Source::Current,
            }),
            Action::ReadDirectly(loaded) => Rc::new(Self {
                loaded,
                source: Source::ReadDirectly,
            }),
            Action::OutOfDate => Rc::new(Self {
                loaded: self.loaded.clone(),
                source: Source::OutOfDate,
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
}
