//! A second server process for the tests: serves the API from the environment's
//! configuration (DATABASE_URL, JWT_SECRET, DATA_DIR) on a free loopback port, prints
//! `listening on ADDR` once it accepts connections, and stops when its stdin closes.
use std::time::Duration;

use rehsos_server::{Config, app};
use tokio::io::AsyncReadExt;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let state = app::build_state(config).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on {}", listener.local_addr()?);
    let stdin_closed = async {
        let mut sink = Vec::new();
        let _ = tokio::io::stdin().read_to_end(&mut sink).await;
    };
    app::serve(listener, state, stdin_closed, Duration::from_secs(5)).await
}
