//! The text pipeline on arbitrary bytes: read as one article (stdin rules: gzip unwrapped,
//! JSON Lines when it starts with `{`), geoparsed and turned into incidents. Checks that
//! every mention's offsets give back its text, as `places` promises.
#![no_main]

use std::sync::LazyLock;

use incimap::gazetteer::Gazetteer;
use incimap::geoparse::Geoparser;
use incimap::incident::Extractor;
use incimap::read::Articles;
use libfuzzer_sys::fuzz_target;

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::bundled);

fuzz_target!(|data: &[u8]| {
    let extractor = Extractor::new(Geoparser::new(&GAZETTEER))
        .with_default_date(Some("2014-06-20"))
        .expect("a valid date");
    for article in Articles::from_reader("fuzz", std::io::Cursor::new(data.to_vec())).flatten() {
        let chars: Vec<char> = article.text.chars().collect();
        let mentions = extractor.geoparser().parse(&article);
        for m in &mentions {
            assert!(m.start <= m.end && m.end <= chars.len(), "offsets out of the text");
            let text: String = chars[m.start..m.end].iter().collect();
            assert_eq!(text, m.text, "offsets do not give back the mention");
        }
        for incident in extractor.extract_with(&article, &mentions) {
            if let Some(p) = incident.point {
                assert!((-90.0..=90.0).contains(&p.lat()) && (-180.0..=180.0).contains(&p.lon()));
            }
        }
    }
});
