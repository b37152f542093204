//! The benchmarks' data generator: a small deterministic xorshift, so every run measures
//! the same data. Shared by `index` and `match` (`mod rng;`).

pub struct Rng(pub u64);

impl Rng {
    /// A number in 0..1.
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A point uniform on the sphere, (lon, lat) in degrees.
    #[allow(dead_code)]
    pub fn point(&mut self) -> (f64, f64) {
        let lon = self.next() * 360.0 - 180.0;
        let lat = (self.next() * 2.0 - 1.0).asin().to_degrees();
        (lon, lat)
    }
}
