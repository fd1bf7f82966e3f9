//! Reports (how a case arrived) and assessments in the schema.
use async_graphql::{
    Context, ID, InputObject, Object,
    connection::{Connection, OpaqueCursor},
};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    assessment::{self, Eligibility},
    document_kind::DocumentKind,
    report::{self, ReportChannel, ReporterType},
};
use uuid::Uuid;

use crate::store::assessments::FamilyContact;

use crate::actions::intake::{NewAssessment, NewReport};
use crate::api::clients::Client;
use crate::api::context::ContextExt;
use crate::api::pagination::{connection, page_args};
use crate::api::users::User;
use crate::infra::auth::casework_office;
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};

pub struct Report(pub report::Model);

/// A report or application (laporan / permohonan), as entered in the incoming-letter
/// agenda book (buku agenda surat masuk).
#[Object]
impl Report {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    /// The entry in the agenda book: `012/2026`.
    async fn agenda_entry(&self) -> String {
        format!("{:03}/{}", self.0.agenda_number, self.0.agenda_year)
    }
    async fn reporter_type(&self) -> ReporterType {
        self.0.reporter_type
    }
    async fn reporter_name(&self) -> Option<&str> {
        self.0.reporter_name.as_deref()
    }
    async fn reporter_contact(&self) -> Option<&str> {
        self.0.reporter_contact.as_deref()
    }
    async fn channel(&self) -> ReportChannel {
        self.0.channel
    }
    /// The number of the letter that came with it (e.g. the Polres letter).
    async fn reference_letter_number(&self) -> Option<&str> {
        self.0.reference_letter_number.as_deref()
    }
    async fn reference_letter_date(&self) -> Option<NaiveDate> {
        self.0.reference_letter_date
    }
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.received_at
    }
    async fn received_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        Ok(ctx
            .loaders()
            .users
            .load_one(self.0.received_by)
            .await?
            .map(User))
    }
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    async fn client_id(&self) -> Option<ID> {
        self.0.client_id.map(to_id)
    }
}

pub struct Assessment(pub assessment::Model);

/// An assessment (asesmen) of a client: findings and the eligibility decision. A correction
/// is a new version; `supersededBy` points from the old one to it.
#[Object]
impl Assessment {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    async fn client_id(&self) -> ID {
        to_id(self.0.client_id)
    }
    async fn report_id(&self) -> Option<ID> {
        self.0.report_id.map(to_id)
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The assessment this version corrects.
    async fn corrects(&self) -> Option<ID> {
        self.0.corrects.map(to_id)
    }
    /// The correction that replaced this version; null for the current one.
    async fn superseded_by(&self) -> Option<ID> {
        self.0.superseded_by.map(to_id)
    }
    async fn condition(&self) -> Option<&str> {
        self.0.condition.as_deref()
    }
    async fn needs(&self) -> Option<&str> {
        self.0.needs.as_deref()
    }
    async fn family_contacts(&self) -> Vec<FamilyContact> {
        serde_json::from_value(self.0.family_contacts.clone()).unwrap_or_default()
    }
    async fn documents_present(&self) -> Vec<DocumentKind> {
        serde_json::from_value(self.0.documents_present.clone()).unwrap_or_default()
    }
    async fn eligibility(&self) -> Eligibility {
        self.0.eligibility
    }
    async fn eligibility_reason(&self) -> Option<&str> {
        self.0.eligibility_reason.as_deref()
    }
    async fn assessed_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        Ok(ctx
            .loaders()
            .users
            .load_one(self.0.assessed_by)
            .await?
            .map(User))
    }
    async fn assessed_at(&self) -> DateTime<Utc> {
        self.0.assessed_at
    }
}

#[derive(InputObject)]
pub struct RecordReportInput {
    /// A UUID made on the phone: a resend returns the same report.
    pub id: ID,
    pub client_id: Option<ID>,
    pub reporter_type: ReporterType,
    pub reporter_name: Option<String>,
    pub reporter_contact: Option<String>,
    pub channel: ReportChannel,
    pub reference_letter_number: Option<String>,
    pub reference_letter_date: Option<NaiveDate>,
    /// Default: now.
    pub received_at: Option<DateTime<Utc>>,
    pub summary: String,
}

#[derive(InputObject)]
pub struct RecordAssessmentInput {
    /// A UUID made on the phone: a resend returns the same assessment.
    pub id: ID,
    pub client_id: ID,
    pub report_id: Option<ID>,
    /// To correct an assessment, give the current version's id: the new one replaces it and
    /// the old stays in the record.
    pub corrects: Option<ID>,
    pub condition: Option<String>,
    pub needs: Option<String>,
    #[graphql(default)]
    pub family_contacts: Vec<FamilyContact>,
    #[graphql(default)]
    pub documents_present: Vec<DocumentKind>,
    pub eligibility: Eligibility,
    /// Required unless the eligibility is UNDECIDED.
    pub eligibility_reason: Option<String>,
}

/// Logs the caller's read of `records` of `entity`, through `how`.
async fn log(
    ctx: &Context<'_>,
    entity: &'static str,
    records: &[(Uuid, Uuid)],
    how: &str,
) -> AppResult<()> {
    crate::infra::reads::log_reads(&ctx.reader()?, entity, records, how).await
}

#[derive(Default)]
pub struct IntakeQuery;

#[Object]
impl IntakeQuery {
    /// A report of the caller's office, or null.
    async fn report(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Report>> {
        let Ok(office) = casework_office(ctx.actor()?) else {
            // Not office staff (a partner, the admin): nothing of an office is theirs to see.
            return Ok(None);
        };
        let found = crate::store::reports::in_office(&ctx.app().db, office, parse_id(&id)?).await?;
        if let Some(r) = &found {
            log(ctx, "report", &[(r.id, r.office_id)], "report").await?;
        }
        Ok(found.map(Report))
    }

    /// The office's reports, newest first; optionally those of one client.
    async fn reports(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        client_id: Option<ID>,
    ) -> AppResult<Connection<OpaqueCursor<Uuid>, Report>> {
        let office = casework_office(ctx.actor()?)?;
        let (first, after) = page_args::<Uuid>(first, after)?;
        let client_id = client_id.as_ref().map(parse_id).transpose()?;
        let rows =
            crate::store::reports::page_of_office(&ctx.app().db, office, client_id, after, first)
                .await?;
        let page: Vec<(Uuid, Uuid)> = rows
            .iter()
            .take(first as usize)
            .map(|r| (r.id, r.office_id))
            .collect();
        log(ctx, "report", &page, "reports").await?;
        Ok(connection(
            rows.into_iter().map(|m| (m.id, Report(m))).collect(),
            first,
            after.is_some(),
        ))
    }

    /// An assessment (any version) of the caller's office, or null.
    async fn assessment(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Assessment>> {
        let Ok(office) = casework_office(ctx.actor()?) else {
            // Not office staff (a partner, the admin): nothing of an office is theirs to see.
            return Ok(None);
        };
        let found =
            crate::store::assessments::in_office(&ctx.app().db, office, parse_id(&id)?).await?;
        if let Some(a) = &found {
            log(ctx, "assessment", &[(a.id, a.office_id)], "assessment").await?;
        }
        Ok(found.map(Assessment))
    }
}

/// Assessments of a client, newest first (for `Client.assessments`), batched across the
/// clients of a request. Reading them through the client is covered by that client's
/// `client.read` event, so no further write happens per client.
pub async fn assessments_of(
    ctx: &Context<'_>,
    client: &Client,
    include_superseded: bool,
) -> AppResult<Vec<Assessment>> {
    let all = ctx
        .loaders()
        .client_assessments
        .load_one(client.0.id)
        .await?
        .unwrap_or_default();
    Ok(all
        .into_iter()
        .filter(|a| {
            a.office_id == client.0.office_id && (include_superseded || a.superseded_by.is_none())
        })
        .map(Assessment)
        .collect())
}

#[derive(Default)]
pub struct IntakeMutation;

#[Object]
impl IntakeMutation {
    /// Records a report or application and enters it in the agenda book.
    async fn record_report(
        &self,
        ctx: &Context<'_>,
        input: RecordReportInput,
    ) -> AppResult<Report> {
        let actor = ctx.actor()?;
        let client_id = input.client_id.as_ref().map(parse_id).transpose()?;
        let r = crate::actions::intake::record_report(
            ctx.app(),
            ctx.meta(),
            actor,
            parse_id(&input.id)?,
            NewReport {
                client_id,
                reporter_type: input.reporter_type,
                reporter_name: input.reporter_name,
                reporter_contact: input.reporter_contact,
                channel: input.channel,
                reference_letter_number: input.reference_letter_number,
                reference_letter_date: input.reference_letter_date,
                received_at: input.received_at,
                summary: input.summary,
            },
        )
        .await?;
        Ok(Report(r))
    }

    /// Records an assessment of a client, or a correction of the current one.
    async fn record_assessment(
        &self,
        ctx: &Context<'_>,
        input: RecordAssessmentInput,
    ) -> AppResult<Assessment> {
        let actor = ctx.actor()?;
        let a = crate::actions::intake::record_assessment(
            ctx.app(),
            ctx.meta(),
            actor,
            parse_id(&input.id)?,
            NewAssessment {
                client_id: parse_id(&input.client_id)?,
                report_id: input.report_id.as_ref().map(parse_id).transpose()?,
                corrects: input.corrects.as_ref().map(parse_id).transpose()?,
                condition: input.condition,
                needs: input.needs,
                family_contacts: input.family_contacts,
                documents_present: input.documents_present,
                eligibility: input.eligibility,
                eligibility_reason: input.eligibility_reason,
            },
        )
        .await?;
        Ok(Assessment(a))
    }
}
