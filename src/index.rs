//! The spatial index over incidents, so that "what happened within 25 km of Deir ez-Zor",
//! "the 10 nearest strikes", "everything in this box" or "everything in this province" take
//! microseconds on a million incidents instead of a scan of all of them.
//!
//! # Design
//!
//! [`IncidentIndex`] holds one R-tree (rstar, bulk-loaded) of the incidents as points on the
//! unit sphere: `(x, y, z) = (cos φ cos λ, cos φ sin λ, sin φ)`. The straight-line (chord)
//! distance between two such points grows monotonically with their great-circle distance
//! (`chord = 2 sin(θ / 2)`), so a ball around the query point in 3-D is exactly a spherical
//! cap on Earth: radius and nearest-neighbour searches need no special cases at the poles or
//! across ±180°, where a lon/lat tree would need to split or widen its search.
//!
//! Every answer is then settled with geo's haversine distance (the metric users and tests
//! check against): the tree is searched with a slightly larger cap (an angle 10⁻⁶ rad, about
//! 6 m, wider) so rounding can only add candidates, never lose one, and each candidate is
//! kept or dropped by its haversine distance. Answers are thus exactly what a linear scan
//! with [`distance_km`] gives, ties broken by input order.
//!
//! Bounding boxes are lon/lat rectangles, and `MINLON > MAXLON` means the box crosses the
//! antimeridian ([`BBox`]). They use the same tree: a lon/lat rectangle is a patch of the
//! sphere, and the tightest 3-D box around that patch is cheap to compute (the range of
//! `cos φ` times the range of `cos λ` over the longitude arc, and so on), so the tree finds
//! candidates and each one is checked against the rectangle in lon/lat. An antimeridian box
//! is simply an arc of longitude that passes through 180°; no second tree and no splitting.
//!
//! Areas ([`Area`], from a GeoJSON file of polygons) are planar in lon/lat as RFC 7946 says;
//! each polygon's bounding box is a pre-filter through the tree, then geo's point-in-polygon
//! test decides, holes respected, a point on an edge counting as inside.

use std::f64::consts::PI;
use std::path::Path;

use geo::{BoundingRect, Intersects, LineString, Point, Polygon};
use geojson::{GeoJson, GeometryValue, Position};
use rayon::prelude::*;
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

use crate::error::{Error, Result};
use crate::features::Feature;
// The one great-circle distance, where every stage can reach it.
pub use crate::model::{distance_km, EARTH_RADIUS_KM};

/// How much wider (in radians of arc) the tree is searched than asked, so that rounding in
/// the chord or in the haversine formula can never lose an answer. Haversine's own error is
/// at most a few 10⁻⁸ rad (near antipodes); 10⁻⁶ rad is about 6 m.
const SLACK_RAD: f64 = 1e-6;

/// Padding of the 3-D box around a lon/lat rectangle, far above rounding error.
const BOX_PAD: f64 = 1e-9;

/// A (lon, lat) point in degrees as a unit vector.
fn unit(lon: f64, lat: f64) -> [f64; 3] {
    let (sin_lat, cos_lat) = lat.to_radians().sin_cos();
    let (sin_lon, cos_lon) = lon.to_radians().sin_cos();
    [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
}

/// The squared chord of an arc of `theta` radians (4, the diameter squared, from π on).
fn chord2(theta: f64) -> f64 {
    if theta >= PI {
        4.0 + 1e-9
    } else {
        let c = 2.0 * (theta / 2.0).sin();
        c * c
    }
}

/// The arc in radians of a squared chord.
fn arc(chord2: f64) -> f64 {
    2.0 * (chord2.sqrt() / 2.0).min(1.0).asin()
}

type Entry = GeomWithData<[f64; 3], u32>;

/// An R-tree over incident positions; answers are positions in the input (0-based).
pub struct IncidentIndex {
    tree: RTree<Entry>,
    /// (lon, lat) of each input point, by position.
    points: Vec<(f64, f64)>,
}

impl IncidentIndex {
    /// Bulk-load an index over (lon, lat) points, each in range (longitude -180..=180,
    /// latitude -90..=90; [`crate::features::read`] guarantees it for features).
    ///
    /// # Panics
    ///
    /// With more than `u32::MAX` points.
    pub fn new(points: Vec<(f64, f64)>) -> IncidentIndex {
        assert!(
            points.len() <= u32::MAX as usize,
            "too many points to index"
        );
        let entries: Vec<Entry> = points
            .par_iter()
            .enumerate()
            .map(|(i, &(lon, lat))| GeomWithData::new(unit(lon, lat), i as u32))
            .collect();
        IncidentIndex {
            tree: RTree::bulk_load(entries),
            points,
        }
    }

    /// An index over features, by their position in the slice.
    pub fn from_features(features: &[Feature]) -> IncidentIndex {
        IncidentIndex::new(features.iter().map(|f| (f.lon, f.lat)).collect())
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The (lon, lat) of point `i`.
    pub fn point(&self, i: usize) -> (f64, f64) {
        self.points[i]
    }

    /// Every point within `radius_km` of `center` (lon, lat) by [`distance_km`], in input
    /// order.
    pub fn within_radius(&self, center: (f64, f64), radius_km: f64) -> Vec<usize> {
        // NaN or negative radii hold nothing.
        if radius_km.is_nan() || radius_km < 0.0 {
            return Vec::new();
        }
        let keep = |i: &usize| distance_km(center, self.points[*i]) <= radius_km;
        let theta = radius_km / EARTH_RADIUS_KM + SLACK_RAD;
        let mut out: Vec<usize> = if theta >= PI {
            (0..self.len()).filter(keep).collect()
        } else {
            self.tree
                .locate_within_distance(unit(center.0, center.1), chord2(theta))
                .map(|e| e.data as usize)
                .filter(keep)
                .collect()
        };
        out.sort_unstable();
        out
    }

    /// The `k` points nearest `center` (lon, lat), with their distance in km, nearest first
    /// (equal distances in input order).
    pub fn nearest(&self, center: (f64, f64), k: usize) -> Vec<(usize, f64)> {
        self.nearest_where(center, k, |_| true)
    }

    /// The `k` points nearest `center` among those `keep` accepts, as [`Self::nearest`].
    pub fn nearest_where(
        &self,
        center: (f64, f64),
        k: usize,
        mut keep: impl FnMut(usize) -> bool,
    ) -> Vec<(usize, f64)> {
        if k == 0 {
            return Vec::new();
        }
        let mut found = Vec::new();
        // Once k are found, only points within the k-th's arc (plus slack) can still belong:
        // chord order and haversine order agree but for rounding, which the slack covers.
        let mut limit = f64::INFINITY;
        for (e, d2) in self
            .tree
            .nearest_neighbor_iter_with_distance_2(&unit(center.0, center.1))
        {
            if d2 > limit {
                break;
            }
            let i = e.data as usize;
            if !keep(i) {
                continue;
            }
            found.push(i);
            if found.len() == k {
                limit = chord2(arc(d2) + 2.0 * SLACK_RAD);
            }
        }
        let mut out: Vec<(usize, f64)> = found
            .into_iter()
            .map(|i| (i, distance_km(center, self.points[i])))
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        out.truncate(k);
        out
    }

    /// Every point inside the box (edges included), in input order.
    pub fn in_bbox(&self, bbox: &BBox) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .tree
            .locate_in_envelope(&bbox.envelope())
            .map(|e| e.data as usize)
            .filter(|&i| {
                let (lon, lat) = self.points[i];
                bbox.contains(lon, lat)
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// Every point inside the area (on an edge counts as inside; holes are outside), in
    /// input order.
    pub fn within(&self, area: &Area) -> Vec<usize> {
        let mut out = Vec::new();
        for (polygon, bbox) in &area.parts {
            out.extend(self.in_bbox(bbox).into_iter().filter(|&i| {
                let (lon, lat) = self.points[i];
                polygon.intersects(&Point::new(lon, lat))
            }));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A lon/lat rectangle, edges included. `min_lon > max_lon` means it crosses the
/// antimeridian: 170,-10,-170,10 is the 20° of longitude either side of 180°. Longitudes
/// -180 and 180 are the same meridian, in a box that has either.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl BBox {
    /// A box from its edges, checked: longitudes in -180..=180, latitudes in -90..=90, the
    /// south edge not north of the north edge.
    pub fn new(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64) -> Result<BBox> {
        for lon in [min_lon, max_lon] {
            if !(-180.0..=180.0).contains(&lon) {
                return Err(Error::Input(format!(
                    "longitude {lon:?} is outside -180..180 (the order is MINLON,MINLAT,MAXLON,MAXLAT)"
                )));
            }
        }
        for lat in [min_lat, max_lat] {
            if !(-90.0..=90.0).contains(&lat) {
                return Err(Error::Input(format!(
                    "latitude {lat:?} is outside -90..90 (the order is MINLON,MINLAT,MAXLON,MAXLAT)"
                )));
            }
        }
        if min_lat > max_lat {
            return Err(Error::Input(format!(
                "MINLAT {min_lat} is north of MAXLAT {max_lat}; the order is MINLON,MINLAT,MAXLON,MAXLAT"
            )));
        }
        Ok(BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }

    /// Whether the box crosses the antimeridian (`min_lon > max_lon`).
    pub fn crosses_antimeridian(&self) -> bool {
        self.min_lon > self.max_lon
    }

    /// Whether (lon, lat) is in the box, edges included.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        if !(self.min_lat..=self.max_lat).contains(&lat) {
            return false;
        }
        self.has_lon(lon)
            || (lon == -180.0 && self.has_lon(180.0))
            || (lon == 180.0 && self.has_lon(-180.0))
    }

    fn has_lon(&self, lon: f64) -> bool {
        if self.crosses_antimeridian() {
            lon >= self.min_lon || lon <= self.max_lon
        } else {
            (self.min_lon..=self.max_lon).contains(&lon)
        }
    }

    /// The smallest box holding every (lon, lat) point, crossing the antimeridian when that
    /// is smaller; `None` for no points.
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>) -> Option<BBox> {
        let mut lons = Vec::new();
        let (mut min_lat, mut max_lat) = (f64::INFINITY, f64::NEG_INFINITY);
        for (lon, lat) in points {
            lons.push(lon);
            min_lat = min_lat.min(lat);
            max_lat = max_lat.max(lat);
        }
        lons.sort_by(f64::total_cmp);
        let (&first, &last) = (lons.first()?, lons.last()?);
        // The box leaves out the widest gap between neighbouring longitudes: normally the
        // one across 180°; if a gap inside is wider, the box crosses the antimeridian.
        let (mut gap, mut min_lon, mut max_lon) = (first + 360.0 - last, first, last);
        for w in lons.windows(2) {
            if w[1] - w[0] > gap {
                (gap, min_lon, max_lon) = (w[1] - w[0], w[1], w[0]);
            }
        }
        Some(BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }

    /// The smallest 3-D box around the patch of the unit sphere this rectangle covers,
    /// padded against rounding.
    fn envelope(&self) -> AABB<[f64; 3]> {
        let rad = f64::to_radians;
        // cos φ over the latitudes (never negative): largest at the equator if included.
        let (c1, c2) = (rad(self.min_lat).cos(), rad(self.max_lat).cos());
        let cos_lat = (
            c1.min(c2),
            if self.min_lat <= 0.0 && self.max_lat >= 0.0 {
                1.0
            } else {
                c1.max(c2)
            },
        );
        // cos λ and sin λ over the arc of longitude from min_lon eastward to max_lon: the
        // ends, and each axis the arc passes.
        let span = if self.crosses_antimeridian() {
            self.max_lon - self.min_lon + 360.0
        } else {
            self.max_lon - self.min_lon
        };
        let (mut cos_lon, mut sin_lon) = (Range::EMPTY, Range::EMPTY);
        for lon in [self.min_lon, self.max_lon] {
            let (s, c) = rad(lon).sin_cos();
            cos_lon.add(c);
            sin_lon.add(s);
        }
        for (axis, c, s) in [(0.0, 1.0, 0.0), (90.0, 0.0, 1.0), (180.0, -1.0, 0.0)] {
            if (axis - self.min_lon).rem_euclid(360.0) <= span {
                cos_lon.add(c);
                sin_lon.add(s);
            }
        }
        if (-90.0 - self.min_lon).rem_euclid(360.0) <= span {
            cos_lon.add(0.0);
            sin_lon.add(-1.0);
        }
        let x = cos_lon.times(cos_lat);
        let y = sin_lon.times(cos_lat);
        let z = (rad(self.min_lat).sin(), rad(self.max_lat).sin());
        AABB::from_corners(
            [x.0 - BOX_PAD, y.0 - BOX_PAD, z.0 - BOX_PAD],
            [x.1 + BOX_PAD, y.1 + BOX_PAD, z.1 + BOX_PAD],
        )
    }
}

impl std::fmt::Display for BBox {
    /// `MINLON,MINLAT,MAXLON,MAXLAT`, as `--bbox` takes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{},{},{},{}",
            self.min_lon, self.min_lat, self.max_lon, self.max_lat
        )
    }
}

impl std::str::FromStr for BBox {
    type Err = Error;

    /// `MINLON,MINLAT,MAXLON,MAXLAT`.
    fn from_str(s: &str) -> Result<BBox> {
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        let nums: Vec<f64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if parts.len() != 4 || nums.len() != 4 {
            return Err(Error::Input(format!(
                "expected MINLON,MINLAT,MAXLON,MAXLAT (e.g. 39.9,35.1,40.4,35.5), got {s:?}"
            )));
        }
        BBox::new(nums[0], nums[1], nums[2], nums[3])
    }
}

/// A closed interval grown one value at a time.
#[derive(Clone, Copy)]
struct Range(f64, f64);

impl Range {
    const EMPTY: Range = Range(f64::INFINITY, f64::NEG_INFINITY);

    fn add(&mut self, v: f64) {
        self.0 = self.0.min(v);
        self.1 = self.1.max(v);
    }

    /// The range of a * b for a in self, b in `other`.
    fn times(self, other: (f64, f64)) -> (f64, f64) {
        let mut r = Range::EMPTY;
        for a in [self.0, self.1] {
            for b in [other.0, other.1] {
                r.add(a * b);
            }
        }
        (r.0, r.1)
    }
}

/// Polygons that incidents may fall in (a province, a front line's hinterland), each with
/// its bounding box for the tree's pre-filter.
#[derive(Debug, Clone, Default)]
pub struct Area {
    parts: Vec<(Polygon<f64>, BBox)>,
    /// Features or geometries of the source that were not polygons.
    pub ignored: usize,
}

impl Area {
    /// An area of these polygons.
    pub fn new(polygons: impl IntoIterator<Item = Polygon<f64>>) -> Area {
        let mut area = Area::default();
        for p in polygons {
            area.push(p);
        }
        area
    }

    fn push(&mut self, p: Polygon<f64>) {
        let Some(r) = p.bounding_rect() else { return };
        // Clamped, since only points in range are indexed; RFC 7946 polygons never cross
        // the antimeridian (they are cut there), so a plain box always holds them.
        let lon = |x: f64| x.clamp(-180.0, 180.0);
        let lat = |y: f64| y.clamp(-90.0, 90.0);
        let bbox = BBox {
            min_lon: lon(r.min().x),
            min_lat: lat(r.min().y),
            max_lon: lon(r.max().x),
            max_lat: lat(r.max().y),
        };
        self.parts.push((p, bbox));
    }

    /// How many polygons (a MultiPolygon counts each of its own).
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether (lon, lat) is in any polygon (on an edge counts; in a hole does not).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.parts
            .iter()
            .any(|(p, b)| b.contains(lon, lat) && p.intersects(&Point::new(lon, lat)))
    }

    /// The Polygons and MultiPolygons of a GeoJSON file (a FeatureCollection, a Feature, a
    /// geometry or a GeometryCollection), parsed with the `geojson` crate. Other geometries
    /// are counted in [`Area::ignored`]; a file with no polygon at all is an error.
    pub fn read(path: &Path) -> Result<Area> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Area::parse(path, &text)
    }

    /// As [`Area::read`], from text already read; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Area> {
        // Through serde_json, so a syntax or shape error keeps its line and column.
        let geojson: GeoJson = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| crate::features::json_error(path, &e))?;
        let mut area = Area::default();
        let taken = match geojson {
            GeoJson::FeatureCollection(fc) => fc
                .features
                .into_iter()
                .try_for_each(|f| area.take_feature(f)),
            GeoJson::Feature(f) => area.take_feature(f),
            GeoJson::Geometry(g) => area.take(g.value),
        };
        taken.map_err(|e| Error::invalid(path, e))?;
        if area.is_empty() {
            return Err(Error::invalid(
                path,
                "no Polygon or MultiPolygon geometry: give a GeoJSON file of areas",
            ));
        }
        Ok(area)
    }

    fn take_feature(&mut self, f: geojson::Feature) -> std::result::Result<(), String> {
        match f.geometry {
            Some(g) => self.take(g.value),
            None => {
                self.ignored += 1;
                Ok(())
            }
        }
    }

    fn take(&mut self, g: GeometryValue) -> std::result::Result<(), String> {
        match g {
            GeometryValue::Polygon { coordinates } => self.push(polygon(&coordinates)?),
            GeometryValue::MultiPolygon { coordinates } => {
                for p in &coordinates {
                    self.push(polygon(p)?);
                }
            }
            GeometryValue::GeometryCollection { geometries } => {
                for g in geometries {
                    self.take(g.value)?;
                }
            }
            _ => self.ignored += 1,
        }
        Ok(())
    }
}

/// A GeoJSON Polygon's rings (outer, then holes) as a geo Polygon. Converted here, not
/// with geojson's `TryFrom`: geojson 1.0 panics on a position of fewer than two numbers.
fn polygon(rings: &[Vec<Position>]) -> std::result::Result<Polygon<f64>, String> {
    let ring = |ring: &Vec<Position>| {
        ring.iter()
            .map(|p| match p.as_slice() {
                [x, y, ..] => Ok((*x, *y)),
                short => Err(format!(
                    "a position needs a longitude and a latitude, found {} number(s)",
                    short.len()
                )),
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(LineString::from)
    };
    let mut rings = rings.iter().map(ring);
    let exterior = rings.next().ok_or("a Polygon needs an outer ring")??;
    let holes = rings.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, holes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radius_and_nearest_see_across_the_antimeridian_and_over_the_pole() {
        let pts = vec![
            (179.9, 0.0),
            (-179.9, 0.0),
            (0.0, 0.0),
            (0.0, 89.9),
            (180.0, 89.9),
        ];
        let ix = IncidentIndex::new(pts);
        // 0.2° of longitude at the equator is about 22 km, across 180°.
        assert_eq!(ix.within_radius((180.0, 0.0), 12.0), vec![0, 1]);
        // Two points 0.1° from the pole on opposite meridians are 22 km apart.
        let n = ix.nearest((0.0, 89.9), 2);
        assert_eq!(n[1].0, 4);
        assert!((n[1].1 - 22.24).abs() < 0.05, "{n:?}");
    }

    #[test]
    fn boxes_that_cross_the_antimeridian() {
        let ix = IncidentIndex::new(vec![(175.0, 1.0), (-175.0, 1.0), (0.0, 1.0), (-180.0, 0.0)]);
        let b: BBox = "170,-10,-170,10".parse().unwrap();
        assert!(b.crosses_antimeridian());
        assert_eq!(ix.in_bbox(&b), vec![0, 1, 3]);
        let b: BBox = "-10,-10,10,10".parse().unwrap();
        assert_eq!(ix.in_bbox(&b), vec![2]);
        // -180 and 180 are one meridian.
        assert_eq!(ix.in_bbox(&"179,-1,180,1".parse().unwrap()), vec![3]);
        assert!("10,20,30".parse::<BBox>().is_err());
        assert!("0,50,10,40"
            .parse::<BBox>()
            .unwrap_err()
            .to_string()
            .contains("north"));
    }

    #[test]
    fn extent_crosses_the_antimeridian_when_that_is_smaller() {
        let b = BBox::around([(170.0, 1.0), (-170.0, 2.0), (175.0, -3.0)]).unwrap();
        assert_eq!(b.to_string(), "170,-3,-170,2");
        let b = BBox::around([(10.0, 1.0), (20.0, 2.0)]).unwrap();
        assert_eq!(b.to_string(), "10,1,20,2");
        assert!(BBox::around([]).is_none());
    }

    #[test]
    fn areas_respect_holes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("area.geojson");
        std::fs::write(
            &path,
            r#"{"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[5,5]}},
                {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
                [[0,0],[10,0],[10,10],[0,10],[0,0]],
                [[4,4],[6,4],[6,6],[4,6],[4,4]]]}}]}"#,
        )
        .unwrap();
        let area = Area::read(&path).unwrap();
        assert_eq!(area.ignored, 1, "the point is not an area");
        // A position of one number is an error (geojson's own conversion would panic).
        let short = r#"{"type":"Polygon","coordinates":[[[1]]]}"#;
        let e = Area::parse(&path, short).unwrap_err().to_string();
        assert!(
            e.contains("area.geojson") && e.contains("found 1 number"),
            "{e}"
        );
        assert!(Area::parse(&path, r#"{"type":"Polygon","coordinates":[]}"#).is_err());
        let ix = IncidentIndex::new(vec![(1.0, 1.0), (5.0, 5.0), (11.0, 5.0), (10.0, 5.0)]);
        assert_eq!(ix.within(&area), vec![0, 3]);
        assert!(area.contains(1.0, 1.0) && !area.contains(5.0, 5.0));
    }
}

/// Every query against a linear scan with geo's haversine and point-in-polygon, on random
/// points crowded at the poles and along the antimeridian, where a lon/lat index would go
/// wrong.
#[cfg(test)]
mod props {
    use super::*;
    use geo::{Distance, Haversine};
    use proptest::prelude::*;

    fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
        let d = Haversine.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0;
        if d.is_nan() {
            PI * EARTH_RADIUS_KM
        } else {
            d
        }
    }

    /// A point anywhere, near a pole, near the antimeridian, or on an edge of the ranges.
    fn point() -> impl Strategy<Value = (f64, f64)> {
        prop_oneof![
            (-180.0..=180.0f64, -90.0..=90.0f64),
            (-180.0..=180.0f64, 85.0..=90.0f64),
            (-180.0..=180.0f64, -90.0..=-85.0f64),
            (
                prop_oneof![175.0..=180.0f64, -180.0..=-175.0f64],
                -30.0..=30.0f64
            ),
            (
                prop::sample::select(vec![-180.0, -90.0, 0.0, 90.0, 180.0]),
                prop::sample::select(vec![-90.0, -45.0, 0.0, 45.0, 90.0]),
            ),
        ]
    }

    /// Points, with some repeated so that ties happen.
    fn points() -> impl Strategy<Value = Vec<(f64, f64)>> {
        prop::collection::vec(point(), 0..200).prop_flat_map(|pts| {
            let n = pts.len();
            (Just(pts), prop::collection::vec(0..n.max(1), 0..10)).prop_map(|(mut pts, dup)| {
                if !pts.is_empty() {
                    for d in dup {
                        pts.push(pts[d]);
                    }
                }
                pts
            })
        })
    }

    fn radius() -> impl Strategy<Value = f64> {
        prop_oneof![
            0.0..50.0f64,
            0.0..2000.0f64,
            0.0..25000.0f64,
            Just(0.0),
            Just(PI * EARTH_RADIUS_KM)
        ]
    }

    fn lon() -> impl Strategy<Value = f64> {
        prop_oneof![
            -180.0..=180.0f64,
            prop_oneof![170.0..=180.0f64, -180.0..=-170.0f64],
            prop::sample::select(vec![-180.0, 180.0, 0.0])
        ]
    }

    fn bbox() -> impl Strategy<Value = BBox> {
        (lon(), lon(), -90.0..=90.0f64, -90.0..=90.0f64)
            .prop_map(|(a, b, y1, y2)| BBox::new(a, y1.min(y2), b, y1.max(y2)).unwrap())
    }

    /// A star-shaped polygon (so never self-crossing) around a centre, sometimes with a hole
    /// of the same shape scaled down, and sometimes a second one beside it.
    fn area() -> impl Strategy<Value = Area> {
        let star = (
            (-175.0..175.0f64, -80.0..80.0f64),
            prop::collection::vec(0.5..20.0f64, 3..12),
            prop::option::of(0.1..0.9f64),
        )
            .prop_map(|((cx, cy), radii, hole)| {
                let n = radii.len();
                let ring = |scale: f64| -> LineString<f64> {
                    radii
                        .iter()
                        .enumerate()
                        .map(|(k, r)| {
                            let t = 2.0 * PI * k as f64 / n as f64;
                            (cx + scale * r * t.cos(), cy + scale * r * t.sin())
                        })
                        .collect::<Vec<_>>()
                        .into()
                };
                let min = radii.iter().cloned().fold(f64::INFINITY, f64::min);
                let max = radii.iter().cloned().fold(0.0, f64::max);
                let holes = hole.map(|h| ring(h * min / max)).into_iter().collect();
                Polygon::new(ring(1.0), holes)
            });
        prop::collection::vec(star, 1..3).prop_map(Area::new)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn radius_is_a_scan(pts in points(), c in point(), r in radius()) {
            let ix = IncidentIndex::new(pts.clone());
            let want: Vec<usize> = (0..pts.len()).filter(|&i| km(c, pts[i]) <= r).collect();
            prop_assert_eq!(ix.within_radius(c, r), want);
        }

        #[test]
        fn radius_around_a_point_of_the_set_is_a_scan(pts in points(), k in 0usize..200, r in radius()) {
            prop_assume!(!pts.is_empty());
            let c = pts[k % pts.len()];
            let ix = IncidentIndex::new(pts.clone());
            let want: Vec<usize> = (0..pts.len()).filter(|&i| km(c, pts[i]) <= r).collect();
            prop_assert_eq!(ix.within_radius(c, r), want);
        }

        #[test]
        fn nearest_is_a_scan(pts in points(), c in point(), k in 0usize..30, every in 1usize..4) {
            let ix = IncidentIndex::new(pts.clone());
            let keep = |i: usize| i.is_multiple_of(every);
            let mut want: Vec<(usize, f64)> = (0..pts.len())
                .filter(|&i| keep(i))
                .map(|i| (i, km(c, pts[i])))
                .collect();
            want.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            want.truncate(k);
            prop_assert_eq!(ix.nearest_where(c, k, keep), want);
        }

        #[test]
        fn bbox_is_a_scan(pts in points(), b in bbox()) {
            let ix = IncidentIndex::new(pts.clone());
            let inside = |(lon, lat): (f64, f64)| {
                let lon_ok = |lon: f64| if b.min_lon <= b.max_lon {
                    b.min_lon <= lon && lon <= b.max_lon
                } else {
                    lon >= b.min_lon || lon <= b.max_lon
                };
                let same = if lon == 180.0 { -180.0 } else if lon == -180.0 { 180.0 } else { lon };
                b.min_lat <= lat && lat <= b.max_lat && (lon_ok(lon) || lon_ok(same))
            };
            let want: Vec<usize> = (0..pts.len()).filter(|&i| inside(pts[i])).collect();
            prop_assert_eq!(ix.in_bbox(&b), want);
        }

        #[test]
        fn area_is_a_scan(mut pts in points(), area in area(), on_edges in any::<bool>()) {
            if on_edges {
                // Vertices of the polygons: on the boundary, where predicates disagree most.
                for (p, _) in &area.parts {
                    pts.extend(p.exterior().points().map(|q| (q.x(), q.y())));
                }
            }
            let pts: Vec<(f64, f64)> = pts
                .into_iter()
                .filter(|(x, y)| (-180.0..=180.0).contains(x) && (-90.0..=90.0).contains(y))
                .collect();
            let ix = IncidentIndex::new(pts.clone());
            let want: Vec<usize> = (0..pts.len())
                .filter(|&i| area.parts.iter().any(|(p, _)| p.intersects(&Point::new(pts[i].0, pts[i].1))))
                .collect();
            prop_assert_eq!(ix.within(&area), want);
        }
    }
}
