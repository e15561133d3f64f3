//! Pass events on `documents.records.v1`, keyed by estate. The holder's phone and ID number
//! never leave documents: billing gets the unit, the money, the pass number and the holder's
//! name for the receipt. Billing's `billing.pass.charges_paid` on `billing.ledger.v1` hands a
//! pending pass over (凭财务部收据方可领证); `billing.pass.charges_owed` (a payment of it
//! reversed) puts it back to pending.

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
            kind: p.kind.clone(),
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

/// The topics `payment_handler` reads.
pub const PAYMENT_TOPICS: [&str; 1] = [desk_events::topics::LEDGER];

/// Billing's receipt for a pass's charges activates the pending pass; a reversed payment of
/// them puts it back to pending. "Now" is the service's clock.
pub fn payment_handler(clock: desk_platform::Clock) -> desk_events::consumer::Handler {
    desk_events::consumer::Handler::new(
        |e| {
            matches!(
                e.payload,
                Some(Payload::PassChargesPaid(_) | Payload::PassChargesOwed(_))
            )
        },
        move |conn, e| apply_payment(conn, e, clock()),
    )
}

fn apply_payment(
    conn: &mut diesel::PgConnection,
    event: &Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), desk_events::consumer::ApplyError> {
    use desk_events::consumer::ApplyError;
    let pass_id = match &event.payload {
        Some(Payload::PassChargesPaid(paid)) => &paid.pass_id,
        Some(Payload::PassChargesOwed(owed)) => &owed.pass_id,
        _ => return Ok(()),
    };
    let (Some(group_id), Some(estate_id), Ok(pass_id)) =
        (event.group(), event.estate(), pass_id.parse::<Uuid>())
    else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let applied = match &event.payload {
        Some(Payload::PassChargesOwed(owed)) => {
            crate::app::passes::charges_owed(conn, group_id, estate_id, pass_id, owed, now)
        }
        Some(Payload::PassChargesPaid(paid)) => {
            crate::app::passes::charges_paid(conn, group_id, estate_id, pass_id, paid, now)
        }
        _ => return Ok(()),
    };
    match applied {
        Ok(Some(row)) => {
            tracing::info!(%estate_id, %pass_id, status = %row.status, "Pass's charges paid or owed again.");
            Ok(())
        }
        Ok(None) => Err(ApplyError::Reject("no such pass".into())),
        Err(crate::error::Error::Db(e)) => Err(ApplyError::Retry(e.to_string())),
        Err(e) => Err(ApplyError::Reject(e.to_string())),
    }
}
