//! The insights a lender reads from a profile's statements (DESIGN §10), computed from
//! booked transactions only, in exact cents.
//!
//! **Period.** `from` is the earliest `period.from` of the statements (their earliest
//! transaction), `to` the latest balance date, `days = to − from + 1`. The full months are
//! the calendar months wholly inside `from..=to`: the partial first and last months are
//! left out. Every monthly average is a total over the full months divided by their
//! number, rounded to the cent (half away from zero); with no full month it is 0, so read
//! `full_months` first.
//!
//! **Income** of a month is its observed income: the booked credits categorised
//! `income.salary`, `income.benefits` and `income.pension`, plus 70 % of those categorised
//! `income.rental` (rounded to the cent for the month). `income.other`, refunds and
//! transfers are not income. `income.monthly_average` is the average of the monthly
//! incomes; `by_category` gives each `income.*` category's own average (rental unweighted,
//! `income.other` included). A **recurring source** is a normalised counterparty (the
//! counterparty sent, else the label's payer, see [`crate::label::counterparty_key`])
//! crediting an `income.*` category in at least 3 full months, or in both when there are
//! only 2 (never with fewer than 2); its `monthly_average` is over all the full months.
//!
//! **Spending** of a month is the sum of its booked debits, as a positive amount, except
//! `transfer.internal` ones (money moved between the customer's own accounts): rent, loan
//! instalments, fees, cash and gambling included; refunds are not netted.
//! `charges.housing_monthly`, `charges.credit_repayments_monthly`,
//! `cash_withdrawals_monthly` and `gambling.monthly_average` average the booked debits of
//! `housing.rent`, `credit.repayment`, `cash.withdrawal` and `gambling` (stakes; winnings
//! are not netted). `charges.lenders` names every lender seen repaid in the period: the
//! lender of a lender's rule, else the payee ([`crate::label::counterparty_key`]).
//!
//! **Balances** are end-of-day balances rebuilt backwards from each closing balance
//! ([`balances`]) and summed over the checking accounts; `end_balance` is that sum on the
//! month's last day (`null` without a checking account). The **90-day window** is the 90
//! days ending at `to`, cut to start no earlier than `from`: `overdraft_days_90d` counts
//! its days with a summed balance below 0, `lowest_balance_90d` is the lowest such
//! balance (`null` without a checking account), and `rejected_payments_90d` and
//! `bank_fees_90d` count the booked `bank.rejected_payment` and `bank.fees` transactions
//! dated in it.
//!
//! **Gambling share** is `gambling.monthly_average / income.monthly_average` to 4 decimals;
//! 0 when both are 0, and 100 (the cap) when there is gambling but no income.

pub mod balances;
pub mod calendar;
mod evidence;
mod ratio;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use scoring::{Date, Money};
use serde::Serialize;

use crate::categorise::{
    CATEGORISER_VERSION, Categorisation, categorise_statements, lender_of_rule,
};
use crate::category::Category;
use crate::label::counterparty_key;
use crate::statement::{Statement, Transaction};
use balances::CheckingBalances;
use calendar::{Month, full_months};
pub use evidence::BankEvidence;
pub use ratio::Ratio;

/// The window of the `_90d` figures, in days.
pub const WINDOW_DAYS: i64 = 90;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Insights {
    pub period: InsightsPeriod,
    /// One row per full month, in order.
    pub monthly: Vec<MonthFigures>,
    pub income: Income,
    pub charges: Charges,
    pub overdraft_days_90d: u32,
    pub lowest_balance_90d: Option<Money>,
    pub rejected_payments_90d: u32,
    pub bank_fees_90d: u32,
    pub gambling: Gambling,
    pub cash_withdrawals_monthly: Money,
    pub categoriser_version: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InsightsPeriod {
    #[serde(with = "crate::date_serde")]
    pub from: Date,
    #[serde(with = "crate::date_serde")]
    pub to: Date,
    pub days: i64,
    pub full_months: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthFigures {
    pub month: Month,
    pub income: Money,
    pub spending: Money,
    pub end_balance: Option<Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Income {
    pub monthly_average: Money,
    /// Every `income.*` category, with its own monthly average.
    pub by_category: BTreeMap<Category, Money>,
    /// By monthly average, largest first.
    pub recurring_sources: Vec<RecurringSource>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecurringSource {
    pub counterparty: String,
    pub category: Category,
    pub monthly_average: Money,
    pub months_seen: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Charges {
    pub housing_monthly: Money,
    pub credit_repayments_monthly: Money,
    /// Sorted, each once.
    pub lenders: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Gambling {
    pub monthly_average: Money,
    pub share_of_income: Ratio,
}

const INCOME_CATEGORIES: [Category; 5] = [
    Category::IncomeSalary,
    Category::IncomeBenefits,
    Category::IncomePension,
    Category::IncomeRental,
    Category::IncomeOther,
];

/// The insights of a profile's statements, or `None` without any statement.
pub fn insights(statements: &[Statement]) -> Option<Insights> {
    let categorised = categorise_statements(statements);
    let periods: Vec<_> = statements.iter().map(Statement::period).collect();
    let from = periods.iter().map(|period| period.from).min()?;
    let to = periods.iter().map(|period| period.to).max()?;
    let months = full_months(from, to);
    let month_count = u32::try_from(months.len()).unwrap_or(u32::MAX);
    let booked: Vec<(&Transaction, Categorisation)> = statements
        .iter()
        .zip(&categorised)
        .flat_map(|(statement, categorisations)| {
            statement
                .transactions
                .iter()
                .zip(categorisations.iter().copied())
        })
        .filter(|(transaction, _)| transaction.is_booked())
        .collect();
    let in_full_months: Vec<(Month, &Transaction, Categorisation)> = booked
        .iter()
        .map(|(transaction, categorisation)| {
            (Month::of(transaction.date), *transaction, *categorisation)
        })
        .filter(|(month, _, _)| months.binary_search(month).is_ok())
        .collect();
    let balances = CheckingBalances::new(statements);
    let average = |total: i128| average(total, month_count);
    let debits_of = |category: Category| {
        in_full_months
            .iter()
            .filter(|(_, transaction, categorisation)| {
                categorisation.category == category && transaction.amount < Money::ZERO
            })
            .map(|(_, transaction, _)| -i128::from(transaction.amount.cents()))
            .sum::<i128>()
    };

    let monthly: Vec<MonthFigures> = months
        .iter()
        .map(|&month| {
            let rows = in_full_months.iter().filter(|(seen, _, _)| *seen == month);
            let (income, spending) = rows.fold(
                (Observed::default(), 0i128),
                |(mut income, spending), (_, transaction, categorisation)| {
                    let cents = i128::from(transaction.amount.cents());
                    if cents > 0 {
                        income.add(categorisation.category, cents);
                    }
                    let spent =
                        if cents < 0 && categorisation.category != Category::TransferInternal {
                            -cents
                        } else {
                            0
                        };
                    (income, spending + spent)
                },
            );
            MonthFigures {
                month,
                income: money(income.total()),
                spending: money(spending),
                end_balance: month.last_day().and_then(|day| balances.on(day)).map(money),
            }
        })
        .collect();

    let monthly_income: i128 = monthly
        .iter()
        .map(|row| i128::from(row.income.cents()))
        .sum();
    let income_average = average(monthly_income);
    let gambling_average = average(debits_of(Category::Gambling));
    let window_start = Date::from_days_since_epoch(to.days_since_epoch() - (WINDOW_DAYS - 1))
        .map_or(from, |start| start.max(from));
    let window_days: Vec<i128> = (window_start.days_since_epoch()..=to.days_since_epoch())
        .filter_map(Date::from_days_since_epoch)
        .filter_map(|day| balances.on(day))
        .collect();
    let count_in_window = |category: Category| {
        let count = booked
            .iter()
            .filter(|(transaction, categorisation)| {
                categorisation.category == category
                    && (window_start..=to).contains(&transaction.date)
            })
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    };

    Some(Insights {
        period: InsightsPeriod {
            from,
            to,
            days: to.days_since_epoch() - from.days_since_epoch() + 1,
            full_months: month_count,
        },
        income: Income {
            monthly_average: income_average,
            by_category: INCOME_CATEGORIES
                .iter()
                .map(|&category| (category, average(credits_of(&in_full_months, category))))
                .collect(),
            recurring_sources: recurring_sources(&in_full_months, month_count),
        },
        charges: Charges {
            housing_monthly: average(debits_of(Category::HousingRent)),
            credit_repayments_monthly: average(debits_of(Category::CreditRepayment)),
            lenders: lenders(&booked, from, to),
        },
        overdraft_days_90d: u32::try_from(
            window_days.iter().filter(|&&balance| balance < 0).count(),
        )
        .unwrap_or(u32::MAX),
        lowest_balance_90d: window_days.iter().min().copied().map(money),
        rejected_payments_90d: count_in_window(Category::BankRejectedPayment),
        bank_fees_90d: count_in_window(Category::BankFees),
        gambling: Gambling {
            monthly_average: gambling_average,
            share_of_income: Ratio::share(gambling_average, income_average),
        },
        cash_withdrawals_monthly: average(debits_of(Category::CashWithdrawal)),
        categoriser_version: CATEGORISER_VERSION,
        monthly,
    })
}

/// A month's observed income, by its parts.
#[derive(Default)]
struct Observed {
    counted_in_full: i128,
    rental: i128,
}

impl Observed {
    fn add(&mut self, category: Category, cents: i128) {
        match category {
            Category::IncomeSalary | Category::IncomeBenefits | Category::IncomePension => {
                self.counted_in_full += cents
            }
            Category::IncomeRental => self.rental += cents,
            _ => {}
        }
    }

    /// Salary, benefits and pension, plus 70 % of rental income rounded to the cent.
    fn total(&self) -> i128 {
        self.counted_in_full + divide_rounded(self.rental * 7, 10)
    }
}

fn credits_of(rows: &[(Month, &Transaction, Categorisation)], category: Category) -> i128 {
    rows.iter()
        .filter(|(_, transaction, categorisation)| {
            categorisation.category == category && transaction.amount > Money::ZERO
        })
        .map(|(_, transaction, _)| i128::from(transaction.amount.cents()))
        .sum()
}

fn recurring_sources(
    rows: &[(Month, &Transaction, Categorisation)],
    month_count: u32,
) -> Vec<RecurringSource> {
    let required = month_count.min(3);
    if required < 2 {
        return Vec::new();
    }
    let mut sources: HashMap<(String, Category), (i128, BTreeSet<Month>)> = HashMap::new();
    for (month, transaction, categorisation) in rows {
        if categorisation.category.is_income() && transaction.amount > Money::ZERO {
            let key = (
                counterparty_key(&transaction.label, transaction.counterparty.as_deref()),
                categorisation.category,
            );
            let entry = sources.entry(key).or_default();
            entry.0 += i128::from(transaction.amount.cents());
            entry.1.insert(*month);
        }
    }
    let mut recurring: Vec<RecurringSource> = sources
        .into_iter()
        .filter_map(|((counterparty, category), (total, months))| {
            let months_seen = u32::try_from(months.len()).unwrap_or(u32::MAX);
            (months_seen >= required).then(|| RecurringSource {
                counterparty,
                category,
                monthly_average: average(total, month_count),
                months_seen,
            })
        })
        .collect();
    recurring.sort_by(|a, b| {
        b.monthly_average
            .cmp(&a.monthly_average)
            .then_with(|| a.counterparty.cmp(&b.counterparty))
            .then_with(|| a.category.cmp(&b.category))
    });
    recurring
}

fn lenders(booked: &[(&Transaction, Categorisation)], from: Date, to: Date) -> Vec<String> {
    let names: BTreeSet<String> = booked
        .iter()
        .filter(|(transaction, categorisation)| {
            categorisation.category == Category::CreditRepayment
                && transaction.amount < Money::ZERO
                && (from..=to).contains(&transaction.date)
        })
        .map(
            |(transaction, categorisation)| match lender_of_rule(categorisation.rule) {
                Some(name) => name.to_owned(),
                None => counterparty_key(&transaction.label, transaction.counterparty.as_deref()),
            },
        )
        .collect();
    names.into_iter().collect()
}

/// `total / months` rounded to the cent, half away from zero; 0 without a month.
fn average(total: i128, months: u32) -> Money {
    if months == 0 {
        return Money::ZERO;
    }
    money(divide_rounded(total, i128::from(months)))
}

/// `numerator / denominator` (denominator > 0) rounded half away from zero.
fn divide_rounded(numerator: i128, denominator: i128) -> i128 {
    let half = denominator / 2;
    if numerator >= 0 {
        (numerator + half) / denominator
    } else {
        -((-numerator + half) / denominator)
    }
}

/// Cents as money, saturating at the bounds of `i64`.
fn money(cents: i128) -> Money {
    Money::from_cents(i64::try_from(cents).unwrap_or(if cents < 0 { i64::MIN } else { i64::MAX }))
}
