//! RSS and Atom in: most blogging and news systems publish those, not JSON Feed. A feed that
//! is XML is read with feed-rs (RSS 0.9x, 1.0 and 2.0, Atom 1.0) and turned into the JSON Feed
//! the rest of the builder reads, so every rule of SPEC §1 (slugs, repairs, limits, the
//! sanitiser, relative URLs) applies to it unchanged. The publisher's file is only read.
//!
//! How the fields map:
//!
//! | JSON Feed | RSS 2.0 | Atom |
//! | --- | --- | --- |
//! | `title`, `description`, `home_page_url`, `language`, `icon` | channel `title`, `description`, `link`, `language`, `image` | `title`, `subtitle`, `link` (alternate), `xml:lang`, `icon` / `logo` |
//! | item `id` | `guid`, else made from `link` and `title` | `id` |
//! | item `url` | `link` | `link rel="alternate"` |
//! | item `title`, `summary` | `title`, `description` (as text, when the item has `content:encoded`) | `title`, `summary` (as text) |
//! | item `content_html` | `content:encoded`, else `description` | `content`, else `summary` |
//! | item `date_published`, `date_modified` | `pubDate` | `published`, `updated` |
//! | item `authors`, `tags` | `author` / `dc:creator`, `category` | `author` (`name`, `uri`), `category` (`label` else `term`) |
//! | item `image` | a Media RSS thumbnail, else an image `media:content` or `enclosure` | the same Media RSS elements |
//!
//! feed-rs gives dates in UTC: an RSS `pubDate` of 23:30 at -05:00 shows as the next day.

use feed_rs::model::{Entry, Feed, Person, Text};
use serde_json::{json, Map, Value};

use newsroom_core::feed::FeedError;

/// `text` as JSON Feed text: `Ok(None)` when it is not XML (then it is read as JSON Feed),
/// the converted feed when it is RSS or Atom, and an error saying so when it is XML that
/// neither is.
pub fn as_json_feed(text: &str) -> Result<Option<String>, FeedError> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !start.starts_with('<') {
        return Ok(None);
    }
    let feed = feed_rs::parser::parse(start.as_bytes()).map_err(|error| {
        FeedError::NotJsonFeed(format!(
            "it is XML but not an RSS or Atom feed the builder can read ({error})"
        ))
    })?;
    Ok(Some(json_feed(&feed).to_string()))
}

fn json_feed(feed: &Feed) -> Value {
    let mut out = Map::new();
    out.insert("version".into(), "https://jsonfeed.org/version/1.1".into());
    put(&mut out, "title", feed.title.as_ref().map(plain));
    put(
        &mut out,
        "description",
        feed.description.as_ref().map(plain),
    );
    put(
        &mut out,
        "home_page_url",
        alternate_link(&feed.links).or_else(|| feed.links.first().map(|l| l.href.clone())),
    );
    put(&mut out, "language", feed.language.clone());
    put(
        &mut out,
        "icon",
        feed.logo
            .as_ref()
            .or(feed.icon.as_ref())
            .map(|image| image.uri.clone()),
    );
    let authors = people(&feed.authors);
    if !authors.is_empty() {
        out.insert("authors".into(), Value::Array(authors));
    }
    let items = feed.entries.iter().map(item).collect();
    out.insert("items".into(), Value::Array(items));
    Value::Object(out)
}

fn item(entry: &Entry) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), entry.id.clone().into());
    put(&mut out, "url", alternate_link(&entry.links));
    put(&mut out, "title", entry.title.as_ref().map(plain));
    let content = entry
        .content
        .as_ref()
        .and_then(|content| content.body.clone())
        .filter(|body| !body.trim().is_empty());
    match (content, &entry.summary) {
        (Some(body), summary) => {
            out.insert("content_html".into(), body.into());
            put(&mut out, "summary", summary.as_ref().map(plain));
        }
        // RSS puts the whole text in `description` as often as an excerpt: it is the body.
        (None, Some(summary)) => {
            let key = if is_html(summary) {
                "content_html"
            } else {
                "content_text"
            };
            out.insert(key.into(), summary.content.clone().into());
        }
        (None, None) => {}
    }
    put(
        &mut out,
        "date_published",
        entry.published.map(|date| date.to_rfc3339()),
    );
    put(
        &mut out,
        "date_modified",
        entry.updated.map(|date| date.to_rfc3339()),
    );
    let authors = people(&entry.authors);
    if !authors.is_empty() {
        out.insert("authors".into(), Value::Array(authors));
    }
    let tags: Vec<Value> = entry
        .categories
        .iter()
        .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
        .filter(|name| !name.trim().is_empty())
        .map(Value::from)
        .collect();
    if !tags.is_empty() {
        out.insert("tags".into(), Value::Array(tags));
    }
    put(&mut out, "image", image(entry));
    put(&mut out, "language", entry.language.clone());
    Value::Object(out)
}

/// The first `alternate` link (a link without `rel` is one), else the first link.
fn alternate_link(links: &[feed_rs::model::Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or(links.first())
        .map(|l| l.href.clone())
}

/// Media RSS thumbnail, else an image among the media contents.
fn image(entry: &Entry) -> Option<String> {
    let thumbnail = entry
        .media
        .iter()
        .flat_map(|media| &media.thumbnails)
        .map(|thumbnail| thumbnail.image.uri.clone())
        .next();
    thumbnail.or_else(|| {
        entry
            .media
            .iter()
            .flat_map(|media| &media.content)
            .find(|content| {
                content
                    .content_type
                    .as_ref()
                    .is_some_and(|t| t.ty().as_str() == "image")
            })
            .and_then(|content| content.url.as_ref())
            .map(|url| url.to_string())
    })
}

fn people(people: &[Person]) -> Vec<Value> {
    people
        .iter()
        .filter_map(|person| {
            let name = person
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())?;
            let mut out = json!({ "name": name });
            if let Some(uri) = &person.uri {
                out["url"] = uri.clone().into();
            }
            Some(out)
        })
        .collect()
}

fn is_html(text: &Text) -> bool {
    let subtype = text.content_type.subty();
    text.content_type.ty().as_str() == "text" && matches!(subtype.as_str(), "html" | "xhtml")
        || subtype.as_str() == "xhtml+xml"
}

/// A title or summary as plain text: an HTML one (Atom `type="html"`, most RSS descriptions)
/// loses its markup.
fn plain(text: &Text) -> String {
    if is_html(text) {
        newsroom_core::html5::text(&text.content)
    } else {
        text.content.clone()
    }
}

fn put(out: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        out.insert(key.into(), value.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsroom_core::feed::parse_feed;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Desk &amp; Wire</title><link>https://news.example/</link>
  <description>Daily news</description><language>en</language>
  <item>
    <title>Budget passes</title><link>https://news.example/2024/budget</link>
    <guid>https://news.example/?p=1</guid>
    <pubDate>Tue, 13 Apr 2021 12:00:00 GMT</pubDate>
    <dc:creator>Ana Abadi</dc:creator>
    <category>Politics</category><category>Economy</category>
    <description><![CDATA[<p>The short of it.</p>]]></description>
    <content:encoded><![CDATA[<p>The whole <b>story</b>. <img src="/img/a.png"></p>]]></content:encoded>
    <enclosure url="https://news.example/t.jpg" type="image/jpeg" length="1000"/>
  </item>
  <item>
    <title>Second</title><link>https://news.example/2024/second</link>
    <description>Plain words only.</description>
  </item>
</channel></rss>"#;

    const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Journal</title><link href="https://journal.example/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id><updated>2024-05-06T07:08:09+02:00</updated>
  <author><name>Jo Lemaire</name><uri>https://journal.example/jo</uri></author>
  <entry>
    <title type="html">Le &lt;i&gt;budget&lt;/i&gt;</title>
    <link rel="alternate" href="https://journal.example/budget"/>
    <id>tag:journal.example,2024:1</id>
    <published>2024-05-06T07:08:09+02:00</published><updated>2024-05-07T00:00:00Z</updated>
    <category term="politique" label="Politique"/>
    <summary>Résumé.</summary>
    <content type="html">&lt;p&gt;Texte &lt;a href="../autre"&gt;lien&lt;/a&gt;.&lt;/p&gt;</content>
  </entry>
</feed>"#;

    #[test]
    fn json_feed_is_left_to_the_json_reader() {
        assert_eq!(as_json_feed("  {\"version\": 1}").expect("not XML"), None);
    }

    #[test]
    fn an_rss_feed_reads_as_the_same_archive_a_json_feed_would_give() {
        let json = as_json_feed(RSS).expect("RSS").expect("converted");
        let archive = parse_feed(&json).expect("a valid feed");
        assert_eq!(archive.info.title, "Desk & Wire");
        assert_eq!(archive.articles.len(), 2);
        let budget = archive
            .articles
            .iter()
            .find(|a| a.id == "https://news.example/?p=1")
            .expect("the guid is the id");
        assert_eq!(budget.title, "Budget passes");
        assert_eq!(budget.summary.as_deref(), Some("The short of it."));
        assert_eq!(
            budget.url.as_deref(),
            Some("https://news.example/2024/budget")
        );
        assert_eq!(budget.image.as_deref(), Some("https://news.example/t.jpg"));
        let author = archive.author(budget.authors[0]).expect("an author");
        assert_eq!(author.name, "Ana Abadi");
        let topics: Vec<&str> = budget
            .topics
            .iter()
            .filter_map(|&t| archive.topic(t))
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(topics, ["Politics", "Economy"]);
        let html = match &budget.body {
            newsroom_core::model::Body::Html(html) => html.clone(),
            other => panic!("body {other:?}"),
        };
        let clean = newsroom_core::html5::sanitize(&html, archive.base_url(budget).as_ref());
        assert!(
            clean.contains("src=\"https://news.example/img/a.png\""),
            "{clean}"
        );
        assert!(budget.published.is_some());
        assert!(
            archive.report.repaired.is_empty(),
            "{:?}",
            archive.report.repaired
        );
    }

    #[test]
    fn an_atom_feed_reads_with_its_html_title_as_text() {
        let json = as_json_feed(ATOM).expect("Atom").expect("converted");
        let archive = parse_feed(&json).expect("a valid feed");
        let entry = &archive.articles[0];
        assert_eq!(entry.title, "Le budget");
        assert_eq!(entry.id, "tag:journal.example,2024:1");
        assert_eq!(entry.summary.as_deref(), Some("Résumé."));
        assert_eq!(
            archive.author(entry.authors[0]).expect("an author").name,
            "Jo Lemaire"
        );
        assert_eq!(
            archive.topic(entry.topics[0]).expect("a topic").name,
            "Politique"
        );
        assert!(entry.modified.is_some() && entry.published.is_some());
    }

    #[test]
    fn xml_that_is_no_feed_says_so() {
        let error = as_json_feed("<html><body>hi</body></html>").expect_err("not a feed");
        assert!(
            error.to_string().contains("not an RSS or Atom feed"),
            "{error}"
        );
    }
}
