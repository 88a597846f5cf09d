//! Every route as a file: the site builder renders each view ahead of time with the app's own
//! components (Yew's server renderer), into a copy of the page trunk built, with what search
//! engines and link previews read (title, description, canonical link, Open Graph, schema.org
//! `NewsArticle`), and writes `sitemap.xml`.
//!
//! A rendered page says `data-state="loading"` (SPEC §5) and works as a plain page: its links
//! are real links to other rendered pages, and an article reads with JavaScript off. The app,
//! once it has read the archive, renders the same view in place of it in one task.

use std::io;
use std::path::{Path, PathBuf};

use serde_json::json;
use yew::AttrValue;

use crate::data::{DataFiles, CURRENT_FILE};
use newsroom::app::{App, AppProps};
use newsroom::load::{
    CHUNK_META, DATA_PROMISE, FACET_GAPS_PROMISE, FACET_HEADER_PROMISE, HEAD_PROMISE, INDEX_META,
    INDEX_PROMISE, LIST_PENDING, PAINTED_PROMISE,
};
use newsroom::nav::Location;
use newsroom::state::{ArchiveHandle, LoadState};
use newsroom_core::archive::Archive;
use newsroom_core::cards::CARDS_PER_CHUNK;
use newsroom_core::dates::exact_date;
use newsroom_core::markup::escape;
use newsroom_core::route::Route;
use newsroom_core::sanitize::safe_image_url;

/// Directories of rendered routes, which the builder owns and rewrites.
pub const ROUTE_DIRS: &[&str] = &["articles", "authors", "topics"];

/// Sitemap files hold at most this many URLs (the sitemaps.org limit).
const SITEMAP_URLS: usize = 50_000;

/// The page trunk built, cut where the builder writes.
#[derive(Debug, Clone)]
pub struct Shell {
    /// Up to the `<title>`.
    before_title: String,
    /// From after `</title>` to `</head>`.
    head_rest: String,
    /// From `</head>` through the app root's start tag.
    body_start: String,
    /// From the app root's end tag to the end.
    end: String,
    /// The root's content as built: the loading view.
    loading: String,
    /// The site's base path from `<base href>`, without its trailing slash.
    pub base: String,
}

impl Shell {
    /// Cuts a built page; `None` when it lacks a `<title>`, a `</head>` or the app root.
    pub fn parse(html: &str) -> Option<Self> {
        let title_start = html.find("<title>")?;
        let title_end = title_start + html[title_start..].find("</title>")? + "</title>".len();
        let head_end = html.find("</head>")?;
        let root_tag = ["<div id=app-root>", "<div id=\"app-root\">"]
            .iter()
            .find_map(|tag| html.find(tag).map(|at| at + tag.len()))?;
        let body_end = html.rfind("</body>")?;
        let root_end = html[..body_end].rfind("</div>")?;
        if !(title_end <= head_end && head_end < root_tag && root_tag <= root_end) {
            return None;
        }
        let base = html
            .find("<base href=")
            .map(|at| {
                html[at + "<base href=".len()..]
                    .trim_start_matches('"')
                    .split(['"', '>', ' '])
                    .next()
                    .unwrap_or("/")
                    .trim_end_matches('/')
                    .to_string()
            })
            .unwrap_or_default();
        Some(Self {
            before_title: html[..title_start].to_string(),
            head_rest: html[title_end..head_end].to_string(),
            body_start: html[head_end..root_tag].to_string(),
            end: html[root_end..].to_string(),
            loading: html[root_tag..root_end].to_string(),
            base,
        })
    }

    /// The page with this title, head additions and root content. The additions come before
    /// the shell's scripts, which read the data files they name (see [`boot_script`]).
    fn page(&self, title: &str, head: &str, root: &str) -> String {
        format!(
            "{}<title>{}</title>{head}{}{}{root}{}",
            self.before_title,
            escape(title, false),
            self.head_rest,
            self.body_start,
            self.end
        )
    }

    /// The page as built: what `index.html` and `404.html` are when the feed could not be
    /// read.
    pub fn loading_page(&self) -> String {
        self.page("Articles", "", &self.loading)
    }
}

/// `html` with a link to the feed the site publishes (`feed.json`, see
/// [`crate::published_feed`]) in its head, for feed readers and browsers that discover feeds.
pub fn with_feed_link(html: &str, base: &str, title: &str) -> String {
    let link = format!(
        "<link rel=\"alternate\" type=\"application/feed+json\" title=\"{}\" href=\"{}/{}\">",
        escape(title, true),
        escape(base.trim_end_matches('/'), true),
        crate::published_feed::FEED_JSON
    );
    match html.find("</head>") {
        Some(at) => format!("{}{link}{}", &html[..at], &html[at..]),
        None => html.to_string(),
    }
}

/// The script that fetches a page's data, which every page runs from one file of the site
/// (see [`boot_file`]) rather than inline: at 100,000 articles a copy in each page would be a
/// quarter of a gigabyte of the published site. On a home page whose `newsroom-head` meta names
/// an index head, that head (a few kilobytes, which the app reads first: with it alone it makes
/// its first view) is asked for at once, at low priority, as `window.newsroomHead` (a `Promise`
/// of the response), so that it is there when the app starts.
///
/// The facet file, its header (`newsroom-facet-header`: the archive's names and counts, some
/// tens of kilobytes at 100,000 articles) and its posting lists' gaps (`newsroom-facet-gaps`,
/// ten times as large), waits, as `window.newsroomFacetHeader` and `window.newsroomFacetGaps`,
/// until the app has started (trunk's loader dispatches `TrunkApplicationStarted`) and the
/// browser has reported painting the page as built (its largest contentful paint). The page as
/// built is readable without it, so it does not share the connection with it: on a phone's
/// slow link every byte fetched alongside is one the first paint waits for. The browser's
/// report, not the frame the page asks for, is what it waits for: a frame is shown some
/// milliseconds after it is made, and a file asked for in between could still arrive first.
///
/// Pages other than the home page name these files through the `newsroom-current` pointer,
/// which the script fetches first. The index the `newsroom-index` meta (or the pointer) names
/// is asked for as the app starts, as `window.newsroomIndex`, only on a site without a head,
/// where it is what the app waits for; with a head the app never reads it (the cards come in
/// chunks). The app reads those responses, or fetches `articles.json` without them.
///
/// `window.newsroomPainted` resolves on that report of the first paint, after which the app
/// shows its own view in place of the page as built (see `app.rs`). A hidden tab, which paints
/// nothing, and a browser without such reports do not wait; nor does any page after a second.
pub fn boot_script() -> String {
    format!(
        "(function(){{var s=new Promise(function(r){{window.wasmBindings?r():\
         addEventListener(\"TrunkApplicationStarted\",r)}}),p=new Promise(function(r){{\
         setTimeout(r,1000);var t=PerformanceObserver.supportedEntryTypes;\
         if(document.hidden||!t||t.indexOf(\"largest-contentful-paint\")<0)r();\
         else new PerformanceObserver(r)\
         .observe({{type:\"largest-contentful-paint\",buffered:true}})}});\
         function m(n){{return document.querySelector('meta[name=\"newsroom-'+n+'\"]')}}\
         function v(n){{var e=m(n);return e&&e.content}}\
         var c=m(\"current\"),d=c?fetch(c.content,{{cache:\"no-cache\"}}).then(function(r){{\
         return r.json()}}):Promise.resolve({{head:v(\"head\"),facets:v(\"facet-header\"),\
         gaps:v(\"facet-gaps\"),index:v(\"index\")}});\
         window.{DATA_PROMISE}=d;\
         function g(n,o){{return d.then(function(j){{return j[n]&&fetch(j[n],o)}})}}\
         window.{HEAD_PROMISE}=g(\"head\",{{priority:\"low\"}});\
         var f=s.then(function(){{return p}});\
         window.{FACET_HEADER_PROMISE}=f.then(function(){{return g(\"facets\")}});\
         window.{FACET_GAPS_PROMISE}=f.then(function(){{return g(\"gaps\")}});\
         window.{INDEX_PROMISE}=s.then(function(){{return d}}).then(function(j){{\
         return j.head?null:g(\"index\")}});\
         window.{PAINTED_PROMISE}=p}})()\n"
    )
}

/// The file of [`boot_script`] at the site's root, named by its content's hash so that a host
/// may let browsers keep it.
pub fn boot_file() -> (String, String) {
    let script = boot_script();
    let hash = crate::data::sha256_hex(script.as_bytes());
    (format!("boot-{}.js", &hash[..16]), script)
}

/// `html` with [`boot_file`] (named `name`, under the base path `base`) as a deferred script
/// at the end of its head, after trunk's loader: deferred scripts run in the order they come,
/// once the page is parsed, so the page's `<meta>`s are there to read; the loader's module
/// starts first, and while it fetches and compiles the WebAssembly the boot script runs and
/// asks for the data. (Placed before the loader, the boot script left Firefox, in one page
/// load in twenty, never fetching the WebAssembly.)
pub fn with_boot_script(html: &str, base: &str, name: &str) -> String {
    let tag = format!(
        "<script defer src=\"{}/{}\"></script>",
        escape(base.trim_end_matches('/'), true),
        escape(name, true)
    );
    match html.find("</head>") {
        Some(at) => format!("{}{tag}{}", &html[..at], &html[at..]),
        None => html.to_string(),
    }
}

/// The inline script of a list's page (home, author, topic, not found). A list's page as built
/// is its first page of every article, whatever the URL's query: for a filtered, sorted or
/// paged list the script marks the document (`data-list-pending`, whose style hides the list
/// until the app takes over), says the list is loading and presses the selected values'
/// buttons, before the page is first painted, so that the reader never sees another list as
/// theirs. The Content-Security-Policy allows it by its hash.
pub fn list_pending_script() -> String {
    format!(
        "<script>(function(){{var q=new URLSearchParams(location.search),\
         t=q.getAll(\"topic\"),a=q.getAll(\"author\");\
         if(t.length||a.length||q.get(\"sort\")==\"oldest\"||q.get(\"page\")>1){{\
         document.documentElement.setAttribute(\"{LIST_PENDING}\",\"\");\
         document.addEventListener(\"DOMContentLoaded\",function(){{\
         var r=document.querySelector(\"#app-root .results\");\
         r&&r.insertAdjacentHTML(\"afterbegin\",'<div class=\"loading\" aria-busy=\"true\">\
         <p class=\"loading-text\">Loading articles\\u2026</p></div>');\
         document.querySelectorAll(\"#app-root [aria-pressed]\").forEach(function(b){{\
         var d=b.dataset;b.setAttribute(\"aria-pressed\",d.topic!=null?t.indexOf(d.topic)>=0:\
         a.indexOf(d.author)>=0)}})}})}}}})()</script>"
    )
}

/// The `<meta>` naming the index, for tools that read the page.
fn index_meta(index: &str) -> String {
    format!(
        "<meta name=\"{INDEX_META}\" content=\"{}\">",
        escape(index, true)
    )
}

/// The `<meta>`s naming the data files the prefetch script (see [`boot_script`]) asks
/// for. The home page names the index, and a large archive's head and facet file's two parts:
/// it changes with the archive anyway. Every other page names the pointer to the current data
/// files ([`CURRENT_FILE`]), whose name never changes, so that a page changes only when what it
/// shows does, not whenever any article is added or edited; in a large archive, an article's
/// page also names the chunk of cards that holds it, and an author's page the chunk of their
/// newest article (which gives their details), by number: the chunk's place, counted from the
/// oldest article, stays as articles are added.
fn data_metas(archive: &Archive, files: &DataFiles, route: &Route) -> String {
    if *route != Route::Home {
        let mut metas = format!("<meta name=\"newsroom-current\" content=\"{CURRENT_FILE}\">");
        let position = match route {
            Route::Article(slug) => archive.article_by_slug(slug),
            Route::Author(slug) => (archive.author_by_slug(slug))
                .and_then(|a| archive.author_postings.get(a as usize)?.first().copied()),
            _ => None,
        };
        let count = archive.articles.len();
        if let (Some(_), Some(position)) = (&files.head, position) {
            let chunk = (count - 1 - position as usize) / CARDS_PER_CHUNK as usize;
            metas.push_str(&format!("<meta name=\"{CHUNK_META}\" content=\"{chunk}\">"));
        }
        return metas;
    }
    let mut metas = files.index.as_deref().map(index_meta).unwrap_or_default();
    if let (Some(head), Route::Home) = (&files.head, route) {
        for (name, file) in [
            ("newsroom-head", &head.head),
            ("newsroom-facet-header", &head.facet_header),
            ("newsroom-facet-gaps", &head.facet_gaps),
        ] {
            metas.push_str(&format!(
                "<meta name=\"{name}\" content=\"{}\">",
                escape(file, true)
            ));
        }
    }
    metas
}

/// Where pages link to: the site's absolute URL, with a trailing slash, when known.
#[derive(Debug, Clone, Default)]
pub struct SiteUrl(pub Option<String>);

impl SiteUrl {
    fn of(&self, route: &Route) -> Option<String> {
        let root = self.0.as_deref()?;
        Some(format!("{}{}", root.trim_end_matches('/'), route.path()))
    }
}

/// Renders `route` as the app shows it on a first visit.
pub fn render_route(
    runtime: &tokio::runtime::Runtime,
    archive: &ArchiveHandle,
    base: &str,
    route: &Route,
) -> String {
    let props = AppProps {
        loaded: LoadState::Ready(archive.clone()),
        at: Some((
            AttrValue::from(base.to_string()),
            Location {
                route: route.clone(),
                query: String::new(),
            },
        )),
        prerender: true,
        head_rest: None,
        first_cards: None,
        reveal: None,
    };
    let local = tokio::task::LocalSet::new();
    local.block_on(runtime, async move {
        yew::LocalServerRenderer::<App>::with_props(props)
            .hydratable(false)
            .render()
            .await
    })
}

/// Every route of the archive with a page of its own: home, articles, authors, topics.
pub fn routes(archive: &Archive) -> Vec<Route> {
    let articles = archive
        .articles
        .iter()
        .map(|a| Route::Article(a.slug.clone()));
    let authors = archive
        .authors
        .iter()
        .map(|a| Route::Author(a.slug.clone()));
    let topics = archive.topics.iter().map(|t| Route::Topic(t.slug.clone()));
    std::iter::once(Route::Home)
        .chain(articles)
        .chain(authors)
        .chain(topics)
        .filter(|route| match route {
            Route::Article(slug) | Route::Author(slug) | Route::Topic(slug) => {
                newsroom_core::route::has_own_page(slug)
            }
            Route::Home | Route::NotFound => true,
        })
        .collect()
}

/// The file a route's page is written to, relative to the site root.
pub fn route_file(route: &Route) -> PathBuf {
    match route {
        Route::Home => PathBuf::from("index.html"),
        Route::Article(slug) => ["articles", slug, "index.html"].iter().collect(),
        Route::Author(slug) => ["authors", slug, "index.html"].iter().collect(),
        Route::Topic(slug) => ["topics", slug, "index.html"].iter().collect(),
        Route::NotFound => PathBuf::from("404.html"),
    }
}

/// The whole page for `route`: head metadata around the rendered view.
pub fn page_html(
    shell: &Shell,
    archive: &Archive,
    site_url: &SiteUrl,
    files: &DataFiles,
    route: &Route,
    rendered: &str,
) -> String {
    let site = &archive.info.title;
    let view = archive.view_title(route);
    let title = match &view {
        Some(view) => format!("{view} · {site}"),
        None => site.clone(),
    };
    let mut head = data_metas(archive, files, route);
    if !matches!(route, Route::Article(_)) {
        head.push_str(&list_pending_script());
    }
    let mut meta = |name: &str, attribute: &str, content: &str| {
        head.push_str(&format!(
            "<meta {attribute}=\"{name}\" content=\"{}\">",
            escape(content, true)
        ));
    };
    let article = match route {
        Route::Article(slug) => archive
            .article_by_slug(slug)
            .and_then(|i| archive.article(i)),
        _ => None,
    };
    let description = match route {
        Route::Home => archive.info.description.clone(),
        Route::Article(_) => article.and_then(|a| a.summary.clone()),
        Route::Author(slug) => archive
            .author_by_slug(slug)
            .and_then(|i| archive.author(i))
            .map(|a| {
                a.bio
                    .clone()
                    .unwrap_or_else(|| format!("Articles by {} in {site}", a.name))
            }),
        Route::Topic(slug) => archive
            .topic_by_slug(slug)
            .and_then(|i| archive.topic(i))
            .map(|t| {
                t.description
                    .clone()
                    .unwrap_or_else(|| format!("Articles about {} in {site}", t.name))
            }),
        Route::NotFound => None,
    };
    if let Some(description) = &description {
        meta("description", "name", description);
    }
    if *route == Route::NotFound {
        meta("robots", "name", "noindex");
    }
    let canonical = (*route != Route::NotFound)
        .then(|| site_url.of(route))
        .flatten();
    meta("og:site_name", "property", site);
    meta("og:title", "property", view.as_deref().unwrap_or(site));
    meta(
        "og:type",
        "property",
        if article.is_some() {
            "article"
        } else {
            "website"
        },
    );
    if let Some(description) = &description {
        meta("og:description", "property", description);
    }
    if let Some(url) = &canonical {
        meta("og:url", "property", url);
    }
    let image = article
        .and_then(|a| a.image.as_deref().or(a.banner_image.as_deref()))
        .and_then(safe_image_url)
        .and_then(|src| absolute(&src, site_url));
    if let Some(image) = &image {
        meta("og:image", "property", image);
    }
    if let Some(article) = article {
        if let Some(published) = article.published {
            meta("article:published_time", "property", &exact_date(published));
        }
        for &t in &article.topics {
            if let Some(topic) = archive.topic(t) {
                meta("article:tag", "property", &topic.name);
            }
        }
    }
    if let Some(url) = &canonical {
        head.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">",
            escape(url, true)
        ));
    }
    if let Some(article) = article {
        let authors: Vec<_> = article
            .authors
            .iter()
            .filter_map(|&a| archive.author(a))
            .map(|author| {
                let mut person = json!({ "@type": "Person", "name": author.name });
                if let Some(url) = site_url.of(&Route::Author(author.slug.clone())) {
                    person["url"] = url.into();
                }
                person
            })
            .collect();
        let mut data = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "author": authors,
            "publisher": { "@type": "Organization", "name": site },
            "keywords": article.topics.iter().filter_map(|&t| archive.topic(t)).map(|t| t.name.clone()).collect::<Vec<_>>(),
        });
        if let Some(description) = &description {
            data["description"] = description.clone().into();
        }
        if let Some(published) = article.published {
            data["datePublished"] = exact_date(published).into();
        }
        if let Some(modified) = article.modified.or(article.published) {
            data["dateModified"] = exact_date(modified).into();
        }
        if let Some(image) = &image {
            data["image"] = json!([image]);
        }
        if let Some(url) = &canonical {
            data["mainEntityOfPage"] = url.clone().into();
        }
        if let Some(language) = &article.language {
            data["inLanguage"] = language.clone().into();
        }
        // Inside <script>, only "</script" or "<!--" could end or confuse the element; JSON
        // may escape every "<" instead.
        let text = data.to_string().replace('<', "\\u003c");
        head.push_str(&format!(
            "<script type=\"application/ld+json\">{text}</script>"
        ));
    }
    shell.page(&title, &head, rendered)
}

/// An image URL as an absolute URL: as given when absolute, against the site's URL when
/// relative, `None` when neither can be known.
fn absolute(src: &str, site_url: &SiteUrl) -> Option<String> {
    if src.starts_with("https://") || src.starts_with("http://") {
        return Some(src.to_string());
    }
    let root = site_url.0.as_deref()?.trim_end_matches('/');
    Some(format!("{root}/{}", src.trim_start_matches('/')))
}

/// Writes `sitemap.xml` for the routes (a sitemap index over `sitemap-N.xml` files past
/// 50,000 URLs). Needs the site's absolute URL; returns the files written.
pub fn write_sitemap(
    site: &Path,
    archive: &Archive,
    site_url: &SiteUrl,
    routes: &[Route],
) -> io::Result<Vec<String>> {
    let Some(root) = site_url.0.as_deref() else {
        return Ok(Vec::new());
    };
    let entry = |route: &Route| {
        let Some(url) = site_url.of(route) else {
            return String::new();
        };
        let lastmod = match route {
            Route::Article(slug) => archive
                .article_by_slug(slug)
                .and_then(|i| archive.article(i))
                .and_then(|a| a.modified.or(a.published))
                .map(|d| format!("<lastmod>{}</lastmod>", exact_date(d)))
                .unwrap_or_default(),
            _ => String::new(),
        };
        format!("<url><loc>{}</loc>{lastmod}</url>\n", escape(&url, false))
    };
    let chunks: Vec<&[Route]> = routes.chunks(SITEMAP_URLS).collect();
    let urlset = |routes: &[Route]| {
        let entries: String = routes.iter().map(entry).collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{entries}</urlset>\n"
        )
    };
    if chunks.len() <= 1 {
        std::fs::write(site.join("sitemap.xml"), urlset(routes))?;
        return Ok(vec!["sitemap.xml".to_string()]);
    }
    let mut files = vec!["sitemap.xml".to_string()];
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (number, chunk) in chunks.iter().enumerate() {
        let name = format!("sitemap-{}.xml", number + 1);
        std::fs::write(site.join(&name), urlset(chunk))?;
        index.push_str(&format!(
            "<sitemap><loc>{}/{name}</loc></sitemap>\n",
            escape(root.trim_end_matches('/'), false)
        ));
        files.push(name);
    }
    index.push_str("</sitemapindex>\n");
    std::fs::write(site.join("sitemap.xml"), index)?;
    Ok(files)
}
