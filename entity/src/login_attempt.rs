use sea_orm::entity::prelude::*;

/// How a login attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum LoginOutcome {
    #[sea_orm(string_value = "SUCCESS")]
    Success,
    #[sea_orm(string_value = "FAILURE")]
    Failure,
    /// Refused without checking the password because of earlier failures.
    #[sea_orm(string_value = "THROTTLED")]
    Throttled,
}

/// Every login attempt, kept in the database so throttling holds across replicas.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_attempt")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The username as typed, lower-cased (also for unknown users).
    pub username: String,
    pub ip: String,
    pub outcome: LoginOutcome,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
