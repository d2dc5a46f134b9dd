//! Every quantity the rules, factors and metrics read, computed once from a profile.

use crate::apr;
use crate::bank::{BankEvidence, Declared, IncomeBasis};
use crate::context::Context;
use crate::input::{Date, Money, Profile};
use crate::loan::Terms;
use crate::numeric::{ratio, round4};
use crate::result::Metrics;
use crate::usury::UsuryCategory;
use crate::usury_table::UsuryThreshold;
use crate::{age, collateral, hcsf, income, residual, stability};

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Figures {
    pub as_of: Date,
    pub terms: Terms,
    pub income: Money,
    pub existing_payments: Money,
    pub payment: Money,
    pub insurance: Money,
    /// Existing payments plus the new payment and its insurance.
    pub credit_charges_after: Money,
    /// `None` without income.
    pub effort_before: Option<f64>,
    /// `None` without income.
    pub effort_after: Option<f64>,
    pub residual: Money,
    pub residual_floor: Money,
    pub loan_to_value: Option<f64>,
    pub age_at_maturity: u32,
    pub seniority_months: Option<i64>,
    pub max_monthly_payment: Money,
    pub max_loan_amount: Money,
    /// The TAEG, unrounded; `None` when the fees take the whole amount or nothing is repaid.
    pub apr: Option<f64>,
    pub usury_category: UsuryCategory,
    /// The usury threshold in force for the category on `as_of`, if any is loaded.
    pub usury: Option<UsuryThreshold>,
    /// The bank evidence of the analysis, if any.
    pub bank: Option<BankEvidence>,
    /// The declared income and loans, which `income` and `existing_payments` replace
    /// with the conservative figures when the statements cover enough.
    pub declared: Declared,
    pub income_basis: IncomeBasis,
}

impl Figures {
    pub fn compute(profile: &Profile, context: &Context<'_>) -> Figures {
        let as_of = context.as_of;
        let terms = Terms::of(profile);
        let usury_category = UsuryCategory::of_terms(profile.loan_type, profile.rate_type, &terms);
        let declared = Declared {
            income: income::monthly_income(profile),
            existing_loans: profile.existing_loans_monthly_payments.at_least_zero(),
        };
        let (income, income_basis) = match &context.bank {
            Some(evidence) => evidence.conservative_income(declared.income),
            None => (declared.income, IncomeBasis::Declared),
        };
        let existing_payments = context.bank.map_or(declared.existing_loans, |evidence| {
            evidence.conservative_loans(declared.existing_loans)
        });
        let payment = terms.payment();
        let insurance = terms.insurance();
        let credit_charges_after = existing_payments.plus(payment).plus(insurance);
        let max_monthly_payment = hcsf::max_monthly_payment(income, existing_payments);
        Figures {
            as_of,
            terms,
            income,
            existing_payments,
            payment,
            insurance,
            credit_charges_after,
            effort_before: ratio(existing_payments, income),
            effort_after: ratio(credit_charges_after, income),
            residual: residual::residual_income(profile, income, credit_charges_after),
            residual_floor: residual::floor(profile),
            loan_to_value: collateral::loan_to_value(profile),
            age_at_maturity: age::age_at_maturity(profile, as_of, terms.months),
            seniority_months: stability::seniority_months(profile, as_of),
            max_monthly_payment,
            max_loan_amount: terms.max_amount_for(max_monthly_payment),
            apr: apr::annual_rate(
                terms.amount.minus(terms.fees),
                payment.plus(insurance),
                terms.months,
            ),
            usury_category,
            usury: context.usury.lookup(usury_category, as_of),
            bank: context.bank,
            declared,
            income_basis,
        }
    }

    /// The TAEG as published: four decimals.
    pub fn rounded_apr(&self) -> Option<f64> {
        self.apr.map(round4)
    }

    pub fn metrics(&self) -> Metrics {
        Metrics {
            monthly_income: self.income,
            monthly_loan_payment: self.payment,
            monthly_insurance: self.insurance,
            effort_rate_before: self.effort_before,
            effort_rate_after: self.effort_after,
            residual_income: self.residual,
            residual_income_floor: self.residual_floor,
            loan_to_value: self.loan_to_value,
            age_at_maturity: self.age_at_maturity,
            max_monthly_payment: self.max_monthly_payment,
            max_loan_amount: self.max_loan_amount,
            apr: self.rounded_apr(),
            usury_threshold: self.usury.map(|found| round4(found.rate.fraction())),
            usury_category: Some(self.usury_category),
            income_basis: Some(self.income_basis),
        }
    }
}
