//! The JSON Lines reader on arbitrary bytes: every line is an article or an error naming
//! its line; the reader always ends.
#![no_main]

use incimap::read::Articles;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut articles = Articles::from_json_lines("fuzz.jsonl", std::io::Cursor::new(data.to_vec()));
    let mut items = 0usize;
    for item in articles.by_ref() {
        items += 1;
        if let Err(e) = item {
            assert!(e.to_string().contains("fuzz.jsonl"), "error without its file: {e}");
        }
    }
    // At most one item a line (plus one for a last line without a newline).
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    assert!(items <= lines, "{items} items from {lines} lines");
    let _ = articles.stats().to_string();
});
