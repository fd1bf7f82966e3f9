//! Login, refresh-token rotation with a grace window and reuse detection, logout.
//!
//! Rotation follows the OAuth 2.0 Security BCP (RFC 9700): each refresh returns a new
//! refresh token and retires the old one. An old token presented again within
//! `refresh_grace` returns the very same new pair (the worker's phone lost the response);
//! presented later, it is treated as stolen and the whole session (token family) is revoked.
use chrono::{DateTime, Utc};
use entity::{institution, login_attempt::LoginOutcome, refresh_token, session, user};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::infra::auth::{AuditActor, password, throttle, tokens};
use crate::infra::error::{AppError, AppResult, ErrorCode, Msg};
use crate::infra::reasons::Reason;
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::UnitOfWork;
use crate::store::sessions::{RevokeReason, revoke_user_sessions};

/// What a successful login or refresh hands to the client.
#[derive(Clone, Debug)]
pub struct IssuedTokens {
    pub access_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
    pub user: user::Model,
}

fn wrong_credentials() -> AppError {
    AppError::of(Reason::BadCredentials)
}

fn refresh_refused() -> AppError {
    AppError::of(Reason::SessionEnded)
}

/// The office an account's actions are accounted to: its own, or its institution's.
pub async fn home_office_of(
    db: &impl ConnectionTrait,
    user: &user::Model,
) -> AppResult<Option<Uuid>> {
    if user.office_id.is_some() {
        return Ok(user.office_id);
    }
    let Some(inst) = user.institution_id else {
        return Ok(None);
    };
    Ok(institution::Entity::find_by_id(inst)
        .one(db)
        .await?
        .map(|i| i.office_id))
}

/// One login attempt: the name typed (trimmed, lower-cased), from where, when.
struct Attempt {
    username: String,
    ip: String,
    now: DateTime<Utc>,
}

pub async fn login(
    state: &AppState,
    meta: &RequestMeta,
    username: &str,
    password_typed: String,
) -> AppResult<IssuedTokens> {
    let attempt = Attempt {
        username: username.trim().to_lowercase(),
        ip: meta.ip.to_string(),
        now: Utc::now(),
    };

    if let Some(wait) = throttle::check(
        &state.db,
        &state.config.login_throttle,
        &attempt.username,
        &attempt.ip,
        attempt.now,
    )
    .await?
    {
        record_throttled(state, meta, &attempt).await?;
        return Err(too_many_attempts(wait));
    }

    let (found, matches) = check_credentials(state, &attempt.username, password_typed).await?;
    let uow = UnitOfWork::begin(state).await?;
    let user = match found {
        Some(user) if matches => user,
        other => {
            record_failure(uow, meta, &attempt, other.as_ref()).await?;
            return Err(wrong_credentials());
        }
    };
    if !user.active {
        record_refused_inactive(uow, meta, &attempt, &user).await?;
        return Err(account_disabled());
    }
    start_session(state, meta, uow, &attempt, user).await
}

fn too_many_attempts(wait: i64) -> AppError {
    let minutes = (wait + 59) / 60;
    AppError::new(
        ErrorCode::TooManyRequests,
        Msg::new(
            format!("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit."),
            format!("Too many failed login attempts. Try again in {minutes} minute(s)."),
        ),
    )
    .with("retryAfterSeconds", wait)
}

fn account_disabled() -> AppError {
    AppError::of(Reason::AccountDisabled)
}

/// A throttled attempt is recorded too (it counts, and the audit shows it).
async fn record_throttled(
    state: &AppState,
    meta: &RequestMeta,
    attempt: &Attempt,
) -> AppResult<()> {
    let mut uow = UnitOfWork::begin(state).await?;
    let outcome = LoginOutcome::Throttled;
    throttle::record(uow.txn(), &attempt.username, &attempt.ip, outcome).await?;
    let entry = AuditEntry::new("auth.login_throttled", "user", &attempt.username);
    uow.audit(
        meta,
        None,
        AuditEntry {
            entity_id: None,
            ..entry
        }
        .details(json!({"username": attempt.username})),
    )
    .await?;
    uow.commit().await
}

/// The account of that name, if any, and whether the password is its password. Unknown
/// users are checked against a dummy hash: the answer and its timing are the same as for a
/// wrong password.
async fn check_credentials(
    state: &AppState,
    username: &str,
    password_typed: String,
) -> AppResult<(Option<user::Model>, bool)> {
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(&state.db)
        .await?;
    let phc = found.as_ref().map_or_else(
        || state.dummy_password_hash.to_string(),
        |u| u.password_hash.clone(),
    );
    let matches = password::verify(password_typed, phc).await? && found.is_some();
    Ok((found, matches))
}

/// Records a wrong name or password (against the account, when there is one) and commits.
async fn record_failure(
    mut uow: UnitOfWork,
    meta: &RequestMeta,
    attempt: &Attempt,
    found: Option<&user::Model>,
) -> AppResult<()> {
    throttle::record(
        uow.txn(),
        &attempt.username,
        &attempt.ip,
        LoginOutcome::Failure,
    )
    .await?;
    let office = match found {
        Some(u) => home_office_of(uow.txn(), u).await?,
        None => None,
    };
    uow.audit(
        meta,
        None,
        AuditEntry {
            entity_id: found.map(|u| u.id.to_string()),
            ..AuditEntry::new("auth.login_failed", "user", "")
        }
        .office(office)
        .details(json!({"username": attempt.username})),
    )
    .await?;
    uow.commit().await
}

/// Records a correct login to a deactivated account (a failure for the throttle) and commits.
async fn record_refused_inactive(
    mut uow: UnitOfWork,
    meta: &RequestMeta,
    attempt: &Attempt,
    user: &user::Model,
) -> AppResult<()> {
    throttle::record(
        uow.txn(),
        &attempt.username,
        &attempt.ip,
        LoginOutcome::Failure,
    )
    .await?;
    let office = home_office_of(uow.txn(), user).await?;
    uow.audit(
        meta,
        None,
        AuditEntry::new("auth.login_refused_inactive", "user", user.id).office(office),
    )
    .await?;
    uow.commit().await
}

/// Opens a session with its first refresh token, records the login and commits.
async fn start_session(
    state: &AppState,
    meta: &RequestMeta,
    mut uow: UnitOfWork,
    attempt: &Attempt,
    user: user::Model,
) -> AppResult<IssuedTokens> {
    let now = attempt.now;
    throttle::record(
        uow.txn(),
        &attempt.username,
        &attempt.ip,
        LoginOutcome::Success,
    )
    .await?;
    let refresh_token = tokens::random_token(32);
    let session_id = Uuid::now_v7();
    let refresh_expires_at = now + ttl(state.config.refresh_token_ttl);
    session::Model {
        id: session_id,
        user_id: user.id,
        created_at: now,
        expires_at: refresh_expires_at,
        revoked_at: None,
        revoked_reason: None,
        ip: Some(attempt.ip.clone()),
        user_agent: meta
            .user_agent
            .as_ref()
            .map(|s| s.chars().take(256).collect()),
    }
    .into_active_model()
    .reset_all()
    .insert(uow.txn())
    .await?;
    let token_row = insert_refresh(
        uow.txn(),
        Uuid::now_v7(),
        session_id,
        &refresh_token,
        now,
        refresh_expires_at,
    )
    .await?;
    let office = home_office_of(uow.txn(), &user).await?;
    let actor = AuditActor {
        user_id: Some(user.id),
        username: user.username.clone(),
    };
    uow.audit(
        meta,
        Some(&actor),
        AuditEntry::new("auth.login", "session", session_id)
            .office(office)
            .institution(user.institution_id),
    )
    .await?;
    uow.commit().await?;
    Ok(issue(state, user, session_id, &token_row, refresh_token))
}

fn ttl(d: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

async fn insert_refresh(
    db: &impl ConnectionTrait,
    id: Uuid,
    session_id: Uuid,
    token: &str,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> AppResult<refresh_token::Model> {
    Ok(refresh_token::Model {
        id,
        session_id,
        token_hash: tokens::hash_refresh(token),
        issued_at,
        expires_at,
        rotated_at: None,
        replaced_by: None,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await?)
}

fn issue(
    state: &AppState,
    user: user::Model,
    session_id: Uuid,
    row: &refresh_token::Model,
    refresh_token: String,
) -> IssuedTokens {
    let (access_token, access_expires_at) = state.keys.issue_access(
        user.id,
        session_id,
        row.id,
        row.issued_at,
        state.config.access_token_ttl,
    );
    IssuedTokens {
        access_token,
        access_expires_at,
        refresh_token,
        refresh_expires_at: row.expires_at,
        user,
    }
}

pub async fn refresh(
    state: &AppState,
    meta: &RequestMeta,
    presented: &str,
) -> AppResult<IssuedTokens> {
    let now = Utc::now();
    let mut uow = UnitOfWork::begin(state).await?;
    let outcome = refresh_in(state, meta, &mut uow, presented, now).await?;
    uow.commit().await?;
    outcome.ok_or_else(refresh_refused)
}

/// Decides a refresh inside one transaction; `None` means refused (after recording why).
async fn refresh_in(
    state: &AppState,
    meta: &RequestMeta,
    uow: &mut UnitOfWork,
    presented: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<IssuedTokens>> {
    let txn = uow.txn();
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(tokens::hash_refresh(presented)))
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let Some(sess) = session::Entity::find_by_id(row.session_id).one(txn).await? else {
        return Ok(None);
    };
    let Some(user) = user::Entity::find_by_id(sess.user_id).one(txn).await? else {
        return Ok(None);
    };
    if sess.revoked_at.is_some() || !user.active || row.expires_at <= now {
        return Ok(None);
    }
    let office = home_office_of(txn, &user).await?;
    let actor = AuditActor {
        user_id: Some(user.id),
        username: user.username.clone(),
    };
    let successor = state.keys.successor(presented);

    if let (Some(rotated_at), Some(next_id)) = (row.rotated_at, row.replaced_by) {
        let within_grace = now - rotated_at <= ttl(state.config.refresh_grace);
        let next = refresh_token::Entity::find_by_id(next_id).one(txn).await?;
        if let Some(next) = next.filter(|n| within_grace && n.rotated_at.is_none()) {
            uow.audit(
                meta,
                Some(&actor),
                AuditEntry::new("auth.refresh_replayed", "session", sess.id).office(office),
            )
            .await?;
            return Ok(Some(issue(state, user, sess.id, &next, successor)));
        }
        // An old token came back after the grace window: someone else may hold it.
        revoke_session(txn, sess.id, RevokeReason::ReuseDetected, now).await?;
        tracing::warn!(session = %sess.id, user = %user.username, "refresh token reuse: session revoked");
        uow.audit(
            meta,
            Some(&actor),
            AuditEntry::new("auth.refresh_reuse_detected", "session", sess.id).office(office),
        )
        .await?;
        return Ok(None);
    }

    let expires_at = now + ttl(state.config.refresh_token_ttl);
    // Retire first, conditionally: of two concurrent refreshes only one gets the row (the
    // other waits for its lock, then finds it rotated) and only that one inserts the
    // successor, so the loser gets a clear CONFLICT instead of a unique-key failure.
    let next_id = Uuid::now_v7();
    let retired = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RotatedAt, Expr::value(now))
        .col_expr(refresh_token::Column::ReplacedBy, Expr::value(next_id))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::RotatedAt.is_null())
        .exec(txn)
        .await?;
    if retired.rows_affected != 1 {
        return Err(AppError::conflict(Msg::new(
            "Token ini sedang diperbarui oleh permintaan lain. Coba lagi.",
            "This token is being renewed by another request. Try again.",
        )));
    }
    let next = insert_refresh(txn, next_id, sess.id, &successor, now, expires_at).await?;
    session::Entity::update_many()
        .col_expr(session::Column::ExpiresAt, Expr::value(expires_at))
        .filter(session::Column::Id.eq(sess.id))
        .exec(txn)
        .await?;
    uow.audit(
        meta,
        Some(&actor),
        AuditEntry::new("auth.refresh", "session", sess.id).office(office),
    )
    .await?;
    Ok(Some(issue(state, user, sess.id, &next, successor)))
}

/// Ends one session: its refresh tokens and access tokens stop working at once.
pub async fn revoke_session(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    reason: RevokeReason,
    now: DateTime<Utc>,
) -> AppResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason.as_str()))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Logs out the session a refresh token belongs to. Unknown tokens are refused.
pub async fn logout(
    state: &AppState,
    meta: &RequestMeta,
    session_id: Uuid,
    actor: &AuditActor,
    office: Option<Uuid>,
) -> AppResult<()> {
    let mut uow = UnitOfWork::begin(state).await?;
    revoke_session(uow.txn(), session_id, RevokeReason::Logout, Utc::now()).await?;
    uow.audit(
        meta,
        Some(actor),
        AuditEntry::new("auth.logout", "session", session_id).office(office),
    )
    .await?;
    uow.commit().await
}

/// The session and user a refresh token belongs to, if it is still live.
pub async fn session_of_refresh_token(
    state: &AppState,
    presented: &str,
) -> AppResult<Option<(session::Model, user::Model)>> {
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(tokens::hash_refresh(presented)))
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    let Some(sess) = session::Entity::find_by_id(row.session_id)
        .filter(session::Column::RevokedAt.is_null())
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    let user = user::Entity::find_by_id(sess.user_id)
        .one(&state.db)
        .await?;
    Ok(user.map(|u| (sess, u)))
}

/// Changes the caller's own password and ends their other sessions.
pub async fn change_password(
    state: &AppState,
    meta: &RequestMeta,
    actor: &crate::infra::auth::Actor,
    current: String,
    new: String,
) -> AppResult<()> {
    if !password::verify(current, actor.user.password_hash.clone()).await? {
        return Err(AppError::bad_input(Msg::new(
            "Kata sandi saat ini salah.",
            "The current password is wrong.",
        ))
        .with("field", "currentPassword"));
    }
    password::check_policy(&new)?;
    let phc = password::hash(new).await?;
    let mut uow = UnitOfWork::begin(state).await?;
    let mut am = actor.user.clone().into_active_model();
    am.password_hash = Set(phc);
    am.updated_at = Set(Utc::now());
    am.version = Set(actor.user.version + 1);
    am.update(uow.txn()).await?;
    revoke_user_sessions(
        uow.txn(),
        actor.user.id,
        Some(actor.session_id),
        RevokeReason::PasswordChanged,
    )
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("user.change_password", "user", actor.user.id)
            .office(actor.home_office_id()),
    )
    .await?;
    uow.commit().await
}
