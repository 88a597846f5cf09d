//! The archive's plain data: articles, authors and topics as a reader meets them.
//!
//! Everything here is already validated and repaired by [`crate::feed`]; views can render
//! any field without further checks.

use crate::dates::FeedDate;

/// Position of an article in the archive's newest-first order (0 = newest).
pub type ArticleIdx = u32;
/// Index of an author in [`crate::archive::Archive::authors`].
pub type AuthorIdx = u32;
/// Index of a topic in [`crate::archive::Archive::topics`].
pub type TopicIdx = u32;

/// One article of the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The feed item's `id` (numbers become their decimal text); unique in the archive.
    pub id: String,
    /// Unique in the archive; never empty.
    pub slug: String,
    /// Headline; never empty (repaired from the summary or text when the item had none).
    pub title: String,
    /// The dek (`summary`).
    pub summary: Option<String>,
    /// The body, still untrusted when it is HTML.
    pub body: Body,
    /// `date_published`, in its own offset; `None` when missing or unreadable (sorts last).
    pub published: Option<FeedDate>,
    /// `date_modified`, in its own offset.
    pub modified: Option<FeedDate>,
    /// Byline, in feed order, without repeats.
    pub authors: Vec<AuthorIdx>,
    /// Topics, in feed order, without repeats.
    pub topics: Vec<TopicIdx>,
    /// Permalink (`url`).
    pub url: Option<String>,
    /// Source link (`external_url`).
    pub external_url: Option<String>,
    /// Thumbnail / lead image (`image`).
    pub image: Option<String>,
    /// Wide image (`banner_image`).
    pub banner_image: Option<String>,
    /// BCP 47 language of the article (item `language`, else the feed's).
    pub language: Option<String>,
    /// Minutes a reader needs at about 230 words a minute; at least 1.
    pub reading_minutes: u32,
}

impl Article {
    /// Writing direction of the article's text, from its language.
    pub fn direction(&self) -> TextDirection {
        TextDirection::of_language(self.language.as_deref())
    }
}

/// An article body as the feed gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// `content_html`: untrusted, must pass the sanitiser before it reaches the DOM.
    Html(String),
    /// `content_text` split into paragraphs on blank lines; each paragraph's lines in order.
    Text(Vec<Vec<String>>),
    /// The item had neither.
    Empty,
}

/// The `dir` of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextDirection {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, …).
    Rtl,
    /// Unknown language: let the browser decide from the text itself.
    Auto,
}

impl TextDirection {
    /// The direction of a BCP 47 language tag: right to left for scripts written that way.
    pub fn of_language(language: Option<&str>) -> Self {
        let Some(tag) = language else {
            return Self::Auto;
        };
        let lower = tag.to_ascii_lowercase();
        let mut parts = lower.split(['-', '_']);
        let primary = parts.next().unwrap_or_default();
        if parts.any(|subtag| subtag == "arab" || subtag == "hebr" || subtag == "thaa") {
            return Self::Rtl;
        }
        match primary {
            "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "iw" | "ks" | "ps" | "sd" | "ug" | "ur"
            | "yi" => Self::Rtl,
            "" => Self::Auto,
            _ => Self::Ltr,
        }
    }

    /// The value of the HTML `dir` attribute.
    pub fn as_attr(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
            Self::Auto => "auto",
        }
    }
}

/// An author: everyone in a byline whose name has a non-empty slug.
#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    /// `slug(name)`; unique among authors.
    pub slug: String,
    /// The first spelling met in the feed.
    pub name: String,
    /// Profile link.
    pub url: Option<String>,
    /// Picture.
    pub avatar: Option<String>,
    /// Plain-text biography (`_bio`).
    pub bio: Option<String>,
}

/// A topic: a feed tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// `slug(name)`; unique among topics.
    pub slug: String,
    /// The first spelling met in the feed.
    pub name: String,
    /// From the feed's `_topics` extension.
    pub description: Option<String>,
}

/// The feed's own metadata.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedInfo {
    /// Site name.
    pub title: String,
    /// Tagline.
    pub description: Option<String>,
    /// The publisher's home page.
    pub home_page_url: Option<String>,
    /// Default language of the articles.
    pub language: Option<String>,
    /// Large icon.
    pub icon: Option<String>,
    /// Small icon.
    pub favicon: Option<String>,
    /// In the site builder's index: the `articles.json` it was made from, so that the app can
    /// tell when that file was replaced without re-indexing.
    pub source: Option<SourceStamp>,
}

/// What the site builder records of the `articles.json` it indexed (`_source_bytes`,
/// `_source_sha256` in its index and head).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceStamp {
    /// Its length in bytes, which a server tells in a small request.
    pub bytes: u64,
    /// The SHA-256 of its bytes, in lower-case hex: set by the builder, which writes it for
    /// tools; the app compares lengths and does not read it back.
    pub sha256: Option<String>,
}

/// What loading repaired or skipped, so the page can say so (SPEC §5 `feed-report`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedReport {
    /// Items left out, with why.
    pub skipped: Vec<ItemNote>,
    /// Items kept after a repair, with what was repaired.
    pub repaired: Vec<ItemNote>,
}

impl FeedReport {
    /// True when the feed loaded without any skip or repair.
    pub fn is_clean(&self) -> bool {
        self.skipped.is_empty() && self.repaired.is_empty()
    }
}

/// One note about one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemNote {
    /// 0-based position of the item in the feed's `items`.
    pub index: usize,
    /// The item's id when it had a usable one.
    pub id: Option<String>,
    /// What was wrong, in a publisher's words.
    pub message: String,
}

impl ItemNote {
    /// A note already worded, as the site builder's index carries it.
    pub fn carried(text: String) -> Self {
        Self {
            index: usize::MAX,
            id: None,
            message: text,
        }
    }
}

impl std::fmt::Display for ItemNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.index == usize::MAX {
            return f.write_str(&self.message);
        }
        write!(f, "item {}", self.index)?;
        if let Some(id) = &self.id {
            write!(f, " (id “{id}”)")?;
        }
        write!(f, ": {}", self.message)
    }
}
