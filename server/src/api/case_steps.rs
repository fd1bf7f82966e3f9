//! Step runs of a case in the schema, with their clock pauses, and the caller's tasks.
use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{Role, case_step, case_step::StepStatus, clock_pause, document_kind::DocumentKind};

use crate::api::cases::Case;
use crate::api::context::ContextExt;
use crate::api::documents::Document;
use crate::api::users::{User, user_by_id};
use crate::engine;
use crate::engine::StepActionKind;
use crate::infra::error::AppResult;
use crate::infra::i18n::Locale;
use crate::infra::ids::to_id;
use crate::rules::sop::{SopDefinition, StandardTime, StepCheck, TimeRule, standard_time};

pub struct CaseStep {
    pub row: case_step::Model,
    pub def: Arc<SopDefinition>,
}

/// A step run: who it waits for, its service-time standard against the time taken, and
/// what was recorded when it was done.
#[Object]
impl CaseStep {
    async fn id(&self) -> ID {
        to_id(self.row.id)
    }
    async fn case_id(&self) -> ID {
        to_id(self.row.case_id)
    }
    async fn case(&self, ctx: &Context<'_>) -> AppResult<Option<Case>> {
        let found = ctx.loaders().cases.load_one(self.row.case_id).await?;
        match found {
            Some(c) => Ok(Some(Case::load(ctx, c).await?)),
            None => Ok(None),
        }
    }
    async fn key(&self) -> &str {
        &self.row.step_key
    }
    /// The printed step number; empty for a branch target.
    async fn number(&self) -> String {
        self.def
            .step(&self.row.step_key)
            .map(|s| s.number.clone())
            .unwrap_or_default()
    }
    async fn text(&self) -> String {
        self.def
            .step(&self.row.step_key)
            .map(|s| s.text.clone())
            .or_else(|| self.def.target(&self.row.step_key).map(|t| t.text.clone()))
            .unwrap_or_default()
    }
    async fn text_en(&self) -> String {
        self.def
            .step(&self.row.step_key)
            .map(|s| s.text_en.clone())
            .or_else(|| {
                self.def
                    .target(&self.row.step_key)
                    .map(|t| t.text_en.clone())
            })
            .unwrap_or_default()
    }
    async fn status(&self) -> StepStatus {
        self.row.status
    }
    /// The roles the step waits for now (the next initials of a chain).
    async fn waiting_for(&self) -> Vec<Role> {
        if self.row.status == StepStatus::Active {
            engine::roles_of(&self.row)
        } else {
            Vec::new()
        }
    }
    async fn started_at(&self) -> DateTime<Utc> {
        self.row.started_at
    }
    /// Null without a standard time, or while the clock is paused.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.row.due_at
    }
    /// Past its due time and not done.
    async fn overdue(&self) -> bool {
        self.row.status == StepStatus::Active && self.row.due_at.is_some_and(|d| d < Utc::now())
    }
    /// Mutu Baku Waktu as printed (`6½ hari`); empty when the step has none.
    async fn standard_time(&self) -> String {
        self.def
            .step(&self.row.step_key)
            .map(|s| s.time.clone())
            .unwrap_or_default()
    }
    /// The standard time in minutes under the SOP's time rule (a working day counts its
    /// office hours); null when none.
    async fn standard_minutes(&self) -> Option<i64> {
        let t = standard_time(&self.def.step(&self.row.step_key)?.time).ok()??;
        Some(match (t, self.def.time_rule) {
            (StandardTime::Minutes(m), _) => i64::from(m),
            (StandardTime::Days(d), TimeRule::WorkingDays) => {
                (d * crate::rules::clock::WorkingCalendar::wib([]).minutes_per_day() as f64) as i64
            }
            (StandardTime::Days(d), _) => (d * 1440.0) as i64,
        })
    }
    /// Minutes from start to completion (or until now), less the paused time.
    async fn taken_minutes(&self, ctx: &Context<'_>) -> AppResult<i64> {
        let end = self.row.completed_at.unwrap_or_else(Utc::now);
        let paused: i64 = self
            .pause_rows(ctx)
            .await?
            .iter()
            .map(|p| {
                (p.resumed_at.unwrap_or(end).min(end) - p.paused_at)
                    .num_minutes()
                    .max(0)
            })
            .sum();
        Ok(((end - self.row.started_at).num_minutes() - paused).max(0))
    }
    async fn paused(&self, ctx: &Context<'_>) -> AppResult<bool> {
        Ok(self
            .pause_rows(ctx)
            .await?
            .iter()
            .any(|p| p.resumed_at.is_none()))
    }
    async fn pauses(&self, ctx: &Context<'_>) -> AppResult<Vec<ClockPause>> {
        Ok(self
            .pause_rows(ctx)
            .await?
            .into_iter()
            .map(ClockPause)
            .collect())
    }
    async fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.row.completed_at
    }
    async fn completed_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.row.completed_by).await
    }
    async fn completed_role(&self) -> Option<Role> {
        self.row.completed_role
    }
    async fn branch(&self) -> Option<&str> {
        self.row.branch.as_deref()
    }
    async fn note(&self) -> Option<&str> {
        self.row.note.as_deref()
    }
    async fn output(&self) -> Option<&str> {
        self.row.output.as_deref()
    }
    /// The one person the run waits for, when a disposition named them.
    async fn assignee(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.row.assignee_id).await
    }
    /// Who proposed `branch` while it waits for its approver.
    async fn proposed_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.row.proposed_by).await
    }
    /// What can be done at this open step (empty once done): each action with the mutation
    /// that does it and whether the caller may, or why not.
    async fn actions(&self, ctx: &Context<'_>) -> AppResult<Vec<StepActionItem>> {
        let actor = ctx.actor()?;
        let locale = ctx.locale();
        let settled = settled_checks(ctx, &self.def, &self.row).await?;
        Ok(engine::actions_of(&self.def, &self.row, actor, &settled)
            .into_iter()
            .map(|a| StepActionItem {
                kind: a.kind,
                mutation: a.kind.mutation().to_owned(),
                allowed: a.refused.is_none(),
                refused_because: a.refused.as_ref().map(|m| locale.pick(m).to_owned()),
            })
            .collect())
    }
    /// What completing this open step takes and what is still missing: its documents and
    /// checks, and each branch's own (null once done).
    async fn requirements(&self, ctx: &Context<'_>) -> AppResult<Option<StepRequirements>> {
        if self.row.status != StepStatus::Active {
            return Ok(None);
        }
        let Some(case) = ctx.loaders().cases.load_one(self.row.case_id).await? else {
            return Ok(None);
        };
        let case = engine::CaseCtx {
            case,
            def: (*self.def).clone(),
        };
        let needs = engine::needs_of(&ctx.app().db, &case, &self.row.step_key).await?;
        Ok(Some(StepRequirements::from_needs(needs, ctx.locale())))
    }
    /// Documents attached when the step was done.
    async fn documents(&self, ctx: &Context<'_>) -> AppResult<Vec<Document>> {
        let docs = ctx.loaders().step_documents.load_one(self.row.id).await?;
        Ok(docs.unwrap_or_default().into_iter().map(Document).collect())
    }
}

/// The checks an action prepares at this open step that are already met (a letter
/// numbered, a referral accepted): those actions are done and no longer offered. No query
/// when the step names none.
pub async fn settled_checks(
    ctx: &Context<'_>,
    def: &Arc<SopDefinition>,
    row: &case_step::Model,
) -> AppResult<Vec<StepCheck>> {
    let prepared = engine::prepared_checks(def, &row.step_key);
    if prepared.is_empty() || row.status != StepStatus::Active {
        return Ok(Vec::new());
    }
    let Some(case) = ctx.loaders().cases.load_one(row.case_id).await? else {
        return Ok(Vec::new());
    };
    let case = engine::CaseCtx {
        case,
        def: (**def).clone(),
    };
    let lacking = engine::lacking(&ctx.app().db, &case, &[], &prepared, &[]).await?;
    Ok(prepared
        .into_iter()
        .filter(|c| !lacking.checks.iter().any(|u| u.check == *c))
        .collect())
}

impl CaseStep {
    async fn pause_rows(&self, ctx: &Context<'_>) -> AppResult<Vec<clock_pause::Model>> {
        Ok(ctx
            .loaders()
            .step_pauses
            .load_one(self.row.id)
            .await?
            .unwrap_or_default())
    }
}

pub struct ClockPause(pub clock_pause::Model);

#[Object]
impl ClockPause {
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn paused_at(&self) -> DateTime<Utc> {
        self.0.paused_at
    }
    async fn resumed_at(&self) -> Option<DateTime<Utc>> {
        self.0.resumed_at
    }
}

/// One thing that can be done at an open step.
#[derive(SimpleObject)]
pub struct StepActionItem {
    pub kind: StepActionKind,
    /// The mutation that does it (`completeStep`, `addInitials`, `referCase`, …).
    pub mutation: String,
    /// Whether the caller may do it now.
    pub allowed: bool,
    /// Why not, in the request's language (null when allowed).
    pub refused_because: Option<String>,
}

/// What completing a step takes: documents the case must hold, checks that must be met,
/// and each branch's own; `ready` says whether nothing is missing.
#[derive(SimpleObject)]
pub struct StepRequirements {
    pub documents: Vec<DocumentNeed>,
    pub checks: Vec<CheckNeed>,
    pub branches: Vec<BranchNeed>,
    /// Nothing missing for the step itself (a branching step: for at least one branch).
    pub ready: bool,
    /// Completing it takes a reason in `note` (a way out of a branch target: the family
    /// was not found, the waiting ended).
    pub asks_reason: bool,
}

#[derive(SimpleObject)]
pub struct DocumentNeed {
    pub kind: DocumentKind,
    pub held: bool,
}

#[derive(SimpleObject)]
pub struct CheckNeed {
    pub check: StepCheck,
    pub met: bool,
    /// What is missing and what to do, when not met.
    pub message: Option<String>,
    /// Other ways the office may go when this cannot be met (`SHELTER`, `RUJUKAN_PPKS`).
    pub alternatives: Vec<String>,
}

#[derive(SimpleObject)]
pub struct BranchNeed {
    pub name: String,
    pub label: String,
    /// Roles of which one approves this branch (empty: the worker decides).
    pub approved_by: Vec<Role>,
    pub documents: Vec<DocumentNeed>,
    pub checks: Vec<CheckNeed>,
    pub ready: bool,
    /// It leads into a waiting state: `completeStep` takes a reason (`note`) and a review
    /// date (`reviewAt`).
    pub asks_review_date: bool,
}

impl StepRequirements {
    fn from_needs(n: engine::StepNeeds, locale: Locale) -> Self {
        let docs = |kinds: &[DocumentKind]| -> Vec<DocumentNeed> {
            kinds
                .iter()
                .map(|k| DocumentNeed {
                    kind: *k,
                    held: !n.lacking.documents.contains(k),
                })
                .collect()
        };
        let checks = |list: &[StepCheck]| -> Vec<CheckNeed> {
            list.iter()
                .map(|c| {
                    let unmet = n.lacking.checks.iter().find(|u| u.check == *c);
                    CheckNeed {
                        check: *c,
                        met: unmet.is_none(),
                        message: unmet.map(|u| locale.pick(&u.why).to_owned()),
                        alternatives: unmet
                            .map(|u| u.alternatives.iter().map(|a| (*a).to_owned()).collect())
                            .unwrap_or_default(),
                    }
                })
                .collect()
        };
        let branches: Vec<BranchNeed> = n
            .branches
            .iter()
            .map(|b| {
                let documents = docs(&b.documents);
                let checks = checks(&b.checks);
                let ready = documents.iter().all(|d| d.held) && checks.iter().all(|c| c.met);
                BranchNeed {
                    name: b.name.clone(),
                    label: match locale {
                        Locale::Id => b.label.clone(),
                        Locale::En => b.label_en.clone(),
                    },
                    approved_by: b.approved_by.clone(),
                    documents,
                    checks,
                    ready,
                    asks_review_date: n.into_waiting.contains(&b.name),
                }
            })
            .collect();
        let documents = docs(&n.documents);
        let checks = checks(&n.checks);
        let own = documents.iter().all(|d| d.held) && checks.iter().all(|c| c.met);
        let ready = own && (branches.is_empty() || branches.iter().any(|b| b.ready));
        Self {
            documents,
            checks,
            branches,
            ready,
            asks_reason: n.asks_reason,
        }
    }
}
