use sea_orm::entity::prelude::*;

/// One request of an API client: what it ran, with which scopes, how many records came back.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_client_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    /// The client's registering office (whose admin searches the log).
    pub office_id: Uuid,
    pub at: DateTimeUtc,
    pub request_id: String,
    pub operation_hash: Option<String>,
    pub operation_name: Option<String>,
    /// The token's scopes, as a JSON array.
    pub scopes: Json,
    /// Records (objects with an id) in the answer.
    pub records: i32,
    /// `OK`, `ERRORS`, `UNREGISTERED`, `RATE_LIMITED`, ...
    pub outcome: String,
    pub ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
