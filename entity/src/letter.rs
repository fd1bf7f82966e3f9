use sea_orm::entity::prelude::*;

use crate::Role;

/// An outgoing letter (surat keluar): drafted in a case, initialled, signed, then numbered
/// by the server (or given a checked paper number), entered in the outgoing agenda book and
/// the expedition book, and handed over.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub case_id: Option<Uuid>,
    /// The numbering series (the office sets its template).
    pub series: String,
    pub subject: String,
    pub addressee: String,
    pub signed_by: Option<Uuid>,
    pub signer_role: Option<Role>,
    pub signed_at: Option<DateTimeUtc>,
    /// Unique per office once given.
    pub number: Option<String>,
    /// The sequence number in the series; `None` for a number typed in from paper.
    pub sequence: Option<i32>,
    pub year: Option<i32>,
    pub numbered_manually: bool,
    pub numbered_by: Option<Uuid>,
    pub numbered_at: Option<DateTimeUtc>,
    /// Entry in the outgoing agenda book (buku agenda surat keluar) of `year`.
    pub agenda_number: Option<i32>,
    /// Entry in the expedition book (buku ekspedisi) of `year`.
    pub expedition_number: Option<i32>,
    pub recipient: Option<String>,
    pub created_at: DateTimeUtc,
    /// Printed under the QR code: `PUBLIC_URL/verify/{code}` tells whether the letter is
    /// genuine. Set when the letter is issued.
    pub verify_code: Option<String>,
    /// The issued letter as a PDF document, and its sha256 (a submitted file must match).
    pub document_id: Option<Uuid>,
    pub pdf_sha256: Option<String>,
    /// Expedition book: who carried the letter, and who signed for it, when, with a photo
    /// of the signature (or of the signed expedition page).
    pub carried_by: Option<String>,
    pub receiver_party: Option<ReceiverParty>,
    pub received_by_name: Option<String>,
    pub handed_over_at: Option<DateTimeUtc>,
    pub handed_over_by: Option<Uuid>,
    pub receipt_document_id: Option<Uuid>,
    /// The version of the text in effect (`letter_version`), and the one the signature
    /// applies to.
    pub current_version: i32,
    pub signed_version: Option<i32>,
    /// Printed as the office's template said when it was drafted: sifat, lampiran, dasar
    /// hukum and tembusan (JSON arrays of lines). None for letters drafted before templates.
    pub nature: Option<String>,
    pub attachments: Option<String>,
    pub basis: Option<Json>,
    pub copies: Option<Json>,
}

/// Who a letter was handed to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    async_graphql::Enum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ReceiverParty {
    /// The client (seed 000 step 6: "diserahkan kepada klien").
    #[sea_orm(string_value = "CLIENT")]
    Client,
    /// The client's family.
    #[sea_orm(string_value = "FAMILY")]
    Family,
    /// The UPT / panti the client goes to.
    #[sea_orm(string_value = "UPT")]
    Upt,
    /// An LKS (its recommendation).
    #[sea_orm(string_value = "LKS")]
    Lks,
    /// Another office (Dinas Sosial, Dukcapil, police).
    #[sea_orm(string_value = "OFFICE")]
    Office,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
