//! The insights, each figure computed by hand (the arithmetic is in the comments).

use bank::{Date, Insights, Money, Ratio, Statement, insights, parse_statement};
use serde_json::{Value, json};

fn today() -> Date {
    Date::parse("2026-12-01").expect("a valid date")
}

#[track_caller]
fn statement(
    account_type: &str,
    balance: f64,
    balance_date: &str,
    transactions: Value,
) -> Statement {
    let body = json!({
        "account": {"type": account_type, "currency": "EUR", "balance": balance, "balance_date": balance_date},
        "transactions": transactions,
    });
    match parse_statement(&body, today()) {
        Ok(statement) => statement,
        Err(problems) => panic!("{:#?}", problems.problems),
    }
}

fn euros(cents: i64) -> Money {
    Money::from_cents(cents)
}

#[track_caller]
fn insights_of(statements: &[Statement]) -> Insights {
    insights(statements).expect("at least one statement")
}

/// A checking account from 20 August to 20 November 2026 (September and October are the
/// full months), and a savings account beside it.
fn checking_and_savings() -> [Statement; 2] {
    let checking = statement(
        "checking",
        812.00,
        "2026-11-20",
        json!([
            {"date": "2026-08-20", "amount": 100.00, "label": "VIR SEPA RECU /DE M X /MOTIF CADEAU"},
            {"date": "2026-09-01", "amount": 2000.00, "label": "VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE SEPTEMBRE"},
            {"date": "2026-09-05", "amount": -700.00, "label": "PRLV SEPA FONCIA LOYER SEPTEMBRE"},
            {"date": "2026-09-10", "amount": -150.00, "label": "PRLV SEPA COFIDIS ECH 09/26"},
            {"date": "2026-09-12", "amount": 300.00, "label": "VIR SEPA RECU /DE CAF DE PARIS /MOTIF PRESTATIONS FAMILIALES"},
            {"date": "2026-09-15", "amount": -50.00, "label": "CB FDJ 15/09"},
            {"date": "2026-09-20", "amount": -100.00, "label": "RETRAIT DAB 20/09 PARIS"},
            {"date": "2026-09-25", "amount": -200.00, "label": "VIR SEPA EMIS /A M DUPONT JEAN"},
            {"date": "2026-10-01", "amount": 2000.00, "label": "VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE OCTOBRE"},
            {"date": "2026-10-05", "amount": -700.00, "label": "PRLV SEPA FONCIA LOYER OCTOBRE"},
            {"date": "2026-10-10", "amount": -150.00, "label": "PRLV SEPA COFIDIS ECH 10/26"},
            {"date": "2026-10-12", "amount": 300.00, "label": "VIR SEPA RECU /DE CAF DE PARIS /MOTIF PRESTATIONS FAMILIALES"},
            {"date": "2026-10-14", "amount": 400.00, "label": "VIR SEPA RECU /DE M MARTIN /MOTIF LOYER OCTOBRE"},
            {"date": "2026-10-20", "amount": -3500.00, "label": "CB LEROY MERLIN 20/10"},
            {"date": "2026-10-22", "amount": -8.00, "label": "COMMISSION D'INTERVENTION"},
            {"date": "2026-10-23", "amount": 150.00, "label": "REJET PRLV SEPA COFIDIS"},
            {"date": "2026-10-23", "amount": -20.00, "label": "FRAIS REJET PRLV"},
            {"date": "2026-10-25", "amount": -100.00, "label": "VIR LIVRET A"},
            {"date": "2026-11-02", "amount": 2000.00, "label": "VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE NOVEMBRE"},
            {"date": "2026-11-05", "amount": -700.00, "label": "PRLV SEPA FONCIA LOYER NOVEMBRE"},
            {"date": "2026-11-10", "amount": -60.00, "label": "CB CARREFOUR MARKET 10/11"},
            {"date": "2026-11-18", "amount": -45.00, "label": "CB SNCF 18/11", "status": "pending"},
        ]),
    );
    let savings = statement(
        "savings",
        1200.00,
        "2026-11-20",
        json!([
            {"date": "2026-09-25", "amount": 200.00, "label": "VIREMENT DE M DUPONT JEAN"},
            {"date": "2026-10-31", "amount": 12.00, "label": "INTERETS CREDITEURS"},
        ]),
    );
    [checking, savings]
}

#[test]
fn the_period_and_its_full_months() {
    let found = insights_of(&checking_and_savings());
    // From the earliest transaction, 20 August, to the latest balance date, 20 November:
    // 31 + 30 + 31 days from 20 August to 20 November, plus the first day = 93 days.
    assert_eq!(
        found.period.from,
        Date::parse("2026-08-20").expect("a date")
    );
    assert_eq!(found.period.to, Date::parse("2026-11-20").expect("a date"));
    assert_eq!(found.period.days, 93);
    // August starts on the 20th and November ends on the 20th: September and October.
    assert_eq!(found.period.full_months, 2);
    let months: Vec<String> = found
        .monthly
        .iter()
        .map(|row| row.month.to_string())
        .collect();
    assert_eq!(months, ["2026-09", "2026-10"]);
}

#[test]
fn monthly_income_spending_and_end_balances() {
    let found = insights_of(&checking_and_savings());
    let [september, october] = found.monthly.as_slice() else {
        panic!("two full months");
    };
    // September income: salary 2 000 + CAF 300 = 2 300.00.
    assert_eq!(september.income, euros(230_000));
    // October income: 2 000 + 300 + 70 % of the 400 rent received (280) = 2 580.00;
    // the savings interest (income.other) is not observed income.
    assert_eq!(october.income, euros(258_000));
    // September spending: rent 700 + Cofidis 150 + FDJ 50 + cash 100 = 1 000.00; the 200
    // sent on 25 September is the savings account's 200 received that day: internal.
    assert_eq!(september.spending, euros(100_000));
    // October spending: 700 + 150 + 3 500 + 8 + 20 = 4 378.00; the 100 to the Livret A is
    // internal.
    assert_eq!(october.spending, euros(437_800));
    // Checking balances, rebuilt from 812.00 on 20 November: the booked amounts after
    // 30 September add up to 2 000 − 700 − 150 + 300 + 400 − 3 500 − 8 + 150 − 20 − 100
    // + 2 000 − 700 − 60 = −388, so 30 September ends at 812 + 388 = 1 200.00; after
    // 31 October they add up to 2 000 − 700 − 60 = 1 240, so 31 October ends at −428.00.
    // The savings account does not count.
    assert_eq!(september.end_balance, Some(euros(120_000)));
    assert_eq!(october.end_balance, Some(euros(-42_800)));
}

#[test]
fn income_averages_categories_and_recurring_sources() {
    let found = insights_of(&checking_and_savings());
    // (2 300 + 2 580) / 2 = 2 440.00.
    assert_eq!(found.income.monthly_average, euros(244_000));
    let by_category = serde_json::to_value(&found.income.by_category).expect("serialisable");
    // Salary (2 000 + 2 000) / 2, CAF (300 + 300) / 2, rent received 400 / 2 (unweighted),
    // interest 12 / 2.
    assert_eq!(
        by_category,
        json!({
            "income.salary": 2000.0, "income.benefits": 300.0, "income.pension": 0.0,
            "income.rental": 200.0, "income.other": 6.0,
        })
    );
    // Two full months: a source must credit in both. ACME and the CAF do; Mr Martin's rent
    // and the interest came once.
    let sources = serde_json::to_value(&found.income.recurring_sources).expect("serialisable");
    assert_eq!(
        sources,
        json!([
            {"counterparty": "ACME SAS", "category": "income.salary", "monthly_average": 2000.0, "months_seen": 2},
            {"counterparty": "CAF DE PARIS", "category": "income.benefits", "monthly_average": 300.0, "months_seen": 2},
        ])
    );
}

#[test]
fn charges_cash_and_gambling() {
    let found = insights_of(&checking_and_savings());
    // Rent (700 + 700) / 2; Cofidis (150 + 150) / 2.
    assert_eq!(found.charges.housing_monthly, euros(70_000));
    assert_eq!(found.charges.credit_repayments_monthly, euros(15_000));
    assert_eq!(found.charges.lenders, ["COFIDIS"]);
    // One withdrawal of 100 over two months.
    assert_eq!(found.cash_withdrawals_monthly, euros(5_000));
    // FDJ 50 over two months = 25.00; 25 / 2 440 = 0.010245… → 0.0102.
    assert_eq!(found.gambling.monthly_average, euros(2_500));
    assert_eq!(
        found.gambling.share_of_income,
        Ratio::from_ten_thousandths(102)
    );
    assert_eq!(found.categoriser_version, bank::CATEGORISER_VERSION);
}

#[test]
fn the_90_day_window() {
    let found = insights_of(&checking_and_savings());
    // The window is 23 August to 20 November. The checking balance is below zero from
    // the 3 500 purchase on 20 October (1 200 + 2 000 − 700 − 150 + 300 + 400 − 3 500 =
    // −450) until the salary of 2 November: 20-21 October −450, 22 October −458 (the
    // 8.00 commission), 23-24 October −328 (+150 rejected, −20 fee), 25 October to
    // 1 November −428 (−100 to the Livret A): 2 + 1 + 2 + 8 = 13 days.
    assert_eq!(found.overdraft_days_90d, 13);
    assert_eq!(found.lowest_balance_90d, Some(euros(-45_800)));
    // REJET PRLV SEPA COFIDIS; COMMISSION D'INTERVENTION and FRAIS REJET PRLV.
    assert_eq!(found.rejected_payments_90d, 1);
    assert_eq!(found.bank_fees_90d, 2);
}

#[test]
fn the_evidence_for_the_model() {
    let evidence = insights_of(&checking_and_savings()).evidence();
    assert_eq!(evidence.coverage_days, 93);
    assert_eq!(evidence.full_months, 2);
    assert_eq!(evidence.observed_monthly_income, euros(244_000));
    assert_eq!(evidence.observed_credit_repayments, euros(15_000));
    assert_eq!(evidence.overdraft_days_90d, 13);
    assert_eq!(evidence.rejected_payments_90d, 1);
    assert_eq!(evidence.gambling_share_ten_thousandths, 102);
}

#[test]
fn a_statement_of_less_than_three_months() {
    let short = statement(
        "checking",
        3000.00,
        "2026-11-20",
        json!([
            {"date": "2026-09-10", "amount": 1800.00, "label": "VIR SALAIRE SEPTEMBRE ACME"},
            {"date": "2026-10-01", "amount": 1800.00, "label": "VIR SALAIRE OCTOBRE ACME"},
            {"date": "2026-10-15", "amount": -50.00, "label": "CB PMU 15/10"},
            {"date": "2026-11-01", "amount": 1800.00, "label": "VIR SALAIRE NOVEMBRE ACME"},
        ]),
    );
    let found = insights_of(&[short]);
    // 10 September to 20 November: 20 + 31 + 20 days, plus the first = 72; October only.
    assert_eq!((found.period.days, found.period.full_months), (72, 1));
    assert_eq!(found.monthly.len(), 1);
    assert_eq!(
        (found.monthly[0].income, found.monthly[0].spending),
        (euros(180_000), euros(5_000))
    );
    assert_eq!(found.income.monthly_average, euros(180_000));
    // One full month: nothing can be seen recurring.
    assert!(found.income.recurring_sources.is_empty());
    // 50 / 1 800 = 0.02777… → 0.0278.
    assert_eq!(
        found.gambling.share_of_income,
        Ratio::from_ten_thousandths(278)
    );
    // Opening balance 3 000 − (1 800 + 1 800 − 50 + 1 800) = −2 350. The window (23 August
    // to 20 November) starts at the statement's first day, 10 September, which ends at
    // −2 350 + 1 800 = −550 until the salary of 1 October: 21 days.
    assert_eq!(found.overdraft_days_90d, 21);
    assert_eq!(found.lowest_balance_90d, Some(euros(-55_000)));
    // −550 + 1 800 − 50 at the end of October.
    assert_eq!(found.monthly[0].end_balance, Some(euros(120_000)));
    assert!(
        found.evidence().coverage_days < 90,
        "BANK_DATA_COVERAGE would not pass"
    );
}

#[test]
fn a_statement_with_no_full_month() {
    let found = insights_of(&[statement(
        "checking",
        2000.00,
        "2026-11-20",
        json!([{"date": "2026-11-03", "amount": 2000.00, "label": "VIR SEPA RECU /DE ACME /MOTIF SALAIRE"}]),
    )]);
    // 3 to 20 November: 18 days, no full month, so every average is 0.
    assert_eq!((found.period.days, found.period.full_months), (18, 0));
    assert!(found.monthly.is_empty());
    assert_eq!(found.income.monthly_average, Money::ZERO);
    assert!(
        found
            .income
            .by_category
            .values()
            .all(|average| *average == Money::ZERO)
    );
    assert_eq!(
        found.gambling.share_of_income,
        Ratio::from_ten_thousandths(0)
    );
    // The balance is 2 000 from 3 November on (0 before, outside the window).
    assert_eq!(
        (found.overdraft_days_90d, found.lowest_balance_90d),
        (0, Some(euros(200_000)))
    );
}

#[test]
fn without_a_checking_account_there_is_no_balance_to_watch() {
    let found = insights_of(&[statement(
        "savings",
        -10.00,
        "2026-11-20",
        json!([{"date": "2026-09-01", "amount": -10.00, "label": "VIR SEPA EMIS /A M X"}]),
    )]);
    assert_eq!(found.overdraft_days_90d, 0);
    assert_eq!(found.lowest_balance_90d, None);
    assert!(found.monthly.iter().all(|row| row.end_balance.is_none()));
}

#[test]
fn gambling_without_income_is_capped() {
    let found = insights_of(&[statement(
        "checking",
        0.0,
        "2026-11-30",
        json!([
            {"date": "2026-09-30", "amount": 20.00, "label": "VIR SEPA RECU /DE M X"},
            {"date": "2026-10-03", "amount": -20.00, "label": "CB WINAMAX 03/10"},
        ]),
    )]);
    // October and November are full; 20 / 2 = 10.00 a month against no income.
    assert_eq!(found.gambling.monthly_average, euros(1_000));
    assert_eq!(found.gambling.share_of_income, Ratio::CAP);
}

#[test]
fn no_statement_has_no_insights() {
    assert!(insights(&[]).is_none());
}

#[test]
fn the_insights_serialise_as_the_contract_names_them() {
    let found = serde_json::to_value(insights_of(&checking_and_savings())).expect("serialisable");
    let keys: Vec<&str> = found
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "bank_fees_90d",
            "cash_withdrawals_monthly",
            "categoriser_version",
            "charges",
            "gambling",
            "income",
            "lowest_balance_90d",
            "monthly",
            "overdraft_days_90d",
            "period",
            "rejected_payments_90d",
        ]
    );
    assert_eq!(
        found["period"],
        json!({"from": "2026-08-20", "to": "2026-11-20", "days": 93, "full_months": 2})
    );
    assert_eq!(
        found["monthly"][0],
        json!({"month": "2026-09", "income": 2300.0, "spending": 1000.0, "end_balance": 1200.0})
    );
    assert_eq!(
        found["gambling"],
        json!({"monthly_average": 25.0, "share_of_income": 0.0102})
    );
    assert_eq!(
        found["charges"],
        json!({"housing_monthly": 700.0, "credit_repayments_monthly": 150.0, "lenders": ["COFIDIS"]})
    );
}
