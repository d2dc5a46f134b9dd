//! The new loan's monthly cost: the annuity and the borrower insurance.
//!
//! Payment by the annuity formula `P = C·r / (1 − (1 + r)^−n)` with `r` the annual rate
//! over 12 and `n` the duration in months; at a zero rate `P = C / n`. Insurance is
//! charged on the borrowed capital: `C × insurance_annual_rate / 100 / 12`. Both are
//! rounded to the cent, as on a lender's amortisation schedule.

use crate::input::{LoanType, Money, Percent, Profile};

/// The annual rate used when the profile gives none.
///
/// These are the model's defaults, plausible French market rates for late 2026 (fixed
/// rate, excluding insurance), not offers:
///
/// | loan | duration | rate |
/// |---|---|---|
/// | mortgage | up to 15 years | 3.20 % |
/// | mortgage | up to 20 years | 3.35 % |
/// | mortgage | up to 25 years | 3.50 % |
/// | mortgage | longer | 3.65 % |
/// | consumer | any | 6.50 % |
/// | auto | any | 5.50 % |
/// | personal | any | 7.00 % |
pub fn default_annual_rate(loan_type: LoanType, duration_months: u16) -> Percent {
    let hundredths = match loan_type {
        LoanType::Mortgage if duration_months <= 180 => 320,
        LoanType::Mortgage if duration_months <= 240 => 335,
        LoanType::Mortgage if duration_months <= 300 => 350,
        LoanType::Mortgage => 365,
        LoanType::Consumer => 650,
        LoanType::Auto => 550,
        LoanType::Personal => 700,
    };
    Percent::from_hundredths(hundredths)
}

/// The annual borrower-insurance rate, of the capital, used when the profile gives none:
/// 0.30 % for a mortgage (a typical group contract for a borrower in their forties),
/// 0 for the other loans, where insurance is optional.
pub fn default_insurance_rate(loan_type: LoanType) -> Percent {
    match loan_type {
        LoanType::Mortgage => Percent::from_hundredths(30),
        LoanType::Consumer | LoanType::Auto | LoanType::Personal => Percent::from_hundredths(0),
    }
}

/// The loan as priced: amount, duration, the rates with defaults applied, and the fees
/// paid at signing. Negative amounts, rates or fees read as zero, a zero duration as one
/// month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Terms {
    pub amount: Money,
    pub months: u16,
    pub rate: Percent,
    pub insurance_rate: Percent,
    /// Application, guarantee and broker fees.
    pub fees: Money,
}

impl Terms {
    pub fn of(profile: &Profile) -> Terms {
        let months = profile.loan_duration_months.max(1);
        let non_negative = |p: Percent| p.max(Percent::from_hundredths(0));
        let fee = |fee: Option<Money>| fee.unwrap_or(Money::ZERO).at_least_zero();
        Terms {
            amount: profile.loan_amount.at_least_zero(),
            months,
            rate: non_negative(
                profile
                    .loan_annual_rate
                    .unwrap_or_else(|| default_annual_rate(profile.loan_type, months)),
            ),
            insurance_rate: non_negative(
                profile
                    .insurance_annual_rate
                    .unwrap_or_else(|| default_insurance_rate(profile.loan_type)),
            ),
            fees: fee(profile.application_fees)
                .plus(fee(profile.guarantee_fees))
                .plus(fee(profile.broker_fees)),
        }
    }

    pub fn payment(&self) -> Money {
        if self.rate.hundredths() == 0 {
            return self.amount.scaled(1, i64::from(self.months));
        }
        Money::from_euros_f64_rounded(self.amount.euros_f64() * self.annuity_factor())
    }

    pub fn insurance(&self) -> Money {
        self.amount
            .scaled(self.insurance_rate.hundredths(), 10_000 * 12)
    }

    /// The largest amount whose payment plus insurance is `monthly`, at these rates and
    /// duration (the annuity inverted), rounded down to the cent.
    pub fn max_amount_for(&self, monthly: Money) -> Money {
        if monthly <= Money::ZERO {
            return Money::ZERO;
        }
        let cost_per_euro = self.annuity_factor() + self.insurance_rate.fraction() / 12.0;
        Money::from_euros_f64_floor(monthly.euros_f64() / cost_per_euro)
    }

    /// Monthly payment per euro borrowed; at least `1 / n`, so always positive.
    fn annuity_factor(&self) -> f64 {
        let n = f64::from(self.months);
        let r = self.rate.fraction() / 12.0;
        if r <= 0.0 {
            return 1.0 / n;
        }
        let discount = -(-n * r.ln_1p()).exp_m1();
        r / discount
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(amount_euros: i64, months: u16, rate: i64, insurance: i64) -> Terms {
        Terms {
            amount: Money::from_euros(amount_euros),
            months,
            rate: Percent::from_hundredths(rate),
            insurance_rate: Percent::from_hundredths(insurance),
            fees: Money::ZERO,
        }
    }

    #[test]
    fn annuity_matches_hand_computed_schedules() {
        for (amount, months, rate, cents, why) in [
            (200_000, 240, 350, 115_992, "200 000 EUR, 20 years, 3.5 %"),
            (12_000, 120, 0, 10_000, "zero rate divides evenly"),
            (10_000, 3, 0, 333_333, "zero rate, rounded to the cent"),
            (
                100_000,
                1,
                1200,
                10_100_000,
                "one month at 12 %: capital plus 1 % interest",
            ),
            (150_000, 300, 365, 76_306, "150 000 EUR, 25 years, 3.65 %"),
        ] {
            let payment = terms(amount, months, rate, 0).payment();
            assert_eq!(payment, Money::from_cents(cents), "{why}");
        }
    }

    #[test]
    fn insurance_is_a_yearly_rate_of_the_capital() {
        assert_eq!(
            terms(200_000, 240, 350, 30).insurance(),
            Money::from_euros(50)
        );
        assert_eq!(terms(200_000, 240, 350, 0).insurance(), Money::ZERO);
    }

    #[test]
    fn max_amount_inverts_payment_plus_insurance() {
        let priced = terms(200_000, 240, 350, 30);
        let monthly = priced.payment().plus(priced.insurance());
        let amount = priced.max_amount_for(monthly);
        assert!((amount.euros_f64() - 200_000.0).abs() < 10.0, "{amount}");
        assert_eq!(priced.max_amount_for(Money::ZERO), Money::ZERO);
    }

    #[test]
    fn extreme_rates_stay_finite() {
        let priced = terms(1_000_000_000, 420, i64::MAX, i64::MAX);
        assert!(priced.payment() > Money::ZERO);
        assert!(priced.max_amount_for(Money::from_euros(1)) >= Money::ZERO);
    }

    #[test]
    fn defaults_follow_the_table() {
        let rate = |t, m| default_annual_rate(t, m).hundredths();
        assert_eq!(rate(LoanType::Mortgage, 180), 320);
        assert_eq!(rate(LoanType::Mortgage, 181), 335);
        assert_eq!(rate(LoanType::Mortgage, 300), 350);
        assert_eq!(rate(LoanType::Mortgage, 301), 365);
        assert_eq!(rate(LoanType::Consumer, 48), 650);
        assert_eq!(rate(LoanType::Auto, 60), 550);
        assert_eq!(rate(LoanType::Personal, 24), 700);
        assert_eq!(default_insurance_rate(LoanType::Mortgage).hundredths(), 30);
        assert_eq!(default_insurance_rate(LoanType::Auto).hundredths(), 0);
    }
}
