//! API clients, the documents each may run, and the log of their requests. The office
//! admin sees their office's; the operator (`office: None`) all.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{api_client, api_client_operation, api_client_request};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::infra::error::AppResult;

pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<api_client::Model>> {
    Ok(api_client::Entity::find_by_id(id).one(db).await?)
}

/// The clients registered by `office` (None: every office's), oldest first.
pub async fn of_office(
    db: &impl ConnectionTrait,
    office: Option<Uuid>,
) -> AppResult<Vec<api_client::Model>> {
    let mut find = api_client::Entity::find().order_by_asc(api_client::Column::CreatedAt);
    if let Some(office) = office {
        find = find.filter(api_client::Column::OfficeId.eq(office));
    }
    Ok(find.all(db).await?)
}

/// The registered documents of each of `clients`, in one query.
pub async fn operations_of(
    db: &impl ConnectionTrait,
    clients: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<api_client_operation::Model>>> {
    let mut by_client: HashMap<Uuid, Vec<api_client_operation::Model>> = HashMap::new();
    for op in api_client_operation::Entity::find()
        .filter(api_client_operation::Column::ClientId.is_in(clients.iter().copied()))
        .order_by_asc(api_client_operation::Column::CreatedAt)
        .all(db)
        .await?
    {
        by_client.entry(op.client_id).or_default().push(op);
    }
    Ok(by_client)
}

/// The registered document of `client` with this SHA-256.
pub async fn operation(
    db: &impl ConnectionTrait,
    client: Uuid,
    sha256: &str,
) -> AppResult<Option<api_client_operation::Model>> {
    Ok(
        api_client_operation::Entity::find_by_id((client, sha256.to_lowercase()))
            .one(db)
            .await?,
    )
}

pub async fn record_request(
    db: &impl ConnectionTrait,
    row: api_client_request::Model,
) -> AppResult<()> {
    row.into_active_model().insert(db).await?;
    Ok(())
}

/// Which requests to list.
#[derive(Default)]
pub struct RequestFilter {
    pub client: Option<Uuid>,
    pub operation_hash: Option<String>,
    pub since: Option<DateTime<Utc>>,
}

/// A page of the requests of `office`'s clients (None: all), newest first: at most
/// `first + 1` rows, older than `after`.
pub async fn requests_page(
    db: &impl ConnectionTrait,
    office: Option<Uuid>,
    filter: RequestFilter,
    after: Option<Uuid>,
    first: u64,
) -> AppResult<Vec<api_client_request::Model>> {
    use api_client_request::Column;
    let mut q = api_client_request::Entity::find()
        .order_by_desc(Column::Id)
        .limit(first + 1);
    if let Some(office) = office {
        q = q.filter(Column::OfficeId.eq(office));
    }
    if let Some(client) = filter.client {
        q = q.filter(Column::ClientId.eq(client));
    }
    if let Some(hash) = filter.operation_hash {
        q = q.filter(Column::OperationHash.eq(hash.to_lowercase()));
    }
    if let Some(since) = filter.since {
        q = q.filter(Column::At.gte(since));
    }
    if let Some(after) = after {
        q = q.filter(Column::Id.lt(after));
    }
    Ok(q.all(db).await?)
}
