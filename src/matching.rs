//! Two incident sets paired one to one: which events the machine found that the coders did
//! not, and which it missed.
//!
//! A pair is a left and a right incident within `km` great-circle kilometres and `days` days
//! of each other (and of the same event type, if asked). Among all such candidate pairs the
//! nearest are taken first: pairs are sorted by distance (then by day difference, then by
//! position, so the answer never depends on thread timing) and each is kept when neither of
//! its incidents is already paired. This global greedy order is what a reader expects ("the
//! two reports 200 m apart are the same event, whatever else lies 8 km away"), and unlike an
//! optimal assignment it is fast and easy to explain.
//!
//! Candidates come from R-trees of [`crate::index`] over the right set, one per day: each
//! left incident asks the trees of the days in its window for the right ones within `km`,
//! so the work grows with the number of neighbours in space and time, not with the product
//! of the sets' sizes (a million by a million takes seconds, see `benches/match.rs`). Incidents without a date that parses can never be
//! within the date window; they stay unmatched and are counted apart.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::index::{distance_km, IncidentIndex};

/// What makes two incidents the same event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// At most this many great-circle km apart.
    pub km: f64,
    /// At most this many days apart.
    pub days: u32,
    /// Only incidents of the same event type.
    pub same_type: bool,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            km: 10.0,
            days: 1,
            same_type: false,
        }
    }
}

/// One side's incidents, reduced to what matching reads.
#[derive(Debug, Clone, Default)]
pub struct Side {
    /// (lon, lat) in degrees, in range.
    pub points: Vec<(f64, f64)>,
    /// The event date as days from the Common Era, `None` when it did not parse.
    pub days: Vec<Option<i32>>,
    /// The event type, as a fingerprint of its trimmed, lower-cased text.
    pub types: Vec<u64>,
}

impl Side {
    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Add an incident; `date` in any form [`crate::read::parse_date`] reads.
    pub fn push(&mut self, lon: f64, lat: f64, date: &str, event_type: &str) {
        use chrono::Datelike;
        self.push_day(
            lon,
            lat,
            crate::read::parse_date(date).map(|d| d.num_days_from_ce()),
            event_type,
        );
    }

    /// Add an incident whose day is known already (days from the Common Era).
    pub fn push_day(&mut self, lon: f64, lat: f64, day: Option<i32>, event_type: &str) {
        self.points.push((lon, lat));
        self.days.push(day);
        self.types.push(type_key(event_type));
    }

    /// How many incidents have no date, and so cannot match.
    pub fn undated(&self) -> usize {
        self.days.iter().filter(|d| d.is_none()).count()
    }
}

fn type_key(t: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    t.trim().to_lowercase().hash(&mut h);
    h.finish()
}

/// A left and a right incident paired, by their positions in their sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub left: usize,
    pub right: usize,
    pub km: f64,
    /// Right's day minus left's.
    pub days: i32,
}

/// The pairs, and what each side has left over.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matching {
    /// Nearest first.
    pub pairs: Vec<Pair>,
    /// Positions of the left incidents without a partner, in order.
    pub left_only: Vec<usize>,
    pub right_only: Vec<usize>,
    /// Incidents of each side without a date (among the unmatched).
    pub left_undated: usize,
    pub right_undated: usize,
}

impl Matching {
    /// Matched left incidents as a share of all left ones: precision, when right is the
    /// reference. 0 for an empty side.
    pub fn precision(&self) -> f64 {
        share(self.pairs.len(), self.pairs.len() + self.left_only.len())
    }

    /// Matched right incidents as a share of all right ones: recall, when right is the
    /// reference.
    pub fn recall(&self) -> f64 {
        share(self.pairs.len(), self.pairs.len() + self.right_only.len())
    }

    /// The harmonic mean of [`Self::precision`] and [`Self::recall`].
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 / of as f64
    }
}

/// Whether `l` and `r` may be the same event, and if so the pair.
fn candidate(left: &Side, right: &Side, l: usize, r: usize, rules: &Rules) -> Option<Pair> {
    let days = right.days[r]? - left.days[l]?;
    if days.unsigned_abs() > rules.days || (rules.same_type && left.types[l] != right.types[r]) {
        return None;
    }
    let km = distance_km(left.points[l], right.points[r]);
    (km <= rules.km).then_some(Pair {
        left: l,
        right: r,
        km,
        days,
    })
}

/// Pair `left` with `right` one to one, nearest pairs first.
///
/// ```
/// use incimap::matching::{pair, Rules, Side};
/// let mut coded = Side::default();
/// coded.push(40.14, 35.33, "02 June 2023", "Battles");
/// let mut found = Side::default();
/// found.push(40.15, 35.33, "2023-06-03", "Battles"); // 0.9 km and a day later
/// found.push(40.14, 35.33, "2023-06-02", "Battles"); // same place and day: taken first
/// let m = pair(&found, &coded, &Rules::default());
/// assert_eq!((m.pairs.len(), m.pairs[0].left, m.left_only.clone()), (1, 1, vec![0]));
/// ```
pub fn pair(left: &Side, right: &Side, rules: &Rules) -> Matching {
    // One tree per day of the right set: a left incident asks only the trees of the days in
    // its window, so a dense region over many years costs what its neighbours in space
    // *and* time cost, not every neighbour in space.
    let mut by_day: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (r, day) in right.days.iter().enumerate() {
        if let Some(d) = day {
            by_day.entry(*d).or_default().push(r);
        }
    }
    let trees: BTreeMap<i32, (IncidentIndex, Vec<usize>)> = by_day
        .into_par_iter()
        .map(|(day, rs)| {
            let index = IncidentIndex::new(rs.iter().map(|&r| right.points[r]).collect());
            (day, (index, rs))
        })
        .collect();
    let window = i32::try_from(rules.days).unwrap_or(i32::MAX);
    // Left incidents in date order, so that consecutive searches use the same few trees
    // (which then stay in cache); the order of candidates does not matter to the choice.
    let mut order: Vec<usize> = (0..left.len()).collect();
    order.par_sort_by_key(|&l| left.days[l]);
    let mut candidates: Vec<Pair> = order
        .into_par_iter()
        .with_min_len(1024)
        .flat_map_iter(|l| {
            let mut found = Vec::new();
            if let Some(d) = left.days[l] {
                let days = d.saturating_sub(window)..=d.saturating_add(window);
                for (index, rs) in trees.range(days).map(|(_, t)| t) {
                    found.extend(
                        index
                            .within_radius(left.points[l], rules.km)
                            .into_iter()
                            .map(|k| rs[k]),
                    );
                }
            }
            found
                .into_iter()
                .filter_map(move |r| candidate(left, right, l, r, rules))
        })
        .collect();
    greedy(&mut candidates, left.len(), right.len())
}

/// The nearest-first one-to-one choice among candidate pairs (what [`pair`] does once the
/// index has found them; tests check it against candidates found by brute force).
fn greedy(candidates: &mut [Pair], n_left: usize, n_right: usize) -> Matching {
    candidates.par_sort_unstable_by(|a, b| {
        a.km.total_cmp(&b.km)
            .then(a.days.unsigned_abs().cmp(&b.days.unsigned_abs()))
            .then(a.left.cmp(&b.left))
            .then(a.right.cmp(&b.right))
    });
    let mut left_used = vec![false; n_left];
    let mut right_used = vec![false; n_right];
    let mut pairs = Vec::new();
    for p in candidates.iter() {
        if !left_used[p.left] && !right_used[p.right] {
            left_used[p.left] = true;
            right_used[p.right] = true;
            pairs.push(*p);
        }
    }
    let unused = |used: &[bool]| -> Vec<usize> {
        used.iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(i, _)| i)
            .collect()
    };
    Matching {
        pairs,
        left_only: unused(&left_used),
        right_only: unused(&right_used),
        left_undated: 0,
        right_undated: 0,
    }
}

/// [`pair`], with the undated incidents of each side counted.
pub fn pair_and_count(left: &Side, right: &Side, rules: &Rules) -> Matching {
    let mut m = pair(left, right, rules);
    m.left_undated = left.undated();
    m.right_undated = right.undated();
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small linear congruential generator: the same numbers on every machine.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// `n` incidents in a 2° box over 30 days with three event types: dense enough that
    /// most have several candidates and the order of choice matters.
    fn random_side(rng: &mut Lcg, n: usize) -> Side {
        let mut s = Side::default();
        for _ in 0..n {
            let lon = 39.0 + 2.0 * rng.next();
            let lat = 34.5 + 2.0 * rng.next();
            let day = 738_000 + (30.0 * rng.next()) as i32;
            let day = (rng.next() > 0.01).then_some(day);
            let t = ["Battles", "Riots", "Protests"][(3.0 * rng.next()) as usize];
            s.push_day(lon, lat, day, t);
        }
        s
    }

    /// Every candidate pair by checking each left against every right in its band of
    /// latitude: a degree of latitude is over 110 km, so a band of ±0.2° holds every right
    /// incident within 10 km, and no tree is involved.
    fn brute_force(left: &Side, right: &Side, rules: &Rules) -> Matching {
        assert!(rules.km <= 20.0);
        let mut by_lat: Vec<usize> = (0..right.len()).collect();
        by_lat.sort_by(|&a, &b| right.points[a].1.total_cmp(&right.points[b].1));
        let lats: Vec<f64> = by_lat.iter().map(|&r| right.points[r].1).collect();
        let mut all = Vec::new();
        for l in 0..left.len() {
            let lat = left.points[l].1;
            let from = lats.partition_point(|&x| x < lat - 0.2);
            let to = lats.partition_point(|&x| x <= lat + 0.2);
            for &r in &by_lat[from..to] {
                all.extend(candidate(left, right, l, r, rules));
            }
        }
        greedy(&mut all, left.len(), right.len())
    }

    fn check_one_to_one(m: &Matching, n_left: usize, n_right: usize) {
        let mut left = vec![0; n_left];
        let mut right = vec![0; n_right];
        for p in &m.pairs {
            left[p.left] += 1;
            right[p.right] += 1;
        }
        for &l in &m.left_only {
            left[l] += 1;
        }
        for &r in &m.right_only {
            right[r] += 1;
        }
        assert!(left.iter().all(|&n| n == 1), "each left once");
        assert!(right.iter().all(|&n| n == 1), "each right once");
    }

    #[test]
    fn index_pairing_is_one_to_one_and_equals_brute_force_on_10000_incidents() {
        let mut rng = Lcg(16);
        let left = random_side(&mut rng, 10_000);
        let right = random_side(&mut rng, 10_000);
        for rules in [
            Rules::default(),
            Rules {
                km: 3.0,
                days: 0,
                same_type: true,
            },
        ] {
            let m = pair(&left, &right, &rules);
            check_one_to_one(&m, left.len(), right.len());
            assert_eq!(m, brute_force(&left, &right, &rules), "{rules:?}");
            assert!(m.pairs.len() > 500, "{} pairs", m.pairs.len());
            assert!(m.pairs.windows(2).all(|w| w[0].km <= w[1].km));
            for p in &m.pairs {
                assert!(p.km <= rules.km && p.days.unsigned_abs() <= rules.days);
            }
        }
    }

    #[test]
    fn nearest_pairs_win_and_windows_hold() {
        let mut a = Side::default();
        let mut b = Side::default();
        // On one meridian: a0 35.0, b1 0.5 km north, a1 0.6 km beyond b1, b0 1.1 km south of
        // a0. Nearest first takes a0-b1 (0.5 km), so a1 gets b0 (2.2 km), not b1 (0.6 km).
        a.push(40.0, 35.0, "2023-06-02", "Battles");
        a.push(40.0, 35.0099, "2023-06-02", "Battles");
        b.push(40.0, 34.99, "2023-06-02", "Battles");
        b.push(40.0, 35.0045, "2023-06-02", "Battles");
        let m = pair(&a, &b, &Rules::default());
        let got: Vec<(usize, usize, i64)> = m
            .pairs
            .iter()
            .map(|p| (p.left, p.right, (p.km * 10.0).round() as i64))
            .collect();
        assert_eq!(got, [(0, 1, 5), (1, 0, 22)]);

        // Out of the day window, of another type, or undated: no pair.
        let mut c = Side::default();
        c.push(40.0, 35.0, "2023-06-04", "Battles");
        c.push(40.0, 35.0, "2023-06-02", "Protests");
        c.push(40.0, 35.0, "not a date", "Battles");
        let strict = Rules {
            same_type: true,
            ..Rules::default()
        };
        let m = pair_and_count(&a, &c, &strict);
        assert!(m.pairs.is_empty());
        assert_eq!(m.right_undated, 1);
        let m = pair(&a, &c, &Rules::default());
        assert_eq!(m.pairs.len(), 1, "types may differ unless asked");
        assert_eq!((m.pairs[0].left, m.pairs[0].right), (0, 1));
        assert_eq!((m.precision(), m.recall()), (0.5, 1.0 / 3.0));
    }

    #[test]
    fn empty_sides_match_nothing() {
        let mut a = Side::default();
        a.push(40.0, 35.0, "2023-06-02", "Battles");
        let m = pair(&a, &Side::default(), &Rules::default());
        assert_eq!((m.pairs.len(), m.left_only.len()), (0, 1));
        assert_eq!((m.precision(), m.recall(), m.f1()), (0.0, 0.0, 0.0));
    }
}
