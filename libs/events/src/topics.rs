//! Topic names. Each is `<service>.<stream>.v<major>`; a breaking change of a stream's
//! contract is a new topic. A prefix from the settings namespaces a whole install.

pub const REGISTRY: &str = "documents.registry.v1";
/// Passes issued, renewed and returned.
pub const RECORDS: &str = "documents.records.v1";
pub const INTAKE: &str = "reception.intake.v1";
pub const COMPLAINT: &str = "complaints.complaint.v1";
pub const WORK_ORDER: &str = "repairs.work_order.v1";
pub const LEDGER: &str = "billing.ledger.v1";
pub const CALLS: &str = "gateway.calls.v1";

/// Every topic of the platform.
pub const ALL: [&str; 7] = [
    REGISTRY, RECORDS, INTAKE, COMPLAINT, WORK_ORDER, LEDGER, CALLS,
];

/// The full name of `topic` under `prefix`.
pub fn named(prefix: &str, topic: &str) -> String {
    format!("{prefix}{topic}")
}
