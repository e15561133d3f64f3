//! Demo staff accounts: one of every role for the demo group, and a desk and HQ account in a
//! second group to show that groups never see each other; two residents for the portal.

use crate::db::residents::{self, ResidentRow};
use crate::db::staff::{self, StaffRow};
use crate::domain::password;
use desk_platform::db::Pool;
use desk_platform::demo;
use uuid::Uuid;

/// The password of every demo account.
pub const PASSWORD: &str = "desk-demo-2026";

/// (username, display name, roles, estate codes or `None` for the whole group, group).
type DemoStaff = (
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static [&'static str]>,
    fn() -> Uuid,
);

pub const ACCOUNTS: [DemoStaff; 10] = [
    (
        "sun.desk",
        "前台 林晓",
        &["receptionist"],
        Some(&["SUN"]),
        demo::group_id,
    ),
    (
        "sun.supervisor",
        "客服主管 周敏",
        &["supervisor"],
        Some(&["SUN", "LAK"]),
        demo::group_id,
    ),
    (
        "sun.manager",
        "管理处主任 陈刚",
        &["estate_manager"],
        Some(&["SUN"]),
        demo::group_id,
    ),
    (
        "sun.tech",
        "维修员 赵强",
        &["technician"],
        Some(&["SUN"]),
        demo::group_id,
    ),
    (
        "sun.cashier",
        "收银员 吴芳",
        &["cashier"],
        Some(&["SUN"]),
        demo::group_id,
    ),
    (
        "lak.desk",
        "前台 郑丽",
        &["receptionist"],
        Some(&["LAK"]),
        demo::group_id,
    ),
    ("hq", "总部客服部 孙磊", &["hq"], None, demo::group_id),
    ("admin", "系统管理员", &["admin"], None, demo::group_id),
    (
        "oth.desk",
        "前台 何静",
        &["receptionist"],
        Some(&["OTH"]),
        demo::other_group_id,
    ),
    ("oth.hq", "总部 冯洋", &["hq"], None, demo::other_group_id),
];

/// Demo residents of the portal: (phone, name, estate code, unit label), in the demo group.
/// Two neighbours in 阳光花园, so that each can be shown not to see the other's items.
pub const RESIDENTS: [(&str, &str, &str, &str); 2] = [
    ("13900000101", "住户 王芳", "SUN", "1-1-101"),
    ("13900000102", "住户 李伟", "SUN", "1-1-102"),
];

/// Create the demo accounts that do not exist yet; returns how many were created.
pub fn load(pool: &Pool) -> anyhow::Result<usize> {
    let mut conn = pool.get()?;
    let hash = password::hash(PASSWORD)?;
    let mut created = 0;
    for (username, name, roles, estates, group) in ACCOUNTS {
        let now = chrono::Utc::now();
        let row = StaffRow {
            group_id: group(),
            staff_id: demo::id("staff", username),
            username: username.to_string(),
            display_name: name.to_string(),
            password_hash: hash.clone(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            scope_all: estates.is_none(),
            estate_ids: estates
                .unwrap_or(&[])
                .iter()
                .map(|code| {
                    if *code == "OTH" {
                        demo::other_estate_id()
                    } else {
                        demo::estate_id(code)
                    }
                })
                .collect(),
            active: true,
            created_at: now,
            updated_at: now,
        };
        if staff::insert(&mut conn, &row)? {
            created += 1;
        }
    }
    for (phone, name, estate, unit) in RESIDENTS {
        let now = chrono::Utc::now();
        let row = ResidentRow {
            group_id: demo::group_id(),
            resident_id: demo::id("resident-account", phone),
            display_name: name.to_string(),
            phone: phone.to_string(),
            password_hash: hash.clone(),
            unit_estate_ids: vec![demo::estate_id(estate)],
            unit_labels: vec![unit.to_string()],
            active: true,
            created_by: demo::id("staff", "sun.desk"),
            created_at: now,
            updated_at: now,
        };
        if residents::insert(&mut conn, &row)? {
            created += 1;
        }
    }
    Ok(created)
}
