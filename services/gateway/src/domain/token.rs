//! Turning an account into token claims.

use crate::db::staff::StaffRow;
use desk_auth::{Claims, EstateScope, Role};

/// The claims of a signed-in account, valid for `ttl_secs` from `now`. Unknown role names in
/// the table are dropped rather than trusted.
pub fn claims_for(row: &StaffRow, now: i64, ttl_secs: i64) -> Claims {
    Claims {
        sub: row.staff_id,
        grp: row.group_id,
        roles: row.roles.iter().filter_map(|r| Role::parse(r)).collect(),
        scope: if row.scope_all {
            EstateScope::Group
        } else {
            EstateScope::Estates(row.estate_ids.clone())
        },
        iat: now,
        exp: now + ttl_secs,
        units: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn claims_carry_group_roles_and_scope() {
        let row = StaffRow {
            group_id: Uuid::from_u128(1),
            staff_id: Uuid::from_u128(2),
            username: "desk".into(),
            display_name: "前台".into(),
            password_hash: String::new(),
            roles: vec!["receptionist".into(), "bogus".into()],
            scope_all: false,
            estate_ids: vec![Uuid::from_u128(3)],
            active: true,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        let c = claims_for(&row, 1000, 3600);
        assert_eq!(c.roles, vec![Role::Receptionist]);
        assert_eq!(c.scope, EstateScope::Estates(vec![Uuid::from_u128(3)]));
        assert_eq!(
            (c.grp, c.sub, c.exp),
            (Uuid::from_u128(1), Uuid::from_u128(2), 4600)
        );
    }
}
