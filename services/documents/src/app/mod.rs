//! Registry changes: each checks its input with the domain rules, writes the rows, and writes
//! the event announcing it to the outbox, in the caller's transaction.

pub mod calendar;
pub mod passes;
pub mod registry;
