//! The data types every stage shares. Later stages take these, never an earlier stage's
//! internals, so each stage can be used on its own.

use std::f64::consts::PI;

use chrono::NaiveDate;
use geo::{Distance, Haversine, Point};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// A place in the gazetteer: a named point with its feature type and admin context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// GeoNames feature code: PPL populated place, PPLX neighbourhood, BDG bridge, OILW oil
    /// well, RD road, ADM1 first-level admin area, PCLI country, ...
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Name of the first-level admin area (governorate, province, state).
    pub admin1: String,
    pub population: u64,
    /// GeoNames id, when the place comes from GeoNames.
    pub geonameid: Option<u64>,
    /// Where the place comes from: `geonames`, `ucdp`, `admin`, `import`, or a user CSV's name.
    pub source: String,
    /// The place this one lies in, when a user gazetteer says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl Place {
    /// Is the place an ocean, a sea or water no one country holds
    /// ([`crate::gazetteer::is_open_water`])?
    pub fn is_open_water(&self) -> bool {
        crate::gazetteer::is_open_water(&self.feature_code, &self.country)
    }

    /// Is the place a body of water whose point stands for all of it
    /// ([`crate::gazetteer::is_water_body`])?
    pub fn is_water_body(&self) -> bool {
        crate::gazetteer::is_water_body(&self.feature_code, &self.country)
    }

    /// Is the place an area a name means as a whole ([`crate::gazetteer::is_area`])?
    pub fn is_area(&self) -> bool {
        crate::gazetteer::is_area(&self.feature_code, &self.country)
    }
}

/// A place a name may refer to, with the score that ranked it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    #[serde(flatten)]
    pub place: Place,
    /// Ranking score in 0..=1: name similarity, feature importance, population, and distance
    /// or document context where given.
    pub score: f64,
    /// How close the name is to the place's: 1 its preferred name, 0.93 another recorded
    /// name, 0.5 to 0.8 a spelling variant.
    #[serde(skip)]
    pub similarity: f64,
}

/// One news report: the unit every later stage reads.
#[derive(Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
pub struct Article {
    /// Document id: the JSON `id`, or the file name of a `.txt` article.
    pub id: String,
    /// Publication date as `YYYY-MM-DD`, when known; relative dates are anchored on it.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// Earth's mean radius in km, as geo's [`Haversine`] uses it.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two (lon, lat) points: geo's [`Haversine`] on a
/// sphere of [`EARTH_RADIUS_KM`].
///
/// ```
/// use incimap::model::distance_km;
/// // A degree of latitude, and a degree of longitude at the equator across 180°.
/// assert!((distance_km((40.0, 35.0), (40.0, 36.0)) - 111.195).abs() < 0.001);
/// assert!((distance_km((179.5, 0.0), (-179.5, 0.0)) - 111.195).abs() < 0.001);
/// ```
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let d = Haversine.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0;
    // Rounding can push the haversine term just past 1 for antipodal points, and asin of
    // that is NaN: the distance is then half the circumference.
    if d.is_nan() {
        PI * EARTH_RADIUS_KM
    } else {
        d
    }
}

/// A point on Earth in degrees: longitude in -180..=180, latitude in -90..=90, both finite.
/// [`LonLat::new`] refuses anything else, so a [`Mention`] or an [`Incident`] that has a
/// point has one every format can write. Longitude first, as in GeoJSON and [`geo::Point`].
///
/// ```
/// use incimap::model::LonLat;
/// let deir = LonLat::new(40.14, 35.33).unwrap();
/// assert_eq!((deir.lon(), deir.lat()), (40.14, 35.33));
/// assert!(LonLat::new(35.33, 140.14).is_none(), "latitude out of range");
/// assert!(LonLat::new(f64::NAN, 0.0).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLat {
    lon: f64,
    lat: f64,
}

impl LonLat {
    /// The point at `lon`, `lat` (degrees), or `None` when either is out of range or not a
    /// finite number.
    pub fn new(lon: f64, lat: f64) -> Option<LonLat> {
        ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat))
            .then_some(LonLat { lon, lat })
    }

    pub fn lon(self) -> f64 {
        self.lon
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Great-circle distance in km ([`distance_km`]).
    pub fn distance_km(self, other: LonLat) -> f64 {
        distance_km(self.into(), other.into())
    }
}

impl From<LonLat> for (f64, f64) {
    /// `(lon, lat)`, the pair [`distance_km`] takes.
    fn from(p: LonLat) -> (f64, f64) {
        (p.lon, p.lat)
    }
}

impl From<LonLat> for [f64; 2] {
    /// `[lon, lat]`, as GeoJSON orders a position.
    fn from(p: LonLat) -> [f64; 2] {
        [p.lon, p.lat]
    }
}

impl From<LonLat> for Point<f64> {
    fn from(p: LonLat) -> Point<f64> {
        Point::new(p.lon, p.lat)
    }
}

/// A point written as the two fields `lat` and `lon` (null without a point), the form
/// `places`, the Python binding and earlier versions give.
fn lat_lon<S: Serializer>(point: &Option<LonLat>, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(2))?;
    map.serialize_entry("lat", &point.map(LonLat::lat))?;
    map.serialize_entry("lon", &point.map(LonLat::lon))?;
    map.end()
}

/// The parts a very long text is read in, in order, each at most `size` bytes: cut at the
/// last paragraph break before the limit (else line break, else sentence end, else
/// character boundary), so a part holds whole paragraphs where it can. A whole archive
/// pasted as one report is read a part at a time, and memory stays that of one part.
pub fn parts(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = part_end(text, at, size.max(4));
        let part = &text[at..end];
        at = end;
        Some(part)
    })
}

/// Where the part of `text` starting at byte `at` ends (see [`parts`]).
fn part_end(text: &str, at: usize, size: usize) -> usize {
    if text.len() - at <= size {
        return text.len();
    }
    let mut limit = at + size;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[at..limit];
    for sep in ["\n\n", "\n", ". "] {
        if let Some(k) = window.rfind(sep) {
            if k > size / 2 {
                return at + k + sep.len();
            }
        }
    }
    limit
}

/// How a [`Mention`] got its coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The gazetteer has the named place itself.
    Place,
    /// The gazetteer lacks the named sub-place (a bridge, a neighbourhood, a road); the
    /// coordinates are those of the place it lies in, at a coarser precision.
    Parent,
    /// No coordinates: `reason` says why.
    Unresolved,
}

impl Resolution {
    /// The word the JSON forms use ("place", "parent", "unresolved").
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Place => "place",
            Resolution::Parent => "parent",
            Resolution::Unresolved => "unresolved",
        }
    }
}

/// A place named in an article: where in the text, and where on Earth.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Document id.
    pub doc: String,
    /// Offsets in Unicode code points from the start of the article text; `text` is exactly
    /// the characters `start..end`.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The place the mention resolved to (the parent place for `kind: parent`).
    pub name: Option<String>,
    /// Where the place is; written as `lat` and `lon`.
    pub point: Option<LonLat>,
    pub feature_code: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub geonameid: Option<u64>,
    pub kind: Resolution,
    /// The feature type the text itself gives the mention ("bridge", "neighbourhood",
    /// "village", "road", "oil field", "province", ...), if any; "demonym" for a people's
    /// name ("Syrian") and "organisation" for a place inside an organisation's name ("The
    /// Washington Post"). Left out when `None`.
    pub feature: Option<String>,
    /// ACLED-style geo precision: 1 the named place itself, 2 part of or near a known place,
    /// 3 only a region known.
    pub precision: Option<u8>,
    /// Score of the chosen candidate, 0..1.
    pub confidence: f64,
    /// Why a mention has no coordinates, or how it got its parent's. Left out when `None`.
    pub reason: Option<String>,
}

/// Written by hand rather than derived: a derived `#[serde(flatten)]` (for `lat` and `lon`)
/// sends every field of every mention through serde's map machinery, and writing was 5% of
/// `places` (issue 19). The fields, their order and their form are those the derive gave.
impl Serialize for Mention {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Mention", 16)?;
        m.serialize_field("doc", &self.doc)?;
        m.serialize_field("start", &self.start)?;
        m.serialize_field("end", &self.end)?;
        m.serialize_field("text", &self.text)?;
        m.serialize_field("name", &self.name)?;
        m.serialize_field("lat", &self.point.map(LonLat::lat))?;
        m.serialize_field("lon", &self.point.map(LonLat::lon))?;
        m.serialize_field("feature_code", &self.feature_code)?;
        m.serialize_field("country", &self.country)?;
        m.serialize_field("admin1", &self.admin1)?;
        m.serialize_field("geonameid", &self.geonameid)?;
        m.serialize_field("kind", &self.kind)?;
        match &self.feature {
            Some(f) => m.serialize_field("feature", f)?,
            None => m.skip_field("feature")?,
        }
        m.serialize_field("precision", &self.precision)?;
        m.serialize_field("confidence", &self.confidence)?;
        match &self.reason {
            Some(r) => m.serialize_field("reason", r)?,
            None => m.skip_field("reason")?,
        }
        m.end()
    }
}

impl Mention {
    /// The mention as one JSON object, byte for byte what its `Serialize` gives through
    /// serde_json, written straight into `buf`: `places` prints millions of these, and
    /// serde's per-field machinery was most of the cost of writing them (issue 19).
    pub fn write_json(&self, buf: &mut Vec<u8>) {
        use crate::export::json;
        buf.extend_from_slice(b"{\"doc\":");
        json::string(buf, &self.doc);
        json::key(buf, "start");
        json::uint(buf, self.start as u64);
        json::key(buf, "end");
        json::uint(buf, self.end as u64);
        json::key(buf, "text");
        json::string(buf, &self.text);
        json::key(buf, "name");
        json::opt_string(buf, self.name.as_deref());
        json::key(buf, "lat");
        json::opt_float(buf, self.point.map(LonLat::lat));
        json::key(buf, "lon");
        json::opt_float(buf, self.point.map(LonLat::lon));
        json::key(buf, "feature_code");
        json::opt_string(buf, self.feature_code.as_deref());
        json::key(buf, "country");
        json::opt_string(buf, self.country.as_deref());
        json::key(buf, "admin1");
        json::opt_string(buf, self.admin1.as_deref());
        json::key(buf, "geonameid");
        json::opt_uint(buf, self.geonameid);
        json::key(buf, "kind");
        json::string(buf, self.kind.as_str());
        if let Some(f) = &self.feature {
            json::key(buf, "feature");
            json::string(buf, f);
        }
        json::key(buf, "precision");
        json::opt_uint(buf, self.precision.map(u64::from));
        json::key(buf, "confidence");
        json::float(buf, self.confidence);
        if let Some(r) = &self.reason {
            json::key(buf, "reason");
            json::string(buf, r);
        }
        buf.push(b'}');
    }

    /// Does the mention name an actor rather than a place something happened at: a
    /// demonym ("Russian jets") or a place inside an organisation's name ("The Washington
    /// Post", "the Pakistan Army")? Such a mention is never an incident's location and
    /// never sets the report's country.
    pub fn names_an_actor(&self) -> bool {
        matches!(self.feature.as_deref(), Some("demonym" | "organisation"))
    }
}

/// ACLED's event types: the first level of its taxonomy.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub enum EventType {
    Battles,
    #[serde(rename = "Explosions/Remote violence")]
    ExplosionsRemoteViolence,
    #[serde(rename = "Violence against civilians")]
    ViolenceAgainstCivilians,
    Protests,
    Riots,
    #[serde(rename = "Strategic developments")]
    StrategicDevelopments,
}

impl EventType {
    /// The name ACLED uses.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
        }
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ACLED's sub-event types, each belonging to one [`EventType`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub enum SubEventType {
    #[serde(rename = "Armed clash")]
    ArmedClash,
    #[serde(rename = "Government regains territory")]
    GovernmentRegainsTerritory,
    #[serde(rename = "Non-state actor overtakes territory")]
    NonStateActorOvertakesTerritory,
    #[serde(rename = "Chemical weapon")]
    ChemicalWeapon,
    #[serde(rename = "Air/drone strike")]
    AirDroneStrike,
    #[serde(rename = "Suicide bomb")]
    SuicideBomb,
    #[serde(rename = "Shelling/artillery/missile attack")]
    ShellingArtilleryMissileAttack,
    #[serde(rename = "Remote explosive/landmine/IED")]
    RemoteExplosiveLandmineIed,
    Grenade,
    #[serde(rename = "Sexual violence")]
    SexualViolence,
    Attack,
    #[serde(rename = "Abduction/forced disappearance")]
    AbductionForcedDisappearance,
    #[serde(rename = "Peaceful protest")]
    PeacefulProtest,
    #[serde(rename = "Protest with intervention")]
    ProtestWithIntervention,
    #[serde(rename = "Excessive force against protesters")]
    ExcessiveForceAgainstProtesters,
    #[serde(rename = "Violent demonstration")]
    ViolentDemonstration,
    #[serde(rename = "Mob violence")]
    MobViolence,
    Agreement,
    Arrests,
    #[serde(rename = "Change to group/activity")]
    ChangeToGroupActivity,
    #[serde(rename = "Disrupted weapons use")]
    DisruptedWeaponsUse,
    #[serde(rename = "Headquarters or base established")]
    HeadquartersOrBaseEstablished,
    #[serde(rename = "Looting/property destruction")]
    LootingPropertyDestruction,
    #[serde(rename = "Non-violent transfer of territory")]
    NonViolentTransferOfTerritory,
    Other,
}

impl SubEventType {
    /// Every sub-event type, in ACLED's order.
    pub const ALL: [SubEventType; 25] = [
        SubEventType::ArmedClash,
        SubEventType::GovernmentRegainsTerritory,
        SubEventType::NonStateActorOvertakesTerritory,
        SubEventType::ChemicalWeapon,
        SubEventType::AirDroneStrike,
        SubEventType::SuicideBomb,
        SubEventType::ShellingArtilleryMissileAttack,
        SubEventType::RemoteExplosiveLandmineIed,
        SubEventType::Grenade,
        SubEventType::SexualViolence,
        SubEventType::Attack,
        SubEventType::AbductionForcedDisappearance,
        SubEventType::PeacefulProtest,
        SubEventType::ProtestWithIntervention,
        SubEventType::ExcessiveForceAgainstProtesters,
        SubEventType::ViolentDemonstration,
        SubEventType::MobViolence,
        SubEventType::Agreement,
        SubEventType::Arrests,
        SubEventType::ChangeToGroupActivity,
        SubEventType::DisruptedWeaponsUse,
        SubEventType::HeadquartersOrBaseEstablished,
        SubEventType::LootingPropertyDestruction,
        SubEventType::NonViolentTransferOfTerritory,
        SubEventType::Other,
    ];

    /// The event type this sub-event type belongs to.
    pub fn event_type(self) -> EventType {
        use SubEventType::*;
        match self {
            ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => {
                EventType::Battles
            }
            ChemicalWeapon
            | AirDroneStrike
            | SuicideBomb
            | ShellingArtilleryMissileAttack
            | RemoteExplosiveLandmineIed
            | Grenade => EventType::ExplosionsRemoteViolence,
            SexualViolence | Attack | AbductionForcedDisappearance => {
                EventType::ViolenceAgainstCivilians
            }
            PeacefulProtest | ProtestWithIntervention | ExcessiveForceAgainstProtesters => {
                EventType::Protests
            }
            ViolentDemonstration | MobViolence => EventType::Riots,
            Agreement
            | Arrests
            | ChangeToGroupActivity
            | DisruptedWeaponsUse
            | HeadquartersOrBaseEstablished
            | LootingPropertyDestruction
            | NonViolentTransferOfTerritory
            | Other => EventType::StrategicDevelopments,
        }
    }

    /// The name ACLED uses.
    pub fn as_str(self) -> &'static str {
        use SubEventType::*;
        match self {
            ArmedClash => "Armed clash",
            GovernmentRegainsTerritory => "Government regains territory",
            NonStateActorOvertakesTerritory => "Non-state actor overtakes territory",
            ChemicalWeapon => "Chemical weapon",
            AirDroneStrike => "Air/drone strike",
            SuicideBomb => "Suicide bomb",
            ShellingArtilleryMissileAttack => "Shelling/artillery/missile attack",
            RemoteExplosiveLandmineIed => "Remote explosive/landmine/IED",
            Grenade => "Grenade",
            SexualViolence => "Sexual violence",
            Attack => "Attack",
            AbductionForcedDisappearance => "Abduction/forced disappearance",
            PeacefulProtest => "Peaceful protest",
            ProtestWithIntervention => "Protest with intervention",
            ExcessiveForceAgainstProtesters => "Excessive force against protesters",
            ViolentDemonstration => "Violent demonstration",
            MobViolence => "Mob violence",
            Agreement => "Agreement",
            Arrests => "Arrests",
            ChangeToGroupActivity => "Change to group/activity",
            DisruptedWeaponsUse => "Disrupted weapons use",
            HeadquartersOrBaseEstablished => "Headquarters or base established",
            LootingPropertyDestruction => "Looting/property destruction",
            NonViolentTransferOfTerritory => "Non-violent transfer of territory",
            Other => "Other",
        }
    }

    /// The sub-event type ACLED calls `name` (exact, case-insensitive).
    pub fn from_name(name: &str) -> Option<SubEventType> {
        let name = name.trim();
        SubEventType::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Display for SubEventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The document an [`Incident`] was read from.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Source {
    /// Document id ([`Article::id`]).
    pub id: String,
    pub title: String,
    pub url: Option<String>,
}

/// One ACLED-style event read from a report: what happened, who did it to whom, when,
/// where, how many died, and exactly which words say so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    /// Stable id: a hash of the document id, sentence index, sub-event type and location, so
    /// the same input always gives the same id.
    pub id: String,
    /// The day, or `None` when the report gives no date that can be anchored; written as
    /// `YYYY-MM-DD`.
    pub event_date: Option<NaiveDate>,
    /// ACLED time precision: 1 the day is known, 2 the week, 3 only the month (or nothing).
    pub time_precision: u8,
    pub event_type: EventType,
    pub sub_event_type: SubEventType,
    /// The actor that did it, normalised ("Military Forces of Syria", "Islamic State").
    pub actor1: Option<String>,
    /// The actor it was done to ("Civilians (Syria)", "Free Syrian Army").
    pub actor2: Option<String>,
    /// Actors named as acting with actor1 ("backed by", "alongside", "with"); several are
    /// joined with "; ".
    pub assoc_actor_1: Option<String>,
    /// Actors named as acting with actor2.
    pub assoc_actor_2: Option<String>,
    /// Reported deaths, counted as ACLED does (conservatively); 0 when unknown.
    pub fatalities: u32,
    /// Whether the report says how many died (including "no one").
    pub fatalities_known: bool,
    /// The place name: the gazetteer's name, or "sub-place, parent" for a sub-place placed
    /// at its parent ("Political Security Bridge, Deir ez-Zor").
    pub location: Option<String>,
    pub admin1: Option<String>,
    /// ISO 3166-1 alpha-2 code, as in [`Place::country`].
    pub country: Option<String>,
    /// Where it happened; written as `lat` and `lon`.
    #[serde(flatten, serialize_with = "lat_lon")]
    pub point: Option<LonLat>,
    /// ACLED geo precision: 1 the named place itself, 2 part of or near a place, 3 only a
    /// region known (or nothing).
    pub geo_precision: u8,
    pub source: Source,
    /// Index of the sentence in the document, from 0.
    pub sentence: usize,
    /// Code points `[start, end)` of the words that name the event (the trigger) in the
    /// article text.
    pub span: [usize; 2],
    /// 0..1: how sure the typing, location and date are, together.
    pub confidence: f64,
    /// The sentence the incident was read from, as ACLED's notes.
    pub notes: String,
    /// How far (whole km) the incident lies from the nearest other place its report names, when
    /// that is more than [`crate::incident::far::FAR_KM`] and the report speaks of another
    /// country more: most likely a name read as the wrong place. `None` otherwise, and when
    /// the report names no other place.
    pub far_km: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_text_and_end_at_paragraphs() {
        // Arabic script, so bytes and characters differ.
        let paragraph = "قصف الطيران مدينة دير الزور. Warplanes struck Hatla.\n\n";
        let text = paragraph.repeat(50);
        let size = 10 * paragraph.len() + 7;
        let cut: Vec<&str> = parts(&text, size).collect();
        assert_eq!(cut.concat(), text);
        assert_eq!(cut.len(), 5);
        for p in &cut {
            assert!(p.len() <= size && p.ends_with("\n\n"), "{p:?}");
        }
        // No break to cut at: a character boundary, never inside a letter.
        let solid = "ذ".repeat(1000);
        let cut: Vec<&str> = parts(&solid, 101).collect();
        assert_eq!(cut.concat(), solid);
        assert!(cut.iter().all(|p| p.len() == 100), "{cut:?}");
        assert_eq!(parts("", 10).count(), 0);
    }

    #[test]
    fn a_point_is_written_as_lat_and_lon_in_place() {
        let mut m = Mention {
            doc: "d".into(),
            start: 0,
            end: 5,
            text: "Hatla".into(),
            name: Some("Hatla".into()),
            point: LonLat::new(40.2, 35.3),
            feature_code: None,
            country: None,
            admin1: None,
            geonameid: None,
            kind: Resolution::Place,
            feature: None,
            precision: Some(1),
            confidence: 0.9,
            reason: None,
        };
        let json = serde_json::to_string(&m).unwrap();
        let mut fast = Vec::new();
        m.write_json(&mut fast);
        assert_eq!(fast, json.as_bytes());
        assert!(
            json.contains(r#""name":"Hatla","lat":35.3,"lon":40.2,"feature_code":null"#),
            "{json}"
        );
        m.point = None;
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains(r#""lat":null,"lon":null,"#), "{json}");
        assert_eq!(
            LonLat::new(180.0, -90.0).map(<[f64; 2]>::from),
            Some([180.0, -90.0])
        );
        assert_eq!(LonLat::new(-180.1, 0.0), None);
        assert_eq!(LonLat::new(0.0, f64::INFINITY), None);
    }

    proptest::proptest! {
        /// `places` writes mentions by hand and the Python package through serde: the
        /// two must give the same bytes, whatever the fields hold.
        #[test]
        fn a_mention_written_by_hand_is_its_serde_form(
            doc in "\\PC{0,8}",
            text in "\\PC{0,12}|[\\x00-\\x7f]{0,12}",
            span in (0usize..100_000, 0usize..100),
            name in proptest::option::of("\\PC{0,12}"),
            point in proptest::option::of((-180.0f64..=180.0, -90.0f64..=90.0)),
            codes in proptest::option::of(("[A-Z0-9]{0,5}", "[A-Z]{2}", "\\PC{0,6}")),
            geonameid in proptest::option::of(proptest::prelude::any::<u64>()),
            kind in 0u8..3,
            feature in proptest::option::of("[a-z ]{0,10}"),
            precision in proptest::option::of(1u8..=3),
            confidence in proptest::num::f64::ANY,
            reason in proptest::option::of("\\PC{0,20}"),
        ) {
            let m = Mention {
                doc,
                start: span.0,
                end: span.0 + span.1,
                text,
                name,
                point: point.and_then(|(lon, lat)| LonLat::new(lon, lat)),
                feature_code: codes.as_ref().map(|c| c.0.clone()),
                country: codes.as_ref().map(|c| c.1.clone()),
                admin1: codes.map(|c| c.2),
                geonameid,
                kind: [Resolution::Place, Resolution::Parent, Resolution::Unresolved]
                    [usize::from(kind)],
                feature,
                precision,
                confidence,
                reason,
            };
            let mut fast = Vec::new();
            m.write_json(&mut fast);
            proptest::prop_assert_eq!(fast, serde_json::to_vec(&m).unwrap());
        }
    }
}
