use serde::{Deserialize, Serialize};

use crate::Language;

/// One message in every language, stored as `{"en": "...", "fr": "..."}`.
///
/// Building one takes both texts, so a message cannot exist in one language only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

impl Text {
    pub fn new(en: impl Into<String>, fr: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            fr: fr.into(),
        }
    }

    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::Fr => &self.fr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_with_both_languages() {
        let text = Text::new("Savings", "Épargne");
        let json = serde_json::to_string(&text).expect("serialisable");
        assert_eq!(json, r#"{"en":"Savings","fr":"Épargne"}"#);
        let back: Text = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, text);
        assert_eq!(back.get(Language::En), "Savings");
        assert_eq!(back.get(Language::Fr), "Épargne");
    }
}
