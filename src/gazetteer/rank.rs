//! How candidates for one name are ordered: name similarity first, then what kind of place it
//! is, how many people live there, and (when asked) how close it is to a point.
//!
//! Every term lies in 0..=1 and the weights sum to 1, so a score can be read as a confidence
//! and compared across queries.

use super::normalize;

/// Similarity of a query to an indexed name of a place, all three reduced
/// ([`normalize::reduce`]): `primary` is the place's preferred name.
///
/// 1.0 when the query is the preferred name, 0.93 when it is another recorded name of the
/// place, otherwise (a transliteration variant sharing the key) 0.5 to 0.8 by Jaro-Winkler.
pub fn name_similarity(query: &str, name: &str, primary: &str) -> f64 {
    if query == name {
        return if query == primary { 1.0 } else { 0.93 };
    }
    variant_similarity(query, name)
}

/// What [`alternate_similarity`] needs to know of a place.
pub struct AltRow<'a> {
    pub feature_code: &'a str,
    pub country: &'a str,
    pub population: u64,
}

/// Similarity of a query to a recorded alternate name of a place whose preferred name is
/// `primary` (both reduced): 0.93, or 0.86 when the alternate is another name altogether
/// rather than a spelling of the preferred one. GeoNames gives towns other towns' and
/// districts' names ("Franklin" for Columbus, "Park" for Rockville, "White House" for
/// Casablanca); these should not beat a place that has the name as its own.
///
/// 0.93 stays for countries, provinces, continents, regions and open water, whose other names
/// ("Holland", "Burma", "UK") are curated; for cities of a million, whose old names are
/// well known ("Léopoldville", "Calcutta"); and where names are romanised from Arabic
/// script, whose spellings differ more than a string measure allows ("Tadmur", "Palmyra").
pub fn alternate_similarity(query: &str, primary: &str, row: &AltRow<'_>) -> f64 {
    if super::is_area(row.feature_code, row.country)
        || row.population >= 1_000_000
        || normalize::romanised_from_arabic_script(row.country)
        || jaro_winkler(query, primary) >= 0.75
    {
        0.93
    } else {
        0.86
    }
}

/// Similarity of a transliteration variant: 0.5 to 0.8.
pub fn variant_similarity(query: &str, name: &str) -> f64 {
    0.5 + 0.3 * jaro_winkler(query, name)
}

/// Similarity of a name found only by its consonant skeleton
/// ([`normalize::consonant_key`]): 0.45 to 0.7, always below a transliteration variant.
pub fn consonant_similarity(query: &str, name: &str) -> f64 {
    0.45 + 0.25 * jaro_winkler(query, name)
}

/// Jaro-Winkler similarity, bit for bit what `strsim::jaro_winkler` gives. The consonant and
/// variant tiers compare a query with every name sharing its key, and strsim decodes chars and
/// allocates its match flags on every call: a fifth of a lookup's time. The reduced names
/// the index holds are ASCII and short, so their flags fit in two machine words.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !x.is_ascii() || !y.is_ascii() || x.len() > 64 || y.len() > 64 {
        return strsim::jaro_winkler(a, b);
    }
    let sim = jaro_ascii(x, y);
    if sim > 0.7 {
        let prefix = x.iter().take(4).zip(y).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// Jaro similarity of two ASCII strings of at most 64 bytes, each match flag one bit; the
/// same arithmetic, in the same order, as `strsim::generic_jaro`.
fn jaro_ascii(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    } else if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_flags, mut b_flags) = (0u64, 0u64);
    let mut matches = 0usize;
    for (i, &c) in a.iter().enumerate() {
        let hi = b.len().min(i + range + 1);
        for (j, &d) in b[..hi].iter().enumerate().skip(i.saturating_sub(range)) {
            if b_flags & (1 << j) == 0 && d == c {
                a_flags |= 1 << i;
                b_flags |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut next_b = 0usize;
    for (i, &c) in a.iter().enumerate() {
        if a_flags & (1 << i) == 0 {
            continue;
        }
        while b_flags & (1 << next_b) == 0 {
            next_b += 1;
        }
        if b[next_b] != c {
            transpositions += 1;
        }
        next_b += 1;
    }
    transpositions /= 2;
    ((matches as f64 / a.len() as f64)
        + (matches as f64 / b.len() as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// Highest similarity a consonant-skeleton match can have: any name matched more closely
/// was recorded under that spelling or a transliteration variant of it.
pub const MAX_CONSONANT_SIMILARITY: f64 = 0.45 + 0.25;

/// Lowest similarity of a consonant-skeleton match that is still taken for the name.
pub const MIN_CONSONANT_SIMILARITY: f64 = 0.45 + 0.25 * 0.7;

/// Lowest similarity of a transliteration variant that is still taken for the same name.
pub const MIN_VARIANT_SIMILARITY: f64 = 0.5 + 0.3 * 0.75;

/// May a place in `country` match by transliteration variant with this similarity?
pub fn variant_allowed(country: &str, similarity: f64) -> bool {
    similarity >= 0.9
        || (similarity >= MIN_VARIANT_SIMILARITY
            && normalize::romanised_from_arabic_script(country))
}

/// Folded words without articles, joined without spaces.
pub fn reduce(folded: &str) -> String {
    normalize::reduce(folded)
}

/// How likely a mention of this kind of feature is, other things equal: countries and
/// capitals over admin seats over villages over sub-places.
pub fn importance(feature_code: &str) -> f64 {
    match feature_code {
        "PCLI" | "PCL" | "PCLD" | "PCLF" | "PCLS" | "PCLIX" | "TERR" | "CONT" | "RGN" | "OCN"
        | "SEA" => 1.0,
        "PPLC" => 0.95,
        "PPLA" => 0.9,
        // Above a same-named small town ("California", Pennsylvania), below a same-named
        // provincial capital ("Aleppo", "Deir ez-Zor").
        "ADM1" => 0.88,
        "PPLA2" => 0.72,
        "ADM2" => 0.7,
        "PPLA3" => 0.65,
        "ADM3" | "PPLA4" | "PPLG" => 0.6,
        "PPL" | "PPLL" | "PPLS" | "PPLF" => 0.5,
        "PPLX" => 0.45,
        _ => 0.4,
    }
}

/// Population on a log scale, for populated places, countries and (at half weight)
/// second-level areas; 0 for other admin areas and features, whose population figure says
/// nothing about which place a reporter meant.
pub fn population_term(feature_code: &str, population: u64) -> f64 {
    // Among counties of one name a reader means the populous one ("Orange County" is
    // California's unless the report says otherwise); a county counts its towns' people,
    // so it weighs half a town of as many.
    let weight = if feature_code == "ADM2" {
        0.5
    } else if feature_code.starts_with("PPL") || feature_code.starts_with("PCL") {
        1.0
    } else {
        return 0.0;
    };
    // Log scale from a thousand people (0) to twenty million (1): the difference between a
    // hamlet and a town matters less than between a town and a city.
    let lo = 1.0e3f64.ln();
    weight * (((population.max(1) as f64).ln() - lo) / (2.0e7f64.ln() - lo)).clamp(0.0, 1.0)
}

/// Closeness to a reference point: 1 at the point, 0.5 at `scale_km`.
pub fn proximity(distance_km: f64, scale_km: f64) -> f64 {
    1.0 / (1.0 + distance_km / scale_km)
}

/// The score of a candidate without a reference point.
///
/// `tier_bonus` favours a user's own places; `conflict_place` favours places a conflict
/// dataset (UCDP) has coded events at, since incimap reads conflict reports: "Hatla" in a
/// report is the Syrian town, not the Indian village that has it as an alternate name.
pub fn base_score(
    similarity: f64,
    feature_code: &str,
    population: u64,
    tier_bonus: f64,
    conflict_place: bool,
) -> f64 {
    // A name matched only by its consonants is as likely any village's as a town's:
    // "Ithariyah" is the village Athriya, not the city Ath Thawrah. Size counts for
    // little until the spelling is close.
    let size = if similarity <= MAX_CONSONANT_SIMILARITY {
        0.3
    } else {
        1.0
    };
    0.65 * similarity
        + size
            * (0.15 * importance(feature_code) + 0.10 * population_term(feature_code, population))
        + 0.05 * tier_bonus
        + if conflict_place { 0.05 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaro_winkler_is_strsims_to_the_bit() {
        let names = [
            "",
            "a",
            "ab",
            "ba",
            "dayrazzawr",
            "deirezzor",
            "dairalzour",
            "hatla",
            "hatlah",
            "sukhnah",
            "sokhneh",
            "dhiban",
            "thiban",
            "busayrah",
            "basira",
            "khanasir",
            "khanaser",
            "uqayribat",
            "oqeirbat",
            "mushayrifah",
            "msheirfeh",
            "aaaa",
            "aaab",
            "abababab",
            "babababa",
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "jellyfish",
            "smellyfish",
            "almayadin",
            "mayadeen",
            "xyzzyton",
            "tallrifat",
            "telrifaat",
            "qamishli",
            "alqamishli",
            "حلب",
            "halab",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkm",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    jaro_winkler(a, b).to_bits(),
                    strsim::jaro_winkler(a, b).to_bits(),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn similarity_orders_spellings() {
        assert_eq!(name_similarity("hatla", "hatla", "hatla"), 1.0);
        assert_eq!(name_similarity("hatla", "hatla", "hatta"), 0.93);
        let close = name_similarity("deirzor", "dayrzawr", "dayrzawr");
        assert!(close > 0.5 && close < 0.9, "{close}");
    }

    #[test]
    fn another_name_altogether_counts_less_than_a_spelling() {
        let row = |feature_code, country, population| AltRow {
            feature_code,
            country,
            population,
        };
        // GeoNames records "Franklin" for Columbus, Ohio.
        let columbus = row("PPLA", "US", 905_748);
        assert_eq!(
            alternate_similarity("franklin", "columbus", &columbus),
            0.86
        );
        assert_eq!(
            alternate_similarity("columbus", "columbus", &columbus),
            0.93
        );
        let kinshasa = row("PPLC", "CD", 7_785_965);
        assert_eq!(
            alternate_similarity("leopoldville", "kinshasa", &kinshasa),
            0.93
        );
        let tadmur = row("PPL", "SY", 0);
        assert_eq!(alternate_similarity("palmyra", "tadmur", &tadmur), 0.93);
        let nl = row("PCLI", "NL", 16_645_000);
        assert_eq!(alternate_similarity("holland", "netherlands", &nl), 0.93);
    }

    #[test]
    fn cities_outrank_villages_of_the_same_name() {
        let city = base_score(1.0, "PPLA", 240_000, 0.0, false);
        let village = base_score(1.0, "PPL", 800, 0.0, false);
        let governorate = base_score(1.0, "ADM1", 1_000_000, 0.0, false);
        assert!(city > governorate && governorate > village);
    }
}
