//! The `billing` schema: rows and queries. Every query names the group and estate first.

pub mod accounts;
pub mod drawer;
pub mod ledger;
pub mod schema;

pub const SCHEMA: &str = "billing";
