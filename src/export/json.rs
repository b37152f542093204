//! JSON values written straight into an output buffer, for the lines the hot commands
//! print (a mention a line from `places`, a Feature a line from `extract`).
//!
//! The forms are exactly serde_json's (its escapes; numbers are written by serde_json
//! itself), so a line reads the same whichever way it was written; what is saved
//! is serde's per-field machinery and, for the usual string that needs no escape, the
//! byte-at-a-time escape loop (writing was 6% of `places`, issue 19).

/// `s` as a JSON string.
pub fn string(buf: &mut Vec<u8>, s: &str) {
    // Checked without stopping early, so the compiler can test many bytes at a time.
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        buf.reserve(s.len() + 2);
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
    } else {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, s);
    }
}

/// `s` as a JSON string, or `null`.
pub fn opt_string(buf: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(buf, s),
        None => buf.extend_from_slice(b"null"),
    }
}

/// A float as serde_json writes it (`1e+21`, `null` when not finite): through serde_json
/// itself, whose form is not quite ryu's.
pub fn float(buf: &mut Vec<u8>, x: f64) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, &x);
}

/// A float or `null`.
pub fn opt_float(buf: &mut Vec<u8>, x: Option<f64>) {
    match x {
        Some(x) => float(buf, x),
        None => buf.extend_from_slice(b"null"),
    }
}

/// An unsigned integer.
pub fn uint(buf: &mut Vec<u8>, n: u64) {
    let _ = serde_json::to_writer(&mut *buf, &n);
}

/// An unsigned integer or `null`.
pub fn opt_uint(buf: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => uint(buf, n),
        None => buf.extend_from_slice(b"null"),
    }
}

/// `,"key":` (the key is a literal needing no escape).
pub fn key(buf: &mut Vec<u8>, key: &str) {
    buf.extend_from_slice(b",\"");
    buf.extend_from_slice(key.as_bytes());
    buf.extend_from_slice(b"\":");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn via_serde(v: &impl serde::Serialize) -> Vec<u8> {
        serde_json::to_vec(v).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        for s in [
            "",
            "Deir ez-Zor",
            "Ḩamāh",
            "دير الزور",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "line\nbreak\r",
            "\u{0}\u{1f}\u{7f}",
            "bell\u{8}feed\u{c}",
        ] {
            let mut buf = Vec::new();
            string(&mut buf, s);
            assert_eq!(buf, via_serde(&s), "{s:?}");
        }
    }

    #[test]
    fn floats_and_nulls_as_serde_json_writes_them() {
        for x in [
            0.0,
            -0.0,
            36.0,
            35.01274,
            -179.999999,
            1e-7,
            1e21,
            0.1 + 0.2,
        ] {
            let mut buf = Vec::new();
            float(&mut buf, x);
            assert_eq!(buf, via_serde(&x), "{x}");
        }
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut buf = Vec::new();
            float(&mut buf, x);
            assert_eq!(buf, b"null");
        }
        let mut buf = Vec::new();
        opt_uint(&mut buf, None);
        opt_string(&mut buf, None);
        opt_float(&mut buf, None);
        assert_eq!(buf, b"nullnullnull");
    }

    proptest! {
        #[test]
        fn any_string_and_number_reads_as_serde_json_writes_it(
            s in "\\PC*|[\\x00-\\x7f]{0,40}",
            x in proptest::num::f64::ANY,
            n in any::<u64>(),
        ) {
            let mut buf = Vec::new();
            string(&mut buf, &s);
            prop_assert_eq!(&buf, &via_serde(&s));
            buf.clear();
            float(&mut buf, x);
            prop_assert_eq!(&buf, &via_serde(&x));
            buf.clear();
            uint(&mut buf, n);
            prop_assert_eq!(&buf, &via_serde(&n));
        }
    }
}
