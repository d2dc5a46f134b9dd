//! The OpenAPI 3.1 description of the partner API, built from the code it describes:
//! attribute schemas from the catalogue, error codes from the error catalogue. The local
//! server serves it at `/api/v1/openapi.json`; `docs/openapi.json` is the committed copy
//! (`partnerb2b openapi > docs/openapi.json`), held to this by a test.

mod bank;
mod examples;
mod operations;
mod responses;
mod reviews;
mod schemas;
mod values;

use serde_json::{Value, json};
use shared::edge::error::ERROR_CODES;
use shared::edge::pagination::{DEFAULT_LIMIT, MAX_LIMIT};
use shared::webhooks::delivery::RETRY_SCHEDULE;
use std::time::Duration;

/// The whole description.
pub fn document() -> Value {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "PartnerB2B API",
            "version": env!("CARGO_PKG_VERSION"),
            "summary": "Submit your customers' data, get an explained credit-trust analysis.",
            "description": description(),
            "contact": {"name": "Aberture", "url": "https://aberture.example/partners"}
        },
        "servers": [
            {"url": "http://127.0.0.1:3000", "description": "The local server (`partnerb2b serve`)"}
        ],
        "security": [{"bearerAuth": []}],
        "tags": [
            {"name": "auth", "description": "API key → access and refresh tokens."},
            {"name": "attributes", "description": "The attribute catalogue."},
            {"name": "profiles", "description": "Your customers' data: create, modify, submit, delete."},
            {"name": "bank data", "description": "The customer's bank statements on a profile, every transaction categorised, and what they show."},
            {"name": "analyses", "description": "Asynchronous, explained analyses of submitted profiles."},
            {"name": "webhooks", "description": "Be called when an analysis completes, or a review of it is recorded."},
            {"name": "documentation", "description": "This description."}
        ],
        "paths": paths(),
        "webhooks": webhooks(),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "An access token from `POST /api/v1/auth/token/`, valid 1 hour."
                }
            },
            "schemas": schemas::all(),
            "parameters": parameters(),
            "headers": responses::headers(),
            "responses": responses::errors()
        }
    });
    add_examples(&mut document);
    document
}

/// `paths`, from the route tables; a route without a description is logged and left out,
/// and a test holds the tables and the descriptions to each other.
fn paths() -> Value {
    operations::paths(&crate::services::api_routes()).unwrap_or_else(|problem| {
        tracing::error!(%problem, "the OpenAPI description is incomplete");
        json!({})
    })
}

/// Media-type examples of the requests and responses partners look at first.
fn add_examples(document: &mut Value) {
    let media = |path: &str, method: &str, part: &str| {
        format!(
            "/paths/{}/{method}/{part}/content/application~1json/examples",
            path.replace('/', "~1")
        )
    };
    let mut examples = vec![
        (
            media("/api/v1/profiles/", "post", "requestBody"),
            "complete",
            "A complete mortgage application",
            examples::complete_profile(),
        ),
        (
            media(
                "/api/v1/analyses/{analysis_id}/reviews/",
                "post",
                "requestBody",
            ),
            "overturning",
            "An agent overturns the model's decision on evidence it did not have",
            examples::review(),
        ),
        (
            media("/api/v1/webhooks/", "post", "requestBody"),
            "both",
            "Told of every completed or failed analysis",
            examples::webhook(),
        ),
    ];
    if let Some(analysis) = examples::completed_analysis() {
        examples.push((
            media("/api/v1/analyses/{analysis_id}/", "get", "responses/200"),
            "completed",
            "The example profile's analysis, as the model scores it",
            analysis,
        ));
    }
    if let Some(explanation) = examples::explanation() {
        examples.push((
            media(
                "/api/v1/analyses/{analysis_id}/explanation/",
                "get",
                "responses/200",
            ),
            "fr",
            "The example analysis explained, with `Accept-Language: fr`",
            explanation,
        ));
    }
    for (pointer, name, summary, value) in examples {
        let content = pointer.trim_end_matches("/examples");
        if let Some(Value::Object(media)) = document.pointer_mut(content) {
            media.insert(
                "examples".to_owned(),
                json!({name: {"summary": summary, "value": value}}),
            );
        }
    }
}

/// The description as pretty JSON, ending with a newline: the form committed.
pub fn to_json() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}

/// `info.description`: conventions, then the error catalogue.
fn description() -> String {
    let mut text = String::from(
        "Every route starts with `/api/v1` and ends with `/` (the same route without it is \
         accepted). Bodies are UTF-8 JSON (`Content-Type: application/json`, 64 KiB at most; a \
         PATCH, a JSON merge patch, may say `application/merge-patch+json`). \
         A success is `{\"data\": …, \"meta\": {\"timestamp\", \"request_id\"}}`; an error is \
         `{\"error\": {\"code\", \"message\", \"details\"}, \"meta\": …}`, and `x-request-id` \
         repeats `meta.request_id`. Times are RFC 3339, UTC. \
         Messages (the analysis's, the explanation's, and errors' `message`s) are written in \
         the language of `Accept-Language`, `fr` or `en` (the default); `Content-Language` \
         says which. Codes never change with the language.\n\n\
         Every `GET` also answers `HEAD` (RFC 9110): the same status and headers, no body. \
         A method a path does not take answers 405, with `Allow`.\n\n\
         Names that grow with the catalogue, the model and the events (attribute names, \
         categories, rule, factor and change codes, event types, error and detail codes) are \
         strings whose known values are listed, not closed enumerations: expect new ones, and \
         treat one you do not know as unknown rather than as an error. Each is also listed in \
         `x-extensible-enum`.\n\n\
         ## Errors\n\n| status | `error.code` | meaning | what to do |\n|---|---|---|---|\n",
    );
    for entry in ERROR_CODES {
        text.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            entry.status, entry.code, entry.meaning, entry.action
        ));
    }
    text
}

fn parameters() -> Value {
    let id = |name: &str, what: &str| {
        json!({
            "name": name,
            "in": "path",
            "required": true,
            "description": format!("The {what}'s id."),
            "schema": {"type": "string", "format": "uuid"}
        })
    };
    json!({
        "ProfileId": id("profile_id", "profile"),
        "AnalysisId": id("analysis_id", "analysis"),
        "WebhookId": id("webhook_id", "webhook"),
        "StatementId": id("statement_id", "bank statement"),
        "DeliveryId": {
            "name": "delivery_id",
            "in": "path",
            "required": true,
            "description": "The delivery's `webhook-id`.",
            "schema": {"type": "string", "pattern": "^msg_", "maxLength": 64}
        },
        "Limit": {
            "name": "limit",
            "in": "query",
            "description": format!("Items per page, {DEFAULT_LIMIT} by default."),
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}
        },
        "Cursor": {
            "name": "cursor",
            "in": "query",
            "description": "`meta.next_cursor` of the previous page, with the same filters.",
            "schema": {"type": "string", "minLength": 1}
        },
        "ProfileStatusFilter": {
            "name": "status",
            "in": "query",
            "schema": {"$ref": "#/components/schemas/ProfileStatus"}
        },
        "DeliveryStatusFilter": {
            "name": "status",
            "in": "query",
            "schema": {"$ref": "#/components/schemas/DeliveryStatus"}
        },
        "EventTypeFilter": {
            "name": "type",
            "in": "query",
            "description": "The events of this type (a filter names only the types the feed holds: a new type is added here before it is emitted).",
            "schema": values::closed(&values::feed_event_types())
        },
        "Since": {
            "name": "since",
            "in": "query",
            "description": "The events created at or after this time (RFC 3339); older than 30 days reads as 30 days ago.",
            "schema": {"type": "string", "format": "date-time"}
        },
        "ReferenceFilter": {
            "name": "reference",
            "in": "query",
            "description": "The profile with this reference.",
            "schema": {"$ref": "#/components/schemas/Reference"}
        },
        "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "description": "Makes a retry safe: the same key with the same request within 24 hours answers the first response again (`Idempotent-Replayed: true`) and changes nothing; with another request, 422 `idempotency_key_reused`. A UUID is a good key.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
            "example": "8d0c6f1e-2b7a-4c1e-9a55-3f1f0c2d4e77"
        },
        "AcceptLanguage": {
            "name": "Accept-Language",
            "in": "header",
            "description": "The language of the messages: `fr` or `en` (RFC 9110, quality values honoured); `en` when neither is acceptable or the header is absent. `Content-Language` says which was chosen.",
            "schema": {"type": "string"},
            "example": "fr-FR,fr;q=0.9,en;q=0.5"
        },
        "IfMatch": {
            "name": "If-Match",
            "in": "header",
            "description": "The `ETag` you read (`\"3\"`): the change applies only to that version, 412 otherwise.",
            "schema": {"type": "string", "pattern": "^(\\*|(W/)?\"[0-9]{1,9}\"|[0-9]{1,9})$"},
            "example": "\"3\""
        }
    })
}

/// `90 s` → `1 min 30 s`, as people read delays.
fn human(delay: Duration) -> String {
    let seconds = delay.as_secs();
    match (seconds / 3600, seconds % 3600 / 60, seconds % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (h, 0, 0) => format!("{h} h"),
        (h, m, s) => format!("{h} h {m} min {s} s"),
    }
}

/// What the API sends to a partner's webhook (OpenAPI 3.1 `webhooks`): one operation
/// per event type, which the partner's endpoint implements. The API authenticates to it
/// by signing, not with a bearer token: `security: []`.
fn webhooks() -> Value {
    let retries: Vec<String> = RETRY_SCHEDULE.iter().map(|delay| human(*delay)).collect();
    let description = format!(
        "Signed per Standard Webhooks: verify `webhook-signature` (`v1,<base64 HMAC-SHA256 of \"{{webhook-id}}.{{webhook-timestamp}}.{{body}}\">`, keyed by the secret after its `whsec_` prefix, base64-decoded) and refuse timestamps more than 5 minutes away. Answer 2xx within 10 seconds; anything else is retried after {}. Answer 410 Gone to disable the webhook. The same `webhook-id` may come twice: deduplicate on it.",
        retries.join(", ")
    );
    let delivery = |event: &str| {
        json!({
            "post": {
                "operationId": receiver_operation(event),
                "tags": ["webhooks"],
                "summary": delivery_summary(event),
                "description": description,
                "security": [],
                "parameters": [
                    {"name": "webhook-id", "in": "header", "required": true, "description": "The delivery's id, the same on every attempt.", "schema": {"type": "string"}},
                    {"name": "webhook-timestamp", "in": "header", "required": true, "description": "When this attempt was signed, in Unix seconds.", "schema": {"type": "string", "pattern": "^[0-9]+$"}},
                    {"name": "webhook-signature", "in": "header", "required": true, "description": "`v1,<base64 signature>`; Standard Webhooks allows several, space-separated: accept the delivery if one verifies.", "schema": {"type": "string"}}
                ],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
                "responses": {
                    "2XX": {"description": "Received."},
                    "410": {"description": "Gone: the webhook is disabled, and nothing more is sent to it."},
                    "default": {"description": "Anything else, a redirect or no answer within 10 seconds included: the delivery is retried."}
                }
            }
        })
    };
    values::event_types()
        .iter()
        .map(|event| (event.clone(), delivery(event)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// `analysis.completed` → `receiveAnalysisCompleted`.
fn receiver_operation(event: &str) -> String {
    let words: String = event
        .split(['.', '_'])
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("receive{words}")
}

fn delivery_summary(event: &str) -> String {
    match event {
        "analysis.completed" => "An analysis completed".to_owned(),
        "analysis.failed" => "An analysis failed".to_owned(),
        "analysis.reviewed" => "A human review of an analysis was recorded".to_owned(),
        "webhook.test" => "A test delivery (POST /api/v1/webhooks/{webhook_id}/test/)".to_owned(),
        other => format!("A `{other}` event"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_has_a_description() {
        super::operations::paths(&crate::services::api_routes()).expect("every route described");
    }
}
