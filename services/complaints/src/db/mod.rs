//! The `complaints` schema: rows and queries. Every query names the group and estate first.

pub mod complaints;
pub mod schema;

pub const SCHEMA: &str = "complaints";
