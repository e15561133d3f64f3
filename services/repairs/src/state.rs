//! What every handler can reach.

use desk_platform::db::Pool;

pub struct AppState {
    pub pool: Pool,
}
