//! Every binary's built-in settings load as they ship, and the environment overrides them.

#[test]
fn every_service_loads_its_built_in_settings() -> anyhow::Result<()> {
    let reception = desk_reception::load_settings()?;
    assert_eq!(reception.http.bind, "127.0.0.1:8081");
    assert_eq!(
        reception.database.url.expose(),
        "postgres://desk_reception@127.0.0.1:5432/estate_desk"
    );
    assert_eq!(
        desk_complaints::load_settings()?.http.bind,
        "127.0.0.1:8082"
    );
    assert_eq!(desk_repairs::load_settings()?.http.bind, "127.0.0.1:8083");
    assert_eq!(desk_billing::load_settings()?.http.bind, "127.0.0.1:8084");
    assert_eq!(
        desk_documents::load_settings()?.common.http.bind,
        "127.0.0.1:8085"
    );
    let gateway = desk_gateway::load_settings()?;
    assert_eq!(gateway.http.bind, "127.0.0.1:8080");
    assert_eq!(gateway.upstreams.reception, "http://127.0.0.1:8081");
    assert_eq!(format!("{:?}", gateway.auth.signing_key), "[redacted]");
    Ok(())
}

#[test]
fn the_environment_overrides_a_service_setting() -> anyhow::Result<()> {
    // This test process sets the variable before anything reads it.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("REPAIRS__KAFKA__PARTITIONS", "12");
        std::env::set_var("REPAIRS__HTTP__BIND", "0.0.0.0:9000");
    }
    let s = desk_repairs::load_settings()?;
    assert_eq!(s.kafka.partitions, 12);
    assert_eq!(s.http.bind, "0.0.0.0:9000");
    Ok(())
}
