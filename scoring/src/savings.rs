//! `SAVINGS`: the cushion left after the project, in months of the new loan's payment
//! and insurance. Lenders like at least three months in reserve ("épargne résiduelle")
//! to absorb a gap in income. Below three months, or with no savings stated, it warns.

use crate::figures::Figures;
use crate::input::{Money, Profile};
use crate::numeric::ratio;
use crate::rules::{Outcome, RuleDetail};

pub const MIN_CUSHION_MONTHS: i64 = 3;

/// Savings over the new loan's monthly payment and insurance; `None` when the new loan
/// costs nothing a month (a few euros over many months round to a zero payment).
pub(crate) fn cushion_months(profile: &Profile, figures: &Figures) -> Option<f64> {
    ratio(savings(profile), new_monthly_cost(figures))
}

fn savings(profile: &Profile) -> Money {
    profile.savings.unwrap_or(Money::ZERO).at_least_zero()
}

fn new_monthly_cost(figures: &Figures) -> Money {
    figures.payment.plus(figures.insurance)
}

pub(crate) fn rule(profile: &Profile, figures: &Figures) -> Outcome {
    let months = cushion_months(profile, figures);
    let enough = savings(profile) >= new_monthly_cost(figures).scaled(MIN_CUSHION_MONTHS, 1);
    let detail = match (profile.savings, enough, months) {
        (None, _, _) => RuleDetail::SavingsNotStated,
        (Some(_), _, None) => RuleDetail::SavingsNoMonthlyCost,
        (Some(_), true, Some(months)) => RuleDetail::SavingsEnough { months },
        (Some(_), false, Some(months)) => RuleDetail::SavingsShort {
            months,
            min: MIN_CUSHION_MONTHS,
        },
    };
    Outcome {
        detail,
        value: months,
        threshold: Some(MIN_CUSHION_MONTHS as f64),
    }
}
