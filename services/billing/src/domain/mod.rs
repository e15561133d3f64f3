//! Billing rules, without I/O.

pub mod ageing;
pub mod allocation;
pub mod calendar;
pub mod deposits;
pub mod drawer;
pub mod fees;
pub mod money;
pub mod pass_fees;
