//! The identifiers of the demo group, shared by the services that load demo data into their
//! own schemas (the gateway its staff accounts, documents its registry), so that the staff
//! scopes and the estates agree.

use uuid::Uuid;

const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a3e_9b7d_4e61_8a2f_5c0d_1e9b_7a44);

/// A stable identifier for a demo record, from its kind and name.
pub fn id(kind: &str, name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}/{name}").as_bytes())
}

/// The demo property group.
pub fn group_id() -> Uuid {
    id("group", "huayuan")
}

/// The demo estates: (code, name, service-centre name, service phone).
pub const ESTATES: [(&str, &str, &str, &str); 3] = [
    ("SUN", "阳光花园", "阳光花园服务中心", "+862088880001"),
    ("LAK", "翠湖苑", "翠湖苑客服中心", "+862088880002"),
    ("TWR", "华苑大厦", "华苑大厦管理处", "+862088880003"),
];

pub fn estate_id(code: &str) -> Uuid {
    id("estate", code)
}

/// A second group, so that the separation of groups can be seen in the demo.
pub fn other_group_id() -> Uuid {
    id("group", "lanting")
}

pub fn other_estate_id() -> Uuid {
    id("estate", "OTH")
}

/// A stable number from a few words (FNV-1a), for demo habits that look random but load the
/// same way every time.
pub fn dice(words: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in words.join("/").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
