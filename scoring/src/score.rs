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
use crate::messages;
use crate::numeric::{interpolate, ratio};
use crate::result::{Decision, Factor, FactorCode, Grade, RuleCode, Status};
use crate::rules::{Outcome, status_of};
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

/// Which case of which factor applied, with the figures its message quotes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FactorDetail {
    EffortRate {
        effort: f64,
    },
    EffortNoIncome,
    ResidualCover {
        cover: f64,
    },
    CivilServant,
    Cdi,
    Retired,
    OtherStableWork,
    EmploymentToConfirm,
    NoStableIncome,
    AgeAtMaturity {
        age: u32,
    },
    DurationWithin,
    DurationBeyond,
    LoanToValue {
        loan_to_value: f64,
    },
    NoPropertyValue,
    SavingsCover {
        months: f64,
    },
    SavingsNoMonthlyCost,
    BankingIncidents {
        count: u32,
    },
    FicpRegistered,
    FicpNotRegistered,
    /// Observed over declared income, `None` without declared income.
    IncomeVerified {
        ratio: Option<f64>,
    },
    UndeclaredCredit {
        undeclared: bool,
    },
    Overdraft {
        days: u32,
    },
    RejectedPayments {
        count: u32,
    },
    Gambling {
        share: f64,
    },
}

impl FactorDetail {
    pub fn code(&self) -> FactorCode {
        use FactorDetail::*;
        match self {
            EffortRate { .. } | EffortNoIncome => FactorCode::EffortRate,
            ResidualCover { .. } => FactorCode::ResidualIncome,
            CivilServant | Cdi | Retired | OtherStableWork | EmploymentToConfirm
            | NoStableIncome => FactorCode::EmploymentStability,
            AgeAtMaturity { .. } => FactorCode::AgeAtMaturity,
            DurationWithin | DurationBeyond => FactorCode::LoanDuration,
            LoanToValue { .. } | NoPropertyValue => FactorCode::LoanToValue,
            SavingsCover { .. } | SavingsNoMonthlyCost => FactorCode::Savings,
            BankingIncidents { .. } => FactorCode::BankingIncidents,
            FicpRegistered | FicpNotRegistered => FactorCode::Ficp,
            IncomeVerified { .. } => FactorCode::IncomeVerified,
            UndeclaredCredit { .. } => FactorCode::UndeclaredCredit,
            Overdraft { .. } => FactorCode::Overdraft,
            RejectedPayments { .. } => FactorCode::RejectedPayments,
            Gambling { .. } => FactorCode::Gambling,
        }
    }
}

pub(crate) fn factors(profile: &Profile, figures: &Figures, outcomes: &[Outcome]) -> Vec<Factor> {
    let mut factors = vec![
        effort_rate(figures),
        residual_income(figures),
        employment(profile, outcomes),
        age_at_maturity(figures, outcomes),
        loan_duration(outcomes),
    ];
    factors.extend(loan_to_value(figures, outcomes));
    factors.extend([
        savings_cushion(profile, figures),
        banking_incidents(profile),
        ficp(profile),
    ]);
    if let Some(evidence) = &figures.bank {
        factors.extend(crate::bank::factors(evidence, figures.declared));
    }
    factors
        .into_iter()
        .map(|(impact, detail)| Factor {
            code: detail.code(),
            impact,
            message: messages::factor(&detail),
        })
        .collect()
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

pub(crate) fn decision(outcomes: &[Outcome], grade: Grade) -> Decision {
    if grade == Grade::E || outcomes.iter().any(Outcome::is_hard_fail) {
        Decision::Unfavorable
    } else if grade >= Grade::C || outcomes.iter().any(|o| o.status() != Status::Pass) {
        Decision::Review
    } else {
        Decision::Favorable
    }
}

fn points(x: f64, curve: &[(f64, f64)]) -> i32 {
    interpolate(x, curve).round() as i32
}

type Scored = (i32, FactorDetail);

fn effort_rate(figures: &Figures) -> Scored {
    match figures.effort_after {
        Some(effort) => (
            points(effort, &EFFORT_CURVE),
            FactorDetail::EffortRate { effort },
        ),
        None => (
            points(f64::INFINITY, &EFFORT_CURVE),
            FactorDetail::EffortNoIncome,
        ),
    }
}

/// The floor is at least 800 EUR, so the cover always exists; a negative residual
/// income covers nothing.
fn residual_income(figures: &Figures) -> Scored {
    let cover = ratio(figures.residual, figures.residual_floor).unwrap_or_default();
    (
        points(cover, &RESIDUAL_CURVE),
        FactorDetail::ResidualCover { cover },
    )
}

fn employment(profile: &Profile, outcomes: &[Outcome]) -> Scored {
    let status = status_of(outcomes, RuleCode::EmploymentStability);
    match (status, profile.employment_status) {
        (Some(Status::Pass), EmploymentStatus::CivilServant) => (80, FactorDetail::CivilServant),
        (Some(Status::Pass), EmploymentStatus::Cdi) => (60, FactorDetail::Cdi),
        (Some(Status::Pass), EmploymentStatus::Retired) => (50, FactorDetail::Retired),
        (Some(Status::Pass), _) => (20, FactorDetail::OtherStableWork),
        (Some(Status::Warn), _) => (-40, FactorDetail::EmploymentToConfirm),
        _ => (-150, FactorDetail::NoStableIncome),
    }
}

fn age_at_maturity(figures: &Figures, outcomes: &[Outcome]) -> Scored {
    let impact = match status_of(outcomes, RuleCode::AgeAtMaturity) {
        Some(Status::Pass) => 0,
        Some(Status::Warn) => -60,
        _ => -150,
    };
    let age = figures.age_at_maturity;
    (impact, FactorDetail::AgeAtMaturity { age })
}

fn loan_duration(outcomes: &[Outcome]) -> Scored {
    match status_of(outcomes, RuleCode::HcsfDuration) {
        Some(Status::Pass) => (0, FactorDetail::DurationWithin),
        _ => (-100, FactorDetail::DurationBeyond),
    }
}

/// Only for a mortgage (the `DOWN_PAYMENT` rule is present).
fn loan_to_value(figures: &Figures, outcomes: &[Outcome]) -> Option<Scored> {
    status_of(outcomes, RuleCode::DownPayment)?;
    Some(match figures.loan_to_value {
        Some(loan_to_value) => (
            points(loan_to_value, &LOAN_TO_VALUE_CURVE),
            FactorDetail::LoanToValue { loan_to_value },
        ),
        None => (MISSING_PROPERTY_VALUE_IMPACT, FactorDetail::NoPropertyValue),
    })
}

fn savings_cushion(profile: &Profile, figures: &Figures) -> Scored {
    match savings::cushion_months(profile, figures) {
        Some(months) => (
            points(months, &SAVINGS_CURVE),
            FactorDetail::SavingsCover { months },
        ),
        None => (
            points(f64::INFINITY, &SAVINGS_CURVE),
            FactorDetail::SavingsNoMonthlyCost,
        ),
    }
}

fn banking_incidents(profile: &Profile) -> Scored {
    let count = history::incidents(profile);
    let impact = match count {
        0 => 20,
        1 => -30,
        2 => -80,
        _ => -200,
    };
    (impact, FactorDetail::BankingIncidents { count })
}

fn ficp(profile: &Profile) -> Scored {
    if profile.ficp_registered {
        (-400, FactorDetail::FicpRegistered)
    } else {
        (0, FactorDetail::FicpNotRegistered)
    }
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
        let with = |impact| {
            vec![Factor {
                code: FactorCode::Ficp,
                impact,
                message: locale::Text::default(),
            }]
        };
        assert_eq!(total(&with(0)), 600);
        assert_eq!(total(&with(1000)), 1000);
        assert_eq!(total(&with(-1000)), 0);
        assert_eq!(total(&[]), 600);
    }
}
