//! Reading the audit trail. An office admin reads their office's events.
use entity::audit_event;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// An event of the office, or None.
pub async fn in_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<audit_event::Model>> {
    Ok(audit_event::Entity::find_by_id(id)
        .filter(audit_event::Column::OfficeId.eq(office))
        .one(db)
        .await?)
}

/// What a page of the audit trail is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Only this action, e.g. `auth.login_failed`.
    pub action: Option<String>,
    /// Only events about this record.
    pub entity_id: Option<String>,
}

/// A page of the office's events, newest first, after the event `after`: `first` and one
/// more, so the caller can tell whether more follow.
pub async fn page_of_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    filter: AuditFilter,
    after: Option<Uuid>,
    first: u64,
) -> AppResult<Vec<audit_event::Model>> {
    let mut q = audit_event::Entity::find()
        .filter(audit_event::Column::OfficeId.eq(office))
        .order_by_desc(audit_event::Column::Id)
        .limit(first + 1);
    if let Some(after) = after {
        q = q.filter(audit_event::Column::Id.lt(after));
    }
    if let Some(action) = filter.action {
        q = q.filter(audit_event::Column::Action.eq(action));
    }
    if let Some(entity_id) = filter.entity_id {
        q = q.filter(audit_event::Column::EntityId.eq(entity_id));
    }
    Ok(q.all(db).await?)
}
