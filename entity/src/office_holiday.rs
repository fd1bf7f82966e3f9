use sea_orm::entity::prelude::*;

/// A day off in an office's working calendar (libur nasional, cuti bersama, local days).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "office_holiday")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub date: Date,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
