//! One article in a list.

use yew::prelude::*;

use crate::app::ArchiveHandle;
use crate::components::byline::Byline;
use crate::components::topic_links::TopicLinks;
use crate::core::model::ArticleIdx;
use crate::core::route::Route;
use crate::core::sanitize::safe_image_url;
use crate::nav::AppLink;

/// Props of [`ArticleCard`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The archive.
    pub archive: ArchiveHandle,
    /// The article.
    pub article: ArticleIdx,
    /// Heading level of the headline (2 in a page's main list, 3 in a side list).
    #[prop_or(2)]
    pub level: u8,
}

/// Headline link, dek, byline, topics and thumbnail (SPEC §5 `article-card`).
#[function_component(ArticleCard)]
pub fn article_card(props: &Props) -> Html {
    let Some(article) = props.archive.article(props.article) else {
        return Html::default();
    };
    let link = html! {
        <AppLink to={Route::Article(article.slug.clone())} testid="article-link">
            { article.title.clone() }
        </AppLink>
    };
    let headline = if props.level <= 2 {
        html! { <h2 class="card-title">{ link }</h2> }
    } else {
        html! { <h3 class="card-title">{ link }</h3> }
    };
    let direction = article.direction().as_attr();
    html! {
        <article class="card" data-testid="article-card" data-article-id={article.id.clone()}
                 lang={article.language.clone()} dir={direction}>
            <div class="card-text">
                { headline }
                if let Some(summary) = &article.summary {
                    <p class="dek">{ summary.clone() }</p>
                }
                <Byline archive={props.archive.clone()} article={props.article} />
                <TopicLinks archive={props.archive.clone()} article={props.article} />
            </div>
            if let Some(image) = article.image.as_deref().and_then(safe_image_url) {
                <img class="thumb" src={image} alt="" loading="lazy" decoding="async"
                     referrerpolicy="no-referrer" width="160" height="107" />
            }
        </article>
    }
}
