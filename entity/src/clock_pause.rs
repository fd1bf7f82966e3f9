use sea_orm::entity::prelude::*;

/// A pause of a step's service-time clock (waiting for the family, the police letter, the UPT).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "clock_pause")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_step_id: Uuid,
    pub reason: String,
    pub paused_at: DateTimeUtc,
    pub paused_by: Uuid,
    pub resumed_at: Option<DateTimeUtc>,
    pub resumed_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
