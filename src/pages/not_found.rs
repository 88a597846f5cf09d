//! Any path that names nothing.

use yew::prelude::*;

use crate::nav::href;
use newsroom_core::route::Route;

/// The not-found view, with a way home; `what` ("article", "author", "topic") when the path
/// had the right shape but names nothing in this archive.
pub fn not_found_page(what: Option<&str>) -> Html {
    let message = match what {
        Some(what) => {
            format!("There is no such {what} in this archive. It may have been renamed or removed.")
        }
        None => "There is nothing at this address.".to_string(),
    };
    html! {
        <div class="not-found" data-testid="not-found">
            <h1 tabindex="-1">{ "Page not found" }</h1>
            <p>{ message }</p>
            <p><a href={href(&Route::Home, "")}>{ "Go to the latest articles" }</a></p>
        </div>
    }
}
