//! Complaints' HTTP API.

pub mod complaints;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(complaints::list)
        .service(complaints::get)
        .route(
            "/api/v1/complaints/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
