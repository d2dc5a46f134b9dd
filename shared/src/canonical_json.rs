//! Canonical JSON: the JSON Canonicalization Scheme of RFC 8785 (JCS), and its SHA-256.
//!
//! The decision record's `input_sha256` and `result_sha256` are the SHA-256 of the JCS form
//! of the snapshot and of the result, so anyone holding the same JSON recomputes the same
//! digest in any language with an RFC 8785 implementation (Appendix G of the RFC lists some).
//! JCS (section 3.2): no whitespace; strings as ECMAScript's `JSON.stringify` writes them
//! (only `"`, `\` and U+0000-U+001F escaped, the latter as `\b \t \n \f \r` or lowercase
//! `\u00hh`); every number as the IEEE 754 double it parses to, written as ECMAScript's
//! `Number.prototype.toString` does; object members sorted by the UTF-16 code units of
//! their names, recursively; UTF-8 out.
//!
//! The work is done by `serde_json_canonicalizer`, the Rust implementation the RFC's
//! reference repository lists, tested against the RFC's examples and the reference test
//! data (`serde_jcs` 0.1 sorted by UTF-8 bytes and wrote integers past 2^53 exactly, both
//! contrary to the RFC; its 0.2 of 2026 fixes both, after five years without a release).
//! It needs serde_json's `float_roundtrip`, so every crate of the workspace parses floats
//! exactly rather than to within one unit in the last place.
//!
//! As in the RFC (appendix B, note 1), integers beyond ±2^53 lose precision: a record
//! keeps amounts and identifiers as strings (`rust_decimal` serialises as a string).

use std::io;

use serde_json::Value;
use sha2::{Digest, Sha256};

/// A value JCS cannot represent. A `serde_json::Value` always has a canonical form (its
/// numbers are finite, its member names unique strings of valid Unicode), unless a crate
/// switches on serde_json's `arbitrary_precision`: a number such as `1e400` then has no
/// double to become (RFC 8785 section 3.2.2.3).
///
/// The functions take a `Value` rather than any `Serialize` because serde_json writes a
/// NaN or an infinity nested in a structure as `null`, where RFC 8785 requires an error;
/// `serde_json::to_value` makes that conversion visible at the caller.
#[derive(Debug, thiserror::Error)]
#[error("the value has no canonical JSON form (RFC 8785)")]
pub struct CanonicalJsonError(#[source] serde_json::Error);

impl CanonicalJsonError {
    /// The error of a `serde_json::to_value` that made the value to canonicalise.
    pub fn from_serde(error: serde_json::Error) -> Self {
        Self(error)
    }
}

/// The RFC 8785 canonical form of `value`.
pub fn canonical_json(value: &Value) -> Result<String, CanonicalJsonError> {
    serde_json_canonicalizer::to_string(value).map_err(CanonicalJsonError)
}

/// The RFC 8785 canonical form of `value`, as the bytes a signature or a digest covers.
pub fn canonical_json_bytes(value: &Value) -> Result<Vec<u8>, CanonicalJsonError> {
    serde_json_canonicalizer::to_vec(value).map_err(CanonicalJsonError)
}

/// SHA-256 of the RFC 8785 canonical form of `value`, in lowercase hexadecimal: the
/// record's `input_sha256` and `result_sha256`.
pub fn canonical_sha256(value: &Value) -> Result<String, CanonicalJsonError> {
    let mut digest = DigestWriter(Sha256::new());
    serde_json_canonicalizer::to_writer(value, &mut digest).map_err(CanonicalJsonError)?;
    Ok(hex::encode(digest.0.finalize()))
}

struct DigestWriter(Sha256);

impl io::Write for DigestWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn from_hex_dump(dump: &str) -> Vec<u8> {
        dump.split_whitespace()
            .map(|byte| u8::from_str_radix(byte, 16).unwrap())
            .collect()
    }

    /// RFC 8785 section 3.2.2: the input, as the RFC prints it.
    const RFC_EXAMPLE: &str = r#"{
        "numbers": [333333333.33333329, 1E30, 4.50,
                    2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
    }"#;

    /// RFC 8785 section 3.2.4: the UTF-8 bytes of its canonical form.
    const RFC_EXAMPLE_BYTES: &str = "
        7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
        75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
        5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
        65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
        5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
        30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d";

    #[test]
    fn the_rfc_example_gives_the_rfc_bytes() {
        let value = parse(RFC_EXAMPLE);
        let expected = from_hex_dump(RFC_EXAMPLE_BYTES);
        assert_eq!(canonical_json_bytes(&value).unwrap(), expected);
        assert_eq!(
            canonical_json(&value).unwrap(),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
        assert_eq!(
            canonical_sha256(&value).unwrap(),
            hex::encode(Sha256::digest(&expected)),
            "the digest is SHA-256 of exactly those bytes"
        );
    }

    #[test]
    fn members_sort_by_utf16_code_units() {
        // RFC 8785 section 3.2.3: the emoji (surrogates D83D DE00) sorts before U+FB33,
        // which a sort by code point or by UTF-8 bytes would put first.
        let value = parse(
            r#"{
                "\u20ac": "Euro Sign",
                "\r": "Carriage Return",
                "\ufb33": "Hebrew Letter Dalet With Dagesh",
                "1": "One",
                "\ud83d\ude00": "Emoji: Grinning Face",
                "\u0080": "Control",
                "\u00f6": "Latin Small Letter O With Diaeresis"
            }"#,
        );
        assert_eq!(
            canonical_json(&value).unwrap(),
            concat!(
                "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",",
                "\"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",",
                "\"\u{1f600}\":\"Emoji: Grinning Face\",",
                "\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}",
            )
        );
    }

    #[test]
    fn sorting_is_recursive_and_keeps_array_order() {
        let value = json!({"b": [{"z": 1, "a": 2}, 3], "a": {"d": null, "c": true}});
        assert_eq!(
            canonical_json(&value).unwrap(),
            r#"{"a":{"c":true,"d":null},"b":[{"a":2,"z":1},3]}"#
        );
    }

    #[test]
    fn numbers_follow_the_rfc_table() {
        // RFC 8785 appendix B: IEEE 754 bits and their JSON representation.
        let table = [
            ("0000000000000000", "0"),
            ("8000000000000000", "0"),
            ("0000000000000001", "5e-324"),
            ("8000000000000001", "-5e-324"),
            ("7fefffffffffffff", "1.7976931348623157e+308"),
            ("ffefffffffffffff", "-1.7976931348623157e+308"),
            ("4340000000000000", "9007199254740992"),
            ("c340000000000000", "-9007199254740992"),
            ("4430000000000000", "295147905179352830000"),
            ("44b52d02c7e14af5", "9.999999999999997e+22"),
            ("44b52d02c7e14af6", "1e+23"),
            ("44b52d02c7e14af7", "1.0000000000000001e+23"),
            ("444b1ae4d6e2ef4e", "999999999999999700000"),
            ("444b1ae4d6e2ef4f", "999999999999999900000"),
            ("444b1ae4d6e2ef50", "1e+21"),
            ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
            ("3eb0c6f7a0b5ed8d", "0.000001"),
            ("41b3de4355555553", "333333333.3333332"),
            ("41b3de4355555554", "333333333.33333325"),
            ("41b3de4355555555", "333333333.3333333"),
            ("41b3de4355555556", "333333333.3333334"),
            ("41b3de4355555557", "333333333.33333343"),
            ("becbf647612f3696", "-0.0000033333333333333333"),
            ("43143ff3c1cb0959", "1424953923781206.2"),
        ];
        for (bits, expected) in table {
            let number = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
            let value = Value::from(serde_json::Number::from_f64(number).unwrap());
            assert_eq!(canonical_json(&value).unwrap(), expected, "{bits}");
            assert_eq!(
                canonical_json(&parse(expected)).unwrap(),
                expected,
                "{expected} parsed back"
            );
        }
    }

    #[test]
    fn integers_are_doubles() {
        assert_eq!(canonical_json(&json!(1_000_000)).unwrap(), "1000000");
        assert_eq!(canonical_json(&parse("-0")).unwrap(), "0");
        assert_eq!(
            canonical_json(&parse("9007199254740993")).unwrap(),
            "9007199254740992",
            "2^53 + 1 has no double: it becomes 2^53, as in ECMAScript"
        );
    }

    #[test]
    fn strings_escape_only_what_ecmascript_escapes() {
        let value = json!("\u{0}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}\u{2028}</script>é😀\"\\/");
        assert_eq!(
            canonical_json(&value).unwrap(),
            "\"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f \u{7f}\u{2028}</script>é😀\\\"\\\\/\""
        );
    }

    #[test]
    fn the_digest_ignores_member_order_and_whitespace() {
        let a = parse(r#"{"b": 1.50, "a": [1, 2]}"#);
        let b = parse(r#"{"a":[1,2],"b":1.5}"#);
        assert_eq!(canonical_sha256(&a).unwrap(), canonical_sha256(&b).unwrap());
        assert_eq!(
            canonical_sha256(&a).unwrap(),
            hex::encode(Sha256::digest(br#"{"a":[1,2],"b":1.5}"#))
        );
        assert_ne!(
            canonical_sha256(&a).unwrap(),
            canonical_sha256(&json!({"a": [2, 1], "b": 1.5})).unwrap()
        );
    }
}
