//! [`Reference`]: the partner's own identifier for a profile, parsed once at the edge.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::messages::Problem;
use unicode_general_category::{GeneralCategory, get_general_category};

/// Longest accepted reference, in characters.
pub const MAX_REFERENCE_CHARS: usize = 128;

/// 1 to 128 characters, none of them a control character or an invisible format
/// character (bidirectional overrides, zero-width spaces and joiners, soft hyphens: Unicode
/// category Cf), so two references that look the same are the same.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Reference(String);

/// Why a text is not a reference; the code is the `details[].code` partners see, the
/// message is [`Problem::Reference`]'s (English for `Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceError {
    Format,
    TooLong,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Problem::Reference(*self).text().en)
    }
}

impl std::error::Error for ReferenceError {}

impl ReferenceError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::TooLong => "max",
        }
    }
}

impl Reference {
    pub fn parse(text: &str) -> Result<Self, ReferenceError> {
        let invisible =
            |c: char| c.is_control() || get_general_category(c) == GeneralCategory::Format;
        if text.is_empty() || text.chars().any(invisible) {
            return Err(ReferenceError::Format);
        }
        if text.chars().count() > MAX_REFERENCE_CHARS {
            return Err(ReferenceError::TooLong);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_text_of_1_to_128_characters_is_a_reference() {
        for text in ["dossier-2026-0042", "é", "名前", &"x".repeat(128), "a b"] {
            assert_eq!(Reference::parse(text).unwrap().as_str(), text);
        }
    }

    #[test]
    fn empty_long_control_and_invisible_texts_are_refused() {
        let cases = [
            ("", ReferenceError::Format, "empty"),
            ("a\nb", ReferenceError::Format, "a newline"),
            ("a\u{7f}", ReferenceError::Format, "DEL"),
            (
                "abc\u{202e}def",
                ReferenceError::Format,
                "a right-to-left override",
            ),
            (
                "a\u{2066}b\u{2069}",
                ReferenceError::Format,
                "bidi isolates",
            ),
            ("a\u{200b}b", ReferenceError::Format, "a zero-width space"),
            ("a\u{200d}b", ReferenceError::Format, "a zero-width joiner"),
            ("\u{feff}a", ReferenceError::Format, "a byte order mark"),
            ("co\u{ad}de", ReferenceError::Format, "a soft hyphen"),
            (&"x".repeat(129), ReferenceError::TooLong, "129 characters"),
        ];
        for (text, error, why) in cases {
            assert_eq!(Reference::parse(text), Err(error), "{why}");
        }
    }
}
