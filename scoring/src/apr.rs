//! The TAEG (taux annuel effectif global, the APR of EU law): the actuarial annual rate
//! `X` at which what the borrower receives equals what they repay,
//!
//! `loan_amount − application_fees − guarantee_fees − broker_fees
//!     = Σ_{k=1..n} (monthly payment + monthly insurance) × (1 + X)^(−k/12)`,
//!
//! the equation of Directive 2008/48/EC Annex I (kept by Directive (EU) 2023/2225
//! Annex III) and of the code de la consommation, article R. 314-3: the fees are paid at
//! signing, out of the amount lent; the instalments fall at the end of each month; a
//! month is 1/12 of a year.
//!
//! **Solving it.** Write `u = ln(1 + X) / 12`, the logarithm of the monthly growth
//! factor: the present value `Σ a_k e^(−u t_k)` of positive instalments decreases
//! strictly in `u`, so the equation has exactly one root as soon as the borrower receives
//! something and repays something. With `S` the sum of the instalments, `N` the amount
//! received and `L = ln(S / N)`, the root is at least `L / t̄`, `t̄` being the instalments'
//! mean date (by convexity of the exponential, `Σ a_k e^(−u t_k) ≥ S e^(−u t̄)`), and at
//! most `L / t_first` when `L ≥ 0`, `L / t_last` otherwise (each term is squeezed between
//! those of the first and the last instalment). That bracket is finite for every valid
//! profile: zero rate (`L` about 0), one month (the bracket is a single point), 420
//! months, fees of almost the whole amount (`L` large), and its lower end is within a few
//! percent of the root for usual loans. Brent's method then converges inside it in a few
//! steps, falling back to bisection whenever an interpolation would leave the bracket, so
//! it never diverges; `X = e^(12u) − 1` follows, finite because `u` is bounded by
//! `ln(9.2·10^16 EUR · 420 / 0.01 EUR) < 50`.
//!
//! **No TAEG** (`None`) when the fees take up the whole amount (`N ≤ 0`: the borrower
//! receives nothing, the rate is unbounded) or when nothing is repaid (a payment that
//! rounds to zero). The `USURY_RATE` rule then fails.

use crate::input::Money;

/// How close to the root `u` is taken: far below the 4 decimals of the published rate.
const TOLERANCE: f64 = 1e-13;
const MAX_ITERATIONS: u32 = 200;

/// The TAEG, a fraction (0.0356 is 3.56 %), of a loan whose borrower receives
/// `net_advance` at signing and pays `monthly` at the end of each of `months` months;
/// `None` when either is zero or negative.
pub(crate) fn annual_rate(net_advance: Money, monthly: Money, months: u16) -> Option<f64> {
    let months = months.max(1);
    let (net, payment) = (net_advance.euros_f64(), monthly.euros_f64());
    if net <= 0.0 || payment <= 0.0 {
        return None;
    }
    let n = f64::from(months);
    let dates = Dates {
        first: 1.0,
        mean: (n + 1.0) / 2.0,
        last: n,
    };
    let log_monthly = solve(|u| payment * annuity_sum(u, n), net, payment * n, dates)?;
    Some((12.0 * log_monthly).exp_m1())
}

/// `Σ_{k=1..n} e^(−u k)`, in closed form.
fn annuity_sum(u: f64, n: f64) -> f64 {
    if u == 0.0 {
        return n;
    }
    -(-u * n).exp_m1() / u.exp_m1()
}

/// When the instalments fall, in months after the drawdown (all > 0): the first, the
/// mean weighted by amount, the last.
#[derive(Clone, Copy, Debug)]
struct Dates {
    first: f64,
    mean: f64,
    last: f64,
}

/// The `u` at which `present_value(u) = net`, for a present value of positive instalments
/// summing to `total`, due on `dates`.
fn solve(present_value: impl Fn(f64) -> f64, net: f64, total: f64, dates: Dates) -> Option<f64> {
    let spread = (total / net).ln();
    let Dates { first, mean, last } = dates;
    let ordered = 0.0 < first && first <= mean && mean <= last;
    if !spread.is_finite() || !ordered {
        return None;
    }
    let lo = spread / mean;
    let hi = if spread >= 0.0 {
        spread / first
    } else {
        spread / last
    };
    Some(brent(|u| present_value(u) - net, lo, hi))
}

/// The root of the decreasing `f` in `[lo, hi]` (Brent's method, as in Numerical Recipes'
/// `zbrent`). An endpoint where `f` already has the root's sign is returned as is, which
/// covers a bracket reduced to one point and the last bit of rounding at its ends.
fn brent(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    let (mut a, mut b) = (lo, hi);
    let (mut fa, mut fb) = (f(a), f(b));
    if fa <= 0.0 || a >= b {
        return a;
    }
    if fb >= 0.0 {
        return b;
    }
    let (mut c, mut fc) = (b, fb);
    let (mut d, mut e) = (b - a, b - a);
    for _ in 0..MAX_ITERATIONS {
        if (fb > 0.0) == (fc > 0.0) {
            (c, fc) = (a, fa);
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            (a, fa) = (b, fb);
            (b, fb) = (c, fc);
            (c, fc) = (a, fa);
        }
        let tolerance = 2.0 * f64::EPSILON * b.abs() + 0.5 * TOLERANCE;
        let half = 0.5 * (c - b);
        if half.abs() <= tolerance || fb == 0.0 {
            return b;
        }
        if e.abs() >= tolerance && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                (2.0 * half * s, 1.0 - s)
            } else {
                let (q, r) = (fa / fc, fb / fc);
                (
                    s * (2.0 * half * q * (q - r) - (b - a) * (r - 1.0)),
                    (q - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            // NaN from infinite values fails both comparisons: bisection then.
            if 2.0 * p < (3.0 * half * q - (tolerance * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = half;
                e = d;
            }
        } else {
            d = half;
            e = d;
        }
        (a, fa) = (b, fb);
        b += if d.abs() > tolerance {
            d
        } else {
            tolerance.copysign(half)
        };
        fb = f(b);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The annual rate for arbitrary flows `(month, amount)`, with the model's solver.
    fn rate_of_flows(net: f64, flows: &[(f64, f64)]) -> f64 {
        let total: f64 = flows.iter().map(|(_, amount)| amount).sum();
        let dates = Dates {
            first: flows.iter().map(|(t, _)| *t).fold(f64::INFINITY, f64::min),
            mean: flows.iter().map(|(t, a)| t * a).sum::<f64>() / total,
            last: flows.iter().map(|(t, _)| *t).fold(0.0, f64::max),
        };
        let present_value = |u: f64| -> f64 { flows.iter().map(|(t, a)| a * (-u * t).exp()).sum() };
        let u = solve(present_value, net, total, dates).expect("a root");
        (12.0 * u).exp_m1()
    }

    /// Days after the drawdown, in months of a 365-day year.
    fn days(count: f64) -> f64 {
        count / 365.0 * 12.0
    }

    /// Directive 98/7/EC (amending 87/102/EEC), Annex III "Examples of calculation", part A
    /// (calendar year), the examples Member States' methods had to reproduce; the same
    /// equation is Annex I of Directive 2008/48/EC. Copies consulted: EU Monitor, annexes
    /// to COM(1996) 79; service.betterregulation.com document 260747.
    #[test]
    fn reproduces_the_directive_examples() {
        // First example: 1 000 lent on 1 January 1994, 1 200 repaid on 1 July 1995 (546
        // days later): "rounded to 13 % (or 12,96 %)".
        let first = rate_of_flows(1000.0, &[(days(546.0), 1200.0)]);
        assert_eq!((first * 10_000.0).round() / 100.0, 12.96, "{first}");
        // Second example: the lender keeps 50 of administrative expenses, so 950 is lent
        // for the same repayment: "rounded to 16,9 %".
        let second = rate_of_flows(950.0, &[(days(546.0), 1200.0)]);
        assert_eq!((second * 1000.0).round() / 10.0, 16.9, "{second}");
        // Third example: 1 000 repaid by 600 after one year and 600 after two:
        // "i = 0,1306623, rounded to 13,1 % (or 13,07 %)".
        // The directive's seven decimals are truncated: 0.13066238...
        let third = rate_of_flows(1000.0, &[(12.0, 600.0), (24.0, 600.0)]);
        assert_eq!((third * 1e7).trunc(), 1_306_623.0, "{third}");
        assert_eq!((third * 10_000.0).round() / 100.0, 13.07, "{third}");
    }

    #[test]
    fn level_payments_match_hand_computed_rates() {
        let rate = |net: i64, monthly: i64, months| {
            annual_rate(Money::from_cents(net), Money::from_cents(monthly), months).expect("a rate")
        };
        // 200 000 EUR over 240 months at 3.5 %: 1 159.92 a month; the actuarial
        // equivalent of 3.5 % / 12 a month is (1 + 0.035 / 12)^12 − 1 = 3.5567 %.
        let plain = rate(20_000_000, 115_992, 240);
        assert!((plain - 0.035_567_01).abs() < 1e-8, "{plain}");
        // With 50 EUR of insurance a month and 5 000 EUR of fees at signing (computed
        // independently by bisection on X to 1e-15).
        let loaded = rate(19_500_000, 120_992, 240);
        assert!((loaded - 0.043_578_78).abs() < 1e-8, "{loaded}");
        // One month at 12 %: 1 000 repaid as 1 010, 1.01^12 − 1.
        let one_month = rate(100_000, 101_000, 1);
        assert!((one_month - 0.126_825_03).abs() < 1e-8, "{one_month}");
        // A zero rate, no fees: the amount back in equal parts, a zero TAEG.
        assert!(rate(1_200_000, 10_000, 120).abs() < 1e-12);
    }

    #[test]
    fn edge_cases_stay_finite_or_have_no_rate() {
        let rate = |net: i64, monthly: i64, months| {
            annual_rate(Money::from_cents(net), Money::from_cents(monthly), months)
        };
        assert_eq!(rate(0, 10_000, 12), None, "fees take the whole amount");
        assert_eq!(rate(-500, 10_000, 12), None, "fees above the amount");
        assert_eq!(rate(100_000, 0, 12), None, "nothing repaid");
        let tiny_net = rate(1, 10_000_000_000, 1).expect("a rate");
        assert!(tiny_net.is_finite() && tiny_net > 1e100, "{tiny_net}");
        let extreme = rate(1, i64::MAX, 420).expect("a rate");
        assert!(extreme.is_finite(), "{extreme}");
        let long = rate(100_000_000, 400_000, 420).expect("a rate");
        assert!(long.is_finite() && long > 0.0, "{long}");
        let below_par = rate(100_000, 100, 420).expect("a rate");
        assert!(
            below_par > -1.0 && below_par < 0.0,
            "repays 420 of 1 000: {below_par}"
        );
    }

    proptest! {
        /// The root found solves the equation, whatever the loan.
        #[test]
        fn solves_the_equation(
            net in 1i64..=100_000_000_000,
            monthly in 1i64..=100_000_000_000,
            months in 1u16..=420,
        ) {
            // Repaying at least half of what was received: far below, the rate is so close
            // to -100 % that 1 + X, from which this check recomputes the root, loses its
            // digits in a double.
            prop_assume!(monthly as f64 * f64::from(months) >= net as f64 / 2.0);
            let x = annual_rate(Money::from_cents(net), Money::from_cents(monthly), months)
                .expect("a rate");
            prop_assert!(x.is_finite() && x > -1.0, "{x}");
            let u = x.ln_1p() / 12.0;
            let pv = monthly as f64 * annuity_sum(u, f64::from(months));
            prop_assert!(((pv - net as f64) / net as f64).abs() < 1e-9, "{pv} vs {net}");
        }

        /// Unrounded level payments of a loan at a nominal rate r, without fees or
        /// insurance: the TAEG is exactly the actuarial equivalent (1 + r/12)^12 − 1; any
        /// fee raises it.
        #[test]
        fn without_fees_the_nominal_actuarial_equivalent(
            rate_hundredths in 0i64..=3_000,
            months in 1u16..=420,
            fee_share in 0.0001f64..0.5,
        ) {
            let r = rate_hundredths as f64 / 10_000.0 / 12.0;
            let n = f64::from(months);
            let payment = if r == 0.0 { 1.0 / n } else { r / -(-n * r.ln_1p()).exp_m1() };
            let present_value = |u: f64| payment * annuity_sum(u, n);
            let dates = Dates { first: 1.0, mean: (n + 1.0) / 2.0, last: n };
            let u = solve(present_value, 1.0, payment * n, dates).expect("a root");
            let equivalent = (12.0 * r.ln_1p()).exp_m1();
            prop_assert!(((12.0 * u).exp_m1() - equivalent).abs() < 1e-9);
            let with_fees = solve(present_value, 1.0 - fee_share, payment * n, dates)
                .expect("a root");
            prop_assert!(with_fees > u);
        }
    }
}
