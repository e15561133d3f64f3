//! Creating and changing estates, buildings, units and residents.

use crate::db::registry::{self as q, BuildingRow, EstateRow, ResidentRow, UnitRow};
use crate::domain::import::Plan;
use crate::domain::registry::{self as rules};
use crate::domain::search::{name_grams, reversed_digits};
use crate::error::Error;
use crate::events::{self, OUTBOX};
use crate::privacy::{IdSealer, last4};
use chrono::{DateTime, NaiveDate, Utc};
use desk_events::topics;
use diesel::PgConnection;
use uuid::Uuid;

/// Who is changing the registry, for the events and the rows' `updated_by`.
#[derive(Debug, Clone, Copy)]
pub struct Actor {
    pub group_id: Uuid,
    pub staff_id: Uuid,
    pub correlation_id: Uuid,
}

impl Actor {
    fn id(&self) -> String {
        self.staff_id.to_string()
    }
}

pub struct NewEstate {
    pub estate_id: Uuid,
    pub code: String,
    pub name: String,
    pub service_centre_name: String,
    pub service_phone: String,
    pub greeting: Option<String>,
    pub business_hours: Option<String>,
    pub departments: Option<Vec<String>>,
    pub time_zone: Option<String>,
}

pub fn create_estate(
    conn: &mut PgConnection,
    actor: &Actor,
    input: NewEstate,
    now: DateTime<Utc>,
) -> Result<EstateRow, Error> {
    let name = rules::name("name", &input.name)?;
    let row = EstateRow {
        group_id: actor.group_id,
        estate_id: input.estate_id,
        code: rules::estate_code(&input.code)?,
        service_centre_name: rules::name("service_centre_name", &input.service_centre_name)?,
        service_phone: rules::phone("service_phone", &input.service_phone)?,
        greeting: input
            .greeting
            .map(|g| rules::name("greeting", &g))
            .transpose()?,
        business_hours: rules::business_hours(
            input.business_hours.as_deref().unwrap_or("08:00-18:00"),
        )?,
        departments: match input.departments {
            Some(d) => rules::departments(&d)?,
            None => rules::DEPARTMENTS[..5]
                .iter()
                .map(|d| d.to_string())
                .collect(),
        },
        time_zone: match input.time_zone {
            Some(z) => rules::time_zone(&z)?,
            None => desk_platform::local::DEFAULT_ZONE.to_string(),
        },
        name,
        active: true,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    if !q::insert_estate(conn, &row)? {
        return Err(Error::Rule(
            "estate_code_taken",
            "The group already has an estate with this code.",
        ));
    }
    OUTBOX.enqueue(
        conn,
        topics::REGISTRY,
        &events::estate_upserted(&row, actor.correlation_id, &actor.id()),
    )?;
    if row.time_zone != desk_platform::local::DEFAULT_ZONE {
        // The copies of its calendar count its days in its own zone from the start.
        super::calendar::republish(conn, actor, &row, now)?;
    }
    Ok(row)
}

#[derive(Default)]
pub struct EstateChange {
    pub name: Option<String>,
    pub service_centre_name: Option<String>,
    pub service_phone: Option<String>,
    pub greeting: Option<String>,
    pub business_hours: Option<String>,
    pub departments: Option<Vec<String>>,
    pub active: Option<bool>,
    pub time_zone: Option<String>,
    pub expected_version: Option<i32>,
}

fn check_version(current: i32, expected: Option<i32>) -> Result<(), Error> {
    match expected {
        Some(v) if v != current => Err(Error::Rule(
            "stale_version",
            "Someone changed this record since you opened it; reload and try again.",
        )),
        _ => Ok(()),
    }
}

pub fn change_estate(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    c: EstateChange,
    now: DateTime<Utc>,
) -> Result<EstateRow, Error> {
    let mut row = q::find_estate_by_group(conn, actor.group_id, estate_id)?
        .ok_or(Error::NotFound("estate"))?;
    check_version(row.version, c.expected_version)?;
    if let Some(v) = c.name {
        row.name = rules::name("name", &v)?;
    }
    if let Some(v) = c.service_centre_name {
        row.service_centre_name = rules::name("service_centre_name", &v)?;
    }
    if let Some(v) = c.service_phone {
        row.service_phone = rules::phone("service_phone", &v)?;
    }
    if let Some(v) = c.greeting {
        row.greeting = if v.trim().is_empty() {
            None
        } else {
            Some(rules::name("greeting", &v)?)
        };
    }
    if let Some(v) = c.business_hours {
        row.business_hours = rules::business_hours(&v)?;
    }
    if let Some(v) = c.departments {
        row.departments = rules::departments(&v)?;
    }
    if let Some(v) = c.active {
        row.active = v;
    }
    let zone_moved = match c.time_zone {
        Some(z) => {
            let z = rules::time_zone(&z)?;
            let moved = z != row.time_zone;
            row.time_zone = z;
            moved
        }
        None => false,
    };
    row.version += 1;
    row.updated_at = now;
    q::update_estate(conn, &row)?;
    OUTBOX.enqueue(
        conn,
        topics::REGISTRY,
        &events::estate_upserted(&row, actor.correlation_id, &actor.id()),
    )?;
    if zone_moved {
        // The calendar's days are the estate's days: its copies learn the new zone with it.
        super::calendar::republish(conn, actor, &row, now)?;
    }
    Ok(row)
}

pub fn create_building(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    name: &str,
) -> Result<BuildingRow, Error> {
    q::find_estate_by_group(conn, actor.group_id, estate_id)?.ok_or(Error::NotFound("estate"))?;
    let row = BuildingRow {
        group_id: actor.group_id,
        estate_id,
        building_id: Uuid::now_v7(),
        name: rules::name("name", name)?,
    };
    if !q::insert_building(conn, &row)? {
        return Err(Error::Rule(
            "building_name_taken",
            "The estate already has a building with this name.",
        ));
    }
    Ok(row)
}

pub struct NewUnit {
    pub building_id: Uuid,
    pub label: String,
    pub floor: i32,
    pub area_m2: String,
    pub status: String,
}

pub fn create_unit(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    input: NewUnit,
    now: DateTime<Utc>,
) -> Result<UnitRow, Error> {
    let building =
        q::find_building_by_group_estate(conn, actor.group_id, estate_id, input.building_id)?
            .ok_or(Error::Rule(
                "unknown_building",
                "The estate has no such building.",
            ))?;
    let row = UnitRow {
        group_id: actor.group_id,
        estate_id,
        unit_id: Uuid::now_v7(),
        building_id: building.building_id,
        label: rules::unit_label(&input.label)?,
        floor: floor(input.floor)?,
        area_centi_m2: rules::area_centi(&input.area_m2)?,
        status: rules::unit_status(&input.status)?,
        active: true,
        version: 1,
        updated_at: now,
        updated_by: Some(actor.staff_id),
    };
    if !q::insert_unit(conn, &row)? {
        return Err(Error::Rule(
            "unit_label_taken",
            "The estate already has a unit with this number.",
        ));
    }
    OUTBOX.enqueue(
        conn,
        topics::REGISTRY,
        &events::unit_upserted(&row, &building.name, actor.correlation_id, &actor.id()),
    )?;
    Ok(row)
}

fn floor(f: i32) -> Result<i32, Error> {
    if (-10..=200).contains(&f) {
        Ok(f)
    } else {
        Err(rules::invalid("floor", "must be from -10 to 200").into())
    }
}

#[derive(Default)]
pub struct UnitChange {
    pub floor: Option<i32>,
    pub area_m2: Option<String>,
    pub status: Option<String>,
    pub active: Option<bool>,
    pub expected_version: Option<i32>,
}

pub fn change_unit(
    conn: &mut PgConnection,
    actor: &Actor,
    estate_id: Uuid,
    unit_id: Uuid,
    c: UnitChange,
    now: DateTime<Utc>,
) -> Result<UnitRow, Error> {
    let mut row = q::find_unit_by_group_estate(conn, actor.group_id, estate_id, unit_id)?
        .ok_or(Error::NotFound("unit"))?;
    check_version(row.version, c.expected_version)?;
    if let Some(f) = c.floor {
        row.floor = floor(f)?;
    }
    if let Some(a) = c.area_m2 {
        row.area_centi_m2 = rules::area_centi(&a)?;
    }
    if let Some(s) = c.status {
        row.status = rules::unit_status(&s)?;
    }
    if let Some(a) = c.active {
        row.active = a;
    }
    row.version += 1;
    row.updated_at = now;
    row.updated_by = Some(actor.staff_id);
    q::update_unit(conn, &row)?;
    let building =
        q::find_building_by_group_estate(conn, actor.group_id, estate_id, row.building_id)?
            .map(|b| b.name)
            .unwrap_or_default();
    OUTBOX.enqueue(
        conn,
        topics::REGISTRY,
        &events::unit_upserted(&row, &building, actor.correlation_id, &actor.id()),
    )?;
    Ok(row)
}

pub struct NewResident {
    pub unit_id: Uuid,
    pub name: String,
    pub relation: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub id_number: Option<String>,
    pub move_in_date: Option<NaiveDate>,
    pub lease_start: Option<NaiveDate>,
    pub lease_end: Option<NaiveDate>,
}

fn optional_phone(field: &'static str, v: Option<String>) -> Result<Option<String>, Error> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(p) => Ok(Some(rules::phone(field, p)?)),
    }
}

pub fn create_resident(
    conn: &mut PgConnection,
    actor: &Actor,
    sealer: &IdSealer,
    estate_id: Uuid,
    input: NewResident,
    now: DateTime<Utc>,
) -> Result<ResidentRow, Error> {
    let unit = q::find_unit_by_group_estate(conn, actor.group_id, estate_id, input.unit_id)?
        .ok_or(Error::Rule("unknown_unit", "The estate has no such unit."))?;
    if !unit.active {
        return Err(Error::Rule("unit_inactive", "The unit is deactivated."));
    }
    let relation = rules::relation(&input.relation)?;
    rules::lease(&relation, input.lease_start, input.lease_end)?;
    let name = rules::name("name", &input.name)?;
    let phone = optional_phone("phone", input.phone)?;
    let phone_alt = optional_phone("phone_alt", input.phone_alt)?;
    let resident_id = Uuid::now_v7();
    let (id_number_enc, id_last4) = seal(sealer, resident_id, input.id_number)?;
    let row = ResidentRow {
        group_id: actor.group_id,
        estate_id,
        resident_id,
        unit_id: unit.unit_id,
        name_grams: name_grams(&name),
        name,
        phone_rev: phone.as_deref().map(reversed_digits),
        phone,
        phone_alt_rev: phone_alt.as_deref().map(reversed_digits),
        phone_alt,
        relation,
        active: true,
        id_number_enc,
        id_last4,
        move_in_date: input.move_in_date,
        lease_start: input.lease_start,
        lease_end: input.lease_end,
        version: 1,
        created_at: now,
        updated_at: now,
        updated_by: Some(actor.staff_id),
    };
    q::insert_resident(conn, &row)?;
    OUTBOX.enqueue(
        conn,
        topics::REGISTRY,
        &events::resident_upserted(&row, actor.correlation_id, &actor.id()),
    )?;
    Ok(row)
}

fn seal(
    sealer: &IdSealer,
    resident_id: Uuid,
    id_number: Option<String>,
) -> Result<(Option<Vec<u8>>, Option<String>), Error> {
    match id_number.as_deref().map(str::trim) {
        None | Some("") => Ok((None, None)),
        Some(raw) => {
            let id = rules::id_number(raw)?;
            let sealed = sealer
                .seal(resident_id, &id)
                .map_err(|e| Error::Internal(e.to_string()))?;
            Ok((Some(sealed), Some(last4(&id))))
        }
    }
}

#[derive(Default)]
pub struct ResidentChange {
    pub name: Option<String>,
    pub relation: Option<String>,
    /// `Some("")` clears the number.
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub id_number: Option<String>,
    pub move_in_date: Option<NaiveDate>,
    pub lease_start: Option<NaiveDate>,
    pub lease_end: Option<NaiveDate>,
    pub active: Option<bool>,
    pub expected_version: Option<i32>,
}

pub fn change_resident(
    conn: &mut PgConnection,
    actor: &Actor,
    sealer: &IdSealer,
    estate_id: Uuid,
    resident_id: Uuid,
    c: ResidentChange,
    now: DateTime<Utc>,
) -> Result<ResidentRow, Error> {
    let mut row = q::find_resident_by_group_estate(conn, actor.group_id, estate_id, resident_id)?
        .ok_or(Error::NotFound("resident"))?;
    check_version(row.version, c.expected_version)?;
    if let Some(n) = c.name {
        row.name = rules::name("name", &n)?;
        row.name_grams = name_grams(&row.name);
    }
    if let Some(r) = c.relation {
        row.relation = rules::relation(&r)?;
    }
    if c.phone.is_some() {
        row.phone = optional_phone("phone", c.phone)?;
        row.phone_rev = row.phone.as_deref().map(reversed_digits);
    }
    if c.phone_alt.is_some() {
        row.phone_alt = optional_phone("phone_alt", c.phone_alt)?;
        row.phone_alt_rev = row.phone_alt.as_deref().map(reversed_digits);
    }
    if c.id_number.is_some() {
        (row.id_number_enc, row.id_last4) = seal(sealer, row.resident_id, c.id_number)?;
    }
    if c.move_in_date.is_some() {
        row.move_in_date = c.move_in_date;
    }
    if c.lease_start.is_some() {
        row.lease_start = c.lease_start;
    }
    if c.lease_end.is_some() {
        row.lease_end = c.lease_end;
    }
    if let Some(a) = c.active {
        row.active = a;
    }
    rules::lease(&row.relation, row.lease_start, row.lease_end)?;
    row.version += 1;
    row.updated_at = now;
    row.updated_by = Some(actor.staff_id);
    q::update_resident(conn, &row)?;
    OUTBOX.enqueue(
        conn,
        topics::REGISTRY,
        &events::resident_upserted(&row, actor.correlation_id, &actor.id()),
    )?;
    Ok(row)
}

/// What an import added.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Imported {
    pub buildings: usize,
    pub units: usize,
    pub residents: usize,
}

/// Apply a checked import plan. Units already in the registry (same number) are refused as a
/// whole: an import adds an estate's units, it does not overwrite them.
pub fn import(
    conn: &mut PgConnection,
    actor: &Actor,
    sealer: &IdSealer,
    estate_id: Uuid,
    plan: Plan,
    now: DateTime<Utc>,
) -> Result<Imported, Error> {
    q::find_estate_by_group(conn, actor.group_id, estate_id)?.ok_or(Error::NotFound("estate"))?;
    let mut done = Imported::default();
    let mut building_ids = std::collections::HashMap::new();
    for name in &plan.buildings {
        let b = match q::find_building_by_group_estate_name(conn, actor.group_id, estate_id, name)?
        {
            Some(b) => b,
            None => {
                done.buildings += 1;
                create_building(conn, actor, estate_id, name)?
            }
        };
        building_ids.insert(name.clone(), b.building_id);
    }
    let mut unit_ids = std::collections::HashMap::new();
    for u in plan.units {
        let building_id = building_ids
            .get(&u.building)
            .copied()
            .ok_or(Error::Internal("building of a planned unit".into()))?;
        let label = u.label.clone();
        let row = create_unit(
            conn,
            actor,
            estate_id,
            NewUnit {
                building_id,
                label: u.label,
                floor: u.floor,
                area_m2: format!("{}.{:02}", u.area_centi / 100, u.area_centi % 100),
                status: u.status,
            },
            now,
        )
        .map_err(|e| match e {
            Error::Rule("unit_label_taken", _) => Error::Rule(
                "unit_label_taken",
                "A unit of the file is already in the registry; an import only adds units.",
            ),
            other => other,
        })?;
        unit_ids.insert(label, row.unit_id);
        done.units += 1;
    }
    for r in plan.residents {
        let unit_id = unit_ids
            .get(&r.unit_label)
            .copied()
            .ok_or(Error::Internal("unit of a planned resident".into()))?;
        create_resident(
            conn,
            actor,
            sealer,
            estate_id,
            NewResident {
                unit_id,
                name: r.name,
                relation: r.relation,
                phone: r.phone,
                phone_alt: r.phone_alt,
                id_number: r.id_number,
                move_in_date: r.move_in_date,
                lease_start: r.lease_start,
                lease_end: r.lease_end,
            },
            now,
        )?;
        done.residents += 1;
    }
    Ok(done)
}
