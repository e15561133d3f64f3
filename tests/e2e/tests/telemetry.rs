//! Traces leave the process over OTLP, and one trace runs from the desk's request through the
//! gateway, reception, Kafka and the complaints consumer.

use actix_web::{App, HttpResponse, HttpServer, web};
use desk_e2e::{Platform, estate, eventually};
use prost::Message;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

// The parts of the OTLP trace export request this test reads.
#[derive(Clone, PartialEq, Message)]
struct ExportTraceServiceRequest {
    #[prost(message, repeated, tag = "1")]
    resource_spans: Vec<ResourceSpans>,
}
#[derive(Clone, PartialEq, Message)]
struct ResourceSpans {
    #[prost(message, repeated, tag = "2")]
    scope_spans: Vec<ScopeSpans>,
}
#[derive(Clone, PartialEq, Message)]
struct ScopeSpans {
    #[prost(message, repeated, tag = "2")]
    spans: Vec<Span>,
}
#[derive(Clone, PartialEq, Message)]
struct Span {
    #[prost(bytes = "vec", tag = "1")]
    trace_id: Vec<u8>,
    #[prost(string, tag = "5")]
    name: String,
}

type Received = Arc<Mutex<Vec<(Vec<u8>, String)>>>;

async fn collect(body: web::Bytes, got: web::Data<Received>) -> HttpResponse {
    if let Ok(req) = ExportTraceServiceRequest::decode(body.as_ref()) {
        let mut got = got.lock().unwrap_or_else(|e| e.into_inner());
        for rs in req.resource_spans {
            for ss in rs.scope_spans {
                for s in ss.spans {
                    got.push((s.trace_id, s.name));
                }
            }
        }
    }
    HttpResponse::Ok().finish()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_trace_runs_from_the_desk_through_kafka_to_the_consumer() -> anyhow::Result<()> {
    let received: Received = Arc::default();
    let data = web::Data::new(received.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/v1/traces", web::post().to(collect))
    })
    .workers(1)
    .bind("127.0.0.1:0")?;
    let addr = server.addrs()[0];
    tokio::spawn(server.run());
    // SAFETY: set before any other thread of this test process reads the environment.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("OTEL_EXPORTER_OTLP_ENDPOINT", format!("http://{addr}"));
    }
    let telemetry = desk_platform::telemetry::init("estate-desk")?;

    let p = Platform::start().await?;
    let desk = p.login("sun.desk").await?;
    let sun = estate("SUN");
    let trace_hex = "4bf92f3577b34da6a3ce929d0e0e4736";
    let res = p
        .http
        .post(p.url(&format!("/api/v1/reception/estates/{sun}/intakes")))
        .bearer_auth(&desk)
        .header("traceparent", format!("00-{trace_hex}-00f067aa0ba902b7-01"))
        .json(&json!({"channel": "phone", "category": "complaint",
                      "caller": {"phone": "13700001234"}, "request": "快递柜被占用"}))
        .send()
        .await?;
    assert_eq!(res.status(), 201);
    let trace_id: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&trace_hex[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect();

    let names = eventually(Duration::from_secs(60), || {
        telemetry.flush();
        let got = received.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let names: Vec<String> = got
            .into_iter()
            .filter(|(t, _)| *t == trace_id)
            .map(|(_, n)| n)
            .collect();
        let consumed = names.iter().any(|n| n == "event.consume");
        async move { Ok(consumed.then_some(names)) }
    })
    .await?;
    assert!(
        names
            .iter()
            .any(|n| n == "POST /api/v1/{service}/{tail:.*}"),
        "gateway span: {names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n == "POST /api/v1/reception/estates/{estate_id}/intakes"),
        "reception span: {names:?}"
    );
    p.stop().await;
    Ok(())
}
