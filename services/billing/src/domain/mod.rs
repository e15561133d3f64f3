//! Billing rules, without I/O.

pub mod allocation;
pub mod drawer;
pub mod money;
