use crate::infra::auth::{Actor, Scope};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::store::lks_requirements::{Requirement, requirements_of};
use entity::{
    document,
    document_kind::DocumentKind,
    institution::{self, InstitutionKind},
    lks_application::{self, ApplicationStatus},
    lks_profile::{self, LegalStatus},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

pub fn not_found() -> AppError {
    AppError::not_found("Permohonan LKS", "LKS application")
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
