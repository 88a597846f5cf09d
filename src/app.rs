//! The app: router, the loaded archive, and the switch from route to page.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::error_view::error_view;
use crate::core::archive::Archive;
use crate::core::query::ListQuery;
use crate::core::route::Route;
use crate::load::{load_archive, LoadError};
use crate::nav::{
    manage_scroll_restoration, set_title, settle_scroll, AppLink, HistoryProvider, Nav,
};
use crate::pages::{
    article::article_page, author::author_page, home::home_page, not_found::not_found_page,
    topic::topic_page,
};

/// The archive as components share it: cheap to clone, compared by identity (one load, one
/// archive), so props holding it compare in constant time.
#[derive(Clone, Debug)]
pub struct ArchiveHandle(pub Rc<Archive>);

impl PartialEq for ArchiveHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for ArchiveHandle {
    type Target = Archive;
    fn deref(&self) -> &Archive {
        &self.0
    }
}

/// Where the archive is.
#[derive(Clone, PartialEq)]
enum LoadState {
    Loading,
    Ready(ArchiveHandle),
    Failed(LoadError),
}

/// Installs the panic hook and mounts the app in place of the static loading shell.
pub fn start() {
    std::panic::set_hook(Box::new(crate::panic::show_panic));
    manage_scroll_restoration();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app-root"))
    else {
        return;
    };
    root.set_inner_html("");
    yew::Renderer::<App>::with_root(root).render();
}

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <HistoryProvider>
            <Shell />
        </HistoryProvider>
    }
}

#[function_component(Shell)]
fn shell() -> Html {
    let state = use_state(|| LoadState::Loading);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match load_archive().await {
                    Ok(archive) => LoadState::Ready(ArchiveHandle(archive)),
                    Err(error) => LoadState::Failed(error),
                });
            });
        });
    }
    let nav = use_context::<Nav>();
    let (route, query) = match &nav {
        Some(nav) => (nav.location.route.clone(), nav.location.query.clone()),
        None => (Route::NotFound, String::new()),
    };
    {
        let key = (route.clone(), query.clone(), (*state).clone());
        use_effect_with(key, |(route, _, state)| {
            match state {
                LoadState::Ready(archive) => {
                    set_title(archive.view_title(route).as_deref(), &archive.info.title)
                }
                LoadState::Failed(_) => set_title(None, "Articles could not be loaded"),
                LoadState::Loading => {}
            }
            settle_scroll();
        });
    }

    let (data_state, site_title, content) = match &*state {
        LoadState::Loading => ("loading", None, loading_view()),
        LoadState::Failed(error) => ("error", None, error_view(&error.to_string())),
        LoadState::Ready(archive) => (
            "ready",
            Some(archive.info.title.clone()),
            page(archive, &route, &query),
        ),
    };
    let tagline = match &*state {
        LoadState::Ready(archive) => archive.info.description.clone(),
        _ => None,
    };
    let lang = match &*state {
        LoadState::Ready(archive) => archive.info.language.clone(),
        _ => None,
    };

    html! {
        <div class="app" data-testid="app" data-state={data_state} lang={lang}>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <div class="wrap">
                    <AppLink to={Route::Home} class="site-title">
                        { site_title.unwrap_or_else(|| "Articles".to_string()) }
                    </AppLink>
                    if let Some(tagline) = tagline {
                        <p class="tagline">{ tagline }</p>
                    }
                </div>
            </header>
            <main id="main" class="wrap" tabindex="-1">
                { content }
            </main>
            <footer class="site-footer">
                <div class="wrap">
                    <AppLink to={Route::Home}>{ "All articles" }</AppLink>
                </div>
            </footer>
        </div>
    }
}

fn loading_view() -> Html {
    html! {
        <div class="loading" aria-busy="true">
            <p class="loading-text">{ "Loading articles…" }</p>
        </div>
    }
}

fn page(archive: &ArchiveHandle, route: &Route, query: &str) -> Html {
    let query = ListQuery::parse(query);
    match route {
        Route::Home => home_page(archive, query),
        Route::Article(slug) => article_page(archive, slug),
        Route::Author(slug) => author_page(archive, slug, query),
        Route::Topic(slug) => topic_page(archive, slug, query),
        Route::NotFound => not_found_page(None),
    }
}
