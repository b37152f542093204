//! The map's furniture: title band, legend with counts per category, scale bar,
//! attribution line, and the note on a map without incidents.

use super::basemap;
use super::canvas::{text_width, Canvas, Rect, Rgb, TextStyle, CAP_HEIGHT};
use super::heatmap;
use super::labels::baseline_for_top;
use super::projection::{Extent, View};
use super::symbols::{self, Class};
use super::Basemap;

pub const INK: Rgb = Rgb(0x22, 0x22, 0x22);
pub const MUTED: Rgb = Rgb(0x5a, 0x5a, 0x5a);
pub const PAPER: Rgb = Rgb(0xff, 0xff, 0xff);
pub const FRAME: Rgb = Rgb(0x8a, 0x8a, 0x8a);

/// What the legend explains.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    /// "Event type", "Sub-event type", "Actor 1".
    pub title: String,
    pub classes: Vec<Class>,
    /// Fatality counts and symbol radii to show, when size means fatalities.
    pub sizes: Vec<(u32, f32)>,
    /// Some incidents are fanned out around a shared point.
    pub fanned: bool,
    /// Some places hold more incidents than can be fanned out (drawn as one disc).
    pub discs: bool,
    /// Heatmap: ramp top (incidents per 100 km²) and kernel bandwidth (km).
    pub heat: Option<(f64, f64)>,
}

/// Type sizes for a map, from its scale factor.
#[derive(Debug, Clone, Copy)]
pub struct Type {
    pub s: f32,
}

impl Type {
    pub fn body(&self) -> f32 {
        12.5 * self.s
    }
    pub fn small(&self) -> f32 {
        (10.5 * self.s).max(9.0)
    }
    pub fn heading(&self) -> f32 {
        13.5 * self.s
    }
    pub fn title(&self) -> f32 {
        26.0 * self.s
    }
    pub fn subtitle(&self) -> f32 {
        14.0 * self.s
    }
}

fn style(size: f32, bold: bool, color: Rgb) -> TextStyle {
    TextStyle {
        size,
        bold,
        color,
        halo: None,
    }
}

/// Legend rows in drawing order.
enum Row {
    Heading(String),
    Class(Class),
    Sizes,
    Note(NoteIcon, String),
    Ramp,
    Text(String),
}

#[derive(Clone, Copy)]
enum NoteIcon {
    Fan,
    Disc,
}

impl Legend {
    fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        if let Some((top, bw)) = self.heat {
            rows.push(Row::Heading("Incident density".into()));
            rows.push(Row::Ramp);
            rows.push(Row::Text(format!(
                "incidents per 100 km² (top: {}+)",
                number(top)
            )));
            rows.push(Row::Text(format!("kernel bandwidth {}", km(bw))));
            return rows;
        }
        rows.push(Row::Heading(self.title.clone()));
        for c in &self.classes {
            rows.push(Row::Class(c.clone()));
        }
        if !self.sizes.is_empty() {
            rows.push(Row::Heading("Fatalities".into()));
            rows.push(Row::Sizes);
        }
        if self.fanned {
            rows.push(Row::Note(
                NoteIcon::Fan,
                "incidents at one place, fanned out".into(),
            ));
        }
        if self.discs {
            rows.push(Row::Note(
                NoteIcon::Disc,
                "many incidents at one place".into(),
            ));
        }
        rows
    }

    /// Width and height of the legend box.
    pub fn size(&self, t: Type) -> (f32, f32) {
        let pad = 10.0 * t.s;
        let mut w: f32 = 0.0;
        let mut h = pad;
        for row in self.rows() {
            let (rw, rh) = self.row_size(&row, t);
            w = w.max(rw);
            h += rh;
        }
        (w + 2.0 * pad, h + pad * 0.6)
    }

    fn row_size(&self, row: &Row, t: Type) -> (f32, f32) {
        let line = t.body() * 1.45;
        match row {
            Row::Heading(s) => (text_width(s, t.heading(), true), t.heading() * 1.5),
            Row::Class(c) => {
                let count = number(c.count as f64);
                (
                    22.0 * t.s
                        + text_width(&c.name, t.body(), false)
                        + 14.0 * t.s
                        + text_width(&count, t.body(), false),
                    line,
                )
            }
            Row::Sizes => {
                let rmax = self.sizes.iter().map(|s| s.1).fold(0.0f32, f32::max);
                let w: f32 = self
                    .sizes
                    .iter()
                    .map(|(f, r)| {
                        (2.0 * r).max(text_width(&f.to_string(), t.small(), false)) + 12.0 * t.s
                    })
                    .sum();
                (w, 2.0 * rmax + t.small() * 1.6 + 4.0 * t.s)
            }
            Row::Note(_, s) => (28.0 * t.s + text_width(s, t.small(), false), line * 1.2),
            Row::Ramp => (180.0 * t.s, 16.0 * t.s),
            Row::Text(s) => (text_width(s, t.small(), false), t.small() * 1.5),
        }
    }

    /// Draw the legend in `at` (as sized by [`Legend::size`]).
    pub fn draw(&self, c: &mut dyn Canvas, at: Rect, t: Type) {
        let s = t.s;
        c.rect(at, Some((PAPER, 0.92)), Some((FRAME, (0.8 * s).max(0.8))));
        let pad = 10.0 * s;
        let x = at.x0 + pad;
        let mut y = at.y0 + pad;
        let count_right = at.x1 - pad;
        for row in self.rows() {
            let (_, rh) = self.row_size(&row, t);
            match &row {
                Row::Heading(h) => {
                    c.text(
                        x,
                        baseline_for_top(y, t.heading()),
                        h,
                        &style(t.heading(), true, INK),
                    );
                }
                Row::Class(cl) => {
                    let mid = y + rh / 2.0;
                    c.circle(
                        (x + 7.0 * s, mid),
                        6.0 * s,
                        cl.color,
                        Some((PAPER, 1.0 * s)),
                    );
                    let base = mid + t.body() * CAP_HEIGHT / 2.0;
                    c.text(x + 22.0 * s, base, &cl.name, &style(t.body(), false, INK));
                    let n = number(cl.count as f64);
                    let nw = text_width(&n, t.body(), false);
                    c.text(count_right - nw, base, &n, &style(t.body(), false, MUTED));
                }
                Row::Sizes => {
                    let rmax = self.sizes.iter().map(|s| s.1).fold(0.0f32, f32::max);
                    let mut cx = x;
                    let cy = y + 2.0 * s + rmax;
                    for (f, r) in &self.sizes {
                        let label = f.to_string();
                        let lw = text_width(&label, t.small(), false);
                        let cell = (2.0 * r).max(lw);
                        c.circle(
                            (cx + cell / 2.0, cy + rmax - r),
                            *r,
                            Rgb(0xb0, 0xb0, 0xb0),
                            Some((Rgb(0x60, 0x60, 0x60), 1.0 * s)),
                        );
                        c.text(
                            cx + (cell - lw) / 2.0,
                            cy + rmax + 4.0 * s + t.small() * CAP_HEIGHT,
                            &label,
                            &style(t.small(), false, MUTED),
                        );
                        cx += cell + 12.0 * s;
                    }
                }
                Row::Note(icon, text) => {
                    let mid = y + rh / 2.0;
                    match icon {
                        NoteIcon::Fan => {
                            let centre = (x + 10.0 * s, mid);
                            let sym = |dx: f32, dy: f32| (centre.0 + dx * s, centre.1 + dy * s);
                            let pts = [sym(-7.0, -4.0), sym(7.0, -4.0), sym(0.0, 7.0)];
                            c.stroke(
                                &pts.iter().map(|p| vec![centre, *p]).collect::<Vec<_>>(),
                                &super::canvas::Stroke {
                                    width: 0.9 * s,
                                    color: symbols::LEADER,
                                    opacity: 0.9,
                                    dash: None,
                                },
                            );
                            c.circle(centre, 2.0 * s, symbols::LEADER, None);
                            for p in pts {
                                c.circle(p, 3.6 * s, Rgb(0xb0, 0xb0, 0xb0), Some((PAPER, 0.8 * s)));
                            }
                        }
                        NoteIcon::Disc => {
                            let slices = [(Rgb(0xb0, 0xb0, 0xb0), 3), (Rgb(0x70, 0x70, 0x70), 1)];
                            symbols::draw_disc(
                                c,
                                (x + 10.0 * s, mid),
                                9.0 * s,
                                &slices,
                                40,
                                s * 0.7,
                            );
                        }
                    }
                    c.text(
                        x + 28.0 * s,
                        mid + t.small() * CAP_HEIGHT / 2.0,
                        text,
                        &style(t.small(), false, MUTED),
                    );
                }
                Row::Ramp => {
                    let w = 180.0 * s;
                    let h = 11.0 * s;
                    let n = (w.round() as usize).max(2);
                    let mut rgba = Vec::with_capacity(n * 4);
                    for k in 0..n {
                        let (col, a) = heatmap::colour((k as f32 + 0.5) / n as f32);
                        // Over white paper, as it shows on light land.
                        let over = |v: u8| (v as f32 * a + 255.0 * (1.0 - a)).round() as u8;
                        rgba.extend_from_slice(&[over(col.0), over(col.1), over(col.2), 255]);
                    }
                    let r = Rect::new(x, y + 2.0 * s, x + w, y + 2.0 * s + h);
                    c.image(r, n as u32, 1, &rgba);
                    c.rect(r, None, Some((FRAME, 0.6 * s)));
                }
                Row::Text(text) => {
                    c.text(
                        x,
                        baseline_for_top(y, t.small()),
                        text,
                        &style(t.small(), false, MUTED),
                    );
                }
            }
            y += rh;
        }
    }
}

/// A number for people: 0.37, 4.2, 120, 12,400.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1000.0 {
        format!("{v:.0}")
    } else if v >= 1000.0 {
        let n = v.round() as u64;
        let s = n.to_string();
        let mut out = String::new();
        for (k, ch) in s.chars().enumerate() {
            if k > 0 && (s.len() - k).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        out
    } else if v >= 10.0 {
        format!("{:.0}", v)
    } else if v >= 1.0 {
        format!("{:.1}", v).trim_end_matches(".0").to_string()
    } else {
        format!("{:.2}", v)
    }
}

fn km(v: f64) -> String {
    if v >= 10.0 {
        format!("{:.0} km", v)
    } else if v >= 1.0 {
        format!("{:.1} km", v)
    } else {
        format!("{:.0} m", v * 1000.0)
    }
}

/// The scale bar's length: a round number of km about a fifth of the map's width.
pub fn scale_length(view: &View) -> (f64, f32) {
    let kpp = view.km_per_px(view.centre_lat());
    let target = view.frame.w() as f64 * 0.2 * kpp;
    let p = 10f64.powf(target.log10().floor());
    let mut best = p;
    for m in [1.0, 2.0, 5.0] {
        if m * p <= target {
            best = m * p;
        }
    }
    (best, (best / kpp) as f32)
}

/// The scale bar's box at the bottom-left of the frame.
pub fn scale_bar_rect(view: &View, t: Type) -> Rect {
    let s = t.s;
    let (_, px) = scale_length(view);
    let f = view.frame;
    let w = px + 26.0 * s + text_width(&scale_unit(view), t.small(), false);
    let h = 34.0 * s;
    Rect::new(
        f.x0 + 8.0 * s,
        f.y1 - 8.0 * s - h,
        f.x0 + 8.0 * s + w,
        f.y1 - 8.0 * s,
    )
}

/// Draw a two-part scale bar in km.
pub fn scale_bar(c: &mut dyn Canvas, view: &View, t: Type) {
    let s = t.s;
    let (len, px) = scale_length(view);
    let r = scale_bar_rect(view, t);
    c.rect(r, Some((PAPER, 0.85)), None);
    let x0 = r.x0 + 10.0 * s;
    let y = r.y1 - 10.0 * s;
    let h = 5.0 * s;
    let half = px / 2.0;
    c.rect(Rect::new(x0, y - h, x0 + half, y), Some((INK, 1.0)), None);
    c.rect(
        Rect::new(x0 + half, y - h, x0 + px, y),
        Some((PAPER, 1.0)),
        None,
    );
    c.rect(
        Rect::new(x0, y - h, x0 + px, y),
        None,
        Some((INK, (0.9 * s).max(0.8))),
    );
    let small = style(t.small(), false, INK);
    let top = y - h - 4.0 * s;
    let label = |v: f64| number(v).replace(',', "");
    c.text(
        x0 - text_width("0", t.small(), false) / 2.0,
        top,
        "0",
        &small,
    );
    let mid = label(len / 2.0);
    c.text(
        x0 + half - text_width(&mid, t.small(), false) / 2.0,
        top,
        &mid,
        &small,
    );
    let end = label(len);
    c.text(
        x0 + px - text_width(&end, t.small(), false) / 2.0,
        top,
        &end,
        &small,
    );
    c.text(x0 + px + 8.0 * s, y, &scale_unit(view), &small);
}

/// The unit, and where the scale holds when it varies across the map.
fn scale_unit(view: &View) -> String {
    let b = view.bounds();
    if b.max_lat - b.min_lat > 8.0 {
        let lat = view.centre_lat();
        format!(
            "km at {:.0}°{}",
            lat.abs(),
            if lat >= 0.0 { 'N' } else { 'S' }
        )
    } else {
        "km".to_string()
    }
}

/// The attribution line's box at the bottom-right of the frame.
pub fn attribution_rect(view: &View, text: &str, t: Type) -> Rect {
    let s = t.s;
    let w = text_width(text, t.small(), false) + 12.0 * s;
    let h = t.small() * 1.6;
    let f = view.frame;
    Rect::new(f.x1 - w, f.y1 - h, f.x1, f.y1)
}

pub fn attribution(c: &mut dyn Canvas, view: &View, text: &str, t: Type) {
    let r = attribution_rect(view, text, t);
    c.rect(r, Some((PAPER, 0.85)), None);
    c.text(
        r.x0 + 6.0 * t.s,
        r.y1 - t.small() * 0.45,
        text,
        &style(t.small(), false, MUTED),
    );
}

/// Whether a map covers little enough of the Earth to need a locator map.
pub fn wants_inset(view: &View) -> bool {
    let km = view.frame.w() as f64 * view.km_per_px(view.centre_lat());
    km < 600.0
}

/// A locator map: the region around the map, with the map's area outlined.
pub fn inset(c: &mut dyn Canvas, main: &View, at: Rect, s: f32) {
    let b = main.bounds();
    let (lon, lat) = ((b.min_lon + b.max_lon) / 2.0, (b.min_lat + b.max_lat) / 2.0);
    let view = View::fit(&Extent::around(lon, lat, 450.0), at);
    basemap::draw(c, &view, Basemap::Countries, basemap::Scale(0.6 * s));
    // Lines drawn a little past the inset's edge are covered by a paper margin.
    c.rect(at.inflate(5.0 * s), None, Some((PAPER, 5.0 * s)));
    c.rect(at.inflate(1.0 * s), None, Some((FRAME, 1.0 * s)));
    let (x0, y0) = view.project(b.min_lon, b.max_lat);
    let (x1, y1) = view.project(b.max_lon, b.min_lat);
    let mut r = Rect::new(x0 as f32, y0 as f32, x1 as f32, y1 as f32);
    let min = 7.0 * s;
    if r.w() < min || r.h() < min {
        let (cx, cy) = ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0);
        r = Rect::new(
            cx - min / 2.0,
            cy - min / 2.0,
            cx + min / 2.0,
            cy + min / 2.0,
        );
    }
    c.rect(r, Some((INK, 0.12)), Some((INK, 1.4 * s)));
    // Country names, where they fit.
    let mut placer = super::labels::Placer::new(at.inflate(-2.0 * s));
    placer.block(r.inflate(2.0 * s));
    let style = TextStyle {
        size: (10.0 * s).max(8.5),
        bold: true,
        color: basemap::COUNTRY_LABEL,
        halo: Some(basemap::LAND),
    };
    for a in basemap::area_labels(&view, Basemap::Countries) {
        if let Some(pl) = placer.place(
            &a.name,
            &style,
            &a.at,
            super::labels::Placement::Centred,
            0.0,
            false,
        ) {
            c.text(pl.x, pl.y, &a.name, &style);
        }
    }
}

/// The title band above the map.
pub fn title(c: &mut dyn Canvas, x: f32, top: f32, title: &str, subtitle: &str, t: Type) {
    let base = baseline_for_top(top, t.title());
    c.text(x, base, title, &style(t.title(), true, INK));
    c.text(
        x,
        base + t.subtitle() * 1.5,
        subtitle,
        &style(t.subtitle(), false, MUTED),
    );
}

/// A note across the middle of the map (an empty map says why it is empty).
pub fn note(c: &mut dyn Canvas, view: &View, text: &str, t: Type) {
    let size = t.heading() * 1.2;
    let w = text_width(text, size, true);
    let f = view.frame;
    let (cx, cy) = ((f.x0 + f.x1) / 2.0, (f.y0 + f.y1) / 2.0);
    let r = Rect::new(
        cx - w / 2.0 - 14.0 * t.s,
        cy - size,
        cx + w / 2.0 + 14.0 * t.s,
        cy + size,
    );
    c.rect(r, Some((PAPER, 0.9)), Some((FRAME, 1.0 * t.s)));
    c.text(
        cx - w / 2.0,
        cy + size * CAP_HEIGHT / 2.0,
        text,
        &style(size, true, INK),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::projection::Extent;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(12400.0), "12,400");
        assert_eq!(number(120.4), "120");
        assert_eq!(number(4.0), "4");
        assert_eq!(number(4.25), "4.2");
        assert_eq!(number(0.372), "0.37");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn scale_bar_is_a_round_length_near_a_fifth_of_the_map() {
        let e = Extent::parse("39.9,35.2,40.4,35.5").unwrap();
        let v = View::fit(&e, Rect::new(0.0, 0.0, 1000.0, 700.0));
        let (km, px) = scale_length(&v);
        assert!([1.0, 2.0, 5.0, 10.0, 20.0].contains(&km), "{km}");
        assert!(px > 100.0 && px <= 200.0, "{px}");
    }
}
