//! Billing's HTTP API.

pub mod accounts;
pub mod deposits;
pub mod drawer;
pub mod fees;
pub mod payments;
pub mod reports;
pub mod resident;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Fixed paths before the `{payment_id}`-style ones that would otherwise match them.
    cfg.service(accounts::list)
        .service(payments::charges)
        .service(fees::charge_item)
        .service(payments::take)
        .service(payments::list)
        .service(payments::list_csv)
        .service(payments::waiting_reversals)
        .service(payments::receipt)
        .service(payments::print)
        .service(payments::request_reversal)
        .service(payments::decide_reversal)
        .service(drawer::current)
        .service(drawer::of_day)
        .service(drawer::open)
        .service(drawer::close)
        .service(drawer::hand_over)
        .service(drawer::late_drawers)
        .service(drawer::confirm)
        .service(drawer::put_calendar)
        .service(drawer::get_calendar)
        .service(deposits::list)
        .service(deposits::refund)
        .service(fees::put_schedule)
        .service(fees::get_schedule)
        .service(fees::run_month)
        .service(reports::weekly)
        .service(reports::weekly_csv)
        .service(reports::monthly)
        .service(reports::monthly_csv)
        .service(reports::arrears)
        .service(reports::arrears_csv)
        .service(reports::group_month)
        .service(reports::group_month_csv)
        .service(resident::charges)
        .service(resident::pay)
        .service(resident::receipt)
        .route(
            "/api/v1/billing/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
