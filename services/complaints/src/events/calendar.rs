//! Complaints' copy of the estate calendar: documents publishes each estate's calendar on
//! `documents.registry.v1`; the newest version becomes the calendar complaints count their
//! deadlines on.

use crate::db::settings;
use crate::domain::calendar::Calendar;
use chrono::{NaiveDate, NaiveTime};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::proto::desk::v1::documents::EstateCalendarSet;
use desk_events::{Envelope, Payload, topics};
use desk_platform::local::Zone;
use diesel::PgConnection;

pub const CALENDAR_TOPICS: [&str; 1] = [topics::REGISTRY];

pub fn calendar_handler() -> Handler {
    Handler::new(
        |e| matches!(e.payload, Some(Payload::EstateCalendarSet(_))),
        apply_calendar,
    )
}

/// The calendar an event carries, or why it cannot be read.
pub fn calendar_of(c: &EstateCalendarSet) -> Result<Calendar, String> {
    let dates = |v: &[String]| {
        v.iter()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| "a date is not YYYY-MM-DD".to_string())
    };
    let working_weekdays: Vec<u32> = c
        .working_weekdays
        .iter()
        .filter(|d| (1..=7).contains(*d))
        .map(|d| *d as u32)
        .collect();
    if working_weekdays.is_empty() {
        return Err("no working weekday".into());
    }
    Ok(Calendar {
        working_weekdays,
        holidays: dates(&c.holidays)?,
        extra_workdays: dates(&c.make_up_days)?,
        business_end: NaiveTime::parse_from_str(&c.close_of_business, "%H:%M")
            .map_err(|_| "close_of_business is not HH:MM".to_string())?,
        zone: Zone::or_default(&c.time_zone),
    })
}

fn apply_calendar(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
    let Some(Payload::EstateCalendarSet(c)) = &event.payload else {
        return Ok(());
    };
    let (Some(group_id), Some(estate_id)) = (event.group(), event.estate()) else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let calendar = calendar_of(c).map_err(ApplyError::Reject)?;
    let version = i64::try_from(c.version).unwrap_or(i64::MAX);
    settings::copy_estate_calendar(conn, group_id, estate_id, &calendar, version)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_calendar_becomes_complaints_calendar() {
        let c = calendar_of(&EstateCalendarSet {
            estate_id: String::new(),
            working_weekdays: vec![1, 2, 3, 4, 5, 6],
            holidays: vec!["2026-10-01".into()],
            make_up_days: vec!["2026-10-11".into()],
            close_of_business: "17:30".into(),
            time_zone: "Asia/Urumqi".into(),
            version: 3,
        })
        .unwrap_or_default();
        assert_eq!(c.working_weekdays, vec![1, 2, 3, 4, 5, 6]);
        assert!(!c.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default()));
        assert!(c.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 11).unwrap_or_default()));
        assert_eq!(c.zone.name(), "Asia/Urumqi");
        assert_eq!(
            c.business_end,
            NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default()
        );
        let bad = calendar_of(&EstateCalendarSet {
            holidays: vec!["1 Oct".into()],
            working_weekdays: vec![1],
            close_of_business: "18:00".into(),
            ..EstateCalendarSet::default()
        });
        assert!(bad.is_err());
    }
}
