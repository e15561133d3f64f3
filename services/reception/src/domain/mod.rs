//! The rules of the front desk, without I/O.

pub mod complaint_form;
pub mod desk;
pub mod identity;
pub mod intake;
pub mod ownership;
