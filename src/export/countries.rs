//! Country names for ISO 3166-1 alpha-2 codes, because ACLED's `country` column holds the name
//! ("Syria"), while incidents carry the code ("SY").
//!
//! The names are the common English names of the bundled `gazetteer/world-countries.tsv`
//! (the npm package world-countries, ODbL-1.0), embedded in the binary, with ACLED's own
//! spelling where it differs. No gazetteer has to be loaded to write a CSV.
//!
//! The same table reads a country a user names ([`code`]): every command's `--country`
//! takes the code or any of these names, so "Syria" and "SY" mean the same everywhere.

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

/// Every name of every country, folded ([`fold`](crate::gazetteer::normalize::fold)), with
/// its code: the codes themselves, the common, official and ACLED names, the other
/// spellings and the Arabic names of the table.
fn codes_by_name() -> &'static HashMap<String, &'static str> {
    static CODES: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        let fold = crate::gazetteer::normalize::fold;
        let mut m = HashMap::new();
        for l in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = l.split('\t').collect();
            let [code, _, _, common, official, alt, arabic, ..] = cols[..] else {
                continue;
            };
            if code.len() != 2 {
                continue;
            }
            let names = [code, common, official]
                .into_iter()
                .chain(alt.split('|'))
                .chain(arabic.split('|'));
            for n in names.filter(|n| !n.is_empty()) {
                // The first country to claim a name keeps it ("Congo").
                m.entry(fold(n)).or_insert(code);
            }
        }
        for (code, name) in ACLED {
            m.entry(fold(name)).or_insert(code);
        }
        m
    })
}

/// The ISO 3166-1 alpha-2 code of a country a user names: the code in any case ("SY",
/// "sy") or a name of it, English or Arabic, in any case and with or without accents
/// ("Syria", "syria", "Syrian Arab Republic", "سوريا", "Cote d'Ivoire").
pub fn code(country: &str) -> crate::Result<&'static str> {
    let folded = crate::gazetteer::normalize::fold(country.trim());
    codes_by_name().get(&folded).copied().ok_or_else(|| {
        crate::Error::Input(format!(
            "no country called {country:?}: give an ISO 3166-1 alpha-2 code (SY, IQ, YE) or \
             the country's English name (Syria, Iraq, Yemen), common or official, or its \
             Arabic name"
        ))
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

    #[test]
    fn countries_are_read_from_codes_and_names() {
        for given in [
            "SY",
            "sy",
            "Syria",
            "syria",
            " SYRIA ",
            "Syrian Arab Republic",
            "سوريا",
        ] {
            assert_eq!(code(given).unwrap(), "SY", "{given}");
        }
        assert_eq!(code("Cote d'Ivoire").unwrap(), "CI");
        assert_eq!(code("Democratic Republic of Congo").unwrap(), "CD");
        assert_eq!(code("Turkey").unwrap(), "TR");
        assert_eq!(code("UK").unwrap(), "GB");
        for bad in ["Syri", "XX", "", "Deir ez-Zor", "S"] {
            let e = code(bad).unwrap_err().to_string();
            assert!(
                e.contains("ISO 3166-1 alpha-2") && e.contains("name"),
                "{e}"
            );
        }
    }
}
