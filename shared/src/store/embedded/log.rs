//! The delivery log and the events feed on the embedded store: pages of one prefix,
//! live records only, filtered in SQL on the record's JSON.

use rusqlite::{Connection, params};

use super::rows::{collect_page, one_more, prefix_end, unavailable};
use crate::domain::model::{Page, PartnerId, WebhookId};
use crate::store::StoreError;
use crate::store::keys;
use crate::webhooks::delivery::Event;
use crate::webhooks::log::{DeliveryFilter, DeliveryRecord, FeedEntry, FeedFilter};

/// A page of a webhook's deliveries, newest first: under the prefix (`?1`, `?2`..`?3`),
/// before the sort key `?4`, in the status `?5` unless it is null, at most `?6`.
pub(super) const DELIVERY_PAGE: &str =
    "SELECT sk, body FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3
     AND sk < ?4 AND (expires_at IS NULL OR expires_at > unixepoch())
     AND (?5 IS NULL OR json_extract(body, '$.status') = ?5)
     ORDER BY sk DESC LIMIT ?6";

/// A page of the feed, oldest first: under the partner `?1`, from the sort key `?2` to
/// `?3`, after `?4`, of the type `?5` unless it is null, at most `?6`.
pub(super) const EVENT_PAGE: &str =
    "SELECT sk, body FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3
     AND sk > ?4 AND (expires_at IS NULL OR expires_at > unixepoch())
     AND (?5 IS NULL OR json_extract(body, '$.event.type') = ?5)
     ORDER BY sk LIMIT ?6";

pub(super) fn delivery_page(
    connection: &Connection,
    partner: PartnerId,
    webhook: WebhookId,
    filter: DeliveryFilter,
    after: Option<&str>,
    limit: usize,
) -> Result<Page<DeliveryRecord>, StoreError> {
    let (pk, prefix) = keys::deliveries(partner, webhook);
    let end = prefix_end(&prefix);
    let mut statement = connection
        .prepare_cached(DELIVERY_PAGE)
        .map_err(unavailable)?;
    let rows = statement
        .query_map(
            params![
                pk,
                prefix,
                end,
                after.unwrap_or(&end),
                filter.status.map(|status| status.as_str()),
                one_more(limit)
            ],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .map_err(unavailable)?;
    collect_page(rows, limit)
}

pub(super) fn event_page(
    connection: &Connection,
    partner: PartnerId,
    filter: FeedFilter,
    after: Option<&str>,
    limit: usize,
) -> Result<Page<Event>, StoreError> {
    let (pk, prefix) = keys::events(partner);
    let mut statement = connection.prepare_cached(EVENT_PAGE).map_err(unavailable)?;
    let rows = statement
        .query_map(
            params![
                pk,
                keys::events_from(filter.since),
                prefix_end(&prefix),
                after.unwrap_or_default(),
                filter.event_type.map(|event_type| event_type.as_str()),
                one_more(limit)
            ],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .map_err(unavailable)?;
    let page: Page<FeedEntry> = collect_page(rows, limit)?;
    Ok(Page {
        items: page.items.into_iter().map(|entry| entry.event).collect(),
        next: page.next,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, Utc};

    use super::*;
    use crate::domain::model::EventType;
    use crate::store::WebhookStore;
    use crate::store::embedded::EmbeddedStore;
    use crate::webhooks::delivery::EventData;
    use crate::webhooks::log::RETENTION;

    fn event(id: &str, age: TimeDelta) -> Event {
        Event {
            id: id.to_owned(),
            event_type: EventType::AnalysisCompleted,
            created_at: Utc::now() - age,
            data: EventData {
                status: Some("completed".into()),
                ..EventData::default()
            },
        }
    }

    /// Expired rows read as absent everywhere; the next write under the same prefix
    /// deletes them from the file.
    #[tokio::test]
    async fn writing_an_event_prunes_the_expired_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedStore::open(&dir.path().join("store.db")).unwrap();
        let partner = PartnerId::new();
        let rows = |store: &EmbeddedStore| {
            let (pk, prefix) = keys::events(partner);
            store
                .read(|connection| {
                    connection
                        .query_row(
                            "SELECT count(*) FROM items WHERE pk = ?1 AND sk >= ?2 AND sk < ?3",
                            params![pk, prefix, prefix_end(&prefix)],
                            |row| row.get::<_, i64>(0),
                        )
                        .map_err(unavailable)
                })
                .unwrap()
        };
        let old = event("evt_old", RETENTION + TimeDelta::hours(1));
        let entry = FeedEntry::new(&old);
        let key = keys::event(partner, old.created_at, &old.id);
        store
            .write(|tx| super::super::rows::put_expiring(tx, &key, &entry, Some(entry.expires_at)))
            .unwrap();
        assert_eq!(rows(&store), 1, "expired, still in the file");

        store
            .record_event(partner, &event("evt_new", TimeDelta::zero()))
            .await
            .unwrap();

        assert_eq!(rows(&store), 1, "only the live one is left");
    }
}
