//! Billing's HTTP API.

pub mod accounts;
pub mod drawer;
pub mod fees;
pub mod payments;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(accounts::list)
        .service(payments::charges)
        .service(payments::take)
        .service(payments::receipt)
        .service(drawer::open)
        .service(fees::put_schedule)
        .service(fees::get_schedule)
        .service(fees::run_month)
        .service(drawer::close)
        .service(drawer::hand_over)
        .route(
            "/api/v1/billing/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
