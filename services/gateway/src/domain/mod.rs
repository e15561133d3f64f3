//! Identity rules, without I/O.

pub mod password;
pub mod resident;
pub mod token;
