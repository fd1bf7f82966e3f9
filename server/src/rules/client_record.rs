//! A client record's fields as the office keeps them: checked as registered or changed
//! (names, NIK/KK, dates, categories), what changed between two versions, how it reads.
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::reasons::Reason;
use crate::infra::text::trimmed;
use crate::rules::identity;
use crate::rules::identity::RegionLookup;
use crate::rules::identity::{IdNumberError, IdNumberWarning, KkNumber, Nik};
use chrono::{NaiveDate, Utc};
use entity::{
    client::{self, ClientLocation, IdentityStatus, Sex},
    client_category::PpksCategory,
};
use serde::Serialize;
use serde_json::json;

pub fn masked(v: &Option<String>) -> Option<String> {
    v.as_deref().map(identity::mask)
}

/// Names of the fields that differ (never their values: NIKs stay out of the audit trail).
pub fn changed_fields(a: &ClientFields, b: &ClientFields) -> Vec<&'static str> {
    let (ja, jb) = (json!(a), json!(b));
    let mut out = Vec::new();
    for key in [
        "name",
        "aliases",
        "sex",
        "birth_date",
        "estimated_age",
        "nik",
        "kk_number",
        "origin_address",
        "origin_region_code",
        "location",
        "location_detail",
        "categories",
        "notes",
        "identity_status",
    ] {
        if ja[key] != jb[key] {
            out.push(key);
        }
    }
    out
}

pub fn fields_of(c: &client::Model, categories: Vec<PpksCategory>) -> ClientFields {
    ClientFields {
        name: c.name.clone(),
        aliases: serde_json::from_value(c.aliases.clone()).unwrap_or_default(),
        sex: c.sex,
        birth_date: c.birth_date,
        estimated_age: c.estimated_age,
        nik: c.nik.clone(),
        kk_number: c.kk_number.clone(),
        origin_address: c.origin_address.clone(),
        origin_region_code: c.origin_region_code.clone(),
        location: c.location,
        location_detail: c.location_detail.clone(),
        categories,
        notes: c.notes.clone(),
        identity_status: Some(c.identity_status),
    }
}

/// Age in whole years today: from the birth date, else from the worker's estimate.
pub fn age_of(c: &client::Model) -> Option<i32> {
    let today = Utc::now().date_naive();
    match (c.birth_date, c.estimated_age, c.estimated_age_on) {
        (Some(b), _, _) => today.years_since(b).map(|y| y as i32),
        (None, Some(a), Some(on)) => Some(a + today.years_since(on).unwrap_or(0) as i32),
        _ => None,
    }
}

/// Whether the identity status may go from `from` to `to`.
pub fn identity_transition_allowed(from: IdentityStatus, to: IdentityStatus) -> bool {
    use IdentityStatus::*;
    from == to
        || matches!(
            (from, to),
            (Unknown, AskedDukcapil | Known)
                | (AskedDukcapil, Found | NotRegistered)
                | (NotRegistered, AskedDukcapil | Known)
                | (Found, Known)
        )
}

/// Refuses an identity status that only a Dukcapil request sets (asked, found, not
/// registered) when a person types it into a client's record.
pub fn check_status_by_hand(from: Option<IdentityStatus>, to: IdentityStatus) -> AppResult<()> {
    use IdentityStatus::*;
    if from == Some(to) || matches!(to, Known | Unknown) {
        return Ok(());
    }
    Err(AppError::of(Reason::IdentityByDukcapil).with("field", "identityStatus"))
}

pub fn names_of(name: Option<&str>, aliases: &serde_json::Value) -> Vec<String> {
    let mut all: Vec<String> = name.map(str::to_owned).into_iter().collect();
    if let Some(list) = aliases.as_array() {
        all.extend(list.iter().filter_map(|a| a.as_str().map(str::to_owned)));
    }
    all
}

pub fn display_name(c: &client::Model) -> String {
    c.name
        .clone()
        .or_else(|| c.unidentified_label.clone())
        .unwrap_or_else(|| "(tanpa nama)".into())
}

pub fn sex_of(s: Sex) -> identity::Sex {
    match s {
        Sex::Male => identity::Sex::Male,
        Sex::Female => identity::Sex::Female,
    }
}

/// Checks and normalises the fields; returns them with the warnings found on the way.
pub fn validate(
    regions: &impl RegionLookup,
    mut f: ClientFields,
    today: NaiveDate,
) -> AppResult<(ClientFields, Vec<ClientWarning>)> {
    let mut warnings = Vec::new();
    f.name = trimmed(f.name);
    f.aliases = f
        .aliases
        .into_iter()
        .filter_map(|a| trimmed(Some(a)))
        .collect();
    f.origin_address = trimmed(f.origin_address);
    f.location_detail = trimmed(f.location_detail);
    f.notes = trimmed(f.notes);
    f.origin_region_code = trimmed(f.origin_region_code);
    if let Some(nik) = trimmed(f.nik.take()) {
        let (nik, w) = Nik::parse(&nik, regions, today, f.sex.map(sex_of), f.birth_date)
            .map_err(|e| id_error("nik", "NIK", e))?;
        warnings.extend(w.into_iter().map(ClientWarning::Nik));
        f.nik = Some(nik.as_str().to_owned());
    }
    if let Some(kk) = trimmed(f.kk_number.take()) {
        let (kk, w) = KkNumber::parse(&kk, regions, today)
            .map_err(|e| id_error("kkNumber", "Nomor KK", e))?;
        warnings.extend(w.into_iter().map(ClientWarning::Kk));
        f.kk_number = Some(kk.as_str().to_owned());
    }
    if let Some(code) = &f.origin_region_code
        && !regions.exists(code)
    {
        return Err(AppError::bad_input(Msg::new(
            format!("Kode wilayah asal '{code}' tidak dikenal; pilih dari daftar wilayah (mis. 35.72)."),
            format!("The origin region code '{code}' is unknown; pick one from the region list (e.g. 35.72)."),
        ))
        .with("field", "originRegionCode"));
    }
    if f.birth_date.is_some_and(|d| d > today) {
        return Err(AppError::bad_input(Msg::new(
            "Tanggal lahir ada di masa depan.",
            "The birth date is in the future.",
        ))
        .with("field", "birthDate"));
    }
    if f.estimated_age.is_some_and(|a| !(0..=130).contains(&a)) {
        return Err(AppError::bad_input(Msg::new(
            "Perkiraan umur harus 0–130 tahun.",
            "The estimated age must be 0–130 years.",
        ))
        .with("field", "estimatedAge"));
    }
    if f.categories.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Pilih paling sedikit satu kategori PPKS (mis. ORANG_TERLANTAR).",
            "Choose at least one PPKS category (e.g. ORANG_TERLANTAR).",
        ))
        .with("field", "categories"));
    }
    f.categories.sort();
    f.categories.dedup();
    Ok((f, warnings))
}

pub fn id_error(field: &'static str, label: &str, e: IdNumberError) -> AppError {
    let (id, en) = match e {
        IdNumberError::Length => ("harus 16 angka", "must have 16 digits"),
        IdNumberError::NotDigits => ("hanya boleh berisi angka", "may contain digits only"),
        IdNumberError::UnknownProvince => (
            "diawali kode provinsi yang tidak dikenal (2 angka pertama)",
            "starts with an unknown province code (first 2 digits)",
        ),
        IdNumberError::BadDate => (
            "memuat tanggal yang tidak ada (angka 7–12; untuk perempuan tanggal lahir + 40)",
            "holds a date that does not exist (digits 7–12; for women the day + 40)",
        ),
        IdNumberError::ZeroSerial => (
            "berakhir 0000, nomor urut tidak sah",
            "ends in 0000, not a valid serial",
        ),
    };
    let reason = match e {
        IdNumberError::Length => Reason::Length,
        IdNumberError::NotDigits => Reason::NotDigits,
        IdNumberError::UnknownProvince => Reason::UnknownProvince,
        IdNumberError::BadDate => Reason::BadDate,
        IdNumberError::ZeroSerial => Reason::ZeroSerial,
    };
    AppError::because(
        reason,
        Msg::new(format!("{label} {id}."), format!("The {label} {en}.")),
    )
    .with("field", field)
}

/// Something the worker should look at; none of these stops the registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientWarning {
    Nik(IdNumberWarning),
    Kk(IdNumberWarning),
    PossibleDuplicates,
}

/// What the worker entered about a client.
#[derive(Clone, Debug, Serialize)]
pub struct ClientFields {
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    pub estimated_age: Option<i32>,
    pub nik: Option<String>,
    pub kk_number: Option<String>,
    pub origin_address: Option<String>,
    pub origin_region_code: Option<String>,
    pub location: ClientLocation,
    pub location_detail: Option<String>,
    pub categories: Vec<PpksCategory>,
    pub notes: Option<String>,
    pub identity_status: Option<IdentityStatus>,
}
