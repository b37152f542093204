//! Well-known binary points, the geometry encoding GeoParquet and GeoPackage share: written
//! for incidents (always a point) and read back from either format, where another tool may
//! have put any geometry.

/// A point as little-endian ISO WKB.
pub fn point([lon, lat]: [f64; 2]) -> [u8; 21] {
    let mut b = [0u8; 21];
    b[0] = 1;
    b[1..5].copy_from_slice(&1u32.to_le_bytes());
    b[5..13].copy_from_slice(&lon.to_le_bytes());
    b[13..21].copy_from_slice(&lat.to_le_bytes());
    b
}

/// What a WKB value holds: a point's `[lon, lat]`, an empty point, or another geometry type
/// (named as GeoJSON names it).
#[derive(Debug, PartialEq)]
pub enum Geometry {
    Point([f64; 2]),
    Empty,
    Other(&'static str),
}

impl Geometry {
    /// As a GeoJSON geometry. An empty point, or another type, has no coordinates, so the
    /// readers of incident files count it as no point (and say why) rather than guess one.
    pub fn to_geojson(&self) -> serde_json::Value {
        match self {
            Geometry::Point([x, y]) => {
                serde_json::json!({ "type": "Point", "coordinates": [x, y] })
            }
            Geometry::Empty => serde_json::json!({ "type": "Point", "coordinates": [] }),
            Geometry::Other(t) => serde_json::json!({ "type": t, "coordinates": [] }),
        }
    }
}

/// Decode WKB (ISO, with Z/M codes 1000-3000, or EWKB with its Z, M and SRID flags); `None`
/// when it is not WKB.
pub fn decode(wkb: &[u8]) -> Option<Geometry> {
    let little = match *wkb.first()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let u32_at = |at: usize| -> Option<u32> {
        let x: [u8; 4] = wkb.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(x)
        } else {
            u32::from_be_bytes(x)
        })
    };
    let f64_at = |at: usize| -> Option<f64> {
        let x: [u8; 8] = wkb.get(at..at + 8)?.try_into().ok()?;
        Some(if little {
            f64::from_le_bytes(x)
        } else {
            f64::from_be_bytes(x)
        })
    };
    let code = u32_at(1)?;
    // EWKB keeps Z, M and SRID as flags in the top bits; an SRID takes 4 bytes before the
    // coordinates.
    const EWKB_SRID: u32 = 0x2000_0000;
    let at = if code & EWKB_SRID != 0 { 9 } else { 5 };
    Some(match (code & 0x0fff_ffff) % 1000 {
        1 => {
            let (x, y) = (f64_at(at)?, f64_at(at + 8)?);
            if x.is_nan() && y.is_nan() {
                Geometry::Empty
            } else {
                Geometry::Point([x, y])
            }
        }
        2 => Geometry::Other("LineString"),
        3 => Geometry::Other("Polygon"),
        4 => Geometry::Other("MultiPoint"),
        5 => Geometry::Other("MultiLineString"),
        6 => Geometry::Other("MultiPolygon"),
        7 => Geometry::Other("GeometryCollection"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_decode_in_every_dialect() {
        assert_eq!(
            decode(&point([40.1, 35.3])),
            Some(Geometry::Point([40.1, 35.3]))
        );
        // Big-endian ISO WKB of POINT Z (1 2 3), as PostGIS writes with ST_AsBinary.
        let mut z = vec![0u8];
        z.extend_from_slice(&1001u32.to_be_bytes());
        for v in [1.0f64, 2.0, 3.0] {
            z.extend_from_slice(&v.to_be_bytes());
        }
        assert_eq!(decode(&z), Some(Geometry::Point([1.0, 2.0])));
        // EWKB with an SRID (4326) before the coordinates.
        let mut e = vec![1u8];
        e.extend_from_slice(&(1u32 | 0x2000_0000).to_le_bytes());
        e.extend_from_slice(&4326u32.to_le_bytes());
        e.extend_from_slice(&40.1f64.to_le_bytes());
        e.extend_from_slice(&35.3f64.to_le_bytes());
        assert_eq!(decode(&e), Some(Geometry::Point([40.1, 35.3])));
        assert_eq!(decode(&point([f64::NAN, f64::NAN])), Some(Geometry::Empty));
        let mut line = point([0.0, 0.0]);
        line[1] = 2;
        assert_eq!(decode(&line), Some(Geometry::Other("LineString")));
        assert_eq!(decode(b"\x07"), None);
        assert_eq!(decode(&point([1.0, 2.0])[..12]), None);
    }
}
