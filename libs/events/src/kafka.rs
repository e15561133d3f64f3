//! Kafka client configuration, topic creation and the broker readiness check.

use desk_platform::http::Check;
use desk_platform::settings::KafkaSettings;
use rdkafka::ClientConfig;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::FutureProducer;
use rdkafka::types::RDKafkaErrorCode;
use std::sync::Arc;
use std::time::Duration;

fn base(settings: &KafkaSettings) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", &settings.brokers)
        .set("broker.address.family", "v4")
        .set("log_level", "3");
    c
}

/// An idempotent producer with `acks=all`: a retried send is written once, in order.
pub fn producer(settings: &KafkaSettings) -> anyhow::Result<FutureProducer> {
    Ok(base(settings)
        .set("enable.idempotence", "true")
        .set("acks", "all")
        .set("linger.ms", "1")
        .set("message.timeout.ms", "15000")
        .set("socket.keepalive.enable", "true")
        .create()?)
}

/// A consumer of a consumer group that commits offsets only when told to. With an instance
/// id the member is static: restarted with the same id, it takes its partitions back without
/// waiting for the coordinator to expire its previous self.
pub fn consumer_config(settings: &KafkaSettings, group: &str) -> ClientConfig {
    let mut c = base(settings);
    if let Some(id) = settings.instance_id.as_deref().filter(|s| !s.is_empty()) {
        c.set("group.instance.id", id);
    }
    c.set("group.id", group)
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        // Nothing in the platform produces in transactions, so "committed" and "written" are
        // the same events; reading up to the high watermark avoids depending on a broker's
        // last-stable-offset bookkeeping (tansu's PostgreSQL storage can leave it behind).
        .set("isolation.level", "read_uncommitted")
        .set("session.timeout.ms", "10000")
        .set("heartbeat.interval.ms", "1000")
        .set("fetch.wait.max.ms", "10")
        .set("topic.metadata.refresh.interval.ms", "2000");
    c
}

/// Create the named topics (already prefixed) that do not exist yet.
pub async fn ensure_topics(settings: &KafkaSettings, topics: &[String]) -> anyhow::Result<()> {
    if !settings.create_topics || topics.is_empty() {
        return Ok(());
    }
    let admin: AdminClient<DefaultClientContext> = base(settings).create()?;
    let new: Vec<NewTopic<'_>> = topics
        .iter()
        .map(|t| NewTopic::new(t, settings.partitions, TopicReplication::Fixed(1)))
        .collect();
    let opts = AdminOptions::new().operation_timeout(Some(Duration::from_secs(10)));
    for result in admin.create_topics(&new, &opts).await? {
        match result {
            Ok(topic) => tracing::info!(%topic, "Created topic."),
            Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((topic, code)) => anyhow::bail!("could not create topic {topic}: {code}"),
        }
    }
    Ok(())
}

/// Readiness: the broker answers a metadata request within two seconds.
pub fn readiness(settings: &KafkaSettings) -> anyhow::Result<Check> {
    let client: Arc<BaseConsumer> = Arc::new(base(settings).create()?);
    Ok(Arc::new(move || {
        let client = client.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                client
                    .fetch_metadata(None, Duration::from_secs(2))
                    .map(|m| !m.brokers().is_empty())
                    .unwrap_or(false)
            })
            .await
            .unwrap_or(false)
        })
    }))
}
