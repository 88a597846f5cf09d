//! The error state: what went wrong and what a publisher can do about it.

use yew::prelude::*;

/// The app's error state (SPEC §5: `[role=alert]` inside the app root), naming the problem and
/// where it is.
pub fn error_view(message: &str) -> Html {
    html! {
        <div class="error-view" role="alert">
            <h1 tabindex="-1">{ "The articles could not be loaded" }</h1>
            <p class="error-message">{ message.to_string() }</p>
            <p class="hint">
                { "If you publish this site: check that articles.json next to index.html is a JSON Feed (https://jsonfeed.org/version/1.1), then reload." }
            </p>
        </div>
    }
}
