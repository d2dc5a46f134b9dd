//! The categoriser: pure, deterministic rules ([`crate::rules`]) over a transaction's
//! normalised label, counterparty, MCC and sign. Every transaction gets exactly one
//! category and the id of the rule that chose it (`other.unmatched` when none did).
//!
//! The label is normalised once; every rule word is found in one pass of an Aho-Corasick
//! automaton built once per process, and only the rules holding a word found (or the
//! transaction's MCC) are tried, in the table's order.
//!
//! Across a profile's statements, [`categorise_statements`] also recognises the customer's
//! own transfers: a booked debit and a booked credit of the same amount on the same day,
//! in two different statements, both otherwise `transfer.other` or `other`, become
//! `transfer.internal` (rule `internal.pair`).

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use scoring::{Date, Money};
use serde::Serialize;

use crate::category::Category;
use crate::label::normalise;
use crate::rules::{Direction, RULES, Rule, UNMATCHED};
use crate::statement::{Mcc, Statement, Status, Transaction};

/// Stamped on every categorisation and on the insights; it changes with any change of the
/// rules or of how they are read.
pub const CATEGORISER_VERSION: &str = "2026-12.1";

/// The rule id given to both sides of a transfer between two of the customer's statements.
pub const INTERNAL_PAIR_RULE: &str = "internal.pair";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Categorisation {
    pub category: Category,
    /// The id of the rule that chose the category.
    pub rule: &'static str,
}

/// One transaction of `GET .../bank-statements/{id}/` (DESIGN §10): as sent, with its
/// category and rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategorisedTransaction<'a> {
    pub id: &'a str,
    #[serde(with = "crate::date_serde")]
    pub date: Date,
    pub amount: Money,
    pub label: &'a str,
    pub counterparty: Option<&'a str>,
    pub mcc: Option<Mcc>,
    pub status: Status,
    pub category: Category,
    pub rule: &'static str,
}

/// The category of one transaction on its own.
pub fn categorise(transaction: &Transaction) -> Categorisation {
    match MATCHER.as_ref() {
        Some(matcher) => matcher.categorise(transaction),
        None => UNCATEGORISED,
    }
}

const UNCATEGORISED: Categorisation = Categorisation {
    category: Category::Other,
    rule: UNMATCHED,
};

/// The categories of every transaction of a profile's statements, in the same order,
/// with the customer's own transfers between them recognised.
pub fn categorise_statements(statements: &[Statement]) -> Vec<Vec<Categorisation>> {
    let mut categorised: Vec<Vec<Categorisation>> = statements
        .iter()
        .map(|statement| statement.transactions.iter().map(categorise).collect())
        .collect();
    pair_internal_transfers(statements, &mut categorised);
    categorised
}

/// The transactions of `statement` with their categories, for the statement's detail.
pub fn categorised_transactions<'a>(
    statement: &'a Statement,
    categorisations: &[Categorisation],
) -> Vec<CategorisedTransaction<'a>> {
    statement
        .transactions
        .iter()
        .zip(
            categorisations
                .iter()
                .copied()
                .chain(std::iter::repeat(UNCATEGORISED)),
        )
        .map(|(transaction, categorisation)| CategorisedTransaction {
            id: &transaction.id,
            date: transaction.date,
            amount: transaction.amount,
            label: &transaction.label,
            counterparty: transaction.counterparty.as_deref(),
            mcc: transaction.mcc,
            status: transaction.status,
            category: categorisation.category,
            rule: categorisation.rule,
        })
        .collect()
}

/// The lender a `credit.repayment` rule names, when it is a lender's own rule.
pub fn lender_of_rule(rule_id: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|rule| rule.id == rule_id)
        .and_then(|rule| rule.lender)
}

fn pair_internal_transfers(statements: &[Statement], categorised: &mut [Vec<Categorisation>]) {
    let pairable = |transaction: &Transaction, categorisation: &Categorisation| {
        transaction.status == Status::Booked
            && matches!(
                categorisation.category,
                Category::TransferOther | Category::Other
            )
    };
    let mut credits: HashMap<(Date, i64), Vec<(usize, usize)>> = HashMap::new();
    for (statement_index, statement) in statements.iter().enumerate() {
        for (index, transaction) in statement.transactions.iter().enumerate() {
            let categorisation = &categorised[statement_index][index];
            if transaction.amount > Money::ZERO && pairable(transaction, categorisation) {
                credits
                    .entry((transaction.date, transaction.amount.cents()))
                    .or_default()
                    .push((statement_index, index));
            }
        }
    }
    let mut pairs = Vec::new();
    for (statement_index, statement) in statements.iter().enumerate() {
        for (index, transaction) in statement.transactions.iter().enumerate() {
            let categorisation = &categorised[statement_index][index];
            if transaction.amount >= Money::ZERO || !pairable(transaction, categorisation) {
                continue;
            }
            let key = (
                transaction.date,
                transaction.amount.cents().saturating_neg(),
            );
            let Some(candidates) = credits.get_mut(&key) else {
                continue;
            };
            if let Some(position) = candidates
                .iter()
                .position(|(other, _)| *other != statement_index)
            {
                let credit = candidates.remove(position);
                pairs.push(((statement_index, index), credit));
            }
        }
    }
    let internal = Categorisation {
        category: Category::TransferInternal,
        rule: INTERNAL_PAIR_RULE,
    };
    for ((debit_statement, debit), (credit_statement, credit)) in pairs {
        categorised[debit_statement][debit] = internal;
        categorised[credit_statement][credit] = internal;
    }
}

/// The rules compiled: every word once in the automaton, each rule by word ids.
struct Matcher {
    automaton: AhoCorasick,
    rules: Vec<CompiledRule>,
    /// For each word, the rules whose `any` holds it, in table order.
    rules_by_word: Vec<Vec<usize>>,
    rules_by_mcc: HashMap<u16, Vec<usize>>,
}

struct CompiledRule {
    rule: &'static Rule,
    any: Vec<usize>,
    also: Vec<usize>,
    unless: Vec<usize>,
}

static MATCHER: LazyLock<Option<Matcher>> = LazyLock::new(Matcher::build);

impl Matcher {
    fn build() -> Option<Matcher> {
        let mut words: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut ids = |list: &[&str]| -> Vec<usize> {
            list.iter()
                .map(|word| normalise(word))
                .filter(|word| !word.is_empty())
                .map(|word| {
                    *index.entry(word.clone()).or_insert_with(|| {
                        words.push(word);
                        words.len() - 1
                    })
                })
                .collect()
        };
        let rules: Vec<CompiledRule> = RULES
            .iter()
            .map(|rule| CompiledRule {
                rule,
                any: ids(rule.any),
                also: ids(rule.also),
                unless: ids(rule.unless),
            })
            .collect();
        let mut rules_by_word = vec![Vec::new(); words.len()];
        let mut rules_by_mcc: HashMap<u16, Vec<usize>> = HashMap::new();
        for (position, compiled) in rules.iter().enumerate() {
            for &word in &compiled.any {
                rules_by_word[word].push(position);
            }
            for &mcc in compiled.rule.mcc {
                rules_by_mcc.entry(mcc).or_default().push(position);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .ok()?;
        Some(Matcher {
            automaton,
            rules,
            rules_by_word,
            rules_by_mcc,
        })
    }

    fn categorise(&self, transaction: &Transaction) -> Categorisation {
        let mut text = normalise(&transaction.label);
        if let Some(counterparty) = &transaction.counterparty {
            text.push_str(" | ");
            text.push_str(&normalise(counterparty));
        }
        let found = self.words_in(&text);
        let mut candidates: Vec<usize> = found
            .iter()
            .flat_map(|&word| self.rules_by_word[word].iter().copied())
            .collect();
        if let Some(rules) = transaction
            .mcc
            .and_then(|mcc| self.rules_by_mcc.get(&mcc.code()))
        {
            candidates.extend(rules.iter().copied());
        }
        candidates.sort_unstable();
        candidates.dedup();
        let has = |words: &[usize]| words.iter().any(|word| found.binary_search(word).is_ok());
        candidates
            .into_iter()
            .map(|position| &self.rules[position])
            .find(|compiled| {
                let rule = compiled.rule;
                let direction = match rule.direction {
                    Direction::Credit => transaction.amount > Money::ZERO,
                    Direction::Debit => transaction.amount < Money::ZERO,
                    Direction::Any => true,
                };
                let words = has(&compiled.any) && (compiled.also.is_empty() || has(&compiled.also));
                let mcc = transaction
                    .mcc
                    .is_some_and(|mcc| rule.mcc.contains(&mcc.code()));
                direction && (words || mcc) && !has(&compiled.unless)
            })
            .map_or(UNCATEGORISED, |compiled| Categorisation {
                category: compiled.rule.category,
                rule: compiled.rule.id,
            })
    }

    /// The ids of the words in `text`, sorted: whole words only, not preceded or followed
    /// by a letter or a digit.
    fn words_in(&self, text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let boundary = |at: Option<&u8>| at.is_none_or(|byte| !byte.is_ascii_alphanumeric());
        let mut found: Vec<usize> = self
            .automaton
            .find_overlapping_iter(text)
            .filter(|hit| {
                let before = hit.start().checked_sub(1).and_then(|at| bytes.get(at));
                boundary(before) && boundary(bytes.get(hit.end()))
            })
            .map(|hit| hit.pattern().as_usize())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matcher_builds() {
        assert!(MATCHER.is_some());
    }
}
