//! Pieces every desk handler shares: paging and period filters, required texts, the registry
//! link of a unit.

use crate::db::desk::Period;
use crate::db::registry;
use crate::domain::desk::{optional_text, text};
use crate::domain::intake::Refusal;
use crate::error::Error;
use chrono::{DateTime, Utc};
use diesel::PgConnection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The estate's zone, where its dates are read: the registry's setting, Asia/Shanghai unless
/// it says otherwise.
pub fn zone(
    conn: &mut PgConnection,
    group: Uuid,
    estate: Uuid,
) -> Result<desk_platform::local::Zone, Error> {
    Ok(registry::zone_of_estate(conn, group, estate)?)
}

/// `from`/`to` (a period), `before` (the next page), `limit`.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    pub limit: Option<u16>,
}

impl PageQuery {
    pub fn period(&self) -> Period {
        Period {
            from: self.from,
            to: self.to,
            before: self.before,
            limit: i64::from(self.limit.unwrap_or(50).clamp(1, 200)),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next_before: Option<DateTime<Utc>>,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, limit: i64, time: impl Fn(&T) -> DateTime<Utc>) -> Self {
        let next_before = if items.len() as i64 == limit {
            items.last().map(&time)
        } else {
            None
        };
        Self { items, next_before }
    }
}

/// A required text field.
pub fn required(field: &'static str, raw: &str, max: usize) -> Result<String, Error> {
    text(raw, max).ok_or_else(|| {
        Error::Invalid(format!(
            "{field}: must not be empty and at most {max} characters"
        ))
    })
}

/// An optional text field.
pub fn optional(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>, Error> {
    optional_text(raw, max)
        .map_err(|_| Error::Invalid(format!("{field}: at most {max} characters")))
}

/// The unit's label from the registry copy; an unknown unit is refused.
pub fn unit_label(
    conn: &mut PgConnection,
    group: Uuid,
    estate: Uuid,
    unit_id: Option<Uuid>,
) -> Result<Option<String>, Error> {
    match unit_id {
        None => Ok(None),
        Some(u) => registry::find_unit(conn, group, estate, u)?
            .filter(|u| u.active)
            .map(|u| Some(u.label))
            .ok_or_else(|| {
                Refusal {
                    code: "unknown_unit",
                    message: "The estate has no such unit.",
                }
                .into()
            }),
    }
}
