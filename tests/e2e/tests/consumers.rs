//! A consumer that comes back to a backlog applies it in batches, partitions side by side; an
//! event that can never apply, in the middle of a batch, is recorded as rejected and its
//! neighbours still apply, each once.

use desk_e2e::{Platform, estate, eventually, log_phone_complaint};
use desk_events::topics;
use rdkafka::ClientConfig;
use rdkafka::producer::{FutureProducer, FutureRecord};
use std::time::Duration;

async fn log_complaint(p: &Platform, desk: &str, n: usize) -> anyhow::Result<String> {
    log_phone_complaint(p, desk, "4-1-502", &format!("电梯异响，第 {n} 次来电")).await
}

async fn all_published(p: &Platform) -> anyhow::Result<()> {
    eventually(Duration::from_secs(30), || async {
        let waiting =
            p.db.count("SELECT count(*) AS n FROM reception.outbox WHERE published_at IS NULL")?;
        Ok((waiting == 0).then_some(()))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backlog_with_a_poisoned_event_in_the_middle_applies_every_good_event_once()
-> anyhow::Result<()> {
    let mut p = Platform::start().await?;
    // Complaints is away while the desk works: a backlog builds up.
    if let Some(i) = p.services.iter().position(|(n, _)| *n == "complaints") {
        let (_, running) = p.services.remove(i);
        running.stop().await;
    }
    let desk = p.login("sun.desk").await?;
    let mut intakes = Vec::new();
    for n in 0..30 {
        intakes.push(log_complaint(&p, &desk, n).await?);
    }
    all_published(&p).await?;
    // Something that is not an event lands on the same partition, between two good ones.
    let key = estate("SUN").to_string();
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", &p.brokers)
        .set("broker.address.family", "v4")
        .create()?;
    let topic = topics::named(&p.prefix, topics::INTAKE);
    producer
        .send(
            FutureRecord::to(&topic)
                .key(key.as_bytes())
                .payload(&b"\xff\xfe not an envelope"[..]),
            Duration::from_secs(10),
        )
        .await
        .map_err(|(e, _)| anyhow::anyhow!("produce: {e}"))?;
    for n in 30..60 {
        intakes.push(log_complaint(&p, &desk, n).await?);
    }
    all_published(&p).await?;
    // Complaints comes back to sixty events and a poisoned one.
    let clock = p.clock.clone();
    let settings =
        desk_testkit::service_settings(&p.db, "desk_complaints", &p.brokers, &p.prefix, &p.keys);
    let complaints = desk_complaints::start_with_clock(
        settings,
        std::sync::Arc::new(move || clock.now()),
        Duration::from_secs(3600),
    )
    .await?;
    p.services.push(("complaints", complaints));
    let list = intakes
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(",");
    let want = intakes.len() as i64;
    eventually(Duration::from_secs(60), || async {
        let distinct = p.db.count(&format!(
            "SELECT count(DISTINCT intake_id) AS n FROM complaints.complaints WHERE intake_id IN ({list})"
        ))?;
        Ok((distinct == want).then_some(()))
    })
    .await?;
    assert_eq!(
        p.db.count(&format!(
            "SELECT count(*) AS n FROM complaints.complaints WHERE intake_id IN ({list})"
        ))?,
        want,
        "each good event applied once"
    );
    assert_eq!(
        p.db.count(
            "SELECT count(*) AS n FROM complaints.inbox \
             WHERE outcome = 'rejected' AND reason = 'not a decodable envelope'"
        )?,
        1,
        "the poisoned event is recorded with its reason"
    );
    assert_eq!(
        p.db.count(
            "SELECT count(*) AS n FROM complaints.outbox WHERE event_type = 'complaints.complaint.opened'"
        )?,
        want + p.db.count("SELECT count(*) AS n FROM complaints.complaints WHERE intake_id IS NULL")?,
        "each complaint announced once"
    );
    p.stop().await;
    Ok(())
}
