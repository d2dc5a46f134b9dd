//! Credit history: the Banque de France FICP file and recent banking incidents.
//!
//! `FICP`: the Fichier national des incidents de remboursement des crédits aux
//! particuliers lists people with characterised repayment defaults or an over-indebtedness
//! plan. Lenders must consult it before granting a consumer credit and, in practice,
//! decline registered borrowers: registration fails this hard rule, and the decision is
//! always `unfavorable`.
//!
//! `BANKING_INCIDENTS`: rejected payments, unauthorised overdrafts and similar incidents
//! over the last 12 months. None passes, one or two warn, three or more fail (a soft
//! failure: it sends the file to review and weighs heavily on the score). Not stated
//! reads as none.

use crate::input::Profile;
use crate::result::{Rule, RuleCode, Status};

/// The most incidents tolerated before the rule fails.
pub const MAX_TOLERATED_INCIDENTS: u32 = 2;

pub(crate) fn incidents(profile: &Profile) -> u32 {
    profile.banking_incidents_12m.unwrap_or(0)
}

pub(crate) fn banking_incidents_rule(profile: &Profile) -> Rule {
    let count = incidents(profile);
    let (status, threshold, message) = match count {
        0 => (
            Status::Pass,
            0,
            "No banking incident in the last 12 months.".to_owned(),
        ),
        1..=MAX_TOLERATED_INCIDENTS => (
            Status::Warn,
            0,
            format!("{count} banking incident(s) in the last 12 months."),
        ),
        _ => (
            Status::Fail,
            MAX_TOLERATED_INCIDENTS,
            format!(
                "{count} banking incidents in the last 12 months, more than the {MAX_TOLERATED_INCIDENTS} tolerated."
            ),
        ),
    };
    Rule {
        code: RuleCode::BankingIncidents,
        status,
        value: Some(f64::from(count)),
        threshold: Some(f64::from(threshold)),
        message,
    }
}

pub(crate) fn ficp_rule(profile: &Profile) -> Rule {
    let (status, message) = if profile.ficp_registered {
        (
            Status::Fail,
            "The borrower is registered in the Banque de France FICP file.",
        )
    } else {
        (
            Status::Pass,
            "The borrower is not registered in the Banque de France FICP file.",
        )
    };
    Rule {
        code: RuleCode::Ficp,
        status,
        value: None,
        threshold: None,
        message: message.to_owned(),
    }
}
