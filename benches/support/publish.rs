//! What a publisher uploads (part of the archive benchmark): on a built site, one article added
//! to `articles.json`, then one old article's title and topics edited, each followed by the
//! site builder as a publisher runs it (`site DIR`, in a process of its own, under
//! `/usr/bin/time` for its wall time and peak memory); every file of the built directory is
//! compared by content before and after.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one re-run of the builder changed, and what it cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Republish {
    /// Files added, changed or removed.
    pub files: usize,
    /// Bytes of the files added or changed: what a publisher uploads.
    pub bytes: u64,
    /// The builder's wall time.
    pub seconds: f64,
    /// The builder's peak resident memory.
    pub peak_mb: f64,
}

/// The publisher's costs for a site of `n` articles.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublishCosts {
    /// Files in the built directory.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
    /// One new article added.
    pub append: Republish,
    /// One old article's title and topics edited.
    pub edit: Republish,
}

/// Measures [`PublishCosts`] on `site`, already built from its `articles.json`, whose oldest
/// article has `oldest_id`. `site_binary` is the release build of the builder.
pub fn publish_costs(site: &Path, site_binary: &Path, oldest_id: &str) -> Option<PublishCosts> {
    let before = snapshot(site);
    let mut feed = std::fs::read_to_string(site.join("articles.json")).ok()?;

    let items = feed.find("\"items\":[")? + "\"items\":[".len();
    feed.insert_str(
        items,
        r#"{"id":"publish-benchmark-new","title":"A story published after the rest","date_published":"2040-01-01T00:00:00Z","authors":[{"name":"Benchmark Desk"}],"tags":["Benchmarks"],"content_text":"Just in."},"#,
    );
    let (append, appended) = republish(site, site_binary, &feed, &before)?;

    // The corpus writes an item's members in name order: its `tags` and `title` follow its id.
    let id = feed.find(&format!("\"id\":\"{oldest_id}\""))?;
    let tags = id + feed[id..].find("\"tags\":[")?;
    let tags_end = tags + feed[tags..].find(']')? + 1;
    feed.replace_range(tags..tags_end, "\"tags\":[\"Edited topic\"]");
    let title = id + feed[id..].find("\"title\":\"")?;
    let title_end =
        title + "\"title\":\"".len() + feed[title + "\"title\":\"".len()..].find('"')? + 1;
    feed.replace_range(title..title_end, "\"title\":\"An old story, edited\"");
    let (edit, _) = republish(site, site_binary, &feed, &appended)?;
    Some(PublishCosts {
        files: before.len(),
        bytes: before.values().map(|(len, _)| len).sum(),
        append,
        edit,
    })
}

/// Writes `feed` as the site's `articles.json` and runs the builder, as a publisher does: what
/// changed since `before`, and the site's files now.
fn republish(
    site: &Path,
    site_binary: &Path,
    feed: &str,
    before: &Snapshot,
) -> Option<(Republish, Snapshot)> {
    std::fs::write(site.join("articles.json"), feed).ok()?;
    let (seconds, peak_mb) = run_builder(site_binary, site)?;
    let after = snapshot(site);
    let changed = Republish {
        seconds,
        peak_mb,
        ..difference(before, &after)
    };
    Some((changed, after))
}

/// Every file of a site by its path: its length and a hash of its bytes.
type Snapshot = BTreeMap<PathBuf, (u64, u64)>;

/// The builder on `site` in a process of its own: wall time in seconds and peak memory in MB.
fn run_builder(site_binary: &Path, site: &Path) -> Option<(f64, f64)> {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(site_binary)
        .arg(site)
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut last = stderr.lines().last()?.split_whitespace();
    let seconds = last.next()?.parse().ok()?;
    let kilobytes: f64 = last.next()?.parse().ok()?;
    Some((seconds, kilobytes / 1024.0))
}

/// Every file under `dir`.
fn snapshot(dir: &Path) -> Snapshot {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut hasher);
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                files.insert(relative, (bytes.len() as u64, hasher.finish()));
            }
        }
    }
    files
}

/// Files added, changed or removed from `before` to `after`, and the bytes to upload. The feed
/// itself, which the publisher changed, is not counted.
fn difference(before: &Snapshot, after: &Snapshot) -> Republish {
    let feed = Path::new("articles.json");
    let mut files = before
        .keys()
        .filter(|path| !after.contains_key(*path))
        .count();
    let mut bytes = 0;
    for (path, file) in after {
        if path != feed && before.get(path) != Some(file) {
            files += 1;
            bytes += file.0;
        }
    }
    Republish {
        files,
        bytes,
        ..Republish::default()
    }
}
