//! The stored result seen in one language: exactly the API's shape, with every `message`
//! and `effect` a plain string in that language, borrowed from the stored result.

use locale::Language;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::result::{
    AnalysisResult, Change, Counterfactual, Factor, FactorCode, Rule, RuleCode, Status,
};

/// [`AnalysisResult`] in one language, for the HTTP layer to serialise.
#[derive(Clone, Copy, Debug)]
pub struct LocalizedResult<'a> {
    result: &'a AnalysisResult,
    language: Language,
}

impl AnalysisResult {
    /// This result as the API shows it in `language`: the same fields, with each
    /// `message` and `effect` a string instead of `{"en": ..., "fr": ...}`.
    ///
    /// ```
    /// # use scoring::{AnalysisResult, Language};
    /// # fn show(result: &AnalysisResult) -> serde_json::Value {
    /// let body = serde_json::to_value(result.localized(Language::Fr)).expect("serialisable");
    /// # body }
    /// ```
    pub fn localized(&self, language: Language) -> LocalizedResult<'_> {
        LocalizedResult {
            result: self,
            language,
        }
    }
}

impl Serialize for LocalizedResult<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (result, language) = (self.result, self.language);
        let mut out = serializer.serialize_struct("AnalysisResult", 9)?;
        out.serialize_field("score", &result.score)?;
        out.serialize_field("grade", &result.grade)?;
        out.serialize_field("decision", &result.decision)?;
        out.serialize_field("model_version", &result.model_version)?;
        out.serialize_field("metrics", &result.metrics)?;
        out.serialize_field("rules", &In(&result.rules, language))?;
        out.serialize_field("factors", &In(&result.factors, language))?;
        out.serialize_field("counterfactuals", &In(&result.counterfactuals, language))?;
        if let Some(bank) = &result.bank {
            out.serialize_field("bank", bank)?;
        }
        out.end()
    }
}

/// A list of stored items, each shown in one language.
struct In<'a, T>(&'a [T], Language);

#[derive(Serialize)]
struct RuleView<'a> {
    code: RuleCode,
    status: Status,
    value: Option<f64>,
    threshold: Option<f64>,
    message: &'a str,
}

#[derive(Serialize)]
struct FactorView<'a> {
    code: FactorCode,
    impact: i32,
    message: &'a str,
}

#[derive(Serialize)]
struct CounterfactualView<'a> {
    change: Change,
    value: f64,
    effect: &'a str,
}

impl Serialize for In<'_, Rule> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|rule| RuleView {
            code: rule.code,
            status: rule.status,
            value: rule.value,
            threshold: rule.threshold,
            message: rule.message.get(self.1),
        }))
    }
}

impl Serialize for In<'_, Factor> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|factor| FactorView {
            code: factor.code,
            impact: factor.impact,
            message: factor.message.get(self.1),
        }))
    }
}

impl Serialize for In<'_, Counterfactual> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|counterfactual| CounterfactualView {
            change: counterfactual.change,
            value: counterfactual.value,
            effect: counterfactual.effect.get(self.1),
        }))
    }
}
