//! The `identity` schema.

pub mod schema;
pub mod staff;

pub const SCHEMA: &str = "identity";
