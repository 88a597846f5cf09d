//! Reading and showing feed dates (SPEC §1).
//!
//! Dates are RFC 3339. One without an offset is read as UTC and reported; a bare calendar date
//! is read as midnight UTC and reported. A date is shown in its own offset, so a story
//! published on 13 April reads "13 April" in every reader's time zone.
//!
//! This is a small RFC 3339 reader rather than the `time` crate: the viewer needs to read one
//! format, order instants and print a calendar date, and `time`'s general parser would cost a
//! large share of the download budget.

/// A date-time as the feed wrote it: calendar fields in its own offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedDate {
    /// Year, 0–9999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, valid for the month.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60 (a leap second is kept as written).
    pub second: u8,
    /// Nanoseconds of the second.
    pub nanos: u32,
    /// Offset from UTC in minutes, east positive.
    pub offset_minutes: i16,
}

impl FeedDate {
    /// Nanoseconds since 1970-01-01T00:00:00Z: the instant, comparable across offsets.
    pub fn instant(&self) -> i128 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        let seconds = days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60;
        i128::from(seconds) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// The UTC date-time of a Unix timestamp (seconds).
    pub fn from_unix_seconds(seconds: i64) -> Self {
        let days = seconds.div_euclid(86_400);
        let second_of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Self {
            year: year.clamp(0, 9999) as u16,
            month,
            day,
            hour: (second_of_day / 3_600) as u8,
            minute: (second_of_day / 60 % 60) as u8,
            second: (second_of_day % 60) as u8,
            nanos: 0,
            offset_minutes: 0,
        }
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        (self.instant().div_euclid(1_000_000_000)) as i64
    }
}

/// How a feed date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParsedDate {
    /// A valid RFC 3339 date-time.
    Exact(FeedDate),
    /// Readable, but not RFC 3339: what was assumed is in the message.
    Repaired(FeedDate, &'static str),
    /// Not a date.
    Invalid,
}

/// Reads a feed date, accepting the common departures from RFC 3339.
pub fn parse_feed_date(text: &str) -> ParsedDate {
    let bytes = text.trim().as_bytes();
    let Some((year, month, day)) = calendar_date(bytes) else {
        return ParsedDate::Invalid;
    };
    let mut date = FeedDate {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
        offset_minutes: 0,
    };
    let rest = &bytes[10..];
    if rest.is_empty() {
        return ParsedDate::Repaired(date, "has a date but no time; read as midnight UTC");
    }
    // RFC 3339 §5.6 allows `t` and a space in place of `T`.
    if !matches!(rest[0], b'T' | b't' | b' ') {
        return ParsedDate::Invalid;
    }
    let mut cursor = Cursor(&rest[1..]);
    let (Some(hour), true, Some(minute)) = (cursor.number(2), cursor.eat(b':'), cursor.number(2))
    else {
        return ParsedDate::Invalid;
    };
    if hour > 23 || minute > 59 {
        return ParsedDate::Invalid;
    }
    date.hour = hour as u8;
    date.minute = minute as u8;
    if cursor.eat(b':') {
        match cursor.number(2) {
            Some(second) if second <= 60 => date.second = second as u8,
            _ => return ParsedDate::Invalid,
        }
        if cursor.eat(b'.') {
            let digits = cursor.digits();
            if digits.is_empty() {
                return ParsedDate::Invalid;
            }
            let mut nanos: u32 = 0;
            for i in 0..9 {
                nanos = nanos * 10 + digits.get(i).map_or(0, |d| u32::from(d - b'0'));
            }
            date.nanos = nanos;
        }
    }
    match cursor.0 {
        [] => ParsedDate::Repaired(date, "has no time zone offset; read as UTC"),
        [b'Z' | b'z'] => ParsedDate::Exact(date),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let mut offset = Cursor(tail);
            let hours = offset.number(2);
            offset.eat(b':');
            let minutes = offset.number(2);
            match (hours, minutes, offset.0.is_empty()) {
                (Some(h), Some(m), true) if h <= 23 && m <= 59 => {
                    let total = (h * 60 + m) as i16;
                    date.offset_minutes = if *sign == b'-' { -total } else { total };
                    ParsedDate::Exact(date)
                }
                _ => ParsedDate::Invalid,
            }
        }
        _ => ParsedDate::Invalid,
    }
}

struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn eat(&mut self, byte: u8) -> bool {
        match self.0.split_first() {
            Some((&b, rest)) if b == byte => {
                self.0 = rest;
                true
            }
            _ => false,
        }
    }

    /// Exactly `width` ASCII digits.
    fn number(&mut self, width: usize) -> Option<u32> {
        let digits = self.0.get(..width)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.0 = &self.0[width..];
        Some(digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    }

    fn digits(&mut self) -> &[u8] {
        let end = self
            .0
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(self.0.len());
        let (digits, rest) = self.0.split_at(end);
        self.0 = rest;
        digits
    }
}

fn calendar_date(bytes: &[u8]) -> Option<(u16, u8, u8)> {
    let mut cursor = Cursor(bytes.get(..10)?);
    let year = cursor.number(4)?;
    cursor.eat(b'-').then_some(())?;
    let month = cursor.number(2)?;
    cursor.eat(b'-').then_some(())?;
    let day = cursor.number(2)?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&day)
        .then_some((year as u16, month as u8, day as u8))
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01 (inverse of `days_from_civil`).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
pub fn human_date(date: FeedDate) -> String {
    let month = MONTHS[usize::from(date.month.clamp(1, 12)) - 1];
    let mut out = String::with_capacity(20);
    push_number(&mut out, date.day.into(), 1);
    out.push(' ');
    out.push_str(month);
    out.push(' ');
    push_number(&mut out, date.year.into(), 1);
    out
}

/// The machine-readable form for `<time datetime>`: RFC 3339 in the date's own offset, to the
/// second.
pub fn machine_date(date: FeedDate) -> String {
    rfc3339(date, false)
}

/// RFC 3339 in the date's own offset with its fraction of a second when it has one: the date
/// exactly as read, for what the site builder writes back (the index, JSON-LD, the sitemap).
pub fn exact_date(date: FeedDate) -> String {
    rfc3339(date, date.nanos != 0)
}

/// Dates are written digit by digit: a list page writes dozens per filter click, and the
/// formatting machinery costs WebAssembly more than the dates themselves.
fn rfc3339(date: FeedDate, fraction: bool) -> String {
    let mut out = String::with_capacity(36);
    push_number(&mut out, date.year.into(), 4);
    for (separator, value) in [
        ('-', date.month),
        ('-', date.day),
        ('T', date.hour),
        (':', date.minute),
        (':', date.second),
    ] {
        out.push(separator);
        push_number(&mut out, value.into(), 2);
    }
    if fraction {
        out.push('.');
        push_number(&mut out, date.nanos, 9);
    }
    match date.offset_minutes {
        0 => out.push('Z'),
        m => {
            out.push(if m < 0 { '-' } else { '+' });
            push_number(&mut out, u32::from(m.unsigned_abs() / 60), 2);
            out.push(':');
            push_number(&mut out, u32::from(m.unsigned_abs() % 60), 2);
        }
    }
    out
}

/// Appends `value` in decimal, zero-padded to at least `width` digits.
fn push_number(out: &mut String, value: u32, width: usize) {
    let mut digits = [0u8; 10];
    let (mut rest, mut len) = (value, 0);
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
        if rest == 0 {
            break;
        }
    }
    for _ in len..width {
        out.push('0');
    }
    out.extend(digits[..len].iter().rev().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> FeedDate {
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
    fn instants_compare_across_offsets() {
        assert_eq!(
            exact("2021-04-13T23:30:00-07:00").instant(),
            exact("2021-04-14T06:30:00Z").instant()
        );
        assert_eq!(exact("1970-01-01T00:00:00Z").instant(), 0);
        assert_eq!(exact("2000-03-01T00:00:00Z").unix_seconds(), 951_868_800);
        assert!(
            exact("2021-04-13T10:00:00.5Z").instant() > exact("2021-04-13T10:00:00Z").instant()
        );
    }

    #[test]
    fn unix_seconds_round_trip_through_the_calendar() {
        for seconds in [0, 951_868_800, 1_618_272_000, -86_400, 4_102_444_799] {
            assert_eq!(FeedDate::from_unix_seconds(seconds).unix_seconds(), seconds);
        }
    }

    #[test]
    fn lower_case_and_space_separators_are_rfc3339() {
        assert_eq!(
            exact("2021-04-13 10:00:00z").instant(),
            exact("2021-04-13T10:00:00Z").instant()
        );
    }

    #[test]
    fn a_compact_offset_is_accepted() {
        assert_eq!(
            exact("2021-04-13T10:00:00+0200").instant(),
            exact("2021-04-13T08:00:00Z").instant()
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
        for text in [
            "",
            "yesterday",
            "2021-13-45T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "13/04/2021",
            "2021-04-13T25:00:00Z",
            "2021-04-13T10:00:00+5",
            "2021-04-13T10:00:00.Z",
            "2021-04-13Tnoon",
        ] {
            assert_eq!(parse_feed_date(text), ParsedDate::Invalid, "{text:?}");
        }
    }
}
