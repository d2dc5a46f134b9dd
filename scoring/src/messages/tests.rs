//! The catalogue checked: every case of every rule, factor and change has both languages.

use super::*;
use crate::result::{Change, Counterfactual, Decision, FactorCode, Rule, RuleCode, Status};
use crate::usury::UsuryCategory::{ConsumerGt6000, MortgageFixedGe20y, MortgageVariable};

fn m(euros: i64) -> Money {
    Money::from_cents(euros * 100 + 37)
}

/// One sample of every rule detail, with figures that have decimals and thousands.
pub(crate) fn rule_samples() -> Vec<RuleDetail> {
    use RuleDetail::*;
    vec![
        EffortNoIncome,
        EffortWithin { effort: 0.2881 },
        EffortAbove { effort: 0.3735 },
        DurationWithin {
            months: 240,
            cap: 300,
        },
        DurationBeyond {
            months: 360,
            cap: 324,
        },
        ResidualBelowFloor {
            residual: m(-1_250),
            floor: m(1_800),
        },
        ResidualThin {
            residual: m(1_900),
            floor: m(1_800),
            comfortable: m(2_160),
        },
        ResidualComfortable {
            residual: m(2_990),
            floor: m(800),
        },
        AgeWithin { age: 58 },
        AgeOver { age: 79 },
        AgeBeyondCover { age: 88 },
        CivilServant,
        Retired,
        NoStableIncome,
        CdiInTrial,
        CdiRecent { months: 1, min: 12 },
        CdiConfirmed,
        ActivityLong {
            months: 30,
            min: 24,
        },
        ActivityShort {
            months: 22,
            min: 24,
        },
        ActivityUndated { min: 24 },
        NoPropertyValue,
        LoanAboveValue {
            loan: m(250_001),
            property: m(240_000),
        },
        DownPaymentEnough {
            down_payment: m(40_000),
            share: 0.1667,
        },
        DownPaymentShort {
            down_payment: m(12_000),
            share: 0.05,
        },
        SavingsNotStated,
        SavingsNoMonthlyCost,
        SavingsEnough { months: 24.75 },
        SavingsShort {
            months: 1.5,
            min: 3,
        },
        NoIncident,
        FewIncidents { count: 1 },
        ManyIncidents { count: 3, max: 2 },
        FicpRegistered,
        FicpNotRegistered,
        UsuryWithin {
            apr: 0.0436,
            threshold: 0.0513,
            category: MortgageFixedGe20y,
        },
        UsuryWithinStale {
            apr: 0.0436,
            threshold: 0.0513,
            category: MortgageFixedGe20y,
            used: Quarter::of(2026, 1),
            quarter: Quarter::of(2026, 4),
        },
        UsuryAbove {
            apr: 0.0873,
            threshold: 0.0867,
            category: ConsumerGt6000,
        },
        UsuryAboveStale {
            apr: 0.0873,
            threshold: 0.0867,
            category: ConsumerGt6000,
            used: Quarter::of(2026, 1),
            quarter: Quarter::of(2026, 2),
        },
        UsuryNoThreshold {
            apr: 0.0512,
            category: MortgageVariable,
            quarter: Quarter::of(2027, 3),
        },
        UsuryFeesTakeTheAmount {
            fees: m(12_500),
            amount: m(10_000),
        },
        UsuryNothingRepaid,
        CoverageEnough {
            days: 120,
            months: 3,
        },
        CoverageShort {
            days: 61,
            months: 1,
        },
        IncomeNotEnoughHistory,
        CreditNotEnoughHistory,
        OverdraftNotEnoughHistory,
        RejectedNotEnoughHistory,
        GamblingNotEnoughHistory,
        IncomeVerified {
            observed: m(2_450),
            declared: m(2_500),
            ratio: Some(0.98),
        },
        IncomeVerified {
            observed: m(2_450),
            declared: Money::from_cents(0),
            ratio: None,
        },
        IncomePartlyVerified {
            observed: m(2_000),
            declared: m(2_500),
            ratio: Some(0.8),
        },
        IncomeNotVerified {
            observed: m(1_200),
            declared: m(2_500),
            ratio: Some(0.48),
        },
        CreditDeclared {
            observed: m(142),
            declared: m(150),
        },
        CreditUndeclared {
            observed: m(342),
            declared: m(0),
        },
        OverdraftRare { days: 1 },
        OverdraftSome { days: 9 },
        OverdraftFrequent { days: 31 },
        NoRejectedPayment,
        FewRejectedPayments { count: 1 },
        ManyRejectedPayments { count: 4 },
        GamblingLow { share: 0.0102 },
        GamblingNotable { share: 0.0725 },
        GamblingHigh { share: 0.2214 },
    ]
}

/// Fails to compile when a detail is added without a sample index here, and the
/// coverage test below then fails until a sample is added above.
fn rule_variant(detail: &RuleDetail) -> usize {
    use RuleDetail::*;
    match detail {
        EffortNoIncome => 0,
        EffortWithin { .. } => 1,
        EffortAbove { .. } => 2,
        DurationWithin { .. } => 3,
        DurationBeyond { .. } => 4,
        ResidualBelowFloor { .. } => 5,
        ResidualThin { .. } => 6,
        ResidualComfortable { .. } => 7,
        AgeWithin { .. } => 8,
        AgeOver { .. } => 9,
        AgeBeyondCover { .. } => 10,
        CivilServant => 11,
        Retired => 12,
        NoStableIncome => 13,
        CdiInTrial => 14,
        CdiRecent { .. } => 15,
        CdiConfirmed => 16,
        ActivityLong { .. } => 17,
        ActivityShort { .. } => 18,
        ActivityUndated { .. } => 19,
        NoPropertyValue => 20,
        LoanAboveValue { .. } => 21,
        DownPaymentEnough { .. } => 22,
        DownPaymentShort { .. } => 23,
        SavingsNotStated => 24,
        SavingsNoMonthlyCost => 25,
        SavingsEnough { .. } => 26,
        SavingsShort { .. } => 27,
        NoIncident => 28,
        FewIncidents { .. } => 29,
        ManyIncidents { .. } => 30,
        FicpRegistered => 31,
        FicpNotRegistered => 32,
        UsuryWithin { .. } => 33,
        UsuryWithinStale { .. } => 34,
        UsuryAbove { .. } => 35,
        UsuryAboveStale { .. } => 36,
        UsuryNoThreshold { .. } => 37,
        UsuryFeesTakeTheAmount { .. } => 38,
        UsuryNothingRepaid => 39,
        CoverageEnough { .. } => 40,
        CoverageShort { .. } => 41,
        IncomeNotEnoughHistory => 42,
        CreditNotEnoughHistory => 43,
        OverdraftNotEnoughHistory => 44,
        RejectedNotEnoughHistory => 45,
        GamblingNotEnoughHistory => 46,
        IncomeVerified { .. } => 47,
        IncomePartlyVerified { .. } => 48,
        IncomeNotVerified { .. } => 49,
        CreditDeclared { .. } => 50,
        CreditUndeclared { .. } => 51,
        OverdraftRare { .. } => 52,
        OverdraftSome { .. } => 53,
        OverdraftFrequent { .. } => 54,
        NoRejectedPayment => 55,
        FewRejectedPayments { .. } => 56,
        ManyRejectedPayments { .. } => 57,
        GamblingLow { .. } => 58,
        GamblingNotable { .. } => 59,
        GamblingHigh { .. } => 60,
    }
}

const RULE_VARIANTS: usize = 61;

fn factor_samples() -> Vec<FactorDetail> {
    use FactorDetail::*;
    vec![
        EffortRate { effort: 0.2881 },
        EffortNoIncome,
        ResidualCover { cover: 3.7376 },
        CivilServant,
        Cdi,
        Retired,
        OtherStableWork,
        EmploymentToConfirm,
        NoStableIncome,
        AgeAtMaturity { age: 58 },
        DurationWithin,
        DurationBeyond,
        LoanToValue {
            loan_to_value: 0.8333,
        },
        NoPropertyValue,
        SavingsCover { months: 24.75 },
        SavingsNoMonthlyCost,
        BankingIncidents { count: 0 },
        BankingIncidents { count: 2 },
        FicpRegistered,
        FicpNotRegistered,
        IncomeVerified { ratio: Some(0.8) },
        IncomeVerified { ratio: None },
        UndeclaredCredit { undeclared: true },
        UndeclaredCredit { undeclared: false },
        Overdraft { days: 12 },
        RejectedPayments { count: 2 },
        Gambling { share: 0.0725 },
    ]
}

fn factor_variant(detail: &FactorDetail) -> usize {
    use FactorDetail::*;
    match detail {
        EffortRate { .. } => 0,
        EffortNoIncome => 1,
        ResidualCover { .. } => 2,
        CivilServant => 3,
        Cdi => 4,
        Retired => 5,
        OtherStableWork => 6,
        EmploymentToConfirm => 7,
        NoStableIncome => 8,
        AgeAtMaturity { .. } => 9,
        DurationWithin => 10,
        DurationBeyond => 11,
        LoanToValue { .. } => 12,
        NoPropertyValue => 13,
        SavingsCover { .. } => 14,
        SavingsNoMonthlyCost => 15,
        BankingIncidents { .. } => 16,
        FicpRegistered => 17,
        FicpNotRegistered => 18,
        IncomeVerified { .. } => 19,
        UndeclaredCredit { .. } => 20,
        Overdraft { .. } => 21,
        RejectedPayments { .. } => 22,
        Gambling { .. } => 23,
    }
}

const FACTOR_VARIANTS: usize = 24;

fn effect_samples() -> Vec<Effect> {
    vec![
        Effect::LoanAmount {
            amount: m(185_842),
            months: 240,
        },
        Effect::LoanDuration {
            months: 275,
            current: 240,
            cap: 300,
        },
        Effect::LoanDuration {
            months: 300,
            current: 360,
            cap: 324,
        },
        Effect::DownPayment {
            down_payment: m(44_158),
            borrowed: m(185_842),
        },
    ]
}

/// Both languages written, different, and each with its own number formatting.
#[track_caller]
pub(crate) fn assert_bilingual(text: &Text, what: &str) {
    let (en, fr) = (&text.en, &text.fr);
    assert!(
        !en.trim().is_empty() && !fr.trim().is_empty(),
        "{what}: {text:?}"
    );
    assert_ne!(en, fr, "{what}: the French is not translated");
    let chars: Vec<char> = fr.chars().collect();
    for (i, pair) in chars.windows(3).enumerate() {
        assert!(
            !(pair[0].is_ascii_digit() && pair[1] == '.' && pair[2].is_ascii_digit()),
            "{what}: a decimal point in French at {i}: {fr}"
        );
    }
    for (i, &c) in chars.iter().enumerate() {
        if c == '%' || c == '€' {
            assert_eq!(
                i.checked_sub(1).map(|before| chars[before]),
                Some('\u{a0}'),
                "{what}: no no-break space before {c} in French: {fr}"
            );
        }
    }
    assert!(
        !fr.contains("EUR") && !en.contains("EUR"),
        "{what}: {text:?}"
    );
    assert!(
        !en.contains('\u{a0}') && !en.contains('\u{202f}'),
        "{what}: {en}"
    );
    assert!(
        !en.contains(" %"),
        "{what}: a space before % in English: {en}"
    );
}

#[test]
fn every_rule_code_and_status_has_both_languages() {
    let samples = rule_samples();
    let mut covered = [false; RULE_VARIANTS];
    for detail in &samples {
        covered[rule_variant(detail)] = true;
        let what = format!("{:?} {:?}", detail.code(), detail.status());
        assert_bilingual(&rule(detail), &what);
    }
    assert!(covered.iter().all(|&c| c), "a rule detail has no sample");
    let pairs: Vec<(RuleCode, Status)> = samples.iter().map(|d| (d.code(), d.status())).collect();
    use RuleCode::*;
    use Status::*;
    for expected in [
        (HcsfEffortRate, Pass),
        (HcsfEffortRate, Fail),
        (HcsfDuration, Pass),
        (HcsfDuration, Fail),
        (ResidualIncome, Pass),
        (ResidualIncome, Warn),
        (ResidualIncome, Fail),
        (AgeAtMaturity, Pass),
        (AgeAtMaturity, Warn),
        (AgeAtMaturity, Fail),
        (EmploymentStability, Pass),
        (EmploymentStability, Warn),
        (EmploymentStability, Fail),
        (DownPayment, Pass),
        (DownPayment, Warn),
        (DownPayment, Fail),
        (Savings, Pass),
        (Savings, Warn),
        (BankingIncidents, Pass),
        (BankingIncidents, Warn),
        (BankingIncidents, Fail),
        (Ficp, Pass),
        (Ficp, Fail),
        (UsuryRate, Pass),
        (UsuryRate, Warn),
        (UsuryRate, Fail),
        (BankDataCoverage, Pass),
        (BankDataCoverage, Warn),
        (IncomeVerified, Pass),
        (IncomeVerified, Warn),
        (IncomeVerified, Fail),
        (UndeclaredCredit, Pass),
        (UndeclaredCredit, Warn),
        (UndeclaredCredit, Fail),
        (Overdraft, Pass),
        (Overdraft, Warn),
        (Overdraft, Fail),
        (RejectedPayments, Pass),
        (RejectedPayments, Warn),
        (RejectedPayments, Fail),
        (Gambling, Pass),
        (Gambling, Warn),
        (Gambling, Fail),
    ] {
        assert!(pairs.contains(&expected), "{expected:?} has no message");
    }
}

#[test]
fn every_factor_has_both_languages() {
    let mut covered = [false; FACTOR_VARIANTS];
    let mut codes = Vec::new();
    for detail in factor_samples() {
        covered[factor_variant(&detail)] = true;
        codes.push(detail.code());
        assert_bilingual(&factor(&detail), &format!("{detail:?}"));
    }
    assert!(covered.iter().all(|&c| c), "a factor detail has no sample");
    for code in [
        FactorCode::EffortRate,
        FactorCode::ResidualIncome,
        FactorCode::EmploymentStability,
        FactorCode::AgeAtMaturity,
        FactorCode::LoanDuration,
        FactorCode::LoanToValue,
        FactorCode::Savings,
        FactorCode::BankingIncidents,
        FactorCode::Ficp,
        FactorCode::IncomeVerified,
        FactorCode::UndeclaredCredit,
        FactorCode::Overdraft,
        FactorCode::RejectedPayments,
        FactorCode::Gambling,
    ] {
        assert!(codes.contains(&code), "{code:?} has no message");
    }
}

#[test]
fn every_counterfactual_change_has_both_languages() {
    let samples = effect_samples();
    for sample in &samples {
        assert_bilingual(&effect(sample), &format!("{sample:?}"));
    }
    for change in [
        Change::LoanAmount,
        Change::LoanDurationMonths,
        Change::DownPayment,
    ] {
        assert!(samples.iter().any(|s| s.change() == change), "{change:?}");
    }
}

#[test]
fn french_reads_as_a_french_lender_writes() {
    let fr = |detail: &RuleDetail| rule(detail).fr;
    assert_eq!(
        fr(&RuleDetail::EffortAbove { effort: 0.3735 }),
        "Le taux d'endettement après le prêt atteint 37,35\u{a0}%, au-delà du plafond de 35\u{a0}% fixé par le HCSF."
    );
    assert_eq!(
        fr(&RuleDetail::ResidualComfortable {
            residual: Money::from_cents(299_008),
            floor: Money::from_euros(800),
        }),
        "Le reste à vivre de 2\u{202f}990,08\u{a0}€ atteint au moins 120\u{a0}% du minimum de 800,00\u{a0}€ retenu pour le foyer."
    );
    assert_eq!(
        rule(&RuleDetail::FewIncidents { count: 1 }).en,
        "1 banking incident in the last 12 months."
    );
    assert_eq!(
        fr(&RuleDetail::UsuryAboveStale {
            apr: 0.0873,
            threshold: 0.0867,
            category: ConsumerGt6000,
            used: Quarter::of(2026, 1),
            quarter: Quarter::of(2026, 2),
        }),
        "Le TAEG de 8,73\u{a0}% dépasse le taux d'usure de 8,67\u{a0}% applicable aux prêts à la consommation d'un montant supérieur à 6\u{202f}000\u{a0}€ (seuil du 1er trimestre 2026, aucun seuil n'étant chargé pour le 2e trimestre 2026) : le prêt ne peut pas être accordé (code de la consommation, art. L. 314-6)."
    );
    assert_eq!(
        rule(&RuleDetail::CdiRecent { months: 1, min: 12 }).en,
        "The permanent contract started 1 month ago, under the 12 months lenders look for."
    );
}

/// What the model writes to the consumer about every rule that can fail or warn, with
/// values as the stored rules hold them.
#[test]
fn every_consumer_reason_has_both_languages() {
    use RuleCode::*;
    use Status::*;
    let rule = |code, status, value: Option<f64>, threshold: Option<f64>| Rule {
        code,
        status,
        value,
        threshold,
        message: Text::default(),
    };
    let cases = [
        rule(HcsfEffortRate, Fail, Some(0.3735), Some(0.35)),
        rule(HcsfEffortRate, Fail, None, Some(0.35)),
        rule(HcsfDuration, Fail, Some(360.0), Some(300.0)),
        rule(ResidualIncome, Fail, Some(712.5), Some(1_800.0)),
        rule(ResidualIncome, Warn, Some(1_900.25), Some(2_160.0)),
        rule(AgeAtMaturity, Fail, Some(88.0), Some(85.0)),
        rule(AgeAtMaturity, Warn, Some(79.0), Some(75.0)),
        rule(EmploymentStability, Fail, None, None),
        rule(EmploymentStability, Warn, Some(5.0), Some(12.0)),
        rule(DownPayment, Fail, None, Some(0.1)),
        rule(DownPayment, Fail, Some(0.0), Some(0.1)),
        rule(DownPayment, Warn, Some(0.05), Some(0.1)),
        rule(Savings, Warn, Some(1.5), Some(3.0)),
        rule(BankingIncidents, Warn, Some(1.0), Some(0.0)),
        rule(BankingIncidents, Fail, Some(4.0), Some(2.0)),
        rule(Ficp, Fail, None, None),
        rule(UsuryRate, Fail, Some(0.0873), Some(0.0867)),
        rule(UsuryRate, Fail, None, Some(0.0867)),
        rule(UsuryRate, Warn, Some(0.0436), Some(0.0513)),
        rule(BankDataCoverage, Warn, Some(61.0), Some(90.0)),
        rule(IncomeVerified, Warn, None, None),
        rule(IncomeVerified, Fail, Some(0.48), Some(0.7)),
        rule(UndeclaredCredit, Fail, Some(342.37), Some(20.0)),
        rule(Overdraft, Fail, Some(31.0), Some(15.0)),
        rule(RejectedPayments, Warn, Some(1.0), Some(0.0)),
        rule(Gambling, Fail, Some(0.2214), Some(0.15)),
    ];
    let codes_that_can_fail_or_warn = [
        HcsfEffortRate,
        HcsfDuration,
        ResidualIncome,
        AgeAtMaturity,
        EmploymentStability,
        DownPayment,
        Savings,
        BankingIncidents,
        Ficp,
        UsuryRate,
        BankDataCoverage,
        IncomeVerified,
        UndeclaredCredit,
        Overdraft,
        RejectedPayments,
        Gambling,
    ];
    for code in codes_that_can_fail_or_warn {
        assert!(cases.iter().any(|r| r.code == code), "{code:?}");
    }
    for case in &cases {
        let text = reason(case).expect("a reason for a rule that did not pass");
        assert_bilingual(&text, &format!("{:?} {:?}", case.code, case.status));
        for jargon in ["hard rule", "règle bloquante", "effort rate"] {
            assert!(
                !text.en.contains(jargon) && !text.fr.contains(jargon),
                "{text:?}"
            );
        }
    }
    assert_eq!(reason(&rule(Ficp, Pass, None, None)), None);
}

#[test]
fn every_change_summary_and_right_has_both_languages() {
    for change in [
        Change::LoanAmount,
        Change::LoanDurationMonths,
        Change::DownPayment,
    ] {
        let counterfactual = Counterfactual {
            change,
            value: if change == Change::LoanDurationMonths {
                275.0
            } else {
                185_842.0
            },
            effect: Text::default(),
        };
        assert_bilingual(&what_would_change(&counterfactual), &format!("{change:?}"));
    }
    let decisions = [Decision::Favorable, Decision::Review, Decision::Unfavorable];
    for decision in decisions {
        for final_decision in decisions {
            for has_changes in [true, false] {
                let text = summary(decision, final_decision, has_changes);
                assert_bilingual(&text, &format!("{decision:?} {final_decision:?}"));
                assert_eq!(
                    text.en.contains("advisers has reviewed"),
                    decision != final_decision
                );
            }
        }
    }
    for right in rights() {
        assert_bilingual(&right, "a right");
    }
}
