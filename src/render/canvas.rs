//! Drawing surfaces: one small vocabulary (fill, stroke, circle, rectangle, text, image)
//! that the PNG raster and the SVG document both speak, so every part of a map is drawn
//! once for both formats.
//!
//! The raster is a [`tiny_skia`] pixmap, the 2D library resvg draws with: anti-aliased
//! paths, even-odd fills (so lakes are holes in land), round joins on thick rivers, dashes.
//! Text is the embedded DejaVu Sans, laid out with ab_glyph (fractional advances and
//! kerning) and drawn by tiny-skia from the glyph outlines, halos as a stroke behind the
//! letters as in the SVG: no fontconfig, no system fonts, the same pixels on every machine.
//! The SVG document writes the same shapes as elements, text as text.

use std::fmt::Write as _;
use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, Glyph, OutlineCurve, PxScale, ScaleFont};
use base64::Engine as _;
use tiny_skia as sk;

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

/// The outlines of `text` laid out from the baseline point `(x, y)`, as one path to fill
/// with the non-zero rule. `None` when nothing has ink (spaces, an empty string).
fn text_path(text: &str, size: f32, bold: bool, x: f32, y: f32) -> Option<sk::Path> {
    let font = face(bold);
    let scaled = font.as_scaled(PxScale::from(size));
    let (sx, sy) = (scaled.h_scale_factor(), scaled.v_scale_factor());
    let mut pb = sk::PathBuilder::new();
    for g in layout(text, size, bold, x, y).0 {
        let Some(outline) = font.outline(g.id) else {
            continue;
        };
        // Font units are y up; the page is y down.
        let at = |p: ab_glyph::Point| (g.position.x + p.x * sx, g.position.y - p.y * sy);
        // ab_glyph gives the curves of all contours in one list; a curve that does not
        // start where the last one ended opens the next contour.
        let mut end = None;
        for c in &outline.curves {
            let (start, last) = match *c {
                OutlineCurve::Line(a, b) => (a, b),
                OutlineCurve::Quad(a, _, b) => (a, b),
                OutlineCurve::Cubic(a, _, _, b) => (a, b),
            };
            if end != Some(start) {
                if end.is_some() {
                    pb.close();
                }
                let p = at(start);
                pb.move_to(p.0, p.1);
            }
            match *c {
                OutlineCurve::Line(_, b) => {
                    let b = at(b);
                    pb.line_to(b.0, b.1);
                }
                OutlineCurve::Quad(_, c1, b) => {
                    let (c1, b) = (at(c1), at(b));
                    pb.quad_to(c1.0, c1.1, b.0, b.1);
                }
                OutlineCurve::Cubic(_, c1, c2, b) => {
                    let (c1, c2, b) = (at(c1), at(c2), at(b));
                    pb.cubic_to(c1.0, c1.1, c2.0, c2.1, b.0, b.1);
                }
            }
            end = Some(last);
        }
        if end.is_some() {
            pb.close();
        }
    }
    pb.finish()
}

/// The width of the halo stroke around text of line height `size`: wide enough to part
/// the letters from a river or border under them, on both surfaces.
fn halo_width(size: f32) -> f32 {
    (size * 0.24).max(2.8)
}

// ---------------------------------------------------------------------------------------
// Raster

/// An RGB image drawn with anti-aliasing. The background is opaque and everything is
/// drawn over it, so every pixel stays opaque and the pixmap's premultiplied RGBA is
/// plain RGB plus a constant alpha.
pub struct Raster {
    pixmap: sk::Pixmap,
}

/// A solid paint of `c` at `opacity`.
fn paint(c: Rgb, opacity: f32) -> sk::Paint<'static> {
    let mut color = sk::Color::from_rgba8(c.0, c.1, c.2, 255);
    color.set_alpha(opacity.clamp(0.0, 1.0));
    let mut p = sk::Paint::default();
    p.set_color(color);
    p
}

/// Lines (or closed rings) as one path, so a shape drawn in several parts is painted once
/// (a translucent river does not darken where its parts meet). `None` when no part has
/// length or a coordinate is not finite.
fn path(lines: &[Vec<Pt>], close: bool) -> Option<sk::Path> {
    let mut pb = sk::PathBuilder::new();
    for line in lines {
        let Some(&(x, y)) = line.first() else {
            continue;
        };
        pb.move_to(x, y);
        for p in &line[1..] {
            pb.line_to(p.0, p.1);
        }
        if line.len() == 1 {
            // A line of one point is a dot: a zero-length segment gets its round caps.
            pb.line_to(x, y);
        }
        if close {
            pb.close();
        }
    }
    pb.finish()
}

impl Raster {
    pub fn new(width: u32, height: u32, background: Rgb) -> Raster {
        // Map sizes are checked against MIN_SIDE before anything is drawn.
        let mut pixmap = sk::Pixmap::new(width, height).expect("a raster is at least 1×1 px");
        pixmap.fill(sk::Color::from_rgba8(
            background.0,
            background.1,
            background.2,
            255,
        ));
        Raster { pixmap }
    }

    pub fn width(&self) -> u32 {
        self.pixmap.width()
    }

    pub fn height(&self) -> u32 {
        self.pixmap.height()
    }

    /// The colour at a pixel.
    #[cfg(test)]
    pub fn pixel(&self, x: u32, y: u32) -> Rgb {
        let i = (y as usize * self.pixmap.width() as usize + x as usize) * 4;
        let p = &self.pixmap.data()[i..i + 3];
        Rgb(p[0], p[1], p[2])
    }

    /// The pixels, RGB row by row.
    pub fn rgb(&self) -> Vec<u8> {
        let data = self.pixmap.data();
        let mut out = Vec::with_capacity(data.len() / 4 * 3);
        for p in data.chunks_exact(4) {
            out.extend_from_slice(&p[..3]);
        }
        out
    }

    /// The image as PNG bytes; the same pixels always give the same bytes.
    pub fn png(&self) -> Vec<u8> {
        encode_png(
            self.width(),
            self.height(),
            png::ColorType::Rgb,
            &self.rgb(),
        )
    }

    fn stroke_path(&mut self, path: &sk::Path, color: Rgb, opacity: f32, stroke: &sk::Stroke) {
        let paint = paint(color, opacity);
        self.pixmap
            .stroke_path(path, &paint, stroke, sk::Transform::identity(), None);
    }

    fn fill_path(&mut self, path: &sk::Path, color: Rgb, opacity: f32, rule: sk::FillRule) {
        let paint = paint(color, opacity);
        self.pixmap
            .fill_path(path, &paint, rule, sk::Transform::identity(), None);
    }
}

/// A stroke of `width` with round joins and caps.
fn round(width: f32) -> sk::Stroke {
    sk::Stroke {
        width,
        line_join: sk::LineJoin::Round,
        line_cap: sk::LineCap::Round,
        ..sk::Stroke::default()
    }
}

impl Canvas for Raster {
    fn fill(&mut self, rings: &[Vec<Pt>], color: Rgb, opacity: f32) {
        if let Some(p) = path(rings, true) {
            self.fill_path(&p, color, opacity, sk::FillRule::EvenOdd);
        }
    }

    fn stroke(&mut self, lines: &[Vec<Pt>], s: &Stroke) {
        let Some(p) = path(lines, false) else {
            return;
        };
        let mut stroke = round(s.width);
        stroke.dash = s
            .dash
            .and_then(|(on, off)| sk::StrokeDash::new(vec![on, off], 0.0));
        self.stroke_path(&p, s.color, s.opacity, &stroke);
    }

    fn circle(&mut self, c: Pt, r: f32, fill: Rgb, outline: Option<(Rgb, f32)>) {
        // An outlined disc is the outline's colour over the whole radius with the fill's
        // disc inside: the two share no edge, so the fill cannot bleed through the
        // outline's anti-aliased rim (outlines are often under a pixel wide).
        let (inner, rim) = match outline {
            Some((oc, w)) => (r - w, Some(oc)),
            None => (r, None),
        };
        if let Some(oc) = rim {
            if let Some(p) = sk::PathBuilder::from_circle(c.0, c.1, r) {
                self.fill_path(&p, oc, 1.0, sk::FillRule::Winding);
            }
        }
        if let Some(p) = sk::PathBuilder::from_circle(c.0, c.1, inner) {
            self.fill_path(&p, fill, 1.0, sk::FillRule::Winding);
        }
    }

    fn rect(&mut self, r: Rect, fill: Option<(Rgb, f32)>, outline: Option<(Rgb, f32)>) {
        if let Some((c, o)) = fill {
            if let Some(rect) = sk::Rect::from_ltrb(r.x0, r.y0, r.x1, r.y1) {
                self.pixmap
                    .fill_rect(rect, &paint(c, o), sk::Transform::identity(), None);
            }
        }
        if let Some((c, w)) = outline {
            // A frame inside the rectangle, filled rather than stroked: under a pixel wide,
            // a stroke would be drawn as a blurred hairline.
            let inner = r.inflate(-w);
            let rings = if inner.w() > 0.0 && inner.h() > 0.0 {
                vec![r.ring(), inner.ring()]
            } else {
                vec![r.ring()]
            };
            self.fill(&rings, c, 1.0);
        }
    }

    fn text(&mut self, x: f32, y: f32, text: &str, style: &TextStyle) {
        let Some(p) = text_path(text, style.size, style.bold, x, y) else {
            return;
        };
        if let Some(halo) = style.halo {
            self.stroke_path(&p, halo, 1.0, &round(halo_width(style.size)));
        }
        self.fill_path(&p, style.color, 1.0, sk::FillRule::Winding);
    }

    fn image(&mut self, at: Rect, width: u32, height: u32, rgba: &[u8]) {
        let Some(size) = sk::IntSize::from_wh(width, height) else {
            return;
        };
        let premultiplied = rgba
            .chunks_exact(4)
            .flat_map(|p| {
                let c = sk::ColorU8::from_rgba(p[0], p[1], p[2], p[3]).premultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        let Some(image) = sk::Pixmap::from_vec(premultiplied, size) else {
            return;
        };
        let (sx, sy) = (at.w() / width as f32, at.h() / height as f32);
        let place = sk::Transform::from_row(sx, 0.0, 0.0, sy, at.x0, at.y0);
        let paint = sk::PixmapPaint {
            quality: sk::FilterQuality::Bilinear,
            ..sk::PixmapPaint::default()
        };
        self.pixmap
            .draw_pixmap(0, 0, image.as_ref(), &paint, place, None);
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

/// Text as XML character data or attribute value. Control characters other than tab and
/// newline are not allowed in XML 1.0 at all, so they are dropped, not escaped.
fn xml_escape(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| !c.is_control() || c == '\t' || c == '\n')
        .collect();
    quick_xml::escape::escape(allowed.as_str()).into_owned()
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
                halo_width(style.size)
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
            base64::engine::general_purpose::STANDARD.encode(&png)
        );
    }
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
        let Rgb(g, ..) = r.pixel(4, 5);
        assert!((120..=135).contains(&g), "{g}");
        assert_eq!(r.pixel(3, 5), BLACK);
        assert_eq!(r.pixel(5, 5), WHITE);
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
        let stroke = Stroke {
            width: 4.0,
            color: BLACK,
            opacity: 1.0,
            dash: None,
        };
        r.stroke(std::slice::from_ref(&line), &stroke);
        assert_eq!(r.pixel(15, 5), BLACK);
        assert_eq!(r.pixel(30, 5), BLACK, "the corner is filled");
        assert_eq!(r.pixel(30, 4), BLACK);
        assert_eq!(r.pixel(29, 20), BLACK);
        assert_eq!(r.pixel(15, 15), WHITE);
        // Dashed, the same line has gaps: 6 px on, 6 px off along the top.
        let mut r = Raster::new(40, 40, WHITE);
        r.stroke(
            &[line],
            &Stroke {
                dash: Some((6.0, 6.0)),
                ..stroke
            },
        );
        assert_eq!(r.pixel(7, 5), BLACK);
        assert_eq!(r.pixel(14, 5), WHITE, "a gap");
        assert_eq!(r.pixel(19, 5), BLACK);
    }

    #[test]
    fn translucent_lines_do_not_darken_where_they_overlap() {
        let mut r = Raster::new(40, 40, WHITE);
        let cross = [
            vec![(5.0, 20.0), (35.0, 20.0)],
            vec![(20.0, 5.0), (20.0, 35.0)],
        ];
        let stroke = Stroke {
            width: 6.0,
            color: BLACK,
            opacity: 0.5,
            dash: None,
        };
        r.stroke(&cross, &stroke);
        assert_eq!(r.pixel(20, 20), r.pixel(10, 20));
    }

    #[test]
    fn circles_are_outlined_inside_their_radius() {
        let mut r = Raster::new(40, 40, WHITE);
        r.circle((20.0, 20.0), 10.0, BLACK, Some((Rgb(255, 0, 0), 2.0)));
        assert_eq!(r.pixel(20, 20), BLACK);
        assert_eq!(
            r.pixel(20, 11),
            Rgb(255, 0, 0),
            "the outline, inside the edge"
        );
        assert_eq!(r.pixel(20, 8), WHITE, "nothing outside the radius");
    }

    #[test]
    fn text_draws_ink_with_a_halo_and_measures_width() {
        let draw = |halo| {
            let mut r = Raster::new(120, 30, Rgb(0, 0, 255));
            let style = TextStyle {
                size: 16.0,
                bold: false,
                color: BLACK,
                halo,
            };
            r.text(5.0, 20.0, "Hatla", &style);
            r
        };
        let count = |r: &Raster, c: Rgb| {
            (0..120)
                .flat_map(|x| (0..30).map(move |y| (x, y)))
                .filter(|&(x, y)| r.pixel(x, y) == c)
                .count()
        };
        let plain = draw(None);
        let ink = count(&plain, BLACK);
        assert!(ink > 20, "{ink}");
        assert_eq!(count(&plain, WHITE), 0);
        let haloed = draw(Some(WHITE));
        assert!(
            count(&haloed, WHITE) > ink,
            "a white halo around the letters"
        );
        // "Hatla" has no descender: the letters stand on the baseline at y = 20, right way up.
        let blank_row = |y| (0..120).all(|x| plain.pixel(x, y) == Rgb(0, 0, 255));
        assert!((22..30).all(blank_row));
        assert!(!blank_row(19) && !blank_row(10));
        let w = text_width("Hatla", 16.0, false);
        assert!((25.0..60.0).contains(&w), "{w}");
        assert!(text_width("Hatla", 16.0, true) > w);
    }

    #[test]
    fn svg_escapes_text_and_embeds_images_as_base64_png() {
        let mut s = Svg::new(200, 200, WHITE);
        let style = TextStyle {
            size: 12.0,
            bold: false,
            color: BLACK,
            halo: None,
        };
        s.text(1.0, 10.0, "Tom & Jerry <\u{7}\"q\">", &style);
        s.image(Rect::new(0.0, 0.0, 10.0, 10.0), 1, 1, &[255, 0, 0, 255]);
        let doc = s.finish("a < b");
        assert!(
            doc.contains(">Tom &amp; Jerry &lt;&quot;q&quot;&gt;</text>"),
            "{doc}"
        );
        assert!(doc.contains("<title>a &lt; b</title>"));
        let b64 = doc
            .split("base64,")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap();
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}
