//! Complaint rules, without I/O.

pub mod calendar;
pub mod complaint;
pub mod deadline;
pub mod desk_form;
pub mod flow;
pub mod report;
pub mod resident;
