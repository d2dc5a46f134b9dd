//! Strategies for requests a partner could send: JSON text of any shape with numbers at
//! every edge, bodies shaped like each route's with one member replaced, raw bytes,
//! query strings, header values and path segments.

use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

/// JSON numbers that have broken or could break parsers: past `i64`, `u64`, `f64` and
/// rust_decimal's 28 digits, negative zero, denormals, exponents.
pub const EDGE_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "1e27",
    "-1e27",
    "1e28",
    "1e-30",
    "1e308",
    "-1e308",
    "1e309",
    "5e-324",
    "18446744073709551616",
    "-18446744073709551617",
    "9223372036854775807",
    "-9223372036854775808",
    "79228162514264337593543950336",
    "1000000000000000000000000000",
    "0.000000000000000000000000000001",
    "12.345",
    "1E2",
    "0.1e1",
    "123456789012345678901234567890123456789012",
];

/// A JSON number, as text: an edge, an integer, or a decimal with an exponent.
pub fn json_number() -> BoxedStrategy<String> {
    prop_oneof![
        3 => proptest::sample::select(EDGE_NUMBERS).prop_map(str::to_owned),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(|x| x.to_string()),
        1 => ("-?[0-9]{1,40}", "(\\.[0-9]{1,30})?", "([eE][-+]?[0-9]{1,4})?")
            .prop_map(|(int, frac, exp)| format!("{int}{frac}{exp}")),
    ]
    .boxed()
}

/// A JSON string, as text: printable, unicode, control and format characters escaped
/// as JSON requires.
pub fn json_string() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-zA-Z0-9 _./:@-]{0,40}",
        any::<String>(),
        proptest::sample::select(vec![
            String::new(),
            "mortgage".to_owned(),
            "2026-02-30".to_owned(),
            "1990-01-01".to_owned(),
            "0000-00-00".to_owned(),
            "9999-12-31".to_owned(),
            "https://127.0.0.1/".to_owned(),
            "http://localhost:9/hook".to_owned(),
            "https://[::1]/".to_owned(),
            "analysis.completed".to_owned(),
            "a\u{202e}b".to_owned(),
            "\u{feff}".to_owned(),
            "x".repeat(300),
        ]),
    ]
    .prop_map(|text| serde_json::Value::String(text).to_string())
    .boxed()
}

/// Any JSON value, as text, nested up to a few levels.
pub fn json_value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        json_number(),
        json_string(),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6)
                .prop_map(|items| format!("[{}]", items.join(","))),
            proptest::collection::vec((json_string(), inner), 0..6).prop_map(|members| {
                let members: Vec<String> = members
                    .into_iter()
                    .map(|(name, value)| format!("{name}:{value}"))
                    .collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
    .boxed()
}

/// An object with the members `names` (some left out, one maybe given twice), each
/// value any JSON: the shape of a route's body, with anything inside.
pub fn object_of(names: &'static [&'static str]) -> BoxedStrategy<String> {
    if names.is_empty() {
        return Just("{}".to_owned()).boxed();
    }
    let member = (proptest::sample::select(names), json_value());
    (
        proptest::collection::vec(member, 0..=names.len() + 1),
        any::<bool>(),
    )
        .prop_map(|(members, duplicate)| {
            let mut members: Vec<String> = members
                .into_iter()
                .map(|(name, value)| format!("\"{name}\":{value}"))
                .collect();
            if duplicate && let Some(first) = members.first().cloned() {
                members.push(first);
            }
            format!("{{{}}}", members.join(","))
        })
        .boxed()
}

/// A profile body: its attributes a mix of catalogue names with any value, and unknown names.
pub fn profile_body(attribute_names: &'static [&'static str]) -> BoxedStrategy<String> {
    let name = prop_oneof![
        4 => proptest::sample::select(attribute_names).prop_map(str::to_owned),
        1 => "[a-z_]{1,12}",
    ];
    let value = prop_oneof![3 => json_number(), 1 => json_string(), 1 => json_value()];
    let attributes = proptest::collection::vec((name, value), 0..8).prop_map(|members| {
        let members: Vec<String> = members
            .into_iter()
            .map(|(name, value)| format!("\"{name}\":{value}"))
            .collect();
        format!("{{{}}}", members.join(","))
    });
    (attributes, proptest::option::of(json_value()))
        .prop_map(|(attributes, reference)| match reference {
            Some(reference) => format!(r#"{{"attributes":{attributes},"reference":{reference}}}"#),
            None => format!(r#"{{"attributes":{attributes}}}"#),
        })
        .boxed()
}

/// A body as bytes: the route's shape, any JSON, or any bytes at all.
pub fn body(shaped: BoxedStrategy<String>) -> BoxedStrategy<Option<Vec<u8>>> {
    prop_oneof![
        1 => Just(None),
        6 => shaped.prop_map(|text| Some(text.into_bytes())),
        2 => json_value().prop_map(|text| Some(text.into_bytes())),
        1 => proptest::collection::vec(any::<u8>(), 0..200).prop_map(Some),
    ]
    .boxed()
}

/// A query string: the parameters lists take, repeated or unknown ones, any values
/// (percent-encoded, so the URI stays valid).
pub fn query() -> BoxedStrategy<String> {
    let name = prop_oneof![
        proptest::sample::select(&["limit", "cursor", "status", "reference"][..])
            .prop_map(str::to_owned),
        "[a-z]{1,8}",
    ];
    let value = prop_oneof![
        any::<String>(),
        json_number(),
        Just("submitted".to_owned()),
        Just("20".to_owned()),
    ];
    proptest::collection::vec((name, value), 0..4)
        .prop_map(|pairs| {
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish()
        })
        .boxed()
}

/// A path segment where an id goes: a real one, an id of the wrong kind, or anything
/// (percent-encoded).
pub fn id_segment(real: String) -> BoxedStrategy<String> {
    prop_oneof![
        3 => Just(real),
        1 => Just(uuid::Uuid::now_v7().to_string()),
        1 => any::<String>().prop_map(|text| {
            form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
        }),
    ]
    .boxed()
}

/// A header value: any bytes a header can carry (visible ASCII, spaces, obs-text).
pub fn header_value() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        "[ -~]{0,40}".prop_map(String::into_bytes),
        proptest::collection::vec(0x20u8..=0xff, 0..40),
    ]
    .boxed()
}
