//! Dinas Sosial offices, the regions they serve, and the institutions they register
//! (partner UPT/panti and LKS).

use entity::{institution, lks_profile};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::infra::auth::{Actor, Scope};
use crate::infra::error::{AppError, AppResult};

/// Office users see the institutions their office registered; institution users their own.
pub fn institutions_visible_to(actor: &Actor) -> Condition {
    match actor.scope() {
        Scope::Office(office) => Condition::all().add(institution::Column::OfficeId.eq(office)),
        Scope::Institution(inst) => Condition::all().add(institution::Column::Id.eq(inst)),
    }
}

/// An institution the actor may see, or None.
pub async fn visible_institution(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Option<institution::Model>> {
    Ok(institution::Entity::find_by_id(id)
        .filter(institutions_visible_to(actor))
        .one(db)
        .await?)
}

/// A page of the institutions the actor may see, by slug, after the slug `after`: `first`
/// and one more, so the caller can tell whether more follow.
pub async fn visible_institutions(
    db: &impl ConnectionTrait,
    actor: &Actor,
    after: Option<String>,
    first: u64,
) -> AppResult<Vec<institution::Model>> {
    let mut q = institution::Entity::find()
        .filter(institutions_visible_to(actor))
        .order_by_asc(institution::Column::Slug)
        .limit(first + 1);
    if let Some(after) = after {
        q = q.filter(institution::Column::Slug.gt(after));
    }
    Ok(q.all(db).await?)
}

/// An LKS's profile, for an institution the caller already sees.
pub async fn lks_profile_of(
    db: &impl ConnectionTrait,
    institution_id: Uuid,
) -> AppResult<Option<lks_profile::Model>> {
    Ok(lks_profile::Entity::find_by_id(institution_id)
        .one(db)
        .await?)
}

/// The office that registered an institution (the caller's own institution).
pub async fn registering_office_of(
    db: &impl ConnectionTrait,
    institution_id: Uuid,
) -> AppResult<Uuid> {
    Ok(institution::Entity::find_by_id(institution_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("institution missing"))?
        .office_id)
}

/// Changes the office's own settings row inside the caller's transaction (its letterhead,
/// logo, closing roles) and returns it as saved.
pub async fn update_settings(
    txn: &impl ConnectionTrait,
    office_id: Uuid,
    change: impl FnOnce(&mut entity::office::ActiveModel),
) -> AppResult<entity::office::Model> {
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let mut row = entity::office::Entity::find_by_id(office_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("office missing"))?
        .into_active_model();
    change(&mut row);
    Ok(row.update(txn).await?)
}
