//! The demo registry: the demo group's three estates (and one estate of a second group), each
//! with buildings, units and residents. Identifiers are stable, so loading twice changes nothing.

use super::search::{name_grams, reversed_digits};
use crate::db::registry::{BuildingRow, EstateRow, ResidentRow, UnitRow};
use chrono::{DateTime, Utc};
use desk_platform::demo;
use uuid::Uuid;

pub struct DemoEstate {
    pub estate: EstateRow,
    pub buildings: Vec<BuildingRow>,
    pub units: Vec<UnitRow>,
    pub residents: Vec<ResidentRow>,
}

const FAMILY: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙",
];
const GIVEN: [&str; 10] = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "杰"];

/// Buildings per estate, floors per building and units per floor.
const BUILDINGS: i32 = 4;
const FLOORS: i32 = 6;
const PER_FLOOR: i32 = 2;

/// The demo registry as of the system clock.
pub fn estates() -> Vec<DemoEstate> {
    estates_at(desk_platform::system_clock()())
}

/// The demo registry as of `now`: leases and moves-in dated from the estate's today.
pub fn estates_at(now: DateTime<Utc>) -> Vec<DemoEstate> {
    let mut out: Vec<DemoEstate> = demo::ESTATES
        .iter()
        .enumerate()
        .map(|(i, (code, name, centre, phone))| {
            estate(
                demo::group_id(),
                demo::estate_id(code),
                code,
                name,
                centre,
                phone,
                i,
                now,
            )
        })
        .collect();
    out.push(estate(
        demo::other_group_id(),
        demo::other_estate_id(),
        "OTH",
        "兰亭雅苑",
        "兰亭雅苑服务中心",
        "+862188880009",
        9,
        now,
    ));
    out
}

#[allow(clippy::too_many_arguments)]
fn estate(
    group_id: Uuid,
    estate_id: Uuid,
    code: &str,
    name: &str,
    centre: &str,
    phone: &str,
    seed: usize,
    now: DateTime<Utc>,
) -> DemoEstate {
    let estate = EstateRow {
        group_id,
        estate_id,
        code: code.to_string(),
        name: name.to_string(),
        service_centre_name: centre.to_string(),
        service_phone: phone.to_string(),
        active: true,
        created_at: now,
        updated_at: now,
        greeting: Some(format!("您好,{centre},请问有什么可以帮您?")),
        business_hours: "08:00-18:00".to_string(),
        time_zone: desk_platform::local::DEFAULT_ZONE.to_string(),
        departments: [
            "engineering",
            "security",
            "cleaning",
            "greening",
            "customer_service",
        ]
        .map(String::from)
        .to_vec(),
        version: 1,
    };
    let mut buildings = Vec::new();
    let mut units = Vec::new();
    let mut residents = Vec::new();
    let mut n = seed * 1000;
    for b in 1..=BUILDINGS {
        let building_id = demo::id("building", &format!("{code}-{b}"));
        buildings.push(BuildingRow {
            group_id,
            estate_id,
            building_id,
            name: format!("{b}栋"),
        });
        for floor in 1..=FLOORS {
            for room in 1..=PER_FLOOR {
                n += 1;
                let label = format!("{b}-1-{floor}{room:02}");
                let unit_id = demo::id("unit", &format!("{code}-{label}"));
                let status = match n % 9 {
                    0 => "vacant",
                    1 | 2 => "rented",
                    3 => "decorating",
                    _ => "occupied",
                };
                units.push(UnitRow {
                    group_id,
                    estate_id,
                    unit_id,
                    building_id,
                    label: label.clone(),
                    floor,
                    area_centi_m2: 8_950 + (room as i64) * 2_410 + (n as i64 % 7) * 1_000,
                    status: status.to_string(),
                    active: true,
                    version: 1,
                    updated_at: now,
                    updated_by: None,
                });
                if status == "vacant" {
                    continue;
                }
                let relation = if status == "rented" {
                    "tenant"
                } else {
                    "owner"
                };
                residents.push(resident(
                    group_id, estate_id, unit_id, code, &label, n, relation, 0, now,
                ));
                if n.is_multiple_of(3) {
                    residents.push(resident(
                        group_id,
                        estate_id,
                        unit_id,
                        code,
                        &label,
                        n + 7,
                        "household",
                        1,
                        now,
                    ));
                }
            }
        }
    }
    DemoEstate {
        estate,
        buildings,
        units,
        residents,
    }
}

#[allow(clippy::too_many_arguments)]
fn resident(
    group_id: Uuid,
    estate_id: Uuid,
    unit_id: Uuid,
    code: &str,
    label: &str,
    n: usize,
    relation: &str,
    k: usize,
    now: DateTime<Utc>,
) -> ResidentRow {
    let name = format!(
        "{}{}{}",
        FAMILY[n % FAMILY.len()],
        GIVEN[(n / 3) % GIVEN.len()],
        if n.is_multiple_of(2) {
            GIVEN[(n / 7) % GIVEN.len()]
        } else {
            ""
        }
    );
    let phone = format!("+86139{:08}", (n * 7919) % 100_000_000);
    let today = desk_platform::local::Zone::default().date(now);
    let tenant = relation == "tenant";
    ResidentRow {
        group_id,
        estate_id,
        resident_id: demo::id("resident", &format!("{code}-{label}-{k}")),
        unit_id,
        name_grams: name_grams(&name),
        name,
        phone_rev: Some(reversed_digits(&phone)),
        phone: Some(phone),
        relation: relation.to_string(),
        active: true,
        phone_alt: None,
        phone_alt_rev: None,
        id_number_enc: None,
        id_last4: None,
        move_in_date: Some(today - chrono::Days::new(30 + (n as u64 % 900))),
        lease_start: tenant.then(|| today - chrono::Days::new(60)),
        lease_end: tenant.then(|| today + chrono::Days::new(305)),
        version: 1,
        created_at: now,
        updated_at: now,
        updated_by: None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_registry_is_stable_and_consistent() {
        let a = super::estates();
        let b = super::estates();
        assert_eq!(a.len(), 4);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.estate.estate_id, y.estate.estate_id);
            assert_eq!(x.units.len(), 48);
            assert!(x.residents.len() > 30);
            let unit_ids: std::collections::HashSet<_> =
                x.units.iter().map(|u| u.unit_id).collect();
            assert!(x.residents.iter().all(|r| unit_ids.contains(&r.unit_id)));
            let labels: std::collections::HashSet<_> = x.units.iter().map(|u| &u.label).collect();
            assert_eq!(
                labels.len(),
                x.units.len(),
                "unit labels are unique in an estate"
            );
        }
    }
}
