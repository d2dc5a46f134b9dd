//! A partner created on the data file of a running server can get a token at once,
//! through a second connection to the file, as `partnerb2b partner create` makes.

use partnerb2b::operator::create_partner;
use partnerb2b_tests::app::TestApp;
use shared::store::embedded::EmbeddedStore;

#[tokio::test]
async fn partner_created_beside_a_running_server_gets_a_token_at_once() {
    let app = TestApp::spawn().await;
    let path = app.data_path.clone().expect("embedded data file");
    let other_process = EmbeddedStore::open(&path).unwrap();
    let partner = create_partner(&other_process, "Onboarded while serving")
        .await
        .unwrap();
    let response = app.token(&partner.api_key).await;
    response.assert_status(200);
}
