//! The schemas of bank data (DESIGN §10): the three upload formats, a statement's summary
//! and transactions, and the insights.

use serde_json::{Map, Value, json};

use super::values::open;

fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn date(description: &str) -> Value {
    json!({"type": "string", "format": "date", "description": description, "examples": ["2026-11-20"]})
}

fn euros(description: &str) -> Value {
    json!({"type": "number", "description": description, "examples": [412.58]})
}

/// Every category code, open: the categoriser may grow.
fn category() -> Value {
    let known: Vec<String> = bank::Category::ALL
        .iter()
        .map(|category| category.as_str().to_owned())
        .collect();
    open(
        "The category the categoriser gave the transaction (DESIGN §10).",
        &known,
    )
}

fn native() -> Value {
    json!({
        "type": "object",
        "description": "PartnerB2B's own format. Amounts are signed euros (a debit is negative); dates are not in the future nor older than 24 months.",
        "required": ["account", "transactions"],
        "additionalProperties": false,
        "properties": {
            "format": {"const": "native", "default": "native"},
            "account": {
                "type": "object",
                "required": ["type", "currency", "balance", "balance_date"],
                "additionalProperties": false,
                "properties": {
                    "type": {"enum": ["checking", "savings", "card", "other"]},
                    "currency": {"const": "EUR", "description": "EUR only: another currency is 422 `unsupported_currency`."},
                    "balance": euros("The closing booked balance, at the end of `balance_date`."),
                    "balance_date": date("The day of the closing balance.")
                }
            },
            "transactions": {
                "type": "array",
                "maxItems": bank::MAX_TRANSACTIONS,
                "items": {
                    "type": "object",
                    "required": ["date", "amount", "label"],
                    "additionalProperties": false,
                    "properties": {
                        "id": {"type": "string", "description": "Yours; `tx-<index>` when absent."},
                        "date": date("The booking date."),
                        "amount": euros("Signed: a debit is negative."),
                        "label": {"type": "string", "examples": ["PRLV SEPA COFIDIS ECH 08/26"]},
                        "counterparty": {"type": ["string", "null"]},
                        "mcc": {"type": ["string", "null"], "pattern": "^[0-9]{4}$", "description": "The merchant category code (ISO 18245)."},
                        "status": {"enum": ["booked", "pending"], "default": "booked"}
                    }
                }
            }
        }
    })
}

fn aggregator(format: &str, description: &str) -> Value {
    json!({
        "type": "object",
        "description": description,
        "required": ["format", "balances", "transactions"],
        "properties": {
            "format": {"const": format},
            "balances": {"type": "object", "description": "The body of the balances endpoint, as the bank answered it."},
            "transactions": {"type": "object", "description": "The body of the transactions endpoint, as the bank answered it."}
        }
    })
}

fn summary() -> Value {
    json!({
        "type": "object",
        "required": ["id", "profile_id", "format", "account", "period", "transaction_count", "created_at"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "profile_id": {"type": "string", "format": "uuid"},
            "format": {"enum": ["native", "stet", "berlin_group"]},
            "account": {
                "type": "object",
                "required": ["type", "currency", "balance", "balance_date"],
                "properties": {
                    "type": {"enum": ["checking", "savings", "card", "other"]},
                    "currency": {"const": "EUR"},
                    "balance": euros("The closing booked balance."),
                    "balance_date": date("The day of the closing balance.")
                }
            },
            "period": {
                "type": "object",
                "required": ["from", "to", "days"],
                "properties": {
                    "from": date("The earliest transaction's date."),
                    "to": date("The balance date."),
                    "days": {"type": "integer", "minimum": 1}
                }
            },
            "transaction_count": {"type": "integer", "minimum": 0},
            "created_at": {"type": "string", "format": "date-time"}
        }
    })
}

fn statement() -> Value {
    json!({
        "allOf": [schema("BankStatementSummary"), {
            "type": "object",
            "required": ["transactions"],
            "properties": {
                "transactions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "date", "amount", "label", "counterparty", "mcc", "status", "category", "rule"],
                        "properties": {
                            "id": {"type": "string"},
                            "date": date("The booking date."),
                            "amount": euros("Signed: a debit is negative."),
                            "label": {"type": "string"},
                            "counterparty": {"type": ["string", "null"]},
                            "mcc": {"type": ["string", "null"], "pattern": "^[0-9]{4}$", "description": "The merchant category code (ISO 18245), as sent."},
                            "status": {"enum": ["booked", "pending"]},
                            "category": category(),
                            "rule": {"type": "string", "description": "The id of the categoriser's rule that chose the category.", "examples": ["credit.cofidis"]}
                        }
                    }
                }
            }
        }]
    })
}

fn money_or_null(description: &str) -> Value {
    json!({"type": ["number", "null"], "description": description})
}

fn insights() -> Value {
    json!({
        "type": "object",
        "description": "Booked transactions only; averages over the full calendar months of the period (0 without any); end-of-day balances rebuilt backwards from the closing balances, summed over the checking accounts.",
        "required": ["period", "monthly", "income", "charges", "overdraft_days_90d", "lowest_balance_90d", "rejected_payments_90d", "bank_fees_90d", "gambling", "cash_withdrawals_monthly", "categoriser_version"],
        "properties": {
            "period": {
                "type": "object",
                "required": ["from", "to", "days", "full_months"],
                "properties": {
                    "from": date("The earliest transaction of every statement."),
                    "to": date("The latest balance date."),
                    "days": {"type": "integer"},
                    "full_months": {"type": "integer", "minimum": 0}
                }
            },
            "monthly": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["month", "income", "spending", "end_balance"],
                    "properties": {
                        "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                        "income": euros("Observed income: salary, benefits, pensions and 70 % of rents received."),
                        "spending": euros("Every debit but transfers between the customer's own accounts."),
                        "end_balance": money_or_null("The checking accounts' balance on the month's last day.")
                    }
                }
            },
            "income": {
                "type": "object",
                "required": ["monthly_average", "by_category", "recurring_sources"],
                "properties": {
                    "monthly_average": euros("Observed monthly income."),
                    "by_category": {"type": "object", "additionalProperties": {"type": "number"}, "description": "Each `income.*` category's monthly average."},
                    "recurring_sources": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["counterparty", "category", "monthly_average", "months_seen"],
                            "properties": {
                                "counterparty": {"type": "string"},
                                "category": category(),
                                "monthly_average": {"type": "number"},
                                "months_seen": {"type": "integer"}
                            }
                        }
                    }
                }
            },
            "charges": {
                "type": "object",
                "required": ["housing_monthly", "credit_repayments_monthly", "lenders"],
                "properties": {
                    "housing_monthly": euros("Rent paid, monthly average."),
                    "credit_repayments_monthly": euros("Loan instalments, monthly average."),
                    "lenders": {"type": "array", "items": {"type": "string"}, "examples": [["COFIDIS"]]}
                }
            },
            "overdraft_days_90d": {"type": "integer", "description": "Days of the last 90 (ending at the latest balance date) ending below 0."},
            "lowest_balance_90d": money_or_null("The lowest end-of-day balance of those 90 days."),
            "rejected_payments_90d": {"type": "integer"},
            "bank_fees_90d": {"type": "integer"},
            "gambling": {
                "type": "object",
                "required": ["monthly_average", "share_of_income"],
                "properties": {
                    "monthly_average": euros("Stakes, monthly average."),
                    "share_of_income": {"type": "number", "description": "Stakes over observed income (0.05 = 5 %)."}
                }
            },
            "cash_withdrawals_monthly": euros("Cash withdrawn, monthly average."),
            "categoriser_version": {"type": "string", "examples": [bank::CATEGORISER_VERSION]}
        }
    })
}

/// The bank data schemas, by name.
pub fn schemas() -> Map<String, Value> {
    let upload = json!({
        "description": "A statement document: `format` says which (`native` when absent).",
        "oneOf": [schema("NativeStatement"), schema("StetStatement"), schema("BerlinGroupStatement")]
    });
    let mut all = Map::new();
    all.insert("BankStatementUpload".into(), upload);
    all.insert("NativeStatement".into(), native());
    all.insert(
        "StetStatement".into(),
        aggregator(
            "stet",
            "STET PSD2 API v1.4 and later: `balances` is the body of `GET /accounts/{id}/balances` (the closing balance is the `CLBD` one), `transactions` that of `GET /accounts/{id}/transactions` (`transactionAmount`, `creditDebitIndicator` `CRDT`/`DBIT`, `status` `BOOK`/`PDNG`, `bookingDate`, `remittanceInformation`).",
        ),
    );
    all.insert(
        "BerlinGroupStatement".into(),
        aggregator(
            "berlin_group",
            "Berlin Group NextGenPSD2: `balances` is the body of `GET /v1/accounts/{id}/balances` (the closing balance is `closingBooked`), `transactions` that of `GET /v1/accounts/{id}/transactions` (`transactions.booked[]` and `pending[]`, signed `transactionAmount.amount`, `creditorName` / `debtorName`, `remittanceInformationUnstructured`).",
        ),
    );
    all.insert("BankStatementSummary".into(), summary());
    all.insert("BankStatement".into(), statement());
    all.insert("BankInsights".into(), insights());
    all
}
