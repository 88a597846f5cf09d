//! JSON Feed 1.0 / 1.1 → [`Archive`] (SPEC §1).
//!
//! The file as a whole must be JSON and a JSON Feed, or loading fails with a [`FeedError`] that
//! says what and where. Items are read one at a time: an item that cannot be used is skipped,
//! one that can be repaired is, and both are noted in the archive's [`FeedReport`].

use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashSet};

use crate::core::archive::{Archive, ArchiveBuilder, RawAuthor};
use crate::core::dates::{parse_feed_date, ParsedDate};
use crate::core::model::{Body, FeedInfo, FeedReport, ItemNote};

/// Why a file could not be loaded at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The bytes are not JSON.
    #[error("articles.json is not valid JSON: {message} (line {line}, column {column})")]
    NotJson {
        /// What the JSON reader found wrong.
        message: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// JSON, but not a JSON Feed.
    #[error("articles.json is JSON but not a JSON Feed: {0}")]
    NotJsonFeed(String),
}

impl FeedError {
    fn from_json(error: &serde_json::Error) -> Self {
        Self::NotJson {
            message: without_position(error),
            line: error.line(),
            column: error.column(),
        }
    }
}

/// serde_json's message without the " at line L column C" it appends: the position is given
/// on its own.
fn without_position(error: &serde_json::Error) -> String {
    let full = error.to_string();
    match full.rfind(" at line ") {
        Some(at) => full[..at].to_string(),
        None => full,
    }
}

#[derive(Deserialize)]
struct RawFeed<'a> {
    version: Option<serde_json::Value>,
    title: Option<serde_json::Value>,
    description: Option<String>,
    home_page_url: Option<String>,
    language: Option<String>,
    icon: Option<String>,
    favicon: Option<String>,
    authors: Option<Vec<serde_json::Value>>,
    author: Option<serde_json::Value>,
    #[serde(rename = "_topics", default)]
    topics: BTreeMap<String, RawTopicInfo>,
    #[serde(borrow)]
    items: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
struct RawTopicInfo {
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawId {
    Text(String),
    Number(serde_json::Number),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawTags {
    List(Vec<serde_json::Value>),
    CommaSeparated(String),
}

#[derive(Deserialize)]
struct RawItem {
    id: Option<RawId>,
    url: Option<String>,
    external_url: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    content_html: Option<String>,
    content_text: Option<String>,
    image: Option<String>,
    banner_image: Option<String>,
    date_published: Option<String>,
    date_modified: Option<String>,
    authors: Option<Vec<serde_json::Value>>,
    author: Option<serde_json::Value>,
    tags: Option<RawTags>,
    language: Option<String>,
    #[serde(rename = "_slug")]
    slug: Option<String>,
}

/// Reads a JSON Feed from its text.
pub fn parse_feed(text: &str) -> Result<Archive, FeedError> {
    let raw: RawFeed = serde_json::from_str(text).map_err(|error| {
        use serde_json::error::Category;
        match error.classify() {
            Category::Syntax | Category::Eof | Category::Io => FeedError::from_json(&error),
            Category::Data if !text.trim_start().starts_with('{') => FeedError::NotJsonFeed(
                "the top level is not an object with \"version\" and \"items\"".to_string(),
            ),
            Category::Data => FeedError::NotJsonFeed(format!(
                "a feed field has the wrong type: {} (line {}, column {})",
                without_position(&error),
                error.line(),
                error.column()
            )),
        }
    })?;
    check_version(raw.version.as_ref())?;
    let Some(items) = raw.items else {
        return Err(FeedError::NotJsonFeed(
            "it has no \"items\" array".to_string(),
        ));
    };
    let items: Vec<&RawValue> = serde_json::from_str(items.get())
        .map_err(|_| FeedError::NotJsonFeed("\"items\" is not an array".to_string()))?;

    let info = FeedInfo {
        title: match raw.title {
            Some(serde_json::Value::String(title)) if !title.trim().is_empty() => title,
            _ => "Articles".to_string(),
        },
        description: non_empty(raw.description),
        home_page_url: non_empty(raw.home_page_url),
        language: non_empty(raw.language),
        icon: non_empty(raw.icon),
        favicon: non_empty(raw.favicon),
    };
    let feed_authors = read_authors(raw.authors.as_deref(), raw.author.as_ref());
    let topic_descriptions = raw
        .topics
        .into_iter()
        .filter_map(|(name, info)| Some((name, non_empty(info.description)?)))
        .collect();

    let mut builder = ArchiveBuilder::new(info, topic_descriptions);
    let mut report = FeedReport::default();
    let mut seen_ids = HashSet::new();
    for (index, item) in items.into_iter().enumerate() {
        read_item(
            index,
            item,
            &feed_authors,
            &mut seen_ids,
            &mut builder,
            &mut report,
        );
    }
    Ok(builder.finish(report))
}

fn check_version(version: Option<&serde_json::Value>) -> Result<(), FeedError> {
    let expected = "expected \"version\": \"https://jsonfeed.org/version/1.1\"";
    match version {
        None => Err(FeedError::NotJsonFeed(format!(
            "it has no \"version\" ({expected})"
        ))),
        Some(serde_json::Value::String(v))
            if v.trim_end_matches('/')
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .starts_with("jsonfeed.org/version/1") =>
        {
            Ok(())
        }
        Some(other) => Err(FeedError::NotJsonFeed(format!(
            "its \"version\" is {other}, {expected}"
        ))),
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// JSON Feed 1.1 `authors`, else 1.0 `author`; entries without a usable name are dropped.
fn read_authors(
    authors: Option<&[serde_json::Value]>,
    author: Option<&serde_json::Value>,
) -> Vec<RawAuthor> {
    let list: Vec<&serde_json::Value> = match (authors, author) {
        (Some(list), _) if !list.is_empty() => list.iter().collect(),
        (_, Some(single)) => vec![single],
        _ => Vec::new(),
    };
    list.into_iter()
        .filter_map(|value| {
            let object = value.as_object()?;
            let text = |key: &str| {
                object
                    .get(key)
                    .and_then(serde_json::Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            Some(RawAuthor {
                name: text("name")?,
                url: text("url"),
                avatar: text("avatar"),
                bio: text("_bio"),
            })
        })
        .collect()
}

fn read_item(
    index: usize,
    item: &RawValue,
    feed_authors: &[RawAuthor],
    seen_ids: &mut HashSet<String>,
    builder: &mut ArchiveBuilder,
    report: &mut FeedReport,
) {
    let raw: RawItem = match serde_json::from_str(item.get()) {
        Ok(raw) => raw,
        Err(error) => {
            let why = if item.get().trim_start().starts_with('{') {
                format!("a field has the wrong type ({})", without_position(&error))
            } else {
                "it is not an object".to_string()
            };
            report.skipped.push(ItemNote {
                index,
                id: None,
                message: why,
            });
            return;
        }
    };
    let mut repairs: Vec<String> = Vec::new();

    let id = match raw.id {
        Some(RawId::Text(id)) if !id.trim().is_empty() => id,
        Some(RawId::Number(n)) => {
            let id = n.to_string();
            repairs.push(format!(
                "its id is the number {id}; read as the text \"{id}\""
            ));
            id
        }
        _ => match non_empty(raw.url.clone()) {
            Some(url) => {
                repairs.push("it has no id; its url is used instead".to_string());
                url
            }
            None => {
                report.skipped.push(ItemNote {
                    index,
                    id: None,
                    message: "it has no id and no url to identify it".to_string(),
                });
                return;
            }
        },
    };
    if !seen_ids.insert(id.clone()) {
        report.skipped.push(ItemNote {
            index,
            id: Some(id),
            message: "its id repeats an earlier item's; the first one is kept".to_string(),
        });
        return;
    }

    let summary = non_empty(raw.summary);
    let body = match (non_empty(raw.content_html), non_empty(raw.content_text)) {
        (Some(html), _) => Body::Html(html),
        (None, Some(text)) => Body::Text(paragraphs(&text)),
        (None, None) => Body::Empty,
    };
    let title = match non_empty(raw.title) {
        Some(title) => title.trim().to_string(),
        None => {
            let source = summary.clone().or_else(|| body_plain_text(&body));
            let headline = source
                .as_deref()
                .map(|text| headline_from(text))
                .filter(|h| !h.is_empty());
            repairs.push(match &headline {
                Some(_) => "it has no title; one was made from its first words".to_string(),
                None => "it has no title and no text; it is shown as \"Untitled\"".to_string(),
            });
            headline.unwrap_or_else(|| "Untitled".to_string())
        }
    };

    let published = read_date(
        "date_published",
        raw.date_published.as_deref(),
        &mut repairs,
    );
    let modified = read_date("date_modified", raw.date_modified.as_deref(), &mut repairs);

    let mut authors = read_authors(raw.authors.as_deref(), raw.author.as_ref());
    if authors.is_empty() {
        authors = feed_authors.to_vec();
    }

    let tags: Vec<String> = match raw.tags {
        None => Vec::new(),
        Some(RawTags::List(values)) => values
            .into_iter()
            .filter_map(|v| match v {
                serde_json::Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        Some(RawTags::CommaSeparated(text)) => {
            repairs.push(
                "its tags are one comma-separated string, not an array; split on commas"
                    .to_string(),
            );
            text.split(',').map(str::to_string).collect()
        }
    };

    let reading_minutes = reading_minutes(&body);
    builder.add(crate::core::archive::RawArticle {
        feed_position: index + 1,
        id: id.clone(),
        slug_hint: non_empty(raw.slug),
        title,
        summary,
        body,
        published,
        modified,
        authors,
        tags,
        url: non_empty(raw.url),
        external_url: non_empty(raw.external_url),
        image: non_empty(raw.image),
        banner_image: non_empty(raw.banner_image),
        language: non_empty(raw.language),
        reading_minutes,
    });
    if !repairs.is_empty() {
        report.repaired.push(ItemNote {
            index,
            id: Some(id),
            message: repairs.join("; "),
        });
    }
}

fn read_date(
    field: &str,
    text: Option<&str>,
    repairs: &mut Vec<String>,
) -> Option<time::OffsetDateTime> {
    let text = text?;
    match parse_feed_date(text) {
        ParsedDate::Exact(date) => Some(date),
        ParsedDate::Repaired(date, why) => {
            repairs.push(format!("its {field} {text:?} {why}"));
            Some(date)
        }
        ParsedDate::Invalid => {
            repairs.push(format!("its {field} {text:?} is not a date; it sorts last"));
            None
        }
    }
}

/// `content_text` → paragraphs on blank lines; each paragraph keeps its line breaks.
pub fn paragraphs(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_string());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn body_plain_text(body: &Body) -> Option<String> {
    match body {
        Body::Html(html) => Some(strip_tags(html)),
        Body::Text(paragraphs) => paragraphs.first().map(|lines| lines.join(" ")),
        Body::Empty => None,
    }
}

/// The text of some HTML with its tags dropped: for word counts and made-up headlines only,
/// never for display as HTML.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}

/// The first words of `text`, at most about 80 characters, cut at a word boundary.
fn headline_from(text: &str) -> String {
    const LIMIT: usize = 80;
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in words.iter() {
        if !out.is_empty() && out.chars().count() + 1 + word.chars().count() > LIMIT {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > LIMIT {
        out = out.chars().take(LIMIT).collect::<String>() + "…";
    }
    out
}

fn reading_minutes(body: &Body) -> u32 {
    const WORDS_PER_MINUTE: usize = 230;
    let words = match body {
        Body::Html(html) => strip_tags(html).split_whitespace().count(),
        Body::Text(paragraphs) => paragraphs
            .iter()
            .flatten()
            .map(|line| line.split_whitespace().count())
            .sum(),
        Body::Empty => 0,
    };
    u32::try_from(words.div_ceil(WORDS_PER_MINUTE))
        .unwrap_or(u32::MAX)
        .max(1)
}
