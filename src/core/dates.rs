//! Reading and showing feed dates (SPEC §1).
//!
//! Dates are RFC 3339. One without an offset is read as UTC and reported; a bare calendar date
//! is read as midnight UTC and reported. A date is shown in its own offset, so a story
//! published on 13 April reads "13 April" in every reader's time zone.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// How a feed date was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedDate {
    /// A valid RFC 3339 date-time.
    Exact(OffsetDateTime),
    /// Readable, but not RFC 3339: what was assumed is in the message.
    Repaired(OffsetDateTime, &'static str),
    /// Not a date.
    Invalid,
}

/// Reads a feed date, accepting the common departures from RFC 3339.
pub fn parse_feed_date(text: &str) -> ParsedDate {
    let text = text.trim();
    if let Ok(date) = OffsetDateTime::parse(text, &Rfc3339) {
        return ParsedDate::Exact(date);
    }
    // A lower-case `t`/`z` or a space between date and time is allowed by RFC 3339 §5.6's note.
    let normalized = normalize_separators(text);
    if let Ok(date) = OffsetDateTime::parse(&normalized, &Rfc3339) {
        return ParsedDate::Exact(date);
    }
    let without_offset = format_description!(
        version = 2,
        "[year]-[month]-[day]T[hour]:[minute][optional [:[second][optional [.[subsecond]]]]]"
    );
    if let Ok(date) = PrimitiveDateTime::parse(&normalized, &without_offset) {
        return ParsedDate::Repaired(date.assume_utc(), "has no time zone offset; read as UTC");
    }
    if let Ok(date) = Date::parse(&normalized, format_description!("[year]-[month]-[day]")) {
        return ParsedDate::Repaired(
            date.midnight().assume_utc(),
            "has a date but no time; read as midnight UTC",
        );
    }
    ParsedDate::Invalid
}

fn normalize_separators(text: &str) -> String {
    let mut out: String = text
        .char_indices()
        .map(|(i, ch)| match ch {
            ' ' | 't' if i == 10 => 'T',
            'z' => 'Z',
            _ => ch,
        })
        .collect();
    // "+0200" → "+02:00"
    let bytes = out.as_bytes();
    if out.len() > 5 {
        let tail = &bytes[out.len() - 5..];
        if (tail[0] == b'+' || tail[0] == b'-') && tail[1..].iter().all(u8::is_ascii_digit) {
            out.insert(out.len() - 2, ':');
        }
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "13 April 2021": the calendar date in the date's own offset.
pub fn human_date(date: OffsetDateTime) -> String {
    let month = MONTHS[usize::from(u8::from(date.month())) - 1];
    format!("{} {} {}", date.day(), month, date.year())
}

/// The machine-readable form for `<time datetime>`: RFC 3339 in the date's own offset.
pub fn machine_date(date: OffsetDateTime) -> String {
    date.format(&Rfc3339).unwrap_or_default()
}

/// Sort key: the instant, comparable across offsets.
pub fn instant(date: OffsetDateTime) -> i128 {
    date.unix_timestamp_nanos()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> OffsetDateTime {
        match parse_feed_date(text) {
            ParsedDate::Exact(d) => d,
            other => panic!("{text:?} read as {other:?}"),
        }
    }

    #[test]
    fn an_rfc3339_date_keeps_its_own_offset_when_shown() {
        let date = exact("2021-04-13T23:30:00-07:00");
        assert_eq!(human_date(date), "13 April 2021");
        assert_eq!(machine_date(date), "2021-04-13T23:30:00-07:00");
    }

    #[test]
    fn lower_case_and_space_separators_are_rfc3339() {
        assert_eq!(exact("2021-04-13 10:00:00z"), exact("2021-04-13T10:00:00Z"));
    }

    #[test]
    fn a_compact_offset_is_accepted() {
        assert_eq!(
            exact("2021-04-13T10:00:00+0200"),
            exact("2021-04-13T08:00:00Z")
        );
    }

    #[test]
    fn a_date_without_offset_is_read_as_utc_and_reported() {
        match parse_feed_date("2021-04-13T10:00:00") {
            ParsedDate::Repaired(d, why) => {
                assert_eq!(d, exact("2021-04-13T10:00:00Z"));
                assert!(why.contains("UTC"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bare_date_is_read_as_midnight_utc() {
        assert!(matches!(
            parse_feed_date("2021-04-13"),
            ParsedDate::Repaired(..)
        ));
    }

    #[test]
    fn nonsense_is_invalid() {
        for text in ["", "yesterday", "2021-13-45T00:00:00Z", "13/04/2021"] {
            assert_eq!(parse_feed_date(text), ParsedDate::Invalid, "{text:?}");
        }
    }
}
