//! LKS (Lembaga Kesejahteraan Sosial) the office registers, with their legal profile, and
//! each office's checklist of requirements for a recommendation (seed 004); the
//! application procedure itself is in `applications`.

use chrono::{NaiveDate, Utc};
use entity::{
    client_category::PpksCategory,
    institution::{self, InstitutionKind},
    lks_profile::{self, LegalStatus},
    lks_requirement::{self},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::text::trimmed;
use crate::infra::write::{Call, begin, finish};
use crate::store::lks_requirements::Requirement;

/// Replaces the office's checklist, in one transaction.
pub async fn set_requirements(call: &Call<'_>, items: Vec<Requirement>) -> AppResult<()> {
    let office = call.actor.admin_office()?;
    let hash = idempotency::hash_input(&items);
    let Some(uow) = begin(call, "setLksRequirements", &hash).await? else {
        return Ok(());
    };
    if items.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Daftar persyaratan tidak boleh kosong.",
            "The checklist cannot be empty.",
        ))
        .with("field", "items"));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, r) in items.iter().enumerate() {
        let key_ok = !r.key.is_empty()
            && r.key.len() <= 48
            && r.key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok || !seen.insert(r.key.clone()) || r.label.trim().is_empty() {
            return Err(AppError::bad_input(Msg::new(
                format!("Butir {}: kunci (huruf kecil, angka, _) harus unik dan labelnya diisi.", i + 1),
                format!("Item {}: the key (lower case, digits, _) must be unique and the label filled in.", i + 1),
            ))
            .with("field", format!("items.{i}")));
        }
    }
    let txn = uow.txn();
    lks_requirement::Entity::delete_many()
        .filter(lks_requirement::Column::OfficeId.eq(office))
        .exec(txn)
        .await?;
    lks_requirement::Entity::insert_many(items.iter().enumerate().map(|(i, r)| {
        lks_requirement::Model {
            office_id: office,
            key: r.key.clone(),
            position: i as i32 + 1,
            label: r.label.trim().to_owned(),
            label_en: r.label_en.trim().to_owned(),
            required: r.required,
            applies_to: r.applies_to,
        }
        .into_active_model()
    }))
    .exec(txn)
    .await?;
    let entry = AuditEntry::new("lks.requirements_set", "office", office)
        .office(Some(office))
        .details(json!({"items": items.len()}));
    finish(call, uow, "setLksRequirements", &hash, office, entry).await
}

/// What the office records of an LKS.
#[derive(Clone, Debug, Serialize)]
pub struct Profile {
    pub legal_status: LegalStatus,
    pub deed_number: Option<String>,
    pub deed_date: Option<NaiveDate>,
    pub notary: Option<String>,
    pub decree_number: Option<String>,
    pub decree_date: Option<NaiveDate>,
    pub npwp: Option<String>,
    pub domicile_letter_number: Option<String>,
    pub domicile_valid_until: Option<NaiveDate>,
    pub chair_name: String,
    pub clusters: Vec<PpksCategory>,
    pub registration_number: Option<String>,
    pub registration_valid_until: Option<NaiveDate>,
    pub accreditation: Option<String>,
    pub accreditation_valid_until: Option<NaiveDate>,
}

/// Checks the profile and returns it cleaned (NPWP as digits).
fn checked(p: Profile) -> AppResult<Profile> {
    let chair_name = trimmed(Some(p.chair_name.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new("Isi nama ketua LKS.", "Fill in the chair's name."))
            .with("field", "chairName")
    })?;
    let npwp = match trimmed(p.npwp.clone()) {
        None => None,
        Some(raw) => {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            let punctuation_only = raw.chars().all(|c| c.is_ascii_digit() || ".-".contains(c));
            if !punctuation_only || !(digits.len() == 15 || digits.len() == 16) {
                return Err(AppError::bad_input(Msg::new(
                    "NPWP terdiri dari 15 atau 16 angka (contoh 01.234.567.8-901.000).",
                    "An NPWP has 15 or 16 digits (e.g. 01.234.567.8-901.000).",
                ))
                .with("field", "npwp"));
            }
            Some(digits)
        }
    };
    let accreditation = trimmed(p.accreditation.clone()).map(|a| a.to_uppercase());
    if accreditation
        .as_deref()
        .is_some_and(|a| !matches!(a, "A" | "B" | "C"))
    {
        return Err(AppError::bad_input(Msg::new(
            "Akreditasi LKS adalah A, B atau C.",
            "An LKS accreditation is A, B or C.",
        ))
        .with("field", "accreditation"));
    }
    if p.legal_status == LegalStatus::NoLegalEntity && trimmed(p.decree_number.clone()).is_some() {
        return Err(AppError::bad_input(Msg::new(
            "LKS tanpa badan hukum tidak punya SK Kemenkumham; ubah status hukumnya atau kosongkan SK.",
            "An LKS without legal entity has no Kemenkumham decree; change its legal status or leave the decree out.",
        ))
        .with("field", "decreeNumber"));
    }
    Ok(Profile {
        chair_name,
        npwp,
        accreditation,
        deed_number: trimmed(p.deed_number),
        notary: trimmed(p.notary),
        decree_number: trimmed(p.decree_number),
        domicile_letter_number: trimmed(p.domicile_letter_number),
        registration_number: trimmed(p.registration_number),
        ..p
    })
}

fn profile_row(
    institution_id: Uuid,
    p: Profile,
    version: i32,
    by: Uuid,
) -> lks_profile::ActiveModel {
    lks_profile::Model {
        institution_id,
        legal_status: p.legal_status,
        deed_number: p.deed_number,
        deed_date: p.deed_date,
        notary: p.notary,
        decree_number: p.decree_number,
        decree_date: p.decree_date,
        npwp: p.npwp,
        domicile_letter_number: p.domicile_letter_number,
        domicile_valid_until: p.domicile_valid_until,
        chair_name: p.chair_name,
        clusters: json!(p.clusters),
        registration_number: p.registration_number,
        registration_valid_until: p.registration_valid_until,
        accreditation: p.accreditation,
        accreditation_valid_until: p.accreditation_valid_until,
        version,
        updated_by: by,
        updated_at: Utc::now(),
    }
    .into_active_model()
}

fn slug_of(name: &str) -> String {
    let s: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let s = if s.starts_with("lks-") {
        s
    } else {
        format!("lks-{s}")
    };
    s.chars().take(60).collect()
}

#[derive(Clone, Debug, Serialize)]
pub struct Register {
    pub name: String,
    pub region_code: Option<String>,
    pub profile: Profile,
}

/// The office admin registers an LKS (institution and profile, in one transaction); its
/// users are then created with `createUser`.
pub async fn register(call: &Call<'_>, input: Register) -> AppResult<institution::Model> {
    let office = call.actor.admin_office()?;
    let hash = idempotency::hash_input(&input);
    let Some(uow) = begin(call, "registerLks", &hash).await? else {
        return institution::Entity::find_by_id(call.key)
            .filter(institution::Column::OfficeId.eq(office))
            .one(&call.state.db)
            .await?
            .ok_or_else(|| AppError::not_found("LKS", "LKS"));
    };
    let name = trimmed(Some(input.name.clone())).ok_or_else(|| {
        AppError::bad_input(Msg::new("Isi nama LKS.", "Fill in the LKS's name."))
            .with("field", "name")
    })?;
    let profile = checked(input.profile.clone())?;
    let txn = uow.txn();
    let slug = slug_of(&name);
    let taken = institution::Entity::find()
        .filter(institution::Column::Slug.eq(&slug))
        .one(txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::conflict(Msg::new(
            format!("Sudah ada lembaga bernama '{name}' ({slug})."),
            format!("An institution named '{name}' ({slug}) already exists."),
        ))
        .with("field", "name"));
    }
    let inst = institution::Model {
        id: call.key,
        slug,
        name,
        kind: InstitutionKind::Lks,
        office_id: office,
        region_code: trimmed(input.region_code.clone()),
        categories_served: json!(profile.clusters),
        capacity: None,
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    profile_row(inst.id, profile, 1, call.actor.user.id)
        .reset_all()
        .insert(txn)
        .await?;
    let entry = AuditEntry::new("lks.register", "institution", inst.id)
        .office(Some(office))
        .institution(Some(inst.id));
    finish(call, uow, "registerLks", &hash, inst.id, entry).await?;
    Ok(inst)
}

#[derive(Clone, Debug, Serialize)]
pub struct UpdateProfile {
    pub institution_id: Uuid,
    pub expected_version: i32,
    pub profile: Profile,
}

/// The office admin changes an LKS's profile, based on the version they read.
pub async fn update_profile(
    call: &Call<'_>,
    input: UpdateProfile,
) -> AppResult<lks_profile::Model> {
    let office = call.actor.admin_office()?;
    let hash = idempotency::hash_input(&input);
    let find = || {
        lks_profile::Entity::find_by_id(input.institution_id).filter(
            lks_profile::Column::InstitutionId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(institution::Column::Id)
                    .from(institution::Entity)
                    .and_where(institution::Column::OfficeId.eq(office))
                    .to_owned(),
            ),
        )
    };
    let Some(uow) = begin(call, "updateLksProfile", &hash).await? else {
        return find()
            .one(&call.state.db)
            .await?
            .ok_or_else(|| AppError::not_found("LKS", "LKS"));
    };
    let txn = uow.txn();
    let current = find()
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("LKS", "LKS").with("field", "institutionId"))?;
    if current.version != input.expected_version {
        return Err(AppError::conflict(Msg::new(
            format!(
                "Profil LKS sudah diubah (versi {} sekarang); muat ulang.",
                current.version
            ),
            format!(
                "The LKS profile was changed (now version {}); reload it.",
                current.version
            ),
        ))
        .with("currentVersion", current.version));
    }
    let profile = checked(input.profile.clone())?;
    let updated = profile_row(
        current.institution_id,
        profile,
        current.version + 1,
        call.actor.user.id,
    )
    .reset_all()
    .update(txn)
    .await?;
    let entry = AuditEntry::new("lks.update", "institution", current.institution_id)
        .office(Some(office))
        .institution(Some(current.institution_id))
        .details(json!({"version": updated.version}));
    finish(
        call,
        uow,
        "updateLksProfile",
        &hash,
        current.institution_id,
        entry,
    )
    .await?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_defaults() {
        assert_eq!(slug_of("LKS Bina Insani"), "lks-bina-insani");
        assert_eq!(slug_of("Yayasan Kasih Ibu"), "lks-yayasan-kasih-ibu");
        let keys: Vec<String> = crate::store::lks_requirements::defaults()
            .into_iter()
            .map(|r| r.key)
            .collect();
        assert_eq!(keys.len(), 15);
        assert!(keys.contains(&"sk_kemenkumham".to_owned()));
    }
}
