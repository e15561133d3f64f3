//! An emergency leaves the top of the desk's lists when its work order is completed, against a
//! real PostgreSQL: whichever of the order's opening (the link to the entry) and its completion
//! reception reads first.

use chrono::Utc;
use desk_events::proto::desk::v1::repairs::{WorkOrderCompleted, WorkOrderOpened};
use desk_events::{EventMeta, Payload, envelope};
use desk_platform::Secret;
use desk_platform::settings::DatabaseSettings;
use desk_reception::db::intakes::{self, IntakeRow};
use desk_testkit::TestDb;
use uuid::Uuid;

fn emergency(group_id: Uuid, estate_id: Uuid) -> IntakeRow {
    let now = Utc::now();
    let desk = Uuid::now_v7();
    IntakeRow {
        group_id,
        estate_id,
        intake_id: Uuid::now_v7(),
        channel: "phone".into(),
        category: "emergency".into(),
        caller_name: None,
        caller_phone: None,
        unit_label: Some("3-2-1101".into()),
        request: "水管爆裂".into(),
        taken_by: desk,
        status: "open".into(),
        downstream_kind: None,
        downstream_id: None,
        downstream_no: None,
        idempotency_key: None,
        version: 1,
        created_at: now,
        updated_at: now,
        unit_id: None,
        resident_id: None,
        due_at: None,
        promised_by: None,
        downstream_closed_at: None,
        downstream_result: None,
        told_at: None,
        told_via: None,
        result: None,
        satisfaction: None,
        closed_at: None,
        closed_by: None,
        updated_by: None,
        owner_id: desk,
    }
}

fn meta(row: &IntakeRow, order: Uuid) -> EventMeta {
    EventMeta {
        group_id: row.group_id,
        estate_id: row.estate_id,
        aggregate_id: order,
        aggregate_version: 1,
        correlation_id: Uuid::now_v7(),
        causation_id: None,
        actor_kind: "staff",
        actor_id: Uuid::now_v7().to_string(),
    }
}

#[test]
fn an_emergency_completed_before_reception_read_its_opening_leaves_the_top() -> anyhow::Result<()> {
    let db = TestDb::create()?;
    let pool = desk_platform::db::pool(&DatabaseSettings {
        url: Secret::new(db.url_for("desk_reception")),
        pool_size: 2,
        connect_timeout_secs: 3,
    });
    desk_platform::db::migrate(&pool, desk_reception::MIGRATIONS)?;
    let mut conn = pool.get()?;
    let row = emergency(Uuid::now_v7(), Uuid::now_v7());
    intakes::insert(&mut conn, &row)?;
    let order = Uuid::now_v7();

    // The completion arrives first: the entry is not linked to the order yet.
    let completed = envelope(
        &meta(&row, order),
        "repairs.work_order.completed",
        Payload::WorkOrderCompleted(WorkOrderCompleted {
            work_order_id: order.to_string(),
            kind: "emergency".into(),
            unit_label: "3-2-1101".into(),
            intake_id: row.intake_id.to_string(),
            ..Default::default()
        }),
    );
    desk_reception::events::emergencies::apply_completed(&mut conn, &completed, Utc::now())
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let handled = |conn: &mut diesel::PgConnection| -> anyhow::Result<bool> {
        Ok(intakes::handling_by_group_estate_intakes(
            conn,
            row.group_id,
            row.estate_id,
            &[row.intake_id],
        )?
        .pop()
        .is_some_and(|h| h.handled_at.is_some()))
    };
    assert!(handled(&mut conn)?, "the work is done: not pinned any more");
    let trail = intakes::trail_by_group_estate_intake(
        &mut conn,
        row.group_id,
        row.estate_id,
        row.intake_id,
    )?;
    assert_eq!(
        trail.iter().filter(|s| s.action == "handled").count(),
        1,
        "{trail:?}"
    );

    // The opening comes after: the entry is linked and stays handled; the completion read
    // again changes nothing.
    let opened = envelope(
        &meta(&row, order),
        "repairs.work_order.opened",
        Payload::WorkOrderOpened(WorkOrderOpened {
            work_order_id: order.to_string(),
            intake_id: row.intake_id.to_string(),
            order_no: "WX20261202-0001".into(),
            kind: "emergency".into(),
            unit_id: String::new(),
        }),
    );
    desk_reception::events::apply_outcome(&mut conn, &opened, Utc::now())
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    desk_reception::events::emergencies::apply_completed(&mut conn, &completed, Utc::now())
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let linked = intakes::find_by_group_estate_intake(
        &mut conn,
        row.group_id,
        row.estate_id,
        row.intake_id,
    )?
    .ok_or_else(|| anyhow::anyhow!("the entry"))?;
    assert_eq!(linked.downstream_id, Some(order));
    assert!(handled(&mut conn)?);
    let trail = intakes::trail_by_group_estate_intake(
        &mut conn,
        row.group_id,
        row.estate_id,
        row.intake_id,
    )?;
    assert_eq!(trail.iter().filter(|s| s.action == "handled").count(), 1);
    Ok(())
}
