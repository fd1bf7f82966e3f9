use sea_orm::entity::prelude::*;

/// A document attached to a step run when it was completed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_step_document")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_step_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub document_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
