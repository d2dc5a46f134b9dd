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
        .output()
        .expect("run partnerb2b")
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
