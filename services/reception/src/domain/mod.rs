//! The rules of the front desk's ledger, without I/O.

pub mod intake;
