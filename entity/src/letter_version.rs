use sea_orm::entity::prelude::*;

use crate::Role;

/// One version of a letter's text: the draft as generated (version 1), then each
/// correction by whoever reviewed it (dikoreksi), with why. Insert-only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_version")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub letter_id: Uuid,
    pub version: i32,
    pub subject: String,
    pub addressee: String,
    /// The paragraphs, in order (a JSON array of strings).
    pub body: Json,
    /// What the correction is, in the reviewer's words.
    pub note: Option<String>,
    /// None for the draft the server generated.
    pub made_by: Option<Uuid>,
    pub made_role: Option<Role>,
    pub made_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
