//! Who is asking: access-token verification per request, the [`Actor`], and the one-line
//! role and scope checks every resolver starts with.
pub mod clients;
pub mod password;
pub mod scopes;
pub mod throttle;
pub mod tokens;

use entity::{Role, institution, session, user, user_role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::infra::auth::tokens::TokenError;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::AppState;

/// The logged-in user a request acts for, loaded fresh for every request so that a
/// deactivated user or a revoked session stops working at once.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user: user::Model,
    pub roles: Vec<Role>,
    pub session_id: Uuid,
    /// For institution users: the office that registered their institution.
    pub institution_office_id: Option<Uuid>,
}

/// Whose records an actor may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Office(Uuid),
    Institution(Uuid),
}

impl Actor {
    pub fn scope(&self) -> Scope {
        match (self.user.office_id, self.user.institution_id) {
            (Some(office), _) => Scope::Office(office),
            (None, Some(inst)) => Scope::Institution(inst),
            // The database's CHECK constraint makes this unreachable.
            (None, None) => {
                unreachable!("user {} has neither office nor institution", self.user.id)
            }
        }
    }

    /// The office user's own office; `None` for institution users.
    pub fn office_id(&self) -> Option<Uuid> {
        self.user.office_id
    }

    /// The office an action of this actor is accounted to in the audit trail.
    pub fn home_office_id(&self) -> Option<Uuid> {
        self.user.office_id.or(self.institution_office_id)
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Refuses with FORBIDDEN unless the actor holds one of `roles`.
    pub fn require_role(&self, roles: &[Role]) -> AppResult<&Self> {
        if roles.iter().any(|r| self.has_role(*r)) {
            return Ok(self);
        }
        let names = roles
            .iter()
            .map(|r| r.slug().to_uppercase())
            .collect::<Vec<_>>()
            .join(", ");
        Err(AppError::forbidden(Msg::new(
            format!("Hanya peran {names} yang boleh melakukan ini."),
            format!("Only the role(s) {names} may do this."),
        ))
        .with("requiredRoles", names))
    }

    /// The first of `roles` the actor holds (the role they act in); FORBIDDEN naming them
    /// when none.
    pub fn role_among(&self, roles: &[Role]) -> AppResult<Role> {
        self.require_role(roles)?;
        Ok(*roles
            .iter()
            .find(|r| self.has_role(**r))
            .expect("require_role found one"))
    }

    /// The admin's office; FORBIDDEN for anyone else (including institution users).
    pub fn admin_office(&self) -> AppResult<Uuid> {
        self.require_role(&[Role::Admin])?;
        self.office_id().ok_or_else(|| {
            AppError::forbidden(Msg::new(
                "Hanya admin kantor Dinas Sosial yang boleh melakukan ini.",
                "Only a Dinas Sosial office admin may do this.",
            ))
        })
    }

    pub fn audit_actor(&self) -> AuditActor {
        AuditActor {
            user_id: Some(self.user.id),
            username: self.user.username.clone(),
        }
    }
}

/// Who the audit trail names as having done something.
#[derive(Clone, Debug)]
pub struct AuditActor {
    /// None for an API client (named `client:<id>`).
    pub user_id: Option<Uuid>,
    pub username: String,
}

impl AuditActor {
    /// An API client, named `client:<id>`.
    pub fn of_client(client_id: Uuid) -> Self {
        Self {
            user_id: None,
            username: format!("client:{client_id}"),
        }
    }
}

/// The outcome of reading the `Authorization` header.
#[derive(Clone, Debug)]
pub enum AuthState {
    Anonymous,
    Authenticated(Box<Actor>),
    /// A third-party app with an OAuth 2.0 client-credentials token.
    Client(Box<clients::ClientPrincipal>),
    Rejected(TokenError),
}

/// Verifies a bearer token (a staff member's, or an API client's from `ip`) and loads the
/// actor it stands for.
pub async fn authenticate(
    state: &AppState,
    bearer: Option<&str>,
    ip: std::net::IpAddr,
) -> AppResult<AuthState> {
    let Some(token) = bearer else {
        return Ok(AuthState::Anonymous);
    };
    let claims = match state.keys.verify_access(token) {
        Ok(c) => c,
        Err(staff_refusal) => {
            return Ok(match clients::load_principal(state, token, ip).await? {
                Ok(client) => AuthState::Client(Box::new(client)),
                // A staff token past its time says so; anything else is not valid.
                Err(TokenError::Invalid) => AuthState::Rejected(staff_refusal),
                Err(client_refusal) => AuthState::Rejected(client_refusal),
            });
        }
    };
    let Some(actor) = load_actor(state, claims.sub, claims.sid).await? else {
        return Ok(AuthState::Rejected(TokenError::Invalid));
    };
    Ok(AuthState::Authenticated(Box::new(actor)))
}

/// The active user with a live session, or `None`.
pub async fn load_actor(
    state: &AppState,
    user_id: Uuid,
    session_id: Uuid,
) -> AppResult<Option<Actor>> {
    let db = &state.db;
    let live_session = session::Entity::find_by_id(session_id)
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    if live_session.is_none() {
        return Ok(None);
    }
    let Some(user) = user::Entity::find_by_id(user_id)
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut roles: Vec<Role> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.role)
        .collect();
    roles.sort();
    let institution_office_id = match user.institution_id {
        Some(id) => institution::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|i| i.office_id),
        None => None,
    };
    Ok(Some(Actor {
        user,
        roles,
        session_id,
        institution_office_id,
    }))
}

/// The caseworker's office, or FORBIDDEN.
pub fn casework_office(actor: &Actor) -> AppResult<Uuid> {
    actor.require_role(CASEWORK)?;
    actor.office_id().ok_or_else(|| {
        AppError::forbidden(Msg::new(
            "Data klien hanya untuk petugas Dinas Sosial.",
            "Client records are for Dinas Sosial staff only.",
        ))
    })
}

/// Everyone in an office except a pure system admin works with clients. The admin manages
/// accounts and has no need to see who the office serves.
pub const CASEWORK: &[Role] = &[
    Role::Staf,
    Role::Peksos,
    Role::Pendamping,
    Role::Analis,
    Role::Kasi,
    Role::Kabid,
    Role::Sekretaris,
    Role::Kadis,
];
