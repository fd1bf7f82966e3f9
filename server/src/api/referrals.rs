//! Referrals to partner UPTs/panti in the schema, and the limited view of a client that
//! partners get.
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{client::Sex, client_category::PpksCategory, referral, referral::ReferralStatus};
use uuid::Uuid;

use crate::actions::referral::{OnBehalf, PartnerChannel};
use crate::api::context::ContextExt;
use crate::api::documents::Document;
use crate::api::offices::Institution;
use crate::infra::auth::Scope;
use crate::infra::auth::casework_office;
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};

pub struct Referral(pub referral::Model);

impl Referral {
    /// A UPT that declined (or whose referral was withdrawn) keeps the referral's answer,
    /// not the person's details.
    fn withheld(&self, ctx: &Context<'_>) -> AppResult<bool> {
        Ok(matches!(
            self.0.status,
            ReferralStatus::Declined | ReferralStatus::Withdrawn
        ) && matches!(ctx.actor()?.scope(), Scope::Institution(_)))
    }
}

/// The limited view of a client for a partner (a UPT, an office on a journey), read
/// through `context` (the read is logged).
pub async fn limited_view(
    ctx: &Context<'_>,
    client_id: Uuid,
    context: &'static str,
) -> AppResult<Option<ReferredClient>> {
    let Some(c) = crate::store::clients::by_id(&ctx.app().db, client_id).await? else {
        return Ok(None);
    };
    crate::infra::reads::log_reads(&ctx.reader()?, "client", &[(c.id, c.office_id)], context)
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
        let case = crate::store::cases::by_id(&ctx.app().db, self.0.case_id).await?;
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
        let shared = crate::store::referrals::shared_ids(&self.0);
        Ok(crate::store::documents::by_ids(&ctx.app().db, shared)
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
    /// Set when the referring office recorded the UPT's answer on its behalf (by phone,
    /// letter or visit): with whom and when.
    async fn answer_on_behalf(&self) -> Option<PartnerEvidence> {
        PartnerEvidence::of(self.0.answer_on_behalf.as_ref())
    }
    /// The same for the admission.
    async fn admission_on_behalf(&self) -> Option<PartnerEvidence> {
        PartnerEvidence::of(self.0.admission_on_behalf.as_ref())
    }
    /// Why the office withdrew it.
    async fn withdraw_reason(&self) -> Option<&str> {
        self.0.withdraw_reason.as_deref()
    }
}

/// How the office learned of a partner's answer that it recorded for the partner.
#[derive(SimpleObject)]
pub struct PartnerEvidence {
    pub contact_name: String,
    pub contact_position: String,
    pub channel: PartnerChannel,
    pub contacted_at: DateTime<Utc>,
    pub letter_document_id: Option<ID>,
    /// The office user who recorded it.
    pub recorded_by_id: Option<ID>,
}

impl PartnerEvidence {
    fn of(stored: Option<&serde_json::Value>) -> Option<Self> {
        let v = stored?;
        let b: OnBehalf = serde_json::from_value(v.clone()).ok()?;
        Some(Self {
            contact_name: b.contact_name,
            contact_position: b.contact_position,
            channel: b.channel,
            contacted_at: b.contacted_at,
            letter_document_id: b.letter_document_id.map(to_id),
            recorded_by_id: v["recordedBy"].as_str().map(|s| ID(s.to_owned())),
        })
    }
}

#[derive(Default)]
pub struct ReferralsQuery;

#[Object]
impl ReferralsQuery {
    /// A referral: for the addressed UPT/panti's users, or the referring office; else null.
    async fn referral(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Referral>> {
        let actor = ctx.actor()?;
        let id = parse_id(&id)?;
        let scope = match actor.scope() {
            Scope::Office(_) => Scope::Office(casework_office(actor)?),
            institution => institution,
        };
        Ok(
            crate::store::referrals::visible_to(&ctx.app().db, scope, id)
                .await?
                .map(Referral),
        )
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
        Ok(
            crate::store::referrals::addressed_to(&ctx.app().db, inst, status)
                .await?
                .into_iter()
                .map(Referral)
                .collect(),
        )
    }
}
