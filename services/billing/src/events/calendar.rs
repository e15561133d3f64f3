//! Billing's copy of the estate calendar: documents publishes each estate's calendar on
//! `documents.registry.v1`; the newest version is the one finance's days are counted on, with
//! finance's own exceptions (`billing.calendars`) on top.

use crate::db::calendar::{self, EstateCalendarRow};
use chrono::{NaiveDate, NaiveTime};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::{Envelope, Payload, topics};
use diesel::PgConnection;

pub const CALENDAR_TOPICS: [&str; 1] = [topics::REGISTRY];

pub fn calendar_handler() -> Handler {
    Handler::new(
        |e| matches!(e.payload, Some(Payload::EstateCalendarSet(_))),
        apply_calendar,
    )
}

fn apply_calendar(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
    let Some(Payload::EstateCalendarSet(c)) = &event.payload else {
        return Ok(());
    };
    let (Some(group_id), Some(estate_id)) = (event.group(), event.estate()) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let dates = |v: &[String]| {
        v.iter()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ApplyError::Reject("a date is not YYYY-MM-DD".into()))
    };
    let row = EstateCalendarRow {
        group_id,
        estate_id,
        working_weekdays: c.working_weekdays.clone(),
        holidays: dates(&c.holidays)?,
        make_up_days: dates(&c.make_up_days)?,
        close_of_business: NaiveTime::parse_from_str(&c.close_of_business, "%H:%M")
            .map_err(|_| ApplyError::Reject("close_of_business is not HH:MM".into()))?,
        time_zone: desk_platform::local::Zone::or_default(&c.time_zone)
            .name()
            .to_string(),
        version: i64::try_from(c.version).unwrap_or(i64::MAX),
    };
    calendar::upsert_newer_by_group_estate(conn, &row)?;
    Ok(())
}
