use sea_orm::entity::prelude::*;

/// A person who logs in: an office employee or an institution's staff member.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub username: String,
    pub full_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Exactly one of `office_id` and `institution_id` is set.
    pub office_id: Option<Uuid>,
    pub institution_id: Option<Uuid>,
    pub active: bool,
    /// Optimistic-locking counter, bumped on every change.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The signatory block of a letter: NIP (18 digits), rank (pangkat/golongan) and
    /// position (jabatan) as printed.
    pub nip: Option<String>,
    pub rank: Option<String>,
    pub position: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
