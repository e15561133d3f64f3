//! Identity rules, without I/O.

pub mod password;
pub mod token;
