//! Login, token refresh, logout, password change and `me` in the schema.
use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::actions::sessions;
use crate::api::context::ContextExt;
use crate::api::users::User;
use crate::infra::error::{AppError, AppResult};

/// Tokens for an API session. Send the access token as `Authorization: Bearer …`; when it
/// expires (`extensions.reason = TOKEN_EXPIRED`), call `refresh` with the refresh token.
#[derive(SimpleObject)]
pub struct AuthPayload {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    /// Single use: every `refresh` returns a new one. Keep it safe.
    pub refresh_token: String,
    pub refresh_token_expires_at: DateTime<Utc>,
    pub user: User,
}

impl From<sessions::IssuedTokens> for AuthPayload {
    fn from(t: sessions::IssuedTokens) -> Self {
        Self {
            access_token: t.access_token,
            access_token_expires_at: t.access_expires_at,
            refresh_token: t.refresh_token,
            refresh_token_expires_at: t.refresh_expires_at,
            user: User(t.user),
        }
    }
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The logged-in user.
    async fn me(&self, ctx: &Context<'_>) -> AppResult<User> {
        Ok(User(ctx.actor()?.user.clone()))
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Logs in with username and password. Wrong username and wrong password get the same
    /// answer; repeated failures are throttled (`TOO_MANY_REQUESTS`, `retryAfterSeconds`).
    async fn login(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
    ) -> AppResult<AuthPayload> {
        Ok(sessions::login(ctx.app(), ctx.meta(), &username, password)
            .await?
            .into())
    }

    /// Exchanges a refresh token for a new pair. The old token then stops working, except
    /// that repeating the same call within a short grace window (30 s by default) returns
    /// the same new pair; a reuse after that ends the session.
    async fn refresh(&self, ctx: &Context<'_>, refresh_token: String) -> AppResult<AuthPayload> {
        Ok(sessions::refresh(ctx.app(), ctx.meta(), &refresh_token)
            .await?
            .into())
    }

    /// Ends a session: the one of `refreshToken` if given, else the caller's. Its refresh
    /// and access tokens stop working at once.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: Option<String>) -> AppResult<bool> {
        let state = ctx.app();
        let (session_id, actor, office) = match refresh_token {
            Some(token) => {
                let (session, user) = sessions::session_of_refresh_token(state, &token)
                    .await?
                    .ok_or_else(AppError::unauthenticated)?;
                let office = sessions::home_office_of(&state.db, &user).await?;
                let actor = crate::infra::auth::AuditActor {
                    user_id: Some(user.id),
                    username: user.username,
                };
                (session.id, actor, office)
            }
            None => {
                let actor = ctx.actor()?;
                (
                    actor.session_id,
                    actor.audit_actor(),
                    actor.home_office_id(),
                )
            }
        };
        sessions::logout(state, ctx.meta(), session_id, &actor, office).await?;
        Ok(true)
    }

    /// Changes the caller's own password; their other sessions end.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> AppResult<bool> {
        let actor = ctx.actor()?;
        sessions::change_password(ctx.app(), ctx.meta(), actor, current_password, new_password)
            .await?;
        Ok(true)
    }
}
