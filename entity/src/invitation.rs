use sea_orm::entity::prelude::*;

/// A one-time invitation an office admin gives to the first user of a partner office (a
/// Dinas Sosial on a relay route) or institution (UPT/panti, LKS). Only a hash of its code
/// is kept; the code is shown once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The inviting office.
    pub office_id: Uuid,
    pub target_office_id: Option<Uuid>,
    pub target_institution_id: Option<Uuid>,
    pub full_name: String,
    /// JSON array of the roles the new user gets.
    pub roles: Json,
    /// SHA-256 (hex) of the code.
    pub code_hash: String,
    pub expires_at: DateTimeUtc,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub accepted_user_id: Option<Uuid>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
