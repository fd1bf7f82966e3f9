use std::collections::{HashMap, HashSet};
use chrono::{DateTime, SubsecRound, Utc};
use entity::{
    case_step, clock_pause, document,
    document_kind::DocumentKind,
    institution::{self, InstitutionKind},
    lks_application::{self, ApplicationStatus},
    lks_profile::{self, LegalStatus},
    lks_round::{self, VerificationOutcome},
    service_case,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;
use crate::store::lks_requirements::{Requirement, requirements_of};
use crate::infra::audit::AuditEntry;
use crate::infra::write::UnitOfWork;
use crate::infra::auth::{Actor, Scope};
use crate::engine::begin_on_case;
use crate::infra::write::{Call, begin, finish};
use crate::engine;
use crate::engine::{CaseCtx, Finish, NewCase};
use crate::infra::auth::casework_office;
use crate::store::documents::Incoming;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::rules::sop::StepRecord;
use crate::infra::text::trimmed;



pub fn not_found() -> AppError {
    AppError::not_found("Permohonan LKS", "LKS application")
}

/// Where an upload that names an LKS application goes: `(office, uploading institution)`.
/// An LKS uploads requirement documents into its own application while it is a draft or
/// returned; the office's staff upload site-visit photos into their office's applications.
pub async fn upload_target(
    db: &impl ConnectionTrait,
    actor: &Actor,
    incoming: &Incoming,
) -> AppResult<(Uuid, Option<Uuid>)> {
    let Some(app_id) = incoming.lks_application_id else {
        return Err(AppError::bad_input(Msg::new(
            "Sebutkan permohonan yang dilengkapi: ?lksApplicationId=…&requirementKey=…",
            "Name the application this completes: ?lksApplicationId=…&requirementKey=…",
        ))
        .with("field", "lksApplicationId"));
    };
    if incoming.client_id.is_some() || incoming.report_id.is_some() {
        return Err(AppError::bad_input(Msg::new(
            "Berkas permohonan LKS tidak terkait klien atau laporan.",
            "An LKS application's document belongs to no client or report.",
        ))
        .with("field", "lksApplicationId"));
    }
    let app = find_visible(db, actor, app_id)
        .await?
        .ok_or_else(|| not_found().with("field", "lksApplicationId"))?;
    if let Scope::Office(office) = actor.scope() {
        casework_office(actor)?;
        if incoming.kind != DocumentKind::SiteVisitPhoto || incoming.requirement_key.is_some() {
            return Err(AppError::bad_input(Msg::new(
                "Petugas mengunggah foto kunjungan lapangan (SITE_VISIT_PHOTO) ke permohonan LKS; persyaratan diunggah oleh LKS.",
                "Staff upload site-visit photos (SITE_VISIT_PHOTO) to an LKS application; the requirements are the LKS's to upload.",
            ))
            .with("field", "kind"));
        }
        return Ok((office, None));
    }
    own_lks(db, actor).await?;
    if !matches!(
        app.status,
        ApplicationStatus::Draft | ApplicationStatus::Returned
    ) {
        return Err(AppError::precondition(Msg::new(
            "Permohonan ini sedang diproses Dinas Sosial; berkas bisa ditambah lagi bila dikembalikan.",
            "This application is with the Dinas Sosial; documents can be added again if it is returned.",
        )));
    }
    let key = incoming.requirement_key.as_deref().unwrap_or_default();
    let checklist = checklist_of(db, &app).await?;
    if incoming.kind != DocumentKind::LksRequirement || !checklist.iter().any(|r| r.key == key) {
        let keys: Vec<String> = checklist.into_iter().map(|r| r.key).collect();
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Unggah dengan kind=LKS_REQUIREMENT dan requirementKey salah satu dari: {}.",
                keys.join(", ")
            ),
            format!(
                "Upload with kind=LKS_REQUIREMENT and requirementKey one of: {}.",
                keys.join(", ")
            ),
        ))
        .with("field", "requirementKey")
        .with("requirementKeys", keys));
    }
    Ok((app.office_id, Some(app.institution_id)))
}

/// The checklist that applies to this application's LKS.
pub async fn checklist_of(
    db: &impl ConnectionTrait,
    app: &lks_application::Model,
) -> AppResult<Vec<Requirement>> {
    let status = legal_status(db, app.institution_id).await?;
    requirements_of(db, app.office_id, status).await
}

/// The LKS's legal status, from the profile the office recorded.
pub async fn legal_status(db: &impl ConnectionTrait, inst: Uuid) -> AppResult<Option<LegalStatus>> {
    Ok(lks_profile::Entity::find_by_id(inst)
        .one(db)
        .await?
        .map(|p| p.legal_status))
}

/// Whether an LKS may read a document: its own uploads, and the letter made for its
/// application.
pub async fn document_visible_to(
    db: &impl ConnectionTrait,
    inst: Uuid,
    d: &document::Model,
) -> AppResult<bool> {
    if d.institution_id == Some(inst) {
        return Ok(true);
    }
    let Some(app) = d
        .lks_application_id
        .filter(|_| d.kind == DocumentKind::Letter)
    else {
        return Ok(false);
    };
    Ok(lks_application::Entity::find_by_id(app)
        .filter(lks_application::Column::InstitutionId.eq(inst))
        .one(db)
        .await?
        .is_some())
}

/// The application a case was opened for, with its LKS.
pub async fn of_case(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> AppResult<Option<(lks_application::Model, institution::Model)>> {
    let Some(app) = lks_application::Entity::find_by_id(case_id)
        .filter(lks_application::Column::Status.ne(ApplicationStatus::Draft))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let lks = institution::Entity::find_by_id(app.institution_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("application without institution"))?;
    Ok(Some((app, lks)))
}

/// The application if the actor may see it: the LKS's own, or one submitted to the office
/// (a draft is the LKS's alone).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Option<lks_application::Model>> {
    let q = lks_application::Entity::find_by_id(id);
    let q = match actor.scope() {
        Scope::Office(office) => q
            .filter(lks_application::Column::OfficeId.eq(office))
            .filter(lks_application::Column::Status.ne(ApplicationStatus::Draft)),
        Scope::Institution(inst) => q.filter(lks_application::Column::InstitutionId.eq(inst)),
    };
    Ok(q.one(db).await?)
}

/// The LKS the actor works for, or FORBIDDEN.
pub async fn own_lks(db: &impl ConnectionTrait, actor: &Actor) -> AppResult<institution::Model> {
    let refuse = || {
        AppError::forbidden(Msg::new(
            "Hanya pengurus LKS yang mengajukan permohonan rekomendasi.",
            "Only the staff of an LKS apply for a recommendation.",
        ))
    };
    let Scope::Institution(id) = actor.scope() else {
        return Err(refuse());
    };
    institution::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|i| i.kind == InstitutionKind::Lks)
        .ok_or_else(refuse)
}
