//! The gateway's HTTP surface: sign-in, the merged OpenAPI document, and routing of
//! `/api/v1/<service>/...` to the services.

pub mod auth;
pub mod openapi;
pub mod proxy;
pub mod residents;
pub mod staff;
pub mod webapp;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::me)
        .service(staff::create)
        .service(staff::list)
        .service(staff::change)
        .service(staff::directory)
        .service(residents::create)
        .service(residents::list)
        .service(residents::change)
        .service(residents::login)
        .service(residents::me)
        .service(openapi::merged)
        .service(
            web::resource("/api/v1/{service}/{tail:.*}")
                .app_data(web::PayloadConfig::new(16 * 1024 * 1024))
                .to(proxy::forward),
        );
}
