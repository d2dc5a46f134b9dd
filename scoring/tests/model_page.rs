//! `docs/modele-analyse.md`, the model page for partners, quotes figures the model
//! computes: this test recomputes each one and finds it on the page.

mod common;

use common::{baseline, date, euros, percent};
use scoring::{
    AnalysisResult, Context, Decision, HousingStatus, LoanType, MODEL_VERSION, Profile, RuleCode,
    UsuryCategory, UsuryTable, analyse, explain,
};
use serde_json::Value;

fn page() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/modele-analyse.md");
    let text = std::fs::read_to_string(path).expect("the model page");
    spaces(&text)
}

/// French text on the page and in the model alike, with its no-break spaces as spaces.
fn spaces(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

#[track_caller]
fn assert_on_page(page: &str, expected: &str) {
    let expected = spaces(expected);
    assert!(page.contains(&expected), "not on the page: {expected}");
}

/// The page's examples are analysed on 10 February 2026, against the shipped table.
fn analysed(profile: &Profile) -> AnalysisResult {
    let usury = UsuryTable::shipped();
    analyse(profile, &Context::new(date(2026, 2, 10), &usury))
}

fn french(result: &AnalysisResult) -> Value {
    serde_json::to_value(result.localized(scoring::Language::Fr)).expect("serialisable")
}

fn field(name: &str, value: &Value) -> String {
    format!("\"{name}\": {value}")
}

fn message(result: &Value, code: &str) -> String {
    let rule = result["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|rule| rule["code"] == code)
        .expect("the rule");
    field("message", &rule["message"])
}

#[test]
fn the_page_describes_this_version() {
    let page = page();
    assert_on_page(&page, &format!("`{MODEL_VERSION}`"));
    assert!(!page.contains("2026.11-1"), "an older version is quoted");
}

/// § 2: the result of the example profile, as served in French.
#[test]
fn the_example_result() {
    let page = page();
    let result = french(&analysed(&baseline()));
    for name in ["score", "grade", "decision", "model_version"] {
        assert_on_page(&page, &field(name, &result[name]));
    }
    for (name, value) in result["metrics"].as_object().expect("metrics") {
        assert_on_page(&page, &field(name, value));
    }
    for code in ["HCSF_EFFORT_RATE", "RESIDUAL_INCOME", "USURY_RATE"] {
        assert_on_page(&page, &message(&result, code));
    }
    assert_on_page(&page, &field("message", &result["factors"][0]["message"]));
}

/// § 4: the TAEG's worked example.
#[test]
fn the_taeg_example() {
    let page = page();
    let percent_fr = |ratio: Option<f64>| locale::format_percent_fr(ratio.expect("a TAEG"));
    let plain = analysed(&Profile {
        insurance_annual_rate: percent(0),
        ..baseline()
    });
    let insured = analysed(&baseline());
    let with_fees = analysed(&Profile {
        application_fees: Some(euros(1_000)),
        guarantee_fees: Some(euros(2_500)),
        broker_fees: Some(euros(1_500)),
        ..baseline()
    });
    assert_eq!(with_fees.metrics.monthly_loan_payment.cents(), 115_992);
    assert_on_page(&page, "1 209,92 × (1 + X)^(−k/12)");
    assert_on_page(&page, &format!("| {} |", percent_fr(plain.metrics.apr)));
    assert_on_page(&page, &format!("| {} |", percent_fr(insured.metrics.apr)));
    assert_on_page(&page, &format!("| {} |", percent_fr(with_fees.metrics.apr)));
    assert_on_page(
        &page,
        &format!("`\"apr\": {}`", with_fees.metrics.apr.expect("a TAEG")),
    );
    let equivalent = (1.0_f64 + 0.035 / 12.0).powi(12) - 1.0;
    assert_eq!(
        plain.metrics.apr,
        Some((equivalent * 10_000.0).round() / 10_000.0)
    );
}

/// § 5: the shipped thresholds, and the message of a quarter without its own.
#[test]
fn the_usury_table_and_a_stale_quarter() {
    let page = page();
    let shipped = UsuryTable::shipped();
    for category in UsuryCategory::ALL {
        let rate = |day| {
            let found = shipped.lookup(category, day).expect("a shipped threshold");
            locale::format_percent_fr(found.rate.fraction())
        };
        assert_on_page(
            &page,
            &format!(
                "| `{category}` | {} | {} |",
                rate(date(2025, 10, 1)),
                rate(date(2026, 1, 1))
            ),
        );
    }
    let april = analyse(&baseline(), &Context::new(date(2026, 4, 15), &shipped));
    let usury = april
        .rules
        .iter()
        .find(|rule| rule.code == RuleCode::UsuryRate)
        .expect("the usury rule");
    assert_on_page(&page, &format!("> {}", usury.message.fr));
}

/// The profile of § 8: an effort rate of 37.35 %.
fn overstretched() -> Profile {
    Profile {
        birth_date: date(1990, 6, 2),
        dependents: 1,
        employment_start_date: Some(date(2021, 9, 1)),
        monthly_net_income: euros(3_600),
        existing_loans_monthly_payments: euros(150),
        loan_duration_months: 240,
        loan_annual_rate: None,
        insurance_annual_rate: None,
        property_value: Some(euros(230_000)),
        down_payment: Some(euros(30_000)),
        ..baseline()
    }
}

/// The personal loan of § 8 whose smaller amounts are usurious.
fn personal_loan() -> Profile {
    Profile {
        loan_type: LoanType::Personal,
        loan_amount: euros(9_000),
        loan_duration_months: 48,
        loan_annual_rate: None,
        insurance_annual_rate: None,
        application_fees: Some(euros(200)),
        monthly_net_income: euros(2_000),
        existing_loans_monthly_payments: euros(520),
        housing_status: HousingStatus::Owner,
        down_payment: None,
        property_value: None,
        ..baseline()
    }
}

/// § 8: the counterfactuals, and § 9: the explanation of the same result.
#[test]
fn the_counterfactual_and_explanation_examples() {
    let page = page();
    let result = analysed(&overstretched());
    let shown = french(&result);
    assert_on_page(
        &page,
        &format!(
            "{}, {}, {}",
            field("score", &shown["score"]),
            field("grade", &shown["grade"]),
            field("decision", &shown["decision"])
        ),
    );
    assert_on_page(&page, &message(&shown, "HCSF_EFFORT_RATE"));
    for counterfactual in shown["counterfactuals"]
        .as_array()
        .expect("counterfactuals")
    {
        assert_on_page(&page, &field("value", &counterfactual["value"]));
        assert_on_page(&page, &field("effect", &counterfactual["effect"]));
    }
    for counterfactual in &result.counterfactuals {
        let fixed = analysed(&counterfactual.apply_to(&overstretched()));
        assert_eq!(
            fixed.decision,
            Decision::Favorable,
            "the page says so: {counterfactual:?}"
        );
    }

    let explanation =
        serde_json::to_value(explain(&result, result.decision, scoring::Language::Fr))
            .expect("serialisable");
    assert_on_page(&page, &field("summary", &explanation["summary"]));
    assert_on_page(
        &page,
        &field("message", &explanation["main_reasons"][0]["message"]),
    );
    for sentence in explanation["what_would_change"]
        .as_array()
        .expect("changes")
    {
        assert_on_page(&page, &sentence.to_string());
    }

    let personal = french(&analysed(&personal_loan()));
    for name in ["apr", "usury_threshold", "usury_category"] {
        assert_on_page(&page, &field(name, &personal["metrics"][name]));
    }
    for counterfactual in personal["counterfactuals"]
        .as_array()
        .expect("counterfactuals")
    {
        assert_on_page(&page, &field("effect", &counterfactual["effect"]));
    }
    assert_eq!(personal["counterfactuals"][0]["value"], 6000.0);
}
