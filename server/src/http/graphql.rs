//! GraphQL over HTTP and WebSocket. Each request gets its language, request metadata, the
//! authenticated actor and fresh DataLoaders as request data.
use std::net::SocketAddr;

use async_graphql::{
    Data, ServerError, Value,
    http::ALL_WEBSOCKET_PROTOCOLS,
    parser::{parse_query, types::OperationType},
};
use async_graphql_axum::{
    GraphQLProtocol, GraphQLRequest, GraphQLWebSocket, rejection::GraphQLRejection,
};
use axum::{
    extract::{ConnectInfo, State, WebSocketUpgrade},
    http::{HeaderMap, Method, StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::http::request::{HttpState, bearer, client_ip, error_response, locale_of, request_meta};

use crate::api::loaders::Loaders;
use crate::http::{client_requests, graphiql};
use crate::infra::auth;
use crate::infra::auth::AuthState;
use crate::infra::error::{AppError, Msg};
use crate::infra::i18n::Locale;
use crate::infra::reads::ReadLog;
use crate::infra::state::RequestMeta;

pub async fn get_handler(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    req: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if uri.query().is_none_or(|q| q.is_empty()) && wants_html {
        return graphiql::page().into_response();
    }
    execute(st, peer, headers, req, Method::GET).await
}

pub async fn post_handler(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    req: Result<GraphQLRequest, GraphQLRejection>,
) -> Response {
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if !multipart && length.is_some_and(|n| n > st.app.config.max_body_bytes) {
        let err = AppError::bad_input(Msg::new(
            "Permintaan terlalu besar. Unggah berkas lewat PUT /documents/{id} atau unggahan multipart.",
            "The request is too large. Upload files with PUT /documents/{id} or a multipart upload.",
        ));
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, err, locale_of(&headers));
    }
    execute(st, peer, headers, req, Method::POST).await
}

/// Mutations over GET are refused (GraphQL over HTTP): GET must be safe to repeat and cache.
fn is_mutation(req: &async_graphql::Request) -> bool {
    let Ok(doc) = parse_query(&req.query) else {
        return false; // the executor reports the syntax error
    };
    doc.operations.iter().any(|(name, op)| {
        let selected = match (&req.operation_name, name) {
            (Some(wanted), Some(name)) => wanted.as_str() == name.as_str(),
            (None, _) => true,
            (Some(_), None) => false,
        };
        selected && op.node.ty == OperationType::Mutation
    })
}

async fn execute(
    st: HttpState,
    peer: SocketAddr,
    headers: HeaderMap,
    req: Result<GraphQLRequest, GraphQLRejection>,
    method: Method,
) -> Response {
    let locale = locale_of(&headers);
    let req = match req {
        Ok(r) => r.into_inner(),
        Err(rejection) => {
            tracing::debug!(error = %rejection.0, "unreadable GraphQL request");
            let err = AppError::bad_input(Msg::new(
                "Permintaan GraphQL tidak dapat dibaca: kirim JSON {\"query\": \"…\", \"variables\": {…}} \
                 dengan Content-Type: application/json, atau query lewat parameter URL ?query=…",
                "The GraphQL request cannot be read: send JSON {\"query\": \"…\", \"variables\": {…}} \
                 with Content-Type: application/json, or a query in the URL parameter ?query=…",
            ));
            return error_response(StatusCode::BAD_REQUEST, err, locale);
        }
    };
    if method == Method::GET && is_mutation(&req) {
        let err = AppError::bad_input(Msg::new(
            "Mutasi harus dikirim dengan POST, bukan GET.",
            "Mutations must be sent with POST, not GET.",
        ));
        let mut resp = error_response(StatusCode::METHOD_NOT_ALLOWED, err, locale);
        resp.headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        return resp;
    }
    let meta = request_meta(&st.app, &headers, peer);
    let auth = match auth::authenticate(&st.app, bearer(&headers), meta.ip).await {
        Ok(a) => a,
        Err(e) => return error_response(StatusCode::INTERNAL_SERVER_ERROR, e, locale),
    };
    let client = match &auth {
        AuthState::Client(c) => Some(c.as_ref().clone()),
        _ => None,
    };
    let (req, client_run) = match &client {
        Some(c) => match client_requests::prepare(&st.app, &meta, c, req, locale).await {
            Ok((req, hash, facts)) => (req, Some((hash, facts))),
            Err(refusal) => return refusal,
        },
        None => (req, None),
    };
    let operation_name = req.operation_name.clone();
    let req = req
        .data(meta.clone())
        .data(locale)
        .data(auth)
        .data(Loaders::new(&st.app.db))
        .data(ReadLog::default());
    let resp = st.schema.execute(req).await;
    // GraphQL over HTTP: a request that could not execute at all (syntax, validation,
    // limits) has no data and answers 400.
    let request_error = resp.data == Value::Null
        && !resp.errors.is_empty()
        && resp.errors.iter().all(|e: &ServerError| e.path.is_empty());
    let answered = client_run
        .as_ref()
        .map(|_| client_requests::Answered::of(&resp));
    let mut http = async_graphql_axum::GraphQLResponse::from(resp).into_response();
    if request_error {
        *http.status_mut() = StatusCode::BAD_REQUEST;
    }
    if let (Some(c), Some((hash, facts)), Some(answered)) = (&client, client_run, answered) {
        let run = client_requests::Run {
            hash,
            operation_name,
            facts,
            answered,
        };
        client_requests::finish(&st.app, &meta, c, run, &mut http).await;
    }
    http
}

/// graphql-transport-ws (and the legacy graphql-ws). Browsers cannot set headers on a
/// WebSocket, so the access token comes in the `connection_init` payload:
/// `{"Authorization": "Bearer …"}` (or `{"accessToken": "…"}`).
pub async fn ws_handler(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let locale = locale_of(&headers);
    let meta = RequestMeta {
        request_id: crate::http::request::request_id(&headers),
        ip: client_ip(&st.app, &headers, peer),
        user_agent: None,
    };
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            let app = st.app.clone();
            GraphQLWebSocket::new(socket, st.schema.clone(), protocol)
                .on_connection_init(move |payload| async move {
                    let token = payload
                        .get("Authorization")
                        .or_else(|| payload.get("authorization"))
                        .and_then(|v| v.as_str())
                        .and_then(|v| v.split_once(' ').map(|(_, t)| t.trim().to_owned()))
                        .or_else(|| {
                            payload
                                .get("accessToken")
                                .and_then(|v| v.as_str())
                                .map(str::to_owned)
                        });
                    let auth = auth::authenticate(&app, token.as_deref(), meta.ip)
                        .await
                        .map_err(|e| async_graphql::Error::new(e.msg.en))?;
                    if !matches!(auth, AuthState::Authenticated(_)) {
                        let msg = match locale {
                            Locale::Id => "Token akses tidak sah atau tidak ada.",
                            Locale::En => "The access token is missing or not valid.",
                        };
                        return Err(async_graphql::Error::new(msg));
                    }
                    let mut data = Data::default();
                    data.insert(meta);
                    data.insert(locale);
                    data.insert(auth);
                    data.insert(Loaders::new(&app.db));
                    data.insert(ReadLog::default());
                    Ok(data)
                })
                .serve()
        })
}
