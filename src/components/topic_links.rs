//! An article's topics as links to their pages.

use yew::prelude::*;

use crate::app::ArchiveHandle;
use crate::core::model::ArticleIdx;
use crate::core::route::Route;
use crate::nav::AppLink;

/// Props of [`TopicLinks`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The archive.
    pub archive: ArchiveHandle,
    /// The article.
    pub article: ArticleIdx,
}

/// The topic list of one article.
#[function_component(TopicLinks)]
pub fn topic_links(props: &Props) -> Html {
    let Some(article) = props.archive.article(props.article) else {
        return Html::default();
    };
    if article.topics.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="topic-links" aria-label="Topics">
            { for article.topics.iter().filter_map(|&t| props.archive.topic(t)).map(|topic| html! {
                <li><AppLink to={Route::Topic(topic.slug.clone())} class="topic-link" rel="tag">{ topic.name.clone() }</AppLink></li>
            }) }
        </ul>
    }
}
