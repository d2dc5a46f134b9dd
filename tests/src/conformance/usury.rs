//! Usury thresholds: what the operator loads, listed back, the same day replaced.

use scoring::{Date, Percent, UsuryCategory, UsuryRow};
use shared::store::Store;

fn row(category: UsuryCategory, from: &str, hundredths: i64) -> UsuryRow {
    UsuryRow {
        category,
        from: Date::parse(from).expect("a date"),
        rate: Percent::from_hundredths(hundredths),
    }
}

pub async fn loaded_thresholds_are_listed_by_category_and_date(store: &dyn Store) {
    let later = row(UsuryCategory::ConsumerLe3000, "2026-04-01", 2_400);
    let earlier = row(UsuryCategory::ConsumerLe3000, "2026-01-01", 2_356);
    let mortgage = row(UsuryCategory::MortgageVariable, "2026-04-01", 501);
    assert!(
        store.usury_rows().await.unwrap().is_empty(),
        "none loaded yet"
    );

    for loaded in [&later, &mortgage, &earlier] {
        store.set_usury_row(loaded).await.unwrap();
    }

    let rows = store.usury_rows().await.unwrap();
    assert_eq!(rows.len(), 3);
    for loaded in [&later, &mortgage, &earlier] {
        assert!(rows.contains(loaded), "{loaded:?} is listed");
    }
    let consumer: Vec<&UsuryRow> = rows
        .iter()
        .filter(|row| row.category == UsuryCategory::ConsumerLe3000)
        .collect();
    assert_eq!(consumer, [&earlier, &later], "by date within a category");
}

pub async fn loading_a_date_again_replaces_its_threshold(store: &dyn Store) {
    store
        .set_usury_row(&row(UsuryCategory::ConsumerGt6000, "2026-01-01", 867))
        .await
        .unwrap();
    let corrected = row(UsuryCategory::ConsumerGt6000, "2026-01-01", 870);

    store.set_usury_row(&corrected).await.unwrap();

    assert_eq!(store.usury_rows().await.unwrap(), [corrected]);
}
