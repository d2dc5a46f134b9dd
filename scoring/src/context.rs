//! What an analysis needs besides the profile.

use crate::bank::BankEvidence;
use crate::input::Date;
use crate::usury_table::UsuryTable;

/// The circumstances of one analysis: its date and the usury thresholds it is held to.
/// Built with [`Context::new`]; marked non-exhaustive so that what later analyses need
/// (bank evidence) can be added without changing [`crate::analyse`] again.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Context<'a> {
    /// The evaluation date: for ages, seniority and the usury threshold in force.
    pub as_of: Date,
    pub usury: &'a UsuryTable,
    /// What the profile's bank statements show, when its snapshot holds some: the bank
    /// rules apply then ([`crate::bank`]).
    pub bank: Option<BankEvidence>,
}

impl<'a> Context<'a> {
    pub fn new(as_of: Date, usury: &'a UsuryTable) -> Context<'a> {
        Context {
            as_of,
            usury,
            bank: None,
        }
    }

    /// This context with the evidence of the profile's bank statements.
    pub fn with_bank(mut self, evidence: BankEvidence) -> Context<'a> {
        self.bank = Some(evidence);
        self
    }
}
