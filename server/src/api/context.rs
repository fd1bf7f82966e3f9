//! What a resolver takes from the GraphQL context: the state, the request's facts, the
//! DataLoaders and the authenticated actor (UNAUTHENTICATED, with a reason, when none).
use crate::api::loaders::Loaders;
use crate::infra::auth::clients::ClientPrincipal;
use crate::infra::auth::tokens::TokenError;
use crate::infra::auth::{Actor, AuthState, casework_office};
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
        let who = match self.viewer()? {
            Viewer::Staff(actor) => actor.audit_actor(),
            Viewer::Client(client) => client.audit_actor(),
        };
        Ok(Reader {
            state: self.app(),
            meta: self.meta(),
            who,
            log: self.read_log(),
        })
    }
    /// Who reads: a staff member or an API client (what a client may read of each field
    /// is checked field by field, `api::scope_guard`).
    fn viewer(&self) -> AppResult<Viewer<'_>>;
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
        match self.viewer()? {
            Viewer::Staff(actor) => Ok(actor),
            Viewer::Client(_) => Err(AppError::of(Reason::StaffTokenRequired)),
        }
    }

    fn viewer(&self) -> AppResult<Viewer<'_>> {
        match self.data_opt::<AuthState>() {
            Some(AuthState::Authenticated(actor)) => Ok(Viewer::Staff(actor)),
            Some(AuthState::Client(client)) => Ok(Viewer::Client(client)),
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

/// The two kinds of caller that read records.
#[derive(Clone, Copy)]
pub enum Viewer<'a> {
    Staff(&'a Actor),
    Client(&'a ClientPrincipal),
}

impl Viewer<'_> {
    /// The offices whose records this caller reads: a staff member's own (FORBIDDEN for a
    /// partner or the account admin, as `casework_office`), a client's reach.
    pub fn offices(&self) -> AppResult<Vec<uuid::Uuid>> {
        match self {
            Viewer::Staff(actor) => Ok(vec![casework_office(actor)?]),
            Viewer::Client(client) => Ok(client.offices.clone()),
        }
    }

    /// Whether a record of `office` is this caller's to read (a partner: no).
    pub fn reads_office(&self, office: uuid::Uuid) -> bool {
        match self {
            Viewer::Staff(actor) => casework_office(actor).ok() == Some(office),
            Viewer::Client(client) => client.reaches(office),
        }
    }
}
