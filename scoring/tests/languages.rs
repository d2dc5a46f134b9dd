//! Every message in both languages: the stored form keeps both, the API shows one.

mod common;

use common::{baseline, context};
use scoring::{AnalysisResult, Language, Money, Profile, analyse};
use serde_json::Value;

/// 250 000 EUR on 4 200 a month: every kind of text, counterfactuals included.
fn overstretched() -> Profile {
    Profile {
        loan_amount: Money::from_euros(250_000),
        property_value: Some(Money::from_euros(300_000)),
        down_payment: Some(Money::from_euros(50_000)),
        savings: None,
        ..baseline()
    }
}

/// The stored JSON with every `{"en", "fr"}` text replaced by its `language` string.
fn pick(stored: &Value, language: Language) -> Value {
    match stored {
        Value::Object(map)
            if map.len() == 2 && map.contains_key("en") && map.contains_key("fr") =>
        {
            map[language.tag()].clone()
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), pick(value, language)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| pick(v, language)).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_localized_view_is_the_stored_result_in_one_language() {
    let result = analyse(&overstretched(), &context());
    assert_eq!(result.counterfactuals.len(), 3);
    let stored = serde_json::to_value(&result).expect("serialisable");
    assert!(stored["rules"][0]["message"]["fr"].is_string(), "{stored}");
    for language in Language::ALL {
        let shown = serde_json::to_value(result.localized(language)).expect("serialisable");
        assert_eq!(shown, pick(&stored, language), "{language}");
        let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
        assert_eq!(keys(&shown), keys(&stored), "same fields, same order");
    }
    let french = serde_json::to_value(result.localized(Language::Fr)).expect("serialisable");
    assert_eq!(
        french["rules"][0]["message"],
        "Le taux d'endettement après le prêt atteint 36,01\u{a0}%, au-delà du plafond de 35\u{a0}% fixé par le HCSF."
    );
    assert_eq!(
        french["counterfactuals"][0]["effect"],
        "Emprunter 242\u{202f}991,00\u{a0}€ au lieu du montant demandé, sur la même durée de 240 mois, respecte toutes les règles bloquantes."
    );
    let english = serde_json::to_value(result.localized(Language::En)).expect("serialisable");
    assert_eq!(
        english["counterfactuals"][0]["effect"],
        "Borrowing €242,991.00 instead, over the same 240 months, passes every hard rule."
    );
}

#[test]
fn the_stored_form_round_trips() {
    let result = analyse(&overstretched(), &context());
    let json = serde_json::to_string(&result).expect("serialisable");
    let back: AnalysisResult = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, result);
}

/// Results stored before model 2026.12-1 hold English strings; they still read, and show
/// the English in either language.
#[test]
fn results_stored_with_english_only_messages_still_read() {
    let result = analyse(&overstretched(), &context());
    let mut stored = serde_json::to_value(&result).expect("serialisable");
    let legacy = "The effort rate after the loan is 36.01 %, above the 35 % HCSF cap.";
    stored["rules"][0]["message"] = Value::from(legacy);
    stored["factors"][0]["message"] = Value::from("An effort rate of 36.01 %.");
    stored["counterfactuals"][0]["effect"] = Value::from("Borrowing 242991.00 EUR instead.");
    let back: AnalysisResult = serde_json::from_value(stored).expect("a legacy result reads");
    assert_eq!(back.rules[0].message.en, legacy);
    assert_eq!(back.rules[0].message.get(Language::Fr), legacy);
    assert_eq!(
        back.counterfactuals[0].effect.fr,
        "Borrowing 242991.00 EUR instead."
    );
}
