//! Hand-computed cases, one rule or metric at a time, each from a baseline profile that
//! passes everything (a 200 000 EUR mortgage over 20 years at 3.5 % on 4 200 EUR a month).

mod common;

use common::{baseline, consumer_at_zero_rate, context, date, euros, rule};
use scoring::{
    AnalysisResult, Change, Decision, EmploymentStatus, Grade, HousingStatus, LoanType,
    MODEL_VERSION, Money, Profile, RuleCode, Status, analyse,
};

fn status(profile: &Profile, code: RuleCode) -> Status {
    rule(&analyse(profile, &context()), code).status
}

fn hard_fails(result: &AnalysisResult) -> Vec<RuleCode> {
    result
        .rules
        .iter()
        .filter(|rule| rule.is_hard_fail())
        .map(|rule| rule.code)
        .collect()
}

#[test]
fn baseline_is_favorable_and_grade_a() {
    let result = analyse(&baseline(), &context());
    assert!(
        result.rules.iter().all(|r| r.status == Status::Pass),
        "{:#?}",
        result.rules
    );
    assert_eq!(result.decision, Decision::Favorable);
    assert_eq!(result.grade, Grade::A);
    assert_eq!(result.model_version, MODEL_VERSION);
    assert!(result.counterfactuals.is_empty());
}

#[test]
fn annuity_payment_and_insurance() {
    let cases = [
        (
            baseline(),
            115_992,
            5_000,
            "200 000 EUR, 240 months, 3.5 %, default 0.30 % insurance",
        ),
        (
            consumer_at_zero_rate(euros(12_000), 120),
            10_000,
            0,
            "zero rate divides evenly",
        ),
        (
            Profile {
                loan_annual_rate: None,
                insurance_annual_rate: None,
                ..baseline()
            },
            114_456,
            5_000,
            "no rate given: the mortgage default for 20 years, 3.35 %",
        ),
        (
            Profile {
                loan_type: LoanType::Auto,
                loan_amount: euros(20_000),
                loan_duration_months: 60,
                loan_annual_rate: None,
                insurance_annual_rate: None,
                ..baseline()
            },
            38_202,
            0,
            "no rate given: the auto default 5.5 %, no insurance",
        ),
    ];
    for (profile, payment, insurance, why) in cases {
        let metrics = analyse(&profile, &context()).metrics;
        assert_eq!(
            metrics.monthly_loan_payment.cents(),
            payment,
            "payment: {why}"
        );
        assert_eq!(
            metrics.monthly_insurance.cents(),
            insurance,
            "insurance: {why}"
        );
    }
}

#[test]
fn monthly_income_counts_rental_income_at_70_percent() {
    let cases = [
        (euros(2_000), None, None, None, 200_000, "net income only"),
        (
            euros(2_000),
            None,
            None,
            Some(euros(1_000)),
            270_000,
            "1 000 EUR of rent counts 700",
        ),
        (
            euros(2_000),
            Some(euros(1_500)),
            Some(euros(300)),
            Some(Money::from_cents(15)),
            380_011,
            "every source; 0.15 EUR of rent counts 0.105, rounded to 0.11",
        ),
    ];
    for (net, co_borrower, other, rental, cents, why) in cases {
        let profile = Profile {
            monthly_net_income: net,
            co_borrower_monthly_net_income: co_borrower,
            other_monthly_income: other,
            rental_income: rental,
            ..baseline()
        };
        let income = analyse(&profile, &context()).metrics.monthly_income;
        assert_eq!(income.cents(), cents, "{why}");
    }
}

#[test]
fn effort_rate_passes_at_35_percent_and_fails_above() {
    let with_payment = |amount_cents| Profile {
        monthly_net_income: euros(4_000),
        existing_loans_monthly_payments: euros(1_000),
        ..consumer_at_zero_rate(Money::from_cents(amount_cents), 120)
    };
    for (amount_cents, effort, expected, why) in [
        (
            4_800_000,
            0.35,
            Status::Pass,
            "1 400.00 / 4 000.00 is exactly 35.00 %",
        ),
        (
            4_804_800,
            0.3501,
            Status::Fail,
            "1 400.40 / 4 000.00 is 35.01 %",
        ),
        (2_400_000, 0.3, Status::Pass, "1 200.00 / 4 000.00 is 30 %"),
    ] {
        let result = analyse(&with_payment(amount_cents), &context());
        assert_eq!(result.metrics.effort_rate_before, Some(0.25), "{why}");
        assert_eq!(result.metrics.effort_rate_after, Some(effort), "{why}");
        assert_eq!(
            rule(&result, RuleCode::HcsfEffortRate).status,
            expected,
            "{why}"
        );
    }
}

#[test]
fn effort_rate_fails_without_income_and_has_no_value() {
    let profile = Profile {
        monthly_net_income: Money::ZERO,
        existing_loans_monthly_payments: euros(100),
        ..baseline()
    };
    let result = analyse(&profile, &context());
    let effort = rule(&result, RuleCode::HcsfEffortRate);
    assert_eq!(effort.status, Status::Fail);
    assert_eq!(effort.value, None, "no income, no effort rate");
    assert!(
        effort.message.en.contains("No income is declared"),
        "{:?}",
        effort.message
    );
    assert!(
        effort.message.fr.contains("Aucun revenu"),
        "{:?}",
        effort.message
    );
    assert_eq!(result.metrics.effort_rate_before, None);
    assert_eq!(result.metrics.effort_rate_after, None);
    assert_eq!(result.metrics.max_monthly_payment, Money::ZERO);
    assert_eq!(result.metrics.max_loan_amount, Money::ZERO);
    assert_eq!(result.decision, Decision::Unfavorable);
    assert!(result.counterfactuals.is_empty(), "no loan fits no income");
    let json = serde_json::to_value(&result).expect("serialisable");
    assert_eq!(
        json["metrics"]["effort_rate_after"],
        serde_json::Value::Null
    );
    assert_eq!(json["rules"][0]["value"], serde_json::Value::Null);
}

/// A fuzzer found that a cent of income used to read as an effort rate of exactly 100
/// (a silent cap): ratios are now the true quotient.
#[test]
fn ratios_are_not_capped() {
    let profile = Profile {
        monthly_net_income: Money::from_cents(1),
        existing_loans_monthly_payments: euros(100),
        property_value: Some(Money::from_cents(1)),
        ..baseline()
    };
    let metrics = analyse(&profile, &context()).metrics;
    assert_eq!(
        metrics.effort_rate_before,
        Some(10_000.0),
        "100 EUR over 0.01 EUR"
    );
    assert_eq!(
        metrics.effort_rate_after,
        Some(130_992.0),
        "(100 + 1 159.92 + 50) / 0.01"
    );
    assert_eq!(
        metrics.loan_to_value,
        Some(20_000_000.0),
        "200 000 EUR over 0.01 EUR"
    );
}

#[test]
fn duration_limit_is_300_months_or_324_with_a_deferral() {
    for (months, deferral, expected, why) in [
        (300, None, Status::Pass, "25 years"),
        (301, None, Status::Fail, "one month over 25 years"),
        (324, Some(true), Status::Pass, "27 years with a deferral"),
        (324, None, Status::Fail, "27 years without a deferral"),
        (
            324,
            Some(false),
            Status::Fail,
            "27 years, deferral explicitly not eligible",
        ),
        (325, Some(true), Status::Fail, "one month over 27 years"),
    ] {
        let profile = Profile {
            loan_duration_months: months,
            deferral_eligible: deferral,
            ..baseline()
        };
        assert_eq!(status(&profile, RuleCode::HcsfDuration), expected, "{why}");
    }
}

#[test]
fn residual_income_floor_grows_with_the_household() {
    for (adults, dependents, floor, why) in [
        (1, 0, 800, "one adult"),
        (2, 0, 1_200, "a couple"),
        (2, 2, 1_800, "a couple with two children"),
        (1, 3, 1_700, "one adult with three children"),
        (0, 0, 800, "zero adults reads as one"),
    ] {
        let profile = Profile {
            household_adults: adults,
            dependents,
            ..baseline()
        };
        let metrics = analyse(&profile, &context()).metrics;
        assert_eq!(metrics.residual_income_floor, euros(floor), "{why}");
    }
}

#[test]
fn residual_income_deducts_rent_only_when_it_stays() {
    let consumer = Profile {
        other_monthly_charges: Some(euros(200)),
        ..consumer_at_zero_rate(euros(12_000), 120)
    };
    for (profile, cents, why) in [
        (
            consumer.clone(),
            315_000,
            "tenant with a consumer loan: 4 200 − 100 − 200 − 750 rent",
        ),
        (
            Profile {
                housing_status: HousingStatus::Owner,
                ..consumer.clone()
            },
            390_000,
            "an owner pays no rent: 4 200 − 100 − 200",
        ),
        (
            Profile {
                housing_status: HousingStatus::Hosted,
                ..consumer
            },
            390_000,
            "a hosted person pays no rent",
        ),
        (
            baseline(),
            299_008,
            "a mortgage replaces the rent: 4 200 − 1 159.92 − 50.00",
        ),
    ] {
        let metrics = analyse(&profile, &context()).metrics;
        assert_eq!(metrics.residual_income.cents(), cents, "{why}");
    }
}

#[test]
fn residual_income_fails_below_the_floor_and_warns_below_120_percent() {
    // Residual = 4 200 − 1 000 (payment) − charges; floor 800, comfortable from 960.
    for (charges, expected, why) in [
        (
            2_240,
            Status::Pass,
            "residual 960, exactly 120 % of the floor",
        ),
        (2_241, Status::Warn, "residual 959, under 120 %"),
        (2_400, Status::Warn, "residual 800, exactly the floor"),
        (2_401, Status::Fail, "residual 799, under the floor"),
    ] {
        let profile = Profile {
            other_monthly_charges: Some(euros(charges)),
            housing_status: HousingStatus::Owner,
            ..consumer_at_zero_rate(euros(120_000), 120)
        };
        assert_eq!(
            status(&profile, RuleCode::ResidualIncome),
            expected,
            "{why}"
        );
    }
}

#[test]
fn age_at_maturity_warns_above_75_and_fails_above_85() {
    // Born 25 November 1961: 65 on the evaluation date.
    for (months, age, expected, why) in [
        (120, 75, Status::Pass, "75 at maturity"),
        (132, 76, Status::Warn, "76 at maturity"),
        (240, 85, Status::Warn, "85 at maturity"),
        (252, 86, Status::Fail, "86 at maturity"),
    ] {
        let profile = Profile {
            birth_date: date(1961, 11, 25),
            loan_duration_months: months,
            ..baseline()
        };
        let result = analyse(&profile, &context());
        assert_eq!(result.metrics.age_at_maturity, age, "{why}");
        assert_eq!(
            rule(&result, RuleCode::AgeAtMaturity).status,
            expected,
            "{why}"
        );
    }
}

#[test]
fn employment_stability_by_contract_and_seniority() {
    let started = |year, month| Some(date(year, month, 1));
    for (employment, trial, start, expected, why) in [
        (
            EmploymentStatus::Cdi,
            Some(true),
            started(2019, 1),
            Status::Pass,
            "CDI, trial over",
        ),
        (
            EmploymentStatus::Cdi,
            None,
            None,
            Status::Pass,
            "CDI, nothing more known",
        ),
        (
            EmploymentStatus::Cdi,
            Some(false),
            started(2019, 1),
            Status::Warn,
            "CDI in trial",
        ),
        (
            EmploymentStatus::Cdi,
            Some(true),
            started(2026, 6),
            Status::Warn,
            "CDI for 5 months",
        ),
        (
            EmploymentStatus::CivilServant,
            None,
            None,
            Status::Pass,
            "civil servant",
        ),
        (
            EmploymentStatus::Retired,
            None,
            None,
            Status::Pass,
            "retired",
        ),
        (
            EmploymentStatus::Cdd,
            None,
            started(2024, 11),
            Status::Pass,
            "CDD for 24 months",
        ),
        (
            EmploymentStatus::Interim,
            None,
            started(2025, 1),
            Status::Warn,
            "interim, 22 months",
        ),
        (
            EmploymentStatus::Independent,
            None,
            None,
            Status::Warn,
            "independent, no start date",
        ),
        (
            EmploymentStatus::Unemployed,
            None,
            None,
            Status::Fail,
            "unemployed",
        ),
        (
            EmploymentStatus::Student,
            None,
            None,
            Status::Fail,
            "student",
        ),
    ] {
        let profile = Profile {
            employment_status: employment,
            trial_period_completed: trial,
            employment_start_date: start,
            ..baseline()
        };
        assert_eq!(
            status(&profile, RuleCode::EmploymentStability),
            expected,
            "{why}"
        );
    }
}

#[test]
fn employment_failure_alone_sends_to_review() {
    let profile = Profile {
        employment_status: EmploymentStatus::Student,
        ..baseline()
    };
    let result = analyse(&profile, &context());
    assert!(hard_fails(&result).is_empty());
    assert_eq!(result.decision, Decision::Review);
}

#[test]
fn down_payment_and_loan_to_value_for_a_mortgage() {
    for (down, property, loan, expected, why) in [
        (
            Some(24_000),
            Some(240_000),
            200_000,
            Status::Pass,
            "exactly 10 %",
        ),
        (
            Some(23_999),
            Some(240_000),
            200_000,
            Status::Warn,
            "just under 10 %",
        ),
        (
            None,
            Some(240_000),
            200_000,
            Status::Warn,
            "no down payment stated",
        ),
        (
            Some(40_000),
            Some(240_000),
            240_000,
            Status::Pass,
            "loan equal to the value",
        ),
        (
            Some(40_000),
            Some(240_000),
            240_001,
            Status::Fail,
            "loan above the value",
        ),
        (
            Some(40_000),
            None,
            200_000,
            Status::Fail,
            "no property value",
        ),
        (
            Some(40_000),
            Some(0),
            200_000,
            Status::Fail,
            "a zero property value",
        ),
    ] {
        let profile = Profile {
            down_payment: down.map(euros),
            property_value: property.map(euros),
            loan_amount: euros(loan),
            monthly_net_income: euros(10_000),
            ..baseline()
        };
        let result = analyse(&profile, &context());
        let down_payment = rule(&result, RuleCode::DownPayment);
        assert_eq!(down_payment.status, expected, "{why}");
        assert_eq!(
            down_payment.is_hard_fail(),
            expected == Status::Fail,
            "{why}"
        );
    }
    let metrics = analyse(&baseline(), &context()).metrics;
    assert_eq!(metrics.loan_to_value, Some(0.8333));
}

#[test]
fn other_loans_have_no_down_payment_rule_nor_loan_to_value() {
    let result = analyse(&consumer_at_zero_rate(euros(12_000), 120), &context());
    assert!(result.rules.iter().all(|r| r.code != RuleCode::DownPayment));
    assert_eq!(result.metrics.loan_to_value, None);
}

#[test]
fn savings_and_banking_incidents() {
    // The new loan costs 1 209.92 a month: three months are 3 629.76.
    for (savings, expected, why) in [
        (Some(362_976), Status::Pass, "exactly three months"),
        (Some(362_975), Status::Warn, "a cent short of three months"),
        (None, Status::Warn, "no savings stated"),
    ] {
        let profile = Profile {
            savings: savings.map(Money::from_cents),
            ..baseline()
        };
        assert_eq!(status(&profile, RuleCode::Savings), expected, "{why}");
    }
    for (incidents, expected, why) in [
        (None, Status::Pass, "not stated reads as none"),
        (Some(0), Status::Pass, "none"),
        (Some(2), Status::Warn, "two"),
        (Some(3), Status::Fail, "three"),
    ] {
        let profile = Profile {
            banking_incidents_12m: incidents,
            ..baseline()
        };
        let result = analyse(&profile, &context());
        assert_eq!(
            rule(&result, RuleCode::BankingIncidents).status,
            expected,
            "{why}"
        );
        assert_ne!(result.decision, Decision::Unfavorable, "soft rule: {why}");
    }
}

#[test]
fn savings_cover_a_loan_that_costs_nothing_a_month() {
    // 1 EUR over 420 months at 0 %: 0.24 cent a month, a payment of zero once rounded.
    let profile = consumer_at_zero_rate(euros(1), 420);
    let result = analyse(&profile, &context());
    assert_eq!(result.metrics.monthly_loan_payment, Money::ZERO);
    let savings = rule(&result, RuleCode::Savings);
    assert_eq!(savings.status, Status::Pass);
    assert_eq!(savings.value, None, "no monthly cost, no months of it");
}

#[test]
fn ficp_registration_is_always_unfavorable() {
    let excellent = Profile {
        monthly_net_income: euros(50_000),
        savings: Some(euros(2_000_000)),
        employment_status: EmploymentStatus::CivilServant,
        ..baseline()
    };
    for (profile, why) in [
        (excellent, "an excellent profile"),
        (baseline(), "the baseline"),
        (
            consumer_at_zero_rate(euros(1_000), 12),
            "a small consumer loan",
        ),
    ] {
        let clean = analyse(&profile, &context());
        let registered = analyse(
            &Profile {
                ficp_registered: true,
                ..profile
            },
            &context(),
        );
        assert_eq!(registered.decision, Decision::Unfavorable, "{why}");
        assert_eq!(hard_fails(&registered), vec![RuleCode::Ficp], "{why}");
        assert!(
            registered.score + 300 <= clean.score,
            "{why}: weighs on the score"
        );
        assert!(
            registered.counterfactuals.is_empty(),
            "{why}: nothing about the loan helps"
        );
    }
}

#[test]
fn max_monthly_payment_and_max_loan_amount() {
    let profile = Profile {
        monthly_net_income: euros(3_000),
        existing_loans_monthly_payments: euros(200),
        ..consumer_at_zero_rate(euros(12_000), 120)
    };
    let metrics = analyse(&profile, &context()).metrics;
    assert_eq!(
        metrics.max_monthly_payment,
        euros(850),
        "35 % of 3 000 less 200"
    );
    assert_eq!(
        metrics.max_loan_amount,
        euros(102_000),
        "850 for 120 months at 0 %"
    );

    let metrics = analyse(&baseline(), &context()).metrics;
    assert_eq!(metrics.max_monthly_payment, euros(1_470));
    // 1 470 / (annuity factor at 3.5 % over 240 months + 0.30 % / 12)
    assert_eq!(metrics.max_loan_amount.cents(), 24_299_138);

    let overindebted = Profile {
        existing_loans_monthly_payments: euros(2_000),
        ..baseline()
    };
    let metrics = analyse(&overindebted, &context()).metrics;
    assert_eq!(metrics.max_monthly_payment, Money::ZERO, "never negative");
    assert_eq!(metrics.max_loan_amount, Money::ZERO);
}

#[test]
fn decision_follows_hard_rules_warnings_and_grade() {
    let cases = [
        (
            baseline(),
            Decision::Favorable,
            "every rule passes, grade A",
        ),
        (
            Profile {
                savings: None,
                ..baseline()
            },
            Decision::Review,
            "a warning (no savings stated)",
        ),
        (
            Profile {
                loan_duration_months: 360,
                ..baseline()
            },
            Decision::Unfavorable,
            "a hard rule fails (30 years)",
        ),
    ];
    for (profile, expected, why) in cases {
        assert_eq!(analyse(&profile, &context()).decision, expected, "{why}");
    }
}

/// 250 000 EUR on 4 200 a month: an effort rate of 36 %, over the cap.
fn overstretched_mortgage() -> Profile {
    Profile {
        loan_amount: euros(250_000),
        property_value: Some(euros(300_000)),
        down_payment: Some(euros(50_000)),
        ..baseline()
    }
}

#[test]
fn counterfactuals_fix_an_overstretched_mortgage() {
    let profile = overstretched_mortgage();
    let result = analyse(&profile, &context());
    assert_eq!(hard_fails(&result), vec![RuleCode::HcsfEffortRate]);
    let changes: Vec<Change> = result.counterfactuals.iter().map(|c| c.change).collect();
    assert_eq!(
        changes,
        vec![
            Change::LoanAmount,
            Change::LoanDurationMonths,
            Change::DownPayment
        ]
    );
    for counterfactual in &result.counterfactuals {
        let fixed = analyse(&counterfactual.apply_to(&profile), &context());
        assert!(
            hard_fails(&fixed).is_empty(),
            "{counterfactual:?} leaves {:?}",
            hard_fails(&fixed)
        );
    }
    let [amount, duration, down_payment] = &result.counterfactuals[..] else {
        unreachable!("three counterfactuals");
    };
    assert_eq!(amount.value, 242_991.0, "max_loan_amount in whole euros");
    assert_eq!(
        amount.value,
        result.metrics.max_loan_amount.euros_f64().floor()
    );
    assert!(
        duration.value > 240.0 && duration.value <= 300.0,
        "{duration:?}"
    );
    assert_eq!(down_payment.value, 50_000.0 + 250_000.0 - 242_991.0);
}

#[test]
fn counterfactual_duration_shortens_a_loan_beyond_the_hcsf_limit() {
    let profile = Profile {
        loan_duration_months: 360,
        ..baseline()
    };
    let result = analyse(&profile, &context());
    let duration = result
        .counterfactuals
        .iter()
        .find(|c| c.change == Change::LoanDurationMonths)
        .expect("a duration is proposed");
    assert_eq!(
        duration.value, 300.0,
        "the longest duration within the limit"
    );
    assert!(
        result
            .counterfactuals
            .iter()
            .all(|c| c.change == Change::LoanDurationMonths)
    );
}

#[test]
fn counterfactual_down_payment_brings_the_loan_within_the_value() {
    let profile = Profile {
        down_payment: Some(Money::ZERO),
        loan_amount: euros(250_000),
        monthly_net_income: euros(10_000),
        ..baseline()
    };
    let result = analyse(&profile, &context());
    assert_eq!(hard_fails(&result), vec![RuleCode::DownPayment]);
    let down_payment = result
        .counterfactuals
        .iter()
        .find(|c| c.change == Change::DownPayment)
        .expect("a down payment is proposed");
    assert_eq!(
        down_payment.value, 24_000.0,
        "10 % of 240 000 is enough here"
    );
    let fixed = down_payment.apply_to(&profile);
    assert_eq!(fixed.loan_amount, euros(226_000));
    assert_eq!(
        rule(&analyse(&fixed, &context()), RuleCode::DownPayment).status,
        Status::Pass
    );
}

#[test]
fn no_counterfactual_when_every_hard_rule_passes_or_age_fails() {
    assert!(analyse(&baseline(), &context()).counterfactuals.is_empty());
    let old = Profile {
        birth_date: date(1935, 1, 1),
        ..baseline()
    };
    let result = analyse(&old, &context());
    assert!(hard_fails(&result).contains(&RuleCode::AgeAtMaturity));
    assert!(
        result
            .counterfactuals
            .iter()
            .all(|c| c.change == Change::LoanDurationMonths),
        "only a shorter duration can help an age failure: {:?}",
        result.counterfactuals
    );
}

#[test]
fn serialises_with_the_contract_names() {
    let result = analyse(&consumer_at_zero_rate(euros(12_000), 120), &context());
    let json = serde_json::to_value(&result).expect("serialisable");
    assert_eq!(json["model_version"], MODEL_VERSION);
    assert_eq!(json["grade"], "A");
    assert_eq!(json["decision"], "favorable");
    assert_eq!(json["metrics"]["monthly_loan_payment"], 100.0);
    assert_eq!(json["metrics"]["monthly_income"], 4200.0);
    assert_eq!(json["metrics"]["loan_to_value"], serde_json::Value::Null);
    let metric_names: Vec<&str> = json["metrics"]
        .as_object()
        .expect("metrics object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "monthly_income",
        "monthly_loan_payment",
        "monthly_insurance",
        "effort_rate_before",
        "effort_rate_after",
        "residual_income",
        "residual_income_floor",
        "loan_to_value",
        "age_at_maturity",
        "max_monthly_payment",
        "max_loan_amount",
        "apr",
        "usury_threshold",
        "usury_category",
        "income_basis",
    ];
    let mut actual = metric_names.clone();
    actual.sort_unstable();
    expected.sort_unstable();
    assert_eq!(actual, expected);
    let codes: Vec<&str> = json["rules"]
        .as_array()
        .expect("rules array")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "HCSF_EFFORT_RATE",
            "HCSF_DURATION",
            "RESIDUAL_INCOME",
            "AGE_AT_MATURITY",
            "EMPLOYMENT_STABILITY",
            "SAVINGS",
            "BANKING_INCIDENTS",
            "FICP",
            "USURY_RATE"
        ]
    );
    assert_eq!(json["rules"][0]["status"], "pass");
    assert_eq!(json["rules"][0]["value"], 0.0238, "100 / 4 200");
    assert_eq!(json["rules"][0]["threshold"], 0.35);

    let mortgage = serde_json::to_string(&analyse(&baseline(), &context())).expect("serialisable");
    assert!(
        mortgage.contains(r#""monthly_loan_payment":1159.92"#),
        "{mortgage}"
    );
    assert!(mortgage.contains(r#""code":"DOWN_PAYMENT""#), "{mortgage}");

    let json =
        serde_json::to_value(analyse(&overstretched_mortgage(), &context())).expect("serialisable");
    assert_eq!(json["counterfactuals"][0]["change"], "loan_amount");
    assert_eq!(json["counterfactuals"][1]["change"], "loan_duration_months");
    assert_eq!(json["counterfactuals"][2]["change"], "down_payment");
    assert_eq!(json["decision"], "unfavorable");
}
