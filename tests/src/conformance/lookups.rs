//! Lookups that stay complete as a partner's data grows: a reference is found whatever
//! the partner holds, a status page is full up to its limit unless it is the last, and
//! the last page of any list says so (`next` is `None`), never an empty page after it.

use shared::domain::attributes::AttributeValue;
use shared::domain::model::{Page, PartnerId, Profile, ProfileFilter, ProfilePatch, ProfileStatus};
use shared::store::Store;

use super::{draft, now, set};

/// Every page of `filter` with `limit` profiles a page, asserting each is full unless it
/// is the last and that the last has no `next`.
async fn pages(
    store: &dyn Store,
    partner: PartnerId,
    filter: &ProfileFilter,
    limit: usize,
) -> Vec<Page<Profile>> {
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..100 {
        let page = store
            .list_profiles(partner, filter, after.as_deref(), limit)
            .await
            .unwrap();
        let next = page.next.clone();
        match &next {
            Some(_) => assert_eq!(
                page.items.len(),
                limit,
                "{filter:?}: a page before the last is full"
            ),
            None => assert!(page.items.len() <= limit, "{filter:?}: at most limit"),
        }
        pages.push(page);
        match next {
            Some(next) => after = Some(next),
            None => return pages,
        }
    }
    panic!("pagination does not end");
}

fn ids(pages: &[Page<Profile>]) -> Vec<shared::domain::model::ProfileId> {
    pages
        .iter()
        .flat_map(|page| page.items.iter().map(|p| p.id))
        .collect()
}

fn status(status: ProfileStatus) -> ProfileFilter {
    ProfileFilter {
        status: Some(status),
        ..ProfileFilter::default()
    }
}

/// Submitted profiles few and far between: at 3, 11, 12 and 19 of 20.
pub async fn a_status_page_is_full_unless_it_is_the_last(store: &dyn Store) {
    let partner = PartnerId::new();
    let mut created = Vec::new();
    for _ in 0..20 {
        let profile = draft(partner, None);
        store.create_profile(&profile, None).await.unwrap();
        created.push(profile);
    }
    let submitted = [3, 11, 12, 19];
    for index in submitted {
        store
            .submit_profile(&created[index], now(), None)
            .await
            .unwrap();
    }
    let expected: Vec<_> = submitted.iter().map(|&index| created[index].id).collect();
    let drafts: Vec<_> = (0..20)
        .filter(|index| !submitted.contains(index))
        .map(|index| created[index].id)
        .collect();

    let by_two = pages(store, partner, &status(ProfileStatus::Submitted), 2).await;
    let by_three = pages(store, partner, &status(ProfileStatus::Submitted), 3).await;
    let by_ten = pages(store, partner, &status(ProfileStatus::Submitted), 10).await;
    let all_drafts = pages(store, partner, &status(ProfileStatus::Draft), 4).await;

    assert_eq!(ids(&by_two), expected);
    assert_eq!(
        by_two.len(),
        2,
        "4 by 2: two full pages, the second the last"
    );
    assert_eq!(ids(&by_three), expected);
    assert_eq!(by_three.len(), 2, "4 by 3: a full page and the last");
    assert_eq!(ids(&by_ten), expected);
    assert_eq!(by_ten.len(), 1, "4 by 10: one page, the last");
    assert_eq!(ids(&all_drafts), drafts);
    assert_eq!(
        all_drafts.len(),
        4,
        "16 by 4: four pages, no empty one after"
    );
}

pub async fn the_last_page_of_every_list_says_so(store: &dyn Store) {
    let partner = PartnerId::new();
    for _ in 0..4 {
        store
            .create_profile(&draft(partner, None), None)
            .await
            .unwrap();
    }
    let empty = PartnerId::new();

    let by_two = pages(store, partner, &ProfileFilter::default(), 2).await;
    let by_four = pages(store, partner, &ProfileFilter::default(), 4).await;
    let none = pages(store, empty, &ProfileFilter::default(), 2).await;
    let no_status = pages(store, empty, &status(ProfileStatus::Submitted), 2).await;

    assert_eq!(by_two.len(), 2);
    assert_eq!(by_four.len(), 1, "exactly limit: one page, with no next");
    assert_eq!((none.len(), none[0].items.len()), (1, 0));
    assert_eq!((no_status.len(), no_status[0].items.len()), (1, 0));
}

/// A status change moves the profile from one status's pages to the other's.
pub async fn a_status_change_moves_the_profile_between_status_pages(store: &dyn Store) {
    let partner = PartnerId::new();
    let profile = draft(partner, Some("moving"));
    store.create_profile(&profile, None).await.unwrap();
    let in_status = async |wanted| ids(&pages(store, partner, &status(wanted), 10).await);

    store.submit_profile(&profile, now(), None).await.unwrap();
    let after_submit = (
        in_status(ProfileStatus::Draft).await,
        in_status(ProfileStatus::Submitted).await,
    );
    store
        .patch_profile(
            partner,
            profile.id,
            &set("dependents", AttributeValue::Integer(3)),
            None,
            now(),
        )
        .await
        .unwrap();
    let after_patch = (
        in_status(ProfileStatus::Draft).await,
        in_status(ProfileStatus::Submitted).await,
    );
    let current = store
        .get_profile(partner, profile.id)
        .await
        .unwrap()
        .unwrap();
    store.submit_profile(&current, now(), None).await.unwrap();
    let moved = ProfilePatch {
        reference: Some(Some("moved".to_owned())),
        ..ProfilePatch::default()
    };
    store
        .patch_profile(partner, profile.id, &moved, None, now())
        .await
        .unwrap();
    let after_reference = (
        in_status(ProfileStatus::Draft).await,
        in_status(ProfileStatus::Submitted).await,
    );
    store.delete_profile(partner, profile.id).await.unwrap();
    let after_erasure = (
        in_status(ProfileStatus::Draft).await,
        in_status(ProfileStatus::Submitted).await,
    );

    assert_eq!(after_submit, (vec![], vec![profile.id]), "submitted");
    assert_eq!(
        after_patch,
        (vec![profile.id], vec![]),
        "patched back to draft"
    );
    assert_eq!(
        after_reference,
        (vec![profile.id], vec![]),
        "a new reference, back to draft"
    );
    assert_eq!(after_erasure, (vec![], vec![]), "erased");
}

/// The profile a reference names, in one page with no `next`, however many the partner
/// has; a reference moved, erased, another partner's or in another status finds nothing.
pub async fn a_reference_is_found_in_one_page(store: &dyn Store) {
    let partner = PartnerId::new();
    for index in 0..30 {
        let profile = draft(partner, Some(&format!("client-{index:04}")));
        store.create_profile(&profile, None).await.unwrap();
    }
    let needle = draft(partner, Some("needle"));
    store.create_profile(&needle, None).await.unwrap();
    let lookup = async |partner, reference: &str, status| {
        let filter = ProfileFilter {
            status,
            reference: Some(reference.to_owned()),
        };
        let page = store
            .list_profiles(partner, &filter, None, 2)
            .await
            .unwrap();
        assert_eq!(page.next, None, "{reference}: one page");
        page.items.iter().map(|p| p.id).collect::<Vec<_>>()
    };

    let found = lookup(partner, "needle", None).await;
    let as_draft = lookup(partner, "needle", Some(ProfileStatus::Draft)).await;
    let as_submitted = lookup(partner, "needle", Some(ProfileStatus::Submitted)).await;
    let foreign = lookup(PartnerId::new(), "needle", None).await;
    let unknown = lookup(partner, "haystack", None).await;
    let moved = ProfilePatch {
        reference: Some(Some("moved-needle".to_owned())),
        ..ProfilePatch::default()
    };
    store
        .patch_profile(partner, needle.id, &moved, None, now())
        .await
        .unwrap();
    let old_after_move = lookup(partner, "needle", None).await;
    let new_after_move = lookup(partner, "moved-needle", None).await;
    store.delete_profile(partner, needle.id).await.unwrap();
    let after_erasure = lookup(partner, "moved-needle", None).await;

    assert_eq!(found, vec![needle.id]);
    assert_eq!(as_draft, vec![needle.id]);
    assert_eq!(as_submitted, vec![], "the reference's profile is a draft");
    assert_eq!(foreign, vec![], "another partner's reference");
    assert_eq!(unknown, vec![]);
    assert_eq!(old_after_move, vec![], "the old reference is free");
    assert_eq!(new_after_move, vec![needle.id]);
    assert_eq!(after_erasure, vec![]);
}
