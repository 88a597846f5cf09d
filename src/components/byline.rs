//! "By A and B · 13 April 2021 · 3 min read": who wrote an article and when.

use yew::prelude::*;

use crate::app::ArchiveHandle;
use crate::core::dates::{human_date, machine_date};
use crate::core::model::ArticleIdx;
use crate::core::route::Route;
use crate::nav::AppLink;

/// Props of [`Byline`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The archive.
    pub archive: ArchiveHandle,
    /// The article.
    pub article: ArticleIdx,
}

/// Authors (linked to their pages), date and reading time.
#[function_component(Byline)]
pub fn byline(props: &Props) -> Html {
    let Some(article) = props.archive.article(props.article) else {
        return Html::default();
    };
    let authors: Vec<Html> = article
        .authors
        .iter()
        .filter_map(|&a| props.archive.author(a))
        .map(|author| {
            html! {
                <AppLink to={Route::Author(author.slug.clone())} class="author-link" rel="author">
                    { author.name.clone() }
                </AppLink>
            }
        })
        .collect();
    let count = authors.len();
    let joined = authors.into_iter().enumerate().map(|(i, link)| {
        let separator = match (i, count) {
            (0, _) => "",
            (i, n) if i + 1 == n => " and ",
            _ => ", ",
        };
        html! { <>{ separator }{ link }</> }
    });
    html! {
        <p class="byline">
            if count > 0 {
                <span class="by">{ "By " }{ for joined }</span>
            }
            if let Some(date) = article.published {
                <time datetime={machine_date(date)}>{ human_date(date) }</time>
            }
            <span class="reading-time">{ format!("{} min read", article.reading_minutes) }</span>
        </p>
    }
}
