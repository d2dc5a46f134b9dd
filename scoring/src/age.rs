//! `AGE_AT_MATURITY`: the borrower's age when the last instalment falls due.
//!
//! Borrower insurance, which French lenders require for a mortgage, gets dearer and
//! narrower with age: most group contracts stop the death cover between 75 and 85 and
//! the incapacity cover much earlier. The model warns when the borrower would be older
//! than 75 at maturity and fails above 85. Ages are in completed years.

use crate::figures::Figures;
use crate::input::{Date, Profile};
use crate::rules::{Outcome, RuleDetail};

pub const WARN_ABOVE_AGE: u32 = 75;
pub const FAIL_ABOVE_AGE: u32 = 85;

/// Completed years at `as_of` plus the loan's duration.
pub(crate) fn age_at_maturity(profile: &Profile, as_of: Date, duration_months: u16) -> u32 {
    let months = profile
        .birth_date
        .whole_months_until(as_of)
        .saturating_add(i64::from(duration_months));
    u32::try_from(months / 12).unwrap_or(u32::MAX)
}

pub(crate) fn rule(figures: &Figures) -> Outcome {
    let age = figures.age_at_maturity;
    let (detail, threshold) = if age > FAIL_ABOVE_AGE {
        (RuleDetail::AgeBeyondCover { age }, FAIL_ABOVE_AGE)
    } else if age > WARN_ABOVE_AGE {
        (RuleDetail::AgeOver { age }, WARN_ABOVE_AGE)
    } else {
        (RuleDetail::AgeWithin { age }, WARN_ABOVE_AGE)
    };
    Outcome {
        detail,
        value: Some(f64::from(age)),
        threshold: Some(f64::from(threshold)),
    }
}
