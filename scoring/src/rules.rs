//! Every rule, in the order they are reported.

use crate::figures::Figures;
use crate::input::{Date, Profile};
use crate::result::{Rule, RuleCode, Status};
use crate::{age, collateral, hcsf, history, residual, savings, stability};

pub(crate) fn evaluate(profile: &Profile, figures: &Figures) -> Vec<Rule> {
    let mut rules = vec![
        hcsf::effort_rate_rule(figures),
        hcsf::duration_rule(profile, figures),
        residual::rule(figures),
        age::rule(figures),
        stability::rule(profile, figures),
    ];
    rules.extend(collateral::rule(profile));
    rules.extend([
        savings::rule(profile, figures),
        history::banking_incidents_rule(profile),
        history::ficp_rule(profile),
    ]);
    rules
}

/// Whether the profile, analysed on `as_of`, fails no hard rule.
pub(crate) fn passes_hard_rules(profile: &Profile, as_of: Date) -> bool {
    let figures = Figures::compute(profile, as_of);
    !evaluate(profile, &figures).iter().any(Rule::is_hard_fail)
}

pub(crate) fn status_of(rules: &[Rule], code: RuleCode) -> Option<Status> {
    rules
        .iter()
        .find(|rule| rule.code == code)
        .map(|rule| rule.status)
}
