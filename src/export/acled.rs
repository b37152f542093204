//! ACLED's derived columns, filled from what an incident has, as ACLED's codebook defines
//! them, so analysts' filters and dashboards work on incimap's files unchanged:
//!
//! * `disorder_type` from the event and sub-event type: "Political violence" for battles,
//!   explosions/remote violence, violence against civilians and mob violence;
//!   "Demonstrations" for protests and violent demonstrations; both ("Political violence;
//!   Demonstrations") for excessive force against protesters; "Strategic developments".
//! * `inter1`, `inter2`: the actor type codes, 1 State forces, 2 Rebel group, 3 Political
//!   militia, 4 Identity militia, 5 Rioters, 6 Protesters, 7 Civilians, 8 External/Other
//!   forces (another state's forces, coalitions). `interaction` is the two codes, smaller
//!   first (`17`: state forces and civilians), or the one code times ten for an event with
//!   one actor (`60`: protesters alone). An actor name the table below does not know gives
//!   no code: a field is left empty rather than guessed.
//! * `civilian_targeting`: "Civilian targeting" when civilians are the target (actor2
//!   civilians, or any violence against civilians).
//! * `iso` (ISO 3166-1 numeric) and `region` (ACLED's region) from the country code, from
//!   `data/admin/countries.tsv` (Natural Earth, public domain).
//! * `admin2` in Syria by point in polygon over OCHA's districts (COD-AB, CC BY 3.0 IGO,
//!   simplified to about 200 m; `data/admin/syria-adm2.tsv.gz`), with ACLED's spelling.
//!   Elsewhere, and for `admin3`, nothing is bundled: the fields stay empty.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use geo::{BoundingRect, Contains, Coord, LineString, Point, Polygon, Rect};

/// ACLED's actor type names, by code (index 0 unused).
pub const INTER_LABELS: [&str; 9] = [
    "",
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
];

/// The disorder type of an ACLED event and sub-event type.
pub fn disorder_type(event_type: &str, sub_event_type: &str) -> Option<&'static str> {
    Some(match (event_type, sub_event_type) {
        ("Violence against civilians", "Excessive force against protesters") => {
            "Political violence; Demonstrations"
        }
        ("Riots", "Mob violence") => "Political violence",
        ("Battles" | "Explosions/Remote violence" | "Violence against civilians", _) => {
            "Political violence"
        }
        ("Protests" | "Riots", _) => "Demonstrations",
        ("Strategic developments", _) => "Strategic developments",
        _ => return None,
    })
}

/// Named non-state groups and the inter code ACLED gives them.
const GROUPS: [(&str, u8); 19] = [
    ("Islamic State", 2),
    ("Hayat Tahrir al-Sham", 2),
    ("Free Syrian Army", 2),
    ("Syrian National Army", 2),
    ("Syrian Democratic Forces", 2),
    ("People's Protection Units", 2),
    ("Kurdistan Workers' Party", 2),
    ("Houthis", 2),
    ("Al Qaeda", 2),
    ("Al Shabaab", 2),
    ("Taliban", 2),
    ("Boko Haram", 2),
    ("National Defence Forces", 3),
    ("Global Coalition Against Daesh", 8),
    ("Saudi-led Coalition", 8),
    ("Opposition Rebels", 2),
    ("Unidentified Armed Group", 3),
    ("Protesters", 6),
    ("Rioters", 5),
];

/// The inter code of an actor named as incimap and ACLED name actors, in an event in the
/// country called `country` (ACLED's name, e.g. "Syria"); `None` when the name says too
/// little. A state's forces are State forces at home and External/Other forces abroad.
pub fn inter(actor: &str, country: Option<&str>) -> Option<u8> {
    let a = actor.trim();
    for prefix in ["Military Forces of ", "Police Forces of "] {
        if let Some(rest) = a.strip_prefix(prefix) {
            // "Military Forces of Syria (2000-) 4th Armored Division": the state is the
            // words before any parenthesis.
            let state = rest.split(" (").next().unwrap_or(rest).trim();
            return Some(if Some(state) == country { 1 } else { 8 });
        }
    }
    if a.starts_with("Civilians") {
        return Some(7);
    }
    if a.contains("Communal Militia") || a.contains("Tribal Militia") || a.contains("Clan Militia")
    {
        return Some(4);
    }
    // Names may carry a country or a start year in parentheses: "Islamic State (Syria)".
    let base = a.split(" (").next().unwrap_or(a).trim();
    GROUPS
        .iter()
        .find(|(name, _)| *name == base)
        .map(|&(_, code)| code)
}

/// ACLED's interaction code: the two inter codes, smaller first, or one code times ten for
/// an event with one actor.
pub fn interaction(inter1: Option<u8>, inter2: Option<u8>) -> Option<u8> {
    match (inter1, inter2) {
        (Some(a), Some(b)) => Some(a.min(b) * 10 + a.max(b)),
        (Some(a), None) => Some(a * 10),
        _ => None,
    }
}

/// An interaction code in words: "State forces-Civilians", "Protesters only".
pub fn interaction_label(code: u8) -> Option<String> {
    let (a, b) = (usize::from(code / 10), usize::from(code % 10));
    let label = |i: usize| INTER_LABELS.get(i).filter(|l| !l.is_empty());
    match (label(a), b) {
        (Some(a), 0) => Some(format!("{a} only")),
        (Some(a), b) => label(b).map(|b| format!("{a}-{b}")),
        (None, _) => None,
    }
}

/// "Civilian targeting" when the event's target is civilians.
pub fn civilian_targeting(event_type: &str, inter2: Option<u8>) -> Option<&'static str> {
    (event_type == "Violence against civilians" || inter2 == Some(7))
        .then_some("Civilian targeting")
}

const COUNTRIES: &str = include_str!("../../data/admin/countries.tsv");

fn countries() -> &'static HashMap<&'static str, (u16, &'static str)> {
    static TABLE: OnceLock<HashMap<&'static str, (u16, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let (a2, n3, region) = (cols.next()?, cols.next()?, cols.next()?);
                Some((a2, (n3.parse().ok()?, region)))
            })
            .collect()
    })
}

/// The ISO 3166-1 numeric code of an alpha-2 code (any case).
pub fn iso_numeric(alpha2: &str) -> Option<u16> {
    countries()
        .get(alpha2.to_ascii_uppercase().as_str())
        .map(|c| c.0)
}

/// ACLED's region for an ISO alpha-2 code.
pub fn region(alpha2: &str) -> Option<&'static str> {
    countries()
        .get(alpha2.to_ascii_uppercase().as_str())
        .map(|c| c.1)
        .filter(|r| !r.is_empty())
}

const SYRIA_ADM2: &[u8] = include_bytes!("../../data/admin/syria-adm2.tsv.gz");

struct District {
    admin1: String,
    admin2: String,
    bbox: Rect,
    polygons: Vec<Polygon>,
}

fn districts() -> &'static [District] {
    static TABLE: OnceLock<Vec<District>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut text = String::new();
        // The bytes are compiled in and were checked when built; a failure here is a
        // build defect, and the districts are then simply unknown.
        if flate2::read::GzDecoder::new(SYRIA_ADM2)
            .read_to_string(&mut text)
            .is_err()
        {
            return Vec::new();
        }
        text.lines().filter_map(district).collect()
    })
}

fn district(line: &str) -> Option<District> {
    let mut cols = line.split('\t');
    let (admin1, admin2) = (cols.next()?.to_string(), cols.next()?.to_string());
    let mut polygons: Vec<Polygon> = Vec::new();
    for ring in cols {
        let (hole, ring) = match ring.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, ring),
        };
        let coords: Vec<Coord> = ring
            .split(' ')
            .filter_map(|p| {
                let (x, y) = p.split_once(',')?;
                Some(Coord {
                    x: x.parse().ok()?,
                    y: y.parse().ok()?,
                })
            })
            .collect();
        let ring = LineString::new(coords);
        match polygons.last_mut() {
            Some(p) if hole => p.interiors_push(ring),
            _ => polygons.push(Polygon::new(ring, Vec::new())),
        }
    }
    let bbox = polygons
        .iter()
        .filter_map(|p| p.bounding_rect())
        .reduce(|a, b| {
            Rect::new(
                Coord {
                    x: a.min().x.min(b.min().x),
                    y: a.min().y.min(b.min().y),
                },
                Coord {
                    x: a.max().x.max(b.max().x),
                    y: a.max().y.max(b.max().y),
                },
            )
        })?;
    Some(District {
        admin1,
        admin2,
        bbox,
        polygons,
    })
}

/// The Syrian governorate and district (ACLED's spelling) a point lies in, if any.
pub fn syria_admin(lon: f64, lat: f64) -> Option<(&'static str, &'static str)> {
    let p = Point::new(lon, lat);
    districts()
        .iter()
        .find(|d| d.bbox.contains(&p) && d.polygons.iter().any(|poly| poly.contains(&p)))
        .map(|d| (d.admin1.as_str(), d.admin2.as_str()))
}

/// Does a point lie in the Syrian governorate `admin1` (ACLED's spelling), or within `km`
/// of its boundary? Villages on a boundary are placed on either side by different
/// gazetteers, and by a kilometre or two of their points.
pub fn near_syrian_governorate(lon: f64, lat: f64, admin1: &str, km: f64) -> bool {
    use geo::{Distance, Euclidean};
    let p = Point::new(lon, lat);
    // Degrees of longitude shrink with latitude; this margin is never too small.
    let margin = km / 111.0 / lat.to_radians().cos().max(0.1);
    districts()
        .iter()
        .filter(|d| d.admin1 == admin1)
        .filter(|d| {
            let (lo, hi) = (d.bbox.min(), d.bbox.max());
            p.x() >= lo.x - margin
                && p.x() <= hi.x + margin
                && p.y() >= lo.y - margin
                && p.y() <= hi.y + margin
        })
        .any(|d| {
            d.polygons
                .iter()
                .any(|poly| Euclidean.distance(&p, poly) <= margin)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disorder_types_follow_the_codebook() {
        let d = |t, s| disorder_type(t, s);
        assert_eq!(
            d("Explosions/Remote violence", "Air/drone strike"),
            Some("Political violence")
        );
        assert_eq!(d("Protests", "Peaceful protest"), Some("Demonstrations"));
        assert_eq!(d("Riots", "Violent demonstration"), Some("Demonstrations"));
        assert_eq!(d("Riots", "Mob violence"), Some("Political violence"));
        assert_eq!(
            d(
                "Violence against civilians",
                "Excessive force against protesters"
            ),
            Some("Political violence; Demonstrations")
        );
        assert_eq!(
            d("Strategic developments", "Looting/property destruction"),
            Some("Strategic developments")
        );
        assert_eq!(d("Something else", ""), None);
    }

    #[test]
    fn actor_types_from_names() {
        let syria = Some("Syria");
        assert_eq!(inter("Military Forces of Syria", syria), Some(1));
        assert_eq!(
            inter(
                "Military Forces of Syria (2000-) 4th Armored Division",
                syria
            ),
            Some(1)
        );
        assert_eq!(inter("Military Forces of Russia", syria), Some(8));
        assert_eq!(inter("Police Forces of Iraq", Some("Iraq")), Some(1));
        assert_eq!(inter("Islamic State", syria), Some(2));
        assert_eq!(inter("Islamic State (Syria)", syria), Some(2));
        assert_eq!(inter("Unidentified Armed Group (Syria)", syria), Some(3));
        assert_eq!(
            inter("Mazraet Beit Jin Communal Militia (Syria)", syria),
            Some(4)
        );
        assert_eq!(inter("Protesters (Syria)", syria), Some(6));
        assert_eq!(inter("Civilians (Syria)", syria), Some(7));
        assert_eq!(inter("Global Coalition Against Daesh", syria), Some(8));
        assert_eq!(inter("Some New Brigade", syria), None, "unknown: empty");
        assert_eq!(interaction(Some(7), Some(1)), Some(17));
        assert_eq!(interaction(Some(6), None), Some(60));
        assert_eq!(interaction(None, Some(7)), None);
        assert_eq!(
            interaction_label(17).as_deref(),
            Some("State forces-Civilians")
        );
        assert_eq!(interaction_label(60).as_deref(), Some("Protesters only"));
        assert_eq!(interaction_label(99), None);
    }

    #[test]
    fn countries_and_districts() {
        assert_eq!(
            (iso_numeric("SY"), region("SY")),
            (Some(760), Some("Middle East"))
        );
        assert_eq!(
            (iso_numeric("eg"), region("EG")),
            (Some(818), Some("Middle East"))
        );
        assert_eq!(region("NG"), Some("Western Africa"));
        assert_eq!(region("AZ"), Some("Caucasus and Central Asia"));
        assert_eq!(iso_numeric("XX"), None);
        // Town centres (approximate, from a map) and the district OCHA puts them in.
        assert_eq!(
            syria_admin(40.141, 35.336),
            Some(("Deir ez Zor", "Deir ez Zor"))
        );
        assert_eq!(
            syria_admin(36.079, 33.437),
            Some(("Rural Damascus", "Qatana"))
        );
        assert_eq!(syria_admin(36.102, 32.619), Some(("Dara", "Dara")));
        assert_eq!(syria_admin(39.012, 35.952), Some(("Ar Raqqa", "Ar Raqqa")));
        assert_eq!(syria_admin(44.36, 33.31), None, "Baghdad");
    }

    /// Three hand-written incidents: a regime air strike on civilians in Idlib (with Russian
    /// forces), a protest in As-Suwayda, a clash between two rebel groups near Azaz.
    fn three() -> Vec<crate::model::Incident> {
        use crate::model::{EventType as E, SubEventType as S};
        let mut strike = crate::export::tests::incident("strike", Some(36.634), Some(35.931));
        strike.event_type = E::ExplosionsRemoteViolence;
        strike.sub_event_type = S::AirDroneStrike;
        strike.actor1 = Some("Military Forces of Syria".into());
        strike.assoc_actor_1 = Some("Military Forces of Russia".into());
        strike.actor2 = Some("Civilians (Syria)".into());
        let mut protest = crate::export::tests::incident("protest", Some(36.5695), Some(32.709));
        protest.event_type = E::Protests;
        protest.sub_event_type = S::PeacefulProtest;
        protest.actor1 = Some("Protesters (Syria)".into());
        protest.actor2 = None;
        let mut clash = crate::export::tests::incident("clash", Some(37.045), Some(36.586));
        clash.event_type = E::Battles;
        clash.sub_event_type = S::ArmedClash;
        clash.actor1 = Some("Hayat Tahrir al-Sham".into());
        clash.actor2 = Some("Syrian National Army".into());
        vec![strike, protest, clash]
    }

    #[test]
    fn derived_columns_of_hand_written_incidents_in_csv_and_geojson() {
        use crate::export::{incident, Format, Writer};
        let write = |format| {
            let mut out = Vec::new();
            let mut w = Writer::new(&mut out, format, incident::schema(), "t").unwrap();
            for i in three() {
                w.write(&i).unwrap();
            }
            w.finish().unwrap();
            out
        };
        let csv = write(Format::Csv);
        let mut r = ::csv::Reader::from_reader(&csv[..]);
        let h = r.headers().unwrap().clone();
        let rows: Vec<::csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        let get = |row: usize, name: &str| {
            let i = h.iter().position(|c| c == name).unwrap();
            rows[row][i].to_string()
        };
        let columns = [
            "disorder_type",
            "assoc_actor_1",
            "inter1",
            "inter2",
            "interaction",
            "civilian_targeting",
            "iso",
            "region",
            "country",
            "admin2",
            "admin3",
        ];
        let row = |k: usize| columns.map(|c| get(k, c));
        assert_eq!(
            row(0),
            [
                "Political violence",
                "Military Forces of Russia",
                "1",
                "7",
                "17",
                "Civilian targeting",
                "760",
                "Middle East",
                "Syria",
                "Idleb",
                ""
            ]
        );
        assert_eq!(
            row(1),
            [
                "Demonstrations",
                "",
                "6",
                "",
                "60",
                "",
                "760",
                "Middle East",
                "Syria",
                "As Sweida",
                ""
            ]
        );
        assert_eq!(
            row(2),
            [
                "Political violence",
                "",
                "2",
                "2",
                "22",
                "",
                "760",
                "Middle East",
                "Syria",
                "Azaz",
                ""
            ]
        );
        assert_eq!(get(0, "event_id_cnty"), "strike");
        assert_eq!(get(0, "year"), "2014");
        assert_eq!(
            (get(0, "source_scale"), get(0, "tags"), get(0, "timestamp")),
            (String::new(), String::new(), String::new())
        );

        // GeoJSON carries the same values, typed, ACLED's columns first.
        let v: serde_json::Value = serde_json::from_slice(&write(Format::GeoJson)).unwrap();
        let p = &v["features"][0]["properties"];
        assert_eq!(p["inter1"], 1);
        assert_eq!(p["interaction"], 17);
        assert_eq!(p["iso"], 760);
        assert_eq!(p["admin2"], "Idleb");
        assert_eq!(p["civilian_targeting"], "Civilian targeting");
        let keys: Vec<&String> = p.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), crate::export::schema::FIELDS.len());
        let p = &v["features"][1]["properties"];
        assert_eq!(p["inter2"], serde_json::Value::Null);
        assert_eq!(p["civilian_targeting"], serde_json::Value::Null);
    }
}
