//! User gazetteers: a CSV of places an analyst knows and no public source has ("Political
//! Security Bridge", a checkpoint, a neighbourhood), layered over the bundled places.
//!
//! Columns: `name,lat,lon,kind,country,parent,aliases` (a header row is optional; `kind`,
//! `country`, `parent`, `aliases` may be empty or missing; aliases are separated by `;` or
//! `|`). `kind` is a word (village, neighbourhood, bridge, road, oil field, ...) or a GeoNames
//! feature code.
//!
//! A bad row (a latitude out of range, an unknown kind, an empty name) is skipped and
//! reported with its file and line, and the rest is loaded: one typo in a gazetteer of a
//! thousand neighbourhoods should not cost the analyst the other 999, but they must hear of
//! it (the command exits 1, "partial"). A file that yields no place at all, is not text, or
//! has a header whose first columns are not `name,lat,lon` is refused whole, because then
//! the file, not a row, is wrong.

use std::path::{Path, PathBuf};

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
    // Urban features reports name as event locations ("Tahrir Square", "the grain silos").
    ("square", "SQR"),
    ("plaza", "SQR"),
    ("roundabout", "RDJCT"),
    ("junction", "RDJCT"),
    ("intersection", "RDJCT"),
    ("market", "MKT"),
    ("souk", "MKT"),
    ("souq", "MKT"),
    ("mosque", "MSQE"),
    ("church", "CH"),
    ("shrine", "SHRN"),
    ("cemetery", "CMTY"),
    ("school", "SCH"),
    ("college", "SCHC"),
    ("university", "UNIV"),
    ("stadium", "STDM"),
    ("port", "PRT"),
    ("harbour", "HBR"),
    ("harbor", "HBR"),
    ("station", "RSTN"),
    ("railway station", "RSTN"),
    ("train station", "RSTN"),
    ("bus station", "BUSTN"),
    ("crossing", "PSTB"),
    ("border crossing", "PSTB"),
    ("border post", "PSTB"),
    ("police station", "PP"),
    ("factory", "MFG"),
    ("refinery", "OILR"),
    ("power station", "PS"),
    ("power plant", "PS"),
    ("farm", "FRM"),
    ("park", "PRK"),
    ("hotel", "HTL"),
    ("building", "BLDG"),
    ("palace", "PAL"),
    ("museum", "MUS"),
    ("tower", "TOWR"),
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

/// At most this many bad rows are kept, with their reasons, per file; the rest are counted.
pub const MAX_BAD_ROWS: usize = 10;

/// A user gazetteer as read: its places, and the rows skipped.
#[derive(Debug, Default)]
pub struct UserCsv {
    pub places: Vec<PlaceRecord>,
    pub skipped: SkippedRows,
}

/// Rows of one user gazetteer that were not loaded.
#[derive(Debug, Default)]
pub struct SkippedRows {
    /// The gazetteer file.
    pub path: PathBuf,
    /// The first [`MAX_BAD_ROWS`], each an [`Error::Parse`] naming the file, line and reason.
    pub first: Vec<Error>,
    /// All rows skipped, those in `first` included.
    pub count: u64,
}

impl SkippedRows {
    fn push(&mut self, e: Error) {
        if self.first.len() < MAX_BAD_ROWS {
            self.first.push(e);
        }
        self.count += 1;
    }
}

/// Read a user gazetteer. `base` resolves `parent` names to fill in the admin area.
pub fn read_csv(path: &Path, base: &Gazetteer) -> Result<UserCsv> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_csv(path, &bytes, base)
}

/// Parse a user gazetteer already in memory; `path` names it in errors and gives each
/// place its `source`. Bad rows are skipped and listed in [`UserCsv::skipped`]; the whole
/// file is an error when it is binary or not UTF-8, when its header lacks `name,lat,lon`,
/// or when no row is a place.
pub fn parse_csv(path: &Path, bytes: &[u8], base: &Gazetteer) -> Result<UserCsv> {
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
    let mut out = UserCsv {
        places: Vec::new(),
        skipped: SkippedRows {
            path: path.to_path_buf(),
            ..Default::default()
        },
    };
    let mut first_row = true;
    for (i, rec) in rdr.records().enumerate() {
        // A record the csv crate cannot read is invalid UTF-8 (or an I/O error): the file's
        // encoding is wrong, so every row after it would be too.
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
            Error::parse(path, line, csv_error_text(&e))
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(i as u64 + 1);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if std::mem::take(&mut first_row) && is_header(&rec) {
            check_header(&rec).map_err(|m| Error::parse(path, line, m))?;
            continue;
        }
        match place(&rec, &source, base) {
            Ok(p) => out.places.push(p),
            Err(reason) => out.skipped.push(Error::parse(path, line, reason)),
        }
    }
    if out.places.is_empty() {
        let why = match out.skipped.first.first() {
            Some(e) => format!(
                "no usable place in this gazetteer CSV: {} bad row(s), the first {e}",
                out.skipped.count
            ),
            None => "no places in this gazetteer CSV (expected rows of \
                     name,lat,lon,kind,country,parent,aliases)"
                .to_string(),
        };
        return Err(Error::invalid(path, why));
    }
    Ok(out)
}

/// The first row is a header when its second and third fields are words, not numbers: a
/// data row has its coordinates there (or nothing, a row with its coordinates missing).
fn is_header(rec: &csv::StringRecord) -> bool {
    let word = |k: usize| {
        rec.get(k)
            .map(str::trim)
            .is_some_and(|f| !f.is_empty() && f.parse::<f64>().is_err())
    };
    word(1) && word(2)
}

/// Columns are read by position, so a header in another order ("name,lon,lat") would put
/// every place somewhere else: it is refused, not followed.
fn check_header(rec: &csv::StringRecord) -> std::result::Result<(), String> {
    let field = |k: usize| rec.get(k).unwrap_or("").trim().to_ascii_lowercase();
    let ok = field(0) == "name"
        && matches!(field(1).as_str(), "lat" | "latitude")
        && matches!(field(2).as_str(), "lon" | "lng" | "longitude");
    if ok {
        return Ok(());
    }
    let shown: Vec<&str> = rec.iter().take(7).collect();
    Err(format!(
        "header {:?} does not start name,lat,lon: the columns are \
         name,lat,lon,kind,country,parent,aliases, in that order",
        shown.join(",")
    ))
}

/// One data row as a place, or why it is not one.
fn place(
    rec: &csv::StringRecord,
    source: &str,
    base: &Gazetteer,
) -> std::result::Result<PlaceRecord, String> {
    let field = |k: usize| rec.get(k).unwrap_or("").trim();
    if rec.len() < 3 {
        return Err(format!(
            "expected at least name,lat,lon; found {} field(s)",
            rec.len()
        ));
    }
    if rec.len() > 7 {
        return Err(format!(
            "expected at most 7 fields (name,lat,lon,kind,country,parent,aliases); found {}",
            rec.len()
        ));
    }
    let name = field(0);
    if name.is_empty() {
        return Err("empty name".into());
    }
    let lat = coordinate(field(1), "latitude")?;
    let lon = coordinate(field(2), "longitude")?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "latitude {lat:?} is outside -90..90 (are lat and lon swapped?)"
        ));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon:?} is outside -180..180"));
    }
    let feature_code = kind_to_code(field(3)).ok_or_else(|| {
        let words: Vec<&str> = KINDS.iter().map(|(w, _)| *w).collect();
        format!(
            "unknown kind {:?}; use a GeoNames feature code (PPLX, BDG, ...) or one of: {}",
            field(3),
            words.join(", ")
        )
    })?;
    let country = field(4).to_ascii_uppercase();
    if !country.is_empty()
        && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Err(format!(
            "country {:?} is not a two-letter ISO code",
            field(4)
        ));
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
        source: source.to_string(),
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
    Ok(rec)
}

/// A coordinate field as a finite number. Rust reads "NaN" and "inf" as numbers; a NaN
/// latitude would pass no range check's notice in a message that says it is out of range.
fn coordinate(text: &str, what: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!("{what} {text:?} is not a finite number")),
        Err(_) => Err(format!("{what} {text:?} is not a number")),
    }
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
        // The words a user types for urban features, in any case or with a hyphen.
        for (kind, code) in [
            ("Square", "SQR"),
            ("market", "MKT"),
            ("mosque", "MSQE"),
            ("school", "SCH"),
            ("university", "UNIV"),
            ("stadium", "STDM"),
            ("port", "PRT"),
            ("harbour", "HBR"),
            ("station", "RSTN"),
            ("border-crossing", "PSTB"),
            ("crossing", "PSTB"),
            ("factory", "MFG"),
            ("farm", "FRM"),
            ("park", "PRK"),
            ("street", "RD"),
        ] {
            assert_eq!(kind_to_code(kind).as_deref(), Some(code), "{kind}");
        }
    }

    /// Every kind word is written as `kind_to_code` folds its input, so each can be found,
    /// and each names a code of GeoNames' shape.
    #[test]
    fn every_kind_word_is_reachable() {
        for (word, code) in KINDS {
            assert_eq!(kind_to_code(word).as_deref(), Some(*code), "{word}");
            assert!((2..=5).contains(&code.len()), "{code}");
        }
        let words: std::collections::HashSet<&str> = KINDS.iter().map(|(w, _)| *w).collect();
        assert_eq!(words.len(), KINDS.len(), "a kind word twice");
    }

    fn parse(text: &str) -> Result<UserCsv> {
        parse_csv(
            Path::new("mine.csv"),
            text.as_bytes(),
            &Gazetteer::bundled(),
        )
    }

    /// Each kind of row error is skipped with its line and reason; the good rows load.
    #[test]
    fn bad_rows_are_skipped_with_line_and_reason() {
        let csv = "name,lat,lon,kind,country,parent,aliases\n\
                   al-Hawiqa,35.347,40.133,neighbourhood,SY,,\n\
                   al-Joura,135.326,40.108,neighbourhood,SY,,\n\
                   ,35.3,40.1,village,SY,,\n\
                   Nowhere,NaN,40.1,village,SY,,\n\
                   Farther,35.3,inf,village,SY,,\n\
                   Somewhere,35,40,spaceship,SY,,\n\
                   Elsewhere,35,40,village,Syria,,\n\
                   Political Security Bridge,35.339,40.146,bridge,SY,Deir ez-Zor,\n";
        let got = parse(csv).unwrap();
        let names: Vec<&str> = got.places.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["al-Hawiqa", "Political Security Bridge"]);
        assert_eq!(got.skipped.count, 6);
        let said: Vec<String> = got.skipped.first.iter().map(|e| e.to_string()).collect();
        let expect = [
            "mine.csv:3: latitude 135.326 is outside",
            "mine.csv:4: empty name",
            "mine.csv:5: latitude \"NaN\" is not a finite number",
            "mine.csv:6: longitude \"inf\" is not a finite number",
            "mine.csv:7: unknown kind \"spaceship\"",
            "mine.csv:8: country \"Syria\" is not a two-letter ISO code",
        ];
        for (s, e) in said.iter().zip(expect) {
            assert!(s.starts_with(e), "{s:?} should start {e:?}");
        }
    }

    /// A thousand typos are counted, but only the first few kept to be shown.
    #[test]
    fn many_bad_rows_are_counted_not_kept() {
        let mut csv = String::from("Green Zone,33.30,44.38,district,IQ,,\n");
        for i in 0..1000 {
            csv.push_str(&format!("Typo {i},33.3,444.4,village,IQ,,\n"));
        }
        let got = parse(&csv).unwrap();
        assert_eq!(got.places.len(), 1);
        assert_eq!(got.skipped.count, 1000);
        assert_eq!(got.skipped.first.len(), MAX_BAD_ROWS);
        assert_eq!(got.skipped.path, Path::new("mine.csv"));
    }

    /// What makes the file, not a row, wrong is still an error for the whole file.
    #[test]
    fn a_file_without_places_or_with_a_wrong_header_is_refused() {
        let all_bad = parse("Somewhere,35,40,spaceship,SY,,\nNowhere,95,40,,SY,,\n").unwrap_err();
        let text = all_bad.to_string();
        assert!(
            text.contains("no usable place") && text.contains("2 bad row(s)"),
            "{text}"
        );
        assert!(text.contains("mine.csv:1: unknown kind"), "{text}");
        assert!(parse("# only a comment\n\n")
            .unwrap_err()
            .to_string()
            .contains("no places"));
        // Columns are positional: lon before lat would put every place elsewhere.
        let swapped = parse("name,lon,lat\nal-Hawiqa,40.133,35.347\n").unwrap_err();
        assert!(
            swapped.to_string().contains("mine.csv:1: header"),
            "{swapped}"
        );
        let renamed = parse("place,latitude,longitude\nal-Hawiqa,35.347,40.133\n").unwrap_err();
        assert!(
            renamed.to_string().contains("does not start name,lat,lon"),
            "{renamed}"
        );
        let full = parse("Name,Latitude,Longitude\nal-Hawiqa,35.347,40.133\n").unwrap();
        assert_eq!(full.places.len(), 1);
        let bad_utf8 = parse_csv(
            Path::new("mine.csv"),
            b"al-Hawiqa,35.347,40.133\nal-\xff,35.3,40.1\n",
            &Gazetteer::bundled(),
        )
        .unwrap_err();
        assert!(
            bad_utf8.to_string().contains("mine.csv:2: invalid UTF-8"),
            "{bad_utf8}"
        );
    }
}
