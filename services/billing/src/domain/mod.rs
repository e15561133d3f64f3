//! Billing rules, without I/O.

pub mod money;
