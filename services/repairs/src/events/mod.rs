//! Repairs' events: intakes of the repair, paid-service, after-sales and emergency categories
//! become work orders, and each opened order is announced on `repairs.work_order.v1`.

use crate::db::SCHEMA;
use crate::db::work_orders::{self, WorkOrderRow};
use crate::domain::work_order::{Kind, order_no};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::reception::IntakeLogged;
use desk_events::proto::desk::v1::repairs::{
    ChargeRequested, FeeItem, WorkOrderClosed, WorkOrderCompleted, WorkOrderFeeAdjusted,
    WorkOrderOpened,
};
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use desk_platform::Clock;
use diesel::PgConnection;
use uuid::Uuid;

pub mod emergencies;

pub const OUTBOX: Outbox = Outbox::new(SCHEMA);

/// The intake an event carries: a new one, or a desk intake found to be of another category.
fn intake_of(event: &Envelope) -> Option<&IntakeLogged> {
    match &event.payload {
        Some(Payload::IntakeLogged(i)) => Some(i),
        Some(Payload::IntakeRecategorized(r)) => r.intake.as_ref(),
        _ => None,
    }
}

pub const INTAKE_TOPICS: [&str; 1] = [topics::INTAKE];

/// Intakes of repairs' categories become work orders; an emergency raised at the desk times
/// its order from the call.
pub fn intake_handler(clock: Clock) -> Handler {
    Handler::new(
        |e| {
            matches!(e.payload, Some(Payload::EmergencyRaised(_)))
                || intake_of(e).is_some_and(|i| Kind::from_intake_category(&i.category).is_some())
        },
        move |conn, event| match &event.payload {
            Some(Payload::EmergencyRaised(r)) => emergencies::apply_raised(conn, event, r),
            _ => apply_intake(conn, event, clock()),
        },
    )
}

fn apply_intake(
    conn: &mut PgConnection,
    event: &Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApplyError> {
    let Some(intake) = intake_of(event) else {
        return Ok(());
    };
    let Some(kind) = Kind::from_intake_category(&intake.category) else {
        return Ok(());
    };
    let (Some(group_id), Some(estate_id), Ok(intake_id), Ok(reported_by)) = (
        event.group(),
        event.estate(),
        intake.intake_id.parse::<Uuid>(),
        intake.taken_by.parse::<Uuid>(),
    ) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let caller = intake.caller.clone().unwrap_or_default();
    let non_empty = |s: String| if s.is_empty() { None } else { Some(s) };
    let row = new_order(
        group_id,
        estate_id,
        Some(intake_id),
        kind.as_str(),
        non_empty(caller.name),
        non_empty(caller.phone),
        non_empty(caller.unit_label),
        intake.request.clone(),
        reported_by,
        crate::db::zones::zone_of(conn, group_id, estate_id)?,
        now,
    );
    let work_order_id = row.work_order_id;
    if work_orders::insert_once_per_intake(conn, &row)? {
        OUTBOX.enqueue(conn, topics::WORK_ORDER, &work_order_opened(&row, event))?;
        tracing::info!(%work_order_id, %intake_id, %estate_id, kind = kind.as_str(), "Work order opened from the desk's intake.");
    }
    Ok(())
}

/// A new order awaiting dispatch.
#[allow(clippy::too_many_arguments)]
pub fn new_order(
    group_id: Uuid,
    estate_id: Uuid,
    intake_id: Option<Uuid>,
    kind: &str,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    unit_label: Option<String>,
    problem: String,
    reported_by: Uuid,
    zone: desk_platform::local::Zone,
    now: chrono::DateTime<chrono::Utc>,
) -> WorkOrderRow {
    let work_order_id = Uuid::now_v7();
    WorkOrderRow {
        group_id,
        estate_id,
        work_order_id,
        order_no: order_no(work_order_id, zone, now),
        intake_id,
        kind: kind.to_string(),
        status: "awaiting_dispatch".to_string(),
        contact_name,
        contact_phone,
        unit_label,
        problem,
        reported_by,
        version: 1,
        created_at: now,
        updated_at: now,
        skill: None,
        technician_id: None,
        appointment_start: None,
        appointment_end: None,
        dispatched_at: None,
        started_at: None,
        completed_at: None,
        fee_fen: 0,
        follow_up_due: None,
        overall_rating: None,
        closed_at: None,
        needs_callback: false,
        callback_due: None,
        details: serde_json::json!({}),
    }
}

/// An order raised directly, announced like one from the desk.
pub fn work_order_opened_direct(row: &WorkOrderRow, correlation_id: Uuid) -> Envelope {
    let meta = EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.work_order_id,
        aggregate_version: 1,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: row.reported_by.to_string(),
    };
    envelope(&meta, "repairs.work_order.opened", opened_payload(row))
}

/// An order a resident reported from the portal.
pub fn work_order_reported_by_resident(row: &WorkOrderRow, correlation_id: Uuid) -> Envelope {
    let meta = EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.work_order_id,
        aggregate_version: 1,
        correlation_id,
        causation_id: None,
        actor_kind: "resident",
        actor_id: row.reported_by.to_string(),
    };
    envelope(&meta, "repairs.work_order.opened", opened_payload(row))
}

fn opened_payload(row: &WorkOrderRow) -> Payload {
    Payload::WorkOrderOpened(WorkOrderOpened {
        work_order_id: row.work_order_id.to_string(),
        intake_id: row.intake_id.map(|i| i.to_string()).unwrap_or_default(),
        order_no: row.order_no.clone(),
        kind: row.kind.clone(),
        unit_id: String::new(),
    })
}

fn work_order_opened(row: &WorkOrderRow, cause: &Envelope) -> Envelope {
    let meta = EventMeta::caused_by(cause, row.work_order_id, "system");
    envelope(&meta, "repairs.work_order.opened", opened_payload(row))
}

/// The order is closed after a good follow-up visit: the desk's entry closes with it.
pub fn work_order_closed(
    row: &WorkOrderRow,
    result: &str,
    told_via: &str,
    correlation_id: Uuid,
) -> Envelope {
    let meta = EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.work_order_id,
        aggregate_version: row.version as u64,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: String::new(),
    };
    let satisfaction = match row.overall_rating {
        Some(5) => "satisfied",
        Some(3..=4) => "basically_satisfied",
        _ => "",
    };
    envelope(
        &meta,
        "repairs.work_order.closed",
        Payload::WorkOrderClosed(WorkOrderClosed {
            work_order_id: row.work_order_id.to_string(),
            intake_id: row.intake_id.map(|i| i.to_string()).unwrap_or_default(),
            result: result.to_string(),
            person_told: true,
            told_via: told_via.to_string(),
            satisfaction: satisfaction.to_string(),
        }),
    )
}

/// The work is done; billing charges the fee of paid work.
pub fn work_order_completed(
    row: &WorkOrderRow,
    items: &[(String, i64)],
    correlation_id: Uuid,
) -> Envelope {
    let meta = EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.work_order_id,
        aggregate_version: row.version as u64,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: row.technician_id.map(|t| t.to_string()).unwrap_or_default(),
    };
    envelope(
        &meta,
        "repairs.work_order.completed",
        Payload::WorkOrderCompleted(WorkOrderCompleted {
            work_order_id: row.work_order_id.to_string(),
            kind: row.kind.clone(),
            unit_label: row.unit_label.clone().unwrap_or_default(),
            fee_fen: row.fee_fen,
            items: items
                .iter()
                .map(|(name, amount_fen)| FeeItem {
                    name: name.clone(),
                    amount_fen: *amount_fen,
                })
                .collect(),
            intake_id: row.intake_id.map(|i| i.to_string()).unwrap_or_default(),
        }),
    )
}

/// The topics `payments_handler` reads.
pub const BILLING_TOPICS: [&str; 1] = [topics::LEDGER];

/// Billing's payments settle paid work orders; a reversed payment takes its part off again.
/// Paid work waiting for its charge closes once it is paid.
pub fn payments_handler(clock: Clock) -> Handler {
    Handler::new(
        |e| match &e.payload {
            Some(Payload::PaymentRecorded(p)) => !p.work_order_id.is_empty(),
            Some(Payload::PaymentReversed(r)) => !r.work_order_id.is_empty(),
            _ => false,
        },
        move |conn, event| apply_payment(conn, event, clock()),
    )
}

fn apply_payment(
    conn: &mut PgConnection,
    event: &Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApplyError> {
    let (work_order_id, amount_fen, receipt_no) = match &event.payload {
        Some(Payload::PaymentRecorded(p)) => (&p.work_order_id, p.amount_fen, &p.receipt_no),
        Some(Payload::PaymentReversed(r)) => (&r.work_order_id, -r.amount_fen, &r.receipt_no),
        _ => return Ok(()),
    };
    let (Some(group_id), Some(estate_id), Ok(work_order_id)) =
        (event.group(), event.estate(), work_order_id.parse::<Uuid>())
    else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let Some(mut row) =
        work_orders::lock_by_group_estate_work_order(conn, group_id, estate_id, work_order_id)?
    else {
        return Err(ApplyError::Reject("no such work order".into()));
    };
    let paid = row
        .details
        .get("paid_fen")
        .and_then(|v| v.as_i64())
        .unwrap_or(0)
        + amount_fen;
    if let Some(o) = row.details.as_object_mut() {
        o.insert("paid_fen".into(), serde_json::json!(paid.max(0)));
        if amount_fen > 0 {
            o.insert("receipt_no".into(), serde_json::json!(receipt_no));
        }
        if paid >= row.fee_fen {
            o.insert("settled_at".into(), serde_json::json!(now));
        } else {
            // A reversal leaves the order owing again: no longer settled.
            o.remove("settled_at");
        }
    }
    work_orders::save(conn, &row)?;
    if amount_fen > 0 && paid >= row.fee_fen {
        let actor = crate::app::orders::Actor {
            group_id,
            staff_id: Uuid::nil(),
            now,
            correlation_id: event
                .correlation_id
                .parse()
                .unwrap_or_else(|_| Uuid::now_v7()),
            as_technician: false,
        };
        crate::app::orders::settle(conn, &actor, estate_id, work_order_id, None).map_err(|e| {
            match e {
                crate::error::Error::Db(db) => ApplyError::Retry(db.to_string()),
                other => ApplyError::Reject(format!("settling the order: {other}")),
            }
        })?;
    }
    if amount_fen < 0 {
        tracing::info!(%work_order_id, "A payment on the work order was reversed.");
    } else {
        tracing::info!(%work_order_id, "Payment recorded against the work order.");
    }
    Ok(())
}

/// A special service charged when ordered.
pub fn charge_requested(
    row: &WorkOrderRow,
    items: &[(String, i64)],
    correlation_id: Uuid,
) -> Envelope {
    let meta = EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.work_order_id,
        aggregate_version: row.version as u64,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: String::new(),
    };
    envelope(
        &meta,
        "repairs.charge.requested",
        Payload::ChargeRequested(ChargeRequested {
            work_order_id: row.work_order_id.to_string(),
            kind: row.kind.clone(),
            unit_label: row.unit_label.clone().unwrap_or_default(),
            fee_fen: row.fee_fen,
            items: items
                .iter()
                .map(|(name, amount_fen)| FeeItem {
                    name: name.clone(),
                    amount_fen: *amount_fen,
                })
                .collect(),
        }),
    )
}

/// A reopened order completed again with another fee: billing corrects the order's charge.
pub fn fee_adjusted(
    row: &WorkOrderRow,
    previous_fee_fen: i64,
    items: &[(String, i64)],
    correlation_id: Uuid,
) -> Envelope {
    let meta = EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: row.work_order_id,
        aggregate_version: row.version as u64,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: row.technician_id.map(|t| t.to_string()).unwrap_or_default(),
    };
    envelope(
        &meta,
        "repairs.work_order.fee_adjusted",
        Payload::WorkOrderFeeAdjusted(WorkOrderFeeAdjusted {
            work_order_id: row.work_order_id.to_string(),
            kind: row.kind.clone(),
            unit_label: row.unit_label.clone().unwrap_or_default(),
            fee_fen: row.fee_fen,
            previous_fee_fen,
            items: items
                .iter()
                .map(|(name, amount_fen)| FeeItem {
                    name: name.clone(),
                    amount_fen: *amount_fen,
                })
                .collect(),
        }),
    )
}

/// The topics `registry_handler` reads.
pub const REGISTRY_TOPICS: [&str; 1] = [topics::REGISTRY];

/// The registry's units, kept so that paid work is billed only to a unit the registry has.
pub fn registry_handler() -> Handler {
    Handler::new(
        |e| {
            matches!(
                e.payload,
                Some(Payload::UnitUpserted(_) | Payload::EstateUpserted(_))
            )
        },
        apply_registry,
    )
}

fn apply_registry(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
    if let Some(Payload::EstateUpserted(estate)) = &event.payload {
        let (Some(group_id), Ok(estate_id)) = (event.group(), estate.estate_id.parse::<Uuid>())
        else {
            return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
        };
        let zone = desk_platform::local::Zone::or_default(&estate.time_zone);
        crate::db::zones::upsert_newer(
            conn,
            group_id,
            estate_id,
            zone.name(),
            event.occurred_at_micros,
        )?;
        return Ok(());
    }
    let Some(Payload::UnitUpserted(unit)) = &event.payload else {
        return Ok(());
    };
    let (Some(group_id), Some(estate_id), Ok(unit_id)) =
        (event.group(), event.estate(), unit.unit_id.parse::<Uuid>())
    else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    crate::db::units::upsert_newer(
        conn,
        &crate::db::units::UnitRow {
            group_id,
            estate_id,
            unit_id,
            unit_label: unit.label.trim().to_uppercase(),
            active: unit.active,
            registry_at: event.occurred_at_micros,
        },
    )?;
    Ok(())
}
