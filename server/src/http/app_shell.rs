//! The field PWA (`mobile-web`) from the API's own origin, so the phone talks to one server
//! and an office deploys one file: a release build compiles the built app into the binary;
//! a debug build reads `mobile-web/dist` when asked (build it with `npm run build`).
use axum::{
    body::Body,
    http::{HeaderMap, Method, StatusCode, Uri, header},
    response::{Html, IntoResponse, Response},
};
use rust_embed::{Embed, EmbeddedFile};

#[derive(Embed)]
#[folder = "../mobile-web/dist/"]
#[allow_missing = true]
struct Pwa;

/// Answers every GET the API routes do not: a file of the app, or (for a deep link such as
/// `/klien/baru`) the app's page, which routes it.
pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::NOT_FOUND.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(file) = Pwa::get(path) {
        return file_response(path, file, &headers);
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if !last.contains('.')
        && let Some(index) = Pwa::get("index.html")
    {
        return file_response("index.html", index, &headers);
    }
    if path == "index.html" {
        return (
            StatusCode::NOT_FOUND,
            Html(
                "<!doctype html><meta charset=utf-8><title>Layanan Rehsos</title>\
                 <p>Aplikasi lapangan belum dibangun: jalankan <code>make run</code> \
                 (atau <code>npm ci &amp;&amp; npm run build</code> di <code>mobile-web/</code>). \
                 API: <a href=/graphql>/graphql</a>.</p>",
            ),
        )
            .into_response();
    }
    StatusCode::NOT_FOUND.into_response()
}

fn file_response(path: &str, file: EmbeddedFile, headers: &HeaderMap) -> Response {
    let etag = format!(
        "\"{}\"",
        crate::infra::text::hex(&file.metadata.sha256_hash()[..16])
    );
    // Hashed assets never change; the page, the manifest and the service worker must be
    // asked again so a new version reaches the phones.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return (
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache.to_owned()),
            ],
        )
            .into_response();
    }
    let mime = if path.ends_with(".webmanifest") {
        "application/manifest+json".to_owned()
    } else {
        file.metadata.mimetype().to_owned()
    };
    let mut resp = Response::new(Body::from(file.data.into_owned()));
    let h = resp.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, mime),
        (header::ETAG, etag),
        (header::CACHE_CONTROL, cache.to_owned()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ] {
        if let Ok(v) = value.parse() {
            h.insert(name, v);
        }
    }
    if path == "sw.js" {
        h.insert(
            "service-worker-allowed",
            header::HeaderValue::from_static("/"),
        );
    }
    resp
}
