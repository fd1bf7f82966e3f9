//! What every route reads off a request: its id, the client's address (behind trusted
//! proxies), the language, the bearer token; and how an error becomes a response.
use crate::api::AppSchema;
use crate::infra::auth::{self, Actor, AuthState};
use crate::infra::error::{AppError, ErrorCode};
use crate::infra::i18n::Locale;
use crate::infra::reasons::Reason;
use crate::infra::state::{AppState, RequestMeta};
use axum::{Json, http::header, response::Response};
use axum::{
    http::{HeaderMap, HeaderName, StatusCode},
    response::IntoResponse,
};
use serde_json::json;
use std::net::SocketAddr;

/// The client's address: the TCP peer, or the first `X-Forwarded-For` entry when the
/// server is configured to sit behind a trusted proxy.
pub fn client_ip(st: &AppState, headers: &HeaderMap, peer: SocketAddr) -> std::net::IpAddr {
    if st.config.trust_forwarded_for
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok())
    {
        return ip;
    }
    peer.ip()
}

pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Request id, client address and user agent, for the audit trail.
pub(crate) fn request_meta(st: &AppState, headers: &HeaderMap, peer: SocketAddr) -> RequestMeta {
    RequestMeta {
        request_id: request_id(headers),
        ip: client_ip(st, headers, peer),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

/// A GraphQL-shaped error response for failures before execution.
pub(crate) fn error_response(status: StatusCode, err: AppError, locale: Locale) -> Response {
    let message = match locale {
        Locale::Id => err.msg.id,
        Locale::En => err.msg.en,
    };
    let mut extensions = serde_json::Map::new();
    extensions.insert("code".into(), err.code.as_str().into());
    for (key, value) in err.extra {
        extensions.insert(key.into(), value.into_json().unwrap_or_default());
    }
    let body = json!({"errors": [{"message": message, "extensions": extensions}]});
    (
        status,
        [(header::CONTENT_TYPE, "application/graphql-response+json")],
        Json(body),
    )
        .into_response()
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub(crate) fn locale_of(headers: &HeaderMap) -> Locale {
    Locale::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

#[derive(Clone)]
pub struct HttpState {
    pub app: AppState,
    pub schema: AppSchema,
}

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The HTTP status of an error, for the routes outside GraphQL.
pub(crate) fn status_of(err: &AppError) -> StatusCode {
    match err.code {
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::FailedPrecondition => StatusCode::CONFLICT,
        ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::BadUserInput
            if err.extra.iter().any(|(k, v)| {
                *k == "reason" && *v == async_graphql::Value::from(Reason::TooLarge.as_str())
            }) =>
        {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        ErrorCode::BadUserInput => StatusCode::BAD_REQUEST,
    }
}

/// The error as the routes outside GraphQL answer it.
pub(crate) fn fail(err: AppError, locale: Locale) -> Response {
    error_response(status_of(&err), err, locale)
}

/// The signed-in actor of a request outside GraphQL (bearer token), or UNAUTHENTICATED.
pub(crate) async fn actor(
    st: &HttpState,
    headers: &HeaderMap,
    peer: std::net::SocketAddr,
) -> Result<Actor, AppError> {
    let ip = client_ip(&st.app, headers, peer);
    match auth::authenticate(&st.app, bearer(headers), ip).await? {
        AuthState::Authenticated(actor) => Ok(*actor),
        AuthState::Client(_) => Err(AppError::of(
            crate::infra::reasons::Reason::StaffTokenRequired,
        )),
        _ => Err(AppError::unauthenticated()),
    }
}
