//! Demo complaints for the demo group: six months at each demo estate, each estate with its own
//! share of valid complaints, of complaints resolved by the deadline and of satisfied
//! complainants, taken through the same steps as the desk takes them, so that the statistics
//! and head office's ranking have something to show. Loading again adds nothing, and two
//! loaders at once load each estate once (each estate in one transaction that holds the
//! estate's demo lock).

use crate::app::handling::{self, Actor, Classification, NewComplaint};
use crate::db::complaints as complaints_db;
use crate::db::settings;
use crate::domain::complaint::TYPES;
use chrono::{Datelike, Duration, Months, NaiveDate, Utc};
use desk_auth::Role;
use desk_platform::demo;
use diesel::prelude::*;
use uuid::Uuid;

/// (estate code, % valid, % resolved on time, % satisfied at the follow-up).
const HABITS: [(&str, u64, u64, u64); 3] = [
    ("SUN", 82, 90, 88),
    ("LAK", 64, 71, 70),
    ("TWR", 75, 58, 79),
];

const UNITS: [&str; 6] = [
    "1-1-101", "1-1-102", "1-2-201", "2-1-301", "2-1-401", "3-1-602",
];

/// Load the demo complaints; how many were opened.
pub fn load(pool: &desk_platform::db::Pool) -> anyhow::Result<usize> {
    let mut conn = pool.get()?;
    let group = demo::group_id();
    let now = Utc::now();
    let today = desk_platform::local::Zone::default().date(now);
    let this_month = today.with_day(1).unwrap_or(today);
    let mut opened = 0;
    for (code, valid_pct, on_time_pct, happy_pct) in HABITS {
        let estate = demo::estate_id(code);
        let staff = demo::id("staff", &format!("{}.supervisor", code.to_lowercase()));
        conn.transaction::<_, anyhow::Error, _>(|conn| {
            // Another loader at work on the estate (a second replica, a restart) finishes
            // first; its complaints are then there and this one adds none.
            complaints_db::lock_demo_of_estate(conn, estate)?;
            let existing: i64 = {
                use crate::db::schema::complaints;
                complaints::table
                    .filter(complaints::group_id.eq(group))
                    .filter(complaints::estate_id.eq(estate))
                    .count()
                    .get_result(conn)?
            };
            if existing > 0 {
                return Ok(());
            }
            let department = settings::find_or_default(conn, group, estate)?
                .departments
                .first()
                .cloned()
                .unwrap_or_else(|| "engineering".into());
            for back in (0..6).rev() {
                let month: NaiveDate = this_month - Months::new(back);
                let n = 5 + demo::dice(&[code, &month.to_string()]) % 6;
                for k in 0..n {
                    let roll = demo::dice(&[code, &month.to_string(), &k.to_string()]);
                    let t0 = (month + Duration::days((roll % 25) as i64))
                        .and_hms_opt(1 + (roll % 8) as u32, 0, 0)
                        .unwrap_or_default()
                        .and_utc();
                    if t0 > now {
                        continue;
                    }
                    let at = |offset: Duration| Actor {
                        group_id: group,
                        staff_id: Some(staff),
                        roles: vec![Role::Supervisor, Role::EstateManager, Role::Receptionist],
                        now: (t0 + offset).min(now),
                        correlation_id: Uuid::now_v7(),
                    };
                    let kind = TYPES[(roll % TYPES.len() as u64) as usize];
                    let Some(c) = handling::open(
                        conn,
                        &at(Duration::zero()),
                        NewComplaint {
                            estate_id: estate,
                            intake_id: None,
                            channel: "phone".into(),
                            complainant_name: None,
                            complainant_phone: None,
                            unit_label: Some(
                                UNITS[(roll / 7 % UNITS.len() as u64) as usize].into(),
                            ),
                            description: format!("{kind}: 业主来电反映问题"),
                            location: None,
                            occurred_at: None,
                            demand: Some("尽快处理".into()),
                            complaint_type: Some(kind.into()),
                            taken_by: staff,
                        },
                    )?
                    else {
                        continue;
                    };
                    opened += 1;
                    let id = c.complaint_id;
                    let valid = roll / 11 % 100 < valid_pct;
                    handling::classify(
                        conn,
                        &at(Duration::minutes(10)),
                        estate,
                        id,
                        Classification {
                            complaint_type: None,
                            severity: None,
                            validity: Some(if valid { "valid" } else { "invalid" }.into()),
                            reason: "已核实".into(),
                        },
                    )?;
                    if valid {
                        handling::assign(
                            conn,
                            &at(Duration::minutes(20)),
                            estate,
                            id,
                            &department,
                            None,
                            handling::ExtensionIn::default(),
                        )?;
                        let took = if roll / 13 % 100 < on_time_pct { 1 } else { 6 };
                        if t0 + Duration::days(took) > now {
                            continue;
                        }
                        handling::resolve(
                            conn,
                            &at(Duration::days(took)),
                            estate,
                            id,
                            "已处理完毕",
                        )?;
                    }
                    let replied = if valid {
                        Duration::days(6) + Duration::hours(2)
                    } else {
                        Duration::hours(1)
                    };
                    if t0 + replied > now {
                        continue;
                    }
                    handling::reply(
                        conn,
                        &at(replied),
                        estate,
                        id,
                        "phone",
                        "已向业主说明处理结果",
                    )?;
                    if t0 + replied + Duration::days(1) > now {
                        continue;
                    }
                    let happy = roll / 17 % 100 < happy_pct;
                    handling::follow_up(
                        conn,
                        &at(replied + Duration::days(1)),
                        estate,
                        id,
                        if happy {
                            "satisfied"
                        } else {
                            "basically_satisfied"
                        },
                        None,
                    )?;
                }
            }
            Ok(())
        })?;
    }
    Ok(opened)
}
