//! What the model's bank rules (DESIGN §10: `BANK_DATA_COVERAGE`, `INCOME_VERIFIED`,
//! `UNDECLARED_CREDIT`, `OVERDRAFT`, `REJECTED_PAYMENTS`, `GAMBLING`) will read, and
//! nothing more.

use scoring::Money;
use serde::Serialize;

use super::{Insights, Ratio};

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
    /// `gambling.share_of_income`, for `GAMBLING`.
    pub gambling_share_of_income: Ratio,
}

impl Insights {
    pub fn evidence(&self) -> BankEvidence {
        BankEvidence {
            coverage_days: self.period.days,
            full_months: self.period.full_months,
            observed_monthly_income: self.income.monthly_average,
            observed_credit_repayments: self.charges.credit_repayments_monthly,
            overdraft_days_90d: self.overdraft_days_90d,
            rejected_payments_90d: self.rejected_payments_90d,
            gambling_share_of_income: self.gambling.share_of_income,
        }
    }
}
