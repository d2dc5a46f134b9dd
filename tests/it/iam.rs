//! Least privilege, checked: every Lambda binary runs its `events/` against moto through
//! a recording proxy, and the IAM actions it needed, on the resources it named, must be
//! exactly what `template.yaml` grants it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use partnerb2b_tests::aws_recorder::AwsRecorder;
use partnerb2b_tests::fixtures::read;
use partnerb2b_tests::runtime_api::{
    AnalysisState, Outcome, RuntimeApi, moto_deployment_with, spawn_function,
};
use yaml_rust2::{Yaml, YamlLoader};

/// A run of one binary: the events that walk its routes, in an order that works on one
/// deployment (the profile is deleted last), and an environment variable to override.
struct Run {
    binary: &'static str,
    events: &'static [&'static str],
    broken: Option<&'static str>,
    analysis: AnalysisState,
}

/// Each binary and the events that walk its routes, in an order that works on one
/// deployment (the profile is deleted last).
const FUNCTIONS: &[(&str, &[&str])] = &[
    (
        "auth",
        &[
            "auth-token.json",
            "auth-refresh.json",
            "auth-revoke.json",
            "auth-keys.json",
        ],
    ),
    ("attributes", &["attributes-list.json"]),
    (
        "profiles",
        &[
            "profiles-create.json",
            "profiles-list.json",
            "profiles-get.json",
            "profiles-patch.json",
            "profiles-bank-statements-upload.json",
            "profiles-bank-insights.json",
            "profiles-submit.json",
            "profiles-delete.json",
        ],
    ),
    (
        "analyses",
        &[
            "analyses-request.json",
            "analyses-list.json",
            "analyses-get.json",
            "analyses-explanation.json",
            "analyses-review.json",
            "analyses-record.json",
        ],
    ),
    (
        "webhooks",
        &[
            "webhooks-create.json",
            "webhooks-list.json",
            "webhooks-get.json",
            "webhooks-test.json",
            "webhooks-deliveries.json",
            "webhooks-retry.json",
            "webhooks-enable.json",
            "webhooks-rotate-secret.json",
            "events-list.json",
            "webhooks-delete.json",
        ],
    ),
    ("analysis-worker", &["analysis-worker-sqs.json"]),
    ("analysis-sweeper", &["analysis-sweeper-schedule.json"]),
    ("webhook-worker", &["webhook-worker-sqs.json"]),
];

/// Runs that reach what the events alone do not: the analyses function removes the
/// analysis again when SQS refuses its message (its queue does not exist here); a
/// completed analysis is reviewed (the review's message queued) and its record signed
/// (the record key set read).
const EXTRA_RUNS: &[Run] = &[
    Run {
        binary: "analyses",
        events: &["analyses-request.json"],
        broken: Some("ANALYSIS_QUEUE_URL"),
        analysis: AnalysisState::Pending,
    },
    Run {
        binary: "analyses",
        events: &[
            "analyses-explanation.json",
            "analyses-review.json",
            "analyses-record.json",
        ],
        broken: None,
        analysis: AnalysisState::Completed,
    },
];

/// Grants no run exercises, and why; each must still be granted.
const UNEXERCISED: &[(&str, &str, &str)] = &[
    (
        "webhooks",
        "dynamodb:PutItem",
        "creating a webhook needs a URL whose name resolves to public addresses, and the test machine has no public DNS",
    ),
    (
        "webhook-worker",
        "dynamodb:PutItem",
        "the feed's `webhook.endpoint_failing` is put only after a day of failed attempts (tests/it/webhook_health.rs reaches it through the local server)",
    ),
];

/// `(action, logical id of the resource)` pairs the template grants `binary`.
fn granted(template: &Yaml, binary: &str) -> BTreeSet<(String, String)> {
    let resources = template["Resources"].as_hash().expect("Resources");
    let function = resources
        .values()
        .find(|resource| resource["Metadata"]["BuildProperties"]["Binary"].as_str() == Some(binary))
        .unwrap_or_else(|| panic!("no function builds {binary}"));
    let mut granted = BTreeSet::new();
    for policy in function["Properties"]["Policies"]
        .as_vec()
        .into_iter()
        .flatten()
    {
        for statement in policy["Statement"].as_vec().into_iter().flatten() {
            assert_eq!(statement["Effect"].as_str(), Some("Allow"));
            let actions = match &statement["Action"] {
                Yaml::String(action) => vec![action.clone()],
                Yaml::Array(actions) => actions
                    .iter()
                    .filter_map(|action| action.as_str().map(str::to_owned))
                    .collect(),
                other => panic!("{binary}: unexpected Action {other:?}"),
            };
            // `!GetAtt Table.Arn` and `!Ref CursorKey` read as their scalar, and
            // `!Sub "${Table.Arn}/index/X"` as `Table/index/X`.
            let resource = statement["Resource"]
                .as_str()
                .unwrap_or_else(|| panic!("{binary}: one Resource per statement"))
                .replace("${", "")
                .replace(".Arn}", "");
            let resource = resource.trim_end_matches(".Arn").to_owned();
            for action in actions {
                granted.insert((action, resource.clone()));
            }
        }
    }
    granted
}

/// The calls `run` made, as `(action, logical id of the resource)`.
async fn calls(run: &Run) -> BTreeSet<(String, String)> {
    let mut environment = moto_deployment_with(run.analysis).await;
    if let Some(name) = run.broken {
        let endpoint = std::env::var("AWS_ENDPOINT_URL").expect("AWS_ENDPOINT_URL");
        let missing = format!("{endpoint}/123456789012/partnerb2b-missing-queue");
        for (variable, value) in &mut environment {
            if *variable == name {
                *value = missing.clone();
            }
        }
    }
    let logical: BTreeMap<String, &str> = environment
        .iter()
        .filter_map(|(name, value)| {
            let id = match *name {
                "TABLE_NAME" => "Table",
                "TOKEN_KEYS_SECRET_ID" => "TokenKeysSecretArn",
                "CURSOR_KEY_SECRET_ID" => "CursorKey",
                "RECORD_KEYS_SECRET_ID" => "RecordKeysSecretArn",
                "ANALYSIS_QUEUE_URL" => "AnalysisQueue",
                "WEBHOOK_QUEUE_URL" => "WebhookQueue",
                _ => return None,
            };
            Some((value.clone(), id))
        })
        .collect();
    let logical_id = |resource: &str| match resource.split_once("/index/") {
        Some((table, index)) => logical
            .get(table)
            .map_or_else(|| resource.to_owned(), |id| format!("{id}/index/{index}")),
        None => logical
            .get(resource)
            .map_or_else(|| resource.to_owned(), |id| (*id).to_owned()),
    };
    let (recorder, proxy) = AwsRecorder::start().await;
    environment.push(("AWS_ENDPOINT_URL", proxy));
    let api = RuntimeApi::default();
    let address = api.start().await;
    let mut function = spawn_function(run.binary, &address, &environment);
    for event in run.events {
        let outcome = api
            .invoke(&read(&format!("events/{event}")), Duration::from_secs(60))
            .await;
        let Outcome::Response(response) = &outcome else {
            panic!("{} {event}: {outcome:?}", run.binary);
        };
        let status = response["statusCode"].as_u64().unwrap_or(200);
        let expected = if run.broken.is_some() {
            status == 503
        } else {
            status < 500
        };
        assert!(expected, "{} {event}: {outcome:?}", run.binary);
    }
    let _ = function.kill().await;
    recorder
        .calls()
        .into_iter()
        .map(|(action, resource)| {
            let id = logical_id(&resource);
            (action, id)
        })
        .collect()
}

#[tokio::test]
async fn every_function_is_granted_exactly_the_calls_it_makes() {
    let template = YamlLoader::load_from_str(&read("template.yaml")).expect("template.yaml");
    let template = &template[0];
    let mut report = Vec::new();
    for (binary, events) in FUNCTIONS {
        let mut used = calls(&Run {
            binary,
            events,
            broken: None,
            analysis: AnalysisState::Pending,
        })
        .await;
        for run in EXTRA_RUNS.iter().filter(|run| run.binary == *binary) {
            used.extend(calls(run).await);
        }
        let granted = granted(template, binary);
        let missing: Vec<_> = used.difference(&granted).collect();
        let unused: Vec<_> = granted
            .difference(&used)
            .filter(|(action, _)| {
                !UNEXERCISED
                    .iter()
                    .any(|(function, unexercised, _)| function == binary && unexercised == action)
            })
            .collect();
        if !missing.is_empty() || !unused.is_empty() {
            report.push(format!(
                "{binary}: calls without a grant {missing:?}; grants never used {unused:?}"
            ));
        }
        for (function, action, why) in UNEXERCISED.iter().filter(|(f, ..)| f == binary) {
            assert!(
                granted.iter().any(|(granted, _)| granted == action),
                "{function}: {action} is listed as granted but unexercised ({why}), and is not granted"
            );
        }
    }
    assert!(report.is_empty(), "\n{}", report.join("\n"));
}
