//! Cases in the schema: the case itself, its reunification, and the office's case lists.
use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{
    case_step, case_step::StepStatus, reunification, reunification::ReunificationMode,
    service_case, service_case::CaseOutcome, service_case::CaseStatus, sop_version,
};
use uuid::Uuid;

use crate::api::approvals::Approval;
use crate::api::case_steps::CaseStep;
use crate::api::clients::Client;
use crate::api::context::ContextExt;
use crate::api::letters::Letter;
use crate::api::referrals::Referral;
use crate::api::sops::SopVersion;
use crate::api::users::{User, user_by_id};
use crate::infra::auth::casework_office;
use crate::infra::error::{AppError, AppResult};
use crate::infra::ids::{parse_id, to_id};
use crate::infra::write::Call;
use crate::rules::sop::SopDefinition;
use crate::store::assessments::FamilyContact;
use crate::store::cases::CaseFilter;

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
    /// Changes with everything that changes the case (its steps, approvals, referral,
    /// journey). Send it as `expectedVersion` with a decision made on what you read, so
    /// that a case that has moved on meanwhile refuses it (CASE_MOVED_ON).
    async fn version(&self) -> i32 {
        self.row.change_seq
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
        // A client transferred to another office is theirs now: the sending case names nobody.
        let found = crate::store::clients::by_id(&ctx.app().db, id)
            .await?
            .filter(|c| c.office_id == self.row.office_id);
        if let Some(c) = &found {
            crate::infra::reads::log_reads(
                &ctx.reader()?,
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
        Ok(crate::store::approvals::of_case(&ctx.app().db, self.row.id)
            .await?
            .into_iter()
            .map(Approval)
            .collect())
    }
    /// Referrals to UPTs/panti, oldest first (a declined one stays).
    async fn referrals(&self, ctx: &Context<'_>) -> AppResult<Vec<Referral>> {
        Ok(crate::store::referrals::of_case(&ctx.app().db, self.row.id)
            .await?
            .into_iter()
            .map(Referral)
            .collect())
    }
    async fn reunification(&self, ctx: &Context<'_>) -> AppResult<Option<Reunification>> {
        Ok(
            crate::store::reunifications::of_case(&ctx.app().db, self.row.id)
                .await?
                .map(Reunification),
        )
    }
    /// The journey home (return procedures), with its legs (a failed one stays, the legs
    /// planned again from where the client was follow) and where the client is now.
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
    /// The SOP's declared total time for the whole case ("7 hari"); empty when none.
    async fn standard_time(&self) -> &str {
        &self.def.declared_total
    }
    /// When the whole case is due by that standard (the SOP's time rule, paused time left
    /// out); null without one or while a clock is paused.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.row.due_at
    }
    /// Open and past its due time.
    async fn overdue(&self) -> bool {
        self.row.status == CaseStatus::Open && self.row.due_at.is_some_and(|d| d < Utc::now())
    }
    /// Who closed the case by a decision (`closeCase`); null when its last step closed it.
    async fn closed_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, self.row.closed_by).await
    }
    /// Why it was closed by a decision.
    async fn close_reason(&self) -> Option<&str> {
        self.row.close_reason.as_deref()
    }
    /// The case of another procedure this one continues (a Mr X referred after a return
    /// case could not send him home).
    async fn continued_from(&self, ctx: &Context<'_>) -> AppResult<Option<Case>> {
        linked(ctx, self.row.office_id, self.row.continued_from_case_id).await
    }
    /// The case this one went on in (its outcome is CONTINUED).
    async fn continued_in(&self, ctx: &Context<'_>) -> AppResult<Option<Case>> {
        linked(ctx, self.row.office_id, self.row.continued_in_case_id).await
    }
    /// Transfers to or from another Dinas Sosial that concern this case (the one that sent
    /// it away, or the one it was opened from), oldest first.
    async fn transfers(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<crate::api::case_transfers::CaseTransfer>> {
        Ok(
            crate::store::case_transfers::of_case(&ctx.app().db, self.row.office_id, self.row.id)
                .await?
                .into_iter()
                .map(crate::api::case_transfers::CaseTransfer)
                .collect(),
        )
    }
    /// True when nothing may change it: closed by a decision, until it is reopened.
    async fn read_only(&self) -> bool {
        self.row.status == CaseStatus::Closed
            && self.row.outcome.is_some_and(CaseOutcome::by_decision)
    }
}

/// A linked case of the same office.
async fn linked(ctx: &Context<'_>, office: Uuid, id: Option<Uuid>) -> AppResult<Option<Case>> {
    let Some(id) = id else { return Ok(None) };
    match crate::store::cases::in_office(&ctx.app().db, office, id).await? {
        Some(c) => Ok(Some(Box::pin(Case::load(ctx, c)).await?)),
        None => Ok(None),
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
    /// A case of the caller's office (an API client: of its reach), or null.
    async fn case(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Case>> {
        let viewer = ctx.viewer()?;
        // Not office staff (a partner, the admin): nothing of an office is theirs to see.
        match crate::store::cases::by_id(&ctx.app().db, parse_id(&id)?)
            .await?
            .filter(|c| viewer.reads_office(c.office_id))
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
        let filter = CaseFilter {
            status,
            client_id: client_id.as_ref().map(parse_id).transpose()?,
        };
        let mut out = Vec::new();
        for row in crate::store::cases::newest_of_office(&ctx.app().db, office, filter).await? {
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
        let mut rows =
            crate::store::cases::changed_since(&ctx.app().db, office, since, first).await?;
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
}

/// The ids of a list argument, or BAD_USER_INPUT for the first malformed one.
pub(crate) fn ids(list: &[ID]) -> AppResult<Vec<Uuid>> {
    list.iter().map(parse_id).collect()
}

/// The write call of a mutation: who makes it, and its replay key `key`.
pub(crate) fn call<'a>(ctx: &'a Context<'_>, key: &ID) -> AppResult<Call<'a>> {
    Ok(Call {
        state: ctx.app(),
        meta: ctx.meta(),
        actor: ctx.actor()?,
        key: parse_id(key)?,
        expected_version: None,
    })
}

/// [`call`] for an action decided on the case's version `expected` (see `Case.version`).
pub(crate) fn on_version<'a>(
    ctx: &'a Context<'_>,
    key: &ID,
    expected: Option<i32>,
) -> AppResult<Call<'a>> {
    Ok(Call {
        expected_version: expected,
        ..call(ctx, key)?
    })
}
