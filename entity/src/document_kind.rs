use sea_orm::entity::prelude::*;

/// What a document is. Later procedures add their own kinds.
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
pub enum DocumentKind {
    /// Kartu Tanda Penduduk (identity card).
    #[sea_orm(string_value = "KTP")]
    Ktp,
    /// Kartu Keluarga (family card).
    #[sea_orm(string_value = "KK")]
    Kk,
    #[sea_orm(string_value = "SURAT_KETERANGAN_LURAH")]
    SuratKeteranganLurah,
    #[sea_orm(string_value = "SURAT_KETERANGAN_DOKTER")]
    SuratKeteranganDokter,
    /// The Polres letter that a person is stranded (suket terlantar).
    #[sea_orm(string_value = "SURAT_KETERANGAN_POLRES")]
    SuratKeteranganPolres,
    /// The letter of the sending Dinas Sosial for a relayed client.
    #[sea_orm(string_value = "SURAT_KETERANGAN_DINSOS_ASAL")]
    SuratKeteranganDinsosAsal,
    #[sea_orm(string_value = "REKOMENDASI_TKSK")]
    RekomendasiTksk,
    #[sea_orm(string_value = "SURAT_PERMOHONAN")]
    SuratPermohonan,
    #[sea_orm(string_value = "CLIENT_PHOTO")]
    ClientPhoto,
    /// Berita acara serah terima.
    #[sea_orm(string_value = "HANDOVER_RECORD")]
    HandoverRecord,
    /// A photo taken at a hand-over (the client with the receiving officer).
    #[sea_orm(string_value = "HANDOVER_PHOTO")]
    HandoverPhoto,
    /// Surat penerusan: the covering letter that goes with a relayed client to the next office.
    #[sea_orm(string_value = "SURAT_PENERUSAN")]
    SuratPenerusan,
    /// The reply of Dukcapil (civil registry) to an identity search.
    #[sea_orm(string_value = "DUKCAPIL_REPLY")]
    DukcapilReply,
    /// A letter the office issued (the PDF made when it was numbered).
    #[sea_orm(string_value = "LETTER")]
    Letter,
    /// A document an LKS uploads for an item of the office's checklist (`requirementKey`).
    #[sea_orm(string_value = "LKS_REQUIREMENT")]
    LksRequirement,
    /// A photo the Kasi takes on the site visit of an LKS (verifikasi lapangan).
    #[sea_orm(string_value = "SITE_VISIT_PHOTO")]
    SiteVisitPhoto,
    #[sea_orm(string_value = "TICKET_RECEIPT")]
    TicketReceipt,
    /// A tanda terima signed on paper (an LKS signing for its letter at the desk).
    #[sea_orm(string_value = "TANDA_TERIMA")]
    TandaTerima,
    #[sea_orm(string_value = "OTHER")]
    Other,
}
