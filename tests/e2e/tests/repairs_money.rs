//! Repairs and their money, through the gateway: a special service charged once, when it is
//! ordered and before anyone is sent; a free repair turned into paid work before completion;
//! paid work that waits for its charge (or a supervisor's written waiver) before it closes; a
//! reopened order completed with another fee correcting billing's charge; the estate's fee
//! ceiling and the registry's units.

use desk_e2e::{Platform, estate, eventually};
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(60);

struct Desk {
    p: Platform,
    sun: Uuid,
    base: String,
    desk: String,
    supervisor: String,
    tech: String,
    tech_id: Uuid,
}

impl Desk {
    async fn start() -> anyhow::Result<Self> {
        let p = Platform::start().await?;
        let sun = estate("SUN");
        let desk = p.login("sun.desk").await?;
        let supervisor = p.login("sun.supervisor").await?;
        let tech = p.login("sun.tech").await?;
        let tech_id = desk_platform::demo::id("staff", "sun.tech");
        let base = format!("/api/v1/repairs/estates/{sun}");
        let res = p
            .http
            .put(p.url(&format!("{base}/technicians/{tech_id}")))
            .bearer_auth(&supervisor)
            .json(&json!({"name": "赵强", "skills": ["plumbing", "cleaning"], "max_open": 20}))
            .send()
            .await?;
        anyhow::ensure!(res.status() == 200, "roster: {}", res.status());
        // Repairs has the registry's units of the estate.
        desk_e2e::repairs_has_the_units(&p, sun).await?;
        Ok(Self {
            p,
            sun,
            base,
            desk,
            supervisor,
            tech,
            tech_id,
        })
    }

    async fn raise(&self, kind: &str, unit: &str) -> anyhow::Result<String> {
        let (status, body) = self
            .p
            .post(
                &self.desk,
                &format!("{}/work-orders", self.base),
                &json!({"kind": kind, "unit_label": unit, "problem": "卫生间漏水", "contact_phone": "13700000001"}),
            )
            .await?;
        anyhow::ensure!(status == 201, "{status} {body}");
        Ok(body["work_order_id"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    async fn step(
        &self,
        token: &str,
        id: &str,
        what: &str,
        body: Value,
    ) -> anyhow::Result<(u16, Value)> {
        self.p
            .post(
                token,
                &format!("{}/work-orders/{id}/{what}", self.base),
                &body,
            )
            .await
    }

    /// Dispatched, accepted and started by the technician.
    async fn under_way(&self, id: &str) -> anyhow::Result<()> {
        let (s, b) = self
            .step(
                &self.desk,
                id,
                "dispatch",
                json!({"technician_id": self.tech_id}),
            )
            .await?;
        anyhow::ensure!(s == 200, "dispatch: {s} {b}");
        for what in ["accept", "start"] {
            let (s, b) = self.step(&self.tech, id, what, json!({})).await?;
            anyhow::ensure!(s == 200, "{what}: {s} {b}");
        }
        Ok(())
    }

    async fn complete(&self, id: &str, fee_fen: i64) -> anyhow::Result<(u16, Value)> {
        self.step(
            &self.tech,
            id,
            "complete",
            json!({"work_done": "更换角阀", "fee_fen": fee_fen, "signoff_name": "王先生"}),
        )
        .await
    }

    async fn order(&self, id: &str) -> anyhow::Result<Value> {
        Ok(self
            .p
            .get(&self.supervisor, &format!("{}/work-orders/{id}", self.base))
            .await?
            .1)
    }

    /// Billing's charges of the work order (count, amount of the first).
    fn charges(&self, id: &str) -> anyhow::Result<(i64, i64)> {
        let n = self.p.db.count(&format!(
            "SELECT count(*) AS n FROM billing.charges WHERE source_id = '{id}'"
        ))?;
        let amount = self.p.db.count(&format!(
            "SELECT coalesce(sum(amount_fen), 0)::bigint AS n FROM billing.charges WHERE source_id = '{id}'"
        ))?;
        Ok((n, amount))
    }

    /// Wait until billing's charges of the order are `(count, amount)`.
    async fn charged(&self, id: &str, want: (i64, i64)) -> anyhow::Result<()> {
        eventually(WAIT, || async {
            Ok((self.charges(id)? == want).then_some(()))
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}: billing has {:?}, not {want:?}", self.charges(id)))
    }

    /// A payment of billing's, as its event reaches repairs.
    fn pay(&self, id: &str, amount_fen: i64) -> anyhow::Result<()> {
        use desk_events::proto::desk::v1::billing::PaymentRecorded;
        let meta = desk_events::EventMeta {
            group_id: desk_platform::demo::group_id(),
            estate_id: self.sun,
            aggregate_id: Uuid::now_v7(),
            aggregate_version: 1,
            correlation_id: Uuid::now_v7(),
            causation_id: None,
            actor_kind: "staff",
            actor_id: String::new(),
        };
        let event = desk_events::envelope(
            &meta,
            "billing.payment.recorded",
            desk_events::Payload::PaymentRecorded(PaymentRecorded {
                payment_id: Uuid::now_v7().to_string(),
                work_order_id: id.to_string(),
                amount_fen,
                method: "wechat".into(),
                receipt_no: "SUN-2026-000999".into(),
            }),
        );
        desk_events::outbox::Outbox::new("billing").enqueue(
            &mut self.p.db.admin()?,
            desk_events::topics::LEDGER,
            &event,
        )?;
        Ok(())
    }

    fn closed_events(&self) -> anyhow::Result<i64> {
        self.p.db.count(
            "SELECT count(*) AS n FROM repairs.outbox WHERE event_type = 'repairs.work_order.closed'",
        )
    }
}

fn good() -> Value {
    json!({"punctuality": 5, "quality": 5, "fee_fair": 4, "attitude": 5, "overall": 5, "repaired": true})
}

fn code(r: &(u16, Value)) -> (u16, Option<&str>) {
    (r.0, r.1["code"].as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_special_service_is_charged_once_when_ordered_before_anyone_is_sent() -> anyhow::Result<()>
{
    let d = Desk::start().await?;
    let id = d.raise("special_service", "1-1-202").await?;

    // Nobody is sent, and no technician takes it up, before it is charged.
    let r = d
        .step(
            &d.desk,
            &id,
            "dispatch",
            json!({"technician_id": d.tech_id}),
        )
        .await?;
    assert_eq!(code(&r), (409, Some("charge_on_order_first")), "{}", r.1);
    let r = d.step(&d.tech, &id, "accept", json!({})).await?;
    assert_eq!(code(&r), (409, Some("charge_on_order_first")), "{}", r.1);

    let r = d
        .step(
            &d.desk,
            &id,
            "charge",
            json!({"items": [{"name": "家电清洗", "amount_fen": 12000}]}),
        )
        .await?;
    assert_eq!(r.0, 200, "{}", r.1);
    d.under_way(&id).await?;
    let r = d.complete(&id, 0).await?;
    assert_eq!(r.0, 200, "{}", r.1);
    assert_eq!(r.1["fee_fen"], 12000, "the fee charged when ordered");
    let r = d
        .step(
            &d.desk,
            &id,
            "charge",
            json!({"items": [{"name": "再收一次", "amount_fen": 12000}]}),
        )
        .await?;
    assert_eq!(code(&r), (409, Some("fee_already_charged")));
    d.charged(&id, (1, 12000)).await?;

    // A second path (the completion's announcement of the fee) finds the work order's charge.
    let event = {
        use desk_events::proto::desk::v1::repairs::{FeeItem, WorkOrderCompleted};
        let meta = desk_events::EventMeta {
            group_id: desk_platform::demo::group_id(),
            estate_id: d.sun,
            aggregate_id: id.parse()?,
            aggregate_version: 9,
            correlation_id: Uuid::now_v7(),
            causation_id: None,
            actor_kind: "staff",
            actor_id: String::new(),
        };
        desk_events::envelope(
            &meta,
            "repairs.work_order.completed",
            desk_events::Payload::WorkOrderCompleted(WorkOrderCompleted {
                work_order_id: id.clone(),
                kind: "special_service".into(),
                unit_label: "1-1-202".into(),
                fee_fen: 12000,
                items: vec![FeeItem {
                    name: "家电清洗".into(),
                    amount_fen: 12000,
                }],
                intake_id: String::new(),
            }),
        )
    };
    desk_events::outbox::Outbox::new("repairs").enqueue(
        &mut d.p.db.admin()?,
        desk_events::topics::WORK_ORDER,
        &event,
    )?;
    let applied = format!(
        "SELECT count(*) AS n FROM billing.inbox WHERE event_id = '{}'",
        event.event_id
    );
    eventually(WAIT, || async {
        Ok((d.p.db.count(&applied)? > 0).then_some(()))
    })
    .await?;
    assert_eq!(d.charges(&id)?, (1, 12000), "charged once, never twice");
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paid_work_waits_for_its_charge_or_a_written_waiver_before_it_closes() -> anyhow::Result<()>
{
    let d = Desk::start().await?;
    let id = d.raise("paid_repair", "2-1-101").await?;
    d.under_way(&id).await?;
    let r = d.complete(&id, 8000).await?;
    assert_eq!(r.0, 200, "{}", r.1);
    d.charged(&id, (1, 8000)).await?;
    d.p.clock.advance_hours(24);

    // The follow-up is made; the order waits for the unpaid charge.
    let r = d.step(&d.desk, &id, "follow-up", good()).await?;
    assert_eq!(r.0, 200, "{}", r.1);
    assert_eq!(r.1["status"], "awaiting_settlement");
    assert!(r.1["closed_at"].is_null());
    assert_eq!(d.closed_events()?, 0, "the desk's entry stays open");
    let r = d.step(&d.desk, &id, "follow-up", good()).await?;
    assert_eq!(r.0, 409, "one follow-up: {}", r.1);

    // Billing's payment settles it: the order closes, and the desk's entry with it.
    d.pay(&id, 8000)?;
    let closed = eventually(WAIT, || async {
        let o = d.order(&id).await?;
        Ok((o["status"] == "closed").then_some(o))
    })
    .await?;
    assert!(closed["closed_at"].is_string());
    assert_eq!(d.closed_events()?, 1);

    // Another one is closed unpaid only on a supervisor's written waiver.
    let other = d.raise("paid_repair", "2-1-102").await?;
    d.under_way(&other).await?;
    assert_eq!(d.complete(&other, 5000).await?.0, 200);
    d.p.clock.advance_hours(24);
    let r = d.step(&d.desk, &other, "follow-up", good()).await?;
    assert_eq!(r.1["status"], "awaiting_settlement");
    let r = d
        .step(
            &d.desk,
            &other,
            "settlement-waiver",
            json!({"reason": "业主外出,下月随物业费缴纳"}),
        )
        .await?;
    assert_eq!(r.0, 403, "the desk cannot waive: {}", r.1);
    let r = d
        .step(
            &d.supervisor,
            &other,
            "settlement-waiver",
            json!({"reason": " "}),
        )
        .await?;
    assert_eq!(r.0, 422, "a written reason: {}", r.1);
    let r = d
        .step(
            &d.supervisor,
            &other,
            "settlement-waiver",
            json!({"reason": "业主外出,下月随物业费缴纳"}),
        )
        .await?;
    assert_eq!(r.0, 200, "{}", r.1);
    assert_eq!(r.1["status"], "closed");
    assert_eq!(
        r.1["details"]["settlement_waiver"]["reason"],
        "业主外出,下月随物业费缴纳"
    );
    assert_eq!(d.closed_events()?, 2);
    // The charge stays owed in billing.
    d.charged(&other, (1, 5000)).await?;
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_reopened_order_completed_with_another_fee_corrects_billings_charge() -> anyhow::Result<()>
{
    let d = Desk::start().await?;
    let id = d.raise("paid_repair", "2-1-201").await?;
    d.under_way(&id).await?;
    assert_eq!(d.complete(&id, 8000).await?.0, 200);
    d.charged(&id, (1, 8000)).await?;
    d.p.clock.advance_hours(24);
    let r = d
        .step(&d.desk, &id, "follow-up", json!({"punctuality": 3, "quality": 1, "fee_fair": 2, "attitude": 3, "overall": 2, "repaired": false}))
        .await?;
    assert_eq!(r.1["status"], "reopened", "{}", r.1);

    // Done again with less work to pay for: the charge follows the order's fee.
    d.under_way(&id).await?;
    let r = d.complete(&id, 6000).await?;
    assert_eq!(r.0, 200, "{}", r.1);
    assert_eq!(r.1["fee_fen"], 6000);
    d.charged(&id, (1, 6000)).await?;
    assert_eq!(
        d.p.db.count("SELECT count(*) AS n FROM repairs.outbox WHERE event_type = 'repairs.work_order.fee_adjusted'")?,
        1
    );

    // Reopened again and found to be free after all: the charge is cancelled.
    d.p.clock.advance_hours(24);
    let r = d
        .step(&d.desk, &id, "follow-up", json!({"punctuality": 3, "quality": 1, "fee_fair": 2, "attitude": 3, "overall": 2, "repaired": false}))
        .await?;
    assert_eq!(r.1["status"], "reopened", "{}", r.1);
    d.under_way(&id).await?;
    assert_eq!(d.complete(&id, 0).await?.0, 200);
    d.charged(&id, (0, 0)).await?;
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_free_repair_found_to_be_paid_work_turns_into_paid_work_before_completion()
-> anyhow::Result<()> {
    let d = Desk::start().await?;
    let id = d.raise("repair", "2-1-202").await?;
    d.under_way(&id).await?;
    let r = d.complete(&id, 3000).await?;
    assert_eq!(code(&r), (422, Some("fee_on_free_order")));

    // The technician finds the damage is the resident's: paid work, with the reason.
    let r = d
        .step(
            &d.tech,
            &id,
            "kind",
            json!({"kind": "paid_repair", "reason": ""}),
        )
        .await?;
    assert_eq!(r.0, 422, "with a reason: {}", r.1);
    let r = d
        .step(
            &d.tech,
            &id,
            "kind",
            json!({"kind": "paid_repair", "reason": "住户自行改装导致损坏"}),
        )
        .await?;
    assert_eq!(r.0, 200, "{}", r.1);
    assert_eq!(r.1["kind"], "paid_repair");
    let r = d.complete(&id, 3000).await?;
    assert_eq!(r.0, 200, "{}", r.1);
    d.charged(&id, (1, 3000)).await?;
    let r = d
        .step(
            &d.desk,
            &id,
            "kind",
            json!({"kind": "repair", "reason": "保修期内"}),
        )
        .await?;
    assert_eq!(code(&r), (409, Some("kind_locked_after_completion")));
    let trail = d.order(&id).await?["trail"].clone();
    assert!(
        trail
            .as_array()
            .is_some_and(|t| t.iter().any(|s| s["reason"] == "住户自行改装导致损坏")),
        "{trail}"
    );
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_fee_above_the_estates_ceiling_needs_a_supervisor_and_a_unit_the_registry_has()
-> anyhow::Result<()> {
    let d = Desk::start().await?;
    let settings = format!("{}/settings", d.base);
    let (_, s) = d.p.get(&d.desk, &settings).await?;
    assert_eq!(
        (s["fee_ceiling_fen"].as_i64(), s["default"].as_bool()),
        (Some(50_000), Some(true))
    );
    let put = |token: &str, fen: i64| {
        d.p.http
            .put(d.p.url(&settings))
            .bearer_auth(token.to_string())
            .json(&json!({"fee_ceiling_fen": fen}))
            .send()
    };
    assert_eq!(put(&d.tech, 90_000).await?.status(), 403);
    assert_eq!(put(&d.supervisor, 20_000).await?.status(), 200);

    let id = d.raise("paid_repair", "2-1-301").await?;
    d.under_way(&id).await?;
    let r = d.complete(&id, 30_000).await?;
    assert_eq!(code(&r), (409, Some("fee_above_ceiling")), "{}", r.1);
    let r = d
        .step(
            &d.tech,
            &id,
            "fee-approval",
            json!({"up_to_fen": 30_000, "reason": "更换整套洁具"}),
        )
        .await?;
    assert_eq!(r.0, 403, "not the technician's own approval");
    let r = d
        .step(
            &d.supervisor,
            &id,
            "fee-approval",
            json!({"up_to_fen": 30_000, "reason": "更换整套洁具"}),
        )
        .await?;
    assert_eq!(r.0, 200, "{}", r.1);
    let r = d.complete(&id, 30_001).await?;
    assert_eq!(
        code(&r),
        (409, Some("fee_above_ceiling")),
        "above what was approved"
    );
    let r = d.complete(&id, 30_000).await?;
    assert_eq!(r.0, 200, "{}", r.1);

    // A unit the registry does not have is not billed.
    let nowhere = d.raise("paid_repair", "9-9-909").await?;
    d.under_way(&nowhere).await?;
    let r = d.complete(&nowhere, 3000).await?;
    assert_eq!(code(&r), (422, Some("unknown_unit")), "{}", r.1);
    let service = d.raise("special_service", "9-9-909").await?;
    let r = d
        .step(
            &d.desk,
            &service,
            "charge",
            json!({"items": [{"name": "保洁", "amount_fen": 5000}]}),
        )
        .await?;
    assert_eq!(code(&r), (422, Some("unknown_unit")), "{}", r.1);
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_follow_up_due_within_the_week_is_listed_and_counted_late_when_missed()
-> anyhow::Result<()> {
    let d = Desk::start().await?;
    let id = d.raise("repair", "2-1-302").await?;
    d.under_way(&id).await?;
    let done = d.complete(&id, 0).await?;
    assert_eq!(done.0, 200, "{}", done.1);
    let completed_at: chrono::DateTime<chrono::Utc> = done.1["completed_at"]
        .as_str()
        .unwrap_or_default()
        .parse()?;
    let month = desk_platform::local::Zone::default().month(completed_at);
    let listed = |view: &'static str| {
        let d = &d;
        async move {
            let (status, body) =
                d.p.get(&d.desk, &format!("{}/follow-ups?view={view}", d.base))
                    .await?;
            anyhow::ensure!(status == 200, "{status} {body}");
            Ok::<_, anyhow::Error>(body["items"].as_array().cloned().unwrap_or_default())
        }
    };
    let due = listed("due").await?;
    assert_eq!(due.len(), 1);
    assert_eq!(due[0]["work_order_id"], id.as_str());
    assert_eq!(due[0]["overdue"], false);
    assert!(due[0]["opens_at"].is_string());
    assert!(listed("overdue").await?.is_empty());

    // Eight days on, the visit is overdue: listed as such, late for the supervisor, and
    // counted late in the month's follow-up figures.
    d.p.clock.advance_hours(24 * 8);
    assert!(listed("due").await?.is_empty());
    let overdue = listed("overdue").await?;
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["overdue"], true);
    let (_, late) =
        d.p.get(&d.supervisor, &format!("{}/late-orders", d.base))
            .await?;
    let mine = late["items"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|o| o["work_order_id"] == id.as_str())
                .cloned()
        })
        .unwrap_or_default();
    assert_eq!(mine["late"], json!(["follow_up_overdue"]), "{late}");
    let rate = format!("{}/follow-up-rate?month={month}", d.base);
    let (_, r) = d.p.get(&d.supervisor, &rate).await?;
    assert_eq!(r["late"], 1, "{r}");

    // Made late, it stays counted late.
    let r = d.step(&d.desk, &id, "follow-up", good()).await?;
    assert_eq!(r.0, 200, "{}", r.1);
    assert_eq!(r.1["details"]["follow_up"]["late"], true);
    let (_, r) = d.p.get(&d.supervisor, &rate).await?;
    assert_eq!(
        (r["late"].as_i64(), r["followed_up"].as_i64()),
        (Some(1), Some(1)),
        "{r}"
    );
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_call_back_promise_has_a_time_and_past_it_is_late_in_the_supervisors_list()
-> anyhow::Result<()> {
    let d = Desk::start().await?;
    let id = d.raise("repair", "2-1-401").await?;
    let now = d.p.clock.now();
    let r = d
        .step(
            &d.desk,
            &id,
            "callback",
            json!({"callback_due": (now - chrono::Duration::minutes(5)).to_rfc3339()}),
        )
        .await?;
    assert_eq!(r.0, 422, "a promise is for later: {}", r.1);
    let promised = now + chrono::Duration::hours(2);
    let r = d
        .step(
            &d.desk,
            &id,
            "callback",
            json!({"callback_due": promised.to_rfc3339()}),
        )
        .await?;
    assert_eq!(r.0, 200, "{}", r.1);
    assert_eq!(r.1["needs_callback"], true);
    let kept: chrono::DateTime<chrono::Utc> =
        r.1["callback_due"].as_str().unwrap_or_default().parse()?;
    assert_eq!(kept.timestamp(), promised.timestamp());

    let late_of = || async {
        let (_, body) =
            d.p.get(&d.supervisor, &format!("{}/late-orders", d.base))
                .await?;
        Ok::<_, anyhow::Error>(body["items"].as_array().and_then(|a| {
            a.iter()
                .find(|o| o["work_order_id"] == id.as_str())
                .cloned()
        }))
    };
    assert!(late_of().await?.is_none(), "not yet due");
    d.p.clock.advance_hours(3);
    let late = late_of().await?.unwrap_or_default();
    assert_eq!(late["late"], json!(["callback_overdue"]), "{late}");

    // Without a time named, the promise is within the hour.
    let other = d.raise("repair", "2-1-402").await?;
    let r = d.step(&d.desk, &other, "callback", json!({})).await?;
    let due: chrono::DateTime<chrono::Utc> =
        r.1["callback_due"].as_str().unwrap_or_default().parse()?;
    let minutes = (due - d.p.clock.now()).num_minutes();
    assert!((58..=60).contains(&minutes), "{minutes}");
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_sales_returned_closes_the_order_and_the_entry_and_the_week_is_signed_and_frozen()
-> anyhow::Result<()> {
    let d = Desk::start().await?;
    let sun = d.sun;
    let (_, intake) = d
        .p
        .post(&d.desk, &format!("/api/v1/reception/estates/{sun}/intakes"), &json!({
            "channel": "visit", "category": "after_sales", "caller": {"unit_label": "2-1-501", "phone": "13700000005"}, "request": "新房窗户渗水"
        }))
        .await?;
    let intake_id = intake["intake_id"].as_str().unwrap_or_default().to_string();
    let order = eventually(WAIT, || async {
        let (_, b) =
            d.p.get(
                &d.desk,
                &format!("{}/work-orders?intake_id={intake_id}", d.base),
            )
            .await?;
        Ok(b["items"].as_array().and_then(|a| a.first().cloned()))
    })
    .await?;
    let id = order["work_order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let deadline = d.p.clock.now() + chrono::Duration::days(3);
    let r = d
        .step(
            &d.desk,
            &id,
            "after-sales",
            json!({"developer_deadline": deadline.to_rfc3339(), "note_no": "HX-0101"}),
        )
        .await?;
    assert_eq!(r.0, 200, "{}", r.1);

    // The week's list, signed by the developer's after-sales lead with the next repair date,
    // is frozen as signed.
    let monday = {
        use chrono::Datelike;
        let today = desk_platform::local::Zone::default().date(d.p.clock.now());
        today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()))
    };
    let next = monday + chrono::Duration::days(9);
    let weekly = format!("{}/after-sales/weekly-lists", d.base);
    let sign = json!({"week_start": monday, "lead_name": "开发商售后 刘工", "next_repair": {id.clone(): next}});
    let (status, signed) = d.p.post(&d.desk, &weekly, &sign).await?;
    assert_eq!(status, 201, "{signed}");
    assert_eq!(signed["lead_name"], "开发商售后 刘工");
    assert_eq!(signed["items"][0]["work_order_id"], id.as_str());
    assert_eq!(signed["items"][0]["next_repair"], next.to_string());
    let (status, again) = d.p.post(&d.desk, &weekly, &sign).await?;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("week_already_signed"))
    );
    let (status, body) =
        d.p.post(
            &d.desk,
            &weekly,
            &json!({"week_start": monday + chrono::Duration::days(1), "lead_name": "刘工"}),
        )
        .await?;
    assert_eq!(status, 422, "{body}");

    // Returned fixed: the order closes, and the desk's entry with it.
    let res =
        d.p.http
            .post(d.p.url(&format!("{}/work-orders/{id}/developer-returned", d.base)))
            .bearer_auth(&d.desk)
            .json(&json!({"result": "窗框重新打胶,已验收"}))
            .send()
            .await?;
    assert_eq!(res.status(), 204);
    let o = d.order(&id).await?;
    assert_eq!(o["status"], "closed");
    eventually(WAIT, || async {
        let (_, body) =
            d.p.get(
                &d.desk,
                &format!("/api/v1/reception/estates/{sun}/intakes/{intake_id}"),
            )
            .await?;
        Ok((body["status"] == "closed").then_some(()))
    })
    .await?;

    // The signed week still lists it as it stood when signed.
    let (_, weeks) =
        d.p.get(&d.supervisor, &format!("{weekly}?week_start={monday}"))
            .await?;
    assert_eq!(
        weeks["items"][0]["items"][0]["work_order_id"],
        id.as_str(),
        "{weeks}"
    );
    let (_, now_list) =
        d.p.get(&d.supervisor, &format!("{}/after-sales/unreturned", d.base))
            .await?;
    assert_eq!(now_list["items"].as_array().map(|a| a.len()), Some(0));
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn repairs_reads_an_estates_dates_in_the_zone_its_registry_gives() -> anyhow::Result<()> {
    let d = Desk::start().await?;
    let admin = d.p.login("admin").await?;
    let res =
        d.p.http
            .patch(d.p.url(&format!("/api/v1/documents/estates/{}", d.sun)))
            .bearer_auth(&admin)
            .json(&json!({"time_zone": "Pacific/Auckland"}))
            .send()
            .await?;
    assert_eq!(res.status(), 200);
    eventually(WAIT, || async {
        Ok((d.p.db.count(&format!(
            "SELECT count(*) AS n FROM repairs.estate_zones WHERE estate_id = '{}' AND time_zone = 'Pacific/Auckland'",
            d.sun
        ))? > 0)
            .then_some(()))
    })
    .await?;
    let auckland: desk_platform::local::Zone = "Pacific/Auckland".parse()?;
    let id = d.raise("paid_repair", "2-1-601").await?;
    let o = d.order(&id).await?;
    let created: chrono::DateTime<chrono::Utc> =
        o["created_at"].as_str().unwrap_or_default().parse()?;
    let day = auckland.date(created).format("%Y%m%d").to_string();
    assert!(
        o["order_no"]
            .as_str()
            .is_some_and(|n| n.starts_with(&format!("WX{day}-"))),
        "{} on {day}",
        o["order_no"]
    );
    d.under_way(&id).await?;
    let r = d.complete(&id, 2000).await?;
    assert_eq!(r.0, 200, "{}", r.1);
    let done: chrono::DateTime<chrono::Utc> =
        r.1["completed_at"].as_str().unwrap_or_default().parse()?;
    let opens: chrono::DateTime<chrono::Utc> = r.1["details"]["follow_up_opens_at"]
        .as_str()
        .unwrap_or_default()
        .parse()?;
    assert_eq!(
        opens,
        auckland.day_start(auckland.date(done) + chrono::Duration::days(1)),
        "the estate's next day"
    );
    d.p.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_desk_logs_paid_repair_work_as_such() -> anyhow::Result<()> {
    let d = Desk::start().await?;
    let (status, intake) =
        d.p.post(
            &d.desk,
            &format!("/api/v1/reception/estates/{}/intakes", d.sun),
            &json!({
                "channel": "phone", "category": "paid_repair",
                "caller": {"unit_label": "1-1-101", "phone": "13900000101"},
                "request": "更换厨房水龙头，住户自购配件以外的人工费用自理"
            }),
        )
        .await?;
    assert_eq!(status, 201, "{intake}");
    assert_eq!(intake["category"], "paid_repair");
    let intake_id = intake["intake_id"].as_str().unwrap_or_default().to_string();
    let order = eventually(WAIT, || async {
        let (_, b) =
            d.p.get(
                &d.desk,
                &format!("{}/work-orders?intake_id={intake_id}", d.base),
            )
            .await?;
        Ok(b["items"].as_array().and_then(|a| a.first().cloned()))
    })
    .await?;
    // A paid repair from the start: charged at completion, not before dispatch.
    assert_eq!(order["kind"], "paid_repair", "{order}");
    let id = order["work_order_id"].as_str().unwrap_or_default();
    let (status, body) = d
        .step(
            &d.supervisor,
            id,
            "dispatch",
            json!({"technician_id": d.tech_id}),
        )
        .await?;
    assert_eq!(status, 200, "{body}");
    Ok(())
}
