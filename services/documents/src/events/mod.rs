//! The registry's events on `documents.registry.v1`.

use crate::db::SCHEMA;
use crate::db::calendar::CalendarRow;
use crate::db::registry::{EstateRow, ResidentRow, UnitRow};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::documents::{
    EstateCalendarSet, EstateUpserted, ResidentUpserted, UnitUpserted,
};
use desk_events::{Envelope, EventMeta, Payload, envelope};
use uuid::Uuid;

pub mod passes;

pub const OUTBOX: Outbox = Outbox::new(SCHEMA);

fn meta(
    group_id: Uuid,
    estate_id: Uuid,
    aggregate_id: Uuid,
    version: i32,
    correlation_id: Uuid,
    actor: &str,
) -> EventMeta {
    EventMeta {
        group_id,
        estate_id,
        aggregate_id,
        aggregate_version: version.max(1) as u64,
        correlation_id,
        causation_id: None,
        actor_kind: "staff",
        actor_id: actor.to_string(),
    }
}

pub fn estate_upserted(e: &EstateRow, correlation_id: Uuid, actor: &str) -> Envelope {
    envelope(
        &meta(
            e.group_id,
            e.estate_id,
            e.estate_id,
            e.version,
            correlation_id,
            actor,
        ),
        "documents.estate.upserted",
        Payload::EstateUpserted(EstateUpserted {
            estate_id: e.estate_id.to_string(),
            code: e.code.clone(),
            name: e.name.clone(),
            service_centre_name: e.service_centre_name.clone(),
            service_phone: e.service_phone.clone(),
            active: e.active,
            greeting: e.greeting.clone().unwrap_or_default(),
            business_hours: e.business_hours.clone(),
            departments: e.departments.clone(),
            time_zone: e.time_zone.clone(),
        }),
    )
}

/// The estate's calendar, in its time zone, for the services that count working days on it.
pub fn estate_calendar_set(
    c: &CalendarRow,
    time_zone: &str,
    correlation_id: Uuid,
    actor: &str,
) -> Envelope {
    envelope(
        &meta(
            c.group_id,
            c.estate_id,
            c.estate_id,
            c.version,
            correlation_id,
            actor,
        ),
        "documents.estate.calendar_set",
        Payload::EstateCalendarSet(EstateCalendarSet {
            estate_id: c.estate_id.to_string(),
            working_weekdays: c.working_weekdays.clone(),
            holidays: c.holidays.iter().map(|d| d.to_string()).collect(),
            make_up_days: c.make_up_days.iter().map(|d| d.to_string()).collect(),
            close_of_business: c.close_of_business.format("%H:%M").to_string(),
            time_zone: time_zone.to_string(),
            version: c.version.max(1) as u64,
        }),
    )
}

pub fn unit_upserted(
    u: &UnitRow,
    building_name: &str,
    correlation_id: Uuid,
    actor: &str,
) -> Envelope {
    envelope(
        &meta(
            u.group_id,
            u.estate_id,
            u.unit_id,
            u.version,
            correlation_id,
            actor,
        ),
        "documents.unit.upserted",
        Payload::UnitUpserted(UnitUpserted {
            unit_id: u.unit_id.to_string(),
            building_id: u.building_id.to_string(),
            building_name: building_name.to_string(),
            label: u.label.clone(),
            floor: u.floor,
            area_centi_m2: u.area_centi_m2,
            status: u.status.clone(),
            active: u.active,
        }),
    )
}

pub fn resident_upserted(r: &ResidentRow, correlation_id: Uuid, actor: &str) -> Envelope {
    envelope(
        &meta(
            r.group_id,
            r.estate_id,
            r.resident_id,
            r.version,
            correlation_id,
            actor,
        ),
        "documents.resident.upserted",
        Payload::ResidentUpserted(ResidentUpserted {
            resident_id: r.resident_id.to_string(),
            unit_id: r.unit_id.to_string(),
            name: r.name.clone(),
            phone: r.phone.clone().unwrap_or_default(),
            relation: r.relation.clone(),
            active: r.active,
            phone_alt: r.phone_alt.clone().unwrap_or_default(),
            lease_end: r.lease_end.map(|d| d.to_string()).unwrap_or_default(),
        }),
    )
}
