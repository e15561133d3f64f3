//! Events between services.
//!
//! - [`proto`]: the generated contract types (from `proto/`), with one [`proto::desk::v1::Envelope`].
//! - [`topics`]: topic names.
//! - [`outbox`]: write an event in the same transaction as the change it announces.
//! - [`relay`]: publish the outbox with an idempotent producer, woken on commit, polling as fallback.
//! - [`consumer`]: apply events exactly once per consumer through an inbox, committing offsets
//!   only after the database commit.
//! - [`kafka`]: client configuration, topic creation and the broker readiness check.

pub mod backbone;
pub mod consumer;
pub mod envelope;
pub mod kafka;
pub mod outbox;
pub mod relay;
pub mod topics;

#[allow(clippy::all, clippy::unwrap_used, clippy::expect_used)]
pub mod proto {
    include!(concat!(env!("OUT_DIR"), "/desk_proto.rs"));
}

pub use envelope::{EventMeta, envelope};
pub use proto::desk::v1::Envelope;
pub use proto::desk::v1::envelope::Payload;
