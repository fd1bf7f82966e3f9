use sea_orm::entity::prelude::*;

/// A refresh token of a session, stored only as its SHA-256 hash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refresh_token")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub session_id: Uuid,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Also the issue time of the access token handed out with it, so the same pair can
    /// be given again inside the grace window.
    pub issued_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// When this token was exchanged for its successor.
    pub rotated_at: Option<DateTimeUtc>,
    pub replaced_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
