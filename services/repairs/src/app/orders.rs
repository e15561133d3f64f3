//! Dispatching and working orders, and the follow-up visit.

use crate::db::settings;
use crate::db::technicians;
use crate::db::trail;
use crate::db::work_orders::{self, WorkOrderRow};
use crate::db::zones;
use crate::domain::default_zone;
use crate::domain::flow::{
    self, Refusal, Status, Step, can_take, follow_up_is_good, follow_up_is_late, follow_up_window,
};
use crate::domain::money::{self, FeeAsked, ToBilling};
use crate::error::Error;
use crate::events::{self, OUTBOX};
use chrono::{DateTime, Utc};
use desk_events::topics;
use diesel::PgConnection;
use uuid::Uuid;

/// Who acts, and when.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub group_id: Uuid,
    pub staff_id: Uuid,
    pub now: DateTime<Utc>,
    pub correlation_id: Uuid,
    /// The actor acts as the technician the order is dispatched to.
    pub as_technician: bool,
}

/// What billing's payments have paid on the order.
pub fn paid_of(row: &WorkOrderRow) -> i64 {
    row.details
        .get("paid_fen")
        .and_then(|v| v.as_i64())
        .unwrap_or(0)
}

/// From when the follow-up visit may be made: kept at completion on the estate's dates (the
/// estate's day after), or for an order completed before that was kept, the default zone's.
pub fn follow_up_opens(row: &WorkOrderRow) -> Option<DateTime<Utc>> {
    row.details
        .get("follow_up_opens_at")
        .and_then(|v| v.as_str())
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc))
        .or_else(|| {
            row.completed_at
                .map(|c| follow_up_window(default_zone(), c).0)
        })
}

/// The special service was charged when ordered.
pub fn charged_on_order(row: &WorkOrderRow) -> bool {
    row.details.get("charged_when_ordered").is_some()
}

fn set_detail(row: &mut WorkOrderRow, field: &str, value: serde_json::Value) {
    if !row.details.is_object() {
        row.details = serde_json::json!({});
    }
    if let Some(o) = row.details.as_object_mut() {
        o.insert(field.to_string(), value);
    }
}

/// Lock the order, move it by `step` (after `change` has filled in what the step records),
/// save it, and write the trail.
pub fn move_order(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    step: Step,
    reason: Option<&str>,
    change: impl FnOnce(&mut PgConnection, &mut WorkOrderRow) -> Result<(), Error>,
) -> Result<WorkOrderRow, Error> {
    let mut row = work_orders::lock_by_group_estate_work_order(
        conn,
        actor.group_id,
        estate_id,
        work_order_id,
    )?
    .ok_or(Error::NotFound("work order"))?;
    let from = Status::parse(&row.status).unwrap_or(Status::AwaitingDispatch);
    let to = flow::next(from, step)?;
    if step == Step::Dispatch || (row.technician_id.is_none() && step == Step::Accept) {
        money::may_dispatch(&row.kind, charged_on_order(&row))?;
    }
    if actor.as_technician && row.technician_id.is_none() && step == Step::Accept {
        // The technician takes an order nobody was given: the same rules as a dispatch.
        let tech =
            technicians::find(conn, actor.group_id, estate_id, actor.staff_id)?.ok_or(Refusal {
                code: "not_on_roster",
                message: "You are not on this estate's technician roster.",
            })?;
        let open =
            work_orders::open_count_by_group_technician(conn, actor.group_id, actor.staff_id)?;
        can_take(
            tech.active,
            &tech.skills,
            row.skill.as_deref(),
            open,
            tech.max_open,
        )?;
        row.technician_id = Some(actor.staff_id);
        row.dispatched_at = Some(actor.now);
        row.needs_callback = false;
    }
    if actor.as_technician && row.technician_id != Some(actor.staff_id) {
        return Err(Refusal {
            code: "not_your_order",
            message: "The order is dispatched to another technician.",
        }
        .into());
    }
    change(conn, &mut row)?;
    row.status = to.as_str().to_string();
    row.version += 1;
    row.updated_at = actor.now;
    work_orders::save(conn, &row)?;
    let action = format!("{step:?}")
        .split_whitespace()
        .next()
        .unwrap_or("step")
        .to_lowercase();
    trail::record(
        conn,
        row.group_id,
        row.estate_id,
        row.work_order_id,
        actor.now,
        // Billing's payment settling an order acts as nobody in particular.
        Some(actor.staff_id).filter(|s| !s.is_nil()),
        &action,
        Some(from.as_str()),
        Some(to.as_str()),
        reason,
    )?;
    Ok(row)
}

/// Give the order to a technician of the estate who has the skill and room for it.
pub fn dispatch(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    technician_id: Uuid,
) -> Result<WorkOrderRow, Error> {
    let now = actor.now;
    move_order(
        conn,
        actor,
        estate_id,
        work_order_id,
        Step::Dispatch,
        None,
        |conn, row| {
            let tech = technicians::find(conn, actor.group_id, estate_id, technician_id)?.ok_or(
                Refusal {
                    code: "unknown_technician",
                    message: "The estate has no such technician.",
                },
            )?;
            let open =
                work_orders::open_count_by_group_technician(conn, actor.group_id, technician_id)?;
            let already_theirs = i64::from(
                row.technician_id == Some(technician_id)
                    && Status::parse(&row.status).is_some_and(Status::is_open_for_technician),
            );
            can_take(
                tech.active,
                &tech.skills,
                row.skill.as_deref(),
                open - already_theirs,
                tech.max_open,
            )?;
            row.technician_id = Some(technician_id);
            row.dispatched_at = Some(now);
            row.needs_callback = false;
            Ok(())
        },
    )
}

pub struct Completion {
    /// The fee's items (parts, labour) for paid work; they add up to the fee.
    pub items: Vec<(String, i64)>,
    pub work_done: String,
    pub materials: Option<String>,
    pub labour_minutes: Option<i32>,
    pub fee_fen: i64,
    pub signoff_name: String,
    pub signature: Option<String>,
}

pub fn complete(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    c: Completion,
) -> Result<WorkOrderRow, Error> {
    if c.fee_fen < 0 || c.items.iter().any(|(_, a)| *a < 0) {
        return Err(Error::Invalid("fee_fen: not negative".into()));
    }
    if !c.items.is_empty() && c.items.iter().map(|(_, a)| a).sum::<i64>() != c.fee_fen {
        return Err(Error::Invalid("items: the items add up to the fee".into()));
    }
    let ceiling_fen = settings::fee_ceiling(conn, actor.group_id, estate_id)?;
    let zone = zones::zone_of(conn, actor.group_id, estate_id)?;
    let items = c.items.clone();
    let now = actor.now;
    let mut billed_fen = 0;
    let row = move_order(
        conn,
        actor,
        estate_id,
        work_order_id,
        Step::Complete,
        None,
        |conn, row| {
            // What billing charges now: the fee the order carried (a special service's charge
            // on order, or an earlier completion's fee before a failed follow-up reopened it).
            billed_fen = row.fee_fen;
            let kind = money::PAID_KINDS
                .into_iter()
                .find(|k| *k == row.kind)
                .unwrap_or("repair");
            let charged = charged_on_order(row).then_some(row.fee_fen);
            let fee = money::completion_fee(&FeeAsked {
                kind,
                charged_on_order: charged,
                fee_fen: c.fee_fen,
                paid_fen: paid_of(row),
                ceiling_fen,
                approved_up_to: row
                    .details
                    .get("fee_approval")
                    .and_then(|a| a.get("up_to_fen"))
                    .and_then(|v| v.as_i64()),
            })?;
            if fee > 0 {
                super::registry::require_unit(conn, row)?;
            }
            row.completed_at = Some(now);
            row.fee_fen = fee;
            let (opens, due) = follow_up_window(zone, now);
            row.follow_up_due = Some(due);
            set_detail(row, "follow_up_opens_at", serde_json::json!(opens));
            set_detail(row, "work_done", serde_json::json!(c.work_done));
            set_detail(row, "materials", serde_json::json!(c.materials));
            set_detail(row, "labour_minutes", serde_json::json!(c.labour_minutes));
            set_detail(
                row,
                "signoff",
                serde_json::json!({ "name": c.signoff_name, "at": now, "signature": c.signature }),
            );
            if charged.is_none() {
                let items: Vec<serde_json::Value> = c
                    .items
                    .iter()
                    .map(|(n, a)| serde_json::json!({ "name": n, "amount_fen": a }))
                    .collect();
                set_detail(row, "fee_items", serde_json::Value::Array(items));
            }
            Ok(())
        },
    )?;
    // The work is announced; billing raises the fee of paid work once, keyed by the order, and a
    // reopened order completed with another fee corrects the charge.
    OUTBOX.enqueue(
        conn,
        topics::WORK_ORDER,
        &events::work_order_completed(&row, &items, actor.correlation_id),
    )?;
    if let ToBilling::Adjust { from, .. } = money::to_billing(billed_fen, row.fee_fen) {
        OUTBOX.enqueue(
            conn,
            topics::WORK_ORDER,
            &events::fee_adjusted(&row, from, &items, actor.correlation_id),
        )?;
        trail::record(
            conn,
            row.group_id,
            row.estate_id,
            row.work_order_id,
            now,
            Some(actor.staff_id),
            "fee_adjusted",
            Some(&row.status),
            Some(&row.status),
            Some(&format!("{from} -> {} fen", row.fee_fen)),
        )?;
    }
    Ok(row)
}

pub struct FollowUp {
    pub punctuality: i32,
    pub quality: i32,
    pub fee_fair: i32,
    pub attitude: i32,
    pub overall: i32,
    pub repaired: bool,
    pub note: Option<String>,
    pub told_via: String,
}

/// The follow-up visit (回访): from the day after completion. A good one closes the order and
/// the desk's entry; a failed repair or a poor rating reopens it for the supervisor.
pub fn follow_up(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    f: FollowUp,
) -> Result<WorkOrderRow, Error> {
    for (field, v) in [
        ("punctuality", f.punctuality),
        ("quality", f.quality),
        ("fee_fair", f.fee_fair),
        ("attitude", f.attitude),
        ("overall", f.overall),
    ] {
        if !(1..=5).contains(&v) {
            return Err(Error::Invalid(format!("{field}: 1 to 5")));
        }
    }
    let good = follow_up_is_good(f.repaired, f.overall);
    let owes = {
        let row = work_orders::lock_by_group_estate_work_order(
            conn,
            actor.group_id,
            estate_id,
            work_order_id,
        )?
        .ok_or(Error::NotFound("work order"))?;
        money::owes(row.fee_fen, paid_of(&row))
    };
    let now = actor.now;
    let row = move_order(
        conn,
        actor,
        estate_id,
        work_order_id,
        Step::FollowUp { good, owes },
        f.note.as_deref(),
        |_, row| {
            if follow_up_opens(row).is_some_and(|opens| now < opens) {
                return Err(Refusal {
                    code: "follow_up_too_early",
                    message: "The follow-up visit is from the day after the repair.",
                }
                .into());
            }
            row.overall_rating = Some(f.overall);
            set_detail(
                row,
                "follow_up",
                serde_json::json!({
                    "at": now, "by": actor.staff_id, "punctuality": f.punctuality, "quality": f.quality, "fee_fair": f.fee_fair,
                    "attitude": f.attitude, "overall": f.overall, "repaired": f.repaired, "note": f.note, "told_via": f.told_via,
                    "late": follow_up_is_late(row.follow_up_due, now)
                }),
            );
            if good && !owes {
                row.closed_at = Some(now);
            } else if !good {
                // Back to the supervisor: dispatched again, with a new appointment.
                row.technician_id = None;
                row.completed_at = None;
                let reopened = row
                    .details
                    .get("reopen_count")
                    .and_then(|v| v.as_i64())
                    .unwrap_or(0)
                    + 1;
                set_detail(row, "reopen_count", serde_json::json!(reopened));
            }
            Ok(())
        },
    )?;
    if row.status == Status::Closed.as_str() {
        announce_closed(conn, &row, actor.correlation_id)?;
    }
    Ok(row)
}

/// The order closed: the desk's entry closes with it.
pub fn announce_closed(
    conn: &mut PgConnection,
    row: &WorkOrderRow,
    correlation_id: Uuid,
) -> Result<(), Error> {
    let result = row
        .details
        .get("work_done")
        .and_then(|v| v.as_str())
        .or_else(|| {
            row.details
                .get("developer")
                .and_then(|d| d.get("result"))
                .and_then(|v| v.as_str())
        })
        .unwrap_or_default()
        .to_string();
    let told_via = row
        .details
        .get("follow_up")
        .and_then(|f| f.get("told_via"))
        .and_then(|v| v.as_str())
        .unwrap_or("phone")
        .to_string();
    OUTBOX.enqueue(
        conn,
        topics::WORK_ORDER,
        &events::work_order_closed(row, &result, &told_via, correlation_id),
    )?;
    Ok(())
}

/// Paid work waiting for its charge closes: billing's payments settled it (`waiver` none), or a
/// supervisor waived the wait in writing (the charge stays owed in billing). Returns the order
/// closed, or `None` when it was not waiting.
pub fn settle(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    waiver: Option<&str>,
) -> Result<Option<WorkOrderRow>, Error> {
    let now = actor.now;
    let row = match move_order(
        conn,
        actor,
        estate_id,
        work_order_id,
        Step::Settle,
        waiver,
        |_, row| {
            if let Some(reason) = waiver {
                set_detail(
                    row,
                    "settlement_waiver",
                    serde_json::json!({ "by": actor.staff_id, "at": now, "reason": reason }),
                );
            } else if money::owes(row.fee_fen, paid_of(row)) {
                return Err(Refusal {
                    code: "charge_unpaid",
                    message: "The work order's charge is not paid yet.",
                }
                .into());
            }
            row.closed_at = Some(now);
            Ok(())
        },
    ) {
        Ok(row) => row,
        Err(Error::Rule(r))
            if waiver.is_none() && matches!(r.code, "invalid_transition" | "work_order_closed") =>
        {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    announce_closed(conn, &row, actor.correlation_id)?;
    Ok(Some(row))
}

/// A free repair found to be paid work (or the other way round) changes kind before it is
/// done, with the reason in the trail.
pub fn change_kind(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    kind: &str,
    reason: &str,
) -> Result<WorkOrderRow, Error> {
    let mut row = work_orders::lock_by_group_estate_work_order(
        conn,
        actor.group_id,
        estate_id,
        work_order_id,
    )?
    .ok_or(Error::NotFound("work order"))?;
    if actor.as_technician && row.technician_id != Some(actor.staff_id) {
        return Err(Refusal {
            code: "not_your_order",
            message: "The order is dispatched to another technician.",
        }
        .into());
    }
    money::may_change_kind(&row.kind, kind, &row.status, row.fee_fen)?;
    let from = std::mem::replace(&mut row.kind, kind.to_string());
    let mut changes = row
        .details
        .get("kind_changes")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    changes.push(serde_json::json!({
        "from": from, "to": kind, "reason": reason, "by": actor.staff_id, "at": actor.now
    }));
    set_detail(&mut row, "kind_changes", serde_json::Value::Array(changes));
    save_noting(
        conn,
        &mut row,
        actor,
        &format!("kind:{from}->{kind}"),
        Some(reason),
    )?;
    Ok(row)
}

/// A supervisor approves a technician's fee above the estate's ceiling, up to an amount, with
/// the reason.
pub fn approve_fee(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    up_to_fen: i64,
    reason: &str,
) -> Result<WorkOrderRow, Error> {
    let mut row = work_orders::lock_by_group_estate_work_order(
        conn,
        actor.group_id,
        estate_id,
        work_order_id,
    )?
    .ok_or(Error::NotFound("work order"))?;
    if row.kind != "paid_repair" {
        return Err(Refusal {
            code: "not_paid_repair",
            message: "Only a paid repair's fee is set by the technician.",
        }
        .into());
    }
    if matches!(
        row.status.as_str(),
        "completed" | "awaiting_settlement" | "closed"
    ) {
        return Err(Refusal {
            code: "invalid_transition",
            message: "The work is done; its fee is settled.",
        }
        .into());
    }
    set_detail(
        &mut row,
        "fee_approval",
        serde_json::json!({ "up_to_fen": up_to_fen, "reason": reason, "by": actor.staff_id, "at": actor.now }),
    );
    save_noting(conn, &mut row, actor, "fee_approved", Some(reason))?;
    Ok(row)
}

/// A special service is charged when it is ordered (办理即收费): the fee and its items are set
/// and billing is told at once.
pub fn charge_when_ordered(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    work_order_id: Uuid,
    items: Vec<(String, i64)>,
) -> Result<WorkOrderRow, Error> {
    let fee: i64 = items.iter().map(|(_, a)| *a).sum();
    if items.is_empty() || fee <= 0 || items.iter().any(|(n, a)| n.trim().is_empty() || *a <= 0) {
        return Err(Error::Invalid(
            "items: at least one named item with a positive amount".into(),
        ));
    }
    let mut row = work_orders::lock_by_group_estate_work_order(
        conn,
        actor.group_id,
        estate_id,
        work_order_id,
    )?
    .ok_or(Error::NotFound("work order"))?;
    money::may_charge_on_order(&row.kind, &row.status, row.fee_fen)?;
    if charged_on_order(&row) {
        return Err(Refusal {
            code: "fee_already_charged",
            message: "The special service was charged when ordered.",
        }
        .into());
    }
    super::registry::require_unit(conn, &row)?;
    row.fee_fen = fee;
    set_detail(
        &mut row,
        "charged_when_ordered",
        serde_json::json!(actor.now),
    );
    set_detail(
        &mut row,
        "fee_items",
        serde_json::json!(
            items
                .iter()
                .map(|(n, a)| serde_json::json!({"name": n, "amount_fen": a}))
                .collect::<Vec<_>>()
        ),
    );
    save_noting(conn, &mut row, actor, "charged", None)?;
    OUTBOX.enqueue(
        conn,
        topics::WORK_ORDER,
        &events::charge_requested(&row, &items, actor.correlation_id),
    )?;
    Ok(row)
}

/// Save a change that leaves the order's status as it is, with its step in the trail.
fn save_noting(
    conn: &mut PgConnection,
    row: &mut WorkOrderRow,
    actor: &Actor,
    action: &str,
    note: Option<&str>,
) -> Result<(), Error> {
    row.version += 1;
    row.updated_at = actor.now;
    work_orders::save(conn, row)?;
    trail::record(
        conn,
        row.group_id,
        row.estate_id,
        row.work_order_id,
        actor.now,
        Some(actor.staff_id),
        action,
        Some(&row.status),
        Some(&row.status),
        note,
    )?;
    Ok(())
}
