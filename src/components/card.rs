//! One article in a list.

use yew::prelude::*;

use crate::components::byline::byline;
use crate::components::topic_links::topic_links;
use crate::core::archive::Archive;
use crate::core::model::ArticleIdx;
use crate::core::route::Route;
use crate::core::sanitize::safe_image_url;
use crate::nav::AppLink;

/// Headline link, dek, byline, topics and thumbnail (SPEC §5 `article-card`).
pub fn article_card(archive: &Archive, idx: ArticleIdx) -> Html {
    let Some(article) = archive.article(idx) else {
        return Html::default();
    };
    html! {
        <article class="card" data-testid="article-card" data-article-id={article.id.clone()}
                 lang={article.language.clone()} dir={article.direction().as_attr()}>
            <div class="card-text">
                <h2 class="card-title">
                    <AppLink to={Route::Article(article.slug.clone())} testid="article-link">
                        { article.title.clone() }
                    </AppLink>
                </h2>
                if let Some(summary) = &article.summary {
                    <p class="dek">{ summary.clone() }</p>
                }
                { byline(archive, article) }
                { topic_links(archive, article) }
            </div>
            if let Some(image) = article.image.as_deref().and_then(safe_image_url) {
                <img class="thumb" src={image} alt="" loading="lazy" decoding="async"
                     referrerpolicy="no-referrer" width="160" height="107" />
            }
        </article>
    }
}
