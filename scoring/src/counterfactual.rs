//! Counterfactuals: when a hard rule fails, single changes to the loan that would make
//! every hard rule pass. Each proposal is checked by analysing the changed profile before
//! it is offered, so none is offered that does not work; when the failure cannot be fixed
//! through the loan (FICP registration, or a borrower too old for any allowed duration),
//! none is offered.
//!
//! - `loan_amount`: the largest amount, in whole euros, that fits both the 35 % effort
//!   rate and the residual-income floor at the same duration (and, for a mortgage, the
//!   property value), and whose TAEG is within the usury threshold of its category; for a
//!   consumer loan that is over its ceiling, possibly the top of a smaller category
//!   (6 000 or 3 000 EUR), whose ceiling is higher.
//! - `loan_duration_months`: the duration closest to the current one, within the HCSF
//!   limit, at which the same amount passes (the shorter one on a tie).
//! - `down_payment` (mortgage): the total down payment, in whole euros, that both reaches
//!   10 % of the property value and brings the loan, reduced by the extra down payment,
//!   within the same limits as `loan_amount`.

use crate::collateral;
use crate::context::Context;
use crate::figures::Figures;
use crate::hcsf;
use crate::income;
use crate::input::{Money, Profile};
use crate::loan::Terms;
use crate::messages;
use crate::residual;
use crate::result::{Change, Counterfactual};
use crate::rules::passes_hard_rules;
use crate::usury::UsuryCategory;

/// How many one-euro steps to try past a computed bound, to absorb cent rounding.
const ROUNDING_STEPS: i64 = 3;

/// What a proposal does, with the figures its `effect` quotes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Effect {
    LoanAmount {
        amount: Money,
        months: u16,
    },
    LoanDuration {
        months: u16,
        current: u16,
        cap: u16,
    },
    DownPayment {
        down_payment: Money,
        borrowed: Money,
    },
}

impl Effect {
    pub fn change(&self) -> Change {
        match self {
            Effect::LoanAmount { .. } => Change::LoanAmount,
            Effect::LoanDuration { .. } => Change::LoanDurationMonths,
            Effect::DownPayment { .. } => Change::DownPayment,
        }
    }

    fn proposal(self, value: f64) -> Counterfactual {
        Counterfactual {
            change: self.change(),
            value,
            effect: messages::effect(&self),
        }
    }
}

impl Counterfactual {
    /// The profile with this change made. A down payment also lowers the loan amount by
    /// the extra it brings (or raises it by what it takes away).
    #[must_use]
    pub fn apply_to(&self, profile: &Profile) -> Profile {
        let mut changed = profile.clone();
        match self.change {
            Change::LoanAmount => {
                changed.loan_amount = Money::from_euros_f64_rounded(self.value);
            }
            Change::LoanDurationMonths => {
                changed.loan_duration_months =
                    self.value.round().clamp(0.0, f64::from(u16::MAX)) as u16;
            }
            Change::DownPayment => {
                let down_payment = Money::from_euros_f64_rounded(self.value);
                let before = profile.down_payment.unwrap_or(Money::ZERO).at_least_zero();
                changed.down_payment = Some(down_payment);
                changed.loan_amount = profile.loan_amount.minus(down_payment.minus(before));
            }
        }
        changed
    }
}

pub(crate) fn propose(
    profile: &Profile,
    context: &Context<'_>,
    figures: &Figures,
) -> Vec<Counterfactual> {
    if profile.ficp_registered {
        return Vec::new();
    }
    [
        loan_amount(profile, context, figures),
        loan_duration(profile, context),
        down_payment(profile, context, figures),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The largest amount, to the cent, within the effort-rate cap, the residual-income
/// floor and (mortgage) the property value, at the current rate and duration.
fn affordable_amount(profile: &Profile, figures: &Figures) -> Money {
    let residual_room = figures
        .income
        .minus(figures.existing_payments)
        .minus(residual::non_credit_charges(profile))
        .minus(figures.residual_floor);
    let budget = figures.max_monthly_payment.min(residual_room);
    let amount = figures.terms.max_amount_for(budget);
    match collateral::property_value(profile) {
        Some(value) => amount.min(value),
        None => amount,
    }
}

fn whole_euros_down(amount: Money) -> Money {
    Money::from_cents(amount.cents().div_euclid(100).saturating_mul(100))
}

fn whole_euros_up(amount: Money) -> Money {
    let down = whole_euros_down(amount);
    if down < amount {
        down.plus(Money::from_euros(1))
    } else {
        down
    }
}

/// The first of `start`, `start + step`, … (`ROUNDING_STEPS` more) whose change passes.
fn first_passing(
    profile: &Profile,
    context: &Context<'_>,
    change: Change,
    start: Money,
    step: Money,
) -> Option<Money> {
    (0..=ROUNDING_STEPS)
        .map(|k| start.plus(step.scaled(k, 1)))
        .find(|&amount| {
            let candidate = Counterfactual {
                change,
                value: amount.euros_f64(),
                effect: locale::Text::default(),
            };
            passes_hard_rules(&candidate.apply_to(profile), context)
        })
}

/// The largest amount that passes among the affordable amount and, below it, the top of
/// each smaller consumer usury category: within a category the TAEG falls as the amount
/// grows (the fees weigh less), so when the affordable amount is over its category's
/// ceiling, no smaller amount of that category is under it, and the next candidate is the
/// largest amount of the category below, whose ceiling is higher.
fn loan_amount(
    profile: &Profile,
    context: &Context<'_>,
    figures: &Figures,
) -> Option<Counterfactual> {
    let requested = figures.terms.amount;
    let affordable = whole_euros_down(affordable_amount(profile, figures));
    let category = UsuryCategory::of(
        profile.loan_type,
        profile.rate_type,
        affordable,
        figures.terms.months,
    );
    let amount = std::iter::once(affordable)
        .chain(category.smaller_category_tops().iter().copied())
        .filter(|&start| start >= Money::from_euros(1) && start < requested)
        .find_map(|start| {
            first_passing(
                profile,
                context,
                Change::LoanAmount,
                start,
                Money::from_euros(-1),
            )
            .filter(|amount| *amount >= Money::from_euros(1))
        })?;
    let effect = Effect::LoanAmount {
        amount,
        months: figures.terms.months,
    };
    Some(effect.proposal(amount.euros_f64()))
}

fn loan_duration(profile: &Profile, context: &Context<'_>) -> Option<Counterfactual> {
    let cap = hcsf::duration_cap(profile);
    let current = profile.loan_duration_months.max(1);
    // A cheap necessary condition first, so that the full analysis runs only for the
    // durations whose payment can fit the 35 % cap (with room for the rule's rounding of
    // the rate to four decimals): most candidates never need it.
    let income = income::monthly_income(profile);
    let existing = profile.existing_loans_monthly_payments.at_least_zero();
    let ceiling = hcsf::max_monthly_payment(income, existing)
        .plus(income.scaled(1, 10_000))
        .plus(Money::from_euros(1));
    let passes = |months: u16| {
        let mut changed = profile.clone();
        changed.loan_duration_months = months;
        let terms = Terms::of(&changed);
        terms.payment().plus(terms.insurance()) <= ceiling && passes_hard_rules(&changed, context)
    };
    let months = (1..=current.max(cap))
        .flat_map(|distance| [current.checked_sub(distance), current.checked_add(distance)])
        .flatten()
        .filter(|months| (1..=cap).contains(months))
        .find(|&months| passes(months))?;
    let effect = Effect::LoanDuration {
        months,
        current,
        cap,
    };
    Some(effect.proposal(f64::from(months)))
}

fn down_payment(
    profile: &Profile,
    context: &Context<'_>,
    figures: &Figures,
) -> Option<Counterfactual> {
    let property = collateral::property_value(profile)?;
    let current = profile.down_payment.unwrap_or(Money::ZERO).at_least_zero();
    let loan = figures.terms.amount;
    let affordable = whole_euros_down(affordable_amount(profile, figures));
    let for_the_rules = current.plus(loan.minus(affordable).at_least_zero());
    let target = whole_euros_up(for_the_rules.max(collateral::min_down_payment(property)));
    if target <= current {
        return None;
    }
    let down_payment = first_passing(
        profile,
        context,
        Change::DownPayment,
        target,
        Money::from_euros(1),
    )?;
    let borrowed = loan.minus(down_payment.minus(current));
    if borrowed < Money::from_euros(1) {
        return None;
    }
    let effect = Effect::DownPayment {
        down_payment,
        borrowed,
    };
    Some(effect.proposal(down_payment.euros_f64()))
}
