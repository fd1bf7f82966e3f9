//! What a GraphQL request of an API client goes through besides the schema: only a
//! registered document runs (sent as its text or as `extensions.persistedQuery.sha256Hash`),
//! introspection is off, the answer carries the rate-limit headers (429 with `Retry-After`
//! when the budget is spent), and the request is logged.
use std::sync::Arc;

use async_graphql::{Request, Value};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::Utc;
use entity::api_client_request;
use uuid::Uuid;

use crate::actions::api_clients::document_hash;
use crate::api::scope_guard::ClientFacts;
use crate::http::request::error_response;
use crate::infra::auth::clients::ClientPrincipal;
use crate::infra::error::AppError;
use crate::infra::i18n::Locale;
use crate::infra::reasons::Reason;
use crate::infra::state::{AppState, RequestMeta};

/// The registered operation's hash with the request ready to run, or the refusal.
pub async fn prepare(
    app: &AppState,
    meta: &RequestMeta,
    client: &ClientPrincipal,
    mut req: Request,
    locale: Locale,
) -> Result<(Request, String, Arc<ClientFacts>), Response> {
    let sent_hash = req
        .extensions
        .0
        .get("persistedQuery")
        .and_then(|p| match p {
            Value::Object(o) => o.get("sha256Hash"),
            _ => None,
        })
        .and_then(|h| match h {
            Value::String(s) => Some(s.to_lowercase()),
            _ => None,
        });
    let hash = match (&sent_hash, req.query.trim().is_empty()) {
        (_, false) => document_hash(&req.query),
        (Some(hash), true) => hash.clone(),
        (None, true) => String::new(),
    };
    let registered =
        match crate::store::api_clients::operation(&app.db, client.client.id, &hash).await {
            Ok(found) => found,
            Err(e) => return Err(error_response(StatusCode::INTERNAL_SERVER_ERROR, e, locale)),
        };
    let Some(op) = registered.filter(|_| sent_hash.as_ref().is_none_or(|h| *h == hash)) else {
        let entry = Entry {
            hash: Some(hash.clone()),
            operation_name: req.operation_name.clone(),
            scopes: &[],
            records: 0,
            outcome: "UNREGISTERED",
        };
        log(app, meta, client, entry).await;
        let err = AppError::of(Reason::OperationNotRegistered).with("sha256", hash);
        return Err(error_response(StatusCode::FORBIDDEN, err, locale));
    };
    if req.query.trim().is_empty() {
        req.query = op.document;
    }
    let facts = Arc::new(ClientFacts::default());
    Ok((req.disable_introspection().data(facts.clone()), hash, facts))
}

/// Counts the records (objects with an `id`) in an answer.
fn records_in(value: &Value) -> i32 {
    match value {
        Value::Object(o) => {
            i32::from(o.contains_key("id")) + o.values().map(records_in).sum::<i32>()
        }
        Value::List(items) => items.iter().map(records_in).sum(),
        _ => 0,
    }
}

struct Entry<'a> {
    hash: Option<String>,
    operation_name: Option<String>,
    scopes: &'a [&'a str],
    records: i32,
    outcome: &'a str,
}

async fn log(app: &AppState, meta: &RequestMeta, client: &ClientPrincipal, entry: Entry<'_>) {
    let Entry {
        hash,
        operation_name,
        scopes,
        records,
        outcome,
    } = entry;
    let row = api_client_request::Model {
        id: Uuid::now_v7(),
        client_id: client.client.id,
        office_id: client.client.office_id,
        at: Utc::now(),
        request_id: meta.request_id.chars().take(64).collect(),
        operation_hash: hash.filter(|h| !h.is_empty()),
        operation_name,
        scopes: serde_json::json!(scopes),
        records,
        outcome: outcome.to_owned(),
        ip: Some(meta.ip.to_string()),
    };
    if let Err(e) = crate::store::api_clients::record_request(&app.db, row).await {
        tracing::error!(request_id = %meta.request_id, error = %e.msg.en, "API client request not logged");
    }
}

/// What the answer held, taken before it is turned into HTTP.
pub struct Answered {
    records: i32,
    clean: bool,
}

impl Answered {
    pub fn of(resp: &async_graphql::Response) -> Self {
        Self {
            records: records_in(&resp.data),
            clean: resp.errors.is_empty(),
        }
    }
}

/// A client's request as it ran.
pub struct Run {
    pub hash: String,
    pub operation_name: Option<String>,
    pub facts: Arc<ClientFacts>,
    pub answered: Answered,
}

/// Logs the request and adds the rate-limit headers (429 when the budget was spent).
pub async fn finish(
    app: &AppState,
    meta: &RequestMeta,
    client: &ClientPrincipal,
    run: Run,
    http: &mut Response,
) {
    let budget = run.facts.budget.lock().ok().and_then(|b| b.clone());
    let used: Vec<&str> = run
        .facts
        .scopes_used
        .lock()
        .map(|s| s.iter().copied().collect())
        .unwrap_or_default();
    let outcome = match &budget {
        Some(b) if b.exceeded => "RATE_LIMITED",
        _ if run.answered.clean => "OK",
        _ => "ERRORS",
    };
    let entry = Entry {
        hash: Some(run.hash),
        operation_name: run.operation_name,
        scopes: &used,
        records: run.answered.records,
        outcome,
    };
    log(app, meta, client, entry).await;
    let Some(b) = budget else { return };
    let h = http.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from(b.limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(b.remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(b.reset_seconds));
    if b.exceeded {
        h.insert(
            header::RETRY_AFTER,
            HeaderValue::from(b.retry_after_seconds),
        );
        *http.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    }
}
