//! `/`: the whole archive as a filterable list.

use yew::prelude::*;

use crate::components::feed_report::feed_report;
use crate::components::list_view::ListView;
use crate::state::ArchiveHandle;
use newsroom_core::query::ListQuery;
use newsroom_core::route::Route;

/// The article list, with the feed's load report below it: the report is the publisher's (the
/// builder prints it too), so it sits out of the reader's way, collapsed and plainly worded.
pub fn home_page(archive: &ArchiveHandle, query: ListQuery) -> Html {
    html! {
        <>
            <h1 tabindex="-1" class="page-title">{ "Latest articles" }</h1>
            <ListView archive={archive.clone()} route={Route::Home} {query} />
            { feed_report(&archive.report) }
        </>
    }
}
