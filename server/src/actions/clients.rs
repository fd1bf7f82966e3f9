//! Registering, changing and reading clients: the rules, without HTTP.
use std::collections::HashSet;

use chrono::{NaiveDate, Utc};
use entity::{
    Role,
    client::{self, ClientLocation, IdentityStatus, Sex},
    client_category::{self, PpksCategory},
    client_revision, office,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::rules::{identity, names};
use crate::rules::identity::{IdNumberError, IdNumberWarning, KkNumber, Nik};
use crate::infra::audit::{AuditEntry, UnitOfWork};
use crate::infra::auth::Actor;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::{idempotency, sequences};
use crate::store::regions::LoadedRegions;
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::text::trimmed;

/// Everyone in an office except a pure system admin works with clients. The admin manages
/// accounts and has no need to see who the office serves.
pub const CASEWORK: &[Role] = &[
    Role::Staf,
    Role::Peksos,
    Role::Pendamping,
    Role::Analis,
    Role::Kasi,
    Role::Kabid,
    Role::Sekretaris,
    Role::Kadis,
];

/// The caseworker's office, or FORBIDDEN.
pub fn casework_office(actor: &Actor) -> AppResult<Uuid> {
    actor.require_role(CASEWORK)?;
    actor.office_id().ok_or_else(|| {
        AppError::forbidden(Msg::new(
            "Data klien hanya untuk petugas Dinas Sosial.",
            "Client records are for Dinas Sosial staff only.",
        ))
    })
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

/// Something the worker should look at; none of these stops the registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientWarning {
    Nik(IdNumberWarning),
    Kk(IdNumberWarning),
    PossibleDuplicates,
}

pub struct Registration {
    /// `None` when possible duplicates were found and the caller did not accept them.
    pub client: Option<client::Model>,
    pub warnings: Vec<ClientWarning>,
    pub duplicates: Vec<client::Model>,
    /// True when this id was registered before with the same content.
    pub replayed: bool,
}

fn id_error(field: &'static str, label: &str, e: IdNumberError) -> AppError {
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
    AppError::bad_input(Msg::new(
        format!("{label} {id}."),
        format!("The {label} {en}."),
    ))
    .with("field", field)
    .with(
        "reason",
        serde_json::to_value(e)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
    )
}

/// Checks and normalises the fields; returns them with the warnings found on the way.
pub fn validate(
    regions: &LoadedRegions,
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
        && !regions.contains(code)
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

fn sex_of(s: Sex) -> identity::Sex {
    match s {
        Sex::Male => identity::Sex::Male,
        Sex::Female => identity::Sex::Female,
    }
}

/// Refuses a NIK that another client already has, naming that client when the caller may
/// see it and only the office otherwise.
async fn ensure_nik_free(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    nik: &str,
    except: Option<Uuid>,
) -> AppResult<()> {
    let mut q = client::Entity::find().filter(client::Column::Nik.eq(nik));
    if let Some(id) = except {
        q = q.filter(client::Column::Id.ne(id));
    }
    let Some(existing) = q.one(db).await? else {
        return Ok(());
    };
    if existing.office_id == office_id {
        let who = display_name(&existing);
        return Err(AppError::conflict(Msg::new(
            format!("NIK ini sudah terdaftar untuk klien {who}. Buka data klien tersebut."),
            format!("This NIK is already registered for client {who}. Open that client's record."),
        ))
        .with("field", "nik")
        .with("existingClientId", existing.id.to_string()));
    }
    let office = office::Entity::find_by_id(existing.office_id)
        .one(db)
        .await?;
    let office = office.map(|o| o.name).unwrap_or_default();
    Err(AppError::conflict(Msg::new(
        format!("NIK ini sudah terdaftar di {office}. Hubungi kantor tersebut."),
        format!("This NIK is already registered at {office}. Contact that office."),
    ))
    .with("field", "nik"))
}

pub fn display_name(c: &client::Model) -> String {
    c.name
        .clone()
        .or_else(|| c.unidentified_label.clone())
        .unwrap_or_else(|| "(tanpa nama)".into())
}

fn names_of(name: Option<&str>, aliases: &serde_json::Value) -> Vec<String> {
    let mut all: Vec<String> = name.map(str::to_owned).into_iter().collect();
    if let Some(list) = aliases.as_array() {
        all.extend(list.iter().filter_map(|a| a.as_str().map(str::to_owned)));
    }
    all
}

/// Clients of the office with a similar name (or alias) and the same birth date or origin region.
pub async fn similar_clients(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    f: &ClientFields,
    except: Option<Uuid>,
) -> AppResult<Vec<client::Model>> {
    let wanted = names_of(f.name.as_deref(), &json!(f.aliases));
    if wanted.is_empty() || (f.birth_date.is_none() && f.origin_region_code.is_none()) {
        return Ok(Vec::new());
    }
    let mut same = Condition::any();
    if let Some(d) = f.birth_date {
        same = same.add(client::Column::BirthDate.eq(d));
    }
    if let Some(r) = &f.origin_region_code {
        same = same.add(client::Column::OriginRegionCode.eq(r.clone()));
    }
    let mut q = client::Entity::find()
        .filter(client::Column::OfficeId.eq(office_id))
        .filter(same)
        .limit(500);
    if let Some(id) = except {
        q = q.filter(client::Column::Id.ne(id));
    }
    let candidates = q.all(db).await?;
    Ok(candidates
        .into_iter()
        .filter(|c| {
            let theirs = names_of(c.name.as_deref(), &c.aliases);
            wanted
                .iter()
                .any(|w| theirs.iter().any(|t| names::similar(w, t)))
        })
        .collect())
}

const MR_X_STATUSES: [IdentityStatus; 3] = [
    IdentityStatus::Unknown,
    IdentityStatus::AskedDukcapil,
    IdentityStatus::NotRegistered,
];

pub async fn register(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    id: Uuid,
    fields: ClientFields,
    accept_duplicates: bool,
) -> AppResult<Registration> {
    let office_id = casework_office(actor)?;
    let request_hash = idempotency::hash_input(&(&fields, accept_duplicates));
    let today = Utc::now().date_naive();
    let regions = state.regions.loaded(&state.db).await?;
    let (f, mut warnings) = validate(&regions, fields, today)?;

    let mut uow = UnitOfWork::begin(state).await?;
    if idempotency::replayed(uow.txn(), id, "registerClient", &request_hash)
        .await?
        .is_some()
    {
        let existing = client::Entity::find_by_id(id)
            .filter(client::Column::OfficeId.eq(office_id))
            .one(uow.txn())
            .await?
            .ok_or_else(|| AppError::not_found("Klien", "Client"))?;
        return Ok(Registration {
            client: Some(existing),
            warnings,
            duplicates: Vec::new(),
            replayed: true,
        });
    }
    if client::Entity::find_by_id(id)
        .one(uow.txn())
        .await?
        .is_some()
    {
        return Err(AppError::conflict(Msg::new(
            format!("ID {id} sudah dipakai. Buat ID baru untuk klien ini."),
            format!("The id {id} is already taken. Make a new id for this client."),
        ))
        .with("field", "id"));
    }
    if let Some(nik) = &f.nik {
        ensure_nik_free(uow.txn(), office_id, nik, None).await?;
    }
    let duplicates = similar_clients(uow.txn(), office_id, &f, None).await?;
    if !duplicates.is_empty() {
        warnings.push(ClientWarning::PossibleDuplicates);
        if !accept_duplicates {
            return Ok(Registration {
                client: None,
                warnings,
                duplicates,
                replayed: false,
            });
        }
    }

    let status = f
        .identity_status
        .unwrap_or(if f.name.is_some() || f.nik.is_some() {
            IdentityStatus::Known
        } else {
            IdentityStatus::Unknown
        });
    let unidentified_label = if f.name.is_none() || MR_X_STATUSES.contains(&status) {
        let office = office::Entity::find_by_id(office_id)
            .one(uow.txn())
            .await?
            .ok_or_else(|| AppError::internal("actor's office missing"))?;
        let year = today.format("%Y").to_string();
        let n = sequences::next(uow.txn(), office_id, "MR-X", year.parse().unwrap_or(0)).await?;
        Some(format!("MR-X/{}/{year}/{n:04}", office.slug.to_uppercase()))
    } else {
        None
    };
    let now = Utc::now();
    let model = client::Model {
        id,
        office_id,
        name_key: f.name.as_deref().map(names::name_key),
        name: f.name.clone(),
        aliases: json!(f.aliases),
        sex: f.sex,
        birth_date: f.birth_date,
        estimated_age: f.estimated_age,
        estimated_age_on: f.estimated_age.map(|_| today),
        nik: f.nik.clone(),
        kk_number: f.kk_number.clone(),
        origin_address: f.origin_address.clone(),
        origin_region_code: f.origin_region_code.clone(),
        location: f.location,
        location_detail: f.location_detail.clone(),
        notes: f.notes.clone(),
        identity_status: status,
        unidentified_label,
        version: 1,
        created_by: actor.user.id,
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all()
    .insert(uow.txn())
    .await?;
    write_categories(uow.txn(), id, &f.categories).await?;
    idempotency::record(
        uow.txn(),
        id,
        actor.user.id,
        "registerClient",
        &request_hash,
        id,
    )
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("client.register", "client", id)
            .office(Some(office_id))
            .details(json!({"identityStatus": model.identity_status, "label": model.unidentified_label, "possibleDuplicates": duplicates.iter().map(|d| d.id).collect::<Vec<_>>()})),
    )
    .await?;
    uow.commit().await?;
    Ok(Registration {
        client: Some(model),
        warnings,
        duplicates,
        replayed: false,
    })
}

async fn write_categories(
    db: &impl ConnectionTrait,
    client_id: Uuid,
    categories: &[PpksCategory],
) -> AppResult<()> {
    client_category::Entity::delete_many()
        .filter(client_category::Column::ClientId.eq(client_id))
        .exec(db)
        .await?;
    client_category::Entity::insert_many(categories.iter().map(|c| client_category::ActiveModel {
        client_id: Set(client_id),
        category: Set(*c),
    }))
    .exec(db)
    .await?;
    Ok(())
}

pub async fn categories_of(
    db: &impl ConnectionTrait,
    client_id: Uuid,
) -> AppResult<Vec<PpksCategory>> {
    let mut cats: Vec<PpksCategory> = client_category::Entity::find()
        .filter(client_category::Column::ClientId.eq(client_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.category)
        .collect();
    cats.sort();
    Ok(cats)
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

/// Age in whole years today: from the birth date, else from the worker's estimate.
pub fn age_of(c: &client::Model) -> Option<i32> {
    let today = Utc::now().date_naive();
    match (c.birth_date, c.estimated_age, c.estimated_age_on) {
        (Some(b), _, _) => today.years_since(b).map(|y| y as i32),
        (None, Some(a), Some(on)) => Some(a + today.years_since(on).unwrap_or(0) as i32),
        _ => None,
    }
}

/// A client of the caller's office, or NOT_FOUND.
pub async fn find_in_office(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    id: Uuid,
) -> AppResult<client::Model> {
    client::Entity::find_by_id(id)
        .filter(client::Column::OfficeId.eq(office_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Klien", "Client"))
}

/// Applies a change based on `expected_version`; the old row is kept as a revision.
#[allow(clippy::too_many_arguments)]
pub async fn update(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    id: Uuid,
    expected_version: i32,
    mutation_id: Uuid,
    request_hash: String,
    change: impl FnOnce(ClientFields) -> ClientFields,
) -> AppResult<client::Model> {
    let office_id = casework_office(actor)?;
    let mut uow = UnitOfWork::begin(state).await?;
    if idempotency::replayed(uow.txn(), mutation_id, "updateClient", &request_hash)
        .await?
        .is_some()
    {
        return find_in_office(uow.txn(), office_id, id).await;
    }
    let current = find_in_office(uow.txn(), office_id, id).await?;
    if current.version != expected_version {
        return Err(AppError::conflict(Msg::new(
            format!(
                "Data klien sudah diubah orang lain (versi {} sekarang, Anda mengubah versi {expected_version}). Muat ulang dan bandingkan.",
                current.version
            ),
            format!(
                "Someone else changed this client (now version {}, you edited version {expected_version}). Reload and compare.",
                current.version
            ),
        ))
        .with("currentVersion", current.version));
    }
    let (updated, changed) = revise(uow.txn(), state, actor, current, change).await?;
    let status = updated.identity_status;
    idempotency::record(
        uow.txn(),
        mutation_id,
        actor.user.id,
        "updateClient",
        &request_hash,
        id,
    )
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("client.update", "client", id)
            .office(Some(office_id))
            .details(
                json!({"version": updated.version, "changed": changed, "identityStatus": status}),
            ),
    )
    .await?;
    uow.commit().await?;
    Ok(updated)
}

/// Applies `change` to a client inside the caller's transaction: the fields are checked as
/// at registration, the identity status may only move forward, and the old row is kept as
/// a revision. Returns the new row and the names of the fields that changed.
pub async fn revise(
    txn: &impl ConnectionTrait,
    state: &AppState,
    actor: &Actor,
    current: client::Model,
    change: impl FnOnce(ClientFields) -> ClientFields,
) -> AppResult<(client::Model, Vec<&'static str>)> {
    let (id, office_id) = (current.id, current.office_id);
    // Phones keeping the client's cases hear of it (its name shows on them); taken first,
    // in the order every case change takes its locks.
    let cases = entity::service_case::Entity::find()
        .filter(entity::service_case::Column::ClientId.eq(id))
        .filter(entity::service_case::Column::OfficeId.eq(office_id))
        .all(txn)
        .await?;
    for case in cases {
        crate::engine::lock_case_row(txn, Some(office_id), case.id).await?;
    }
    let categories = categories_of(txn, id).await?;
    let before = fields_of(&current, categories.clone());
    let today = Utc::now().date_naive();
    let regions = state.regions.loaded(&state.db).await?;
    let (f, _warnings) = validate(&regions, change(before.clone()), today)?;
    if let Some(nik) = &f.nik
        && Some(nik) != current.nik.as_ref()
    {
        ensure_nik_free(txn, office_id, nik, Some(id)).await?;
    }
    let status = f.identity_status.unwrap_or(current.identity_status);
    if !identity_transition_allowed(current.identity_status, status) {
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Status identitas tidak bisa berpindah dari {:?} ke {:?}.",
                current.identity_status, status
            ),
            format!(
                "The identity status cannot move from {:?} to {:?}.",
                current.identity_status, status
            ),
        ))
        .with("field", "identityStatus"));
    }
    if status == IdentityStatus::Found && f.nik.is_none() && f.name.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Identitas ditemukan: isi nama atau NIK dari Dukcapil.",
            "Identity found: enter the name or NIK from Dukcapil.",
        ))
        .with("field", "identityStatus"));
    }

    client_revision::Model {
        id: Uuid::now_v7(),
        client_id: id,
        version: current.version,
        snapshot: json!({"client": current, "categories": categories}),
        changed_by: actor.user.id,
        changed_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    let mut am = current.clone().into_active_model();
    am.name_key = Set(f.name.as_deref().map(names::name_key));
    am.name = Set(f.name.clone());
    am.aliases = Set(json!(f.aliases));
    am.sex = Set(f.sex);
    am.birth_date = Set(f.birth_date);
    if f.estimated_age != current.estimated_age {
        am.estimated_age_on = Set(f.estimated_age.map(|_| today));
    }
    am.estimated_age = Set(f.estimated_age);
    am.nik = Set(f.nik.clone());
    am.kk_number = Set(f.kk_number.clone());
    am.origin_address = Set(f.origin_address.clone());
    am.origin_region_code = Set(f.origin_region_code.clone());
    am.location = Set(f.location);
    am.location_detail = Set(f.location_detail.clone());
    am.notes = Set(f.notes.clone());
    am.identity_status = Set(status);
    am.version = Set(current.version + 1);
    am.updated_at = Set(Utc::now());
    let updated = am.update(txn).await?;
    if f.categories != categories {
        write_categories(txn, id, &f.categories).await?;
    }
    Ok((updated, changed_fields(&before, &f)))
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

/// Names of the fields that differ (never their values: NIKs stay out of the audit trail).
fn changed_fields(a: &ClientFields, b: &ClientFields) -> Vec<&'static str> {
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

/// Writes one `<entity>.read` event (`client.read`, `report.read`, ...) per record not yet
/// logged in this request. `records` are (id, office) pairs.
pub async fn log_reads(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    read_log: &ReadLog,
    entity: &'static str,
    records: &[(Uuid, Uuid)],
    how: &str,
) -> AppResult<()> {
    let fresh: Vec<(Uuid, Uuid)> = {
        let mut seen = read_log.0.lock().unwrap_or_else(|e| e.into_inner());
        records
            .iter()
            .copied()
            .filter(|(id, _)| seen.insert((entity, *id)))
            .collect()
    };
    if fresh.is_empty() {
        return Ok(());
    }
    let action = match entity {
        "client" => "client.read",
        "report" => "report.read",
        "assessment" => "assessment.read",
        _ => "record.read",
    };
    let entries = fresh
        .into_iter()
        .map(|(id, office)| {
            AuditEntry::new(action, entity, id)
                .office(Some(office))
                .details(json!({"via": how}))
        })
        .collect();
    let mut uow = UnitOfWork::begin(state).await?;
    uow.audit_all(meta, Some(&actor.audit_actor()), entries)
        .await?;
    uow.commit().await
}

/// The records with personal data this request has read (request data).
#[derive(Default)]
pub struct ReadLog(pub std::sync::Mutex<HashSet<(&'static str, Uuid)>>);

/// Reveals the full NIK and KK number: a separate, audited request.
pub async fn reveal(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    id: Uuid,
) -> AppResult<client::Model> {
    let office_id = casework_office(actor)?;
    let mut uow = UnitOfWork::begin(state).await?;
    let c = find_in_office(uow.txn(), office_id, id).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("client.reveal_identifiers", "client", id).office(Some(office_id)),
    )
    .await?;
    uow.commit().await?;
    Ok(c)
}

pub fn masked(v: &Option<String>) -> Option<String> {
    v.as_deref().map(identity::mask)
}
