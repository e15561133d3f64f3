//! Reception's HTTP API: thin handlers that check the caller, call the domain and the
//! database, and answer with DTOs.

pub mod intakes;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(intakes::log)
        .service(intakes::list)
        .service(intakes::get)
        .route(
            "/api/v1/reception/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
