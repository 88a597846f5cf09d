//! `/topics/{slug}/`: a topic's description and articles, filterable by author.

use yew::prelude::*;

use crate::components::list_view::ListView;
use crate::pages::not_found::not_found_page;
use crate::state::ArchiveHandle;
use newsroom_core::numbers::grouped;
use newsroom_core::query::{FixedFacet, ListQuery};
use newsroom_core::route::Route;

/// A topic page, or not-found for an unknown slug.
pub fn topic_page(archive: &ArchiveHandle, slug: &str, query: ListQuery) -> Html {
    let Some((idx, topic)) = archive
        .topic_by_slug(slug)
        .and_then(|t| Some((t, archive.topic(t)?)))
    else {
        return not_found_page(Some("topic"));
    };
    let count = archive.topic_article_count(idx);
    html! {
        <>
            <header class="profile">
                <div>
                    <p class="kicker">{ "Topic" }</p>
                    <h1 tabindex="-1" class="page-title">{ topic.name.clone() }</h1>
                    if let Some(description) = &topic.description {
                        <p class="bio">{ description.clone() }</p>
                    }
                    <p class="profile-meta">{ articles_count(count) }</p>
                </div>
            </header>
            <ListView archive={archive.clone()} route={Route::Topic(topic.slug.clone())}
                      {query} fixed={Some(FixedFacet::Topic(idx))} />
        </>
    }
}

/// "1 article", "12 articles".
pub fn articles_count(count: usize) -> String {
    format!(
        "{} {}",
        grouped(count as u64),
        if count == 1 { "article" } else { "articles" }
    )
}
