//! The categoriser's rules, as data: tried in this order, the first that matches gives the
//! transaction its category and its rule id. Changing a rule changes
//! [`crate::CATEGORISER_VERSION`].
//!
//! A rule matches a transaction of its direction (a credit is a positive amount, a debit a
//! negative one) when its label words match, or its MCC list holds the transaction's MCC,
//! and none of its `unless` words is there. Its label words match when one of `any` is in
//! the text and, if `also` is not empty, one of `also` too. Words are matched whole, on the
//! normalised label followed by the normalised counterparty ([`crate::label::normalise`]);
//! the words below are normalised the same way when the matcher is built, so they are
//! written as a French statement prints them.
//!
//! The order holds the traps of French labels: a fee for a rejection (`FRAIS REJET PRLV`)
//! before the rejection itself (`REJET PRLV`), a rejection before the lender or the landlord
//! it names, lenders (`BANQUE CASINO`, `CARREFOUR BANQUE`) before shops, salaries from any
//! employer (`CASINO GUICHARD`, `SNCF`, `EDF`) before what the employer sells, casinos
//! (`CASINO BARRIERE`, MCC 7995) before the Casino supermarkets, cash withdrawals before
//! the shop whose cash machine it was, and transfers to people before the restaurant they
//! repay.

use crate::category::Category;
use crate::category::Category::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Credit,
    Debit,
    Any,
}

#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Shown on the transaction as `rule`; stable across versions while the rule means the
    /// same.
    pub id: &'static str,
    pub category: Category,
    pub direction: Direction,
    pub any: &'static [&'static str],
    pub also: &'static [&'static str],
    pub unless: &'static [&'static str],
    pub mcc: &'static [u16],
    /// For a lender's rule, the lender's name in `charges.lenders`.
    pub lender: Option<&'static str>,
}

const fn rule(id: &'static str, category: Category, direction: Direction) -> Rule {
    Rule {
        id,
        category,
        direction,
        any: &[],
        also: &[],
        unless: &[],
        mcc: &[],
        lender: None,
    }
}

impl Rule {
    const fn any(self, any: &'static [&'static str]) -> Rule {
        Rule { any, ..self }
    }

    const fn also(self, also: &'static [&'static str]) -> Rule {
        Rule { also, ..self }
    }

    const fn unless(self, unless: &'static [&'static str]) -> Rule {
        Rule { unless, ..self }
    }

    const fn mcc(self, mcc: &'static [u16]) -> Rule {
        Rule { mcc, ..self }
    }

    const fn lender(self, name: &'static str) -> Rule {
        Rule {
            lender: Some(name),
            ..self
        }
    }
}

/// A lender: its instalments (debits) are `credit.repayment`, and its name is listed.
const fn lender(id: &'static str, name: &'static str, words: &'static [&'static str]) -> Rule {
    rule(id, CreditRepayment, Direction::Debit)
        .any(words)
        .lender(name)
}

use Direction::{Any, Credit, Debit};

/// The id of the rule given when no rule matches.
pub const UNMATCHED: &str = "other.unmatched";

/// Transfers of money to a person or a firm, whose words must not read as a shop.
const TRANSFER_WORDS: &[&str] = &["VIR", "VIREMENT", "VIRT"];

pub static RULES: &[Rule] = &[
    // Bank fees for an incident, before the incident itself.
    rule("fees.rejection", BankFees, Debit)
        .any(&["FRAIS", "FORFAIT", "COMMISSION", "COMMISSIONS"])
        .also(&[
            "REJET",
            "REJETE",
            "IMPAYE",
            "IMPAYES",
            "INCIDENT",
            "INCIDENTS",
        ]),
    // A payment that did not go through: the rejected debit coming back, a bounced cheque.
    rule("rejected.payment", BankRejectedPayment, Any)
        .any(&[
            "REJET",
            "REJETE",
            "REJETS",
            "IMPAYE",
            "IMPAYES",
            "RETOUR PRLV",
            "RETOUR PRELEVEMENT",
        ])
        .unless(&["FRAIS", "FORFAIT"]),
    rule("fees.intervention", BankFees, Debit).any(&[
        "COMMISSION D'INTERVENTION",
        "COMMISSIONS D'INTERVENTION",
        "COMMISSION INTERVENTION",
        "COMMISSION DE MOUVEMENT",
        "COMMISSION MOUVEMENT",
    ]),
    rule("fees.overdraft_interest", BankFees, Debit).any(&[
        "AGIOS",
        "INTERETS DEBITEURS",
        "INTERETS DEBIT",
        "INT DEBITEURS",
    ]),
    rule("fees.package", BankFees, Debit)
        .any(&["COTIS", "COTISATION", "COTISATIONS"])
        .also(&[
            "CARTE",
            "VISA",
            "MASTERCARD",
            "CB",
            "OFFRE",
            "FORMULE",
            "EUROCOMPTE",
            "JAZZ",
            "PACKAGE",
            "COMPTE",
            "ESSENTIEL",
            "PREMIER",
            "GOLD",
            "INFINITE",
            "CONVENTION",
            "PRIVILEGE",
            "SERVICES",
        ])
        .unless(&["PRLV SEPA"]),
    rule("fees.account", BankFees, Debit)
        .any(&[
            "FRAIS",
            "COMMISSION",
            "COMMISSIONS",
            "TENUE DE COMPTE",
            "FRAIS BANCAIRES",
        ])
        .unless(&["VIR", "VIREMENT", "PRLV SEPA", "GRAND FRAIS"]),
    // Lenders and loans, before the shops and banks whose names they carry.
    lender("credit.cofidis", "COFIDIS", &["COFIDIS"]),
    lender("credit.cetelem", "CETELEM", &["CETELEM"]),
    lender("credit.sofinco", "SOFINCO", &["SOFINCO"]),
    lender("credit.franfinance", "FRANFINANCE", &["FRANFINANCE"]),
    lender("credit.oney", "ONEY", &["ONEY", "BANQUE ACCORD"]),
    lender("credit.floa", "FLOA", &["FLOA", "FLOA BANK"]),
    lender(
        "credit.younited",
        "YOUNITED",
        &["YOUNITED", "YOUNITED CREDIT"],
    ),
    lender(
        "credit.carrefour_banque",
        "CARREFOUR BANQUE",
        &["CARREFOUR BANQUE", "CARREFOUR BANK"],
    ),
    lender("credit.banque_casino", "BANQUE CASINO", &["BANQUE CASINO"]),
    lender(
        "credit.bnp_personal_finance",
        "BNP PARIBAS PERSONAL FINANCE",
        &[
            "BNP PARIBAS PERSONAL FINANCE",
            "BNPP PERSONAL FINANCE",
            "BNPP PF",
        ],
    ),
    lender(
        "credit.ca_consumer_finance",
        "CA CONSUMER FINANCE",
        &[
            "CA CONSUMER FINANCE",
            "CREDIT AGRICOLE CONSUMER FINANCE",
            "CACF",
        ],
    ),
    lender(
        "credit.diac",
        "DIAC",
        &["DIAC", "RCI BANQUE", "MOBILIZE FINANCIAL"],
    ),
    lender(
        "credit.credipar",
        "CREDIPAR",
        &["CREDIPAR", "PSA BANQUE", "STELLANTIS FINANCE"],
    ),
    lender("credit.creatis", "CREATIS", &["CREATIS"]),
    lender("credit.financo", "FINANCO", &["FINANCO"]),
    lender("credit.cofinoga", "COFINOGA", &["COFINOGA"]),
    lender("credit.sofemo", "SOFEMO", &["SOFEMO"]),
    lender(
        "credit.volkswagen_bank",
        "VOLKSWAGEN BANK",
        &["VOLKSWAGEN BANK", "VOLKSWAGEN FINANCIAL"],
    ),
    lender(
        "credit.toyota_financement",
        "TOYOTA FINANCEMENT",
        &["TOYOTA FRANCE FINANCEMENT", "TOYOTA FINANCIAL"],
    ),
    rule("credit.bank_loan", CreditRepayment, Debit).any(&[
        "ECHEANCE PRET",
        "ECH PRET",
        "ECHEANCE CREDIT",
        "ECH CREDIT",
        "ECHEANCE EMPRUNT",
        "REMBOURSEMENT PRET",
        "REMB PRET",
        "PRET IMMO",
        "PRET IMMOBILIER",
        "PRET PERSONNEL",
        "PRET AUTO",
        "PRET ETUDIANT",
        "CREDIT AUTO",
        "CREDIT IMMOBILIER",
        "CREDIT RENOUVELABLE",
        "REGROUPEMENT CREDITS",
        "REGROUPEMENT DE CREDITS",
        "LOA",
    ]),
    // Between the customer's own accounts.
    rule("internal.savings", TransferInternal, Any)
        .any(&[
            "LIVRET",
            "LIVRET A",
            "LIVRET JEUNE",
            "LIVRET BLEU",
            "SUPER LIVRET",
            "LDDS",
            "LDD",
            "LEP",
            "PEL",
            "CEL",
            "CSL",
            "EPARGNE",
        ])
        .unless(&["INTERETS", "SALARIALE"]),
    rule("internal.own_accounts", TransferInternal, Any).any(&[
        "VIREMENT INTERNE",
        "VIR INTERNE",
        "COMPTE A COMPTE",
        "CPTE A CPTE",
        "CPT A CPT",
        "VERS EPARGNE",
        "ALIMENTATION LIVRET",
    ]),
    // Income. A salary's words first: employers also sell, lend and insure.
    rule("income.salary", IncomeSalary, Credit).any(&[
        "SALAIRE",
        "SALAIRES",
        "PAIE",
        "PAYE",
        "REMUNERATION",
        "TRAITEMENT",
        "ACOMPTE SALAIRE",
        "13EME MOIS",
        "TREIZIEME MOIS",
    ]),
    rule("income.pension", IncomePension, Credit)
        .any(&[
            "RETRAITE",
            "RETRAITES",
            "PENSION",
            "CARSAT",
            "CNAV",
            "ASSURANCE RETRAITE",
            "AGIRC",
            "ARRCO",
            "CNRACL",
            "IRCANTEC",
            "SRE",
            "KLESIA",
            "HUMANIS",
            "CIPAV",
            "ERAFP",
        ])
        .unless(&["ALIMENTAIRE", "ALIMENTAIRES"]),
    rule("income.benefits", IncomeBenefits, Credit).any(&[
        "CAF",
        "C.A.F.",
        "CNAF",
        "ALLOCATIONS FAMILIALES",
        "ALLOCATION",
        "ALLOCATIONS",
        "PRESTATIONS",
        "FRANCE TRAVAIL",
        "POLE EMPLOI",
        "CPAM",
        "ASSURANCE MALADIE",
        "MSA",
        "RSA",
        "AAH",
        "APL",
        "ALS",
        "PRIME D'ACTIVITE",
        "PRIME ACTIVITE",
        "INDEMNITES JOURNALIERES",
        "IJ",
        "ARE",
        "CONSEIL DEPARTEMENTAL",
        "MDPH",
    ]),
    rule("tax.refund", Tax, Credit)
        .any(&[
            "DGFIP",
            "DRFIP",
            "IMPOT",
            "IMPOTS",
            "TRESOR PUBLIC",
            "FINANCES PUBLIQUES",
        ])
        .also(&["REMBOURSEMENT", "REMB", "RESTITUTION", "DEGREVEMENT"]),
    rule("income.rental", IncomeRental, Credit).any(&[
        "LOYER",
        "LOYERS",
        "GERANCE",
        "REVERSEMENT PROPRIETAIRE",
        "AIRBNB",
        "ABRITEL",
        "QUITTANCE",
    ]),
    // Gambling, stakes and winnings alike, before the Casino supermarkets.
    rule("gambling.operator", Gambling, Any).any(&[
        "FDJ",
        "FRANCAISE DES JEUX",
        "PMU",
        "BETCLIC",
        "WINAMAX",
        "UNIBET",
        "PARIONS SPORT",
        "PARIONSWEB",
        "ZEBET",
        "POKERSTARS",
        "BWIN",
        "NETBET",
        "GENYBET",
        "VBET",
        "FRANCE PARI",
        "LOTO",
        "EUROMILLIONS",
    ]),
    rule("gambling.casino", Gambling, Any).any(&[
        "CASINO BARRIERE",
        "BARRIERE CASINO",
        "GROUPE BARRIERE",
        "CASINO PARTOUCHE",
        "PARTOUCHE",
        "JOA",
        "TRANCHANT",
        "CASINOS AUSTRIA",
        "SBM MONTE CARLO",
    ]),
    rule("gambling.mcc", Gambling, Any).mcc(&[7800, 7801, 7802, 7995]),
    rule("refund.money_back", Refund, Credit).any(&[
        "REMBOURSEMENT",
        "REMBOURSEMENTS",
        "REMB",
        "REMBT",
        "RBT",
        "AVOIR",
        "ANNULATION",
        "RETOUR",
        "INDEMNISATION",
        "REFUND",
    ]),
    rule("income.other", IncomeOther, Credit).any(&[
        "INTERETS",
        "INTERETS CREDITEURS",
        "DIVIDENDE",
        "DIVIDENDES",
        "COUPONS",
        "PENSION ALIMENTAIRE",
        "MALT",
        "FACTURE",
        "LEBONCOIN",
        "VINTED",
        "PRIME DE BIENVENUE",
        "PARRAINAGE",
        "FONDS DE SOLIDARITE",
    ]),
    rule("income.salary_bonus", IncomeSalary, Credit)
        .any(&[
            "PRIME",
            "PRIMES",
            "INTERESSEMENT",
            "PARTICIPATION AUX RESULTATS",
        ])
        .unless(&[
            "BIENVENUE",
            "PARRAINAGE",
            "ACTIVITE",
            "NAISSANCE",
            "CONVERSION",
            "ENERGIE",
        ]),
    // Charges.
    rule("tax.public_finances", Tax, Debit).any(&[
        "DGFIP",
        "DRFIP",
        "IMPOT",
        "IMPOTS",
        "TRESOR PUBLIC",
        "FINANCES PUBLIQUES",
        "TAXE FONCIERE",
        "TAXE HABITATION",
        "TAXE D'HABITATION",
        "PRELEVEMENT A LA SOURCE",
        "AMENDE",
        "AMENDES",
        "ANTAI",
        "URSSAF",
        "SIE",
        "TVA",
    ]),
    rule("tax.mcc", Tax, Debit).mcc(&[9211, 9222, 9311, 9399]),
    rule("housing.rent", HousingRent, Debit).any(&[
        "LOYER",
        "LOYERS",
        "QUITTANCE",
        "FONCIA",
        "NEXITY",
        "CITYA",
        "ORPI",
        "LAFORET",
        "CENTURY 21",
        "GUY HOQUET",
        "SQUARE HABITAT",
        "HABITAT",
        "OPH",
        "OPAC",
        "HLM",
        "IMMOBILIERE 3F",
        "ICF HABITAT",
        "LOGEMENT FRANCAIS",
        "VILOGIA",
        "SEQENS",
        "STUDEA",
        "LOGIREP",
        "EFIDIS",
        "ERILIA",
    ]),
    rule("insurance.insurer", Insurance, Debit).any(&[
        "ASSURANCE",
        "ASSURANCES",
        "ASSUR",
        "MAIF",
        "MACIF",
        "MATMUT",
        "MAAF",
        "AXA",
        "ALLIANZ",
        "GROUPAMA",
        "GMF",
        "MMA",
        "GENERALI",
        "AVIVA",
        "ABEILLE",
        "MUTUELLE",
        "MGEN",
        "MNT",
        "SWISSLIFE",
        "SWISS LIFE",
        "APRIL",
        "LUKO",
        "PACIFICA",
        "CARDIF",
        "ALAN SA",
        "ALAN INSURANCE",
        "AMV",
        "IARD",
        "PREVOYANCE",
        "AG2R",
        "MALAKOFF",
        "LEOCARE",
        "HISCOX",
        "AMAGUIZ",
        "CNP",
    ]),
    rule("insurance.mcc", Insurance, Debit).mcc(&[6300, 6381, 6399]),
    rule("utilities.totalenergies", Utilities, Debit)
        .any(&["TOTALENERGIES", "TOTAL ENERGIES"])
        .also(&["ELECTRICITE", "GAZ", "PRLV", "PRELEVEMENT"]),
    rule("utilities.provider", Utilities, Debit).any(&[
        "EDF",
        "ENGIE",
        "GDF",
        "VEOLIA",
        "SUEZ",
        "EAU",
        "EAUX",
        "SAUR",
        "SEDIF",
        "EKWATEUR",
        "OHM ENERGIE",
        "MINT ENERGIE",
        "ENI",
        "ENERCOOP",
        "VATTENFALL",
        "PLANETE OUI",
        "ES ENERGIES",
        "GAZ DE BORDEAUX",
        "DIRECT ENERGIE",
        "ILEK",
        "ELECTRICITE",
        "GAZ",
    ]),
    rule("utilities.mcc", Utilities, Debit).mcc(&[4900]),
    rule("telecom.operator", Telecom, Debit)
        .any(&[
            "ORANGE",
            "SFR",
            "BOUYGUES TELECOM",
            "BOUYGTEL",
            "B&YOU",
            "FREE MOBILE",
            "FREE TELECOM",
            "FREE HAUT DEBIT",
            "FREEBOX",
            "SOSH",
            "RED BY SFR",
            "LA POSTE TELECOM",
            "LA POSTE MOBILE",
            "PRIXTEL",
            "NRJ MOBILE",
            "SYMA",
            "CORIOLIS",
            "LEBARA",
            "LYCAMOBILE",
            "BBOX",
            "TELECOM",
            "YOUPRICE",
        ])
        .unless(&["ORANGE BLEUE"]),
    rule("telecom.mcc", Telecom, Debit).mcc(&[4812, 4814, 4816, 4899]),
    // Cash, before the shop whose cash machine it was.
    rule("cash.withdrawal", CashWithdrawal, Debit).any(&[
        "RETRAIT",
        "RETRAITS",
        "RET DAB",
        "DAB",
        "GAB",
        "DISTRIBUTEUR",
    ]),
    rule("cash.mcc", CashWithdrawal, Debit).mcc(&[6010, 6011]),
    // Everyday spending at a named merchant, unless it is a transfer to someone.
    rule("everyday.groceries", Everyday, Debit)
        .any(&[
            "CARREFOUR",
            "LECLERC",
            "AUCHAN",
            "LIDL",
            "ALDI",
            "INTERMARCHE",
            "MONOPRIX",
            "MONOP",
            "FRANPRIX",
            "CASINO",
            "GEANT CASINO",
            "PETIT CASINO",
            "SUPER U",
            "HYPER U",
            "U EXPRESS",
            "SYSTEME U",
            "PICARD",
            "BIOCOOP",
            "NATURALIA",
            "NETTO",
            "GRAND FRAIS",
            "LEADER PRICE",
            "COLRUYT",
            "CORA",
            "SPAR",
            "VIVAL",
            "G20",
            "MARCHE",
            "SUPERMARCHE",
            "HYPERMARCHE",
            "EPICERIE",
            "PRIMEUR",
            "BOUCHERIE",
            "BOULANGERIE",
            "PATISSERIE",
        ])
        .unless(TRANSFER_WORDS),
    rule("everyday.transport", Everyday, Debit)
        .any(&[
            "TOTAL",
            "TOTAL ACCESS",
            "TOTALENERGIES",
            "ESSO",
            "SHELL",
            "BP",
            "AVIA",
            "AGIP",
            "STATION",
            "SNCF",
            "OUIGO",
            "RATP",
            "NAVIGO",
            "UBER",
            "BOLT",
            "BLABLACAR",
            "TCL",
            "TISSEO",
            "VINCI AUTOROUTES",
            "APRR",
            "SANEF",
            "PEAGE",
            "AUTOROUTE",
            "PARKING",
            "INDIGO",
        ])
        .unless(TRANSFER_WORDS),
    rule("everyday.eating_out", Everyday, Debit)
        .any(&[
            "MCDONALDS",
            "MC DONALDS",
            "BURGER KING",
            "KFC",
            "QUICK",
            "DELIVEROO",
            "UBER EATS",
            "JUST EAT",
            "RESTAURANT",
            "BRASSERIE",
            "PIZZA",
            "STARBUCKS",
            "CAFE",
        ])
        .unless(TRANSFER_WORDS),
    rule("everyday.shopping", Everyday, Debit)
        .any(&[
            "PHARMACIE",
            "PHIE",
            "PARAPHARMACIE",
            "AMAZON",
            "AMZN",
            "FNAC",
            "DARTY",
            "BOULANGER",
            "DECATHLON",
            "IKEA",
            "LEROY MERLIN",
            "CASTORAMA",
            "BRICO DEPOT",
            "BRICOMARCHE",
            "ZARA",
            "H&M",
            "KIABI",
            "PRIMARK",
            "CELIO",
            "UNIQLO",
            "CDISCOUNT",
            "ACTION",
            "SEPHORA",
            "NOCIBE",
            "TABAC",
            "LA POSTE",
            "CINEMA",
            "PATHE",
            "UGC",
            "GAUMONT",
            "BASIC FIT",
            "FITNESS PARK",
            "ORANGE BLEUE",
        ])
        .unless(TRANSFER_WORDS),
    rule("everyday.subscriptions", Everyday, Debit)
        .any(&[
            "NETFLIX",
            "SPOTIFY",
            "DEEZER",
            "DISNEY PLUS",
            "CANAL",
            "APPLE",
            "GOOGLE",
            "PAYPAL",
        ])
        .unless(TRANSFER_WORDS),
    rule("everyday.mcc", Everyday, Debit).mcc(&[
        4111, 4112, 4121, 4131, 4784, 5200, 5211, 5251, 5261, 5300, 5310, 5311, 5331, 5399, 5411,
        5412, 5422, 5441, 5451, 5462, 5499, 5541, 5542, 5621, 5631, 5641, 5651, 5655, 5661, 5691,
        5699, 5712, 5719, 5722, 5732, 5734, 5812, 5813, 5814, 5912, 5942, 5945, 5977, 5992, 5993,
        5995, 5999, 7523, 7832, 7941, 7997,
    ]),
    // Money back on a card.
    rule("refund.card", Refund, Credit).any(&["CB", "CARTE", "PAIEMENT CB", "ACHAT CB"]),
    // Transfers and cheques to or from someone.
    rule("transfer.other", TransferOther, Any).any(&[
        "VIR",
        "VIREMENT",
        "VIRT",
        "PAYLIB",
        "LYDIA",
        "WERO",
        "CHEQUE",
        "CHQ",
        "REMISE CHEQUE",
        "REMISE CHQ",
        "VERSEMENT",
    ]),
    // Any other card payment.
    rule("everyday.card", Everyday, Debit).any(&[
        "CB",
        "CARTE",
        "PAIEMENT CB",
        "PAIEMENT PAR CARTE",
        "FACTURE CARTE",
        "ACHAT CB",
    ]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_every_rule_can_match() {
        let mut ids: Vec<&str> = RULES.iter().map(|rule| rule.id).collect();
        ids.push(UNMATCHED);
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "a rule id is used twice");
        for rule in RULES {
            assert!(
                !rule.any.is_empty() || !rule.mcc.is_empty(),
                "{} matches nothing",
                rule.id
            );
        }
    }
}
