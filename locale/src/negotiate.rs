//! `Accept-Language` negotiation (RFC 9110 §12.5.4, language ranges of RFC 4647 §2.1).
//!
//! The header is a comma-separated list of language ranges, each with an optional weight
//! `;q=` from `0` to `1` with at most three decimals. The language chosen is the one of
//! the highest-weighted range that names a language we write; on a tie, the range that
//! comes first in the header wins. A range names a language by its primary subtag
//! (`fr-FR` and `fr-CA` ask for French). The wildcard `*` stands for any language the
//! header does not name itself, in the order of [`Language::ALL`]. A weight of 0 means
//! "not this one". A part that does not follow the grammar (a bad range, a weight such as
//! `q=1.5`, `q=.5` or `q=0.1234`, any other parameter) is ignored, and so are empty
//! parts. Without a header, or when nothing in it names a language we write, the answer
//! is English.

use crate::Language;

/// A weight in thousandths: `q=0.8` is 800.
type Quality = u16;

const FULL_QUALITY: Quality = 1000;

enum Range {
    Wildcard,
    Named(Language),
    Other,
}

impl Language {
    /// The language to answer in, given a request's `Accept-Language` header.
    ///
    /// ```
    /// use locale::Language;
    /// assert_eq!(Language::negotiate(None), Language::En);
    /// assert_eq!(Language::negotiate(Some("fr-FR;q=0.8, en;q=0.5")), Language::Fr);
    /// assert_eq!(Language::negotiate(Some("de, fr;q=0.1")), Language::Fr);
    /// assert_eq!(Language::negotiate(Some("en;q=0, *")), Language::Fr);
    /// assert_eq!(Language::negotiate(Some("en;q=0.5, fr;q=0.5")), Language::En);
    /// ```
    pub fn negotiate(accept_language_header: Option<&str>) -> Language {
        let Some(header) = accept_language_header else {
            return Language::default();
        };
        let named_in_header = |language: Language| {
            parts(header).any(|(range, _)| matches!(range, Range::Named(l) if l == language))
        };
        let mut best: Option<(Quality, Language)> = None;
        for (range, quality) in parts(header) {
            if quality == 0 {
                continue;
            }
            let candidate = match range {
                Range::Named(language) => Some(language),
                Range::Wildcard => Language::ALL.into_iter().find(|&l| !named_in_header(l)),
                Range::Other => None,
            };
            if let Some(language) = candidate
                && best.is_none_or(|(best_quality, _)| quality > best_quality)
            {
                best = Some((quality, language));
            }
        }
        best.map_or_else(Language::default, |(_, language)| language)
    }
}

/// The well-formed parts of the header, in order.
fn parts(header: &str) -> impl Iterator<Item = (Range, Quality)> + '_ {
    header.split(',').filter_map(part)
}

fn part(text: &str) -> Option<(Range, Quality)> {
    let mut pieces = text.split(';');
    let range = range(trim_ows(pieces.next()?))?;
    let quality = match pieces.next() {
        None => FULL_QUALITY,
        Some(weight) => self::weight(trim_ows(weight))?,
    };
    if pieces.next().is_some() {
        return None;
    }
    Some((range, quality))
}

fn trim_ows(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// `"*"` or `1*8ALPHA *("-" 1*8alphanum)`.
fn range(text: &str) -> Option<Range> {
    if text == "*" {
        return Some(Range::Wildcard);
    }
    let mut subtags = text.split('-');
    let primary = subtags.next()?;
    let primary_ok =
        (1..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok = subtags.all(|subtag| {
        (1..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if !(primary_ok && rest_ok) {
        return None;
    }
    Some(Language::from_tag(primary).map_or(Range::Other, Range::Named))
}

/// `q=` then `0[.ddd]` or `1[.000]`, the name in either case.
fn weight(text: &str) -> Option<Quality> {
    let value = text
        .strip_prefix("q=")
        .or_else(|| text.strip_prefix("Q="))?;
    let (whole, decimals) = match value.split_once('.') {
        Some((whole, decimals)) => (whole, decimals),
        None => (value, ""),
    };
    if decimals.len() > 3 || !decimals.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = decimals
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |sum, digit| sum * 10 + Quality::from(digit - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(FULL_QUALITY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn honours_quality_values() {
        use Language::{En, Fr};
        for (header, expected, why) in [
            ("fr-FR;q=0.8, en;q=0.5", Fr, "the higher weight"),
            ("en;q=0.5, fr-FR;q=0.8", Fr, "order does not beat weight"),
            ("fr", Fr, "a bare range weighs 1"),
            ("FR-ca", Fr, "case-insensitive, any region"),
            (
                "de-DE, fr;q=0.3",
                Fr,
                "a language we do not write is skipped",
            ),
            ("de", En, "nothing we write: the default"),
            ("", En, "empty header"),
            ("*", En, "any language: the default"),
            ("en;q=0, *", Fr, "the wildcard stands for what is not named"),
            (
                "fr;q=0.2, *;q=0.9",
                En,
                "the wildcard outweighs the named range",
            ),
            ("fr;q=0, en;q=0", En, "nothing acceptable: the default"),
            ("fr;q=0", En, "French refused"),
            ("en;q=0.7, fr;q=0.7", En, "a tie keeps header order"),
            ("fr;q=0.7, en;q=0.7", Fr, "a tie keeps header order"),
            ("fr;q=0.700, en;q=0.7", Fr, "trailing zeros weigh the same"),
            ("en;q=1.0, fr;q=1", En, "1.0 is 1"),
            (
                "en;Q=0.1, fr;q=0.05",
                En,
                "the weight name is case-insensitive",
            ),
            (" fr ; q=0.9 ,\ten ;q=0.8", Fr, "optional whitespace"),
            (",, fr,", Fr, "empty list elements"),
        ] {
            assert_eq!(
                Language::negotiate(Some(header)),
                expected,
                "{header:?}: {why}"
            );
        }
    }

    #[test]
    fn ignores_malformed_parts() {
        for (header, why) in [
            ("fr;q=1.5", "weight above 1"),
            ("fr;q=.5", "no leading digit"),
            ("fr;q=0.1234", "four decimals"),
            ("fr;q=1.001", "above 1 by a thousandth"),
            ("fr;q=-0.5", "negative weight"),
            ("fr;q = 0.5", "space around ="),
            ("fr;level=1", "another parameter"),
            ("fr;q=0.5;q=0.6", "two weights"),
            ("fr_FR", "underscore"),
            ("francais-de-france", "primary subtag longer than 8"),
            ("fr-", "empty subtag"),
            ("fr-abcdefghi", "subtag longer than 8"),
            ("f1", "digit in the primary subtag"),
            ("fr;", "empty weight"),
            ("é", "non-ASCII"),
        ] {
            let header = format!("{header}, en;q=0.001");
            assert_eq!(
                Language::negotiate(Some(&header)),
                Language::En,
                "{header:?}: {why}"
            );
        }
    }

    #[test]
    fn without_a_header_english() {
        assert_eq!(Language::negotiate(None), Language::En);
    }

    fn known_part() -> impl Strategy<Value = String> {
        let range = prop_oneof![
            Just("fr"),
            Just("fr-FR"),
            Just("en"),
            Just("en-GB"),
            Just("de"),
            Just("*"),
        ];
        let weight = prop_oneof![
            Just(String::new()),
            (0..=1000u16).prop_map(|q| format!(";q={}.{:03}", q / 1000, q % 1000)),
        ];
        (range, weight).prop_map(|(range, weight)| format!("{range}{weight}"))
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(header in ".*") {
            let language = Language::negotiate(Some(&header));
            prop_assert!(Language::ALL.contains(&language));
        }

        #[test]
        fn never_panics_on_header_like_text(header in "[a-zA-Z*;=q.,0-9 \t-]{0,64}") {
            let _ = Language::negotiate(Some(&header));
        }

        /// A malformed part, anywhere in the list, changes nothing.
        #[test]
        fn malformed_parts_change_nothing(
            parts in proptest::collection::vec(known_part(), 0..6),
            at in 0usize..6,
            junk in prop_oneof![Just("fr;q=2"), Just("fr;x=1"), Just("-fr"), Just("en;q=0.12345")],
        ) {
            let header = parts.join(", ");
            let mut with_junk = parts.clone();
            with_junk.insert(at.min(parts.len()), junk.to_owned());
            prop_assert_eq!(
                Language::negotiate(Some(&with_junk.join(", "))),
                Language::negotiate(Some(&header))
            );
        }

        /// A header naming only French (at a positive weight) gets French, and the same
        /// for English.
        #[test]
        fn a_single_language_is_honoured(
            weights in proptest::collection::vec(1..=1000u16, 1..4),
            french in any::<bool>(),
        ) {
            let (range, expected) = if french { ("fr-FR", Language::Fr) } else { ("en-US", Language::En) };
            let header: Vec<String> = weights
                .iter()
                .map(|q| format!("{range};q={}.{:03}", q / 1000, q % 1000))
                .collect();
            prop_assert_eq!(Language::negotiate(Some(&header.join(","))), expected);
        }
    }
}
