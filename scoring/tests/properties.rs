//! Properties over generated profiles: bounds, finiteness, monotonicity, counterfactuals.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::select;

use scoring::{
    AnalysisResult, Change, Context, Date, Decision, EmploymentStatus, HousingStatus, Language,
    LoanType, MAX_REASONS, MaritalStatus, Money, Percent, Profile, Quarter, RateType, RuleCode,
    UsuryRow, UsuryTable, analyse, default_annual_rate, default_insurance_rate, explain,
};

/// Upper bounds, in cents, for the generated amounts.
#[derive(Clone, Copy, Debug)]
struct Scale {
    income: i64,
    charges: i64,
    assets: i64,
    loan: i64,
    fees: i64,
}

/// Household finances as lenders see them every day.
const REALISTIC: Scale = Scale {
    income: 2_000_000,
    charges: 500_000,
    assets: 100_000_000,
    loan: 100_000_000,
    fees: 1_000_000,
};

/// Extreme but valid: every amount up to 10^11 cents (one billion euros).
const EXTREME: Scale = Scale {
    income: 100_000_000_000,
    charges: 100_000_000_000,
    assets: 100_000_000_000,
    loan: 100_000_000_000,
    fees: 100_000_000_000,
};

fn date() -> impl Strategy<Value = Date> {
    (1930..=2030i32, 1..=12u8, 1..=31u8)
        .prop_filter_map("an existing date", |(y, m, d)| Date::new(y, m, d))
}

/// Zero, a small amount or anything up to `max` cents.
fn money(max: i64) -> impl Strategy<Value = Money> {
    prop_oneof![Just(0), 0..=max / 100, 0..=max].prop_map(Money::from_cents)
}

fn optional_money(max: i64) -> impl Strategy<Value = Option<Money>> {
    proptest::option::of(money(max))
}

fn percent(max_hundredths: i64) -> impl Strategy<Value = Option<Percent>> {
    proptest::option::of((0..=max_hundredths).prop_map(Percent::from_hundredths))
}

fn profile(scale: Scale) -> impl Strategy<Value = Profile> {
    let identity = (
        date(),
        proptest::option::of(select(vec![
            MaritalStatus::Single,
            MaritalStatus::Married,
            MaritalStatus::Pacs,
            MaritalStatus::Divorced,
            MaritalStatus::Widowed,
        ])),
        1..=2u8,
        0..=15u8,
        select(vec![
            HousingStatus::Owner,
            HousingStatus::Tenant,
            HousingStatus::Hosted,
        ]),
        optional_money(scale.charges),
    );
    let employment = (
        select(vec![
            EmploymentStatus::Cdi,
            EmploymentStatus::Cdd,
            EmploymentStatus::Interim,
            EmploymentStatus::Independent,
            EmploymentStatus::CivilServant,
            EmploymentStatus::Retired,
            EmploymentStatus::Unemployed,
            EmploymentStatus::Student,
        ]),
        proptest::option::of(date()),
        proptest::option::of(any::<bool>()),
    );
    let finances = (
        money(scale.income),
        optional_money(scale.income),
        optional_money(scale.income),
        optional_money(scale.income),
        money(scale.charges),
        optional_money(scale.charges),
        optional_money(scale.assets),
        optional_money(scale.assets),
        optional_money(scale.assets),
    );
    let loan = (
        select(vec![
            LoanType::Mortgage,
            LoanType::Consumer,
            LoanType::Auto,
            LoanType::Personal,
        ]),
        money(scale.loan).prop_map(|m| Money::from_cents(m.cents().max(1))),
        1..=420u16,
        percent(3_000),
        percent(500),
        proptest::option::of(any::<bool>()),
    );
    let history = (
        prop_oneof![Just(false), Just(false), Just(false), Just(true)],
        proptest::option::of(prop_oneof![Just(0u32), 0..=100u32]),
    );
    let costs = (
        optional_money(scale.fees),
        optional_money(scale.fees),
        optional_money(scale.fees),
        select(vec![RateType::Fixed, RateType::Variable]),
    );
    // Boxed: unboxed, the value tree of so large a tuple overflows a test thread's stack.
    (
        identity.boxed(),
        employment.boxed(),
        finances.boxed(),
        loan.boxed(),
        history.boxed(),
        costs.boxed(),
    )
        .prop_map(
            |(
                (birth_date, marital_status, household_adults, dependents, housing_status, rent),
                (employment_status, employment_start_date, trial_period_completed),
                (net, co_borrower, other, rental, existing, charges, savings, down, property),
                (loan_type, loan_amount, loan_duration_months, rate, insurance, deferral),
                (ficp_registered, banking_incidents_12m),
                (application_fees, guarantee_fees, broker_fees, rate_type),
            )| Profile {
                birth_date,
                marital_status,
                household_adults,
                dependents,
                housing_status,
                monthly_rent: rent,
                employment_status,
                employment_start_date,
                trial_period_completed,
                monthly_net_income: net,
                co_borrower_monthly_net_income: co_borrower,
                other_monthly_income: other,
                rental_income: rental,
                existing_loans_monthly_payments: existing,
                other_monthly_charges: charges,
                savings,
                down_payment: down,
                property_value: property,
                loan_type,
                loan_amount,
                loan_duration_months,
                loan_annual_rate: rate,
                insurance_annual_rate: insurance,
                deferral_eligible: deferral,
                ficp_registered,
                banking_incidents_12m,
                application_fees,
                guarantee_fees,
                broker_fees,
                rate_type,
            },
        )
}

fn any_profile() -> impl Strategy<Value = Profile> {
    prop_oneof![profile(REALISTIC), profile(EXTREME)]
}

/// The shipped thresholds, and the same values loaded again for every quarter up to
/// 2030, so that generated dates find a threshold loaded for their quarter.
fn usury_table() -> &'static UsuryTable {
    static TABLE: LazyLock<UsuryTable> = LazyLock::new(|| {
        let shipped = UsuryTable::shipped();
        let latest: Vec<UsuryRow> = shipped
            .rows()
            .iter()
            .filter(|row| row.from == Quarter::of(2026, 1).first_day())
            .copied()
            .collect();
        let quarters = (2026..=2030).flat_map(|year| (1..=4).map(move |q| Quarter::of(year, q)));
        let reloaded = quarters.flat_map(|quarter| {
            latest.iter().map(move |row| UsuryRow {
                from: quarter.first_day(),
                ..*row
            })
        });
        shipped.merged(reloaded.collect::<Vec<_>>())
    });
    &TABLE
}

fn context(day: Date) -> Context<'static> {
    Context::new(day, usury_table())
}

fn as_of() -> impl Strategy<Value = Date> {
    (2026..=2030i32, 1..=12u8, 1..=28u8)
        .prop_filter_map("an existing date", |(y, m, d)| Date::new(y, m, d))
}

/// Which income field gets more, and which charge.
#[derive(Clone, Copy, Debug)]
enum Income {
    Net,
    CoBorrower,
    Other,
    Rental,
}

#[derive(Clone, Copy, Debug)]
enum Charge {
    ExistingLoans,
    OtherCharges,
    Rent,
}

fn add(amount: Option<Money>, extra: Money) -> Option<Money> {
    Some(Money::from_cents(
        amount.unwrap_or(Money::ZERO).cents() + extra.cents(),
    ))
}

fn with_more_income(profile: &Profile, field: Income, extra: Money) -> Profile {
    let mut richer = profile.clone();
    match field {
        Income::Net => {
            richer.monthly_net_income =
                add(Some(profile.monthly_net_income), extra).unwrap_or(profile.monthly_net_income);
        }
        Income::CoBorrower => {
            richer.co_borrower_monthly_net_income =
                add(profile.co_borrower_monthly_net_income, extra);
        }
        Income::Other => richer.other_monthly_income = add(profile.other_monthly_income, extra),
        Income::Rental => richer.rental_income = add(profile.rental_income, extra),
    }
    richer
}

fn with_more_charges(profile: &Profile, field: Charge, extra: Money) -> Profile {
    let mut poorer = profile.clone();
    match field {
        Charge::ExistingLoans => {
            poorer.existing_loans_monthly_payments =
                add(Some(profile.existing_loans_monthly_payments), extra)
                    .unwrap_or(profile.existing_loans_monthly_payments);
        }
        Charge::OtherCharges => {
            poorer.other_monthly_charges = add(profile.other_monthly_charges, extra);
        }
        Charge::Rent => poorer.monthly_rent = add(profile.monthly_rent, extra),
    }
    poorer
}

/// Every number in the result, for the finiteness check.
fn numbers(result: &AnalysisResult) -> Vec<f64> {
    let m = &result.metrics;
    let mut numbers: Vec<f64> = [
        m.effort_rate_before,
        m.effort_rate_after,
        m.loan_to_value,
        m.apr,
    ]
    .into_iter()
    .flatten()
    .collect();
    for rule in &result.rules {
        numbers.extend(rule.value);
        numbers.extend(rule.threshold);
    }
    numbers.extend(result.counterfactuals.iter().map(|c| c.value));
    numbers
}

fn hard_failures(result: &AnalysisResult) -> Vec<&str> {
    result
        .rules
        .iter()
        .filter(|rule| rule.is_hard_fail())
        .map(|rule| rule.message.en.as_str())
        .collect()
}

proptest! {
    #[test]
    fn score_is_within_bounds_and_matches_its_factors(p in any_profile(), day in as_of()) {
        let result = analyse(&p, &context(day));
        prop_assert!(result.score <= 1000);
        let sum: i64 = result.factors.iter().map(|f| i64::from(f.impact)).sum();
        prop_assert_eq!(i64::from(result.score), (600 + sum).clamp(0, 1000));
    }

    #[test]
    fn result_is_finite_and_round_trips_through_json(p in any_profile(), day in as_of()) {
        let result = analyse(&p, &context(day));
        for number in numbers(&result) {
            prop_assert!(number.is_finite(), "{number} in {result:?}");
        }
        let json = serde_json::to_string(&result).expect("serialisable");
        let back: AnalysisResult = serde_json::from_str(&json).expect("reads back");
        prop_assert_eq!(back, result);
    }

    #[test]
    fn every_message_is_written_in_both_languages(p in any_profile(), day in as_of()) {
        let result = analyse(&p, &context(day));
        let texts = result
            .rules
            .iter()
            .map(|r| &r.message)
            .chain(result.factors.iter().map(|f| &f.message))
            .chain(result.counterfactuals.iter().map(|c| &c.effect));
        for text in texts {
            prop_assert!(!text.en.is_empty() && !text.fr.is_empty(), "{:?}", text);
            prop_assert_ne!(&text.en, &text.fr);
            prop_assert!(!text.fr.contains("EUR") && !text.en.contains("EUR"), "{:?}", text);
        }
    }

    #[test]
    fn every_result_is_explained_in_both_languages(
        p in any_profile(),
        day in as_of(),
        final_decision in select(vec![Decision::Favorable, Decision::Review, Decision::Unfavorable]),
    ) {
        let result = analyse(&p, &context(day));
        let [en, fr] = [Language::En, Language::Fr].map(|l| explain(&result, final_decision, l));
        prop_assert!(en.main_reasons.len() <= MAX_REASONS);
        prop_assert_eq!(en.main_reasons.len(), fr.main_reasons.len());
        prop_assert_eq!(en.what_would_change.len(), result.counterfactuals.len());
        for (en, fr) in [(&en.summary, &fr.summary)]
            .into_iter()
            .chain(en.main_reasons.iter().map(|r| &r.message).zip(fr.main_reasons.iter().map(|r| &r.message)))
            .chain(en.what_would_change.iter().zip(&fr.what_would_change))
            .chain(en.rights.iter().zip(&fr.rights))
        {
            prop_assert!(!en.is_empty() && !fr.is_empty());
            prop_assert_ne!(en, fr);
        }
    }

    #[test]
    fn more_income_never_lowers_the_score(
        p in any_profile(),
        day in as_of(),
        field in select(vec![Income::Net, Income::CoBorrower, Income::Other, Income::Rental]),
        extra in money(REALISTIC.income),
    ) {
        let before = analyse(&p, &context(day)).score;
        let after = analyse(&with_more_income(&p, field, extra), &context(day)).score;
        prop_assert!(after >= before, "{field:?} +{extra}: {before} -> {after}");
    }

    #[test]
    fn more_debt_or_charges_never_raise_the_score(
        p in any_profile(),
        day in as_of(),
        field in select(vec![Charge::ExistingLoans, Charge::OtherCharges, Charge::Rent]),
        extra in money(REALISTIC.charges),
    ) {
        let before = analyse(&p, &context(day)).score;
        let after = analyse(&with_more_charges(&p, field, extra), &context(day)).score;
        prop_assert!(after <= before, "{field:?} +{extra}: {before} -> {after}");
    }

    #[test]
    fn every_counterfactual_passes_every_hard_rule(p in any_profile(), day in as_of()) {
        let result = analyse(&p, &context(day));
        if hard_failures(&result).is_empty() {
            prop_assert!(result.counterfactuals.is_empty());
        }
        for counterfactual in &result.counterfactuals {
            let fixed = analyse(&counterfactual.apply_to(&p), &context(day));
            prop_assert!(
                hard_failures(&fixed).is_empty(),
                "{:?} leaves {:?}", counterfactual, hard_failures(&fixed)
            );
        }
    }

    /// When the only trouble is affordability and a 1 000 EUR loan would pass, a smaller
    /// amount is always offered.
    #[test]
    fn an_unaffordable_amount_gets_an_amount_counterfactual(p in profile(REALISTIC), day in as_of()) {
        let result = analyse(&p, &context(day));
        let affordability_only = !hard_failures(&result).is_empty()
            && result.rules.iter().filter(|r| r.is_hard_fail()).all(|r| {
                matches!(r.code, RuleCode::HcsfEffortRate | RuleCode::ResidualIncome)
            });
        let small = Profile { loan_amount: Money::from_euros(1_000), ..p.clone() };
        if affordability_only
            && p.loan_amount > Money::from_euros(1_000)
            && hard_failures(&analyse(&small, &context(day))).is_empty()
        {
            let offered = result
                .counterfactuals
                .iter()
                .find(|c| c.change == Change::LoanAmount);
            prop_assert!(offered.is_some(), "{:?}", result.counterfactuals);
        }
    }
}

/// The nominal annual rate the model prices the loan at, as a fraction.
fn nominal_rate(p: &Profile) -> f64 {
    let months = p.loan_duration_months.max(1);
    p.loan_annual_rate
        .unwrap_or_else(|| default_annual_rate(p.loan_type, months))
        .fraction()
}

fn has_insurance(p: &Profile) -> bool {
    p.insurance_annual_rate
        .unwrap_or_else(|| default_insurance_rate(p.loan_type))
        .hundredths()
        > 0
}

fn fees(p: &Profile) -> Money {
    [p.application_fees, p.guarantee_fees, p.broker_fees]
        .into_iter()
        .flatten()
        .fold(Money::ZERO, |sum, fee| {
            Money::from_cents(sum.cents() + fee.cents().max(0))
        })
}

/// The loan made at least 10 000 EUR over 12 months, so that rounding the payment to the
/// cent moves the TAEG by less than 0.0001, one unit of its last decimal.
fn sizeable(p: Profile) -> Profile {
    Profile {
        loan_amount: p.loan_amount.max(Money::from_euros(10_000)),
        loan_duration_months: p.loan_duration_months.max(12),
        ..p
    }
}

const LAST_DECIMAL: f64 = 0.0001;

proptest! {
    /// No TAEG (fees of the whole amount) counts as the highest.
    #[test]
    fn more_fees_never_lower_the_taeg(
        p in any_profile(),
        day in as_of(),
        extra in (100..=REALISTIC.fees).prop_map(Money::from_cents),
        which in 0..3usize,
    ) {
        let mut dearer = p.clone();
        let fee = [&mut dearer.application_fees, &mut dearer.guarantee_fees, &mut dearer.broker_fees]
            .into_iter()
            .nth(which)
            .expect("three fees");
        *fee = add(*fee, extra);
        let before = analyse(&p, &context(day)).metrics.apr.unwrap_or(f64::INFINITY);
        let after = analyse(&dearer, &context(day)).metrics.apr.unwrap_or(f64::INFINITY);
        prop_assert!(after >= before, "+{extra}: {before} -> {after}");
    }

    #[test]
    fn with_fees_or_insurance_the_taeg_is_at_least_the_nominal_rate(
        p in profile(REALISTIC),
        day in as_of(),
    ) {
        let p = sizeable(p);
        prop_assume!(fees(&p) > Money::ZERO || has_insurance(&p));
        if let Some(apr) = analyse(&p, &context(day)).metrics.apr {
            prop_assert!(apr >= nominal_rate(&p) - LAST_DECIMAL, "{apr} < {}", nominal_rate(&p));
        }
    }

    #[test]
    fn without_fees_or_insurance_the_taeg_is_the_nominal_actuarial_equivalent(
        p in profile(REALISTIC),
        day in as_of(),
    ) {
        let p = sizeable(Profile {
            application_fees: None,
            guarantee_fees: Some(Money::ZERO),
            broker_fees: None,
            insurance_annual_rate: Some(Percent::from_hundredths(0)),
            ..p
        });
        let equivalent = (1.0 + nominal_rate(&p) / 12.0).powi(12) - 1.0;
        let apr = analyse(&p, &context(day)).metrics.apr.expect("a TAEG without fees");
        prop_assert!((apr - equivalent).abs() <= LAST_DECIMAL, "{apr} vs {equivalent}");
    }
}

proptest! {
    // A brute-force reference costs hundreds of analyses per case: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The duration offered is the one closest to the current duration (the shorter on a
    /// tie) among all that pass every hard rule, found here by brute force: the model's
    /// shortcut never skips a passing duration.
    #[test]
    fn the_duration_offered_is_the_closest_that_passes(p in profile(REALISTIC), day in as_of()) {
        let result = analyse(&p, &context(day));
        if hard_failures(&result).is_empty() || p.ficp_registered {
            return Ok(());
        }
        let cap = if p.deferral_eligible == Some(true) { 324 } else { 300 };
        let current = p.loan_duration_months.max(1);
        let passes = |months: u16| {
            let changed = Profile { loan_duration_months: months, ..p.clone() };
            hard_failures(&analyse(&changed, &context(day))).is_empty()
        };
        let expected = (1..=current.max(cap))
            .flat_map(|distance| [current.checked_sub(distance), current.checked_add(distance)])
            .flatten()
            .filter(|months| (1..=cap).contains(months))
            .find(|&months| passes(months));
        let offered = result
            .counterfactuals
            .iter()
            .find(|c| c.change == Change::LoanDurationMonths)
            .map(|c| c.value as u16);
        prop_assert_eq!(offered, expected);
    }
}
