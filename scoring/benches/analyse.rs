//! `cargo bench -p scoring`: analysing one complete mortgage profile.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use scoring::{
    Context, Date, EmploymentStatus, HousingStatus, LoanType, Money, Percent, Profile, RateType,
    UsuryRow, UsuryTable, analyse,
};

fn profile() -> Profile {
    Profile {
        birth_date: Date::new(1986, 3, 14).expect("date"),
        marital_status: None,
        household_adults: 2,
        dependents: 2,
        housing_status: HousingStatus::Tenant,
        monthly_rent: Some(Money::from_euros(950)),
        employment_status: EmploymentStatus::Cdi,
        employment_start_date: Date::new(2017, 9, 1),
        trial_period_completed: Some(true),
        monthly_net_income: Money::from_euros(3_400),
        co_borrower_monthly_net_income: Some(Money::from_euros(2_100)),
        other_monthly_income: None,
        rental_income: None,
        existing_loans_monthly_payments: Money::from_euros(180),
        other_monthly_charges: None,
        savings: Some(Money::from_euros(25_000)),
        down_payment: Some(Money::from_euros(40_000)),
        property_value: Some(Money::from_euros(320_000)),
        loan_type: LoanType::Mortgage,
        loan_amount: Money::from_euros(280_000),
        loan_duration_months: 300,
        loan_annual_rate: Some(Percent::from_hundredths(345)),
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

fn bench(c: &mut Criterion) {
    let passing = profile();
    let failing = Profile {
        loan_amount: Money::from_euros(450_000),
        ..profile()
    };
    let as_of = Date::new(2026, 11, 25).expect("date");
    // The shipped thresholds and, as the operator would load them, rows for the quarter.
    let shipped = UsuryTable::shipped();
    let quarter = as_of.quarter().first_day();
    let reloaded: Vec<UsuryRow> = shipped
        .rows()
        .iter()
        .filter(|row| row.from == Date::new(2026, 1, 1).expect("date"))
        .map(|row| UsuryRow {
            from: quarter,
            ..*row
        })
        .collect();
    let usury = shipped.merged(reloaded);
    let context = Context::new(as_of, &usury);
    c.bench_function("analyse/favorable_mortgage", |b| {
        b.iter(|| analyse(black_box(&passing), &context))
    });
    c.bench_function("analyse/with_counterfactuals", |b| {
        b.iter(|| analyse(black_box(&failing), &context))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
