//! What a resolver takes from the GraphQL context: the state, the request's facts, the
//! DataLoaders and the authenticated actor (UNAUTHENTICATED, with a reason, when none).
use crate::api::loaders::Loaders;
use crate::infra::auth::tokens::TokenError;
use crate::infra::auth::{Actor, AuthState};
use crate::infra::error::{AppError, AppResult};
use crate::infra::i18n::Locale;
use crate::infra::reads::{ReadLog, Reader};
use crate::infra::reasons::Reason;
use crate::infra::state::{AppState, RequestMeta};
use async_graphql::Context;
use entity::Role;

/// What resolvers take from the GraphQL context.
pub trait ContextExt {
    fn app(&self) -> &AppState;
    fn meta(&self) -> &RequestMeta;
    fn loaders(&self) -> &Loaders;
    fn locale(&self) -> Locale;
    /// The logged-in actor, or UNAUTHENTICATED (with `reason` when the token was refused).
    fn actor(&self) -> AppResult<&Actor>;
    /// The authenticated actor with this request's read log, for [`log_reads`].
    ///
    /// [`log_reads`]: crate::infra::reads::log_reads
    fn reader(&self) -> AppResult<Reader<'_>> {
        Ok(Reader {
            state: self.app(),
            meta: self.meta(),
            actor: self.actor()?,
            log: self.read_log(),
        })
    }
    fn read_log(&self) -> &ReadLog;
    /// The logged-in actor holding one of `roles`, or UNAUTHENTICATED / FORBIDDEN.
    fn actor_with_role(&self, roles: &[Role]) -> AppResult<&Actor> {
        self.actor()?.require_role(roles)
    }
}

impl ContextExt for Context<'_> {
    fn app(&self) -> &AppState {
        self.data_unchecked::<AppState>()
    }

    fn meta(&self) -> &RequestMeta {
        self.data_unchecked::<RequestMeta>()
    }

    fn loaders(&self) -> &Loaders {
        self.data_unchecked::<Loaders>()
    }

    fn locale(&self) -> Locale {
        self.data_opt::<Locale>().copied().unwrap_or_default()
    }

    fn read_log(&self) -> &ReadLog {
        self.data_unchecked::<ReadLog>()
    }

    fn actor(&self) -> AppResult<&Actor> {
        match self.data_opt::<AuthState>() {
            Some(AuthState::Authenticated(actor)) => Ok(actor),
            Some(AuthState::Rejected(TokenError::Expired)) => {
                Err(AppError::of(Reason::TokenExpired))
            }
            Some(AuthState::Rejected(TokenError::Invalid)) => {
                Err(AppError::of(Reason::TokenInvalid))
            }
            _ => Err(AppError::unauthenticated()),
        }
    }
}
