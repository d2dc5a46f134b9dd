//! Running a guide: every request it shows sent to a fresh local server, in document
//! order, each response and webhook delivery held to the documented one.

use std::collections::HashMap;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use tokio::time::Instant;

use super::markdown::{Block, Item};
use super::matching::{Expected, Ids, check, match_string, match_value, parse_marker};
use super::shell::{Curl, Shell, Word, shell};
use super::{DEADLINE, GUIDE_BASE_URL, Guide, VARIABLES};
use crate::app::{TestApp, TestResponse};
use crate::receiver::Receiver;

/// Runs every example of `guide` against a fresh local server.
pub async fn run(guide: &'static Guide) {
    let app = TestApp::spawn().await;
    app.load_this_quarters_usury_thresholds().await;
    let partner = app.create_partner("Banque Exemple").await;
    let receiver = Receiver::start().await;
    let mut run = Run {
        guide,
        app,
        receiver,
        api_key: partner.api_key,
        variables: HashMap::new(),
        ids: Ids::default(),
        last: None,
        claimed_deliveries: Vec::new(),
        requests: 0,
        deliveries: 0,
    };
    let items = guide.items();
    let mut pending: Option<(usize, Vec<Word>)> = None;
    let mut claimed_json = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let at = format!("{}:{}", guide.path, item.line);
        let documented_body = || match items.get(index + 1) {
            Some(Item {
                block: Block::Code { language, text },
                line,
            }) if language == "json" => (*line, text.replace(guide.webhook_url, &run.receiver.url)),
            _ => panic!("{at}: a ```json block must follow this paragraph"),
        };
        match &item.block {
            Block::Code { language, .. } if language == "sh" => {
                match shell(item).expect("a sh block") {
                    Err(problem) => panic!("{at}: {problem}"),
                    Ok(Shell::Other) => {}
                    Ok(Shell::Request(words)) => {
                        if let Some((line, _)) = pending {
                            panic!(
                                "{}:{line}: this request has no documented response",
                                guide.path
                            );
                        }
                        pending = Some((item.line, words));
                    }
                    Ok(Shell::Assignments(assignments)) => {
                        if let Some((line, _)) = pending {
                            panic!(
                                "{}:{line}: this request has no documented response",
                                guide.path
                            );
                        }
                        for (name, value) in assignments {
                            run.assign(&at, &name, &value);
                        }
                    }
                }
            }
            Block::Paragraph(text) if text.starts_with(guide.response) => {
                let (request_line, words) = pending
                    .take()
                    .unwrap_or_else(|| panic!("{at}: a response with no request before it"));
                let (status, headers) = parse_marker(&text[guide.response.len()..])
                    .unwrap_or_else(|problem| panic!("{at}: {problem}"));
                let body = if text.trim_end().ends_with(':') {
                    let (line, json) = documented_body();
                    claimed_json.push(index + 1);
                    Some(serde_json::from_str(&json).unwrap_or_else(|error| {
                        panic!(
                            "{}:{line}: the documented body is not JSON: {error}",
                            guide.path
                        )
                    }))
                } else {
                    None
                };
                let expected = Expected {
                    status,
                    headers,
                    body,
                };
                let at = format!("{}:{request_line}", guide.path);
                run.execute(&at, &words, &expected).await;
            }
            Block::Paragraph(text) if text.starts_with(guide.event) => {
                assert!(
                    text.trim_end().ends_with(':'),
                    "{at}: a ```json block follows"
                );
                let (line, json) = documented_body();
                claimed_json.push(index + 1);
                let event: Value = serde_json::from_str(&json).unwrap_or_else(|error| {
                    panic!(
                        "{}:{line}: the documented event is not JSON: {error}",
                        guide.path
                    )
                });
                run.expect_delivery(&at, &event).await;
            }
            Block::Code { language, .. }
                if language == "json" && !claimed_json.contains(&index) =>
            {
                panic!("{at}: a ```json block that documents neither a response nor an event")
            }
            _ => {}
        }
    }
    if let Some((line, _)) = pending {
        panic!(
            "{}:{line}: this request has no documented response",
            guide.path
        );
    }
    assert!(run.requests > 0, "{}: no example executed", guide.path);
    eprintln!(
        "{}: {} requests and {} webhook deliveries as documented",
        guide.path, run.requests, run.deliveries
    );
    run.app.stop().await;
}

/// One guide's run: the server, the receiver, and what the reader would hold.
struct Run {
    guide: &'static Guide,
    app: TestApp,
    receiver: Receiver,
    api_key: String,
    variables: HashMap<String, String>,
    ids: Ids,
    last: Option<TestResponse>,
    claimed_deliveries: Vec<usize>,
    /// Requests sent and answered as documented.
    requests: usize,
    /// Webhook deliveries received as documented.
    deliveries: usize,
}

impl Run {
    /// Sends the request, again while it is a `GET` whose response does not match yet.
    async fn execute(&mut self, at: &str, words: &[Word], expected: &Expected) {
        let expanded: Vec<String> = words
            .iter()
            .map(|word| word.expand(&self.variables))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|problem| panic!("{at}: {problem}"));
        let request = Curl::parse(&expanded).unwrap_or_else(|problem| panic!("{at}: {problem}"));
        let end = Instant::now() + DEADLINE;
        loop {
            let response = self.send(at, &request).await;
            let mut ids = self.ids.clone();
            match check(expected, &response, &mut ids) {
                Ok(()) => {
                    self.ids = ids;
                    self.last = Some(response);
                    self.requests += 1;
                    return;
                }
                Err(_) if request.method == Method::GET && Instant::now() < end => {
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                Err(problem) => panic!(
                    "{at}: {} {}: {problem}\nactual response: {} {:#}",
                    request.method, request.url, response.status, response.body
                ),
            }
        }
    }

    async fn send(&self, at: &str, request: &Curl) -> TestResponse {
        let path = request.url.strip_prefix(GUIDE_BASE_URL).unwrap_or_else(|| {
            panic!(
                "{at}: examples are aimed at {GUIDE_BASE_URL}, not {}",
                request.url
            )
        });
        let mut builder = self.app.with(request.method.clone(), path);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = &request.body {
            if !request
                .headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            {
                builder = builder.header("content-type", "application/x-www-form-urlencoded");
            }
            // The guide registers its partner's production receiver, which does not
            // resolve here: the test's loopback receiver stands in for it (the documented
            // responses get the same substitution).
            builder = builder.body(body.replace(self.guide.webhook_url, &self.receiver.url));
        }
        self.app.send(builder).await
    }

    /// Sets `name` as the reader would, from the previous response.
    fn assign(&mut self, at: &str, name: &str, shown: &Word) {
        let shown = shown
            .expand(&self.variables)
            .unwrap_or_else(|problem| panic!("{at}: {problem}"));
        let actual = if name == "API_KEY" {
            self.api_key.clone()
        } else {
            let pointer = VARIABLES
                .iter()
                .find(|(variable, _)| *variable == name)
                .map(|(_, pointer)| *pointer)
                .unwrap_or_else(|| {
                    panic!(
                        "{at}: the test does not know where {name} comes from; add it to VARIABLES"
                    )
                });
            let last = self
                .last
                .as_ref()
                .unwrap_or_else(|| panic!("{at}: {name} is set before any response"));
            last.body
                .pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or_else(|| {
                    panic!("{at}: the previous response has no string at {pointer} for {name}")
                })
                .to_owned()
        };
        match_string(&shown, &actual, &mut self.ids)
            .unwrap_or_else(|problem| panic!("{at}: {name}: {problem}"));
        match name {
            "WEBHOOK_SECRET" => self.receiver.set_secret(&actual),
            // After a rotation, deliveries verify with either secret for 24 hours.
            "NEW_WEBHOOK_SECRET" => self.receiver.add_secret(&actual),
            _ => {}
        }
        self.variables.insert(name.to_owned(), actual);
    }

    /// Waits for a delivery matching `event`, one not matched before, correctly signed.
    async fn expect_delivery(&mut self, at: &str, event: &Value) {
        let end = Instant::now() + DEADLINE;
        loop {
            let received = self.receiver.received();
            for (index, delivery) in received.iter().enumerate() {
                let mut ids = self.ids.clone();
                if self.claimed_deliveries.contains(&index)
                    || match_value(event, &delivery.body, "", &mut ids).is_err()
                {
                    continue;
                }
                assert!(
                    delivery.verified,
                    "{at}: the delivery's signature does not verify with WEBHOOK_SECRET: {delivery:?}"
                );
                self.ids = ids;
                self.claimed_deliveries.push(index);
                self.deliveries += 1;
                return;
            }
            let now = Instant::now();
            assert!(
                now < end,
                "{at}: no delivery like the documented one within {DEADLINE:?}; received: {:#?}",
                received
                    .iter()
                    .map(|delivery| &delivery.body)
                    .collect::<Vec<_>>()
            );
            self.receiver.wait_for(received.len() + 1, end - now).await;
        }
    }
}
