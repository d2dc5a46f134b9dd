//! The TAEG of whole profiles (`metrics.apr`), computed by hand or independently.
//!
//! Reference values were computed outside the model, by bisection on `X` of
//! `amount − fees = Σ_{k=1..n} (payment + insurance) (1 + X)^(−k/12)` to 1e-15, with the
//! payment rounded to the cent as the model does.

mod common;

use common::{baseline, context, euros, percent};
use scoring::{LoanType, Money, Profile, analyse};

fn apr(profile: &Profile) -> Option<f64> {
    analyse(profile, &context()).metrics.apr
}

fn with_fees(application: i64, guarantee: i64, broker: i64) -> Profile {
    Profile {
        insurance_annual_rate: percent(30),
        application_fees: Some(euros(application)),
        guarantee_fees: Some(euros(guarantee)),
        broker_fees: Some(euros(broker)),
        ..baseline()
    }
}

#[test]
fn hand_computed_taeg() {
    for (profile, expected, why) in [
        (
            Profile {
                insurance_annual_rate: percent(0),
                ..baseline()
            },
            Some(0.0356),
            "no fees, no insurance: (1 + 3.5 % / 12)^12 − 1 = 3.5567 %",
        ),
        (
            baseline(),
            Some(0.0405),
            "50 EUR of insurance a month, no fees: 4.0541 %",
        ),
        (
            with_fees(1_000, 2_500, 1_500),
            Some(0.0436),
            "insurance and 5 000 EUR of fees at signing: 4.3579 %",
        ),
        (
            Profile {
                loan_type: LoanType::Consumer,
                loan_amount: euros(1_000),
                loan_duration_months: 1,
                loan_annual_rate: percent(1_200),
                insurance_annual_rate: percent(0),
                down_payment: None,
                property_value: None,
                ..baseline()
            },
            Some(0.1268),
            "one month at 12 %: 1.01^12 − 1",
        ),
        (
            Profile {
                loan_type: LoanType::Consumer,
                loan_amount: euros(12_000),
                loan_duration_months: 120,
                loan_annual_rate: percent(0),
                insurance_annual_rate: percent(0),
                down_payment: None,
                property_value: None,
                ..baseline()
            },
            Some(0.0),
            "a zero rate without fees costs nothing",
        ),
        (
            with_fees(200_000, 0, 0),
            None,
            "fees equal to the amount: no TAEG",
        ),
        (
            with_fees(150_000, 60_000, 0),
            None,
            "fees above the amount: no TAEG",
        ),
    ] {
        assert_eq!(apr(&profile), expected, "{why}");
    }
}

#[test]
fn fees_above_half_the_amount_give_a_finite_taeg() {
    let rate = apr(&with_fees(110_000, 0, 0)).expect("a TAEG");
    assert!(rate.is_finite() && rate > 0.1, "{rate}");
    let one_cent_left = Profile {
        application_fees: Some(Money::from_cents(19_999_999)),
        ..baseline()
    };
    let rate = apr(&one_cent_left).expect("a TAEG");
    assert!(rate.is_finite() && rate > 1e50, "{rate}");
}

#[test]
fn taeg_over_420_months() {
    let long = Profile {
        loan_duration_months: 420,
        loan_annual_rate: percent(400),
        insurance_annual_rate: percent(0),
        ..baseline()
    };
    assert_eq!(apr(&long), Some(0.0407), "(1 + 4 % / 12)^12 − 1 = 4.0742 %");
}
