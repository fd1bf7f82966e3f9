use sea_orm::entity::prelude::*;

/// What kind of partner or applicant an institution is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, async_graphql::Enum,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum InstitutionKind {
    /// Unit Pelaksana Teknis: a government technical unit, often a care home.
    #[sea_orm(string_value = "UPT")]
    Upt,
    /// Panti sosial: a residential care home.
    #[sea_orm(string_value = "PANTI")]
    Panti,
    /// Lembaga Kesejahteraan Sosial: a social-welfare institution.
    #[sea_orm(string_value = "LKS")]
    Lks,
}

/// A partner care home (UPT/panti) or an LKS, registered by one office.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "institution")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub kind: InstitutionKind,
    /// The office that registered the institution and manages its users.
    pub office_id: Uuid,
    pub region_code: Option<String>,
    /// JSON array of the PPKS categories a UPT/panti serves (empty: not stated).
    pub categories_served: Json,
    /// Places (beds) of a UPT/panti, when known.
    pub capacity: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
