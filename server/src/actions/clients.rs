//! Registering, changing and reading clients: the rules, without HTTP.

use chrono::{Datelike, NaiveDate, Utc};
use entity::{
    client::{self, IdentityStatus},
    office,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::infra::auth::Actor;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::{self, Call, UnitOfWork};
use crate::infra::{idempotency, sequences};
use crate::rules::client_record::{ClientFields, ClientWarning, check_status_by_hand, validate};
use crate::rules::names;
use crate::store::clients::{
    ensure_nik_free, find_in_office, revise, similar_clients, write_categories,
};

pub struct Registration {
    /// `None` when possible duplicates were found and the caller did not accept them.
    pub client: Option<client::Model>,
    pub warnings: Vec<ClientWarning>,
    pub duplicates: Vec<client::Model>,
    /// True when this id was registered before with the same content.
    pub replayed: bool,
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
    let regions = crate::store::regions::loaded(state).await?;
    let (f, mut warnings) = validate(&regions, fields, today)?;
    if let Some(status) = f.identity_status {
        check_status_by_hand(None, status)?;
    }

    let call = Call {
        state,
        meta,
        actor,
        key: id,
        expected_version: None,
    };
    let Some(uow) = write::begin(&call, "registerClient", &request_hash).await? else {
        let existing = client::Entity::find_by_id(id)
            .filter(client::Column::OfficeId.eq(office_id))
            .one(&state.db)
            .await?
            .ok_or_else(|| AppError::not_found("Klien", "Client"))?;
        return Ok(Registration {
            client: Some(existing),
            warnings,
            duplicates: Vec::new(),
            replayed: true,
        });
    };
    ensure_id_free(uow.txn(), id).await?;
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

    let identity = identity_of(uow.txn(), office_id, &f).await?;
    let model = new_client_row(id, office_id, actor.user.id, &f, identity, today)
        .into_active_model()
        .reset_all()
        .insert(uow.txn())
        .await?;
    write_categories(uow.txn(), id, &f.categories).await?;
    let entry = AuditEntry::new("client.register", "client", id)
        .office(Some(office_id))
        .details(json!({"identityStatus": model.identity_status, "label": model.unidentified_label, "possibleDuplicates": duplicates.iter().map(|d| d.id).collect::<Vec<_>>()}));
    write::finish(&call, uow, "registerClient", &request_hash, id, entry).await?;
    Ok(Registration {
        client: Some(model),
        warnings,
        duplicates,
        replayed: false,
    })
}

/// A phone-made id is the client's primary key: one already taken (by any office) is refused.
async fn ensure_id_free(db: &impl ConnectionTrait, id: Uuid) -> AppResult<()> {
    if client::Entity::find_by_id(id).one(db).await?.is_some() {
        return Err(AppError::conflict(Msg::new(
            format!("ID {id} sudah dipakai. Buat ID baru untuk klien ini."),
            format!("The id {id} is already taken. Make a new id for this client."),
        ))
        .with("field", "id"));
    }
    Ok(())
}

/// How far a new client is identified, and the MR-X label an unidentified one is known by.
struct Identity {
    status: IdentityStatus,
    unidentified_label: Option<String>,
}

/// Known when a name or NIK is given (unless the caller said otherwise); a client without a
/// name or with an unknown identity gets the office's next MR-X number for the year.
async fn identity_of(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    f: &ClientFields,
) -> AppResult<Identity> {
    let status = f
        .identity_status
        .unwrap_or(if f.name.is_some() || f.nik.is_some() {
            IdentityStatus::Known
        } else {
            IdentityStatus::Unknown
        });
    let unidentified_label = if f.name.is_none() || MR_X_STATUSES.contains(&status) {
        let office = office::Entity::find_by_id(office_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::internal("actor's office missing"))?;
        // The label's year is the office's, as the books' are.
        let year = Utc::now()
            .with_timezone(&crate::store::calendar::zone_of(&office))
            .year();
        let n = sequences::next(db, office_id, "MR-X", year).await?;
        Some(format!("MR-X/{}/{year}/{n:04}", office.slug.to_uppercase()))
    } else {
        None
    };
    Ok(Identity {
        status,
        unidentified_label,
    })
}

/// The first version of a client's row.
fn new_client_row(
    id: Uuid,
    office_id: Uuid,
    created_by: Uuid,
    f: &ClientFields,
    identity: Identity,
    today: NaiveDate,
) -> client::Model {
    let now = Utc::now();
    client::Model {
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
        identity_status: identity.status,
        unidentified_label: identity.unidentified_label,
        version: 1,
        created_by,
        created_at: now,
        updated_at: now,
    }
}

/// Which client a change is for, and the version the worker changed.
pub struct ClientVersion {
    pub id: Uuid,
    pub expected_version: i32,
}

/// Applies a change based on `expected_version` under the call's mutation id; the old row
/// is kept as a revision.
pub async fn update(
    call: &Call<'_>,
    target: ClientVersion,
    request_hash: String,
    change: impl FnOnce(ClientFields) -> ClientFields,
) -> AppResult<client::Model> {
    let (state, actor) = (call.state, call.actor);
    let ClientVersion {
        id,
        expected_version,
    } = target;
    let office_id = casework_office(actor)?;
    let Some(uow) = write::begin(call, "updateClient", &request_hash).await? else {
        return find_in_office(&state.db, office_id, id).await;
    };
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
    let before = current.identity_status;
    let (updated, changed) = revise(uow.txn(), state, actor, current, change).await?;
    check_status_by_hand(Some(before), updated.identity_status)?;
    let status = updated.identity_status;
    let entry = AuditEntry::new("client.update", "client", id)
        .office(Some(office_id))
        .details(json!({"version": updated.version, "changed": changed, "identityStatus": status}));
    write::finish(call, uow, "updateClient", &request_hash, id, entry).await?;
    Ok(updated)
}

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
