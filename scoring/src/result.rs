//! The analysis result. Field names, metric names, rule and factor codes are part of the
//! public API (DESIGN §6) and serialise exactly as written here.
//!
//! Messages are stored in both languages (`"message": {"en": ..., "fr": ...}`); the API
//! shows one of them, chosen when the result is read: [`AnalysisResult::localized`].

use locale::Text;
use serde::{Deserialize, Deserializer, Serialize};

use crate::bank::IncomeBasis;
use crate::input::Money;
use crate::usury::UsuryCategory;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalysisResult {
    /// 0..=1000.
    pub score: u16,
    pub grade: Grade,
    pub decision: Decision,
    pub model_version: String,
    pub metrics: Metrics,
    pub rules: Vec<Rule>,
    pub factors: Vec<Factor>,
    pub counterfactuals: Vec<Counterfactual>,
    /// The insights of the profile's bank statements (DESIGN §10, as `GET
    /// .../bank-insights/` gives them), when the analysed snapshot holds statements;
    /// the caller that computed them sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<serde_json::Value>,
}

/// Money is in euros rounded to the cent, ratios are fractions rounded to 4 decimals
/// (0.35 is 35 %), never capped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub monthly_income: Money,
    pub monthly_loan_payment: Money,
    pub monthly_insurance: Money,
    /// `null` when no income is declared.
    pub effort_rate_before: Option<f64>,
    /// `null` when no income is declared.
    pub effort_rate_after: Option<f64>,
    pub residual_income: Money,
    pub residual_income_floor: Money,
    /// `null` unless the loan is a mortgage with a property value.
    pub loan_to_value: Option<f64>,
    /// Completed years of the borrower when the last instalment falls due.
    pub age_at_maturity: u32,
    /// The largest payment, insurance included, that keeps the effort rate at 35 %.
    pub max_monthly_payment: Money,
    /// The largest amount that fits `max_monthly_payment` at the same rate, duration and
    /// insurance rate.
    pub max_loan_amount: Money,
    /// The TAEG (APR), a ratio: the fees at signing, the payments and the insurance
    /// discounted at one annual rate (DESIGN §11). `null` when the fees take up the whole
    /// amount or nothing is repaid. Absent from results stored before model `2026.12-1`.
    #[serde(default)]
    pub apr: Option<f64>,
    /// The usury threshold the TAEG was held against, a ratio; `null` when none is loaded
    /// for the loan's category on or before the analysis date.
    #[serde(default)]
    pub usury_threshold: Option<f64>,
    /// The loan's usury category. Always set by the model; `null` only in results stored
    /// before model `2026.12-1`.
    #[serde(default)]
    pub usury_category: Option<UsuryCategory>,
    /// `observed` when the bank statements cover enough and show less income than
    /// declared, so the effort rate and the residual income use what they show; `declared`
    /// otherwise. `null` only in results stored before model `2026.12-2`.
    #[serde(default)]
    pub income_basis: Option<IncomeBasis>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Favorable,
    Review,
    Unfavorable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleCode {
    HcsfEffortRate,
    HcsfDuration,
    ResidualIncome,
    AgeAtMaturity,
    EmploymentStability,
    DownPayment,
    Savings,
    BankingIncidents,
    Ficp,
    UsuryRate,
    BankDataCoverage,
    IncomeVerified,
    UndeclaredCredit,
    Overdraft,
    RejectedPayments,
    Gambling,
}

impl RuleCode {
    /// A hard rule that fails makes the decision `unfavorable`, whatever the score.
    pub fn is_hard(self) -> bool {
        matches!(
            self,
            RuleCode::HcsfEffortRate
                | RuleCode::HcsfDuration
                | RuleCode::ResidualIncome
                | RuleCode::AgeAtMaturity
                | RuleCode::DownPayment
                | RuleCode::Ficp
                | RuleCode::UsuryRate
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
}

/// One rule's outcome. `value` is what was measured and `threshold` the limit it was held
/// against for the status given (both in the rule's unit; `null` when not applicable).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub code: RuleCode,
    pub status: Status,
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    #[serde(deserialize_with = "stored_text")]
    pub message: Text,
}

impl Rule {
    pub fn is_hard_fail(&self) -> bool {
        self.code.is_hard() && self.status == Status::Fail
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FactorCode {
    EffortRate,
    ResidualIncome,
    EmploymentStability,
    AgeAtMaturity,
    LoanDuration,
    LoanToValue,
    Savings,
    BankingIncidents,
    Ficp,
    IncomeVerified,
    UndeclaredCredit,
    Overdraft,
    RejectedPayments,
    Gambling,
}

/// One signed contribution to the score: `score = clamp(600 + Σ impact, 0, 1000)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    pub code: FactorCode,
    pub impact: i32,
    #[serde(deserialize_with = "stored_text")]
    pub message: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Borrow `value` euros instead, all else equal.
    LoanAmount,
    /// Spread the same amount over `value` months.
    LoanDurationMonths,
    /// Bring `value` euros of down payment in all, borrowing the increase less.
    DownPayment,
}

/// A single change to the profile that makes every hard rule pass.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counterfactual {
    pub change: Change,
    pub value: f64,
    #[serde(deserialize_with = "stored_text")]
    pub effect: Text,
}

/// A stored message: both languages, or, in results stored before model `2026.12-1`, a
/// single English string, which then stands for both.
fn stored_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Both(Text),
        EnglishOnly(String),
    }
    Ok(match Stored::deserialize(deserializer)? {
        Stored::Both(text) => text,
        Stored::EnglishOnly(english) => Text {
            fr: english.clone(),
            en: english,
        },
    })
}
