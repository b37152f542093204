//! Dates read from text, in one place: publication dates of news feeds, ACLED's `event_date`
//! in every form its exports use, and `--since`/`--until` on the command line. Every stage
//! that reads a date string back (query, render, layers, match, the incident parser's
//! anchors) calls [`parse_date`], so a form one of them accepts the others accept too.
//!
//! Accepted: ISO dates and datetimes (`2023-06-02`, `2023-06-02T23:10:00+03:00`,
//! `2023/06/02`, `20230602`), English month names (`02 June 2023`, `June 2, 2023`,
//! `Fri, 02 Jun 2023 10:00:00 +0000`, ACLED's `02-June-2023`) and ACLED's short spreadsheet
//! form `2-May-20`. Later stages anchor relative dates ("yesterday", "on Tuesday") on an
//! article's date, so a wrong date is worse than none: numeric day/month orders that could be
//! read either way (`02/06/2023`) give `None`. Calendar arithmetic and validation are
//! chrono's.

use chrono::{Datelike, NaiveDate};

/// The day a date string names, or `None` when it names no single day or the form is not
/// recognised. An ISO datetime keeps the day as written, whatever its offset.
///
/// ```
/// use incimap::read::parse_date;
/// let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
/// assert_eq!(parse_date("02 June 2023"), d(2023, 6, 2));
/// assert_eq!(parse_date("02-June-2023"), d(2023, 6, 2));
/// assert_eq!(parse_date("2-May-20"), d(2020, 5, 2));
/// assert_eq!(parse_date("2014-06-0é"), None);
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    iso(s)
        .or_else(|| compact(s))
        .or_else(|| short_acled(s))
        .or_else(|| named_month(s))
}

/// The `YYYY-MM-DD` day a date string names: [`parse_date`], formatted.
///
/// ```
/// use incimap::read::normalize_date;
/// assert_eq!(normalize_date("2023-06-02T23:10:00+03:00").as_deref(), Some("2023-06-02"));
/// assert_eq!(normalize_date("02 June 2023").as_deref(), Some("2023-06-02"));
/// assert_eq!(normalize_date("02/06/2023"), None);
/// ```
pub fn normalize_date(s: &str) -> Option<String> {
    parse_date(s).map(|d| d.format("%Y-%m-%d").to_string())
}

/// `2023-06-02`, `2023/06/02`, `2023.06.02`, `2023-6-2`, each optionally followed by a time.
fn iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sep = b[4];
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let (month, rest) = s[5..].split_once(sep as char)?;
    // The day runs up to the first non-digit: `T`, a space, or the end.
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (day, after) = rest.split_at(day_len);
    if !(after.is_empty() || after.starts_with(['T', 't', ' ', '_'])) {
        return None;
    }
    ymd(number(&s[..4], 4)?, number(month, 2)?, number(day, 2)?)
}

/// `20230602`, the ISO basic form some feeds use.
fn compact(s: &str) -> Option<NaiveDate> {
    if s.len() == 8 && s.bytes().all(|c| c.is_ascii_digit()) {
        NaiveDate::parse_from_str(s, "%Y%m%d")
            .ok()
            .filter(|d| in_range(d.year()))
    } else {
        None
    }
}

/// ACLED's `2-May-20`: day, month abbreviation, two-digit year, as spreadsheets save its
/// exports. Its data start in 1997, so `97`..`99` are the 1900s and the rest the 2000s.
fn short_acled(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 2 {
        return None;
    }
    let y = number(y, 2)?;
    let y = if y >= 97 { 1900 + y } else { 2000 + y };
    ymd(y, month_number(m)?, number(d, 2)?)
}

/// A date with an English month name; the day is the number next to the month.
fn named_month(s: &str) -> Option<NaiveDate> {
    let tokens: Vec<&str> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let (at, month) = tokens
        .iter()
        .enumerate()
        .find_map(|(i, t)| month_number(t).map(|m| (i, m)))?;
    let year = tokens
        .iter()
        .find(|t| t.len() == 4 && t.bytes().all(|c| c.is_ascii_digit()))?;
    let before = at.checked_sub(1).and_then(|i| tokens.get(i));
    let after = tokens.get(at + 1);
    let day = before
        .and_then(|t| day_number(t))
        .or_else(|| after.and_then(|t| day_number(t)))?;
    ymd(number(year, 4)?, month, day)
}

/// Month number of an English month name or any abbreviation of three letters or more.
pub(crate) fn month_number(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // Called for every word of every sentence: compared in place, not lower-cased into a
    // new string.
    let t = token.as_bytes();
    if t.len() < 3 || !t.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    // Full names and any abbreviation of three letters or more ("Jun", "Sept").
    MONTHS
        .iter()
        .position(|m| m.len() >= t.len() && m.as_bytes()[..t.len()].eq_ignore_ascii_case(t))
        .map(|i| i as u32 + 1)
}

/// `2`, `02`, `2nd`, `21st`: a day of the month.
fn day_number(token: &str) -> Option<u32> {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    let (num, suffix) = token.split_at(digits);
    let suffix = suffix.to_ascii_lowercase();
    if !(1..=2).contains(&digits) || !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    num.parse().ok()
}

/// A string of 1 to `max_len` ASCII digits as a number.
fn number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// News reports and ACLED's data are modern: a year outside this range is a typo or an id,
/// not a date.
fn in_range(year: i32) -> bool {
    (1800..=2200).contains(&year)
}

/// The day, if the year, month and day make one.
fn ymd(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(year).ok().filter(|&y| in_range(y))?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::normalize_date as n;

    #[test]
    fn month_names_in_any_case_and_abbreviated() {
        use super::month_number as m;
        assert_eq!(
            (m("June"), m("SEPT"), m("dec"), m("March")),
            (Some(6), Some(9), Some(12), Some(3))
        );
        // too short, too long, not a month, not letters
        assert_eq!(
            (m("Ju"), m("Septembers"), m("Mayor"), m("Jun3")),
            (None, None, None, None)
        );
    }

    #[test]
    fn iso_dates_and_datetimes_keep_the_day() {
        assert_eq!(n("2023-06-02").as_deref(), Some("2023-06-02"));
        assert_eq!(n(" 2023-06-02 ").as_deref(), Some("2023-06-02"));
        assert_eq!(n("2023-06-02T23:10:00Z").as_deref(), Some("2023-06-02"));
        assert_eq!(
            n("2023-06-02T23:10:00-05:00").as_deref(),
            Some("2023-06-02")
        );
        assert_eq!(n("2023-06-02 10:00").as_deref(), Some("2023-06-02"));
        assert_eq!(n("2023/6/2").as_deref(), Some("2023-06-02"));
        assert_eq!(n("2023.06.02").as_deref(), Some("2023-06-02"));
        assert_eq!(n("20230602").as_deref(), Some("2023-06-02"));
    }

    #[test]
    fn english_month_names() {
        assert_eq!(n("02 June 2023").as_deref(), Some("2023-06-02"));
        assert_eq!(n("2 Jun 2023").as_deref(), Some("2023-06-02"));
        assert_eq!(n("June 2, 2023").as_deref(), Some("2023-06-02"));
        assert_eq!(n("2nd June 2023").as_deref(), Some("2023-06-02"));
        assert_eq!(n("2023 June 2").as_deref(), Some("2023-06-02"));
        assert_eq!(n("Sept. 21, 2019").as_deref(), Some("2019-09-21"));
        assert_eq!(
            n("Fri, 02 Jun 2023 10:00:00 +0000").as_deref(),
            Some("2023-06-02")
        );
        assert_eq!(
            n("Updated: Monday 5 June 2023 14:05 GMT").as_deref(),
            Some("2023-06-05")
        );
    }

    #[test]
    fn acled_export_forms() {
        assert_eq!(n("02 June 2023").as_deref(), Some("2023-06-02"));
        assert_eq!(n("02-June-2023").as_deref(), Some("2023-06-02"));
        assert_eq!(n("2-May-20").as_deref(), Some("2020-05-02"));
        assert_eq!(n("31-Dec-97").as_deref(), Some("1997-12-31"));
        assert_eq!(n("29-Feb-21"), None, "2021 is no leap year");
        assert_eq!(n("2-Mai-20"), None);
    }

    #[test]
    fn unclear_or_impossible_dates_give_none() {
        assert_eq!(n(""), None);
        assert_eq!(n("02/06/2023"), None, "day/month order is ambiguous");
        assert_eq!(n("June 2023"), None, "no day");
        assert_eq!(n("yesterday"), None);
        assert_eq!(n("2023-02-30"), None);
        assert_eq!(n("2023-13-01"), None);
        assert_eq!(n("2023-06-02x"), None);
        assert_eq!(n("30 February 2023"), None);
        assert_eq!(n("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(n("1900-02-29"), None);
        assert_eq!(n("12345678"), None);
        // Bytes that are not ASCII where a digit should be (a panic once, in the renderer).
        assert_eq!(n("2014-06-0é"), None);
        assert_eq!(n("2014-0é-01"), None);
        assert_eq!(n("é"), None);
    }
}
