//! The score, its grade and the decision; the weights and the decision logic are
//! documented for partners in the crate documentation (`# Score weights`).
//!
//! Income enters only through the effort rate and the residual income, and existing debt
//! and charges only through the same two; both curves move the right way and rounding to
//! whole points keeps their direction, so more income never lowers the score and more
//! debt or charges never raise it.

use crate::figures::Figures;
use crate::history;
use crate::input::{EmploymentStatus, Profile};
use crate::numeric::{interpolate, percent_text, ratio};
use crate::result::{Decision, Factor, FactorCode, Grade, Rule, RuleCode, Status};
use crate::rules::status_of;
use crate::savings;

pub const BASE_SCORE: i64 = 600;
pub const MAX_SCORE: u16 = 1000;

const EFFORT_CURVE: [(f64, f64); 3] = [(0.10, 150.0), (0.35, 0.0), (0.50, -250.0)];
const RESIDUAL_CURVE: [(f64, f64); 5] = [
    (0.5, -200.0),
    (1.0, -60.0),
    (1.2, 0.0),
    (2.0, 80.0),
    (3.0, 120.0),
];
const LOAN_TO_VALUE_CURVE: [(f64, f64); 4] = [(0.7, 60.0), (0.9, 0.0), (1.0, -60.0), (1.1, -150.0)];
const MISSING_PROPERTY_VALUE_IMPACT: i32 = -150;
const SAVINGS_CURVE: [(f64, f64); 3] = [(0.0, -40.0), (3.0, 0.0), (12.0, 60.0)];

pub(crate) fn factors(profile: &Profile, figures: &Figures, rules: &[Rule]) -> Vec<Factor> {
    let mut factors = vec![
        effort_rate(figures),
        residual_income(figures),
        employment(profile, rules),
        age_at_maturity(figures, rules),
        loan_duration(rules),
    ];
    factors.extend(loan_to_value(figures, rules));
    factors.extend([
        savings_cushion(profile, figures),
        banking_incidents(profile),
        ficp(profile),
    ]);
    factors
}

pub(crate) fn total(factors: &[Factor]) -> u16 {
    let sum: i64 = factors.iter().map(|f| i64::from(f.impact)).sum();
    let clamped = (BASE_SCORE + sum).clamp(0, i64::from(MAX_SCORE));
    u16::try_from(clamped).unwrap_or(0)
}

pub(crate) fn grade(score: u16) -> Grade {
    match score {
        800.. => Grade::A,
        650..800 => Grade::B,
        500..650 => Grade::C,
        350..500 => Grade::D,
        _ => Grade::E,
    }
}

pub(crate) fn decision(rules: &[Rule], grade: Grade) -> Decision {
    if grade == Grade::E || rules.iter().any(Rule::is_hard_fail) {
        Decision::Unfavorable
    } else if grade >= Grade::C || rules.iter().any(|r| r.status != Status::Pass) {
        Decision::Review
    } else {
        Decision::Favorable
    }
}

fn points(x: f64, curve: &[(f64, f64)]) -> i32 {
    interpolate(x, curve).round() as i32
}

fn factor(code: FactorCode, impact: i32, message: String) -> Factor {
    Factor {
        code,
        impact,
        message,
    }
}

fn effort_rate(figures: &Figures) -> Factor {
    let Some(effort) = figures.effort_after else {
        return factor(
            FactorCode::EffortRate,
            points(f64::INFINITY, &EFFORT_CURVE),
            "No income is declared: the lowest effort-rate points (-250).".to_owned(),
        );
    };
    factor(
        FactorCode::EffortRate,
        points(effort, &EFFORT_CURVE),
        format!(
            "An effort rate of {} after the loan (+150 at 10 % or less, 0 at 35 %, -250 at 50 % or more).",
            percent_text(effort)
        ),
    )
}

/// The floor is at least 800 EUR, so the cover always exists; a negative residual
/// income covers nothing.
fn residual_income(figures: &Figures) -> Factor {
    let cover = ratio(figures.residual, figures.residual_floor).unwrap_or_default();
    factor(
        FactorCode::ResidualIncome,
        points(cover, &RESIDUAL_CURVE),
        format!(
            "A residual income of {cover:.2} times the household floor (0 at 1.2 times, -200 at half, +120 at 3 times)."
        ),
    )
}

fn employment(profile: &Profile, rules: &[Rule]) -> Factor {
    let status = status_of(rules, RuleCode::EmploymentStability);
    let (impact, message) = match (status, profile.employment_status) {
        (Some(Status::Pass), EmploymentStatus::CivilServant) => (80, "A tenured civil servant."),
        (Some(Status::Pass), EmploymentStatus::Cdi) => {
            (60, "A permanent contract past its trial period.")
        }
        (Some(Status::Pass), EmploymentStatus::Retired) => (50, "A retirement pension."),
        (Some(Status::Pass), _) => (20, "Non-permanent work with a long enough history."),
        (Some(Status::Warn), _) => (-40, "Employment stability still to be confirmed."),
        _ => (-150, "No stable employment income."),
    };
    factor(FactorCode::EmploymentStability, impact, message.to_owned())
}

fn age_at_maturity(figures: &Figures, rules: &[Rule]) -> Factor {
    let impact = match status_of(rules, RuleCode::AgeAtMaturity) {
        Some(Status::Pass) => 0,
        Some(Status::Warn) => -60,
        _ => -150,
    };
    factor(
        FactorCode::AgeAtMaturity,
        impact,
        format!(
            "{} years old at maturity (0 up to 75, -60 up to 85, -150 beyond).",
            figures.age_at_maturity
        ),
    )
}

fn loan_duration(rules: &[Rule]) -> Factor {
    let (impact, message) = match status_of(rules, RuleCode::HcsfDuration) {
        Some(Status::Pass) => (0, "The duration is within the HCSF limit."),
        _ => (-100, "The duration is beyond the HCSF limit."),
    };
    factor(FactorCode::LoanDuration, impact, message.to_owned())
}

/// Only for a mortgage (the `DOWN_PAYMENT` rule is present).
fn loan_to_value(figures: &Figures, rules: &[Rule]) -> Option<Factor> {
    status_of(rules, RuleCode::DownPayment)?;
    let factor = match figures.loan_to_value {
        Some(ltv) => factor(
            FactorCode::LoanToValue,
            points(ltv, &LOAN_TO_VALUE_CURVE),
            format!(
                "A loan-to-value of {} (+60 at 70 % or less, 0 at 90 %, -150 at 110 % or more).",
                percent_text(ltv)
            ),
        ),
        None => factor(
            FactorCode::LoanToValue,
            MISSING_PROPERTY_VALUE_IMPACT,
            "No property value is given for the mortgage.".to_owned(),
        ),
    };
    Some(factor)
}

fn savings_cushion(profile: &Profile, figures: &Figures) -> Factor {
    let Some(months) = savings::cushion_months(profile, figures) else {
        return factor(
            FactorCode::Savings,
            points(f64::INFINITY, &SAVINGS_CURVE),
            "The new loan costs nothing a month: the highest savings points (+60).".to_owned(),
        );
    };
    factor(
        FactorCode::Savings,
        points(months, &SAVINGS_CURVE),
        format!(
            "Savings cover {months:.1} months of the new loan's payments (-40 with none, 0 at 3, +60 at 12 or more)."
        ),
    )
}

fn banking_incidents(profile: &Profile) -> Factor {
    let count = history::incidents(profile);
    let impact = match count {
        0 => 20,
        1 => -30,
        2 => -80,
        _ => -200,
    };
    factor(
        FactorCode::BankingIncidents,
        impact,
        format!("{count} banking incident(s) in the last 12 months."),
    )
}

fn ficp(profile: &Profile) -> Factor {
    let (impact, message) = if profile.ficp_registered {
        (-400, "Registered in the Banque de France FICP file.")
    } else {
        (0, "Not registered in the Banque de France FICP file.")
    };
    factor(FactorCode::Ficp, impact, message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_bands() {
        for (score, expected) in [
            (1000, Grade::A),
            (800, Grade::A),
            (799, Grade::B),
            (650, Grade::B),
            (649, Grade::C),
            (500, Grade::C),
            (499, Grade::D),
            (350, Grade::D),
            (349, Grade::E),
            (0, Grade::E),
        ] {
            assert_eq!(grade(score), expected, "score {score}");
        }
    }

    #[test]
    fn total_is_clamped() {
        let with = |impact| vec![factor(FactorCode::Ficp, impact, String::new())];
        assert_eq!(total(&with(0)), 600);
        assert_eq!(total(&with(1000)), 1000);
        assert_eq!(total(&with(-1000)), 0);
        assert_eq!(total(&[]), 600);
    }
}
