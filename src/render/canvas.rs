//! Drawing surfaces: one small vocabulary (fill, stroke, circle, rectangle, text, image)
//! that the PNG raster and the SVG document both speak, so every part of a map is drawn
//! once for both formats.
//!
//! The raster is our own anti-aliased scanline rasteriser: it accumulates the signed area
//! each edge covers in each pixel, as font rasterisers do, which gives smooth edges, holes
//! (even-odd) in land and lake polygons and round joins on thick rivers. Text uses the
//! embedded DejaVu Sans, laid out and rasterised with ab_glyph (the font engine of
//! plotters' `ab_glyph` feature, used directly because plotters' own text drawing rounds
//! every glyph to a whole pixel and drops side bearings, which shows as uneven letter
//! spacing): no fontconfig, no system fonts, the same pixels on every machine.

use std::fmt::Write as _;
use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, Glyph, PxScale, ScaleFont};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A point in pixels, y down.
pub type Pt = (f32, f32);

/// An axis-aligned rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    pub fn w(&self) -> f32 {
        self.x1 - self.x0
    }

    pub fn h(&self) -> f32 {
        self.y1 - self.y0
    }

    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    pub fn contains_pt(&self, p: Pt) -> bool {
        p.0 >= self.x0 && p.0 <= self.x1 && p.1 >= self.y0 && p.1 <= self.y1
    }

    /// Grown by `d` on every side (shrunk for negative `d`).
    pub fn inflate(&self, d: f32) -> Rect {
        Rect::new(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)
    }

    /// The rectangle as a closed ring.
    pub fn ring(&self) -> Vec<Pt> {
        vec![
            (self.x0, self.y0),
            (self.x1, self.y0),
            (self.x1, self.y1),
            (self.x0, self.y1),
            (self.x0, self.y0),
        ]
    }
}

/// How text looks. `size` is the font's line height in pixels (ascent plus descent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size: f32,
    pub bold: bool,
    pub color: Rgb,
    /// A surrounding outline that keeps text legible over a busy map.
    pub halo: Option<Rgb>,
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub color: Rgb,
    pub opacity: f32,
    /// Dash and gap lengths in pixels.
    pub dash: Option<(f32, f32)>,
}

/// What a map is drawn on.
pub trait Canvas {
    /// Fill closed rings with the even-odd rule (so a ring inside another is a hole).
    fn fill(&mut self, rings: &[Vec<Pt>], color: Rgb, opacity: f32);
    /// Stroke open lines with round joins and caps.
    fn stroke(&mut self, lines: &[Vec<Pt>], stroke: &Stroke);
    /// A disc, optionally outlined (`(colour, width)`, drawn inside the radius).
    fn circle(&mut self, c: Pt, r: f32, fill: Rgb, outline: Option<(Rgb, f32)>);
    /// A rectangle, filled (`(colour, opacity)`) and/or outlined (`(colour, width)`).
    fn rect(&mut self, r: Rect, fill: Option<(Rgb, f32)>, outline: Option<(Rgb, f32)>);
    /// Text whose baseline starts at `(x, y)`.
    fn text(&mut self, x: f32, y: f32, text: &str, style: &TextStyle);
    /// An RGBA image (straight alpha, rows top to bottom) stretched over `at`.
    fn image(&mut self, at: Rect, width: u32, height: u32, rgba: &[u8]);
}

// ---------------------------------------------------------------------------------------
// Fonts

static REGULAR: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");

/// DejaVu Sans: ascender 1901, descender 483 of 2048 units, so a line height of `size`
/// pixels puts the baseline 0.797 of it below the top.
pub const ASCENT: f32 = 1901.0 / 2384.0;
/// Cap height as a share of the line height.
pub const CAP_HEIGHT: f32 = 1493.0 / 2384.0;

fn face(bold: bool) -> &'static FontRef<'static> {
    static FACES: OnceLock<[FontRef<'static>; 2]> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        // Both are valid TrueType files compiled into the binary; the unit tests draw
        // with them.
        [
            FontRef::try_from_slice(REGULAR).expect("bundled DejaVu Sans"),
            FontRef::try_from_slice(BOLD).expect("bundled DejaVu Sans Bold"),
        ]
    });
    &faces[usize::from(bold)]
}

/// Lay `text` out from the baseline point `(x, y)`: glyphs at fractional positions, with
/// kerning. Returns the glyphs and the advance width.
fn layout(text: &str, size: f32, bold: bool, x: f32, y: f32) -> (Vec<Glyph>, f32) {
    let f = face(bold).as_scaled(PxScale::from(size));
    let mut glyphs = Vec::with_capacity(text.len());
    let mut caret = 0.0;
    let mut prev = None;
    for c in text.chars().filter(|c| !c.is_control()) {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            caret += f.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(size, point(x + caret, y)));
        caret += f.h_advance(id);
        prev = Some(id);
    }
    (glyphs, caret)
}

/// The advance width of `text` in pixels.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    layout(text, size, bold, 0.0, 0.0).1
}

// ---------------------------------------------------------------------------------------
// Raster

/// An RGB image drawn with anti-aliasing.
pub struct Raster {
    w: usize,
    h: usize,
    /// RGB, row-major.
    px: Vec<u8>,
    /// Coverage accumulator, reused between fills.
    acc: Vec<f32>,
}

#[derive(Clone, Copy, PartialEq)]
enum Rule {
    EvenOdd,
    NonZero,
}

impl Raster {
    pub fn new(width: u32, height: u32, background: Rgb) -> Raster {
        let (w, h) = (width as usize, height as usize);
        let mut px = Vec::with_capacity(w * h * 3);
        for _ in 0..w * h {
            px.extend_from_slice(&[background.0, background.1, background.2]);
        }
        Raster {
            w,
            h,
            px,
            acc: Vec::new(),
        }
    }

    pub fn width(&self) -> u32 {
        self.w as u32
    }

    pub fn height(&self) -> u32 {
        self.h as u32
    }

    /// The colour at a pixel.
    pub fn pixel(&self, x: u32, y: u32) -> Rgb {
        let i = (y as usize * self.w + x as usize) * 3;
        Rgb(self.px[i], self.px[i + 1], self.px[i + 2])
    }

    /// The pixels, RGB row by row.
    pub fn rgb(&self) -> &[u8] {
        &self.px
    }

    /// The image as PNG bytes; the same pixels always give the same bytes.
    pub fn png(&self) -> Vec<u8> {
        encode_png(self.w as u32, self.h as u32, png::ColorType::Rgb, &self.px)
    }

    #[inline]
    fn blend(&mut self, i: usize, c: Rgb, alpha: f32) {
        if alpha <= 0.0 {
            return;
        }
        let a = (alpha.min(1.0) * 255.0 + 0.5) as u32;
        let p = &mut self.px[i * 3..i * 3 + 3];
        for (d, s) in p.iter_mut().zip([c.0, c.1, c.2]) {
            *d = ((s as u32 * a + *d as u32 * (255 - a) + 127) / 255) as u8;
        }
    }

    /// Rasterise polygons given as closed rings and paint the covered pixels.
    fn paint(&mut self, rings: &[Vec<Pt>], rule: Rule, color: Rgb, opacity: f32) {
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in rings.iter().flatten() {
            x0 = x0.min(p.0);
            y0 = y0.min(p.1);
            x1 = x1.max(p.0);
            y1 = y1.max(p.1);
        }
        // Pixels left of the shape still need its edges' cover, so the region starts at the
        // shape's left edge (or the canvas's).
        let rx0 = x0.floor().max(0.0) as usize;
        let ry0 = y0.floor().max(0.0) as usize;
        let rx1 = (x1.ceil().max(0.0) as usize).min(self.w);
        let ry1 = (y1.ceil().max(0.0) as usize).min(self.h);
        if rx0 >= rx1 || ry0 >= ry1 || !x0.is_finite() {
            return;
        }
        let (bw, bh) = (rx1 - rx0, ry1 - ry0);
        let stride = bw + 2;
        self.acc.clear();
        self.acc.resize(stride * bh, 0.0);
        let acc = Accumulator {
            a: &mut self.acc,
            stride,
            w: bw as f32,
            h: bh as f32,
        };
        let mut acc = acc;
        let (ox, oy) = (rx0 as f32, ry0 as f32);
        for ring in rings {
            for e in ring.windows(2) {
                acc.edge((e[0].0 - ox, e[0].1 - oy), (e[1].0 - ox, e[1].1 - oy));
            }
        }
        for row in 0..bh {
            let mut sum = 0.0f32;
            for col in 0..bw {
                sum += self.acc[row * stride + col];
                let cov = match rule {
                    Rule::NonZero => sum.abs().min(1.0),
                    Rule::EvenOdd => {
                        let f = sum.abs() % 2.0;
                        if f > 1.0 {
                            2.0 - f
                        } else {
                            f
                        }
                    }
                };
                if cov > 0.002 {
                    let i = (ry0 + row) * self.w + rx0 + col;
                    self.blend(i, color, cov * opacity);
                }
            }
        }
    }
}

/// Signed-area accumulation for one paint: each edge adds, in each pixel it crosses, the
/// area to its right; a running sum along a row then gives every pixel's coverage.
struct Accumulator<'a> {
    a: &'a mut Vec<f32>,
    stride: usize,
    w: f32,
    h: f32,
}

impl Accumulator<'_> {
    /// Add an edge, cut at the region's left and right sides: parts outside are moved onto
    /// the side, where they still cover the pixels to their right (or none).
    fn edge(&mut self, p0: Pt, p1: Pt) {
        if p0.1 == p1.1 || !(p0.0.is_finite() && p1.0.is_finite()) {
            return;
        }
        let mut ts = [0.0f32, 1.0, 1.0, 1.0];
        let mut n = 1;
        let dx = p1.0 - p0.0;
        if dx != 0.0 {
            for bound in [0.0, self.w] {
                let t = (bound - p0.0) / dx;
                if t > 0.0 && t < 1.0 {
                    ts[n] = t;
                    n += 1;
                }
            }
        }
        ts[n] = 1.0;
        ts[..=n].sort_by(f32::total_cmp);
        let at = |t: f32| (p0.0 + dx * t, p0.1 + (p1.1 - p0.1) * t);
        for k in 0..n {
            let (a, b) = (at(ts[k]), at(ts[k + 1]));
            let mid = p0.0 + dx * (ts[k] + ts[k + 1]) / 2.0;
            let clamp = |x: f32| {
                if mid < 0.0 {
                    0.0
                } else if mid > self.w {
                    self.w
                } else {
                    x.clamp(0.0, self.w)
                }
            };
            self.line((clamp(a.0), a.1), (clamp(b.0), b.1));
        }
    }

    fn line(&mut self, p0: Pt, p1: Pt) {
        if p0.1 == p1.1 {
            return;
        }
        let (dir, a, b) = if p0.1 < p1.1 {
            (1.0, p0, p1)
        } else {
            (-1.0, p1, p0)
        };
        let dxdy = (b.0 - a.0) / (b.1 - a.1);
        let ystart = a.1.max(0.0);
        let yend = b.1.min(self.h);
        if ystart >= yend {
            return;
        }
        let mut x = a.0 + (ystart - a.1) * dxdy;
        let mut y = ystart;
        let mut row = ystart as usize;
        while y < yend {
            let ynext = ((row + 1) as f32).min(yend);
            let dy = ynext - y;
            let xnext = (x + dxdy * dy).clamp(0.0, self.w);
            self.span(row, x, xnext, dy * dir);
            x = xnext;
            y = ynext;
            row += 1;
        }
    }

    /// Add the cover `d` of a line crossing one pixel row from `xa` to `xb`.
    fn span(&mut self, row: usize, xa: f32, xb: f32, d: f32) {
        let base = row * self.stride;
        let a = &mut self.a[base..base + self.stride];
        let (x0, x1) = if xa < xb { (xa, xb) } else { (xb, xa) };
        let x0f = x0.floor();
        let x0i = x0f as usize;
        let x1c = x1.ceil();
        let x1i = x1c as usize;
        if x1i <= x0i + 1 {
            let xm = 0.5 * (x0 + x1) - x0f;
            a[x0i] += d - d * xm;
            a[x0i + 1] += d * xm;
        } else {
            let s = 1.0 / (x1 - x0);
            let f0 = x0 - x0f;
            let a0 = 0.5 * s * (1.0 - f0) * (1.0 - f0);
            let f1 = x1 - x1c + 1.0;
            let am = 0.5 * s * f1 * f1;
            a[x0i] += d * a0;
            if x1i == x0i + 2 {
                a[x0i + 1] += d * (1.0 - a0 - am);
            } else {
                let a1 = s * (1.5 - f0);
                a[x0i + 1] += d * (a1 - a0);
                for v in a.iter_mut().take(x1i - 1).skip(x0i + 2) {
                    *v += d * s;
                }
                let a2 = a1 + (x1i - x0i - 3) as f32 * s;
                a[x1i - 1] += d * (1.0 - a2 - am);
            }
            a[x1i] += d * am;
        }
    }
}

/// The outline of a stroked line as polygons of one winding: a quad per segment and a disc
/// at each bend and end, so that, painted non-zero, they join into one smooth band.
fn stroke_outline(line: &[Pt], width: f32, out: &mut Vec<Vec<Pt>>) {
    let hw = width / 2.0;
    // Drop points closer than a third of a pixel: they add cost, not shape.
    let mut pts: Vec<Pt> = Vec::with_capacity(line.len());
    for &p in line {
        match pts.last() {
            Some(&q) if (p.0 - q.0).abs() < 0.33 && (p.1 - q.1).abs() < 0.33 => {}
            _ => pts.push(p),
        }
    }
    if pts.len() == 1 {
        out.push(disc(pts[0], hw));
        return;
    }
    let round = width > 1.3;
    for (k, s) in pts.windows(2).enumerate() {
        let (a, b) = (s[0], s[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len == 0.0 {
            continue;
        }
        let (nx, ny) = (-dy / len * hw, dx / len * hw);
        out.push(vec![
            (a.0 + nx, a.1 + ny),
            (b.0 + nx, b.1 + ny),
            (b.0 - nx, b.1 - ny),
            (a.0 - nx, a.1 - ny),
            (a.0 + nx, a.1 + ny),
        ]);
        if round && (k == 0 || bends(&pts, k)) {
            out.push(disc(a, hw));
        }
    }
    if round {
        out.push(disc(*pts.last().unwrap(), hw));
    }
}

/// Whether the line turns at point `k` by more than a few degrees.
fn bends(pts: &[Pt], k: usize) -> bool {
    let (a, b, c) = (pts[k - 1], pts[k], pts[k + 1]);
    let (ux, uy, vx, vy) = (b.0 - a.0, b.1 - a.1, c.0 - b.0, c.1 - b.1);
    let cross = ux * vy - uy * vx;
    let dot = ux * vx + uy * vy;
    cross.abs() > 0.1 * dot.abs() || dot < 0.0
}

/// A disc as a polygon wound like [`stroke_outline`]'s quads.
fn disc(c: Pt, r: f32) -> Vec<Pt> {
    let n = ((r * 3.0).ceil() as usize).clamp(8, 64);
    (0..=n)
        .map(|k| {
            let t = -(k as f32) / n as f32 * std::f32::consts::TAU;
            (c.0 + r * t.cos(), c.1 + r * t.sin())
        })
        .collect()
}

/// Cut lines into dashes.
pub fn dashes(lines: &[Vec<Pt>], on: f32, off: f32) -> Vec<Vec<Pt>> {
    let mut out = Vec::new();
    for line in lines {
        let mut drawing = true;
        let mut left = on;
        let mut cur: Vec<Pt> = vec![line[0]];
        for s in line.windows(2) {
            let (mut a, b) = (s[0], s[1]);
            let mut len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            while len > left {
                let t = left / len;
                let m = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                if drawing {
                    cur.push(m);
                    out.push(std::mem::take(&mut cur));
                } else {
                    cur = vec![m];
                }
                drawing = !drawing;
                len -= left;
                left = if drawing { on } else { off };
                a = m;
            }
            left -= len;
            if drawing {
                cur.push(b);
            }
        }
        if drawing && cur.len() > 1 {
            out.push(cur);
        }
    }
    out
}

impl Canvas for Raster {
    fn fill(&mut self, rings: &[Vec<Pt>], color: Rgb, opacity: f32) {
        self.paint(rings, Rule::EvenOdd, color, opacity);
    }

    fn stroke(&mut self, lines: &[Vec<Pt>], stroke: &Stroke) {
        let dashed;
        let lines = match stroke.dash {
            Some((on, off)) => {
                dashed = dashes(lines, on, off);
                &dashed
            }
            None => lines,
        };
        let mut polys = Vec::new();
        for line in lines.iter().filter(|l| !l.is_empty()) {
            stroke_outline(line, stroke.width, &mut polys);
        }
        self.paint(&polys, Rule::NonZero, stroke.color, stroke.opacity);
    }

    fn circle(&mut self, c: Pt, r: f32, fill: Rgb, outline: Option<(Rgb, f32)>) {
        let x0 = (c.0 - r - 1.0).floor().max(0.0) as usize;
        let y0 = (c.1 - r - 1.0).floor().max(0.0) as usize;
        let x1 = ((c.0 + r + 1.0).ceil().max(0.0) as usize).min(self.w);
        let y1 = ((c.1 + r + 1.0).ceil().max(0.0) as usize).min(self.h);
        for y in y0..y1 {
            for x in x0..x1 {
                let (dx, dy) = (x as f32 + 0.5 - c.0, y as f32 + 0.5 - c.1);
                let d = (dx * dx + dy * dy).sqrt();
                let cov = (r + 0.5 - d).clamp(0.0, 1.0);
                if cov <= 0.0 {
                    continue;
                }
                let i = y * self.w + x;
                match outline {
                    Some((oc, ow)) => {
                        let inner = (d - (r - ow) + 0.5).clamp(0.0, 1.0);
                        self.blend(i, fill, cov * (1.0 - inner));
                        self.blend(i, oc, cov * inner);
                    }
                    None => self.blend(i, fill, cov),
                }
            }
        }
    }

    fn rect(&mut self, r: Rect, fill: Option<(Rgb, f32)>, outline: Option<(Rgb, f32)>) {
        if let Some((c, o)) = fill {
            self.paint(&[r.ring()], Rule::EvenOdd, c, o);
        }
        if let Some((c, w)) = outline {
            let inner = r.inflate(-w);
            self.paint(&[r.ring(), inner.ring()], Rule::EvenOdd, c, 1.0);
        }
    }

    fn text(&mut self, x: f32, y: f32, text: &str, style: &TextStyle) {
        let (glyphs, _) = layout(text, style.size, style.bold, x, y);
        let font = face(style.bold);
        let outlined: Vec<_> = glyphs
            .into_iter()
            .filter_map(|g| font.outline_glyph(g))
            .collect();
        let Some(first) = outlined.first() else {
            return;
        };
        let mut b = first.px_bounds();
        for g in &outlined {
            let r = g.px_bounds();
            b.min.x = b.min.x.min(r.min.x);
            b.min.y = b.min.y.min(r.min.y);
            b.max.x = b.max.x.max(r.max.x);
            b.max.y = b.max.y.max(r.max.y);
        }
        let r = if style.halo.is_some() {
            (style.size * 0.12).max(1.4)
        } else {
            0.0
        };
        let pad = r.ceil() as i32 + 1;
        let ox = b.min.x.floor() as i32 - pad;
        let oy = b.min.y.floor() as i32 - pad;
        let mw = (b.max.x.ceil() as i32 - ox + pad).max(1) as usize;
        let mh = (b.max.y.ceil() as i32 - oy + pad).max(1) as usize;
        let mut mask = vec![0f32; mw * mh];
        for g in &outlined {
            let gb = g.px_bounds();
            let (gx, gy) = (gb.min.x as i32 - ox, gb.min.y as i32 - oy);
            g.draw(|px, py, c| {
                let (mx, my) = (gx + px as i32, gy + py as i32);
                if mx >= 0 && my >= 0 && (mx as usize) < mw && (my as usize) < mh {
                    let m = &mut mask[my as usize * mw + mx as usize];
                    *m = (*m + c).min(1.0);
                }
            });
        }
        if let Some(halo) = style.halo {
            let h = dilate(&mask, mw, mh, r);
            self.mask(ox, oy, mw, mh, &h, halo);
        }
        self.mask(ox, oy, mw, mh, &mask, style.color);
    }

    fn image(&mut self, at: Rect, width: u32, height: u32, rgba: &[u8]) {
        let (x0, y0) = (at.x0.round() as i64, at.y0.round() as i64);
        let sx = width as f32 / at.w();
        let sy = height as f32 / at.h();
        let (w, h) = (at.w().round() as i64, at.h().round() as i64);
        for yy in 0..h {
            let y = y0 + yy;
            if y < 0 || y >= self.h as i64 {
                continue;
            }
            let srow = ((yy as f32 * sy) as u32).min(height - 1) as usize;
            for xx in 0..w {
                let x = x0 + xx;
                if x < 0 || x >= self.w as i64 {
                    continue;
                }
                let scol = ((xx as f32 * sx) as u32).min(width - 1) as usize;
                let s = &rgba[(srow * width as usize + scol) * 4..][..4];
                if s[3] > 0 {
                    let i = y as usize * self.w + x as usize;
                    self.blend(i, Rgb(s[0], s[1], s[2]), s[3] as f32 / 255.0);
                }
            }
        }
    }
}

/// A mask grown by `r` pixels, with a soft edge: a text halo.
fn dilate(mask: &[f32], w: usize, h: usize, r: f32) -> Vec<f32> {
    let ri = r.ceil() as i32;
    let mut kernel = Vec::new();
    for dy in -ri..=ri {
        for dx in -ri..=ri {
            let d = ((dx * dx + dy * dy) as f32).sqrt();
            let k = (r + 0.5 - d).clamp(0.0, 1.0);
            if k > 0.0 {
                kernel.push((dx, dy, k));
            }
        }
    }
    let mut out = vec![0f32; mask.len()];
    for y in 0..h as i32 {
        for x in 0..w as i32 {
            let v = mask[y as usize * w + x as usize];
            if v <= 0.0 {
                continue;
            }
            for &(dx, dy, k) in &kernel {
                let (hx, hy) = (x + dx, y + dy);
                if hx >= 0 && hy >= 0 && (hx as usize) < w && (hy as usize) < h {
                    let t = &mut out[hy as usize * w + hx as usize];
                    *t = t.max(v * k);
                }
            }
        }
    }
    out
}

impl Raster {
    fn mask(&mut self, ox: i32, oy: i32, mw: usize, mh: usize, m: &[f32], c: Rgb) {
        for my in 0..mh {
            let y = oy + my as i32;
            if y < 0 || y >= self.h as i32 {
                continue;
            }
            for mx in 0..mw {
                let x = ox + mx as i32;
                if x < 0 || x >= self.w as i32 {
                    continue;
                }
                let a = m[my * mw + mx];
                if a > 0.0 {
                    self.blend(y as usize * self.w + x as usize, c, a);
                }
            }
        }
    }
}

/// PNG bytes of an image, with fixed settings so equal pixels give equal files.
pub fn encode_png(width: u32, height: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(color);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        enc.set_filter(png::FilterType::Sub);
        enc.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        // Writing to a Vec cannot fail, and the header matches the data by construction.
        let mut w = enc.write_header().expect("PNG header");
        w.write_image_data(data).expect("PNG data");
    }
    out
}

// ---------------------------------------------------------------------------------------
// SVG

/// An SVG document. Shapes keep their vector form; text stays text (in DejaVu Sans where
/// installed), with halos drawn as a stroke behind the letters.
pub struct Svg {
    w: u32,
    h: u32,
    body: String,
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

fn path_data(out: &mut String, rings: &[Vec<Pt>], close: bool) {
    for ring in rings {
        for (k, p) in ring.iter().enumerate() {
            let _ = write!(
                out,
                "{}{:.1} {:.1}",
                if k == 0 { 'M' } else { 'L' },
                p.0,
                p.1
            );
        }
        if close {
            out.push('Z');
        }
    }
}

impl Svg {
    pub fn new(width: u32, height: u32, background: Rgb) -> Svg {
        let mut s = Svg {
            w: width,
            h: height,
            body: String::new(),
        };
        s.rect(
            Rect::new(0.0, 0.0, width as f32, height as f32),
            Some((background, 1.0)),
            None,
        );
        s
    }

    /// Start a titled document; `finish` closes it.
    pub fn finish(self, title: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
             width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\n<title>{t}</title>\n{b}</svg>\n",
            w = self.w,
            h = self.h,
            t = xml_escape(title),
            b = self.body
        )
    }
}

impl Canvas for Svg {
    fn fill(&mut self, rings: &[Vec<Pt>], color: Rgb, opacity: f32) {
        if rings.is_empty() {
            return;
        }
        self.body.push_str("<path d=\"");
        path_data(&mut self.body, rings, true);
        let _ = writeln!(
            self.body,
            "\" fill=\"{}\" fill-opacity=\"{opacity:.2}\" fill-rule=\"evenodd\"/>",
            color.hex()
        );
    }

    fn stroke(&mut self, lines: &[Vec<Pt>], s: &Stroke) {
        if lines.is_empty() {
            return;
        }
        self.body.push_str("<path d=\"");
        path_data(&mut self.body, lines, false);
        let dash = s
            .dash
            .map(|(a, b)| format!(" stroke-dasharray=\"{a:.1} {b:.1}\""))
            .unwrap_or_default();
        let _ = writeln!(
            self.body,
            "\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"{:.2}\" stroke-width=\"{:.2}\" \
             stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash}/>",
            s.color.hex(),
            s.opacity,
            s.width
        );
    }

    fn circle(&mut self, c: Pt, r: f32, fill: Rgb, outline: Option<(Rgb, f32)>) {
        let stroke = match outline {
            Some((oc, w)) => format!(" stroke=\"{}\" stroke-width=\"{w:.2}\"", oc.hex()),
            None => String::new(),
        };
        // The raster draws the outline inside the radius; so does this.
        let r = r - outline.map_or(0.0, |(_, w)| w / 2.0);
        let _ = writeln!(
            self.body,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.2}\" fill=\"{}\"{stroke}/>",
            c.0,
            c.1,
            fill.hex()
        );
    }

    fn rect(&mut self, r: Rect, fill: Option<(Rgb, f32)>, outline: Option<(Rgb, f32)>) {
        let fill = match fill {
            Some((c, o)) => format!("fill=\"{}\" fill-opacity=\"{o:.2}\"", c.hex()),
            None => "fill=\"none\"".to_string(),
        };
        let (stroke, inset) = match outline {
            Some((c, w)) => (
                format!(" stroke=\"{}\" stroke-width=\"{w:.2}\"", c.hex()),
                w / 2.0,
            ),
            None => (String::new(), 0.0),
        };
        let _ = writeln!(
            self.body,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" {fill}{stroke}/>",
            r.x0 + inset,
            r.y0 + inset,
            r.w() - 2.0 * inset,
            r.h() - 2.0 * inset
        );
    }

    fn text(&mut self, x: f32, y: f32, text: &str, style: &TextStyle) {
        // CSS font-size is the em; our size is the line height (1.164 em for DejaVu).
        let em = style.size / 1.164;
        let weight = if style.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let halo = match style.halo {
            Some(h) => format!(
                " stroke=\"{}\" stroke-width=\"{:.1}\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
                h.hex(),
                (style.size * 0.24).max(2.8)
            ),
            None => String::new(),
        };
        let _ = writeln!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-family=\"DejaVu Sans, Verdana, sans-serif\" \
             font-size=\"{em:.1}\"{weight} fill=\"{}\"{halo}>{}</text>",
            style.color.hex(),
            xml_escape(text)
        );
    }

    fn image(&mut self, at: Rect, width: u32, height: u32, rgba: &[u8]) {
        let png = encode_png(width, height, png::ColorType::Rgba, rgba);
        let _ = writeln!(
            self.body,
            "<image x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" \
             preserveAspectRatio=\"none\" href=\"data:image/png;base64,{}\"/>",
            at.x0,
            at.y0,
            at.w(),
            at.h(),
            base64(&png)
        );
    }
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= c.len() {
                out.push(T[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Rgb = Rgb(255, 255, 255);
    const BLACK: Rgb = Rgb(0, 0, 0);

    #[test]
    fn fills_have_exact_interiors_soft_edges_and_holes() {
        let mut r = Raster::new(40, 40, WHITE);
        let outer = Rect::new(5.0, 5.0, 35.0, 35.0).ring();
        let hole = Rect::new(15.0, 15.0, 25.0, 25.0).ring();
        r.fill(&[outer, hole], BLACK, 1.0);
        assert_eq!(r.pixel(7, 7), BLACK);
        assert_eq!(r.pixel(20, 20), WHITE, "the inner ring is a hole");
        assert_eq!(r.pixel(2, 2), WHITE);
        // Half a pixel covered: half grey.
        let mut r = Raster::new(10, 10, WHITE);
        r.fill(&[Rect::new(0.0, 0.0, 4.5, 10.0).ring()], BLACK, 1.0);
        assert_eq!(r.pixel(4, 5), Rgb(127, 127, 127));
        assert_eq!(r.pixel(3, 5), BLACK);
    }

    #[test]
    fn shapes_reaching_outside_the_canvas_are_clipped_not_lost() {
        let mut r = Raster::new(20, 20, WHITE);
        r.fill(&[Rect::new(-50.0, -50.0, 10.0, 70.0).ring()], BLACK, 1.0);
        assert_eq!(r.pixel(0, 0), BLACK);
        assert_eq!(r.pixel(9, 19), BLACK);
        assert_eq!(r.pixel(10, 10), WHITE);
    }

    #[test]
    fn thick_strokes_join_without_gaps() {
        let mut r = Raster::new(40, 40, WHITE);
        let line = vec![(5.0, 5.0), (30.0, 5.0), (30.0, 30.0)];
        r.stroke(
            &[line],
            &Stroke {
                width: 4.0,
                color: BLACK,
                opacity: 1.0,
                dash: None,
            },
        );
        assert_eq!(r.pixel(15, 5), BLACK);
        assert_eq!(r.pixel(30, 5), BLACK, "the corner is filled");
        assert_eq!(r.pixel(30, 4), BLACK);
        assert_eq!(r.pixel(29, 20), BLACK);
        assert_eq!(r.pixel(15, 15), WHITE);
    }

    #[test]
    fn dashes_alternate() {
        let d = dashes(&[vec![(0.0, 0.0), (10.0, 0.0)]], 2.0, 3.0);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0], vec![(0.0, 0.0), (2.0, 0.0)]);
        assert_eq!(d[1][0], (5.0, 0.0));
    }

    #[test]
    fn text_draws_ink_and_measures_width() {
        let mut r = Raster::new(120, 30, WHITE);
        let style = TextStyle {
            size: 16.0,
            bold: false,
            color: BLACK,
            halo: None,
        };
        r.text(5.0, 20.0, "Hatla", &style);
        let dark = (0..120)
            .flat_map(|x| (0..30).map(move |y| (x, y)))
            .filter(|&(x, y)| r.pixel(x, y).0 < 100)
            .count();
        assert!(dark > 20, "{dark}");
        let w = text_width("Hatla", 16.0, false);
        assert!((25.0..60.0).contains(&w), "{w}");
        assert!(text_width("Hatla", 16.0, true) > w);
    }

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"f"), "Zg==");
    }
}
