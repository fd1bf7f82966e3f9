//! Invitations: an office admin invites the first user of a partner office (a Dinas Sosial
//! on a relay route, an office a case is transferred to) or of an institution the office
//! registered (UPT/panti, LKS). The invited person opens the link or types the code, picks
//! a username and password, and the account exists: the admin never learns the password.
//! A code works once, until it expires or the admin revokes it.
use chrono::{Duration, Utc};
use entity::{Role, institution, invitation, office, user};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::infra::auth::{Actor, AuditActor, password};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::UnitOfWork;
use crate::rules::invitation_code;
use crate::store::users::{NewAccount, check_username, has_active_member, insert_account};

/// Whom to invite, where.
pub struct InviteUser {
    /// Exactly one of the two.
    pub office_id: Option<Uuid>,
    pub institution_id: Option<Uuid>,
    pub full_name: String,
    pub roles: Vec<Role>,
    pub valid_days: i64,
}

/// The invitation and its code, shown this once.
pub struct Issued {
    pub invitation: invitation::Model,
    pub code: String,
}

pub async fn invite(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    input: InviteUser,
) -> AppResult<Issued> {
    let own = actor.admin_office()?;
    let full_name = input.full_name.trim().to_owned();
    if full_name.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Tulis nama orang yang diundang.",
            "Write the invited person's name.",
        ))
        .with("field", "fullName"));
    }
    if !(1..=30).contains(&input.valid_days) {
        return Err(AppError::bad_input(Msg::new(
            "Undangan berlaku 1 sampai 30 hari.",
            "An invitation is valid for 1 to 30 days.",
        ))
        .with("field", "validDays"));
    }
    let mut uow = UnitOfWork::begin(state).await?;
    let roles = target_roles(&uow, own, &input).await?;
    let mut random = [0u8; invitation_code::LEN];
    rand::rng().fill_bytes(&mut random);
    let code = invitation_code::from_random(&random);
    let canonical = invitation_code::canonical(&code).expect("a generated code is canonical");
    let now = Utc::now();
    let row = invitation::Model {
        id: Uuid::now_v7(),
        office_id: own,
        target_office_id: input.office_id,
        target_institution_id: input.institution_id,
        full_name,
        roles: json!(roles),
        code_hash: invitation_code::digest(&canonical),
        expires_at: now + Duration::days(input.valid_days),
        created_by: actor.user.id,
        created_at: now,
        accepted_at: None,
        accepted_user_id: None,
        revoked_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(uow.txn())
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("invitation.create", "invitation", row.id)
            .office(Some(own))
            .details(json!({
                "office": row.target_office_id, "institution": row.target_institution_id,
                "roles": roles, "expiresAt": row.expires_at,
            })),
    )
    .await?;
    uow.commit().await?;
    Ok(Issued {
        invitation: row,
        code,
    })
}

/// The roles the invited user gets: a partner office's first user also administers it; an
/// institution's users do not administer.
async fn target_roles(uow: &UnitOfWork, own: Uuid, input: &InviteUser) -> AppResult<Vec<Role>> {
    if input.roles.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Pilih paling sedikit satu peran.",
            "Choose at least one role.",
        ))
        .with("field", "roles"));
    }
    let mut roles = input.roles.clone();
    match (input.office_id, input.institution_id) {
        (Some(to), None) => {
            if to == own {
                return Err(AppError::bad_input(Msg::new(
                    "Pengguna kantor sendiri dibuat dengan createUser.",
                    "Users of your own office are made with createUser.",
                ))
                .with("field", "officeId"));
            }
            let target = office::Entity::find_by_id(to).one(uow.txn()).await?;
            let target = target
                .ok_or_else(|| AppError::not_found("Kantor", "Office").with("field", "officeId"))?;
            if has_active_member(uow.txn(), (user::Column::OfficeId, to), &[]).await? {
                return Err(AppError::precondition(Msg::new(
                    format!(
                        "{} sudah punya pengguna; admin kantor itu yang menambah pengguna.",
                        target.name
                    ),
                    format!(
                        "{} already has users; its own admin adds more.",
                        target.name
                    ),
                ))
                .with("field", "officeId"));
            }
            roles.push(Role::Admin);
        }
        (None, Some(inst)) => {
            institution::Entity::find_by_id(inst)
                .filter(institution::Column::OfficeId.eq(own))
                .one(uow.txn())
                .await?
                .ok_or_else(|| {
                    AppError::not_found("Lembaga", "Institution").with("field", "institutionId")
                })?;
            if roles.contains(&Role::Admin) {
                return Err(AppError::bad_input(Msg::new(
                    "Pengguna lembaga tidak menjadi admin kantor.",
                    "An institution's user is not an office admin.",
                ))
                .with("field", "roles"));
            }
        }
        _ => {
            return Err(AppError::bad_input(Msg::new(
                "Pilih satu: kantor Dinas Sosial mitra (officeId) atau lembaga (institutionId).",
                "Choose one: a partner Dinas Sosial office (officeId) or an institution (institutionId).",
            ))
            .with("field", "officeId"));
        }
    }
    roles.sort();
    roles.dedup();
    Ok(roles)
}

/// An invitation of the admin's office, or NOT_FOUND.
async fn own_invitation(uow: &UnitOfWork, own: Uuid, id: Uuid) -> AppResult<invitation::Model> {
    invitation::Entity::find_by_id(id)
        .filter(invitation::Column::OfficeId.eq(own))
        .one(uow.txn())
        .await?
        .ok_or_else(|| AppError::not_found("Undangan", "Invitation"))
}

/// The admin takes back an invitation not yet used.
pub async fn revoke(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    id: Uuid,
) -> AppResult<invitation::Model> {
    let own = actor.admin_office()?;
    let mut uow = UnitOfWork::begin(state).await?;
    let row = own_invitation(&uow, own, id).await?;
    if row.accepted_at.is_some() {
        return Err(AppError::precondition(Msg::new(
            "Undangan ini sudah dipakai; nonaktifkan penggunanya bila perlu.",
            "This invitation was used; deactivate its user if needed.",
        )));
    }
    if row.revoked_at.is_some() {
        return Ok(row);
    }
    let mut am = row.into_active_model();
    am.revoked_at = sea_orm::Set(Some(Utc::now()));
    let row = am.update(uow.txn()).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("invitation.revoke", "invitation", row.id).office(Some(own)),
    )
    .await?;
    uow.commit().await?;
    Ok(row)
}

/// The invited person's answer: a username and a password of their own.
pub struct Acceptance {
    pub code: String,
    pub username: String,
    pub password: String,
}

/// Makes the invited account; the code is used up in the same transaction.
pub async fn accept(
    state: &AppState,
    meta: &RequestMeta,
    input: Acceptance,
) -> AppResult<user::Model> {
    let bad_code = || {
        AppError::bad_input(Msg::new(
            "Kode undangan tidak dikenal. Periksa lagi, atau minta undangan baru.",
            "Unknown invitation code. Check it, or ask for a new invitation.",
        ))
        .with("field", "code")
    };
    let canonical = invitation_code::canonical(&input.code).ok_or_else(bad_code)?;
    let username = input.username.trim().to_lowercase();
    check_username(&username)?;
    password::check_policy(&input.password)?;
    let phc = password::hash(input.password).await?;
    let mut uow = UnitOfWork::begin(state).await?;
    let row = invitation::Entity::find()
        .filter(invitation::Column::CodeHash.eq(invitation_code::digest(&canonical)))
        .one(uow.txn())
        .await?
        .ok_or_else(bad_code)?;
    let spent = if row.accepted_at.is_some() {
        Some(Msg::new(
            "Kode undangan ini sudah dipakai.",
            "This invitation code was already used.",
        ))
    } else if row.revoked_at.is_some() {
        Some(Msg::new(
            "Undangan ini dibatalkan oleh kantor yang mengundang.",
            "The inviting office revoked this invitation.",
        ))
    } else if row.expires_at < Utc::now() {
        Some(Msg::new(
            "Undangan ini sudah kedaluwarsa; minta undangan baru.",
            "This invitation has expired; ask for a new one.",
        ))
    } else {
        None
    };
    if let Some(msg) = spent {
        return Err(AppError::precondition(msg).with("field", "code"));
    }
    let roles: Vec<Role> = serde_json::from_value(row.roles.clone())
        .map_err(|e| AppError::internal(format!("invitation roles: {e}")))?;
    let created = insert_account(
        uow.txn(),
        NewAccount {
            username,
            full_name: row.full_name.clone(),
            password_hash: phc,
            office_id: row.target_office_id,
            institution_id: row.target_institution_id,
            roles: &roles,
        },
    )
    .await?;
    let mut am = row.clone().into_active_model();
    am.accepted_at = sea_orm::Set(Some(Utc::now()));
    am.accepted_user_id = sea_orm::Set(Some(created.id));
    am.update(uow.txn()).await?;
    let who = AuditActor {
        user_id: Some(created.id),
        username: created.username.clone(),
    };
    uow.audit(
        meta,
        Some(&who),
        AuditEntry::new("invitation.accept", "user", created.id)
            .office(Some(row.office_id))
            .institution(created.institution_id)
            .details(json!({"invitationId": row.id, "office": created.office_id, "roles": roles})),
    )
    .await?;
    uow.commit().await?;
    Ok(created)
}
