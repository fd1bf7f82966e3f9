//! Verifiable letters. When a letter is numbered its PDF is made and kept as a document
//! with its sha256, under an unguessable code; the QR code on the letter points to
//! `PUBLIC_URL/verify/{code}`. Anyone may ask, by code (`verifyLetter`, `GET /verify/{code}`)
//! or by the file itself (`POST /verify`), whether a letter is genuine: the answer gives its
//! number, date, office and signatory, and nothing about the person it concerns.
use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::http::request::HttpState;
use crate::rules::letter_pdf::title_of;
use crate::store::letter_verification::{by_code, by_sha256};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /verify/{code}`: the page the QR code opens.
pub async fn page(State(st): State<HttpState>, Path(code): Path<String>) -> Response {
    let v = match by_code(&st.app.db, &code).await {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(code = ?e.code, "verify page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let rows = if v.genuine {
        let row = |k: &str, val: Option<String>| {
            format!(
                "<tr><th>{k}</th><td>{}</td></tr>",
                escape(&val.unwrap_or_default())
            )
        };
        format!(
            "<p class=ok>ASLI — surat ini diterbitkan oleh sistem Layanan Rehsos.<br><small>Genuine: this letter was issued by the Layanan Rehsos system.</small></p><table>{}{}{}{}</table>",
            row("Nomor / Number", v.number.clone()),
            row("Tanggal / Date", v.date.map(|d| d.to_string())),
            row("Kantor / Office", v.office_name.clone()),
            row(
                "Penandatangan / Signed by",
                v.signer_name
                    .clone()
                    .map(|n| format!("{n} ({})", title_of(v.signer_role)))
            ),
        )
    } else {
        "<p class=bad>TIDAK DIKENAL — tidak ada surat dengan kode ini.<br><small>Unknown: no letter has this code; it is not a genuine letter of this system.</small></p>".to_owned()
    };
    let status = if v.genuine {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let html = format!(
        "<!doctype html><html lang=id><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\"><title>Verifikasi surat</title><style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}.ok{{color:#075e2b}}.bad{{color:#9b1c1c}}th{{text-align:left;padding-right:1rem}}</style></head><body><h1>Verifikasi surat</h1>{rows}</body></html>"
    );
    (status, Html(html)).into_response()
}

/// `POST /verify` with a PDF as the body: whether exactly these bytes are a genuine letter.
pub async fn file(State(st): State<HttpState>, body: Body) -> Response {
    let limit = st.app.config.max_document_bytes;
    let mut hasher = Sha256::new();
    let mut size = 0usize;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        size += chunk.len();
        if size > limit {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        }
        hasher.update(&chunk);
    }
    let sha = crate::infra::text::hex(&hasher.finalize());
    match by_sha256(&st.app.db, &sha).await {
        Ok(v) => ([(header::CACHE_CONTROL, "no-store")], Json(v)).into_response(),
        Err(e) => {
            tracing::error!(code = ?e.code, "verify file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
