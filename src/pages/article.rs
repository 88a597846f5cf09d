//! `/articles/{slug}/`: one article, its authors, related articles and its neighbours.

use yew::prelude::*;

use crate::components::article_body::article_body;
use crate::components::card::{byline, topic_links};
use crate::load::BodyState;
use crate::nav::href;
use crate::pages::not_found::not_found_page;
use crate::state::ArchiveHandle;
use newsroom_core::filter::{apply, SortOrder};
use newsroom_core::model::ArticleIdx;
use newsroom_core::query::ListQuery;
use newsroom_core::route::Route;
use newsroom_core::sanitize::{safe_image_url, safe_link_url};

/// Related articles listed per author or topic.
const RELATED: usize = 4;

/// The article view, or not-found for an unknown slug. `from` is the list the reader opened
/// it from (its topics and authors, SPEC §3): "previous" and "next" are its neighbours in that
/// list, newest first, when it is in it; else in the whole archive.
pub fn article_page(archive: &ArchiveHandle, slug: &str, from: &ListQuery) -> Html {
    let Some((idx, article)) = archive
        .article_by_slug(slug)
        .and_then(|i| Some((i, archive.article(i)?)))
    else {
        return not_found_page(Some("article"));
    };
    let direction = article.direction().as_attr();
    let in_list = from.has_selection() && archive.can_list(true, SortOrder::Newest);
    let listed = in_list.then(|| {
        let resolved = from.resolve(archive, None);
        apply(archive, &resolved.filter, SortOrder::Newest).matches
    });
    let (newer, older, from_query) = match listed
        .as_ref()
        .and_then(|list| Some((list, list.iter().position(|&i| i == idx)?)))
    {
        Some((list, at)) => (
            at.checked_sub(1).map(|at| list[at]),
            list.get(at + 1).copied(),
            from.selection().to_query_string(),
        ),
        None => (idx.checked_sub(1), Some(idx + 1), String::new()),
    };
    let newer = newer.and_then(|i| archive.article(i).map(|a| (i, a)));
    let older = older.and_then(|i| archive.article(i).map(|a| (i, a)));

    let author_boxes = article.authors.iter().filter_map(|&a| archive.author(a).map(|author| {
        html! {
            <section class="author-box" aria-label={format!("About {}", author.name)}>
                if let Some(avatar) = author.avatar.as_deref().and_then(safe_image_url) {
                    <img class="avatar" src={avatar} alt="" width="64" height="64" loading="lazy" referrerpolicy="no-referrer" />
                }
                <div>
                    <h2 class="author-box-name">
                        <a href={href(&Route::Author(author.slug.clone()), "")}>{ author.name.clone() }</a>
                    </h2>
                    if let Some(bio) = &author.bio {
                        <p class="bio">{ bio.clone() }</p>
                    }
                    if let Some(url) = author.url.as_deref().and_then(safe_link_url) {
                        <p><a href={url} rel="noopener noreferrer nofollow">{ "Profile" }</a></p>
                    }
                </div>
            </section>
        }
    }));

    let mut already_listed: Vec<ArticleIdx> = vec![idx];
    // The author's or topic's articles just older than this one, then just newer: a page then
    // changes when its neighbours in that list do, not whenever a newer article is published
    // (the site builder's pages stay as they are).
    let mut related_section = |heading: String, to: Route, postings: &[ArticleIdx]| -> Html {
        let at = postings.partition_point(|&i| i <= idx);
        let (newer, older) = postings.split_at(at);
        let picks: Vec<ArticleIdx> = older
            .iter()
            .chain(newer.iter().rev())
            .copied()
            .filter(|i| !already_listed.contains(i))
            .take(RELATED)
            .collect();
        if picks.is_empty() {
            return Html::default();
        }
        already_listed.extend(&picks);
        html! {
            <section class="related">
                <h2>{ heading }</h2>
                <ul>
                    { for picks.iter().filter_map(|&i| archive.article(i)).map(|a| html! {
                        <li><a href={href(&Route::Article(a.slug.clone()), "")}>{ a.title.clone() }</a></li>
                    }) }
                </ul>
                <a href={href(&to, "")} class="see-all">{ "See all" }</a>
            </section>
        }
    };
    let more_by = article.authors.first().and_then(|&a| {
        let author = archive.author(a)?;
        Some(related_section(
            format!("More by {}", author.name),
            Route::Author(author.slug.clone()),
            archive.author_postings.get(a as usize)?,
        ))
    });
    let more_in = article.topics.first().and_then(|&t| {
        let topic = archive.topic(t)?;
        Some(related_section(
            format!("More in {}", topic.name),
            Route::Topic(topic.slug.clone()),
            archive.topic_postings.get(t as usize)?,
        ))
    });

    let neighbour = |entry: Option<(ArticleIdx, &newsroom_core::model::Article)>,
                     label: &'static str,
                     rel: &'static str,
                     class: &'static str| {
        entry.map(|(_, a)| {
            html! {
                <a href={href(&Route::Article(a.slug.clone()), &from_query)} class={class} rel={rel}>
                    <span class="neighbour-label">{ label }</span>
                    <span class="neighbour-title">{ a.title.clone() }</span>
                </a>
            }
        })
    };

    html! {
        <div class="article-page">
            <article class="article" data-testid="article" data-article-id={article.id.clone()}
                     lang={article.language.clone()} dir={direction}>
                <header class="article-header">
                    <h1 tabindex="-1" class="headline">{ article.title.clone() }</h1>
                    if let Some(summary) = &article.summary {
                        <p class="dek">{ summary.clone() }</p>
                    }
                    { byline(archive, article) }
                    { topic_links(archive, article) }
                </header>
                if let Some(banner) = article.banner_image.as_deref().or(article.image.as_deref()).and_then(safe_image_url) {
                    <img class="lead-image" src={banner} alt="" referrerpolicy="no-referrer" />
                }
                { match crate::load::article_body(archive, article) {
                    BodyState::Read(body) => article_body(&body, archive.base_url(article).as_ref()),
                    BodyState::Pending => html! {
                        <div class="article-body" aria-busy="true"><p class="loading-text">{ "Loading the article…" }</p></div>
                    },
                    // The notice above the page says so and offers the retry.
                    BodyState::Failed => Html::default(),
                } }
                if let Some(source) = article.external_url.as_deref().and_then(safe_link_url) {
                    <p class="source"><a href={source} rel="noopener noreferrer nofollow">{ "Read the original" }</a></p>
                }
            </article>
            <aside class="article-aside" aria-label="About the author and related articles">
                { for author_boxes }
                { more_by.unwrap_or_default() }
                { more_in.unwrap_or_default() }
            </aside>
            <nav class="neighbours" aria-label="Previous and next articles">
                { neighbour(newer, "Previous (newer)", "prev", "neighbour newer").unwrap_or_default() }
                { neighbour(older, "Next (older)", "next", "neighbour older").unwrap_or_default() }
            </nav>
        </div>
    }
}
