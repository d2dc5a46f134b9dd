//! `DOWN_PAYMENT` (mortgage only) and the loan-to-value ratio.
//!
//! French lenders expect the buyer to bring about 10 % of the property value ("apport"),
//! enough for the notary fees and guarantee costs they seldom finance. The rule passes at
//! 10 % or more, warns below, and fails when the loan exceeds the property value
//! (`loan_to_value` > 1) or the property value is missing, since the collateral then cannot
//! be assessed. Every failure of this rule is hard.

use crate::input::{LoanType, Money, Profile};
use crate::numeric::ratio;
use crate::rules::{Outcome, RuleDetail};

/// The expected down payment, as a share of the property value.
pub const MIN_DOWN_PAYMENT_SHARE: f64 = 0.10;
const MIN_DOWN_PAYMENT_PERCENT: i64 = 10;

/// A positive property value, for a mortgage.
pub(crate) fn property_value(profile: &Profile) -> Option<Money> {
    (profile.loan_type == LoanType::Mortgage)
        .then_some(profile.property_value)
        .flatten()
        .filter(|value| *value > Money::ZERO)
}

/// `loan_amount / property_value`, for a mortgage with a property value.
pub(crate) fn loan_to_value(profile: &Profile) -> Option<f64> {
    property_value(profile).and_then(|value| ratio(profile.loan_amount, value))
}

/// 10 % of the property value, to the cent above.
pub(crate) fn min_down_payment(property_value: Money) -> Money {
    let tenth_floor = property_value.scaled_floor(MIN_DOWN_PAYMENT_PERCENT, 100);
    if tenth_floor.scaled(100, MIN_DOWN_PAYMENT_PERCENT) < property_value {
        tenth_floor.plus(Money::from_cents(1))
    } else {
        tenth_floor
    }
}

/// `None` unless the loan is a mortgage. `value` is the down payment's share of the
/// property value, against 10 %.
pub(crate) fn rule(profile: &Profile) -> Option<Outcome> {
    if profile.loan_type != LoanType::Mortgage {
        return None;
    }
    let down_payment = profile.down_payment.unwrap_or(Money::ZERO).at_least_zero();
    let Some(property) = property_value(profile) else {
        return Some(Outcome {
            detail: RuleDetail::NoPropertyValue,
            value: None,
            threshold: Some(MIN_DOWN_PAYMENT_SHARE),
        });
    };
    let share = ratio(down_payment, property).unwrap_or_default();
    let loan = profile.loan_amount;
    let detail = if loan > property {
        RuleDetail::LoanAboveValue { loan, property }
    } else if down_payment >= min_down_payment(property) {
        RuleDetail::DownPaymentEnough {
            down_payment,
            share,
        }
    } else {
        RuleDetail::DownPaymentShort {
            down_payment,
            share,
        }
    };
    Some(Outcome {
        detail,
        value: Some(share),
        threshold: Some(MIN_DOWN_PAYMENT_SHARE),
    })
}
