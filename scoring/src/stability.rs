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
use crate::result::{Rule, RuleCode, Status};

pub const CDI_MIN_SENIORITY_MONTHS: i64 = 12;
pub const NON_PERMANENT_MIN_SENIORITY_MONTHS: i64 = 24;

/// Completed months in the current job, when its start date is known.
pub(crate) fn seniority_months(profile: &Profile, as_of: Date) -> Option<i64> {
    profile
        .employment_start_date
        .map(|start| start.whole_months_until(as_of))
}

pub(crate) fn rule(profile: &Profile, figures: &Figures) -> Rule {
    let seniority = figures.seniority_months;
    let (status, threshold, message) = match profile.employment_status {
        EmploymentStatus::CivilServant => (
            Status::Pass,
            None,
            "A tenured civil servant's income is stable.".to_owned(),
        ),
        EmploymentStatus::Retired => (
            Status::Pass,
            None,
            "A retirement pension is a stable income.".to_owned(),
        ),
        EmploymentStatus::Unemployed | EmploymentStatus::Student => (
            Status::Fail,
            None,
            "The main borrower has no stable employment income.".to_owned(),
        ),
        EmploymentStatus::Cdi => cdi(profile.trial_period_completed, seniority),
        EmploymentStatus::Cdd | EmploymentStatus::Interim | EmploymentStatus::Independent => {
            non_permanent(seniority)
        }
    };
    Rule {
        code: RuleCode::EmploymentStability,
        status,
        value: seniority.map(|months| months as f64),
        threshold: threshold.map(|months: i64| months as f64),
        message,
    }
}

fn cdi(trial_completed: Option<bool>, seniority: Option<i64>) -> (Status, Option<i64>, String) {
    let min = CDI_MIN_SENIORITY_MONTHS;
    if trial_completed == Some(false) {
        return (
            Status::Warn,
            Some(min),
            "The permanent contract is still in its trial period.".to_owned(),
        );
    }
    match seniority {
        Some(months) if months < min => (
            Status::Warn,
            Some(min),
            format!("The permanent contract started {months} months ago, under {min}."),
        ),
        _ => (
            Status::Pass,
            Some(min),
            "A permanent contract past its trial period.".to_owned(),
        ),
    }
}

fn non_permanent(seniority: Option<i64>) -> (Status, Option<i64>, String) {
    let min = NON_PERMANENT_MIN_SENIORITY_MONTHS;
    match seniority {
        Some(months) if months >= min => (
            Status::Pass,
            Some(min),
            format!("{months} months of activity, at least the {min} lenders look for."),
        ),
        Some(months) => (
            Status::Warn,
            Some(min),
            format!("Only {months} months of activity, under the {min} lenders look for."),
        ),
        None => (
            Status::Warn,
            Some(min),
            format!(
                "Non-permanent work without a start date: {min} months of history are looked for."
            ),
        ),
    }
}
