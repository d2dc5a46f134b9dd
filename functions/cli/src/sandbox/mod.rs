//! `partnerb2b sandbox load [--partner ID]`: a handful of submitted profiles with bank
//! statements ([`personas::PERSONAS`]), one per outcome, so a partner can request an
//! analysis of each and see every decision. Without `--partner`, a new partner named
//! `Sandbox` is created and its API key printed.

pub mod personas;

use chrono::Utc;
use scoring::Date;
use serde::Serialize;
use serde_json::{Value, json};
use shared::domain::attributes::{Attributes, today};
use shared::domain::model::{PartnerId, Profile, ProfileId};
use shared::domain::statements::StoredStatement;
use shared::store::Store;

use crate::CliError;
use crate::cli::StorageArgs;
use crate::operator::{create_partner, print_json};
use crate::storage::open_store;
use personas::{PERSONAS, Persona};

/// One persona loaded.
#[derive(Debug, Serialize)]
pub struct Loaded {
    pub reference: &'static str,
    pub profile_id: ProfileId,
    pub outcome: &'static str,
    pub because: &'static str,
    pub story: &'static str,
}

/// What `sandbox load` did: the partner (and its key when it created it), the personas.
#[derive(Debug, Serialize)]
pub struct Sandbox {
    pub partner_id: PartnerId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    pub profiles: Vec<Loaded>,
}

pub async fn load(
    storage: &StorageArgs,
    partner: Option<PartnerId>,
    json: bool,
) -> Result<(), CliError> {
    let store = open_store(storage).await?;
    let sandbox = load_into(store.as_ref(), partner, today()).await?;
    if json {
        print_json(&sandbox);
        return Ok(());
    }
    if let Some(key) = &sandbox.api_key {
        println!("created partner {} (Sandbox)", sandbox.partner_id);
        println!("api key (shown once, store it now): {key}");
    }
    for loaded in &sandbox.profiles {
        println!(
            "{}  {:<27}  {:<11}  {}",
            loaded.profile_id, loaded.reference, loaded.outcome, loaded.because
        );
    }
    println!("each profile is submitted: POST /api/v1/profiles/{{id}}/analyses/ to analyse it");
    Ok(())
}

/// Loads every persona for `partner` (a new partner when `None`), their statements dated
/// up to `today`.
pub async fn load_into(
    store: &dyn Store,
    partner: Option<PartnerId>,
    today: Date,
) -> Result<Sandbox, CliError> {
    let (partner_id, api_key) = match partner {
        Some(id) => {
            store
                .get_partner(id)
                .await?
                .ok_or_else(|| CliError::NotFound(format!("partner {id}")))?;
            (id, None)
        }
        None => {
            let created = create_partner(store, "Sandbox").await?;
            (created.partner_id, Some(created.api_key))
        }
    };
    let mut profiles = Vec::with_capacity(PERSONAS.len());
    for persona in PERSONAS {
        let profile_id = load_persona(store, partner_id, persona, today).await?;
        profiles.push(Loaded {
            reference: persona.reference,
            profile_id,
            outcome: persona.outcome,
            because: persona.because,
            story: persona.story,
        });
    }
    Ok(Sandbox {
        partner_id,
        api_key,
        profiles,
    })
}

/// A persona's profile, its statement, submitted. A reference already loaded gets a
/// suffix, so loading twice adds a second set.
async fn load_persona(
    store: &dyn Store,
    partner: PartnerId,
    persona: &Persona,
    today: Date,
) -> Result<ProfileId, CliError> {
    let raw: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_value((persona.attributes)())
            .map_err(|error| CliError::Setup(error.to_string()))?;
    let attributes = Attributes::parse(&raw, today).map_err(|problems| {
        CliError::Setup(format!("{} attributes: {problems:?}", persona.reference))
    })?;
    let now = Utc::now();
    let reference = format!("{}-{}", persona.reference, now.format("%H%M%S%3f"));
    let profile = Profile::draft(partner, Some(reference), attributes, now);
    store.create_profile(&profile, None).await?;
    let document = statement_document(persona, today);
    let statement = bank::parse_statement(&document, today)
        .map_err(|problems| CliError::Setup(format!("{}: {problems}", persona.reference)))?;
    let stored = StoredStatement::new(profile.id, statement, now);
    let json = stored
        .to_json()
        .map_err(|error| CliError::Setup(error.to_string()))?;
    let with_statement = store
        .add_statement(partner, &stored, &json, None, now)
        .await?;
    store.submit_profile(&with_statement, now, None).await?;
    Ok(profile.id)
}

/// The persona's checking account statement in the native format: its monthly lines over
/// `months` full months and the current one up to `today`, the balance at `today`. A line
/// on a day a month does not have (a salary on the 29th) falls on that month's last day.
pub fn statement_document(persona: &Persona, today: Date) -> Value {
    let current = i64::from(today.year()) * 12 + i64::from(today.month()) - 1;
    let mut transactions = Vec::new();
    let mut balance = persona.opening_cents;
    for back in (0..=i64::from(persona.months)).rev() {
        let index = current - back;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
        for line in persona.monthly {
            let Some(date) = (1..=line.day)
                .rev()
                .find_map(|day| Date::new(year as i32, month as u8, day))
            else {
                continue;
            };
            if date > today {
                continue;
            }
            balance += line.cents;
            transactions.push(json!({
                "id": format!("{}-{}", date, transactions.len()),
                "date": date.to_string(),
                "amount": line.cents as f64 / 100.0,
                "label": line.label,
                "counterparty": line.counterparty,
            }));
        }
    }
    json!({
        "format": "native",
        "account": {
            "type": "checking",
            "currency": "EUR",
            "balance": balance as f64 / 100.0,
            "balance_date": today.to_string(),
        },
        "transactions": transactions,
    })
}
