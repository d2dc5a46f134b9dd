//! Every rule, in the order they are reported, and what each one found.
//!
//! A rule first yields an [`Outcome`]: its [`RuleDetail`] (which case it met, with the
//! figures its message quotes), its `value` and its `threshold`. The status and the code
//! follow from the detail; the message is written from it by the catalogue
//! ([`crate::messages`]) only for the reported result, so the counterfactual search, which
//! re-runs the rules many times, never writes a message it will not show.

use crate::context::Context;
use crate::figures::Figures;
use crate::input::{Money, Profile, Quarter};
use crate::messages;
use crate::result::{Rule, RuleCode, Status};
use crate::usury::UsuryCategory;
use crate::{age, collateral, hcsf, history, residual, savings, stability, usury};

/// Which case of which rule a profile met, with the figures its message quotes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RuleDetail {
    EffortNoIncome,
    EffortWithin {
        effort: f64,
    },
    EffortAbove {
        effort: f64,
    },
    DurationWithin {
        months: u16,
        cap: u16,
    },
    DurationBeyond {
        months: u16,
        cap: u16,
    },
    ResidualBelowFloor {
        residual: Money,
        floor: Money,
    },
    ResidualThin {
        residual: Money,
        floor: Money,
        comfortable: Money,
    },
    ResidualComfortable {
        residual: Money,
        floor: Money,
    },
    AgeWithin {
        age: u32,
    },
    AgeOver {
        age: u32,
    },
    AgeBeyondCover {
        age: u32,
    },
    CivilServant,
    Retired,
    NoStableIncome,
    CdiInTrial,
    CdiRecent {
        months: i64,
        min: i64,
    },
    CdiConfirmed,
    ActivityLong {
        months: i64,
        min: i64,
    },
    ActivityShort {
        months: i64,
        min: i64,
    },
    ActivityUndated {
        min: i64,
    },
    NoPropertyValue,
    LoanAboveValue {
        loan: Money,
        property: Money,
    },
    DownPaymentEnough {
        down_payment: Money,
        share: f64,
    },
    DownPaymentShort {
        down_payment: Money,
        share: f64,
    },
    SavingsNotStated,
    SavingsNoMonthlyCost,
    SavingsEnough {
        months: f64,
    },
    SavingsShort {
        months: f64,
        min: i64,
    },
    NoIncident,
    FewIncidents {
        count: u32,
    },
    ManyIncidents {
        count: u32,
        max: u32,
    },
    FicpRegistered,
    FicpNotRegistered,
    UsuryWithin {
        apr: f64,
        threshold: f64,
        category: UsuryCategory,
    },
    /// Within the latest threshold loaded, from an earlier quarter than the analysis's.
    UsuryWithinStale {
        apr: f64,
        threshold: f64,
        category: UsuryCategory,
        used: Quarter,
        quarter: Quarter,
    },
    UsuryAbove {
        apr: f64,
        threshold: f64,
        category: UsuryCategory,
    },
    UsuryAboveStale {
        apr: f64,
        threshold: f64,
        category: UsuryCategory,
        used: Quarter,
        quarter: Quarter,
    },
    UsuryNoThreshold {
        apr: f64,
        category: UsuryCategory,
        quarter: Quarter,
    },
    UsuryFeesTakeTheAmount {
        fees: Money,
        amount: Money,
    },
    UsuryNothingRepaid,
    CoverageEnough {
        days: i64,
        months: u32,
    },
    CoverageShort {
        days: i64,
        months: u32,
    },
    IncomeNotEnoughHistory,
    CreditNotEnoughHistory,
    OverdraftNotEnoughHistory,
    RejectedNotEnoughHistory,
    GamblingNotEnoughHistory,
    /// `ratio` is observed / declared income, `None` without declared income.
    IncomeVerified {
        observed: Money,
        declared: Money,
        ratio: Option<f64>,
    },
    IncomePartlyVerified {
        observed: Money,
        declared: Money,
        ratio: Option<f64>,
    },
    IncomeNotVerified {
        observed: Money,
        declared: Money,
        ratio: Option<f64>,
    },
    CreditDeclared {
        observed: Money,
        declared: Money,
    },
    CreditUndeclared {
        observed: Money,
        declared: Money,
    },
    OverdraftRare {
        days: u32,
    },
    OverdraftSome {
        days: u32,
    },
    OverdraftFrequent {
        days: u32,
    },
    NoRejectedPayment,
    FewRejectedPayments {
        count: u32,
    },
    ManyRejectedPayments {
        count: u32,
    },
    GamblingLow {
        share: f64,
    },
    GamblingNotable {
        share: f64,
    },
    GamblingHigh {
        share: f64,
    },
}

impl RuleDetail {
    pub fn code(&self) -> RuleCode {
        use RuleDetail::*;
        match self {
            EffortNoIncome | EffortWithin { .. } | EffortAbove { .. } => RuleCode::HcsfEffortRate,
            DurationWithin { .. } | DurationBeyond { .. } => RuleCode::HcsfDuration,
            ResidualBelowFloor { .. } | ResidualThin { .. } | ResidualComfortable { .. } => {
                RuleCode::ResidualIncome
            }
            AgeWithin { .. } | AgeOver { .. } | AgeBeyondCover { .. } => RuleCode::AgeAtMaturity,
            CivilServant
            | Retired
            | NoStableIncome
            | CdiInTrial
            | CdiRecent { .. }
            | CdiConfirmed
            | ActivityLong { .. }
            | ActivityShort { .. }
            | ActivityUndated { .. } => RuleCode::EmploymentStability,
            NoPropertyValue
            | LoanAboveValue { .. }
            | DownPaymentEnough { .. }
            | DownPaymentShort { .. } => RuleCode::DownPayment,
            SavingsNotStated
            | SavingsNoMonthlyCost
            | SavingsEnough { .. }
            | SavingsShort { .. } => RuleCode::Savings,
            NoIncident | FewIncidents { .. } | ManyIncidents { .. } => RuleCode::BankingIncidents,
            FicpRegistered | FicpNotRegistered => RuleCode::Ficp,
            UsuryWithin { .. }
            | UsuryWithinStale { .. }
            | UsuryAbove { .. }
            | UsuryAboveStale { .. }
            | UsuryNoThreshold { .. }
            | UsuryFeesTakeTheAmount { .. }
            | UsuryNothingRepaid => RuleCode::UsuryRate,
            CoverageEnough { .. } | CoverageShort { .. } => RuleCode::BankDataCoverage,
            IncomeNotEnoughHistory
            | IncomeVerified { .. }
            | IncomePartlyVerified { .. }
            | IncomeNotVerified { .. } => RuleCode::IncomeVerified,
            CreditNotEnoughHistory | CreditDeclared { .. } | CreditUndeclared { .. } => {
                RuleCode::UndeclaredCredit
            }
            OverdraftNotEnoughHistory
            | OverdraftRare { .. }
            | OverdraftSome { .. }
            | OverdraftFrequent { .. } => RuleCode::Overdraft,
            RejectedNotEnoughHistory
            | NoRejectedPayment
            | FewRejectedPayments { .. }
            | ManyRejectedPayments { .. } => RuleCode::RejectedPayments,
            GamblingNotEnoughHistory
            | GamblingLow { .. }
            | GamblingNotable { .. }
            | GamblingHigh { .. } => RuleCode::Gambling,
        }
    }

    pub fn status(&self) -> Status {
        use RuleDetail::*;
        match self {
            EffortWithin { .. }
            | DurationWithin { .. }
            | ResidualComfortable { .. }
            | AgeWithin { .. }
            | CivilServant
            | Retired
            | CdiConfirmed
            | ActivityLong { .. }
            | DownPaymentEnough { .. }
            | SavingsNoMonthlyCost
            | SavingsEnough { .. }
            | NoIncident
            | FicpNotRegistered
            | UsuryWithin { .. }
            | CoverageEnough { .. }
            | IncomeVerified { .. }
            | CreditDeclared { .. }
            | OverdraftRare { .. }
            | NoRejectedPayment
            | GamblingLow { .. } => Status::Pass,
            ResidualThin { .. }
            | AgeOver { .. }
            | CdiInTrial
            | CdiRecent { .. }
            | ActivityShort { .. }
            | ActivityUndated { .. }
            | DownPaymentShort { .. }
            | SavingsNotStated
            | SavingsShort { .. }
            | FewIncidents { .. }
            | UsuryWithinStale { .. }
            | UsuryNoThreshold { .. }
            | CoverageShort { .. }
            | IncomeNotEnoughHistory
            | CreditNotEnoughHistory
            | OverdraftNotEnoughHistory
            | RejectedNotEnoughHistory
            | GamblingNotEnoughHistory
            | IncomePartlyVerified { .. }
            | OverdraftSome { .. }
            | FewRejectedPayments { .. }
            | GamblingNotable { .. } => Status::Warn,
            EffortNoIncome
            | EffortAbove { .. }
            | DurationBeyond { .. }
            | ResidualBelowFloor { .. }
            | AgeBeyondCover { .. }
            | NoStableIncome
            | NoPropertyValue
            | LoanAboveValue { .. }
            | ManyIncidents { .. }
            | FicpRegistered
            | UsuryAbove { .. }
            | UsuryAboveStale { .. }
            | UsuryFeesTakeTheAmount { .. }
            | UsuryNothingRepaid
            | IncomeNotVerified { .. }
            | CreditUndeclared { .. }
            | OverdraftFrequent { .. }
            | ManyRejectedPayments { .. }
            | GamblingHigh { .. } => Status::Fail,
        }
    }
}

/// One rule's finding, before its message is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Outcome {
    pub detail: RuleDetail,
    pub value: Option<f64>,
    pub threshold: Option<f64>,
}

impl Outcome {
    pub fn code(&self) -> RuleCode {
        self.detail.code()
    }

    pub fn status(&self) -> Status {
        self.detail.status()
    }

    pub fn is_hard_fail(&self) -> bool {
        self.code().is_hard() && self.status() == Status::Fail
    }

    pub fn to_rule(&self) -> Rule {
        Rule {
            code: self.code(),
            status: self.status(),
            value: self.value,
            threshold: self.threshold,
            message: messages::rule(&self.detail),
        }
    }
}

pub(crate) fn evaluate(profile: &Profile, figures: &Figures) -> Vec<Outcome> {
    let mut outcomes = vec![
        hcsf::effort_rate_rule(figures),
        hcsf::duration_rule(profile, figures),
        residual::rule(figures),
        age::rule(figures),
        stability::rule(profile, figures),
    ];
    outcomes.extend(collateral::rule(profile));
    outcomes.extend([
        savings::rule(profile, figures),
        history::banking_incidents_rule(profile),
        history::ficp_rule(profile),
        usury::rule(figures),
    ]);
    if let Some(evidence) = &figures.bank {
        outcomes.extend(crate::bank::rules(evidence, figures.declared));
    }
    outcomes
}

/// Whether the profile, analysed in `context`, fails no hard rule.
pub(crate) fn passes_hard_rules(profile: &Profile, context: &Context<'_>) -> bool {
    let figures = Figures::compute(profile, context);
    !evaluate(profile, &figures)
        .iter()
        .any(Outcome::is_hard_fail)
}

pub(crate) fn status_of(outcomes: &[Outcome], code: RuleCode) -> Option<Status> {
    outcomes
        .iter()
        .find(|outcome| outcome.code() == code)
        .map(Outcome::status)
}
