//! The `complaints` schema: rows and queries. Every query names the group and estate first.

pub mod complaints;
pub mod frozen;
pub mod schema;
pub mod settings;
pub mod stats;
pub mod trail;

pub const SCHEMA: &str = "complaints";
