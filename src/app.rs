//! The app: router, the loaded archive, and the switch from route to page.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::chunks::{card_requests, read_cards};
use crate::components::error_view::error_view;
use crate::components::list_view::loading_view;
use crate::load::{
    ask_for_body, body_failed, feed_length, forget_failed_bodies, keep_page_body, load_archive,
    load_feed_file, load_head, next_task, page_painted, page_painted_already, BodyState, HeadRest,
    CHUNK_META, LIST_PENDING, REINDEX_COMMAND,
};
use crate::nav::{
    follow_link, href, manage_scroll_restoration, set_title, settle_scroll, HistoryProvider,
    Location, Nav, RESULTS_ID,
};
use crate::pages::{
    article::article_page, author::author_page, home::home_page, not_found::not_found_page,
    topic::topic_page,
};
use newsroom_core::archive::Archive;
use newsroom_core::feed::LIMITS;
use newsroom_core::model::SourceStamp;
use newsroom_core::query::ListQuery;
use newsroom_core::route::Route;

use crate::state::{Action, ArchiveHandle, Cards, ChunkState, LoadState, Loading, Source};

/// What of a head is still to read, for the app that shows the head (see [`HeadRest`]): taken
/// once. Compared by identity.
#[derive(Clone)]
pub struct PendingRest(Rc<RefCell<Option<HeadRest>>>);

impl PartialEq for PendingRest {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Installs the panic hook, reads the archive, then mounts the app in place of the page's
/// content: the loading shell, or the page the site builder rendered ahead of time, which
/// stays in view (its links working as plain links) until the app can show the same thing.
/// Both happen in one task, so the reader never sees the swap.
pub fn start() {
    std::panic::set_hook(Box::new(crate::panic::show_panic));
    crate::slug_js::install();
    manage_scroll_restoration();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app-root"))
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        // A large archive's pages start on its head, whatever their route and query: the whole
        // archive's counts and the selection show at once, the cards past the head as their
        // chunks come. An article's or author's page has the chunk it names read first, so
        // that the app shows what the page as built shows from its first render.
        // Other pages than the home page show what needs the posting lists (an article's
        // "more by" and "more in", an author's or topic's list): they mount once the facet
        // file's gaps are in, the page as built in view until then.
        let at = Location::current(&crate::nav::base_path());
        let preview = at.route == Route::Home && at.query.is_empty();
        let head = match load_head(preview).await {
            Some((head, HeadRest::Gaps(gaps))) if at.route != Route::Home => {
                gaps.attach_to(&head).await.then_some((head, None))
            }
            Some((head, rest)) => Some((head, Some(rest))),
            None => None,
        };
        if let Some((head, rest)) = head {
            let first = match named_chunk() {
                Some(chunk) => Some((chunk, read_cards(&head, chunk).await)),
                None => None,
            };
            keep_shown_body(&root, &head);
            let rest = rest.map(|rest| PendingRest(Rc::new(RefCell::new(Some(rest)))));
            mount(
                root,
                LoadState::Ready(ArchiveHandle::new(head)),
                first,
                rest,
            );
            return;
        }
        let loaded = match load_archive().await {
            Ok(archive) => {
                keep_shown_body(&root, &archive);
                LoadState::Ready(ArchiveHandle::new(archive))
            }
            Err(error) => LoadState::Failed(error),
        };
        mount(root, loaded, None, None);
    });
}

/// A page rendered ahead of time shows an article: the app keeps its body as the page shows it
/// (no request), to show it from its first render.
fn keep_shown_body(root: &web_sys::Element, archive: &Archive) {
    let Some(shown) = root.query_selector("[data-testid=article]").ok().flatten() else {
        return;
    };
    let Some(id) = shown.get_attribute("data-article-id") else {
        return;
    };
    if archive.body_pages {
        // This is the article's own page.
        let body = (shown
            .query_selector(".article-body:not(.empty)")
            .ok()
            .flatten())
        .map(|body| body.inner_html());
        keep_page_body(&id, body);
    }
}

/// The chunk of cards the page names (see [`CHUNK_META`]).
fn named_chunk() -> Option<usize> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name=\"{CHUNK_META}\"]"))
        .ok()??
        .get_attribute("content")?
        .parse()
        .ok()
}

/// Mounts the app in a new root in place of the page's content. Unless the browser has painted
/// the page as built already, the app renders out of sight, after it, and the page as built
/// stays in view until the browser reports painting it: content removed before that report
/// does not count as painted, and the page's first paint would be reported as the app's. The
/// one then gives way to the other in one task, and the app says it is ready. Rendering while
/// the browser paints, rather than after, has the app ready as soon as the page is painted.
/// `head_rest` is what of a head is still to read, for the app to read.
fn mount(
    built: web_sys::Element,
    loaded: LoadState,
    first_cards: Option<(usize, ChunkState)>,
    head_rest: Option<PendingRest>,
) {
    let Some(root) = built
        .owner_document()
        .and_then(|document| document.create_element("div").ok())
    else {
        return;
    };
    let mut props = AppProps {
        loaded,
        first_cards,
        at: None,
        prerender: false,
        head_rest,
        reveal: None,
    };
    if page_painted_already() {
        let _ = built.before_with_node_1(&root);
        built.remove();
        list_shown();
        root.set_id("app-root");
        yew::Renderer::<App>::with_root_and_props(root, props).render();
        return;
    }
    let reveal = Reveal::default();
    props.reveal = Some(reveal.clone());
    let _ = root.set_attribute("hidden", "");
    let _ = built.after_with_node_1(&root);
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    wasm_bindgen_futures::spawn_local(async move {
        page_painted().await;
        built.remove();
        list_shown();
        root.set_id("app-root");
        let _ = root.remove_attribute("hidden");
        reveal.show();
    });
}

/// The page as built has given way to the app, which shows the list the URL asks for.
fn list_shown() {
    if let Some(document) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = document.remove_attribute(LIST_PENDING);
    }
}

/// How [`mount`] tells an app it rendered out of sight that it is in view: the app's shell,
/// which alone renders again for it, says `loading` until then. Compared by identity.
#[derive(Clone, Default)]
pub struct Reveal(Rc<RevealState>);

#[derive(Default)]
struct RevealState {
    shown: std::cell::Cell<bool>,
    /// The shell's way to render again, once it has rendered.
    on_show: RefCell<Option<Callback<()>>>,
}

impl Reveal {
    /// Whether the app is in view; if not, `on_show` is called once it is.
    fn in_view_or(&self, on_show: impl FnOnce() -> Callback<()>) -> bool {
        let shown = self.0.shown.get();
        if !shown {
            *self.0.on_show.borrow_mut() = Some(on_show());
        }
        shown
    }

    /// The app is in view.
    fn show(&self) {
        self.0.shown.set(true);
        if let Some(on_show) = self.0.on_show.borrow_mut().take() {
            on_show.emit(());
        }
    }
}

impl PartialEq for Reveal {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Posting list positions decoded, or articles' values worked out, in one step of
/// [`prepare_filters`]: about a millisecond's work.
const POSTINGS_PER_STEP: usize = 20_000;

/// Makes ready, while the reader looks at the first view, what a list's first filter click
/// needs: the lookups of values by slug, then a large archive's posting lists decoded and each
/// article's values worked out from them, in steps of a task each, so that a click waits behind
/// one short step at most rather than one long task. A click that comes first
/// finishes at once what it needs; the steps then find it done.
async fn prepare_filters(archive: Rc<Archive>) {
    next_task().await;
    archive.prepare_lookups();
    loop {
        next_task().await;
        if archive.prepare_filters_ahead(POSTINGS_PER_STEP) {
            break;
        }
    }
}

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The archive, read before the app mounts.
    pub loaded: LoadState,
    /// The chunk of cards the page named, read (or not) before the app mounts.
    #[prop_or_default]
    pub first_cards: Option<(usize, ChunkState)>,
    /// The base path and location to render at, when there is no browser to ask.
    #[prop_or_default]
    pub at: Option<(AttrValue, crate::nav::Location)>,
    /// Rendering ahead of time: the page says `loading` (SPEC §5) until the app takes over.
    #[prop_or_default]
    pub prerender: bool,
    /// Started on a head of the index: what of it is still to read (its facet file, or the
    /// rest of it), which the app reads once its first view is shown.
    #[prop_or_default]
    pub head_rest: Option<PendingRest>,
    /// Rendered out of sight until the page as built gives way (see [`mount`]), which says
    /// when through this.
    #[prop_or_default]
    pub reveal: Option<Reveal>,
}

/// The whole app. Started on a head of the index, it reads the head's facet file in the
/// background, and the chunks of cards its views ask for. Given a location (`at`), it keeps to
/// it and to the archive it was given: the browser's history, scroll and title are left alone.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let loading = use_reducer(|| {
        Loading::new(props.loaded.clone()).with_first_cards(props.first_cards.clone())
    });
    let want = {
        let dispatcher = loading.dispatcher();
        use_memo((), move |_| card_requests(dispatcher))
    };
    // Asks again for the chunks that failed: through the views that ask for them, and the
    // chunk the page named, which no view asks for by number.
    let retry = {
        let (loading, want) = (loading.clone(), want.clone());
        let first = props.first_cards.as_ref().map(|(chunk, _)| *chunk);
        Callback::from(move |_: MouseEvent| {
            loading.dispatch(Action::RetryCards);
            if let (Some(chunk), LoadState::Ready(archive)) = (first, &loading.loaded) {
                if loading.cards.failed(chunk) {
                    want.emit((archive.shared(), chunk));
                }
            }
        })
    };
    {
        let (loading, at) = (loading.clone(), props.at.clone());
        let head_rest = props.head_rest.clone();
        use_effect_with((), move |_| {
            let started_on = match &loading.loaded {
                LoadState::Ready(archive) if at.is_none() => Some(archive.shared()),
                _ => None,
            };
            if let Some(archive) = started_on {
                // Filter clicks are what a list view's reader makes first; an article's reader
                // follows a link, which needs none of this.
                let on_a_list = matches!(
                    Location::current(&crate::nav::base_path()).route,
                    Route::Home | Route::Author(_) | Route::Topic(_)
                );
                if let Some(source) = archive.info.source.clone() {
                    let loading = loading.dispatcher();
                    wasm_bindgen_futures::spawn_local(async move {
                        page_painted().await;
                        next_task().await;
                        if let Some(action) = check_source(&source).await {
                            loading.dispatch(action);
                        }
                    });
                }
                let loading = loading.dispatcher();
                let read = move |stage| loading.dispatch(Action::Read(stage));
                wasm_bindgen_futures::spawn_local(async move {
                    next_task().await;
                    // A preview of the head gives way to the head's archive once its facet
                    // file's header is read, and the head's filters work once the file's gaps
                    // are in; without them, the index is read on its own instead.
                    let mut archive = archive;
                    if let Some(rest) = head_rest.and_then(|rest| rest.0.take()) {
                        let show = |head: &Rc<Archive>| {
                            read(LoadState::Ready(ArchiveHandle::new(head.clone())));
                        };
                        match rest.read(archive, show).await {
                            Some(head) => archive = head,
                            None => {
                                read(LoadState::of(load_archive().await));
                                return;
                            }
                        }
                        read(LoadState::Ready(ArchiveHandle::new(archive.clone())));
                    }
                    if on_a_list {
                        wasm_bindgen_futures::spawn_local(prepare_filters(archive));
                    }
                });
            }
        });
    }
    html! {
        <HistoryProvider at={props.at.clone()}>
            <Shell loaded={loading.loaded.clone()} out_of_date={loading.source == Source::OutOfDate}
                   cards={loading.cards.clone()} want={(*want).clone()} {retry}
                   prerender={props.prerender} reveal={props.reveal.clone()} />
        </HistoryProvider>
    }
}

/// Whether the index the app started on was made from the `articles.json` served now (one
/// small request, [`feed_length`]); if not, the feed read directly when the browser can read
/// it, else the news that the index is out of date, each noted in the console for the
/// publisher; `None` when the server did not say the feed's length.
async fn check_source(source: &SourceStamp) -> Option<Action> {
    let Some(bytes) = feed_length().await else {
        web_sys::console::info_1(&"articles.json: its length is unknown; not checked".into());
        return None;
    };
    if bytes == source.bytes {
        return Some(Action::SourceCurrent);
    }
    web_sys::console::warn_1(
        &"articles.json is not the feed the site was indexed from; re-index it with \
          `cargo run --release --bin site -- DIR`"
            .into(),
    );
    Some(
        if usize::try_from(bytes).is_ok_and(|bytes| bytes <= LIMITS.feed_bytes) {
            Action::ReadDirectly(LoadState::of(load_feed_file().await))
        } else {
            Action::OutOfDate
        },
    )
}

#[derive(Properties, PartialEq)]
struct ShellProps {
    loaded: LoadState,
    /// The feed was replaced without re-indexing and the archive shown is the old index's.
    out_of_date: bool,
    /// The chunks of cards asked for so far.
    cards: Cards,
    /// Asks for a chunk of cards.
    want: Callback<(Rc<Archive>, usize)>,
    /// Asks again for the chunks that failed.
    retry: Callback<MouseEvent>,
    prerender: bool,
    reveal: Option<Reveal>,
}

#[function_component(Shell)]
fn shell(props: &ShellProps) -> Html {
    // The archive as the views see it: with the chunks of cards read so far.
    let with_cards = match &props.loaded {
        LoadState::Ready(archive) => {
            LoadState::Ready(archive.with_cards(&props.cards, props.want.clone()))
        }
        failed => failed.clone(),
    };
    let state = &with_cards;
    let nav = use_context::<Nav>();
    // Out of sight (see `mount`) until revealed: then only this renders again.
    let revealed = use_force_update();
    let in_view = props.reveal.as_ref().is_none_or(|reveal| {
        reveal.in_view_or(|| Callback::from(move |()| revealed.force_update()))
    });
    // Renders again when an article body arrives.
    let body_arrived = use_force_update();
    let (route, query) = match &nav {
        Some(nav) => (nav.location.route.clone(), nav.location.query.clone()),
        None => (Route::NotFound, String::new()),
    };
    // The article shown, when its card is here.
    let shown = match (state, &route) {
        (LoadState::Ready(archive), Route::Article(slug)) => (archive.article_by_slug(slug))
            .and_then(|i| archive.article(i))
            .map(|article| (archive, article)),
        _ => None,
    };
    let shown_article_failed = shown.is_some_and(|(archive, a)| body_failed(archive, a));
    let retry_body = {
        let body_arrived = body_arrived.clone();
        Callback::from(move |_: MouseEvent| {
            forget_failed_bodies();
            body_arrived.force_update();
        })
    };
    // The body of the article shown, asked for once; the view renders again when it comes.
    let body_pending = shown.is_some_and(|(archive, a)| {
        ask_for_body(archive, a, move || body_arrived.force_update());
        matches!(crate::load::article_body(archive, a), BodyState::Pending)
    });
    {
        let follows_browser = nav.as_ref().is_some_and(|nav| nav.follows_browser);
        let key = (route.clone(), query.clone(), state.clone());
        use_effect_with(key, move |(route, query, state)| {
            if !follows_browser {
                return;
            }
            match state {
                LoadState::Ready(archive) => {
                    let state = match route {
                        Route::Home | Route::Author(_) | Route::Topic(_) => {
                            ListQuery::parse(query).title_part(archive, route)
                        }
                        Route::Article(_) | Route::NotFound => None,
                    };
                    let view = match (archive.view_title(route), state) {
                        (Some(view), Some(state)) => Some(format!("{view} · {state}")),
                        (view, state) => view.or(state),
                    };
                    set_title(view.as_deref(), &archive.info.title)
                }
                LoadState::Failed(_) => set_title(None, "Articles could not be loaded"),
            }
            settle_scroll(&Location {
                route: route.clone(),
                query: query.clone(),
            });
        });
    }

    let (data_state, site_title, content) = match state {
        LoadState::Failed(error) => ("error", None, error_view(&error.to_string())),
        LoadState::Ready(archive) => {
            // The view's page, rendered first: the chunks of cards it asks for are then on
            // their way, and the view says `loading` (SPEC §5) until they come.
            let content = page(archive, &route, &query);
            let article_waiting = matches!(&route, Route::Article(slug)
                if archive.from_head && archive.article_by_slug(slug).is_none());
            // A filter, or the order oldest first, on a head whose facet file is still arriving
            // waits for it (see `ListView`); so do an author's or topic's list, which is
            // filtered, and an article's related lists.
            let list_query = ListQuery::parse(&query);
            let filtered = route != Route::Home || list_query.has_selection();
            let filters_pending =
                route != Route::NotFound && !archive.can_list(filtered, list_query.sort);
            (
                if props.prerender
                    || !in_view
                    || body_pending
                    || props.cards.pending()
                    || article_waiting
                    || filters_pending
                {
                    "loading"
                } else {
                    "ready"
                },
                Some(archive.info.title.clone()),
                content,
            )
        }
    };

    let tagline = match state {
        LoadState::Ready(archive) => archive.info.description.clone(),
        _ => None,
    };
    let lang = match state {
        LoadState::Ready(archive) => archive.info.language.clone(),
        _ => None,
    };
    let cards_failed = matches!(state, LoadState::Ready(archive) if archive.cards_failed());

    let home = href(&Route::Home, "");
    let onclick = Callback::from(move |event: MouseEvent| {
        if let Some(nav) = &nav {
            follow_link(nav, &event);
        }
    });

    html! {
        <div class="app" data-testid="app" data-state={data_state} lang={lang} {onclick}>
            // The skip links open the banner, so that they sit in a landmark on every view
            // (axe's `region` rule counts a link to another URL as content).
            <header class="site-header">
                <a class="skip-link" href={format!("{}#main", href(&route, &query))}>{ "Skip to content" }</a>
                if matches!(route, Route::Home | Route::Author(_) | Route::Topic(_)) {
                    <a class="skip-link" href={format!("{}#{RESULTS_ID}", href(&route, &query))}>
                        { "Skip to results" }
                    </a>
                }
                <div class="wrap">
                    <a href={home.clone()} class="site-title">
                        { site_title.unwrap_or_else(|| "Articles".to_string()) }
                    </a>
                    if let Some(tagline) = tagline {
                        <p class="tagline">{ tagline }</p>
                    }
                </div>
            </header>
            <main id="main" class="wrap" tabindex="-1">
                if props.out_of_date {
                    <p class="notice" role="status" data-testid="index-out-of-date">
                        { "This archive may be out of date: its articles changed after the site \
                           was built. Its publisher can update it with " }
                        <code>{ REINDEX_COMMAND }</code>{ "." }
                    </p>
                }
                if cards_failed {
                    <p class="notice" role="alert" data-testid="cards-failed">
                        { "Some articles did not load. " }
                        <button type="button" class="retry" onclick={props.retry.clone()}>
                            { "Try again" }
                        </button>
                    </p>
                }
                if shown_article_failed {
                    <p class="notice" role="alert" data-testid="body-failed">
                        { "This article's text did not load. " }
                        <button type="button" class="retry" onclick={retry_body}>
                            { "Try again" }
                        </button>
                    </p>
                }
                { content }
            </main>
            <footer class="site-footer">
                <div class="wrap">
                    <a href={home}>{ "All articles" }</a>
                </div>
            </footer>
        </div>
    }
}

fn page(archive: &ArchiveHandle, route: &Route, query: &str) -> Html {
    let query = ListQuery::parse(query);
    match route {
        Route::Home => home_page(archive, query),
        // On a head of the index, an article whose card has not come is still to come.
        Route::Article(slug) if archive.from_head && archive.article_by_slug(slug).is_none() => {
            loading_view()
        }
        Route::Article(slug) => article_page(archive, slug, &query),
        Route::Author(slug) => author_page(archive, slug, query),
        Route::Topic(slug) => topic_page(archive, slug, query),
        Route::NotFound => not_found_page(None),
    }
}
