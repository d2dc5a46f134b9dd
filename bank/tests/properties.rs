//! Properties over generated input: the parser never panics on any JSON value, the
//! categoriser is total and deterministic, and the insights never panic and agree with
//! themselves.

use bank::{
    Category, Date, Mcc, Money, Status, Transaction, categorise, insights, parse_statement,
};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

fn today() -> Date {
    Date::parse("2026-12-01").expect("a valid date")
}

/// Numbers at every edge a JSON parser gives back.
fn number() -> impl Strategy<Value = Value> {
    let edges: Vec<Value> = [
        "0",
        "-0.0",
        "1e308",
        "-1e308",
        "5e-324",
        "1e27",
        "1e-7",
        "18446744073709551616",
        "18446744073709551615",
        "-9223372036854775808",
        "9223372036854775807",
        "999999999.99",
        "1000000000",
        "12.345",
        "0.1",
        "12.5",
        "-256.67",
    ]
    .iter()
    .filter_map(|text| serde_json::from_str(text).ok())
    .collect();
    prop_oneof![
        select(edges),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |float| serde_json::Number::from_f64(float)
            .map(Value::Number)),
    ]
}

/// Strings that mean something to one format or another, and strings that mean nothing.
fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "",
            "native",
            "stet",
            "berlin_group",
            "EUR",
            "USD",
            "CLBD",
            "XPCD",
            "closingBooked",
            "interimBooked",
            "BOOK",
            "PDNG",
            "FUTR",
            "CRDT",
            "DBIT",
            "booked",
            "pending",
            "checking",
            "savings",
            "2026-11-30",
            "2026-02-30",
            "2024-01-01",
            "2026-11-30T10:00:00Z",
            "12.50",
            "-12.50",
            "1e3",
            "1234567890123456789012345678901234567890",
            "5411",
            "0",
            "-",
            ".",
            "Échéance prêt",
            "💶",
            "\u{0}",
            "é\u{301}",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
        "[0-9.\\-eE+]{0,45}",
    ]
}

const KEYS: &[&str] = &[
    "format",
    "account",
    "type",
    "currency",
    "balance",
    "balance_date",
    "transactions",
    "id",
    "date",
    "amount",
    "label",
    "counterparty",
    "mcc",
    "status",
    "balances",
    "balanceType",
    "balanceAmount",
    "referenceDate",
    "lastChangeDateTime",
    "entryReference",
    "resourceId",
    "transactionAmount",
    "creditDebitIndicator",
    "bookingDate",
    "valueDate",
    "transactionDate",
    "expectedBookingDate",
    "remittanceInformation",
    "unstructured",
    "relatedParties",
    "creditor",
    "debtor",
    "name",
    "booked",
    "pending",
    "transactionId",
    "creditorName",
    "debtorName",
    "remittanceInformationUnstructured",
    "remittanceInformationUnstructuredArray",
    "merchantCategoryCode",
    "extra",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        string().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((select(KEYS.to_vec()), inner), 0..8).prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(key, value)| (key.to_owned(), value))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// Every JSON pointer of `value`'s members and items.
fn pointers(value: &Value, at: String, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, member) in object {
                let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                found.push(pointer.clone());
                pointers(member, pointer, found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let pointer = format!("{at}/{index}");
                found.push(pointer.clone());
                pointers(item, pointer, found);
            }
        }
        _ => {}
    }
}

fn fixtures() -> Vec<Value> {
    [
        include_str!("fixtures/french_account.native.json"),
        include_str!("fixtures/french_account.stet.json"),
        include_str!("fixtures/french_account.berlin_group.json"),
        include_str!("fixtures/berlin_group_example.json"),
        include_str!("fixtures/stet_v1.4.0_example.json"),
    ]
    .iter()
    .map(|text| serde_json::from_str(text).expect("valid JSON"))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_json_value_is_read_or_refused_never_a_panic(body in json_value()) {
        let _ = parse_statement(&body, today());
        let mut wrapped = json!({"format": "native", "account": body.clone(), "transactions": [body.clone()]});
        let _ = parse_statement(&wrapped, today());
        for format in ["stet", "berlin_group"] {
            wrapped = json!({"format": format, "balances": {"balances": [body.clone()]},
                             "transactions": {"transactions": [body.clone()], "account": body.clone()}});
            let _ = parse_statement(&wrapped, today());
            wrapped["transactions"]["transactions"] = json!({"booked": [body.clone()], "pending": body.clone()});
            let _ = parse_statement(&wrapped, today());
        }
    }

    /// A real document with one member or item replaced by anything: read or refused, and
    /// every problem points into the document.
    #[test]
    fn a_damaged_document_is_refused_with_pointers(
        which in 0usize..5,
        choice in any::<prop::sample::Index>(),
        replacement in json_value(),
    ) {
        let mut body = fixtures().swap_remove(which);
        let mut all = Vec::new();
        pointers(&body, String::new(), &mut all);
        let pointer = choice.get(&all).clone();
        if let Some(target) = body.pointer_mut(&pointer) {
            *target = replacement;
        }
        if let Err(problems) = parse_statement(&body, Date::parse("2026-12-01").expect("a date")) {
            prop_assert!(!problems.problems.is_empty());
            prop_assert!(problems.problems.len() <= bank::MAX_PROBLEMS + 1);
            for problem in &problems.problems {
                prop_assert!(problem.pointer.is_empty() || problem.pointer.starts_with('/'));
            }
        }
    }

    #[test]
    fn categorisation_is_total_and_deterministic(
        label in any::<String>(),
        counterparty in proptest::option::of(any::<String>()),
        mcc in proptest::option::of(0u16..=9_999),
        cents in prop_oneof![Just(0i64), -1_000_000i64..1_000_000, any::<i64>()],
    ) {
        let transaction = Transaction {
            id: "t".to_owned(),
            date: today(),
            amount: Money::from_cents(cents),
            label,
            counterparty,
            mcc: mcc.and_then(Mcc::new),
            status: Status::Booked,
        };
        let first = categorise(&transaction);
        prop_assert!(Category::ALL.contains(&first.category));
        prop_assert!(!first.rule.is_empty());
        prop_assert_eq!(first, categorise(&transaction));
    }
}

const LABELS: &[&str] = &[
    "VIR SEPA RECU /DE ACME SAS /MOTIF SALAIRE",
    "VIR SEPA RECU /DE CAF DE PARIS /MOTIF PRESTATIONS",
    "VIR SEPA RECU /DE M MARTIN /MOTIF LOYER",
    "VIR SEPA RECU /DE CARSAT /MOTIF RETRAITE",
    "PRLV SEPA FONCIA LOYER",
    "PRLV SEPA COFIDIS ECH",
    "CB CARREFOUR MARKET",
    "CB FDJ",
    "RETRAIT DAB",
    "VIR LIVRET A",
    "REJET PRLV SEPA EDF",
    "FRAIS REJET PRLV",
    "VIR SEPA EMIS /A M DUPONT",
    "INTERETS CREDITEURS",
];

/// A statement of `transactions` (day offset before 30 November, cents, label, pending).
fn statement_of(
    account_type: &str,
    balance: i64,
    transactions: &[(i64, i64, usize, bool)],
) -> bank::Statement {
    let end = Date::parse("2026-11-30")
        .expect("a date")
        .days_since_epoch();
    let items: Vec<Value> = transactions
        .iter()
        .map(|&(offset, cents, label, pending)| {
            let date = Date::from_days_since_epoch(end - offset).expect("a date");
            json!({
                "date": date.to_string(),
                "amount": serde_json::from_str::<Value>(&euros(cents)).expect("a number"),
                "label": LABELS[label % LABELS.len()],
                "status": if pending { "pending" } else { "booked" },
            })
        })
        .collect();
    let body = json!({
        "account": {"type": account_type, "currency": "EUR", "balance": serde_json::from_str::<Value>(&euros(balance)).expect("a number"), "balance_date": "2026-11-30"},
        "transactions": items,
    });
    parse_statement(&body, today()).expect("a generated statement is valid")
}

/// Cents as the text of a JSON number of euros: `-5` is `-0.05`.
fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        cents.unsigned_abs() / 100,
        cents.unsigned_abs() % 100
    )
}

fn transactions() -> impl Strategy<Value = Vec<(i64, i64, usize, bool)>> {
    prop::collection::vec(
        (
            0i64..700,
            -500_000i64..500_000,
            0usize..LABELS.len(),
            any::<bool>(),
        ),
        0..80,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn insights_never_panic_and_agree_with_themselves(
        checking in transactions(),
        savings in transactions(),
        balances in (-10_000_000i64..10_000_000, 0i64..10_000_000),
    ) {
        let statements = [
            statement_of("checking", balances.0, &checking),
            statement_of("savings", balances.1, &savings),
        ];
        let found = insights(&statements).expect("two statements");
        let full_months = i128::from(found.period.full_months);
        prop_assert_eq!(found.monthly.len() as i128, full_months);
        prop_assert!(found.period.days >= 1);
        if full_months > 0 {
            let total: i128 = found.monthly.iter().map(|row| i128::from(row.income.cents())).sum();
            let average = i128::from(found.income.monthly_average.cents());
            prop_assert!((total - average * full_months).abs() <= full_months, "average {} of {}", average, total);
        } else {
            prop_assert_eq!(found.income.monthly_average, Money::ZERO);
        }
        prop_assert!(found.monthly.iter().all(|row| row.spending >= Money::ZERO && row.end_balance.is_some()));
        prop_assert!(i64::from(found.overdraft_days_90d) <= found.period.days.min(90));
        prop_assert!(found.lowest_balance_90d.is_some());
        prop_assert!(found.gambling.share_of_income <= bank::Ratio::CAP);
        prop_assert!(found.income.recurring_sources.iter().all(|source| i128::from(source.months_seen) <= full_months));
        let evidence = found.evidence();
        prop_assert_eq!(evidence.full_months, found.period.full_months);
        prop_assert_eq!(evidence.observed_monthly_income, found.income.monthly_average);
    }
}
