//! Monthly income, the denominator of the effort rate.
//!
//! Net salaries and other regular income count in full; rental income counts at 70 %,
//! the haircut French lenders apply for vacancy, unpaid rent and landlord charges.

use crate::input::{Money, Profile};

/// Share of rental income counted, in percent.
pub const RENTAL_INCOME_SHARE_PERCENT: i64 = 70;

/// Net income + co-borrower's net income + other income + 70 % of rental income, to the
/// cent. Never decreases when any of them grows.
pub(crate) fn monthly_income(profile: &Profile) -> Money {
    let optional = |m: Option<Money>| m.unwrap_or(Money::ZERO).at_least_zero();
    let rental = optional(profile.rental_income).scaled(RENTAL_INCOME_SHARE_PERCENT, 100);
    profile
        .monthly_net_income
        .at_least_zero()
        .plus(optional(profile.co_borrower_monthly_net_income))
        .plus(optional(profile.other_monthly_income))
        .plus(rental)
}
