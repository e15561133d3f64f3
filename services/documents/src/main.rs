use desk_platform::{Mode, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let _telemetry = match telemetry::init(desk_documents::SERVICE) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("documents: telemetry: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "Documents stopped with an error.");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let settings = desk_documents::load_settings()?;
    match Mode::from_args() {
        Mode::Serve => desk_documents::start(settings).await?.until_signal().await,
        Mode::Migrate => {
            desk_events::backbone::migrate_only(&settings.common, desk_documents::MIGRATIONS)?
        }
        Mode::Other(m) if m == "demo" => {
            desk_events::backbone::migrate_only(&settings.common, desk_documents::MIGRATIONS)?;
            let pool = desk_platform::db::pool(&settings.common.database);
            let loaded =
                tokio::task::spawn_blocking(move || desk_documents::load_demo(&pool)).await??;
            tracing::info!(
                estates = loaded.estates,
                units = loaded.units,
                residents = loaded.residents,
                "Demo registry loaded; its events leave with the service's relay."
            );
        }
        Mode::Other(m) => anyhow::bail!("unknown mode {m}: use serve, migrate or demo"),
    }
    Ok(())
}
