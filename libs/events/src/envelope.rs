//! Building envelopes.

use crate::proto::desk::v1::{Actor, Envelope, envelope::Payload};
use uuid::Uuid;

/// Who and what an event is about; every event carries its group and estate.
#[derive(Debug, Clone)]
pub struct EventMeta {
    pub group_id: Uuid,
    pub estate_id: Uuid,
    pub aggregate_id: Uuid,
    pub aggregate_version: u64,
    pub correlation_id: Uuid,
    pub causation_id: Option<Uuid>,
    pub actor_kind: &'static str,
    pub actor_id: String,
}

impl EventMeta {
    /// Metadata for an event caused by another event: same group, estate and correlation.
    pub fn caused_by(cause: &Envelope, aggregate_id: Uuid, actor_kind: &'static str) -> Self {
        Self {
            group_id: cause.group_id.parse().unwrap_or_default(),
            estate_id: cause.estate_id.parse().unwrap_or_default(),
            aggregate_id,
            aggregate_version: 1,
            correlation_id: cause.correlation_id.parse().unwrap_or_default(),
            causation_id: cause.event_id.parse().ok(),
            actor_kind,
            actor_id: String::new(),
        }
    }
}

/// A new envelope with a fresh UUID v7 event id.
pub fn envelope(meta: &EventMeta, event_type: &str, payload: Payload) -> Envelope {
    Envelope {
        event_id: Uuid::now_v7().to_string(),
        event_type: event_type.to_string(),
        occurred_at_micros: chrono::Utc::now().timestamp_micros(),
        group_id: meta.group_id.to_string(),
        estate_id: meta.estate_id.to_string(),
        aggregate_id: meta.aggregate_id.to_string(),
        aggregate_version: meta.aggregate_version,
        correlation_id: meta.correlation_id.to_string(),
        causation_id: meta.causation_id.map(|c| c.to_string()).unwrap_or_default(),
        actor: Some(Actor {
            kind: meta.actor_kind.to_string(),
            id: meta.actor_id.clone(),
        }),
        payload: Some(payload),
    }
}

impl Envelope {
    pub fn group(&self) -> Option<Uuid> {
        self.group_id.parse().ok()
    }
    pub fn estate(&self) -> Option<Uuid> {
        self.estate_id.parse().ok()
    }
    pub fn id(&self) -> Option<Uuid> {
        self.event_id.parse().ok()
    }
}
