//! "By A and B · 13 April 2021 · 3 min read": who wrote an article and when.

use yew::prelude::*;

use crate::core::archive::Archive;
use crate::core::dates::{human_date, machine_date};
use crate::core::model::Article;
use crate::core::route::Route;
use crate::nav::AppLink;

/// Authors (linked to their pages), date and reading time.
pub fn byline(archive: &Archive, article: &Article) -> Html {
    let count = article.authors.len();
    let authors = article
        .authors
        .iter()
        .filter_map(|&a| archive.author(a))
        .enumerate()
        .map(|(i, author)| {
            let separator = match i {
                0 => "",
                i if i + 1 == count => " and ",
                _ => ", ",
            };
            html! {
                <>
                    { separator }
                    <AppLink to={Route::Author(author.slug.clone())} class="author-link" rel="author">
                        { author.name.clone() }
                    </AppLink>
                </>
            }
        });
    html! {
        <p class="byline">
            if count > 0 {
                <span class="by">{ "By " }{ for authors }</span>
            }
            if let Some(date) = article.published {
                <time datetime={machine_date(date)}>{ human_date(date) }</time>
            }
            <span class="reading-time">{ format!("{} min read", article.reading_minutes) }</span>
        </p>
    }
}
