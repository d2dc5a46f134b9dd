//! The categories of DESIGN §10: their codes are part of the API contract.

use std::fmt;

use serde::{Serialize, Serializer};

/// Exactly one per transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    IncomeSalary,
    /// CAF, France Travail (Pôle emploi), CPAM, MSA, ...
    IncomeBenefits,
    /// CARSAT, CNAV, Agirc-Arrco, ...
    IncomePension,
    /// Rent received.
    IncomeRental,
    /// Interest, dividends, freelance invoices, sales, alimony received.
    IncomeOther,
    /// Rent paid.
    HousingRent,
    /// An instalment to a lender.
    CreditRepayment,
    Insurance,
    Utilities,
    Telecom,
    Tax,
    /// Groceries, fuel, transport, restaurants, shops, pharmacy, subscriptions.
    Everyday,
    CashWithdrawal,
    Gambling,
    /// Commission d'intervention, agios, frais de rejet, card and account fees.
    BankFees,
    /// The rejet or impayé of a payment.
    BankRejectedPayment,
    /// Between the customer's own accounts: savings top-ups and withdrawals.
    TransferInternal,
    TransferOther,
    Refund,
    Other,
}

impl Category {
    pub const ALL: [Category; 20] = [
        Category::IncomeSalary,
        Category::IncomeBenefits,
        Category::IncomePension,
        Category::IncomeRental,
        Category::IncomeOther,
        Category::HousingRent,
        Category::CreditRepayment,
        Category::Insurance,
        Category::Utilities,
        Category::Telecom,
        Category::Tax,
        Category::Everyday,
        Category::CashWithdrawal,
        Category::Gambling,
        Category::BankFees,
        Category::BankRejectedPayment,
        Category::TransferInternal,
        Category::TransferOther,
        Category::Refund,
        Category::Other,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Category::IncomeSalary => "income.salary",
            Category::IncomeBenefits => "income.benefits",
            Category::IncomePension => "income.pension",
            Category::IncomeRental => "income.rental",
            Category::IncomeOther => "income.other",
            Category::HousingRent => "housing.rent",
            Category::CreditRepayment => "credit.repayment",
            Category::Insurance => "insurance",
            Category::Utilities => "utilities",
            Category::Telecom => "telecom",
            Category::Tax => "tax",
            Category::Everyday => "everyday",
            Category::CashWithdrawal => "cash.withdrawal",
            Category::Gambling => "gambling",
            Category::BankFees => "bank.fees",
            Category::BankRejectedPayment => "bank.rejected_payment",
            Category::TransferInternal => "transfer.internal",
            Category::TransferOther => "transfer.other",
            Category::Refund => "refund",
            Category::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|category| category.as_str() == code)
    }

    /// The `income.*` categories.
    pub const fn is_income(self) -> bool {
        matches!(
            self,
            Category::IncomeSalary
                | Category::IncomeBenefits
                | Category::IncomePension
                | Category::IncomeRental
                | Category::IncomeOther
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back() {
        for category in Category::ALL {
            assert_eq!(Category::parse(category.as_str()), Some(category));
        }
        assert_eq!(Category::parse("income"), None);
    }
}
