//! User gazetteers: a CSV of places an analyst knows and no public source has ("Political
//! Security Bridge", a checkpoint, a neighbourhood), layered over the bundled places.
//!
//! Columns: `name,lat,lon,kind,country,parent,aliases` (a header row is optional; `kind`,
//! `country`, `parent`, `aliases` may be empty or missing; aliases are separated by `;` or
//! `|`). `kind` is a word (village, neighbourhood, bridge, road, oil field, ...) or a GeoNames
//! feature code. A malformed row stops the load with the file and line, because a
//! hand-written gazetteer with a typo should be fixed, not half-used.

use std::path::Path;

use super::store::PlaceRecord;
use super::{Gazetteer, Lookup};
use crate::error::{Error, Result};

/// Kind words a user may write, and the feature codes they mean.
pub const KINDS: &[(&str, &str)] = &[
    ("city", "PPL"),
    ("town", "PPL"),
    ("village", "PPL"),
    ("hamlet", "PPL"),
    ("camp", "PPL"),
    ("neighbourhood", "PPLX"),
    ("neighborhood", "PPLX"),
    ("district", "PPLX"),
    ("quarter", "PPLX"),
    ("suburb", "PPLX"),
    ("bridge", "BDG"),
    ("road", "RD"),
    ("street", "RD"),
    ("highway", "RD"),
    ("checkpoint", "CKPT"),
    ("oil well", "OILW"),
    ("oil wells", "OILW"),
    ("oil field", "OILF"),
    ("oilfield", "OILF"),
    ("base", "MILB"),
    ("airport", "AIRP"),
    ("airbase", "AIRB"),
    ("dam", "DAM"),
    ("hospital", "HSP"),
    ("prison", "PRN"),
    ("mountain", "MT"),
    ("hill", "HLL"),
    ("island", "ISL"),
    ("region", "RGN"),
    ("area", "AREA"),
    ("governorate", "ADM1"),
    ("province", "ADM1"),
    ("country", "PCLI"),
];

/// The feature code for a user's kind word or code.
pub fn kind_to_code(kind: &str) -> Option<String> {
    let k = kind.trim();
    if k.is_empty() {
        return Some("PPL".to_string());
    }
    let lower = k.to_ascii_lowercase().replace(['_', '-'], " ");
    if let Some((_, code)) = KINDS.iter().find(|(w, _)| *w == lower) {
        return Some(code.to_string());
    }
    let is_code = (2..=5).contains(&k.len())
        && k.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    is_code.then(|| k.to_string())
}

/// Read a user gazetteer. `base` resolves `parent` names to fill in the admin area.
pub fn read_csv(path: &Path, base: &Gazetteer) -> Result<Vec<PlaceRecord>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_csv(path, &bytes, base)
}

/// Parse a user gazetteer already in memory; `path` names it in errors and gives each
/// place its `source`.
pub fn parse_csv(path: &Path, bytes: &[u8], base: &Gazetteer) -> Result<Vec<PlaceRecord>> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Error::invalid(
            path,
            "binary file, not a CSV gazetteer (expected name,lat,lon,kind,country,parent,aliases)",
        ));
    }
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "user".into());
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
            Error::parse(path, line, csv_error_text(&e))
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
        let field = |k: usize| rec.get(k).unwrap_or("").trim();
        if out.is_empty()
            && field(0).eq_ignore_ascii_case("name")
            && field(1).eq_ignore_ascii_case("lat")
        {
            continue; // header
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let bad = |msg: String| Error::parse(path, line, msg);
        if rec.len() < 3 {
            return Err(bad(format!(
                "expected at least name,lat,lon; found {} field(s)",
                rec.len()
            )));
        }
        if rec.len() > 7 {
            return Err(bad(format!(
                "expected at most 7 fields (name,lat,lon,kind,country,parent,aliases); found {}",
                rec.len()
            )));
        }
        let name = field(0);
        if name.is_empty() {
            return Err(bad("empty name".into()));
        }
        let lat: f64 = field(1)
            .parse()
            .map_err(|_| bad(format!("latitude {:?} is not a number", field(1))))?;
        let lon: f64 = field(2)
            .parse()
            .map_err(|_| bad(format!("longitude {:?} is not a number", field(2))))?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(bad(format!(
                "latitude {lat:?} is outside -90..90 (are lat and lon swapped?)"
            )));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(bad(format!("longitude {lon:?} is outside -180..180")));
        }
        let feature_code = kind_to_code(field(3)).ok_or_else(|| {
            let words: Vec<&str> = KINDS.iter().map(|(w, _)| *w).collect();
            bad(format!(
                "unknown kind {:?}; use a GeoNames feature code (PPLX, BDG, ...) or one of: {}",
                field(3),
                words.join(", ")
            ))
        })?;
        let country = field(4).to_ascii_uppercase();
        if !country.is_empty()
            && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(bad(format!(
                "country {:?} is not a two-letter ISO code",
                field(4)
            )));
        }
        let parent = field(5).to_string();
        let aliases: Vec<String> = field(6)
            .split([';', '|'])
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        let mut rec = PlaceRecord {
            name: name.to_string(),
            aliases,
            lat,
            lon,
            feature_code,
            country,
            source: source.clone(),
            parent: parent.clone(),
            ..Default::default()
        };
        // The admin area and country of a sub-place are those of the place it lies in.
        let near = Lookup {
            country: (!rec.country.is_empty()).then(|| rec.country.clone()),
            near: Some((lon, lat)),
            limit: 1,
        };
        let context = if parent.is_empty() {
            None
        } else {
            base.lookup(&parent, &near).into_iter().next()
        };
        if let Some(p) = context {
            rec.admin1 = p.place.admin1.clone();
            if rec.country.is_empty() {
                rec.country = p.place.country.clone();
            }
        }
        out.push(rec);
    }
    if out.is_empty() {
        return Err(Error::invalid(path, "no places in this gazetteer CSV (expected rows of name,lat,lon,kind,country,parent,aliases)"));
    }
    Ok(out)
}

fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8; save the file as UTF-8".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_codes() {
        assert_eq!(kind_to_code("bridge").as_deref(), Some("BDG"));
        assert_eq!(kind_to_code("Oil wells").as_deref(), Some("OILW"));
        assert_eq!(kind_to_code("PPLX").as_deref(), Some("PPLX"));
        assert_eq!(kind_to_code("").as_deref(), Some("PPL"));
        assert_eq!(kind_to_code("spaceship"), None);
    }
}
