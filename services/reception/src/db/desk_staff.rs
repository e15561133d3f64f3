//! The estate's desk as reception has seen it: who acted at its desk, and whether in a desk
//! role the last time. Reception keeps no staff accounts; this is what it knows of who works
//! which desk. Every query names the group and estate first.

use super::schema::desk_staff;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

/// How stale `seen_at` may grow before an act at the desk writes it again: every intake of a
/// busy receptionist would otherwise queue on this one row's lock.
const SEEN_REFRESH: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// `staff_id` acted at the estate's desk at `at`, in a desk role or not (`desk`). Written only
/// when the role changed or the last sighting is older than an hour (read without a lock first).
pub fn seen_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    (staff_id, desk): (Uuid, bool),
    at: DateTime<Utc>,
) -> QueryResult<()> {
    let known: Option<(bool, DateTime<Utc>)> = desk_staff::table
        .filter(desk_staff::group_id.eq(group_id))
        .filter(desk_staff::estate_id.eq(estate_id))
        .filter(desk_staff::staff_id.eq(staff_id))
        .select((desk_staff::desk, desk_staff::seen_at))
        .first(conn)
        .optional()?;
    if let Some((was_desk, seen)) = known
        && was_desk == desk
        && at - seen < SEEN_REFRESH
    {
        return Ok(());
    }
    diesel::insert_into(desk_staff::table)
        .values((
            desk_staff::group_id.eq(group_id),
            desk_staff::estate_id.eq(estate_id),
            desk_staff::staff_id.eq(staff_id),
            desk_staff::desk.eq(desk),
            desk_staff::seen_at.eq(at),
        ))
        .on_conflict((
            desk_staff::group_id,
            desk_staff::estate_id,
            desk_staff::staff_id,
        ))
        .do_update()
        .set((desk_staff::desk.eq(desk), desk_staff::seen_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

/// Whether `staff_id` works the estate's desk: seen at it, in a desk role the last time.
pub fn is_desk_by_group_estate(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
    staff_id: Uuid,
) -> QueryResult<bool> {
    Ok(desk_staff::table
        .filter(desk_staff::group_id.eq(group_id))
        .filter(desk_staff::estate_id.eq(estate_id))
        .filter(desk_staff::staff_id.eq(staff_id))
        .select(desk_staff::desk)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}
