//! The PartnerB2B credit analysis: a deterministic, explainable model of how a French
//! lender assesses a loan application. Pure computation: no I/O, no clock (the evaluation
//! date is an argument), no panics on any input. The same profile, date and usury table
//! always give the same result, stamped with [`MODEL_VERSION`].
//!
//! ```
//! use scoring::{analyse, Context, Date, Decision, UsuryTable};
//! # use scoring::{EmploymentStatus, HousingStatus, LoanType, Money, Percent, Profile, RateType};
//! # let profile = Profile {
//! #     birth_date: Date::new(1988, 5, 14).unwrap(), marital_status: None,
//! #     household_adults: 1, dependents: 0, housing_status: HousingStatus::Tenant,
//! #     monthly_rent: Some(Money::from_euros(750)), employment_status: EmploymentStatus::Cdi,
//! #     employment_start_date: Date::new(2019, 1, 7), trial_period_completed: Some(true),
//! #     monthly_net_income: Money::from_euros(4_200), co_borrower_monthly_net_income: None,
//! #     other_monthly_income: None, rental_income: None,
//! #     existing_loans_monthly_payments: Money::ZERO, other_monthly_charges: None,
//! #     savings: Some(Money::from_euros(30_000)), down_payment: Some(Money::from_euros(40_000)),
//! #     property_value: Some(Money::from_euros(240_000)), loan_type: LoanType::Mortgage,
//! #     loan_amount: Money::from_euros(200_000), loan_duration_months: 240,
//! #     loan_annual_rate: Some(Percent::from_hundredths(350)), insurance_annual_rate: None,
//! #     deferral_eligible: None, ficp_registered: false, banking_incidents_12m: Some(0),
//! #     application_fees: None, guarantee_fees: None, broker_fees: None,
//! #     rate_type: RateType::Fixed,
//! # };
//! let usury = UsuryTable::shipped();
//! let as_of = Date::parse("2026-02-10").expect("a valid date");
//! let result = analyse(&profile, &Context::new(as_of, &usury));
//! assert_eq!(result.metrics.monthly_loan_payment.cents(), 115_992);
//! assert_eq!(result.decision, Decision::Favorable);
//! ```
//!
//! # How a profile is analysed
//!
//! **Monthly income** = net income + co-borrower's net income + other income (pensions,
//! allowances) + 70 % of rental income (the usual haircut for vacancy and charges).
//!
//! **The new loan.** The monthly payment follows the annuity formula
//! `P = C·r / (1 − (1 + r)^−n)`, with `C` the amount, `r` the annual rate / 12 and `n` the
//! duration in months; at a zero rate `P = C / n`. For example 200 000 EUR over 240 months
//! at 3.5 % costs 1 159.92 EUR a month. Borrower insurance costs
//! `C × insurance rate / 100 / 12`. Without a stated rate the model uses its default
//! table ([`default_annual_rate`]: mortgage 3.20 % up to 15 years, 3.35 % up to 20,
//! 3.50 % up to 25, 3.65 % beyond; consumer 6.50 %; auto 5.50 %; personal 7.00 %) and
//! default insurance ([`default_insurance_rate`]: 0.30 % for a mortgage, none otherwise).
//!
//! **TAEG** (`metrics.apr`, the APR of EU law). The actuarial annual rate `X` at which
//! the amount received equals the instalments repaid:
//! `loan_amount − application_fees − guarantee_fees − broker_fees =
//! Σ_{k=1..n} (payment + insurance) × (1 + X)^(−k/12)` (Directive 2008/48/EC Annex I,
//! Directive (EU) 2023/2225 Annex III, code de la consommation R. 314-3), the fees paid at
//! signing. It is a ratio rounded to four decimals: the 200 000 EUR above, with its 50 EUR
//! of insurance a month and 5 000 EUR of fees, has a TAEG of 0.0436 (4.36 %) for a nominal
//! 3.50 %. It is `null` when the fees take up the whole amount (the borrower receives
//! nothing) or nothing is repaid. How it is solved without ever diverging is described in
//! `scoring/src/apr.rs`.
//!
//! **Rules.** Each rule reports `pass`, `warn` or `fail`, the measured `value` and the
//! `threshold` it was held against. A failed *hard* rule makes the decision `unfavorable`.
//!
//! | code | hard | pass | warn | fail |
//! |---|---|---|---|---|
//! | `HCSF_EFFORT_RATE` | yes | effort rate after the loan ≤ 35 % | | above 35 %, or no income |
//! | `HCSF_DURATION` | yes | ≤ 300 months (324 with a deferral) | | longer |
//! | `RESIDUAL_INCOME` | yes | ≥ 120 % of the floor | between the floor and 120 % | below the floor |
//! | `AGE_AT_MATURITY` | yes | ≤ 75 | 76 to 85 | above 85 |
//! | `EMPLOYMENT_STABILITY` | no | CDI past trial, civil servant, retired, 24+ months of other work | trial period, short seniority | unemployed, student |
//! | `DOWN_PAYMENT` (mortgage) | yes | ≥ 10 % of the property value | below 10 % | loan above the property value, or no property value |
//! | `SAVINGS` | no | ≥ 3 months of the new payments | less, or not stated | |
//! | `BANKING_INCIDENTS` | no | none in 12 months | 1 or 2 | 3 or more |
//! | `FICP` | yes | not registered | | registered in the Banque de France file |
//! | `USURY_RATE` | yes | TAEG ≤ the usury threshold | within a threshold of an earlier quarter, or no threshold loaded | TAEG above the threshold, or no TAEG |
//!
//! - The effort rate is (existing loan payments + new payment + insurance) / income, the
//!   measure of the HCSF decision D-HCSF-2021-7; exactly 35.00 % passes.
//! - Residual income ("reste à vivre") is income − all credit payments after the loan −
//!   other charges − rent. Rent counts only for a tenant, and not when the new loan is a
//!   mortgage, whose home replaces the rented one. The floor is 800 EUR for the first
//!   adult, 400 EUR for each other adult and 300 EUR for each dependent.
//! - The usury threshold (taux d'usure, code de la consommation L. 314-6) is the one in
//!   force on the analysis date for the loan's category in the [`UsuryTable`] of the
//!   [`Context`]: `mortgage_fixed_lt_10y` (< 120 months), `mortgage_fixed_10_20y`,
//!   `mortgage_fixed_ge_20y` (≥ 240 months), `mortgage_variable` (`rate_type` variable),
//!   `consumer_le_3000`, `consumer_3000_6000` (up to 6 000 EUR included) and
//!   `consumer_gt_6000` for consumer, auto and personal loans by amount. A TAEG at the
//!   threshold passes. When no row was loaded for the analysis's quarter, the latest one
//!   stands in and the rule warns at best, naming the quarter it used; when none exists at
//!   all, it warns. [`UsuryTable::shipped`] holds the thresholds from 2025-10-01 and
//!   2026-01-01; the operator loads the following quarters ([`UsuryTable::merged`]).
//!   `metrics.usury_threshold` and `metrics.usury_category` show what was used.
//! - Age at maturity is the borrower's age in completed years when the last instalment
//!   falls due; borrower insurance narrows past 75 and rarely covers beyond 85.
//!
//! **Score.** 600 points plus the signed impact of each factor (effort rate, residual
//! income, employment, age, duration, loan-to-value, savings, incidents, FICP), clamped
//! to 0..=1000. Each impact is listed in `factors`; the curves are under [Score
//! weights](#score-weights) below. More income never lowers the score, and more debt or
//! charges never raise it. Grades: A from 800, B from 650, C from 500, D from 350, E below.
//!
//! **Decision.** `unfavorable` when a hard rule fails or the grade is E (so FICP
//! registration is always `unfavorable`); otherwise `review` when any rule warns or fails
//! or the grade is C or D; otherwise `favorable`.
//!
//! **Metrics.** Money in euros rounded to the cent; ratios as fractions rounded to four
//! decimals (0.35 is 35 %), never capped: 100 EUR of payments on 0.01 EUR of income is an
//! effort rate of 10 000. Without income there is no effort rate: `effort_rate_before`,
//! `effort_rate_after` and the `HCSF_EFFORT_RATE` rule's `value` are `null`. `max_monthly_payment`
//! is the largest payment, insurance included, that keeps the effort rate at 35 % given
//! the existing loans (never negative); `max_loan_amount` is the largest amount that fits
//! it at the same rate, duration and insurance rate. `loan_to_value` is `null` unless the
//! loan is a mortgage with a property value.
//!
//! **Counterfactuals.** When a hard rule fails, the model proposes single changes that
//! would make every hard rule pass, usury included, each checked by re-running the
//! analysis: a smaller `loan_amount` (for a consumer loan over its usury ceiling, possibly
//! the top of a smaller category, 6 000 or 3 000 EUR, whose ceiling is higher), another
//! `loan_duration_months` within the HCSF limit, or, for a mortgage, a larger
//! `down_payment` (which lowers the amount borrowed by as much). None
//! is proposed when no such change exists (FICP registration, or a borrower too old for
//! any allowed duration).
//!
//! **Languages.** Every message (`rules[].message`, `factors[].message`,
//! `counterfactuals[].effect`) is written in English and in French by one catalogue, and
//! the result keeps both (`{"en": ..., "fr": ...}`), so the language is chosen when the
//! result is read: [`AnalysisResult::localized`] shows it in one, with each message a
//! plain string, exactly as the API serves it. French is written the French way
//! (`taux d'endettement de 28,81 %`, `reste à vivre de 2 990,08 €`); see
//! [`locale::number`] for the separators.
//!
//! **Explanation.** [`explain`] turns a stored result, the decision that stands (a human
//! review's, else the model's) and a language into what the consumer is owed (GDPR
//! articles 15(1)(h) and 22, Directive (EU) 2023/2225 article 18): a summary, the failing
//! then warning rules (at most four) in plain words, what would change the outcome, and
//! their rights to human review, to give their point of view and to contest.
//!
//! # Score weights
//!
//! | factor | impact |
//! |---|---|
//! | `EFFORT_RATE` | +150 at 10 % or less, 0 at 35 %, −250 at 50 % or more, linear between |
//! | `RESIDUAL_INCOME` | residual / floor: −200 at 0.5 or less, −60 at 1, 0 at 1.2, +80 at 2, +120 at 3 or more |
//! | `EMPLOYMENT_STABILITY` | civil servant +80, CDI +60, retired +50, other passing +20, warn −40, fail −150 |
//! | `AGE_AT_MATURITY` | pass 0, warn −60, fail −150 |
//! | `LOAN_DURATION` | within the HCSF limit 0, beyond −100 |
//! | `LOAN_TO_VALUE` (mortgage) | +60 at 70 % or less, 0 at 90 %, −60 at 100 %, −150 at 110 % or more or no property value |
//! | `SAVINGS` | months of new payments: −40 at 0, 0 at 3, +60 at 12 or more |
//! | `BANKING_INCIDENTS` | 0: +20, 1: −30, 2: −80, 3 or more: −200 |
//! | `FICP` | registered −400, otherwise 0 |

mod age;
mod apr;
mod bank;
mod collateral;
mod context;
mod counterfactual;
mod date;
mod explain;
mod figures;
mod hcsf;
mod history;
mod income;
pub mod input;
mod loan;
mod localized;
mod messages;
mod numeric;
mod residual;
pub mod result;
mod rules;
mod savings;
mod score;
mod stability;
mod usury;
mod usury_table;

pub use bank::{BankEvidence, IncomeBasis};
pub use context::Context;
pub use explain::{Explanation, MAX_REASONS, Reason, explain};
pub use input::{
    Date, EmploymentStatus, HousingStatus, LoanType, MaritalStatus, Money, Percent, Profile,
    Quarter, RateType,
};
pub use loan::{default_annual_rate, default_insurance_rate};
pub use locale::{Language, Text};
pub use localized::LocalizedResult;
pub use result::{
    AnalysisResult, Change, Counterfactual, Decision, Factor, FactorCode, Grade, Metrics, Rule,
    RuleCode, Status,
};
pub use usury::UsuryCategory;
pub use usury_table::{UsuryRow, UsuryTable, UsuryThreshold};

use figures::Figures;

/// Stamped on every result; changes whenever a rule, threshold, default or weight does.
pub const MODEL_VERSION: &str = "2026.12-2";

/// Analyses `profile` in `context`: on its date (ages, seniority, the usury threshold in
/// force) against its usury table.
#[must_use]
pub fn analyse(profile: &Profile, context: &Context<'_>) -> AnalysisResult {
    let figures = Figures::compute(profile, context);
    let outcomes = rules::evaluate(profile, &figures);
    let factors = score::factors(profile, &figures, &outcomes);
    let score = score::total(&factors);
    let grade = score::grade(score);
    let counterfactuals = if outcomes.iter().any(rules::Outcome::is_hard_fail) {
        counterfactual::propose(profile, context, &figures)
    } else {
        Vec::new()
    };
    AnalysisResult {
        score,
        grade,
        decision: score::decision(&outcomes, grade),
        model_version: MODEL_VERSION.to_owned(),
        metrics: figures.metrics(),
        rules: outcomes.iter().map(rules::Outcome::to_rule).collect(),
        factors,
        counterfactuals,
        bank: None,
    }
}
