//! Invitations for the first user of a partner office or institution in the schema.
use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{Role, invitation};

use crate::actions::invitations::{self, Acceptance, InviteUser};
use crate::api::context::ContextExt;
use crate::api::offices::{Institution, Office};
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};

pub struct Invitation(pub invitation::Model);

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum InvitationStatus {
    /// Not used yet, still valid.
    Open,
    Accepted,
    Expired,
    Revoked,
}

/// An invitation the office gave (its code is shown only when it is made).
#[Object]
impl Invitation {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn full_name(&self) -> &str {
        &self.0.full_name
    }
    async fn roles(&self) -> Vec<Role> {
        serde_json::from_value(self.0.roles.clone()).unwrap_or_default()
    }
    /// The partner office the user will belong to.
    async fn office(&self, ctx: &Context<'_>) -> AppResult<Option<Office>> {
        let Some(id) = self.0.target_office_id else {
            return Ok(None);
        };
        Ok(ctx.loaders().offices.load_one(id).await?.map(Office))
    }
    /// The institution the user will belong to.
    async fn institution(&self, ctx: &Context<'_>) -> AppResult<Option<Institution>> {
        let Some(id) = self.0.target_institution_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()
            .institutions
            .load_one(id)
            .await?
            .map(Institution::from))
    }
    async fn status(&self) -> InvitationStatus {
        if self.0.accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if self.0.revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if self.0.expires_at < Utc::now() {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Open
        }
    }
    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn accepted_at(&self) -> Option<DateTime<Utc>> {
        self.0.accepted_at
    }
}

/// A new invitation with its one-time code: give the code or the link to the person (by
/// WhatsApp, on paper); it is not shown again.
pub struct IssuedInvitation {
    invitation: invitation::Model,
    code: String,
}

#[Object]
impl IssuedInvitation {
    async fn invitation(&self) -> Invitation {
        Invitation(self.invitation.clone())
    }
    /// 20 characters in four groups (case, dashes, O/0 and I/L/1 do not matter).
    async fn code(&self) -> &str {
        &self.code
    }
    /// The field app's page that takes the code.
    async fn link(&self, ctx: &Context<'_>) -> String {
        format!(
            "{}/undangan/{}",
            ctx.app().config.public_url.trim_end_matches('/'),
            self.code
        )
    }
}

#[derive(InputObject)]
pub struct InviteUserInput {
    /// A partner Dinas Sosial without users yet (its first user also becomes its admin).
    pub office_id: Option<ID>,
    /// Or an institution your office registered (UPT/panti, LKS).
    pub institution_id: Option<ID>,
    pub full_name: String,
    pub roles: Vec<Role>,
    /// How long the code works (1–30 days).
    #[graphql(default = 14)]
    pub valid_days: i64,
}

#[derive(InputObject)]
pub struct AcceptInvitationInput {
    pub code: String,
    pub username: String,
    pub password: String,
}

/// The account an invitation made; log in with it.
pub struct AcceptedInvitation {
    username: String,
}

#[Object]
impl AcceptedInvitation {
    async fn username(&self) -> &str {
        &self.username
    }
}

#[derive(Default)]
pub struct InvitationsQuery;

#[Object]
impl InvitationsQuery {
    /// Office admin: the invitations the office gave, newest first.
    async fn invitations(&self, ctx: &Context<'_>) -> AppResult<Vec<Invitation>> {
        let office = ctx.actor()?.admin_office()?;
        Ok(crate::store::users::invitations_of(&ctx.app().db, office)
            .await?
            .into_iter()
            .map(Invitation)
            .collect())
    }
}

#[derive(Default)]
pub struct InvitationsMutation;

#[Object]
impl InvitationsMutation {
    /// Office admin: invites the first user of a partner office or institution; the answer
    /// carries the one-time code and link.
    async fn invite_user(
        &self,
        ctx: &Context<'_>,
        input: InviteUserInput,
    ) -> AppResult<IssuedInvitation> {
        let field =
            |name: &'static str| move |e: crate::infra::error::AppError| e.with("field", name);
        let i = InviteUser {
            office_id: input
                .office_id
                .as_ref()
                .map(parse_id)
                .transpose()
                .map_err(field("officeId"))?,
            institution_id: input
                .institution_id
                .as_ref()
                .map(parse_id)
                .transpose()
                .map_err(field("institutionId"))?,
            full_name: input.full_name,
            roles: input.roles,
            valid_days: input.valid_days,
        };
        let issued = invitations::invite(ctx.app(), ctx.meta(), ctx.actor()?, i).await?;
        Ok(IssuedInvitation {
            invitation: issued.invitation,
            code: issued.code,
        })
    }

    /// Office admin: takes back an invitation not yet used.
    async fn revoke_invitation(&self, ctx: &Context<'_>, id: ID) -> AppResult<Invitation> {
        let row = invitations::revoke(ctx.app(), ctx.meta(), ctx.actor()?, parse_id(&id)?).await?;
        Ok(Invitation(row))
    }

    /// The invited person (no login yet): a username and password of their own; the code
    /// is used up. Then log in.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        input: AcceptInvitationInput,
    ) -> AppResult<AcceptedInvitation> {
        let a = Acceptance {
            code: input.code,
            username: input.username,
            password: input.password,
        };
        let user = invitations::accept(ctx.app(), ctx.meta(), a).await?;
        Ok(AcceptedInvitation {
            username: user.username,
        })
    }
}
