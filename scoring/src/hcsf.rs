//! The two binding rules of the Haut Conseil de stabilité financière for home loans,
//! decision D-HCSF-2021-7 (29 September 2021, binding on lenders since 1 January 2022).
//! The model applies them to every loan type, as most French lenders do in their own
//! affordability policy. The 20 % of production lenders may grant outside these rules is a
//! per-lender quota, not a property of one file, so it is not modelled.

use crate::figures::Figures;
use crate::input::{Money, Profile};
use crate::rules::{Outcome, RuleDetail};

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
pub(crate) fn effort_rate_rule(figures: &Figures) -> Outcome {
    let detail = match figures.effort_after {
        None => RuleDetail::EffortNoIncome,
        Some(effort) if effort <= EFFORT_RATE_CAP => RuleDetail::EffortWithin { effort },
        Some(effort) => RuleDetail::EffortAbove { effort },
    };
    Outcome {
        detail,
        value: figures.effort_after,
        threshold: Some(EFFORT_RATE_CAP),
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
pub(crate) fn duration_rule(profile: &Profile, figures: &Figures) -> Outcome {
    let months = figures.terms.months;
    let cap = duration_cap(profile);
    let detail = if months <= cap {
        RuleDetail::DurationWithin { months, cap }
    } else {
        RuleDetail::DurationBeyond { months, cap }
    };
    Outcome {
        detail,
        value: Some(f64::from(months)),
        threshold: Some(f64::from(cap)),
    }
}
