//! The two binding rules of the Haut Conseil de stabilité financière for home loans,
//! decision D-HCSF-2021-7 (29 September 2021, binding on lenders since 1 January 2022).
//! The model applies them to every loan type, as most French lenders do in their own
//! affordability policy. The 20 % of production lenders may grant outside these rules is a
//! per-lender quota, not a property of one file, so it is not modelled.

use crate::figures::Figures;
use crate::input::{Money, Profile};
use crate::numeric::percent_text;
use crate::result::{Rule, RuleCode, Status};

/// The highest effort rate allowed, insurance included: 35 %.
pub const EFFORT_RATE_CAP: f64 = 0.35;
const EFFORT_RATE_CAP_PERCENT: i64 = 35;

/// 25 years.
pub const MAX_DURATION_MONTHS: u16 = 300;
/// 27 years, when repayment is deferred for a new build or works (up to 2 years).
pub const MAX_DURATION_WITH_DEFERRAL_MONTHS: u16 = 324;

/// The largest payment, insurance included, that keeps the effort rate at 35 %:
/// `max(0, 35 % × income − existing payments)`, rounded down to the cent.
pub(crate) fn max_monthly_payment(income: Money, existing_payments: Money) -> Money {
    income
        .scaled_floor(EFFORT_RATE_CAP_PERCENT, 100)
        .minus(existing_payments)
        .at_least_zero()
}

/// `HCSF_EFFORT_RATE`: (existing payments + new payment + insurance) / income, to four
/// decimals, passes up to and including 35 %. Without income there is no effort rate:
/// `value` is `null` and the rule fails, since no credit charge fits a share of nothing.
pub(crate) fn effort_rate_rule(figures: &Figures) -> Rule {
    let (status, message) = match figures.effort_after {
        None => (
            Status::Fail,
            "No income is declared, so there is no effort rate and no credit charge fits the 35 % HCSF cap."
                .to_owned(),
        ),
        Some(effort) if effort <= EFFORT_RATE_CAP => (
            Status::Pass,
            format!(
                "The effort rate after the loan is {}, within the 35 % HCSF cap.",
                percent_text(effort)
            ),
        ),
        Some(effort) => (
            Status::Fail,
            format!(
                "The effort rate after the loan is {}, above the 35 % HCSF cap.",
                percent_text(effort)
            ),
        ),
    };
    Rule {
        code: RuleCode::HcsfEffortRate,
        status,
        value: figures.effort_after,
        threshold: Some(EFFORT_RATE_CAP),
        message,
    }
}

/// 324 months when `deferral_eligible`, else 300.
pub(crate) fn duration_cap(profile: &Profile) -> u16 {
    if profile.deferral_eligible == Some(true) {
        MAX_DURATION_WITH_DEFERRAL_MONTHS
    } else {
        MAX_DURATION_MONTHS
    }
}

/// `HCSF_DURATION`: at most 300 months, or 324 with a deferral.
pub(crate) fn duration_rule(profile: &Profile, figures: &Figures) -> Rule {
    let months = figures.terms.months;
    let cap = duration_cap(profile);
    let status = if months <= cap {
        Status::Pass
    } else {
        Status::Fail
    };
    let allowance = if cap == MAX_DURATION_WITH_DEFERRAL_MONTHS {
        "27 years with a deferral for a new build or works"
    } else {
        "25 years"
    };
    let verdict = if status == Status::Pass {
        "within"
    } else {
        "beyond"
    };
    Rule {
        code: RuleCode::HcsfDuration,
        status,
        value: Some(f64::from(months)),
        threshold: Some(f64::from(cap)),
        message: format!(
            "A duration of {months} months is {verdict} the HCSF limit of {cap} months ({allowance})."
        ),
    }
}
