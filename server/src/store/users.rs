//! User accounts and their roles. Which users an actor may see is the condition the caller
//! passes (`actions::users::visible_to`).
use entity::{user, user_role};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use crate::infra::error::AppResult;

/// A user within `visible`, or None.
pub async fn visible_user(
    db: &impl ConnectionTrait,
    visible: Condition,
    id: Uuid,
) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find_by_id(id).filter(visible).one(db).await?)
}

/// What a list of users is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct UserSearch {
    /// Part of the username or full name, any case.
    pub search: Option<String>,
    /// Only active (true) or only deactivated (false) users.
    pub active: Option<bool>,
}

/// A page of the users within `visible`, by username, after the username `after`: `first`
/// and one more, so the caller can tell whether more follow.
pub async fn visible_users(
    db: &impl ConnectionTrait,
    visible: Condition,
    wanted: UserSearch,
    after: Option<String>,
    first: u64,
) -> AppResult<Vec<user::Model>> {
    let mut q = user::Entity::find()
        .filter(visible)
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
