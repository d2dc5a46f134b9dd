//! The profile the model reads: one typed field per scoring attribute of the catalogue
//! (DESIGN §6), with exact money and rates.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::date::{Date, Quarter};

/// An exact amount of euros, held in cents.
///
/// Serialised as a JSON number of euros with at most two decimals (`1159.92`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    /// Whole euros; saturates at the bounds of `i64` cents.
    pub const fn from_euros(euros: i64) -> Money {
        Money(euros.saturating_mul(100))
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    pub fn euros_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Rounds euros to the nearest cent; a non-finite value reads as zero.
    pub(crate) fn from_euros_f64_rounded(euros: f64) -> Money {
        if euros.is_finite() {
            Money((euros * 100.0).round() as i64)
        } else {
            Money::ZERO
        }
    }

    /// Rounds euros down to the cent; a non-finite value reads as zero.
    pub(crate) fn from_euros_f64_floor(euros: f64) -> Money {
        if euros.is_finite() {
            Money((euros * 100.0).floor() as i64)
        } else {
            Money::ZERO
        }
    }

    /// Negative amounts are not meaningful in a profile; the model reads them as zero.
    pub(crate) fn at_least_zero(self) -> Money {
        self.max(Money::ZERO)
    }

    pub(crate) fn plus(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    pub(crate) fn minus(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }

    /// `self × numerator / denominator` rounded down, saturating; zero for a zero
    /// denominator.
    pub(crate) fn scaled_floor(self, numerator: i64, denominator: i64) -> Money {
        if denominator == 0 {
            return Money::ZERO;
        }
        let quotient =
            (i128::from(self.0) * i128::from(numerator)).div_euclid(i128::from(denominator));
        Money::saturating(quotient)
    }

    fn saturating(cents: i128) -> Money {
        Money(i64::try_from(cents).unwrap_or(if cents < 0 { i64::MIN } else { i64::MAX }))
    }

    /// `self × numerator / denominator`, rounded half away from zero, saturating.
    pub(crate) fn scaled(self, numerator: i64, denominator: i64) -> Money {
        if denominator == 0 {
            return Money::ZERO;
        }
        let product = i128::from(self.0) * i128::from(numerator);
        let denominator = i128::from(denominator);
        let half = denominator.abs() / 2;
        let rounded = if (product < 0) == (denominator < 0) {
            (product.abs() + half) / denominator.abs()
        } else {
            -((product.abs() + half) / denominator.abs())
        };
        Money::saturating(rounded)
    }
}

impl fmt::Display for Money {
    /// `1159.92 EUR`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02} EUR", cents / 100, cents % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.euros_f64())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        f64::deserialize(deserializer).map(Money::from_euros_f64_rounded)
    }
}

/// A rate in hundredths of a percent: 3.5 % is `Percent::from_hundredths(350)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(i64);

impl Percent {
    pub const fn from_hundredths(hundredths: i64) -> Percent {
        Percent(hundredths)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// The rate as a fraction: 3.5 % is 0.035.
    pub fn fraction(self) -> f64 {
        self.0 as f64 / 10_000.0
    }
}

impl Serialize for Percent {
    /// As a JSON number of percent with at most two decimals (`4.12`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0 as f64 / 100.0)
    }
}

impl<'de> Deserialize<'de> for Percent {
    /// From a number of percent, rounded to the hundredth; not finite reads as zero.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Percent, D::Error> {
        let percent = f64::deserialize(deserializer)?;
        let hundredths = if percent.is_finite() {
            (percent * 100.0).round() as i64
        } else {
            0
        };
        Ok(Percent(hundredths))
    }
}

impl fmt::Display for Percent {
    /// `3.50 %`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let hundredths = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02} %", hundredths / 100, hundredths % 100)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaritalStatus {
    Single,
    Married,
    Pacs,
    Divorced,
    Widowed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HousingStatus {
    Owner,
    Tenant,
    Hosted,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentStatus {
    /// Permanent contract (contrat à durée indéterminée).
    Cdi,
    /// Fixed-term contract (contrat à durée déterminée).
    Cdd,
    /// Temporary agency work (intérim).
    Interim,
    Independent,
    /// Tenured public servant (fonctionnaire titulaire).
    CivilServant,
    Retired,
    Unemployed,
    Student,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoanType {
    Mortgage,
    Consumer,
    Auto,
    Personal,
}

/// How the loan's rate moves: it decides the usury category of a mortgage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateType {
    /// The same rate for the whole loan (the catalogue's default).
    #[default]
    Fixed,
    /// A rate that follows an index; the payment is computed at the initial rate.
    Variable,
}

/// The submitted attributes of one customer, typed. Optional attributes of the catalogue
/// are `Option`s; the model states in each rule how it reads a missing one.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub birth_date: Date,
    pub marital_status: Option<MaritalStatus>,
    /// Borrowers in the household, 1 or 2 (the catalogue's default is 1; 0 reads as 1).
    pub household_adults: u8,
    pub dependents: u8,
    pub housing_status: HousingStatus,
    /// Deducted only for a tenant, and not when the new loan is a mortgage.
    pub monthly_rent: Option<Money>,
    pub employment_status: EmploymentStatus,
    pub employment_start_date: Option<Date>,
    pub trial_period_completed: Option<bool>,
    pub monthly_net_income: Money,
    pub co_borrower_monthly_net_income: Option<Money>,
    /// Pensions, allowances.
    pub other_monthly_income: Option<Money>,
    /// Counted at 70 %.
    pub rental_income: Option<Money>,
    /// Monthly payments of every current credit.
    pub existing_loans_monthly_payments: Money,
    /// Alimony and other fixed charges.
    pub other_monthly_charges: Option<Money>,
    pub savings: Option<Money>,
    pub down_payment: Option<Money>,
    /// Needed for a mortgage; without it the `DOWN_PAYMENT` rule fails.
    pub property_value: Option<Money>,
    pub loan_type: LoanType,
    pub loan_amount: Money,
    /// 1..=420 in the catalogue; 0 reads as 1.
    pub loan_duration_months: u16,
    /// When absent, the default of [`crate::default_annual_rate`].
    pub loan_annual_rate: Option<Percent>,
    /// Yearly, of the borrowed capital. When absent, the default of
    /// [`crate::default_insurance_rate`].
    pub insurance_annual_rate: Option<Percent>,
    /// New build or works: HCSF allows 27 years instead of 25.
    pub deferral_eligible: Option<bool>,
    /// Registered in the Banque de France FICP file.
    pub ficp_registered: bool,
    pub banking_incidents_12m: Option<u32>,
    /// Frais de dossier, paid at signing; in the TAEG.
    pub application_fees: Option<Money>,
    /// Guarantee costs (caution, mortgage registration), paid at signing; in the TAEG.
    pub guarantee_fees: Option<Money>,
    /// Frais de courtage, paid at signing; in the TAEG.
    pub broker_fees: Option<Money>,
    /// Fixed unless stated.
    pub rate_type: RateType,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_displays_and_serialises_in_euros() {
        assert_eq!(Money::from_cents(115_992).to_string(), "1159.92 EUR");
        assert_eq!(Money::from_cents(-5).to_string(), "-0.05 EUR");
        assert_eq!(Money::from_cents(i64::MIN).cents(), i64::MIN);
        assert_eq!(Money::from_cents(115_992).euros_f64(), 1159.92);
    }

    #[test]
    fn money_scales_with_rounding_and_saturation() {
        assert_eq!(Money::from_cents(15).scaled(7, 10), Money::from_cents(11));
        assert_eq!(Money::from_cents(-15).scaled(7, 10), Money::from_cents(-11));
        assert_eq!(
            Money::from_cents(i64::MAX).scaled(3, 1),
            Money::from_cents(i64::MAX)
        );
        assert_eq!(Money::from_cents(100).scaled(1, 0), Money::ZERO);
    }

    #[test]
    fn percent_reads_as_a_fraction() {
        assert_eq!(Percent::from_hundredths(350).fraction(), 0.035);
        assert_eq!(Percent::from_hundredths(350).to_string(), "3.50 %");
    }
}
