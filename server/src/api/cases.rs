use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use entity::{
    Role, approval, approval::ApprovalKind, case_step, case_step::StepStatus, client, client::Sex,
    client_category::PpksCategory, clock_pause, document, referral, referral::ReferralStatus,
    reunification, reunification::ReunificationMode, service_case, service_case::CaseOutcome,
    service_case::CaseStatus, sop_version,
};
use futures_util::{Stream, StreamExt};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio_stream::wrappers::BroadcastStream;
use uuid::Uuid;

use crate::actions::cases::{Approve, ClockChange, CompleteStep, Dispose, OpenCase, SendBack};

use crate::actions::referral as referrals;
use crate::actions::referral::{Admission, Answer, Refer};
use crate::actions::reunification::Reunify;
use crate::api::clients::Client;
use crate::api::context::ContextExt;
use crate::api::documents::Document;
use crate::api::letters::Letter;
use crate::api::offices::Institution;
use crate::api::sops::SopVersion;
use crate::api::users::{User, user_by_id};
use crate::engine;
use crate::infra::auth;
use crate::infra::auth::Scope;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult};
use crate::infra::ids::{parse_id, to_id};
use crate::infra::reads::ReadLog;
use crate::infra::write::Call;
use crate::rules::sop::definition_of;
use crate::rules::sop::{SopDefinition, StandardTime, TimeRule, standard_time};
use crate::store::assessments::FamilyContact;

pub struct Case {
    pub row: service_case::Model,
    pub version: sop_version::Model,
    pub def: Arc<SopDefinition>,
}

impl Case {
    pub async fn load(ctx: &Context<'_>, row: service_case::Model) -> AppResult<Self> {
        let version = ctx
            .loaders()
            .sop_versions
            .load_one(row.sop_version_id)
            .await?
            .ok_or_else(|| AppError::internal("case without SOP version"))?;
        let def = crate::rules::sop::definition_shared(&version)?;
        Ok(Self { row, version, def })
    }

    async fn step_rows(&self, ctx: &Context<'_>) -> AppResult<Vec<case_step::Model>> {
        Ok(ctx
            .loaders()
            .case_steps
            .load_one(self.row.id)
            .await?
            .unwrap_or_default())
    }
}

/// A case (kasus / layanan): one run of the office's SOP for a client, under the version
/// it opened with.
#[Object]
impl Case {
    async fn id(&self) -> ID {
        to_id(self.row.id)
    }
    async fn status(&self) -> CaseStatus {
        self.row.status
    }
    async fn outcome(&self) -> Option<CaseOutcome> {
        self.row.outcome
    }
    /// The SOP version the case runs under (never changed by a newer version).
    async fn sop(&self) -> SopVersion {
        SopVersion {
            row: self.version.clone(),
            def: (*self.def).clone(),
        }
    }
    /// The client (read is logged).
    async fn client(&self, ctx: &Context<'_>) -> AppResult<Option<Client>> {
        let Some(id) = self.row.client_id else {
            return Ok(None);
        };
        let found = client::Entity::find_by_id(id).one(&ctx.app().db).await?;
        if let Some(c) = &found {
            crate::infra::reads::log_reads(
                ctx.app(),
                ctx.meta(),
                ctx.actor()?,
                ctx.data_unchecked::<ReadLog>(),
                "client",
                &[(c.id, c.office_id)],
                "case",
            )
            .await?;
        }
        Ok(found.map(Client))
    }
    async fn report_id(&self) -> Option<ID> {
        self.row.report_id.map(to_id)
    }
    /// The step (or branch target such as reunifikasi_keluarga) the case waits at.
    async fn current_step_key(&self) -> Option<&str> {
        self.row.current_step_key.as_deref()
    }
    async fn current_step(&self, ctx: &Context<'_>) -> AppResult<Option<CaseStep>> {
        Ok(self
            .step_rows(ctx)
            .await?
            .into_iter()
            .find(|s| s.status == StepStatus::Active)
            .map(|row| CaseStep {
                row,
                def: self.def.clone(),
            }))
    }
    /// Every step run in order, including runs sent back.
    async fn steps(&self, ctx: &Context<'_>) -> AppResult<Vec<CaseStep>> {
        Ok(self
            .step_rows(ctx)
            .await?
            .into_iter()
            .map(|row| CaseStep {
                row,
                def: self.def.clone(),
            })
            .collect())
    }
    /// The approvals ledger: dispositions, initials, signatures and returns, in order.
    async fn approvals(&self, ctx: &Context<'_>) -> AppResult<Vec<Approval>> {
        Ok(approval::Entity::find()
            .filter(approval::Column::CaseId.eq(self.row.id))
            .order_by_asc(approval::Column::At)
            .order_by_asc(approval::Column::Id)
            .all(&ctx.app().db)
            .await?
            .into_iter()
            .map(Approval)
            .collect())
    }
    /// Referrals to UPTs/panti, oldest first (a declined one stays).
    async fn referrals(&self, ctx: &Context<'_>) -> AppResult<Vec<Referral>> {
        Ok(referral::Entity::find()
            .filter(referral::Column::CaseId.eq(self.row.id))
            .order_by_asc(referral::Column::SentAt)
            .all(&ctx.app().db)
            .await?
            .into_iter()
            .map(Referral)
            .collect())
    }
    async fn reunification(&self, ctx: &Context<'_>) -> AppResult<Option<Reunification>> {
        Ok(reunification::Entity::find()
            .filter(reunification::Column::CaseId.eq(self.row.id))
            .one(&ctx.app().db)
            .await?
            .map(Reunification))
    }
    /// The journey home (return procedures), with its legs and where the client is now.
    async fn escorted_return(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Option<crate::api::relay::EscortedReturn>> {
        crate::api::relay::return_of_case(ctx, &self.row).await
    }
    /// The case's (first) letter, drafted at the initials step.
    async fn letter(&self, ctx: &Context<'_>) -> AppResult<Option<Letter>> {
        Ok(crate::store::letters::of_case(&ctx.app().db, self.row.id)
            .await?
            .map(Letter))
    }
    /// All the case's letters, in the SOP's order (seed 002: the escort recommendation and
    /// the surat tugas).
    async fn letters(&self, ctx: &Context<'_>) -> AppResult<Vec<Letter>> {
        Ok(
            crate::store::letters::all_of_case(&ctx.app().db, self.row.id)
                .await?
                .into_iter()
                .map(Letter)
                .collect(),
        )
    }
    async fn opened_at(&self) -> DateTime<Utc> {
        self.row.opened_at
    }
    async fn opened_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, Some(self.row.opened_by)).await
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.row.closed_at
    }
}

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

pub struct Approval(pub approval::Model);

/// One record of the approvals ledger (never changed once written).
#[Object]
impl Approval {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn kind(&self) -> ApprovalKind {
        self.0.kind
    }
    async fn step_id(&self) -> ID {
        to_id(self.0.case_step_id)
    }
    async fn actor(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, Some(self.0.actor_user_id)).await
    }
    /// The role acted in: what the step allowed (KADIS or SEKRETARIS for a signature).
    async fn actor_role(&self) -> Role {
        self.0.actor_role
    }
    /// Disposition: who it was passed to.
    async fn to_user(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.0.to_user_id).await
    }
    /// Instruction (disposition), reason (sent back) or remark.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

pub struct Referral(pub referral::Model);

impl Referral {
    /// A UPT that declined keeps the referral's answer, not the person's details.
    fn withheld(&self, ctx: &Context<'_>) -> AppResult<bool> {
        Ok(self.0.status == ReferralStatus::Declined
            && matches!(ctx.actor()?.scope(), Scope::Institution(_)))
    }
}

/// The limited view of a client for a partner (a UPT, an office on a journey), read
/// through `context` (the read is logged).
pub async fn limited_view(
    ctx: &Context<'_>,
    client_id: Uuid,
    context: &'static str,
) -> AppResult<Option<ReferredClient>> {
    let Some(c) = client::Entity::find_by_id(client_id)
        .one(&ctx.app().db)
        .await?
    else {
        return Ok(None);
    };
    crate::infra::reads::log_reads(
        ctx.app(),
        ctx.meta(),
        ctx.actor()?,
        ctx.data_unchecked::<ReadLog>(),
        "client",
        &[(c.id, c.office_id)],
        context,
    )
    .await?;
    let categories = ctx
        .loaders()
        .client_categories
        .load_one(c.id)
        .await?
        .unwrap_or_default();
    Ok(Some(ReferredClient {
        display_name: crate::rules::client_record::display_name(&c),
        sex: c.sex,
        age: crate::rules::client_record::age_of(&c),
        categories,
    }))
}

/// What a UPT (or an office on a journey) sees of the person: enough to decide, nothing more.
#[derive(SimpleObject)]
pub struct ReferredClient {
    /// The name, or the Mr X label.
    pub display_name: String,
    pub sex: Option<Sex>,
    pub age: Option<i32>,
    pub categories: Vec<PpksCategory>,
}

/// A referral to a partner UPT/panti. Its users see this and only this: no path leads
/// from here to the office's case file.
#[Object]
impl Referral {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn status(&self) -> ReferralStatus {
        self.0.status
    }
    async fn institution(&self, ctx: &Context<'_>) -> AppResult<Option<Institution>> {
        Ok(ctx
            .loaders()
            .institutions
            .load_one(self.0.institution_id)
            .await?
            .map(Institution::from))
    }
    /// The referring office's name.
    async fn office_name(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        Ok(ctx
            .loaders()
            .offices
            .load_one(self.0.office_id)
            .await?
            .map(|o| o.name))
    }
    async fn needs_summary(&self) -> &str {
        &self.0.needs_summary
    }
    /// The limited view of the client (the read is logged); withheld from a UPT that declined.
    async fn client(&self, ctx: &Context<'_>) -> AppResult<Option<ReferredClient>> {
        if self.withheld(ctx)? {
            return Ok(None);
        }
        let case = service_case::Entity::find_by_id(self.0.case_id)
            .one(&ctx.app().db)
            .await?;
        let Some(client_id) = case.and_then(|c| c.client_id) else {
            return Ok(None);
        };
        limited_view(ctx, client_id, "referral").await
    }
    /// The documents the office chose to share with the UPT (until it declines).
    async fn shared_documents(&self, ctx: &Context<'_>) -> AppResult<Vec<Document>> {
        if self.withheld(ctx)? {
            return Ok(Vec::new());
        }
        Ok(document::Entity::find()
            .filter(document::Column::Id.is_in(crate::store::referrals::shared_ids(&self.0)))
            .all(&ctx.app().db)
            .await?
            .into_iter()
            .map(Document)
            .collect())
    }
    async fn sent_at(&self) -> DateTime<Utc> {
        self.0.sent_at
    }
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
    async fn decline_reason(&self) -> Option<&str> {
        self.0.decline_reason.as_deref()
    }
    async fn admitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.admitted_at
    }
}

pub struct Reunification(pub reunification::Model);

#[Object]
impl Reunification {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn family(&self) -> FamilyContact {
        FamilyContact {
            name: self.0.family_name.clone(),
            relation: self.0.relation.clone(),
            phone: self.0.phone.clone(),
            address: self.0.address.clone(),
        }
    }
    async fn mode(&self) -> ReunificationMode {
        self.0.mode
    }
    async fn handed_over_at(&self) -> DateTime<Utc> {
        self.0.handed_over_at
    }
    async fn proof_document_id(&self) -> ID {
        to_id(self.0.proof_document_id)
    }
}

/// A page of changed cases, and where the next `changes(since:)` goes on from.
#[derive(SimpleObject)]
pub struct CaseChanges {
    /// Each as it is now (every case at most once per page).
    pub cases: Vec<Case>,
    /// Pass as `since` next time (also when this page is empty).
    pub cursor: String,
    /// More changes wait: ask again at once with `cursor`.
    pub has_more: bool,
}

#[derive(Default)]
pub struct CasesQuery;

#[Object]
impl CasesQuery {
    /// A case of the caller's office, or null.
    async fn case(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Case>> {
        let office = casework_office(ctx.actor()?)?;
        match service_case::Entity::find_by_id(parse_id(&id)?)
            .filter(service_case::Column::OfficeId.eq(office))
            .one(&ctx.app().db)
            .await?
        {
            Some(c) => Ok(Some(Case::load(ctx, c).await?)),
            None => Ok(None),
        }
    }

    /// The office's cases, newest first (at most 100), optionally by status or client.
    async fn cases(
        &self,
        ctx: &Context<'_>,
        status: Option<CaseStatus>,
        client_id: Option<ID>,
    ) -> AppResult<Vec<Case>> {
        let office = casework_office(ctx.actor()?)?;
        let mut q = service_case::Entity::find()
            .filter(service_case::Column::OfficeId.eq(office))
            .order_by_desc(service_case::Column::OpenedAt)
            .limit(100);
        if let Some(s) = status {
            q = q.filter(service_case::Column::Status.eq(s));
        }
        if let Some(c) = client_id {
            q = q.filter(service_case::Column::ClientId.eq(parse_id(&c)?));
        }
        let mut out = Vec::new();
        for row in q.all(&ctx.app().db).await? {
            out.push(Case::load(ctx, row).await?);
        }
        Ok(out)
    }

    /// The office's cases changed since `since` (the `cursor` of the previous answer; left
    /// out: from the beginning), oldest change first, at most `first` (≤ 100). A phone keeps
    /// its copy up to date with it and receives only what changed; change numbers follow
    /// commit order, so nothing committed late is skipped. Office staff only.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        since: Option<String>,
        first: Option<i32>,
    ) -> AppResult<CaseChanges> {
        let office = casework_office(ctx.actor()?)?;
        let (first, since) = crate::api::pagination::page_args_named::<i32>(first, since, "since")?;
        let since = since.unwrap_or(0);
        let mut rows = service_case::Entity::find()
            .filter(service_case::Column::OfficeId.eq(office))
            .filter(service_case::Column::ChangeSeq.gt(since))
            .order_by_asc(service_case::Column::ChangeSeq)
            .limit(first + 1)
            .all(&ctx.app().db)
            .await?;
        let has_more = rows.len() as u64 > first;
        rows.truncate(first as usize);
        let last = rows.last().map(|c| c.change_seq).unwrap_or(since);
        let mut cases = Vec::with_capacity(rows.len());
        for row in rows {
            cases.push(Case::load(ctx, row).await?);
        }
        Ok(CaseChanges {
            cases,
            cursor: async_graphql::connection::CursorType::encode_cursor(
                &async_graphql::connection::OpaqueCursor(last),
            ),
            has_more,
        })
    }

    /// The steps waiting for one of the caller's roles in their office, soonest due first
    /// (steps without a due time last).
    async fn my_tasks(&self, ctx: &Context<'_>) -> AppResult<Vec<CaseStep>> {
        let actor = ctx.actor()?;
        let office = casework_office(actor)?;
        let rows = case_step::Entity::find()
            .filter(case_step::Column::OfficeId.eq(office))
            .filter(case_step::Column::Status.eq(StepStatus::Active))
            .all(&ctx.app().db)
            .await?;
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

    /// A referral: for the addressed UPT/panti's users, or the referring office; else null.
    async fn referral(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Referral>> {
        let actor = ctx.actor()?;
        let q = referral::Entity::find_by_id(parse_id(&id)?);
        let q = match actor.scope() {
            Scope::Institution(i) => q.filter(referral::Column::InstitutionId.eq(i)),
            Scope::Office(_) => q.filter(referral::Column::OfficeId.eq(casework_office(actor)?)),
        };
        Ok(q.one(&ctx.app().db).await?.map(Referral))
    }

    /// UPT/panti users: the referrals addressed to their institution, newest first.
    async fn referrals_to_me(
        &self,
        ctx: &Context<'_>,
        status: Option<ReferralStatus>,
    ) -> AppResult<Vec<Referral>> {
        let Scope::Institution(inst) = ctx.actor()?.scope() else {
            return Ok(Vec::new());
        };
        let mut q = referral::Entity::find()
            .filter(referral::Column::InstitutionId.eq(inst))
            .order_by_desc(referral::Column::SentAt);
        if let Some(s) = status {
            q = q.filter(referral::Column::Status.eq(s));
        }
        Ok(q.all(&ctx.app().db)
            .await?
            .into_iter()
            .map(Referral)
            .collect())
    }
}

#[derive(InputObject, serde::Serialize)]
pub struct OpenCaseInput {
    /// Made on the phone; it becomes the case's id, and a repeated call returns the case.
    pub id: ID,
    /// `RUJUKAN_PPKS` for the referral procedure (seed 000).
    pub sop_code: String,
    pub client_id: ID,
    /// The report or application the case answers (its receipt starts the clock).
    pub report_id: Option<ID>,
}

#[derive(InputObject)]
pub struct CompleteStepInput {
    /// Mutation id made on the phone (replay-safe).
    pub id: ID,
    pub case_id: ID,
    /// The step the worker is doing (`cek_dan_asesmen`); refused when the case is elsewhere.
    pub step_key: String,
    /// At a branching step: its branch (`layak` / `tidak_layak`).
    pub branch: Option<String>,
    pub note: Option<String>,
    pub output: Option<String>,
    #[graphql(default)]
    pub document_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct ApproveInput {
    pub id: ID,
    pub case_id: ID,
    pub step_key: String,
    pub note: Option<String>,
}

#[derive(InputObject)]
pub struct SendBackInput {
    pub id: ID,
    pub case_id: ID,
    pub step_key: String,
    pub reason: String,
}

#[derive(InputObject)]
pub struct DisposeInput {
    pub id: ID,
    pub case_id: ID,
    pub to_user_id: ID,
    pub instruction: String,
}

#[derive(InputObject)]
pub struct ClockInput {
    pub id: ID,
    pub case_id: ID,
    /// Pausing: why (waiting for the family, the police letter, the UPT).
    pub reason: Option<String>,
}

#[derive(InputObject)]
pub struct ReferInput {
    /// Made on the phone; it becomes the referral's id.
    pub id: ID,
    pub case_id: ID,
    pub institution_id: ID,
    /// What the UPT needs to know; it sees this, not the file.
    pub needs_summary: String,
    #[graphql(default)]
    pub shared_document_ids: Vec<ID>,
}

#[derive(InputObject)]
pub struct AnswerReferralInput {
    pub id: ID,
    pub referral_id: ID,
    pub accept: bool,
    /// Required when declining.
    pub reason: Option<String>,
}

#[derive(InputObject)]
pub struct ConfirmAdmissionInput {
    pub id: ID,
    pub referral_id: ID,
    /// When the client arrived (default now).
    pub admitted_at: Option<DateTime<Utc>>,
}

#[derive(InputObject)]
pub struct ReunificationInput {
    /// Made on the phone; it becomes the record's id.
    pub id: ID,
    pub case_id: ID,
    pub family: FamilyContact,
    pub mode: ReunificationMode,
    pub handed_over_at: Option<DateTime<Utc>>,
    /// The berita acara serah terima, uploaded as a HANDOVER_RECORD document.
    pub proof_document_id: ID,
    pub note: Option<String>,
}

pub(crate) fn ids(list: &[ID]) -> AppResult<Vec<Uuid>> {
    list.iter().map(parse_id).collect()
}

pub(crate) fn call<'a>(ctx: &'a Context<'_>, key: &ID) -> AppResult<Call<'a>> {
    Ok(Call {
        state: ctx.app(),
        meta: ctx.meta(),
        actor: ctx.actor()?,
        key: parse_id(key)?,
    })
}

#[derive(Default)]
pub struct CasesMutation;

#[Object]
impl CasesMutation {
    /// Opens a case under the office's adopted SOP; its first step waits.
    async fn open_case(&self, ctx: &Context<'_>, input: OpenCaseInput) -> AppResult<Case> {
        let open = OpenCase {
            sop_code: input.sop_code.trim().to_owned(),
            client_id: parse_id(&input.client_id)?,
            report_id: input.report_id.as_ref().map(parse_id).transpose()?,
        };
        let row = crate::actions::cases::open(&call(ctx, &input.id)?, open).await?;
        Case::load(ctx, row).await
    }

    /// Completes the case's current step. Refused, naming what is missing: a role the step
    /// does not wait for (FORBIDDEN), another step than the current one, a missing document
    /// or record (FAILED_PRECONDITION), a missing or unknown branch (BAD_USER_INPUT).
    async fn complete_step(&self, ctx: &Context<'_>, input: CompleteStepInput) -> AppResult<Case> {
        let c = CompleteStep {
            case_id: parse_id(&input.case_id)?,
            step_key: input.step_key,
            branch: input.branch,
            note: input.note,
            output: input.output,
            document_ids: ids(&input.document_ids)?,
        };
        let row = crate::actions::cases::complete_step(&call(ctx, &input.id)?, c).await?;
        Case::load(ctx, row).await
    }

    /// Paraf on the current initials step, in the step's order of roles.
    async fn add_initials(&self, ctx: &Context<'_>, input: ApproveInput) -> AppResult<Case> {
        approve(ctx, ApprovalKind::Initials, input).await
    }

    /// Tanda tangan on the current signature step, by any of its signer roles; it signs
    /// the case's letter.
    async fn sign_step(&self, ctx: &Context<'_>, input: ApproveInput) -> AppResult<Case> {
        approve(ctx, ApprovalKind::Signature, input).await
    }

    /// Returns the case from an approval step, with a reason, to the step it goes back to.
    async fn send_back(&self, ctx: &Context<'_>, input: SendBackInput) -> AppResult<Case> {
        let s = SendBack {
            case_id: parse_id(&input.case_id)?,
            step_key: input.step_key,
            reason: input.reason,
        };
        let row = crate::actions::cases::send_back(&call(ctx, &input.id)?, s).await?;
        Case::load(ctx, row).await
    }

    /// Disposisi: passes the case to someone below in the office with an instruction.
    async fn dispose_case(&self, ctx: &Context<'_>, input: DisposeInput) -> AppResult<Case> {
        let d = Dispose {
            case_id: parse_id(&input.case_id)?,
            to_user_id: parse_id(&input.to_user_id)?,
            instruction: input.instruction,
        };
        let row = crate::actions::cases::dispose(&call(ctx, &input.id)?, d).await?;
        Case::load(ctx, row).await
    }

    /// Pauses the current step's service-time clock, with a reason.
    async fn pause_clock(&self, ctx: &Context<'_>, input: ClockInput) -> AppResult<Case> {
        clock(ctx, true, input).await
    }

    /// Resumes the paused clock where it stopped.
    async fn resume_clock(&self, ctx: &Context<'_>, input: ClockInput) -> AppResult<Case> {
        clock(ctx, false, input).await
    }

    /// Refers the case's client to a partner UPT/panti at the coordination step.
    async fn refer_case(&self, ctx: &Context<'_>, input: ReferInput) -> AppResult<Referral> {
        let r = Refer {
            case_id: parse_id(&input.case_id)?,
            institution_id: parse_id(&input.institution_id)?,
            needs_summary: input.needs_summary,
            shared_document_ids: ids(&input.shared_document_ids)?,
        };
        Ok(Referral(referrals::refer(&call(ctx, &input.id)?, r).await?))
    }

    /// UPT/panti users: accept a referral, or decline it with a reason.
    async fn answer_referral(
        &self,
        ctx: &Context<'_>,
        input: AnswerReferralInput,
    ) -> AppResult<Referral> {
        let a = Answer {
            referral_id: parse_id(&input.referral_id)?,
            accept: input.accept,
            reason: input.reason,
        };
        Ok(Referral(
            referrals::answer(&call(ctx, &input.id)?, a).await?,
        ))
    }

    /// UPT/panti users: the client arrived.
    async fn confirm_admission(
        &self,
        ctx: &Context<'_>,
        input: ConfirmAdmissionInput,
    ) -> AppResult<Referral> {
        let a = Admission {
            referral_id: parse_id(&input.referral_id)?,
            admitted_at: input.admitted_at,
        };
        Ok(Referral(
            referrals::confirm_admission(&call(ctx, &input.id)?, a).await?,
        ))
    }

    /// Records the family reunification (after NOT ELIGIBLE) and closes the case.
    async fn record_reunification(
        &self,
        ctx: &Context<'_>,
        input: ReunificationInput,
    ) -> AppResult<Reunification> {
        let r = Reunify {
            case_id: parse_id(&input.case_id)?,
            family: input.family,
            mode: input.mode,
            handed_over_at: input.handed_over_at,
            proof_document_id: parse_id(&input.proof_document_id)?,
            note: input.note,
        };
        Ok(Reunification(
            crate::actions::reunification::record(&call(ctx, &input.id)?, r).await?,
        ))
    }
}

async fn approve(ctx: &Context<'_>, kind: ApprovalKind, input: ApproveInput) -> AppResult<Case> {
    let a = Approve {
        case_id: parse_id(&input.case_id)?,
        step_key: input.step_key,
        note: input.note,
    };
    let row = crate::actions::cases::approve(&call(ctx, &input.id)?, kind, a).await?;
    Case::load(ctx, row).await
}

async fn clock(ctx: &Context<'_>, pause: bool, input: ClockInput) -> AppResult<Case> {
    let c = ClockChange {
        case_id: parse_id(&input.case_id)?,
        reason: input.reason,
    };
    let row = crate::actions::cases::set_clock(&call(ctx, &input.id)?, pause, c).await?;
    Case::load(ctx, row).await
}

/// A change to a case or referral, as it is committed (from any server process on the
/// same PostgreSQL database). Fetch the record for the details.
#[derive(SimpleObject)]
pub struct CaseEvent {
    /// `referral.send`, `referral.answer`, `referral.admit`, `case.step_complete`, ...
    pub action: String,
    /// For office users; null for UPT users (the case file is not theirs).
    pub case_id: Option<ID>,
    pub referral_id: Option<ID>,
    /// `leg.depart`, `leg.handover`: the relay leg, for the offices it joins and the case's
    /// (which reads the case from `relayLeg(id) { caseId }`).
    pub leg_id: Option<ID>,
    pub at: DateTime<Utc>,
}

#[derive(Default)]
pub struct CasesSubscription;

#[Subscription]
impl CasesSubscription {
    /// Office caseworkers: changes to their office's cases and referrals, and the relay legs
    /// that leave from, arrive at, or belong to the office's journeys. UPT/panti users:
    /// referrals addressed to their institution (new, and their own answers).
    async fn case_events(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<impl Stream<Item = CaseEvent> + use<>> {
        let actor = ctx.actor()?;
        let scope = match actor.scope() {
            Scope::Office(_) => Scope::Office(casework_office(actor)?),
            s => s,
        };
        let (user_id, session_id) = (actor.user.id, actor.session_id);
        let state = ctx.app().clone();
        let events = BroadcastStream::new(state.audit_feed.subscribe()).filter_map(move |e| {
            let e = e.ok().filter(|e| match scope {
                Scope::Office(o) if e.entity_type == "relay_leg" => on_leg(e, o),
                Scope::Office(o) => {
                    e.office_id == Some(o) && matches!(e.entity_type.as_str(), "case" | "referral")
                }
                Scope::Institution(i) => e.institution_id == Some(i) && e.entity_type == "referral",
            });
            std::future::ready(e)
        });
        Ok(events
            .then(move |e| {
                let state = state.clone();
                async move {
                    // Checked again before each event, like every HTTP request.
                    match auth::load_actor(&state, user_id, session_id).await {
                        Ok(Some(_)) => Some(event_of(&e, scope)),
                        _ => None,
                    }
                }
            })
            .take_while(|e| std::future::ready(e.is_some()))
            .filter_map(std::future::ready))
    }
}

/// Whether office `o` takes part in a relay leg's event: its sending, receiving or case office.
fn on_leg(e: &entity::audit_event::Model, o: Uuid) -> bool {
    let o = o.to_string();
    ["fromOfficeId", "toOfficeId", "caseOfficeId"]
        .iter()
        .any(|k| detail_id(e, k).as_deref() == Some(o.as_str()))
}

fn detail_id(e: &entity::audit_event::Model, key: &str) -> Option<String> {
    e.details
        .as_ref()
        .and_then(|d| d.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

fn event_of(e: &entity::audit_event::Model, scope: Scope) -> CaseEvent {
    let id = e.entity_id.clone().map(ID);
    if e.entity_type == "relay_leg" {
        // The leg only: its case's office reads the case from `relayLeg(id) { caseId }`.
        return CaseEvent {
            action: e.action.clone(),
            case_id: None,
            referral_id: None,
            leg_id: id,
            at: e.at,
        };
    }
    let (case_id, referral_id) = if e.entity_type == "referral" {
        let case = e
            .details
            .as_ref()
            .and_then(|d| d.get("caseId"))
            .and_then(|v| v.as_str())
            .map(|s| ID(s.to_owned()));
        (case, id)
    } else {
        (id, None)
    };
    CaseEvent {
        action: e.action.clone(),
        case_id: if matches!(scope, Scope::Office(_)) {
            case_id
        } else {
            None
        },
        referral_id,
        leg_id: None,
        at: e.at,
    }
}
