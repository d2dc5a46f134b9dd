//! `RESIDUAL_INCOME` ("reste à vivre"): what the household keeps each month once every
//! credit and fixed charge is paid. No regulation sets it; lenders hold it against a floor
//! that grows with the household. The model's floor:
//!
//! | member | EUR / month |
//! |---|---|
//! | first adult | 800 |
//! | each other adult | 400 |
//! | each dependent | 300 |
//!
//! Below the floor the rule fails; below 120 % of it, it warns (a thin margin for
//! unexpected expenses); above, it passes.

use crate::figures::Figures;
use crate::input::{HousingStatus, LoanType, Money, Profile};
use crate::rules::{Outcome, RuleDetail};

pub const FLOOR_FIRST_ADULT: Money = Money::from_euros(800);
pub const FLOOR_PER_OTHER_ADULT: Money = Money::from_euros(400);
pub const FLOOR_PER_DEPENDENT: Money = Money::from_euros(300);
/// Residual income under this share of the floor, in percent, warns.
pub const COMFORT_MARGIN_PERCENT: i64 = 120;

/// 800 EUR for the first adult, 400 per other adult, 300 per dependent.
pub(crate) fn floor(profile: &Profile) -> Money {
    let other_adults = i64::from(profile.household_adults.max(1)) - 1;
    FLOOR_FIRST_ADULT
        .plus(FLOOR_PER_OTHER_ADULT.scaled(other_adults, 1))
        .plus(FLOOR_PER_DEPENDENT.scaled(i64::from(profile.dependents), 1))
}

/// Other monthly charges, plus the rent of a tenant whose new loan is not a mortgage
/// (a mortgage buys the home that replaces the rent; owners and hosted people pay none).
pub(crate) fn non_credit_charges(profile: &Profile) -> Money {
    let other = profile
        .other_monthly_charges
        .unwrap_or(Money::ZERO)
        .at_least_zero();
    let pays_rent_after_the_loan =
        profile.housing_status == HousingStatus::Tenant && profile.loan_type != LoanType::Mortgage;
    let rent = if pays_rent_after_the_loan {
        profile.monthly_rent.unwrap_or(Money::ZERO).at_least_zero()
    } else {
        Money::ZERO
    };
    other.plus(rent)
}

/// Income − all credit charges after the loan − other charges − rent (see
/// [`non_credit_charges`]). May be negative.
pub(crate) fn residual_income(
    profile: &Profile,
    income: Money,
    credit_charges_after: Money,
) -> Money {
    income
        .minus(credit_charges_after)
        .minus(non_credit_charges(profile))
}

pub(crate) fn rule(figures: &Figures) -> Outcome {
    let (residual, floor) = (figures.residual, figures.residual_floor);
    let comfortable = floor.scaled(COMFORT_MARGIN_PERCENT, 100);
    let (detail, threshold) = if residual < floor {
        (RuleDetail::ResidualBelowFloor { residual, floor }, floor)
    } else if residual < comfortable {
        (
            RuleDetail::ResidualThin {
                residual,
                floor,
                comfortable,
            },
            comfortable,
        )
    } else {
        (
            RuleDetail::ResidualComfortable { residual, floor },
            comfortable,
        )
    };
    Outcome {
        detail,
        value: Some(residual.euros_f64()),
        threshold: Some(threshold.euros_f64()),
    }
}
