use sea_orm::entity::prelude::*;

/// One entry of the audit trail (jejak audit): who did what to which record, when and
/// from where. Insert-only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub request_id: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_username: Option<String>,
    /// The office whose admin may read this event.
    pub office_id: Option<Uuid>,
    pub institution_id: Option<Uuid>,
    /// Dotted verb, e.g. `user.create`, `auth.login`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub ip: Option<String>,
    pub details: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
