use desk_platform::{Mode, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let _telemetry = match telemetry::init(desk_complaints::SERVICE) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("complaints: telemetry: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "Complaints stopped with an error.");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let settings = desk_complaints::load_settings()?;
    match Mode::from_args() {
        Mode::Serve => desk_complaints::start(settings).await?.until_signal().await,
        Mode::Migrate => {
            desk_events::backbone::migrate_only(&settings, desk_complaints::MIGRATIONS)?
        }
        Mode::Other(m) if m == "demo" => {
            desk_events::backbone::migrate_only(&settings, desk_complaints::MIGRATIONS)?;
            let pool = desk_platform::db::pool(&settings.database);
            let opened =
                tokio::task::spawn_blocking(move || desk_complaints::demo::load(&pool)).await??;
            tracing::info!(opened, "Demo complaints loaded.");
        }
        Mode::Other(m) => anyhow::bail!("unknown mode {m}: use serve, migrate or demo"),
    }
    Ok(())
}
