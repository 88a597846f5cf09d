//! Any path that names nothing.

use yew::prelude::*;

use crate::core::route::Route;
use crate::nav::AppLink;

/// Props of [`NotFoundPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Site name, for the title.
    pub site: AttrValue,
    /// What was looked for, e.g. "article", when the path had the right shape.
    #[prop_or_default]
    pub what: Option<AttrValue>,
}

/// The not-found view, with a way home.
#[function_component(NotFoundPage)]
pub fn not_found_page(props: &Props) -> Html {
    use_effect_with(props.site.clone(), |site| {
        crate::nav::set_title(Some("Not found"), site)
    });
    let message = match &props.what {
        Some(what) => {
            format!("There is no such {what} in this archive. It may have been renamed or removed.")
        }
        None => "There is nothing at this address.".to_string(),
    };
    html! {
        <div class="not-found" data-testid="not-found">
            <h1>{ "Page not found" }</h1>
            <p>{ message }</p>
            <p><AppLink to={Route::Home}>{ "Go to the latest articles" }</AppLink></p>
        </div>
    }
}
