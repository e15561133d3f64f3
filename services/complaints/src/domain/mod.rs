//! Complaint rules, without I/O.

pub mod complaint;
