//! A JSON syntax rule stricter than serde's: an object that names a member twice is
//! malformed here. serde_json keeps the last of two `"reference"`s, and a map such as
//! `attributes` would silently drop the first value; RFC 8259 leaves the meaning of such
//! a body to the receiver, and ours refuses it (400 `invalid_json`).
//!
//! A scan of the text, not a parse: numbers are not converted (a `1e309` stays the
//! typed parser's to report, with its pointer) and nesting costs heap, not stack.

use std::collections::HashSet;

/// Whether an object anywhere in `json`, which must be well-formed JSON, names a member
/// twice (after unescaping: `"a"` and `"\u0061"` are the same name).
pub fn names_a_member_twice(json: &str) -> bool {
    let bytes = json.as_bytes();
    // The members named so far in each open object; `None` for an open array.
    let mut open: Vec<Option<HashSet<String>>> = Vec::new();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'{' => open.push(Some(HashSet::new())),
            b'[' => open.push(None),
            b'}' | b']' => {
                open.pop();
            }
            b'"' => {
                let end = string_end(bytes, at);
                let is_name =
                    bytes[end..].iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b':');
                if let (true, Some(Some(names))) = (is_name, open.last_mut())
                    && !names.insert(member_name(json, at, end))
                {
                    return true;
                }
                at = end;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    false
}

/// The name quoted in `json[start..end]`, unescaped only when it holds an escape: the
/// usual name is its bytes between the quotes, with no decoding.
fn member_name(json: &str, start: usize, end: usize) -> String {
    let quoted = json.get(start..end).unwrap_or_default();
    if !quoted.contains('\\') {
        let inner = quoted
            .get(1..quoted.len().saturating_sub(1))
            .unwrap_or_default();
        return inner.to_owned();
    }
    serde_json::from_str::<String>(quoted).unwrap_or_else(|_| quoted.to_owned())
}

/// The index just after the string starting with the quote at `start` (the end of the
/// text if it never closes). UTF-8 continuation bytes are never `"` or `\`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_named_twice_at_any_depth_is_found() {
        for (json, why) in [
            (r#"{"a": 1, "a": 2}"#, "at the top"),
            (
                r#"{"attributes": {"savings": 1, "savings": 2}}"#,
                "in a map",
            ),
            (
                r#"{"x": [{"k": 1}, {"k": 1, "k" : 1}]}"#,
                "in an array's object",
            ),
            (r#"{"a": 1, "\u0061": 2}"#, "spelt with an escape"),
            (r#"{"a\"b": {"c": 1}, "a\"b": 2}"#, "with an escaped quote"),
            (r#"{"é": 1, "é": 2}"#, "non-ASCII"),
        ] {
            assert!(names_a_member_twice(json), "{why}: {json}");
        }
    }

    #[test]
    fn distinct_members_pass_whatever_their_values() {
        for json in [
            r#"{"a": 1, "b": {"a": 1}, "c": [{"a": 1}, {"a": 2}]}"#,
            r#"{"n": null, "t": true, "f": 1e309, "u": 18446744073709551616, "s": "a"}"#,
            r#"{"a": "a", "b": ["a", "a"], "c": {"d": "a:"}}"#,
            r#"{"A": 1, "a": 2, "a\\": 3, "x": "\"a\": 1"}"#,
            "[]",
            "{}",
            "[".repeat(10_000).as_str(),
        ] {
            assert!(!names_a_member_twice(json), "{json}");
        }
    }
}
