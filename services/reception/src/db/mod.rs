//! The `reception` schema: rows and queries. Every query names the group and estate first.

pub mod intakes;
pub mod schema;

pub const SCHEMA: &str = "reception";
