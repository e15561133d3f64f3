//! 紧急求援 from the desk: the emergency order opened from the desk's entry is timed in minutes
//! from the moment the desk raised it, with the teams it alerted.

use crate::db::schema::work_orders;
use crate::db::work_orders::{self as orders, WorkOrderRow};
use desk_events::Envelope;
use desk_events::consumer::ApplyError;
use desk_events::proto::desk::v1::reception::EmergencyRaised;
use diesel::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

/// Minutes within which someone must be at an emergency, counted from the desk's call.
pub const RESPOND_WITHIN_MINUTES: i64 = 30;

/// The emergency order of the raised entry is given its call time, the minute by which someone
/// must be there, and who was alerted. Raised after the entry was logged (or recategorized) in
/// the same transaction and on the same key, so the order exists by now.
pub fn apply_raised(
    conn: &mut PgConnection,
    event: &Envelope,
    raised: &EmergencyRaised,
) -> Result<(), ApplyError> {
    let (Some(group_id), Some(estate_id), Ok(intake_id)) = (
        event.group(),
        event.estate(),
        raised.intake_id.parse::<Uuid>(),
    ) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let Some(mut row) = work_orders::table
        .filter(work_orders::group_id.eq(group_id))
        .filter(work_orders::estate_id.eq(estate_id))
        .filter(work_orders::intake_id.eq(intake_id))
        .filter(work_orders::kind.eq("emergency"))
        .select(WorkOrderRow::as_select())
        .for_update()
        .first(conn)
        .optional()?
    else {
        tracing::warn!(%intake_id, %estate_id, "Emergency raised for an entry with no emergency order.");
        return Ok(());
    };
    let called_at = chrono::DateTime::from_timestamp_micros(raised.raised_at_micros)
        .filter(|_| raised.raised_at_micros > 0)
        .unwrap_or(row.created_at);
    let respond_by = called_at + chrono::Duration::minutes(RESPOND_WITHIN_MINUTES);
    if let Some(d) = row.details.as_object_mut() {
        d.insert("called_at".into(), serde_json::json!(called_at));
        d.insert("respond_by".into(), serde_json::json!(respond_by));
        d.insert(
            "respond_within_minutes".into(),
            serde_json::json!(RESPOND_WITHIN_MINUTES),
        );
        d.insert("alerted".into(), serde_json::json!(raised.alert));
    }
    orders::save(conn, &row)?;
    tracing::warn!(work_order_id = %row.work_order_id, %estate_id, "Emergency order timed from the desk's call.");
    Ok(())
}
