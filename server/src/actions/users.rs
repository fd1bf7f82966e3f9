//! Office users: who may see them, and the office admin's management of them (create,
//! roles, deactivate/reactivate, reset password), always inside the admin's own office and
//! the institutions that office registered.

use chrono::Utc;
use entity::{Role, institution, user, user_role};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::store::users::visible_to;

use crate::infra::auth::{Actor, password};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::UnitOfWork;
use crate::store::sessions::{RevokeReason, revoke_user_sessions};

/// A user the admin manages, or NOT_FOUND (the same answer as for a user that does not exist).
async fn managed_user(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<user::Model> {
    actor.admin_office()?;
    user::Entity::find_by_id(id)
        .filter(visible_to(actor))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Pengguna", "User"))
}

pub async fn roles_of(db: &impl ConnectionTrait, user_id: Uuid) -> AppResult<Vec<Role>> {
    let mut roles: Vec<Role> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .select_only()
        .column(user_role::Column::Role)
        .into_tuple()
        .all(db)
        .await?;
    roles.sort();
    Ok(roles)
}

pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub institution_id: Option<Uuid>,
}

fn check_roles(roles: &[Role]) -> AppResult<()> {
    if roles.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Pilih paling sedikit satu peran.",
            "Choose at least one role.",
        ))
        .with("field", "roles"));
    }
    if roles.contains(&Role::Operator) {
        return Err(AppError::forbidden(Msg::new(
            "Peran OPERATOR hanya diberikan dari baris perintah server (rehsos-server grant-operator).",
            "The OPERATOR role is granted only from the server's command line (rehsos-server grant-operator).",
        ))
        .with("field", "roles"));
    }
    Ok(())
}

pub async fn create(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    input: NewUser,
) -> AppResult<user::Model> {
    let office = actor.admin_office()?;
    let username = input.username.trim().to_lowercase();
    crate::store::users::check_username(&username)?;
    check_roles(&input.roles)?;
    password::check_policy(&input.password)?;
    let full_name = input.full_name.trim().to_owned();
    if full_name.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Nama lengkap wajib diisi.",
            "The full name is required.",
        ))
        .with("field", "fullName"));
    }
    let phc = password::hash(input.password).await?;

    let mut uow = UnitOfWork::begin(state).await?;
    let (office_id, institution_id) = match input.institution_id {
        None => (Some(office), None),
        Some(inst) => {
            let registered_here = institution::Entity::find_by_id(inst)
                .filter(institution::Column::OfficeId.eq(office))
                .one(uow.txn())
                .await?;
            if registered_here.is_none() {
                return Err(
                    AppError::not_found("Lembaga", "Institution").with("field", "institutionId")
                );
            }
            (None, Some(inst))
        }
    };
    let created = crate::store::users::insert_account(
        uow.txn(),
        crate::store::users::NewAccount {
            username,
            full_name,
            password_hash: phc,
            office_id,
            institution_id,
            roles: &input.roles,
        },
    )
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("user.create", "user", created.id)
            .office(Some(office))
            .institution(institution_id)
            .details(json!({"username": created.username, "roles": role_names(&input.roles)})),
    )
    .await?;
    uow.commit().await?;
    Ok(created)
}

fn role_names(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.slug()).collect()
}

/// Bumps the version and the update time of a user inside `uow`, returning the new row.
async fn touch(
    uow: &UnitOfWork,
    user: user::Model,
    change: impl FnOnce(&mut user::ActiveModel),
) -> AppResult<user::Model> {
    let version = user.version;
    let mut am = user.into_active_model();
    change(&mut am);
    am.version = Set(version + 1);
    am.updated_at = Set(Utc::now());
    Ok(am.update(uow.txn()).await?)
}

pub async fn set_roles(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    user_id: Uuid,
    roles: Vec<Role>,
) -> AppResult<user::Model> {
    check_roles(&roles)?;
    if user_id == actor.user.id && !roles.contains(&Role::Admin) {
        return Err(AppError::bad_input(Msg::new(
            "Anda tidak dapat mencabut peran ADMIN dari diri sendiri; minta admin lain.",
            "You cannot remove the ADMIN role from yourself; ask another admin.",
        ))
        .with("field", "roles"));
    }
    let mut uow = UnitOfWork::begin(state).await?;
    let target = managed_user(uow.txn(), actor, user_id).await?;
    let before = roles_of(uow.txn(), user_id).await?;
    crate::store::users::write_roles(uow.txn(), user_id, &roles).await?;
    let updated = touch(&uow, target, |_| {}).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("user.set_roles", "user", user_id)
            .office(actor.office_id())
            .institution(updated.institution_id)
            .details(json!({"before": role_names(&before), "after": role_names(&roles)})),
    )
    .await?;
    uow.commit().await?;
    Ok(updated)
}

pub async fn set_active(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    user_id: Uuid,
    active: bool,
) -> AppResult<user::Model> {
    if user_id == actor.user.id && !active {
        return Err(AppError::bad_input(Msg::new(
            "Anda tidak dapat menonaktifkan akun sendiri.",
            "You cannot deactivate your own account.",
        )));
    }
    let mut uow = UnitOfWork::begin(state).await?;
    let target = managed_user(uow.txn(), actor, user_id).await?;
    let updated = touch(&uow, target, |am| am.active = Set(active)).await?;
    if !active {
        revoke_user_sessions(uow.txn(), user_id, None, RevokeReason::Deactivated).await?;
    }
    let action = if active {
        "user.reactivate"
    } else {
        "user.deactivate"
    };
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new(action, "user", user_id)
            .office(actor.office_id())
            .institution(updated.institution_id),
    )
    .await?;
    uow.commit().await?;
    Ok(updated)
}

pub async fn reset_password(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    user_id: Uuid,
    new_password: String,
) -> AppResult<user::Model> {
    actor.admin_office()?;
    password::check_policy(&new_password)?;
    let phc = password::hash(new_password).await?;
    let mut uow = UnitOfWork::begin(state).await?;
    let target = managed_user(uow.txn(), actor, user_id).await?;
    let updated = touch(&uow, target, |am| am.password_hash = Set(phc)).await?;
    revoke_user_sessions(uow.txn(), user_id, None, RevokeReason::PasswordReset).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("user.reset_password", "user", user_id)
            .office(actor.office_id())
            .institution(updated.institution_id),
    )
    .await?;
    uow.commit().await?;
    Ok(updated)
}

/// Grants the deployment's OPERATOR role (from the command line: whoever runs the server
/// decides who that is). Audited with no acting user.
pub async fn grant_operator(state: &AppState, username: &str) -> AppResult<user::Model> {
    let username = username.trim().to_lowercase();
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .filter(user::Column::Active.eq(true))
        .one(&state.db)
        .await?
        .filter(|u| u.office_id.is_some())
        .ok_or_else(|| AppError::not_found("Pengguna kantor", "Office user"))?;
    let mut uow = UnitOfWork::begin(state).await?;
    let mut roles = roles_of(uow.txn(), found.id).await?;
    if !roles.contains(&Role::Operator) {
        roles.push(Role::Operator);
        crate::store::users::write_roles(uow.txn(), found.id, &roles).await?;
        let meta = RequestMeta {
            request_id: "command-line".into(),
            ip: std::net::IpAddr::from([127, 0, 0, 1]),
            user_agent: None,
        };
        uow.audit(
            &meta,
            None,
            AuditEntry::new("user.grant_operator", "user", found.id)
                .office(found.office_id)
                .details(json!({"username": found.username})),
        )
        .await?;
    }
    uow.commit().await?;
    Ok(found)
}
