//! The sandbox's personas: realistic French customers, each with the account statement a
//! PSD2 aggregator would return for them, built to reach one outcome of the model.

use serde_json::{Value, json};

/// A line that recurs every month on `day`.
#[derive(Clone, Copy)]
pub struct Line {
    pub day: u8,
    pub cents: i64,
    pub label: &'static str,
    pub counterparty: Option<&'static str>,
}

const fn line(
    day: u8,
    cents: i64,
    label: &'static str,
    counterparty: Option<&'static str>,
) -> Line {
    Line {
        day,
        cents,
        label,
        counterparty,
    }
}

pub struct Persona {
    /// The profile's `reference`, `sandbox-<name>`.
    pub reference: &'static str,
    /// Who they are, in a sentence.
    pub story: &'static str,
    /// The decision the model reaches once the quarter's usury thresholds are loaded.
    pub outcome: &'static str,
    /// The rules that make it so.
    pub because: &'static str,
    pub attributes: fn() -> Value,
    /// Every month's lines.
    pub monthly: &'static [Line],
    /// How many months back the statement starts, besides the current one.
    pub months: u32,
    /// The balance before the statement's first day, in cents.
    pub opening_cents: i64,
}

fn salaried() -> Value {
    json!({
        "birth_date": "1990-04-12", "marital_status": "single", "household_adults": 1,
        "dependents": 0, "housing_status": "tenant", "monthly_rent": 720,
        "employment_status": "cdi", "employment_start_date": "2018-03-01",
        "trial_period_completed": true, "monthly_net_income": 2650,
        "existing_loans_monthly_payments": 0, "savings": 12000, "banking_incidents_12m": 0,
        "loan_type": "consumer", "loan_amount": 9000, "loan_duration_months": 48,
        "loan_annual_rate": 4.9, "ficp_registered": false
    })
}

fn retired() -> Value {
    json!({
        "birth_date": "1958-09-03", "marital_status": "married", "household_adults": 1,
        "dependents": 0, "housing_status": "owner", "employment_status": "retired",
        "monthly_net_income": 2300, "existing_loans_monthly_payments": 0, "savings": 30000,
        "banking_incidents_12m": 0, "loan_type": "personal", "loan_amount": 6500,
        "loan_duration_months": 36, "loan_annual_rate": 4.5, "ficp_registered": false
    })
}

fn struggling() -> Value {
    json!({
        "birth_date": "1994-11-20", "marital_status": "single", "household_adults": 1,
        "dependents": 1, "housing_status": "tenant", "monthly_rent": 640,
        "employment_status": "cdi", "employment_start_date": "2021-06-01",
        "trial_period_completed": true, "monthly_net_income": 1900,
        "existing_loans_monthly_payments": 0, "savings": 500, "banking_incidents_12m": 4,
        "loan_type": "consumer", "loan_amount": 4000, "loan_duration_months": 36,
        "loan_annual_rate": 6.9, "ficp_registered": false
    })
}

const SALARY: Line = line(
    28,
    265_000,
    "VIR SEPA RECU /DE DECATHLON FRANCE /MOTIF SALAIRE",
    Some("DECATHLON FRANCE"),
);
const RENT: Line = line(5, -72_000, "PRLV SEPA FONCIA LOYER", Some("FONCIA"));
const EVERYDAY: [Line; 6] = [
    line(
        8,
        -8_540,
        "CB CARREFOUR MARKET LYON",
        Some("CARREFOUR MARKET"),
    ),
    line(
        10,
        -6_400,
        "PRLV SEPA EDF CLIENTS PARTICULIERS",
        Some("EDF"),
    ),
    line(12, -1_999, "PRLV SEPA FREE MOBILE", Some("FREE MOBILE")),
    line(
        15,
        -9_210,
        "CB CARREFOUR MARKET LYON",
        Some("CARREFOUR MARKET"),
    ),
    line(19, -4_500, "CB TOTALENERGIES STATION LYON", None),
    line(
        22,
        -7_830,
        "CB CARREFOUR MARKET LYON",
        Some("CARREFOUR MARKET"),
    ),
];

const TENANT: [Line; 8] = [
    RENT,
    EVERYDAY[0],
    EVERYDAY[1],
    EVERYDAY[2],
    EVERYDAY[3],
    EVERYDAY[4],
    EVERYDAY[5],
    SALARY,
];

const UNDECLARED: [Line; 10] = [
    RENT,
    EVERYDAY[0],
    EVERYDAY[1],
    line(6, -18_000, "PRLV SEPA COFIDIS ECH", Some("COFIDIS")),
    line(
        9,
        -12_000,
        "PRLV SEPA CETELEM ECHEANCE CREDIT",
        Some("CETELEM"),
    ),
    EVERYDAY[2],
    EVERYDAY[3],
    EVERYDAY[4],
    EVERYDAY[5],
    SALARY,
];

const GAMBLER: [Line; 11] = [
    RENT,
    EVERYDAY[0],
    line(7, -15_000, "CB BETCLIC ENTERPRISES PARIS", Some("BETCLIC")),
    EVERYDAY[1],
    EVERYDAY[2],
    line(14, -15_000, "CB WINAMAX PARIS", Some("WINAMAX")),
    EVERYDAY[3],
    EVERYDAY[4],
    line(21, -15_000, "CB BETCLIC ENTERPRISES PARIS", Some("BETCLIC")),
    EVERYDAY[5],
    SALARY,
];

const PENSIONER: [Line; 6] = [
    line(9, -5_800, "PRLV SEPA EDF CLIENTS PARTICULIERS", Some("EDF")),
    line(9, 150_000, "VIR CNAV RETRAITE DE BASE", Some("CNAV")),
    line(
        11,
        80_000,
        "VIREMENT DE AGIRC ARRCO RETRAITE COMPLEMENTAIRE",
        Some("AGIRC ARRCO"),
    ),
    line(
        12,
        -3_999,
        "PRLV SEPA ORANGE FACTURE INTERNET",
        Some("ORANGE"),
    ),
    line(16, -11_240, "CB INTERMARCHE SUPER", Some("INTERMARCHE")),
    line(23, -9_860, "CB INTERMARCHE SUPER", Some("INTERMARCHE")),
];

const OVERDRAWN: [Line; 12] = [
    line(3, -64_000, "PRLV SEPA NEXITY LOYER", Some("NEXITY")),
    line(5, -6_900, "PRLV SEPA EDF CLIENTS PARTICULIERS", Some("EDF")),
    line(
        6,
        6_900,
        "REJET PRLV SEPA EDF CLIENTS PARTICULIERS",
        Some("EDF"),
    ),
    line(6, -2_000, "FRAIS REJET PRLV", None),
    line(8, -24_000, "CB LECLERC HYPER", Some("LECLERC")),
    line(12, -8_000, "COMMISSION D INTERVENTION", None),
    line(15, -20_000, "RETRAIT DAB LYON PART DIEU", None),
    line(17, -3_999, "PRLV SEPA SFR MOBILE", Some("SFR")),
    line(18, 3_999, "REJET PRLV SEPA SFR MOBILE", Some("SFR")),
    line(18, -2_000, "FRAIS REJET PRLV", None),
    line(20, -31_000, "CB LECLERC HYPER", Some("LECLERC")),
    line(
        29,
        190_000,
        "VIR SEPA RECU /DE SAS ONET PROPRETE /MOTIF SALAIRE",
        Some("ONET PROPRETE"),
    ),
];

pub const PERSONAS: &[Persona] = &[
    Persona {
        reference: "sandbox-salaried-tenant",
        story: "A salaried tenant in Lyon (CDI since 2018, 2 650 EUR a month) borrowing 9 000 EUR over 4 years; the account bears every declaration out.",
        outcome: "favorable",
        because: "every rule passes, the six bank rules included",
        attributes: salaried,
        monthly: &TENANT,
        months: 4,
        opening_cents: 180_000,
    },
    Persona {
        reference: "sandbox-undeclared-credit",
        story: "The same tenant, who declares no loan while Cofidis and Cetelem take 300 EUR a month.",
        outcome: "review",
        because: "UNDECLARED_CREDIT fails; the effort rate counts the 300 EUR",
        attributes: salaried,
        monthly: &UNDECLARED,
        months: 4,
        opening_cents: 180_000,
    },
    Persona {
        reference: "sandbox-gambling",
        story: "The same tenant, who stakes 450 EUR a month on Betclic and Winamax.",
        outcome: "review",
        because: "GAMBLING fails: the stakes are 17 % of the income",
        attributes: salaried,
        monthly: &GAMBLER,
        months: 4,
        opening_cents: 180_000,
    },
    Persona {
        reference: "sandbox-overdrawn",
        story: "A tenant on 1 900 EUR a month whose account is overdrawn most days, with two rejected direct debits every month (4 incidents declared).",
        outcome: "unfavorable",
        because: "OVERDRAFT and REJECTED_PAYMENTS fail; with the 4 incidents declared, the score falls to grade E",
        attributes: struggling,
        monthly: &OVERDRAWN,
        months: 4,
        opening_cents: -45_000,
    },
    Persona {
        reference: "sandbox-retired-owner",
        story: "A retired homeowner (CNAV and Agirc-Arrco pensions, 2 300 EUR a month) borrowing 6 500 EUR over 3 years.",
        outcome: "favorable",
        because: "every rule passes; the pensions are recurring income",
        attributes: retired,
        monthly: &PENSIONER,
        months: 4,
        opening_cents: 420_000,
    },
    Persona {
        reference: "sandbox-short-history",
        story: "The salaried tenant again, with only the last weeks of statements.",
        outcome: "review",
        because: "BANK_DATA_COVERAGE warns: less than 90 days and 3 full months, so the bank rules only warn",
        attributes: salaried,
        monthly: &TENANT,
        months: 1,
        opening_cents: 180_000,
    },
];
