//! An article's body: text as paragraphs, HTML through the sanitiser.

use yew::prelude::*;

#[cfg(target_arch = "wasm32")]
use crate::sanitize_dom::sanitize_html;
use newsroom_core::model::Body;

/// The body of the article view. HTML is sanitised into fresh DOM nodes each time the view is
/// built (once per navigation to the article).
pub fn article_body(body: &Body) -> Html {
    match body {
        Body::Text(paragraphs) => html! {
            <div class="article-body">
                { for paragraphs.iter().map(|lines| html! {
                    <p>{ for lines.iter().enumerate().map(|(i, line)| html! {
                        <>{ if i > 0 { html! { <br /> } } else { Html::default() } }{ line.clone() }</>
                    }) }</p>
                }) }
            </div>
        },
        // Rendering ahead of time (the site builder): the same policy over an HTML5 parse.
        #[cfg(not(target_arch = "wasm32"))]
        Body::Html(html) => html! {
            <div class="article-body">{ Html::from_html_unchecked(newsroom_core::html5::sanitize(html).into()) }</div>
        },
        #[cfg(target_arch = "wasm32")]
        Body::Html(html) => match sanitize_html(html) {
            Some(node) => html! { <div class="article-body">{ Html::VRef(node.into()) }</div> },
            None => {
                html! { <div class="article-body"><p>{ "This article's text could not be shown." }</p></div> }
            }
        },
        Body::Empty => html! {
            <div class="article-body empty"><p>{ "This article has no text." }</p></div>
        },
    }
}
