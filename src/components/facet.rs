//! One facet's filter buttons (SPEC §3): values in a fixed order, the selected and the ten
//! largest always shown, "show all" and a search for the rest.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::ArchiveHandle;
use newsroom_core::facets::ALWAYS_SHOWN;
use newsroom_core::filter::FilterResult;
use newsroom_core::numbers::grouped;
use newsroom_core::slug::slug;

/// Which facet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    /// Topics.
    Topic,
    /// Authors.
    Author,
}

impl FacetKind {
    fn key(self) -> &'static str {
        match self {
            Self::Topic => "topic",
            Self::Author => "author",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Self::Topic => "Topics",
            Self::Author => "Authors",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Self::Topic => "topics",
            Self::Author => "authors",
        }
    }

    fn search_label(self) -> &'static str {
        match self {
            Self::Topic => "Find topics",
            Self::Author => "Find authors",
        }
    }
}

/// The current filter's result, for the counts: compared by identity (one filter run, one
/// result), so a panel's props compare in constant time whatever the archive's size.
#[derive(Clone, Debug)]
pub struct Counts(pub Rc<FilterResult>);

impl PartialEq for Counts {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One value as its button shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FacetEntry {
    /// Slug, as the URL carries it.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Disjunctive count under the current filter.
    pub count: u32,
    /// Selected now.
    pub selected: bool,
}

/// Props of [`FacetPanel`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Topic or author.
    pub kind: FacetKind,
    /// The archive, whose facet order (archive count, then name) the values keep.
    pub archive: ArchiveHandle,
    /// The counts under the current filter.
    pub counts: Counts,
    /// The slugs selected in this facet.
    pub selected: Vec<String>,
    /// Called with a value's slug when its button is clicked.
    pub on_toggle: Callback<String>,
}

/// A facet's buttons.
#[function_component(FacetPanel)]
pub fn facet_panel(props: &Props) -> Html {
    let expanded = use_state(|| false);
    let search = use_state(String::new);
    let kind = props.kind;
    let archive = &props.archive;
    // A preview of a head lists its facets' largest values only, and knows how many there are.
    let (order, total) = match kind {
        FacetKind::Topic => (&archive.topic_facet_order, archive.topic_total),
        FacetKind::Author => (&archive.author_facet_order, archive.author_total),
    };
    if total == 0 {
        return Html::default();
    }
    // Buttons are built only for the values shown: the ten largest, the selected ones, and
    // search matches (or all, expanded). The others cost a comparison of numbers each (a
    // slug's only while searching) and no allocation, so a facet of 10,000 values renders as
    // many buttons as one of 20.
    let needle = slug(&search);
    let counts = &props.counts.0;
    let value_of = |slug: &String| match kind {
        FacetKind::Topic => archive.topic_by_slug(slug),
        FacetKind::Author => archive.author_by_slug(slug),
    };
    let selected: Vec<u32> = props.selected.iter().filter_map(value_of).collect();
    let entry = |value: u32| match kind {
        FacetKind::Topic => archive
            .topic(value)
            .map(|t| (&t.slug, &t.name, counts.topic_count(value))),
        FacetKind::Author => archive
            .author(value)
            .map(|a| (&a.slug, &a.name, counts.author_count(value))),
    };
    // Collapsed, with nothing selected or searched, the ten largest are all there is to show.
    let only_the_largest = !*expanded && needle.is_empty() && selected.is_empty();
    let candidates = if only_the_largest {
        &order[..order.len().min(ALWAYS_SHOWN)]
    } else {
        &order[..]
    };
    let searching = !needle.is_empty();
    // While the reader searches, the values that match, and after them the selected ones that
    // do not (so a selection can still be undone here); otherwise the ten largest (or all) and
    // the selected ones, in the facet's order.
    let mut shown: Vec<(bool, FacetEntry)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(rank, &value)| {
            let is_selected = selected.contains(&value);
            if !(searching || *expanded || rank < ALWAYS_SHOWN || is_selected) {
                return None;
            }
            let (slug, name, count) = entry(value)?;
            let matches = searching && slug.contains(&needle);
            (matches || is_selected || !searching).then(|| {
                let entry = FacetEntry {
                    slug: slug.clone(),
                    name: name.clone(),
                    count,
                    selected: is_selected,
                };
                (matches, entry)
            })
        })
        .collect();
    let no_match = searching && !shown.iter().any(|(matches, _)| *matches);
    // Matches first: a partition rather than a sort, which would add its code to the download.
    let (first, rest): (Vec<_>, Vec<_>) = shown
        .drain(..)
        .partition(|(matches, _)| *matches || !searching);
    let shown: Vec<FacetEntry> = first
        .into_iter()
        .chain(rest)
        .map(|(_, entry)| entry)
        .collect();
    let heading_id = format!("facet-{}-heading", kind.key());

    let oninput = {
        let search = search.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                search.set(input.value());
            }
        })
    };
    // "Show all" puts focus on the first value it revealed: the button itself is now below them
    // all, and focus left on it would sit hundreds of values away from what just appeared.
    let values_ref = use_node_ref();
    {
        let values_ref = values_ref.clone();
        use_effect_with(*expanded, move |expanded| {
            let first_revealed = values_ref
                .cast::<web_sys::Element>()
                .filter(|_| *expanded)
                .and_then(|list| list.children().item(ALWAYS_SHOWN as u32))
                .and_then(|item| item.query_selector("button").ok().flatten())
                .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(button) = first_revealed {
                let _ = button.focus();
            }
        });
    }
    let toggle_expanded = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };

    html! {
        <section class="facet" aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id} class="facet-heading">{ kind.heading() }</h2>
            if total > ALWAYS_SHOWN {
                <input type="search" class="facet-search" data-testid="facet-search"
                       data-facet={kind.key()} placeholder={kind.search_label()} aria-label={kind.search_label()}
                       value={(*search).clone()} {oninput} />
            }
            if no_match {
                <p class="facet-no-match" role="status">
                    { format!("No {} match “{}”.", kind.plural(), search.trim()) }
                </p>
            }
            <ul class="facet-values" ref={values_ref}>
                { for shown.iter().map(|entry| facet_button(kind, entry, &props.on_toggle)) }
            </ul>
            if total > ALWAYS_SHOWN {
                <button type="button" class="show-all" aria-expanded={expanded.to_string()}
                        onclick={toggle_expanded}>
                    // No count of the archive's values: a page the site builder renders would
                    // change with every value added anywhere.
                    { if *expanded { "Show fewer" } else { "Show all" } }
                </button>
            }
        </section>
    }
}

fn facet_button(kind: FacetKind, entry: &FacetEntry, on_toggle: &Callback<String>) -> Html {
    let onclick = {
        let slug = entry.slug.clone();
        on_toggle.reform(move |_: MouseEvent| slug.clone())
    };
    let testid = format!("{}-filter", kind.key());
    let is_topic = kind == FacetKind::Topic;
    let button = html! {
        <button type="button" class="facet-button" data-testid={testid}
                data-topic={is_topic.then(|| entry.slug.clone())}
                data-author={(!is_topic).then(|| entry.slug.clone())}
                data-count={entry.count.to_string()} aria-pressed={entry.selected.to_string()}
                {onclick}>
            <span class="facet-name">{ entry.name.clone() }</span>
            <span class="facet-count">{ grouped(entry.count as u64) }</span>
        </button>
    };
    html! { <li class={classes!("facet-value", (entry.count == 0).then_some("empty"))}>{ button }</li> }
}
