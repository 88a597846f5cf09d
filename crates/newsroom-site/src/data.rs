//! The data files the site builder writes: a compact index (for a large archive, its head, a
//! facet file and the cards in chunks).
//!
//! The index is itself a JSON Feed (so the viewer reads it with the same loader as
//! `articles.json`), newest first, with every value already validated and repaired: explicit
//! slugs, canonical author and topic names, derived titles and summaries, and each item's
//! reading time, but no body: an article's body is in its page (`_body_pages`, see
//! [`newsroom_core::markup::body_in_page`]), which the viewer fetches when a reader opens the
//! article. Only an article without a page of its own (a slug too long for a file name: rare)
//! carries its body in the index. Every file is named by the hash of its content,
//! so a host may cache it forever; the HTML pages name them, or the pointer to them.

use std::io;
use std::path::Path;

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use newsroom_core::archive::Archive;
use newsroom_core::cards::{CardChunks, CARDS_PER_CHUNK};
use newsroom_core::dates::exact_date;
use newsroom_core::facets::{FacetIndex, FirstView};
use newsroom_core::model::{Article, Body, ItemNote};
use newsroom_core::query::PAGE_SIZE;
use newsroom_core::route::has_own_page;

/// The directory, under the site root, that the builder owns.
pub const DATA_DIR: &str = "data";

/// An index over this size is written as a head (see [`IndexHead`]), a facet file and cards in
/// chunks instead: below it, reading the whole index costs the viewer less than waiting for a
/// second file (a few hundred articles).
pub const HEAD_MIN_INDEX_BYTES: usize = 256 * 1024;

/// The files written, as paths relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFiles {
    /// The index, for an archive small enough to be read whole (see [`HEAD_MIN_INDEX_BYTES`]).
    pub index: Option<String>,
    /// The head of a large index and its facet file, which the viewer reads first.
    pub head: Option<IndexHead>,
}

/// The head of a large index and its facet file, in two parts, as paths relative to the site
/// root (see [`FacetIndex::encode_parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexHead {
    /// The head: a JSON Feed of the newest page of articles, naming the other files.
    pub head: String,
    /// The facet file's header: every author's and topic's name and count, and the order
    /// oldest first, of the whole archive.
    pub facet_header: String,
    /// The rest of the facet file: the posting lists' gaps.
    pub facet_gaps: String,
    /// The card chunks, oldest first (see [`newsroom_core::cards`]).
    pub cards: Vec<String>,
}

/// The pointer to the current index, under a name that never changes (see [`CURRENT_FILE`]).
pub const CURRENT_FILE: &str = "data/current.json";

/// The files the previous run retired: kept for one more run, so that a page opened before a
/// re-deploy can still fetch what it names (an index, a chunk of cards), then deleted.
const RETIRED_FILE: &str = "data/retired.txt";

/// Writes the index of `archive` under `site/data/`, and the pointer to them.
/// Files named by their content are written only when absent (an unchanged file keeps its
/// bytes and its time, so a publisher's upload skips it); those this run no longer uses are
/// retired, and deleted by the next run (see [`RETIRED_FILE`]).
pub fn write_data(site: &Path, archive: &Archive) -> io::Result<DataFiles> {
    let dir = site.join(DATA_DIR);
    std::fs::create_dir_all(&dir)?;
    let files = write_files(site, archive)?;
    retire_unused(site, &files)?;
    let pointer = match &files.head {
        Some(head) => json!({
            "head": head.head,
            "facets": head.facet_header,
            "gaps": head.facet_gaps,
        }),
        None => json!({ "index": files.index }),
    }
    .to_string();
    write_if_changed(&site.join(CURRENT_FILE), pointer.as_bytes())?;
    Ok(files)
}

/// Writes `bytes` to `path` unless it holds them already.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes)
}

/// Deletes the files the previous run retired that this one does not use, and retires those
/// it used that this one does not.
fn retire_unused(site: &Path, files: &DataFiles) -> io::Result<()> {
    let mut used: std::collections::BTreeSet<&str> =
        files.index.iter().map(String::as_str).collect();
    if let Some(head) = &files.head {
        used.extend([head.head.as_str(), &head.facet_header, &head.facet_gaps]);
        used.extend(head.cards.iter().map(String::as_str));
    }
    used.extend([CURRENT_FILE, RETIRED_FILE]);
    let retired_before = std::fs::read_to_string(site.join(RETIRED_FILE)).unwrap_or_default();
    let retired_before: std::collections::BTreeSet<&str> = retired_before.lines().collect();
    let mut retired_now = String::new();
    for entry in std::fs::read_dir(site.join(DATA_DIR))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let name = format!("{DATA_DIR}/{name}");
        if used.contains(name.as_str()) {
            continue;
        }
        if retired_before.contains(name.as_str()) || path.is_dir() {
            std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path))?;
        } else {
            retired_now.push_str(&name);
            retired_now.push('\n');
        }
    }
    write_if_changed(&site.join(RETIRED_FILE), retired_now.as_bytes())
}

/// The index, or for a large index its head, facet file and cards.
fn write_files(site: &Path, archive: &Archive) -> io::Result<DataFiles> {
    // A large archive is read from its head, its facet file and its cards in chunks, never
    // whole: its index is not written (at 100,000 articles it is tens of megabytes, which
    // every re-deploy would upload again).
    let index_text = Value::Object(feed_json(archive, &archive.articles)).to_string();
    let (index, head) = if index_text.len() > HEAD_MIN_INDEX_BYTES {
        (None, Some(write_head(site, archive)?))
    } else {
        (Some(write_hashed(site, "index", &index_text)?), None)
    };
    Ok(DataFiles { index, head })
}

/// Writes the head of a large index and its facet file: the feed's own fields and the newest
/// page of articles, and every author's and topic's name and posting list in the whole archive
/// ([`FacetIndex`], as its header and its gaps), and the cards of every article in chunks.
/// The viewer lists, counts and filters from these small files, and fetches the chunks of the
/// cards it shows.
fn write_head(site: &Path, archive: &Archive) -> io::Result<IndexHead> {
    let (cards, card_chunks) = write_cards(site, archive)?;
    let mut facets = FacetIndex::of(archive);
    facets.cards = card_chunks;
    let (header, gaps) = facets.encode_parts();
    let facet_header = write_hashed_bytes(site, "facet-header", "bin", &header)?;
    let facet_gaps = write_hashed_bytes(site, "facet-gaps", "bin", &gaps)?;
    let newest = archive
        .articles
        .get(..PAGE_SIZE)
        .unwrap_or(&archive.articles);
    let mut head = feed_json(archive, newest);
    head.insert("_facets".into(), facet_header.clone().into());
    let first_view = FirstView::of(archive);
    let names = |top| json!(FirstView::names(top));
    head.insert("_first_topics".into(), names(&first_view.topics));
    head.insert("_first_authors".into(), names(&first_view.authors));
    head.insert("_first_counts".into(), first_view.counts_text().into());
    let head = write_hashed(site, "head", &Value::Object(head).to_string())?;
    Ok(IndexHead {
        head,
        facet_header,
        facet_gaps,
        cards,
    })
}

/// Writes the card chunks of `archive` (see [`newsroom_core::cards`]): its articles without
/// bodies, [`CARDS_PER_CHUNK`] a file counted from the oldest, each a JSON Feed newest first.
/// Returns their paths and what the facet file says of them.
fn write_cards(site: &Path, archive: &Archive) -> io::Result<(Vec<String>, CardChunks)> {
    let count = archive.articles.len();
    let mut chunks = CardChunks {
        per_chunk: CARDS_PER_CHUNK,
        hashes: Vec::new(),
    };
    let needed = CardChunks::needed(count, CARDS_PER_CHUNK);
    chunks.hashes = vec![[0; 8]; needed];
    let mut files = Vec::with_capacity(needed);
    for chunk in 0..needed {
        let positions = chunks.positions(count, chunk);
        let articles = archive.articles.get(positions).unwrap_or_default();
        // An author's details come with their first byline in each chunk, which a reader may
        // fetch alone.
        let mut introduced = vec![false; archive.authors.len()];
        let items: Vec<Value> = (articles.iter())
            .map(|article| item_json(archive, article, &mut introduced))
            .collect();
        let mut feed = Map::new();
        feed.insert("version".into(), "https://jsonfeed.org/version/1.1".into());
        feed.insert("title".into(), archive.info.title.clone().into());
        put(&mut feed, "language", archive.info.language.clone());
        feed.insert("items".into(), Value::Array(items));
        let text = Value::Object(feed).to_string();
        let hash = Sha256::digest(text.as_bytes());
        chunks.hashes[chunk].copy_from_slice(&hash[..8]);
        files.push(write_hashed(site, &format!("cards-{chunk}"), &text)?);
    }
    Ok((files, chunks))
}

/// Writes `data/{stem}.{hash}.json` and returns its path relative to the site root.
fn write_hashed(site: &Path, stem: &str, text: &str) -> io::Result<String> {
    write_hashed_bytes(site, stem, "json", text.as_bytes())
}

/// Writes `data/{stem}.{hash}.{extension}` and returns its path relative to the site root.
fn write_hashed_bytes(
    site: &Path,
    stem: &str,
    extension: &str,
    bytes: &[u8],
) -> io::Result<String> {
    let name = format!("{DATA_DIR}/{stem}.{}.{extension}", content_hash(bytes));
    let path = site.join(&name);
    // Named by its content: a file of that name and length is this one.
    if !std::fs::metadata(&path).is_ok_and(|meta| meta.len() == bytes.len() as u64) {
        std::fs::write(path, bytes)?;
    }
    Ok(name)
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash = sha256_hex(bytes);
    hash.truncate(16);
    hash
}

/// The SHA-256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Plain text back from its paragraphs: lines joined by a line break, paragraphs by a blank
/// line, which the loader splits the same way.
fn text_of(paragraphs: &[Vec<String>]) -> String {
    paragraphs
        .iter()
        .map(|lines| lines.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn notes(notes: &[ItemNote]) -> Value {
    Value::Array(notes.iter().map(|n| n.to_string().into()).collect())
}

/// An item's `tags`: its topics' names, as the archive spells them.
pub(crate) fn tag_names(archive: &Archive, article: &Article) -> Value {
    (article.topics.iter())
        .filter_map(|&t| archive.topic(t))
        .map(|topic| Value::from(topic.name.clone()))
        .collect()
}

/// Sets `key` to `value` when there is one.
pub(crate) fn put(object: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        object.insert(key.to_string(), value.into());
    }
}

/// The index as a JSON Feed object, with `articles` as its items.
fn feed_json(archive: &Archive, articles: &[Article]) -> Map<String, Value> {
    let info = &archive.info;
    let mut feed = Map::new();
    feed.insert("version".into(), "https://jsonfeed.org/version/1.1".into());
    feed.insert("title".into(), info.title.clone().into());
    put(&mut feed, "description", info.description.clone());
    put(&mut feed, "home_page_url", info.home_page_url.clone());
    put(&mut feed, "language", info.language.clone());
    put(&mut feed, "icon", info.icon.clone());
    put(&mut feed, "favicon", info.favicon.clone());
    if let Some(source) = &info.source {
        feed.insert("_source_bytes".into(), source.bytes.into());
        put(&mut feed, "_source_sha256", source.sha256.clone());
    }
    let topics: Map<String, Value> = archive
        .topics
        .iter()
        .filter_map(|t| {
            let description = t.description.clone()?;
            Some((t.name.clone(), json!({ "description": description })))
        })
        .collect();
    feed.insert("_topics".into(), Value::Object(topics));
    feed.insert("_body_pages".into(), 1.into());
    feed.insert("_skipped".into(), notes(&archive.report.skipped));
    feed.insert("_repaired".into(), notes(&archive.report.repaired));
    let mut introduced = vec![false; archive.authors.len()];
    let items: Vec<Value> = articles
        .iter()
        .map(|article| item_json(archive, article, &mut introduced))
        .collect();
    feed.insert("items".into(), Value::Array(items));
    feed
}

/// An item of the index. An author's link, picture and bio come with their first byline only
/// (the loader keeps an author's first details), which saves a fifth of the index.
fn item_json(archive: &Archive, article: &Article, introduced: &mut [bool]) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), article.id.clone().into());
    item.insert("_slug".into(), article.slug.clone().into());
    item.insert("title".into(), article.title.clone().into());
    put(&mut item, "summary", article.summary.clone());
    if !has_own_page(&article.slug) {
        match &article.body {
            Body::Html(html) => put(&mut item, "content_html", Some(html.clone())),
            Body::Text(paragraphs) => put(&mut item, "content_text", Some(text_of(paragraphs))),
            Body::Empty => {}
        }
    }
    put(
        &mut item,
        "date_published",
        article.published.map(exact_date),
    );
    put(&mut item, "date_modified", article.modified.map(exact_date));
    let authors: Vec<Value> = article
        .authors
        .iter()
        .filter_map(|&a| Some((a as usize, archive.author(a)?)))
        .map(|(a, author)| {
            let mut object = Map::new();
            object.insert("name".into(), author.name.clone().into());
            if let Some(first) = introduced.get_mut(a).filter(|seen| !**seen) {
                *first = true;
                put(&mut object, "url", author.url.clone());
                put(&mut object, "avatar", author.avatar.clone());
                put(&mut object, "_bio", author.bio.clone());
            }
            Value::Object(object)
        })
        .collect();
    item.insert("authors".into(), Value::Array(authors));
    item.insert("tags".into(), tag_names(archive, article));
    put(&mut item, "url", article.url.clone());
    put(&mut item, "external_url", article.external_url.clone());
    put(&mut item, "image", article.image.clone());
    put(&mut item, "banner_image", article.banner_image.clone());
    // The loader gives an item without a language the feed's: only a different one is written.
    let own_language = article.language.as_ref() != archive.info.language.as_ref();
    put(
        &mut item,
        "language",
        article.language.clone().filter(|_| own_language),
    );
    item.insert("_reading_minutes".into(), article.reading_minutes.into());
    Value::Object(item)
}
