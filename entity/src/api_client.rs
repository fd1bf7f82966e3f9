use sea_orm::entity::prelude::*;

/// A third-party app registered by an office admin (or, for a province or the whole
/// deployment, by the server's operator): who it is, why it may read, what it may read.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_client")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The office that registered it: its admin manages it and reads its request log.
    pub office_id: Uuid,
    /// `OFFICE` (the registering office's records), `PROVINCE` or `DEPLOYMENT`.
    pub reach: String,
    pub province_code: Option<String>,
    pub name: String,
    pub organisation: String,
    pub contact: String,
    /// Dasar hukum of the processing; required for `clients:pii`.
    pub legal_basis: Option<String>,
    /// The MOU / perjanjian kerja sama reference.
    pub agreement_ref: Option<String>,
    /// JSON array of scope names.
    pub scopes: Json,
    /// JSON array of CIDR ranges; null: any address.
    pub allowed_ips: Option<Json>,
    pub expires_at: Option<DateTimeUtc>,
    /// Argon2id of the secret; the previous one stays valid until `previous_valid_until`.
    pub secret_hash: String,
    pub previous_secret_hash: Option<String>,
    pub previous_valid_until: Option<DateTimeUtc>,
    pub cost_per_minute: i32,
    pub cost_per_day: i32,
    pub revoked_at: Option<DateTimeUtc>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
