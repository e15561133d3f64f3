//! Work-order rules, without I/O.

pub mod demo;
pub mod flow;
pub mod resident;
pub mod stats;
pub mod work_order;
