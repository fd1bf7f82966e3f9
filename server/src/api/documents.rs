//! Documents in the schema (their bytes travel over `http::documents`).
use std::time::Duration;

use async_graphql::{Context, ID, Object, Upload};
use chrono::{DateTime, Utc};
use entity::{document, document_kind::DocumentKind};
use futures_util::StreamExt;

use crate::api::context::ContextExt;
use crate::api::users::User;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult};
use crate::infra::ids::{parse_id, to_id};
use crate::store::documents::Incoming;

/// How long a signed S3 download link stays valid.
const LINK_TTL: Duration = Duration::from_secs(300);

pub struct Document(pub document::Model);

/// The document a record names (a letter's PDF, a scan, a signature's photo), if any.
pub async fn document_by_id(
    ctx: &Context<'_>,
    id: Option<uuid::Uuid>,
) -> AppResult<Option<Document>> {
    let Some(id) = id else { return Ok(None) };
    Ok(crate::store::documents::by_id(&ctx.app().db, id)
        .await?
        .map(Document))
}

impl Document {
    /// Whether the caller works in the office that holds the document.
    fn own(&self, ctx: &Context<'_>) -> AppResult<bool> {
        Ok(ctx.actor()?.office_id() == Some(self.0.office_id))
    }
}

/// A stored document (berkas): an ID photo, a KK, a letter. Read the bytes through
/// `contentUrl` with the same bearer token, or directly when it is a signed S3 link.
#[Object]
impl Document {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn kind(&self) -> DocumentKind {
        self.0.kind
    }
    /// The client's record; null outside the uploading office (a UPT, an office on a journey).
    async fn client_id(&self, ctx: &Context<'_>) -> AppResult<Option<ID>> {
        Ok(self
            .own(ctx)?
            .then(|| self.0.client_id.map(to_id))
            .flatten())
    }
    async fn report_id(&self, ctx: &Context<'_>) -> AppResult<Option<ID>> {
        Ok(self
            .own(ctx)?
            .then(|| self.0.report_id.map(to_id))
            .flatten())
    }
    /// The LKS application it belongs to, if any.
    async fn lks_application_id(&self) -> Option<ID> {
        self.0.lks_application_id.map(to_id)
    }
    /// The checklist item an LKS requirement is for.
    async fn requirement_key(&self) -> Option<&str> {
        self.0.requirement_key.as_deref()
    }
    /// Detected from the content: image/jpeg, image/png, application/pdf.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    /// SHA-256 of the stored bytes, to check integrity.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    async fn width(&self) -> Option<i32> {
        self.0.width
    }
    async fn height(&self) -> Option<i32> {
        self.0.height
    }
    async fn original_filename(&self) -> Option<&str> {
        self.0.original_filename.as_deref()
    }
    /// Who uploaded it; null for anyone outside the uploading office (a partner
    /// institution, an office on a journey: other offices' staff are not theirs to look up).
    async fn uploaded_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        if !self.own(ctx)? {
            return Ok(None);
        }
        Ok(ctx
            .loaders()
            .users
            .load_one(self.0.uploaded_by)
            .await?
            .map(User))
    }
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    /// Where to fetch the bytes: a signed link valid 5 minutes with S3 storage, else
    /// `/documents/{id}/content` on this server (send the bearer token).
    async fn content_url(&self, ctx: &Context<'_>) -> AppResult<String> {
        link(
            ctx,
            &self.0.storage_key,
            format!("/documents/{}/content", self.0.id),
        )
        .await
    }
    /// The same for the thumbnail (photos only).
    async fn thumbnail_url(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        let Some(key) = &self.0.thumbnail_key else {
            return Ok(None);
        };
        Ok(Some(
            link(ctx, key, format!("/documents/{}/thumbnail", self.0.id)).await?,
        ))
    }
}

/// A signed S3 link to `key`, or the server's own `local` path without S3.
async fn link(ctx: &Context<'_>, key: &str, local: String) -> AppResult<String> {
    let signed = ctx
        .app()
        .storage
        .signed_get(key, LINK_TTL)
        .await
        .map_err(AppError::internal)?;
    Ok(signed.unwrap_or(local))
}

/// The documents of a client, newest first (batched across the clients of a request; the
/// client's office was checked by whoever resolved the client).
pub async fn documents_of_client(
    ctx: &Context<'_>,
    client_id: uuid::Uuid,
) -> AppResult<Vec<Document>> {
    let docs = ctx
        .loaders()
        .client_documents
        .load_one(client_id)
        .await?
        .unwrap_or_default();
    Ok(docs.into_iter().map(Document).collect())
}

#[derive(Default)]
pub struct DocumentsQuery;

#[Object]
impl DocumentsQuery {
    /// A document of the caller's office, or null.
    async fn document(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Document>> {
        let Ok(office) = casework_office(ctx.actor()?) else {
            // Not office staff (a partner, the admin): nothing of an office is theirs to see.
            return Ok(None);
        };
        let found =
            crate::store::documents::in_office(&ctx.app().db, office, parse_id(&id)?).await?;
        Ok(found.map(Document))
    }
}

#[derive(Default)]
pub struct DocumentsMutation;

#[Object]
impl DocumentsMutation {
    /// Uploads a document (GraphQL multipart request). `id` is made by the caller: the same
    /// file sent again under it returns the stored document; another file is refused.
    /// Photos are stored upright and without location data, with a thumbnail.
    #[allow(clippy::too_many_arguments)]
    async fn upload_document(
        &self,
        ctx: &Context<'_>,
        id: ID,
        kind: DocumentKind,
        file: Upload,
        client_id: Option<ID>,
        report_id: Option<ID>,
        lks_application_id: Option<ID>,
        requirement_key: Option<String>,
    ) -> AppResult<Document> {
        let actor = ctx.actor()?;
        let value = file.value(ctx).map_err(|e| {
            AppError::bad_input(crate::infra::error::Msg::new(
                format!("Berkas unggahan tidak terbaca: {e}"),
                format!("The uploaded file cannot be read: {e}"),
            ))
        })?;
        let incoming = Incoming {
            id: parse_id(&id)?,
            kind,
            client_id: client_id.as_ref().map(parse_id).transpose()?,
            report_id: report_id.as_ref().map(parse_id).transpose()?,
            lks_application_id: lks_application_id.as_ref().map(parse_id).transpose()?,
            requirement_key,
            filename: Some(value.filename.clone()),
        };
        let file = tokio::fs::File::from_std(value.content);
        let body = tokio_util::io::ReaderStream::new(file).boxed();
        let (doc, _) =
            crate::actions::documents::ingest(ctx.app(), ctx.meta(), actor, incoming, body).await?;
        Ok(Document(doc))
    }
}
