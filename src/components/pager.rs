//! Page links for a list: newer, "page X of Y", older.

use yew::prelude::*;

use crate::core::query::ListQuery;
use crate::core::route::Route;
use crate::nav::AppLink;

/// Props of [`Pager`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The list's route.
    pub route: Route,
    /// The list's state.
    pub query: ListQuery,
    /// The page shown (1-based, already clamped).
    pub page: usize,
    /// How many pages there are.
    pub pages: usize,
}

/// Previous/next page links; nothing when there is one page.
#[function_component(Pager)]
pub fn pager(props: &Props) -> Html {
    if props.pages <= 1 {
        return Html::default();
    }
    let link = |page: usize, label: &'static str, rel: &'static str| {
        html! {
            <AppLink to={props.route.clone()} query={props.query.at_page(page).to_query_string()}
                     class="pager-link" rel={rel}>{ label }</AppLink>
        }
    };
    html! {
        <nav class="pager" aria-label="Pages">
            if props.page > 1 {
                { link(props.page - 1, "← Previous page", "prev") }
            }
            <span class="pager-status">{ format!("Page {} of {}", props.page, props.pages) }</span>
            if props.page < props.pages {
                { link(props.page + 1, "Next page →", "next") }
            }
        </nav>
    }
}
