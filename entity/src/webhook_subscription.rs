use sea_orm::entity::prelude::*;

/// An API client's HTTPS endpoint and the events it wants.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_subscription")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub url: String,
    /// JSON array of event types (`case.opened`, ...).
    pub events: Json,
    /// The HMAC-SHA256 signing key (the server must sign with it, so it is kept as given).
    pub secret: String,
    /// Failed attempts in a row, and since when the endpoint fails.
    pub failures: i32,
    pub failing_since: Option<DateTimeUtc>,
    /// The endpoint's backoff: no delivery is tried before this.
    pub retry_at: Option<DateTimeUtc>,
    pub paused_at: Option<DateTimeUtc>,
    pub pause_reason: Option<String>,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
