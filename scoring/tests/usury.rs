//! `USURY_RATE`: the TAEG against the Banque de France threshold of the loan's category.

mod common;

use common::{as_of, baseline, context, date, euros, percent, rule, usury_table};
use scoring::{
    AnalysisResult, Change, Context, Decision, LoanType, Money, Profile, RateType, RuleCode,
    Status, UsuryCategory, UsuryTable, analyse,
};

fn usury_rule(result: &AnalysisResult) -> &scoring::Rule {
    rule(result, RuleCode::UsuryRate)
}

/// A consumer loan of `amount` over 60 months at `rate_hundredths`, no insurance, on a
/// comfortable income.
fn consumer(amount: Money, rate_hundredths: i64) -> Profile {
    Profile {
        loan_type: LoanType::Consumer,
        loan_amount: amount,
        loan_duration_months: 60,
        loan_annual_rate: percent(rate_hundredths),
        insurance_annual_rate: percent(0),
        down_payment: None,
        property_value: None,
        ..baseline()
    }
}

#[test]
fn a_mortgage_within_its_threshold_passes() {
    let result = analyse(&baseline(), &context());
    let usury = usury_rule(&result);
    assert_eq!(usury.status, Status::Pass);
    assert_eq!(usury.value, Some(0.0405), "the TAEG");
    assert_eq!(
        usury.threshold,
        Some(0.0513),
        "fixed rate, 20 years or more"
    );
    assert_eq!(result.metrics.usury_threshold, Some(0.0513));
    assert_eq!(
        result.metrics.usury_category,
        Some(UsuryCategory::MortgageFixedGe20y)
    );
    assert_eq!(result.decision, Decision::Favorable);
    assert_eq!(
        usury.message.fr,
        "Le TAEG de 4,05\u{a0}% respecte le taux d'usure de 5,13\u{a0}% applicable aux prêts immobiliers à taux fixe d'une durée de 20 ans et plus."
    );
}

#[test]
fn the_threshold_itself_passes_and_a_hundredth_above_fails() {
    // 10 000 EUR over 60 months, no fees: 8.34 % nominal is a TAEG of 8.6674 %, 8.67 %
    // once rounded, the threshold of consumer loans above 6 000 EUR; 8.35 % is 8.6764 %.
    let at = analyse(&consumer(euros(10_000), 834), &context());
    assert_eq!(usury_rule(&at).value, Some(0.0867));
    assert_eq!(
        usury_rule(&at).status,
        Status::Pass,
        "exactly the threshold"
    );
    let above = analyse(&consumer(euros(10_000), 835), &context());
    assert_eq!(usury_rule(&above).value, Some(0.0868));
    assert_eq!(usury_rule(&above).status, Status::Fail);
    assert!(usury_rule(&above).is_hard_fail());
    assert_eq!(above.decision, Decision::Unfavorable, "an unlawful loan");
    assert!(
        usury_rule(&above)
            .message
            .en
            .contains("cannot lawfully be granted"),
        "{:?}",
        usury_rule(&above).message
    );
}

#[test]
fn categories_come_from_the_loan() {
    for (profile, expected, threshold, why) in [
        (
            Profile {
                rate_type: RateType::Variable,
                ..baseline()
            },
            UsuryCategory::MortgageVariable,
            0.0499,
            "a variable-rate mortgage",
        ),
        (
            Profile {
                loan_duration_months: 180,
                ..baseline()
            },
            UsuryCategory::MortgageFixed10To20y,
            0.0459,
            "15 years, fixed",
        ),
        (
            consumer(euros(3_000), 700),
            UsuryCategory::ConsumerLe3000,
            0.2356,
            "3 000 EUR",
        ),
        (
            consumer(euros(6_000), 700),
            UsuryCategory::Consumer3000To6000,
            0.1587,
            "6 000 EUR",
        ),
        (
            Profile {
                loan_type: LoanType::Auto,
                ..consumer(euros(6_001), 700)
            },
            UsuryCategory::ConsumerGt6000,
            0.0867,
            "a car loan of 6 001 EUR",
        ),
    ] {
        let metrics = analyse(&profile, &context()).metrics;
        assert_eq!(metrics.usury_category, Some(expected), "{why}");
        assert_eq!(metrics.usury_threshold, Some(threshold), "{why}");
    }
}

/// DESIGN §11: without a threshold loaded for the analysis's quarter, the latest one is
/// used and the rule is `warn` at best, saying which quarter's threshold it used.
#[test]
fn without_a_threshold_for_the_quarter_the_latest_is_used_and_the_rule_warns() {
    let shipped = UsuryTable::shipped();
    let result = analyse(&baseline(), &Context::new(as_of(), &shipped));
    let usury = usury_rule(&result);
    assert_eq!(usury.status, Status::Warn);
    assert_eq!(usury.threshold, Some(0.0513), "the first quarter of 2026's");
    assert!(
        usury.message.en.contains("the threshold of Q1 2026")
            && usury.message.en.contains("none is loaded for Q4 2026"),
        "{}",
        usury.message.en
    );
    assert!(
        usury.message.fr.contains("seuil du 1er trimestre 2026")
            && usury.message.fr.contains("pour le 4e trimestre 2026"),
        "{}",
        usury.message.fr
    );
    assert_eq!(
        result.decision,
        Decision::Review,
        "a warning sends to review"
    );

    let above = analyse(
        &consumer(euros(10_000), 835),
        &Context::new(date(2027, 2, 1), usury_table()),
    );
    assert_eq!(
        usury_rule(&above).status,
        Status::Fail,
        "above a stale threshold fails"
    );
    assert!(
        usury_rule(&above)
            .message
            .en
            .contains("the threshold of Q4 2026"),
        "{}",
        usury_rule(&above).message.en
    );
}

#[test]
fn without_any_threshold_the_rule_warns() {
    let empty = UsuryTable::default();
    let result = analyse(&baseline(), &Context::new(as_of(), &empty));
    let usury = usury_rule(&result);
    assert_eq!(usury.status, Status::Warn);
    assert_eq!((usury.value, usury.threshold), (Some(0.0405), None));
    assert_eq!(result.metrics.usury_threshold, None);
}

#[test]
fn fees_that_take_the_whole_amount_fail() {
    let profile = Profile {
        application_fees: Some(euros(150_000)),
        broker_fees: Some(euros(50_000)),
        ..baseline()
    };
    let result = analyse(&profile, &context());
    let usury = usury_rule(&result);
    assert_eq!(usury.status, Status::Fail);
    assert_eq!(usury.value, None, "no TAEG");
    assert_eq!(result.metrics.apr, None);
    assert_eq!(result.decision, Decision::Unfavorable);
    assert!(
        usury
            .message
            .fr
            .contains("absorbent la totalité du montant emprunté"),
        "{}",
        usury.message.fr
    );
}

/// A personal loan whose 200 EUR of fees weigh more on a smaller amount: 9 000 EUR at
/// 7 % over 48 months has a TAEG of 8.48 %, within the 8.67 % of loans above 6 000 EUR,
/// but the effort rate is 36.78 %. The amount that fits 35 % is about 7 516 EUR, whose
/// TAEG is 8.73 %: above the ceiling. Every amount down to 6 000 EUR is above it too, and
/// 6 000 EUR is in the category below, whose ceiling is 15.87 %: that is the proposal.
#[test]
fn counterfactuals_never_propose_a_loan_above_the_ceiling() {
    let profile = Profile {
        loan_type: LoanType::Personal,
        loan_amount: euros(9_000),
        loan_duration_months: 48,
        loan_annual_rate: None,
        insurance_annual_rate: None,
        application_fees: Some(euros(200)),
        monthly_net_income: euros(2_000),
        existing_loans_monthly_payments: euros(520),
        housing_status: scoring::HousingStatus::Owner,
        down_payment: None,
        property_value: None,
        ..baseline()
    };
    let result = analyse(&profile, &context());
    assert_eq!(usury_rule(&result).status, Status::Pass);
    assert_eq!(usury_rule(&result).value, Some(0.0848));
    assert_eq!(
        rule(&result, RuleCode::HcsfEffortRate).status,
        Status::Fail,
        "36.78 %"
    );
    let affordable = Profile {
        loan_amount: euros(7_500),
        ..profile.clone()
    };
    let at_affordable = analyse(&affordable, &context());
    assert_eq!(usury_rule(&at_affordable).value, Some(0.0873));
    assert_eq!(
        usury_rule(&at_affordable).status,
        Status::Fail,
        "a smaller amount is usurious"
    );

    let amount = result
        .counterfactuals
        .iter()
        .find(|c| c.change == Change::LoanAmount)
        .expect("an amount is proposed");
    assert_eq!(amount.value, 6_000.0, "the top of the category below");
    for counterfactual in &result.counterfactuals {
        let fixed = analyse(&counterfactual.apply_to(&profile), &context());
        assert_eq!(
            usury_rule(&fixed).status,
            Status::Pass,
            "{counterfactual:?}"
        );
        assert!(
            fixed.rules.iter().all(|r| !r.is_hard_fail()),
            "{counterfactual:?}"
        );
    }
}

/// A consumer loan over its ceiling but affordable: a smaller category's top is offered.
#[test]
fn a_usurious_consumer_loan_is_offered_the_top_of_the_category_below() {
    let profile = consumer(euros(6_500), 900);
    let result = analyse(&profile, &context());
    assert_eq!(
        usury_rule(&result).status,
        Status::Fail,
        "9.38 % over 8.67 %"
    );
    let amount = result
        .counterfactuals
        .iter()
        .find(|c| c.change == Change::LoanAmount)
        .expect("an amount is proposed");
    assert_eq!(amount.value, 6_000.0);
}
