//! The LKS requirement checklist: the office's own list, or the shipped defaults.
use crate::infra::error::AppResult;
use entity::{
    lks_profile::LegalStatus,
    lks_requirement::{self, AppliesTo},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use uuid::Uuid;

/// The office's checklist (its own, else the default), for an LKS of `status` when given.
pub async fn requirements_of(
    db: &impl ConnectionTrait,
    office: Uuid,
    status: Option<LegalStatus>,
) -> AppResult<Vec<Requirement>> {
    let own: Vec<Requirement> = lks_requirement::Entity::find()
        .filter(lks_requirement::Column::OfficeId.eq(office))
        .order_by_asc(lks_requirement::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|r| Requirement {
            key: r.key,
            label: r.label,
            label_en: r.label_en,
            required: r.required,
            applies_to: r.applies_to,
        })
        .collect();
    let list = if own.is_empty() { defaults() } else { own };
    Ok(list
        .into_iter()
        .filter(|r| match (status, r.applies_to) {
            (_, AppliesTo::All) | (None, _) => true,
            (Some(LegalStatus::LegalEntity), a) => a == AppliesTo::LegalEntity,
            (Some(LegalStatus::NoLegalEntity), a) => a == AppliesTo::NoLegalEntity,
        })
        .collect())
}

pub fn defaults() -> Vec<Requirement> {
    DEFAULTS
        .iter()
        .map(|(key, label, label_en, required, applies_to)| Requirement {
            key: (*key).to_owned(),
            label: (*label).to_owned(),
            label_en: (*label_en).to_owned(),
            required: *required,
            applies_to: *applies_to,
        })
        .collect()
}

/// The default checklist, as other Dinas Sosial publish it (DOMAIN notes §2.4); an office
/// replaces it with its own (`setLksRequirements`).
pub const DEFAULTS: &[(&str, &str, &str, bool, AppliesTo)] = &[
    (
        "surat_permohonan",
        "Surat permohonan",
        "Letter of application",
        true,
        AppliesTo::All,
    ),
    (
        "akta_pendirian",
        "Akta pendirian (notaris)",
        "Notarial deed of establishment",
        true,
        AppliesTo::LegalEntity,
    ),
    (
        "sk_kemenkumham",
        "SK pengesahan Kemenkumham",
        "Kemenkumham decree",
        true,
        AppliesTo::LegalEntity,
    ),
    (
        "nota_pendirian",
        "Nota pendirian dilegalisasi lurah/camat",
        "Note of establishment legalised by the lurah/camat",
        true,
        AppliesTo::NoLegalEntity,
    ),
    (
        "ad_art",
        "Anggaran dasar / anggaran rumah tangga (asas Pancasila)",
        "Statutes and by-laws (Pancasila)",
        true,
        AppliesTo::All,
    ),
    (
        "susunan_pengurus",
        "Susunan pengurus dengan fotokopi KTP",
        "Board members with copies of their KTP",
        true,
        AppliesTo::All,
    ),
    (
        "keterangan_domisili",
        "Surat keterangan domisili (lurah/camat)",
        "Domicile letter (lurah/camat)",
        true,
        AppliesTo::All,
    ),
    (
        "npwp",
        "NPWP lembaga",
        "Tax number (NPWP) of the institution",
        true,
        AppliesTo::All,
    ),
    (
        "rekening_bank",
        "Rekening bank lembaga",
        "Bank account of the institution",
        true,
        AppliesTo::All,
    ),
    (
        "tanda_daftar",
        "Tanda daftar LKS (bila perpanjangan)",
        "LKS registration (when renewing)",
        false,
        AppliesTo::All,
    ),
    (
        "program_kerja",
        "Program kerja",
        "Work programme",
        true,
        AppliesTo::All,
    ),
    (
        "data_klien",
        "Data klien / penerima manfaat",
        "Clients / beneficiaries",
        true,
        AppliesTo::All,
    ),
    (
        "laporan_kegiatan",
        "Laporan kegiatan",
        "Activity reports",
        true,
        AppliesTo::All,
    ),
    (
        "sertifikat_akreditasi",
        "Sertifikat akreditasi (bila ada)",
        "Accreditation certificate (if any)",
        false,
        AppliesTo::All,
    ),
    (
        "surat_pernyataan",
        "Surat pernyataan bermeterai",
        "Signed statement on duty stamp",
        true,
        AppliesTo::All,
    ),
];

/// One item of the checklist.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Requirement {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub required: bool,
    pub applies_to: AppliesTo,
}
