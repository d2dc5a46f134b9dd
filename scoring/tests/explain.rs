//! `explain`: what the consumer reads about a decision, in both languages.

mod common;

use common::{baseline, context, date, euros};
use scoring::{
    Decision, EmploymentStatus, Explanation, Language, MAX_REASONS, Money, Profile, RuleCode,
    analyse, explain,
};

/// 250 000 EUR on 4 200 a month: an effort rate of 36 %, three counterfactuals.
fn overstretched() -> Profile {
    Profile {
        loan_amount: euros(250_000),
        property_value: Some(euros(300_000)),
        down_payment: Some(euros(50_000)),
        ..baseline()
    }
}

fn explained(
    profile: &Profile,
    final_decision: Option<Decision>,
    language: Language,
) -> Explanation {
    let result = analyse(profile, &context());
    explain(&result, final_decision.unwrap_or(result.decision), language)
}

#[test]
fn an_unfavorable_decision_in_french() {
    let explanation = explained(&overstretched(), None, Language::Fr);
    assert_eq!(explanation.language, Language::Fr);
    assert_eq!(explanation.decision, Decision::Unfavorable);
    assert_eq!(explanation.final_decision, Decision::Unfavorable);
    assert!(
        explanation.summary.starts_with("Nous sommes au regret"),
        "{}",
        explanation.summary
    );
    let codes: Vec<RuleCode> = explanation.main_reasons.iter().map(|r| r.code).collect();
    assert_eq!(codes, [RuleCode::HcsfEffortRate]);
    assert_eq!(
        explanation.main_reasons[0].message,
        "L'ensemble de vos remboursements de crédits, celui-ci compris, représenterait 36,01\u{a0}% de vos revenus. Les règles françaises du crédit responsable, fixées par le HCSF (Haut Conseil de stabilité financière), limitent ce taux d'endettement à 35\u{a0}%."
    );
    assert_eq!(
        explanation.what_would_change,
        [
            "Emprunter 242\u{202f}991,00\u{a0}€ au lieu du montant demandé, sur la même durée, respecterait nos critères d'octroi.",
            "Rembourser le même montant sur 251 mois respecterait nos critères d'octroi.",
            "Apporter 57\u{202f}009,00\u{a0}€ au total, et emprunter d'autant moins, respecterait nos critères d'octroi.",
        ]
    );
    assert_eq!(explanation.rights.len(), 5);
    assert!(explanation.rights[0].contains("RGPD, article 22"));
    assert!(explanation.rights[0].contains("directive (UE) 2023/2225, article 18"));
    assert!(explanation.rights[3].contains("RGPD, article 15"));
}

#[test]
fn the_same_in_english() {
    let explanation = explained(&overstretched(), None, Language::En);
    assert!(
        explanation.summary.starts_with("We are sorry"),
        "{}",
        explanation.summary
    );
    assert!(
        explanation.main_reasons[0]
            .message
            .contains("36.01% of your income"),
        "{}",
        explanation.main_reasons[0].message
    );
    assert_eq!(
        explanation.what_would_change[0],
        "Borrowing €242,991.00 instead, over the same duration, would meet our lending criteria."
    );
    let rights = explanation.rights.join(" ");
    for right in [
        "review it and take the decision",
        "point of view",
        "contest the decision",
    ] {
        assert!(rights.contains(right), "{right}: {rights}");
    }
}

#[test]
fn failing_rules_come_before_warnings_and_at_most_four() {
    let troubled = Profile {
        birth_date: date(1950, 1, 1),
        loan_duration_months: 360,
        employment_status: EmploymentStatus::Student,
        savings: None,
        banking_incidents_12m: Some(2),
        ficp_registered: true,
        ..baseline()
    };
    let result = analyse(&troubled, &context());
    let explanation = explain(&result, result.decision, Language::En);
    let codes: Vec<RuleCode> = explanation.main_reasons.iter().map(|r| r.code).collect();
    assert_eq!(codes.len(), MAX_REASONS);
    assert_eq!(
        codes,
        [
            RuleCode::HcsfDuration,
            RuleCode::AgeAtMaturity,
            RuleCode::EmploymentStability,
            RuleCode::Ficp,
        ],
        "fails first, in the model's order"
    );
    let warnings_only = Profile {
        savings: None,
        banking_incidents_12m: Some(1),
        ..baseline()
    };
    let result = analyse(&warnings_only, &context());
    let explanation = explain(&result, result.decision, Language::En);
    let codes: Vec<RuleCode> = explanation.main_reasons.iter().map(|r| r.code).collect();
    assert_eq!(codes, [RuleCode::Savings, RuleCode::BankingIncidents]);
    assert!(
        explanation.summary.contains("closer look"),
        "{}",
        explanation.summary
    );
}

#[test]
fn a_human_decision_is_said_to_be_one() {
    let explanation = explained(&overstretched(), Some(Decision::Favorable), Language::Fr);
    assert_eq!(explanation.decision, Decision::Unfavorable);
    assert_eq!(explanation.final_decision, Decision::Favorable);
    assert!(
        explanation.summary.starts_with(
            "L'un de nos conseillers a réexaminé l'évaluation automatique de votre demande, qui était défavorable, et a pris la décision finale. Bonne nouvelle"
        ),
        "{}",
        explanation.summary
    );
}

#[test]
fn a_favorable_decision_has_nothing_to_change() {
    let explanation = explained(&baseline(), None, Language::En);
    assert_eq!(explanation.decision, Decision::Favorable);
    assert!(explanation.main_reasons.is_empty());
    assert!(explanation.what_would_change.is_empty());
    assert_eq!(explanation.rights.len(), 5, "the rights are always stated");
}

#[test]
fn serialises_with_the_contract_names() {
    let json = serde_json::to_value(explained(&overstretched(), None, Language::Fr))
        .expect("serialisable");
    let mut keys: Vec<&str> = json
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "decision",
            "final_decision",
            "language",
            "main_reasons",
            "rights",
            "summary",
            "what_would_change"
        ]
    );
    assert_eq!(json["language"], "fr");
    assert_eq!(json["decision"], "unfavorable");
    assert_eq!(json["main_reasons"][0]["code"], "HCSF_EFFORT_RATE");
    assert!(json["main_reasons"][0]["message"].is_string());
}

#[test]
fn a_loan_without_income_or_with_fees_over_the_amount_is_explained() {
    let no_income = Profile {
        monthly_net_income: Money::ZERO,
        ..baseline()
    };
    let explanation = explained(&no_income, None, Language::En);
    assert!(
        explanation.main_reasons[0]
            .message
            .starts_with("You did not declare any income"),
        "{:?}",
        explanation.main_reasons
    );
    let all_fees = Profile {
        application_fees: Some(euros(200_000)),
        ..baseline()
    };
    let explanation = explained(&all_fees, None, Language::Fr);
    let usury = explanation
        .main_reasons
        .iter()
        .find(|r| r.code == RuleCode::UsuryRate)
        .expect("the usury reason");
    assert!(
        usury.message.contains("absorberaient la totalité"),
        "{}",
        usury.message
    );
}
