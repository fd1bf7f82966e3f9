use sea_orm::entity::prelude::*;

/// A job role in an office or institution. Offices label roles differently
/// ("Kasi PKKSKK", "Kasi Pelayanan dan Rehabilitasi Tuna Sosial"); the code is canonical.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    DeriveActiveEnum,
    async_graphql::Enum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Role {
    /// Staf / petugas pelayanan: intake desk, letter register, numbering.
    #[sea_orm(string_value = "STAF")]
    Staf,
    /// Pekerja sosial (social worker).
    #[sea_orm(string_value = "PEKSOS")]
    Peksos,
    /// Pendamping rehabilitasi sosial (case companion).
    #[sea_orm(string_value = "PENDAMPING")]
    Pendamping,
    /// Analis kebijakan (policy analyst).
    #[sea_orm(string_value = "ANALIS")]
    Analis,
    /// Kepala seksi (section head).
    #[sea_orm(string_value = "KASI")]
    Kasi,
    /// Kepala bidang (division head).
    #[sea_orm(string_value = "KABID")]
    Kabid,
    /// Sekretaris dinas (office secretary).
    #[sea_orm(string_value = "SEKRETARIS")]
    Sekretaris,
    /// Kepala dinas (head of office).
    #[sea_orm(string_value = "KADIS")]
    Kadis,
    /// Office administrator: manages the office's users and roles.
    #[sea_orm(string_value = "ADMIN")]
    Admin,
    /// Operator of the deployment (whoever runs the server): registers API clients whose
    /// reach is a province or the whole deployment. Granted from the command line only.
    #[sea_orm(string_value = "OPERATOR")]
    Operator,
}

impl Role {
    /// The lower-case word used in demo usernames (`peksos@blitar`).
    pub fn slug(self) -> &'static str {
        match self {
            Role::Staf => "staf",
            Role::Peksos => "peksos",
            Role::Pendamping => "pendamping",
            Role::Analis => "analis",
            Role::Kasi => "kasi",
            Role::Kabid => "kabid",
            Role::Sekretaris => "sekretaris",
            Role::Kadis => "kadis",
            Role::Admin => "admin",
            Role::Operator => "operator",
        }
    }
}
