//! What the registry's answers look like.

use crate::db::registry::{BuildingRow, EstateRow, ResidentRow, UnitRow};
use chrono::NaiveDate;
use desk_platform::mask;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
}

#[derive(Debug, Serialize)]
pub struct EstateView {
    pub estate_id: Uuid,
    pub code: String,
    pub name: String,
    pub service_centre_name: String,
    pub service_phone: String,
    pub greeting: Option<String>,
    pub business_hours: String,
    pub departments: Vec<String>,
    pub active: bool,
    pub version: i32,
    /// The estate's time zone, an IANA name.
    pub time_zone: String,
}

impl From<EstateRow> for EstateView {
    fn from(e: EstateRow) -> Self {
        Self {
            estate_id: e.estate_id,
            code: e.code,
            name: e.name,
            service_centre_name: e.service_centre_name,
            service_phone: e.service_phone,
            greeting: e.greeting,
            business_hours: e.business_hours,
            departments: e.departments,
            active: e.active,
            version: e.version,
            time_zone: e.time_zone,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct BuildingView {
    pub building_id: Uuid,
    pub name: String,
}

impl From<BuildingRow> for BuildingView {
    fn from(b: BuildingRow) -> Self {
        Self {
            building_id: b.building_id,
            name: b.name,
        }
    }
}

pub fn area(centi: i64) -> String {
    format!("{}.{:02}", centi / 100, centi % 100)
}

#[derive(Debug, Serialize)]
pub struct UnitView {
    pub unit_id: Uuid,
    pub building_id: Uuid,
    pub label: String,
    pub floor: i32,
    /// Floor area in square metres, two decimals, as text (exact).
    pub area_m2: String,
    pub status: String,
    pub active: bool,
    pub version: i32,
}

impl From<UnitRow> for UnitView {
    fn from(u: UnitRow) -> Self {
        Self {
            unit_id: u.unit_id,
            building_id: u.building_id,
            label: u.label,
            floor: u.floor,
            area_m2: area(u.area_centi_m2),
            status: u.status,
            active: u.active,
            version: u.version,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ResidentView {
    pub resident_id: Uuid,
    pub unit_id: Uuid,
    pub name: String,
    pub relation: String,
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    /// Always masked; the full number has its own, audited, address.
    pub id_number: Option<String>,
    pub move_in_date: Option<NaiveDate>,
    pub lease_start: Option<NaiveDate>,
    pub lease_end: Option<NaiveDate>,
    pub active: bool,
    pub version: i32,
}

impl ResidentView {
    pub fn new(r: ResidentRow, full_phone: bool) -> Self {
        let show = |p: Option<String>| p.map(|p| if full_phone { p } else { mask::phone(&p) });
        Self {
            resident_id: r.resident_id,
            unit_id: r.unit_id,
            name: r.name,
            relation: r.relation,
            phone: show(r.phone),
            phone_alt: show(r.phone_alt),
            id_number: r.id_last4.as_deref().map(mask::id_number),
            move_in_date: r.move_in_date,
            lease_start: r.lease_start,
            lease_end: r.lease_end,
            active: r.active,
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct UnitCard {
    pub unit: UnitView,
    pub building: String,
    pub residents: Vec<ResidentView>,
}
