//! Country names for ISO 3166-1 alpha-2 codes, because ACLED's `country` column holds the name
//! ("Syria"), while incidents carry the code ("SY").
//!
//! The names are the common English names of the bundled `gazetteer/world-countries.tsv`
//! (the npm package world-countries, ODbL-1.0), embedded in the binary, with ACLED's own
//! spelling where it differs. No gazetteer has to be loaded to write a CSV.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../gazetteer/world-countries.tsv");

/// Where ACLED spells a country otherwise than world-countries does.
const ACLED: [(&str, &str); 7] = [
    ("CD", "Democratic Republic of Congo"),
    ("CG", "Republic of Congo"),
    ("CZ", "Czech Republic"),
    ("SZ", "eSwatini"),
    ("ST", "Sao Tome and Principe"),
    ("TL", "East Timor"),
    ("TR", "Turkey"),
];

fn names() -> &'static HashMap<&'static str, &'static str> {
    static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut m: HashMap<&str, &str> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let code = cols.next()?;
                let name = cols.nth(2)?;
                (code.len() == 2 && !name.is_empty()).then_some((code, name))
            })
            .collect();
        m.extend(ACLED);
        m
    })
}

/// The country's name as ACLED writes it, for an ISO alpha-2 code (any case).
pub fn name(code: &str) -> Option<&'static str> {
    if code.len() != 2 {
        return None;
    }
    names().get(code.to_ascii_uppercase().as_str()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_give_acled_names() {
        assert_eq!(name("SY"), Some("Syria"));
        assert_eq!(name("iq"), Some("Iraq"));
        assert_eq!(name("CD"), Some("Democratic Republic of Congo"));
        assert_eq!(name("PS"), Some("Palestine"));
        assert_eq!(name("XX"), None);
        assert_eq!(name("Syria"), None);
        assert_eq!(name(""), None);
    }
}
