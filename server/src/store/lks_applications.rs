use crate::infra::auth::{Actor, Scope};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::store::lks_requirements::{Requirement, requirements_of};
use chrono::{DateTime, Utc};
use entity::{
    document,
    document_kind::DocumentKind,
    institution::{self, InstitutionKind},
    lks_application::{self, ApplicationStatus},
    lks_profile::{self, LegalStatus},
    lks_round,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use serde_json::json;
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

/// The application of `office` (any status: the caller has checked what the actor sees).
pub async fn of_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<lks_application::Model>> {
    Ok(lks_application::Entity::find_by_id(id)
        .filter(lks_application::Column::OfficeId.eq(office))
        .one(db)
        .await?)
}

/// Takes the application's row for this transaction (a no-op UPDATE), so a double tap on
/// "submit" is served in turn; NOT_FOUND outside the LKS.
pub async fn lock_own(
    txn: &impl ConnectionTrait,
    inst: Uuid,
    id: Uuid,
) -> AppResult<lks_application::Model> {
    let locked = lks_application::Entity::update_many()
        .col_expr(
            lks_application::Column::Status,
            Expr::col(lks_application::Column::Status),
        )
        .filter(lks_application::Column::Id.eq(id))
        .filter(lks_application::Column::InstitutionId.eq(inst))
        .exec(txn)
        .await?;
    if locked.rows_affected == 0 {
        return Err(not_found().with("field", "applicationId"));
    }
    lks_application::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(not_found)
}

/// The requirement documents uploaded for an application, oldest first.
pub async fn requirement_documents(
    db: &impl ConnectionTrait,
    app_id: Uuid,
) -> AppResult<Vec<document::Model>> {
    Ok(document::Entity::find()
        .filter(document::Column::LksApplicationId.eq(app_id))
        .filter(document::Column::Kind.eq(DocumentKind::LksRequirement))
        .order_by_asc(document::Column::UploadedAt)
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?)
}

/// The submission rounds of an application, first to last.
pub async fn rounds_of(
    db: &impl ConnectionTrait,
    app_id: Uuid,
) -> AppResult<Vec<lks_round::Model>> {
    Ok(lks_round::Entity::find()
        .filter(lks_round::Column::ApplicationId.eq(app_id))
        .order_by_asc(lks_round::Column::Number)
        .all(db)
        .await?)
}

/// A submission's round `number`, listing the requirement documents uploaded by then.
pub async fn open_round(
    txn: &impl ConnectionTrait,
    app_id: Uuid,
    number: i32,
    by: Uuid,
    at: DateTime<Utc>,
    docs: &[document::Model],
) -> AppResult<()> {
    lks_round::Model {
        id: Uuid::now_v7(),
        application_id: app_id,
        number,
        submitted_at: at,
        submitted_by: by,
        document_ids: json!(docs.iter().map(|d| d.id).collect::<Vec<_>>()),
        case_step_id: None,
        verified_at: None,
        verified_by: None,
        items: None,
        visited_at: None,
        visit_passed: None,
        visit_note: None,
        outcome: None,
        missing: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

/// The application is with the office again, on `round`; the first submission's time stays.
pub async fn mark_in_review(
    txn: &impl ConnectionTrait,
    app: &lks_application::Model,
    round: i32,
    now: DateTime<Utc>,
) -> AppResult<lks_application::Model> {
    let mut row = app.clone().into_active_model();
    row.status = sea_orm::Set(ApplicationStatus::InReview);
    row.round = sea_orm::Set(round);
    if app.submitted_at.is_none() {
        row.submitted_at = sea_orm::Set(Some(now));
    }
    Ok(row.update(txn).await?)
}
