//! The bank rules of DESIGN §10, computed by hand on the baseline profile.

mod common;

use common::{baseline, context, euros, rule};
use scoring::{
    AnalysisResult, BankEvidence, FactorCode, IncomeBasis, Money, RuleCode, Status, analyse,
};

/// Four months of statements that bear out the baseline's declarations exactly.
fn clean() -> BankEvidence {
    BankEvidence {
        coverage_days: 123,
        full_months: 3,
        observed_monthly_income: euros(4_200),
        observed_credit_repayments: Money::ZERO,
        overdraft_days_90d: 0,
        rejected_payments_90d: 0,
        gambling_share_ten_thousandths: 0,
    }
}

fn with(evidence: BankEvidence) -> AnalysisResult {
    analyse(&baseline(), &context().with_bank(evidence))
}

fn status(result: &AnalysisResult, code: RuleCode) -> Status {
    rule(result, code).status
}

fn impact(result: &AnalysisResult, code: FactorCode) -> Option<i32> {
    result
        .factors
        .iter()
        .find(|factor| factor.code == code)
        .map(|factor| factor.impact)
}

const BANK_RULES: [RuleCode; 6] = [
    RuleCode::BankDataCoverage,
    RuleCode::IncomeVerified,
    RuleCode::UndeclaredCredit,
    RuleCode::Overdraft,
    RuleCode::RejectedPayments,
    RuleCode::Gambling,
];

#[test]
fn without_statements_there_is_no_bank_rule() {
    let result = analyse(&baseline(), &context());
    for code in BANK_RULES {
        assert!(
            result.rules.iter().all(|rule| rule.code != code),
            "{code:?}"
        );
    }
    assert_eq!(result.metrics.income_basis, Some(IncomeBasis::Declared));
}

#[test]
fn statements_that_bear_the_declarations_out_pass_and_add_sixty_points() {
    let plain = analyse(&baseline(), &context());
    let result = with(clean());
    for code in BANK_RULES {
        assert_eq!(status(&result, code), Status::Pass, "{code:?}");
    }
    assert_eq!(rule(&result, RuleCode::IncomeVerified).value, Some(1.0));
    assert_eq!(
        rule(&result, RuleCode::UndeclaredCredit).threshold,
        Some(20.0)
    );
    assert_eq!(result.metrics, plain.metrics, "declared figures stand");
    // +30 income verified, +20 never overdrawn, +10 no rejected payment.
    assert_eq!(result.score, (plain.score + 60).min(1000));
    assert_eq!(impact(&result, FactorCode::UndeclaredCredit), Some(0));
    assert_eq!(impact(&result, FactorCode::Gambling), Some(0));
}

#[test]
fn too_short_a_history_warns_and_changes_nothing_else() {
    let plain = analyse(&baseline(), &context());
    let short = BankEvidence {
        coverage_days: 89,
        full_months: 3,
        observed_monthly_income: euros(1_000),
        observed_credit_repayments: euros(900),
        overdraft_days_90d: 40,
        rejected_payments_90d: 5,
        gambling_share_ten_thousandths: 9_000,
    };
    let result = with(short);
    for code in BANK_RULES {
        assert_eq!(status(&result, code), Status::Warn, "{code:?}");
    }
    assert_eq!(rule(&result, RuleCode::BankDataCoverage).value, Some(89.0));
    assert_eq!(rule(&result, RuleCode::Overdraft).value, None);
    assert_eq!(result.metrics, plain.metrics);
    assert_eq!(result.score, plain.score);
    assert_eq!(result.factors, plain.factors, "no bank factor");
    let two_months = with(BankEvidence {
        full_months: 2,
        coverage_days: 95,
        ..clean()
    });
    assert_eq!(
        status(&two_months, RuleCode::BankDataCoverage),
        Status::Warn
    );
}

#[test]
fn less_income_than_declared_is_what_the_affordability_rules_use() {
    // 3 000 / 4 200 = 0.7143: between 0.70 and 0.90.
    let result = with(BankEvidence {
        observed_monthly_income: euros(3_000),
        ..clean()
    });
    let verified = rule(&result, RuleCode::IncomeVerified);
    assert_eq!(verified.status, Status::Warn);
    assert_eq!(verified.value, Some(0.7143));
    assert_eq!(result.metrics.income_basis, Some(IncomeBasis::Observed));
    assert_eq!(result.metrics.monthly_income, euros(3_000));
    // 1 159.92 payment + 0 insurance... as the baseline's payment, over 3 000.
    let payment =
        result.metrics.monthly_loan_payment.cents() + result.metrics.monthly_insurance.cents();
    let expected = ((payment as f64 / 300_000.0) * 10_000.0).round() / 10_000.0;
    assert_eq!(result.metrics.effort_rate_after, Some(expected));
    assert_eq!(impact(&result, FactorCode::IncomeVerified), Some(-40));

    let below = with(BankEvidence {
        observed_monthly_income: euros(2_939),
        ..clean()
    });
    assert_eq!(
        status(&below, RuleCode::IncomeVerified),
        Status::Fail,
        "0.6998"
    );
    assert_eq!(impact(&below, FactorCode::IncomeVerified), Some(-120));
    let at_ninety = with(BankEvidence {
        observed_monthly_income: euros(3_780),
        ..clean()
    });
    assert_eq!(
        status(&at_ninety, RuleCode::IncomeVerified),
        Status::Pass,
        "0.90 exactly"
    );
    let more = with(BankEvidence {
        observed_monthly_income: euros(5_000),
        ..clean()
    });
    assert_eq!(more.metrics.income_basis, Some(IncomeBasis::Declared));
    assert_eq!(
        more.metrics.monthly_income,
        euros(4_200),
        "never more than declared"
    );
}

#[test]
fn undeclared_repayments_fail_and_count_in_the_effort_rate() {
    // Declared 0: tolerated 0 x 1.10 + 20 = 20 EUR.
    let result = with(BankEvidence {
        observed_credit_repayments: euros(300),
        ..clean()
    });
    let undeclared = rule(&result, RuleCode::UndeclaredCredit);
    assert_eq!(undeclared.status, Status::Fail);
    assert_eq!(undeclared.value, Some(300.0));
    assert_eq!(
        result.metrics.effort_rate_before,
        Some(0.0714),
        "300 / 4 200"
    );
    assert_eq!(impact(&result, FactorCode::UndeclaredCredit), Some(-100));

    let mut declared = baseline();
    declared.existing_loans_monthly_payments = euros(150);
    let tolerance = |observed: Money| {
        analyse(
            &declared,
            &context().with_bank(BankEvidence {
                observed_credit_repayments: observed,
                ..clean()
            }),
        )
    };
    // 150 x 1.10 + 20 = 185 EUR.
    let at = tolerance(euros(185));
    assert_eq!(status(&at, RuleCode::UndeclaredCredit), Status::Pass);
    assert_eq!(rule(&at, RuleCode::UndeclaredCredit).threshold, Some(185.0));
    assert_eq!(
        at.metrics.effort_rate_before,
        Some(0.044),
        "185 / 4 200: the larger of declared and observed"
    );
    let above = tolerance(Money::from_cents(18_501));
    assert_eq!(status(&above, RuleCode::UndeclaredCredit), Status::Fail);
}

#[test]
fn overdraft_rejections_and_gambling_by_their_thresholds() {
    let cases = [
        (
            BankEvidence {
                overdraft_days_90d: 5,
                ..clean()
            },
            RuleCode::Overdraft,
            Status::Pass,
        ),
        (
            BankEvidence {
                overdraft_days_90d: 6,
                ..clean()
            },
            RuleCode::Overdraft,
            Status::Warn,
        ),
        (
            BankEvidence {
                overdraft_days_90d: 15,
                ..clean()
            },
            RuleCode::Overdraft,
            Status::Warn,
        ),
        (
            BankEvidence {
                overdraft_days_90d: 16,
                ..clean()
            },
            RuleCode::Overdraft,
            Status::Fail,
        ),
        (
            BankEvidence {
                rejected_payments_90d: 2,
                ..clean()
            },
            RuleCode::RejectedPayments,
            Status::Warn,
        ),
        (
            BankEvidence {
                rejected_payments_90d: 3,
                ..clean()
            },
            RuleCode::RejectedPayments,
            Status::Fail,
        ),
        (
            BankEvidence {
                gambling_share_ten_thousandths: 499,
                ..clean()
            },
            RuleCode::Gambling,
            Status::Pass,
        ),
        (
            BankEvidence {
                gambling_share_ten_thousandths: 500,
                ..clean()
            },
            RuleCode::Gambling,
            Status::Warn,
        ),
        (
            BankEvidence {
                gambling_share_ten_thousandths: 1_500,
                ..clean()
            },
            RuleCode::Gambling,
            Status::Warn,
        ),
        (
            BankEvidence {
                gambling_share_ten_thousandths: 1_501,
                ..clean()
            },
            RuleCode::Gambling,
            Status::Fail,
        ),
    ];
    for (evidence, code, expected) in cases {
        let result = with(evidence);
        assert_eq!(status(&result, code), expected, "{evidence:?}");
        if expected != Status::Pass {
            assert_ne!(
                result.decision,
                scoring::Decision::Favorable,
                "{evidence:?}"
            );
        }
    }
    let heavy = with(BankEvidence {
        overdraft_days_90d: 31,
        rejected_payments_90d: 4,
        gambling_share_ten_thousandths: 2_214,
        ..clean()
    });
    assert_eq!(impact(&heavy, FactorCode::Overdraft), Some(-150));
    assert_eq!(impact(&heavy, FactorCode::RejectedPayments), Some(-150));
    assert_eq!(impact(&heavy, FactorCode::Gambling), Some(-150));
}
