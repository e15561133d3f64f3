//! Pass events on `documents.records.v1`, keyed by estate. The holder's phone and ID number
//! never leave documents: billing gets the unit, the money, the pass number and the holder's
//! name for the receipt.

use crate::db::passes::PassRow;
use desk_events::proto::desk::v1::documents::{PassIssued, PassRenewed, PassReturned};
use desk_events::{Envelope, EventMeta, Payload, envelope};
use uuid::Uuid;

fn meta(p: &PassRow, correlation_id: Uuid, actor: Uuid) -> EventMeta {
    EventMeta {
        group_id: p.group_id,
        estate_id: p.estate_id,
        aggregate_id: p.pass_id,
        aggregate_version: p.version.max(1) as u64,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: actor.to_string(),
    }
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

pub fn pass_issued(p: &PassRow, correlation_id: Uuid, actor: Uuid) -> Envelope {
    envelope(
        &meta(p, correlation_id, actor),
        "documents.pass.issued",
        Payload::PassIssued(PassIssued {
            pass_id: p.pass_id.to_string(),
            pass_no: p.pass_no.clone(),
            kind: p.kind.clone(),
            unit_label: p.unit_label.clone(),
            holder_name: p.holder_name.clone(),
            deposit_fen: p.deposit_fen,
            card_fee_fen: p.card_fee_fen,
            valid_until: day(p.valid_until),
        }),
    )
}

pub fn pass_renewed(p: &PassRow, fee_fen: i64, correlation_id: Uuid, actor: Uuid) -> Envelope {
    envelope(
        &meta(p, correlation_id, actor),
        "documents.pass.renewed",
        Payload::PassRenewed(PassRenewed {
            pass_id: p.pass_id.to_string(),
            pass_no: p.pass_no.clone(),
            unit_label: p.unit_label.clone(),
            renewal_fee_fen: fee_fen,
            valid_until: day(p.valid_until),
        }),
    )
}

pub fn pass_returned(p: &PassRow, correlation_id: Uuid, actor: Uuid) -> Envelope {
    envelope(
        &meta(p, correlation_id, actor),
        "documents.pass.returned",
        Payload::PassReturned(PassReturned {
            pass_id: p.pass_id.to_string(),
            pass_no: p.pass_no.clone(),
            unit_label: p.unit_label.clone(),
        }),
    )
}
