//! The schemas of human reviews (DESIGN §12): the body that records one, and the review.

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
    all
}
