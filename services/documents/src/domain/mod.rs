//! Registry rules, without I/O.

pub mod calendar;
pub mod demo;
pub mod import;
pub mod passes;
pub mod registry;
pub mod search;
