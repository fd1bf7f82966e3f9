//! How an office writes its letters, set by its admin: the text of each SOP letter (checked
//! for fields it cannot fill before it is saved), the letterhead (kop surat), and the
//! signatory block of its staff (NIP, rank, position). Each change is audited; letters
//! already drafted keep their text, the next draft uses the new one.
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::infra::auth::Actor;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::text::trimmed;
use crate::infra::write::UnitOfWork;
use crate::rules::letter_template::{Template, unknown_fields};

/// Saves the office's own text for letter `key`.
pub async fn set_template(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    key: &str,
    t: Template,
) -> AppResult<()> {
    let office = actor.admin_office()?;
    let known = crate::store::letter_templates::letters_of_office(&state.db, office).await?;
    let is_form = crate::rules::letter_template::form_title(key).is_some();
    if !is_form && !known.iter().any(|(r, _)| r.template_key() == key) {
        let keys: Vec<String> = known
            .iter()
            .map(|(r, _)| r.template_key())
            .chain(
                crate::rules::letter_template::FORMS
                    .iter()
                    .map(|(k, _)| (*k).to_owned()),
            )
            .collect();
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Kantor ini tidak menulis surat '{key}'. Yang ada: {}.",
                keys.join(", ")
            ),
            format!(
                "This office writes no letter '{key}'. It writes: {}.",
                keys.join(", ")
            ),
        ))
        .with("field", "key"));
    }
    if t.subject.trim().is_empty() || t.body.trim().is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Isi perihal dan isi surat.",
            "Fill in the subject and the text.",
        ))
        .with("field", "body"));
    }
    let unknown = unknown_fields(key, &t);
    if !unknown.is_empty() {
        let list = unknown.join(", ");
        return Err(AppError::bad_input(Msg::new(
            format!("Isian yang tidak dikenal atau tidak boleh di surat ini: {list}. Lihat daftar isian di letterTemplates."),
            format!("Fields unknown or not allowed in this letter: {list}. See the list of fields in letterTemplates."),
        ))
        .with("field", "body")
        .with("unknownFields", unknown));
    }
    let mut uow = UnitOfWork::begin(state).await?;
    crate::store::letter_templates::replace(uow.txn(), office, key, &t, actor.user.id).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("letter.template_set", "letter_template", key)
            .office(Some(office))
            .details(
                json!({"subject": t.subject, "body": t.body, "basis": t.basis, "copies": t.copies}),
            ),
    )
    .await?;
    uow.commit().await
}

/// The office's letterhead: its address line and its phone / e-mail / website line.
pub async fn set_letterhead(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    address: Option<String>,
    contact: Option<String>,
) -> AppResult<entity::office::Model> {
    let office = actor.admin_office()?;
    let mut uow = UnitOfWork::begin(state).await?;
    let (address, contact) = (trimmed(address), trimmed(contact));
    let saved = crate::store::offices::update_settings(uow.txn(), office, |row| {
        row.letterhead_address = sea_orm::Set(address);
        row.letterhead_contact = sea_orm::Set(contact);
    })
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("office.letterhead_set", "office", office)
            .office(Some(office))
            .details(
                json!({"address": saved.letterhead_address, "contact": saved.letterhead_contact}),
            ),
    )
    .await?;
    uow.commit().await?;
    Ok(saved)
}

/// The office's logo for the letterhead: any photo or scan, kept as a PNG at most 240 px
/// high on white, printed 2 cm high left of the office's name.
pub async fn set_logo(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    raw: Vec<u8>,
) -> AppResult<entity::office::Model> {
    use object_store::{ObjectStoreExt, PutPayload, path::Path};
    let office = actor.admin_office()?;
    if raw.len() as u64 > state.config.max_document_bytes as u64 {
        return Err(AppError::of(crate::infra::reasons::Reason::TooLarge).with("field", "file"));
    }
    let png = tokio::task::spawn_blocking(move || crate::rules::photos::logo(&raw))
        .await
        .map_err(AppError::internal)??;
    // A new key each time: a letter being printed meanwhile reads the old one whole.
    let key = format!("offices/{office}/logo-{}.png", Uuid::now_v7());
    state
        .storage
        .store
        .put(&Path::from(key.as_str()), PutPayload::from(png))
        .await
        .map_err(AppError::internal)?;
    let mut uow = UnitOfWork::begin(state).await?;
    let saved = crate::store::offices::update_settings(uow.txn(), office, |row| {
        row.logo_key = sea_orm::Set(Some(key.clone()));
    })
    .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("office.logo_set", "office", office)
            .office(Some(office))
            .details(json!({"key": key})),
    )
    .await?;
    uow.commit().await?;
    Ok(saved)
}

/// A staff member's signatory block: NIP (18 digits), rank and position as printed.
pub struct Signatory {
    pub user_id: Uuid,
    pub nip: Option<String>,
    pub rank: Option<String>,
    pub position: Option<String>,
}

pub async fn set_signatory(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    s: Signatory,
) -> AppResult<entity::user::Model> {
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
    let office = actor.admin_office()?;
    let nip = trimmed(s.nip).map(|n| n.replace(' ', ""));
    if let Some(n) = &nip
        && (n.len() != 18 || !n.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(AppError::bad_input(Msg::new(
            "NIP terdiri dari 18 angka.",
            "A NIP has 18 digits.",
        ))
        .with("field", "nip"));
    }
    let mut uow = UnitOfWork::begin(state).await?;
    let user = entity::user::Entity::find_by_id(s.user_id)
        .filter(entity::user::Column::OfficeId.eq(office))
        .one(uow.txn())
        .await?
        .ok_or_else(|| AppError::not_found("Pengguna", "User").with("field", "userId"))?;
    let mut row = user.into_active_model();
    row.nip = sea_orm::Set(nip);
    row.rank = sea_orm::Set(trimmed(s.rank));
    row.position = sea_orm::Set(trimmed(s.position));
    let saved = row.update(uow.txn()).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("user.signatory_set", "user", saved.id)
            .office(Some(office))
            .details(json!({"rank": saved.rank, "position": saved.position, "nipSet": saved.nip.is_some()})),
    )
    .await?;
    uow.commit().await?;
    Ok(saved)
}
