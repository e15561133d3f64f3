//! Paid work is billed only to a unit the registry has.

use crate::db::units;
use crate::db::work_orders::WorkOrderRow;
use crate::domain::flow::Refusal;
use crate::error::Error;
use diesel::PgConnection;

/// The order's unit is an active unit of the estate's registry.
pub fn require_unit(conn: &mut PgConnection, row: &WorkOrderRow) -> Result<(), Error> {
    let known = match row.unit_label.as_deref() {
        Some(label) => units::exists_by_group_estate_label(
            conn,
            row.group_id,
            row.estate_id,
            &label.trim().to_uppercase(),
        )?,
        None => false,
    };
    if !known {
        return Err(Refusal {
            code: "unknown_unit",
            message: "The registry has no such unit of the estate to bill.",
        }
        .into());
    }
    Ok(())
}
