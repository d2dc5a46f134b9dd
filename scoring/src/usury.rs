//! `USURY_RATE`: a loan whose TAEG exceeds the usury threshold of its category is
//! usurious, and a lender may not grant it (code de la consommation, L. 314-6; criminal
//! penalties in L. 341-50).
//!
//! The categories are those of the loans to individuals for which the Banque de France
//! publishes a threshold each quarter, in the avis of the Journal officiel; their bounds,
//! as the avis word them ("d'une durée inférieure à dix ans", "d'un montant inférieur ou
//! égal à 3 000 euros", "supérieur à 3 000 euros et inférieur ou égal à 6 000 euros"):
//!
//! | category | loans |
//! |---|---|
//! | `mortgage_fixed_lt_10y` | fixed-rate mortgages of less than 120 months |
//! | `mortgage_fixed_10_20y` | fixed-rate mortgages of 120 to 239 months ("10 ans à moins de 20 ans") |
//! | `mortgage_fixed_ge_20y` | fixed-rate mortgages of 240 months or more ("20 ans et plus") |
//! | `mortgage_variable` | variable-rate mortgages, any duration |
//! | `consumer_le_3000` | consumer, auto and personal loans of 3 000 EUR or less |
//! | `consumer_3000_6000` | the same above 3 000 EUR and up to 6 000 EUR included |
//! | `consumer_gt_6000` | the same above 6 000 EUR |
//!
//! A consumer loan's category follows the amount borrowed alone, whatever its duration or
//! rate type. The Banque de France's bridging-loan (prêt relais) and business categories
//! have no counterpart in the catalogue.
//!
//! The rule, hard: `fail` when the TAEG (to four decimals) is above the threshold in force
//! on the analysis date, or when there is no TAEG (the fees take the whole amount); `warn`
//! when no threshold was loaded for the analysis's quarter and an older one was used, or
//! none exists; `pass` otherwise. Exactly the threshold passes.

use serde::{Deserialize, Serialize};

use crate::figures::Figures;
use crate::input::{LoanType, Money, RateType};
use crate::loan::Terms;
use crate::rules::{Outcome, RuleDetail};

/// The usury category of a loan. Serialised as its contract name (`consumer_gt_6000`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum UsuryCategory {
    #[serde(rename = "mortgage_fixed_lt_10y")]
    MortgageFixedLt10y,
    #[serde(rename = "mortgage_fixed_10_20y")]
    MortgageFixed10To20y,
    #[serde(rename = "mortgage_fixed_ge_20y")]
    MortgageFixedGe20y,
    #[serde(rename = "mortgage_variable")]
    MortgageVariable,
    #[serde(rename = "consumer_le_3000")]
    ConsumerLe3000,
    #[serde(rename = "consumer_3000_6000")]
    Consumer3000To6000,
    #[serde(rename = "consumer_gt_6000")]
    ConsumerGt6000,
}

/// Fixed-rate mortgage durations: under 10 years, then under 20.
const TEN_YEARS_MONTHS: u16 = 120;
const TWENTY_YEARS_MONTHS: u16 = 240;
/// Consumer amounts: up to 3 000 EUR included, then up to 6 000 EUR included.
pub const CONSUMER_SMALL_MAX: Money = Money::from_euros(3_000);
pub const CONSUMER_MEDIUM_MAX: Money = Money::from_euros(6_000);

impl UsuryCategory {
    pub const ALL: [UsuryCategory; 7] = [
        UsuryCategory::MortgageFixedLt10y,
        UsuryCategory::MortgageFixed10To20y,
        UsuryCategory::MortgageFixedGe20y,
        UsuryCategory::MortgageVariable,
        UsuryCategory::ConsumerLe3000,
        UsuryCategory::Consumer3000To6000,
        UsuryCategory::ConsumerGt6000,
    ];

    /// The category of a loan of `amount` over `months`.
    pub fn of(loan_type: LoanType, rate_type: RateType, amount: Money, months: u16) -> Self {
        match (loan_type, rate_type) {
            (LoanType::Mortgage, RateType::Variable) => UsuryCategory::MortgageVariable,
            (LoanType::Mortgage, RateType::Fixed) if months < TEN_YEARS_MONTHS => {
                UsuryCategory::MortgageFixedLt10y
            }
            (LoanType::Mortgage, RateType::Fixed) if months < TWENTY_YEARS_MONTHS => {
                UsuryCategory::MortgageFixed10To20y
            }
            (LoanType::Mortgage, RateType::Fixed) => UsuryCategory::MortgageFixedGe20y,
            (LoanType::Consumer | LoanType::Auto | LoanType::Personal, _) => {
                if amount <= CONSUMER_SMALL_MAX {
                    UsuryCategory::ConsumerLe3000
                } else if amount <= CONSUMER_MEDIUM_MAX {
                    UsuryCategory::Consumer3000To6000
                } else {
                    UsuryCategory::ConsumerGt6000
                }
            }
        }
    }

    pub(crate) fn of_terms(loan_type: LoanType, rate_type: RateType, terms: &Terms) -> Self {
        UsuryCategory::of(loan_type, rate_type, terms.amount, terms.months)
    }

    /// The contract name, as in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            UsuryCategory::MortgageFixedLt10y => "mortgage_fixed_lt_10y",
            UsuryCategory::MortgageFixed10To20y => "mortgage_fixed_10_20y",
            UsuryCategory::MortgageFixedGe20y => "mortgage_fixed_ge_20y",
            UsuryCategory::MortgageVariable => "mortgage_variable",
            UsuryCategory::ConsumerLe3000 => "consumer_le_3000",
            UsuryCategory::Consumer3000To6000 => "consumer_3000_6000",
            UsuryCategory::ConsumerGt6000 => "consumer_gt_6000",
        }
    }

    /// The category named `name`, if any.
    pub fn from_name(name: &str) -> Option<UsuryCategory> {
        UsuryCategory::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The largest amount of each consumer category below this one, largest first: where
    /// a smaller loan meets a higher threshold.
    pub(crate) fn smaller_category_tops(self) -> &'static [Money] {
        match self {
            UsuryCategory::ConsumerGt6000 => &[CONSUMER_MEDIUM_MAX, CONSUMER_SMALL_MAX],
            UsuryCategory::Consumer3000To6000 => &[CONSUMER_SMALL_MAX],
            _ => &[],
        }
    }
}

impl std::fmt::Display for UsuryCategory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `USURY_RATE`: `value` is the TAEG and `threshold` the usury threshold, both ratios.
pub(crate) fn rule(figures: &Figures) -> Outcome {
    let category = figures.usury_category;
    let quarter = figures.as_of.quarter();
    let apr = figures.rounded_apr();
    let threshold = figures.usury;
    let detail = match (apr, threshold) {
        (None, _) if figures.terms.amount <= figures.terms.fees => {
            RuleDetail::UsuryFeesTakeTheAmount {
                fees: figures.terms.fees,
                amount: figures.terms.amount,
            }
        }
        (None, _) => RuleDetail::UsuryNothingRepaid,
        (Some(apr), None) => RuleDetail::UsuryNoThreshold {
            apr,
            category,
            quarter,
        },
        (Some(apr), Some(found)) => {
            let (limit, used) = (found.rate.fraction(), found.from.quarter());
            let above = (apr * 10_000.0).round() > found.rate.hundredths() as f64;
            match (above, found.loaded_for_quarter) {
                (true, true) => RuleDetail::UsuryAbove {
                    apr,
                    threshold: limit,
                    category,
                },
                (true, false) => RuleDetail::UsuryAboveStale {
                    apr,
                    threshold: limit,
                    category,
                    used,
                    quarter,
                },
                (false, true) => RuleDetail::UsuryWithin {
                    apr,
                    threshold: limit,
                    category,
                },
                (false, false) => RuleDetail::UsuryWithinStale {
                    apr,
                    threshold: limit,
                    category,
                    used,
                    quarter,
                },
            }
        }
    };
    Outcome {
        detail,
        value: apr,
        threshold: threshold.map(|found| found.rate.fraction()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use UsuryCategory::*;

    #[test]
    fn categories_follow_the_banque_de_france_boundaries() {
        let euros = Money::from_euros;
        let cents = Money::from_cents;
        for (loan_type, rate_type, amount, months, expected, why) in [
            (
                LoanType::Mortgage,
                RateType::Fixed,
                euros(200_000),
                119,
                MortgageFixedLt10y,
                "under 10 years",
            ),
            (
                LoanType::Mortgage,
                RateType::Fixed,
                euros(200_000),
                120,
                MortgageFixed10To20y,
                "10 years exactly",
            ),
            (
                LoanType::Mortgage,
                RateType::Fixed,
                euros(200_000),
                239,
                MortgageFixed10To20y,
                "just under 20 years",
            ),
            (
                LoanType::Mortgage,
                RateType::Fixed,
                euros(200_000),
                240,
                MortgageFixedGe20y,
                "20 years exactly",
            ),
            (
                LoanType::Mortgage,
                RateType::Fixed,
                euros(200_000),
                420,
                MortgageFixedGe20y,
                "35 years",
            ),
            (
                LoanType::Mortgage,
                RateType::Variable,
                euros(200_000),
                60,
                MortgageVariable,
                "variable, short",
            ),
            (
                LoanType::Mortgage,
                RateType::Variable,
                euros(200_000),
                300,
                MortgageVariable,
                "variable, long",
            ),
            (
                LoanType::Consumer,
                RateType::Fixed,
                euros(3_000),
                12,
                ConsumerLe3000,
                "3 000 EUR is included",
            ),
            (
                LoanType::Auto,
                RateType::Fixed,
                cents(300_001),
                12,
                Consumer3000To6000,
                "a cent above 3 000 EUR",
            ),
            (
                LoanType::Personal,
                RateType::Fixed,
                euros(6_000),
                60,
                Consumer3000To6000,
                "6 000 EUR is included",
            ),
            (
                LoanType::Consumer,
                RateType::Variable,
                cents(600_001),
                60,
                ConsumerGt6000,
                "a cent above 6 000 EUR",
            ),
            (
                LoanType::Auto,
                RateType::Fixed,
                euros(40_000),
                84,
                ConsumerGt6000,
                "any duration",
            ),
        ] {
            assert_eq!(
                UsuryCategory::of(loan_type, rate_type, amount, months),
                expected,
                "{why}"
            );
        }
    }

    #[test]
    fn names_are_the_contract_names() {
        for category in UsuryCategory::ALL {
            let json = serde_json::to_string(&category).expect("serialisable");
            assert_eq!(json, format!("\"{}\"", category.name()));
            assert_eq!(UsuryCategory::from_name(category.name()), Some(category));
        }
        assert_eq!(UsuryCategory::from_name("consumer"), None);
    }
}
