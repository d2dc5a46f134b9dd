//! Ratios, rounding and piecewise-linear curves that never yield NaN or infinity.

use crate::input::Money;

/// `numerator / denominator`, the true quotient rounded to 4 decimals, or `None` when the
/// denominator is zero or negative (no income, no monthly cost): no ratio exists then, and
/// the model says so rather than print a made-up one. A negative numerator reads as zero.
///
/// Never capped: 100 EUR of payments over 0.01 EUR of income is 10 000 (1 000 000 %).
/// Amounts are cents in an `i64`, so a quotient is at most about 9.2 × 10^18 and always
/// finite. Non-decreasing in the numerator, non-increasing in the denominator.
pub(crate) fn ratio(numerator: Money, denominator: Money) -> Option<f64> {
    let numerator = numerator.cents().max(0) as f64;
    let denominator = denominator.cents();
    (denominator > 0).then(|| round4(numerator / denominator as f64))
}

/// To 4 decimals; never `-0.0`. Beyond 10^15 a double has no decimals left to round and
/// the value is kept; one that is not finite reads as zero.
pub(crate) fn round4(x: f64) -> f64 {
    if !x.is_finite() {
        0.0
    } else if x.abs() >= 1e15 {
        x
    } else {
        (x * 10_000.0).round() / 10_000.0 + 0.0
    }
}

/// Piecewise-linear through `points` (sorted by x), flat beyond the first and last.
/// Each step is a correctly rounded monotone operation, so the curve keeps the direction
/// of its segments exactly, which the score's monotonicity relies on.
pub(crate) fn interpolate(x: f64, points: &[(f64, f64)]) -> f64 {
    let Some(&(first_x, first_y)) = points.first() else {
        return 0.0;
    };
    if x.is_nan() || x <= first_x {
        return first_y;
    }
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if x <= x1 {
            return y0 + (x - x0) * (y1 - y0) / (x1 - x0);
        }
    }
    points.last().map_or(first_y, |&(_, y)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_is_finite_for_every_denominator() {
        let m = Money::from_cents;
        assert_eq!(ratio(m(350), m(1000)), Some(0.35));
        assert_eq!(ratio(m(10_000), m(1)), Some(10_000.0), "not capped");
        assert_eq!(ratio(m(i64::MAX), m(1)), Some(i64::MAX as f64));
        assert_eq!(ratio(m(-5), m(100)), Some(0.0));
        assert_eq!(ratio(m(1), m(0)), None, "no denominator, no ratio");
        assert_eq!(ratio(m(0), m(0)), None);
        assert_eq!(ratio(m(5), m(-1)), None);
    }

    #[test]
    fn interpolates_between_and_clamps_outside() {
        let curve = [(0.0, -40.0), (3.0, 0.0), (12.0, 60.0)];
        assert_eq!(interpolate(-1.0, &curve), -40.0);
        assert_eq!(interpolate(1.5, &curve), -20.0);
        assert_eq!(interpolate(3.0, &curve), 0.0);
        assert_eq!(interpolate(7.5, &curve), 30.0);
        assert_eq!(interpolate(f64::INFINITY, &curve), 60.0);
        assert_eq!(interpolate(f64::NAN, &curve), -40.0);
    }
}
