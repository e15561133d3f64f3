//! Resident accounts: their units and their token claims.

use crate::db::residents::ResidentRow;
use desk_auth::{Claims, EstateScope, Role, UnitRef};
use uuid::Uuid;

/// At most this many units on one account.
pub const MAX_UNITS: usize = 20;

/// A unit label as every service keeps it: trimmed, upper case (`3-2-1201`, `A-1201`).
pub fn normalise_label(raw: &str) -> Option<String> {
    let v = raw.trim().to_uppercase();
    (!v.is_empty() && v.chars().count() <= 40).then_some(v)
}

/// The units as given by the desk, normalised and without repeats; an error names the rule.
pub fn check_units(units: &[(Uuid, String)]) -> Result<Vec<UnitRef>, &'static str> {
    if units.is_empty() {
        return Err("units: at least one unit");
    }
    if units.len() > MAX_UNITS {
        return Err("units: at most 20 units");
    }
    let mut out: Vec<UnitRef> = Vec::new();
    for (estate_id, label) in units {
        let unit_label = normalise_label(label).ok_or("units: unit_label of 1 to 40 characters")?;
        let unit = UnitRef {
            estate_id: *estate_id,
            unit_label,
        };
        if !out.contains(&unit) {
            out.push(unit);
        }
    }
    Ok(out)
}

/// The units of an account row.
pub fn units_of(row: &ResidentRow) -> Vec<UnitRef> {
    row.unit_estate_ids
        .iter()
        .zip(&row.unit_labels)
        .map(|(e, l)| UnitRef {
            estate_id: *e,
            unit_label: l.clone(),
        })
        .collect()
}

/// The estates of the units, each once, in the order of the units.
pub fn estates_of(units: &[UnitRef]) -> Vec<Uuid> {
    let mut out = Vec::new();
    for u in units {
        if !out.contains(&u.estate_id) {
            out.push(u.estate_id);
        }
    }
    out
}

/// A resident's token: the one role `resident`, the estates of their units as scope, the
/// units themselves.
pub fn claims_for(row: &ResidentRow, now: i64, ttl_secs: i64) -> Claims {
    let units = units_of(row);
    Claims {
        sub: row.resident_id,
        grp: row.group_id,
        roles: vec![Role::Resident],
        scope: EstateScope::Estates(estates_of(&units)),
        iat: now,
        exp: now + ttl_secs,
        units,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ResidentRow {
        ResidentRow {
            group_id: Uuid::from_u128(1),
            resident_id: Uuid::from_u128(2),
            display_name: "王芳".into(),
            phone: "13800000001".into(),
            password_hash: String::new(),
            unit_estate_ids: vec![Uuid::from_u128(3), Uuid::from_u128(3), Uuid::from_u128(4)],
            unit_labels: vec!["1-1-101".into(), "1-1-102".into(), "A-9".into()],
            active: true,
            created_by: Uuid::from_u128(9),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn a_resident_token_holds_the_units_and_their_estates_only() {
        let c = claims_for(&row(), 1000, 3600);
        assert_eq!(c.roles, vec![Role::Resident]);
        assert_eq!(
            c.scope,
            EstateScope::Estates(vec![Uuid::from_u128(3), Uuid::from_u128(4)])
        );
        assert_eq!(c.units.len(), 3);
        assert_eq!(c.units[2].unit_label, "A-9");
        assert_eq!(
            (c.sub, c.grp, c.exp),
            (Uuid::from_u128(2), Uuid::from_u128(1), 4600)
        );
    }

    #[test]
    fn units_are_normalised_and_checked() {
        let e = Uuid::from_u128(3);
        let units = check_units(&[(e, " 1-1-101a ".into()), (e, "1-1-101A".into())])
            .unwrap_or_else(|m| panic!("{m}"));
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].unit_label, "1-1-101A");
        assert!(check_units(&[]).is_err());
        assert!(check_units(&[(e, "  ".into())]).is_err());
        let many: Vec<(Uuid, String)> = (0..21).map(|i| (e, format!("U{i}"))).collect();
        assert!(check_units(&many).is_err());
    }
}
