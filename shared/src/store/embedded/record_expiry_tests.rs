//! An erased decision record reads as absent once its six months are over.

use chrono::{Months, Utc};

use super::EmbeddedStore;
use super::rows::put_expiring;
use crate::domain::record::{DecisionRecord, erased_at};
use crate::store::RecordSource;
use crate::store::keys;
use crate::store::prelude::*;

fn erased_months_ago(months: u32) -> DecisionRecord {
    erased_at(Utc::now() - Months::new(months))
}

#[tokio::test]
async fn an_erased_record_is_read_for_six_months_then_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("store.db")).unwrap();
    let (recent, expired) = (erased_months_ago(5), erased_months_ago(7));
    for record in [&recent, &expired] {
        let key = keys::erased_record(record.partner_id, record.analysis_id);
        store
            .write(|tx| put_expiring(tx, &key, record, record.expires_at()))
            .unwrap();
    }

    let read =
        |record: &DecisionRecord| store.get_decision_record(record.partner_id, record.analysis_id);
    assert_eq!(
        read(&recent).await.unwrap(),
        Some(RecordSource::Erased(Box::new(recent.clone())))
    );
    assert_eq!(read(&expired).await.unwrap(), None);
}
