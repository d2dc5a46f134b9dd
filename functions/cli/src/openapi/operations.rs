//! `paths`: every route the API answers, with the statuses each can answer.

use serde_json::{Value, json};
use shared::edge::route::{Access, RouteInfo};

use super::responses::header;

/// The success body `{"data": <schema>, "meta": Meta}`.
fn envelope(data: Value) -> Value {
    json!({
        "type": "object",
        "required": ["data", "meta"],
        "properties": {"data": data, "meta": {"$ref": "#/components/schemas/Meta"}}
    })
}

fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn page_of(name: &str) -> Value {
    json!({
        "type": "object",
        "required": ["data", "meta"],
        "properties": {
            "data": {"type": "array", "items": schema(name)},
            "meta": schema("ListMeta")
        }
    })
}

/// A successful response: `body` (or none), and the headers it carries besides
/// `x-request-id` and `Content-Language`, which every response has.
fn success(description: &str, body: Option<Value>, headers: &[&str]) -> Value {
    let mut response = json!({"description": description, "headers": {
        "x-request-id": header("RequestId"),
        "Content-Language": header("ContentLanguage")
    }});
    for name in headers {
        response["headers"][*name] = header(&name.replace('-', ""));
    }
    if let Some(body) = body {
        response["content"] = json!({"application/json": {"schema": body}});
    }
    response
}

/// Adds links from a created resource to the operations taking its id as `parameter`.
fn links(mut response: Value, parameter: &str, operations: &[&str]) -> Value {
    for operation in operations {
        response["links"][*operation] = json!({
            "operationId": operation,
            "parameters": {parameter: "$response.body#/data/id"}
        });
    }
    response
}

fn json_body(name: &str) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema(name)}}})
}

/// A JSON merge patch (RFC 7396), under either media type.
fn merge_patch_body(name: &str) -> Value {
    json!({"required": true, "content": {
        "application/merge-patch+json": {"schema": schema(name)},
        "application/json": {"schema": schema(name)}
    }})
}

/// One operation; `errors` are the error statuses it can answer besides those [`paths`]
/// adds from its route, each a shared response in `components/responses`.
struct Operation<'a> {
    id: &'a str,
    tag: &'a str,
    summary: &'a str,
    description: &'a str,
    parameters: &'a [&'a str],
    body: Option<Value>,
    success: (u16, Value),
    errors: Vec<u16>,
}

impl Operation<'_> {
    fn json(self) -> Value {
        let mut responses = serde_json::Map::new();
        responses.insert(self.success.0.to_string(), self.success.1);
        for status in self.errors {
            responses.insert(
                status.to_string(),
                json!({"$ref": format!("#/components/responses/Error{status}")}),
            );
        }
        let mut operation = json!({
            "operationId": self.id,
            "tags": [self.tag],
            "summary": self.summary,
            "responses": responses
        });
        if !self.description.is_empty() {
            operation["description"] = self.description.into();
        }
        if !self.parameters.is_empty() {
            operation["parameters"] = self
                .parameters
                .iter()
                .map(|name| json!({"$ref": format!("#/components/parameters/{name}")}))
                .collect();
        }
        if let Some(body) = self.body {
            operation["requestBody"] = body;
        }
        operation
    }
}

/// Error statuses every operation of the API can answer: another method on its path
/// (405), API Gateway's throttling (429), a failure (500) and a dependency or the
/// function not answering (503).
const EVERY_OPERATION: [u16; 4] = [405, 429, 500, 503];
/// Those of an operation that reads a JSON body, or accepts none but `{}`: malformed
/// (400), over 64 KiB (413), not JSON (415), not of the schema (422).
const READS_BODY: [u16; 4] = [400, 413, 415, 422];

fn statuses(groups: &[&[u16]]) -> Vec<u16> {
    let mut all: Vec<u16> = groups
        .iter()
        .flat_map(|group| group.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// `paths`: one path item per route template of `routes`, each operation described by
/// [`describe`]; a route without a description is an error, so the description cannot
/// fall behind the route tables. The route adds the errors it implies: 401 when it takes
/// an access token, 404 when its path names a resource by id.
pub fn paths(routes: &[RouteInfo]) -> Result<Value, String> {
    let mut paths = serde_json::Map::new();
    for route in routes {
        let mut operation = describe(route.operation)
            .ok_or_else(|| format!("{} ({}) has no description", route.name(), route.operation))?;
        if route.access == Access::Partner {
            operation.errors.push(401);
        }
        if route.path.contains('{') {
            operation.errors.push(404);
        }
        operation.errors = statuses(&[&operation.errors]);
        let mut operation = operation.json();
        if route.access == Access::Public {
            operation["security"] = json!([]);
        }
        let item = paths
            .entry(route.path)
            .or_insert_with(|| path_item(route.path));
        item[route.method.as_str().to_lowercase()] = operation;
    }
    Ok(Value::Object(paths))
}

/// A path item with the shared parameters of its template: `{profile_id}` is
/// `#/components/parameters/ProfileId`.
fn path_item(template: &str) -> Value {
    let parameters: Vec<Value> = template
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            let component: String = name
                .split('_')
                .map(|word| {
                    let mut chars = word.chars();
                    chars
                        .next()
                        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                        .unwrap_or_default()
                })
                .collect();
            json!({"$ref": format!("#/components/parameters/{component}")})
        })
        .collect();
    if parameters.is_empty() {
        json!({})
    } else {
        json!({ "parameters": parameters })
    }
}

/// The description of the operation `id`.
fn describe(id: &str) -> Option<Operation<'static>> {
    let profile = || success("The profile.", Some(envelope(schema("Profile"))), &["ETag"]);
    let token = Operation {
        id: "createToken",
        tag: "auth",
        summary: "Exchange an API key for tokens",
        description: "Answers an access token (1 hour) and a refresh token (1 week). A mistyped key is refused without a lookup: its checksum fails.",
        parameters: &[],
        body: Some(json_body("TokenRequest")),
        success: (
            200,
            success("The tokens.", Some(envelope(schema("TokenPair"))), &[]),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[401]]),
    };
    let refresh = Operation {
        id: "refreshToken",
        tag: "auth",
        summary: "Exchange a refresh token for a new access token",
        description: "The refresh token stays valid until it expires, unless it is revoked (`revokeToken`) or its API key is.",
        parameters: &[],
        body: Some(json_body("RefreshRequest")),
        success: (
            200,
            success(
                "The new access token.",
                Some(envelope(schema("AccessToken"))),
                &[],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[401]]),
    };
    let revoke = Operation {
        id: "revokeToken",
        tag: "auth",
        summary: "Revoke a refresh token (RFC 7009)",
        description: "From now on the refresh token is refused at `refreshToken` (401 `invalid_refresh_token`). As RFC 7009 says, every well-formed request answers 200, whether the token was live, already revoked, expired, unknown or an access token: the answer tells nothing about the token. Access tokens are not revoked: they run out within the hour. Holding the refresh token is what entitles you to revoke it, so no `Authorization` header is needed. `token_type_hint` is accepted and ignored: the token says its own type.",
        parameters: &[],
        body: Some(json_body("RevokeRequest")),
        success: (
            200,
            success(
                "Revoked, or nothing to revoke.",
                Some(envelope(schema("Revoked"))),
                &[],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY]),
    };
    let keys = Operation {
        id: "getSigningKeys",
        tag: "auth",
        summary: "The public keys of this API (JWKS)",
        description: "The Ed25519 public keys (RFC 8037) that verify the tokens and the decision records this API signs. The bare JWK Set document of RFC 7517, outside the envelope, so that any JWT or JOSE library can fetch it; pick the key whose `kid` is the one in the signature's header. Keys rotate: a new key appears here at least an hour before it signs, and a retired one leaves once nothing it signed is still valid. No authentication.",
        parameters: &[],
        body: None,
        success: (
            200,
            success("The key set.", Some(schema("JwkSet")), &["Cache-Control"]),
        ),
        errors: statuses(&[&EVERY_OPERATION]),
    };
    let attributes = Operation {
        id: "listAttributes",
        tag: "attributes",
        summary: "List the attribute catalogue",
        description: "Every attribute a profile can carry, with its type, bounds and whether submission needs it. `meta.catalogue_version` changes when the catalogue does; it only grows.",
        parameters: &[],
        body: None,
        success: (200, success("The catalogue.", Some(catalogue_page()), &[])),
        errors: statuses(&[&EVERY_OPERATION, &[400]]),
    };
    let create_profile = Operation {
        id: "createProfile",
        tag: "profiles",
        summary: "Create a profile",
        description: "Creates a `draft`; attributes may come now or later, each checked on arrival. `missing_attributes` lists what submission still needs. With `Idempotency-Key`, a retry answers the first response again, with `Idempotent-Replayed: true`.",
        parameters: &["IdempotencyKey"],
        body: Some(json_body("ProfileCreate")),
        success: (
            201,
            links(
                success(
                    "The profile created.",
                    Some(envelope(schema("Profile"))),
                    &["ETag", "Location", "Idempotent-Replayed"],
                ),
                "profile_id",
                &[
                    "getProfile",
                    "updateProfile",
                    "submitProfile",
                    "uploadBankStatement",
                    "listBankStatements",
                    "getBankInsights",
                    "requestAnalysis",
                    "listProfileAnalyses",
                    "deleteProfile",
                ],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[409]]),
    };
    let list_profiles = Operation {
        id: "listProfiles",
        tag: "profiles",
        summary: "List your profiles",
        description: "Oldest first, a page at a time; filter by `status` or `reference`.",
        parameters: &["Limit", "Cursor", "ProfileStatusFilter", "ReferenceFilter"],
        body: None,
        success: (
            200,
            success("A page of profiles.", Some(page_of("Profile")), &[]),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[400]]),
    };
    let get_profile = Operation {
        id: "getProfile",
        tag: "profiles",
        summary: "Read a profile",
        description: "",
        parameters: &[],
        body: None,
        success: (200, profile()),
        errors: EVERY_OPERATION.to_vec(),
    };
    let update_profile = Operation {
        id: "updateProfile",
        tag: "profiles",
        summary: "Modify a profile",
        description: "A JSON merge patch: members given are set, `null` removes. A submitted profile goes back to `draft` when it changes; its analyses keep the version they read. With `If-Match`, the change applies only to that version (412 otherwise).",
        parameters: &["IfMatch"],
        body: Some(merge_patch_body("ProfilePatch")),
        success: (200, profile()),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[409, 412]]),
    };
    let delete_profile = Operation {
        id: "deleteProfile",
        tag: "profiles",
        summary: "Delete a profile and everything derived from it",
        description: "Erasure (GDPR art. 17): the profile, its submitted versions and its analyses. Its reference becomes free again.",
        parameters: &[],
        body: None,
        success: (204, success("Deleted.", None, &[])),
        errors: EVERY_OPERATION.to_vec(),
    };
    let submit_profile = Operation {
        id: "submitProfile",
        tag: "profiles",
        summary: "Submit a profile",
        description: "Freezes the current version for analysis once every required attribute is there and consistent; 422 `profile_incomplete` lists what is not. Submitting the version already submitted answers it again. No body, or `{}`.",
        parameters: &["IfMatch", "IdempotencyKey"],
        body: None,
        success: (
            200,
            success(
                "The profile, submitted.",
                Some(envelope(schema("Profile"))),
                &["ETag", "Idempotent-Replayed"],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[409, 412]]),
    };
    let upload_statement = Operation {
        id: "uploadBankStatement",
        tag: "bank data",
        summary: "Attach a bank statement to a profile",
        description: "One account's statement, as your PSD2 aggregator returned it: `native`, `stet` (STET v1.4+) or `berlin_group` (NextGenPSD2). Up to 2 MiB (this route only) and 5 000 transactions; euros only (422 `unsupported_currency`); dates neither in the future nor older than 24 months. Every problem of a malformed document is a 422 detail whose `field` is a JSON pointer into it. The profile's version bumps and a submitted profile goes back to `draft`, as with a PATCH. A profile holds up to 12 statements, 3 MiB in all (409 `statement_limit_reached`). With `Idempotency-Key`, a retry answers the first response again.",
        parameters: &["IdempotencyKey"],
        body: Some(json_body("BankStatementUpload")),
        success: (
            201,
            links(
                success(
                    "The statement's summary.",
                    Some(envelope(schema("BankStatementSummary"))),
                    &["Location", "Idempotent-Replayed"],
                ),
                "statement_id",
                &["getBankStatement", "deleteBankStatement"],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[409]]),
    };
    let list_statements = Operation {
        id: "listBankStatements",
        tag: "bank data",
        summary: "List a profile's bank statements",
        description: "Their summaries, oldest first.",
        parameters: &[],
        body: None,
        success: (
            200,
            success(
                "The summaries.",
                Some(json!({
                    "type": "object",
                    "required": ["data", "meta"],
                    "properties": {
                        "data": {"type": "array", "items": schema("BankStatementSummary")},
                        "meta": schema("Meta")
                    }
                })),
                &[],
            ),
        ),
        errors: EVERY_OPERATION.to_vec(),
    };
    let get_statement = Operation {
        id: "getBankStatement",
        tag: "bank data",
        summary: "Read a bank statement, every transaction categorised",
        description: "Every transaction as sent, with its `category` and the `rule` of the categoriser that chose it. A debit and a credit of the same amount on the same day in two of the profile's statements are `transfer.internal`.",
        parameters: &[],
        body: None,
        success: (
            200,
            success(
                "The statement.",
                Some(envelope(schema("BankStatement"))),
                &[],
            ),
        ),
        errors: EVERY_OPERATION.to_vec(),
    };
    let delete_statement = Operation {
        id: "deleteBankStatement",
        tag: "bank data",
        summary: "Delete a bank statement",
        description: "The profile's version bumps and a submitted profile goes back to `draft`. A submitted version keeps the statements it was submitted with until the profile is deleted.",
        parameters: &[],
        body: None,
        success: (204, success("Deleted.", None, &[])),
        errors: EVERY_OPERATION.to_vec(),
    };
    let insights = Operation {
        id: "getBankInsights",
        tag: "bank data",
        summary: "Read what the profile's bank statements show",
        description: "Observed income and charges, overdraft, rejected payments and gambling, from the profile's current statements (no analysis needed): what an analysis checks the declared attributes against, in `result.bank`. 409 `no_bank_statements` when the profile holds no statement.",
        parameters: &[],
        body: None,
        success: (
            200,
            success("The insights.", Some(envelope(schema("BankInsights"))), &[]),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[409]]),
    };
    let request_analysis = Operation {
        id: "requestAnalysis",
        tag: "analyses",
        summary: "Request an analysis of a profile",
        description: "Asynchronous: answers a `pending` analysis of the submitted version at once; read it, or subscribe a webhook to `analysis.completed`. No body, or `{}`.",
        parameters: &["IdempotencyKey"],
        body: None,
        success: (
            202,
            links(
                success(
                    "The analysis, pending.",
                    Some(envelope(schema("Analysis"))),
                    &["Idempotent-Replayed"],
                ),
                "analysis_id",
                &["getAnalysis"],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[409]]),
    };
    let list_analyses = Operation {
        id: "listProfileAnalyses",
        tag: "analyses",
        summary: "List a profile's analyses",
        description: "Oldest first, a page at a time.",
        parameters: &["Limit", "Cursor", "AcceptLanguage"],
        body: None,
        success: (
            200,
            success("A page of analyses.", Some(page_of("Analysis")), &[]),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[400]]),
    };
    let get_analysis = Operation {
        id: "getAnalysis",
        tag: "analyses",
        summary: "Read an analysis",
        description: "`result` once `completed`: score, grade, decision, the metrics, each rule and factor explained, and counterfactuals.",
        parameters: &["AcceptLanguage"],
        body: None,
        success: (
            200,
            success("The analysis.", Some(envelope(schema("Analysis"))), &[]),
        ),
        errors: EVERY_OPERATION.to_vec(),
    };
    let get_explanation = Operation {
        id: "getAnalysisExplanation",
        tag: "analyses",
        summary: "Explain the decision to the consumer",
        description: "What the consumer is owed about an automated decision (GDPR articles 15(1)(h) and 22; Directive (EU) 2023/2225 article 18), in plain words and in the language of `Accept-Language`: the decision, its main reasons (the failing, then the warning rules, at most 4), what would change it, and the consumer's rights (a human review, giving their point of view, contesting). Hand it over as it stands. 409 `analysis_not_completed` while the analysis is `pending`, or once it `failed`.",
        parameters: &["AcceptLanguage"],
        body: None,
        success: (
            200,
            success(
                "The explanation.",
                Some(envelope(schema("Explanation"))),
                &[],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[409]]),
    };
    let create_review = Operation {
        id: "createReview",
        tag: "analyses",
        summary: "Record a human review of an analysis",
        description: "An agent of yours records a decision of their own on a `completed` analysis, and why: from now on the analysis shows it as `final_decision`, `decided_by` `human`, and lists it in `reviews`; the model's `result` never changes. Reviews are only ever appended, at most 10 per analysis (409 `review_limit_reached`); 409 `analysis_not_completed` while the analysis is `pending`, or once it `failed`. Webhooks subscribed to `analysis.reviewed` are told, with ids and decisions only: the free text stays here.",
        parameters: &["IdempotencyKey"],
        body: Some(json_body("ReviewCreate")),
        success: (
            201,
            success(
                "The review recorded.",
                Some(envelope(schema("Review"))),
                &["Idempotent-Replayed"],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[409]]),
    };
    let get_record = Operation {
        id: "getDecisionRecord",
        tag: "analyses",
        summary: "The signed decision record of an analysis",
        description: "What you show a regulator about one decision: who asked (your `partner_id`, the `api_key_id` of the access token), on which data (`input_sha256`), with which model, categoriser and usury table, what the model decided and what your agents decided after it (`reviews`, oldest first; the latest stands), when. `signature` is a compact JWS (EdDSA, header `typ` `JOSE`, `cty` `json`) whose payload is the record without `signature`, in RFC 8785 canonical JSON: verify it with the key of `GET /api/v1/keys/` whose `kid` its header names, and nothing else. `input_sha256` is the SHA-256 of the canonical JSON of `{\"attributes\": …, \"statements\": […]}`, the attributes of the analysed version as the profile showed them and its bank statements, oldest first, in the `native` form with every field present; `result_sha256`, of the analysis's `result` as `getAnalysis` gives it in French. After the profile's erasure the record stays for 6 months, `erased_at` set and each review's `reviewer` `null` (it never held an attribute, a statement or the reviews' other text), then 404. 409 `analysis_not_completed` while the analysis is `pending`, or once it `failed`.",
        parameters: &[],
        body: None,
        success: (
            200,
            success(
                "The record, signed.",
                Some(envelope(schema("DecisionRecord"))),
                &[],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[409]]),
    };
    let create_webhook = Operation {
        id: "createWebhook",
        tag: "webhooks",
        summary: "Configure a webhook",
        description: "The response carries the signing secret, this once only. Deliveries follow Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`); failed ones are retried for about a day. At most 10 webhooks.",
        parameters: &[],
        body: Some(json_body("WebhookCreate")),
        success: (
            201,
            links(
                success(
                    "The webhook, with its secret.",
                    Some(envelope(schema("WebhookCreated"))),
                    &[],
                ),
                "webhook_id",
                &[
                    "getWebhook",
                    "testWebhook",
                    "deleteWebhook",
                    "listWebhookDeliveries",
                    "rotateWebhookSecret",
                ],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &READS_BODY, &[409]]),
    };
    let list_webhooks = Operation {
        id: "listWebhooks",
        tag: "webhooks",
        summary: "List your webhooks",
        description: "All of them (10 at most), with delivery statistics.",
        parameters: &[],
        body: None,
        success: (
            200,
            success("Your webhooks.", Some(page_of("Webhook")), &[]),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[400]]),
    };
    let get_webhook = Operation {
        id: "getWebhook",
        tag: "webhooks",
        summary: "Read a webhook",
        description: "With its delivery statistics and latest attempts; never its secret.",
        parameters: &[],
        body: None,
        success: (
            200,
            success("The webhook.", Some(envelope(schema("Webhook"))), &[]),
        ),
        errors: EVERY_OPERATION.to_vec(),
    };
    let delete_webhook = Operation {
        id: "deleteWebhook",
        tag: "webhooks",
        summary: "Delete a webhook",
        description: "Deliveries still queued for it are dropped.",
        parameters: &[],
        body: None,
        success: (204, success("Deleted.", None, &[])),
        errors: EVERY_OPERATION.to_vec(),
    };
    let test_webhook = Operation {
        id: "testWebhook",
        tag: "webhooks",
        summary: "Send a test delivery",
        description: "Queues a signed `webhook.test` delivery, retried like any event.",
        parameters: &[],
        body: None,
        success: (
            202,
            success(
                "The delivery queued.",
                Some(envelope(schema("TestQueued"))),
                &[],
            ),
        ),
        errors: EVERY_OPERATION.to_vec(),
    };
    let enable_webhook = Operation {
        id: "enableWebhook",
        tag: "webhooks",
        summary: "Enable a disabled webhook again",
        description: "Once your endpoint is fixed: deliveries resume, and its failure state (`disabled_reason`, `disabled_at`, `failing_since`) is reset. Events sent while it was disabled are not replayed: read them from the events feed, or redeliver them from its delivery log. 409 `webhook_enabled` when it is enabled.",
        parameters: &[],
        body: None,
        success: (
            200,
            success(
                "The webhook, enabled.",
                Some(envelope(schema("Webhook"))),
                &[],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[409]]),
    };
    let rotate_secret = Operation {
        id: "rotateWebhookSecret",
        tag: "webhooks",
        summary: "Rotate the signing secret",
        description: "A new `secret`, shown this once. For 24 hours (until `previous_secret_expires_at`) every delivery carries two signatures in `webhook-signature`, space-separated: the new secret's and the old one's, so that your receivers verify with either while you deploy the new one; then the new one's only. Rotating again within the 24 hours retires the oldest at once.",
        parameters: &[],
        body: None,
        success: (
            200,
            success(
                "The webhook, with its new secret.",
                Some(envelope(schema("WebhookCreated"))),
                &[],
            ),
        ),
        errors: EVERY_OPERATION.to_vec(),
    };
    let list_deliveries = Operation {
        id: "listWebhookDeliveries",
        tag: "webhooks",
        summary: "The webhook's delivery log",
        description: "Each delivery of the last 30 days, newest first, with its attempts: when, your endpoint's status code or the kind of error that left it without one, how long. Never your endpoint's answer, nor any personal data. Filter by `status`.",
        parameters: &["Limit", "Cursor", "DeliveryStatusFilter"],
        body: None,
        success: (
            200,
            success(
                "A page of deliveries.",
                Some(page_of("DeliveryRecord")),
                &[],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[400]]),
    };
    let retry_delivery = Operation {
        id: "retryWebhookDelivery",
        tag: "webhooks",
        summary: "Redeliver one delivery",
        description: "One attempt now, through the delivery queue, with the same `webhook-id` (deduplicate on it) and the event as the log keeps it (ids and status; no `reference`). No retries follow it; its result joins the delivery's attempts. 404 for a delivery not in the log (30 days); 409 `webhook_disabled` for a disabled webhook (enable it first), `delivery_attempts_exhausted` for a delivery that has had its 50 attempts.",
        parameters: &[],
        body: None,
        success: (
            202,
            success(
                "The redelivery queued.",
                Some(envelope(schema("RetryQueued"))),
                &[],
            ),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[409]]),
    };
    let list_events = Operation {
        id: "listEvents",
        tag: "webhooks",
        summary: "The events feed",
        description: "Your events of the last 30 days, oldest first, one entry per event whatever the number of webhooks it went to (none included): the bodies deliveries carry, without `reference`. A receiver that was down catches up from it with `since` (its last event's `created_at`), page after page; filter by `type`. `webhook.endpoint_failing` is here only. `webhook.test` never is.",
        parameters: &["Limit", "Cursor", "EventTypeFilter", "Since"],
        body: None,
        success: (
            200,
            success("A page of events.", Some(page_of("Event")), &[]),
        ),
        errors: statuses(&[&EVERY_OPERATION, &[400]]),
    };
    let openapi = Operation {
        id: "getOpenApi",
        tag: "documentation",
        summary: "This description",
        description: "Served by the local server, and rendered at `/docs/`.",
        parameters: &[],
        body: None,
        success: (
            200,
            json!({"description": "The OpenAPI description.", "content": {"application/json": {"schema": {"type": "object"}}}}),
        ),
        errors: vec![405],
    };
    [
        token,
        refresh,
        revoke,
        keys,
        attributes,
        create_profile,
        list_profiles,
        get_profile,
        update_profile,
        delete_profile,
        submit_profile,
        upload_statement,
        list_statements,
        get_statement,
        delete_statement,
        insights,
        request_analysis,
        list_analyses,
        get_analysis,
        get_explanation,
        get_record,
        create_review,
        create_webhook,
        list_webhooks,
        get_webhook,
        delete_webhook,
        test_webhook,
        enable_webhook,
        rotate_secret,
        list_deliveries,
        retry_delivery,
        list_events,
        openapi,
    ]
    .into_iter()
    .find(|operation| operation.id == id)
}

/// `GET /api/v1/attributes/`: a list whose `meta` also gives the catalogue's version.
fn catalogue_page() -> Value {
    json!({
        "type": "object",
        "required": ["data", "meta"],
        "properties": {
            "data": {"type": "array", "items": schema("AttributeDefinition")},
            "meta": schema("CatalogueMeta")
        }
    })
}
