use sea_orm::entity::prelude::*;

/// A Kemendagri administrative region: province (`35`), kota/kabupaten (`35.72`),
/// kecamatan (`35.72.01`) or kelurahan/desa (`35.72.01.1001`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "region")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    /// 1 province, 2 kota/kabupaten, 3 kecamatan, 4 kelurahan/desa.
    pub level: i16,
    pub parent_code: Option<String>,
    /// The Kepmendagri edition the row was taken from.
    pub source_edition: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
