//! With the broker out of reach, the desk's writes still succeed; their events wait in the
//! outbox and are delivered, once, when the broker is back. Nothing is lost.

use desk_e2e::cut::Cut;
use desk_e2e::{Platform, estate, eventually};
use serde_json::json;
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A broker of this test's own, advertising the address of the cut in front of it.
struct Broker(Child);

impl Broker {
    fn start(listen: u16, advertised: u16) -> anyhow::Result<Self> {
        let bin = std::env::var("DESK_TANSU_BIN").unwrap_or_else(|_| "tansu".to_string());
        let child = Command::new(bin)
            .args([
                "broker",
                "--listener-url",
                &format!("tcp://127.0.0.1:{listen}"),
                "--advertised-listener-url",
                &format!("tcp://127.0.0.1:{advertised}"),
                "--storage-engine",
                "memory://tansu/",
            ])
            .env_remove("OTEL_EXPORTER_OTLP_ENDPOINT")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        Ok(Self(child))
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_succeed_without_the_broker_and_their_events_arrive_once_it_is_back()
-> anyhow::Result<()> {
    let (listen, advertised) = (free_port()?, free_port()?);
    let _broker = Broker::start(listen, advertised)?;
    let target: SocketAddr = format!("127.0.0.1:{listen}").parse()?;
    eventually(Duration::from_secs(20), || async {
        Ok(tokio::net::TcpStream::connect(target)
            .await
            .ok()
            .map(|_| ()))
    })
    .await?;
    let cut = Cut::new(format!("127.0.0.1:{advertised}").parse()?, target).await?;
    let p = Platform::start_with_brokers(&format!("127.0.0.1:{advertised}")).await?;
    let desk = p.login("sun.desk").await?;
    let sun = estate("SUN");
    let log = |request: &'static str| {
        let (p, desk) = (&p, &desk);
        async move {
            let (status, body) = p
                .post(
                    desk,
                    &format!("/api/v1/reception/estates/{sun}/intakes"),
                    &json!({"channel": "phone", "category": "complaint",
                            "caller": {"unit_label": "4-1-502"}, "request": request}),
                )
                .await?;
            anyhow::ensure!(status == 201, "{status} {body}");
            Ok::<String, anyhow::Error>(body["intake_id"].as_str().unwrap_or_default().to_string())
        }
    };
    let complaints_of = |intake: String| {
        let p = &p;
        async move {
            p.db.count(&format!(
                "SELECT count(*) AS n FROM complaints.complaints WHERE intake_id = '{intake}'"
            ))
        }
    };

    let before = log("保安巡逻不到位").await?;
    eventually(Duration::from_secs(60), || async {
        Ok((complaints_of(before.clone()).await? == 1).then_some(()))
    })
    .await?;

    cut.sever().await;
    let during = log("停车场照明坏了一周没人管").await?;
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM reception.outbox WHERE published_at IS NULL")?,
        1,
        "the event waits in the outbox"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        complaints_of(during.clone()).await?,
        0,
        "nothing can arrive while the broker is away"
    );

    cut.restore().await?;
    eventually(Duration::from_secs(120), || async {
        Ok((complaints_of(during.clone()).await? == 1).then_some(()))
    })
    .await?;
    let after = log("绿化带杂草丛生").await?;
    eventually(Duration::from_secs(60), || async {
        Ok((complaints_of(after.clone()).await? == 1).then_some(()))
    })
    .await?;
    assert_eq!(
        p.db.count("SELECT count(*) AS n FROM complaints.complaints")?,
        3,
        "each once"
    );
    // And the ledger follows it once reception has the complaint's event.
    eventually(Duration::from_secs(60), || async {
        let (_, ledger) = p
            .get(
                &desk,
                &format!("/api/v1/reception/estates/{sun}/intakes/{during}"),
            )
            .await?;
        Ok((ledger["status"] == "forwarded").then_some(()))
    })
    .await?;
    p.stop().await;
    Ok(())
}
