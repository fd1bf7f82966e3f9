//! HTTP routes: GraphQL over HTTP (POST, and GET for queries), subscriptions over
//! graphql-transport-ws, GraphiQL with its scripts served from this binary, health checks,
//! and the field PWA for every other GET.
pub mod app_shell;
pub mod books;
pub mod client_requests;
pub mod documents;
pub mod forms;
pub mod graphiql;
pub mod graphql;
pub mod letter_verify;
pub mod oauth;
pub mod request;

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use object_store::ObjectStoreExt;

use crate::api::AppSchema;
use crate::http::request::{HttpState, REQUEST_ID};
use crate::infra::state::AppState;

pub fn router(app: AppState, schema: AppSchema) -> Router {
    // Uploads (PUT /documents, GraphQL multipart) may be as large as a document; plain JSON
    // requests are held to MAX_BODY_BYTES in the GraphQL handler.
    let max_body = app
        .config
        .max_body_bytes
        .max(app.config.max_document_bytes + (1 << 20));
    let state = HttpState { app, schema };
    Router::new()
        .route(
            "/graphql",
            get(graphql::get_handler).post(graphql::post_handler),
        )
        .route("/graphql/ws", get(graphql::ws_handler))
        .route("/graphiql/{file}", get(graphiql::asset))
        .route("/books/{book}", get(books::print))
        .route("/cases/{id}/forms/{form}", get(forms::print))
        .route("/documents/{id}", axum::routing::put(documents::put))
        .route("/documents/{id}/content", get(documents::content))
        .route("/documents/{id}/thumbnail", get(documents::thumbnail))
        .route("/verify", axum::routing::post(crate::http::letter_verify::file))
        .route("/verify/{code}", get(crate::http::letter_verify::page))
        .route("/oauth/token", axum::routing::post(oauth::token))
        .route("/oauth/revoke", axum::routing::post(oauth::revoke))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .fallback(app_shell::serve)
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(CatchPanicLayer::new())
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request_id = %id)
            })
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Ready when the database answers and the document storage can be read.
async fn readyz(State(st): State<HttpState>) -> impl IntoResponse {
    let limit = Duration::from_secs(3);
    match tokio::time::timeout(limit, st.app.db.ping()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::error!(error = %e, "readiness: database unreachable");
            return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
        }
        Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "database timeout"),
    }
    let probe = object_store::path::Path::from("readyz-probe");
    match tokio::time::timeout(limit, st.app.storage.store.head(&probe)).await {
        Ok(Ok(_)) | Ok(Err(object_store::Error::NotFound { .. })) => (StatusCode::OK, "ready"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "readiness: storage unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "storage unreachable")
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "storage timeout"),
    }
}
