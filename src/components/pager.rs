//! Page links for a list: previous, "page X of Y", next.

use yew::prelude::*;

use crate::nav::href;
use newsroom_core::numbers::grouped;
use newsroom_core::query::ListQuery;
use newsroom_core::route::Route;

/// Previous/next page links for page `page` of `pages`; nothing when there is one page.
pub fn pager(route: &Route, query: &ListQuery, page: usize, pages: usize) -> Html {
    if pages <= 1 {
        return Html::default();
    }
    let link = |to_page: usize, label: &'static str, rel: &'static str| {
        html! {
            <a href={href(route, &query.at_page(to_page).to_query_string())} class="pager-link" rel={rel}>
                { label }
            </a>
        }
    };
    html! {
        <nav class="pager" aria-label="Pages">
            if page > 1 {
                { link(page - 1, "← Previous page", "prev") }
            }
            <span class="pager-status">{ format!("Page {} of {}", grouped(page as u64), grouped(pages as u64)) }</span>
            if page < pages {
                { link(page + 1, "Next page →", "next") }
            }
        </nav>
    }
}
