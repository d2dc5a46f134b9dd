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

//!
//! The pieces: [`markdown`] reads a guide into blocks, [`shell`] reads its `sh` blocks as a
//! shell would and its `curl` commands as curl would, [`matching`] holds a response to the
//! documented one, and [`run`](run()) sends every request of a guide in order.

pub mod markdown;
pub mod matching;
pub mod run;
pub mod shell;

pub use run::run;

use std::time::Duration;

/// How long an analysis or a delivery may take to arrive.
pub const DEADLINE: Duration = Duration::from_secs(10);
/// The address the guides' examples use: the local server's default.
pub const GUIDE_BASE_URL: &str = "http://127.0.0.1:3000";

/// Where the test takes each variable a guide asks the reader to set: this member of the
/// previous response (a JSON pointer). `API_KEY` is the test partner's key.
pub const VARIABLES: &[(&str, &str)] = &[
    ("TOKEN", "/data/access"),
    ("REFRESH_TOKEN", "/data/refresh"),
    ("PROFILE_ID", "/data/id"),
    ("DRAFT_ID", "/data/id"),
    ("ANALYSIS_ID", "/data/id"),
    ("WEBHOOK_ID", "/data/id"),
    ("WEBHOOK_SECRET", "/data/secret"),
    ("STATEMENT_ID", "/data/id"),
    ("STET_STATEMENT_ID", "/data/id"),
    ("BANK_ANALYSIS_ID", "/data/id"),
    ("NEW_WEBHOOK_SECRET", "/data/secret"),
    ("DELIVERY_ID", "/data/0/id"),
];

pub struct Guide {
    pub path: &'static str,
    /// The line the guide starts at; it ends before the next `---` line. `None`: the
    /// whole file.
    pub start: Option<&'static str>,
    /// The word opening a documented response.
    pub response: &'static str,
    /// The words opening a documented webhook delivery.
    pub event: &'static str,
    /// The heading of the error catalogue.
    pub catalogue: &'static str,
    /// The spec's sections, headings in this order.
    pub sections: &'static [&'static str],
    /// The section holding the spec's "Utilisation" sections, each of which must show at
    /// least one executed example.
    pub usage: &'static str,
    /// The receiver URL the guide registers as a webhook.
    pub webhook_url: &'static str,
}

pub const FRENCH: Guide = Guide {
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

pub const ENGLISH: Guide = Guide {
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

pub const GUIDES: [&Guide; 2] = [&FRENCH, &ENGLISH];
