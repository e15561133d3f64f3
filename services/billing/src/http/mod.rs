//! Billing's HTTP API.

pub mod accounts;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(accounts::list).route(
        "/api/v1/billing/openapi.json",
        web::get().to(|| async {
            actix_web::HttpResponse::Ok()
                .content_type("application/json")
                .body(include_str!("../../openapi.json"))
        }),
    );
}
