use desk_platform::{Mode, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let _telemetry = match telemetry::init(desk_repairs::SERVICE) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("repairs: telemetry: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "Repairs stopped with an error.");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let settings = desk_repairs::load_settings()?;
    match Mode::from_args() {
        Mode::Serve => desk_repairs::start(settings).await?.until_signal().await,
        Mode::Migrate => desk_events::backbone::migrate_only(&settings, desk_repairs::MIGRATIONS)?,
        Mode::Other(m) if m == "demo" => {
            desk_events::backbone::migrate_only(&settings, desk_repairs::MIGRATIONS)?;
            let pool = desk_platform::db::pool(&settings.database);
            let added =
                tokio::task::spawn_blocking(move || desk_repairs::load_demo(&pool)).await??;
            tracing::info!(orders = added, "Demo work orders loaded.");
        }
        Mode::Other(m) => anyhow::bail!("unknown mode {m}: use serve, migrate or demo"),
    }
    Ok(())
}
