//! `PUT /documents/{id}` for the field PWA (the id is made on the phone, so a retried upload
//! is a no-op), and the authorised, streamed downloads `GET /documents/{id}/content` and
//! `GET /documents/{id}/thumbnail`.
use std::net::SocketAddr;

use axum::{
    Json,
    body::Body,
    extract::{ConnectInfo, Path, Query, Request, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use entity::{document, document_kind::DocumentKind};
use futures_util::{StreamExt, TryStreamExt};
use object_store::{ObjectStoreExt, path::Path as StorePath};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::http::request::{HttpState, actor, fail, locale_of, request_meta};
use crate::infra::audit::AuditEntry;
use crate::infra::error::{AppError, Msg};
use crate::infra::write::UnitOfWork;
use crate::store::documents::Incoming;

fn parse_uuid(s: &str, field: &'static str) -> Result<Uuid, AppError> {
    Uuid::parse_str(s).map_err(|_| {
        AppError::bad_input(Msg::new(
            format!("'{s}' bukan UUID."),
            format!("'{s}' is not a UUID."),
        ))
        .with("field", field)
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutParams {
    kind: DocumentKind,
    client_id: Option<String>,
    report_id: Option<String>,
    lks_application_id: Option<String>,
    requirement_key: Option<String>,
    filename: Option<String>,
}

pub fn summary(d: &document::Model, replayed: bool) -> serde_json::Value {
    json!({
        "id": d.id, "kind": d.kind, "clientId": d.client_id, "reportId": d.report_id,
        "lksApplicationId": d.lks_application_id, "requirementKey": d.requirement_key,
        "contentType": d.content_type, "sizeBytes": d.size_bytes, "sha256": d.sha256,
        "width": d.width, "height": d.height, "hasThumbnail": d.thumbnail_key.is_some(),
        "uploadedAt": d.uploaded_at, "replayed": replayed,
    })
}

/// `PUT /documents/{id}?kind=KTP&clientId=…` with the file as the body.
pub async fn put(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    params: Result<Query<PutParams>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    let locale = locale_of(&headers);
    let outcome = async {
        let actor = actor(&st, &headers, peer).await?;
        let Query(p) = params.map_err(|_| {
            AppError::bad_input(Msg::new(
                "Sebutkan jenis berkas: ?kind=KTP (atau KK, SURAT_KETERANGAN_POLRES, CLIENT_PHOTO, …).",
                "Name the document kind: ?kind=KTP (or KK, SURAT_KETERANGAN_POLRES, CLIENT_PHOTO, …).",
            ))
            .with("field", "kind")
        })?;
        let incoming = Incoming {
            id: parse_uuid(&id, "id")?,
            kind: p.kind,
            client_id: p.client_id.as_deref().map(|c| parse_uuid(c, "clientId")).transpose()?,
            report_id: p.report_id.as_deref().map(|r| parse_uuid(r, "reportId")).transpose()?,
            lks_application_id: p
                .lks_application_id
                .as_deref()
                .map(|a| parse_uuid(a, "lksApplicationId"))
                .transpose()?,
            requirement_key: p.requirement_key,
            filename: p.filename,
        };
        let meta = request_meta(&st.app, &headers, peer);
        let body = request.into_body().into_data_stream();
        crate::actions::documents::ingest(&st.app, &meta, &actor, incoming, body).await
    }
    .await;
    match outcome {
        Ok((doc, replayed)) => {
            let status = if replayed {
                StatusCode::OK
            } else {
                StatusCode::CREATED
            };
            (status, Json(summary(&doc, replayed))).into_response()
        }
        Err(e) => fail(e, locale),
    }
}

async fn download(
    st: HttpState,
    peer: SocketAddr,
    headers: HeaderMap,
    id: String,
    thumbnail: bool,
) -> Response {
    let locale = locale_of(&headers);
    let outcome = async {
        let actor = actor(&st, &headers, peer).await?;
        let doc =
            crate::store::documents::find_for(&st.app, &actor, parse_uuid(&id, "id")?).await?;
        let (key, content_type) = if thumbnail {
            let key = doc
                .thumbnail_key
                .clone()
                .ok_or_else(|| AppError::not_found("Gambar kecil", "Thumbnail"))?;
            (key, "image/jpeg".to_owned())
        } else {
            (doc.storage_key.clone(), doc.content_type.clone())
        };
        let object = st
            .app
            .storage
            .store
            .get(&StorePath::from(key.as_str()))
            .await
            .map_err(AppError::internal)?;
        let meta = request_meta(&st.app, &headers, peer);
        let mut uow = UnitOfWork::begin(&st.app).await?;
        uow.audit(
            &meta,
            Some(&actor.audit_actor()),
            AuditEntry::new("document.read", "document", doc.id)
                .office(Some(doc.office_id))
                .details(json!({"thumbnail": thumbnail})),
        )
        .await?;
        uow.commit().await?;
        let stream = object.into_stream().map_err(std::io::Error::other).boxed();
        Ok::<_, AppError>((content_type, doc.size_bytes, thumbnail, stream))
    }
    .await;
    match outcome {
        Ok((content_type, size, thumbnail, stream)) => {
            let mut resp = Response::new(Body::from_stream(stream));
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                content_type
                    .parse()
                    .unwrap_or(header::HeaderValue::from_static("application/octet-stream")),
            );
            h.insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("private, no-store"),
            );
            if !thumbnail && let Ok(len) = size.to_string().parse() {
                h.insert(header::CONTENT_LENGTH, len);
            }
            resp
        }
        Err(e) => fail(e, locale),
    }
}

pub async fn content(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    download(st, peer, headers, id, false).await
}

pub async fn thumbnail(
    State(st): State<HttpState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    download(st, peer, headers, id, true).await
}
