//! The step machine every case runs on: which step waits, for which roles, what must hold
//! before it completes, and where it leads. Each function works inside the caller's write
//! transaction, after [`lock_case`] has taken the case row, so two people acting on one
//! case at once are served one after the other.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, SubsecRound, Utc};
use entity::{
    Role, assessment, assessment::Eligibility, case_step, case_step::StepStatus,
    case_step_document, client, client::IdentityStatus, clock_pause, document,
    document_kind::DocumentKind, escorted_return, escorted_return::ReturnStatus, referral,
    referral::ReferralStatus, report, report::ReporterType, service_case,
    service_case::CaseOutcome, service_case::CaseStatus, sop_adoption, sop_version,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use crate::infra::auth::Actor;
use crate::infra::changes::lock_case_row;
use crate::infra::write::{self, Call, UnitOfWork};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::store::calendar::office_calendar;
use crate::rules::clock::{Pause, WorkingCalendar, due_at};
use crate::rules::sop::{ApprovalRuleKind, SopDefinition, StepCheck, standard_time};
use crate::rules::sop::definition_of;

/// A case with the SOP version it runs under.
pub struct CaseCtx {
    pub case: service_case::Model,
    pub def: SopDefinition,
}

/// Loads a case (its row already taken by the caller's write) with its definition.
pub async fn loaded(txn: &impl ConnectionTrait, case_id: Uuid) -> AppResult<CaseCtx> {
    let case = service_case::Entity::find_by_id(case_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("Kasus", "Case"))?;
    let def = definition(txn, case.sop_version_id).await?;
    Ok(CaseCtx { case, def })
}

/// Takes the case row (of `office`) for this transaction and loads it with its definition.
/// NOT_FOUND for a case of another office.
pub async fn lock_case(
    txn: &impl ConnectionTrait,
    office_id: Uuid,
    case_id: Uuid,
) -> AppResult<CaseCtx> {
    if !lock_case_row(txn, Some(office_id), case_id).await? {
        return Err(AppError::not_found("Kasus", "Case"));
    }
    loaded(txn, case_id).await
}

/// [`write::begin_on_case`] with the case loaded under its SOP version: every mutation on a
/// case starts here.
pub async fn begin_on_case(
    call: &Call<'_>,
    operation: &str,
    hash: &str,
    office: Uuid,
    case_id: Uuid,
) -> AppResult<Option<(UnitOfWork, CaseCtx)>> {
    let Some(uow) = write::begin_on_case(call, operation, hash, office, case_id).await? else {
        return Ok(None);
    };
    let ctx = loaded(uow.txn(), case_id).await?;
    Ok(Some((uow, ctx)))
}

pub async fn definition(db: &impl ConnectionTrait, version_id: Uuid) -> AppResult<SopDefinition> {
    let version = sop_version::Entity::find_by_id(version_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(format!("SOP version {version_id} missing")))?;
    definition_of(&version)
}

/// The office's newest adopted version of the SOP `code`, or FAILED_PRECONDITION.
pub async fn adopted_version(
    txn: &impl ConnectionTrait,
    office: Uuid,
    code: &str,
) -> AppResult<sop_version::Model> {
    let adopted: Vec<Uuid> = sop_adoption::Entity::find()
        .filter(sop_adoption::Column::OfficeId.eq(office))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| a.sop_version_id)
        .collect();
    sop_version::Entity::find()
        .filter(sop_version::Column::Code.eq(code))
        .filter(sop_version::Column::Id.is_in(adopted))
        .order_by_desc(sop_version::Column::Id)
        .one(txn)
        .await?
        .ok_or_else(|| {
            AppError::precondition(Msg::new(
                format!("Kantor Anda belum mengadopsi SOP '{code}'."),
                format!("Your office has not adopted the SOP '{code}'."),
            ))
            .with("field", "sopCode")
        })
}

/// A case about to open.
pub struct NewCase<'a> {
    pub id: Uuid,
    pub office_id: Uuid,
    pub version: &'a sop_version::Model,
    pub client_id: Option<Uuid>,
    pub report_id: Option<Uuid>,
    pub opened_by: Uuid,
    /// When the first step started (the report's or application's arrival).
    pub started_at: DateTime<Utc>,
}

/// Opens a case and starts its first step.
pub async fn open_case(txn: &impl ConnectionTrait, new: NewCase<'_>) -> AppResult<CaseCtx> {
    let change_seq = crate::infra::sequences::next(txn, new.office_id, CHANGES, 0).await?;
    let case = service_case::Model {
        id: new.id,
        office_id: new.office_id,
        sop_version_id: new.version.id,
        client_id: new.client_id,
        report_id: new.report_id,
        status: CaseStatus::Open,
        outcome: None,
        current_step_key: None,
        opened_by: new.opened_by,
        opened_at: Utc::now(),
        closed_at: None,
        change_seq,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    let def = definition_of(new.version)?;
    let first = def.steps[0].key.clone();
    let mut ctx = CaseCtx { case, def };
    start_step(txn, &mut ctx, &first, new.started_at).await?;
    Ok(ctx)
}

/// The step the case waits at, and its title for messages.
pub async fn active_step(txn: &impl ConnectionTrait, ctx: &CaseCtx) -> AppResult<case_step::Model> {
    if ctx.case.status == CaseStatus::Closed {
        return Err(AppError::precondition(Msg::new(
            "Kasus ini sudah selesai; tidak ada langkah yang menunggu.",
            "This case is closed; no step is waiting.",
        )));
    }
    case_step::Entity::find()
        .filter(case_step::Column::CaseId.eq(ctx.case.id))
        .filter(case_step::Column::Status.eq(StepStatus::Active))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal(format!("open case {} has no active step", ctx.case.id)))
}

/// "2 (Cek dan asesmen ...)": a step's number and opening words, for messages.
pub fn step_title(def: &SopDefinition, key: &str) -> String {
    if let Some(s) = def.step(key) {
        let words: Vec<&str> = s.text.split_whitespace().take(6).collect();
        return format!("{} ({} …)", s.number, words.join(" "));
    }
    def.target(key)
        .map(|t| t.text.clone())
        .unwrap_or_else(|| key.to_owned())
}

/// Refuses an action on `key` when the case waits at another step.
pub fn expect_at(ctx: &CaseCtx, step: &case_step::Model, key: &str) -> AppResult<()> {
    if step.step_key == key {
        return Ok(());
    }
    if ctx.def.step(key).is_none() && ctx.def.target(key).is_none() {
        return Err(AppError::bad_input(Msg::new(
            format!("SOP ini tidak punya langkah '{key}'."),
            format!("This SOP has no step '{key}'."),
        ))
        .with("field", "stepKey"));
    }
    let current = step_title(&ctx.def, &step.step_key);
    Err(AppError::precondition(Msg::new(
        format!("Langkah '{key}' belum bisa dikerjakan: kasus ini sedang di langkah {current}."),
        format!("Step '{key}' cannot be done now: this case is at step {current}."),
    ))
    .with("currentStep", step.step_key.clone()))
}

/// The roles a step run waits for now: the next initials of a chain, any signer, or the
/// step's actors.
pub fn waiting_roles(def: &SopDefinition, key: &str, initials_done: usize) -> Vec<Role> {
    if let Some(step) = def.step(key) {
        return match &step.approval {
            Some(a) if a.kind == ApprovalRuleKind::Initials => {
                a.roles.get(initials_done).copied().into_iter().collect()
            }
            Some(a) => a.roles.clone(),
            None => step.actors.clone(),
        };
    }
    def.target(key)
        .map(|t| t.actors.clone())
        .unwrap_or_default()
}

pub fn roles_of(step: &case_step::Model) -> Vec<Role> {
    serde_json::from_value(step.waiting_roles.clone()).unwrap_or_default()
}

/// The role the actor acts in at this step, or FORBIDDEN naming who the step waits for.
pub fn acting_role(actor: &Actor, def: &SopDefinition, step: &case_step::Model) -> AppResult<Role> {
    let waiting = roles_of(step);
    if let Some(role) = waiting.iter().find(|r| actor.has_role(**r)) {
        return Ok(*role);
    }
    let names = waiting
        .iter()
        .map(|r| r.slug().to_uppercase())
        .collect::<Vec<_>>()
        .join(", ");
    let title = step_title(def, &step.step_key);
    Err(AppError::forbidden(Msg::new(
        format!("Langkah {title} menunggu peran {names}; Anda tidak memegang peran itu."),
        format!("Step {title} waits for the role(s) {names}; you hold none of them."),
    ))
    .with("requiredRoles", names))
}

/// The clock pauses of a step run.
pub async fn pauses_of(
    db: &impl ConnectionTrait,
    step_id: Uuid,
) -> AppResult<Vec<clock_pause::Model>> {
    Ok(clock_pause::Entity::find()
        .filter(clock_pause::Column::CaseStepId.eq(step_id))
        .order_by_asc(clock_pause::Column::PausedAt)
        .all(db)
        .await?)
}

/// When a step run is due, from its start, its standard time and its pauses.
fn due_of(
    def: &SopDefinition,
    cal: &WorkingCalendar,
    key: &str,
    started_at: DateTime<Utc>,
    pauses: &[Pause],
) -> AppResult<Option<DateTime<Utc>>> {
    let Some(step) = def.step(key) else {
        return Ok(None);
    };
    let standard = standard_time(&step.time).map_err(AppError::internal)?;
    Ok(due_at(started_at, standard, def.time_rule, cal, pauses))
}

/// Stores a running step's due time again, from its pauses and the office calendar `cal`.
pub async fn refresh_due(
    txn: &impl ConnectionTrait,
    def: &SopDefinition,
    cal: &WorkingCalendar,
    step: &case_step::Model,
) -> AppResult<()> {
    let spans: Vec<Pause> = pauses_of(txn, step.id)
        .await?
        .into_iter()
        .map(|p| (p.paused_at, p.resumed_at))
        .collect();
    let due = due_of(def, cal, &step.step_key, step.started_at, &spans)?;
    case_step::Entity::update_many()
        .col_expr(case_step::Column::DueAt, Expr::value(due))
        .filter(case_step::Column::Id.eq(step.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// After the office's calendar changed: the due times of its running steps, again (a
/// paused step gets its due time when it resumes). Returns how many were recomputed.
pub async fn recompute_office_due_times(
    txn: &impl ConnectionTrait,
    office_id: Uuid,
) -> AppResult<usize> {
    // The office's change counter first, as every case change takes it before its rows.
    crate::infra::sequences::next(txn, office_id, CHANGES, 0).await?;
    let running = case_step::Entity::find()
        .filter(case_step::Column::OfficeId.eq(office_id))
        .filter(case_step::Column::Status.eq(StepStatus::Active))
        .filter(case_step::Column::DueAt.is_not_null())
        .all(txn)
        .await?;
    let cases: HashMap<Uuid, Uuid> = service_case::Entity::find()
        .filter(service_case::Column::Id.is_in(running.iter().map(|s| s.case_id)))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.sop_version_id))
        .collect();
    let cal = office_calendar(txn, office_id).await?;
    let mut defs: HashMap<Uuid, SopDefinition> = HashMap::new();
    for version in cases.values().copied().collect::<HashSet<_>>() {
        defs.insert(version, definition(txn, version).await?);
    }
    for step in &running {
        let def = cases
            .get(&step.case_id)
            .and_then(|v| defs.get(v))
            .ok_or_else(|| AppError::internal("step without case"))?;
        refresh_due(txn, def, &cal, step).await?;
        // Phones keeping the case learn of its new due time.
        lock_case_row(txn, Some(office_id), step.case_id).await?;
    }
    Ok(running.len())
}

/// Starts a run of `key` (a step or a branch target) and makes it the case's current step;
/// drafts the procedure's letter when this is where it is drafted.
pub async fn start_step(
    txn: &impl ConnectionTrait,
    ctx: &mut CaseCtx,
    key: &str,
    started_at: DateTime<Utc>,
) -> AppResult<case_step::Model> {
    // Whole milliseconds, as both databases store them, so the due time is exact.
    let started_at = started_at.trunc_subsecs(3);
    let cal = office_calendar(txn, ctx.case.office_id).await?;
    let due = due_of(&ctx.def, &cal, key, started_at, &[])?;
    let row = case_step::Model {
        id: Uuid::now_v7(),
        case_id: ctx.case.id,
        office_id: ctx.case.office_id,
        step_key: key.to_owned(),
        status: StepStatus::Active,
        started_at,
        due_at: due,
        waiting_roles: json!(waiting_roles(&ctx.def, key, 0)),
        completed_at: None,
        completed_by: None,
        completed_role: None,
        branch: None,
        note: None,
        output: None,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    service_case::Entity::update_many()
        .col_expr(service_case::Column::CurrentStepKey, Expr::value(key))
        .filter(service_case::Column::Id.eq(ctx.case.id))
        .exec(txn)
        .await?;
    ctx.case.current_step_key = Some(key.to_owned());
    for rule in ctx.def.letter.iter().filter(|r| r.drafted_at == key) {
        crate::store::letters::draft(txn, &ctx.case, rule).await?;
    }
    Ok(row)
}

/// What the actor records when finishing a step run.
#[derive(Default)]
pub struct Finish {
    pub status: Option<StepStatus>,
    pub role: Option<Role>,
    pub branch: Option<String>,
    pub note: Option<String>,
    pub output: Option<String>,
}

/// Ends a step run (done, or sent back) with who did it and what they recorded.
pub async fn finish_step(
    txn: &impl ConnectionTrait,
    step: &case_step::Model,
    actor: &Actor,
    f: Finish,
) -> AppResult<()> {
    let mut row = step.clone().into_active_model();
    row.status = sea_orm::Set(f.status.unwrap_or(StepStatus::Done));
    row.completed_at = sea_orm::Set(Some(Utc::now()));
    row.completed_by = sea_orm::Set(Some(actor.user.id));
    row.completed_role = sea_orm::Set(f.role);
    row.branch = sea_orm::Set(f.branch);
    row.note = sea_orm::Set(f.note);
    row.output = sea_orm::Set(f.output);
    row.update(txn).await?;
    Ok(())
}

/// Moves the case on after `from` is done: to `next` (a branch's target), else the next
/// printed step, else the case closes with the SOP's outcome.
pub async fn advance(
    txn: &impl ConnectionTrait,
    ctx: &mut CaseCtx,
    from: &str,
    next: Option<String>,
) -> AppResult<()> {
    let next = next.or_else(|| ctx.def.following(from).map(|s| s.key.clone()));
    match next {
        Some(key) => {
            start_step(txn, ctx, &key, Utc::now()).await?;
        }
        None => close(txn, ctx, ctx.def.outcome.unwrap_or(CaseOutcome::Completed)).await?,
    }
    Ok(())
}

pub async fn close(
    txn: &impl ConnectionTrait,
    ctx: &mut CaseCtx,
    outcome: CaseOutcome,
) -> AppResult<()> {
    let now = Utc::now();
    service_case::Entity::update_many()
        .col_expr(
            service_case::Column::Status,
            Expr::value(CaseStatus::Closed),
        )
        .col_expr(service_case::Column::Outcome, Expr::value(outcome))
        .col_expr(
            service_case::Column::CurrentStepKey,
            Expr::value(Option::<String>::None),
        )
        .col_expr(service_case::Column::ClosedAt, Expr::value(now))
        .filter(service_case::Column::Id.eq(ctx.case.id))
        .exec(txn)
        .await?;
    ctx.case.status = CaseStatus::Closed;
    ctx.case.outcome = Some(outcome);
    ctx.case.current_step_key = None;
    ctx.case.closed_at = Some(now);
    Ok(())
}

/// Documents of the office the actor may attach to this case: its client's, or the
/// office's own papers without a client. NOT_FOUND for anything else.
pub async fn attachable_documents(
    db: &impl ConnectionTrait,
    case: &service_case::Model,
    ids: &[Uuid],
) -> AppResult<Vec<document::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let docs = document::Entity::find()
        .filter(document::Column::Id.is_in(ids.iter().copied()))
        .filter(document::Column::OfficeId.eq(case.office_id))
        .all(db)
        .await?;
    // The case's client's papers, or papers of no client that belong to no other report;
    // an LKS application's papers only to its own case.
    let fits = |d: &document::Model| {
        if d.lks_application_id.is_some() {
            return d.lks_application_id == Some(case.id);
        }
        (case.client_id.is_some() && d.client_id == case.client_id)
            || (d.client_id.is_none() && (d.report_id.is_none() || d.report_id == case.report_id))
    };
    if docs.len() != ids.iter().collect::<HashSet<_>>().len() || !docs.iter().all(fits) {
        return Err(AppError::not_found("Berkas", "Document").with("field", "documentIds"));
    }
    Ok(docs)
}

pub async fn attach(
    txn: &impl ConnectionTrait,
    step_id: Uuid,
    docs: &[document::Model],
) -> AppResult<()> {
    if docs.is_empty() {
        return Ok(());
    }
    case_step_document::Entity::insert_many(docs.iter().map(|d| {
        case_step_document::Model {
            case_step_id: step_id,
            document_id: d.id,
        }
        .into_active_model()
    }))
    .on_conflict_do_nothing()
    .exec(txn)
    .await?;
    Ok(())
}

/// Refuses with the list of what is missing: documents the case does not hold (its
/// client's uploads, papers attached to its steps, and `adding`), and records the checks
/// name.
pub async fn require(
    db: &impl ConnectionTrait,
    ctx: &CaseCtx,
    documents: &[DocumentKind],
    checks: &[StepCheck],
    adding: &[document::Model],
) -> AppResult<()> {
    let mut documents = documents.to_vec();
    if checks.contains(&StepCheck::SenderLetter) && sent_on(db, &ctx.case).await? {
        documents.push(DocumentKind::SuratKeteranganDinsosAsal);
    }
    let mut held: HashSet<DocumentKind> = adding.iter().map(|d| d.kind).collect();
    if !documents.is_empty() {
        if let Some(client) = ctx.case.client_id {
            let of_client = document::Entity::find()
                .filter(document::Column::ClientId.eq(client))
                .filter(document::Column::OfficeId.eq(ctx.case.office_id))
                .all(db)
                .await?;
            held.extend(of_client.iter().map(|d| d.kind));
        }
        let step_ids: Vec<Uuid> = case_step::Entity::find()
            .filter(case_step::Column::CaseId.eq(ctx.case.id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        let attached: Vec<Uuid> = case_step_document::Entity::find()
            .filter(case_step_document::Column::CaseStepId.is_in(step_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.document_id)
            .collect();
        if !attached.is_empty() {
            let docs = document::Entity::find()
                .filter(document::Column::Id.is_in(attached))
                .all(db)
                .await?;
            held.extend(docs.iter().map(|d| d.kind));
        }
    }
    let missing: Vec<DocumentKind> = documents
        .iter()
        .copied()
        .filter(|k| !held.contains(k))
        .collect();
    if !missing.is_empty() {
        let names = missing
            .iter()
            .map(|k| {
                serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>();
        return Err(AppError::precondition(Msg::new(
            format!(
                "Berkas belum lengkap: {} belum diunggah untuk kasus ini.",
                names.join(", ")
            ),
            format!(
                "Papers incomplete: {} not yet uploaded for this case.",
                names.join(", ")
            ),
        ))
        .with("missingDocuments", names));
    }
    for check in checks {
        if let Some((msg, alternatives)) = unmet(db, ctx, *check).await? {
            let mut err = AppError::precondition(msg).with(
                "missingCheck",
                serde_json::to_value(check)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
            );
            if !alternatives.is_empty() {
                err = err.with("alternatives", alternatives);
            }
            return Err(err);
        }
    }
    Ok(())
}

/// Whether the case's report came from another Dinas Sosial (a client sent on, "kiriman").
async fn sent_on(db: &impl ConnectionTrait, case: &service_case::Model) -> AppResult<bool> {
    let Some(report_id) = case.report_id else {
        return Ok(false);
    };
    Ok(report::Entity::find_by_id(report_id)
        .one(db)
        .await?
        .is_some_and(|r| r.reporter_type == ReporterType::OtherDinsos))
}

/// What a client who cannot be sent home may have instead: the shelter, or the referral
/// procedure (seed 000).
pub const NOT_RETURNABLE_ALTERNATIVES: &[&str] = &["SHELTER", "RUJUKAN_PPKS"];

/// An unmet check: why, and what the office may do instead (empty when nothing).
async fn unmet(
    db: &impl ConnectionTrait,
    ctx: &CaseCtx,
    check: StepCheck,
) -> AppResult<Option<(Msg, Vec<&'static str>)>> {
    let case = &ctx.case;
    if matches!(check, StepCheck::IdentitySettled | StepCheck::OriginKnown) {
        let client = match case.client_id {
            Some(id) => client::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        return Ok(match client {
            Some(c) => returnable(&c, check),
            None => Some((
                Msg::new(
                    "Kasus ini tidak punya klien; tidak ada yang bisa dipulangkan.",
                    "This case has no client; there is nobody to send home.",
                ),
                Vec::new(),
            )),
        });
    }
    if check == StepCheck::ReturnPlanned {
        let planned = crate::store::journeys::of_case(db, case.id).await?;
        return Ok(planned.is_none().then(|| {
            (
                Msg::new(
                    "Perjalanan pulang belum direncanakan (planReturn): surat tugas dibuat untuk rute itu.",
                    "The journey home is not planned yet (planReturn): the letters are made for that route.",
                ),
                Vec::new(),
            )
        }));
    }
    if check == StepCheck::ReturnArrived {
        let arrived = escorted_return::Entity::find()
            .filter(escorted_return::Column::CaseId.eq(case.id))
            .filter(escorted_return::Column::Status.eq(ReturnStatus::Arrived))
            .one(db)
            .await?;
        return Ok(arrived.is_none().then(|| {
            (
                Msg::new(
                    "Perjalanan pulang klien belum sampai: serah terima di kantor tujuan belum dikonfirmasi.",
                    "The client's journey home has not arrived: the hand-over at the destination is not confirmed yet.",
                ),
                Vec::new(),
            )
        }));
    }
    Ok(match check {
        StepCheck::Report if case.report_id.is_none() => Some(Msg::new(
            "Kasus ini belum terhubung dengan laporan/permohonan yang tercatat.",
            "This case is not linked to a recorded report or application.",
        )),
        StepCheck::Report => None,
        StepCheck::AssessmentEligible | StepCheck::AssessmentNotEligible => {
            let want = if check == StepCheck::AssessmentEligible {
                Eligibility::Eligible
            } else {
                Eligibility::NotEligible
            };
            let current = match case.client_id {
                Some(client) => {
                    assessment::Entity::find()
                        .filter(assessment::Column::ClientId.eq(client))
                        .filter(assessment::Column::OfficeId.eq(case.office_id))
                        .filter(assessment::Column::SupersededBy.is_null())
                        .order_by_desc(assessment::Column::AssessedAt)
                        .one(db)
                        .await?
                }
                None => None,
            };
            match current {
                Some(a) if a.eligibility == want => None,
                Some(_) | None => Some(if want == Eligibility::Eligible {
                    Msg::new(
                        "Asesmen klien yang berlaku belum menyatakan LAYAK.",
                        "The client's current assessment does not say ELIGIBLE.",
                    )
                } else {
                    Msg::new(
                        "Asesmen klien yang berlaku belum menyatakan TIDAK LAYAK.",
                        "The client's current assessment does not say NOT ELIGIBLE.",
                    )
                }),
            }
        }
        StepCheck::ReferralAccepted => {
            let accepted = referral::Entity::find()
                .filter(referral::Column::CaseId.eq(case.id))
                .filter(
                    referral::Column::Status
                        .is_in([ReferralStatus::Accepted, ReferralStatus::Admitted]),
                )
                .one(db)
                .await?;
            accepted.is_none().then(|| {
                Msg::new(
                    "Belum ada UPT/panti yang menerima rujukan ini.",
                    "No UPT/panti has accepted this referral yet.",
                )
            })
        }
        StepCheck::LetterIssued => {
            // Every letter the SOP names (or, without a rule, the case's letter) numbered and
            // in the books.
            let letters = crate::store::letters::all_of_case(db, case.id).await?;
            let issued = |series: Option<&str>| {
                letters.iter().any(|l| {
                    l.expedition_number.is_some() && series.is_none_or(|s| l.series == s)
                })
            };
            let all = if ctx.def.letter.is_empty() {
                issued(None) && letters.iter().all(|l| l.expedition_number.is_some())
            } else {
                ctx.def.letter.iter().all(|r| issued(Some(&r.series)))
            };
            (!all).then(|| {
                Msg::new(
                    "Surat belum diberi nomor dan dicatat di buku agenda dan ekspedisi.",
                    "The letter is not yet numbered and entered in the agenda and expedition books.",
                )
            })
        }
        // Checked above (the sender's letter is a document, required in `require`).
        StepCheck::SenderLetter
        | StepCheck::IdentitySettled
        | StepCheck::OriginKnown
        | StepCheck::ReturnPlanned
        | StepCheck::ReturnArrived => None,
    }
    .map(|m| (m, Vec::new())))
}

/// Why a client cannot (yet) be sent home, for the identity and origin checks.
pub fn returnable(c: &client::Model, check: StepCheck) -> Option<(Msg, Vec<&'static str>)> {
    use IdentityStatus::*;
    match check {
        StepCheck::IdentitySettled => match c.identity_status {
            Known | Found | NotRegistered => None,
            Unknown => Some(Msg::new(
                "Identitas klien belum diketahui: isi identitasnya, atau minta Dukcapil mencarinya (requestDukcapilCheck).",
                "The client's identity is unknown: fill it in, or ask Dukcapil to find it (requestDukcapilCheck).",
            )),
            AskedDukcapil => Some(Msg::new(
                "Menunggu jawaban Dukcapil atas identitas klien; catat jawabannya (recordDukcapilAnswer).",
                "Waiting for Dukcapil's answer about the client's identity; record it (recordDukcapilAnswer).",
            )),
        }
        .map(|m| (m, Vec::new())),
        StepCheck::OriginKnown if c.origin_region_code.is_some() => None,
        StepCheck::OriginKnown if matches!(c.identity_status, Known | Found) => Some((
            Msg::new(
                "Daerah asal klien belum diisi (originRegionCode): perjalanan pulang tidak bisa direncanakan.",
                "The client's region of origin is not filled in (originRegionCode): no journey home can be planned.",
            ),
            Vec::new(),
        )),
        StepCheck::OriginKnown => Some((
            Msg::new(
                "Klien tanpa identitas dan tanpa daerah asal yang diketahui tidak bisa dipulangkan. Tempatkan klien di shelter/rumah singgah, atau rujuk ke UPT/panti (SOP RUJUKAN_PPKS).",
                "A client with no identity and no known region of origin cannot be sent home. Place the client in a shelter, or refer them to a UPT/panti (the RUJUKAN_PPKS procedure).",
            ),
            NOT_RETURNABLE_ALTERNATIVES.to_vec(),
        )),
        _ => None,
    }
}
