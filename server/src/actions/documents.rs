//! Documents: ID photos, KK, letters. Uploads pass through the server, which spools them to a
//! temporary file while hashing and counting (never the whole file in memory), checks the
//! type by content, re-encodes photos (which drops EXIF location data) and makes a
//! thumbnail, stores the bytes in object storage, and only then writes the row. A cut upload
//! therefore leaves no row; objects left without a row by a crash are swept up later.

use crate::infra::auth::Scope;
use crate::infra::reasons::Reason;
use crate::store::lks_applications::{checklist_of, find_visible, not_found, own_lks};
use entity::document_kind::DocumentKind;
use entity::lks_application::ApplicationStatus;
use sea_orm::ConnectionTrait;
use std::{io::SeekFrom, sync::Arc, time::Duration};
use uuid::Uuid;

use bytes::Bytes;
use chrono::Utc;
use entity::{document, report};
use futures_util::{Stream, StreamExt};
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, buffered::BufWriter, path::Path};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::infra::auth::Actor;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::text::hex;
use crate::store::clients::find_in_office;
use crate::store::documents::{Incoming, StoredObject, key_for, save_row};

/// The types accepted, by what the bytes are.
const ALLOWED: &[&str] = &["image/jpeg", "image/png", "image/webp", "application/pdf"];

fn too_large(limit: usize) -> AppError {
    let mb = limit as f64 / (1024.0 * 1024.0);
    AppError::because(
        Reason::TooLarge,
        Msg::new(
            format!("Berkas terlalu besar: maksimal {mb:.0} MB. Foto dari aplikasi lapangan sudah diperkecil; untuk PDF, pindai dengan resolusi lebih rendah."),
            format!("The file is too large: at most {mb:.0} MB. Photos from the field app are already shrunk; scan PDFs at a lower resolution."),
        ),
    )
    .with("maxBytes", limit as u64)
}

/// A spooled upload: a temporary file, its size and SHA-256.
struct Spooled {
    file: tokio::fs::File,
    size: u64,
    sha256: String,
}

async fn spool<E: std::fmt::Display>(
    mut body: impl Stream<Item = Result<Bytes, E>> + Unpin,
    limit: usize,
) -> AppResult<Spooled> {
    let mut file = tokio::fs::File::from_std(tempfile::tempfile().map_err(AppError::internal)?);
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::because(
                Reason::Incomplete,
                Msg::new(
                    format!("Unggahan terputus sebelum selesai ({e}); kirim ulang."),
                    format!("The upload was cut off before it finished ({e}); send it again."),
                ),
            )
        })?;
        size += chunk.len() as u64;
        if size > limit as u64 {
            return Err(too_large(limit));
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await.map_err(AppError::internal)?;
    }
    file.flush().await.map_err(AppError::internal)?;
    file.seek(SeekFrom::Start(0))
        .await
        .map_err(AppError::internal)?;
    Ok(Spooled {
        file,
        size,
        sha256: hex(&hasher.finalize()),
    })
}

/// Takes an upload: `Ok((document, replayed))`. A retried upload of the same bytes under the
/// same id returns the stored document; other bytes under that id are refused (CONFLICT).
pub async fn ingest<E: std::fmt::Display>(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    incoming: Incoming,
    body: impl Stream<Item = Result<Bytes, E>> + Unpin,
) -> AppResult<(document::Model, bool)> {
    // Who may upload at all is known before the body is read; what they upload into is
    // checked after (a refusal then leaves the phone's kept-alive connection usable).
    ensure_may_upload(state, actor).await?;
    let limit = state.config.max_document_bytes;
    let mut spooled = spool(body, limit).await?;
    // Office staff upload into their office; an LKS only into its own application.
    let (office_id, institution_id) = match (actor.scope(), incoming.lks_application_id) {
        (Scope::Institution(_), _) | (_, Some(_)) => {
            upload_target(&state.db, actor, &incoming).await?
        }
        (Scope::Office(_), None) => (casework_office(actor)?, None),
    };
    if spooled.size == 0 {
        return Err(AppError::of(Reason::Empty));
    }
    if let Some(existing) =
        earlier_upload(state, actor, &incoming, office_id, &spooled.sha256).await?
    {
        return Ok((existing, true));
    }
    ensure_links_in_office(state, office_id, &incoming).await?;
    let mime = sniff_type(&mut spooled).await?;

    let key = key_for(office_id, incoming.id);
    let store = state.storage.store.clone();
    let stored = if mime.starts_with("image/") {
        store_photo(&store, &key, &mut spooled).await?
    } else {
        store_pdf(&store, &key, &mut spooled, mime).await?
    };
    let row = document_row(
        incoming,
        (office_id, institution_id),
        key.clone(),
        &stored,
        spooled.sha256,
        actor.user.id,
    );
    let saved = save_row(state, meta, actor, row).await;
    if saved.is_err() {
        // The row did not make it: take the objects back out rather than leave orphans.
        let _ = store.delete(&Path::from(key.as_str())).await;
        if let Some(t) = &stored.thumbnail_key {
            let _ = store.delete(&Path::from(t.as_str())).await;
        }
    }
    saved.map(|d| (d, false))
}

/// An LKS account must belong to an LKS, office staff must do casework.
async fn ensure_may_upload(state: &AppState, actor: &Actor) -> AppResult<()> {
    match actor.scope() {
        Scope::Institution(_) => {
            own_lks(&state.db, actor).await?;
        }
        Scope::Office(_) => {
            casework_office(actor)?;
        }
    }
    Ok(())
}

/// The document already stored under this id, when it is this very upload sent again
/// (same uploader, target and bytes); CONFLICT when the id was used for something else.
async fn earlier_upload(
    state: &AppState,
    actor: &Actor,
    incoming: &Incoming,
    office_id: Uuid,
    upload_sha256: &str,
) -> AppResult<Option<document::Model>> {
    let Some(existing) = document::Entity::find_by_id(incoming.id)
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    if existing.office_id == office_id
        && existing.uploaded_by == actor.user.id
        && existing.lks_application_id == incoming.lks_application_id
        && existing.upload_sha256 == upload_sha256
    {
        return Ok(Some(existing));
    }
    Err(AppError::conflict(Msg::new(
        format!(
            "ID berkas {} sudah dipakai untuk isi lain. Buat ID baru.",
            incoming.id
        ),
        format!(
            "The document id {} was already used for other content. Make a new id.",
            incoming.id
        ),
    ))
    .with("field", "id"))
}

/// The client and report a document is attached to must be of the uploading office.
async fn ensure_links_in_office(
    state: &AppState,
    office_id: Uuid,
    incoming: &Incoming,
) -> AppResult<()> {
    if let Some(client_id) = incoming.client_id {
        find_in_office(&state.db, office_id, client_id).await?;
    }
    if let Some(report_id) = incoming.report_id {
        report::Entity::find_by_id(report_id)
            .filter(report::Column::OfficeId.eq(office_id))
            .one(&state.db)
            .await?
            .ok_or_else(|| AppError::not_found("Laporan", "Report").with("field", "reportId"))?;
    }
    Ok(())
}

/// The type by the first bytes (never by the name or the declared type); only [`ALLOWED`]
/// types pass. Leaves the spool file at its start.
async fn sniff_type(spooled: &mut Spooled) -> AppResult<&'static str> {
    let mut head = vec![0u8; 8192];
    let n = spooled
        .file
        .read(&mut head)
        .await
        .map_err(AppError::internal)?;
    head.truncate(n);
    spooled
        .file
        .seek(SeekFrom::Start(0))
        .await
        .map_err(AppError::internal)?;
    let detected = infer::get(&head).map(|t| t.mime_type());
    let Some(mime) = detected.filter(|m| ALLOWED.contains(m)) else {
        return Err(AppError::because(
            Reason::TypeNotAllowed,
            Msg::new(
                format!(
                    "Jenis berkas tidak diterima (terdeteksi: {}). Kirim foto JPEG, PNG atau WebP, atau PDF.",
                    detected.unwrap_or("tidak dikenal")
                ),
                format!(
                    "This file type is not accepted (detected: {}). Send a JPEG, PNG or WebP photo, or a PDF.",
                    detected.unwrap_or("unknown")
                ),
            ),
        ));
    };
    Ok(mime)
}

/// Re-encodes a photo (dropping its EXIF data) and stores it with a thumbnail beside it.
async fn store_photo(
    store: &Arc<dyn ObjectStore>,
    key: &str,
    spooled: &mut Spooled,
) -> AppResult<StoredObject> {
    let mut raw = Vec::with_capacity(spooled.size as usize);
    spooled
        .file
        .read_to_end(&mut raw)
        .await
        .map_err(AppError::internal)?;
    let photo = tokio::task::spawn_blocking(move || crate::rules::photos::clean(&raw))
        .await
        .map_err(AppError::internal)??;
    let thumb_key = format!("{key}.thumb.jpg");
    store
        .put(&Path::from(key), PutPayload::from(photo.bytes.clone()))
        .await
        .map_err(AppError::internal)?;
    store
        .put(
            &Path::from(thumb_key.as_str()),
            PutPayload::from(photo.thumbnail),
        )
        .await
        .map_err(AppError::internal)?;
    Ok(StoredObject {
        content_type: photo.content_type,
        size: photo.bytes.len() as i64,
        sha256: hex(&Sha256::digest(&photo.bytes)),
        thumbnail_key: Some(thumb_key),
        width: Some(photo.width as i32),
        height: Some(photo.height as i32),
    })
}

/// PDFs are stored as uploaded, streamed from the spool file (multipart on S3).
async fn store_pdf(
    store: &Arc<dyn ObjectStore>,
    key: &str,
    spooled: &mut Spooled,
    mime: &'static str,
) -> AppResult<StoredObject> {
    let mut writer = BufWriter::new(store.clone(), Path::from(key));
    tokio::io::copy(&mut spooled.file, &mut writer)
        .await
        .map_err(AppError::internal)?;
    writer.shutdown().await.map_err(AppError::internal)?;
    Ok(StoredObject {
        content_type: mime,
        size: spooled.size as i64,
        sha256: spooled.sha256.clone(),
        thumbnail_key: None,
        width: None,
        height: None,
    })
}

/// The row of an upload whose bytes are stored, for `(office, uploading institution)`.
fn document_row(
    incoming: Incoming,
    (office_id, institution_id): (Uuid, Option<Uuid>),
    storage_key: String,
    stored: &StoredObject,
    upload_sha256: String,
    uploaded_by: Uuid,
) -> document::Model {
    document::Model {
        id: incoming.id,
        office_id,
        kind: incoming.kind,
        client_id: incoming.client_id,
        report_id: incoming.report_id,
        content_type: stored.content_type.to_owned(),
        size_bytes: stored.size,
        sha256: stored.sha256.clone(),
        upload_sha256,
        storage_key,
        thumbnail_key: stored.thumbnail_key.clone(),
        width: stored.width,
        height: stored.height,
        original_filename: incoming.filename.map(|f| f.chars().take(200).collect()),
        uploaded_by,
        uploaded_at: Utc::now(),
        institution_id,
        lks_application_id: incoming.lks_application_id,
        requirement_key: incoming.requirement_key,
    }
}

/// Deletes stored objects older than `min_age` that no document row points to (left by a
/// crash between storing and recording). Returns how many were removed.
pub async fn sweep_orphans(state: &AppState, min_age: Duration) -> AppResult<usize> {
    let store: Arc<dyn ObjectStore> = state.storage.store.clone();
    let cutoff = Utc::now() - chrono::Duration::from_std(min_age).unwrap_or_default();
    let mut listing = store.list(Some(&Path::from("documents")));
    let mut candidates = Vec::new();
    while let Some(meta) = listing.next().await {
        let meta = meta.map_err(AppError::internal)?;
        if meta.last_modified < cutoff {
            candidates.push(meta.location.to_string());
        }
    }
    let mut removed = 0;
    for batch in candidates.chunks(200) {
        let keys: Vec<String> = batch.to_vec();
        let known: std::collections::HashSet<String> = document::Entity::find()
            .filter(
                Condition::any()
                    .add(document::Column::StorageKey.is_in(keys.clone()))
                    .add(document::Column::ThumbnailKey.is_in(keys.clone())),
            )
            .all(&state.db)
            .await?
            .into_iter()
            .flat_map(|d| [Some(d.storage_key), d.thumbnail_key])
            .flatten()
            .collect();
        for key in keys.into_iter().filter(|k| !known.contains(k)) {
            store
                .delete(&Path::from(key.as_str()))
                .await
                .map_err(AppError::internal)?;
            tracing::info!(key, "removed an orphaned document object");
            removed += 1;
        }
    }
    Ok(removed)
}

/// Where an upload that names an LKS application goes: `(office, uploading institution)`.
/// An LKS uploads requirement documents into its own application while it is a draft or
/// returned; the office's staff upload site-visit photos into their office's applications.
pub async fn upload_target(
    db: &impl ConnectionTrait,
    actor: &Actor,
    incoming: &Incoming,
) -> AppResult<(Uuid, Option<Uuid>)> {
    let Some(app_id) = incoming.lks_application_id else {
        return Err(AppError::bad_input(Msg::new(
            "Sebutkan permohonan yang dilengkapi: ?lksApplicationId=…&requirementKey=…",
            "Name the application this completes: ?lksApplicationId=…&requirementKey=…",
        ))
        .with("field", "lksApplicationId"));
    };
    if incoming.client_id.is_some() || incoming.report_id.is_some() {
        return Err(AppError::bad_input(Msg::new(
            "Berkas permohonan LKS tidak terkait klien atau laporan.",
            "An LKS application's document belongs to no client or report.",
        ))
        .with("field", "lksApplicationId"));
    }
    let app = find_visible(db, actor, app_id)
        .await?
        .ok_or_else(|| not_found().with("field", "lksApplicationId"))?;
    // The desk uploads the papers of an application it entered from a paper file.
    let desk_paper = app.entered_at_desk && incoming.kind == DocumentKind::LksRequirement;
    if let Scope::Office(office) = actor.scope()
        && !desk_paper
    {
        casework_office(actor)?;
        let staff_kind = matches!(
            incoming.kind,
            DocumentKind::SiteVisitPhoto | DocumentKind::TandaTerima
        );
        if !staff_kind || incoming.requirement_key.is_some() {
            return Err(AppError::bad_input(Msg::new(
                "Petugas mengunggah foto kunjungan lapangan (SITE_VISIT_PHOTO) atau tanda terima yang ditandatangani (TANDA_TERIMA) ke permohonan LKS; persyaratan diunggah oleh LKS.",
                "Staff upload site-visit photos (SITE_VISIT_PHOTO) or a signed receipt (TANDA_TERIMA) to an LKS application; the requirements are the LKS's to upload.",
            ))
            .with("field", "kind"));
        }
        return Ok((office, None));
    }
    if desk_paper {
        casework_office(actor)?;
    } else {
        own_lks(db, actor).await?;
    }
    if !matches!(
        app.status,
        ApplicationStatus::Draft | ApplicationStatus::Returned
    ) {
        return Err(AppError::precondition(Msg::new(
            "Permohonan ini sedang diproses Dinas Sosial; berkas bisa ditambah lagi bila dikembalikan.",
            "This application is with the Dinas Sosial; documents can be added again if it is returned.",
        )));
    }
    let key = incoming.requirement_key.as_deref().unwrap_or_default();
    let checklist = checklist_of(db, &app).await?;
    if incoming.kind != DocumentKind::LksRequirement || !checklist.iter().any(|r| r.key == key) {
        let keys: Vec<String> = checklist.into_iter().map(|r| r.key).collect();
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Unggah dengan kind=LKS_REQUIREMENT dan requirementKey salah satu dari: {}.",
                keys.join(", ")
            ),
            format!(
                "Upload with kind=LKS_REQUIREMENT and requirementKey one of: {}.",
                keys.join(", ")
            ),
        ))
        .with("field", "requirementKey")
        .with("requirementKeys", keys));
    }
    Ok((app.office_id, Some(app.institution_id)))
}
