//! What loading skipped or repaired, so a publisher can fix the feed (SPEC §5 `feed-report`).

use yew::prelude::*;

use newsroom_core::model::FeedReport;

/// A collapsed note listing every skipped and repaired item; nothing for a clean feed.
pub fn feed_report(report: &FeedReport) -> Html {
    if report.is_clean() {
        return Html::default();
    }
    let (skipped, repaired) = (report.skipped.len(), report.repaired.len());
    let plural = |n: usize| if n == 1 { "item" } else { "items" };
    // At most this many notes a list: a feed with 100,000 bad items must not build 100,000
    // list items.
    const SHOWN: usize = 100;
    let list = |notes: &[newsroom_core::model::ItemNote]| {
        html! {
            <ul>
                { for notes.iter().take(SHOWN).map(|note| html! { <li>{ note.to_string() }</li> }) }
                if notes.len() > SHOWN {
                    <li>{ format!("… and {} more", notes.len() - SHOWN) }</li>
                }
            </ul>
        }
    };
    html! {
        <details class="feed-report" data-testid="feed-report" data-skipped={skipped.to_string()}
                 data-repaired={repaired.to_string()}>
            <summary>
                { format!("This feed had problems: {skipped} {} skipped, {repaired} {} repaired.", plural(skipped), plural(repaired)) }
            </summary>
            if skipped > 0 {
                <h2>{ "Skipped" }</h2>
                { list(&report.skipped) }
            }
            if repaired > 0 {
                <h2>{ "Repaired" }</h2>
                { list(&report.repaired) }
            }
        </details>
    }
}
