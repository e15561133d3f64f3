use desk_platform::{Mode, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    if Mode::from_args() == Mode::Other("keygen".into()) {
        let (secret, public) = desk_auth::TokenSigner::generate();
        println!("GATEWAY__AUTH__SIGNING_KEY={secret}");
        println!("AUTH_PUBLIC_KEY={public}");
        return ExitCode::SUCCESS;
    }
    let _telemetry = match telemetry::init(desk_gateway::SERVICE) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("gateway: telemetry: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "Gateway stopped with an error.");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let settings = desk_gateway::load_settings()?;
    let migrate = |settings: &desk_gateway::Settings| -> anyhow::Result<desk_platform::db::Pool> {
        let pool = desk_platform::db::pool(&settings.database);
        desk_platform::db::migrate(&pool, desk_gateway::MIGRATIONS)?;
        Ok(pool)
    };
    match Mode::from_args() {
        Mode::Serve => desk_gateway::start(settings).await?.until_signal().await,
        Mode::Migrate => {
            migrate(&settings)?;
        }
        Mode::Other(m) if m == "demo" => {
            let pool = migrate(&settings)?;
            let n = tokio::task::spawn_blocking(move || desk_gateway::demo::load(&pool)).await??;
            tracing::info!(created = n, "Demo staff accounts are in place.");
        }
        Mode::Other(m) => anyhow::bail!("unknown mode {m}: use serve, migrate, demo or keygen"),
    }
    Ok(())
}
