//! Reports and applications (laporan / permohonan) of an office's incoming-letter agenda.
use entity::report;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// A report of the office, or None.
pub async fn in_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<report::Model>> {
    Ok(report::Entity::find_by_id(id)
        .filter(report::Column::OfficeId.eq(office))
        .one(db)
        .await?)
}

/// A page of the office's reports, newest first, after the report `after`, optionally of
/// one client: `first` and one more, so the caller can tell whether more follow.
pub async fn page_of_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    client_id: Option<Uuid>,
    after: Option<Uuid>,
    first: u64,
) -> AppResult<Vec<report::Model>> {
    let mut q = report::Entity::find()
        .filter(report::Column::OfficeId.eq(office))
        .order_by_desc(report::Column::Id)
        .limit(first + 1);
    if let Some(after) = after {
        q = q.filter(report::Column::Id.lt(after));
    }
    if let Some(c) = client_id {
        q = q.filter(report::Column::ClientId.eq(c));
    }
    Ok(q.all(db).await?)
}
