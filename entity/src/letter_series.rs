use sea_orm::entity::prelude::*;

/// An office's number format for one letter series (see `letters::numbering` for tokens).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_series")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub series: String,
    pub template: String,
    pub kka: String,
    pub suffix: String,
    pub unit: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
