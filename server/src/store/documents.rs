use std::{io::SeekFrom, sync::Arc, time::Duration};
use bytes::Bytes;
use chrono::Utc;
use entity::{document, document_kind::DocumentKind, report};
use futures_util::{Stream, StreamExt};
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, buffered::BufWriter, path::Path};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use uuid::Uuid;
use crate::infra::audit::AuditEntry;
use crate::infra::write::UnitOfWork;
use crate::infra::auth::Actor;
use crate::infra::auth::casework_office;
use crate::store::clients::find_in_office;
use crate::infra::error::{AppError, AppResult, ErrorCode, Msg};
use crate::infra::state::{AppState, RequestMeta};



/// What the uploader says about a document; the content speaks for itself.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub id: Uuid,
    pub kind: DocumentKind,
    pub client_id: Option<Uuid>,
    pub report_id: Option<Uuid>,
    /// An LKS application it belongs to (an LKS's requirement, a Kasi's site-visit photo).
    pub lks_application_id: Option<Uuid>,
    /// The checklist item an LKS requirement is for.
    pub requirement_key: Option<String>,
    pub filename: Option<String>,
}
