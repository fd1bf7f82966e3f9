use sea_orm::entity::prelude::*;

/// Where a kota/kabupaten's seat (or a province's capital) lies, for relay distances.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "region_point")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub latitude: f64,
    pub longitude: f64,
    /// Where the point comes from (`geonames:1632978`, or a hand entry with its reason).
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
