//! Complaints' HTTP API.

pub mod complaints;
pub mod resident;
pub mod settings;
pub mod stats;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(stats::estates_month)
        .service(stats::group_month)
        .service(stats::estate_month)
        .service(stats::estate_csv)
        .service(stats::report_csv)
        .service(stats::freeze)
        .service(settings::get)
        .service(settings::put)
        .service(resident::list)
        .service(resident::get)
        .service(resident::create)
        .service(resident::rate)
        .service(complaints::list)
        .service(complaints::create)
        .service(complaints::get)
        .service(complaints::classify)
        .service(complaints::assign)
        .service(complaints::resolve)
        .service(complaints::reply)
        .service(complaints::follow_up)
        .route(
            "/api/v1/complaints/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
