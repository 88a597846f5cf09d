//! `/`: the whole archive as a filterable list.

use yew::prelude::*;

use crate::app::ArchiveHandle;
use crate::components::feed_report::FeedReportView;
use crate::components::list_view::ListView;
use crate::core::query::ListQuery;
use crate::core::route::Route;

/// Props of [`HomePage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The archive.
    pub archive: ArchiveHandle,
    /// List state from the URL.
    pub query: ListQuery,
}

/// The article list.
#[function_component(HomePage)]
pub fn home_page(props: &Props) -> Html {
    let site = props.archive.info.title.clone();
    use_effect_with(site.clone(), |site| crate::nav::set_title(None, site));
    html! {
        <>
            <h1 class="page-title">{ "Latest articles" }</h1>
            <FeedReportView archive={props.archive.clone()} />
            <ListView archive={props.archive.clone()} route={Route::Home} query={props.query.clone()} />
        </>
    }
}
