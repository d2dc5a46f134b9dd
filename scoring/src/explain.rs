//! What the consumer is owed about a decision (DESIGN §11; GDPR articles 15(1)(h) and 22,
//! Directive (EU) 2023/2225 article 18): the decision, its main reasons, what would change
//! it and their rights, in plain words, from the stored result alone.

use locale::Language;
use serde::Serialize;

use crate::messages;
use crate::result::{AnalysisResult, Decision, RuleCode, Status};

/// The most reasons shown.
pub const MAX_REASONS: usize = 4;

/// The explanation served at `GET /api/v1/analyses/{id}/explanation/`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub language: Language,
    /// The model's decision.
    pub decision: Decision,
    /// The decision that stands: the latest human review's, else the model's.
    pub final_decision: Decision,
    pub summary: String,
    /// The failing rules, then the warning ones, in the order the model reports them; at
    /// most [`MAX_REASONS`].
    pub main_reasons: Vec<Reason>,
    /// One sentence per counterfactual.
    pub what_would_change: Vec<String>,
    /// One sentence per right.
    pub rights: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    pub code: RuleCode,
    pub message: String,
}

/// Explains `result` to the consumer in `language`, the decision that stands being
/// `final_decision`.
#[must_use]
pub fn explain(
    result: &AnalysisResult,
    final_decision: Decision,
    language: Language,
) -> Explanation {
    let by_status = |status: Status| {
        result
            .rules
            .iter()
            .filter(move |rule| rule.status == status)
    };
    let main_reasons = by_status(Status::Fail)
        .chain(by_status(Status::Warn))
        .filter_map(|rule| {
            messages::reason(rule).map(|text| Reason {
                code: rule.code,
                message: text.get(language).to_owned(),
            })
        })
        .take(MAX_REASONS)
        .collect();
    let what_would_change: Vec<String> = result
        .counterfactuals
        .iter()
        .map(|c| messages::what_would_change(c).get(language).to_owned())
        .collect();
    let summary = messages::summary(
        result.decision,
        final_decision,
        !what_would_change.is_empty(),
    );
    Explanation {
        language,
        decision: result.decision,
        final_decision,
        summary: summary.get(language).to_owned(),
        main_reasons,
        what_would_change,
        rights: messages::rights()
            .iter()
            .map(|right| right.get(language).to_owned())
            .collect(),
    }
}
