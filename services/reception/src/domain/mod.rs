//! The rules of the front desk, without I/O.

pub mod desk;
pub mod identity;
pub mod intake;
pub mod ownership;
