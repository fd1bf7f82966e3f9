use sea_orm::entity::prelude::*;

/// An office's own text for one SOP letter (`rujukan_upt`, `surat_tugas`, ...), replacing the
/// default the server ships.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_template")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub subject: String,
    /// Paragraphs separated by a blank line, with `{fields}`.
    pub body: String,
    /// Dasar hukum and tembusan: JSON arrays of lines.
    pub basis: Json,
    pub copies: Json,
    /// Sifat and lampiran.
    pub nature: String,
    pub attachments: String,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
