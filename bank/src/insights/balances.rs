//! End-of-day balances, rebuilt backwards from each statement's closing balance.
//!
//! For a statement closing at `balance` on `balance_date`, the balance at the end of day
//! `d` is `balance − (booked amounts dated after d, up to balance_date)`; for a day after
//! `balance_date` (another statement may close later) the booked amounts dated after
//! `balance_date`, up to `d`, are added instead. Both are
//! `balance + Σ(booked, date ≤ d) − Σ(booked, date ≤ balance_date)`. Before its earliest
//! transaction a statement's balance stays at its opening value. Pending transactions
//! never count.

use scoring::Date;

use crate::statement::{AccountType, Statement};

/// The booked movements of one account, ready to answer "balance at the end of day d".
pub struct Ledger {
    closing: i128,
    closing_day: i64,
    /// (day, running sum of amounts up to and including that day), by day.
    running: Vec<(i64, i128)>,
}

impl Ledger {
    pub fn new(statement: &Statement) -> Ledger {
        let mut movements: Vec<(i64, i128)> = statement
            .transactions
            .iter()
            .filter(|transaction| transaction.is_booked())
            .map(|transaction| {
                (
                    transaction.date.days_since_epoch(),
                    i128::from(transaction.amount.cents()),
                )
            })
            .collect();
        movements.sort_unstable_by_key(|(day, _)| *day);
        let mut running: Vec<(i64, i128)> = Vec::with_capacity(movements.len());
        let mut total: i128 = 0;
        for (day, cents) in movements {
            total += cents;
            match running.last_mut() {
                Some(last) if last.0 == day => last.1 = total,
                _ => running.push((day, total)),
            }
        }
        Ledger {
            closing: i128::from(statement.account.balance.cents()),
            closing_day: statement.account.balance_date.days_since_epoch(),
            running,
        }
    }

    /// Σ of booked amounts dated on or before `day`.
    fn booked_through(&self, day: i64) -> i128 {
        let after = self.running.partition_point(|(moved, _)| *moved <= day);
        after
            .checked_sub(1)
            .and_then(|last| self.running.get(last))
            .map_or(0, |(_, total)| *total)
    }

    /// The balance at the end of `day`, in cents.
    pub fn balance_on(&self, day: i64) -> i128 {
        self.closing + self.booked_through(day) - self.booked_through(self.closing_day)
    }
}

/// The checking accounts' ledgers: their balances are summed for overdraft.
pub struct CheckingBalances {
    ledgers: Vec<Ledger>,
}

impl CheckingBalances {
    pub fn new(statements: &[Statement]) -> CheckingBalances {
        CheckingBalances {
            ledgers: statements
                .iter()
                .filter(|statement| statement.account.account_type == AccountType::Checking)
                .map(Ledger::new)
                .collect(),
        }
    }

    /// The summed end-of-day balance, or `None` without any checking account.
    pub fn on(&self, date: Date) -> Option<i128> {
        let day = date.days_since_epoch();
        (!self.ledgers.is_empty()).then(|| {
            self.ledgers
                .iter()
                .map(|ledger| ledger.balance_on(day))
                .sum()
        })
    }
}

#[cfg(test)]
mod tests {
    use scoring::Money;

    use super::*;
    use crate::statement::{Account, Currency, Format, Status, Transaction};

    fn day(text: &str) -> i64 {
        Date::parse(text)
            .expect("a valid test date")
            .days_since_epoch()
    }

    fn transaction(date: &str, cents: i64, status: Status) -> Transaction {
        Transaction {
            id: date.to_owned(),
            date: Date::parse(date).expect("a valid test date"),
            amount: Money::from_cents(cents),
            label: String::new(),
            counterparty: None,
            mcc: None,
            status,
        }
    }

    #[test]
    fn rebuilds_balances_on_both_sides_of_the_closing_day() {
        let statement = Statement {
            format: Format::Native,
            account: Account {
                account_type: AccountType::Checking,
                currency: Currency::Eur,
                balance: Money::from_cents(10_000),
                balance_date: Date::parse("2026-11-10").expect("a valid test date"),
            },
            transactions: vec![
                transaction("2026-11-01", -2_000, Status::Booked),
                transaction("2026-11-05", 5_000, Status::Booked),
                transaction("2026-11-05", -1_000, Status::Booked),
                transaction("2026-11-08", -9_999, Status::Pending),
                transaction("2026-11-15", 500, Status::Booked),
            ],
        };
        let ledger = Ledger::new(&statement);
        // 100.00 at the end of 10 November; the pending 99.99 never counts.
        assert_eq!(ledger.balance_on(day("2026-11-10")), 10_000);
        // Before 5 November: 100 − (50 − 10) = 60.00; before 1 November: 60 + 20 = 80.00.
        assert_eq!(ledger.balance_on(day("2026-11-04")), 6_000);
        assert_eq!(ledger.balance_on(day("2026-11-01")), 6_000);
        assert_eq!(ledger.balance_on(day("2026-10-31")), 8_000);
        // A booked transaction after the closing day moves the balance forward.
        assert_eq!(ledger.balance_on(day("2026-11-14")), 10_000);
        assert_eq!(ledger.balance_on(day("2026-11-15")), 10_500);
    }
}
