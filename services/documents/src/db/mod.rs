//! The `documents` schema: rows and queries. Every query names the group and estate first.

pub mod calendar;
pub mod passes;
pub mod registry;
pub mod schema;
pub mod search;

pub const SCHEMA: &str = "documents";
