//! The error state: what went wrong and what a publisher can do about it.

use yew::prelude::*;

/// Props of [`ErrorView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The message, naming the problem and where it is.
    pub message: AttrValue,
}

/// The app's error state (SPEC §5: `[role=alert]` inside the app root).
#[function_component(ErrorView)]
pub fn error_view(props: &Props) -> Html {
    use_effect_with((), |_| {
        crate::nav::set_title(None, "Articles could not be loaded")
    });
    html! {
        <div class="error-view" role="alert">
            <h1>{ "The articles could not be loaded" }</h1>
            <p class="error-message">{ props.message.clone() }</p>
            <p class="hint">
                { "If you publish this site: check that articles.json next to index.html is a JSON Feed (https://jsonfeed.org/version/1.1), then reload." }
            </p>
        </div>
    }
}
