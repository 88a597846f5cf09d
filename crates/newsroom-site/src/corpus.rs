//! A deterministic synthetic archive: a JSON Feed of `n` articles shaped like a news desk's.
//!
//! Authors and topics are Zipf-distributed (a few prolific writers and hot topics, a long
//! tail); each article has 1–5 topics, about one in eight has two authors, headlines, deks and
//! bodies have realistic lengths, and dates spread over 15 years. The same `n` and `seed` give
//! the same bytes, so tests and benchmarks can compare runs.

use serde_json::{json, Value};

/// A small, fast, seedable generator (SplitMix64); quality is ample for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Samples ranks 0..n with probability proportional to 1 / (rank + 1)^s.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|k| {
                total += 1.0 / ((k + 1) as f64).powf(s);
                total
            })
            .collect::<Vec<_>>();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let target = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c < target)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farah", "Gustavo", "Hana", "Ivan", "Jonas", "Kofi",
    "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zoë",
];
const LAST: &[&str] = &[
    "Abadi",
    "Brennan",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ito",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Urbina",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zhou",
];
const TOPIC_WORDS: &[&str] = &[
    "Politics",
    "Economy",
    "Energy",
    "Climate",
    "Health",
    "Science",
    "Technology",
    "Elections",
    "Trade",
    "Diplomacy",
    "Defense",
    "Education",
    "Housing",
    "Labor",
    "Courts",
    "Transport",
    "Agriculture",
    "Water",
    "Migration",
    "Culture",
    "Sport",
    "Media",
    "Finance",
    "Security",
];
const REGIONS: &[&str] = &[
    "Europe",
    "Asia",
    "Africa",
    "Latin America",
    "Middle East",
    "North America",
    "Oceania",
    "Arctic",
    "Balkans",
    "Caribbean",
    "Sahel",
    "Andes",
    "Baltics",
    "Caucasus",
    "Pacific",
];
const WORDS: &[&str] = &[
    "officials",
    "said",
    "the",
    "government",
    "announced",
    "new",
    "plan",
    "after",
    "weeks",
    "of",
    "talks",
    "with",
    "regional",
    "leaders",
    "and",
    "critics",
    "warned",
    "that",
    "costs",
    "could",
    "rise",
    "sharply",
    "while",
    "supporters",
    "argued",
    "reform",
    "was",
    "overdue",
    "in",
    "a",
    "statement",
    "ministry",
    "confirmed",
    "budget",
    "would",
    "be",
    "reviewed",
    "next",
    "year",
    "analysts",
    "expect",
    "markets",
    "to",
    "react",
    "cautiously",
    "as",
    "data",
    "shows",
    "growth",
    "slowing",
    "across",
    "several",
    "sectors",
    "residents",
    "described",
    "long",
    "delays",
    "at",
    "the",
    "border",
    "where",
    "inspectors",
    "have",
    "doubled",
    "checks",
    "since",
    "spring",
];
const HEADLINE_VERBS: &[&str] = &[
    "Weighs", "Rejects", "Backs", "Delays", "Expands", "Cuts", "Probes", "Unveils", "Faces",
    "Wins", "Loses", "Debates",
];
const HEADLINE_NOUNS: &[&str] = &[
    "Budget Plan",
    "Border Deal",
    "Energy Tariffs",
    "Water Rights",
    "Rail Expansion",
    "Tax Overhaul",
    "Climate Pledge",
    "Trade Pact",
    "Court Ruling",
    "Housing Bill",
    "Vaccine Rollout",
    "Data Law",
];
const SUBJECTS: &[&str] = &[
    "Parliament",
    "Central Bank",
    "Coalition",
    "Regulator",
    "Supreme Court",
    "City Council",
    "Union",
    "Ministry",
    "Senate",
    "Governor",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        let word = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

fn author_name(rank: usize) -> String {
    let first = FIRST[rank % FIRST.len()];
    let last = LAST[(rank / FIRST.len() + rank * 7) % LAST.len()];
    if rank < FIRST.len() * LAST.len() {
        format!("{first} {last}")
    } else {
        format!("{first} {last} {}", rank / (FIRST.len() * LAST.len()) + 1)
    }
}

fn topic_name(rank: usize) -> String {
    if rank < TOPIC_WORDS.len() {
        return TOPIC_WORDS[rank].to_string();
    }
    let k = rank - TOPIC_WORDS.len();
    let word = TOPIC_WORDS[k % TOPIC_WORDS.len()];
    let region = REGIONS[(k / TOPIC_WORDS.len()) % REGIONS.len()];
    let round = k / (TOPIC_WORDS.len() * REGIONS.len());
    if round == 0 {
        format!("{word} in {region}")
    } else {
        format!("{word} in {region} {}", round + 1)
    }
}

/// The JSON Feed of `n` synthetic articles. Author and topic pools grow with `n` (about one
/// author per 25 articles and one topic per 10, at least 12 of each).
pub fn generate(n: usize, seed: u64) -> Value {
    let mut rng = Rng(seed);
    let author_count = (n / 25).max(12);
    let topic_count = (n / 10).max(12);
    let authors = Zipf::new(author_count, 1.1);
    let topics = Zipf::new(topic_count, 1.0);
    // 15 years, newest 2026-06-30 (1_782_777_600 s), oldest 15 × 365.25 days before.
    let newest: i64 = 1_782_777_600;
    let span: i64 = 15 * 36_525 * 864;

    let items: Vec<Value> = (0..n)
        .map(|i| {
            let mut byline = vec![authors.sample(&mut rng)];
            if rng.below(8) == 0 {
                let second = authors.sample(&mut rng);
                if second != byline[0] {
                    byline.push(second);
                }
            }
            let topic_total = 1 + rng.below(5);
            let mut tags: Vec<usize> = Vec::new();
            while tags.len() < topic_total {
                let t = topics.sample(&mut rng);
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let title = format!(
                "{} {} {}",
                SUBJECTS[rng.below(SUBJECTS.len())],
                HEADLINE_VERBS[rng.below(HEADLINE_VERBS.len())],
                HEADLINE_NOUNS[rng.below(HEADLINE_NOUNS.len())]
            );
            let summary_words = 14 + rng.below(14);
            let summary = sentence(&mut rng, summary_words);
            let paragraphs: Vec<String> = (0..4 + rng.below(6))
                .map(|_| {
                    (0..2 + rng.below(3))
                        .map(|_| {
                            let words = 10 + rng.below(16);
                            sentence(&mut rng, words)
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let published = newest - (rng.next() % span as u64) as i64;
            let date = newsroom_core::dates::machine_date(
                newsroom_core::dates::FeedDate::from_unix_seconds(published),
            );
            json!({
                "id": format!("a{i:06}"),
                "title": format!("{title} ({i})"),
                "summary": summary,
                "content_text": paragraphs.join("\n\n"),
                "date_published": date,
                "authors": byline.iter().map(|&a| json!({
                    "name": author_name(a),
                    "_bio": format!("{} covers {} for the desk.", author_name(a), topic_name(a % topic_count).to_lowercase()),
                })).collect::<Vec<_>>(),
                "tags": tags.iter().map(|&t| topic_name(t)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Synthetic Desk",
        "description": format!("A generated archive of {n} articles."),
        "language": "en",
        "items": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_feed() {
        assert_eq!(generate(50, 7), generate(50, 7));
        assert_ne!(generate(50, 7), generate(50, 8));
    }

    #[test]
    fn a_generated_feed_loads_cleanly_with_a_long_tail() {
        let feed = generate(2_000, 1).to_string();
        let archive = newsroom_core::feed::parse_feed(&feed).expect("valid feed");
        assert!(
            archive.report.is_clean(),
            "{:?}",
            archive.report.repaired.first()
        );
        assert_eq!(archive.articles.len(), 2_000);
        let top = archive.topic_facet_order[0];
        let last = *archive.topic_facet_order.last().unwrap();
        assert!(archive.topic_article_count(top) > 20 * archive.topic_article_count(last).max(1));
        assert!(archive
            .articles
            .iter()
            .all(|a| (1..=5).contains(&a.topics.len())));
        assert!(archive.articles.iter().any(|a| a.authors.len() == 2));
    }
}
