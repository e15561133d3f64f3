//! Emergencies go first: an emergency entry heads every list of the desk until its work is
//! done, which repairs announces when the emergency order is completed.

use crate::db::intakes::{self, HandlingRow, TrailRow};
use crate::domain::intake::{Category, Status};
use crate::domain::ownership::{pinned, step};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::{Envelope, Payload, topics};
use diesel::PgConnection;
use uuid::Uuid;

/// The topics `handled_handler` reads.
pub const TOPICS: [&str; 1] = [topics::WORK_ORDER];

/// Marks an emergency entry handled when its work order is completed.
pub fn handled_handler(clock: desk_platform::Clock) -> Handler {
    Handler::new(
        |e| matches!(&e.payload, Some(Payload::WorkOrderCompleted(w)) if w.kind == "emergency"),
        move |conn, event| apply_completed(conn, event, clock()),
    )
}

/// Mark the emergency entry of a completed order handled. The entry is found by the intake the
/// completion names, so it does not matter whether the order's opening (which links the entry
/// to the order, read by another consumer) arrived first; a completion that names none (an
/// order raised directly, or announced before completions named their intake) is found by the
/// link.
pub fn apply_completed(
    conn: &mut PgConnection,
    event: &Envelope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApplyError> {
    let Some(Payload::WorkOrderCompleted(w)) = &event.payload else {
        return Ok(());
    };
    let (Some(group), Some(estate), Ok(order)) = (
        event.group(),
        event.estate(),
        w.work_order_id.parse::<Uuid>(),
    ) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let found = match w.intake_id.as_str() {
        "" => intakes::lock_by_group_estate_downstream(conn, group, estate, order)?,
        id => {
            let Ok(intake_id) = id.parse::<Uuid>() else {
                return Err(ApplyError::Reject("intake id is not a UUID".into()));
            };
            intakes::lock_by_group_estate_intake(conn, group, estate, intake_id)?
        }
    };
    // An order raised directly has no entry.
    let Some(row) = found else {
        return Ok(());
    };
    let category = Category::parse(&row.category).unwrap_or(Category::Other);
    let status = Status::parse(&row.status).unwrap_or(Status::Open);
    let mut handling =
        intakes::handling_by_group_estate_intakes(conn, group, estate, &[row.intake_id])?
            .pop()
            .unwrap_or_else(|| HandlingRow::blank(&row));
    if !pinned(category, status, handling.handled_at) {
        return Ok(());
    }
    handling.handled_at = Some(now);
    intakes::save_handling(conn, &handling)?;
    let actor = event
        .actor
        .as_ref()
        .and_then(|a| a.id.parse().ok())
        .unwrap_or(Uuid::nil());
    intakes::insert_step(
        conn,
        &TrailRow::of(
            &row,
            now,
            actor,
            step::HANDLED,
            Some(format!("work order {} completed", w.work_order_id)),
        ),
    )?;
    tracing::info!(intake_id = %row.intake_id, %estate, "Emergency handled; it leaves the top of the desk's lists.");
    Ok(())
}
