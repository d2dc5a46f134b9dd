//! Every list the embedded store reads is a seek of an index, never a scan of the table:
//! `EXPLAIN QUERY PLAN` of each list query, on a file with every migration.

use rusqlite::Connection;

use super::log::{DELIVERY_PAGE, EVENT_PAGE};
use super::rows::{PAGE, PAGE_BY_STATUS, QUERY};
use super::schema::{self, STALE_ANALYSES};

/// The plan's steps, as SQLite words them (`SEARCH items USING PRIMARY KEY (...)`).
fn plan(connection: &Connection, sql: &str) -> Vec<String> {
    let mut statement = connection
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let mut rows = statement.raw_query();
    let mut steps = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        steps.push(row.get::<_, String>(3).unwrap());
    }
    steps
}

#[test]
fn every_list_query_seeks_an_index() {
    let mut connection = Connection::open_in_memory().unwrap();
    schema::prepare(&mut connection).unwrap();
    let lists = [
        (
            "a prefix (webhooks, partners, keys, usury rows)",
            QUERY,
            "PRIMARY KEY",
        ),
        (
            "a page of a prefix (profiles, analyses)",
            PAGE,
            "PRIMARY KEY",
        ),
        (
            "a page of profiles in one status",
            PAGE_BY_STATUS,
            "INDEX items_by_status",
        ),
        (
            "a page of a webhook's delivery log, newest first",
            DELIVERY_PAGE,
            "PRIMARY KEY",
        ),
        ("a page of the events feed", EVENT_PAGE, "PRIMARY KEY"),
        (
            "the sweeper's stale analyses",
            STALE_ANALYSES,
            "INDEX items_pending",
        ),
    ];
    for (list, sql, index) in lists {
        let steps = plan(&connection, sql);
        assert!(!steps.is_empty(), "{list}: no plan");
        for step in &steps {
            assert!(
                step.starts_with("SEARCH items USING") && step.contains(index),
                "{list}: {step} (plan {steps:?})"
            );
        }
        assert!(
            !steps.iter().any(|step| step.contains("TEMP B-TREE")),
            "{list} sorts what it read instead of reading in order: {steps:?}"
        );
    }
}
