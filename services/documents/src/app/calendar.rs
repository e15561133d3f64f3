//! Setting an estate's calendar, and announcing it to the services that keep a copy.

use super::registry::Actor;
use crate::db::calendar::{self as q, CalendarRow};
use crate::db::registry::{self as registry, EstateRow};
use crate::domain::calendar::{self as rules, CalendarInput, EstateCalendar};
use crate::error::Error;
use crate::events::{self, OUTBOX};
use chrono::{DateTime, Utc};
use desk_events::topics;
use diesel::PgConnection;
use uuid::Uuid;

/// The estate's calendar as it stands: the one set, or the default one (Monday to Friday,
/// no holidays, close of business 18:00) with version 0.
pub fn read(
    conn: &mut PgConnection,
    group_id: Uuid,
    estate_id: Uuid,
) -> Result<(EstateRow, EstateCalendar, i32), Error> {
    let estate = registry::find_estate_by_group(conn, group_id, estate_id)?
        .ok_or(Error::NotFound("estate"))?;
    let row = q::find_by_group_estate(conn, group_id, estate_id, false)?;
    Ok(match row {
        Some(r) => (estate, r.calendar(), r.version),
        None => (estate, EstateCalendar::default(), 0),
    })
}

/// Set the estate's calendar (a stale `expected_version` is a 409) and publish it.
pub fn set(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    input: CalendarInput,
    expected_version: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(EstateRow, EstateCalendar, i32), Error> {
    let estate = registry::find_estate_by_group(conn, actor.group_id, estate_id)?
        .ok_or(Error::NotFound("estate"))?;
    let calendar = rules::check(input)?;
    let current = q::find_by_group_estate(conn, actor.group_id, estate_id, true)?;
    let version = current.as_ref().map_or(0, |r| r.version);
    if expected_version.is_some_and(|v| v != version) {
        return Err(Error::Rule(
            "stale_version",
            "Someone changed this record since you opened it; reload and try again.",
        ));
    }
    let row = save(conn, actor, &estate, &calendar, version + 1, now)?;
    Ok((estate, row.calendar(), row.version))
}

/// Publish the estate's calendar again (its time zone moved), with a new version.
pub fn republish(
    conn: &mut PgConnection,
    actor: &Actor,
    estate: &EstateRow,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let current = q::find_by_group_estate(conn, actor.group_id, estate.estate_id, true)?;
    let (calendar, version) = match current {
        Some(r) => (r.calendar(), r.version),
        None => (EstateCalendar::default(), 0),
    };
    save(conn, actor, estate, &calendar, version + 1, now)?;
    Ok(())
}

fn save(
    conn: &mut PgConnection,
    actor: &Actor,
    estate: &EstateRow,
    calendar: &EstateCalendar,
    version: i32,
    now: DateTime<Utc>,
) -> Result<CalendarRow, Error> {
    let row = CalendarRow {
        group_id: actor.group_id,
        estate_id: estate.estate_id,
        working_weekdays: calendar
            .working_weekdays
            .iter()
            .map(|d| *d as i32)
            .collect(),
        holidays: calendar.holidays.clone(),
        make_up_days: calendar.make_up_days.clone(),
        close_of_business: calendar.close_of_business,
        version,
        updated_by: Some(actor.staff_id),
        updated_at: now,
    };
    q::upsert_by_group_estate(conn, &row)?;
    OUTBOX.enqueue(
        conn,
        topics::REGISTRY,
        &events::estate_calendar_set(
            &row,
            &estate.time_zone,
            actor.correlation_id,
            &actor.staff_id.to_string(),
        ),
    )?;
    Ok(row)
}
