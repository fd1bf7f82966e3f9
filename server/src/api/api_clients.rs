//! API clients in the schema: what an office admin (or the operator) registers and reads
//! back, the operations a client may run, and the log of its requests.
use async_graphql::{
    Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, OpaqueCursor},
};
use chrono::{DateTime, Utc};
use entity::{api_client, api_client_operation, api_client_request};
use uuid::Uuid;

use crate::actions::api_clients::{self, NewApiClient};
use crate::api::context::ContextExt;
use crate::api::pagination::{connection, page_args};
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};
use crate::store::api_clients::RequestFilter;

/// A registered third-party app. Its secret is never shown again after registration or
/// rotation.
pub struct ApiClient {
    pub row: api_client::Model,
    pub operations: Vec<api_client_operation::Model>,
}

impl ApiClient {
    /// Clients with their registered documents, read in one query.
    async fn with_operations(
        ctx: &Context<'_>,
        rows: Vec<api_client::Model>,
    ) -> AppResult<Vec<ApiClient>> {
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut ops = crate::store::api_clients::operations_of(&ctx.app().db, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| ApiClient {
                operations: ops.remove(&row.id).unwrap_or_default(),
                row,
            })
            .collect())
    }

    async fn one(ctx: &Context<'_>, row: api_client::Model) -> AppResult<ApiClient> {
        let mut all = Self::with_operations(ctx, vec![row]).await?;
        Ok(all.remove(0))
    }
}

/// A JSON array of strings, as stored (scopes, address ranges).
fn strings_of(json: Option<&serde_json::Value>) -> Vec<String> {
    json.and_then(|j| j.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

#[Object]
impl ApiClient {
    /// The `client_id` of `POST /oauth/token`.
    async fn id(&self) -> ID {
        to_id(self.row.id)
    }
    async fn name(&self) -> &str {
        &self.row.name
    }
    async fn organisation(&self) -> &str {
        &self.row.organisation
    }
    async fn contact(&self) -> &str {
        &self.row.contact
    }
    async fn legal_basis(&self) -> Option<&str> {
        self.row.legal_basis.as_deref()
    }
    async fn agreement_ref(&self) -> Option<&str> {
        self.row.agreement_ref.as_deref()
    }
    /// `OFFICE`, `PROVINCE` or `DEPLOYMENT`.
    async fn reach(&self) -> &str {
        &self.row.reach
    }
    async fn province_code(&self) -> Option<&str> {
        self.row.province_code.as_deref()
    }
    async fn scopes(&self) -> Vec<String> {
        strings_of(Some(&self.row.scopes))
    }
    async fn allowed_ips(&self) -> Vec<String> {
        strings_of(self.row.allowed_ips.as_ref())
    }
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.row.expires_at
    }
    async fn cost_per_minute(&self) -> i32 {
        self.row.cost_per_minute
    }
    async fn cost_per_day(&self) -> i32 {
        self.row.cost_per_day
    }
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.row.revoked_at
    }
    /// Until then the secret before the last rotation still works.
    async fn previous_secret_valid_until(&self) -> Option<DateTime<Utc>> {
        self.row.previous_valid_until
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at
    }
    /// The documents this client may run, by SHA-256.
    async fn operations(&self) -> Vec<ApiClientOperation> {
        self.operations
            .iter()
            .cloned()
            .map(ApiClientOperation)
            .collect()
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

impl ApiClientWithSecret {
    async fn of(ctx: &Context<'_>, w: api_clients::WithSecret) -> AppResult<Self> {
        Ok(Self {
            client: ApiClient::one(ctx, w.client).await?,
            client_secret: w.secret,
        })
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
        strings_of(Some(&self.0.scopes))
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
        let registry = api_clients::registry_of(ctx.actor()?)?;
        let rows = crate::store::api_clients::of_office(&ctx.app().db, registry).await?;
        ApiClient::with_operations(ctx, rows).await
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
        let registry = api_clients::registry_of(ctx.actor()?)?;
        let (first, after) = page_args::<Uuid>(first, after)?;
        let filter = RequestFilter {
            client: client_id.as_ref().map(parse_id).transpose()?,
            operation_hash,
            since,
        };
        let rows =
            crate::store::api_clients::requests_page(&ctx.app().db, registry, filter, after, first)
                .await?;
        Ok(connection(
            rows.into_iter()
                .map(|r| (r.id, ApiClientRequest(r)))
                .collect(),
            first,
            after.is_some(),
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
        let registered = api_clients::register(ctx.app(), ctx.meta(), actor, input).await?;
        ApiClientWithSecret::of(ctx, registered).await
    }

    /// A new secret; the old one keeps working for `graceHours` (default 24; 0: stops now).
    async fn rotate_api_client_secret(
        &self,
        ctx: &Context<'_>,
        id: ID,
        grace_hours: Option<i32>,
    ) -> AppResult<ApiClientWithSecret> {
        let actor = ctx.actor()?;
        let rotated =
            api_clients::rotate_secret(ctx.app(), ctx.meta(), actor, parse_id(&id)?, grace_hours)
                .await?;
        ApiClientWithSecret::of(ctx, rotated).await
    }

    /// Ends the client: its tokens stop working at once.
    async fn revoke_api_client(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> AppResult<ApiClient> {
        let actor = ctx.actor()?;
        let revoked =
            api_clients::revoke(ctx.app(), ctx.meta(), actor, parse_id(&id)?, reason).await?;
        ApiClient::one(ctx, revoked).await
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
