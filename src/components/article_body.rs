//! An article's body: text as paragraphs, HTML through the sanitiser.

use yew::prelude::*;

use crate::core::model::Body;
use crate::sanitize_dom::sanitize_html;

/// Props of [`ArticleBody`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The body as the feed gave it.
    pub body: Body,
}

/// The body of the article view.
#[function_component(ArticleBody)]
pub fn article_body(props: &Props) -> Html {
    let sanitized = use_memo(props.body.clone(), |body| match body {
        Body::Html(html) => sanitize_html(html),
        _ => None,
    });
    match &props.body {
        Body::Text(paragraphs) => html! {
            <div class="article-body">
                { for paragraphs.iter().map(|lines| html! {
                    <p>{ for lines.iter().enumerate().map(|(i, line)| html! {
                        <>{ if i > 0 { html! { <br /> } } else { Html::default() } }{ line.clone() }</>
                    }) }</p>
                }) }
            </div>
        },
        Body::Html(_) => match &*sanitized {
            Some(node) => {
                html! { <div class="article-body">{ Html::VRef(node.clone().into()) }</div> }
            }
            None => {
                html! { <div class="article-body"><p>{ "This article's text could not be shown." }</p></div> }
            }
        },
        Body::Empty => html! {
            <div class="article-body empty"><p>{ "This article has no text." }</p></div>
        },
    }
}
