//! The standards' own examples, and one French account written in the three formats.

use bank::{
    Category, Date, Format, Money, Ratio, Statement, Status, categorise_statements, insights,
    parse_statement,
};
use serde_json::Value;

fn date(text: &str) -> Date {
    Date::parse(text).expect("a valid date")
}

#[track_caller]
fn read(text: &str, today: &str) -> Statement {
    let body: Value = serde_json::from_str(text).expect("valid JSON");
    match parse_statement(&body, date(today)) {
        Ok(statement) => statement,
        Err(problems) => panic!("{:#?}", problems.problems),
    }
}

#[test]
fn the_stet_examples_read_in_both_remittance_shapes() {
    for text in [
        include_str!("fixtures/stet_v1.4.0_example.json"),
        include_str!("fixtures/stet_v1.4.2_example.json"),
    ] {
        let statement = read(text, "2018-02-15");
        assert_eq!(statement.format, Format::Stet);
        assert_eq!(statement.account.balance, Money::from_cents(12_345));
        assert_eq!(
            statement.account.balance_date,
            date("2018-02-12"),
            "no referenceDate: the latest booked transaction's date"
        );
        let [transaction] = statement.transactions.as_slice() else {
            panic!("one transaction");
        };
        assert_eq!(transaction.id, "AF5T2");
        assert_eq!(transaction.amount, Money::from_cents(1_225));
        assert_eq!(transaction.date, date("2018-02-12"));
        assert_eq!(transaction.label, "SEPA CREDIT TRANSFER from PSD2Company");
        assert_eq!(transaction.status, Status::Booked);
    }
}

#[test]
fn the_berlin_group_example_reads() {
    let statement = read(
        include_str!("fixtures/berlin_group_example.json"),
        "2017-10-26",
    );
    assert_eq!(
        statement.account.balance,
        Money::from_cents(50_000),
        "closingBooked"
    );
    assert_eq!(statement.account.balance_date, date("2017-10-25"));
    let read: Vec<(&str, i64, &str, Option<&str>, Status)> = statement
        .transactions
        .iter()
        .map(|transaction| {
            (
                transaction.id.as_str(),
                transaction.amount.cents(),
                transaction.label.as_str(),
                transaction.counterparty.as_deref(),
                transaction.status,
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                "1234567",
                -25_667,
                "Example 1",
                Some("John Miles"),
                Status::Booked
            ),
            (
                "1234568",
                34_301,
                "Example 2",
                Some("Paul Simpson"),
                Status::Booked
            ),
            (
                "1234569",
                -10_003,
                "Example 3",
                Some("Claude Renault"),
                Status::Pending
            ),
        ]
    );
    assert_eq!(
        statement.transactions[2].date,
        date("2017-10-26"),
        "pending: the value date"
    );
}

fn french_account() -> [Statement; 3] {
    let today = "2026-12-01";
    [
        read(include_str!("fixtures/french_account.native.json"), today),
        read(include_str!("fixtures/french_account.stet.json"), today),
        read(
            include_str!("fixtures/french_account.berlin_group.json"),
            today,
        ),
    ]
}

#[test]
fn the_three_formats_give_the_same_statement() {
    let [native, stet, berlin_group] = french_account();
    assert_eq!(
        (native.format, stet.format, berlin_group.format),
        (Format::Native, Format::Stet, Format::BerlinGroup)
    );
    assert_eq!(native.account, stet.account);
    assert_eq!(native.account, berlin_group.account);
    assert_eq!(native.transactions.len(), 60);
    assert_eq!(native.transactions, stet.transactions);
    assert_eq!(native.transactions, berlin_group.transactions);
    assert_eq!(native.summary().period, stet.summary().period);
}

#[test]
fn the_three_formats_give_the_same_insights() {
    let [native, stet, berlin_group] = french_account();
    let categories = |statement: &Statement| categorise_statements(std::slice::from_ref(statement));
    assert_eq!(categories(&native), categories(&stet));
    assert_eq!(categories(&native), categories(&berlin_group));
    let found = insights(std::slice::from_ref(&native)).expect("a statement");
    assert_eq!(Some(&found), insights(&[stet]).as_ref());
    assert_eq!(Some(&found), insights(&[berlin_group]).as_ref());

    // Checked by hand: August, September and October are the full months.
    assert_eq!((found.period.days, found.period.full_months), (120, 3));
    // Salary 2 145.60 + the CAF's prime d'activité 186.42 every month.
    assert_eq!(found.income.monthly_average, Money::from_cents(233_202));
    assert_eq!(found.charges.housing_monthly, Money::from_cents(78_000));
    // The rejected October instalment was still debited: 142.37 a month.
    assert_eq!(
        found.charges.credit_repayments_monthly,
        Money::from_cents(14_237)
    );
    assert_eq!(found.charges.lenders, ["COFIDIS"]);
    assert_eq!(found.cash_withdrawals_monthly, Money::from_cents(6_000));
    // 10.00 of FDJ a month: 10 / 2 332.02 = 0.00428… → 0.0043.
    assert_eq!(found.gambling.monthly_average, Money::from_cents(1_000));
    assert_eq!(
        found.gambling.share_of_income,
        Ratio::from_ten_thousandths(43)
    );
    assert_eq!((found.rejected_payments_90d, found.bank_fees_90d), (1, 2));
    let recurring: Vec<(&str, Category, u32)> = found
        .income
        .recurring_sources
        .iter()
        .map(|source| {
            (
                source.counterparty.as_str(),
                source.category,
                source.months_seen,
            )
        })
        .collect();
    assert_eq!(
        recurring,
        [
            ("LOGISTIQUE RHONE SAS", Category::IncomeSalary, 3),
            ("CAF DU RHONE", Category::IncomeBenefits, 3),
        ]
    );
}
