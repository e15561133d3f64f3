//! Complaint changes: each checks the state machine, writes the complaint, its trail, its
//! statistics and its events in the caller's transaction.

pub mod handling;
pub mod sweep;

pub use desk_platform::{Clock, system_clock};
