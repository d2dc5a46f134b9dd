//! The data file holds signing keys and webhook secrets: only its owner reads it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use super::EmbeddedStore;
use crate::queue::Queue;
use crate::queue::embedded::EmbeddedQueue;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

#[test]
fn a_new_data_file_and_its_wal_and_shm_are_the_owners_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("data.db");

    let store = EmbeddedStore::open(&path).unwrap();
    store.token_keys().unwrap();

    for file in [
        path.clone(),
        with_suffix(&path, "-wal"),
        with_suffix(&path, "-shm"),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[tokio::test]
async fn a_data_file_a_queue_creates_first_is_the_owners_only_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");

    let queue = EmbeddedQueue::open(&path, "analysis", Duration::from_secs(30), 5).unwrap();
    queue.send("{}", Duration::ZERO).await.unwrap();

    for file in [
        path.clone(),
        with_suffix(&path, "-wal"),
        with_suffix(&path, "-shm"),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[test]
fn an_existing_data_file_keeps_its_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.db");
    let keys = EmbeddedStore::open(&path).unwrap().token_keys().unwrap();

    let again = EmbeddedStore::open(&path).unwrap().token_keys().unwrap();

    assert_eq!(again.to_json(), keys.to_json());
}
