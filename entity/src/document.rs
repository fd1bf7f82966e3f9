use sea_orm::entity::prelude::*;

use crate::document_kind::DocumentKind;

/// A stored document: the row exists only once its bytes are complete in object storage.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document")]
pub struct Model {
    /// Made on the phone for `PUT /documents/{id}`, so a retried upload is a no-op.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub kind: DocumentKind,
    pub client_id: Option<Uuid>,
    pub report_id: Option<Uuid>,
    /// Detected from the content, never taken from the file name.
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 (hex) of the stored bytes.
    pub sha256: String,
    /// SHA-256 (hex) of the bytes as uploaded (photos are re-encoded without location data).
    pub upload_sha256: String,
    pub storage_key: String,
    pub thumbnail_key: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub original_filename: Option<String>,
    pub uploaded_by: Uuid,
    pub uploaded_at: DateTimeUtc,
    /// The institution that uploaded it (an LKS's requirements), if any.
    pub institution_id: Option<Uuid>,
    /// The LKS application it belongs to (a requirement, a site-visit photo, the letter).
    pub lks_application_id: Option<Uuid>,
    /// Which checklist item an LKS requirement document is for.
    pub requirement_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
