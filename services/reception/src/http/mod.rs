//! Reception's HTTP API: thin handlers that check the caller, call the domain and the
//! database, and answer with DTOs.

pub mod callers;
pub mod common;
pub mod intakes;
pub mod keys;
pub mod parcels;
pub mod records;
pub mod shifts;
pub mod visitors;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(intakes::log)
        .service(intakes::list)
        .service(intakes::get)
        .service(intakes::change)
        .service(intakes::close)
        .service(intakes::note)
        .service(intakes::reassign)
        .service(intakes::refer)
        .service(intakes::outcome)
        .service(callers::lookup)
        .service(visitors::sign_in)
        .service(visitors::sign_out)
        .service(visitors::list)
        .service(shifts::open)
        .service(shifts::current)
        .service(shifts::note)
        .service(shifts::handover)
        .service(shifts::acknowledge_handover)
        .service(shifts::list)
        .service(parcels::receive)
        .service(parcels::notify)
        .service(parcels::collect)
        .service(parcels::return_to_sender)
        .service(parcels::list)
        .service(keys::register)
        .service(keys::list)
        .service(keys::lend)
        .service(keys::give_back)
        .service(keys::loans)
        .service(keys::count)
        .service(keys::counts)
        .service(records::create)
        .service(records::set_status)
        .service(records::list)
        .route(
            "/api/v1/reception/openapi.json",
            web::get().to(|| async {
                actix_web::HttpResponse::Ok()
                    .content_type("application/json")
                    .body(include_str!("../../openapi.json"))
            }),
        );
}
