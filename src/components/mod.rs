//! Small components: props in, `Html` out.

pub mod article_body;
pub mod card;
pub mod error_view;
pub mod facet;
pub mod feed_report;
pub mod list_view;
pub mod pager;
