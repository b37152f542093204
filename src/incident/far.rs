//! Incidents that lie far from everything else their report names.
//!
//! A report about Syria that puts one event in Romania has almost surely read a name wrong
//! ("Operation Peace Spring" as Şpring), and one such dot costs a reader's trust in all the
//! others. The geoparser tries not to make these; this stage only measures what it made, so
//! the summary line and `query --stats` can warn before anyone looks at the map. Nothing is
//! moved or dropped here: a far place may be right ("a delegation flew to Tokyo").
//!
//! An incident is far when it lies more than [`FAR_KM`] from every other place its report
//! names, and in a country that holds fewer of the report's places than another does. The
//! country keeps a report that spans one country (Mosul and Basra, 450 km apart) from
//! warning, and picks which of two far-apart places is the odd one: the one whose country
//! the report names least. Each distinct place counts once for its country, and a country
//! named or a people ("Syrian") half; places at the incident's own point are the incident
//! itself. When the report's places are as many in one country as in the other, nothing
//! says which is wrong, so neither is counted. A report that names no other place says
//! nothing either way, unless the caller said which country the reports are about.
//!
//! Most short reports (an ACLED note) name one place, so they cannot show their own odd one
//! out. Across a whole set of reports they can: [`strays`] are the incidents alone far from
//! all the others, which maps leave out of the extent they choose by themselves.

use std::collections::HashMap;

use crate::gazetteer::distance_km;
use crate::model::{Incident, Mention, Resolution};

/// How far from the report's other places an incident must lie to be counted far: beyond
/// it, the event is on another map altogether (Syria is about 800 km across).
pub const FAR_KM: f64 = 500.0;

/// How `n` far incidents are told to a user, after the count of incidents: "2 over 500 km
/// from their report's other places (far_km)".
pub fn note(n: u64) -> String {
    format!("{n} over {FAR_KM:.0} km from their report's other places (far_km)")
}

/// How `n` [`strays`] are told to a user, after the count of incidents.
pub fn stray_note(n: u64) -> String {
    format!("{n} alone far from all the others (maps frame the rest)")
}

/// Places nearer than this to each other are one place.
const SAME_POINT_KM: f64 = 1.0;

/// The country a set of reports is about, as the caller gave it: its code and the point the
/// gazetteer puts it at.
#[derive(Debug, Clone, Copy)]
pub struct Focus<'a> {
    pub country: &'a str,
    pub lon: f64,
    pub lat: f64,
}

/// What one report says about where things are.
struct Report<'a> {
    /// Each distinct place: its point and country.
    places: Vec<((f64, f64), &'a str)>,
    /// The countries the report names, or names a people of.
    named: Vec<&'a str>,
}

impl<'a> Report<'a> {
    fn new(mentions: &'a [Mention]) -> Report<'a> {
        let mut r = Report {
            places: Vec::new(),
            named: Vec::new(),
        };
        for m in mentions {
            let Some((lon, lat)) = m.point.map(Into::into) else {
                continue;
            };
            if m.kind == Resolution::Unresolved {
                continue;
            }
            let cc = m.country.as_deref().unwrap_or("");
            let p = (lon, lat);
            if m.names_an_actor()
                || m.feature_code
                    .as_deref()
                    .is_some_and(|c| c.starts_with("PCL"))
            {
                if !r.named.contains(&cc) {
                    r.named.push(cc);
                }
            } else if !r
                .places
                .iter()
                .any(|&(q, _)| distance_km(p, q) <= SAME_POINT_KM)
            {
                r.places.push((p, cc));
            }
        }
        r
    }

    /// How much the report speaks of country `cc`.
    fn weight(&self, cc: &str) -> f64 {
        let places = self.places.iter().filter(|(_, c)| *c == cc).count() as f64;
        places + if self.named.contains(&cc) { 0.5 } else { 0.0 }
    }

    /// The most any country is spoken of.
    fn top(&self) -> f64 {
        let countries = self
            .places
            .iter()
            .map(|(_, c)| *c)
            .chain(self.named.iter().copied());
        countries.map(|c| self.weight(c)).fold(0.0, f64::max)
    }
}

/// Set [`Incident::far_km`] on each incident of one report, from the report's mentions;
/// `focus` is the caller's country, which also judges a report that names no other place.
pub fn mark(incidents: &mut [Incident], mentions: &[Mention], focus: Option<Focus<'_>>) {
    let report = Report::new(mentions);
    for i in incidents {
        i.far_km = far_km(i, &report, focus);
    }
}

fn far_km(i: &Incident, report: &Report<'_>, focus: Option<Focus<'_>>) -> Option<u32> {
    let at = i.point?.into();
    let cc = i.country.as_deref().unwrap_or("");
    if focus.is_some_and(|f| f.country.eq_ignore_ascii_case(cc)) {
        return None;
    }
    let others = report
        .places
        .iter()
        .map(|&(p, _)| distance_km(at, p))
        .filter(|&d| d > SAME_POINT_KM);
    let nearest = match focus {
        Some(f) => others
            .chain([distance_km(at, (f.lon, f.lat))])
            .min_by(f64::total_cmp)?,
        None if report.weight(cc) < report.top() => others.min_by(f64::total_cmp)?,
        None => return None,
    };
    (nearest > FAR_KM).then(|| nearest.round() as u32)
}

/// The side of the grid cells [`strays`] counts neighbours in, in degrees (about 550 km): a
/// point's neighbourhood, its cell and the eight around it, reaches 550 to 1,650 km, wider
/// than one conflict's theatre is across, narrower than a continent.
const STRAY_CELL_DEG: f64 = 5.0;

/// Which of a set of incidents' points (lon, lat) are strays: each nearly alone far from the
/// rest, across reports. One name read as its namesake on another continent would otherwise
/// turn a map of Syria into a map of the world with every other incident in one blot, so
/// maps frame the rest. A point is a stray when its neighbourhood ([`STRAY_CELL_DEG`]) holds
/// fewer than 1% of the points, or no other point. Strays are only ever a few: when more
/// than 5% of the points would be, the points are spread for real (world news) and none is.
pub fn strays(points: &[(f64, f64)]) -> Vec<bool> {
    let cols = (360.0 / STRAY_CELL_DEG) as i64;
    let cell = |&(lon, lat): &(f64, f64)| {
        (
            (((lon + 180.0) / STRAY_CELL_DEG).floor() as i64).rem_euclid(cols),
            ((lat + 90.0) / STRAY_CELL_DEG).floor() as i64,
        )
    };
    let mut counts: HashMap<(i64, i64), usize> = HashMap::new();
    for p in points {
        *counts.entry(cell(p)).or_default() += 1;
    }
    let needed = (points.len() / 100).max(2);
    let stray: Vec<bool> = points
        .iter()
        .map(|p| {
            let (x, y) = cell(p);
            let mut n = 0;
            for dx in -1..=1 {
                for dy in -1..=1 {
                    // Longitude wraps at the antimeridian.
                    n += counts
                        .get(&((x + dx).rem_euclid(cols), y + dy))
                        .unwrap_or(&0);
                }
            }
            n < needed
        })
        .collect();
    let n = stray.iter().filter(|&&s| s).count();
    if n > points.len() / 20 {
        return vec![false; points.len()];
    }
    stray
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::geoparse::Geoparser;
    use crate::incident::Extractor;
    use crate::model::Article;

    /// (location, far_km) of every incident of `text`, read with the bundled gazetteer.
    fn read(text: &str, country: Option<&str>) -> Vec<(Option<String>, Option<u32>)> {
        let g = Gazetteer::bundled();
        let x = Extractor::new(Geoparser::new(&g).with_country(country.map(String::from)));
        let a = Article {
            id: "r".into(),
            date: Some("2019-10-12".into()),
            text: text.into(),
            ..Default::default()
        };
        x.extract(&a)
            .into_iter()
            .map(|i| (i.location, i.far_km))
            .collect()
    }

    #[test]
    fn places_of_one_region_are_not_far() {
        let got = read(
            "Regime forces shelled Kafr Nabl and Maarat al-Numan in Idlib countryside, \
             killing two civilians. Clashes broke out near Saraqib.",
            None,
        );
        assert!(got.iter().any(|(l, _)| l.is_some()), "{got:?}");
        assert!(got.iter().all(|(_, far)| far.is_none()), "{got:?}");
    }

    #[test]
    fn a_place_on_another_continent_is_far_and_says_how_far() {
        let got = read(
            "Regime warplanes struck Kafr Nabl and Maarat al-Numan in Idlib countryside. \
             On the same day, protesters demonstrated in Tokyo against the war.",
            None,
        );
        let tokyo = got
            .iter()
            .find(|(l, _)| l.as_deref() == Some("Tokyo"))
            .unwrap_or_else(|| panic!("no incident in Tokyo: {got:?}"));
        // Tokyo lies about 8,800 km from Idlib.
        assert!(
            tokyo.1.is_some_and(|km| (8500..9100).contains(&km)),
            "{got:?}"
        );
        assert!(
            got.iter()
                .filter(|(l, _)| l.as_deref() != Some("Tokyo"))
                .all(|(_, far)| far.is_none()),
            "{got:?}"
        );
    }

    #[test]
    fn alone_a_place_is_far_only_from_the_country_the_caller_gave() {
        let text = "Protesters demonstrated in Tokyo against the war.";
        assert_eq!(read(text, None)[0].1, None);
        let far = read(text, Some("SY"))[0].1;
        assert!(far.is_some_and(|km| km > 7000), "{far:?}");
    }

    /// Syrian towns (lon, lat), each repeated as a corpus names it several times.
    fn syria(times: usize) -> Vec<(f64, f64)> {
        let towns = [
            (36.63, 35.93), // Idlib
            (37.16, 36.20), // Aleppo
            (40.14, 35.34), // Deir ez-Zor
            (39.01, 35.95), // Raqqa
            (36.29, 33.51), // Damascus
            (36.72, 34.73), // Homs
            (40.75, 36.50), // Hasakah
            (36.10, 32.62), // Daraa
        ];
        towns.iter().cycle().take(times).copied().collect()
    }

    #[test]
    fn a_namesake_on_another_continent_is_a_stray_and_the_region_is_not() {
        let mut points = syria(60);
        points.push((139.69, 35.69)); // Tokyo
        points.push((26.10, 44.43)); // Bucharest: 1,200 km from Aleppo
        let s = strays(&points);
        assert!(s[60] && s[61], "{s:?}");
        assert_eq!(s.iter().filter(|&&s| s).count(), 2);
        // A neighbour across the border is no stray: Mosul.
        points.push((43.13, 36.34));
        assert!(!strays(&points)[62]);
    }

    #[test]
    fn points_spread_for_real_have_no_strays() {
        // World news, one report a capital: each alone, too many to leave out.
        let world = [
            (-74.0, 40.7),
            (2.35, 48.86),
            (139.69, 35.69),
            (151.2, -33.9),
            (-43.2, -22.9),
            (37.6, 55.75),
            (28.0, -26.2),
            (77.2, 28.6),
            (-99.1, 19.4),
            (31.2, 30.0),
            (3.4, 6.5),
            (100.5, 13.75),
            (-58.4, -34.6),
            (116.4, 39.9),
            (-123.1, 49.3),
            (36.8, -1.3),
            (-77.0, -12.0),
            (174.8, -41.3),
            (-21.9, 64.1),
            (106.8, -6.2),
        ];
        assert!(strays(&world).iter().all(|s| !s));
        let mut few = syria(10);
        few.push((139.69, 35.69));
        // One in eleven is not "a few": a small set is framed whole.
        assert!(strays(&few).iter().all(|s| !s));
        // Across the antimeridian, Fiji's islands are neighbours: Taveuni (179.9 E) and
        // Lau (179.9 W), and a point on 180 itself.
        let mut fiji = vec![(179.9, -16.8), (180.0, -17.0)];
        fiji.extend(std::iter::repeat_n((-179.9, -17.5), 30));
        fiji.extend(syria(40));
        assert!(strays(&fiji).iter().all(|s| !s));
    }
}
