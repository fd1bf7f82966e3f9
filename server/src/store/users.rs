//! User accounts and their roles, and which of them an actor may see ([`visible_to`]).
use entity::{user, user_role};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use crate::infra::auth::{Actor, Scope};
use crate::infra::error::AppResult;
use entity::{Role, institution};
use sea_orm::sea_query::Query;

/// A user the actor may see, or None.
pub async fn visible_user(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find_by_id(id)
        .filter(visible_to(actor))
        .one(db)
        .await?)
}

/// What a list of users is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct UserSearch {
    /// Part of the username or full name, any case.
    pub search: Option<String>,
    /// Only active (true) or only deactivated (false) users.
    pub active: Option<bool>,
}

/// A page of the users the actor may see, by username, after the username `after`: `first`
/// and one more, so the caller can tell whether more follow.
pub async fn visible_users(
    db: &impl ConnectionTrait,
    actor: &Actor,
    wanted: UserSearch,
    after: Option<String>,
    first: u64,
) -> AppResult<Vec<user::Model>> {
    let mut q = user::Entity::find()
        .filter(visible_to(actor))
        .order_by_asc(user::Column::Username)
        .limit(first + 1);
    if let Some(after) = after {
        q = q.filter(user::Column::Username.gt(after));
    }
    if let Some(active) = wanted.active {
        q = q.filter(user::Column::Active.eq(active));
    }
    if let Some(s) = wanted
        .search
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
    {
        let pattern = format!("%{}%", s.replace(['%', '_'], ""));
        q = q.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(user::Column::Username))).like(&pattern))
                .add(Expr::expr(Func::lower(Expr::col(user::Column::FullName))).like(&pattern)),
        );
    }
    Ok(q.all(db).await?)
}

/// The roles of the users (one query for all). A `DbErr`, as the DataLoader reports it.
pub async fn roles_of_users(
    db: &impl ConnectionTrait,
    user_ids: &[Uuid],
) -> Result<Vec<user_role::Model>, DbErr> {
    user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(user_ids.iter().copied()))
        .all(db)
        .await
}

/// The users an actor may see: colleagues of the same office or institution; an office
/// admin also sees the users of the institutions the office registered (to manage them).
pub fn visible_to(actor: &Actor) -> Condition {
    match actor.scope() {
        Scope::Institution(inst) => Condition::all().add(user::Column::InstitutionId.eq(inst)),
        Scope::Office(office) if actor.has_role(Role::Admin) => {
            Condition::any().add(user::Column::OfficeId.eq(office)).add(
                user::Column::InstitutionId.in_subquery(
                    Query::select()
                        .column(institution::Column::Id)
                        .from(institution::Entity)
                        .and_where(institution::Column::OfficeId.eq(office))
                        .to_owned(),
                ),
            )
        }
        Scope::Office(office) => Condition::all().add(user::Column::OfficeId.eq(office)),
    }
}

/// Whether an office or institution (`member`: a user column and its value) has an active
/// user holding one of `roles` (any role when empty).
pub async fn has_active_member(
    db: &impl ConnectionTrait,
    member: (user::Column, Uuid),
    roles: &[Role],
) -> AppResult<bool> {
    let mut q = user::Entity::find()
        .filter(member.0.eq(member.1))
        .filter(user::Column::Active.eq(true));
    if !roles.is_empty() {
        q = q.filter(
            user::Column::Id.in_subquery(
                Query::select()
                    .column(user_role::Column::UserId)
                    .from(user_role::Entity)
                    .and_where(user_role::Column::Role.is_in(roles.iter().copied()))
                    .to_owned(),
            ),
        );
    }
    Ok(q.one(db).await?.is_some())
}
