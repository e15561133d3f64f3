//! The gateway in front of two replicas of a service: requests are spread over both, and while
//! one is down (its connections refused) every request, read or write, is answered by the other.

use desk_auth::{EstateScope, Role};
use desk_platform::Secret;
use desk_platform::settings::{DatabaseSettings, HttpSettings};
use desk_testkit::{Keys, TestDb, http_settings};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

/// A replica that answers `{}` to every request and counts them.
async fn replica() -> anyhow::Result<(String, Arc<AtomicUsize>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16384];
                let _ = socket.read(&mut buf).await;
                counter.fetch_add(1, Ordering::SeqCst);
                let _ = socket
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
                    )
                    .await;
            });
        }
    });
    Ok((url, seen))
}

/// An address where nothing listens: connections to it are refused.
async fn down() -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    drop(listener);
    Ok(url)
}

async fn start_gateway(
    db: &TestDb,
    keys: &Keys,
    list: &str,
) -> anyhow::Result<desk_platform::host::Running> {
    desk_gateway::start(desk_gateway::Settings {
        http: HttpSettings {
            max_body_bytes: 65536,
            ..http_settings()
        },
        database: DatabaseSettings {
            url: Secret::new(db.url_for("desk_gateway")),
            pool_size: 2,
            connect_timeout_secs: 3,
        },
        auth: desk_gateway::settings::GatewayAuth {
            signing_key: Secret::new(keys.secret.clone()),
            token_ttl_secs: 3600,
        },
        upstreams: desk_gateway::settings::Upstreams {
            reception: list.to_string(),
            complaints: list.to_string(),
            repairs: list.to_string(),
            billing: list.to_string(),
            documents: list.to_string(),
            timeout_secs: 5,
        },
        web: desk_gateway::settings::Web { dir: String::new() },
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_one_replica_down_every_request_is_answered_by_the_other() -> anyhow::Result<()> {
    let db = TestDb::create()?;
    let keys = Keys::generate()?;
    let (up, seen) = replica().await?;
    let dead = down().await?;
    let gateway = start_gateway(&db, &keys, &format!("{dead}, {up}")).await?;
    let token = keys.token(Uuid::now_v7(), &[Role::Receptionist], EstateScope::Group);
    let http = reqwest::Client::new();
    let url = format!("http://{}/api/v1/reception/estates", gateway.addr);
    for i in 0..20 {
        let res = if i % 2 == 0 {
            http.get(&url).bearer_auth(&token).send().await?
        } else {
            // A write too: the refused replica was sent nothing, so it goes to the other.
            http.post(&url)
                .bearer_auth(&token)
                .header("idempotency-key", format!("k-{i}"))
                .json(&serde_json::json!({"n": i}))
                .send()
                .await?
        };
        assert_eq!(res.status(), 200, "request {i}");
    }
    assert_eq!(
        seen.load(Ordering::SeqCst),
        20,
        "each request reached the live replica once"
    );
    gateway.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_are_spread_over_every_replica() -> anyhow::Result<()> {
    let db = TestDb::create()?;
    let keys = Keys::generate()?;
    let (a, seen_a) = replica().await?;
    let (b, seen_b) = replica().await?;
    let gateway = start_gateway(&db, &keys, &format!("{a},{b}")).await?;
    let token = keys.token(Uuid::now_v7(), &[Role::Receptionist], EstateScope::Group);
    let http = reqwest::Client::new();
    let url = format!("http://{}/api/v1/repairs/estates", gateway.addr);
    for i in 0..20 {
        let res = http.get(&url).bearer_auth(&token).send().await?;
        assert_eq!(res.status(), 200, "request {i}");
    }
    let (na, nb) = (seen_a.load(Ordering::SeqCst), seen_b.load(Ordering::SeqCst));
    assert_eq!(na + nb, 20);
    assert!(na >= 5 && nb >= 5, "both replicas are used: {na} and {nb}");

    // The whole list refused: the desk hears the service is not answering.
    let (d1, d2) = (down().await?, down().await?);
    let all_down = start_gateway(&db, &keys, &format!("{d1},{d2}")).await?;
    let res = http
        .post(format!("http://{}/api/v1/repairs/estates", all_down.addr))
        .bearer_auth(&token)
        .json(&serde_json::json!({}))
        .send()
        .await?;
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await?;
    assert_eq!(body["code"], "upstream_unavailable");
    all_down.stop().await;
    gateway.stop().await;
    Ok(())
}
