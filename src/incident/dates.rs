//! When an event happened, from the words of the report and the date it was published.
//!
//! The anchor is the article's own date ([`Article::date`](crate::model::Article)), else a
//! dateline in its text ("DAMASCUS, June 5 (Reuters) -"; its year from the caller's default
//! date when it has none), else the caller's default date (`--date`). Relative dates are
//! counted back from the anchor:
//!
//! | words | date | time precision |
//! |---|---|---|
//! | "On 2 June 2023", "June 2", "2nd of June" | that day (the anchor's year when none is given, the year before if that would be more than a week after the anchor) | 1 |
//! | "on Wednesday", "early on Wednesday", "Wednesday night" | the most recent Wednesday on or before the anchor: a report published on a Wednesday that says "on Wednesday" means that day, as wire copy does | 1 |
//! | "last Wednesday" | the most recent Wednesday strictly before the anchor | 1 |
//! | "yesterday", "last night" / "today", "this morning" | the anchor minus one day / the anchor | 1 |
//! | "N days ago" | the anchor minus N days | 1 |
//! | "last week", "a week ago" | the anchor minus seven days | 2 |
//! | "this week", "recently", "in recent days" | the anchor | 2 |
//! | "in June 2023", "earlier this month", "last month" | the first day of that month | 3 |
//!
//! With no anchor a relative date cannot be placed: the date stays `None` (never invented)
//! with time precision 3. A sentence without any date words takes the date of the sentence
//! before it in the same paragraph; failing that, the anchor with time precision 2 (the
//! report says the event happened, not when), or `None`.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::sentences::Sentence;
use crate::geoparse::tokens::{Gap, Token};

/// A date read from the text: the day, or `None` when it cannot be anchored, and ACLED's
/// time precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub date: Option<NaiveDate>,
    pub precision: u8,
}

impl When {
    fn day(date: Option<NaiveDate>) -> When {
        When {
            date,
            precision: if date.is_some() { 1 } else { 3 },
        }
    }
}

/// Parse `YYYY-MM-DD` (or any form [`crate::read::parse_date`] accepts).
pub fn parse(s: &str) -> Option<NaiveDate> {
    crate::read::parse_date(s)
}

/// Month number of an English month name or abbreviation ("June", "Jun", "Sept"): the
/// reader's, so a dateline and a sentence read months alike.
pub fn month_number(w: &str) -> Option<u32> {
    crate::read::month_number(w)
}

/// A capitalised month word at `i` ("March" the month, not "march" the verb; "May" only
/// next to a number or after "in").
fn month_at(toks: &[Token<'_>], i: usize) -> Option<u32> {
    let t = toks.get(i)?;
    if !t.cap {
        return None;
    }
    let m = month_number(t.lower())?;
    if m == 5 || m == 3 {
        let num = |j: Option<usize>| {
            j.and_then(|j| toks.get(j))
                .is_some_and(|t| day_or_year(t.lower()).is_some())
        };
        let after_in =
            i > 0 && matches!(toks[i - 1].lower(), "in" | "early" | "late" | "mid" | "of");
        if !(num(i.checked_sub(1)) || num(Some(i + 1)) || after_in) {
            return None;
        }
    }
    Some(m)
}

fn day_or_year(w: &str) -> Option<u32> {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    let (num, suffix) = w.split_at(digits);
    if digits == 0 || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    num.parse().ok()
}

fn day_at(toks: &[Token<'_>], i: usize) -> Option<u32> {
    let d = day_or_year(toks.get(i)?.lower())?;
    (1..=31).contains(&d).then_some(d)
}

fn year_at(toks: &[Token<'_>], i: usize) -> Option<i32> {
    let t = toks.get(i)?;
    if t.lower().len() != 4 {
        return None;
    }
    let y = t.lower().parse::<i32>().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// The year for a day and month given without one: the anchor's, or the year before when
/// that would put the day more than a week after the anchor.
fn year_for(month: u32, day: u32, anchor: Option<NaiveDate>) -> Option<NaiveDate> {
    let a = anchor?;
    let d = NaiveDate::from_ymd_opt(a.year(), month, day)?;
    if a.checked_add_days(Days::new(7)).is_none_or(|week| d > week) {
        NaiveDate::from_ymd_opt(a.year() - 1, month, day)
    } else {
        Some(d)
    }
}

/// An explicit date starting at word `i`: (date, precision, last word).
fn explicit_at(
    toks: &[Token<'_>],
    i: usize,
    end: usize,
    anchor: Option<NaiveDate>,
) -> Option<(When, usize)> {
    let within = |j: usize| j < end;
    // "2 June 2023", "2nd of June"
    if let Some(day) = day_at(toks, i) {
        let mut k = i + 1;
        if within(k) && toks[k].lower() == "of" {
            k += 1;
        }
        if within(k) {
            if let Some(m) = month_at(toks, k) {
                if let Some(y) = (within(k + 1)).then(|| year_at(toks, k + 1)).flatten() {
                    return Some((When::day(NaiveDate::from_ymd_opt(y, m, day)), k + 1));
                }
                return Some((When::day(year_for(m, day, anchor)), k));
            }
        }
        return None;
    }
    let m = month_at(toks, i)?;
    // "June 2, 2023", "June 2"
    if within(i + 1) && toks[i + 1].gap == Gap::Space {
        if let Some(day) = day_at(toks, i + 1) {
            if let Some(y) = within(i + 2).then(|| year_at(toks, i + 2)).flatten() {
                return Some((When::day(NaiveDate::from_ymd_opt(y, m, day)), i + 2));
            }
            return Some((When::day(year_for(m, day, anchor)), i + 1));
        }
        // "June 2023"
        if let Some(y) = year_at(toks, i + 1) {
            return Some((
                When {
                    date: NaiveDate::from_ymd_opt(y, m, 1),
                    precision: 3,
                },
                i + 1,
            ));
        }
    }
    // "in June": the most recent June up to the anchor.
    if i > 0
        && matches!(
            toks[i - 1].lower(),
            "in" | "during" | "early" | "late" | "mid"
        )
    {
        let date = anchor.and_then(|a| {
            let y = if m > a.month() {
                a.year() - 1
            } else {
                a.year()
            };
            NaiveDate::from_ymd_opt(y, m, 1)
        });
        return Some((When { date, precision: 3 }, i));
    }
    None
}

fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The most recent `day` on or before `anchor` (strictly before when `strict`).
pub fn last_weekday(anchor: NaiveDate, day: Weekday, strict: bool) -> NaiveDate {
    let back = (anchor.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
    let back = if back == 0 && strict { 7 } else { back };
    // Only the first week chrono can represent has no day before it; it stays the anchor.
    anchor
        .checked_sub_days(Days::new(back as u64))
        .unwrap_or(anchor)
}

fn small_number(w: &str) -> Option<u64> {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    w.parse().ok().or_else(|| {
        WORDS
            .iter()
            .position(|x| *x == w)
            .map(|n| n as u64)
            .or((w == "a").then_some(1))
    })
}

/// A relative date at word `i`.
fn relative_at(
    toks: &[Token<'_>],
    i: usize,
    end: usize,
    anchor: Option<NaiveDate>,
) -> Option<(When, usize)> {
    let w = toks[i].lower();
    let next = |k: usize| (i + k < end).then(|| toks[i + k].lower());
    let prev = (i > 0).then(|| toks[i - 1].lower());
    // Checked: "99999999999 days ago" names no day chrono (or history) holds, so it is no
    // date, not a panic.
    let shift = |days: u64, precision: u8| {
        let date = anchor.and_then(|a| a.checked_sub_days(Days::new(days)));
        When {
            date,
            precision: if date.is_some() { precision } else { 3 },
        }
    };
    let month_start = |months: u32| When {
        date: anchor
            .and_then(|a| a.with_day(1))
            .and_then(|d| d.checked_sub_months(Months::new(months))),
        precision: 3,
    };
    if let Some(day) = weekday(w).filter(|_| toks[i].cap) {
        let strict = prev == Some("last");
        let date = anchor.map(|a| last_weekday(a, day, strict));
        return Some((When::day(date), i));
    }
    Some(match (w, next(1), next(2)) {
        ("day", Some("before"), Some("yesterday")) => (shift(2, 1), i + 2),
        ("yesterday", _, _) => (shift(1, 1), i),
        ("today" | "tonight", _, _) => (shift(0, 1), i),
        ("this", Some("morning" | "afternoon" | "evening"), _) => (shift(0, 1), i + 1),
        ("last", Some("night"), _) => (shift(1, 1), i + 1),
        ("last" | "past" | "previous", Some("week"), _) => (shift(7, 2), i + 1),
        ("this", Some("week"), _) => (shift(0, 2), i + 1),
        ("recently", _, _) => (shift(0, 2), i),
        ("recent" | "past" | "last", Some("days" | "few"), _) => (shift(0, 2), i + 1),
        ("last" | "past" | "previous", Some("month"), _) => (month_start(1), i + 1),
        ("this", Some("month"), _) => (month_start(0), i + 1),
        (n, Some(unit @ ("day" | "days" | "week" | "weeks")), Some("ago")) => {
            let n = small_number(n)?;
            if unit.starts_with("day") {
                (shift(n, 1), i + 2)
            } else {
                (shift(n.saturating_mul(7), 2), i + 2)
            }
        }
        _ => return None,
    })
}

/// The first date the sentence gives, explicit or relative; `None` when it gives none.
pub fn in_sentence(
    toks: &[Token<'_>],
    s: &Sentence,
    from: usize,
    anchor: Option<NaiveDate>,
) -> Option<When> {
    let mut i = s.first.max(from);
    while i < s.last {
        if let Some((w, _)) = explicit_at(toks, i, s.last, anchor) {
            return Some(w);
        }
        if let Some((w, _)) = relative_at(toks, i, s.last, anchor) {
            return Some(w);
        }
        i += 1;
    }
    None
}

/// A dateline: "DAMASCUS, June 5 (Reuters) -".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dateline {
    /// The day, when its year is known (given, or `default_year`).
    pub date: Option<NaiveDate>,
    /// The first word after the dateline: its date is not an event's.
    pub end: usize,
}

/// The dateline at the start of a paragraph near the top of the article: "DAMASCUS, June 5
/// (Reuters) -", "Aleppo, 5 June 2014 —", "June 5, 2014 -". Its year is `default_year`
/// when it gives none.
pub fn dateline(
    text: &str,
    toks: &[Token<'_>],
    sentences: &[Sentence],
    default_year: Option<i32>,
) -> Option<Dateline> {
    for s in sentences.iter().filter(|s| s.paragraph < 4).take(8) {
        let first_of_paragraph = s.index == 0
            || sentences
                .get(s.index.wrapping_sub(1))
                .is_some_and(|p| p.paragraph != s.paragraph);
        if !first_of_paragraph {
            continue;
        }
        let limit = (s.first + 8).min(s.last);
        for i in s.first..limit {
            // The date follows the place and a comma, or starts the paragraph.
            if i != s.first && toks[i].gap != Gap::Comma {
                continue;
            }
            let month_day = month_at(toks, i)
                .zip(day_at(toks, i + 1))
                .or_else(|| month_at(toks, i + 1).zip(day_at(toks, i)));
            let Some((m, day)) = month_day else { continue };
            let (year, after) = match year_at(toks, i + 2) {
                Some(y) => (Some(y), i + 3),
                None => (default_year, i + 2),
            };
            // A dash or colon must close the dateline, perhaps after "(Reuters)".
            let tail_from = toks[after - 1].byte_end;
            let tail_to = toks
                .get(after + 1)
                .map_or(text.len(), |t| t.byte_start)
                .min(tail_from + 40);
            let tail = text.get(tail_from..tail_to).unwrap_or("");
            let Some(dash) = tail.find(['-', '—', '–', ':']) else {
                continue;
            };
            let dash_at = tail_from + dash;
            let end = (after..toks.len())
                .find(|&j| toks[j].byte_start > dash_at)
                .unwrap_or(toks.len());
            return Some(Dateline {
                date: year.and_then(|y| NaiveDate::from_ymd_opt(y, m, day)),
                end,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::tokens::tokenize;
    use crate::incident::sentences::split;

    fn d(s: &str) -> NaiveDate {
        parse(s).unwrap()
    }

    fn when(text: &str, anchor: Option<&str>) -> Option<(Option<String>, u8)> {
        when_on(text, anchor.map(d))
    }

    fn when_on(text: &str, anchor: Option<NaiveDate>) -> Option<(Option<String>, u8)> {
        let toks = tokenize(text);
        let s = &split(text, &toks)[0];
        in_sentence(&toks, s, 0, anchor).map(|w| (w.date.map(|d| d.to_string()), w.precision))
    }

    fn day(text: &str, anchor: &str) -> String {
        when(text, Some(anchor)).unwrap().0.unwrap()
    }

    #[test]
    fn weekdays_count_back_from_the_publication_date() {
        // 2014-06-20 is a Friday.
        assert_eq!(
            day("On Wednesday, a car bomb exploded.", "2014-06-20"),
            "2014-06-18"
        );
        assert_eq!(
            day("Shelling hit the town early on Wednesday.", "2014-06-20"),
            "2014-06-18"
        );
        assert_eq!(
            day("Jets struck on Monday night.", "2014-06-20"),
            "2014-06-16"
        );
        assert_eq!(day("Jets struck on Friday.", "2014-06-20"), "2014-06-20");
        assert_eq!(day("Jets struck last Friday.", "2014-06-20"), "2014-06-13");
        assert_eq!(day("Jets struck yesterday.", "2014-06-20"), "2014-06-19");
        assert_eq!(
            day("Jets struck the day before yesterday.", "2014-06-20"),
            "2014-06-18"
        );
        assert_eq!(
            day("Jets struck three days ago.", "2014-06-20"),
            "2014-06-17"
        );
    }

    #[test]
    fn explicit_dates_take_the_anchor_year() {
        assert_eq!(
            when("On 2 June 2023, clashes erupted.", None),
            Some((Some("2023-06-02".into()), 1))
        );
        assert_eq!(
            day("Clashes erupted on June 2.", "2023-06-05"),
            "2023-06-02"
        );
        assert_eq!(
            day("Clashes erupted on the 2nd of June.", "2023-06-05"),
            "2023-06-02"
        );
        assert_eq!(
            day("Clashes erupted on December 30.", "2023-01-03"),
            "2022-12-30"
        );
        assert_eq!(
            when("Clashes erupted in June 2023.", None),
            Some((Some("2023-06-01".into()), 3))
        );
    }

    #[test]
    fn weeks_and_months_are_coarser() {
        assert_eq!(
            when("Fighting went on last week.", Some("2014-06-20")),
            Some((Some("2014-06-13".into()), 2))
        );
        assert_eq!(
            when("Raids intensified earlier this month.", Some("2014-06-20")),
            Some((Some("2014-06-01".into()), 3))
        );
        assert_eq!(
            when("Raids have recently intensified.", Some("2014-06-20")),
            Some((Some("2014-06-20".into()), 2))
        );
    }

    #[test]
    fn impossible_relative_dates_are_no_date() {
        for text in [
            "Jets struck 99999999999 days ago.",
            "Jets struck 18446744073709551615 days ago.",
            "Jets struck 3000000000000000000 weeks ago.",
            "Jets struck 99999999 weeks ago.",
        ] {
            assert_eq!(when(text, Some("2014-06-20")), Some((None, 3)), "{text}");
        }
        // The edges of chrono's calendar: no day before the first, no week after the last.
        let first = Some(NaiveDate::MIN);
        assert_eq!(when_on("Jets struck last Friday.", first).unwrap().1, 1);
        assert_eq!(when_on("Jets struck yesterday.", first), Some((None, 3)));
        let last = Some(NaiveDate::MAX);
        assert!(when_on("Clashes erupted on December 30.", last).is_some());
        // A still-possible count of weeks is a date.
        assert_eq!(
            when("Jets struck 2 weeks ago.", Some("2014-06-20")),
            Some((Some("2014-06-06".into()), 2))
        );
    }

    #[test]
    fn without_an_anchor_relative_dates_stay_unknown() {
        assert_eq!(
            when("On Wednesday, a car bomb exploded.", None),
            Some((None, 3))
        );
        assert_eq!(when("Clashes erupted on June 2.", None), Some((None, 3)));
        assert_eq!(when("Clashes erupted in the town.", None), None);
        assert_eq!(
            when("Thousands will march to the square.", Some("2014-06-20")),
            None
        );
    }

    #[test]
    fn datelines() {
        let text =
            "Syria strikes\n\nDAMASCUS, June 5 (Reuters) - Warplanes struck Aleppo on Wednesday.";
        let toks = tokenize(text);
        let ss = split(text, &toks);
        let dl = dateline(text, &toks, &ss, Some(2013)).unwrap();
        assert_eq!(dl.date, Some(d("2013-06-05")));
        assert_eq!(toks[dl.end].text, "Warplanes");
        assert_eq!(dateline(text, &toks, &ss, None).unwrap().date, None);
        let text = "ALEPPO, 5 June 2014 — Warplanes struck.";
        let toks = tokenize(text);
        let ss = split(text, &toks);
        assert_eq!(
            dateline(text, &toks, &ss, None).unwrap().date,
            Some(d("2014-06-05"))
        );
    }
}
