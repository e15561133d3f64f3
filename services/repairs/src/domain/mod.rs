//! Work-order rules, without I/O.

pub mod demo;
pub mod flow;
pub mod stats;
pub mod work_order;
