//! Step runs of a case in the schema, with their clock pauses, and the caller's tasks.
use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use entity::{Role, case_step, case_step::StepStatus, clock_pause};
use uuid::Uuid;

use crate::api::cases::Case;
use crate::api::context::ContextExt;
use crate::api::documents::Document;
use crate::api::users::{User, user_by_id};
use crate::engine;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult};
use crate::infra::ids::to_id;
use crate::rules::sop::definition_of;
use crate::rules::sop::{SopDefinition, StandardTime, TimeRule, standard_time};

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
    /// Documents attached when the step was done.
    async fn documents(&self, ctx: &Context<'_>) -> AppResult<Vec<Document>> {
        let docs = ctx.loaders().step_documents.load_one(self.row.id).await?;
        Ok(docs.unwrap_or_default().into_iter().map(Document).collect())
    }
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

#[derive(Default)]
pub struct CaseTasksQuery;

#[Object]
impl CaseTasksQuery {
    /// The steps waiting for one of the caller's roles in their office, soonest due first
    /// (steps without a due time last).
    async fn my_tasks(&self, ctx: &Context<'_>) -> AppResult<Vec<CaseStep>> {
        let actor = ctx.actor()?;
        let office = casework_office(actor)?;
        let rows = crate::store::cases::active_steps_of_office(&ctx.app().db, office).await?;
        let mut mine: Vec<case_step::Model> = rows
            .into_iter()
            .filter(|s| engine::roles_of(s).iter().any(|r| actor.has_role(*r)))
            .collect();
        mine.sort_by_key(|s| (s.due_at.is_none(), s.due_at, s.started_at));
        let cases = ctx
            .loaders()
            .cases
            .load_many(mine.iter().map(|s| s.case_id))
            .await?;
        let versions = ctx
            .loaders()
            .sop_versions
            .load_many(cases.values().map(|c| c.sop_version_id))
            .await?;
        // Each SOP version's definition is read once for all its steps.
        let mut defs: std::collections::HashMap<Uuid, Arc<SopDefinition>> = Default::default();
        for (id, v) in &versions {
            defs.insert(*id, Arc::new(definition_of(v)?));
        }
        let mut out = Vec::new();
        for row in mine {
            let def = cases
                .get(&row.case_id)
                .and_then(|c| defs.get(&c.sop_version_id))
                .cloned()
                .ok_or_else(|| AppError::internal("task without case or SOP version"))?;
            out.push(CaseStep { row, def });
        }
        Ok(out)
    }
}
