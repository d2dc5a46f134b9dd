//! The bank rules (DESIGN §10): what the customer's account statements show, checked
//! against what the profile declares. They apply only when the analysis has
//! [`BankEvidence`] (the snapshot held statements).
//!
//! | code | pass | warn | fail |
//! |---|---|---|---|
//! | `BANK_DATA_COVERAGE` | ≥ 90 days and ≥ 3 full months | less | never |
//! | `INCOME_VERIFIED` | observed / declared income ≥ 0.90 | 0.70 to 0.90 | < 0.70 |
//! | `UNDECLARED_CREDIT` | observed repayments ≤ declared × 1.10 + 20 EUR | | above |
//! | `OVERDRAFT` | ≤ 5 days below 0 in 90 | 6 to 15 | > 15 |
//! | `REJECTED_PAYMENTS` | none in 90 days | 1 or 2 | 3 or more |
//! | `GAMBLING` | stakes < 5 % of observed income | 5 to 15 % | > 15 % |
//!
//! With coverage short of `pass`, the five others warn "not enough history" and change
//! nothing else: no factor, declared figures. With coverage `pass`, the HCSF effort rate
//! and the residual income use the conservative figures, income = min(declared,
//! observed) and existing loans = max(declared, observed); `metrics.income_basis` says
//! which income was used. None of the bank rules is hard: a failure sends the file to
//! review and weighs on the score through its factor.

use serde::{Deserialize, Serialize};

use crate::input::Money;
use crate::numeric::round4;
use crate::rules::{Outcome, RuleDetail};
use crate::score::FactorDetail;

/// What the model reads of a profile's bank insights (`bank::Insights::evidence`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BankEvidence {
    /// `period.days`: `BANK_DATA_COVERAGE` passes from 90.
    pub coverage_days: i64,
    /// `period.full_months`: `BANK_DATA_COVERAGE` passes from 3.
    pub full_months: u32,
    /// `income.monthly_average`, for `INCOME_VERIFIED` (observed / declared).
    pub observed_monthly_income: Money,
    /// `charges.credit_repayments_monthly`, for `UNDECLARED_CREDIT`.
    pub observed_credit_repayments: Money,
    pub overdraft_days_90d: u32,
    pub rejected_payments_90d: u32,
    /// `gambling.share_of_income` in ten-thousandths (500 is 5 %), for `GAMBLING`.
    pub gambling_share_ten_thousandths: i64,
}

/// Which income the HCSF effort rate and the residual income used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IncomeBasis {
    Declared,
    /// The statements show less than declared, and cover enough to be relied on.
    Observed,
}

pub const MIN_COVERAGE_DAYS: i64 = 90;
pub const MIN_FULL_MONTHS: u32 = 3;
pub const MAX_OVERDRAFT_DAYS_PASS: u32 = 5;
const MIN_OVERDRAFT_DAYS_WARN: u32 = MAX_OVERDRAFT_DAYS_PASS + 1;
pub const MAX_OVERDRAFT_DAYS_WARN: u32 = 15;
pub const MAX_REJECTED_WARN: u32 = 2;
const GAMBLING_WARN_FROM: i64 = 500;
const GAMBLING_FAIL_ABOVE: i64 = 1_500;

impl BankEvidence {
    /// Whether the statements cover enough to be relied on.
    pub fn covers_enough(&self) -> bool {
        self.coverage_days >= MIN_COVERAGE_DAYS && self.full_months >= MIN_FULL_MONTHS
    }

    /// The income the affordability rules use, and its basis.
    pub fn conservative_income(&self, declared: Money) -> (Money, IncomeBasis) {
        if self.covers_enough() && self.observed_monthly_income.cents() < declared.cents() {
            (self.observed_monthly_income, IncomeBasis::Observed)
        } else {
            (declared, IncomeBasis::Declared)
        }
    }

    /// The existing loan payments the affordability rules use.
    pub fn conservative_loans(&self, declared: Money) -> Money {
        if self.covers_enough() && self.observed_credit_repayments.cents() > declared.cents() {
            self.observed_credit_repayments
        } else {
            declared
        }
    }
}

/// What the declared profile says, for the comparisons.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Declared {
    pub income: Money,
    pub existing_loans: Money,
}

/// The most repayments that pass `UNDECLARED_CREDIT` for `declared` loans: × 1.10 + 20 EUR.
fn credit_tolerance(declared: Money) -> Money {
    let cents = declared.cents().max(0);
    Money::from_cents(cents.saturating_mul(11) / 10 + 2_000)
}

/// The six bank rules, in order.
pub(crate) fn rules(evidence: &BankEvidence, declared: Declared) -> Vec<Outcome> {
    let coverage = Outcome {
        detail: if evidence.covers_enough() {
            RuleDetail::CoverageEnough {
                days: evidence.coverage_days,
                months: evidence.full_months,
            }
        } else {
            RuleDetail::CoverageShort {
                days: evidence.coverage_days,
                months: evidence.full_months,
            }
        },
        value: Some(evidence.coverage_days as f64),
        threshold: Some(MIN_COVERAGE_DAYS as f64),
    };
    if !evidence.covers_enough() {
        let short = |detail| Outcome {
            detail,
            value: None,
            threshold: None,
        };
        return vec![
            coverage,
            short(RuleDetail::IncomeNotEnoughHistory),
            short(RuleDetail::CreditNotEnoughHistory),
            short(RuleDetail::OverdraftNotEnoughHistory),
            short(RuleDetail::RejectedNotEnoughHistory),
            short(RuleDetail::GamblingNotEnoughHistory),
        ];
    }
    vec![
        coverage,
        income_rule(evidence, declared.income),
        credit_rule(evidence, declared.existing_loans),
        overdraft_rule(evidence),
        rejected_rule(evidence),
        gambling_rule(evidence),
    ]
}

/// Observed over declared income, exact in cents: `None` without declared income.
fn income_cover(evidence: &BankEvidence, declared: Money) -> Option<(i128, i128)> {
    let declared = i128::from(declared.cents());
    (declared > 0).then(|| {
        (
            i128::from(evidence.observed_monthly_income.cents().max(0)),
            declared,
        )
    })
}

fn income_rule(evidence: &BankEvidence, declared: Money) -> Outcome {
    let observed = evidence.observed_monthly_income;
    let Some((seen, said)) = income_cover(evidence, declared) else {
        return Outcome {
            detail: RuleDetail::IncomeVerified {
                observed,
                declared,
                ratio: None,
            },
            value: None,
            threshold: Some(0.9),
        };
    };
    let ratio = Some(round4(seen as f64 / said as f64));
    let (detail, threshold) = if seen * 100 >= said * 90 {
        (
            RuleDetail::IncomeVerified {
                observed,
                declared,
                ratio,
            },
            0.9,
        )
    } else if seen * 100 >= said * 70 {
        (
            RuleDetail::IncomePartlyVerified {
                observed,
                declared,
                ratio,
            },
            0.9,
        )
    } else {
        (
            RuleDetail::IncomeNotVerified {
                observed,
                declared,
                ratio,
            },
            0.7,
        )
    };
    Outcome {
        detail,
        value: ratio,
        threshold: Some(threshold),
    }
}

fn credit_rule(evidence: &BankEvidence, declared: Money) -> Outcome {
    let observed = evidence.observed_credit_repayments;
    let tolerated = credit_tolerance(declared);
    let detail = if observed.cents() <= tolerated.cents() {
        RuleDetail::CreditDeclared { observed, declared }
    } else {
        RuleDetail::CreditUndeclared { observed, declared }
    };
    Outcome {
        detail,
        value: Some(observed.euros_f64()),
        threshold: Some(tolerated.euros_f64()),
    }
}

fn overdraft_rule(evidence: &BankEvidence) -> Outcome {
    let days = evidence.overdraft_days_90d;
    let (detail, threshold) = match days {
        0..=MAX_OVERDRAFT_DAYS_PASS => {
            (RuleDetail::OverdraftRare { days }, MAX_OVERDRAFT_DAYS_PASS)
        }
        MIN_OVERDRAFT_DAYS_WARN..=MAX_OVERDRAFT_DAYS_WARN => {
            (RuleDetail::OverdraftSome { days }, MAX_OVERDRAFT_DAYS_PASS)
        }
        _ => (
            RuleDetail::OverdraftFrequent { days },
            MAX_OVERDRAFT_DAYS_WARN,
        ),
    };
    Outcome {
        detail,
        value: Some(f64::from(days)),
        threshold: Some(f64::from(threshold)),
    }
}

fn rejected_rule(evidence: &BankEvidence) -> Outcome {
    let count = evidence.rejected_payments_90d;
    let (detail, threshold) = match count {
        0 => (RuleDetail::NoRejectedPayment, 0),
        1..=MAX_REJECTED_WARN => (RuleDetail::FewRejectedPayments { count }, 0),
        _ => (
            RuleDetail::ManyRejectedPayments { count },
            MAX_REJECTED_WARN,
        ),
    };
    Outcome {
        detail,
        value: Some(f64::from(count)),
        threshold: Some(f64::from(threshold)),
    }
}

fn gambling_rule(evidence: &BankEvidence) -> Outcome {
    let share_points = evidence.gambling_share_ten_thousandths;
    let share = share_points as f64 / 10_000.0;
    let (detail, threshold) = if share_points < GAMBLING_WARN_FROM {
        (RuleDetail::GamblingLow { share }, GAMBLING_WARN_FROM)
    } else if share_points <= GAMBLING_FAIL_ABOVE {
        (RuleDetail::GamblingNotable { share }, GAMBLING_WARN_FROM)
    } else {
        (RuleDetail::GamblingHigh { share }, GAMBLING_FAIL_ABOVE)
    };
    Outcome {
        detail,
        value: Some(share),
        threshold: Some(threshold as f64 / 10_000.0),
    }
}

/// The score's bank factors, each with its signed impact; none when coverage is short.
pub(crate) fn factors(evidence: &BankEvidence, declared: Declared) -> Vec<(i32, FactorDetail)> {
    if !evidence.covers_enough() {
        return Vec::new();
    }
    let income = match income_cover(evidence, declared.income) {
        None => 0,
        Some((seen, said)) if seen * 100 >= said * 90 => 30,
        Some((seen, said)) if seen * 100 >= said * 70 => -40,
        Some(_) => -120,
    };
    let ratio = income_cover(evidence, declared.income)
        .map(|(seen, said)| round4(seen as f64 / said as f64));
    let undeclared = evidence.observed_credit_repayments.cents()
        > credit_tolerance(declared.existing_loans).cents();
    let overdraft = match evidence.overdraft_days_90d {
        0 => 20,
        1..=MAX_OVERDRAFT_DAYS_PASS => 0,
        MIN_OVERDRAFT_DAYS_WARN..=MAX_OVERDRAFT_DAYS_WARN => -50,
        _ => -150,
    };
    let rejected = match evidence.rejected_payments_90d {
        0 => 10,
        1..=MAX_REJECTED_WARN => -60,
        _ => -150,
    };
    let share = evidence.gambling_share_ten_thousandths;
    let gambling = if share < GAMBLING_WARN_FROM {
        0
    } else if share <= GAMBLING_FAIL_ABOVE {
        -60
    } else {
        -150
    };
    vec![
        (income, FactorDetail::IncomeVerified { ratio }),
        (
            if undeclared { -100 } else { 0 },
            FactorDetail::UndeclaredCredit { undeclared },
        ),
        (
            overdraft,
            FactorDetail::Overdraft {
                days: evidence.overdraft_days_90d,
            },
        ),
        (
            rejected,
            FactorDetail::RejectedPayments {
                count: evidence.rejected_payments_90d,
            },
        ),
        (
            gambling,
            FactorDetail::Gambling {
                share: share as f64 / 10_000.0,
            },
        ),
    ]
}
