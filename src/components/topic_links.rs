//! An article's topics as links to their pages.

use yew::prelude::*;

use crate::core::archive::Archive;
use crate::core::model::Article;
use crate::core::route::Route;
use crate::nav::AppLink;

/// The topic list of one article; nothing when it has none.
pub fn topic_links(archive: &Archive, article: &Article) -> Html {
    if article.topics.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="topic-links" aria-label="Topics">
            { for article.topics.iter().filter_map(|&t| archive.topic(t)).map(|topic| html! {
                <li><AppLink to={Route::Topic(topic.slug.clone())} class="topic-link" rel="tag">{ topic.name.clone() }</AppLink></li>
            }) }
        </ul>
    }
}
