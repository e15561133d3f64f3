//! Complaint rules, without I/O.

pub mod calendar;
pub mod complaint;
pub mod flow;
pub mod resident;
