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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
