//! Incident symbols: a circle per incident, coloured by category from a colour-blind-safe
//! palette (Okabe & Ito), sized by fatalities.
//!
//! Incidents at the same point (ACLED-style data puts every event it can only place in a
//! town at the town's centre) would hide each other, so they are fanned out around that
//! point, joined to it by thin leaders; more than [`MAX_FAN`] at one point become one disc
//! sized by their count and divided by category.

use super::canvas::{Canvas, Pt, Rect, Rgb, Stroke};
use super::projection::View;
use super::{Incidents, SizeBy};

/// Okabe & Ito's palette (2008) without its yellow, too pale on a light basemap.
pub const PALETTE: [Rgb; 7] = [
    Rgb(0x00, 0x72, 0xb2), // blue
    Rgb(0xd5, 0x5e, 0x00), // vermillion
    Rgb(0x00, 0x9e, 0x73), // bluish green
    Rgb(0xcc, 0x79, 0xa7), // reddish purple
    Rgb(0xe6, 0x9f, 0x00), // orange
    Rgb(0x56, 0xb4, 0xe9), // sky blue
    Rgb(0x00, 0x00, 0x00), // black
];

/// Grey for "other" and unknown categories.
pub const OTHER: Rgb = Rgb(0x8c, 0x8c, 0x8c);
pub const OUTLINE: Rgb = Rgb(0xff, 0xff, 0xff);
pub const LEADER: Rgb = Rgb(0x55, 0x55, 0x55);

/// ACLED's event types keep the same colours on every map.
const EVENT_TYPES: [(&str, Rgb); 6] = [
    ("Battles", Rgb(0xd5, 0x5e, 0x00)),
    ("Explosions/Remote violence", Rgb(0xe6, 0x9f, 0x00)),
    ("Violence against civilians", Rgb(0xcc, 0x79, 0xa7)),
    ("Protests", Rgb(0x00, 0x72, 0xb2)),
    ("Riots", Rgb(0x56, 0xb4, 0xe9)),
    ("Strategic developments", Rgb(0x00, 0x9e, 0x73)),
];

/// The colour of an ACLED event type, if `name` is one.
pub fn event_type_colour(name: &str) -> Option<Rgb> {
    EVENT_TYPES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, c)| c)
}

/// At most this many incidents at one point are fanned out; more become one disc.
pub const MAX_FAN: usize = 24;
/// Above this many incidents on a map, symbols are not grouped: fans would cover the map.
pub const FAN_LIMIT: usize = 1000;

/// How much to shrink symbols on a crowded map: 1 up to 300 incidents, then falling with
/// the fourth root of the count, to 0.35 at about 20,000.
pub fn crowding(n: usize) -> f32 {
    (300.0 / n.max(1) as f32).powf(0.25).clamp(0.35, 1.0)
}

/// One legend line: a colour and the categories it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub name: String,
    pub color: Rgb,
    /// Incidents on the map in this class.
    pub count: usize,
}

/// Colours for categories: fixed ones for ACLED event types, otherwise the palette in
/// order of frequency, the rest grey as "Other". Returns the colour of each category index
/// and the legend classes, most frequent first ("Other" last).
pub fn classes(inc: &Incidents, counts: &[usize], by_event_type: bool) -> (Vec<Rgb>, Vec<Class>) {
    let n = inc.categories.len();
    let mut order: Vec<usize> = (0..n).filter(|&k| counts[k] > 0).collect();
    order.sort_by(|&a, &b| {
        counts[b]
            .cmp(&counts[a])
            .then_with(|| inc.categories[a].cmp(&inc.categories[b]))
    });
    let mut colour = vec![OTHER; n];
    let mut legend = Vec::new();
    let mut other = 0;
    let mut other_kinds = 0;
    let mut next = 0;
    for k in order {
        let name = &inc.categories[k];
        let fixed = if by_event_type {
            event_type_colour(name)
        } else {
            None
        };
        let c = match fixed {
            Some(c) => Some(c),
            None if by_event_type => None,
            None if next < PALETTE.len() && !name.is_empty() => {
                next += 1;
                Some(PALETTE[next - 1])
            }
            None => None,
        };
        match c {
            Some(c) => {
                colour[k] = c;
                legend.push(Class {
                    name: name.clone(),
                    color: c,
                    count: counts[k],
                });
            }
            None => {
                other += counts[k];
                other_kinds += 1;
            }
        }
    }
    if other > 0 {
        legend.push(Class {
            name: if other_kinds == 1 && inc.categories.iter().any(|c| c.is_empty()) {
                "Unknown".to_string()
            } else {
                "Other".to_string()
            },
            color: OTHER,
            count: other,
        });
    }
    (colour, legend)
}

/// Symbol radius in pixels for a fatality count.
pub fn radius(fatalities: u32, size_by: SizeBy, s: f32) -> f32 {
    match size_by {
        SizeBy::None => 7.0 * s,
        SizeBy::Fatalities => ((6.0 + 2.4 * (fatalities as f32).sqrt()) * s).min(30.0 * s),
    }
}

/// One drawn symbol.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub at: Pt,
    pub r: f32,
    pub color: Rgb,
    /// Index into the incidents.
    pub incident: usize,
}

/// Incidents sharing one point.
#[derive(Debug, Clone, PartialEq)]
pub enum Group {
    One(Symbol),
    /// Fanned out around `centre`.
    Fan {
        centre: Pt,
        symbols: Vec<Symbol>,
    },
    /// Too many to fan: one disc, split by class (colour, count).
    Disc {
        centre: Pt,
        r: f32,
        slices: Vec<(Rgb, usize)>,
        count: usize,
    },
}

impl Group {
    /// The box the group covers.
    pub fn bounds(&self) -> Rect {
        let b = |p: Pt, r: f32| Rect::new(p.0 - r, p.1 - r, p.0 + r, p.1 + r);
        match self {
            Group::One(s) => b(s.at, s.r),
            Group::Fan { symbols, .. } => symbols.iter().fold(b(symbols[0].at, 0.0), |acc, s| {
                let o = b(s.at, s.r);
                Rect::new(
                    acc.x0.min(o.x0),
                    acc.y0.min(o.y0),
                    acc.x1.max(o.x1),
                    acc.y1.max(o.y1),
                )
            }),
            Group::Disc { centre, r, .. } => b(*centre, *r),
        }
    }

    /// Every symbol of the group, for labels and obstacles.
    pub fn symbols(&self) -> &[Symbol] {
        match self {
            Group::One(s) => std::slice::from_ref(s),
            Group::Fan { symbols, .. } => symbols,
            Group::Disc { .. } => &[],
        }
    }
}

/// Lay out the incidents inside the frame: group those at the same point and fan them out
/// (on maps of at most [`FAN_LIMIT`] incidents). `visible` lists incident indices on the
/// map; `colour` is per category.
pub fn layout(
    inc: &Incidents,
    view: &View,
    visible: &[usize],
    colour: &[Rgb],
    size_by: SizeBy,
    s: f32,
) -> Vec<Group> {
    // Sort by position (to half a pixel) so that equal points are neighbours.
    let mut keyed: Vec<((i64, i64), usize)> = visible
        .iter()
        .map(|&i| {
            let m = &inc.marks[i];
            let (x, y) = view.project(m.lon, m.lat);
            (((x * 2.0).round() as i64, (y * 2.0).round() as i64), i)
        })
        .collect();
    keyed.sort_unstable();
    if keyed.len() > FAN_LIMIT {
        let mut groups: Vec<Group> = keyed
            .iter()
            .map(|&((kx, ky), i)| {
                group(
                    inc,
                    (kx as f32 / 2.0, ky as f32 / 2.0),
                    vec![i],
                    colour,
                    size_by,
                    s,
                )
            })
            .collect();
        groups.sort_by(|a, b| b.bounds().w().total_cmp(&a.bounds().w()));
        return groups;
    }
    let mut groups = Vec::new();
    let mut k = 0;
    while k < keyed.len() {
        let mut j = k;
        while j < keyed.len() && keyed[j].0 == keyed[k].0 {
            j += 1;
        }
        let members: Vec<usize> = keyed[k..j].iter().map(|e| e.1).collect();
        let (kx, ky) = keyed[k].0;
        let centre = (kx as f32 / 2.0, ky as f32 / 2.0);
        groups.push(group(inc, centre, members, colour, size_by, s));
        k = j;
    }
    // Big symbols first, so small ones stay visible on top.
    groups.sort_by(|a, b| {
        let ra = a.bounds().w();
        let rb = b.bounds().w();
        rb.total_cmp(&ra)
    });
    groups
}

fn group(
    inc: &Incidents,
    centre: Pt,
    mut members: Vec<usize>,
    colour: &[Rgb],
    size_by: SizeBy,
    s: f32,
) -> Group {
    let symbol = |i: usize, at: Pt| {
        let m = &inc.marks[i];
        Symbol {
            at,
            r: radius(m.fatalities, size_by, s),
            color: colour[m.category as usize],
            incident: i,
        }
    };
    if members.len() == 1 {
        return Group::One(symbol(members[0], centre));
    }
    if members.len() > MAX_FAN {
        let mut slices: Vec<(Rgb, usize)> = Vec::new();
        let mut cats: Vec<u32> = members.iter().map(|&i| inc.marks[i].category).collect();
        cats.sort_unstable();
        for c in cats {
            let col = colour[c as usize];
            match slices.iter_mut().find(|s| s.0 == col) {
                Some(s) => s.1 += 1,
                None => slices.push((col, 1)),
            }
        }
        slices.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0 .0.cmp(&b.0 .0)));
        let count = members.len();
        return Group::Disc {
            centre,
            r: disc_radius(count, s),
            slices,
            count,
        };
    }
    // Same colours side by side, the deadliest first.
    members.sort_by(|&a, &b| {
        let (ma, mb) = (&inc.marks[a], &inc.marks[b]);
        ma.category
            .cmp(&mb.category)
            .then(mb.fatalities.cmp(&ma.fatalities))
            .then(a.cmp(&b))
    });
    let rmax = members
        .iter()
        .map(|&i| radius(inc.marks[i].fatalities, size_by, s))
        .fold(0.0f32, f32::max);
    let n = members.len();
    let gap = 2.0 * rmax + 3.0 * s;
    let symbols = if n <= 8 {
        // One ring, starting at the top.
        let ring = (gap / 2.0 / (std::f32::consts::PI / n as f32).sin()).max(rmax + 9.0 * s);
        members
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let t = -std::f32::consts::FRAC_PI_2 + k as f32 * std::f32::consts::TAU / n as f32;
                symbol(i, (centre.0 + ring * t.cos(), centre.1 + ring * t.sin()))
            })
            .collect()
    } else {
        // A sunflower: even spacing for any count.
        let golden = std::f32::consts::PI * (3.0 - 5f32.sqrt());
        members
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let d = gap * 0.62 * ((k + 1) as f32).sqrt() + rmax * 0.6;
                let t = -std::f32::consts::FRAC_PI_2 + k as f32 * golden;
                symbol(i, (centre.0 + d * t.cos(), centre.1 + d * t.sin()))
            })
            .collect()
    };
    Group::Fan { centre, symbols }
}

/// Radius of a disc standing for `count` incidents.
pub fn disc_radius(count: usize, s: f32) -> f32 {
    ((7.0 + 2.2 * (count as f32).sqrt()) * s).min(60.0 * s)
}

/// Draw the groups.
pub fn draw(c: &mut dyn Canvas, groups: &[Group], s: f32) {
    // A white rim parts overlapping symbols; thinner on small ones, which it would swamp.
    let outline = |r: f32| Some((OUTLINE, (0.16 * r).clamp(0.6, 1.2 * s)));
    for g in groups {
        match g {
            Group::One(sym) => c.circle(sym.at, sym.r, sym.color, outline(sym.r)),
            Group::Fan { centre, symbols } => {
                let leaders: Vec<Vec<Pt>> =
                    symbols.iter().map(|sym| vec![*centre, sym.at]).collect();
                c.stroke(
                    &leaders,
                    &Stroke {
                        width: (0.9 * s).max(0.8),
                        color: LEADER,
                        opacity: 0.9,
                        dash: None,
                    },
                );
                c.circle(*centre, 2.6 * s, LEADER, Some((OUTLINE, 0.8 * s)));
                for sym in symbols {
                    c.circle(sym.at, sym.r, sym.color, outline(sym.r));
                }
            }
            Group::Disc {
                centre,
                r,
                slices,
                count,
            } => {
                draw_disc(c, *centre, *r, slices, *count, s);
            }
        }
    }
}

/// A disc divided into slices by count, with the total in the middle.
pub fn draw_disc(
    c: &mut dyn Canvas,
    centre: Pt,
    r: f32,
    slices: &[(Rgb, usize)],
    count: usize,
    s: f32,
) {
    let total: usize = slices.iter().map(|s| s.1).sum::<usize>().max(1);
    c.circle(centre, r, OUTLINE, None);
    let inner = r - 1.2 * s;
    let mut start = -std::f32::consts::FRAC_PI_2;
    for &(col, n) in slices {
        let sweep = n as f32 / total as f32 * std::f32::consts::TAU;
        if slices.len() == 1 {
            c.circle(centre, inner, col, None);
            break;
        }
        let steps = ((sweep * inner / 3.0).ceil() as usize).max(2);
        let mut ring = vec![centre];
        for k in 0..=steps {
            let t = start + sweep * k as f32 / steps as f32;
            ring.push((centre.0 + inner * t.cos(), centre.1 + inner * t.sin()));
        }
        ring.push(centre);
        c.fill(&[ring], col, 1.0);
        start += sweep;
    }
    let label = count.to_string();
    let size = (11.0 * s).max(9.0);
    let w = super::canvas::text_width(&label, size, true);
    c.text(
        centre.0 - w / 2.0,
        centre.1 + size * super::canvas::CAP_HEIGHT / 2.0,
        &label,
        &super::canvas::TextStyle {
            size,
            bold: true,
            color: Rgb(0xff, 0xff, 0xff),
            halo: Some(Rgb(0x22, 0x22, 0x22)),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::projection::Extent;
    use crate::render::ColorBy;

    fn sample() -> Incidents {
        let mut inc = Incidents::new(ColorBy::EventType);
        for k in 0..3 {
            inc.push(40.14, 35.33, "Battles", k, Some("Deir ez-Zor"), None);
        }
        inc.push(40.2, 35.34, "Protests", 0, Some("Hatla"), None);
        inc.push(40.3, 35.35, "Looting", 0, None, None);
        inc
    }

    #[test]
    fn event_types_keep_their_colours_and_others_are_grey() {
        let inc = sample();
        let counts = inc.counts(&[0, 1, 2, 3, 4]);
        let (colour, legend) = classes(&inc, &counts, true);
        assert_eq!(colour[0], event_type_colour("Battles").unwrap());
        assert_eq!(legend[0].name, "Battles");
        assert_eq!(legend[0].count, 3);
        assert_eq!(legend.last().unwrap().name, "Other");
        assert_eq!(legend.last().unwrap().color, OTHER);
    }

    #[test]
    fn incidents_at_one_point_fan_out_and_single_ones_stay_put() {
        let inc = sample();
        let e = Extent::parse("40.0,35.2,40.4,35.5").unwrap();
        let view = View::fit(&e, Rect::new(0.0, 0.0, 800.0, 600.0));
        let counts = inc.counts(&[0, 1, 2, 3, 4]);
        let (colour, _) = classes(&inc, &counts, true);
        let groups = layout(
            &inc,
            &view,
            &[0, 1, 2, 3, 4],
            &colour,
            SizeBy::Fatalities,
            1.0,
        );
        assert_eq!(groups.len(), 3);
        let fan = groups
            .iter()
            .find_map(|g| match g {
                Group::Fan { centre, symbols } => Some((centre, symbols)),
                _ => None,
            })
            .unwrap();
        assert_eq!(fan.1.len(), 3);
        // No two fanned symbols overlap.
        for a in fan.1 {
            for b in fan.1 {
                if a.incident != b.incident {
                    let d = ((a.at.0 - b.at.0).powi(2) + (a.at.1 - b.at.1).powi(2)).sqrt();
                    assert!(d >= a.r + b.r, "{d}");
                }
            }
        }
        let hatla = view.pt(40.2, 35.34);
        assert!(groups.iter().any(|g| matches!(g, Group::One(s)
            if (s.at.0 - hatla.0).abs() < 0.6 && (s.at.1 - hatla.1).abs() < 0.6)));
    }

    #[test]
    fn many_incidents_at_one_point_become_a_disc() {
        let mut inc = Incidents::new(ColorBy::EventType);
        for _ in 0..100 {
            inc.push(40.14, 35.33, "Battles", 0, None, None);
        }
        let e = Extent::parse("40.0,35.2,40.4,35.5").unwrap();
        let view = View::fit(&e, Rect::new(0.0, 0.0, 800.0, 600.0));
        let all: Vec<usize> = (0..100).collect();
        let groups = layout(&inc, &view, &all, &[OTHER], SizeBy::Fatalities, 1.0);
        assert!(matches!(groups[0], Group::Disc { count: 100, .. }));
    }

    #[test]
    fn deadlier_incidents_get_bigger_symbols() {
        assert!(radius(25, SizeBy::Fatalities, 1.0) > radius(1, SizeBy::Fatalities, 1.0));
        assert_eq!(radius(25, SizeBy::None, 1.0), radius(0, SizeBy::None, 1.0));
    }
}
