//! What loading skipped or repaired, so a publisher can fix the feed (SPEC §5 `feed-report`).

use yew::prelude::*;

use newsroom_core::model::FeedReport;
use newsroom_core::numbers::grouped;

/// A collapsed note listing every skipped and repaired item; nothing for a clean feed.
pub fn feed_report(report: &FeedReport) -> Html {
    if report.is_clean() {
        return Html::default();
    }
    let (skipped, repaired) = (report.skipped.len(), report.repaired.len());
    let plural = |n: usize| if n == 1 { "item" } else { "items" };
    let part = |n: usize, what: &str| {
        (n > 0).then(|| format!("{} {} {what}", grouped(n as u64), plural(n)))
    };
    let parts: Vec<String> = [part(skipped, "left out"), part(repaired, "adjusted")]
        .into_iter()
        .flatten()
        .collect();
    let summary = format!("Notes on this archive's feed: {}", parts.join(", "));
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
                { summary }
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
