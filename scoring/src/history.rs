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
use crate::rules::{Outcome, RuleDetail};

/// The most incidents tolerated before the rule fails.
pub const MAX_TOLERATED_INCIDENTS: u32 = 2;

pub(crate) fn incidents(profile: &Profile) -> u32 {
    profile.banking_incidents_12m.unwrap_or(0)
}

pub(crate) fn banking_incidents_rule(profile: &Profile) -> Outcome {
    let count = incidents(profile);
    let (detail, threshold) = match count {
        0 => (RuleDetail::NoIncident, 0),
        1..=MAX_TOLERATED_INCIDENTS => (RuleDetail::FewIncidents { count }, 0),
        _ => (
            RuleDetail::ManyIncidents {
                count,
                max: MAX_TOLERATED_INCIDENTS,
            },
            MAX_TOLERATED_INCIDENTS,
        ),
    };
    Outcome {
        detail,
        value: Some(f64::from(count)),
        threshold: Some(f64::from(threshold)),
    }
}

pub(crate) fn ficp_rule(profile: &Profile) -> Outcome {
    let detail = if profile.ficp_registered {
        RuleDetail::FicpRegistered
    } else {
        RuleDetail::FicpNotRegistered
    };
    Outcome {
        detail,
        value: None,
        threshold: None,
    }
}
