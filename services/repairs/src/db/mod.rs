//! The `repairs` schema: rows and queries. Every query names the group and estate first.

pub mod estate_stats;
pub mod schema;
pub mod settings;
pub mod technicians;
pub mod trail;
pub mod units;
pub mod work_orders;
pub mod zones;

pub const SCHEMA: &str = "repairs";
