//! LKS applications and their rounds: which ones an actor sees (once, in `visible_to`),
//! and the rows their mutations write.
use crate::infra::auth::{Actor, Scope};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::store::lks_requirements::{Requirement, requirements_of};
use chrono::{DateTime, Utc};
use entity::case_step::StepStatus;
use entity::document_kind::DocumentKind;
use entity::institution::{self, InstitutionKind};
use entity::lks_application::{self, ApplicationStatus};
use entity::lks_profile::{self, LegalStatus};
use entity::{case_step, case_step_document, letter, service_case};
use entity::{document, lks_round};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use sea_orm::{Condition, QuerySelect};
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

/// Which applications a scope sees: an LKS its own, an office the ones submitted to it (a
/// draft is the LKS's alone until it submits) and those its desk entered from paper. The
/// one place this rule is written.
/// Whose applications a reader sees.
pub enum Seen {
    /// The offices' submitted applications, and those entered at their desks (an office's
    /// staff: one office; an API client: its reach).
    Offices(Vec<Uuid>),
    /// An LKS's own, drafts included.
    Institution(Uuid),
}

impl From<Scope> for Seen {
    fn from(scope: Scope) -> Self {
        match scope {
            Scope::Office(office) => Seen::Offices(vec![office]),
            Scope::Institution(inst) => Seen::Institution(inst),
        }
    }
}

fn visible_to(seen: &Seen) -> Condition {
    match seen {
        Seen::Offices(offices) => Condition::all()
            .add(lks_application::Column::OfficeId.is_in(offices.iter().copied()))
            .add(
                Condition::any()
                    .add(lks_application::Column::Status.ne(ApplicationStatus::Draft))
                    .add(lks_application::Column::EnteredAtDesk.eq(true)),
            ),
        Seen::Institution(inst) => {
            Condition::all().add(lks_application::Column::InstitutionId.eq(*inst))
        }
    }
}

/// The application if the actor may see it.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> AppResult<Option<lks_application::Model>> {
    find_seen(db, &actor.scope().into(), id).await
}

/// The application if `seen` covers it.
pub async fn find_seen(
    db: &impl ConnectionTrait,
    seen: &Seen,
    id: Uuid,
) -> AppResult<Option<lks_application::Model>> {
    Ok(lks_application::Entity::find_by_id(id)
        .filter(visible_to(seen))
        .one(db)
        .await?)
}

/// A page of the applications the scope sees, newest first: at most `first + 1` rows (the
/// extra one tells that more follow), optionally of one status, older than `after`.
pub async fn page_visible_to(
    db: &impl ConnectionTrait,
    seen: &Seen,
    status: Option<ApplicationStatus>,
    first: u64,
    after: Option<Uuid>,
) -> AppResult<Vec<lks_application::Model>> {
    let mut q = lks_application::Entity::find()
        .filter(visible_to(seen))
        .order_by_desc(lks_application::Column::Id)
        .limit(first + 1);
    if let Some(s) = status {
        q = q.filter(lks_application::Column::Status.eq(s));
    }
    if let Some(a) = after {
        q = q.filter(lks_application::Column::Id.lt(a));
    }
    Ok(q.all(db).await?)
}

/// The submitted application's step waiting now, with its case (none before submission
/// or after receipt).
pub async fn active_step(
    db: &impl ConnectionTrait,
    app: &lks_application::Model,
) -> AppResult<Option<(case_step::Model, service_case::Model)>> {
    let Some(step) = case_step::Entity::find()
        .filter(case_step::Column::CaseId.eq(app.id))
        .filter(case_step::Column::Status.eq(StepStatus::Active))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let case = service_case::Entity::find_by_id(app.id).one(db).await?;
    Ok(case.map(|c| (step, c)))
}

/// The LKS that applied.
pub async fn applicant(
    db: &impl ConnectionTrait,
    app: &lks_application::Model,
) -> AppResult<Option<institution::Model>> {
    Ok(institution::Entity::find_by_id(app.institution_id)
        .one(db)
        .await?)
}

/// The recommendation once it has a number.
pub async fn numbered_recommendation(
    db: &impl ConnectionTrait,
    app: &lks_application::Model,
) -> AppResult<Option<letter::Model>> {
    Ok(letter::Entity::find()
        .filter(letter::Column::CaseId.eq(app.id))
        .filter(letter::Column::Number.is_not_null())
        .one(db)
        .await?)
}

/// The documents a round was submitted with, oldest upload first.
pub async fn round_documents(
    db: &impl ConnectionTrait,
    round: &lks_round::Model,
) -> AppResult<Vec<document::Model>> {
    let wanted: Vec<Uuid> = serde_json::from_value(round.document_ids.clone()).unwrap_or_default();
    Ok(document::Entity::find()
        .filter(document::Column::Id.is_in(wanted))
        .order_by_asc(document::Column::UploadedAt)
        .all(db)
        .await?)
}

/// The site-visit photos attached to a round's verification step.
pub async fn site_visit_photos(
    db: &impl ConnectionTrait,
    step: Uuid,
) -> AppResult<Vec<document::Model>> {
    let attached: Vec<Uuid> = case_step_document::Entity::find()
        .filter(case_step_document::Column::CaseStepId.eq(step))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.document_id)
        .collect();
    Ok(document::Entity::find()
        .filter(document::Column::Id.is_in(attached))
        .filter(document::Column::Kind.eq(DocumentKind::SiteVisitPhoto))
        .all(db)
        .await?)
}

/// The LKS the actor works for, or FORBIDDEN.
/// Who applies: an LKS's staff for their own LKS, or the office's intake desk for an LKS
/// the office registered (a paper file brought to the desk; `institution` names it).
/// Returns the LKS and whether the desk enters it.
pub async fn applying_lks(
    db: &impl ConnectionTrait,
    actor: &Actor,
    institution: Option<Uuid>,
) -> AppResult<(institution::Model, bool)> {
    let Scope::Office(_) = actor.scope() else {
        return Ok((own_lks(db, actor).await?, false));
    };
    let office = crate::infra::auth::casework_office(actor)?;
    let id = institution.ok_or_else(|| {
        AppError::bad_input(Msg::new(
            "Di loket, sebutkan LKS pemohon (institutionId).",
            "At the desk, name the applying LKS (institutionId).",
        ))
        .with("field", "institutionId")
    })?;
    let lks = institution::Entity::find_by_id(id)
        .filter(institution::Column::OfficeId.eq(office))
        .one(db)
        .await?
        .filter(|i| i.kind == InstitutionKind::Lks)
        .ok_or_else(|| AppError::not_found("LKS", "LKS").with("field", "institutionId"))?;
    Ok((lks, true))
}

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
) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    lks_round::Model {
        id,
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
    Ok(id)
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

/// An LKS's applications that may wait for it: returned for completion, or in review (the
/// caller sees from the case whether its recommendation waits for the receipt).
pub async fn waiting_on_lks(
    db: &impl ConnectionTrait,
    institution: Uuid,
) -> AppResult<Vec<lks_application::Model>> {
    Ok(lks_application::Entity::find()
        .filter(lks_application::Column::InstitutionId.eq(institution))
        .filter(
            lks_application::Column::Status
                .is_in([ApplicationStatus::Returned, ApplicationStatus::InReview]),
        )
        .all(db)
        .await?)
}
