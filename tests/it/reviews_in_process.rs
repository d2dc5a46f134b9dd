//! Human reviews in-process, with no worker running: refused while the analysis is
//! pending or once it failed, and removed again when SQS refuses the analysis's message.

use std::sync::Arc;

use analysis_worker::NoEvents;
use partnerb2b_tests::app::TestResponse;
use partnerb2b_tests::flaky_queue::FailingAfter;
use partnerb2b_tests::in_process;
use serde_json::{Value, json};
use shared::domain::model::{Analysis, AnalysisId, AnalysisStatus, PartnerId};
use shared::store::embedded::EmbeddedStore;

use crate::reviews_http::overturning;

/// The functions in-process on an embedded store, no worker running, with a new
/// partner's pending analysis of its submitted complete profile.
struct InProcess {
    services: partnerb2b::services::Services,
    token: String,
    partner: PartnerId,
    analysis: AnalysisId,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

impl InProcess {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = EmbeddedStore::open(&dir.path().join("db")).unwrap();
        let (services, queues) = in_process::services(Arc::new(store));
        let partner = partnerb2b::operator::create_partner(services.store.as_ref(), "P")
            .await
            .unwrap();
        let token = partnerb2b_tests::fixtures::access_token(&services.auth.tokens, &partner);
        let mut this = Self {
            services,
            token,
            partner: partner.partner_id,
            analysis: AnalysisId::new(),
            _dirs: (dir, queues),
        };
        let profile = partnerb2b_tests::fixtures::complete_profile();
        let created = this
            .call("POST", "/api/v1/profiles/", Some(&profile), None)
            .await;
        let profile = created.body["data"]["id"].as_str().unwrap().to_owned();
        this.call(
            "POST",
            &format!("/api/v1/profiles/{profile}/submit/"),
            None,
            None,
        )
        .await
        .assert_status(200);
        let requested = this
            .call(
                "POST",
                &format!("/api/v1/profiles/{profile}/analyses/"),
                None,
                None,
            )
            .await;
        requested.assert_status(202);
        this.analysis = requested.body["data"]["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        this
    }

    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> TestResponse {
        let mut request = in_process::request(method, path, &self.token, body);
        if let Some(key) = key {
            request
                .headers_mut()
                .insert("idempotency-key", key.parse().unwrap());
        }
        let answered = self.services.handle(request).await;
        TestResponse {
            status: answered.status().as_u16(),
            headers: answered.headers().clone(),
            body: in_process::json(&answered),
        }
    }

    async fn review(&self, key: Option<&str>) -> TestResponse {
        let path = format!("/api/v1/analyses/{}/reviews/", self.analysis);
        self.call("POST", &path, Some(&overturning()), key).await
    }

    async fn stored(&self) -> Analysis {
        self.services
            .store
            .get_analysis(self.partner, self.analysis)
            .await
            .unwrap()
            .unwrap()
    }

    /// Has the analysis worker complete the analysis.
    async fn complete(&self) {
        let worker = analysis_worker::Worker::new(self.services.store.clone(), Arc::new(NoEvents));
        let body = serde_json::to_string(&self.stored().await.request()).unwrap();
        worker.process(&body).await.unwrap();
    }
}

#[tokio::test]
async fn only_a_completed_analysis_is_reviewed() {
    let app = InProcess::start().await;

    let pending = app.review(None).await;

    pending.assert_error(409, "analysis_not_completed");
    assert!(
        pending.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not completed yet"),
        "{:#}",
        pending.body
    );
    let mut failed = app.stored().await;
    failed.status = AnalysisStatus::Failed;
    failed.failure_reason = Some("incomplete".into());
    failed.completed_at = Some(chrono::Utc::now());
    failed.queued_at = None;
    app.services.store.finish_analysis(&failed).await.unwrap();
    let refused = app.review(None).await;
    refused.assert_error(409, "analysis_not_completed");
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("failed"),
        "{:#}",
        refused.body
    );
    let read = app
        .call(
            "GET",
            &format!("/api/v1/analyses/{}/", app.analysis),
            None,
            None,
        )
        .await;
    let view = &read.body["data"];
    assert_eq!(
        (
            &view["final_decision"],
            &view["decided_by"],
            &view["reviews"]
        ),
        (&Value::Null, &Value::Null, &json!([])),
        "no decision, no review"
    );
}

#[tokio::test]
async fn a_review_whose_message_sqs_refuses_is_removed_again_and_answers_503() {
    let mut app = InProcess::start().await;
    app.complete().await;
    let queue = app.services.analysis_queue.clone();
    let refusing = Arc::new(FailingAfter::new(queue.clone(), 0));
    app.services.analyses.analysis_queue = refusing.clone();

    let refused = app.review(Some("review-refused")).await;

    refused.assert_error(503, "service_unavailable");
    assert!(app.stored().await.reviews.is_empty(), "nothing recorded");
    refusing.accept_all();
    let retried = app.review(Some("review-refused")).await;
    retried.assert_status(201);
    assert_eq!(retried.header("idempotent-replayed"), None, "recorded now");
    assert_eq!(app.stored().await.reviews.len(), 1);
}
