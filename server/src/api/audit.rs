//! The audit trail in the schema: the office admin's list and the live subscription.
use async_graphql::{
    Context, ID, Json, Object, Subscription,
    connection::{Connection, OpaqueCursor},
};
use chrono::{DateTime, Utc};
use entity::{Role, audit_event};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use crate::api::context::ContextExt;
use crate::api::pagination::{connection, page_args};
use crate::api::users::User;
use crate::infra::auth;
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};
use crate::store::audit_events::AuditFilter;

pub struct AuditEvent(pub audit_event::Model);

/// One entry of the audit trail: who did what to which record, when and from where.
#[Object]
impl AuditEvent {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// The `x-request-id` of the HTTP request, to find the matching server log lines.
    async fn request_id(&self) -> &str {
        &self.0.request_id
    }
    /// Who did it; null for failed logins and other anonymous actions.
    async fn actor(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        let Some(id) = self.0.actor_user_id else {
            return Ok(None);
        };
        Ok(ctx.loaders().users.load_one(id).await?.map(User))
    }
    /// The actor's username when it happened.
    async fn actor_username(&self) -> Option<&str> {
        self.0.actor_username.as_deref()
    }
    /// Dotted verb, e.g. `auth.login`, `user.create`, `user.deactivate`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }
    async fn entity_id(&self) -> Option<&str> {
        self.0.entity_id.as_deref()
    }
    /// The client address the request came from.
    async fn ip(&self) -> Option<&str> {
        self.0.ip.as_deref()
    }
    /// What changed, when it is more than the action says (e.g. roles before and after).
    async fn details(&self) -> Option<Json<serde_json::Value>> {
        self.0.details.clone().map(Json)
    }
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Office admin: one event of the admin's office, or null.
    async fn audit_event(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<AuditEvent>> {
        let office = ctx.actor()?.admin_office()?;
        let found =
            crate::store::audit_events::in_office(&ctx.app().db, office, parse_id(&id)?).await?;
        Ok(found.map(AuditEvent))
    }

    /// Office admin: the office's audit trail, newest first.
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(desc = "Only this action, e.g. `auth.login_failed`.")] action: Option<String>,
        #[graphql(desc = "Only events about this record.")] entity_id: Option<String>,
    ) -> AppResult<Connection<OpaqueCursor<Uuid>, AuditEvent>> {
        let office = ctx.actor()?.admin_office()?;
        let (first, after) = page_args::<Uuid>(first, after)?;
        let filter = AuditFilter { action, entity_id };
        let rows =
            crate::store::audit_events::page_of_office(&ctx.app().db, office, filter, after, first)
                .await?;
        Ok(connection(
            rows.into_iter().map(|m| (m.id, AuditEvent(m))).collect(),
            first,
            after.is_some(),
        ))
    }
}

#[derive(Default)]
pub struct AuditSubscription;

#[Subscription]
impl AuditSubscription {
    /// Office admin: the office's audit events as they are committed (on this server).
    async fn audit_event_added(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = AuditEvent> + use<>> {
        let actor = ctx.actor()?;
        let office = actor.admin_office()?;
        let (user_id, session_id) = (actor.user.id, actor.session_id);
        let state = ctx.app().clone();
        let rx = state.audit_feed.subscribe();
        let events = BroadcastStream::new(rx)
            .filter_map(move |e| async move { e.ok().filter(|e| e.office_id == Some(office)) });
        // The subscriber is checked again before each event: a deactivated or logged-out
        // admin stops receiving at once, like their HTTP requests do.
        Ok(events
            .then(move |e| {
                let state = state.clone();
                async move {
                    match auth::load_actor(&state, user_id, session_id).await {
                        Ok(Some(a)) if a.has_role(Role::Admin) => Some(AuditEvent(e)),
                        _ => None,
                    }
                }
            })
            .take_while(|e| std::future::ready(e.is_some()))
            .filter_map(std::future::ready))
    }
}
