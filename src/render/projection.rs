//! Where a longitude and latitude land on the page: spherical Web Mercator (EPSG:3857).
//!
//! Web Mercator is conformal, so towns, rivers and borders keep their shapes at every
//! latitude, and it is the projection web maps use, so our maps look like the ones readers
//! know. Its scale grows with latitude (1/cos φ); the scale bar gives distances at the map's
//! centre latitude and says so when the map spans enough latitude for that to matter.
//! Maps cannot cross the antimeridian, and latitudes are limited to ±85.05°.

use crate::error::{Error, Result};

use super::canvas::{Pt, Rect};
use crate::index::BBox;

/// Spherical Mercator radius (metres), as EPSG:3857.
const R: f64 = 6_378_137.0;
/// Mean Earth radius for ground distances (km): the one the library's distances use.
const EARTH_KM: f64 = crate::model::EARTH_RADIUS_KM;
/// Web Mercator's latitude limit.
pub const MAX_LAT: f64 = 85.051_128_78;

/// A longitude/latitude box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl Extent {
    /// Parse `MINLON,MINLAT,MAXLON,MAXLAT` as `query --bbox` does ([`BBox`]), then
    /// [`Extent::of_bbox`].
    pub fn parse(s: &str) -> Result<Extent> {
        Extent::of_bbox(&s.parse::<BBox>()?)
    }

    /// The map's extent for a box given as `query` takes it. A box across the antimeridian
    /// (MINLON east of MAXLON) is refused with a sentence that says what to do instead: a
    /// map is drawn in one Mercator strip, which cannot yet wrap around 180°.
    pub fn of_bbox(b: &BBox) -> Result<Extent> {
        if b.crosses_antimeridian() {
            return Err(Error::Input(format!(
                "--bbox {b}: the box crosses the antimeridian (180°), and a map cannot yet; \
                 draw each side on its own (--bbox {},{},180,{} and --bbox -180,{},{},{}), \
                 or give MINLON west of MAXLON (query takes such a box as it is)",
                b.min_lon, b.min_lat, b.max_lat, b.min_lat, b.max_lon, b.max_lat
            )));
        }
        let e = Extent {
            min_lon: b.min_lon,
            min_lat: b.min_lat,
            max_lon: b.max_lon,
            max_lat: b.max_lat,
        };
        e.check()?;
        Ok(e)
    }

    /// Reject boxes that are not boxes.
    pub fn check(&self) -> Result<()> {
        let all = [self.min_lon, self.min_lat, self.max_lon, self.max_lat];
        if all.iter().any(|v| !v.is_finite()) {
            return Err(Error::Input("--bbox: coordinates must be finite".into()));
        }
        if !(-180.0..=180.0).contains(&self.min_lon) || !(-180.0..=180.0).contains(&self.max_lon) {
            return Err(Error::Input(format!(
                "--bbox: longitudes must be within -180..180 (got {} and {}; the order is MINLON,MINLAT,MAXLON,MAXLAT)",
                self.min_lon, self.max_lon
            )));
        }
        if !(-90.0..=90.0).contains(&self.min_lat) || !(-90.0..=90.0).contains(&self.max_lat) {
            return Err(Error::Input(format!(
                "--bbox: latitudes must be within -90..90 (got {} and {}; the order is MINLON,MINLAT,MAXLON,MAXLAT)",
                self.min_lat, self.max_lat
            )));
        }
        if self.min_lat >= self.max_lat {
            return Err(Error::Input(format!(
                "--bbox: the minimum latitude {} is not below the maximum {} (the order is MINLON,MINLAT,MAXLON,MAXLAT)",
                self.min_lat, self.max_lat
            )));
        }
        if self.min_lon >= self.max_lon {
            return Err(Error::Input(format!(
                "--bbox: the minimum longitude {} is not west of the maximum {} (maps across the antimeridian are not supported)",
                self.min_lon, self.max_lon
            )));
        }
        Ok(())
    }

    /// The box around a circle of `radius_km` about a point.
    pub fn around(lon: f64, lat: f64, radius_km: f64) -> Extent {
        let dlat = (radius_km / EARTH_KM).to_degrees();
        let dlon = dlat / lat.to_radians().cos().max(0.01);
        Extent {
            min_lon: (lon - dlon).max(-180.0),
            min_lat: (lat - dlat).max(-MAX_LAT),
            max_lon: (lon + dlon).min(180.0),
            max_lat: (lat + dlat).min(MAX_LAT),
        }
    }

    /// The smallest box holding every point, if there is one.
    pub fn of_points(points: impl IntoIterator<Item = (f64, f64)>) -> Option<Extent> {
        let mut e: Option<Extent> = None;
        for (lon, lat) in points {
            let x = e.get_or_insert(Extent {
                min_lon: lon,
                min_lat: lat,
                max_lon: lon,
                max_lat: lat,
            });
            x.min_lon = x.min_lon.min(lon);
            x.min_lat = x.min_lat.min(lat);
            x.max_lon = x.max_lon.max(lon);
            x.max_lat = x.max_lat.max(lat);
        }
        e
    }

    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        lon >= self.min_lon && lon <= self.max_lon && lat >= self.min_lat && lat <= self.max_lat
    }

    pub fn intersects(&self, o: &Extent) -> bool {
        self.min_lon <= o.max_lon
            && o.min_lon <= self.max_lon
            && self.min_lat <= o.max_lat
            && o.min_lat <= self.max_lat
    }

    /// Whether `o` lies wholly inside this box.
    pub fn covers(&self, o: &Extent) -> bool {
        o.min_lon >= self.min_lon
            && o.max_lon <= self.max_lon
            && o.min_lat >= self.min_lat
            && o.max_lat <= self.max_lat
    }
}

impl std::fmt::Display for Extent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.4},{:.4},{:.4},{:.4}",
            self.min_lon, self.min_lat, self.max_lon, self.max_lat
        )
    }
}

/// Web Mercator metres of a point.
pub fn mercator(lon: f64, lat: f64) -> (f64, f64) {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    (
        R * lon.to_radians(),
        R * (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln(),
    )
}

fn inverse(x: f64, y: f64) -> (f64, f64) {
    let lon = (x / R).to_degrees();
    let lat = (2.0 * (y / R).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    (lon, lat)
}

/// A map's projection onto its frame on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// The map's frame on the page, in pixels.
    pub frame: Rect,
    /// Mercator metres at the frame's left and top edges.
    x0: f64,
    y0: f64,
    /// Pixels per Mercator metre.
    scale: f64,
}

impl View {
    /// The view that shows `extent` whole, centred in `frame`, widened in one direction to
    /// fill the frame's shape.
    pub fn fit(extent: &Extent, frame: Rect) -> View {
        let (ax, ay) = mercator(extent.min_lon, extent.min_lat);
        let (bx, by) = mercator(extent.max_lon, extent.max_lat);
        let (w, h) = ((bx - ax).max(1.0), (by - ay).max(1.0));
        let scale = (frame.w() as f64 / w).min(frame.h() as f64 / h);
        let (cx, cy) = ((ax + bx) / 2.0, (ay + by) / 2.0);
        View {
            frame,
            x0: cx - frame.w() as f64 / 2.0 / scale,
            y0: cy + frame.h() as f64 / 2.0 / scale,
            scale,
        }
    }

    /// As [`View::fit`], keeping `pad` pixels clear inside the frame's edges.
    pub fn fit_padded(extent: &Extent, frame: Rect, pad: f32) -> View {
        let pad = pad.min(frame.w() / 4.0).min(frame.h() / 4.0).max(0.0);
        let v = View::fit(extent, frame.inflate(-pad));
        View {
            frame,
            x0: v.x0 - pad as f64 / v.scale,
            y0: v.y0 + pad as f64 / v.scale,
            scale: v.scale,
        }
    }

    /// Pixel position of a point (outside the frame for points off the map).
    #[inline]
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = mercator(lon, lat);
        self.project_mercator(x, y)
    }

    #[inline]
    pub fn project_mercator(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.frame.x0 as f64 + (x - self.x0) * self.scale,
            self.frame.y0 as f64 + (self.y0 - y) * self.scale,
        )
    }

    /// As [`View::project`], in `f32` for drawing.
    #[inline]
    pub fn pt(&self, lon: f64, lat: f64) -> Pt {
        let (x, y) = self.project(lon, lat);
        (x as f32, y as f32)
    }

    /// Longitude and latitude at a pixel.
    pub fn unproject(&self, px: f64, py: f64) -> (f64, f64) {
        inverse(
            self.x0 + (px - self.frame.x0 as f64) / self.scale,
            self.y0 - (py - self.frame.y0 as f64) / self.scale,
        )
    }

    /// The longitude/latitude box the frame shows.
    pub fn bounds(&self) -> Extent {
        let (min_lon, max_lat) = self.unproject(self.frame.x0 as f64, self.frame.y0 as f64);
        let (max_lon, min_lat) = self.unproject(self.frame.x1 as f64, self.frame.y1 as f64);
        Extent {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        }
    }

    /// Latitude at the frame's centre.
    pub fn centre_lat(&self) -> f64 {
        let c = self.frame.y0 as f64 + self.frame.h() as f64 / 2.0;
        self.unproject(self.frame.x0 as f64, c).1
    }

    /// Ground kilometres per pixel at a latitude.
    pub fn km_per_px(&self, lat: f64) -> f64 {
        lat.to_radians().cos() / self.scale / 1000.0 * (EARTH_KM * 1000.0 / R)
    }

    /// The web-map zoom level with the same scale (0: the world in 256 pixels), which Natural
    /// Earth's `min_zoom` attributes are written for.
    pub fn zoom(&self) -> f64 {
        (self.scale * 2.0 * std::f64::consts::PI * R / 256.0).log2()
    }
}

/// The extent that frames `points` with a margin, at least `min_km` across in each
/// direction. `None` without points.
pub fn frame_points(
    points: impl IntoIterator<Item = (f64, f64)>,
    margin: f64,
    min_km: f64,
) -> Option<Extent> {
    let e = Extent::of_points(points)?;
    let (ax, ay) = mercator(e.min_lon, e.min_lat);
    let (bx, by) = mercator(e.max_lon, e.max_lat);
    let (cx, cy) = ((ax + bx) / 2.0, (ay + by) / 2.0);
    let (_, clat) = inverse(cx, cy);
    // Ground km to Mercator metres at the centre latitude.
    let min_m = min_km * 1000.0 * (R / (EARTH_KM * 1000.0)) / clat.to_radians().cos().max(0.01);
    let hw = ((bx - ax) * (1.0 + 2.0 * margin)).max(min_m) / 2.0;
    let hh = ((by - ay) * (1.0 + 2.0 * margin)).max(min_m) / 2.0;
    let (min_lon, min_lat) = inverse(cx - hw, cy - hh);
    let (max_lon, max_lat) = inverse(cx + hw, cy + hh);
    Some(Extent {
        min_lon: min_lon.max(-180.0),
        min_lat: min_lat.max(-MAX_LAT),
        max_lon: max_lon.min(180.0),
        max_lat: max_lat.min(MAX_LAT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_round_trip_and_north_is_up() {
        let e = Extent::parse("39.8,35.1,40.6,35.6").unwrap();
        let v = View::fit(&e, Rect::new(0.0, 0.0, 800.0, 600.0));
        let (x, y) = v.project(40.14, 35.33);
        let (lon, lat) = v.unproject(x, y);
        assert!((lon - 40.14).abs() < 1e-9 && (lat - 35.33).abs() < 1e-9);
        let (_, north) = v.project(40.14, 35.5);
        assert!(north < y);
        let b = v.bounds();
        assert!(b.covers(&e), "{b} must show {e}");
    }

    #[test]
    fn scale_matches_ground_distance() {
        // 0.1 degree of latitude is 11.1 km.
        let e = Extent::parse("40.0,35.0,40.4,35.4").unwrap();
        let v = View::fit(&e, Rect::new(0.0, 0.0, 1000.0, 1000.0));
        let (_, y1) = v.project(40.2, 35.15);
        let (_, y2) = v.project(40.2, 35.25);
        let km = (y1 - y2) * v.km_per_px(35.2);
        assert!((km - 11.12).abs() < 0.05, "{km}");
    }

    #[test]
    fn bad_boxes_are_refused_with_the_reason() {
        let err = Extent::parse("40,36,41,35").unwrap_err().to_string();
        assert!(err.contains("MINLAT 36"), "{err}");
        assert!(Extent::parse("40,35,41")
            .unwrap_err()
            .to_string()
            .contains("got \"40,35,41\""));
        assert!(Extent::parse("40,x,41,36").is_err());
        assert!(Extent::parse("40,35,41,95").is_err());
        assert!(Extent::parse("40,35,40,36").is_err());
        // Across the antimeridian: query's box, refused with what to do instead.
        let err = Extent::parse("170,-20,-170,0").unwrap_err().to_string();
        assert!(err.contains("crosses the antimeridian"), "{err}");
        assert!(
            err.contains("--bbox 170,-20,180,0 and --bbox -180,-20,-170,0"),
            "{err}"
        );
    }

    #[test]
    fn framing_never_zooms_in_past_the_minimum() {
        let e = frame_points([(40.14, 35.33), (40.2, 35.34)], 0.1, 30.0).unwrap();
        let v = View::fit(&e, Rect::new(0.0, 0.0, 1000.0, 1000.0));
        let km = 1000.0 * v.km_per_px(35.33);
        assert!((30.0..31.0).contains(&km), "{km}");
        let wide = frame_points([(36.0, 33.0), (42.0, 37.0)], 0.1, 30.0).unwrap();
        assert!(wide.min_lon < 36.0 && wide.max_lat > 37.0);
    }
}
