//! A filterable list of articles: facets, notices, result count, sort, cards and pager. The home
//! page shows it over the whole archive; author and topic pages hold their own facet fixed.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::card::article_cards;
use crate::components::facet::{Counts, FacetKind, FacetPanel};
use crate::components::pager::pager;
use crate::nav::{href, Nav, ScrollTo, RESULTS_ID};
use crate::state::ArchiveHandle;
use newsroom_core::filter::{apply, Filter, FilterResult, SortOrder};
use newsroom_core::numbers::grouped;
use newsroom_core::query::{page_window, FixedFacet, ListQuery};
use newsroom_core::route::Route;

/// Props of [`ListView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The archive.
    pub archive: ArchiveHandle,
    /// The page's route (home, author or topic), for the links the list makes.
    pub route: Route,
    /// The list state from the URL.
    pub query: ListQuery,
    /// The facet the page holds fixed, if any.
    #[prop_or_default]
    pub fixed: Option<FixedFacet>,
}

/// The list with its controls.
#[function_component(ListView)]
pub fn list_view(props: &Props) -> Html {
    let nav = use_context::<Nav>();
    let resolved = props.query.resolve(&props.archive, props.fixed);
    // On a head of the index whose facet file is still arriving, a filter waits for the posting
    // lists, and the order oldest first for the file's header: the facets show the selection
    // over the whole archive's counts, and the results say they are loading (the app renders
    // again once the file is in).
    let filtered = resolved.filter != Filter::default();
    let waiting = !props.archive.can_list(filtered, props.query.sort);
    let result: Rc<FilterResult> = use_memo(
        (
            props.archive.clone(),
            resolved.filter.clone(),
            props.query.sort,
        ),
        |(archive, filter, sort)| {
            let filter = if waiting { &Filter::default() } else { filter };
            apply(archive, filter, *sort)
        },
    );
    let go = {
        let route = props.route.clone();
        move |query: ListQuery, scroll: ScrollTo| {
            if let Some(nav) = &nav {
                nav.go(&route, &query.to_query_string(), scroll);
            }
        }
    };
    let on_topic = {
        let (go, query) = (go.clone(), props.query.clone());
        Callback::from(move |slug: String| go(query.toggle_topic(&slug), ScrollTo::Stay))
    };
    let on_author = {
        let (go, query) = (go.clone(), props.query.clone());
        Callback::from(move |slug: String| go(query.toggle_author(&slug), ScrollTo::Stay))
    };

    let archive = &props.archive;
    let counts = Counts(result.clone());
    let total = result.matches.len();
    let (page, pages, window) = page_window(total, props.query.page);
    let shown = &result.matches[window.clone()];
    let query_without = |facet: FacetKind, slug: &str| match facet {
        FacetKind::Topic => props.query.toggle_topic(slug),
        FacetKind::Author => props.query.toggle_author(slug),
    };
    let notices = resolved
        .unknown_topics
        .iter()
        .map(|s| (FacetKind::Topic, s))
        .chain(
            resolved
                .unknown_authors
                .iter()
                .map(|s| (FacetKind::Author, s)),
        )
        .map(|(facet, slug)| {
            let what = match facet {
                FacetKind::Topic => "topic",
                FacetKind::Author => "author",
            };
            html! {
                <li class="notice">
                    { format!("There is no {what} “{slug}” in this archive. ") }
                    <a href={href(&props.route, &query_without(facet, slug).to_query_string())}
                       data-stay="" class="notice-remove">
                        { format!("Remove “{slug}”") }
                    </a>
                </li>
            }
        })
        .collect::<Html>();
    let has_selection = match props.fixed {
        None => props.query.has_selection(),
        Some(FixedFacet::Author(_)) => !props.query.topics.is_empty(),
        Some(FixedFacet::Topic(_)) => !props.query.authors.is_empty(),
    };
    let clear_href = href(&props.route, &props.query.cleared().to_query_string());
    let active = active_filters(props, waiting);
    // The list's selection, the page's own facet included, for its articles' links: an article
    // opened from it walks it with "previous" and "next".
    let from = {
        let mut from = props.query.selection();
        match &props.route {
            Route::Author(slug) => from.authors = vec![slug.clone()],
            Route::Topic(slug) => from.topics = vec![slug.clone()],
            _ => {}
        }
        from.to_query_string()
    };
    let sort_button = |sort: SortOrder, label: &'static str| {
        let pressed = props.query.sort == sort;
        html! {
            <a href={href(&props.route, &props.query.sorted(sort).to_query_string())} data-stay=""
               class={classes!("sort-option", pressed.then_some("active"))}
               aria-current={pressed.then_some("true")}>
                { label }
            </a>
        }
    };
    let count_text = match total {
        0 => "No articles".to_string(),
        1 => "1 article".to_string(),
        n => format!("{} articles", grouped(n as u64)),
    };
    let range_text = (total > 0 && pages > 1).then(|| {
        format!(
            ", showing {}–{}",
            grouped(window.start as u64 + 1),
            grouped(window.end as u64)
        )
    });

    // An archive without topics or authors has nothing to filter by: no empty column.
    let topics_shown =
        !matches!(props.fixed, Some(FixedFacet::Topic(_))) && archive.topic_total > 0;
    let authors_shown =
        !matches!(props.fixed, Some(FixedFacet::Author(_))) && archive.author_total > 0;
    let has_facets = topics_shown || authors_shown;

    html! {
        <div class={classes!("list-layout", (!has_facets).then_some("without-facets"))}>
            if has_facets {
            <aside class="facets" aria-label="Filters">
                if !matches!(props.fixed, Some(FixedFacet::Topic(_))) {
                    <FacetPanel kind={FacetKind::Topic} archive={archive.clone()} counts={counts.clone()}
                                selected={props.query.topics.clone()} on_toggle={on_topic} />
                }
                if !matches!(props.fixed, Some(FixedFacet::Author(_))) {
                    <FacetPanel kind={FacetKind::Author} archive={archive.clone()} counts={counts}
                                selected={props.query.authors.clone()} on_toggle={on_author} />
                }
            </aside>
            }
            <section class="results" id={RESULTS_ID} tabindex="-1" aria-label="Articles">
                { active }
                if waiting {
                    { loading_view() }
                } else {
                    if !resolved.unknown_topics.is_empty() || !resolved.unknown_authors.is_empty() {
                        <ul class="notices">{ notices }</ul>
                    }
                    <div class="results-bar">
                        <p class="result-count" data-testid="result-count" data-count={total.to_string()}
                           aria-live="polite" aria-atomic="true">
                            { count_text }{ range_text.unwrap_or_default() }
                        </p>
                        <nav class="sort" aria-label="Order">
                            { sort_button(SortOrder::Newest, "Newest first") }
                            { sort_button(SortOrder::Oldest, "Oldest first") }
                        </nav>
                        if has_selection {
                            <a href={clear_href.clone()} data-stay="" class="clear-filters">{ "Clear filters" }</a>
                        }
                    </div>
                    if total == 0 {
                        <div class="empty-result" data-testid="empty-result">
                            <p>{ "No articles match these filters." }</p>
                            <a href={clear_href} data-stay="">{ "Clear filters and show all articles" }</a>
                        </div>
                    } else {
                        { article_cards(archive, shown, &from) }
                        { pager(&props.route, &props.query, page, pages) }
                    }
                }
            </section>
        </div>
    }
}

/// The selected values as a row of removable chips above the results, where every width shows
/// them: on a phone the facets are rows that scroll sideways, and a selected value may sit past
/// the screen's edge. Shown while the results load too, so a deep link shows its selection at
/// once; a slug the archive (or the part of it read so far) does not know reads as itself until
/// the archive is in, then only its notice remains.
fn active_filters(props: &Props, waiting: bool) -> Html {
    let archive = &props.archive;
    let chips: Vec<Html> = props
        .query
        .selected(archive, &props.route)
        .filter_map(|value| {
            let name = value.name.or_else(|| waiting.then_some(value.slug))?;
            let (what, query) = if value.is_topic {
                ("topic", props.query.toggle_topic(value.slug))
            } else {
                ("author", props.query.toggle_author(value.slug))
            };
            Some(html! {
                <li>
                    <a href={href(&props.route, &query.to_query_string())} data-stay=""
                       class="active-filter" data-testid="active-filter"
                       data-topic={value.is_topic.then(|| value.slug.to_string())}
                       data-author={(!value.is_topic).then(|| value.slug.to_string())}>
                        <span class="visually-hidden">{ "Remove " }</span>
                        <span class="active-filter-kind">{ format!("{what}: ") }</span>
                        <span class="active-filter-name">{ name }</span>
                        <span class="active-filter-remove" aria-hidden="true">{ "×" }</span>
                    </a>
                </li>
            })
        })
        .collect();
    if chips.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="active-filters" aria-label="Active filters">{ for chips }</ul>
    }
}

/// What a view shows while the articles it lists are still on their way.
pub fn loading_view() -> Html {
    html! {
        <div class="loading" aria-busy="true">
            <p class="loading-text">{ "Loading articles…" }</p>
        </div>
    }
}
