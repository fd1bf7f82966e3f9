//! OAuth 2.0 client credentials (RFC 6749 §4.4) for API clients, and token revocation
//! (RFC 7009). Failures answer with the RFC's error codes; wrong secrets are throttled as
//! wrong passwords are.
use chrono::{DateTime, Duration, Utc};
use entity::login_attempt::LoginOutcome;
use entity::{api_client, api_client_token};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::infra::auth::clients::{ip_allowed, is_live};
use crate::infra::auth::scopes::ApiScope;
use crate::infra::auth::{AuditActor, password, throttle};
use crate::infra::error::AppError;
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::UnitOfWork;

/// An API client's access tokens last this long at most (no refresh token: ask again).
pub const TOKEN_TTL: Duration = Duration::minutes(10);

/// RFC 6749 §5.2 errors.
#[derive(Debug)]
pub enum OAuthError {
    InvalidRequest(String),
    InvalidClient,
    InvalidScope(String),
    UnsupportedGrantType,
    /// Too many wrong secrets: wait this many seconds.
    SlowDown(i64),
    Server(AppError),
}

impl From<AppError> for OAuthError {
    fn from(e: AppError) -> Self {
        OAuthError::Server(e)
    }
}

impl From<sea_orm::DbErr> for OAuthError {
    fn from(e: sea_orm::DbErr) -> Self {
        OAuthError::Server(e.into())
    }
}

pub struct IssuedClientToken {
    pub access_token: String,
    pub expires_at: DateTime<Utc>,
    pub scopes: Vec<ApiScope>,
}

/// The client whose id and secret these are, or `invalid_client`.
async fn authenticated_client(
    state: &AppState,
    meta: &RequestMeta,
    client_id: &str,
    secret: &str,
) -> Result<api_client::Model, OAuthError> {
    let who = format!("client:{}", client_id.trim());
    let ip = meta.ip.to_string();
    let rules = &state.config.login_throttle;
    if let Some(wait) = throttle::check(&state.db, rules, &who, &ip, Utc::now()).await? {
        throttle::record(&state.db, &who, &ip, LoginOutcome::Throttled).await?;
        return Err(OAuthError::SlowDown(wait));
    }
    let found = match client_id.trim().parse::<Uuid>() {
        Ok(id) => api_client::Entity::find_by_id(id).one(&state.db).await?,
        Err(_) => None,
    };
    let mut matched = false;
    if let Some(c) = &found {
        matched = password::verify(secret.to_owned(), c.secret_hash.clone()).await?;
        if !matched
            && let (Some(old), Some(until)) = (&c.previous_secret_hash, c.previous_valid_until)
            && until > Utc::now()
        {
            matched = password::verify(secret.to_owned(), old.clone()).await?;
        }
    } else {
        // As long as a real check, so a guessed id does not show by its speed.
        let _ = password::hash(secret.to_owned()).await;
    }
    let client = found.filter(|c| matched && is_live(c) && ip_allowed(c, meta.ip));
    let outcome = if client.is_some() {
        LoginOutcome::Success
    } else {
        LoginOutcome::Failure
    };
    throttle::record(&state.db, &who, &ip, outcome).await?;
    client.ok_or(OAuthError::InvalidClient)
}

/// `grant_type=client_credentials`: a token for the scopes asked (all the client's when
/// none are named).
pub async fn issue(
    state: &AppState,
    meta: &RequestMeta,
    grant_type: Option<&str>,
    client_id: &str,
    secret: &str,
    scope: Option<&str>,
) -> Result<IssuedClientToken, OAuthError> {
    match grant_type {
        Some("client_credentials") => {}
        Some(_) => return Err(OAuthError::UnsupportedGrantType),
        None => return Err(OAuthError::InvalidRequest("grant_type is missing".into())),
    }
    let client = authenticated_client(state, meta, client_id, secret).await?;
    let granted = ApiScope::from_json(&client.scopes);
    let scopes = match scope.map(str::trim).filter(|s| !s.is_empty()) {
        None => granted.clone(),
        Some(asked) => {
            let asked = ApiScope::parse_list(asked).map_err(|unknown| {
                OAuthError::InvalidScope(format!("unknown scope(s): {}", unknown.join(" ")))
            })?;
            let beyond: Vec<&str> = asked
                .iter()
                .filter(|s| !granted.contains(s))
                .map(|s| s.name())
                .collect();
            if !beyond.is_empty() {
                return Err(OAuthError::InvalidScope(format!(
                    "not granted to this client: {}",
                    beyond.join(" ")
                )));
            }
            asked
        }
    };
    if scopes.contains(&ApiScope::ClientsPii) && client.legal_basis.is_none() {
        return Err(OAuthError::InvalidScope(
            "clients:pii needs a legal basis recorded for the client".into(),
        ));
    }
    let now = Utc::now();
    let expires_at = now + TOKEN_TTL;
    let token = api_client_token::Model {
        id: Uuid::now_v7(),
        client_id: client.id,
        scopes: ApiScope::to_json(&scopes),
        issued_at: now,
        expires_at,
        revoked_at: None,
    };
    let joined = ApiScope::joined(&scopes);
    let access_token = state
        .keys
        .issue_client(client.id, token.id, &joined, now, expires_at);
    let mut uow = UnitOfWork::begin(state).await?;
    let token = token.into_active_model().insert(uow.txn()).await?;
    uow.audit(
        meta,
        Some(&AuditActor::of_client(client.id)),
        AuditEntry::new("api_client.token", "api_client", client.id)
            .office(Some(client.office_id))
            .details(json!({"tokenId": token.id, "scope": joined})),
    )
    .await?;
    uow.commit().await?;
    Ok(IssuedClientToken {
        access_token,
        expires_at,
        scopes,
    })
}

/// RFC 7009: the client revokes one of its own tokens. An unknown or foreign token is
/// answered the same way (200), as the RFC asks.
pub async fn revoke(
    state: &AppState,
    meta: &RequestMeta,
    client_id: &str,
    secret: &str,
    token: &str,
) -> Result<(), OAuthError> {
    let client = authenticated_client(state, meta, client_id, secret).await?;
    // An expired token needs no revoking; a foreign or forged one is not ours to touch.
    let Ok(claims) = state.keys.verify_client(token) else {
        return Ok(());
    };
    if claims.client_id() != Some(client.id) {
        return Ok(());
    }
    let mut uow = UnitOfWork::begin(state).await?;
    let done = api_client_token::Entity::update_many()
        .col_expr(
            api_client_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(api_client_token::Column::Id.eq(claims.jti))
        .filter(api_client_token::Column::ClientId.eq(client.id))
        .filter(api_client_token::Column::RevokedAt.is_null())
        .exec(uow.txn())
        .await?;
    if done.rows_affected > 0 {
        uow.audit(
            meta,
            Some(&AuditActor::of_client(client.id)),
            AuditEntry::new("api_client.token_revoke", "api_client", client.id)
                .office(Some(client.office_id))
                .details(json!({"tokenId": claims.jti})),
        )
        .await?;
    }
    uow.commit().await?;
    Ok(())
}
