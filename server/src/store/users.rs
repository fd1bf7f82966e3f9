//! User accounts and their roles, and which of them an actor may see ([`visible_to`]).
use entity::{user, user_role};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use uuid::Uuid;

use crate::infra::auth::{Actor, Scope};
use crate::infra::error::{AppError, AppResult, Msg};
use chrono::Utc;
use entity::{Role, institution};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Query;
use sea_orm::{ActiveModelTrait, IntoActiveModel};

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

/// A username: 3–128 characters of lower-case letters, digits, '.', '_', '@' or '-'.
pub fn check_username(username: &str) -> AppResult<()> {
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._@-".contains(c));
    if !(3..=128).contains(&username.len()) || !ok_chars {
        return Err(AppError::bad_input(Msg::new(
            "Nama pengguna harus 3–128 karakter: huruf kecil, angka, titik, garis bawah, @ atau -.",
            "A username needs 3–128 characters: lower-case letters, digits, '.', '_', '@' or '-'.",
        ))
        .with("field", "username"));
    }
    Ok(())
}

/// Replaces the user's roles.
pub async fn write_roles(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    roles: &[Role],
) -> AppResult<()> {
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    user_role::Entity::insert_many(roles.into_iter().map(|role| user_role::ActiveModel {
        user_id: Set(user_id),
        role: Set(role),
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// A new account of an office or an institution, its password already hashed.
pub struct NewAccount<'a> {
    pub username: String,
    pub full_name: String,
    pub password_hash: String,
    pub office_id: Option<Uuid>,
    pub institution_id: Option<Uuid>,
    pub roles: &'a [Role],
}

/// Inserts the account with its roles; CONFLICT when the username is taken.
pub async fn insert_account(
    txn: &impl ConnectionTrait,
    new: NewAccount<'_>,
) -> AppResult<user::Model> {
    let taken = user::Entity::find()
        .filter(user::Column::Username.eq(&new.username))
        .one(txn)
        .await?;
    if taken.is_some() {
        let username = &new.username;
        return Err(AppError::conflict(Msg::new(
            format!("Nama pengguna '{username}' sudah dipakai. Pilih nama lain."),
            format!("The username '{username}' is taken. Choose another."),
        ))
        .with("field", "username"));
    }
    let now = Utc::now();
    let created = user::Model {
        id: Uuid::now_v7(),
        username: new.username,
        full_name: new.full_name,
        password_hash: new.password_hash,
        office_id: new.office_id,
        institution_id: new.institution_id,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
        nip: None,
        rank: None,
        position: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    write_roles(txn, created.id, new.roles).await?;
    Ok(created)
}

/// The invitations an office gave, newest first.
pub async fn invitations_of(
    db: &impl ConnectionTrait,
    office: Uuid,
) -> AppResult<Vec<entity::invitation::Model>> {
    use entity::invitation;
    Ok(invitation::Entity::find()
        .filter(invitation::Column::OfficeId.eq(office))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(db)
        .await?)
}
