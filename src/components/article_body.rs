//! An article's body: text as paragraphs, HTML through the sanitiser.

use yew::prelude::*;

#[cfg(target_arch = "wasm32")]
use crate::sanitize_dom::sanitize_html;
use newsroom_core::model::Body;
use newsroom_core::urls::BaseUrl;

/// The body of the article view, its relative URLs resolved against `base`. HTML is sanitised into fresh DOM nodes once per article shown:
/// the view's later renders (as more of the archive arrives) keep those nodes, and with them
/// the reader's selection and anything a script-free test or tool holds on to.
pub fn article_body(body: &Body, base: Option<&BaseUrl>) -> Html {
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
            <div class="article-body">{ Html::from_html_unchecked(newsroom_core::html5::sanitize(html, base).into()) }</div>
        },
        #[cfg(target_arch = "wasm32")]
        Body::Html(html) => match sanitized(html, base) {
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

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The body last sanitised, and the nodes made of it.
    static LAST: std::cell::RefCell<Option<(String, web_sys::Element)>> =
        const { std::cell::RefCell::new(None) };
}

/// `html` sanitised ([`sanitize_html`]), the same nodes as last time when it is the same body.
#[cfg(target_arch = "wasm32")]
fn sanitized(html: &str, base: Option<&BaseUrl>) -> Option<web_sys::Element> {
    LAST.with(|last| {
        if let Some((_, node)) = last.borrow().as_ref().filter(|(kept, _)| kept == html) {
            return Some(node.clone());
        }
        let node = sanitize_html(html, base)?;
        *last.borrow_mut() = Some((html.to_string(), node.clone()));
        Some(node)
    })
}
