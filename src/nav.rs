//! Moving between views: the current location, links that work as plain links (open in a new
//! tab, copy) and navigate in place on a plain click, the scroll position each history entry
//! had, and the page title.
//!
//! This is the browser History API driven directly rather than through yew-router: routing is
//! [`Route::parse`] in the core (tested natively), so all the app needs from the browser is
//! "what is the location", "push a location" and "tell me on back/forward". yew-router and its
//! dependencies (gloo-history, route-recognizer, serde-wasm-bindgen, serde_urlencoded) cost
//! about 15 KB of WebAssembly for those three calls.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MouseEvent;
use yew::prelude::*;

use crate::core::route::{strip_base, Route};

/// Where the reader is: the path under the site's base path, and the query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The view, from the path.
    pub route: Route,
    /// The query string with its `?`, or empty.
    pub query: String,
}

impl Location {
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
    /// The site's base path without its trailing slash (`""` at the root, `/news` below).
    pub base: AttrValue,
    /// The current location.
    pub location: Location,
    changed: Callback<()>,
}

impl Nav {
    /// The `href` of a route under the site's base path.
    pub fn href(&self, route: &Route, query: &str) -> String {
        format!("{}{}{query}", self.base, route.path())
    }

    /// Pushes a new history entry for `route` with `query` (`""` or `"?…"`) and shows it.
    pub fn go(&self, route: &Route, query: &str, scroll: ScrollTo) {
        SCROLL.with(|memory| {
            let mut memory = memory.borrow_mut();
            let here = current_url_key();
            let y = scroll_y();
            match memory.offsets.iter_mut().find(|(url, _)| *url == here) {
                Some(entry) => entry.1 = y,
                None => memory.offsets.push((here, y)),
            }
            memory.pending = Some(scroll);
        });
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&self.href(route, query)));
        }
        self.changed.emit(());
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
    /// page ahead of time, where there is no browser.
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
        Callback::from(move |_| location.set(Location::current(&base)))
    };
    {
        let changed = changed.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || changed.emit(()));
            let window = web_sys::window();
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
    let nav = Nav {
        base: AttrValue::from((*base).clone()),
        location: (*location).clone(),
        changed,
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
}

fn current_url_key() -> String {
    web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(location.pathname().ok()? + &location.search().ok()?)
        })
        .unwrap_or_default()
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
/// asked, or, for back/forward, to where the reader was. A page load starts at the top by
/// itself and is left alone, and so is a re-render at the same location.
pub fn settle_scroll() {
    let target = SCROLL.with(|memory| {
        let mut memory = memory.borrow_mut();
        let here = current_url_key();
        if memory.settled_at.as_deref() == Some(here.as_str()) {
            return None;
        }
        let first_view = memory.settled_at.replace(here.clone()).is_none();
        let pending = memory.pending.take();
        if first_view {
            return None;
        }
        match pending {
            Some(ScrollTo::Top) => Some(0.0),
            Some(ScrollTo::Stay) => None,
            None => {
                let saved = memory.offsets.iter().find(|(url, _)| *url == here);
                Some(saved.map_or(0.0, |(_, y)| *y))
            }
        }
    });
    if let (Some(y), Some(window)) = (target, web_sys::window()) {
        window.scroll_to_with_x_and_y(0.0, y);
    }
}

/// Sets the document title: "{view} · {site}", or the site alone.
pub fn set_title(view: Option<&str>, site: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        match view {
            Some(view) => document.set_title(&format!("{view} · {site}")),
            None => document.set_title(site),
        }
    }
}

/// Props of [`AppLink`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Destination view.
    pub to: Route,
    /// Query string for the destination, `""` or `"?…"`.
    #[prop_or_default]
    pub query: AttrValue,
    /// Scroll behaviour; a new view starts at the top.
    #[prop_or(ScrollTo::Top)]
    pub scroll: ScrollTo,
    /// CSS classes.
    #[prop_or_default]
    pub class: Classes,
    /// `data-testid`, when tests need to find the link.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// `rel` attribute.
    #[prop_or_default]
    pub rel: Option<AttrValue>,
    /// `aria-current`, for the link to the page the reader is on.
    #[prop_or_default]
    pub current: Option<AttrValue>,
    /// Link content.
    pub children: Html,
}

/// An in-app link: a real `<a href>` that navigates without reloading on a plain click.
#[function_component(AppLink)]
pub fn app_link(props: &Props) -> Html {
    let nav = use_context::<Nav>();
    let href = nav
        .as_ref()
        .map(|nav| nav.href(&props.to, &props.query))
        .unwrap_or_else(|| format!("{}{}", props.to.path(), props.query));
    let onclick = {
        let to = props.to.clone();
        let query = props.query.clone();
        let scroll = props.scroll;
        Callback::from(move |event: MouseEvent| {
            let modified =
                event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
            if modified || event.button() != 0 {
                return;
            }
            if let Some(nav) = &nav {
                event.prevent_default();
                nav.go(&to, &query, scroll);
            }
        })
    };
    html! {
        <a {href} {onclick} class={props.class.clone()} data-testid={props.testid.clone()}
           rel={props.rel.clone()} aria-current={props.current.clone()}>
            { props.children.clone() }
        </a>
    }
}
