//! Statement documents: what each format reads, and every way a document is refused.

use bank::{
    AccountType, Date, Format, Money, ProblemCode, Problems, Statement, Status, parse_statement,
};
use serde_json::{Value, json};

fn today() -> Date {
    Date::parse("2026-12-01").expect("a valid date")
}

#[track_caller]
fn parse(body: Value) -> Statement {
    match parse_statement(&body, today()) {
        Ok(statement) => statement,
        Err(problems) => panic!("expected a statement, got {:#?}", problems.problems),
    }
}

#[track_caller]
fn problems(body: Value) -> Problems {
    parse_statement(&body, today()).expect_err("expected problems")
}

fn native(transactions: Value) -> Value {
    json!({
        "format": "native",
        "account": {"type": "checking", "currency": "EUR", "balance": 1520.35, "balance_date": "2026-11-30"},
        "transactions": transactions,
    })
}

fn stet(transactions: Value) -> Value {
    json!({
        "format": "stet",
        "balances": {"balances": [
            {"name": "Solde comptable", "balanceAmount": {"currency": "EUR", "amount": "-123.45"},
             "balanceType": "CLBD", "referenceDate": "2026-11-30"},
            {"balanceAmount": {"currency": "EUR", "amount": "99.00"}, "balanceType": "XPCD"}
        ]},
        "transactions": {"transactions": transactions},
    })
}

fn berlin_group(booked: Value, pending: Value) -> Value {
    json!({
        "format": "berlin_group",
        "balances": {"account": {"iban": "FR7612345987650123456789014"}, "balances": [
            {"balanceType": "closingBooked", "balanceAmount": {"currency": "EUR", "amount": "500.00"},
             "referenceDate": "2026-11-30"},
            {"balanceType": "expected", "balanceAmount": {"currency": "EUR", "amount": "900.00"},
             "lastChangeDateTime": "2026-11-30T15:30:35.035Z"}
        ]},
        "transactions": {"account": {"iban": "FR7612345987650123456789014"},
                         "transactions": {"booked": booked, "pending": pending}},
    })
}

#[test]
fn reads_a_native_statement() {
    let statement = parse(native(json!([
        {"id": "a1", "date": "2026-11-28", "amount": -42.10, "label": "CB CARREFOUR MARKET 27/11",
         "counterparty": "CARREFOUR", "mcc": "5411", "status": "booked"},
        {"date": "2026-11-29", "amount": 2450, "label": "VIR SALAIRE", "mcc": 5411, "status": null},
        {"date": "2026-11-30", "amount": -0.1, "label": "CB PENDING", "status": "pending"},
    ])));
    assert_eq!(statement.format, Format::Native);
    assert_eq!(statement.account.account_type, AccountType::Checking);
    assert_eq!(statement.account.balance, Money::from_cents(152_035));
    let [first, second, third] = statement.transactions.as_slice() else {
        panic!("three transactions");
    };
    assert_eq!(first.id, "a1");
    assert_eq!(first.amount, Money::from_cents(-4_210));
    assert_eq!(first.counterparty.as_deref(), Some("CARREFOUR"));
    assert_eq!(first.mcc.map(|mcc| mcc.code()), Some(5411));
    assert_eq!(second.id, "tx-1", "an id made from the index");
    assert_eq!(second.amount, Money::from_cents(245_000));
    assert_eq!(second.status, Status::Booked, "null status is the default");
    assert_eq!(third.status, Status::Pending);
    assert_eq!(third.amount, Money::from_cents(-10));

    let summary = serde_json::to_value(statement.summary()).expect("serialisable");
    assert_eq!(
        summary,
        json!({
            "format": "native",
            "account": {"type": "checking", "currency": "EUR", "balance": 1520.35, "balance_date": "2026-11-30"},
            "period": {"from": "2026-11-28", "to": "2026-11-30", "days": 3},
            "transaction_count": 3,
        })
    );
}

#[test]
fn the_format_defaults_to_native() {
    let mut body = native(json!([]));
    body.as_object_mut().expect("an object").remove("format");
    let statement = parse(body);
    assert_eq!(statement.format, Format::Native);
    let period = statement.period();
    assert_eq!(
        (period.from, period.days),
        (statement.account.balance_date, 1),
        "no transaction"
    );
}

#[test]
fn reads_a_stet_statement() {
    let statement = parse(stet(json!([
        {"entryReference": "AF5T2", "transactionAmount": {"currency": "EUR", "amount": "12.25"},
         "creditDebitIndicator": "CRDT", "status": "BOOK", "bookingDate": "2026-11-12",
         "remittanceInformation": {"unstructured": ["VIR SEPA RECU", "/DE ACME /MOTIF SALAIRE"]},
         "relatedParties": {"debtor": {"name": "ACME"}, "creditor": {"name": "M DUPONT"}}},
        {"resourceId": "r2", "transactionAmount": {"currency": "EUR", "amount": "40.00"},
         "creditDebitIndicator": "DBIT", "status": "PDNG", "transactionDate": "2026-11-29T18:02:00+01:00",
         "expectedBookingDate": "2026-12-03", "remittanceInformation": ["CB SNCF 29/11"],
         "relatedParties": {"creditor": {"name": "SNCF"}}},
        {"transactionAmount": {"currency": "EUR", "amount": "9.99"}, "creditDebitIndicator": "DBIT",
         "status": "BOOK", "bookingDate": "2026-11-13", "relatedParties": {"creditor": {"name": "NETFLIX"}}},
        {"transactionAmount": {"currency": "USD", "amount": "1"}, "creditDebitIndicator": "DBIT",
         "status": "FUTR", "expectedBookingDate": "2027-01-01"},
    ])));
    assert_eq!(statement.format, Format::Stet);
    assert_eq!(
        statement.account.balance,
        Money::from_cents(-12_345),
        "the CLBD balance"
    );
    assert_eq!(
        statement.account.balance_date,
        Date::parse("2026-11-30").expect("a date")
    );
    assert_eq!(
        statement.transactions.len(),
        3,
        "a FUTR entry is not a movement"
    );
    let [salary, train, netflix] = statement.transactions.as_slice() else {
        panic!("three transactions");
    };
    assert_eq!(salary.id, "AF5T2");
    assert_eq!(salary.amount, Money::from_cents(1_225));
    assert_eq!(salary.label, "VIR SEPA RECU /DE ACME /MOTIF SALAIRE");
    assert_eq!(
        salary.counterparty.as_deref(),
        Some("ACME"),
        "a credit's counterparty is the debtor"
    );
    assert_eq!(train.id, "r2");
    assert_eq!(train.amount, Money::from_cents(-4_000));
    assert_eq!(train.status, Status::Pending);
    assert_eq!(
        train.date,
        Date::parse("2026-11-29").expect("a date"),
        "the transaction date"
    );
    assert_eq!(train.label, "CB SNCF 29/11", "the v1.4.0 remittance array");
    assert_eq!(netflix.id, "tx-2");
    assert_eq!(
        netflix.label, "NETFLIX",
        "without remittance, the counterparty"
    );
}

#[test]
fn reads_a_berlin_group_statement() {
    let statement = parse(berlin_group(
        json!([
            {"transactionId": "1234567", "creditorName": "John Miles",
             "transactionAmount": {"currency": "EUR", "amount": "-256.67"},
             "bookingDate": "2026-11-25", "valueDate": "2026-11-26",
             "remittanceInformationUnstructured": "Example 1", "merchantCategoryCode": "5411"},
            {"debtorName": "Paul Simpson", "transactionAmount": {"currency": "EUR", "amount": "343.01"},
             "bookingDate": "2026-11-25", "remittanceInformationUnstructuredArray": ["Example", "2"]},
        ]),
        json!([
            {"transactionId": "1234569", "creditorName": "Claude Renault",
             "transactionAmount": {"currency": "EUR", "amount": "-100.03"}, "valueDate": "2026-11-26"},
        ]),
    ));
    assert_eq!(statement.format, Format::BerlinGroup);
    assert_eq!(statement.account.balance, Money::from_cents(50_000));
    let [miles, simpson, renault] = statement.transactions.as_slice() else {
        panic!("three transactions");
    };
    assert_eq!(
        (miles.amount, miles.counterparty.as_deref()),
        (Money::from_cents(-25_667), Some("John Miles"))
    );
    assert_eq!(miles.mcc.map(|mcc| mcc.code()), Some(5411));
    assert_eq!(
        (simpson.id.as_str(), simpson.label.as_str()),
        ("booked-1", "Example 2")
    );
    assert_eq!(simpson.counterparty.as_deref(), Some("Paul Simpson"));
    assert_eq!(
        (renault.status, renault.label.as_str()),
        (Status::Pending, "Claude Renault")
    );
    assert_eq!(
        renault.date,
        Date::parse("2026-11-26").expect("a date"),
        "the value date"
    );
}

#[test]
fn balance_dates_fall_back_to_the_latest_booked_transaction() {
    let mut body = stet(json!([
        {"transactionAmount": {"currency": "EUR", "amount": "1.00"}, "creditDebitIndicator": "DBIT",
         "status": "BOOK", "bookingDate": "2026-11-20"},
        {"transactionAmount": {"currency": "EUR", "amount": "1.00"}, "creditDebitIndicator": "DBIT",
         "status": "PDNG", "transactionDate": "2026-11-27"},
    ]));
    body["balances"]["balances"][0]
        .as_object_mut()
        .expect("an object")
        .remove("referenceDate");
    assert_eq!(
        parse(body.clone()).account.balance_date,
        Date::parse("2026-11-20").expect("a date")
    );
    body["balances"]["balances"][0]["lastChangeDateTime"] = json!("2026-11-25T08:00:00Z");
    assert_eq!(
        parse(body).account.balance_date,
        Date::parse("2026-11-25").expect("a date")
    );

    let mut body = berlin_group(json!([]), json!([]));
    body["balances"]["balances"] = json!([
        {"balanceType": "interimBooked", "balanceAmount": {"currency": "EUR", "amount": "7.00"}},
        {"balanceType": "interimAvailable", "balanceAmount": {"currency": "EUR", "amount": "8.00"}},
    ]);
    let statement = parse(body);
    assert_eq!(
        statement.account.balance,
        Money::from_cents(700),
        "interimBooked without closingBooked"
    );
    assert_eq!(
        statement.account.balance_date,
        today(),
        "no date and no booked transaction"
    );
}

/// Each case: the body, the pointer and code of one problem it must report, and why.
#[test]
fn refuses_malformed_documents_with_pointers() {
    let item = |fields: Value| native(json!([fields]));
    let good = json!({"date": "2026-11-28", "amount": -1, "label": "X"});
    let with = |key: &str, value: Value| {
        let mut fields = good.clone();
        fields[key] = value;
        item(fields)
    };
    let stet_item = |fields: Value| stet(json!([fields]));
    let stet_good = json!({"transactionAmount": {"currency": "EUR", "amount": "1.00"},
                           "creditDebitIndicator": "DBIT", "status": "BOOK", "bookingDate": "2026-11-20"});
    let stet_with = |path: &[&str], value: Value| {
        let mut fields = stet_good.clone();
        let mut target = &mut fields;
        for key in &path[..path.len() - 1] {
            target = &mut target[*key];
        }
        target[path[path.len() - 1]] = value;
        stet_item(fields)
    };
    let bg_with = |key: &str, value: Value| {
        let mut fields = json!({"transactionAmount": {"currency": "EUR", "amount": "-1.00"}, "bookingDate": "2026-11-20"});
        fields[key] = value;
        berlin_group(json!([json!({"transactionId": "0"}), fields]), json!([]))
    };
    let cases: Vec<(Value, &str, ProblemCode, &str)> = vec![
        (
            json!([]),
            "",
            ProblemCode::Type,
            "a body that is not an object",
        ),
        (
            json!({"format": "ofx"}),
            "/format",
            ProblemCode::Enum,
            "an unknown format",
        ),
        (
            json!({"format": "native", "account": {}, "transactions": [], "extra": 1}),
            "/extra",
            ProblemCode::UnknownField,
            "an unknown top-level member",
        ),
        (
            json!({"transactions": []}),
            "/account",
            ProblemCode::Required,
            "no account",
        ),
        (
            json!({"account": {"type": "checking", "currency": "EUR", "balance": 1, "balance_date": "2026-11-30"}}),
            "/transactions",
            ProblemCode::Required,
            "no transactions",
        ),
        (
            json!({"account": {"type": "loan", "currency": "EUR", "balance": 1, "balance_date": "2026-11-30"}, "transactions": []}),
            "/account/type",
            ProblemCode::Enum,
            "an unknown account type",
        ),
        (
            json!({"account": {"type": "checking", "currency": "USD", "balance": 1, "balance_date": "2026-11-30"}, "transactions": []}),
            "/account/currency",
            ProblemCode::UnsupportedCurrency,
            "dollars",
        ),
        (
            json!({"account": {"type": "checking", "currency": "EUR", "balance": "1", "balance_date": "2026-11-30"}, "transactions": []}),
            "/account/balance",
            ProblemCode::Type,
            "a balance as a string",
        ),
        (
            json!({"account": {"type": "checking", "currency": "EUR", "balance": 1, "balance_date": "2026-12-02"}, "transactions": []}),
            "/account/balance_date",
            ProblemCode::Max,
            "a balance date in the future",
        ),
        (
            json!({"account": {"type": "checking", "currency": "EUR", "balance": 1, "balance_date": "2026-11-30", "iban": "FR76"}, "transactions": []}),
            "/account/iban",
            ProblemCode::UnknownField,
            "an unknown account member",
        ),
        (
            native(json!({})),
            "/transactions",
            ProblemCode::Type,
            "transactions that are not an array",
        ),
        (
            native(json!([1])),
            "/transactions/0",
            ProblemCode::Type,
            "a transaction that is not an object",
        ),
        (
            item(json!({"amount": -1, "label": "X"})),
            "/transactions/0/date",
            ProblemCode::Required,
            "no date",
        ),
        (
            with("date", json!("2026-02-30")),
            "/transactions/0/date",
            ProblemCode::Format,
            "30 February",
        ),
        (
            with("date", json!("28/11/2026")),
            "/transactions/0/date",
            ProblemCode::Format,
            "a French date",
        ),
        (
            with("date", json!("2026-11-28T10:00:00Z")),
            "/transactions/0/date",
            ProblemCode::Format,
            "a date-time in the native format",
        ),
        (
            with("date", json!("2026-12-02")),
            "/transactions/0/date",
            ProblemCode::Max,
            "tomorrow",
        ),
        (
            with("date", json!("2024-11-30")),
            "/transactions/0/date",
            ProblemCode::Min,
            "one day past 24 months",
        ),
        (
            with("amount", json!(1e27)),
            "/transactions/0/amount",
            ProblemCode::Max,
            "1e27",
        ),
        (
            with("amount", json!(1e308)),
            "/transactions/0/amount",
            ProblemCode::Max,
            "1e308",
        ),
        (
            with("amount", json!(18446744073709551615u64)),
            "/transactions/0/amount",
            ProblemCode::Max,
            "u64::MAX",
        ),
        (
            with("amount", json!(12.345)),
            "/transactions/0/amount",
            ProblemCode::Format,
            "three decimals",
        ),
        (
            with("amount", json!(1e-7)),
            "/transactions/0/amount",
            ProblemCode::Format,
            "a tiny amount",
        ),
        (
            with("amount", json!("12.50")),
            "/transactions/0/amount",
            ProblemCode::Type,
            "a string amount in native",
        ),
        (
            with("label", json!(null)),
            "/transactions/0/label",
            ProblemCode::Required,
            "a null label",
        ),
        (
            with("label", json!("x".repeat(501))),
            "/transactions/0/label",
            ProblemCode::Max,
            "a label too long",
        ),
        (
            with("mcc", json!("541")),
            "/transactions/0/mcc",
            ProblemCode::Format,
            "a 3-digit MCC",
        ),
        (
            with("mcc", json!(true)),
            "/transactions/0/mcc",
            ProblemCode::Type,
            "a boolean MCC",
        ),
        (
            with("status", json!("cleared")),
            "/transactions/0/status",
            ProblemCode::Enum,
            "an unknown status",
        ),
        (
            with("category", json!("everyday")),
            "/transactions/0/category",
            ProblemCode::UnknownField,
            "a member the partner may not set",
        ),
        (
            with("id", json!(7)),
            "/transactions/0/id",
            ProblemCode::Type,
            "a numeric id",
        ),
        (
            json!({"format": "stet", "transactions": {"transactions": []}}),
            "/balances",
            ProblemCode::Required,
            "STET without balances",
        ),
        (
            json!({"format": "stet", "balances": {"balances": [{"balanceType": "XPCD", "balanceAmount": {"currency": "EUR", "amount": "1"}}]}, "transactions": {"transactions": []}}),
            "/balances/balances",
            ProblemCode::Required,
            "STET without a CLBD balance",
        ),
        (
            json!({"format": "stet", "balances": {"balances": [{"balanceType": "CLBD", "balanceAmount": {"currency": "GBP", "amount": "1"}}]}, "transactions": {"transactions": []}}),
            "/balances/balances/0/balanceAmount/currency",
            ProblemCode::UnsupportedCurrency,
            "a CLBD balance in pounds",
        ),
        (
            stet_with(
                &["transactionAmount", "amount"],
                json!("1234567890123456789012345678901234567890"),
            ),
            "/transactions/transactions/0/transactionAmount/amount",
            ProblemCode::Max,
            "a 40-digit STET amount",
        ),
        (
            stet_with(&["transactionAmount", "amount"], json!("12.505")),
            "/transactions/transactions/0/transactionAmount/amount",
            ProblemCode::Format,
            "three decimals in STET",
        ),
        (
            stet_with(&["transactionAmount", "amount"], json!(12.5)),
            "/transactions/transactions/0/transactionAmount/amount",
            ProblemCode::Type,
            "a STET amount as a number",
        ),
        (
            stet_with(&["transactionAmount", "amount"], json!("-12.50")),
            "/transactions/transactions/0/transactionAmount/amount",
            ProblemCode::Min,
            "a negative STET amount",
        ),
        (
            stet_with(&["transactionAmount", "amount"], json!("")),
            "/transactions/transactions/0/transactionAmount/amount",
            ProblemCode::Format,
            "an empty STET amount",
        ),
        (
            stet_with(&["transactionAmount", "currency"], json!("CHF")),
            "/transactions/transactions/0/transactionAmount/currency",
            ProblemCode::UnsupportedCurrency,
            "a STET amount in francs",
        ),
        (
            stet_with(&["creditDebitIndicator"], json!("DEBIT")),
            "/transactions/transactions/0/creditDebitIndicator",
            ProblemCode::Enum,
            "an unknown creditDebitIndicator",
        ),
        (
            stet_with(&["status"], json!("BOOKED")),
            "/transactions/transactions/0/status",
            ProblemCode::Enum,
            "an unknown STET status",
        ),
        (
            stet_with(&["bookingDate"], json!("2026-13-01")),
            "/transactions/transactions/0/bookingDate",
            ProblemCode::Format,
            "month 13",
        ),
        (
            stet_with(
                &["remittanceInformation"],
                json!({"unstructured": "one line"}),
            ),
            "/transactions/transactions/0/remittanceInformation/unstructured",
            ProblemCode::Type,
            "unstructured as a string",
        ),
        (
            stet_with(&["remittanceInformation"], json!(["ok", 3])),
            "/transactions/transactions/0/remittanceInformation/1",
            ProblemCode::Type,
            "a remittance line that is a number",
        ),
        (
            bg_with(
                "transactionAmount",
                json!({"currency": "EUR", "amount": "1e3"}),
            ),
            "/transactions/transactions/booked/1/transactionAmount/amount",
            ProblemCode::Format,
            "an exponent in a Berlin Group amount",
        ),
        (
            bg_with("transactionAmount", json!({"amount": "1.00"})),
            "/transactions/transactions/booked/1/transactionAmount/currency",
            ProblemCode::Required,
            "an amount without currency",
        ),
        (
            bg_with("bookingDate", json!(null)),
            "/transactions/transactions/booked/1/bookingDate",
            ProblemCode::Required,
            "neither booking nor value date",
        ),
        (
            bg_with("creditorName", json!(["a"])),
            "/transactions/transactions/booked/1/creditorName",
            ProblemCode::Type,
            "a creditor name that is an array",
        ),
        (
            bg_with("merchantCategoryCode", json!("54111")),
            "/transactions/transactions/booked/1/merchantCategoryCode",
            ProblemCode::Format,
            "a 5-digit MCC",
        ),
    ];
    for (body, pointer, code, why) in cases {
        let found = parse_statement(&body, today());
        let Err(problems) = found else {
            panic!("{why}: accepted");
        };
        assert!(
            problems
                .problems
                .iter()
                .any(|problem| problem.pointer == pointer && problem.code == code),
            "{why}: expected {code} at {pointer:?}, got {:#?}",
            problems.problems
        );
    }
}

#[test]
fn collects_every_problem_not_just_the_first() {
    let found = problems(native(json!([
        {"date": "2026-11-31", "amount": 1, "label": "A"},
        {"date": "2026-11-01", "amount": 1.001, "label": "B"},
        {"date": "2026-11-01", "amount": 1, "label": 3, "status": "done"},
    ])));
    let pointers: Vec<(&str, ProblemCode)> = found
        .problems
        .iter()
        .map(|problem| (problem.pointer.as_str(), problem.code))
        .collect();
    assert_eq!(
        pointers,
        [
            ("/transactions/0/date", ProblemCode::Format),
            ("/transactions/1/amount", ProblemCode::Format),
            ("/transactions/2/label", ProblemCode::Type),
            ("/transactions/2/status", ProblemCode::Enum),
        ]
    );
}

#[test]
fn caps_the_problems_and_the_transactions() {
    let many_bad: Vec<Value> = (0..300)
        .map(|_| json!({"date": "nope", "amount": 1, "label": "A"}))
        .collect();
    let found = problems(native(Value::Array(many_bad)));
    assert_eq!(found.problems.len(), bank::MAX_PROBLEMS + 1);
    assert_eq!(
        found.problems.last().map(|problem| problem.code),
        Some(ProblemCode::TooMany)
    );

    let too_many: Vec<Value> = (0..=bank::MAX_TRANSACTIONS)
        .map(|_| json!({"date": "2026-11-01", "amount": 1, "label": "A"}))
        .collect();
    let found = problems(native(Value::Array(too_many)));
    assert_eq!(found.problems.len(), 1);
    assert_eq!(
        (found.problems[0].pointer.as_str(), found.problems[0].code),
        ("/transactions", ProblemCode::TooMany)
    );

    let booked: Vec<Value> = (0..3_000).map(|_| json!({})).collect();
    let found = problems(berlin_group(
        Value::Array(booked.clone()),
        Value::Array(booked),
    ));
    assert_eq!(
        found.problems[0].pointer, "/transactions/transactions",
        "booked and pending count together"
    );
}

#[test]
fn a_currency_problem_is_flagged_for_the_422() {
    let found = problems(berlin_group(
        json!([{"transactionAmount": {"currency": "USD", "amount": "-1.00"}, "bookingDate": "2026-11-20"}]),
        json!([]),
    ));
    assert!(found.has_unsupported_currency());
    let found = problems(native(json!([{"date": "2026-11-01", "amount": 1}])));
    assert!(!found.has_unsupported_currency());
}

#[test]
fn amounts_are_exact_to_the_cent() {
    let statement = parse(native(json!([
        {"date": "2026-11-01", "amount": 0.1, "label": "A"},
        {"date": "2026-11-01", "amount": 0.2, "label": "B"},
        {"date": "2026-11-01", "amount": 999999999.99, "label": "C"},
        {"date": "2026-11-01", "amount": -0.0, "label": "D"},
    ])));
    let cents: Vec<i64> = statement
        .transactions
        .iter()
        .map(|transaction| transaction.amount.cents())
        .collect();
    assert_eq!(cents, [10, 20, 99_999_999_999, 0]);
}

#[test]
fn a_statement_round_trips_through_its_own_serialisation() {
    let statement = parse(native(json!([
        {"id": "a1", "date": "2026-11-28", "amount": -42.10, "label": "CB X", "mcc": "0742"},
    ])));
    let stored = serde_json::to_string(&statement).expect("serialisable");
    let restored: Statement = serde_json::from_str(&stored).expect("deserialisable");
    assert_eq!(restored, statement);
}
