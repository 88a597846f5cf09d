//! What loading skipped or repaired, so a publisher can fix the feed (SPEC §5 `feed-report`).

use yew::prelude::*;

use crate::app::ArchiveHandle;

/// Props of [`FeedReportView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The archive whose report to show.
    pub archive: ArchiveHandle,
}

/// A collapsed note listing every skipped and repaired item; nothing for a clean feed.
#[function_component(FeedReportView)]
pub fn feed_report_view(props: &Props) -> Html {
    let report = &props.archive.report;
    if report.is_clean() {
        return Html::default();
    }
    let (skipped, repaired) = (report.skipped.len(), report.repaired.len());
    let plural = |n: usize| if n == 1 { "item" } else { "items" };
    html! {
        <details class="feed-report" data-testid="feed-report" data-skipped={skipped.to_string()}
                 data-repaired={repaired.to_string()}>
            <summary>
                { format!("This feed had problems: {skipped} {} skipped, {repaired} {} repaired.", plural(skipped), plural(repaired)) }
            </summary>
            if skipped > 0 {
                <h2>{ "Skipped" }</h2>
                <ul>{ for report.skipped.iter().map(|note| html! { <li>{ note.to_string() }</li> }) }</ul>
            }
            if repaired > 0 {
                <h2>{ "Repaired" }</h2>
                <ul>{ for report.repaired.iter().map(|note| html! { <li>{ note.to_string() }</li> }) }</ul>
            }
        </details>
    }
}
