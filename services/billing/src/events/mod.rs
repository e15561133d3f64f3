//! Billing's events: the registry's units open accounts, announced on `billing.ledger.v1`.

use crate::db::SCHEMA;
use crate::db::accounts::{self, AccountRow, Upsert};
use crate::db::ledger::{self, ChargeRow, PaymentRow, ReversalRow};
use crate::db::work_charges;
use desk_events::consumer::{ApplyError, Handler};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::billing::{PaymentRecorded, PaymentReversed, UnitAccountOpened};
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use diesel::PgConnection;
use uuid::Uuid;

pub mod calendar;
pub mod keys;
pub mod passes;

pub use passes::{PASS_TOPICS, pass_handler};

pub const OUTBOX: Outbox = Outbox::new(SCHEMA);

pub const REGISTRY_TOPICS: [&str; 1] = [topics::REGISTRY];

pub fn registry_handler(clock: desk_platform::Clock) -> Handler {
    Handler::new(
        |e| matches!(e.payload, Some(Payload::UnitUpserted(_))),
        move |conn, e| apply_registry(conn, e, clock()),
    )
}

fn apply_registry(
    conn: &mut PgConnection,
    event: &Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApplyError> {
    let Some(Payload::UnitUpserted(unit)) = &event.payload else {
        return Ok(());
    };
    let (Some(group_id), Some(estate_id), Ok(unit_id)) =
        (event.group(), event.estate(), unit.unit_id.parse::<Uuid>())
    else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let row = AccountRow {
        group_id,
        estate_id,
        unit_id,
        unit_label: unit.label.clone(),
        area_centi_m2: unit.area_centi_m2,
        registry_at: event.occurred_at_micros,
        balance_fen: 0,
        opened_at: now,
    };
    if accounts::upsert_by_group_estate_unit(conn, &row)? == Upsert::Opened {
        let meta = EventMeta::caused_by(event, unit_id, "system");
        let opened = envelope(
            &meta,
            "billing.unit_account.opened",
            Payload::UnitAccountOpened(UnitAccountOpened {
                unit_id: unit_id.to_string(),
                area_centi_m2: row.area_centi_m2,
            }),
        );
        OUTBOX.enqueue(conn, topics::LEDGER, &opened)?;
    }
    Ok(())
}

/// The topics `work_handler` reads.
pub const WORK_TOPICS: [&str; 1] = [topics::WORK_ORDER];

/// Paid work orders and special services become charges on the unit, one per work order
/// whichever path raises it; a reopened order completed with another fee corrects its charge.
pub fn work_handler(clock: desk_platform::Clock) -> Handler {
    Handler::new(
        |e| match &e.payload {
            Some(Payload::WorkOrderCompleted(c)) => c.fee_fen > 0,
            Some(Payload::ChargeRequested(c)) => c.fee_fen > 0,
            Some(Payload::WorkOrderFeeAdjusted(_)) => true,
            _ => false,
        },
        move |conn, e| apply_work(conn, e, clock()),
    )
}

fn apply_work(
    conn: &mut PgConnection,
    event: &Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApplyError> {
    let (work_order_id, unit_label, fee_fen, items, source) = match &event.payload {
        Some(Payload::WorkOrderCompleted(c)) => (
            &c.work_order_id,
            &c.unit_label,
            c.fee_fen,
            &c.items,
            "work_order",
        ),
        Some(Payload::ChargeRequested(c)) => (
            &c.work_order_id,
            &c.unit_label,
            c.fee_fen,
            &c.items,
            "special_service",
        ),
        Some(Payload::WorkOrderFeeAdjusted(c)) => (
            &c.work_order_id,
            &c.unit_label,
            c.fee_fen,
            &c.items,
            if c.kind == "special_service" {
                "special_service"
            } else {
                "work_order"
            },
        ),
        _ => return Ok(()),
    };
    let (Some(group_id), Some(estate_id)) = (event.group(), event.estate()) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    if unit_label.is_empty() {
        return Err(ApplyError::Reject("a charge needs the unit".into()));
    }
    let description = if items.is_empty() {
        "维修服务费".to_string()
    } else {
        items
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    let row = ChargeRow {
        group_id,
        estate_id,
        charge_id: Uuid::now_v7(),
        unit_label: unit_label.clone(),
        source: source.to_string(),
        source_id: work_order_id.clone(),
        description,
        amount_fen: fee_fen,
        paid_fen: 0,
        created_at: now,
        // The month of the estate's own day the work was charged on.
        period: crate::db::calendar::zone_by_group_estate(conn, group_id, estate_id)?.month(now),
    };
    if let Some(Payload::WorkOrderFeeAdjusted(_)) = &event.payload {
        let done = work_charges::correct_to_fee(conn, &row, fee_fen)?;
        if let work_charges::Corrected::PaidBeyond { .. } = done {
            return Err(ApplyError::Reject(
                "more than the new fee is already paid on the work order".into(),
            ));
        }
        tracing::info!(%estate_id, outcome = ?done, "Work order's charge corrected to its fee.");
        return Ok(());
    }
    // One charge per work order (`charges_one_per_work_order`): a second path raises nothing.
    if ledger::insert_charge_once(conn, &row)? {
        tracing::info!(charge_id = %row.charge_id, %estate_id, "Charge raised for paid work.");
    }
    Ok(())
}

/// A payment recorded; for each work order it paid, repairs settles it.
pub fn payment_recorded(
    p: &PaymentRow,
    work_order_id: &str,
    amount_fen: i64,
    correlation_id: Uuid,
    actor_kind: &'static str,
) -> Envelope {
    let meta = EventMeta {
        group_id: p.group_id,
        estate_id: p.estate_id,
        aggregate_id: p.payment_id,
        aggregate_version: 1,
        correlation_id,
        causation_id: None,
        actor_kind,
        actor_id: p.cashier.to_string(),
    };
    envelope(
        &meta,
        "billing.payment.recorded",
        Payload::PaymentRecorded(PaymentRecorded {
            payment_id: p.payment_id.to_string(),
            work_order_id: work_order_id.to_string(),
            amount_fen,
            method: p.method.clone(),
            receipt_no: p.receipt_no.clone(),
        }),
    )
}

/// A payment reversed with a supervisor's approval: `work_order` is the paid work and the part
/// of the payment that paid it, or `None` for the payment as a whole.
pub fn payment_reversed(
    p: &PaymentRow,
    r: &ReversalRow,
    work_order: Option<(&str, i64)>,
    correlation_id: Uuid,
) -> Envelope {
    let meta = EventMeta {
        group_id: p.group_id,
        estate_id: p.estate_id,
        aggregate_id: p.payment_id,
        aggregate_version: 2,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: r.decided_by.unwrap_or(r.requested_by).to_string(),
    };
    let (work_order_id, amount_fen) = work_order.unwrap_or(("", p.amount_fen));
    envelope(
        &meta,
        "billing.payment.reversed",
        Payload::PaymentReversed(PaymentReversed {
            payment_id: p.payment_id.to_string(),
            receipt_no: p.receipt_no.clone(),
            amount_fen,
            method: p.method.clone(),
            work_order_id: work_order_id.to_string(),
        }),
    )
}
