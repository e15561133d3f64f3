//! Repairs' HTTP API.

pub mod after_sales;
pub mod lists;
pub mod money;
pub mod photos;
pub mod reports;
pub mod resident;
pub mod stats;
pub mod work_orders;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(work_orders::my_orders)
        .service(resident::list)
        .service(resident::report)
        .service(resident::get)
        .service(resident::photo)
        .service(resident::rate)
        .service(
            web::resource(
                "/api/v1/repairs/resident/estates/{estate_id}/work-orders/{work_order_id}/photos",
            )
            .app_data(web::PayloadConfig::new(photos::MAX_BYTES + 1024))
            .route(web::post().to(resident::upload_photo)),
        )
        .service(reports::follow_up_rate)
        .service(reports::approve_week)
        .service(reports::send_to_developer)
        .service(reports::developer_returned)
        .service(reports::unreturned)
        .service(reports::stats)
        .service(stats::group_month)
        .service(reports::stats_csv)
        .service(after_sales::sign_week)
        .service(after_sales::weeks)
        .service(lists::late_orders)
        .service(lists::follow_ups)
        .service(money::change_kind)
        .service(money::approve_fee)
        .service(money::waive_settlement)
        .service(money::get_settings)
        .service(money::put_settings)
        .service(work_orders::create)
        .service(work_orders::charge)
        .service(work_orders::roster)
        .service(work_orders::put_technician)
        .service(work_orders::list)
        .service(work_orders::get)
        .service(work_orders::appointment)
        .service(work_orders::dispatch)
        .service(work_orders::callback)
        .service(work_orders::accept)
        .service(work_orders::start)
        .service(work_orders::pause)
        .service(work_orders::give_back)
        .service(work_orders::complete)
        .service(work_orders::follow_up)
        .service(
            web::resource("/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/photos")
                .app_data(web::PayloadConfig::new(photos::MAX_BYTES + 1024))
                .route(web::post().to(photos::upload))
                .route(web::get().to(photos::list)),
        )
        .route(
            "/api/v1/repairs/estates/{estate_id}/work-orders/{work_order_id}/photos/{photo_id}",
            web::get().to(photos::download),
        )
        .route(
            "/api/v1/repairs/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
