//! The baseline profile the hand-computed tests start from, and small helpers.
#![allow(dead_code)]

use std::sync::LazyLock;

use scoring::{
    AnalysisResult, Context, Date, EmploymentStatus, HousingStatus, LoanType, Money, Percent,
    Profile, RateType, Rule, RuleCode, UsuryRow, UsuryTable,
};

pub fn date(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).expect("valid test date")
}

/// The evaluation date of every hand check.
pub fn as_of() -> Date {
    date(2026, 11, 25)
}

/// The shipped thresholds, and rows for the fourth quarter of 2026 as the operator would
/// load them (here the values of the first quarter again), so that an analysis on
/// [`as_of`] finds a threshold loaded for its quarter.
pub fn usury_table() -> &'static UsuryTable {
    static TABLE: LazyLock<UsuryTable> = LazyLock::new(|| {
        let shipped = UsuryTable::shipped();
        let q4 = date(2026, 10, 1);
        let reloaded: Vec<UsuryRow> = shipped
            .rows()
            .iter()
            .filter(|row| row.from == date(2026, 1, 1))
            .map(|row| UsuryRow { from: q4, ..*row })
            .collect();
        shipped.merged(reloaded)
    });
    &TABLE
}

/// An analysis on [`as_of`] against [`usury_table`].
pub fn context() -> Context<'static> {
    Context::new(as_of(), usury_table())
}

pub fn euros(amount: i64) -> Money {
    Money::from_euros(amount)
}

pub fn percent(hundredths: i64) -> Option<Percent> {
    Some(Percent::from_hundredths(hundredths))
}

/// Passes everything: a 200 000 EUR mortgage over 20 years at 3.5 % on 4 200 EUR a month.
pub fn baseline() -> Profile {
    Profile {
        birth_date: date(1988, 5, 14),
        marital_status: None,
        household_adults: 1,
        dependents: 0,
        housing_status: HousingStatus::Tenant,
        monthly_rent: Some(euros(750)),
        employment_status: EmploymentStatus::Cdi,
        employment_start_date: Some(date(2019, 1, 7)),
        trial_period_completed: Some(true),
        monthly_net_income: euros(4_200),
        co_borrower_monthly_net_income: None,
        other_monthly_income: None,
        rental_income: None,
        existing_loans_monthly_payments: Money::ZERO,
        other_monthly_charges: None,
        savings: Some(euros(30_000)),
        down_payment: Some(euros(40_000)),
        property_value: Some(euros(240_000)),
        loan_type: LoanType::Mortgage,
        loan_amount: euros(200_000),
        loan_duration_months: 240,
        loan_annual_rate: percent(350),
        insurance_annual_rate: None,
        deferral_eligible: None,
        ficp_registered: false,
        banking_incidents_12m: Some(0),
        application_fees: None,
        guarantee_fees: None,
        broker_fees: None,
        rate_type: RateType::Fixed,
    }
}

/// A consumer loan at 0 % without insurance: the payment is the amount over the months.
pub fn consumer_at_zero_rate(amount: Money, months: u16) -> Profile {
    Profile {
        loan_type: LoanType::Consumer,
        loan_amount: amount,
        loan_duration_months: months,
        loan_annual_rate: percent(0),
        insurance_annual_rate: percent(0),
        down_payment: None,
        property_value: None,
        ..baseline()
    }
}

pub fn rule(result: &AnalysisResult, code: RuleCode) -> &Rule {
    result
        .rules
        .iter()
        .find(|rule| rule.code == code)
        .unwrap_or_else(|| panic!("{code:?} is reported"))
}
