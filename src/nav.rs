//! Moving between views: links that work as plain links (open in a new tab, copy) and navigate
//! in place on a plain click, the scroll position each history entry had, and the page title.

use std::cell::RefCell;
use std::collections::HashMap;

use web_sys::MouseEvent;
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::AnyRoute;

use crate::core::route::Route;

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
    offsets: HashMap<String, f64>,
    /// What the navigation in flight asked for; `None` means it came from back/forward.
    pending: Option<ScrollTo>,
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

/// Pushes a new history entry for `route` with `query` (`""` or `"?…"`).
pub fn navigate(navigator: &Navigator, route: &Route, query: &str, scroll: ScrollTo) {
    SCROLL.with(|memory| {
        let mut memory = memory.borrow_mut();
        memory.offsets.insert(current_url_key(), scroll_y());
        memory.pending = Some(scroll);
    });
    navigator.push(&AnyRoute::new(format!("{}{query}", route.path())));
}

/// Called after a view has rendered for a new location: scrolls as the navigation asked, or,
/// for back/forward, to where the reader was.
pub fn settle_scroll() {
    let target = SCROLL.with(|memory| {
        let mut memory = memory.borrow_mut();
        match memory.pending.take() {
            Some(ScrollTo::Top) => Some(0.0),
            Some(ScrollTo::Stay) => None,
            None => Some(
                memory
                    .offsets
                    .get(&current_url_key())
                    .copied()
                    .unwrap_or(0.0),
            ),
        }
    });
    if let (Some(y), Some(window)) = (target, web_sys::window()) {
        window.scroll_to_with_x_and_y(0.0, y);
    }
}

/// The `href` of a route under the site's base path.
pub fn href(navigator: Option<&Navigator>, route: &Route, query: &str) -> String {
    let base = navigator.and_then(Navigator::basename).unwrap_or("");
    format!("{base}{}{query}", route.path())
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
    let navigator = use_navigator();
    let href = href(navigator.as_ref(), &props.to, &props.query);
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
            if let Some(navigator) = &navigator {
                event.prevent_default();
                navigate(navigator, &to, &query, scroll);
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
