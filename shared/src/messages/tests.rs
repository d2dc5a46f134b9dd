use std::collections::BTreeSet;

use locale::Language;

use super::*;
use crate::domain::catalogue::ATTRIBUTES;
use crate::edge::error::tests::one_of_each;

/// One problem of every kind, every reference and URL error included; the `match` fails
/// to compile when a variant is added.
fn every_problem() -> Vec<Problem> {
    use Problem::*;
    let sample = |problem: &Problem| match problem {
        ValueTooLong | WholeNumber | Number | Boolean | DateString | String | AtLeast(_)
        | AtMost(_) | GreaterThanZero | AtMostEuros(_) | TwoDecimals | ExistingDate
        | NotInTheFuture | OutOfRangeBelow | OutOfRangeAbove | OneOf(_) | TooManyAttributes(_)
        | UnknownAttribute | RequiredForMortgage | RequiredToSubmit | Minor(_) | Reference(_)
        | NotAnObject | UnknownField | RequiredField | DuplicateField(_) | Shape(_)
        | UnknownParameter | RepeatedParameter | Limit(_) | StatusFilter | DeliveryStatusFilter
        | EventTypeFilter | Since | Cursor | IfMatch | IdempotencyKeyFormat
        | IdempotencyKeyReused | WebhookUrl(_) | WebhookEvents | TooManyCharacters(_)
        | BlankText | Statement(..) => (),
    };
    let mut problems = vec![
        ValueTooLong,
        WholeNumber,
        Number,
        Boolean,
        DateString,
        String,
        AtLeast(0),
        AtMost(1200),
        GreaterThanZero,
        AtMostEuros(1_000_000_000),
        TwoDecimals,
        ExistingDate,
        NotInTheFuture,
        OutOfRangeBelow,
        OutOfRangeAbove,
        OneOf(&["cdi", "cdd"]),
        TooManyAttributes(100),
        UnknownAttribute,
        RequiredForMortgage,
        RequiredToSubmit,
        Minor(18),
        Reference(ReferenceError::Format),
        Reference(ReferenceError::TooLong),
        NotAnObject,
        UnknownField,
        RequiredField,
        DuplicateField("duplicate field `apiKey`".to_owned()),
        Shape("invalid type: integer `1`, expected a string".to_owned()),
        UnknownParameter,
        RepeatedParameter,
        Limit(100),
        StatusFilter,
        DeliveryStatusFilter,
        EventTypeFilter,
        Since,
        Cursor,
        IfMatch,
        IdempotencyKeyFormat,
        IdempotencyKeyReused,
        WebhookEvents,
        TooManyCharacters(256),
        BlankText,
    ];
    problems.extend(
        [
            bank::ProblemCode::Required,
            bank::ProblemCode::Type,
            bank::ProblemCode::Format,
            bank::ProblemCode::Enum,
            bank::ProblemCode::Min,
            bank::ProblemCode::Max,
            bank::ProblemCode::UnknownField,
            bank::ProblemCode::UnsupportedCurrency,
            bank::ProblemCode::TooMany,
        ]
        .map(|code| Statement(code, format!("the statement's {code} problem"))),
    );
    problems.extend(UrlError::ALL.map(WebhookUrl));
    problems.iter().for_each(sample);
    problems
}

/// The `details[].code` values partners are told about (the guides' table, the
/// OpenAPI description).
const DETAIL_CODES: &[&str] = &[
    "type",
    "format",
    "min",
    "max",
    "enum",
    "required",
    "unknown_attribute",
    "unknown_field",
    "duplicate_field",
    "url",
    "unknown_parameter",
    "repeated",
    "range",
    "reused",
    "unsupported_currency",
    "too_many",
];

/// A message written in both languages, and not the same sentence twice. The French has
/// its no-break space before `:`, `;`, `%` and `€`, never an English one.
#[track_caller]
fn assert_bilingual(text: &Text, what: &str) {
    assert!(!text.en.is_empty(), "{what}: no English");
    assert!(!text.fr.is_empty(), "{what}: no French");
    assert_ne!(text.en, text.fr, "{what}: the French is the English");
    for mark in [':', ';', '%', '€'] {
        for (at, _) in text.fr.match_indices(mark) {
            let before = text.fr[..at].chars().last();
            let in_code = text.fr[..at].matches('`').count() % 2 == 1
                || text.fr[..at].ends_with("Authorization")
                || text.fr[..at].ends_with("Content-Type")
                || text.fr[..at].ends_with("https")
                || text.fr[..at].ends_with("Bearer <access token>");
            assert!(
                in_code || before == Some('\u{a0}'),
                "{what}: French wants a no-break space before `{mark}`: {:?}",
                text.fr
            );
        }
    }
}

#[test]
fn every_error_has_its_message_in_both_languages() {
    for error in one_of_each() {
        assert_bilingual(&error.message(), error.code());
        assert_eq!(
            error.to_string(),
            error.message().en,
            "Display is the English"
        );
    }
}

#[test]
fn every_detail_code_has_a_message_in_both_languages() {
    let problems = every_problem();
    for problem in &problems {
        assert_bilingual(&problem.text(), problem.code());
    }
    let coded: BTreeSet<&str> = problems.iter().map(Problem::code).collect();
    let documented: BTreeSet<&str> = DETAIL_CODES.iter().copied().collect();
    assert_eq!(
        coded, documented,
        "every detail code documented, and no other"
    );
}

#[test]
fn english_messages_are_those_the_api_always_answered() {
    let cases: [(Problem, &str); 4] = [
        (
            Problem::AtMostEuros(1_000_000_000),
            "must be at most 1000000000 EUR",
        ),
        (Problem::Limit(100), "a whole number from 1 to 100"),
        (Problem::OneOf(&["cdi", "cdd"]), "must be one of: cdi, cdd"),
        (
            Problem::Shape("invalid type: integer `1`, expected a string".to_owned()),
            "invalid type: integer `1`, expected a string",
        ),
    ];
    for (problem, english) in cases {
        assert_eq!(problem.text().en, english);
    }
    let too_large = ApiError::PayloadTooLarge { limit: 65_536 };
    assert_eq!(
        too_large.message().en,
        "the request body is larger than 65536 bytes"
    );
    let invalid = ApiError::invalid_request("limit", Problem::Limit(100));
    assert_eq!(
        invalid.message().en,
        "invalid limit: a whole number from 1 to 100"
    );
}

#[test]
fn french_messages_write_numbers_the_french_way() {
    let cases: [(Text, &str); 5] = [
        (
            Problem::AtMostEuros(1_000_000_000).text(),
            "doit valoir au plus 1\u{202f}000\u{202f}000\u{202f}000,00\u{a0}€",
        ),
        (
            Problem::AtMost(1200).text(),
            "doit valoir au plus 1\u{202f}200",
        ),
        (
            ApiError::PayloadTooLarge { limit: 65_536 }.message(),
            "le corps de la requête dépasse 65\u{202f}536 octets",
        ),
        (
            Problem::WebhookUrl(UrlError::TooLong).text(),
            "l'URL dépasse 2\u{202f}048 caractères",
        ),
        (
            ApiError::invalid_request("limit", Problem::Limit(100)).message(),
            "limit invalide\u{a0}: un nombre entier de 1 à 100",
        ),
    ];
    for (text, french) in cases {
        assert_eq!(text.get(Language::Fr), french);
    }
}

#[test]
fn serde_shape_messages_read_in_french() {
    let cases = [
        (
            "invalid type: integer `1`, expected a string",
            "la valeur doit être un texte, et non un nombre entier",
        ),
        (
            "invalid type: string \"x\", expected a sequence",
            "la valeur doit être un tableau, et non un texte",
        ),
        (
            "unknown variant `analysis.started`, expected `analysis.completed` or `analysis.failed`",
            "valeur inconnue `analysis.started`\u{a0}; valeurs admises\u{a0}: `analysis.completed` ou `analysis.failed`",
        ),
        (
            "unknown variant `x`, expected one of `a`, `b` at line 1 column 30",
            "valeur inconnue `x`\u{a0}; valeurs admises\u{a0}: `a`, `b`",
        ),
        (
            "invalid length 0, expected fewer",
            "la valeur n'a pas la forme attendue",
        ),
    ];
    for (serde, french) in cases {
        assert_eq!(
            Problem::Shape(serde.to_owned()).text().fr,
            french,
            "{serde}"
        );
    }
    assert_eq!(
        Problem::DuplicateField("duplicate field `apiKey`".to_owned())
            .text()
            .fr,
        "le champ `apiKey` est donné deux fois"
    );
}

#[test]
fn every_enum_attribute_lists_its_values_in_both_languages() {
    for attribute in ATTRIBUTES {
        if let crate::domain::catalogue::Kind::Enum(allowed) = attribute.kind {
            let text = Problem::OneOf(allowed).text();
            for value in allowed {
                assert!(
                    text.en.contains(value) && text.fr.contains(value),
                    "{value}"
                );
            }
        }
    }
}
