//! The attribute catalogue: every attribute a profile may carry, defined once and used by
//! validation ([`crate::domain::attributes`]), by `GET /api/v1/attributes/` and by the analysis.
//! The names are part of the API contract; the catalogue may grow, never rename.

use serde::Serialize;

/// Changes whenever an attribute is added or its rules change; shown in `meta`.
pub const CATALOGUE_VERSION: &str = "2026-12-03";

/// Largest amount of money accepted anywhere: one billion euros, in cents.
pub const MAX_MONEY_CENTS: i64 = 100_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer {
        min: i64,
        max: i64,
    },
    /// Euros with at most two decimals; `positive` refuses zero.
    Money {
        positive: bool,
    },
    /// A percentage with at most two decimals, from 0 to `max_hundredths` / 100.
    Percent {
        max_hundredths: i64,
    },
    Boolean,
    /// `YYYY-MM-DD`, never in the future.
    PastDate,
    Enum(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Identity,
    Household,
    Employment,
    Income,
    Charges,
    Assets,
    Loan,
    History,
}

/// When an attribute must be present for a profile to be submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Always,
    /// Only when `loan_type` is `mortgage`.
    ForMortgage,
    Optional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute {
    pub name: &'static str,
    pub kind: Kind,
    pub category: Category,
    pub requirement: Requirement,
    pub description_fr: &'static str,
    pub description_en: &'static str,
    pub used_in_scoring: bool,
}

pub const MARITAL_STATUSES: &[&str] = &["single", "married", "pacs", "divorced", "widowed"];
pub const HOUSING_STATUSES: &[&str] = &["owner", "tenant", "hosted"];
pub const EMPLOYMENT_STATUSES: &[&str] = &[
    "cdi",
    "cdd",
    "interim",
    "independent",
    "civil_servant",
    "retired",
    "unemployed",
    "student",
];
pub const LOAN_TYPES: &[&str] = &["mortgage", "consumer", "auto", "personal"];
pub const RATE_TYPES: &[&str] = &["fixed", "variable"];

const fn attribute(
    name: &'static str,
    kind: Kind,
    category: Category,
    requirement: Requirement,
    used_in_scoring: bool,
    description_fr: &'static str,
    description_en: &'static str,
) -> Attribute {
    Attribute {
        name,
        kind,
        category,
        requirement,
        description_fr,
        description_en,
        used_in_scoring,
    }
}

use Category::*;
use Requirement::*;

const MONEY: Kind = Kind::Money { positive: false };
const POSITIVE_MONEY: Kind = Kind::Money { positive: true };

/// The catalogue, in the order partners read it.
#[rustfmt::skip]
pub const ATTRIBUTES: &[Attribute] = &[
    attribute("birth_date", Kind::PastDate, Identity, Always, true,
        "Date de naissance de l'emprunteur principal (18 ans au moins à la soumission).",
        "Main borrower's date of birth (at least 18 at submission)."),
    attribute("marital_status", Kind::Enum(MARITAL_STATUSES), Household, Optional, false,
        "Situation familiale.", "Marital status."),
    attribute("household_adults", Kind::Integer { min: 1, max: 2 }, Household, Optional, true,
        "Nombre d'emprunteurs adultes du foyer (1 par défaut).",
        "Adult borrowers in the household (1 when absent)."),
    attribute("dependents", Kind::Integer { min: 0, max: 15 }, Household, Always, true,
        "Enfants et personnes à charge.", "Children and other dependants."),
    attribute("housing_status", Kind::Enum(HOUSING_STATUSES), Household, Always, true,
        "Logement actuel : propriétaire, locataire ou hébergé.",
        "Current housing: owner, tenant or hosted."),
    attribute("monthly_rent", MONEY, Charges, Optional, true,
        "Loyer mensuel, pour un locataire (EUR).", "Monthly rent, for a tenant (EUR)."),
    attribute("employment_status", Kind::Enum(EMPLOYMENT_STATUSES), Employment, Always, true,
        "Situation professionnelle de l'emprunteur principal.", "Main borrower's employment status."),
    attribute("employment_start_date", Kind::PastDate, Employment, Optional, true,
        "Date d'entrée dans l'emploi actuel (ancienneté).", "Start date of the current job (seniority)."),
    attribute("trial_period_completed", Kind::Boolean, Employment, Optional, true,
        "Période d'essai terminée (CDI).", "Trial period completed (permanent contract)."),
    attribute("monthly_net_income", MONEY, Income, Always, true,
        "Revenu net mensuel de l'emprunteur principal (EUR).", "Main borrower's monthly net income (EUR)."),
    attribute("co_borrower_monthly_net_income", MONEY, Income, Optional, true,
        "Revenu net mensuel du co-emprunteur (EUR).", "Co-borrower's monthly net income (EUR)."),
    attribute("other_monthly_income", MONEY, Income, Optional, true,
        "Autres revenus mensuels : pensions, allocations (EUR).", "Other monthly income: pensions, allowances (EUR)."),
    attribute("rental_income", MONEY, Income, Optional, true,
        "Revenus locatifs mensuels, retenus à 70 % (EUR).", "Monthly rental income, counted at 70 % (EUR)."),
    attribute("existing_loans_monthly_payments", MONEY, Charges, Always, true,
        "Mensualités de tous les crédits en cours (EUR).", "Monthly payments of every current loan (EUR)."),
    attribute("other_monthly_charges", MONEY, Charges, Optional, true,
        "Autres charges mensuelles : pension alimentaire, etc. (EUR).", "Other monthly charges: alimony, etc. (EUR)."),
    attribute("savings", MONEY, Assets, Optional, true,
        "Épargne disponible (EUR).", "Available savings (EUR)."),
    attribute("down_payment", MONEY, Assets, Optional, true,
        "Apport personnel (EUR).", "Down payment (EUR)."),
    attribute("property_value", POSITIVE_MONEY, Loan, ForMortgage, true,
        "Valeur du bien financé, requise pour un prêt immobilier (EUR).",
        "Value of the financed property, required for a mortgage (EUR)."),
    attribute("loan_type", Kind::Enum(LOAN_TYPES), Loan, Always, true,
        "Type de prêt : immobilier, consommation, auto, personnel.", "Loan type: mortgage, consumer, auto, personal."),
    attribute("loan_amount", POSITIVE_MONEY, Loan, Always, true,
        "Montant emprunté (EUR).", "Amount borrowed (EUR)."),
    attribute("loan_duration_months", Kind::Integer { min: 1, max: 420 }, Loan, Always, true,
        "Durée du prêt en mois.", "Loan duration in months."),
    attribute("loan_annual_rate", Kind::Percent { max_hundredths: 3_000 }, Loan, Optional, true,
        "Taux nominal annuel en % ; à défaut, un taux de référence par type et durée.",
        "Annual nominal rate in %; a reference rate by type and duration when absent."),
    attribute("insurance_annual_rate", Kind::Percent { max_hundredths: 500 }, Loan, Optional, true,
        "Taux annuel de l'assurance emprunteur en % du capital emprunté.",
        "Annual borrower insurance rate, in % of the borrowed capital."),
    attribute("rate_type", Kind::Enum(RATE_TYPES), Loan, Optional, true,
        "Type de taux : fixe (par défaut) ou variable ; détermine la catégorie du taux d'usure d'un prêt immobilier.",
        "Rate type: fixed (the default) or variable; sets the usury category of a mortgage."),
    attribute("application_fees", MONEY, Loan, Optional, true,
        "Frais de dossier payés à la signature, comptés dans le TAEG (EUR).",
        "Application fees paid at signing, counted in the APR (TAEG) (EUR)."),
    attribute("guarantee_fees", MONEY, Loan, Optional, true,
        "Frais de garantie (caution, hypothèque) payés à la signature, comptés dans le TAEG (EUR).",
        "Guarantee fees (surety, mortgage charge) paid at signing, counted in the APR (EUR)."),
    attribute("broker_fees", MONEY, Loan, Optional, true,
        "Frais de courtage payés à la signature, comptés dans le TAEG (EUR).",
        "Broker fees paid at signing, counted in the APR (EUR)."),
    attribute("deferral_eligible", Kind::Boolean, Loan, Optional, true,
        "Différé d'amortissement possible (neuf, travaux) : durée HCSF portée à 27 ans.",
        "Deferred amortisation allowed (new build, works): HCSF duration up to 27 years."),
    attribute("ficp_registered", Kind::Boolean, History, Always, true,
        "Inscription au FICP (fichier des incidents de remboursement de la Banque de France).",
        "Registered in the Banque de France FICP credit-incident file."),
    attribute("banking_incidents_12m", Kind::Integer { min: 0, max: 100 }, History, Optional, true,
        "Incidents bancaires des 12 derniers mois.", "Banking incidents in the last 12 months."),
];

pub fn find(name: &str) -> Option<&'static Attribute> {
    ATTRIBUTES.iter().find(|attribute| attribute.name == name)
}

impl Attribute {
    /// The type partners see: `integer`, `decimal`, `boolean`, `date` or `enum`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Integer { .. } => "integer",
            Kind::Money { .. } | Kind::Percent { .. } => "decimal",
            Kind::Boolean => "boolean",
            Kind::PastDate => "date",
            Kind::Enum(_) => "enum",
        }
    }

    pub fn unit(&self) -> Option<&'static str> {
        match self.kind {
            Kind::Money { .. } => Some("EUR"),
            Kind::Percent { .. } => Some("percent"),
            Kind::Integer { .. } if self.name == "loan_duration_months" => Some("months"),
            _ => None,
        }
    }
}

/// An attribute as `GET /api/v1/attributes/` describes it.
#[derive(Debug, Serialize)]
pub struct AttributeDescription {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub type_name: &'static str,
    pub unit: Option<&'static str>,
    pub allowed_values: Option<&'static [&'static str]>,
    pub min: Option<serde_json::Number>,
    pub max: Option<serde_json::Number>,
    /// Whether submission needs it, whatever the loan.
    pub required: bool,
    /// A condition under which submission needs it, e.g. `{"loan_type": "mortgage"}`.
    pub required_if: Option<serde_json::Value>,
    pub category: Category,
    pub description: Descriptions,
    pub used_in_scoring: bool,
}

#[derive(Debug, Serialize)]
pub struct Descriptions {
    pub fr: &'static str,
    pub en: &'static str,
}

impl From<&'static Attribute> for AttributeDescription {
    fn from(attribute: &'static Attribute) -> Self {
        let number = |value: f64| serde_json::Number::from_f64(value);
        let (min, max) = match attribute.kind {
            Kind::Integer { min, max } => (Some(min.into()), Some(max.into())),
            Kind::Money { positive } => (
                Some(if positive {
                    number(0.01)
                } else {
                    Some(0.into())
                })
                .flatten(),
                number(MAX_MONEY_CENTS as f64 / 100.0),
            ),
            Kind::Percent { max_hundredths } => {
                (Some(0.into()), number(max_hundredths as f64 / 100.0))
            }
            Kind::Boolean | Kind::PastDate | Kind::Enum(_) => (None, None),
        };
        Self {
            name: attribute.name,
            type_name: attribute.type_name(),
            unit: attribute.unit(),
            allowed_values: match attribute.kind {
                Kind::Enum(values) => Some(values),
                _ => None,
            },
            min,
            max,
            required: attribute.requirement == Requirement::Always,
            required_if: (attribute.requirement == Requirement::ForMortgage)
                .then(|| serde_json::json!({ "loan_type": "mortgage" })),
            category: attribute.category,
            description: Descriptions {
                fr: attribute.description_fr,
                en: attribute.description_en,
            },
            used_in_scoring: attribute.used_in_scoring,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut names: Vec<&str> = ATTRIBUTES.iter().map(|a| a.name).collect();
        assert!(names.iter().all(|n| {
            n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        }));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ATTRIBUTES.len());
    }

    #[test]
    fn the_contract_names_of_design_section_6_are_all_there() {
        let contract = [
            "birth_date",
            "marital_status",
            "household_adults",
            "dependents",
            "housing_status",
            "monthly_rent",
            "employment_status",
            "employment_start_date",
            "trial_period_completed",
            "monthly_net_income",
            "co_borrower_monthly_net_income",
            "other_monthly_income",
            "rental_income",
            "existing_loans_monthly_payments",
            "other_monthly_charges",
            "savings",
            "down_payment",
            "property_value",
            "loan_type",
            "loan_amount",
            "loan_duration_months",
            "loan_annual_rate",
            "insurance_annual_rate",
            "deferral_eligible",
            "ficp_registered",
            "banking_incidents_12m",
        ];
        for name in contract {
            assert!(find(name).is_some(), "{name}");
        }
        let required: Vec<&str> = ATTRIBUTES
            .iter()
            .filter(|a| a.requirement == Requirement::Always)
            .map(|a| a.name)
            .collect();
        assert_eq!(
            required,
            [
                "birth_date",
                "dependents",
                "housing_status",
                "employment_status",
                "monthly_net_income",
                "existing_loans_monthly_payments",
                "loan_type",
                "loan_amount",
                "loan_duration_months",
                "ficp_registered",
            ]
        );
    }

    #[test]
    fn descriptions_render_bounds_and_conditions() {
        let rate = AttributeDescription::from(find("loan_annual_rate").unwrap());
        let json = serde_json::to_value(&rate).unwrap();
        assert_eq!(json["type"], "decimal");
        assert_eq!(json["unit"], "percent");
        assert_eq!(json["max"], 30.0);
        let value =
            serde_json::to_value(AttributeDescription::from(find("property_value").unwrap()))
                .unwrap();
        assert_eq!(value["required"], false);
        assert_eq!(value["required_if"]["loan_type"], "mortgage");
        assert_eq!(value["min"], 0.01);
        let status =
            serde_json::to_value(AttributeDescription::from(find("loan_type").unwrap())).unwrap();
        assert_eq!(status["allowed_values"][0], "mortgage");
        assert!(status["min"].is_null());
    }
}
