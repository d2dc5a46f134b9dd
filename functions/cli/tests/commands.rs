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
