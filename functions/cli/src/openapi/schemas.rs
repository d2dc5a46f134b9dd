//! `components/schemas`: the bodies partners send and receive. Attribute schemas come
//! from the catalogue and error codes from the error catalogue, so neither can drift;
//! the rest mirrors the handlers' view types, held to them by the tests that validate
//! every response of a full run against this description (`tests/it/openapi.rs`).

use serde_json::{Map, Value, json};
use shared::domain::catalogue::{ATTRIBUTES, Attribute, Kind, MAX_MONEY_CENTS};

use super::values::{self, closed, open};

/// Every named schema.
pub fn all() -> Value {
    let mut all = json!({
        "Meta": meta(),
        "ListMeta": meta_with(
            "`meta` of a list: `next_cursor` is `null` on the last page.",
            "next_cursor",
            json!({
                "type": ["string", "null"],
                "description": "Pass it as `cursor` to read the next page."
            }),
        ),
        "CatalogueMeta": meta_with(
            "`meta` of the catalogue, with its version.",
            "catalogue_version",
            json!({"type": "string", "examples": [shared::domain::catalogue::CATALOGUE_VERSION]}),
        ),
        "Error": error(),
        "GatewayError": {
            "type": "object",
            "description": "A body of API Gateway's own, on AWS, when the request did not reach this API's code or its code did not answer: not this API's envelope.",
            "required": ["message"],
            "properties": {
                "message": {"type": "string", "examples": ["Too Many Requests", "Internal Server Error", "Service Unavailable"]}
            }
        },
        "Detail": {
            "type": "object",
            "required": ["field", "code", "message"],
            "properties": {
                "field": {
                    "type": "string",
                    "description": "A JSON pointer into the body (`/attributes/loan_amount`), or the name of a query parameter or header.",
                    "examples": ["/attributes/loan_amount"]
                },
                "code": open(
                    "What is wrong with it (`url`: a webhook URL the policy refuses; `reused`: an `Idempotency-Key`; `repeated`: a query parameter given twice; `range`: `limit`).",
                    &values::detail_codes(),
                ),
                "message": {"type": "string", "examples": ["at most 1000000000 EUR"]}
            }
        },
        "TokenRequest": {
            "type": "object",
            "required": ["apiKey"],
            "additionalProperties": false,
            "properties": {
                "apiKey": {
                    "type": "string",
                    "description": "Your API key (`pb2b_…`). `api_key` is accepted too.",
                    "examples": ["pb2b_7Hq2kR9xLm4Tn8Vb3Wc5Yd0QeC2x4"]
                }
            }
        },
        "TokenPair": {
            "type": "object",
            "required": ["access", "refresh", "access_expire", "refresh_expire", "token_type", "expires_in"],
            "properties": {
                "access": {"type": "string", "description": "The access token (JWT), valid 1 hour."},
                "refresh": {"type": "string", "description": "The refresh token (JWT), valid 1 week."},
                "access_expire": timestamp("When the access token expires."),
                "refresh_expire": timestamp("When the refresh token expires."),
                "token_type": {"const": "Bearer"},
                "expires_in": {"type": "integer", "description": "Seconds the access token lives.", "examples": [3600]}
            }
        },
        "RefreshRequest": {
            "type": "object",
            "required": ["refresh"],
            "additionalProperties": false,
            "properties": {
                "refresh": {"type": "string", "description": "The refresh token. The spec's first spelling `refresg` is accepted too."}
            }
        },
        "RevokeRequest": {
            "type": "object",
            "required": ["token"],
            "additionalProperties": false,
            "properties": {
                "token": {"type": "string", "description": "The refresh token to revoke."},
                "token_type_hint": {"type": ["string", "null"], "description": "RFC 7009's hint, accepted and ignored (`null` is no hint): the token says its own type.", "examples": ["refresh_token", "access_token"]}
            }
        },
        "Revoked": {
            "type": "object",
            "additionalProperties": false,
            "description": "Empty: RFC 7009 gives the client nothing to read in the answer."
        },
        "JwkSet": {
            "type": "object",
            "required": ["keys"],
            "description": "A JWK Set (RFC 7517 section 5).",
            "properties": {
                "keys": {"type": "array", "items": {"$ref": "#/components/schemas/Jwk"}}
            }
        },
        "Jwk": {
            "type": "object",
            "required": ["kty", "crv", "x", "kid", "alg", "use"],
            "description": "An Ed25519 public key (RFC 8037 section 2).",
            "properties": {
                "kty": {"const": "OKP"},
                "crv": {"const": "Ed25519"},
                "x": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$", "description": "The public key, base64url."},
                "kid": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$", "description": "The key's id, as a signature's header names it: its RFC 7638 thumbprint when generated."},
                "alg": {"const": "EdDSA"},
                "use": {"const": "sig"}
            }
        },
        "AccessToken": {
            "type": "object",
            "required": ["access", "access_expire", "token_type", "expires_in"],
            "properties": {
                "access": {"type": "string", "description": "A new access token (JWT), valid 1 hour."},
                "access_expire": timestamp("When the access token expires."),
                "token_type": {"const": "Bearer"},
                "expires_in": {"type": "integer", "examples": [3600]}
            }
        },
        "AttributeDefinition": attribute_definition(),
        "Attributes": attributes(Use::Create),
        "AttributesPatch": attributes(Use::Patch),
        "ProfileAttributes": attributes(Use::Read),
        "Reference": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]+$",
            "description": "Your own identifier for the profile, unique among your profiles.",
            "examples": ["dossier-2026-0042"]
        },
        "ProfileCreate": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "reference": {"$ref": "#/components/schemas/Reference"},
                "attributes": {"$ref": "#/components/schemas/Attributes"}
            }
        },
        "ProfilePatch": {
            "type": "object",
            "description": "A JSON merge patch (RFC 7396): members set, `null` removes.",
            "additionalProperties": false,
            "properties": {
                "reference": {"oneOf": [{"$ref": "#/components/schemas/Reference"}, {"type": "null"}]},
                "attributes": {"$ref": "#/components/schemas/AttributesPatch"}
            }
        },
        "ProfileStatus": closed(&values::profile_statuses()),
        "Profile": {
            "type": "object",
            "required": ["id", "reference", "status", "version", "attributes", "missing_attributes", "created_at", "updated_at", "submitted_at", "submitted_version"],
            "properties": {
                "id": id("The profile's id."),
                "reference": {"oneOf": [{"$ref": "#/components/schemas/Reference"}, {"type": "null"}]},
                "status": {"$ref": "#/components/schemas/ProfileStatus"},
                "version": {"type": "integer", "minimum": 1, "description": "Grows with every change; the `ETag`."},
                "attributes": {"$ref": "#/components/schemas/ProfileAttributes"},
                "missing_attributes": {
                    "type": "array",
                    "items": open("An attribute name.", &values::attribute_names()),
                    "description": "Attributes submission still needs."
                },
                "created_at": timestamp(""),
                "updated_at": timestamp(""),
                "submitted_at": nullable_timestamp("When the profile was last submitted."),
                "submitted_version": {"type": ["integer", "null"], "description": "The version last submitted: the one analyses read."}
            }
        },
        "AnalysisStatus": closed(&values::analysis_statuses()),
        "Analysis": {
            "type": "object",
            "required": ["id", "profile_id", "profile_version", "status", "created_at", "completed_at", "result", "failure_reason", "final_decision", "decided_by", "reviews"],
            "properties": {
                "id": id("The analysis's id."),
                "profile_id": id("The profile analysed."),
                "profile_version": {"type": "integer", "minimum": 1, "description": "The submitted version analysed."},
                "status": {"$ref": "#/components/schemas/AnalysisStatus"},
                "created_at": timestamp(""),
                "completed_at": nullable_timestamp("When the analysis completed or failed."),
                "result": {
                    "oneOf": [{"$ref": "#/components/schemas/AnalysisResult"}, {"type": "null"}],
                    "description": "Once `completed`."
                },
                "failure_reason": {"type": ["string", "null"], "description": "Once `failed`."},
                "final_decision": {
                    "oneOf": [closed(&values::decisions()), {"type": "null"}],
                    "description": "The decision that stands: the latest review's, else the model's (`result.decision`, which a review never changes). Once `completed`."
                },
                "decided_by": {
                    "oneOf": [closed(&values::decided_by()), {"type": "null"}],
                    "description": "Who made `final_decision`: `model` until a review is recorded, then `human`. Once `completed`."
                },
                "reviews": {
                    "type": "array",
                    "maxItems": shared::domain::review::MAX_REVIEWS,
                    "items": {"$ref": "#/components/schemas/Review"},
                    "description": "Its human reviews, oldest first (`POST /api/v1/analyses/{analysis_id}/reviews/`)."
                }
            }
        },
        "AnalysisResult": {
            "type": "object",
            "description": "The explained result; every rule and factor is described in the model's documentation (docs/modele-analyse.md).",
            "required": ["score", "grade", "decision", "model_version", "metrics", "rules", "factors", "counterfactuals"],
            "properties": {
                "score": {"type": "integer", "minimum": 0, "maximum": 1000},
                "grade": closed(&values::grades()),
                "decision": closed(&values::decisions()),
                "model_version": {"type": "string", "examples": [scoring::MODEL_VERSION]},
                "metrics": {"$ref": "#/components/schemas/Metrics"},
                "rules": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}},
                "factors": {"type": "array", "items": {"$ref": "#/components/schemas/Factor"}},
                "counterfactuals": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Counterfactual"},
                    "description": "Single changes that would make every hard rule pass; empty when they all pass."
                },
                "bank": {
                    "allOf": [{"$ref": "#/components/schemas/BankInsights"}],
                    "description": "What the profile's bank statements show, when the analysed version has statements (absent otherwise): the figures the bank rules read."
                }
            }
        },
        "Metrics": {
            "type": "object",
            "description": "Money in euros (2 decimals); rates as fractions (0.35 is 35 %).",
            "required": ["monthly_income", "monthly_loan_payment", "monthly_insurance", "effort_rate_before", "effort_rate_after", "residual_income", "residual_income_floor", "loan_to_value", "age_at_maturity", "max_monthly_payment", "max_loan_amount", "apr", "usury_threshold", "usury_category", "income_basis"],
            "properties": {
                "monthly_income": euros(),
                "monthly_loan_payment": euros(),
                "monthly_insurance": euros(),
                "effort_rate_before": {"type": ["number", "null"], "description": "The true quotient, uncapped; `null` when no income is declared."},
                "effort_rate_after": {"type": ["number", "null"], "description": "The true quotient, uncapped; `null` when no income is declared."},
                "residual_income": euros(),
                "residual_income_floor": euros(),
                "loan_to_value": {"type": ["number", "null"], "description": "`null` unless a mortgage with a property value."},
                "age_at_maturity": {"type": "integer"},
                "max_monthly_payment": euros(),
                "max_loan_amount": euros(),
                "apr": {"type": ["number", "null"], "description": "The TAEG (annual percentage rate of charge, EU directive 2023/2225 Annex I), 4 decimals; `null` when the fees reach the amount borrowed."},
                "usury_threshold": {"type": ["number", "null"], "description": "The Banque de France usury threshold the TAEG was held to, as a fraction."},
                "income_basis": {"type": ["string", "null"], "enum": ["declared", "observed", null], "description": "`observed` when the bank statements cover at least 90 days and 3 full months and show less income than declared, so the effort rate and the residual income use what they show; `declared` otherwise."},
                "usury_category": {"type": ["string", "null"], "description": "The usury category of the loan.", "examples": ["mortgage_fixed_lt_10y", "mortgage_fixed_10_20y", "mortgage_fixed_ge_20y", "mortgage_variable", "consumer_le_3000", "consumer_3000_6000", "consumer_gt_6000"]}
            }
        },
        "Rule": {
            "type": "object",
            "required": ["code", "status", "value", "threshold", "message"],
            "properties": {
                "code": open("The rule (docs/modele-analyse.md).", &values::rule_codes()),
                "status": closed(&values::rule_statuses()),
                "value": {"type": ["number", "null"]},
                "threshold": {"type": ["number", "null"]},
                "message": {"type": "string"}
            }
        },
        "Factor": {
            "type": "object",
            "description": "A signed contribution: `score = clamp(600 + Σ impact, 0, 1000)`.",
            "required": ["code", "impact", "message"],
            "properties": {
                "code": open("The factor (docs/modele-analyse.md).", &values::factor_codes()),
                "impact": {"type": "integer"},
                "message": {"type": "string"}
            }
        },
        "Counterfactual": {
            "type": "object",
            "required": ["change", "value", "effect"],
            "properties": {
                "change": open("What to change, to `value`.", &values::changes()),
                "value": {"type": "number"},
                "effect": {"type": "string"}
            }
        },
        "Explanation": {
            "type": "object",
            "description": "The decision explained to the consumer, every text in `language`.",
            "required": ["language", "decision", "final_decision", "summary", "main_reasons", "what_would_change", "rights"],
            "properties": {
                "language": {"type": "string", "enum": ["en", "fr"]},
                "decision": closed(&values::decisions()),
                "final_decision": {
                    "allOf": [closed(&values::decisions())],
                    "description": "The decision that stands: the model's, until a person reviews it."
                },
                "summary": {"type": "string", "description": "The decision in a few sentences."},
                "main_reasons": {
                    "type": "array",
                    "maxItems": scoring::MAX_REASONS,
                    "description": "The failing rules, then the warning ones; empty when every rule passes.",
                    "items": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": open("The rule (docs/modele-analyse.md).", &values::rule_codes()),
                            "message": {"type": "string"}
                        }
                    }
                },
                "what_would_change": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "One sentence per counterfactual: a change that would meet the lending criteria. Possibilities, not offers."
                },
                "rights": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "The consumer's rights about the decision, and how to use them."
                }
            }
        },
        "EventType": open(
            "`webhook.test` is sent by the test route only, never subscribed to; `webhook.endpoint_failing` is on the events feed only.",
            &values::event_types(),
        ),
        "DeliveryStatus": closed(&values::delivery_statuses()),
        "DeliveryRecord": {
            "type": "object",
            "required": ["id", "event_id", "event_type", "status", "attempts", "last_attempt_at", "last_status_code", "next_attempt_at"],
            "properties": {
                "id": {"type": "string", "description": "The `webhook-id` header of every attempt."},
                "event_id": {"type": "string", "description": "The event's id (`evt_…`)."},
                "event_type": {"$ref": "#/components/schemas/EventType"},
                "status": {"$ref": "#/components/schemas/DeliveryStatus"},
                "attempts": {
                    "type": "array",
                    "description": "Oldest first.",
                    "items": {
                        "type": "object",
                        "required": ["at", "duration_ms"],
                        "properties": {
                            "at": timestamp(""),
                            "status_code": {"type": "integer", "description": "Your endpoint's HTTP status, when it answered."},
                            "error": open("Why the attempt got no status.", &["timeout".into(), "connection".into(), "redirect".into(), "refused_address".into(), "request".into()]),
                            "duration_ms": {"type": "integer", "minimum": 0}
                        }
                    }
                },
                "last_attempt_at": nullable_timestamp(""),
                "last_status_code": {"type": ["integer", "null"]},
                "next_attempt_at": nullable_timestamp("When the next automatic attempt is due, while `pending`.")
            }
        },
        "RetryQueued": {
            "type": "object",
            "required": ["webhook_id", "delivery_id", "event_id", "event_type"],
            "properties": {
                "webhook_id": id("The webhook."),
                "delivery_id": {"type": "string", "description": "The `webhook-id` the redelivery carries: the delivery's."},
                "event_id": {"type": "string"},
                "event_type": {"$ref": "#/components/schemas/EventType"}
            }
        },
        "WebhookCreate": {
            "type": "object",
            "required": ["url"],
            "additionalProperties": false,
            "properties": {
                "url": {
                    "type": "string",
                    "format": "uri",
                    "description": "An `https://` URL on port 443 whose name resolves to public addresses only.",
                    "examples": ["https://partenaire.example/webhooks/aberture"]
                },
                "events": {
                    "type": "array",
                    "minItems": 1,
                    "items": closed(&values::subscribable_event_types()),
                    "description": "`analysis.completed` and `analysis.failed` when absent. Another value is refused (422)."
                },
                "description": {"type": ["string", "null"], "maxLength": 256}
            }
        },
        "Webhook": {
            "type": "object",
            "required": ["id", "url", "events", "description", "enabled", "disabled_reason", "disabled_at", "failing_since", "previous_secret_expires_at", "created_at", "stats", "recent_attempts"],
            "properties": webhook_properties()
        },
        "WebhookCreated": webhook_created(),
        "DeliveryStats": {
            "type": "object",
            "required": ["attempts", "delivered", "failed", "last_attempt_at", "last_delivered_at"],
            "properties": {
                "attempts": {"type": "integer", "minimum": 0},
                "delivered": {"type": "integer", "minimum": 0},
                "failed": {"type": "integer", "minimum": 0, "description": "Deliveries abandoned after their last attempt."},
                "last_attempt_at": nullable_timestamp(""),
                "last_delivered_at": nullable_timestamp("")
            }
        },
        "DeliveryAttempt": {
            "type": "object",
            "required": ["delivery_id", "event_type", "attempt", "at", "outcome", "status", "error", "duration_ms"],
            "properties": {
                "delivery_id": {"type": "string", "description": "The `webhook-id` header, the same for every attempt of one delivery."},
                "event_type": {"$ref": "#/components/schemas/EventType"},
                "attempt": {"type": "integer", "minimum": 1},
                "at": timestamp(""),
                "outcome": open("", &values::attempt_outcomes()),
                "status": {"type": ["integer", "null"], "description": "Your endpoint's HTTP status, when it answered."},
                "error": {"type": ["string", "null"], "description": "Why the attempt failed without a status."},
                "duration_ms": {"type": "integer", "minimum": 0}
            }
        },
        "TestQueued": {
            "type": "object",
            "required": ["webhook_id", "delivery_id", "event_type"],
            "properties": {
                "webhook_id": id("The webhook tested."),
                "delivery_id": {"type": "string", "description": "The `webhook-id` the delivery will carry."},
                "event_type": {"const": "webhook.test"}
            }
        },
        "Event": {
            "type": "object",
            "description": "The body of a webhook delivery, and an entry of the events feed.",
            "required": ["id", "type", "created_at", "data"],
            "properties": {
                "id": {"type": "string", "description": "The event's id (`evt_…`)."},
                "type": {"$ref": "#/components/schemas/EventType"},
                "created_at": timestamp(""),
                "data": {
                    "type": "object",
                    "description": "Ids and status only: read the analysis for its result. `analysis.*` carry `analysis_id`, `profile_id`, `status` and the profile's `reference` when it has one; `analysis.reviewed` adds `review_id`, `decision`, `final_decision` and `decided_by` (never the review's free text: read the analysis for it); `webhook.test` and `webhook.endpoint_failing` carry `webhook_id`. On the events feed, `reference` is left out.",
                    "properties": {
                        "analysis_id": id(""),
                        "profile_id": id(""),
                        "reference": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/AnalysisStatus"},
                        "review_id": id("`analysis.reviewed`: the review recorded."),
                        "decision": described(closed(&values::decisions()), "`analysis.reviewed`: the model's decision (`result.decision`), which a review never changes."),
                        "final_decision": described(closed(&values::decisions()), "`analysis.reviewed`: the review's decision, the one that now stands."),
                        "decided_by": described(closed(&values::decided_by()), "`analysis.reviewed`: `human`."),
                        "webhook_id": id("")
                    }
                }
            }
        }
    });
    if let Value::Object(schemas) = &mut all {
        schemas.extend(super::bank::schemas());
        schemas.extend(super::reviews::schemas());
    }
    all
}

/// `Meta` with one more member, required.
fn meta_with(description: &str, name: &str, schema: Value) -> Value {
    let mut meta = meta();
    meta["description"] = description.into();
    meta["properties"][name] = schema;
    if let Some(required) = meta["required"].as_array_mut() {
        required.push(name.into());
    }
    meta
}

fn meta() -> Value {
    json!({
        "type": "object",
        "required": ["timestamp", "request_id"],
        "properties": {
            "timestamp": timestamp("When the response was made."),
            "request_id": {
                "type": "string",
                "format": "uuid",
                "description": "Also in the `x-request-id` header: quote it when you contact us."
            }
        }
    })
}

fn error() -> Value {
    json!({
        "type": "object",
        "required": ["error", "meta"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "details"],
                "properties": {
                    "code": open(
                        "Stable: match on it. The catalogue in `info.description` says what each means and what to do.",
                        &values::error_codes(None),
                    ),
                    "message": {"type": "string", "description": "For people; it may change."},
                    "details": {"type": "array", "items": {"$ref": "#/components/schemas/Detail"}}
                }
            },
            "meta": {"$ref": "#/components/schemas/Meta"}
        }
    })
}

fn attribute_definition() -> Value {
    json!({
        "type": "object",
        "required": ["name", "type", "unit", "allowed_values", "min", "max", "required", "required_if", "category", "description", "used_in_scoring"],
        "properties": {
            "name": open("The attribute's name in a profile's `attributes`.", &values::attribute_names()),
            "type": open("How its value is written.", &values::attribute_types()),
            "unit": nullable(open("", &values::units())),
            "allowed_values": {"type": ["array", "null"], "items": {"type": "string"}},
            "min": {"type": ["number", "null"]},
            "max": {"type": ["number", "null"]},
            "required": {"type": "boolean", "description": "Submission needs it, whatever the loan."},
            "required_if": {
                "type": ["object", "null"],
                "description": "A condition under which submission needs it.",
                "examples": [{"loan_type": "mortgage"}]
            },
            "category": open("", &values::categories()),
            "description": {
                "type": "object",
                "required": ["fr", "en"],
                "properties": {"fr": {"type": "string"}, "en": {"type": "string"}}
            },
            "used_in_scoring": {"type": "boolean"}
        }
    })
}

/// Where an attributes object is read or written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// A profile created: only the catalogue's attributes and values are accepted.
    Create,
    /// A merge patch: the same, and `null` removes one.
    Patch,
    /// A profile read: the catalogue may have grown since the client was written, so
    /// other names and enumerated values may come.
    Read,
}

/// The attributes object, one property per catalogue entry.
fn attributes(usage: Use) -> Value {
    let properties: Map<String, Value> = ATTRIBUTES
        .iter()
        .map(|attribute| {
            let schema = attribute_value(attribute, usage);
            let schema = if usage == Use::Patch {
                json!({"oneOf": [schema, {"type": "null"}]})
            } else {
                schema
            };
            (attribute.name.to_owned(), schema)
        })
        .collect();
    let mut schema = json!({"type": "object", "properties": properties});
    schema["description"] = match usage {
        Use::Create => "The profile's attributes; names and rules: GET /api/v1/attributes/. Another name is refused (422 `unknown_attribute`).",
        Use::Patch => "Attributes to set; `null` removes one. Names and rules: GET /api/v1/attributes/.",
        Use::Read => "The profile's attributes, by name (GET /api/v1/attributes/). The catalogue only grows: keep the names you do not know as they are.",
    }
    .into();
    if usage != Use::Read {
        schema["additionalProperties"] = false.into();
    }
    schema
}

fn attribute_value(attribute: &Attribute, usage: Use) -> Value {
    let max_money = MAX_MONEY_CENTS as f64 / 100.0;
    let mut schema = match attribute.kind {
        Kind::Integer { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        Kind::Money { positive: true } => {
            json!({"type": "number", "exclusiveMinimum": 0, "maximum": max_money})
        }
        Kind::Money { positive: false } => {
            json!({"type": "number", "minimum": 0, "maximum": max_money})
        }
        Kind::Percent { max_hundredths } => {
            json!({"type": "number", "minimum": 0, "maximum": max_hundredths as f64 / 100.0})
        }
        Kind::Boolean => json!({"type": "boolean"}),
        Kind::PastDate => json!({"type": "string", "format": "date"}),
        Kind::Enum(allowed) => {
            let allowed: Vec<String> = allowed.iter().map(|value| (*value).to_owned()).collect();
            match usage {
                Use::Read => open("", &allowed),
                Use::Create | Use::Patch => closed(&allowed),
            }
        }
    };
    let mut description = attribute.description_en.to_owned();
    if matches!(attribute.kind, Kind::Money { .. } | Kind::Percent { .. }) {
        description.push_str(" At most two decimals.");
    }
    if attribute.kind == Kind::PastDate {
        description.push_str(" Not in the future.");
    }
    if let Some(values) = schema["description"].as_str() {
        description = format!("{description} {values}");
    }
    schema["description"] = description.into();
    schema
}

/// The webhook as created: with its secret, this once.
fn webhook_created() -> Value {
    let mut properties = webhook_properties();
    properties["secret"] = json!({
        "type": "string",
        "pattern": "^whsec_",
        "description": "The signing secret (Standard Webhooks), shown this once only (at creation, or at a rotation)."
    });
    json!({
        "type": "object",
        "required": ["id", "url", "events", "description", "enabled", "disabled_reason", "disabled_at", "failing_since", "previous_secret_expires_at", "created_at", "stats", "recent_attempts", "secret"],
        "properties": properties
    })
}

fn webhook_properties() -> Value {
    json!({
        "id": id("The webhook's id."),
        "url": {"type": "string", "format": "uri"},
        "events": {"type": "array", "items": {"$ref": "#/components/schemas/EventType"}},
        "description": {"type": ["string", "null"]},
        "enabled": {"type": "boolean", "description": "`false` once your endpoint answered 410 Gone, or failed every attempt for 5 days."},
        "disabled_reason": {"type": ["string", "null"]},
        "disabled_at": nullable_timestamp("When deliveries stopped."),
        "failing_since": nullable_timestamp("Since when every attempt failed, while they do; after a day, `webhook.endpoint_failing` is on the events feed."),
        "previous_secret_expires_at": nullable_timestamp("Until when the secret replaced by the last rotation still signs beside the new one."),
        "created_at": timestamp(""),
        "stats": {"$ref": "#/components/schemas/DeliveryStats"},
        "recent_attempts": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/DeliveryAttempt"},
            "description": "The latest delivery attempts, newest first."
        }
    })
}

/// `schema` with `description`.
fn described(mut schema: Value, description: &str) -> Value {
    schema["description"] = description.into();
    schema
}

/// `schema`, or `null`.
fn nullable(mut schema: Value) -> Value {
    schema["type"] = json!([schema["type"].clone(), "null"]);
    schema
}

fn id(description: &str) -> Value {
    json!({"type": "string", "format": "uuid", "description": description})
}

fn timestamp(description: &str) -> Value {
    let mut schema =
        json!({"type": "string", "format": "date-time", "examples": ["2026-11-25T13:08:18Z"]});
    if !description.is_empty() {
        schema["description"] = description.into();
    }
    schema
}

fn nullable_timestamp(description: &str) -> Value {
    let mut schema = json!({"type": ["string", "null"], "format": "date-time"});
    if !description.is_empty() {
        schema["description"] = description.into();
    }
    schema
}

fn euros() -> Value {
    json!({"type": "number", "description": "Euros."})
}
