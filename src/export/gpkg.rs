//! GeoPackage (OGC 12-128r18), the file GIS users exchange most: one SQLite database that
//! QGIS, ArcGIS and GDAL open as a layer, with typed columns and no side files.
//!
//! What the file holds, as the standard has it: the `GPKG` application id and version 1.2
//! (what GDAL writes unless a file needs more, so every GDAL since 2.2 reads it without a
//! warning) in the SQLite header; the tables `gpkg_spatial_ref_sys` (with EPSG:4326),
//! `gpkg_contents` (the layer, with its extent) and `gpkg_geometry_columns`; and one
//! feature table named for the dataset: an integer `fid` key, a `geom` column of
//! GeoPackageBinary points (lon, lat rounded to 6 decimals like every format; null for an
//! incident without a location, which GeoPackage can hold), and one typed column per schema
//! column (`BOOLEAN`, `MEDIUMINT` for 32-bit integers, `INTEGER`, `DOUBLE`, `TEXT`, and
//! `DATE` holding the ISO 8601 date).
//!
//! SQLite writes to a file, not a stream, so the database is built in an anonymous temporary
//! file (in `$TMPDIR`) inside one transaction and copied to the output by [`Writer::finish`]:
//! the output stays whole-or-nothing like every format's (see [`super::atomic`]).
//!
//! Read back with [`read_as_geojson_lines`], so `query`, `layers` and `render` take it like
//! every format incimap writes.

use std::io::{Read, Seek, Write};

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params_from_iter, Connection, OpenFlags};

use super::schema::{Bbox, Cell, Kind, Row, Schema};
use super::wkb::Geometry;

/// The first 16 bytes of every SQLite file, and so of every GeoPackage.
pub const MAGIC: &[u8] = b"SQLite format 3\0";

/// The feature table's key and geometry columns.
const FID: &str = "fid";
const GEOM: &str = "geom";

/// `GPKG` as the SQLite header's application id.
const APPLICATION_ID: i32 = 0x4750_4B47;

/// GeoPackage 1.2.0, as the standard asks `user_version` to hold it.
const USER_VERSION: i32 = 10200;

/// EPSG:4326 as the standard's own example defines it (OGC WKT 1, GDAL's text).
const WGS84: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The tables every GeoPackage has (the standard's table definitions, requirements 10-27).
const CORE_TABLES: &str = "
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
";

/// Builds the database in a temporary file, then copies it out on [`Writer::finish`].
pub struct Writer<'w> {
    out: &'w mut dyn Write,
    /// Removed when the writer is dropped, finished or not.
    file: tempfile::NamedTempFile,
    db: Connection,
    table: String,
    insert: String,
    kinds: Vec<Kind>,
    extent: Bbox,
}

fn other(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("GeoPackage: {e}"))
}

/// `name` as an SQL identifier, quoted.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl<'w> Writer<'w> {
    /// `name` names the feature table (GDAL and QGIS show it as the layer name). A schema
    /// column named `fid` or `geom` (in any case: SQLite's names are not case-sensitive), or
    /// two columns whose names differ only in case, would clash: refused.
    pub fn new(out: &'w mut dyn Write, schema: &Schema, name: &str) -> std::io::Result<Writer<'w>> {
        let mut seen = std::collections::HashSet::from([FID.to_string(), GEOM.to_string()]);
        if let Some(c) = schema
            .columns
            .iter()
            .find(|c| !seen.insert(c.name.to_lowercase()))
        {
            return Err(other(format!(
                "a property named {:?} clashes with another column (GeoPackage's fid and geom, \
                 or a name differing only in case); rename it",
                c.name
            )));
        }
        let file = tempfile::NamedTempFile::new()?;
        let db = Connection::open(file.path()).map_err(other)?;
        // A scratch file written in one transaction: no journal, no syncs (the output the
        // database is copied into is synced by its atomic write).
        db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            .map_err(other)?;
        let table = if name.is_empty() { "incidents" } else { name }.to_string();
        let columns: Vec<String> = schema
            .columns
            .iter()
            .map(|c| format!("{} {}", quoted(&c.name), sql_type(c.kind)))
            .collect();
        let mut ddl = format!(
            "PRAGMA application_id = {APPLICATION_ID};
             PRAGMA user_version = {USER_VERSION};
             BEGIN;
             {CORE_TABLES}
             CREATE TABLE {t} ({FID} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {GEOM} POINT",
            t = quoted(&table)
        );
        for c in &columns {
            ddl.push_str(", ");
            ddl.push_str(c);
        }
        ddl.push_str(");");
        db.execute_batch(&ddl).map_err(other)?;
        let srs = "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        for (name, id, org, definition, description) in [
            (
                "Undefined cartesian SRS",
                -1,
                "NONE",
                "undefined",
                "undefined cartesian coordinate reference system",
            ),
            (
                "Undefined geographic SRS",
                0,
                "NONE",
                "undefined",
                "undefined geographic coordinate reference system",
            ),
            (
                "WGS 84 geodetic",
                4326,
                "EPSG",
                WGS84,
                "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
            ),
        ] {
            db.execute(
                srs,
                rusqlite::params![name, id, org, id, definition, description],
            )
            .map_err(other)?;
        }
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id)
             VALUES (?1, 'features', ?1, 4326)",
            [&table],
        )
        .map_err(other)?;
        db.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, ?2, 'POINT', 4326, 0, 0)",
            [&table, GEOM],
        )
        .map_err(other)?;
        let names: Vec<String> = std::iter::once(GEOM.to_string())
            .chain(schema.columns.iter().map(|c| quoted(&c.name)))
            .collect();
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        let insert = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quoted(&table),
            names.join(", "),
            marks.join(", ")
        );
        Ok(Writer {
            out,
            file,
            db,
            table,
            insert,
            kinds: schema.columns.iter().map(|c| c.kind).collect(),
            extent: Bbox::default(),
        })
    }

    /// Add a feature; `point` is the rounded, checked position, or `None` (a null `geom`).
    pub fn write(&mut self, row: &dyn Row, point: Option<[f64; 2]>) -> std::io::Result<()> {
        let geom = point.map(|p| {
            self.extent.add(p);
            geometry(p)
        });
        let mut values: Vec<ToSqlOutput<'_>> = Vec::with_capacity(self.kinds.len() + 1);
        values.push(match &geom {
            Some(g) => ToSqlOutput::Borrowed(ValueRef::Blob(g)),
            None => ToSqlOutput::Borrowed(ValueRef::Null),
        });
        for (i, kind) in self.kinds.iter().enumerate() {
            values.push(value(*kind, row.cell(i)));
        }
        let mut insert = self.db.prepare_cached(&self.insert).map_err(other)?;
        insert.execute(params_from_iter(values)).map_err(other)?;
        Ok(())
    }

    /// Record the extent, end the transaction and copy the database to the output.
    pub fn finish(self) -> std::io::Result<()> {
        if let Some([w, s, e, n]) = self.extent.get() {
            self.db
                .execute(
                    "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4
                     WHERE table_name = ?5",
                    rusqlite::params![w, s, e, n, self.table],
                )
                .map_err(other)?;
        }
        self.db.execute_batch("COMMIT;").map_err(other)?;
        self.db.close().map_err(|(_, e)| other(e))?;
        let mut file = self.file.reopen()?;
        file.rewind()?;
        std::io::copy(&mut file, self.out)?;
        Ok(())
    }
}

/// The SQL type GeoPackage names for a column kind (its table 1, "GeoPackage Data Types").
fn sql_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Bool => "BOOLEAN",
        Kind::Int => "MEDIUMINT",
        Kind::Long => "INTEGER",
        Kind::Float => "DOUBLE",
        Kind::Str => "TEXT",
        Kind::Date => "DATE",
    }
}

/// A cell as the column's SQLite value; null for values the column cannot hold.
fn value(kind: Kind, cell: Cell<'_>) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(match (kind, cell) {
        (Kind::Bool, Cell::Bool(b)) => ValueRef::Integer(i64::from(b)),
        (Kind::Int | Kind::Long, Cell::Int(n)) => ValueRef::Integer(n),
        (Kind::Float, Cell::Float(x)) => ValueRef::Real(x),
        (Kind::Float, Cell::Int(n)) => ValueRef::Real(n as f64),
        (Kind::Str | Kind::Date, Cell::Str(s)) => ValueRef::Text(s.as_bytes()),
        // GeoPackage stores a DATE as its ISO 8601 text.
        (Kind::Date, Cell::Date(d)) => return ToSqlOutput::Owned(Value::Text(d.to_string())),
        _ => ValueRef::Null,
    })
}

/// A point as GeoPackageBinary: the `GP` header (version 0, little-endian, no envelope, as
/// a point needs none), the SRS id, then the WKB point.
fn geometry(p: [f64; 2]) -> Vec<u8> {
    let mut b = Vec::with_capacity(8 + 21);
    b.extend_from_slice(b"GP\x00\x01");
    b.extend_from_slice(&4326i32.to_le_bytes());
    b.extend_from_slice(&super::wkb::point(p));
    b
}

/// Decode a GeoPackageBinary blob; `None` when it is not one.
fn decode_geometry(b: &[u8]) -> Option<Geometry> {
    if b.get(..3)? != b"GP\x00" {
        return None;
    }
    let flags = *b.get(3)?;
    if flags & 0b1_0000 != 0 {
        return Some(Geometry::Empty);
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return None,
    };
    super::wkb::decode(b.get(8 + envelope..)?)
}

/// A GeoPackage's first feature table as GeoJSON Lines text: one Feature a line, in `fid`
/// order, with `id` set from an `id` column. Features whose geometry is not a point keep its
/// type and no coordinates, so readers count them as not points; columns declared
/// `BOOLEAN` read back as booleans. SQLite reads files, not streams, so the input is copied
/// to a temporary file first (a file on disk is read in place).
pub fn read_as_geojson_lines(mut input: impl Read) -> std::io::Result<Vec<u8>> {
    let mut tmp = tempfile::NamedTempFile::new()?;
    std::io::copy(&mut input, &mut tmp)?;
    tmp.flush()?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let db = Connection::open_with_flags(tmp.path(), flags).map_err(other)?;
    let layer: Option<(String, String)> = db
        .query_row(
            "SELECT c.table_name, g.column_name FROM gpkg_contents c
             JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
             WHERE c.data_type = 'features' ORDER BY c.rowid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .map_err(|e| other(format!("not a GeoPackage ({e})")))?;
    let Some((table, geom)) = layer else {
        return Err(other("no feature table (gpkg_contents lists none)"));
    };
    // The declared type of each column (to tell booleans from integers) and the key.
    let mut info = db
        .prepare(&format!("PRAGMA table_info({})", quoted(&table)))
        .map_err(other)?;
    let declared: Vec<(String, String, bool)> = info
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?.to_uppercase(),
                r.get::<_, i64>(5)? > 0,
            ))
        })
        .map_err(other)?
        .collect::<Result<_, _>>()
        .map_err(other)?;
    let mut select = db
        .prepare(&format!("SELECT * FROM {}", quoted(&table)))
        .map_err(other)?;
    let n = select.column_count();
    let names: Vec<String> = (0..n)
        .map(|i| select.column_name(i).map(str::to_string))
        .collect::<Result<_, _>>()
        .map_err(other)?;
    let mut rows = select.query([]).map_err(other)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(other)? {
        let mut props = serde_json::Map::new();
        let mut geometry = serde_json::Value::Null;
        for (i, name) in names.iter().enumerate() {
            let v = row.get_ref(i).map_err(other)?;
            let (_, kind, key) = declared
                .iter()
                .find(|(n, _, _)| n == name)
                .map_or(("", "", false), |(n, k, p)| (n.as_str(), k.as_str(), *p));
            if name.eq_ignore_ascii_case(&geom) {
                geometry = match v {
                    ValueRef::Blob(b) => decode_geometry(b).map_or_else(
                        || serde_json::json!({ "type": "Unknown", "coordinates": [] }),
                        |g| g.to_geojson(),
                    ),
                    _ => serde_json::Value::Null,
                };
                continue;
            }
            if key {
                continue;
            }
            let value = match v {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(n) if kind == "BOOLEAN" => serde_json::Value::Bool(n != 0),
                ValueRef::Integer(n) => n.into(),
                ValueRef::Real(x) => {
                    serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, Into::into)
                }
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                ValueRef::Blob(_) => continue,
            };
            props.insert(name.clone(), value);
        }
        super::geojsonl::push_feature(&mut out, geometry, props)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::incident;
    use crate::export::{incident::schema, Format, Writer as Export};

    fn gpkg(rows: &[crate::model::Incident]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = Export::new(&mut out, Format::GeoPackage, schema(), "incidents").unwrap();
        for r in rows {
            w.write(r).unwrap();
        }
        w.finish().unwrap();
        out
    }

    #[test]
    fn writes_the_tables_the_standard_asks_for() {
        let out = gpkg(&[
            incident("a", Some(40.1), Some(35.3)),
            incident("b", None, None),
            incident("c", Some(40.3), Some(35.1)),
        ]);
        assert!(out.starts_with(MAGIC));
        // The header's application id (offset 68) and user version (offset 60).
        assert_eq!(&out[68..72], b"GPKG");
        assert_eq!(i32::from_be_bytes(out[60..64].try_into().unwrap()), 10200);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.gpkg");
        std::fs::write(&path, &out).unwrap();
        let db = Connection::open(&path).unwrap();
        let srs: i64 = db
            .query_row(
                "SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0, 4326)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(srs, 3);
        let extent: (f64, f64, f64, f64, i64) = db
            .query_row(
                "SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents
                 WHERE table_name = 'incidents' AND data_type = 'features'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(extent, (40.1, 35.1, 40.3, 35.3, 4326));
        let kind: String = db
            .query_row(
                "SELECT geometry_type_name FROM gpkg_geometry_columns WHERE column_name = 'geom'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kind, "POINT");
        let (blob, fatalities, date): (Vec<u8>, i64, String) = db
            .query_row(
                "SELECT geom, fatalities, event_date FROM incidents WHERE id = 'a'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(decode_geometry(&blob), Some(Geometry::Point([40.1, 35.3])));
        assert_eq!((fatalities, date.as_str()), (5, "2014-06-18"));
        let unlocated: Option<Vec<u8>> = db
            .query_row("SELECT geom FROM incidents WHERE id = 'b'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(
            unlocated, None,
            "an incident without a location keeps its row"
        );
    }

    #[test]
    fn reads_back_as_the_geojson_features_extract_writes() {
        let out = gpkg(&[incident("a", Some(40.1), Some(35.3))]);
        let text = read_as_geojson_lines(&out[..]).unwrap();
        let line: serde_json::Value =
            serde_json::from_slice(text.split(|&b| b == b'\n').next().unwrap()).unwrap();
        assert_eq!(line["id"], "a");
        assert_eq!(
            line["geometry"]["coordinates"],
            serde_json::json!([40.1, 35.3])
        );
        let p = &line["properties"];
        assert_eq!(p["fatalities"], 5);
        assert_eq!(p["fatalities_known"], true);
        assert_eq!(p["confidence"], 0.823);
        assert_eq!(p["event_date"], "2014-06-18");
        assert_eq!(p["actor1"], serde_json::Value::Null);
        assert!(p.get("fid").is_none() && p.get("geom").is_none(), "{p}");
    }

    #[test]
    fn clashing_and_foreign_input_is_an_error() {
        let clash = Schema::new(vec![super::super::Column::new("GEOM", Kind::Str)]);
        let mut out = Vec::new();
        let e = Writer::new(&mut out, &clash, "t")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("clashes"), "{e}");
        let e = read_as_geojson_lines(&b"not a database"[..])
            .unwrap_err()
            .to_string();
        assert!(e.contains("GeoPackage"), "{e}");
        // Another geometry type is named, with no coordinates.
        let mut line = b"GP\x00\x01\xe6\x10\x00\x00\x01\x03\x00\x00\x00".to_vec();
        line.extend_from_slice(&[0; 4]);
        assert_eq!(decode_geometry(&line), Some(Geometry::Other("Polygon")));
        assert_eq!(
            decode_geometry(b"GP\x00\x11\xe6\x10\x00\x00"),
            Some(Geometry::Empty)
        );
        assert_eq!(decode_geometry(b"XX"), None);
    }
}
