use sea_orm::entity::prelude::*;

/// PPKS categories of Permensos 08/2012 (26), plus the stranded traveller of seeds 002/003.
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(48))")]
pub enum PpksCategory {
    #[sea_orm(string_value = "ANAK_BALITA_TERLANTAR")]
    AnakBalitaTerlantar,
    #[sea_orm(string_value = "ANAK_TERLANTAR")]
    AnakTerlantar,
    #[sea_orm(string_value = "ANAK_BERHADAPAN_DENGAN_HUKUM")]
    AnakBerhadapanDenganHukum,
    #[sea_orm(string_value = "ANAK_JALANAN")]
    AnakJalanan,
    #[sea_orm(string_value = "ANAK_DENGAN_KEDISABILITASAN")]
    AnakDenganKedisabilitasan,
    #[sea_orm(string_value = "ANAK_KORBAN_TINDAK_KEKERASAN")]
    AnakKorbanTindakKekerasan,
    #[sea_orm(string_value = "ANAK_MEMERLUKAN_PERLINDUNGAN_KHUSUS")]
    AnakMemerlukanPerlindunganKhusus,
    #[sea_orm(string_value = "LANJUT_USIA_TERLANTAR")]
    LanjutUsiaTerlantar,
    #[sea_orm(string_value = "PENYANDANG_DISABILITAS")]
    PenyandangDisabilitas,
    #[sea_orm(string_value = "TUNA_SUSILA")]
    TunaSusila,
    #[sea_orm(string_value = "GELANDANGAN")]
    Gelandangan,
    #[sea_orm(string_value = "PENGEMIS")]
    Pengemis,
    #[sea_orm(string_value = "PEMULUNG")]
    Pemulung,
    #[sea_orm(string_value = "KELOMPOK_MINORITAS")]
    KelompokMinoritas,
    #[sea_orm(string_value = "BEKAS_WARGA_BINAAN_LAPAS")]
    BekasWargaBinaanLapas,
    #[sea_orm(string_value = "ODHA")]
    Odha,
    #[sea_orm(string_value = "KORBAN_NAPZA")]
    KorbanNapza,
    #[sea_orm(string_value = "KORBAN_TRAFFICKING")]
    KorbanTrafficking,
    #[sea_orm(string_value = "KORBAN_TINDAK_KEKERASAN")]
    KorbanTindakKekerasan,
    #[sea_orm(string_value = "PEKERJA_MIGRAN_BERMASALAH_SOSIAL")]
    PekerjaMigranBermasalahSosial,
    #[sea_orm(string_value = "KORBAN_BENCANA_ALAM")]
    KorbanBencanaAlam,
    #[sea_orm(string_value = "KORBAN_BENCANA_SOSIAL")]
    KorbanBencanaSosial,
    #[sea_orm(string_value = "PEREMPUAN_RAWAN_SOSIAL_EKONOMI")]
    PerempuanRawanSosialEkonomi,
    #[sea_orm(string_value = "FAKIR_MISKIN")]
    FakirMiskin,
    #[sea_orm(string_value = "KELUARGA_BERMASALAH_SOSIAL_PSIKOLOGIS")]
    KeluargaBermasalahSosialPsikologis,
    #[sea_orm(string_value = "KOMUNITAS_ADAT_TERPENCIL")]
    KomunitasAdatTerpencil,
    /// Orang terlantar: a stranded traveller (seeds 002 and 003); not one of the 26.
    #[sea_orm(string_value = "ORANG_TERLANTAR")]
    OrangTerlantar,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_category")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: PpksCategory,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
