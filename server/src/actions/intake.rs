//! How cases arrive and what the first look finds: intake reports (laporan / permohonan),
//! numbered in the incoming-letter agenda book, and assessments (asesmen), whose corrections
//! are new versions that leave the old one in place.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    assessment::{self, Eligibility},
    document_kind::DocumentKind,
    report::{self, ReportChannel, ReporterType},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::Expr,
};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::infra::audit::AuditEntry;

use crate::infra::auth::Actor;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::idempotency;
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::text::trimmed;
use crate::infra::write::{self, Call};
use crate::store::assessments::FamilyContact;
use crate::store::clients::find_in_office;

#[derive(Clone, Debug, Serialize)]
pub struct NewReport {
    pub client_id: Option<Uuid>,
    pub reporter_type: ReporterType,
    pub reporter_name: Option<String>,
    pub reporter_contact: Option<String>,
    pub channel: ReportChannel,
    pub reference_letter_number: Option<String>,
    pub reference_letter_date: Option<NaiveDate>,
    pub received_at: Option<DateTime<Utc>>,
    pub summary: String,
}

/// Records a report, idempotent by its phone-made `id`, and gives it the next number in the
/// office's incoming-letter agenda book for the year it was received.
pub async fn record_report(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    id: Uuid,
    r: NewReport,
) -> AppResult<report::Model> {
    let office_id = casework_office(actor)?;
    let hash = idempotency::hash_input(&r);
    let summary = r.summary.trim().to_owned();
    if summary.is_empty() {
        return Err(AppError::bad_input(Msg::new(
            "Isi ringkasan laporan: siapa, di mana, keadaannya.",
            "Fill in the report summary: who, where, in what state.",
        ))
        .with("field", "summary"));
    }
    let received_at = r.received_at.unwrap_or_else(Utc::now);
    crate::infra::error::not_in_future(received_at, "receivedAt")?;
    let call = Call {
        state,
        meta,
        actor,
        key: id,
        expected_version: None,
    };
    let Some(uow) = write::begin(&call, "recordReport", &hash).await? else {
        return report::Entity::find_by_id(id)
            .filter(report::Column::OfficeId.eq(office_id))
            .one(&state.db)
            .await?
            .ok_or_else(|| AppError::not_found("Laporan", "Report"));
    };
    if let Some(client_id) = r.client_id {
        find_in_office(uow.txn(), office_id, client_id).await?;
    }
    let model = crate::store::reports::enter(
        uow.txn(),
        report::Model {
            id,
            office_id,
            client_id: r.client_id,
            reporter_type: r.reporter_type,
            reporter_name: trimmed(r.reporter_name),
            reporter_contact: trimmed(r.reporter_contact),
            channel: r.channel,
            reference_letter_number: trimmed(r.reference_letter_number),
            reference_letter_date: r.reference_letter_date,
            received_at,
            received_by: actor.user.id,
            summary,
            agenda_year: 0,
            agenda_number: 0,
            created_at: Utc::now(),
        },
    )
    .await?;
    let (number, year) = (model.agenda_number, model.agenda_year);
    let entry = AuditEntry::new("report.record", "report", id)
        .office(Some(office_id))
        .details(json!({"agenda": format!("{number:03}/{year}"), "clientId": model.client_id}));
    write::finish(&call, uow, "recordReport", &hash, id, entry).await?;
    Ok(model)
}

#[derive(Clone, Debug, Serialize)]
pub struct NewAssessment {
    pub client_id: Uuid,
    pub report_id: Option<Uuid>,
    pub corrects: Option<Uuid>,
    pub condition: Option<String>,
    pub needs: Option<String>,
    pub family_contacts: Vec<FamilyContact>,
    pub documents_present: Vec<DocumentKind>,
    pub eligibility: Eligibility,
    pub eligibility_reason: Option<String>,
}

/// Records an assessment, or a correction of the current one (a new version; the old stays).
pub async fn record_assessment(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    id: Uuid,
    mut a: NewAssessment,
) -> AppResult<assessment::Model> {
    let office_id = casework_office(actor)?;
    let hash = idempotency::hash_input(&a);
    a.eligibility_reason = trimmed(a.eligibility_reason);
    if a.eligibility != Eligibility::Undecided && a.eligibility_reason.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Tulis alasan keputusan layak / tidak layak.",
            "Give the reason for the eligibility decision.",
        ))
        .with("field", "eligibilityReason"));
    }
    a.documents_present.sort();
    a.documents_present.dedup();
    let call = Call {
        state,
        meta,
        actor,
        key: id,
        expected_version: None,
    };
    let Some(uow) = write::begin(&call, "recordAssessment", &hash).await? else {
        return assessment::Entity::find_by_id(id)
            .filter(assessment::Column::OfficeId.eq(office_id))
            .one(&state.db)
            .await?
            .ok_or_else(|| AppError::not_found("Asesmen", "Assessment"));
    };
    ensure_subjects_in_office(uow.txn(), office_id, &a).await?;
    let version = match a.corrects {
        None => 1,
        Some(old_id) => supersede(uow.txn(), office_id, a.client_id, old_id, id).await? + 1,
    };
    let corrects = a.corrects.is_some();
    let client_id = a.client_id;
    let model = new_assessment_row(id, office_id, actor.user.id, version, a)
        .into_active_model()
        .reset_all()
        .insert(uow.txn())
        .await?;
    let action = if corrects {
        "assessment.correct"
    } else {
        "assessment.record"
    };
    let entry = AuditEntry::new(action, "assessment", id)
        .office(Some(office_id))
        .details(
            json!({"clientId": client_id, "version": version, "eligibility": model.eligibility}),
        );
    write::finish(&call, uow, "recordAssessment", &hash, id, entry).await?;
    Ok(model)
}

/// The client, and the report if one is named, must be of the assessing office.
async fn ensure_subjects_in_office(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    a: &NewAssessment,
) -> AppResult<()> {
    find_in_office(db, office_id, a.client_id).await?;
    if let Some(report_id) = a.report_id {
        report::Entity::find_by_id(report_id)
            .filter(report::Column::OfficeId.eq(office_id))
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("Laporan", "Report").with("field", "reportId"))?;
    }
    Ok(())
}

/// Marks `old_id` as superseded by the correction `new_id`; gives the old version number.
/// Only the current version may be corrected: two workers correcting the same assessment
/// must see each other's correction, not overwrite it.
async fn supersede(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    client_id: Uuid,
    old_id: Uuid,
    new_id: Uuid,
) -> AppResult<i32> {
    let old = assessment::Entity::find_by_id(old_id)
        .filter(assessment::Column::OfficeId.eq(office_id))
        .filter(assessment::Column::ClientId.eq(client_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Asesmen", "Assessment").with("field", "corrects"))?;
    let marked = assessment::Entity::update_many()
        .col_expr(assessment::Column::SupersededBy, Expr::value(new_id))
        .filter(assessment::Column::Id.eq(old_id))
        .filter(assessment::Column::SupersededBy.is_null())
        .exec(db)
        .await?;
    if marked.rows_affected != 1 {
        return Err(AppError::conflict(Msg::new(
            "Asesmen ini sudah dikoreksi orang lain. Muat ulang dan koreksi versi terbaru.",
            "Someone already corrected this assessment. Reload and correct the newest version.",
        ))
        .with(
            "currentId",
            old.superseded_by.map(|u| u.to_string()).unwrap_or_default(),
        ));
    }
    Ok(old.version)
}

/// The row of a new assessment version.
fn new_assessment_row(
    id: Uuid,
    office_id: Uuid,
    assessed_by: Uuid,
    version: i32,
    a: NewAssessment,
) -> assessment::Model {
    assessment::Model {
        id,
        office_id,
        client_id: a.client_id,
        report_id: a.report_id,
        version,
        corrects: a.corrects,
        superseded_by: None,
        condition: trimmed(a.condition),
        needs: trimmed(a.needs),
        family_contacts: json!(a.family_contacts),
        documents_present: json!(a.documents_present),
        eligibility: a.eligibility,
        eligibility_reason: a.eligibility_reason,
        assessed_by,
        assessed_at: Utc::now(),
    }
}
