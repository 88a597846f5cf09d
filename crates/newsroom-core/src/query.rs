//! List state in the URL query string (SPEC §3): `topic` and `author` (repeatable slugs),
//! `sort` (`newest` | `oldest`), `page` (1-based) and the reserved `q`.
//!
//! Parsing never fails: unknown keys, repeats, bad numbers and bad percent-escapes are
//! ignored or read leniently, and the state written back is canonical.

use crate::archive::Archive;
use crate::filter::{FacetSelection, Filter, SortOrder};
use crate::route::Route;
use crate::slug::slug;

/// Articles per list page.
pub const PAGE_SIZE: usize = 20;

/// Longest query value read; longer ones are cut (a slug is never this long).
const MAX_VALUE_CHARS: usize = 200;
/// Most values read per facet.
const MAX_VALUES_PER_FACET: usize = 100;

/// The state of a list view, as its URL query string carries it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// Selected topic slugs, in the order they were chosen, without repeats.
    pub topics: Vec<String>,
    /// Selected author slugs, in the order they were chosen, without repeats.
    pub authors: Vec<String>,
    /// List order.
    pub sort: SortOrder,
    /// 1-based page.
    pub page: usize,
    /// Reserved for text search; kept so a shared URL round-trips.
    pub q: Option<String>,
}

/// A topic or author a list query selects ([`ListQuery::selected`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectedValue<'a> {
    /// A topic, else an author.
    pub is_topic: bool,
    /// The slug, as the URL carries it.
    pub slug: &'a str,
    /// The display name, when the archive (or the part of it read so far) knows the slug.
    pub name: Option<&'a str>,
}

/// A facet a list page holds fixed: the author of an author page, the topic of a topic page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedFacet {
    /// An author page: author parameters are ignored.
    Author(u32),
    /// A topic page: topic parameters are ignored.
    Topic(u32),
}

/// What a query selects in an archive, and what it asked for that the archive lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedQuery {
    /// The filter to run.
    pub filter: Filter,
    /// Topic slugs in the query that the archive does not have.
    pub unknown_topics: Vec<String>,
    /// Author slugs in the query that the archive does not have.
    pub unknown_authors: Vec<String>,
}

impl ListQuery {
    /// Reads a query string, with or without its leading `?`.
    pub fn parse(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut out = Self {
            page: 1,
            ..Self::default()
        };
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value: String = value.chars().take(MAX_VALUE_CHARS).collect();
            match &*key {
                "topic" => push_slug(&mut out.topics, &value),
                "author" => push_slug(&mut out.authors, &value),
                "sort" => {
                    out.sort = if value == "oldest" {
                        SortOrder::Oldest
                    } else {
                        SortOrder::Newest
                    }
                }
                "page" => out.page = value.trim().parse().ok().filter(|&p| p >= 1).unwrap_or(1),
                "q" if !value.trim().is_empty() => out.q = Some(value),
                _ => {}
            }
        }
        out
    }

    /// The canonical query string, with its leading `?`, or empty for the default state.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for topic in &self.topics {
            out.append_pair("topic", topic);
        }
        for author in &self.authors {
            out.append_pair("author", author);
        }
        if self.sort == SortOrder::Oldest {
            out.append_pair("sort", "oldest");
        }
        if self.page > 1 {
            out.append_pair("page", &self.page.to_string());
        }
        if let Some(q) = &self.q {
            out.append_pair("q", q);
        }
        let query = out.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }

    /// Adds the topic if absent, removes it if present; back to page 1.
    pub fn toggle_topic(&self, topic: &str) -> Self {
        let mut next = self.clone();
        toggle(&mut next.topics, topic);
        next.page = 1;
        next
    }

    /// Adds the author if absent, removes it if present; back to page 1.
    pub fn toggle_author(&self, author: &str) -> Self {
        let mut next = self.clone();
        toggle(&mut next.authors, author);
        next.page = 1;
        next
    }

    /// No topic or author selected, back to page 1; the sort stays.
    pub fn cleared(&self) -> Self {
        Self {
            topics: Vec::new(),
            authors: Vec::new(),
            page: 1,
            ..self.clone()
        }
    }

    /// A new order, back to page 1.
    pub fn sorted(&self, sort: SortOrder) -> Self {
        Self {
            sort,
            page: 1,
            ..self.clone()
        }
    }

    /// Another page.
    pub fn at_page(&self, page: usize) -> Self {
        Self {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// The topics and authors alone: newest first, page 1, no text. What an article opened from
    /// a list carries, so that its neighbours are that list's.
    pub fn selection(&self) -> Self {
        Self {
            topics: self.topics.clone(),
            authors: self.authors.clone(),
            page: 1,
            ..Self::default()
        }
    }

    /// True when the query selects any topic or author.
    pub fn has_selection(&self) -> bool {
        !self.topics.is_empty() || !self.authors.is_empty()
    }

    /// True for the list as it opens: nothing selected, newest first, the first page (a head of
    /// the index holds exactly that page's articles).
    pub fn on_first_page_of_all(&self) -> bool {
        !self.has_selection() && self.sort == SortOrder::Newest && self.page <= 1
    }

    /// The topics, then the authors, the query selects, each with its name where `archive`
    /// knows the slug. The facet the `route`'s page holds fixed is left out, as
    /// [`ListQuery::resolve`] ignores it.
    pub fn selected<'a>(
        &'a self,
        archive: &'a Archive,
        route: &Route,
    ) -> impl Iterator<Item = SelectedValue<'a>> + 'a {
        let topics = (!matches!(route, Route::Topic(_)))
            .then_some(&self.topics)
            .into_iter()
            .flatten()
            .map(move |slug| SelectedValue {
                is_topic: true,
                slug,
                name: archive
                    .topic_by_slug(slug)
                    .and_then(|t| archive.topic(t))
                    .map(|t| t.name.as_str()),
            });
        let authors = (!matches!(route, Route::Author(_)))
            .then_some(&self.authors)
            .into_iter()
            .flatten()
            .map(move |slug| SelectedValue {
                is_topic: false,
                slug,
                name: archive
                    .author_by_slug(slug)
                    .and_then(|a| archive.author(a))
                    .map(|a| a.name.as_str()),
            });
        topics.chain(authors)
    }

    /// What the list's state adds to its view's name in the page title ("Politics, Dave
    /// DeCamp · Oldest first · Page 2"), so that tabs and history entries of one view in
    /// different states read apart; `None` for the list as it opens. The facet the `route`'s
    /// page holds fixed is left out, as [`ListQuery::resolve`] ignores it; a slug the archive
    /// does not know reads as itself.
    pub fn title_part(&self, archive: &Archive, route: &Route) -> Option<String> {
        let names: Vec<&str> = self
            .selected(archive, route)
            .map(|value| value.name.unwrap_or(value.slug))
            .collect();
        let mut parts = Vec::new();
        if !names.is_empty() {
            parts.push(names.join(", "));
        }
        if self.sort == SortOrder::Oldest {
            parts.push("Oldest first".to_string());
        }
        if self.page > 1 {
            parts.push(format!(
                "Page {}",
                crate::numbers::grouped(self.page as u64)
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// Turns the selected slugs into a filter over `archive`; on an author or topic page, that
    /// facet is `fixed` and its parameters are ignored.
    pub fn resolve(&self, archive: &Archive, fixed: Option<FixedFacet>) -> ResolvedQuery {
        let mut unknown_topics = Vec::new();
        let mut unknown_authors = Vec::new();
        let topics = match fixed {
            Some(FixedFacet::Topic(topic)) => FacetSelection::AnyOf(vec![topic]),
            _ => selection(
                &self.topics,
                |s| archive.topic_by_slug(s),
                &mut unknown_topics,
            ),
        };
        let authors = match fixed {
            Some(FixedFacet::Author(author)) => FacetSelection::AnyOf(vec![author]),
            _ => selection(
                &self.authors,
                |s| archive.author_by_slug(s),
                &mut unknown_authors,
            ),
        };
        ResolvedQuery {
            filter: Filter { topics, authors },
            unknown_topics,
            unknown_authors,
        }
    }
}

fn push_slug(values: &mut Vec<String>, raw: &str) {
    let mut value = slug(raw);
    // NFKC can lengthen text (one character may become up to 18), so the slug is cut again,
    // and a cut never leaves a trailing `-`: the value then reads back as itself.
    if let Some((at, _)) = value.char_indices().nth(MAX_VALUE_CHARS) {
        value.truncate(at);
        value.truncate(value.trim_end_matches('-').len());
    }
    if !value.is_empty() && !values.contains(&value) && values.len() < MAX_VALUES_PER_FACET {
        values.push(value);
    }
}

fn toggle(values: &mut Vec<String>, value: &str) {
    if let Some(at) = values.iter().position(|v| v == value) {
        values.remove(at);
    } else {
        values.push(value.to_string());
    }
}

fn selection(
    slugs: &[String],
    lookup: impl Fn(&str) -> Option<u32>,
    unknown: &mut Vec<String>,
) -> FacetSelection {
    if slugs.is_empty() {
        return FacetSelection::Any;
    }
    let mut known = Vec::new();
    for s in slugs {
        match lookup(s) {
            Some(idx) => known.push(idx),
            None => unknown.push(s.clone()),
        }
    }
    FacetSelection::AnyOf(known)
}

/// The page to show of `total` results when `requested` was asked for: past the end shows the
/// last page. Returns the 1-based page, the page count (at least 1) and the range of results.
pub fn page_window(total: usize, requested: usize) -> (usize, usize, std::ops::Range<usize>) {
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = requested.clamp(1, pages);
    let start = (page - 1) * PAGE_SIZE;
    (page, pages, start..(start + PAGE_SIZE).min(total))
}
