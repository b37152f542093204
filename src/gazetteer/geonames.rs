//! Readers for GeoNames' tab-separated tables: the `geoname` table (cities500, country dumps
//! such as `SY.txt`, `allCountries.txt`) and `alternateNamesV2.txt`.
//!
//! The bundled gazetteer inputs in `gazetteer/` use the geoname table layout too, so one
//! parser serves `build.rs` and `incimap gazetteer import`. This file is compiled into
//! `build.rs`, so it uses only `std` and the sibling `store` module.

use std::collections::HashMap;

use super::store::PlaceRecord;

/// Ids at or above this are synthetic (UCDP places, OpenSyria admin areas), not GeoNames ids.
pub const SYNTHETIC_ID_BASE: u64 = 900_000_000;

/// Parse one row of the geoname table. The admin1 *name* is left empty: see [`fill_admin1`].
///
/// Errors say which column is wrong; the caller adds the file and line.
pub fn parse_geoname(line: &str, source: &str) -> Result<PlaceRecord, String> {
    let cols: Vec<&str> = line.trim_end_matches(['\r', '\n']).split('\t').collect();
    if cols.len() < 15 {
        return Err(format!(
            "expected the 19 tab-separated columns of a GeoNames table, found {}",
            cols.len()
        ));
    }
    let id: u64 = cols[0]
        .parse()
        .map_err(|_| format!("geonameid {:?} is not a number", cols[0]))?;
    let name = cols[1].trim();
    if name.is_empty() {
        return Err("empty name".into());
    }
    let lat = parse_coord(cols[4], "latitude", 90.0)?;
    let lon = parse_coord(cols[5], "longitude", 180.0)?;
    let mut aliases: Vec<String> = Vec::new();
    if !cols[2].is_empty() && cols[2] != name {
        aliases.push(cols[2].to_string());
    }
    for alt in cols[3].split(',') {
        let alt = alt.trim();
        if !alt.is_empty() && alt != name && !aliases.iter().any(|a| a == alt) {
            aliases.push(alt.to_string());
        }
    }
    let country = cols[8].trim().to_string();
    let admin1 = cols[10].trim();
    let admin1_code = if admin1.is_empty() || country.is_empty() {
        String::new()
    } else {
        format!("{country}.{admin1}")
    };
    let population = cols[14].trim().parse::<u64>().unwrap_or(0);
    // incimap's bundled files add a 20th column when a place merges several sources
    // ("wof,ucdp"); GeoNames' own tables stop at 19.
    let source = cols
        .get(19)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .unwrap_or(source);
    Ok(PlaceRecord {
        name: name.to_string(),
        aliases,
        lat,
        lon,
        feature_code: cols[7].trim().to_string(),
        country,
        admin1: String::new(),
        admin1_code,
        population,
        geonameid: if id >= SYNTHETIC_ID_BASE { 0 } else { id },
        source: source.to_string(),
        parent: String::new(),
    })
}

fn parse_coord(s: &str, what: &str, limit: f64) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{what} {s:?} is not a number"))?;
    if !v.is_finite() || v.abs() > limit {
        return Err(format!("{what} {v} is outside -{limit}..{limit}"));
    }
    Ok(v)
}

/// One row of `alternateNamesV2.txt`: `(geonameid, name)`, or `None` for rows that are not
/// names (links, postcodes, airport and Wikidata codes).
pub fn parse_alternate_name(line: &str) -> Result<Option<(u64, String)>, String> {
    let cols: Vec<&str> = line.trim_end_matches(['\r', '\n']).split('\t').collect();
    if cols.len() < 4 {
        return Err(format!(
            "expected the tab-separated columns of alternateNames (id, geonameid, language, name, ...), found {}",
            cols.len()
        ));
    }
    let id: u64 = cols[1]
        .parse()
        .map_err(|_| format!("geonameid {:?} is not a number", cols[1]))?;
    let lang = cols[2];
    if matches!(
        lang,
        "link" | "wkdt" | "post" | "iata" | "icao" | "faac" | "abbr" | "unlc" | "tcid" | "phon"
    ) {
        return Ok(None);
    }
    let name = cols[3].trim();
    if name.is_empty() {
        return Ok(None);
    }
    Ok(Some((id, name.to_string())))
}

/// Districts and subdistricts carry their seat's name, and a district's centre can lie
/// 40 km from its town: "Sokhneh" in a report is the town of As Sukhnah, not the
/// subdistrict's centre point. Give each second- and third-level admin area's names to the
/// populated place it is named after (same country, within [`SEAT_KM`], same consonant
/// key), so a lookup finds the town under every name of its area and ranking can prefer it.
/// Only where names are romanised from Arabic script, whose spellings the consonant key
/// joins: an American county's consonants match some town's by chance ("Cuyahoga County"
/// had been given to Kent, Ohio, which then outranked the county).
///
/// Returns how many seats were linked.
pub fn link_admin_seats(records: &mut [PlaceRecord]) -> usize {
    use super::normalize::{consonant_key, fold};
    let key_of = |s: &str| consonant_key(&fold(s));
    // Populated places by (country, consonant key) of each of their names.
    let mut by_key: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        if !r.feature_code.starts_with("PPL") || r.feature_code == "PPLQ" {
            continue;
        }
        for n in std::iter::once(&r.name).chain(r.aliases.iter()) {
            let k = key_of(n);
            if k.len() >= 3 {
                let v = by_key.entry((r.country.clone(), k)).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
    }
    let mut links: Vec<(usize, Vec<String>)> = Vec::new();
    for a in records.iter() {
        if !matches!(a.feature_code.as_str(), "ADM2" | "ADM3")
            || !super::normalize::romanised_from_arabic_script(&a.country)
        {
            continue;
        }
        let mut best: Option<(f64, usize)> = None;
        for n in std::iter::once(&a.name).chain(a.aliases.iter()) {
            let Some(towns) = by_key.get(&(a.country.clone(), key_of(n))) else {
                continue;
            };
            for &t in towns {
                let r = &records[t];
                let d = km(a.lat, a.lon, r.lat, r.lon);
                // the nearest seat, then the larger town
                let rank = d - (r.population as f64).ln_1p();
                if d <= SEAT_KM && best.is_none_or(|(b, _)| rank < b) {
                    best = Some((rank, t));
                }
            }
        }
        if let Some((_, t)) = best {
            let names: Vec<String> = std::iter::once(a.name.clone())
                .chain(a.aliases.iter().cloned())
                .collect();
            links.push((t, names));
        }
    }
    let n = links.len();
    for (t, names) in links {
        let r = &mut records[t];
        for name in names {
            if name != r.name && !r.aliases.contains(&name) {
                r.aliases.push(name);
            }
        }
    }
    n
}

/// Farthest a district's centre lies from the seat it is named after.
pub const SEAT_KM: f64 = 60.0;

fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Give every record the name of its first-level admin area, from `names` ("SY.07" →
/// "Deir ez-Zor") or, for admin areas themselves, their own name.
pub fn fill_admin1(records: &mut [PlaceRecord], names: &HashMap<String, String>) {
    for r in records {
        if r.feature_code == "ADM1" {
            r.admin1 = r.name.clone();
        } else if let Some(n) = names.get(&r.admin1_code) {
            r.admin1 = n.clone();
        }
    }
}

/// The admin1 key → name table of the ADM1 rows among `records`.
pub fn admin1_names(records: &[PlaceRecord]) -> HashMap<String, String> {
    records
        .iter()
        .filter(|r| r.feature_code == "ADM1" && !r.admin1_code.is_empty())
        .map(|r| (r.admin1_code.clone(), r.name.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEIR: &str = "170794\tDeir ez-Zor\tDeir ez-Zor\tDayr az Zawr,Deir Ezzor,دير الزور\t35.33588\t40.14084\tP\tPPLA\tSY\t\t07\t\t\t\t242565\t\t210\tAsia/Damascus\t2012-01-19";

    #[test]
    fn parses_a_geonames_row() {
        let r = parse_geoname(DEIR, "geonames").unwrap();
        assert_eq!(r.name, "Deir ez-Zor");
        assert_eq!(r.geonameid, 170794);
        assert_eq!(r.feature_code, "PPLA");
        assert_eq!(r.admin1_code, "SY.07");
        assert_eq!(r.population, 242565);
        assert!(r.aliases.contains(&"دير الزور".to_string()));
        assert!(!r.aliases.contains(&"Deir ez-Zor".to_string()));
    }

    #[test]
    fn rejects_bad_rows() {
        assert!(parse_geoname("1\tx", "t").unwrap_err().contains("19"));
        let bad_lat = DEIR.replace("35.33588", "135.3");
        assert!(parse_geoname(&bad_lat, "t")
            .unwrap_err()
            .contains("latitude"));
        let bad_id = DEIR.replace("170794", "abc");
        assert!(parse_geoname(&bad_id, "t").is_err());
    }

    #[test]
    fn rows_without_a_point_or_a_name_are_errors_not_panics() {
        let no_lat = DEIR.replace("35.33588", "");
        assert!(parse_geoname(&no_lat, "wof")
            .unwrap_err()
            .contains("latitude"));
        let far = DEIR.replace("40.14084", "400.1");
        assert!(parse_geoname(&far, "wof")
            .unwrap_err()
            .contains("longitude"));
        let nameless = DEIR.replacen("Deir ez-Zor", " ", 1);
        assert!(parse_geoname(&nameless, "wof")
            .unwrap_err()
            .contains("name"));
        let nan = DEIR.replace("35.33588", "NaN");
        assert!(parse_geoname(&nan, "wof").is_err());
    }

    #[test]
    fn a_twentieth_column_lists_merged_sources() {
        let merged = format!("{DEIR}\twof,ucdp");
        assert_eq!(
            parse_geoname(&merged, "geonames").unwrap().source,
            "wof,ucdp"
        );
        assert_eq!(parse_geoname(DEIR, "geonames").unwrap().source, "geonames");
    }

    #[test]
    fn alternate_names_skip_links() {
        assert_eq!(
            parse_alternate_name("1\t170794\tar\tدير الزور\t1\t\t\t\t\t").unwrap(),
            Some((170794, "دير الزور".to_string()))
        );
        assert_eq!(
            parse_alternate_name("2\t170794\tlink\thttps://x\t\t\t\t\t\t").unwrap(),
            None
        );
        assert!(parse_alternate_name("garbage").is_err());
    }
}
