//! Profiles a DynamoDB table held before its status index are filed in it by the
//! operator's one-off backfill (`partnerb2b index-profiles`).

use aws_sdk_dynamodb::types::AttributeValue;
use partnerb2b_tests::aws::fresh_table;
use partnerb2b_tests::conformance::{draft, now};
use shared::domain::model::{PartnerId, ProfileFilter, ProfileStatus};
use shared::store::dynamodb::DynamoStore;
use shared::store::keys;
use shared::store::prelude::*;

async fn in_status(store: &DynamoStore, partner: PartnerId, status: ProfileStatus) -> usize {
    let filter = ProfileFilter {
        status: Some(status),
        ..ProfileFilter::default()
    };
    store
        .list_profiles(partner, &filter, None, 100)
        .await
        .unwrap()
        .items
        .len()
}

#[tokio::test]
async fn profiles_from_before_the_index_are_filed_once() {
    let (client, table) = fresh_table().await;
    let store = DynamoStore::new(client.clone(), table.clone());
    let partner = PartnerId::new();
    let mut profiles = Vec::new();
    for _ in 0..3 {
        let profile = draft(partner, None);
        store.create_profile(&profile, None).await.unwrap();
        profiles.push(profile);
    }
    store
        .submit_profile(&profiles[0], now(), None)
        .await
        .unwrap();
    for profile in &profiles {
        let (pk, sk) = keys::profile(partner, profile.id);
        client
            .update_item()
            .table_name(&table)
            .key(keys::PK, AttributeValue::S(pk))
            .key(keys::SK, AttributeValue::S(sk))
            .update_expression("REMOVE #status_pk")
            .expression_attribute_names("#status_pk", keys::STATUS_PK)
            .send()
            .await
            .unwrap();
    }
    let before = in_status(&store, partner, ProfileStatus::Draft).await;

    let filed = store.index_profiles_by_status().await.unwrap();
    let again = store.index_profiles_by_status().await.unwrap();

    assert_eq!(before, 0, "an item without STATUS_PK is in no status page");
    assert_eq!((filed, again), (3, 0), "each filed once");
    assert_eq!(in_status(&store, partner, ProfileStatus::Draft).await, 2);
    assert_eq!(
        in_status(&store, partner, ProfileStatus::Submitted).await,
        1
    );
}
