//! Documents' HTTP API.

pub mod registry;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(registry::estates)
        .service(registry::units)
        .route(
            "/api/v1/documents/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
