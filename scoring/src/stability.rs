//! `EMPLOYMENT_STABILITY`: how durable the main borrower's income is.
//!
//! French lenders favour a permanent contract (CDI) past its trial period, tenured civil
//! servants and pensions; they look for about two years of history in fixed-term,
//! temporary-agency or self-employed work before counting that income as stable.
//!
//! | employment | pass | warn | fail |
//! |---|---|---|---|
//! | civil servant, retired | always | | |
//! | CDI | trial over (or not stated) and seniority unknown or ≥ 12 months | in trial, or seniority < 12 months | |
//! | CDD, interim, independent | seniority ≥ 24 months | seniority < 24 months or unknown | |
//! | unemployed, student | | | always |
//!
//! A failure here sends the file to review; it is not a hard rule on its own.

use crate::figures::Figures;
use crate::input::{Date, EmploymentStatus, Profile};
use crate::rules::{Outcome, RuleDetail};

pub const CDI_MIN_SENIORITY_MONTHS: i64 = 12;
pub const NON_PERMANENT_MIN_SENIORITY_MONTHS: i64 = 24;

/// Completed months in the current job, when its start date is known.
pub(crate) fn seniority_months(profile: &Profile, as_of: Date) -> Option<i64> {
    profile
        .employment_start_date
        .map(|start| start.whole_months_until(as_of))
}

pub(crate) fn rule(profile: &Profile, figures: &Figures) -> Outcome {
    let seniority = figures.seniority_months;
    let (detail, threshold) = match profile.employment_status {
        EmploymentStatus::CivilServant => (RuleDetail::CivilServant, None),
        EmploymentStatus::Retired => (RuleDetail::Retired, None),
        EmploymentStatus::Unemployed | EmploymentStatus::Student => {
            (RuleDetail::NoStableIncome, None)
        }
        EmploymentStatus::Cdi => (
            cdi(profile.trial_period_completed, seniority),
            Some(CDI_MIN_SENIORITY_MONTHS),
        ),
        EmploymentStatus::Cdd | EmploymentStatus::Interim | EmploymentStatus::Independent => (
            non_permanent(seniority),
            Some(NON_PERMANENT_MIN_SENIORITY_MONTHS),
        ),
    };
    Outcome {
        detail,
        value: seniority.map(|months| months as f64),
        threshold: threshold.map(|months| months as f64),
    }
}

fn cdi(trial_completed: Option<bool>, seniority: Option<i64>) -> RuleDetail {
    let min = CDI_MIN_SENIORITY_MONTHS;
    match (trial_completed, seniority) {
        (Some(false), _) => RuleDetail::CdiInTrial,
        (_, Some(months)) if months < min => RuleDetail::CdiRecent { months, min },
        _ => RuleDetail::CdiConfirmed,
    }
}

fn non_permanent(seniority: Option<i64>) -> RuleDetail {
    let min = NON_PERMANENT_MIN_SENIORITY_MONTHS;
    match seniority {
        Some(months) if months >= min => RuleDetail::ActivityLong { months, min },
        Some(months) => RuleDetail::ActivityShort { months, min },
        None => RuleDetail::ActivityUndated { min },
    }
}
