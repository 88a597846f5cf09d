//! `/topics/{slug}/`: a topic's description and articles, filterable by author.

use yew::prelude::*;

use crate::app::ArchiveHandle;
use crate::components::list_view::ListView;
use crate::core::query::{FixedFacet, ListQuery};
use crate::core::route::Route;
use crate::pages::not_found::NotFoundPage;

/// Props of [`TopicPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The archive.
    pub archive: ArchiveHandle,
    /// The topic's slug from the path.
    pub slug: AttrValue,
    /// List state from the URL.
    pub query: ListQuery,
}

/// A topic page.
#[function_component(TopicPage)]
pub fn topic_page(props: &Props) -> Html {
    let site = props.archive.info.title.clone();
    let found = props.archive.topic_by_slug(&props.slug);
    let name = found
        .and_then(|t| props.archive.topic(t))
        .map(|t| t.name.clone());
    use_effect_with((name.clone(), site.clone()), |(name, site)| {
        if let Some(name) = name {
            crate::nav::set_title(Some(name), site);
        }
    });
    let (Some(idx), Some(topic)) = (found, found.and_then(|t| props.archive.topic(t))) else {
        return html! { <NotFoundPage site={site} what={Some(AttrValue::from("topic"))} /> };
    };
    let count = props.archive.topic_article_count(idx);
    html! {
        <>
            <header class="profile">
                <div>
                    <p class="kicker">{ "Topic" }</p>
                    <h1 class="page-title">{ topic.name.clone() }</h1>
                    if let Some(description) = &topic.description {
                        <p class="bio">{ description.clone() }</p>
                    }
                    <p class="profile-meta">{ format!("{count} {}", if count == 1 { "article" } else { "articles" }) }</p>
                </div>
            </header>
            <ListView archive={props.archive.clone()} route={Route::Topic(topic.slug.clone())}
                      query={props.query.clone()} fixed={Some(FixedFacet::Topic(idx))} />
        </>
    }
}
