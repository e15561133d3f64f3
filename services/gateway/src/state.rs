//! What every handler can reach.

use crate::settings::Upstreams;
use desk_auth::TokenSigner;
use desk_platform::db::Pool;

pub struct AppState {
    pub pool: Pool,
    pub signer: TokenSigner,
    pub token_ttl_secs: i64,
    pub upstreams: Upstreams,
    pub client: reqwest::Client,
}
