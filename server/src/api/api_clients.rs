//! API clients in the schema: what an office admin (or the operator) registers and reads
//! back, the operations a client may run, and the log of its requests.
use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, OpaqueCursor},
};
use chrono::{DateTime, Utc};
use entity::{Role, api_client, api_client_operation, api_client_request};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::actions::api_clients::{self, NewApiClient};
use crate::api::context::ContextExt;
use crate::api::pagination::{connection, page_args};
use crate::infra::auth::scopes::ApiScope;
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};

/// A registered third-party app. Its secret is never shown again after registration or
/// rotation.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ApiClient {
    #[graphql(skip)]
    pub row: api_client::Model,
    pub name: String,
    pub organisation: String,
    pub contact: String,
    pub legal_basis: Option<String>,
    pub agreement_ref: Option<String>,
    /// `OFFICE`, `PROVINCE` or `DEPLOYMENT`.
    pub reach: String,
    pub province_code: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub cost_per_minute: i32,
    pub cost_per_day: i32,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Until then the secret before the last rotation still works.
    pub previous_secret_valid_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<api_client::Model> for ApiClient {
    fn from(row: api_client::Model) -> Self {
        Self {
            name: row.name.clone(),
            organisation: row.organisation.clone(),
            contact: row.contact.clone(),
            legal_basis: row.legal_basis.clone(),
            agreement_ref: row.agreement_ref.clone(),
            reach: row.reach.clone(),
            province_code: row.province_code.clone(),
            expires_at: row.expires_at,
            cost_per_minute: row.cost_per_minute,
            cost_per_day: row.cost_per_day,
            revoked_at: row.revoked_at,
            previous_secret_valid_until: row.previous_valid_until,
            created_at: row.created_at,
            row,
        }
    }
}

#[ComplexObject]
impl ApiClient {
    /// The `client_id` of `POST /oauth/token`.
    async fn id(&self) -> ID {
        to_id(self.row.id)
    }
    async fn scopes(&self) -> Vec<String> {
        ApiScope::from_json(&self.row.scopes)
            .into_iter()
            .map(|s| s.name().to_owned())
            .collect()
    }
    async fn allowed_ips(&self) -> Vec<String> {
        self.row
            .allowed_ips
            .as_ref()
            .and_then(|j| j.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    }
    /// The documents this client may run, by SHA-256.
    async fn operations(&self, ctx: &Context<'_>) -> AppResult<Vec<ApiClientOperation>> {
        Ok(api_client_operation::Entity::find()
            .filter(api_client_operation::Column::ClientId.eq(self.row.id))
            .order_by_asc(api_client_operation::Column::CreatedAt)
            .all(&ctx.app().db)
            .await?
            .into_iter()
            .map(ApiClientOperation)
            .collect())
    }
}

pub struct ApiClientOperation(pub api_client_operation::Model);

/// A trusted document: the client sends its `sha256` (or the exact text).
#[Object]
impl ApiClientOperation {
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    async fn document(&self) -> &str {
        &self.0.document
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// The client's secret, shown this once: keep it in the app's secret store.
#[derive(SimpleObject)]
pub struct ApiClientWithSecret {
    pub client: ApiClient,
    pub client_secret: String,
}

impl From<api_clients::WithSecret> for ApiClientWithSecret {
    fn from(w: api_clients::WithSecret) -> Self {
        Self {
            client: w.client.into(),
            client_secret: w.secret,
        }
    }
}

pub struct ApiClientRequest(pub api_client_request::Model);

/// One request of an API client.
#[Object]
impl ApiClientRequest {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn client_id(&self) -> ID {
        to_id(self.0.client_id)
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    async fn request_id(&self) -> &str {
        &self.0.request_id
    }
    async fn operation_hash(&self) -> Option<&str> {
        self.0.operation_hash.as_deref()
    }
    async fn operation_name(&self) -> Option<&str> {
        self.0.operation_name.as_deref()
    }
    /// The scopes the answer used.
    async fn scopes(&self) -> Vec<String> {
        self.0
            .scopes
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    }
    /// Records (objects with an id) in the answer.
    async fn records(&self) -> i32 {
        self.0.records
    }
    /// `OK`, `ERRORS`, `UNREGISTERED`, `RATE_LIMITED`.
    async fn outcome(&self) -> &str {
        &self.0.outcome
    }
    async fn ip(&self) -> Option<&str> {
        self.0.ip.as_deref()
    }
}

#[derive(InputObject)]
pub struct RegisterApiClientInput {
    pub name: String,
    pub organisation: String,
    /// Who to call about it (name, e-mail, phone).
    pub contact: String,
    /// The legal basis of the processing; required for `clients:pii`.
    pub legal_basis: Option<String>,
    /// The MOU / PKS reference.
    pub agreement_ref: Option<String>,
    /// E.g. `["cases:read", "clients:read"]`.
    pub scopes: Vec<String>,
    /// CIDR ranges or addresses it may call from; none: any.
    pub allowed_ips: Option<Vec<String>>,
    pub expires_at: Option<DateTime<Utc>>,
    /// `OFFICE` (default: the admin's office); `PROVINCE` (with `provinceCode`) and
    /// `DEPLOYMENT` are for the operator.
    pub reach: Option<String>,
    pub province_code: Option<String>,
    /// Query cost budgets (async-graphql complexity); defaults 10 000 / 2 000 000.
    pub cost_per_minute: Option<i32>,
    pub cost_per_day: Option<i32>,
}

#[derive(Default)]
pub struct ApiClientsQuery;

#[Object]
impl ApiClientsQuery {
    /// The API clients of the admin's office (the operator: all of them).
    async fn api_clients(&self, ctx: &Context<'_>) -> AppResult<Vec<ApiClient>> {
        let actor = ctx.actor_with_role(&[Role::Admin, Role::Operator])?;
        let mut find = api_client::Entity::find().order_by_asc(api_client::Column::CreatedAt);
        if !actor.has_role(Role::Operator) {
            find = find.filter(api_client::Column::OfficeId.eq(actor.admin_office()?));
        }
        Ok(find
            .all(&ctx.app().db)
            .await?
            .into_iter()
            .map(ApiClient::from)
            .collect())
    }

    /// The requests of the office's API clients (or of one), newest first; optionally
    /// of one operation (by its SHA-256) or since a time.
    async fn api_client_requests(
        &self,
        ctx: &Context<'_>,
        client_id: Option<ID>,
        operation_hash: Option<String>,
        since: Option<DateTime<Utc>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Connection<OpaqueCursor<Uuid>, ApiClientRequest>> {
        let actor = ctx.actor_with_role(&[Role::Admin, Role::Operator])?;
        let (first, after) = page_args::<Uuid>(first, after)?;
        let mut q = api_client_request::Entity::find()
            .order_by_desc(api_client_request::Column::Id)
            .limit(first + 1);
        if !actor.has_role(Role::Operator) {
            q = q.filter(api_client_request::Column::OfficeId.eq(actor.admin_office()?));
        }
        if let Some(id) = client_id {
            q = q.filter(api_client_request::Column::ClientId.eq(parse_id(&id)?));
        }
        if let Some(hash) = operation_hash {
            q = q.filter(api_client_request::Column::OperationHash.eq(hash.to_lowercase()));
        }
        if let Some(since) = since {
            q = q.filter(api_client_request::Column::At.gte(since));
        }
        if let Some(after) = after {
            q = q.filter(api_client_request::Column::Id.lt(after));
        }
        let rows = q.all(&ctx.app().db).await?;
        Ok(connection(
            rows.into_iter()
                .map(|r| (r.id, ApiClientRequest(r)))
                .collect(),
            first,
            false,
        ))
    }
}

#[derive(Default)]
pub struct ApiClientsMutation;

#[Object]
impl ApiClientsMutation {
    /// Registers a third-party app; the answer holds its secret, shown this once.
    async fn register_api_client(
        &self,
        ctx: &Context<'_>,
        input: RegisterApiClientInput,
    ) -> AppResult<ApiClientWithSecret> {
        let actor = ctx.actor()?;
        let input = NewApiClient {
            name: input.name,
            organisation: input.organisation,
            contact: input.contact,
            legal_basis: input.legal_basis,
            agreement_ref: input.agreement_ref,
            scopes: input.scopes,
            allowed_ips: input.allowed_ips,
            expires_at: input.expires_at,
            reach: input.reach,
            province_code: input.province_code,
            cost_per_minute: input.cost_per_minute,
            cost_per_day: input.cost_per_day,
        };
        Ok(api_clients::register(ctx.app(), ctx.meta(), actor, input)
            .await?
            .into())
    }

    /// A new secret; the old one keeps working for `graceHours` (default 24; 0: stops now).
    async fn rotate_api_client_secret(
        &self,
        ctx: &Context<'_>,
        id: ID,
        grace_hours: Option<i32>,
    ) -> AppResult<ApiClientWithSecret> {
        let actor = ctx.actor()?;
        Ok(
            api_clients::rotate_secret(ctx.app(), ctx.meta(), actor, parse_id(&id)?, grace_hours)
                .await?
                .into(),
        )
    }

    /// Ends the client: its tokens stop working at once.
    async fn revoke_api_client(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> AppResult<ApiClient> {
        let actor = ctx.actor()?;
        Ok(
            api_clients::revoke(ctx.app(), ctx.meta(), actor, parse_id(&id)?, reason)
                .await?
                .into(),
        )
    }

    /// Registers a query (a trusted document) the client may run; it then sends the
    /// document's SHA-256 (or its exact text).
    async fn register_api_client_operation(
        &self,
        ctx: &Context<'_>,
        client_id: ID,
        name: Option<String>,
        document: String,
    ) -> AppResult<ApiClientOperation> {
        let actor = ctx.actor()?;
        Ok(ApiClientOperation(
            api_clients::register_operation(
                ctx.app(),
                ctx.meta(),
                actor,
                parse_id(&client_id)?,
                name,
                document,
            )
            .await?,
        ))
    }
}
