//! Start-up: from configuration to a running server, and graceful shutdown.
use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use tokio::net::TcpListener;

use crate::infra::auth::password;
use crate::infra::auth::tokens::TokenKeys;
use crate::infra::config::Config;
use crate::infra::state::AppState;
use crate::infra::{db, storage};
use crate::{api as graphql, http};

/// Opens the data folder, database (migrated), storage and keys.
pub async fn build_state(config: Config) -> anyhow::Result<AppState> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating DATA_DIR {}", config.data_dir.display()))?;
    if !config.is_sqlite() && config.jwt_secret.is_none() {
        tracing::warn!(
            "JWT_SECRET is not set: this node keeps its own key in DATA_DIR; replicas sharing \
             the database must all be given the same JWT_SECRET"
        );
    }
    let db = db::connect(&config.database_url)
        .await
        .with_context(|| "connecting to DATABASE_URL and applying migrations")?;
    crate::store::sops::load_shipped(&db)
        .await
        .context("loading the SOP definitions")?;
    // A replica starting at the same moment may have made them: then the second try finds
    // nothing missing.
    if crate::store::relay_nodes::ensure_offices(&db)
        .await
        .is_err()
    {
        crate::store::relay_nodes::ensure_offices(&db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("creating the relay network's offices")?;
    }
    let storage = storage::open(&config.storage_url, &config.s3)?;
    let keys = TokenKeys::load_or_generate(config.jwt_secret.as_deref(), &config.data_dir)?;
    let dummy = password::hash(crate::infra::auth::tokens::random_token(16))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (audit_feed, _) = tokio::sync::broadcast::channel(256);
    Ok(AppState {
        config: Arc::new(config),
        db,
        keys: Arc::new(keys),
        storage,
        audit_feed,
        dummy_password_hash: dummy.into(),
        reference: Default::default(),
    })
}

/// Serves until `shutdown` resolves, then stops accepting connections and lets requests in
/// flight finish, for at most `grace` (WebSocket subscriptions would otherwise hold it open).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> anyhow::Result<()> {
    let audit_listener = crate::infra::audit::listen(&state)
        .await
        .context("listening for audit events on PostgreSQL")?;
    let schema = graphql::build(state.clone(), &state.config);
    let housekeeping = tokio::spawn(housekeeping_hourly(state.clone()));
    let app = http::router(state, schema);
    let (stopping_tx, mut stopping_rx) = tokio::sync::watch::channel(false);
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight");
        let _ = stopping_tx.send(true);
    });
    let outcome = tokio::select! {
        res = server => res.context("serving HTTP"),
        _ = async {
            let _ = stopping_rx.wait_for(|s| *s).await;
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!("shutdown grace period over; closing remaining connections");
            Ok(())
        }
    };
    // Background work stops with the server (and lets go of its connections).
    housekeeping.abort();
    if let Some(l) = audit_listener {
        l.abort();
    }
    outcome
}

/// Once an hour: removes stored objects that no document row points to (left by a crash
/// between storing and recording; objects younger than an hour may be uploads in
/// progress), and forgets API clients' budget windows that ended long ago.
async fn housekeeping_hourly(state: AppState) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        if let Err(e) =
            crate::actions::documents::sweep_orphans(&state, Duration::from_secs(3600)).await
        {
            tracing::warn!(error = %e, "orphan sweep failed");
        }
        if let Err(e) = crate::store::api_usage::prune(&state.db).await {
            tracing::warn!(error = %e.msg.en, "pruning API budget windows failed");
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
