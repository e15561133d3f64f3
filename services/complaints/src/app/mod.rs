//! Complaint changes: each checks the state machine, writes the complaint, its trail, its
//! statistics and its events in the caller's transaction.

pub mod handling;
pub mod sweep;

use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The time, from one place, so that deadlines and escalations can be tested by moving it.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}
