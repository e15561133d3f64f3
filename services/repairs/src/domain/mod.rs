//! Work-order rules, without I/O.

pub mod work_order;
