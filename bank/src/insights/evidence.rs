//! What the model's bank rules (DESIGN §10: `BANK_DATA_COVERAGE`, `INCOME_VERIFIED`,
//! `UNDECLARED_CREDIT`, `OVERDRAFT`, `REJECTED_PAYMENTS`, `GAMBLING`) read, and nothing
//! more: [`scoring::BankEvidence`], which the model defines.

pub use scoring::BankEvidence;

use super::Insights;

impl Insights {
    pub fn evidence(&self) -> BankEvidence {
        BankEvidence {
            coverage_days: self.period.days,
            full_months: self.period.full_months,
            observed_monthly_income: self.income.monthly_average,
            observed_credit_repayments: self.charges.credit_repayments_monthly,
            overdraft_days_90d: self.overdraft_days_90d,
            rejected_payments_90d: self.rejected_payments_90d,
            gambling_share_ten_thousandths: self.gambling.share_of_income.ten_thousandths(),
        }
    }
}
