//! Moving between views: the current location, links that work as plain links (open in a new
//! tab, copy) and navigate in place on a plain click, the scroll position each history entry
//! had, and the page title.
//!
//! This is the browser History API driven directly rather than through yew-router: routing is
//! [`Route::parse`] in the core (tested natively), so all the app needs from the browser is
//! "what is the location", "push a location" and "tell me on back/forward". yew-router and its
//! dependencies (gloo-history, route-recognizer, serde-wasm-bindgen, serde_urlencoded) would
//! add far more WebAssembly than those three calls need (BENCHMARKS.md and README: size).

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MouseEvent;
use yew::prelude::*;

use newsroom_core::route::{strip_base, Route};

/// Where the reader is: the path under the site's base path, and the query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The view, from the path.
    pub route: Route,
    /// The query string with its `?`, or empty.
    pub query: String,
}

impl Location {
    /// The location as a key for remembering its scroll offset: its link.
    fn key(&self) -> String {
        href(&self.route, &self.query)
    }

    /// The browser's current location, read against the site's base path.
    pub fn current(base: &str) -> Self {
        let location = web_sys::window().map(|w| w.location());
        let path = location
            .as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_else(|| "/".to_string());
        let query = location
            .as_ref()
            .and_then(|l| l.search().ok())
            .unwrap_or_default();
        Self {
            route: strip_base(&path, base).map_or(Route::NotFound, Route::parse),
            query,
        }
    }
}

/// What components need to move the reader: shared by context from [`HistoryProvider`].
#[derive(Clone, PartialEq)]
pub struct Nav {
    /// The current location.
    pub location: Location,
    /// Shows a location: the one given, or the browser's (`None`, after back/forward).
    changed: Callback<Option<Location>>,
    /// Whether the location is the browser's: navigating pushes a history entry, and a view
    /// sets the page's scroll and title. An app given its location ([`ProviderProps::at`])
    /// keeps one of its own and touches none of them.
    pub follows_browser: bool,
}

impl Nav {
    /// Shows `route` with `query` (`""` or `"?…"`) and pushes a history entry for it.
    ///
    /// The entry is pushed on the next task, after the view has rendered: `pushState` costs
    /// the browser about a millisecond, which a filter click's answer need not wait for. A
    /// navigation before then pushes the pending entry first, so the history keeps every step.
    pub fn go(&self, route: &Route, query: &str, scroll: ScrollTo) {
        let to = Location {
            route: route.clone(),
            query: query.to_string(),
        };
        if !self.follows_browser {
            self.changed.emit(Some(to));
            return;
        }
        push_pending_entry();
        SCROLL.with(|memory| {
            let mut memory = memory.borrow_mut();
            let here = self.location.key();
            let y = scroll_y();
            match memory.offsets.iter_mut().find(|(url, _)| *url == here) {
                Some(entry) => entry.1 = y,
                None => memory.offsets.push((here, y)),
            }
            memory.pending = Some(scroll);
        });
        PENDING_ENTRY.with(|pending| *pending.borrow_mut() = Some(href(route, query)));
        wasm_bindgen_futures::spawn_local(async {
            crate::load::next_task().await;
            push_pending_entry();
        });
        self.changed.emit(Some(to));
    }
}

/// Pushes the history entry a navigation left for later, if any.
fn push_pending_entry() {
    let Some(url) = PENDING_ENTRY.with(|pending| pending.borrow_mut().take()) else {
        return;
    };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The site's base path from `<base href>` (trunk's `--public-url`), without a trailing slash.
pub fn base_path() -> String {
    let document = web_sys::window().and_then(|w| w.document());
    let base = document.as_ref().and_then(|d| d.base_uri().ok().flatten());
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    match (base, origin) {
        (Some(base), Some(origin)) => base
            .strip_prefix(&origin)
            .unwrap_or("/")
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .trim_end_matches('/')
            .to_string(),
        _ => String::new(),
    }
}

/// Props of [`HistoryProvider`].
#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    /// The app.
    pub children: Html,
    /// The base path and location to render at instead of the browser's: for rendering a
    /// page ahead of time, where there is no browser, or out of the page.
    #[prop_or_default]
    pub at: Option<(AttrValue, Location)>,
}

/// Tracks the location (pushes and back/forward) and shares a [`Nav`] with the app.
#[function_component(HistoryProvider)]
pub fn history_provider(props: &ProviderProps) -> Html {
    let base = use_memo((), {
        let at = props.at.clone();
        move |_| at.map_or_else(base_path, |(base, _)| base.to_string())
    });
    let location = use_state({
        let (base, at) = (base.clone(), props.at.clone());
        move || at.map_or_else(|| Location::current(&base), |(_, location)| location)
    });
    let changed = {
        let (location, base) = (location.clone(), base.clone());
        Callback::from(move |to: Option<Location>| {
            location.set(to.unwrap_or_else(|| Location::current(&base)))
        })
    };
    let follows_browser = props.at.is_none();
    {
        let changed = changed.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || changed.emit(None));
            let window = web_sys::window().filter(|_| follows_browser);
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback(
                    "popstate",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(window) = window {
                    let _ = window.remove_event_listener_with_callback(
                        "popstate",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    BASE.with(|current| {
        if *current.borrow() != *base {
            current.borrow_mut().clone_from(&base);
        }
    });
    let nav = Nav {
        location: (*location).clone(),
        changed,
        follows_browser,
    };
    html! {
        <ContextProvider<Nav> context={nav}>
            { props.children.clone() }
        </ContextProvider<Nav>>
    }
}

/// Where the page should scroll after a navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScrollTo {
    /// A new view: start at its top.
    Top,
    /// The same view in another state (a filter click): stay where the reader is.
    Stay,
}

#[derive(Default)]
struct ScrollMemory {
    /// Scroll offset last seen at each URL (path and query), for back and forward.
    offsets: Vec<(String, f64)>,
    /// What the navigation in flight asked for; `None` means it came from back/forward.
    pending: Option<ScrollTo>,
    /// The location the scroll was last settled for; `None` before the first view.
    settled_at: Option<String>,
}

thread_local! {
    static SCROLL: RefCell<ScrollMemory> = RefCell::new(ScrollMemory::default());
    /// The link of a history entry not pushed yet (see [`Nav::go`]).
    static PENDING_ENTRY: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The site's base path without its trailing slash (`""` at the root, `/news` below):
    /// what [`href`] puts before every route and [`follow_link`] takes off (set by
    /// [`HistoryProvider`]).
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

fn scroll_y() -> f64 {
    web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}

/// Takes over scroll restoration from the browser: it would restore before the new view has
/// rendered.
pub fn manage_scroll_restoration() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
}

/// Called after a view has rendered: when the location changed, scrolls as the navigation
/// asked, or, for back/forward, to where the reader was, and moves focus where a keyboard or
/// screen-reader user expects it (see [`Focus`]). A page load starts at the top by itself and
/// is left alone, and so is a re-render at the same location.
pub fn settle_scroll(shown: &Location) {
    let settled = SCROLL.with(|memory| {
        let mut memory = memory.borrow_mut();
        let here = shown.key();
        if memory.settled_at.as_deref() == Some(here.as_str()) {
            return None;
        }
        let before = memory.settled_at.replace(here.clone())?;
        let pending = memory.pending.take();
        let path = |key: &str| key.split('?').next().unwrap_or_default().to_string();
        let same_view = path(&before) == path(&here);
        if !same_view {
            share_tags_follow(&shown.route, &path(&before));
        }
        Some(match pending {
            Some(ScrollTo::Top) if same_view => (Some(0.0), Focus::Results),
            Some(ScrollTo::Top) => (Some(0.0), Focus::Heading),
            Some(ScrollTo::Stay) => (None, Focus::ResultsIfLost),
            None => {
                let saved = memory.offsets.iter().find(|(url, _)| *url == here);
                (Some(saved.map_or(0.0, |(_, y)| *y)), Focus::Heading)
            }
        })
    });
    let Some((target, focus)) = settled else {
        return;
    };
    if let (Some(y), Some(window)) = (target, web_sys::window()) {
        window.scroll_to_with_x_and_y(0.0, y);
    }
    focus.apply();
}

/// After an in-app move to another view, the page's link-preview tags say what it shows now:
/// the canonical link and `og:url` name the new view's address (made from the page as built's,
/// whose site address the app does not otherwise know), `og:title` its title; tags only the
/// view as built could fill (description, image, article dates and tags, structured data) are
/// taken out rather than left describing another view. `before` is the path shown until now.
fn share_tags_follow(route: &Route, before: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let select = |css: &str| document.query_selector(css).ok().flatten();
    let base_len = BASE.with(|base| base.borrow().len());
    let old_path = before.get(base_len..).unwrap_or_default();
    let canonical = select("link[rel=canonical]");
    let site = canonical
        .as_ref()
        .and_then(|link| link.get_attribute("href"))
        .and_then(|href| href.strip_suffix(old_path).map(str::to_string));
    let url = site
        .filter(|_| *route != Route::NotFound)
        .map(|site| format!("{site}{}", route.path()));
    for (element, name) in [
        (canonical, "href"),
        (select("meta[property='og:url']"), "content"),
    ] {
        match (element, &url) {
            (Some(element), Some(url)) => {
                let _ = element.set_attribute(name, url);
            }
            (Some(element), None) => element.remove(),
            _ => {}
        }
    }
    if let Some(title) = select("meta[property='og:title']") {
        let _ = title.set_attribute("content", &document.title());
    }
    if let Some(kind) = select("meta[property='og:type']") {
        let article = matches!(route, Route::Article(_));
        let _ = kind.set_attribute("content", if article { "article" } else { "website" });
    }
    if let Ok(stale) = document.query_selector_all(
        "meta[name=description], meta[property='og:description'], meta[property='og:image'], \
         meta[property^='article:'], script[type='application/ld+json']",
    ) {
        for i in 0..stale.length() {
            if let Some(element) = stale
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                element.remove();
            }
        }
    }
}

/// Where focus goes after a view change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    /// Another view: its `h1` (else `<main>`), which a screen reader announces.
    Heading,
    /// Another page of the same list: the results, so the next Tab reaches its first article
    /// rather than the filters above it.
    Results,
    /// The same view in another state: focus stays, unless the control that had it is gone
    /// (a removed filter's chip), when it goes to the results rather than back to the page's
    /// start.
    ResultsIfLost,
}

impl Focus {
    fn apply(self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let by_id = |id: &str| document.get_element_by_id(id);
        let target = match self {
            Focus::Heading => document
                .query_selector("main h1")
                .ok()
                .flatten()
                .or_else(|| by_id("main")),
            Focus::Results => by_id(RESULTS_ID).or_else(|| by_id("main")),
            Focus::ResultsIfLost => {
                let body = document.body().map(web_sys::Element::from);
                let active = document.active_element();
                if active.is_some() && active != body {
                    return;
                }
                by_id(RESULTS_ID)
            }
        };
        if let Some(target) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = target.focus_with_options(&options);
        }
    }
}

/// The `id` of a list view's results: where "Skip to results" and a new page of the list
/// take focus.
pub const RESULTS_ID: &str = "results";

/// Sets the document title: "{view} · {site}", or the site alone.
pub fn set_title(view: Option<&str>, site: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        match view {
            Some(view) => document.set_title(&format!("{view} · {site}")),
            None => document.set_title(site),
        }
    }
}

/// The `href` of a route under the site's base path (the one [`HistoryProvider`] was given or
/// found): what the app's links point at. A plain `<a href>`; [`follow_link`] makes a plain
/// click on it navigate in place.
pub fn href(route: &Route, query: &str) -> String {
    BASE.with(|base| format!("{}{}{query}", base.borrow(), route.path()))
}

/// The attribute that marks an app link as one that keeps the scroll position (a filter, sort
/// or notice link: the same view in another state).
pub const STAY: &str = "data-stay";

/// Follows a plain click on one of the app's own links in place: the one listener for every link
/// the app renders (a component and a callback per link made every list render slower). Links
/// keep working as links: a modified or middle click, a link with a `target` or `download`, one
/// outside the site's base path and every link inside an article's text are left to the browser.
pub fn follow_link(nav: &Nav, event: &MouseEvent) {
    let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
    if modified || event.button() != 0 || event.default_prevented() {
        return;
    }
    let Some(link) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())
    else {
        return;
    };
    let in_text = link.closest(".article-body").ok().flatten().is_some();
    if in_text || link.has_attribute("target") || link.has_attribute("download") {
        return;
    }
    let Some(href) = link.get_attribute("href") else {
        return;
    };
    if let Some((page, id)) = href.split_once('#') {
        if page.is_empty() || page == nav.location.key() {
            go_to_element(id, event);
        }
        return;
    }
    if !href.starts_with('/') || href.starts_with("//") {
        return;
    }
    let (path, query) = href.split_at(href.find('?').unwrap_or(href.len()));
    let Some(route) = BASE.with(|base| strip_base(path, &base.borrow()).map(Route::parse)) else {
        return;
    };
    let scroll = if link.has_attribute(STAY) {
        ScrollTo::Stay
    } else {
        ScrollTo::Top
    };
    event.prevent_default();
    nav.go(&route, query, scroll);
}

/// Moves the reader to the element of this page with this `id` (the skip link's `main`),
/// focus with them, without a navigation: under the page's `<base>`, a link to a bare
/// fragment would load the site's root instead, and the browser would leave focus behind.
fn go_to_element(id: &str, event: &MouseEvent) {
    let target = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(target) = target {
        event.prevent_default();
        let _ = target.focus();
        target.scroll_into_view();
    }
}
