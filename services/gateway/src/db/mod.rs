//! The `identity` schema.

pub mod residents;
pub mod schema;
pub mod staff;

pub const SCHEMA: &str = "identity";
