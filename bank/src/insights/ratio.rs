//! A ratio to four decimals, held exactly in ten-thousandths.

use scoring::Money;
use serde::{Serialize, Serializer};

/// `0.0525` is 5.25 %. Serialised as a JSON number with at most four decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratio(i64);

impl Ratio {
    /// The cap when a share has a zero denominator but a positive numerator, as the
    /// scoring model caps its ratios when there is no income.
    pub const CAP: Ratio = Ratio(1_000_000);

    pub const fn from_ten_thousandths(ten_thousandths: i64) -> Ratio {
        Ratio(ten_thousandths)
    }

    pub const fn ten_thousandths(self) -> i64 {
        self.0
    }

    pub fn fraction(self) -> f64 {
        self.0 as f64 / 10_000.0
    }

    /// `part / whole` rounded half up to four decimals, at most [`Ratio::CAP`]; 0 for a zero
    /// or negative part, the cap for a positive part of a zero or negative whole.
    pub fn share(part: Money, whole: Money) -> Ratio {
        let (part, whole) = (i128::from(part.cents()), i128::from(whole.cents()));
        if part <= 0 {
            return Ratio(0);
        }
        if whole <= 0 {
            return Ratio::CAP;
        }
        let ten_thousandths = (part * 10_000 + whole / 2) / whole;
        Ratio(i64::try_from(ten_thousandths).map_or(Ratio::CAP.0, |value| value.min(Ratio::CAP.0)))
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.fraction())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_to_four_decimals_and_cap() {
        let share = |part: i64, whole: i64| {
            Ratio::share(Money::from_cents(part), Money::from_cents(whole)).ten_thousandths()
        };
        assert_eq!(share(10_000, 200_000), 500, "5 %");
        assert_eq!(share(1, 3), 3_333, "a third");
        assert_eq!(share(2, 3), 6_667, "two thirds round up");
        assert_eq!(share(0, 0), 0);
        assert_eq!(share(5, 0), 1_000_000, "gambling without income");
        assert_eq!(share(i64::MAX, 1), 1_000_000);
        assert_eq!(Ratio::from_ten_thousandths(525).fraction(), 0.0525);
    }
}
