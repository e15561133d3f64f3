//! Billing's events: the registry's units open accounts, announced on `billing.ledger.v1`.

use crate::db::SCHEMA;
use crate::db::accounts::{self, AccountRow, Upsert};
use desk_events::consumer::{ApplyError, Handler};
use desk_events::outbox::Outbox;
use desk_events::proto::desk::v1::billing::UnitAccountOpened;
use desk_events::{Envelope, EventMeta, Payload, envelope, topics};
use diesel::PgConnection;
use uuid::Uuid;

pub const OUTBOX: Outbox = Outbox::new(SCHEMA);

pub const REGISTRY_TOPICS: [&str; 1] = [topics::REGISTRY];

pub fn registry_handler() -> Handler {
    Handler::new(
        |e| matches!(e.payload, Some(Payload::UnitUpserted(_))),
        apply_registry,
    )
}

fn apply_registry(conn: &mut PgConnection, event: &Envelope) -> Result<(), ApplyError> {
    let Some(Payload::UnitUpserted(unit)) = &event.payload else {
        return Ok(());
    };
    let (Some(group_id), Some(estate_id), Ok(unit_id)) =
        (event.group(), event.estate(), unit.unit_id.parse::<Uuid>())
    else {
        return Err(ApplyError::Reject("identifiers are not UUIDs".into()));
    };
    let row = AccountRow {
        group_id,
        estate_id,
        unit_id,
        unit_label: unit.label.clone(),
        area_centi_m2: unit.area_centi_m2,
        registry_at: event.occurred_at_micros,
        balance_fen: 0,
        opened_at: chrono::Utc::now(),
    };
    if accounts::upsert_by_group_estate_unit(conn, &row)? == Upsert::Opened {
        let meta = EventMeta::caused_by(event, unit_id, "system");
        let opened = envelope(
            &meta,
            "billing.unit_account.opened",
            Payload::UnitAccountOpened(UnitAccountOpened {
                unit_id: unit_id.to_string(),
                area_centi_m2: row.area_centi_m2,
            }),
        );
        OUTBOX.enqueue(conn, topics::LEDGER, &opened)?;
    }
    Ok(())
}
