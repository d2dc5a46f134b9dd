//! The two languages PartnerB2B writes in, English and French (DESIGN §11).
//!
//! - [`Language`]: `en` (the default) or `fr`, chosen from an `Accept-Language` header by
//!   [`Language::negotiate`] and announced with [`Language::tag`] in `Content-Language`.
//! - [`Text`]: one message in both languages, stored as `{"en": ..., "fr": ...}` so that
//!   the language is chosen when the message is read, not when it is written.
//! - [`number`]: amounts, percentages and decimals written as each language writes them
//!   (`35,00 %` and `1 159,92 €` in French, `35.00%` and `€1,159.92` in English), as
//!   `String`s or as `Display` values that write straight into a `format!`.
//!
//! ```
//! use locale::{Language, Text};
//!
//! let language = Language::negotiate(Some("fr-FR;q=0.8, en;q=0.5"));
//! assert_eq!(language, Language::Fr);
//! assert_eq!(language.tag(), "fr");
//! let text = Text::new("Hello", "Bonjour");
//! assert_eq!(text.get(language), "Bonjour");
//! assert_eq!(locale::number::format_eur_fr(115_992), "1\u{202f}159,92\u{a0}€");
//! ```

mod negotiate;
pub mod number;
mod text;

pub use number::{format_eur_en, format_eur_fr, format_percent_en, format_percent_fr};
pub use text::Text;

use serde::{Deserialize, Serialize};

/// A language PartnerB2B writes in. Serialised as its tag, `"en"` or `"fr"`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Fr,
}

impl Language {
    /// Every language, the default first.
    pub const ALL: [Language; 2] = [Language::En, Language::Fr];

    /// The BCP 47 tag for `Content-Language`: `en` or `fr`.
    pub const fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }

    /// The language whose tag is `tag`'s primary subtag (`fr`, `FR`, `fr-CA`), if any.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split('-').next().unwrap_or(tag);
        Language::ALL
            .into_iter()
            .find(|language| primary.eq_ignore_ascii_case(language.tag()))
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
            let json = serde_json::to_string(&language).expect("serialisable");
            assert_eq!(json, format!("\"{}\"", language.tag()));
        }
        assert_eq!(Language::from_tag("FR-ca"), Some(Language::Fr));
        assert_eq!(Language::from_tag("de"), None);
        assert_eq!(Language::from_tag(""), None);
        assert_eq!(Language::default(), Language::En);
    }
}
