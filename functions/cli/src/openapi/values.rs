//! Enumerated values. A value set that grows with the catalogue, the model or the events
//! (attribute names and types, categories, rule, factor and change codes, event types,
//! error and detail codes) is an [`open`] string, so that a client generated today still
//! reads tomorrow's responses; its known values are in the description, in `examples`
//! and in `x-extensible-enum` (Zalando's RESTful API guidelines), which the tests read as
//! an `enum` to hold the server to them. A value set that is the contract itself, which
//! clients must branch on and the server checks in requests too, is a [`closed`] `enum`.
//!
//! Each list comes from the type the server serialises, through [`every!`], whose
//! exhaustive `match` stops the build when a variant is added without being listed.

use serde::Serialize;
use serde_json::{Value, json};
use shared::domain::catalogue::{ATTRIBUTES, Category};
use shared::domain::model::{AnalysisStatus, AttemptOutcome, EventType, ProfileStatus};
use shared::edge::error::ERROR_CODES;

/// The wire names of `$type`'s variants, every one listed: the `match` does not compile
/// when one is missing.
macro_rules! every {
    ($type:ident: $($variant:ident),+ $(,)?) => {{
        let _every_variant_listed = |value: $type| match value {
            $($type::$variant)|+ => (),
        };
        wire_names(&[$($type::$variant),+])
    }};
}

fn wire_names<T: Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .filter_map(|value| match serde_json::to_value(value) {
            Ok(Value::String(name)) => Some(name),
            _ => None,
        })
        .collect()
}

/// A string any value of which is valid, more being expected: `known` are today's.
pub fn open(description: &str, known: &[String]) -> Value {
    let listed: Vec<String> = known.iter().map(|value| format!("`{value}`")).collect();
    let separator = if description.is_empty() { "" } else { " " };
    json!({
        "type": "string",
        "description": format!(
            "{description}{separator}Known values: {}. Others may come: treat one you do not know as unknown, not as an error.",
            listed.join(", ")
        ),
        "examples": known,
        "x-extensible-enum": known
    })
}

/// A string with exactly these values.
pub fn closed(values: &[String]) -> Value {
    json!({"type": "string", "enum": values})
}

pub fn attribute_names() -> Vec<String> {
    ATTRIBUTES
        .iter()
        .map(|attribute| attribute.name.to_owned())
        .collect()
}

/// `type` of the catalogue's attributes, in catalogue order.
pub fn attribute_types() -> Vec<String> {
    distinct(ATTRIBUTES.iter().map(|attribute| attribute.type_name()))
}

pub fn units() -> Vec<String> {
    distinct(ATTRIBUTES.iter().filter_map(|attribute| attribute.unit()))
}

pub fn categories() -> Vec<String> {
    every!(Category: Identity, Household, Employment, Income, Charges, Assets, Loan, History)
}

pub fn rule_codes() -> Vec<String> {
    use scoring::RuleCode;
    every!(RuleCode:
        HcsfEffortRate,
        HcsfDuration,
        ResidualIncome,
        AgeAtMaturity,
        EmploymentStability,
        DownPayment,
        Savings,
        BankingIncidents,
        Ficp,
        UsuryRate,
        BankDataCoverage,
        IncomeVerified,
        UndeclaredCredit,
        Overdraft,
        RejectedPayments,
        Gambling,
    )
}

pub fn factor_codes() -> Vec<String> {
    use scoring::FactorCode;
    every!(FactorCode:
        EffortRate,
        ResidualIncome,
        EmploymentStability,
        AgeAtMaturity,
        LoanDuration,
        LoanToValue,
        Savings,
        BankingIncidents,
        Ficp,
        IncomeVerified,
        UndeclaredCredit,
        Overdraft,
        RejectedPayments,
        Gambling,
    )
}

/// `change` of a counterfactual.
pub fn changes() -> Vec<String> {
    use scoring::Change;
    every!(Change: LoanAmount, LoanDurationMonths, DownPayment)
}

pub fn event_types() -> Vec<String> {
    every!(
        EventType: AnalysisCompleted,
        AnalysisFailed,
        AnalysisReviewed,
        WebhookTest,
        WebhookEndpointFailing
    )
}

/// The event types `keep` holds to, by wire name.
fn event_types_where(keep: fn(EventType) -> bool) -> Vec<String> {
    event_types()
        .into_iter()
        .filter(|name| {
            serde_json::from_value::<EventType>(Value::String(name.clone())).is_ok_and(keep)
        })
        .collect()
}

/// The event types a webhook may subscribe to ([`EventType::is_subscribable`]).
pub fn subscribable_event_types() -> Vec<String> {
    event_types_where(EventType::is_subscribable)
}

/// The event types the events feed holds, which its `type` filter accepts
/// ([`EventType::is_on_feed`]).
pub fn feed_event_types() -> Vec<String> {
    event_types_where(EventType::is_on_feed)
}

pub fn delivery_statuses() -> Vec<String> {
    use shared::webhooks::log::DeliveryStatus;
    every!(DeliveryStatus: Pending, Delivered, Failed)
}

pub fn attempt_outcomes() -> Vec<String> {
    every!(AttemptOutcome: Delivered, Retrying, Failed, Disabled)
}

/// `error.code` of the given status, or of every status.
pub fn error_codes(status: Option<u16>) -> Vec<String> {
    ERROR_CODES
        .iter()
        .filter(|entry| status.is_none_or(|status| entry.status == status))
        .map(|entry| entry.code.to_owned())
        .collect()
}

/// `code` of an `error.details` item, as the README's catalogue explains each.
pub fn detail_codes() -> Vec<String> {
    [
        "required",
        "unknown_field",
        "unknown_attribute",
        "duplicate_field",
        "type",
        "format",
        "min",
        "max",
        "enum",
        "url",
        "reused",
        "unknown_parameter",
        "repeated",
        "range",
        "unsupported_currency",
        "too_many",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Kept closed: the profile's life cycle, which `status` filters are checked against.
pub fn profile_statuses() -> Vec<String> {
    every!(ProfileStatus: Draft, Submitted)
}

/// Kept closed: the states a client polls through, `completed` and `failed` final.
pub fn analysis_statuses() -> Vec<String> {
    every!(AnalysisStatus: Pending, Completed, Failed)
}

/// Kept closed: the three decisions of DESIGN §6, the ones a reviewer may give too.
pub fn decisions() -> Vec<String> {
    use scoring::Decision;
    every!(Decision: Favorable, Review, Unfavorable)
}

/// Kept closed: who made an analysis's final decision.
pub fn decided_by() -> Vec<String> {
    use shared::domain::review::DecidedBy;
    every!(DecidedBy: Model, Human)
}

/// Kept closed: the five grades of DESIGN §6.
pub fn grades() -> Vec<String> {
    use scoring::Grade;
    every!(Grade: A, B, C, D, E)
}

/// Kept closed: a rule passes, warns or fails, and nothing else.
pub fn rule_statuses() -> Vec<String> {
    use scoring::Status;
    every!(Status: Pass, Warn, Fail)
}

fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for value in values {
        if !seen.iter().any(|known| known == value) {
            seen.push(value.to_owned());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut values: Vec<String>) -> Vec<String> {
        values.sort();
        values
    }

    #[test]
    fn the_lists_name_what_the_server_serialises() {
        assert_eq!(rule_codes()[0], "HCSF_EFFORT_RATE");
        assert_eq!(factor_codes()[0], "EFFORT_RATE");
        assert_eq!(
            changes(),
            ["loan_amount", "loan_duration_months", "down_payment"]
        );
        assert_eq!(
            subscribable_event_types(),
            ["analysis.completed", "analysis.failed", "analysis.reviewed"]
        );
        assert_eq!(categories()[0], "identity");
        assert_eq!(sorted(units()), ["EUR", "months", "percent"]);
        assert_eq!(
            sorted(attribute_types()),
            ["boolean", "date", "decimal", "enum", "integer"]
        );
        assert_eq!(grades(), ["A", "B", "C", "D", "E"]);
    }
}
