use partnerb2b_tests::store_conformance;

store_conformance!(
    embedded,
    partnerb2b_tests::conformance::embedded;
    profile_changes::concurrent_patches_never_lose_an_update
);
store_conformance!(dynamodb, partnerb2b_tests::conformance::dynamodb);
