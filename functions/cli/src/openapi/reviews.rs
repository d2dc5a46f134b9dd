//! The schemas of human oversight and proof (DESIGN §12): the body that records a
//! review, the review, and the signed decision record.

use serde_json::{Map, Value, json};
use shared::domain::review::{
    MAX_CONSUMER_STATEMENT_CHARS, MAX_JUSTIFICATION_CHARS, MAX_REVIEWER_CHARS,
};

use super::values::{self, closed};

fn decision(description: &str) -> Value {
    let mut schema = closed(&values::decisions());
    schema["description"] = description.into();
    schema
}

pub fn schemas() -> Map<String, Value> {
    let reviewer = "Your own id for the agent who reviewed: an id rather than a name.";
    let justification = "Why the agent decided so. Shown to you only, never sent to webhooks.";
    let statement = "What the consumer had to say, when you recorded it. Shown to you only, never sent to webhooks.";
    let mut all = Map::new();
    all.insert(
        "ReviewCreate".into(),
        json!({
            "type": "object",
            "required": ["reviewer", "decision", "justification"],
            "additionalProperties": false,
            "properties": {
                "reviewer": {"type": "string", "minLength": 1, "maxLength": MAX_REVIEWER_CHARS, "pattern": "\\S", "description": format!("{reviewer} Not blank; at most {MAX_REVIEWER_CHARS} characters."), "examples": ["agent-0042"]},
                "decision": decision("The agent's decision: it stands from now on, in place of the model's."),
                "justification": {"type": "string", "minLength": 1, "maxLength": MAX_JUSTIFICATION_CHARS, "pattern": "\\S", "description": format!("{justification} Not blank; at most {MAX_JUSTIFICATION_CHARS} characters.")},
                "consumer_statement": {"type": ["string", "null"], "maxLength": MAX_CONSUMER_STATEMENT_CHARS, "description": format!("{statement} At most {MAX_CONSUMER_STATEMENT_CHARS} characters.")}
            }
        }),
    );
    all.insert(
        "Review".into(),
        json!({
            "type": "object",
            "description": "A human review of a completed analysis, as recorded: reviews are only ever appended.",
            "required": ["id", "analysis_id", "reviewer", "decision", "justification", "consumer_statement", "created_at"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "description": "The review's id: `analysis.reviewed` carries it as `review_id`."},
                "analysis_id": {"type": "string", "format": "uuid", "description": "The analysis reviewed."},
                "reviewer": {"type": "string", "description": reviewer},
                "decision": decision("The agent's decision."),
                "justification": {"type": "string", "description": justification},
                "consumer_statement": {"type": ["string", "null"], "description": statement},
                "created_at": {"type": "string", "format": "date-time", "examples": ["2026-11-25T14:02:51Z"]}
            }
        }),
    );
    all.insert("DecisionRecord".into(), decision_record(reviewer));
    all
}

fn decision_record(reviewer: &str) -> Value {
    let uuid =
        |description: &str| json!({"type": "string", "format": "uuid", "description": description});
    let time = |description: &str| json!({"type": "string", "format": "date-time", "description": description, "examples": ["2026-11-25T14:02:51Z"]});
    let digest = |description: &str| json!({"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$", "description": format!("{description} Lowercase hexadecimal; `null` for an analysis completed before records existed.")});
    json!({
        "type": "object",
        "description": "The decision record of a completed analysis: ids, digests, versions, decisions and timestamps only, signed.",
        "required": ["analysis_id", "profile_id", "profile_version", "partner_id", "api_key_id", "requested_at", "completed_at", "model_version", "categoriser_version", "usury_table_from", "input_sha256", "result_sha256", "decision", "reviews", "erased_at", "signature"],
        "properties": {
            "analysis_id": uuid("The analysis."),
            "profile_id": uuid("The profile analysed."),
            "profile_version": {"type": "integer", "minimum": 1, "description": "The submitted version analysed."},
            "partner_id": uuid("You."),
            "api_key_id": {"type": ["string", "null"], "description": "The id of the API key whose access token requested the analysis; `null` for an analysis requested before records existed.", "pattern": "^key_[0-9a-f]{32}$", "examples": ["key_3f9a1c2b7d4e5f60a1b2c3d4e5f60718"]},
            "requested_at": time("When the analysis was requested."),
            "completed_at": time("When the model completed it."),
            "model_version": {"type": "string", "examples": [scoring::MODEL_VERSION]},
            "categoriser_version": {"type": ["string", "null"], "description": "The bank categoriser's version, when the analysed version held statements.", "examples": [bank::CATEGORISER_VERSION]},
            "usury_table_from": {"type": ["string", "null"], "format": "date", "description": "The day from which the usury threshold the TAEG was held against applies; `null` when none was loaded for the loan's category."},
            "input_sha256": digest("SHA-256 of the canonical JSON (RFC 8785) of what the model read: `{\"attributes\": …, \"statements\": […]}`."),
            "result_sha256": digest("SHA-256 of the canonical JSON (RFC 8785) of the analysis's `result`, as read in French."),
            "decision": decision("The model's decision."),
            "reviews": {
                "type": "array",
                "description": "The human reviews, oldest first: the latest one's decision stands. Their free text is not part of the record.",
                "items": {
                    "type": "object",
                    "required": ["id", "reviewer", "decision", "created_at"],
                    "properties": {
                        "id": uuid("The review."),
                        "reviewer": {"type": ["string", "null"], "description": format!("{reviewer} `null` once the profile is erased, like the review's other text.")},
                        "decision": decision("The agent's decision."),
                        "created_at": time("When it was recorded.")
                    }
                }
            },
            "erased_at": {"type": ["string", "null"], "format": "date-time", "description": "When the profile was erased; the record expires 6 months later."},
            "signature": {"type": "string", "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", "description": "Compact JWS (RFC 7515) signed with EdDSA (Ed25519, RFC 8037): header `{\"alg\":\"EdDSA\",\"typ\":\"JOSE\",\"cty\":\"json\",\"kid\":…}`, payload the record without `signature` in canonical JSON (RFC 8785)."}
        }
    })
}
