//! Categorising 5 000 transactions, the most one statement holds: the labelled set's
//! labels, repeated, with their signs, counterparties and MCCs.

use std::hint::black_box;

use bank::{Date, Mcc, Money, Status, Transaction, categorise, categorise_statements};
use criterion::{Criterion, criterion_group, criterion_main};

fn transactions() -> Vec<Transaction> {
    let labelled: Vec<Vec<&str>> = include_str!("../tests/fixtures/labels.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').collect())
        .collect();
    let date = Date::parse("2026-11-02").unwrap_or_else(|| unreachable!());
    (0..bank::MAX_TRANSACTIONS)
        .map(|index| {
            let fields = &labelled[index % labelled.len()];
            let sign = if fields[0] == "+" { 1 } else { -1 };
            Transaction {
                id: format!("tx-{index}"),
                date,
                amount: Money::from_cents(sign * (1_000 + index as i64)),
                label: fields[2].to_owned(),
                counterparty: fields
                    .get(3)
                    .filter(|text| !text.is_empty())
                    .map(|text| text.to_string()),
                mcc: fields.get(4).and_then(|text| Mcc::parse(text)),
                status: Status::Booked,
            }
        })
        .collect()
}

fn bench(criterion: &mut Criterion) {
    let transactions = transactions();
    criterion.bench_function("categorise 5000 transactions", |bencher| {
        bencher.iter(|| {
            for transaction in &transactions {
                black_box(categorise(black_box(transaction)));
            }
        })
    });
    criterion.bench_function("normalise 5000 labels", |bencher| {
        bencher.iter(|| {
            for transaction in &transactions {
                black_box(bank::label::normalise(black_box(&transaction.label)));
            }
        })
    });
    let body = serde_json::json!({
        "account": {"type": "checking", "currency": "EUR", "balance": 0, "balance_date": "2026-11-30"},
        "transactions": [],
    });
    let mut statement =
        bank::parse_statement(&body, date_of("2026-12-01")).unwrap_or_else(|_| unreachable!());
    statement.transactions = transactions;
    let statements = [statement];
    criterion.bench_function(
        "categorise_statements 5000 transactions with pairing",
        |bencher| bencher.iter(|| black_box(categorise_statements(black_box(&statements)))),
    );
}

fn date_of(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| unreachable!())
}

criterion_group!(benches, bench);
criterion_main!(benches);
