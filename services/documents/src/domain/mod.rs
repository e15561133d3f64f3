//! Registry rules, without I/O.

pub mod demo;
