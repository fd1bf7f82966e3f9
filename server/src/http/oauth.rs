//! `POST /oauth/token` (OAuth 2.0 client credentials, RFC 6749 §4.4) and
//! `POST /oauth/revoke` (RFC 7009) for API clients. The client authenticates with HTTP
//! Basic (`client_id:client_secret`) or with `client_id` and `client_secret` in the form.
use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::{Engine, engine::general_purpose::STANDARD};
use serde_json::json;

use crate::actions::api_tokens::{self, OAuthError};
use crate::http::request::{HttpState, fail, locale_of, request_meta};

/// The client's id and secret from the Authorization header or the form.
fn credentials(headers: &HeaderMap, form: &HashMap<String, String>) -> Option<(String, String)> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|raw| String::from_utf8(raw).ok())
        .and_then(|pair| {
            pair.split_once(':')
                .map(|(id, secret)| (id.to_owned(), secret.to_owned()))
        });
    basic.or_else(|| {
        Some((
            form.get("client_id")?.clone(),
            form.get("client_secret")?.clone(),
        ))
    })
}

fn no_store(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    resp
}

fn oauth_error(err: OAuthError, headers: &HeaderMap) -> Response {
    let (status, code, description) = match err {
        OAuthError::InvalidRequest(d) => (StatusCode::BAD_REQUEST, "invalid_request", d),
        OAuthError::InvalidClient => (
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client, wrong secret, or the client is revoked, expired or not allowed from this address".into(),
        ),
        OAuthError::InvalidScope(d) => (StatusCode::BAD_REQUEST, "invalid_scope", d),
        OAuthError::UnsupportedGrantType => (
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only grant_type=client_credentials is supported".into(),
        ),
        OAuthError::SlowDown(wait) => {
            let mut resp = (
                StatusCode::TOO_MANY_REQUESTS,
                axum::Json(json!({
                    "error": "invalid_client",
                    "error_description": format!("too many failed attempts; retry after {wait} s"),
                })),
            )
                .into_response();
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait.max(1)));
            return no_store(resp);
        }
        OAuthError::Server(e) => return fail(e, locale_of(headers)),
    };
    let mut resp = (
        status,
        axum::Json(json!({"error": code, "error_description": description})),
    )
        .into_response();
    if status == StatusCode::UNAUTHORIZED {
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"rehsos\""),
        );
    }
    no_store(resp)
}

/// A form posted to an OAuth endpoint with the client's credentials.
struct Posted {
    meta: crate::infra::state::RequestMeta,
    id: String,
    secret: String,
    form: HashMap<String, String>,
}

fn posted(
    st: &HttpState,
    peer: SocketAddr,
    headers: &HeaderMap,
    form: HashMap<String, String>,
) -> Option<Posted> {
    let (id, secret) = credentials(headers, &form)?;
    Some(Posted {
        meta: request_meta(&st.app, headers, peer),
        id,
        secret,
        form,
    })
}

pub async fn token(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let Some(Posted {
        meta,
        id,
        secret,
        form,
    }) = posted(&st, peer, &headers, form)
    else {
        return oauth_error(OAuthError::InvalidClient, &headers);
    };
    let issued = api_tokens::issue(
        &st.app,
        &meta,
        form.get("grant_type").map(String::as_str),
        &id,
        &secret,
        form.get("scope").map(String::as_str),
    )
    .await;
    match issued {
        Ok(t) => no_store(
            axum::Json(json!({
                "access_token": t.access_token,
                "token_type": "Bearer",
                "expires_in": (t.expires_at - chrono::Utc::now()).num_seconds().max(0),
                "scope": crate::infra::auth::scopes::ApiScope::joined(&t.scopes),
            }))
            .into_response(),
        ),
        Err(e) => oauth_error(e, &headers),
    }
}

pub async fn revoke(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let Some((id, secret)) = credentials(&headers, &form) else {
        return oauth_error(OAuthError::InvalidClient, &headers);
    };
    let Some(token) = form.get("token") else {
        return oauth_error(
            OAuthError::InvalidRequest("token is missing".into()),
            &headers,
        );
    };
    let meta = request_meta(&st.app, &headers, peer);
    match api_tokens::revoke(&st.app, &meta, &id, &secret, token).await {
        Ok(()) => no_store(StatusCode::OK.into_response()),
        Err(e) => oauth_error(e, &headers),
    }
}
