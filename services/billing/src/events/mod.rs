//! Billing's events: the registry's units open accounts, announced on `billing.ledger.v1`.

use crate::db::SCHEMA;
use crate::db::accounts::{self, AccountRow, Upsert};
use crate::db::deposits::{self, DepositRow};
use crate::db::ledger::{self, ChargeRow, PaymentRow, ReversalRow};
use crate::db::work_charges;
use crate::domain::calendar::period_of;
use desk_events::consumer::{ApplyError, Handler};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::billing::{PaymentRecorded, PaymentReversed, UnitAccountOpened};
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use diesel::PgConnection;
use uuid::Uuid;

pub mod calendar;

pub const OUTBOX: Outbox = Outbox::new(SCHEMA);

pub const REGISTRY_TOPICS: [&str; 1] = [topics::REGISTRY];

pub fn registry_handler() -> Handler {
    Handler::new(
        |e| matches!(e.payload, Some(Payload::UnitUpserted(_))),
        apply_registry,
    )
}

fn apply_registry(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
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
        opened_at: chrono::Utc::now(),
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
pub fn work_handler() -> Handler {
    Handler::new(
        |e| match &e.payload {
            Some(Payload::WorkOrderCompleted(c)) => c.fee_fen > 0,
            Some(Payload::ChargeRequested(c)) => c.fee_fen > 0,
            Some(Payload::WorkOrderFeeAdjusted(_)) => true,
            _ => false,
        },
        apply_work,
    )
}

fn apply_work(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
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
    let now = chrono::Utc::now();
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
        period: period_of(now),
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

/// The topics `pass_handler` reads.
pub const PASS_TOPICS: [&str; 1] = [topics::RECORDS];

/// Passes issued raise the card fee and the deposit; renewals the renewal fee; a returned pass
/// makes its deposit due for refund.
pub fn pass_handler() -> Handler {
    Handler::new(
        |e| {
            matches!(
                e.payload,
                Some(Payload::PassIssued(_) | Payload::PassRenewed(_) | Payload::PassReturned(_))
            )
        },
        apply_pass,
    )
}

fn apply_pass(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
    let (Some(group_id), Some(estate_id)) = (event.group(), event.estate()) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let now = chrono::Utc::now();
    let charge =
        |source: &str, source_id: String, unit: &str, description: String, fen: i64| ChargeRow {
            group_id,
            estate_id,
            charge_id: Uuid::now_v7(),
            unit_label: unit.to_string(),
            source: source.to_string(),
            source_id,
            description,
            amount_fen: fen,
            paid_fen: 0,
            created_at: now,
            period: period_of(now),
        };
    match &event.payload {
        Some(Payload::PassIssued(p)) => {
            if p.unit_label.is_empty() || p.card_fee_fen < 0 || p.deposit_fen < 0 {
                return Err(ApplyError::Reject(
                    "a pass charge needs the unit and amounts".into(),
                ));
            }
            if p.card_fee_fen > 0 {
                let fee = charge(
                    "pass",
                    format!("{}/fee", p.pass_id),
                    &p.unit_label,
                    format!("出入证工本费 {}", p.pass_no),
                    p.card_fee_fen,
                );
                ledger::insert_charge_once(conn, &fee)?;
            }
            if p.deposit_fen > 0 {
                let dep = charge(
                    "deposit",
                    p.pass_id.clone(),
                    &p.unit_label,
                    format!("出入证押金 {}", p.pass_no),
                    p.deposit_fen,
                );
                if ledger::insert_charge_once(conn, &dep)? {
                    deposits::insert_once(
                        conn,
                        &DepositRow {
                            group_id,
                            estate_id,
                            deposit_id: Uuid::now_v7(),
                            unit_label: p.unit_label.clone(),
                            holder_name: p.holder_name.clone(),
                            pass_id: p.pass_id.clone(),
                            pass_no: p.pass_no.clone(),
                            amount_fen: p.deposit_fen,
                            charge_id: dep.charge_id,
                            status: "unpaid".into(),
                            receipt_no: None,
                            payment_id: None,
                            returned_at: None,
                            refunded_at: None,
                            refunded_by: None,
                            refund_method: None,
                            refund_session: None,
                            created_at: now,
                            refund_cash_fen: 0,
                        },
                    )?;
                }
            }
            tracing::info!(%estate_id, pass_id = %p.pass_id, "Pass charges raised.");
        }
        Some(Payload::PassRenewed(p)) if p.renewal_fee_fen > 0 => {
            let fee = charge(
                "pass",
                format!("{}/renewal/{}", p.pass_id, p.valid_until),
                &p.unit_label,
                format!("出入证续期费 {}", p.pass_no),
                p.renewal_fee_fen,
            );
            ledger::insert_charge_once(conn, &fee)?;
        }
        Some(Payload::PassReturned(p)) => {
            let Some(mut d) = deposits::lock_by_pass(conn, group_id, estate_id, &p.pass_id)? else {
                return Ok(());
            };
            if d.returned_at.is_some() {
                return Ok(());
            }
            d.returned_at = Some(now);
            d.status = match d.status.as_str() {
                "held" => "refund_due".into(),
                // Handed back before the deposit was paid: nothing to refund, nothing owed.
                "unpaid" => {
                    let (paid, last) =
                        ledger::cancel_unpaid(conn, group_id, estate_id, d.charge_id)?;
                    if paid == 0 {
                        "void".into()
                    } else {
                        d.amount_fen = paid;
                        d.payment_id = last.as_ref().map(|l| l.0);
                        d.receipt_no = last.map(|l| l.1);
                        "refund_due".into()
                    }
                }
                other => other.to_string(),
            };
            deposits::save(conn, &d)?;
            tracing::info!(%estate_id, pass_id = %p.pass_id, status = %d.status, "Pass returned; its deposit is settled.");
        }
        _ => {}
    }
    Ok(())
}
