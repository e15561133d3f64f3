//! Repairs' HTTP API.

pub mod work_orders;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(work_orders::list)
        .service(work_orders::get)
        .route(
            "/api/v1/repairs/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
