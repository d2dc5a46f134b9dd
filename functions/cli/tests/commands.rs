//! The `partnerb2b` binary as an operator's script sees it: output and exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn partnerb2b(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partnerb2b"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("PARTNERB2B_STORE")
        .env_remove("TABLE_NAME")
        .env_remove("TOKEN_KEYS_SECRET_ID")
        .env_remove("RECORD_KEYS_SECRET_ID")
        .output()
        .expect("run partnerb2b")
}

/// The description of the Secrets Manager secret `id` (moto), as the console shows it.
fn secret_description(id: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = aws_sdk_secretsmanager::Client::new(
            &shared::aws::sdk_config(&shared::config::Settings::from_env())
                .await
                .unwrap(),
        );
        let described = client.describe_secret().secret_id(id).send().await.unwrap();
        described.description().unwrap_or_default().to_owned()
    })
}

/// A Secrets Manager secret name of this test's own, from its temporary directory.
fn secret_name(what: &str, dir: &Path) -> String {
    let unique = dir
        .file_name()
        .expect("a named directory")
        .to_string_lossy();
    format!("partnerb2b-test-{what}-{unique}")
}

/// Fails the test unless moto stands in for AWS (`./scripts/test` starts it).
fn require_moto() {
    assert!(
        std::env::var_os("AWS_ENDPOINT_URL").is_some(),
        "AWS_ENDPOINT_URL is not set: run the suite with ./scripts/test, which starts moto's server"
    );
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn partner_and_key_lifecycle_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cli.db");

    let created = partnerb2b(
        &data,
        &["partner", "create", "--name", "Banque Exemple", "--json"],
    );
    assert_eq!(created.status.code(), Some(0), "{created:?}");
    let created: serde_json::Value =
        serde_json::from_slice(&created.stdout).expect("--json prints JSON");
    let partner_id = created["partner_id"].as_str().unwrap().to_owned();
    assert!(created["api_key"].as_str().unwrap().starts_with("pb2b_"));
    let key_id = created["key_id"].as_str().unwrap().to_owned();

    let listed = partnerb2b(&data, &["partner", "list"]);
    assert_eq!(listed.status.code(), Some(0));
    assert!(stdout(&listed).contains(&partner_id) && stdout(&listed).contains("Banque Exemple"));

    let second = partnerb2b(&data, &["key", "create", "--partner", &partner_id]);
    assert_eq!(second.status.code(), Some(0));
    assert!(stdout(&second).contains("shown once"));

    let keys = partnerb2b(&data, &["key", "list", "--partner", &partner_id, "--json"]);
    let keys: serde_json::Value = serde_json::from_slice(&keys.stdout).unwrap();
    assert_eq!(keys.as_array().unwrap().len(), 2);
    assert!(
        !keys
            .to_string()
            .contains(created["api_key"].as_str().unwrap()),
        "listing never shows a key"
    );

    assert_eq!(
        partnerb2b(&data, &["key", "revoke", &key_id]).status.code(),
        Some(0)
    );
    assert_eq!(
        partnerb2b(&data, &["partner", "suspend", &partner_id])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        partnerb2b(&data, &["partner", "activate", &partner_id])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn failures_have_distinct_exit_codes_and_readable_messages() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cli.db");
    let unknown_partner = "0193a3c2-7a1e-7cc0-8d5e-3f2b1c9a4e10";
    let cases: [(&[&str], i32, &str); 6] = [
        (&["partner", "suspend", unknown_partner], 3, "not found"),
        (
            &["key", "create", "--partner", unknown_partner],
            3,
            "not found",
        ),
        (
            &["key", "revoke", "key_00000000000000000000000000000000"],
            3,
            "not found",
        ),
        (&["partner", "suspend", "not-a-uuid"], 2, "invalid"),
        (&["key", "revoke", "pb2b_secret"], 2, "key_"),
        (&["partner", "create", "--name", "  "], 2, "empty"),
    ];
    for (args, code, message) in cases {
        let output = partnerb2b(&data, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_partnerb2b"))
        .args(["--store", "dynamodb", "partner", "list"])
        .env_remove("TABLE_NAME")
        .env_remove("TOKEN_KEYS_SECRET_ID")
        .env_remove("RECORD_KEYS_SECRET_ID")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "dynamodb without a table");
}

/// The first day of the quarter after today's, as `usury set --from` takes it.
fn next_quarter_start() -> String {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    let (year, quarter) = (today.year(), today.month0() / 3 + 1);
    let (year, quarter) = if quarter == 4 {
        (year + 1, 1)
    } else {
        (year, quarter + 1)
    };
    format!("{year:04}-{:02}-01", (quarter - 1) * 3 + 1)
}

#[test]
fn usury_thresholds_are_loaded_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cli.db");
    let from = next_quarter_start();

    let listed = partnerb2b(&data, &["usury", "list", "--json"]);
    assert_eq!(listed.status.code(), Some(0), "{listed:?}");
    let shipped: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(shipped["categories"].as_array().unwrap().len(), 7);
    assert_eq!(
        shipped["categories"][6]["rows"][1],
        serde_json::json!({"from": "2026-01-01", "rate": 8.67, "source": "shipped", "replaces_shipped": null})
    );

    let set = partnerb2b(
        &data,
        &[
            "usury",
            "set",
            "--from",
            &from,
            "--category",
            "consumer_gt_6000",
            "--rate",
            "8.42",
        ],
    );
    assert_eq!(set.status.code(), Some(0), "{set:?}");
    assert!(
        stdout(&set).contains(&format!("loaded: consumer_gt_6000 from {from}, 8.42 %")),
        "{}",
        stdout(&set)
    );
    let again = partnerb2b(
        &data,
        &[
            "usury",
            "set",
            "--from",
            &from,
            "--category",
            "consumer_gt_6000",
            "--rate",
            "8,44",
        ],
    );
    assert!(
        stdout(&again).contains("replaces 8.42 %, loaded before"),
        "{again:?}"
    );

    let on_it = partnerb2b(&data, &["usury", "list", "--on", &from, "--json"]);
    let on_it: serde_json::Value = serde_json::from_slice(&on_it.stdout).unwrap();
    let consumer = &on_it["categories"][6];
    assert_eq!(consumer["category"], "consumer_gt_6000");
    assert_eq!(
        consumer["in_force"],
        serde_json::json!({"from": from, "rate": 8.44, "source": "operator", "replaces_shipped": null})
    );
    assert_eq!(consumer["loaded_for_quarter"], true);
    assert_eq!(on_it["categories"][0]["loaded_for_quarter"], false);

    let text = stdout(&partnerb2b(&data, &["usury", "list", "--on", &from]));
    assert!(
        text.contains(&format!(
            "consumer_gt_6000       {from}    8.44 %  loaded *"
        )),
        "{text}"
    );
    assert!(text.contains("no threshold loaded for"), "{text}");
}

#[test]
fn usury_set_refuses_what_no_avis_publishes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cli.db");
    let from = next_quarter_start();
    let set = |from: &str, category: &str, rate: &str| {
        partnerb2b(
            &data,
            &[
                "usury",
                "set",
                "--from",
                from,
                "--category",
                category,
                "--rate",
                rate,
            ],
        )
    };
    let cases = [
        (
            set(&from, "consumer", "8.42"),
            "is not a usury category",
            "unknown category",
        ),
        (
            set(&from, "consumer_gt_6000", "-8.42"),
            "not a rate",
            "negative rate",
        ),
        (set(&from, "consumer_gt_6000", "0"), "not above 0", "zero"),
        (
            set(&from, "consumer_gt_6000", "842"),
            "above 50.00 %",
            "a slipped decimal point",
        ),
        (
            set(&from, "consumer_gt_6000", "0.0842"),
            "more than 2 decimals",
            "a fraction",
        ),
        (
            set("2026-02-30", "consumer_gt_6000", "8.42"),
            "not an existing date",
            "no such day",
        ),
        (
            set("2026-11-15", "consumer_gt_6000", "8.42"),
            "not the first day of a quarter",
            "mid-quarter",
        ),
        (
            set("2099-01-01", "consumer_gt_6000", "8.42"),
            "more than a quarter ahead",
            "far ahead",
        ),
    ];
    for (output, message, why) in cases {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{why}: {stderr}");
        assert!(stderr.contains(message), "{why}: {stderr}");
    }
    let listed = partnerb2b(&data, &["usury", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert!(
        !listed.to_string().contains("operator"),
        "nothing refused was loaded: {listed}"
    );
}

fn json(output: &Output) -> serde_json::Value {
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("--json prints JSON")
}

fn kids(listing: &serde_json::Value) -> Vec<(String, bool)> {
    listing
        .as_array()
        .expect("a list")
        .iter()
        .map(|key| {
            (
                key["kid"].as_str().unwrap().to_owned(),
                key["active"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// The kid `token-keys add` printed on its first line (`added <kid>: ...`).
fn added_kid(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let out = stdout(output);
    let line = out.lines().next().unwrap_or_default();
    line.strip_prefix("added ")
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_else(|| panic!("no kid in {out}"))
        .to_owned()
}

/// Steps 1-5 of README's "Rotating the signing keys", in the data file.
#[test]
fn token_keys_rotate_in_the_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cli.db");

    let jwks: serde_json::Value =
        serde_json::from_slice(&partnerb2b(&data, &["token-keys", "init"]).stdout).unwrap();
    let first = jwks["keys"][0]["kid"].as_str().unwrap().to_owned();
    assert_eq!(jwks["keys"][0]["alg"], "EdDSA");
    assert!(
        jwks["keys"][0].get("d").is_none(),
        "the JWKS holds no private key"
    );

    let next = added_kid(&partnerb2b(&data, &["token-keys", "add"]));
    let listing = json(&partnerb2b(&data, &["token-keys", "list", "--json"]));
    assert_eq!(
        kids(&listing),
        [(first.clone(), true), (next.clone(), false)]
    );

    let activated = partnerb2b(&data, &["token-keys", "activate", &next]);
    assert_eq!(activated.status.code(), Some(0), "{activated:?}");
    let listing = json(&partnerb2b(&data, &["token-keys", "list", "--json"]));
    assert_eq!(
        kids(&listing),
        [(first.clone(), false), (next.clone(), true)]
    );

    let early = partnerb2b(&data, &["token-keys", "retire", &first]);
    assert_eq!(early.status.code(), Some(2), "{early:?}");
    let active = partnerb2b(&data, &["token-keys", "retire", &next, "--now"]);
    assert_eq!(
        active.status.code(),
        Some(2),
        "the active key stays: {active:?}"
    );
    let unknown = partnerb2b(&data, &["token-keys", "activate", "no-such-kid"]);
    assert_eq!(unknown.status.code(), Some(3), "{unknown:?}");

    let retired = partnerb2b(&data, &["token-keys", "retire", &first, "--now"]);
    assert_eq!(retired.status.code(), Some(0), "{retired:?}");
    let jwks: serde_json::Value =
        serde_json::from_slice(&partnerb2b(&data, &["token-keys", "jwks"]).stdout).unwrap();
    let published: Vec<_> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|key| key["kid"].as_str().unwrap())
        .collect();
    assert_eq!(published, [next.as_str()]);
}

/// The same steps in Secrets Manager (moto, started by ./scripts/test), as an operator
/// runs them before and after `sam deploy`.
#[test]
fn token_keys_init_and_rotate_in_secrets_manager() {
    require_moto();
    let dir = tempfile::tempdir().unwrap();
    let unused = dir.path().join("unused.db");
    let secret = secret_name("token-keys", dir.path());
    let aws = |args: &[&str]| {
        let mut all = vec!["--store", "dynamodb", "token-keys"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--secret-id", &secret]);
        partnerb2b(&unused, &all)
    };

    let init = aws(&["init"]);
    assert_eq!(init.status.code(), Some(0), "{init:?}");
    let out = stdout(&init);
    let arn = out
        .lines()
        .find_map(|line| line.strip_prefix("TokenKeysSecretArn="))
        .expect("the ARN for the template");
    assert!(arn.starts_with("arn:aws:secretsmanager:"), "{arn}");
    let jwks: serde_json::Value = serde_json::from_str(
        out.lines()
            .find_map(|line| line.strip_prefix("TokenPublicKeys="))
            .expect("the JWKS for the template"),
    )
    .unwrap();
    let first = jwks["keys"][0]["kid"].as_str().unwrap().to_owned();

    assert_eq!(
        secret_description(&secret),
        "PartnerB2B token key set (Ed25519), read by the auth function only"
    );
    let again = aws(&["init"]);
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    let next = added_kid(&aws(&["add"]));
    let activated = aws(&["activate", &next]);
    assert_eq!(activated.status.code(), Some(0), "{activated:?}");
    let listing = json(&aws(&["list", "--json"]));
    assert_eq!(
        kids(&listing),
        [(first.clone(), false), (next.clone(), true)]
    );
    let early = aws(&["retire", &first]);
    assert_eq!(early.status.code(), Some(2), "too early: {early:?}");
    let retired = aws(&["retire", &first, "--now"]);
    assert_eq!(retired.status.code(), Some(0), "{retired:?}");
    let listing = json(&aws(&["list", "--json"]));
    assert_eq!(kids(&listing), [(next, true)]);

    let missing = partnerb2b(
        &unused,
        &[
            "--store",
            "dynamodb",
            "token-keys",
            "list",
            "--secret-id",
            "no-such-secret",
        ],
    );
    assert_eq!(missing.status.code(), Some(1), "{missing:?}");
}

/// The record key set is a set of its own: in the data file beside the token keys, with
/// kids of its own, rotated with the same steps; in Secrets Manager, `init` prints the
/// template's `RecordKeysSecretArn` and `RecordPublicKeys`.
#[test]
fn record_keys_are_a_set_apart_from_the_token_keys() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cli.db");
    let jwks = |command: &str| -> serde_json::Value {
        serde_json::from_slice(&partnerb2b(&data, &[command, "jwks"]).stdout).unwrap()
    };
    let record_kid = jwks("record-keys")["keys"][0]["kid"]
        .as_str()
        .unwrap()
        .to_owned();
    let token_kid = jwks("token-keys")["keys"][0]["kid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(record_kid, token_kid);

    let next = added_kid(&partnerb2b(&data, &["record-keys", "add"]));
    let activated = partnerb2b(&data, &["record-keys", "activate", &next]);
    assert_eq!(activated.status.code(), Some(0), "{activated:?}");
    assert!(stdout(&activated).contains("signs decision records"));
    assert_eq!(
        kids(&json(&partnerb2b(
            &data,
            &["record-keys", "list", "--json"]
        ))),
        [(record_kid, false), (next, true)]
    );
    assert_eq!(
        kids(&json(&partnerb2b(&data, &["token-keys", "list", "--json"]))),
        [(token_kid, true)],
        "the token keys are left alone"
    );

    require_moto();
    let secret = secret_name("record-keys", dir.path());
    let init = partnerb2b(
        &data,
        &[
            "--store",
            "dynamodb",
            "record-keys",
            "init",
            "--secret-id",
            &secret,
        ],
    );
    assert_eq!(init.status.code(), Some(0), "{init:?}");
    let out = stdout(&init);
    assert!(
        out.lines()
            .any(|line| line.starts_with("RecordKeysSecretArn=arn:aws:secretsmanager:")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|line| line.starts_with("RecordPublicKeys={\"keys\":")),
        "{out}"
    );
    assert_eq!(
        secret_description(&secret),
        "PartnerB2B decision record key set (Ed25519), read by the analyses function only",
        "an operator reading Secrets Manager sees what the secret is and who reads it"
    );
    let unnamed = partnerb2b(&data, &["--store", "dynamodb", "record-keys", "list"]);
    assert_eq!(unnamed.status.code(), Some(2), "{unnamed:?}");
    assert!(String::from_utf8_lossy(&unnamed.stderr).contains("RECORD_KEYS_SECRET_ID"));
}

/// Without credentials in the environment the SDK's default chain is asked, as on an
/// operator's machine: here it finds them in a shared credentials file, and without the
/// file the command fails for want of credentials.
#[test]
fn without_credentials_in_the_environment_the_default_chain_finds_them() {
    require_moto();
    let dir = tempfile::tempdir().unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &credentials,
        "[default]\naws_access_key_id = test\naws_secret_access_key = test\n",
    )
    .unwrap();
    let secret = secret_name("chain", dir.path());
    let init = |credentials_file: &Path| {
        Command::new(env!("CARGO_BIN_EXE_partnerb2b"))
            .args(["--store", "dynamodb", "record-keys", "init"])
            .args(["--secret-id", &secret])
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("AWS_PROFILE")
            .env("AWS_SHARED_CREDENTIALS_FILE", credentials_file)
            .env("AWS_CONFIG_FILE", dir.path().join("no-config"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .expect("run partnerb2b")
    };

    let without = init(&dir.path().join("no-credentials"));
    let with_file = init(&credentials);

    assert_ne!(without.status.code(), Some(0), "{without:?}");
    assert!(
        String::from_utf8_lossy(&without.stderr).contains("credentials"),
        "{without:?}"
    );
    assert_eq!(with_file.status.code(), Some(0), "{with_file:?}");
    assert!(stdout(&with_file).contains("RecordKeysSecretArn=arn:aws:secretsmanager:"));
}
