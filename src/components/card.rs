//! Articles in a list, written as markup the browser builds in one piece.
//!
//! A page of 20 cards is some 500 elements and text nodes. Reconciled one by one through the
//! virtual DOM, every filter click patched them across the WebAssembly boundary; written as one
//! string, the browser's own parser builds them in a fraction of that. The links in them are
//! plain links that [`crate::nav::follow_link`] follows in place, and every value from the feed
//! is escaped ([`escape_into`]), so nothing in it is markup.

use yew::prelude::*;

use crate::nav::href;
use crate::state::ArchiveHandle;
use newsroom_core::archive::Archive;
use newsroom_core::dates::{human_date, machine_date};
use newsroom_core::markup::escape_into;
use newsroom_core::model::{Article, ArticleIdx};
use newsroom_core::route::Route;
use newsroom_core::sanitize::safe_image_url;

/// The cards of the articles at these positions, in order (SPEC §5 `article-card`).
///
/// `from` is the list's selection as a query string (`""` for the whole archive): each card's
/// article link carries it, so that the article's "previous" and "next" walk that list.
pub fn article_cards(archive: &ArchiveHandle, shown: &[ArticleIdx], from: &str) -> Html {
    // One element at the top: a new page of cards replaces the old in one removal.
    let mut out = String::with_capacity(shown.len() * 1200);
    // On a head of the index, an article past the newest is shown once its chunk of cards has
    // come.
    let waiting = shown.iter().any(|&idx| archive.article(idx).is_none());
    out.push_str(if waiting {
        r#"<div class="cards" aria-busy="true">"#
    } else {
        r#"<div class="cards">"#
    });
    for &idx in shown {
        match archive.article(idx) {
            Some(article) => write_card(&mut out, archive, article, from),
            None => out.push_str(r#"<div class="card card-waiting" aria-hidden="true"></div>"#),
        }
    }
    out.push_str("</div>");
    Html::from_html_unchecked(out.into())
}

/// "By A and B · 13 April 2021 · 3 min read": the authors linked to their pages, date and
/// reading time.
pub fn byline(archive: &Archive, article: &Article) -> Html {
    let mut out = String::new();
    write_byline(&mut out, archive, article);
    Html::from_html_unchecked(out.into())
}

/// An article's topics as links to their pages; nothing when it has none.
pub fn topic_links(archive: &Archive, article: &Article) -> Html {
    let mut out = String::new();
    write_topic_links(&mut out, archive, article);
    Html::from_html_unchecked(out.into())
}

/// One card: headline link, dek, byline, topics and thumbnail.
fn write_card(out: &mut String, archive: &Archive, article: &Article, from: &str) {
    out.push_str(r#"<article class="card" data-testid="article-card" data-article-id=""#);
    escape_into(out, &article.id, true);
    if let Some(language) = &article.language {
        out.push_str(r#"" lang=""#);
        escape_into(out, language, true);
    }
    out.push_str(r#"" dir=""#);
    out.push_str(article.direction().as_attr());
    out.push_str(r#""><div class="card-text"><h2 class="card-title">"#);
    write_link(
        out,
        &Route::Article(article.slug.clone()),
        from,
        r#" data-testid="article-link""#,
        &article.title,
    );
    out.push_str("</h2>");
    if let Some(summary) = &article.summary {
        out.push_str(r#"<p class="dek">"#);
        escape_into(out, summary, false);
        out.push_str("</p>");
    }
    write_byline(out, archive, article);
    write_topic_links(out, archive, article);
    out.push_str("</div>");
    if let Some(image) = article.image.as_deref().and_then(safe_image_url) {
        out.push_str(r#"<img class="thumb" src=""#);
        escape_into(out, &image, true);
        out.push_str(
            r#"" alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" width="160" height="107">"#,
        );
    }
    out.push_str("</article>");
}

/// The byline's parts are the viewer's own English words ("By", the date, "3 min read"): each
/// is set left to right in an element of its own, inside a part that takes the article's
/// direction, so that an Arabic card lists them right to left without scrambling any ("min read
/// 3·"), and an author's name keeps its own direction. The separators are drawn by the style
/// sheet, which hides the one a wrapped line would start with.
fn write_byline(out: &mut String, archive: &Archive, article: &Article) {
    out.push_str(r#"<p class="byline"><span class="byline-parts">"#);
    let count = article.authors.len();
    if count > 0 {
        out.push_str(r#"<span class="by"><span dir="ltr">By "#);
        let authors = article.authors.iter().filter_map(|&a| archive.author(a));
        for (i, author) in authors.enumerate() {
            out.push_str(match i {
                0 => "",
                i if i + 1 == count => " and ",
                _ => ", ",
            });
            write_link(
                out,
                &Route::Author(author.slug.clone()),
                "",
                r#" class="author-link" rel="author" dir="auto""#,
                &author.name,
            );
        }
        out.push_str("</span></span>");
    }
    if let Some(date) = article.published {
        out.push_str(r#"<span class="date"><time dir="ltr" datetime=""#);
        out.push_str(&machine_date(date));
        out.push_str(r#"">"#);
        escape_into(out, &human_date(date), false);
        out.push_str("</time></span>");
    }
    out.push_str(&format!(
        r#"<span class="reading-time"><span dir="ltr">{} min read</span></span></span></p>"#,
        article.reading_minutes
    ));
}

fn write_topic_links(out: &mut String, archive: &Archive, article: &Article) {
    if article.topics.is_empty() {
        return;
    }
    out.push_str(r#"<ul class="topic-links" aria-label="Topics">"#);
    for topic in article.topics.iter().filter_map(|&t| archive.topic(t)) {
        out.push_str("<li>");
        write_link(
            out,
            &Route::Topic(topic.slug.clone()),
            "",
            r#" class="topic-link" rel="tag""#,
            &topic.name,
        );
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// A link to `route` with further (constant) attributes and `text`.
fn write_link(out: &mut String, route: &Route, query: &str, attributes: &str, text: &str) {
    out.push_str(r#"<a href=""#);
    escape_into(out, &href(route, query), true);
    out.push('"');
    out.push_str(attributes);
    out.push('>');
    escape_into(out, text, false);
    out.push_str("</a>");
}

#[cfg(test)]
mod tests {
    use super::write_card;
    use newsroom_core::feed::parse_feed;

    #[test]
    fn feed_text_is_text_in_the_card_markup() {
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [{
            "id": "x\" onmouseover=\"alert(1)", "title": "<img src=x onerror=alert(1)> & co",
            "summary": "</p><script>alert(2)</script>", "tags": ["<b>Politics</b>"],
            "authors": [{"name": "A \"B\" <C>"}], "image": "javascript:alert(3)",
            "date_published": "2021-04-13T12:00:00Z", "content_text": "Body."}]}"#;
        let archive = parse_feed(feed).expect("a feed");
        let mut out = String::new();
        write_card(&mut out, &archive, &archive.articles[0], "");
        for markup in ["<img", "<script", "<b>", "\" onmouseover", "javascript:"] {
            assert!(!out.contains(markup), "{markup} in {out}");
        }
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt; &amp; co"));
        assert!(out.contains("By <a href=\"/authors/a-b-c/\" class=\"author-link\" rel=\"author\" dir=\"auto\">A \"B\" &lt;C&gt;</a>"));
        assert!(out
            .contains("<time dir=\"ltr\" datetime=\"2021-04-13T12:00:00Z\">13 April 2021</time>"));
    }
}
