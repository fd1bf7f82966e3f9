//! `rehsos-server`: runs the API (`--demo` loads demo data first) or prints the schema.
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use rehsos_server::{Config, api, app, demo};
use tracing_subscriber::EnvFilter;

// mimalloc hands freed memory back; with glibc's allocator the 19 MiB argon2 buffers of a
// login burst stayed resident in per-thread arenas (2 GiB measured by `make bench`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    version,
    about = "Layanan Rehabilitasi Sosial — GraphQL API for Dinas Sosial offices"
)]
struct Cli {
    /// Load the demo offices, institutions and users (idempotent) before serving.
    #[arg(long)]
    demo: bool,
    /// Seconds to let requests in flight finish after SIGTERM.
    #[arg(long, default_value_t = 30)]
    shutdown_grace_secs: u64,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Print the GraphQL schema (SDL); `schema.graphql` in the repository is this output.
    Schema,
    /// Grant the deployment's OPERATOR role to an office user: they may then register API
    /// clients whose reach is a province or the whole deployment.
    GrantOperator { username: String },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(Command::Schema) = cli.command {
        print!("{}", api::sdl());
        return Ok(());
    }
    let config = Config::from_env()?;
    init_tracing(config.log_json);
    let listen = config.listen_addr;
    let state = app::build_state(config).await?;
    if let Some(Command::GrantOperator { username }) = &cli.command {
        let user = rehsos_server::actions::users::grant_operator(&state, username)
            .await
            .map_err(|e| anyhow::anyhow!(e.msg.en))?;
        println!("{} is now an OPERATOR of this deployment.", user.username);
        return Ok(());
    }
    if cli.demo {
        let summary = demo::load(&state, std::env::var("DEMO_PASSWORD").ok()).await?;
        tracing::info!(users_created = summary.users_created, "demo data loaded");
        match (&summary.password, &summary.password_file) {
            (Some(pw), Some(path)) => println!(
                "Demo users (e.g. kadis@blitar) share the password: {pw}  (saved in {})",
                path.display()
            ),
            (Some(_), None) => {
                println!("Demo users (e.g. kadis@blitar) use the password in DEMO_PASSWORD.")
            }
            (None, _) => println!(
                "Demo users already existed; they keep the password they were created with."
            ),
        }
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("binding LISTEN_ADDR {listen}"))?;
    println!("Layanan Rehsos: GraphiQL at http://{listen}/graphql");
    app::serve(
        listener,
        state,
        app::shutdown_signal(),
        Duration::from_secs(cli.shutdown_grace_secs),
    )
    .await
}

fn init_tracing(json: bool) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
