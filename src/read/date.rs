//! Publication dates as `YYYY-MM-DD`, from the forms news feeds actually use: ISO dates and
//! datetimes, `2023/06/02`, `20230602`, and English month names (`02 June 2023`,
//! `June 2, 2023`, `Fri, 02 Jun 2023 10:00:00 +0000`). Later stages anchor relative dates
//! ("yesterday", "on Tuesday") on the article's date, so a wrong date is worse than none:
//! numeric day/month orders that could be read either way (`02/06/2023`) give `None`.

/// The `YYYY-MM-DD` day a date string names, or `None` when it names no single day or the
/// form is not recognised. An ISO datetime keeps the day as written, whatever its offset.
///
/// ```
/// use incimap::read::normalize_date;
/// assert_eq!(normalize_date("2023-06-02T23:10:00+03:00").as_deref(), Some("2023-06-02"));
/// assert_eq!(normalize_date("02 June 2023").as_deref(), Some("2023-06-02"));
/// assert_eq!(normalize_date("02/06/2023"), None);
/// ```
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    iso(s).or_else(|| compact(s)).or_else(|| named_month(s))
}

/// `2023-06-02`, `2023/06/02`, `2023.06.02`, `2023-6-2`, each optionally followed by a time.
fn iso(s: &str) -> Option<String> {
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
    ymd(&s[..4], month, day)
}

/// `20230602`, the ISO basic form some feeds use.
fn compact(s: &str) -> Option<String> {
    if s.len() == 8 && s.bytes().all(|c| c.is_ascii_digit()) {
        ymd(&s[..4], &s[4..6], &s[6..])
    } else {
        None
    }
}

/// A date with an English month name; the day is the number next to the month.
fn named_month(s: &str) -> Option<String> {
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
    ymd(year, &month.to_string(), &day.to_string())
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
    let t = token.to_ascii_lowercase();
    if t.len() < 3 || !t.bytes().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    // Full names and any abbreviation of three letters or more ("Jun", "Sept").
    MONTHS
        .iter()
        .position(|m| m.starts_with(&t))
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

/// Validates and formats a year, month and day given as digit strings.
fn ymd(year: &str, month: &str, day: &str) -> Option<String> {
    let digits = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (digits(year, 4)?, digits(month, 2)?, digits(day, 2)?);
    // News reports are modern; a year outside this range is a typo or an id, not a date.
    if !(1800..=2200).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days)
        .contains(&d)
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::normalize_date as n;

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
    }
}
