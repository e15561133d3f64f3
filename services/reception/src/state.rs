//! What every handler can reach.

use desk_platform::Clock;
use desk_platform::db::Pool;
use std::sync::Arc;
use tokio::sync::Notify;

pub struct AppState {
    pub pool: Pool,
    /// Wakes the outbox relay after a commit, so events leave at once.
    pub relay_wake: Arc<Notify>,
    /// "Now", from one place, so that deadlines and lateness can be tested by moving it.
    pub clock: Clock,
}
