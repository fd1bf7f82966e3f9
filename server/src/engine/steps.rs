//! Moving a case from step to step: starting a step run, finishing it, advancing or
//! closing the case, and who the current run waits for.
use crate::engine::case::CaseCtx;
use crate::infra::auth::Actor;
use crate::infra::changes::CHANGES;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::reasons::Reason;
use crate::rules::sop::definition_of;
use crate::rules::sop::{ApprovalRuleKind, SopDefinition, StepRecord};
use chrono::{DateTime, SubsecRound, Utc};
use entity::case_step::StepStatus;
use entity::service_case::{CaseOutcome, CaseStatus};
use entity::{Role, case_step, service_case, sop_version};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::engine::due::due_of;
use crate::store::calendar::office_calendar;

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

/// What the actor records when finishing a step run.
#[derive(Default)]
pub struct Finish {
    pub status: Option<StepStatus>,
    pub role: Option<Role>,
    pub branch: Option<String>,
    pub note: Option<String>,
    pub output: Option<String>,
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
        assignee_id: None,
        proposed_by: None,
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
        crate::store::letters::draft(txn, &ctx.case, rule, &ctx.def.legal_basis).await?;
    }
    Ok(row)
}

/// Records a worker's choice of a branch that needs approval: the run stays open and now
/// waits for the approving roles (the proposal is kept on it).
pub async fn propose_branch(
    txn: &impl ConnectionTrait,
    step: &case_step::Model,
    actor: &Actor,
    branch: &str,
    note: Option<String>,
    approvers: &[Role],
) -> AppResult<()> {
    let mut row = step.clone().into_active_model();
    row.branch = sea_orm::Set(Some(branch.to_owned()));
    row.proposed_by = sea_orm::Set(Some(actor.user.id));
    row.note = sea_orm::Set(note);
    row.waiting_roles = sea_orm::Set(json!(approvers));
    row.update(txn).await?;
    Ok(())
}

/// Binds a step run to the one person a disposition named.
pub async fn assign(txn: &impl ConnectionTrait, step_id: Uuid, user: Uuid) -> AppResult<()> {
    case_step::Entity::update_many()
        .col_expr(case_step::Column::AssigneeId, Expr::value(user))
        .filter(case_step::Column::Id.eq(step_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Whether the run waits for this actor: one of its roles, and, when a disposition named
/// someone, that person.
pub fn waits_for(step: &case_step::Model, actor: &Actor) -> bool {
    step.assignee_id.is_none_or(|a| a == actor.user.id)
        && roles_of(step).iter().any(|r| actor.has_role(*r))
}

/// The role the actor acts in at this step, or FORBIDDEN naming who the step waits for
/// (the person a disposition named, or the roles).
pub fn acting_role(actor: &Actor, def: &SopDefinition, step: &case_step::Model) -> AppResult<Role> {
    if let Some(assignee) = step.assignee_id.filter(|a| *a != actor.user.id) {
        let title = step_title(def, &step.step_key);
        return Err(AppError::because(
            Reason::DisposedToOther,
            Msg::new(
                format!("Langkah {title} didisposisikan kepada pegawai lain; hanya dia yang mengerjakannya."),
                format!("Step {title} was disposed to someone else; only they do it."),
            ),
        )
        .with("assigneeId", assignee.to_string()));
    }
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

pub fn roles_of(step: &case_step::Model) -> Vec<Role> {
    serde_json::from_value(step.waiting_roles.clone()).unwrap_or_default()
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
        due_at: None,
        closed_by: None,
        close_reason: None,
        continued_from_case_id: None,
        continued_in_case_id: None,
        change_seq,
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    if let Some(report) = new.report_id {
        crate::store::incoming_letters::link_report_to_case(txn, report, case.id).await?;
    }
    let def = definition_of(new.version)?;
    let first = def.steps[0].key.clone();
    let mut ctx = CaseCtx { case, def };
    start_step(txn, &mut ctx, &first, new.started_at).await?;
    let cal = office_calendar(txn, ctx.case.office_id).await?;
    crate::engine::due::refresh_case_due(txn, &ctx.def, &cal, ctx.case.id).await?;
    ctx.case = crate::engine::case::loaded(txn, ctx.case.id).await?.case;
    Ok(ctx)
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

/// The key of the step the SOP completes with `record`.
pub fn step_of_record(ctx: &CaseCtx, record: StepRecord) -> AppResult<String> {
    ctx.def
        .steps
        .iter()
        .find(|s| s.record == Some(record))
        .map(|s| s.key.clone())
        .ok_or_else(|| {
            AppError::precondition(Msg::new(
                format!("SOP kasus ini tidak punya langkah {}.", record.mutation()),
                format!("This case's SOP has no {} step.", record.mutation()),
            ))
        })
}

/// Ends the case and serves its client on in a new case of the procedure `code` (the
/// office's adopted version), from the same client and report, linked both ways; its
/// first step starts now.
pub async fn continue_in(
    txn: &impl ConnectionTrait,
    ctx: &mut CaseCtx,
    code: &str,
    opened_by: Uuid,
) -> AppResult<()> {
    let version = crate::engine::case::adopted_version(txn, ctx.case.office_id, code).await?;
    let mut next = open_case(
        txn,
        NewCase {
            id: Uuid::now_v7(),
            office_id: ctx.case.office_id,
            version: &version,
            client_id: ctx.case.client_id,
            report_id: ctx.case.report_id,
            opened_by,
            started_at: Utc::now(),
        },
    )
    .await?;
    let mut row = next.case.clone().into_active_model();
    row.continued_from_case_id = sea_orm::Set(Some(ctx.case.id));
    next.case = row.update(txn).await?;
    close(txn, ctx, CaseOutcome::Continued).await?;
    let mut row = ctx.case.clone().into_active_model();
    row.continued_in_case_id = sea_orm::Set(Some(next.case.id));
    ctx.case = row.update(txn).await?;
    Ok(())
}
