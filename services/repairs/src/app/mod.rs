//! Work-order changes: each checks the state machine and the dispatch rules, writes the order,
//! its trail and its events in the caller's transaction.

pub mod orders;
pub mod registry;
