//! Examples in the description, made by the code they illustrate: the analysis shown is
//! what the model answers for the example profile on the example's date. The tests send
//! the example requests to the server and hold every example to its schema.

use std::collections::BTreeMap;

use serde_json::value::{RawValue, to_raw_value};
use serde_json::{Value, json};
use shared::domain::attributes::Attributes;

/// The day the examples are dated.
const DAY: (i32, u8, u8) = (2026, 11, 25);

/// A complete mortgage application: a married couple of tenants with two children.
pub fn complete_profile() -> Value {
    json!({
        "reference": "dossier-2026-0042",
        "attributes": {
            "birth_date": "1986-03-14",
            "marital_status": "married",
            "household_adults": 2,
            "dependents": 2,
            "housing_status": "tenant",
            "monthly_rent": 950,
            "employment_status": "cdi",
            "employment_start_date": "2017-09-01",
            "trial_period_completed": true,
            "monthly_net_income": 3400,
            "co_borrower_monthly_net_income": 2100,
            "existing_loans_monthly_payments": 180,
            "savings": 25000,
            "down_payment": 40000,
            "property_value": 320000,
            "loan_type": "mortgage",
            "loan_amount": 280000,
            "loan_duration_months": 300,
            "loan_annual_rate": 3.45,
            "ficp_registered": false
        }
    })
}

/// What the model answers for the example profile on the example's date; `None` if the
/// example profile stopped being complete (a test says so).
fn analysed() -> Option<scoring::AnalysisResult> {
    let day = scoring::Date::new(DAY.0, DAY.1, DAY.2)?;
    let input: BTreeMap<String, Box<RawValue>> = complete_profile()["attributes"]
        .as_object()?
        .iter()
        .map(|(name, value)| Some((name.clone(), to_raw_value(value).ok()?)))
        .collect::<Option<_>>()?;
    let profile = Attributes::parse(&input, day)
        .ok()?
        .to_scoring_profile()
        .ok()?;
    let usury = scoring::UsuryTable::shipped();
    Some(scoring::analyse(
        &profile,
        &scoring::Context::new(day, &usury),
    ))
}

/// `GET /api/v1/analyses/{id}/` once the example profile's analysis completed.
pub fn completed_analysis() -> Option<Value> {
    let analysed = analysed()?;
    let result = analysed.localized(locale::Language::En);
    Some(json!({
        "data": {
            "id": "01a2131f-5b3e-7c21-9a4d-2f8e6b0c1d37",
            "profile_id": "01a2131f-4e1a-7b90-8c3f-1d2e3f4a5b6c",
            "profile_version": 1,
            "status": "completed",
            "created_at": "2026-11-25T10:02:11.204Z",
            "completed_at": "2026-11-25T10:02:11.219Z",
            "result": result,
            "failure_reason": null,
            "final_decision": analysed.decision,
            "decided_by": "model",
            "reviews": []
        },
        "meta": {
            "timestamp": "2026-11-25T10:02:12.031Z",
            "request_id": "01a2131f-5f70-7d02-b6a1-7c9e0d4f3a21"
        }
    }))
}

/// `GET /api/v1/analyses/{id}/explanation/` of the example profile's analysis, in French.
pub fn explanation() -> Option<Value> {
    let analysed = analysed()?;
    let explanation = scoring::explain(&analysed, analysed.decision, locale::Language::Fr);
    Some(json!({
        "data": explanation,
        "meta": {
            "timestamp": "2026-11-25T10:04:40.518Z",
            "request_id": "01a2131f-6a02-7e11-8c3d-4b5a6f7e8d90"
        }
    }))
}

/// A review by an agent of the partner's, who saw evidence the model did not.
pub fn review() -> Value {
    json!({
        "reviewer": "agent-0042",
        "decision": "favorable",
        "justification": "Prime annuelle de 6 000 € attestée par l'employeur, absente des revenus déclarés.",
        "consumer_statement": "Je perçois une prime chaque année en mars."
    })
}

/// A webhook for the partner's endpoint.
pub fn webhook() -> Value {
    json!({
        "url": "https://partenaire.example/webhooks/aberture",
        "events": ["analysis.completed", "analysis.failed"],
        "description": "Dossiers de crédit immobilier"
    })
}
