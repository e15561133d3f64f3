//! The `reception` schema: rows and queries. Every query names the group and estate first.

pub mod desk;
pub mod desk_staff;
pub mod intakes;
pub mod registry;
pub mod schema;

pub const SCHEMA: &str = "reception";
