//! Labels that never overlap: greedy placement with collision boxes.
//!
//! Labels are offered most important first. Each may go in one of several positions
//! around its anchor (right of a point first, as cartographers prefer, then left, above,
//! below and the diagonals); it takes the first whose box stays inside the map and clear
//! of every label already placed, of the legend and scale bar, and (for place names) of
//! the incident symbols, which are recorded in a coarse occupancy grid. A label with no
//! free position is left out and counted.
//!
//! Names in Arabic script are drawn romanised: the embedded font cannot join Arabic
//! letters (ab_glyph does no shaping), so [`romanise`] gives a readable Latin form when
//! the caller has no better one.

use super::canvas::{text_width, Pt, Rect, TextStyle, ASCENT, CAP_HEIGHT};

/// Where a label may sit relative to its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Around a point symbol of the given radius.
    Around,
    /// Centred on the anchor (areas, rivers, lakes).
    Centred,
}

/// A label placed: its text origin (baseline start) and its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub x: f32,
    pub y: f32,
    pub bounds: Rect,
}

/// Cell size of the occupancy grid for symbols, in pixels.
const CELL: f32 = 4.0;

/// Greedy label placer for one map.
pub struct Placer {
    frame: Rect,
    taken: Vec<Rect>,
    cols: usize,
    rows: usize,
    /// Cells covered by incident symbols.
    symbols: Vec<bool>,
    /// Labels left out for want of room (counted by callers when they give up on one).
    pub dropped: usize,
}

impl Placer {
    pub fn new(frame: Rect) -> Placer {
        let cols = (frame.w() / CELL).ceil().max(1.0) as usize;
        let rows = (frame.h() / CELL).ceil().max(1.0) as usize;
        Placer {
            frame,
            taken: Vec::new(),
            cols,
            rows,
            symbols: vec![false; cols * rows],
            dropped: 0,
        }
    }

    /// Keep labels off this box (legend, scale bar, a placed place dot).
    pub fn block(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// Whether a point lies under something placed or blocked (a place there would be
    /// hidden, so it gets no label).
    pub fn covers(&self, p: Pt) -> bool {
        self.taken.iter().any(|t| t.contains_pt(p))
    }

    /// Record a symbol's box in the occupancy grid.
    pub fn symbol(&mut self, r: Rect) {
        if let Some((c0, r0, c1, r1)) = self.cells(&r) {
            for row in r0..=r1 {
                for col in c0..=c1 {
                    self.symbols[row * self.cols + col] = true;
                }
            }
        }
    }

    fn cells(&self, r: &Rect) -> Option<(usize, usize, usize, usize)> {
        let f = &self.frame;
        if r.x1 < f.x0 || r.y1 < f.y0 || r.x0 > f.x1 || r.y0 > f.y1 {
            return None;
        }
        let c = |v: f32, o: f32, n: usize| (((v - o) / CELL).floor().max(0.0) as usize).min(n - 1);
        Some((
            c(r.x0, f.x0, self.cols),
            c(r.y0, f.y0, self.rows),
            c(r.x1, f.x0, self.cols),
            c(r.y1, f.y0, self.rows),
        ))
    }

    fn over_symbols(&self, r: &Rect) -> bool {
        // Shrink by a little: a label may touch the edge of a cell a symbol grazes.
        let r = r.inflate(-1.0);
        match self.cells(&r) {
            Some((c0, r0, c1, r1)) => {
                (r0..=r1).any(|row| (c0..=c1).any(|col| self.symbols[row * self.cols + col]))
            }
            None => false,
        }
    }

    /// Place `text` near one of `anchors`: the first free position, or `None`. `gap` is the distance from the anchor to the text for
    /// [`Placement::Around`]; `avoid_symbols` keeps the label off incident symbols.
    pub fn place(
        &mut self,
        text: &str,
        style: &TextStyle,
        anchors: &[Pt],
        placement: Placement,
        gap: f32,
        avoid_symbols: bool,
    ) -> Option<Placed> {
        let w = text_width(text, style.size, style.bold);
        let cap = style.size * CAP_HEIGHT;
        // The box: cap height above the baseline to a little below it.
        let h = cap + style.size * 0.22;
        let pad = (style.size * 0.25).max(2.0);
        for &(ax, ay) in anchors {
            let positions: Vec<Pt> = match placement {
                Placement::Centred => vec![(ax - w / 2.0, ay + cap / 2.0)],
                Placement::Around => {
                    let d = gap + 2.0;
                    let dd = d * 0.72;
                    vec![
                        (ax + d, ay + cap / 2.0),
                        (ax - d - w, ay + cap / 2.0),
                        (ax - w / 2.0, ay - d),
                        (ax - w / 2.0, ay + d + cap),
                        (ax + dd, ay - dd),
                        (ax + dd, ay + dd + cap),
                        (ax - dd - w, ay - dd),
                        (ax - dd - w, ay + dd + cap),
                    ]
                }
            };
            for (x, y) in positions {
                let b = Rect::new(x, y - cap, x + w, y - cap + h);
                let padded = b.inflate(pad);
                if !self.frame.inflate(-2.0).contains(&b) {
                    continue;
                }
                if self.taken.iter().any(|t| t.intersects(&padded)) {
                    continue;
                }
                if avoid_symbols && self.over_symbols(&b) {
                    continue;
                }
                self.taken.push(b);
                return Some(Placed { x, y, bounds: b });
            }
        }
        None
    }
}

/// Text top for a baseline (for callers that lay out by boxes).
pub fn baseline_for_top(top: f32, size: f32) -> f32 {
    top + size * ASCENT
}

/// Whether a string holds Arabic-script letters.
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(is_arabic)
}

fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// A readable Latin form of a name written in Arabic script, letter by letter with a few
/// rules for the article and long vowels ("دير الزور" → "Dir al-Zur"). Text without Arabic
/// letters is returned unchanged. A gazetteer's romanised name, where there is one, is
/// better; this is the fallback that keeps every label drawable.
pub fn romanise(s: &str) -> String {
    if !has_arabic(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (k, word) in s.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let chars: Vec<char> = word.chars().collect();
        let mut i = 0;
        let mut w = String::new();
        if chars.len() > 2 && chars[0] == 'ا' && chars[1] == 'ل' {
            w.push_str("al-");
            i = 2;
        }
        let start = i;
        while i < chars.len() {
            let c = chars[i];
            let at_start = i == start;
            let piece: &str = match c {
                'ا' | 'أ' | 'آ' | 'ى' => "a",
                'إ' => "i",
                'ب' => "b",
                'ت' => "t",
                'ث' => "th",
                'ج' => "j",
                'ح' | 'ه' | 'ھ' => "h",
                'خ' => "kh",
                'د' => "d",
                'ذ' => "dh",
                'ر' => "r",
                'ز' => "z",
                'س' => "s",
                'ش' => "sh",
                'ص' => "s",
                'ض' => "d",
                'ط' => "t",
                'ظ' => "z",
                'ع' | 'ء' | 'ئ' | 'ؤ' => "",
                'غ' => "gh",
                'ف' => "f",
                'ق' => "q",
                'ك' | 'ک' => "k",
                'ل' => "l",
                'م' => "m",
                'ن' => "n",
                'و' if at_start => "w",
                'و' => "u",
                'ي' | 'ی' if at_start => "y",
                'ي' | 'ی' => "i",
                'ة' => "a",
                'پ' => "p",
                'چ' => "ch",
                'ژ' => "zh",
                'گ' => "g",
                '٠'..='٩' => {
                    w.push(char::from(b'0' + (c as u32 - '٠' as u32) as u8));
                    ""
                }
                c if is_arabic(c) => "",
                c => {
                    w.push(c);
                    ""
                }
            };
            w.push_str(piece);
            i += 1;
        }
        out.push_str(&capitalise(&w));
    }
    out
}

/// Upper-case the first letter, and the first after "al-".
fn capitalise(w: &str) -> String {
    let (prefix, rest) = match w.strip_prefix("al-") {
        Some(r) => ("al-", r),
        None => ("", w),
    };
    let mut c = rest.chars();
    let first = c.next().map(|f| f.to_uppercase().collect::<String>());
    let body = format!("{}{}", first.unwrap_or_default(), c.as_str());
    if prefix.is_empty() {
        body
    } else {
        format!("{prefix}{body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::canvas::Rgb;

    fn style() -> TextStyle {
        TextStyle {
            size: 14.0,
            bold: false,
            color: Rgb(0, 0, 0),
            halo: None,
        }
    }

    /// Place a label around a point symbol of radius 4, clear of symbols.
    fn around(p: &mut Placer, text: &str, at: Pt) -> Option<Placed> {
        p.place(text, &style(), &[at], Placement::Around, 4.0, true)
    }

    #[test]
    fn labels_never_overlap_and_take_the_next_free_position() {
        let mut p = Placer::new(Rect::new(0.0, 0.0, 400.0, 300.0));
        let a = around(&mut p, "Deir ez-Zor", (200.0, 150.0)).unwrap();
        assert!(a.x > 200.0, "first choice is right of the point");
        let b = around(&mut p, "Hatla", (200.0, 150.0)).unwrap();
        assert!(!a.bounds.intersects(&b.bounds));
        assert!(b.x < 200.0, "then left");
        // Boxed in on every side: no room left.
        let more = (0..10)
            .filter_map(|_| around(&mut p, "Xxxxxxxxxxxx", (200.0, 150.0)))
            .count();
        assert!(more < 10);
    }

    #[test]
    fn labels_stay_inside_the_map_and_off_symbols() {
        let mut p = Placer::new(Rect::new(0.0, 0.0, 400.0, 300.0));
        let a = around(&mut p, "Abu Kamal", (398.0, 150.0)).unwrap();
        assert!(a.bounds.x1 <= 400.0 && a.x < 398.0);
        p.symbol(Rect::new(100.0, 90.0, 200.0, 110.0));
        let b = around(&mut p, "Mayadin", (95.0, 100.0)).unwrap();
        assert!(
            b.bounds.x1 < 100.0 || b.bounds.y1 < 90.0 || b.bounds.y0 > 110.0,
            "{b:?}"
        );
    }

    #[test]
    fn arabic_names_come_out_in_latin_letters() {
        assert_eq!(romanise("دير الزور"), "Dir al-Zur");
        assert_eq!(romanise("حلب"), "Hlb");
        assert_eq!(romanise("Hatla"), "Hatla");
        assert!(!has_arabic(&romanise("الميادين ١٢")));
    }
}
