//! The catalogue: every sentence the model writes, in English and in French, and nowhere
//! else. Each entry builds a [`Text`] from both sentences at once, so the compiler refuses
//! a message in one language only, and each `match` over the details is exhaustive, so a
//! new case does not compile without its sentences.
//!
//! Numbers are written as each language writes them ([`locale::number`]): `35,00 %`,
//! `1 159,92 €`, `24,8` in French; `35.00%`, `€1,159.92`, `24.8` in English. In the
//! French literals below, `\u{a0}` is the no-break space French puts before `%` and `€`.

use std::fmt::Write;

use locale::number::{Decimal, Eur, Integer, Percent};
use locale::{Language, Text};

use crate::counterfactual::Effect;
use crate::hcsf::MAX_DURATION_WITH_DEFERRAL_MONTHS;
use crate::input::{Money, Quarter};
use crate::result::{Change, Counterfactual, Decision, Rule, RuleCode, Status};
use crate::rules::RuleDetail;
use crate::score::FactorDetail;
use crate::usury::UsuryCategory;

/// A figure quoted in a message, written the way each language writes it.
#[derive(Clone, Copy)]
enum Figure {
    Eur(Money),
    Percent(f64),
    Decimal(f64, u8),
    Integer(i64),
    /// A count with its noun, singular or plural as each language wants.
    Count(i64, Noun),
    /// A phrase that depends on the case: English, French.
    Words(&'static str, &'static str),
    /// The loans of a usury category, in the plural: "consumer loans of more than €6,000".
    Category(UsuryCategory),
    /// "Q1 2026", "1er trimestre 2026".
    Quarter(Quarter),
}

#[derive(Clone, Copy)]
struct Noun {
    en: (&'static str, &'static str),
    fr: (&'static str, &'static str),
}

const MONTHS: Noun = Noun {
    en: ("month", "months"),
    fr: ("mois", "mois"),
};
const DAYS: Noun = Noun {
    en: ("day", "days"),
    fr: ("jour", "jours"),
};
const FULL_MONTHS: Noun = Noun {
    en: ("full month", "full months"),
    fr: ("mois complet", "mois complets"),
};
const REJECTIONS: Noun = Noun {
    en: ("rejected payment", "rejected payments"),
    fr: ("paiement rejeté", "paiements rejetés"),
};
const INCIDENTS: Noun = Noun {
    en: ("banking incident", "banking incidents"),
    fr: ("incident bancaire", "incidents bancaires"),
};

impl Figure {
    fn write_to(self, out: &mut String, language: Language) {
        match self {
            Figure::Eur(money) => Eur(language, money.cents()).write_to(out),
            Figure::Percent(fraction) => Percent(language, fraction).write_to(out),
            Figure::Decimal(value, decimals) => Decimal(language, value, decimals).write_to(out),
            Figure::Integer(value) => Integer(language, value).write_to(out),
            Figure::Count(count, noun) => {
                // English: "1 month", "0 months"; French: "0 mois", "1 incident", "2 incidents".
                let ((one, many), singular) = match language {
                    Language::En => (noun.en, count == 1),
                    Language::Fr => (noun.fr, (0..=1).contains(&count)),
                };
                Integer(language, count).write_to(out);
                out.push(' ');
                out.push_str(if singular { one } else { many });
            }
            Figure::Words(en, fr) => out.push_str(match language {
                Language::En => en,
                Language::Fr => fr,
            }),
            Figure::Category(category) => {
                let (en, fr) = category_words(category);
                out.push_str(match language {
                    Language::En => en,
                    Language::Fr => fr,
                });
            }
            Figure::Quarter(quarter) => {
                let (number, year) = (quarter.number(), quarter.year());
                match language {
                    Language::En => {
                        out.push('Q');
                        Integer(language, number.into()).write_to(out);
                        out.push(' ');
                    }
                    Language::Fr => {
                        Integer(language, number.into()).write_to(out);
                        out.push_str(if number == 1 {
                            "er trimestre "
                        } else {
                            "e trimestre "
                        });
                    }
                }
                // Never fails on a String; years are not grouped by thousands.
                let _ = write!(out, "{year}");
            }
        }
    }
}

/// The loans of each usury category, as the Banque de France names them.
fn category_words(category: UsuryCategory) -> (&'static str, &'static str) {
    match category {
        UsuryCategory::MortgageFixedLt10y => (
            "fixed-rate mortgages of less than 10 years",
            "prêts immobiliers à taux fixe d'une durée inférieure à 10 ans",
        ),
        UsuryCategory::MortgageFixed10To20y => (
            "fixed-rate mortgages of 10 to less than 20 years",
            "prêts immobiliers à taux fixe d'une durée de 10 ans à moins de 20 ans",
        ),
        UsuryCategory::MortgageFixedGe20y => (
            "fixed-rate mortgages of 20 years or more",
            "prêts immobiliers à taux fixe d'une durée de 20 ans et plus",
        ),
        UsuryCategory::MortgageVariable => (
            "variable-rate mortgages",
            "prêts immobiliers à taux variable",
        ),
        UsuryCategory::ConsumerLe3000 => (
            "consumer loans of €3,000 or less",
            "prêts à la consommation d'un montant inférieur ou égal à 3\u{202f}000\u{a0}€",
        ),
        UsuryCategory::Consumer3000To6000 => (
            "consumer loans of more than €3,000 and up to €6,000",
            "prêts à la consommation d'un montant supérieur à 3\u{202f}000\u{a0}€ et inférieur ou égal à 6\u{202f}000\u{a0}€",
        ),
        UsuryCategory::ConsumerGt6000 => (
            "consumer loans of more than €6,000",
            "prêts à la consommation d'un montant supérieur à 6\u{202f}000\u{a0}€",
        ),
    }
}

/// `text!(("English " {figure} "."), ("Français " {figure} "."))`: both sentences, each
/// figure written as that language writes it, in one allocation per sentence.
macro_rules! text {
    (($($en:tt)+), ($($fr:tt)+) $(,)?) => {
        Text::new(text!(@write En $($en)+), text!(@write Fr $($fr)+))
    };
    (@write $language:ident $($piece:tt)+) => {{
        let mut out = String::with_capacity(0 $(+ text!(@len $piece))+);
        $(text!(@push out $language $piece);)+
        out
    }};
    (@len $literal:literal) => {
        $literal.len()
    };
    (@len { $figure:expr }) => {
        24
    };
    (@push $out:ident $language:ident $literal:literal) => {
        $out.push_str($literal)
    };
    (@push $out:ident $language:ident { $figure:expr }) => {
        Figure::write_to($figure, &mut $out, Language::$language)
    };
}

fn eur(money: Money) -> Figure {
    Figure::Eur(money)
}

fn percent(fraction: f64) -> Figure {
    Figure::Percent(fraction)
}

fn integer(value: impl Into<i64>) -> Figure {
    Figure::Integer(value.into())
}

fn months(count: impl Into<i64>) -> Figure {
    Figure::Count(count.into(), MONTHS)
}

/// The message of a rule's outcome.
pub(crate) fn rule(detail: &RuleDetail) -> Text {
    use RuleDetail::*;
    match *detail {
        EffortNoIncome => text!(
            ("No income is declared, so there is no effort rate and no credit repayment fits the 35% HCSF cap."),
            ("Aucun revenu n'est déclaré : le taux d'endettement ne peut être calculé et aucune mensualité de crédit ne tient dans le plafond de 35\u{a0}% fixé par le HCSF."),
        ),
        EffortWithin { effort } => text!(
            ("The effort rate after the loan is " {percent(effort)} ", within the 35% HCSF cap."),
            ("Le taux d'endettement après le prêt est de " {percent(effort)} ", dans la limite de 35\u{a0}% fixée par le HCSF."),
        ),
        EffortAbove { effort } => text!(
            ("The effort rate after the loan is " {percent(effort)} ", above the 35% HCSF cap."),
            ("Le taux d'endettement après le prêt atteint " {percent(effort)} ", au-delà du plafond de 35\u{a0}% fixé par le HCSF."),
        ),
        DurationWithin {
            months: duration,
            cap,
        } => text!(
            ("A duration of " {months(duration)} " is within the HCSF limit of " {months(cap)} " (" {allowance(cap)} ")."),
            ("Une durée de " {months(duration)} " respecte la durée maximale de " {months(cap)} " fixée par le HCSF (" {allowance(cap)} ")."),
        ),
        DurationBeyond {
            months: duration,
            cap,
        } => text!(
            ("A duration of " {months(duration)} " is beyond the HCSF limit of " {months(cap)} " (" {allowance(cap)} ")."),
            ("Une durée de " {months(duration)} " dépasse la durée maximale de " {months(cap)} " fixée par le HCSF (" {allowance(cap)} ")."),
        ),
        ResidualBelowFloor { residual, floor } => text!(
            ("A residual income of " {eur(residual)} " is below the household floor of " {eur(floor)} "."),
            ("Le reste à vivre de " {eur(residual)} " est inférieur au minimum de " {eur(floor)} " retenu pour le foyer."),
        ),
        ResidualThin {
            residual,
            floor,
            comfortable,
        } => text!(
            ("A residual income of " {eur(residual)} " meets the household floor of " {eur(floor)} " but is under 120% of it (" {eur(comfortable)} ")."),
            ("Le reste à vivre de " {eur(residual)} " atteint le minimum de " {eur(floor)} " retenu pour le foyer, mais reste sous 120\u{a0}% de ce minimum (" {eur(comfortable)} ")."),
        ),
        ResidualComfortable { residual, floor } => text!(
            ("A residual income of " {eur(residual)} " is at least 120% of the household floor of " {eur(floor)} "."),
            ("Le reste à vivre de " {eur(residual)} " atteint au moins 120\u{a0}% du minimum de " {eur(floor)} " retenu pour le foyer."),
        ),
        AgeWithin { age } => text!(
            ("The borrower would be " {integer(age)} " at maturity."),
            ("L'emprunteur aurait " {integer(age)} " ans à la dernière échéance."),
        ),
        AgeOver { age } => text!(
            ("The borrower would be " {integer(age)} " at maturity, over 75: borrower insurance may be dearer or limited."),
            ("L'emprunteur aurait " {integer(age)} " ans à la dernière échéance, plus de 75 ans : l'assurance emprunteur peut être plus chère ou limitée."),
        ),
        AgeBeyondCover { age } => text!(
            ("The borrower would be " {integer(age)} " at maturity, beyond the 85 that borrower insurance covers."),
            ("L'emprunteur aurait " {integer(age)} " ans à la dernière échéance, au-delà des 85 ans que couvre l'assurance emprunteur."),
        ),
        CivilServant => text!(
            ("A tenured civil servant's income is stable."),
            ("Les revenus d'un fonctionnaire titulaire sont stables."),
        ),
        Retired => text!(
            ("A retirement pension is a stable income."),
            ("Une pension de retraite est un revenu stable."),
        ),
        NoStableIncome => text!(
            ("The main borrower has no stable employment income."),
            ("L'emprunteur principal n'a pas de revenus d'activité stables."),
        ),
        CdiInTrial => text!(
            ("The permanent contract is still in its trial period."),
            ("Le CDI est encore en période d'essai."),
        ),
        CdiRecent {
            months: seniority,
            min,
        } => text!(
            ("The permanent contract started " {months(seniority)} " ago, under the " {months(min)} " lenders look for."),
            ("Le CDI a débuté il y a " {months(seniority)} ", moins des " {months(min)} " d'ancienneté attendus par les prêteurs."),
        ),
        CdiConfirmed => text!(
            ("A permanent contract past its trial period."),
            ("Un CDI, période d'essai terminée."),
        ),
        ActivityLong {
            months: seniority,
            min,
        } => text!(
            ({months(seniority)} " of activity, at least the " {months(min)} " lenders look for."),
            ({months(seniority)} " d'ancienneté, au moins les " {months(min)} " attendus par les prêteurs."),
        ),
        ActivityShort {
            months: seniority,
            min,
        } => text!(
            ("Only " {months(seniority)} " of activity, under the " {months(min)} " lenders look for."),
            ("Seulement " {months(seniority)} " d'ancienneté, moins des " {months(min)} " attendus par les prêteurs."),
        ),
        ActivityUndated { min } => text!(
            ("Non-permanent work without a start date: lenders look for " {months(min)} " of history."),
            ("Activité non permanente sans date de début : les prêteurs attendent " {months(min)} " d'ancienneté."),
        ),
        NoPropertyValue => text!(
            ("A mortgage needs the property value to assess the down payment and the loan-to-value."),
            ("Un prêt immobilier nécessite la valeur du bien pour apprécier l'apport et la quotité financée."),
        ),
        LoanAboveValue { loan, property } => text!(
            ("The loan of " {eur(loan)} " exceeds the property value of " {eur(property)} "."),
            ("Le prêt de " {eur(loan)} " dépasse la valeur du bien, " {eur(property)} "."),
        ),
        DownPaymentEnough {
            down_payment,
            share,
        } => text!(
            ("A down payment of " {eur(down_payment)} ", " {percent(share)} " of the property value."),
            ("Un apport de " {eur(down_payment)} ", soit " {percent(share)} " de la valeur du bien."),
        ),
        DownPaymentShort {
            down_payment,
            share,
        } => text!(
            ("A down payment of " {eur(down_payment)} ", " {percent(share)} " of the property value, under the usual 10%."),
            ("Un apport de " {eur(down_payment)} ", soit " {percent(share)} " de la valeur du bien, sous les 10\u{a0}% habituellement attendus."),
        ),
        SavingsNotStated => text!(
            ("No savings are stated, so no cushion is counted."),
            ("Aucune épargne n'est déclarée : aucune épargne de précaution n'est retenue."),
        ),
        SavingsNoMonthlyCost => text!(
            ("The new loan costs nothing a month, so any savings cover it."),
            ("Le nouveau prêt ne coûte rien chaque mois : toute épargne le couvre."),
        ),
        SavingsEnough { months: cover } => text!(
            ("Savings cover " {Figure::Decimal(cover, 1)} " months of the new loan's payments."),
            ("L'épargne couvre " {Figure::Decimal(cover, 1)} " mois de mensualités du nouveau prêt."),
        ),
        SavingsShort { months: cover, min } => text!(
            ("Savings cover " {Figure::Decimal(cover, 1)} " months of the new loan's payments, under the " {months(min)} " looked for."),
            ("L'épargne couvre " {Figure::Decimal(cover, 1)} " mois de mensualités du nouveau prêt, moins des " {months(min)} " attendus."),
        ),
        NoIncident => text!(
            ("No banking incident in the last 12 months."),
            ("Aucun incident bancaire sur les 12 derniers mois."),
        ),
        FewIncidents { count } => text!(
            ({Figure::Count(count.into(), INCIDENTS)} " in the last 12 months."),
            ({Figure::Count(count.into(), INCIDENTS)} " sur les 12 derniers mois."),
        ),
        ManyIncidents { count, max } => text!(
            ({Figure::Count(count.into(), INCIDENTS)} " in the last 12 months, more than the " {integer(max)} " tolerated."),
            ({Figure::Count(count.into(), INCIDENTS)} " sur les 12 derniers mois, au-delà des " {integer(max)} " tolérés."),
        ),
        FicpRegistered => text!(
            ("The borrower is registered in the Banque de France FICP file."),
            ("L'emprunteur est inscrit au fichier FICP de la Banque de France."),
        ),
        FicpNotRegistered => text!(
            ("The borrower is not registered in the Banque de France FICP file."),
            ("L'emprunteur n'est pas inscrit au fichier FICP de la Banque de France."),
        ),
        UsuryWithin {
            apr,
            threshold,
            category,
        } => text!(
            ("The TAEG of " {percent(apr)} " is within the usury threshold of "
                {percent(threshold)} " for " {Figure::Category(category)} "."),
            ("Le TAEG de " {percent(apr)} " respecte le taux d'usure de " {percent(threshold)}
                " applicable aux " {Figure::Category(category)} "."),
        ),
        UsuryWithinStale {
            apr,
            threshold,
            category,
            used,
            quarter,
        } => text!(
            ("The TAEG of " {percent(apr)} " is within the usury threshold of "
                {percent(threshold)} " for " {Figure::Category(category)}
                ", but that is the threshold of " {Figure::Quarter(used)}
                ": none is loaded for " {Figure::Quarter(quarter)}
                ", so the loan's lawfulness is still to be confirmed."),
            ("Le TAEG de " {percent(apr)} " respecte le taux d'usure de " {percent(threshold)}
                " applicable aux " {Figure::Category(category)} ", mais c'est le seuil du "
                {Figure::Quarter(used)} " : aucun seuil n'est chargé pour le "
                {Figure::Quarter(quarter)} ", la conformité du prêt reste donc à confirmer."),
        ),
        UsuryAbove {
            apr,
            threshold,
            category,
        } => text!(
            ("The TAEG of " {percent(apr)} " is above the usury threshold of "
                {percent(threshold)} " for " {Figure::Category(category)}
                ": the loan cannot lawfully be granted (code de la consommation, L. 314-6)."),
            ("Le TAEG de " {percent(apr)} " dépasse le taux d'usure de " {percent(threshold)}
                " applicable aux " {Figure::Category(category)}
                " : le prêt ne peut pas être accordé (code de la consommation, art. L. 314-6)."),
        ),
        UsuryAboveStale {
            apr,
            threshold,
            category,
            used,
            quarter,
        } => text!(
            ("The TAEG of " {percent(apr)} " is above the usury threshold of "
                {percent(threshold)} " for " {Figure::Category(category)} " (the threshold of "
                {Figure::Quarter(used)} ", none being loaded for " {Figure::Quarter(quarter)}
                "): the loan cannot lawfully be granted (code de la consommation, L. 314-6)."),
            ("Le TAEG de " {percent(apr)} " dépasse le taux d'usure de " {percent(threshold)}
                " applicable aux " {Figure::Category(category)} " (seuil du "
                {Figure::Quarter(used)} ", aucun seuil n'étant chargé pour le "
                {Figure::Quarter(quarter)}
                ") : le prêt ne peut pas être accordé (code de la consommation, art. L. 314-6)."),
        ),
        UsuryNoThreshold {
            apr,
            category,
            quarter,
        } => text!(
            ("No usury threshold is loaded for " {Figure::Category(category)} " for "
                {Figure::Quarter(quarter)} " or before: the TAEG of " {percent(apr)}
                " could not be checked."),
            ("Aucun taux d'usure n'est chargé pour les " {Figure::Category(category)}
                " au " {Figure::Quarter(quarter)} " ni avant : le TAEG de " {percent(apr)}
                " n'a pas pu être vérifié."),
        ),
        UsuryFeesTakeTheAmount { fees, amount } => text!(
            ("The fees paid at signing (" {eur(fees)} ") take up the whole amount borrowed ("
                {eur(amount)} "): the borrower would receive nothing, no TAEG exists, and the loan cannot be lawful."),
            ("Les frais payés à la signature (" {eur(fees)}
                ") absorbent la totalité du montant emprunté (" {eur(amount)}
                ") : l'emprunteur ne recevrait rien, aucun TAEG n'existe et le prêt ne peut pas être conforme."),
        ),
        UsuryNothingRepaid => text!(
            ("The monthly payment rounds to nothing, so no TAEG can be computed and the loan's lawfulness cannot be checked."),
            ("La mensualité arrondie au centime est nulle : aucun TAEG ne peut être calculé et la conformité du prêt ne peut être vérifiée."),
        ),
        CoverageEnough { days, months } => text!(
            ("The bank statements cover " {Figure::Count(days, DAYS)} " and " {Figure::Count(months.into(), FULL_MONTHS)} " (at least 90 days and 3 full months): the bank rules apply."),
            ("Les relevés bancaires couvrent " {Figure::Count(days, DAYS)} " et " {Figure::Count(months.into(), FULL_MONTHS)} " (au moins 90 jours et 3 mois complets) : les règles bancaires s'appliquent."),
        ),
        CoverageShort { days, months } => text!(
            ("The bank statements cover only " {Figure::Count(days, DAYS)} " and " {Figure::Count(months.into(), FULL_MONTHS)} " (90 days and 3 full months are needed): they are shown but change nothing."),
            ("Les relevés bancaires ne couvrent que " {Figure::Count(days, DAYS)} " et " {Figure::Count(months.into(), FULL_MONTHS)} " (il faut 90 jours et 3 mois complets) : ils sont présentés mais ne changent rien."),
        ),
        IncomeNotEnoughHistory
        | CreditNotEnoughHistory
        | OverdraftNotEnoughHistory
        | RejectedNotEnoughHistory
        | GamblingNotEnoughHistory => text!(
            ("Not enough bank history to check this (90 days and 3 full months are needed)."),
            ("Pas assez d'historique bancaire pour le vérifier (il faut 90 jours et 3 mois complets)."),
        ),
        IncomeVerified {
            observed,
            declared: _,
            ratio: None,
        } => text!(
            ("No income is declared; the statements show " {eur(observed)} " a month."),
            ("Aucun revenu n'est déclaré ; les relevés montrent " {eur(observed)} " par mois."),
        ),
        IncomeVerified {
            observed,
            declared,
            ratio: Some(ratio),
        } => text!(
            ("The statements show " {eur(observed)} " of income a month, " {percent(ratio)} " of the " {eur(declared)} " declared (90% or more verifies it)."),
            ("Les relevés montrent " {eur(observed)} " de revenus par mois, soit " {percent(ratio)} " des " {eur(declared)} " déclarés (90\u{a0}% ou plus le confirme)."),
        ),
        IncomePartlyVerified {
            observed,
            declared,
            ratio,
        } => text!(
            ("The statements show " {eur(observed)} " of income a month, only " {percent(ratio.unwrap_or_default())} " of the " {eur(declared)} " declared (90% verifies it)."),
            ("Les relevés ne montrent que " {eur(observed)} " de revenus par mois, soit " {percent(ratio.unwrap_or_default())} " des " {eur(declared)} " déclarés (il faut 90\u{a0}%)."),
        ),
        IncomeNotVerified {
            observed,
            declared,
            ratio,
        } => text!(
            ("The statements show " {eur(observed)} " of income a month, " {percent(ratio.unwrap_or_default())} " of the " {eur(declared)} " declared, under 70%: the declared income is not borne out."),
            ("Les relevés montrent " {eur(observed)} " de revenus par mois, soit " {percent(ratio.unwrap_or_default())} " des " {eur(declared)} " déclarés, moins de 70\u{a0}% : le revenu déclaré n'est pas confirmé."),
        ),
        CreditDeclared { observed, declared } => text!(
            ("Loan repayments seen on the statements (" {eur(observed)} " a month) match the " {eur(declared)} " declared."),
            ("Les remboursements de crédit visibles sur les relevés (" {eur(observed)} " par mois) correspondent aux " {eur(declared)} " déclarés."),
        ),
        CreditUndeclared { observed, declared } => text!(
            ("Loan repayments seen on the statements (" {eur(observed)} " a month) exceed the " {eur(declared)} " declared by more than 10% + €20: a credit is not declared."),
            ("Les remboursements de crédit visibles sur les relevés (" {eur(observed)} " par mois) dépassent les " {eur(declared)} " déclarés de plus de 10\u{a0}% + 20\u{a0}€ : un crédit n'est pas déclaré."),
        ),
        OverdraftRare { days } => text!(
            ({Figure::Count(days.into(), DAYS)} " overdrawn in the last 90 (5 or fewer pass)."),
            ({Figure::Count(days.into(), DAYS)} " à découvert sur les 90 derniers (5 ou moins : conforme)."),
        ),
        OverdraftSome { days } => text!(
            ({Figure::Count(days.into(), DAYS)} " overdrawn in the last 90 (more than 5)."),
            ({Figure::Count(days.into(), DAYS)} " à découvert sur les 90 derniers (plus de 5)."),
        ),
        OverdraftFrequent { days } => text!(
            ({Figure::Count(days.into(), DAYS)} " overdrawn in the last 90, more than 15."),
            ({Figure::Count(days.into(), DAYS)} " à découvert sur les 90 derniers, plus de 15."),
        ),
        NoRejectedPayment => text!(
            ("No rejected payment in the last 90 days."),
            ("Aucun paiement rejeté sur les 90 derniers jours."),
        ),
        FewRejectedPayments { count } => text!(
            ({Figure::Count(count.into(), REJECTIONS)} " in the last 90 days."),
            ({Figure::Count(count.into(), REJECTIONS)} " sur les 90 derniers jours."),
        ),
        ManyRejectedPayments { count } => text!(
            ({Figure::Count(count.into(), REJECTIONS)} " in the last 90 days, 3 or more."),
            ({Figure::Count(count.into(), REJECTIONS)} " sur les 90 derniers jours, 3 ou plus."),
        ),
        GamblingLow { share } => text!(
            ("Gambling stakes are " {percent(share)} " of observed income (under 5%)."),
            ("Les mises de jeux d'argent représentent " {percent(share)} " des revenus constatés (moins de 5\u{a0}%)."),
        ),
        GamblingNotable { share } => text!(
            ("Gambling stakes are " {percent(share)} " of observed income (5% or more)."),
            ("Les mises de jeux d'argent représentent " {percent(share)} " des revenus constatés (5\u{a0}% ou plus)."),
        ),
        GamblingHigh { share } => text!(
            ("Gambling stakes are " {percent(share)} " of observed income, above 15%."),
            ("Les mises de jeux d'argent représentent " {percent(share)} " des revenus constatés, plus de 15\u{a0}%."),
        ),
    }
}

/// What the HCSF allows: 25 years, or 27 with a deferral.
fn allowance(cap: u16) -> Figure {
    if cap == MAX_DURATION_WITH_DEFERRAL_MONTHS {
        Figure::Words(
            "27 years with a deferral for a new build or works",
            "27 ans avec un différé d'amortissement pour un achat dans le neuf ou avec travaux",
        )
    } else {
        Figure::Words("25 years", "25 ans")
    }
}

/// The message of a factor of the score.
pub(crate) fn factor(detail: &FactorDetail) -> Text {
    use FactorDetail::*;
    match *detail {
        EffortRate { effort } => text!(
            ("An effort rate of " {percent(effort)} " after the loan (+150 at 10% or less, 0 at 35%, -250 at 50% or more)."),
            ("Un taux d'endettement de " {percent(effort)} " après le prêt (+150 à 10\u{a0}% ou moins, 0 à 35\u{a0}%, -250 à 50\u{a0}% ou plus)."),
        ),
        EffortNoIncome => text!(
            ("No income is declared: the lowest effort-rate points (-250)."),
            ("Aucun revenu déclaré : le minimum de points pour le taux d'endettement (-250)."),
        ),
        ResidualCover { cover } => text!(
            ("A residual income of " {Figure::Decimal(cover, 2)} " times the household floor (0 at 1.2 times, -200 at half, +120 at 3 times)."),
            ("Un reste à vivre égal à " {Figure::Decimal(cover, 2)} " fois le minimum du foyer (0 à 1,2 fois, -200 à la moitié, +120 à 3 fois)."),
        ),
        CivilServant => text!(("A tenured civil servant."), ("Fonctionnaire titulaire."),),
        Cdi => text!(
            ("A permanent contract past its trial period."),
            ("CDI, période d'essai terminée."),
        ),
        Retired => text!(("A retirement pension."), ("Pension de retraite."),),
        OtherStableWork => text!(
            ("Non-permanent work with a long enough history."),
            ("Activité non permanente d'une ancienneté suffisante."),
        ),
        EmploymentToConfirm => text!(
            ("Employment stability still to be confirmed."),
            ("Stabilité professionnelle encore à confirmer."),
        ),
        NoStableIncome => text!(
            ("No stable employment income."),
            ("Pas de revenus d'activité stables."),
        ),
        AgeAtMaturity { age } => text!(
            ({integer(age)} " years old at maturity (0 up to 75, -60 up to 85, -150 beyond)."),
            ({integer(age)} " ans à la dernière échéance (0 jusqu'à 75 ans, -60 jusqu'à 85 ans, -150 au-delà)."),
        ),
        DurationWithin => text!(
            ("The duration is within the HCSF limit."),
            ("La durée respecte la limite fixée par le HCSF."),
        ),
        DurationBeyond => text!(
            ("The duration is beyond the HCSF limit."),
            ("La durée dépasse la limite fixée par le HCSF."),
        ),
        LoanToValue { loan_to_value } => text!(
            ("A loan-to-value of " {percent(loan_to_value)} " (+60 at 70% or less, 0 at 90%, -150 at 110% or more)."),
            ("Une quotité financée de " {percent(loan_to_value)} " (+60 à 70\u{a0}% ou moins, 0 à 90\u{a0}%, -150 à 110\u{a0}% ou plus)."),
        ),
        NoPropertyValue => text!(
            ("No property value is given for the mortgage."),
            ("La valeur du bien n'est pas renseignée pour ce prêt immobilier."),
        ),
        SavingsCover { months: cover } => text!(
            ("Savings cover " {Figure::Decimal(cover, 1)} " months of the new loan's payments (-40 with none, 0 at 3, +60 at 12 or more)."),
            ("L'épargne couvre " {Figure::Decimal(cover, 1)} " mois de mensualités du nouveau prêt (-40 sans épargne, 0 à 3 mois, +60 à 12 mois ou plus)."),
        ),
        SavingsNoMonthlyCost => text!(
            ("The new loan costs nothing a month: the highest savings points (+60)."),
            ("Le nouveau prêt ne coûte rien chaque mois : le maximum de points pour l'épargne (+60)."),
        ),
        BankingIncidents { count: 0 } => text!(
            ("No banking incident in the last 12 months."),
            ("Aucun incident bancaire sur les 12 derniers mois."),
        ),
        BankingIncidents { count } => text!(
            ({Figure::Count(count.into(), INCIDENTS)} " in the last 12 months."),
            ({Figure::Count(count.into(), INCIDENTS)} " sur les 12 derniers mois."),
        ),
        FicpRegistered => text!(
            ("Registered in the Banque de France FICP file."),
            ("Inscrit au fichier FICP de la Banque de France."),
        ),
        FicpNotRegistered => text!(
            ("Not registered in the Banque de France FICP file."),
            ("Non inscrit au fichier FICP de la Banque de France."),
        ),
        IncomeVerified { ratio: None } => text!(
            ("No income declared to check against the statements."),
            ("Aucun revenu déclaré à comparer aux relevés."),
        ),
        IncomeVerified { ratio: Some(ratio) } => text!(
            ("The statements show " {percent(ratio)} " of the declared income (+30 at 90% or more, -40 from 70%, -120 below)."),
            ("Les relevés montrent " {percent(ratio)} " du revenu déclaré (+30 à 90\u{a0}% ou plus, -40 dès 70\u{a0}%, -120 en dessous)."),
        ),
        UndeclaredCredit { undeclared: false } => text!(
            ("Every loan repayment on the statements is declared."),
            ("Tous les remboursements de crédit des relevés sont déclarés."),
        ),
        UndeclaredCredit { undeclared: true } => text!(
            ("The statements show loan repayments that are not declared (-100)."),
            ("Les relevés montrent des remboursements de crédit non déclarés (-100)."),
        ),
        Overdraft { days } => text!(
            ({Figure::Count(days.into(), DAYS)} " overdrawn in 90 (+20 for none, 0 up to 5, -50 up to 15, -150 beyond)."),
            ({Figure::Count(days.into(), DAYS)} " à découvert sur 90 (+20 pour aucun, 0 jusqu'à 5, -50 jusqu'à 15, -150 au-delà)."),
        ),
        RejectedPayments { count } => text!(
            ({Figure::Count(count.into(), REJECTIONS)} " in 90 days (+10 for none, -60 for 1 or 2, -150 for 3 or more)."),
            ({Figure::Count(count.into(), REJECTIONS)} " en 90 jours (+10 pour aucun, -60 pour 1 ou 2, -150 pour 3 ou plus)."),
        ),
        Gambling { share } => text!(
            ("Gambling stakes of " {percent(share)} " of observed income (0 under 5%, -60 up to 15%, -150 beyond)."),
            ("Des mises de jeux d'argent de " {percent(share)} " des revenus constatés (0 sous 5\u{a0}%, -60 jusqu'à 15\u{a0}%, -150 au-delà)."),
        ),
    }
}

/// The `effect` of a counterfactual.
pub(crate) fn effect(effect: &Effect) -> Text {
    match *effect {
        Effect::LoanAmount {
            amount,
            months: duration,
        } => text!(
            ("Borrowing " {eur(amount)} " instead, over the same " {months(duration)} ", passes every hard rule."),
            ("Emprunter " {eur(amount)} " au lieu du montant demandé, sur la même durée de " {months(duration)} ", respecte toutes les règles bloquantes."),
        ),
        Effect::LoanDuration {
            months: duration,
            current,
            cap,
        } if duration < current => text!(
            ("Shortening the loan to " {months(duration)} " for the same amount (HCSF limit " {months(cap)} ") passes every hard rule."),
            ("Ramener la durée du prêt à " {months(duration)} " pour le même montant (limite HCSF : " {months(cap)} ") respecte toutes les règles bloquantes."),
        ),
        Effect::LoanDuration {
            months: duration,
            cap,
            ..
        } => text!(
            ("Spreading the same amount over " {months(duration)} " (HCSF limit " {months(cap)} ") passes every hard rule."),
            ("Étaler le même montant sur " {months(duration)} " (limite HCSF : " {months(cap)} ") respecte toutes les règles bloquantes."),
        ),
        Effect::DownPayment {
            down_payment,
            borrowed,
        } => text!(
            ("A down payment of " {eur(down_payment)} " in all, borrowing " {eur(borrowed)} " instead, reaches 10% of the property value and passes every hard rule."),
            ("Un apport total de " {eur(down_payment)} ", pour un emprunt ramené à " {eur(borrowed)} ", atteint 10\u{a0}% de la valeur du bien et respecte toutes les règles bloquantes."),
        ),
    }
}

// What the consumer reads (`explain`): plain words, every technical term explained, from
// the stored rules and counterfactuals alone.

/// Why a rule that failed or warned matters, as a lender writes it to the consumer;
/// `None` for a rule that passed.
pub(crate) fn reason(rule: &Rule) -> Option<Text> {
    use RuleCode::*;
    let value = rule.value.unwrap_or_default();
    let threshold = rule.threshold.unwrap_or_default();
    let count = |x: f64| x.round() as i64;
    Some(match (rule.code, rule.status) {
        (_, Status::Pass) => return None,
        (HcsfEffortRate, _) if rule.value.is_none() => text!(
            ("You did not declare any income, so we cannot work out what share of it your loan repayments would take."),
            ("Vous n'avez déclaré aucun revenu : nous ne pouvons donc pas calculer la part de vos revenus que prendraient vos remboursements."),
        ),
        (HcsfEffortRate, _) => text!(
            ("All your loan repayments, this one included, would take " {percent(value)}
                " of your income. The French rules for responsible lending, set by the HCSF (the French financial stability authority), cap this share at 35%."),
            ("L'ensemble de vos remboursements de crédits, celui-ci compris, représenterait "
                {percent(value)}
                " de vos revenus. Les règles françaises du crédit responsable, fixées par le HCSF (Haut Conseil de stabilité financière), limitent ce taux d'endettement à 35\u{a0}%."),
        ),
        (HcsfDuration, _) => text!(
            ("The loan would last " {months(count(value))} "; those same rules allow at most "
                {months(count(threshold))} "."),
            ("Le prêt durerait " {months(count(value))} " ; ces mêmes règles autorisent au plus "
                {months(count(threshold))} "."),
        ),
        (ResidualIncome, Status::Fail) => text!(
            ("Once your loans and regular bills were paid, you would have " {eur(money(value))}
                " a month left to live on; for a household like yours we require at least "
                {eur(money(threshold))} "."),
            ("Une fois vos crédits et vos charges fixes payés, il vous resterait "
                {eur(money(value))}
                " par mois pour vivre (votre « reste à vivre ») ; pour un foyer comme le vôtre, nous demandons au moins "
                {eur(money(threshold))} "."),
        ),
        (ResidualIncome, _) => text!(
            ("Once your loans and regular bills were paid, you would have " {eur(money(value))}
                " a month left to live on: enough, but with little margin for the unexpected (we look for "
                {eur(money(threshold))} ")."),
            ("Une fois vos crédits et vos charges fixes payés, il vous resterait "
                {eur(money(value))}
                " par mois pour vivre (votre « reste à vivre ») : c'est suffisant, mais avec peu de marge pour les imprévus (nous recherchons "
                {eur(money(threshold))} ")."),
        ),
        (AgeAtMaturity, Status::Fail) => text!(
            ("You would be " {integer(count(value))}
                " when the last repayment falls due; borrower insurance, which protects you and your family if you can no longer repay, rarely covers anyone beyond 85."),
            ("Vous auriez " {integer(count(value))}
                " ans à la dernière échéance ; l'assurance emprunteur, qui vous protège, vous et vos proches, si vous ne pouvez plus rembourser, ne couvre presque plus au-delà de 85 ans."),
        ),
        (AgeAtMaturity, _) => text!(
            ("You would be " {integer(count(value))}
                " when the last repayment falls due; after 75, borrower insurance can cost more or cover less."),
            ("Vous auriez " {integer(count(value))}
                " ans à la dernière échéance ; après 75 ans, l'assurance emprunteur peut coûter plus cher ou couvrir moins."),
        ),
        (EmploymentStability, Status::Fail) => text!(
            ("Your income does not come from stable employment (for example while studying or looking for work)."),
            ("Vos revenus ne proviennent pas d'un emploi stable (par exemple pendant des études ou une recherche d'emploi)."),
        ),
        (EmploymentStability, _) => text!(
            ("Your job is recent, still in its trial period, or its start date is not known; lenders usually look for "
                {months(count(threshold))} " in the job."),
            ("Votre emploi est récent, encore en période d'essai, ou sa date de début n'est pas connue ; les prêteurs attendent en général "
                {months(count(threshold))} " d'ancienneté."),
        ),
        (DownPayment, Status::Fail) if rule.value.is_none() => text!(
            ("We need the value of the property to assess a home loan."),
            ("Nous avons besoin de la valeur du bien pour étudier un prêt immobilier."),
        ),
        (DownPayment, Status::Fail) => text!(
            ("The amount you asked for is more than the value of the property."),
            ("Le montant demandé dépasse la valeur du bien."),
        ),
        (DownPayment, _) => text!(
            ("Your own contribution (your down payment) is " {percent(value)}
                " of the property's value; lenders usually expect 10%, enough to pay the notary's and guarantee fees."),
            ("Votre apport personnel représente " {percent(value)}
                " de la valeur du bien ; les prêteurs attendent en général 10\u{a0}%, de quoi payer les frais de notaire et de garantie."),
        ),
        (Savings, _) => text!(
            ("Your savings would cover " {Figure::Decimal(value, 1)}
                " months of repayments; lenders like to see at least 3 months put aside for the unexpected."),
            ("Votre épargne couvrirait " {Figure::Decimal(value, 1)}
                " mois de mensualités ; les prêteurs souhaitent au moins 3 mois de côté pour faire face aux imprévus."),
        ),
        (BankingIncidents, _) => text!(
            ("Over the last 12 months, " {Figure::Count(count(value), INCIDENTS)}
                " (rejected payments, unauthorised overdrafts) were recorded on your accounts."),
            ("Au cours des 12 derniers mois, " {Figure::Count(count(value), INCIDENTS)}
                " (paiements rejetés, découverts non autorisés) ont été relevés sur vos comptes."),
        ),
        (Ficp, _) => text!(
            ("You are registered in the Banque de France's national file of credit repayment incidents (the FICP); lenders must check it and, in practice, do not lend while a registration lasts."),
            ("Vous êtes inscrit au fichier national des incidents de remboursement des crédits aux particuliers (FICP) de la Banque de France ; les prêteurs doivent le consulter et, en pratique, ne prêtent pas tant que l'inscription dure."),
        ),
        (UsuryRate, Status::Fail) if rule.value.is_none() => text!(
            ("The fees charged at signing would take up the whole amount borrowed, which the law does not allow."),
            ("Les frais payés à la signature absorberaient la totalité du montant emprunté, ce que la loi ne permet pas."),
        ),
        (UsuryRate, Status::Fail) => text!(
            ("The total cost of this loan as a yearly rate, fees and insurance included (the APR, or TAEG in France), would be "
                {percent(value)} ", above the legal maximum of " {percent(threshold)}
                " for this kind of loan (the usury rate): the law forbids lending above it."),
            ("Le coût total de ce prêt exprimé en taux annuel, frais et assurance compris (le TAEG), serait de "
                {percent(value)} ", au-dessus du maximum légal de " {percent(threshold)}
                " pour ce type de prêt (le taux d'usure) : la loi interdit de prêter au-delà."),
        ),
        (BankDataCoverage, _) => text!(
            ("Your bank statements cover less than 3 full months, too little for us to rely on them."),
            ("Vos relevés bancaires couvrent moins de 3 mois complets, trop peu pour que nous nous y fiions."),
        ),
        (IncomeVerified | UndeclaredCredit | Overdraft | RejectedPayments | Gambling, _)
            if rule.value.is_none() =>
        {
            text!(
                ("Your bank statements do not go back far enough for us to check this yet."),
                ("Vos relevés bancaires ne remontent pas assez loin pour que nous puissions encore le vérifier."),
            )
        }
        (IncomeVerified, _) => text!(
            ("The income your bank statements show is " {percent(value)}
                " of the income you declared; we rely on the lower of the two."),
            ("Les revenus que montrent vos relevés bancaires représentent " {percent(value)}
                " de ceux que vous avez déclarés ; nous retenons le plus bas des deux."),
        ),
        (UndeclaredCredit, _) => text!(
            ("Your bank statements show " {eur(money(value))}
                " a month of loan repayments, more than you declared; we count them in your repayments."),
            ("Vos relevés bancaires montrent " {eur(money(value))}
                " par mois de remboursements de crédit, plus que ce que vous avez déclaré ; nous les comptons dans vos remboursements."),
        ),
        (Overdraft, _) => text!(
            ("Your account was overdrawn " {Figure::Count(count(value), DAYS)} " of the last 90."),
            ("Votre compte a été à découvert " {Figure::Count(count(value), DAYS)} " sur les 90 derniers."),
        ),
        (RejectedPayments, _) => text!(
            ("Over the last 90 days, " {Figure::Count(count(value), REJECTIONS)} " were recorded on your account."),
            ("Au cours des 90 derniers jours, " {Figure::Count(count(value), REJECTIONS)} " ont été relevés sur votre compte."),
        ),
        (Gambling, _) => text!(
            ("Gambling stakes take " {percent(value)} " of the income your bank statements show."),
            ("Les mises de jeux d'argent représentent " {percent(value)} " des revenus que montrent vos relevés bancaires."),
        ),
        (UsuryRate, _) => text!(
            ("The legal maximum rate for this kind of loan (the usury rate) for the current quarter was not yet available to us, so the check of your loan's cost against it is still to be confirmed."),
            ("Le taux maximal légal pour ce type de prêt (le taux d'usure) du trimestre en cours n'était pas encore disponible : la vérification du coût de votre prêt reste donc à confirmer."),
        ),
    })
}

/// Euros as stored in a rule's `value` or `threshold`.
fn money(euros: f64) -> Money {
    Money::from_cents((euros * 100.0).round() as i64)
}

/// A counterfactual as the consumer reads it.
pub(crate) fn what_would_change(counterfactual: &Counterfactual) -> Text {
    let value = counterfactual.value;
    match counterfactual.change {
        Change::LoanAmount => text!(
            ("Borrowing " {eur(money(value))}
                " instead, over the same duration, would meet our lending criteria."),
            ("Emprunter " {eur(money(value))}
                " au lieu du montant demandé, sur la même durée, respecterait nos critères d'octroi."),
        ),
        Change::LoanDurationMonths => text!(
            ("Repaying the same amount over " {months(value.round() as i64)}
                " would meet our lending criteria."),
            ("Rembourser le même montant sur " {months(value.round() as i64)}
                " respecterait nos critères d'octroi."),
        ),
        Change::DownPayment => text!(
            ("Bringing a down payment of " {eur(money(value))}
                " in all, and borrowing that much less, would meet our lending criteria."),
            ("Apporter " {eur(money(value))}
                " au total, et emprunter d'autant moins, respecterait nos critères d'octroi."),
        ),
    }
}

/// The opening of the explanation: the decision that stands, and who took it.
pub(crate) fn summary(decision: Decision, final_decision: Decision, has_changes: bool) -> Text {
    let verdict = match (final_decision, has_changes) {
        (Decision::Favorable, _) => text!(
            ("Good news: the decision on your loan application is favourable, on the basis of the information you gave us."),
            ("Bonne nouvelle : la décision sur votre demande de prêt est favorable, sur la base des informations que vous nous avez transmises."),
        ),
        (Decision::Review, _) => text!(
            ("Your loan application needs a closer look by one of our advisers before a decision is taken. The points below explain why."),
            ("Votre demande de prêt doit être examinée plus en détail par l'un de nos conseillers avant qu'une décision soit prise. Les points ci-dessous en expliquent les raisons."),
        ),
        (Decision::Unfavorable, true) => text!(
            ("We are sorry: we cannot grant the loan as you requested it. The main reasons are below, followed by changes that would meet our criteria; these are possibilities, not offers, and a changed application would be assessed again."),
            ("Nous sommes au regret de ne pas pouvoir vous accorder ce prêt tel que vous l'avez demandé. Vous trouverez ci-dessous les principales raisons, puis des modifications qui respecteraient nos critères ; ce sont des pistes et non des offres, et une demande modifiée serait étudiée à nouveau."),
        ),
        (Decision::Unfavorable, false) => text!(
            ("We are sorry: we cannot grant the loan as you requested it. The main reasons are below."),
            ("Nous sommes au regret de ne pas pouvoir vous accorder ce prêt tel que vous l'avez demandé. Vous trouverez ci-dessous les principales raisons."),
        ),
    };
    if decision == final_decision {
        return verdict;
    }
    let (was_en, was_fr) = match decision {
        Decision::Favorable => ("favourable", "favorable"),
        Decision::Review => ("to be examined further", "à examiner"),
        Decision::Unfavorable => ("unfavourable", "défavorable"),
    };
    Text::new(
        format!(
            "One of our advisers has reviewed the automated assessment of your application, which was {was_en}, and taken the final decision. {}",
            verdict.en
        ),
        format!(
            "L'un de nos conseillers a réexaminé l'évaluation automatique de votre demande, qui était {was_fr}, et a pris la décision finale. {}",
            verdict.fr
        ),
    )
}

/// What the consumer may do about the decision: GDPR articles 15(1)(h) and 22, Directive
/// (EU) 2023/2225 article 18.
pub(crate) fn rights() -> [Text; 5] {
    [
        text!(
            ("Our assessment of your application was produced with the help of an automated system. You have the right to ask for a person on our staff to review it and take the decision (GDPR, Article 22; Directive (EU) 2023/2225, Article 18)."),
            ("L'évaluation de votre demande a été réalisée à l'aide d'un système automatisé. Vous avez le droit de demander qu'une personne de nos équipes la réexamine et prenne la décision (RGPD, article 22 ; directive (UE) 2023/2225, article 18)."),
        ),
        text!(
            ("You have the right to give us your point of view, and to send us any information you think we missed or got wrong, such as a change in your income or expenses."),
            ("Vous avez le droit de nous faire part de votre point de vue, et de nous transmettre toute information que nous aurions omise ou mal prise en compte, par exemple un changement de vos revenus ou de vos charges."),
        ),
        text!(
            ("You have the right to contest the decision and to ask us to assess your application again."),
            ("Vous avez le droit de contester la décision et de nous demander de réexaminer votre demande."),
        ),
        text!(
            ("You have the right to a clear explanation of how your ability to repay was assessed: the main information we used, the logic we followed and how it led to the decision; and to a copy of the personal data we hold about you (GDPR, Article 15)."),
            ("Vous avez le droit d'obtenir une explication claire de la façon dont votre capacité de remboursement a été évaluée : les principales informations utilisées, la logique suivie et la manière dont elle a conduit à la décision ; ainsi qu'une copie des données personnelles que nous détenons sur vous (RGPD, article 15)."),
        ),
        text!(
            ("To use any of these rights, simply contact us."),
            ("Pour exercer l'un de ces droits, il vous suffit de nous contacter."),
        ),
    ]
}

#[cfg(test)]
pub(crate) mod tests;
