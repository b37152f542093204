//! Heatmap: a kernel-density surface for sets too large to draw as dots.
//!
//! Incidents are counted per pixel, the counts are smoothed with a Gaussian kernel
//! (approximated by three box blurs per axis, so the cost does not grow with the
//! bandwidth), divided by each pixel's ground area (Web Mercator pixels shrink towards the
//! poles), and coloured on a sequential yellow-orange-red ramp (ColorBrewer YlOrRd, readable
//! with every common colour-vision deficiency) that fades to transparent where there is
//! little, so the basemap stays visible. A million incidents take a few tens of
//! milliseconds; the result is the same on every run.

use rayon::prelude::*;

use super::canvas::Rgb;
use super::projection::View;
use super::Mark;

/// ColorBrewer YlOrRd, 9 classes.
pub const RAMP: [Rgb; 9] = [
    Rgb(0xff, 0xff, 0xcc),
    Rgb(0xff, 0xed, 0xa0),
    Rgb(0xfe, 0xd9, 0x76),
    Rgb(0xfe, 0xb2, 0x4c),
    Rgb(0xfd, 0x8d, 0x3c),
    Rgb(0xfc, 0x4e, 0x2a),
    Rgb(0xe3, 0x1a, 0x1c),
    Rgb(0xbd, 0x00, 0x26),
    Rgb(0x80, 0x00, 0x26),
];

/// A coloured density surface over the map frame.
pub struct Heat {
    pub width: usize,
    pub height: usize,
    /// Straight-alpha RGBA, row by row.
    pub rgba: Vec<u8>,
    /// Incidents per 100 km² at the top of the colour ramp.
    pub top: f64,
    /// The kernel's standard deviation on the ground, at the map's centre.
    pub bandwidth_km: f64,
}

/// The colour and opacity for a share `t` (0..1) of the ramp.
pub fn colour(t: f32) -> (Rgb, f32) {
    let t = t.clamp(0.0, 1.0);
    let x = t * (RAMP.len() - 1) as f32;
    let k = (x.floor() as usize).min(RAMP.len() - 2);
    let f = x - k as f32;
    let (a, b) = (RAMP[k], RAMP[k + 1]);
    let mix = |p: u8, q: u8| (p as f32 + (q as f32 - p as f32) * f).round() as u8;
    let alpha = (t / 0.12).min(1.0) * (0.5 + 0.4 * t);
    (Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2)), alpha)
}

/// The density of `marks` over the view's frame, smoothed with a kernel of `sigma_px`
/// pixels.
pub fn density(view: &View, marks: &[Mark], sigma_px: f32) -> Heat {
    let w = view.frame.w().round().max(1.0) as usize;
    let h = view.frame.h().round().max(1.0) as usize;
    // The pixel each incident falls in (parallel, order kept), then counted.
    let cells: Vec<u32> = marks
        .par_iter()
        .with_min_len(16_384)
        .map(|m| {
            let (x, y) = view.project(m.lon, m.lat);
            let (x, y) = (x - view.frame.x0 as f64, y - view.frame.y0 as f64);
            if x >= 0.0 && y >= 0.0 && x < w as f64 && y < h as f64 {
                (y as usize * w + x as usize) as u32
            } else {
                u32::MAX
            }
        })
        .collect();
    let mut grid = vec![0f32; w * h];
    for c in cells {
        if c != u32::MAX {
            grid[c as usize] += 1.0;
        }
    }
    blur(&mut grid, w, h, sigma_px);
    // Per 100 km²: each row's pixels cover a different ground area.
    let row_factor: Vec<f32> = (0..h)
        .map(|y| {
            let lat = view
                .unproject(view.frame.x0 as f64, view.frame.y0 as f64 + y as f64 + 0.5)
                .1;
            let km = view.km_per_px(lat);
            (100.0 / (km * km)) as f32
        })
        .collect();
    grid.par_chunks_mut(w)
        .zip(row_factor.par_iter())
        .for_each(|(row, f)| row.iter_mut().for_each(|v| *v *= f));
    let top = ramp_top(&grid);
    let mut rgba = vec![0u8; w * h * 4];
    rgba.par_chunks_mut(w * 4)
        .zip(grid.par_chunks(w))
        .for_each(|(out, row)| {
            for (px, &d) in out.chunks_exact_mut(4).zip(row) {
                if d <= 0.0 {
                    continue;
                }
                let t = (d / top).sqrt();
                if t < 0.03 {
                    continue;
                }
                let (c, a) = colour(t);
                px.copy_from_slice(&[c.0, c.1, c.2, (a * 255.0).round() as u8]);
            }
        });
    let km = view.km_per_px(view.centre_lat());
    Heat {
        width: w,
        height: h,
        rgba,
        top: top as f64,
        bandwidth_km: sigma_px as f64 * km,
    }
}

/// The density at the top of the ramp: the 99.5th percentile of the covered pixels, so
/// one extreme spot does not wash out the rest; rounded to a readable number.
fn ramp_top(grid: &[f32]) -> f32 {
    let peak = grid.iter().copied().fold(0.0f32, f32::max);
    if peak <= 0.0 {
        return 1.0;
    }
    let mut v: Vec<f32> = grid.iter().copied().filter(|&d| d > peak * 1e-4).collect();
    let k = ((v.len() as f64 * 0.995) as usize).min(v.len() - 1);
    let (_, q, _) = v.select_nth_unstable_by(k, f32::total_cmp);
    nice(*q)
}

/// 1, 2 or 5 times a power of ten, at or above `x`.
fn nice(x: f32) -> f32 {
    let p = 10f32.powf(x.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= x * 0.999 {
            return m * p;
        }
    }
    10.0 * p
}

/// Gaussian blur of a `w`×`h` grid, approximated by three box blurs along each axis.
fn blur(grid: &mut [f32], w: usize, h: usize, sigma: f32) {
    let radii = box_radii(sigma);
    let mut tmp = vec![0f32; w * h];
    for &r in &radii {
        rows(grid, &mut tmp, w, r);
    }
    transpose(grid, &mut tmp, w, h);
    for &r in &radii {
        rows(&mut tmp, grid, h, r);
    }
    transpose(&tmp, grid, h, w);
}

/// Radii of three box filters whose sequence approximates a Gaussian of `sigma`
/// (Kovesi, "Fast almost-Gaussian filtering", 2010).
fn box_radii(sigma: f32) -> [usize; 3] {
    let n = 3.0f32;
    let ideal = (12.0 * sigma * sigma / n + 1.0).sqrt();
    let mut wl = ideal.floor() as i32;
    if wl % 2 == 0 {
        wl -= 1;
    }
    let wl = wl.max(1);
    let wu = wl + 2;
    let wlf = wl as f32;
    let m = ((12.0 * sigma * sigma - n * wlf * wlf - 4.0 * n * wlf - 3.0 * n) / (-4.0 * wlf - 4.0))
        .round() as i32;
    let mut out = [0usize; 3];
    for (k, r) in out.iter_mut().enumerate() {
        let size = if (k as i32) < m { wl } else { wu };
        *r = ((size - 1) / 2) as usize;
    }
    out
}

/// Box-blur every row of `grid` (rows of `w`) with radius `r`; `scratch` is reused.
fn rows(grid: &mut [f32], scratch: &mut [f32], w: usize, r: usize) {
    if r == 0 {
        return;
    }
    let norm = 1.0 / (2 * r + 1) as f32;
    grid.par_chunks_mut(w)
        .zip(scratch.par_chunks_mut(w))
        .for_each(|(row, out)| {
            let mut sum = 0.0f32;
            for v in row.iter().take(r.min(w)) {
                sum += v;
            }
            for x in 0..w {
                if x + r < w {
                    sum += row[x + r];
                }
                out[x] = sum * norm;
                if x >= r {
                    sum -= row[x - r];
                }
            }
            row.copy_from_slice(out);
        });
}

/// `dst` (h rows of w... as w rows of h) = transpose of `src` (h rows of w).
fn transpose(src: &[f32], dst: &mut [f32], w: usize, h: usize) {
    const B: usize = 32;
    dst.par_chunks_mut(h * B).enumerate().for_each(|(bx, out)| {
        let x0 = bx * B;
        for y0 in (0..h).step_by(B) {
            for y in y0..(y0 + B).min(h) {
                for x in x0..(x0 + B).min(w) {
                    out[(x - x0) * h + y] = src[y * w + x];
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::canvas::Rect;
    use crate::render::projection::Extent;

    #[test]
    fn blur_keeps_mass_and_spreads_it() {
        let (w, h) = (41, 31);
        let mut g = vec![0f32; w * h];
        g[15 * w + 20] = 1.0;
        blur(&mut g, w, h, 3.0);
        let total: f32 = g.iter().sum();
        assert!((total - 1.0).abs() < 1e-3, "{total}");
        assert!(g[15 * w + 20] < 0.05 && g[15 * w + 23] > 0.0);
        // Symmetric about the point.
        assert!((g[15 * w + 17] - g[15 * w + 23]).abs() < 1e-6);
        assert!((g[12 * w + 20] - g[18 * w + 20]).abs() < 1e-6);
    }

    #[test]
    fn denser_places_are_darker() {
        let e = Extent::parse("39.0,34.0,41.0,36.0").unwrap();
        let view = View::fit(&e, Rect::new(0.0, 0.0, 200.0, 200.0));
        let mut marks = Vec::new();
        for k in 0..2000 {
            let j = (k % 40) as f64 * 0.002;
            marks.push(Mark::at(40.0 + j, 35.0 + j));
        }
        for k in 0..50 {
            marks.push(Mark::at(39.5 + (k % 5) as f64 * 0.01, 34.5));
        }
        let heat = density(&view, &marks, 4.0);
        let at = |lon, lat| {
            let (x, y) = view.project(lon, lat);
            let i = (y as usize * heat.width + x as usize) * 4;
            heat.rgba[i + 3]
        };
        assert!(at(40.02, 35.02) > at(39.52, 34.5));
        assert_eq!(at(40.8, 34.2), 0, "nothing where no incident is");
        assert!(heat.top > 0.0);
    }

    #[test]
    fn nice_numbers() {
        assert_eq!(nice(3.2), 5.0);
        assert_eq!(nice(0.7), 1.0);
        assert_eq!(nice(200.0), 200.0);
    }
}
