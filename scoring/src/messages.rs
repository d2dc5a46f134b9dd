//! The catalogue: every sentence the model writes, in English and in French, and nowhere
//! else. Each entry builds a [`Text`] from both sentences at once, so the compiler refuses
//! a message in one language only, and each `match` over the details is exhaustive, so a
//! new case does not compile without its sentences.
//!
//! Numbers are written as each language writes them ([`locale::number`]): `35,00 %`,
//! `1 159,92 €`, `24,8` in French; `35.00%`, `€1,159.92`, `24.8` in English. In the
//! French literals below, `\u{a0}` is the no-break space French puts before `%` and `€`.

use locale::number::{Decimal, Eur, Integer, Percent};
use locale::{Language, Text};

use crate::counterfactual::Effect;
use crate::hcsf::MAX_DURATION_WITH_DEFERRAL_MONTHS;
use crate::input::Money;
use crate::rules::RuleDetail;
use crate::score::FactorDetail;

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
        }
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::result::{Change, FactorCode, RuleCode, Status};

    fn m(euros: i64) -> Money {
        Money::from_cents(euros * 100 + 37)
    }

    /// One sample of every rule detail, with figures that have decimals and thousands.
    pub(crate) fn rule_samples() -> Vec<RuleDetail> {
        use RuleDetail::*;
        vec![
            EffortNoIncome,
            EffortWithin { effort: 0.2881 },
            EffortAbove { effort: 0.3735 },
            DurationWithin {
                months: 240,
                cap: 300,
            },
            DurationBeyond {
                months: 360,
                cap: 324,
            },
            ResidualBelowFloor {
                residual: m(-1_250),
                floor: m(1_800),
            },
            ResidualThin {
                residual: m(1_900),
                floor: m(1_800),
                comfortable: m(2_160),
            },
            ResidualComfortable {
                residual: m(2_990),
                floor: m(800),
            },
            AgeWithin { age: 58 },
            AgeOver { age: 79 },
            AgeBeyondCover { age: 88 },
            CivilServant,
            Retired,
            NoStableIncome,
            CdiInTrial,
            CdiRecent { months: 1, min: 12 },
            CdiConfirmed,
            ActivityLong {
                months: 30,
                min: 24,
            },
            ActivityShort {
                months: 22,
                min: 24,
            },
            ActivityUndated { min: 24 },
            NoPropertyValue,
            LoanAboveValue {
                loan: m(250_001),
                property: m(240_000),
            },
            DownPaymentEnough {
                down_payment: m(40_000),
                share: 0.1667,
            },
            DownPaymentShort {
                down_payment: m(12_000),
                share: 0.05,
            },
            SavingsNotStated,
            SavingsNoMonthlyCost,
            SavingsEnough { months: 24.75 },
            SavingsShort {
                months: 1.5,
                min: 3,
            },
            NoIncident,
            FewIncidents { count: 1 },
            ManyIncidents { count: 3, max: 2 },
            FicpRegistered,
            FicpNotRegistered,
        ]
    }

    /// Fails to compile when a detail is added without a sample index here, and the
    /// coverage test below then fails until a sample is added above.
    fn rule_variant(detail: &RuleDetail) -> usize {
        use RuleDetail::*;
        match detail {
            EffortNoIncome => 0,
            EffortWithin { .. } => 1,
            EffortAbove { .. } => 2,
            DurationWithin { .. } => 3,
            DurationBeyond { .. } => 4,
            ResidualBelowFloor { .. } => 5,
            ResidualThin { .. } => 6,
            ResidualComfortable { .. } => 7,
            AgeWithin { .. } => 8,
            AgeOver { .. } => 9,
            AgeBeyondCover { .. } => 10,
            CivilServant => 11,
            Retired => 12,
            NoStableIncome => 13,
            CdiInTrial => 14,
            CdiRecent { .. } => 15,
            CdiConfirmed => 16,
            ActivityLong { .. } => 17,
            ActivityShort { .. } => 18,
            ActivityUndated { .. } => 19,
            NoPropertyValue => 20,
            LoanAboveValue { .. } => 21,
            DownPaymentEnough { .. } => 22,
            DownPaymentShort { .. } => 23,
            SavingsNotStated => 24,
            SavingsNoMonthlyCost => 25,
            SavingsEnough { .. } => 26,
            SavingsShort { .. } => 27,
            NoIncident => 28,
            FewIncidents { .. } => 29,
            ManyIncidents { .. } => 30,
            FicpRegistered => 31,
            FicpNotRegistered => 32,
        }
    }

    const RULE_VARIANTS: usize = 33;

    fn factor_samples() -> Vec<FactorDetail> {
        use FactorDetail::*;
        vec![
            EffortRate { effort: 0.2881 },
            EffortNoIncome,
            ResidualCover { cover: 3.7376 },
            CivilServant,
            Cdi,
            Retired,
            OtherStableWork,
            EmploymentToConfirm,
            NoStableIncome,
            AgeAtMaturity { age: 58 },
            DurationWithin,
            DurationBeyond,
            LoanToValue {
                loan_to_value: 0.8333,
            },
            NoPropertyValue,
            SavingsCover { months: 24.75 },
            SavingsNoMonthlyCost,
            BankingIncidents { count: 0 },
            BankingIncidents { count: 2 },
            FicpRegistered,
            FicpNotRegistered,
        ]
    }

    fn factor_variant(detail: &FactorDetail) -> usize {
        use FactorDetail::*;
        match detail {
            EffortRate { .. } => 0,
            EffortNoIncome => 1,
            ResidualCover { .. } => 2,
            CivilServant => 3,
            Cdi => 4,
            Retired => 5,
            OtherStableWork => 6,
            EmploymentToConfirm => 7,
            NoStableIncome => 8,
            AgeAtMaturity { .. } => 9,
            DurationWithin => 10,
            DurationBeyond => 11,
            LoanToValue { .. } => 12,
            NoPropertyValue => 13,
            SavingsCover { .. } => 14,
            SavingsNoMonthlyCost => 15,
            BankingIncidents { .. } => 16,
            FicpRegistered => 17,
            FicpNotRegistered => 18,
        }
    }

    const FACTOR_VARIANTS: usize = 19;

    fn effect_samples() -> Vec<Effect> {
        vec![
            Effect::LoanAmount {
                amount: m(185_842),
                months: 240,
            },
            Effect::LoanDuration {
                months: 275,
                current: 240,
                cap: 300,
            },
            Effect::LoanDuration {
                months: 300,
                current: 360,
                cap: 324,
            },
            Effect::DownPayment {
                down_payment: m(44_158),
                borrowed: m(185_842),
            },
        ]
    }

    /// Both languages written, different, and each with its own number formatting.
    #[track_caller]
    pub(crate) fn assert_bilingual(text: &Text, what: &str) {
        let (en, fr) = (&text.en, &text.fr);
        assert!(
            !en.trim().is_empty() && !fr.trim().is_empty(),
            "{what}: {text:?}"
        );
        assert_ne!(en, fr, "{what}: the French is not translated");
        let chars: Vec<char> = fr.chars().collect();
        for (i, pair) in chars.windows(3).enumerate() {
            assert!(
                !(pair[0].is_ascii_digit() && pair[1] == '.' && pair[2].is_ascii_digit()),
                "{what}: a decimal point in French at {i}: {fr}"
            );
        }
        for (i, &c) in chars.iter().enumerate() {
            if c == '%' || c == '€' {
                assert_eq!(
                    i.checked_sub(1).map(|before| chars[before]),
                    Some('\u{a0}'),
                    "{what}: no no-break space before {c} in French: {fr}"
                );
            }
        }
        assert!(
            !fr.contains("EUR") && !en.contains("EUR"),
            "{what}: {text:?}"
        );
        assert!(
            !en.contains('\u{a0}') && !en.contains('\u{202f}'),
            "{what}: {en}"
        );
        assert!(
            !en.contains(" %"),
            "{what}: a space before % in English: {en}"
        );
    }

    #[test]
    fn every_rule_code_and_status_has_both_languages() {
        let samples = rule_samples();
        let mut covered = [false; RULE_VARIANTS];
        for detail in &samples {
            covered[rule_variant(detail)] = true;
            let what = format!("{:?} {:?}", detail.code(), detail.status());
            assert_bilingual(&rule(detail), &what);
        }
        assert!(covered.iter().all(|&c| c), "a rule detail has no sample");
        let pairs: Vec<(RuleCode, Status)> =
            samples.iter().map(|d| (d.code(), d.status())).collect();
        use RuleCode::*;
        use Status::*;
        for expected in [
            (HcsfEffortRate, Pass),
            (HcsfEffortRate, Fail),
            (HcsfDuration, Pass),
            (HcsfDuration, Fail),
            (ResidualIncome, Pass),
            (ResidualIncome, Warn),
            (ResidualIncome, Fail),
            (AgeAtMaturity, Pass),
            (AgeAtMaturity, Warn),
            (AgeAtMaturity, Fail),
            (EmploymentStability, Pass),
            (EmploymentStability, Warn),
            (EmploymentStability, Fail),
            (DownPayment, Pass),
            (DownPayment, Warn),
            (DownPayment, Fail),
            (Savings, Pass),
            (Savings, Warn),
            (BankingIncidents, Pass),
            (BankingIncidents, Warn),
            (BankingIncidents, Fail),
            (Ficp, Pass),
            (Ficp, Fail),
        ] {
            assert!(pairs.contains(&expected), "{expected:?} has no message");
        }
    }

    #[test]
    fn every_factor_has_both_languages() {
        let mut covered = [false; FACTOR_VARIANTS];
        let mut codes = Vec::new();
        for detail in factor_samples() {
            covered[factor_variant(&detail)] = true;
            codes.push(detail.code());
            assert_bilingual(&factor(&detail), &format!("{detail:?}"));
        }
        assert!(covered.iter().all(|&c| c), "a factor detail has no sample");
        for code in [
            FactorCode::EffortRate,
            FactorCode::ResidualIncome,
            FactorCode::EmploymentStability,
            FactorCode::AgeAtMaturity,
            FactorCode::LoanDuration,
            FactorCode::LoanToValue,
            FactorCode::Savings,
            FactorCode::BankingIncidents,
            FactorCode::Ficp,
        ] {
            assert!(codes.contains(&code), "{code:?} has no message");
        }
    }

    #[test]
    fn every_counterfactual_change_has_both_languages() {
        let samples = effect_samples();
        for sample in &samples {
            assert_bilingual(&effect(sample), &format!("{sample:?}"));
        }
        for change in [
            Change::LoanAmount,
            Change::LoanDurationMonths,
            Change::DownPayment,
        ] {
            assert!(samples.iter().any(|s| s.change() == change), "{change:?}");
        }
    }

    #[test]
    fn french_reads_as_a_french_lender_writes() {
        let fr = |detail: &RuleDetail| rule(detail).fr;
        assert_eq!(
            fr(&RuleDetail::EffortAbove { effort: 0.3735 }),
            "Le taux d'endettement après le prêt atteint 37,35\u{a0}%, au-delà du plafond de 35\u{a0}% fixé par le HCSF."
        );
        assert_eq!(
            fr(&RuleDetail::ResidualComfortable {
                residual: Money::from_cents(299_008),
                floor: Money::from_euros(800),
            }),
            "Le reste à vivre de 2\u{202f}990,08\u{a0}€ atteint au moins 120\u{a0}% du minimum de 800,00\u{a0}€ retenu pour le foyer."
        );
        assert_eq!(
            rule(&RuleDetail::FewIncidents { count: 1 }).en,
            "1 banking incident in the last 12 months."
        );
        assert_eq!(
            rule(&RuleDetail::CdiRecent { months: 1, min: 12 }).en,
            "The permanent contract started 1 month ago, under the 12 months lenders look for."
        );
    }
}
