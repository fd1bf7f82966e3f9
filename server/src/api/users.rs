//! Users and roles in the schema: colleagues the caller may see, the admin's mutations.
use async_graphql::{
    Context, ID, InputObject, Object,
    connection::{Connection, OpaqueCursor},
};
use chrono::{DateTime, Utc};
use entity::{Role, user};

use crate::actions::users::NewUser;

use crate::api::context::ContextExt;
use crate::api::offices::{Institution, Office};
use crate::api::pagination::{connection, page_args};
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};
use crate::store::users::UserSearch;

pub struct User(pub user::Model);

/// The user behind an optional id (who signed, who completed a step), batched per request.
/// Callers have checked the record that names the user.
pub async fn user_by_id(ctx: &Context<'_>, id: Option<uuid::Uuid>) -> AppResult<Option<User>> {
    let Some(id) = id else { return Ok(None) };
    Ok(ctx.loaders().users.load_one(id).await?.map(User))
}

/// A person who logs in: an office employee or an institution's staff member.
#[Object]
impl User {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    /// Login name, `ROLE@PLACE` in the demo (`peksos@blitar`).
    async fn username(&self) -> &str {
        &self.0.username
    }
    async fn full_name(&self) -> &str {
        &self.0.full_name
    }
    /// False once the office admin has deactivated the account.
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn roles(&self, ctx: &Context<'_>) -> AppResult<Vec<Role>> {
        Ok(ctx
            .loaders()
            .roles
            .load_one(self.0.id)
            .await?
            .unwrap_or_default())
    }
    /// The office the user works for (null for institution staff).
    async fn office(&self, ctx: &Context<'_>) -> AppResult<Option<Office>> {
        let Some(id) = self.0.office_id else {
            return Ok(None);
        };
        Ok(ctx.loaders().offices.load_one(id).await?.map(Office))
    }
    /// The institution the user works for (null for office staff).
    async fn institution(&self, ctx: &Context<'_>) -> AppResult<Option<Institution>> {
        let Some(id) = self.0.institution_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()
            .institutions
            .load_one(id)
            .await?
            .map(Institution::from))
    }
    /// Bumped on every change.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(Default)]
pub struct UsersQuery;

#[Object]
impl UsersQuery {
    /// A colleague of the caller's office or institution, or null.
    async fn user(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<User>> {
        let actor = ctx.actor()?;
        let found = crate::store::users::visible_user(&ctx.app().db, actor, parse_id(&id)?).await?;
        Ok(found.map(User))
    }

    /// The users the caller may see, by username.
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(desc = "Part of the username or full name, any case.")] search: Option<String>,
        #[graphql(desc = "Only active (true) or only deactivated (false) users.")] active: Option<
            bool,
        >,
    ) -> AppResult<Connection<OpaqueCursor<String>, User>> {
        let actor = ctx.actor()?;
        let (first, after) = page_args::<String>(first, after)?;
        let wanted = UserSearch { search, active };
        let rows =
            crate::store::users::visible_users(&ctx.app().db, actor, wanted, after.clone(), first)
                .await?;
        Ok(connection(
            rows.into_iter()
                .map(|m| (m.username.clone(), User(m)))
                .collect(),
            first,
            after.is_some(),
        ))
    }
}

#[derive(InputObject)]
pub struct CreateUserInput {
    /// Lower-case letters, digits, `.`, `_`, `@`, `-`; 3–128 characters.
    pub username: String,
    pub full_name: String,
    /// At least 10 characters. Tell it to the user in person.
    pub password: String,
    pub roles: Vec<Role>,
    /// Set for staff of an institution your office registered; leave out for office staff.
    pub institution_id: Option<ID>,
}

#[derive(Default)]
pub struct UsersMutation;

#[Object]
impl UsersMutation {
    /// Office admin: creates a user in the admin's office, or in an institution the office
    /// registered.
    async fn create_user(&self, ctx: &Context<'_>, input: CreateUserInput) -> AppResult<User> {
        let actor = ctx.actor()?;
        let institution_id = input.institution_id.as_ref().map(parse_id).transpose()?;
        let created = crate::actions::users::create(
            ctx.app(),
            ctx.meta(),
            actor,
            NewUser {
                username: input.username,
                full_name: input.full_name,
                password: input.password,
                roles: input.roles,
                institution_id,
            },
        )
        .await?;
        Ok(User(created))
    }

    /// Office admin: replaces a user's roles.
    async fn set_user_roles(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        roles: Vec<Role>,
    ) -> AppResult<User> {
        let actor = ctx.actor()?;
        let updated = crate::actions::users::set_roles(
            ctx.app(),
            ctx.meta(),
            actor,
            parse_id(&user_id)?,
            roles,
        )
        .await?;
        Ok(User(updated))
    }

    /// Office admin: deactivates a user. Their sessions and tokens stop working at once.
    async fn deactivate_user(&self, ctx: &Context<'_>, user_id: ID) -> AppResult<User> {
        let actor = ctx.actor()?;
        let updated = crate::actions::users::set_active(
            ctx.app(),
            ctx.meta(),
            actor,
            parse_id(&user_id)?,
            false,
        )
        .await?;
        Ok(User(updated))
    }

    /// Office admin: lets a deactivated user log in again.
    async fn reactivate_user(&self, ctx: &Context<'_>, user_id: ID) -> AppResult<User> {
        let actor = ctx.actor()?;
        let updated = crate::actions::users::set_active(
            ctx.app(),
            ctx.meta(),
            actor,
            parse_id(&user_id)?,
            true,
        )
        .await?;
        Ok(User(updated))
    }

    /// Office admin: sets a new password for a user and ends all their sessions.
    async fn reset_user_password(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        new_password: String,
    ) -> AppResult<User> {
        let actor = ctx.actor()?;
        let updated = crate::actions::users::reset_password(
            ctx.app(),
            ctx.meta(),
            actor,
            parse_id(&user_id)?,
            new_password,
        )
        .await?;
        Ok(User(updated))
    }
}
