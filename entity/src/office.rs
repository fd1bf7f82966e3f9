use sea_orm::entity::prelude::*;

/// A Dinas Sosial office of a kota/kabupaten (or province).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "office")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Short name used in usernames (`blitar` in `kadis@blitar`).
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub region_code: String,
    /// IANA time zone of the office (WIB offices: `Asia/Jakarta`).
    pub timezone: String,
    pub created_at: DateTimeUtc,
    /// JSON array of the roles that may close a case by a decision; null: Kasi, Kabid, Kadis.
    pub closing_roles: Option<Json>,
    /// Kop surat: the address line, and the phone / e-mail / website line.
    pub letterhead_address: Option<String>,
    pub letterhead_contact: Option<String>,
    /// The logo printed on the letterhead: a PNG in object storage.
    pub logo_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
