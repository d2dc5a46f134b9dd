//! The categoriser against the labelled set `fixtures/labels.tsv`: accuracy per category
//! and overall, printed, and held to a bar.

use std::collections::BTreeMap;

use bank::{Category, Date, Mcc, Money, Status, Transaction, categorise};

/// The share of the labelled set the categoriser must get right.
const ACCURACY_BAR: f64 = 1.0;

struct Labelled {
    line: usize,
    transaction: Transaction,
    expected: Category,
}

fn labelled_set() -> Vec<Labelled> {
    let text = include_str!("fixtures/labels.tsv");
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(|(index, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            let sign = match fields[0] {
                "+" => 1,
                "-" => -1,
                other => panic!("line {}: sign {other:?}", index + 1),
            };
            let expected = Category::parse(fields[1])
                .unwrap_or_else(|| panic!("line {}: category {:?}", index + 1, fields[1]));
            let counterparty = fields
                .get(3)
                .filter(|text| !text.is_empty())
                .map(|text| text.to_string());
            let mcc = fields
                .get(4)
                .filter(|text| !text.is_empty())
                .map(|text| Mcc::parse(text).unwrap_or_else(|| panic!("line {}: mcc", index + 1)));
            Labelled {
                line: index + 1,
                transaction: Transaction {
                    id: format!("line-{}", index + 1),
                    date: Date::parse("2026-11-02").expect("a date"),
                    amount: Money::from_cents(sign * 4_250),
                    label: fields[2].to_owned(),
                    counterparty,
                    mcc,
                    status: Status::Booked,
                },
                expected,
            }
        })
        .collect()
}

#[test]
fn the_labelled_set_covers_every_category() {
    let set = labelled_set();
    assert!(set.len() >= 300, "{} labels", set.len());
    for category in Category::ALL {
        assert!(
            set.iter()
                .filter(|labelled| labelled.expected == category)
                .count()
                >= 8,
            "{category} has fewer than 8 labels"
        );
    }
}

#[test]
fn categorises_the_labelled_set() {
    let set = labelled_set();
    let mut per_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for labelled in &set {
        let got = categorise(&labelled.transaction);
        let entry = per_category.entry(labelled.expected.as_str()).or_default();
        entry.1 += 1;
        if got.category == labelled.expected {
            entry.0 += 1;
        } else {
            misses.push(format!(
                "line {}: {:?} expected {} got {} ({})",
                labelled.line,
                labelled.transaction.label,
                labelled.expected,
                got.category,
                got.rule
            ));
        }
    }
    println!("category                   right / total");
    for (category, (right, total)) in &per_category {
        println!(
            "{category:<26} {right:>5} / {total:<5} {:>6.1} %",
            100.0 * *right as f64 / *total as f64
        );
    }
    let right: usize = per_category.values().map(|(right, _)| right).sum();
    let accuracy = right as f64 / set.len() as f64;
    println!(
        "overall                    {right:>5} / {:<5} {:>6.1} %",
        set.len(),
        100.0 * accuracy
    );
    for miss in &misses {
        println!("{miss}");
    }
    assert!(
        accuracy >= ACCURACY_BAR,
        "accuracy {accuracy:.4} below {ACCURACY_BAR}: {misses:#?}"
    );
}

#[test]
fn categorisation_is_deterministic_and_names_its_rule() {
    for labelled in labelled_set() {
        let first = categorise(&labelled.transaction);
        assert_eq!(first, categorise(&labelled.transaction));
        assert!(!first.rule.is_empty());
    }
}

fn native_statement(account_type: &str, transactions: serde_json::Value) -> bank::Statement {
    let body = serde_json::json!({
        "account": {"type": account_type, "currency": "EUR", "balance": 100, "balance_date": "2026-11-30"},
        "transactions": transactions,
    });
    bank::parse_statement(&body, Date::parse("2026-12-01").expect("a date"))
        .expect("a valid statement")
}

#[test]
fn a_transfer_between_two_of_the_customers_statements_is_internal() {
    let checking = native_statement(
        "checking",
        serde_json::json!([
            {"date": "2026-11-10", "amount": -300, "label": "VIR SEPA EMIS /A M JEAN DUPONT"},
            {"date": "2026-11-10", "amount": -300, "label": "VIR SEPA EMIS /A M PAUL MARTIN"},
            {"date": "2026-11-12", "amount": -50, "label": "VIR INST EMIS /A LUCAS"},
            {"date": "2026-11-14", "amount": -80, "label": "CB CARREFOUR 14/11"},
        ]),
    );
    let savings = native_statement(
        "savings",
        serde_json::json!([
            {"date": "2026-11-10", "amount": 300, "label": "VIREMENT DE M JEAN DUPONT"},
            {"date": "2026-11-12", "amount": 50, "label": "VIR SEPA RECU", "status": "pending"},
            {"date": "2026-11-14", "amount": 80, "label": "VIREMENT RECU"},
        ]),
    );
    let categorised = bank::categorise_statements(&[checking, savings]);
    let codes = |statement: &[bank::Categorisation]| {
        statement
            .iter()
            .map(|categorisation| (categorisation.category.as_str(), categorisation.rule))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(&categorised[0]),
        [
            ("transfer.internal", "internal.pair"),
            ("transfer.other", "transfer.other"),
            ("transfer.other", "transfer.other"),
            ("everyday", "everyday.groceries"),
        ],
        "one credit pairs with one debit; a pending credit and a card payment never pair"
    );
    assert_eq!(
        codes(&categorised[1]),
        [
            ("transfer.internal", "internal.pair"),
            ("transfer.other", "transfer.other"),
            ("transfer.other", "transfer.other"),
        ]
    );
}

#[test]
fn a_pair_inside_one_statement_is_not_internal() {
    let checking = native_statement(
        "checking",
        serde_json::json!([
            {"date": "2026-11-10", "amount": -300, "label": "VIR SEPA EMIS /A M DUPONT"},
            {"date": "2026-11-10", "amount": 300, "label": "VIR SEPA RECU /DE M DUPONT"},
        ]),
    );
    let categorised = bank::categorise_statements(&[checking]);
    assert!(
        categorised[0]
            .iter()
            .all(|categorisation| categorisation.category == Category::TransferOther)
    );
}

#[test]
fn the_statement_detail_shows_each_transaction_as_sent_with_its_category() {
    let statement = native_statement(
        "checking",
        serde_json::json!([{"id": "t1", "date": "2026-11-10", "amount": -42.5, "label": "PRLV SEPA COFIDIS ECH 11/26", "mcc": "6012"}]),
    );
    let categorised = bank::categorise_statements(std::slice::from_ref(&statement));
    let detail = bank::categorised_transactions(&statement, &categorised[0]);
    assert_eq!(
        serde_json::to_value(&detail).expect("serialisable"),
        serde_json::json!([{
            "id": "t1", "date": "2026-11-10", "amount": -42.5, "label": "PRLV SEPA COFIDIS ECH 11/26",
            "counterparty": null, "mcc": "6012", "status": "booked", "category": "credit.repayment", "rule": "credit.cofidis",
        }])
    );
}
