//! Documents' HTTP API.

pub mod calendar;
pub mod manage;
pub mod passes;
pub mod registry;
pub mod search;
pub mod views;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(registry::estates)
        .service(registry::estate)
        .service(registry::buildings)
        .service(registry::units)
        .service(registry::unit)
        .service(registry::resident)
        .service(registry::id_number)
        .service(search::search)
        .service(calendar::read)
        .service(calendar::set)
        .service(manage::create_estate)
        .service(manage::change_estate)
        .service(manage::create_building)
        .service(manage::create_unit)
        .service(manage::change_unit)
        .service(manage::create_resident)
        .service(manage::change_resident)
        .service(passes::issue)
        .service(passes::list)
        .service(passes::read)
        .service(passes::renew)
        .service(passes::take_back)
        .service(
            web::resource("/api/v1/documents/estates/{estate_id}/import")
                .app_data(web::PayloadConfig::new(16 * 1024 * 1024))
                .route(web::post().to(manage::import_csv)),
        )
        .route(
            "/api/v1/documents/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
