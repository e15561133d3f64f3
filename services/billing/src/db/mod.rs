//! The `billing` schema: rows and queries. Every query names the group and estate first.

pub mod accounts;
pub mod calendar;
pub mod deposits;
pub mod drawer;
pub mod fees;
pub mod ledger;
pub mod reports;
pub mod schema;
pub mod work_charges;

pub const SCHEMA: &str = "billing";
