//! Login sessions (refresh tokens) and ending them.
use crate::infra::error::AppResult;
use chrono::Utc;
use entity::session;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

/// Ends every session of a user except `keep` (e.g. the one changing the password).
pub async fn revoke_user_sessions(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
    reason: RevokeReason,
) -> AppResult<()> {
    let mut q = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Utc::now()))
        .col_expr(session::Column::RevokedReason, Expr::value(reason.as_str()))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        q = q.filter(session::Column::Id.ne(keep));
    }
    q.exec(db).await?;
    Ok(())
}

/// Why a session was revoked (stored in `session.revoked_reason`).
#[derive(Clone, Copy, Debug)]
pub enum RevokeReason {
    Logout,
    ReuseDetected,
    Deactivated,
    PasswordReset,
    PasswordChanged,
}

impl RevokeReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RevokeReason::Logout => "LOGOUT",
            RevokeReason::ReuseDetected => "REUSE_DETECTED",
            RevokeReason::Deactivated => "DEACTIVATED",
            RevokeReason::PasswordReset => "PASSWORD_RESET",
            RevokeReason::PasswordChanged => "PASSWORD_CHANGED",
        }
    }
}
