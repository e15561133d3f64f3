use desk_platform::{Mode, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let _telemetry = match telemetry::init(desk_billing::SERVICE) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("billing: telemetry: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "Billing stopped with an error.");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let settings = desk_billing::load_settings()?;
    match Mode::from_args() {
        Mode::Serve => desk_billing::start(settings).await?.until_signal().await,
        Mode::Migrate => desk_events::backbone::migrate_only(&settings, desk_billing::MIGRATIONS)?,
        Mode::Other(m) if m == "demo" => {
            desk_events::backbone::migrate_only(&settings, desk_billing::MIGRATIONS)?;
            let pool = desk_platform::db::pool(&settings.database);
            let added = tokio::task::spawn_blocking(move || {
                desk_billing::demo::load(&pool, std::time::Duration::from_secs(90))
            })
            .await??;
            tracing::info!(payments = added, "Demo books loaded.");
        }
        Mode::Other(m) => anyhow::bail!("unknown mode {m}: use serve, migrate or demo"),
    }
    Ok(())
}
