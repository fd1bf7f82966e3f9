//! One inbox for every kind of user (`myTasks`): office staff get the case steps waiting
//! for them and the relay legs arriving at their office; a UPT/panti the referrals to
//! answer and the admissions to confirm; an LKS its applications returned for completion
//! and the recommendations waiting for its receipt. One list, soonest due first.
use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use entity::lks_application::ApplicationStatus;
use entity::referral::ReferralStatus;
use entity::relay_leg::LegStatus;
use entity::{Role, case_step, case_transfer, lks_application, referral, relay_leg};
use uuid::Uuid;

use crate::api::case_steps::{CaseStep, settled_checks};
use crate::api::case_transfers::CaseTransfer;
use crate::api::context::ContextExt;
use crate::api::lks_application::LksApplication;
use crate::api::referrals::Referral;
use crate::api::relay::RelayLeg;
use crate::engine;
use crate::infra::auth::{Actor, Scope};
use crate::infra::error::{AppError, AppResult};
use crate::infra::i18n::Locale;
use crate::infra::ids::to_id;
use crate::rules::closing::closing_roles;
use crate::rules::hierarchy::escalated_to;
use crate::rules::sop::{SopDefinition, StepRecord, definition_of};
use crate::store::journeys::OfficeEnd;

/// What a task asks of its reader.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    /// A step of a case waits for the caller (`step` says what it takes).
    CaseStep,
    /// UPT/panti: a referral waits for an answer (`answerReferral`).
    ReferralToAnswer,
    /// UPT/panti: an accepted client is to be admitted (`confirmAdmission`).
    AdmissionToConfirm,
    /// LKS: the office returned the application for completion (`submitLksApplication`).
    LksApplicationReturned,
    /// LKS: the recommendation is ready; sign for it (`confirmLksReceipt`).
    LksReceiptToSign,
    /// Office on a relay route: a client is on the way here (`confirmHandover`).
    RelayLegArriving,
    /// Another Dinas Sosial asks the office to take a case over (`answerCaseTransfer`).
    CaseTransferToAnswer,
}

impl TaskKind {
    fn mutation(self) -> &'static str {
        match self {
            TaskKind::CaseStep => "completeStep",
            TaskKind::ReferralToAnswer => "answerReferral",
            TaskKind::AdmissionToConfirm => "confirmAdmission",
            TaskKind::LksApplicationReturned => "submitLksApplication",
            TaskKind::LksReceiptToSign => "confirmLksReceipt",
            TaskKind::RelayLegArriving => "confirmHandover",
            TaskKind::CaseTransferToAnswer => "answerCaseTransfer",
        }
    }

    fn title(self, locale: Locale) -> &'static str {
        let (id, en) = match self {
            TaskKind::CaseStep => ("Langkah kasus menunggu Anda", "A case step waits for you"),
            TaskKind::ReferralToAnswer => ("Jawab rujukan", "Answer a referral"),
            TaskKind::AdmissionToConfirm => (
                "Konfirmasi klien sudah tiba",
                "Confirm the client's admission",
            ),
            TaskKind::LksApplicationReturned => (
                "Lengkapi permohonan yang dikembalikan",
                "Complete the returned application",
            ),
            TaskKind::LksReceiptToSign => (
                "Tanda terima surat rekomendasi",
                "Sign for the recommendation",
            ),
            TaskKind::RelayLegArriving => (
                "Klien dalam perjalanan ke kantor Anda",
                "A client is on the way to your office",
            ),
            TaskKind::CaseTransferToAnswer => (
                "Terima atau tolak pelimpahan kasus",
                "Accept or decline a transferred case",
            ),
        };
        match locale {
            Locale::Id => id,
            Locale::En => en,
        }
    }
}

enum Subject {
    Step(CaseStep),
    Referral(referral::Model),
    Application(lks_application::Model),
    Leg(relay_leg::Model),
    Transfer(case_transfer::Model),
}

pub struct Task {
    kind: TaskKind,
    due_at: Option<DateTime<Utc>>,
    since: DateTime<Utc>,
    escalated: bool,
    subject: Subject,
}

/// One thing waiting for the caller.
#[Object]
impl Task {
    async fn kind(&self) -> TaskKind {
        self.kind
    }
    /// What to do, in the request's language (a case step: its SOP text).
    async fn title(&self, ctx: &Context<'_>) -> String {
        match &self.subject {
            Subject::Step(s) => {
                let def = &s.def;
                def.step(&s.row.step_key)
                    .map(|d| match ctx.locale() {
                        Locale::Id => d.text.clone(),
                        Locale::En => d.text_en.clone(),
                    })
                    .or_else(|| def.target(&s.row.step_key).map(|t| t.text.clone()))
                    .unwrap_or_default()
            }
            _ => self.kind.title(ctx.locale()).to_owned(),
        }
    }
    /// The mutation that does it (a case step: see `step.actions` for the exact one).
    async fn mutation(&self, ctx: &Context<'_>) -> AppResult<&'static str> {
        Ok(match &self.subject {
            Subject::Step(s) => {
                let settled = settled_checks(ctx, &s.def, &s.row).await?;
                engine::actions_of(&s.def, &s.row, ctx.actor()?, &settled)
                    .into_iter()
                    .find(|a| a.refused.is_none() && a.kind != engine::StepActionKind::PauseClock)
                    .map_or(self.kind.mutation(), |a| a.kind.mutation())
            }
            _ => self.kind.mutation(),
        })
    }
    /// The earliest of the step's and the whole case's due times; null when none runs.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.due_at
    }
    /// Not the caller's to do, but overdue one level below them (Peksos → Kasi → Kabid →
    /// Kadis): theirs to follow up (dispose it to someone, pause its clock, close the case).
    async fn escalated(&self) -> bool {
        self.escalated
    }
    async fn overdue(&self) -> bool {
        self.due_at.is_some_and(|d| d < Utc::now())
    }
    /// Since when it waits.
    async fn since(&self) -> DateTime<Utc> {
        self.since
    }
    /// The case, for office staff (a partner's task names no case).
    async fn case_id(&self) -> Option<ID> {
        match &self.subject {
            Subject::Step(s) => Some(to_id(s.row.case_id)),
            _ => None,
        }
    }
    async fn step(&self) -> Option<&CaseStep> {
        match &self.subject {
            Subject::Step(s) => Some(s),
            _ => None,
        }
    }
    async fn referral(&self) -> Option<Referral> {
        match &self.subject {
            Subject::Referral(r) => Some(Referral(r.clone())),
            _ => None,
        }
    }
    async fn lks_application(&self) -> Option<LksApplication> {
        match &self.subject {
            Subject::Application(a) => Some(LksApplication(a.clone())),
            _ => None,
        }
    }
    async fn relay_leg(&self) -> Option<RelayLeg> {
        match &self.subject {
            Subject::Leg(l) => Some(RelayLeg(l.clone())),
            _ => None,
        }
    }
    async fn case_transfer(&self) -> Option<CaseTransfer> {
        match &self.subject {
            Subject::Transfer(t) => Some(CaseTransfer(t.clone())),
            _ => None,
        }
    }
}

#[derive(Default)]
pub struct TasksQuery;

#[Object]
impl TasksQuery {
    /// Everything waiting for the caller, soonest due first (tasks without a due time
    /// after, oldest first): case steps for office staff (a step disposed to someone waits
    /// for them only), relay legs arriving at their office; referrals and admissions for a
    /// UPT/panti; returned applications and receipts for an LKS.
    async fn my_tasks(&self, ctx: &Context<'_>) -> AppResult<Vec<Task>> {
        let actor = ctx.actor()?;
        let mut tasks = match actor.scope() {
            Scope::Office(office) => office_tasks(ctx, actor, office).await?,
            Scope::Institution(inst) => institution_tasks(ctx, inst).await?,
        };
        tasks.sort_by_key(|t| (t.due_at.is_none(), t.due_at, t.since));
        Ok(tasks)
    }
}

/// Roles that receive a client at the door of a relay office.
const RECEIVING_ROLES: [Role; 4] = [Role::Staf, Role::Peksos, Role::Pendamping, Role::Analis];

async fn office_tasks(ctx: &Context<'_>, actor: &Actor, office: Uuid) -> AppResult<Vec<Task>> {
    if actor.has_role(Role::Admin) && actor.roles.len() == 1 {
        return Ok(Vec::new());
    }
    let db = &ctx.app().db;
    let rows = crate::store::cases::active_steps_of_office(db, office).await?;
    let cases = ctx
        .loaders()
        .cases
        .load_many(rows.iter().map(|s| s.case_id))
        .await?;
    let now = Utc::now();
    // Mine, and those overdue (the step or the whole case) one level below me.
    let mut picked: Vec<(case_step::Model, bool, Option<DateTime<Utc>>)> = Vec::new();
    for row in rows {
        let case_due = cases.get(&row.case_id).and_then(|c| c.due_at);
        let due = [row.due_at, case_due].into_iter().flatten().min();
        if engine::waits_for(&row, actor) {
            picked.push((row, false, due));
        } else if due.is_some_and(|d| d < now)
            && escalated_to(&engine::roles_of(&row))
                .iter()
                .any(|r| actor.has_role(*r))
        {
            picked.push((row, true, due));
        }
    }
    let defs = definitions(ctx, picked.iter().map(|(s, _, _)| s.case_id)).await?;
    let mut out = Vec::new();
    for (row, escalated, due_at) in picked {
        let def = defs
            .get(&row.case_id)
            .cloned()
            .ok_or_else(|| AppError::internal("task without case or SOP version"))?;
        out.push(Task {
            kind: TaskKind::CaseStep,
            due_at,
            since: row.started_at,
            escalated,
            subject: Subject::Step(CaseStep { row, def }),
        });
    }
    let setting = ctx.loaders().offices.load_one(office).await?;
    let closing = closing_roles(setting.and_then(|o| o.closing_roles).as_ref());
    if closing.iter().any(|r| actor.has_role(*r)) {
        let asked = crate::store::case_transfers::waiting_for(db, office).await?;
        out.extend(asked.into_iter().map(|t| Task {
            kind: TaskKind::CaseTransferToAnswer,
            due_at: None,
            escalated: false,
            since: t.requested_at,
            subject: Subject::Transfer(t),
        }));
    }
    if RECEIVING_ROLES.iter().any(|r| actor.has_role(*r)) {
        let arriving = crate::store::journeys::legs_at_office(
            db,
            office,
            OfficeEnd::Receiving,
            Some(LegStatus::Departed),
        )
        .await?;
        out.extend(arriving.into_iter().map(|l| Task {
            kind: TaskKind::RelayLegArriving,
            due_at: None,
            escalated: false,
            since: l.departed_at.unwrap_or_else(Utc::now),
            subject: Subject::Leg(l),
        }));
    }
    Ok(out)
}

async fn institution_tasks(ctx: &Context<'_>, inst: Uuid) -> AppResult<Vec<Task>> {
    let db = &ctx.app().db;
    let mut out = Vec::new();
    for r in crate::store::referrals::addressed_to(db, inst, None).await? {
        let kind = match r.status {
            ReferralStatus::Pending => TaskKind::ReferralToAnswer,
            ReferralStatus::Accepted => TaskKind::AdmissionToConfirm,
            _ => continue,
        };
        out.push(Task {
            kind,
            due_at: None,
            escalated: false,
            since: r.answered_at.unwrap_or(r.sent_at),
            subject: Subject::Referral(r),
        });
    }
    let apps = crate::store::lks_applications::waiting_on_lks(db, inst).await?;
    let cases = ctx
        .loaders()
        .cases
        .load_many(apps.iter().map(|a| a.id))
        .await?;
    let defs = definitions(ctx, apps.iter().map(|a| a.id)).await?;
    for a in apps {
        let at_receipt = cases.get(&a.id).zip(defs.get(&a.id)).is_some_and(|(c, d)| {
            c.current_step_key
                .as_deref()
                .and_then(|k| d.step(k))
                .is_some_and(|s| s.record == Some(StepRecord::LksReceipt))
        });
        let kind = match a.status {
            ApplicationStatus::Returned => TaskKind::LksApplicationReturned,
            ApplicationStatus::InReview if at_receipt => TaskKind::LksReceiptToSign,
            _ => continue,
        };
        out.push(Task {
            kind,
            due_at: None,
            escalated: false,
            since: a.submitted_at.unwrap_or(a.created_at),
            subject: Subject::Application(a),
        });
    }
    Ok(out)
}

/// The SOP definition of each case, each version parsed once.
async fn definitions(
    ctx: &Context<'_>,
    case_ids: impl Iterator<Item = Uuid>,
) -> AppResult<HashMap<Uuid, Arc<SopDefinition>>> {
    let cases = ctx.loaders().cases.load_many(case_ids).await?;
    let versions = ctx
        .loaders()
        .sop_versions
        .load_many(cases.values().map(|c| c.sop_version_id))
        .await?;
    let mut defs: HashMap<Uuid, Arc<SopDefinition>> = HashMap::new();
    for (id, v) in &versions {
        defs.insert(*id, Arc::new(definition_of(v)?));
    }
    Ok(cases
        .into_iter()
        .filter_map(|(id, c)| defs.get(&c.sop_version_id).map(|d| (id, d.clone())))
        .collect())
}
