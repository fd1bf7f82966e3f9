//! Clients (PPKS) in the schema: the client, its earlier versions, and the office's list.
use async_graphql::{
    ComplexObject, Context, ID, InputObject, Object, SimpleObject,
    connection::{Connection, OpaqueCursor},
};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    client::{self, ClientLocation, IdentityStatus, Sex},
    client_category::PpksCategory,
    client_revision,
};
use uuid::Uuid;

use crate::api::context::{ContextExt, Viewer};
use crate::api::offices::Office;
use crate::api::pagination::{connection, page_args};
use crate::api::regions::Region;
use crate::api::users::User;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::ids::{parse_id, to_id};
use crate::rules::client_record::masked;
use crate::store::clients::ClientSearch;

pub struct Client(pub client::Model);

/// A person the office serves (PPKS). NIK and KK number are masked here; revealing them is
/// the separate, audited `revealClientIdentifiers`. Every read is in the audit trail.
#[Object]
impl Client {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    /// The name, or the Mr X label when the name is unknown.
    async fn display_name(&self) -> String {
        crate::rules::client_record::display_name(&self.0)
    }
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    async fn aliases(&self) -> Vec<String> {
        serde_json::from_value(self.0.aliases.clone()).unwrap_or_default()
    }
    async fn sex(&self) -> Option<Sex> {
        self.0.sex
    }
    async fn birth_date(&self) -> Option<NaiveDate> {
        self.0.birth_date
    }
    /// The age as estimated by the worker when no birth date is known.
    async fn estimated_age(&self) -> Option<i32> {
        self.0.estimated_age
    }
    /// Age in whole years today: from the birth date, else from the estimate.
    async fn age(&self) -> Option<i32> {
        crate::rules::client_record::age_of(&self.0)
    }
    /// `3572********0001`.
    async fn nik_masked(&self) -> Option<String> {
        masked(&self.0.nik)
    }
    async fn kk_number_masked(&self) -> Option<String> {
        masked(&self.0.kk_number)
    }
    /// The NIK in full, for an API client whose token has `clients:pii` (its registration
    /// records the legal basis). Staff reveal it with `revealClientIdentifiers`, which is
    /// audited as such.
    async fn nik(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        unmasked_for_client(ctx, self.0.nik.as_deref())
    }
    /// The KK number in full: as `nik`.
    async fn kk_number(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        unmasked_for_client(ctx, self.0.kk_number.as_deref())
    }
    async fn origin_address(&self) -> Option<&str> {
        self.0.origin_address.as_deref()
    }
    async fn origin_region_code(&self) -> Option<&str> {
        self.0.origin_region_code.as_deref()
    }
    async fn origin_region(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        let Some(code) = &self.0.origin_region_code else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()
            .regions
            .load_one(code.clone())
            .await?
            .map(Region::from))
    }
    /// Where the client is now.
    async fn location(&self) -> ClientLocation {
        self.0.location
    }
    async fn location_detail(&self) -> Option<&str> {
        self.0.location_detail.as_deref()
    }
    async fn categories(&self, ctx: &Context<'_>) -> AppResult<Vec<PpksCategory>> {
        Ok(ctx
            .loaders()
            .client_categories
            .load_one(self.0.id)
            .await?
            .unwrap_or_default())
    }
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    async fn identity_status(&self) -> IdentityStatus {
        self.0.identity_status
    }
    /// `MR-X/BLITAR/2026/0007` when registered without a name; kept after identification.
    async fn unidentified_label(&self) -> Option<&str> {
        self.0.unidentified_label.as_deref()
    }
    async fn office(&self, ctx: &Context<'_>) -> AppResult<Option<Office>> {
        Ok(ctx
            .loaders()
            .offices
            .load_one(self.0.office_id)
            .await?
            .map(Office))
    }
    /// Send it back as `expectedVersion` when changing the client.
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        Ok(ctx
            .loaders()
            .users
            .load_one(self.0.created_by)
            .await?
            .map(User))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The client's assessments, newest first; corrected versions only when asked.
    async fn assessments(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] include_superseded: bool,
    ) -> AppResult<Vec<crate::api::intake::Assessment>> {
        crate::api::intake::assessments_of(ctx, self, include_superseded).await
    }
    /// Requests to Dukcapil to find who the client is, with their answers, oldest first.
    async fn dukcapil_requests(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<crate::api::dukcapil::DukcapilRequest>> {
        Ok(crate::store::dukcapil::of_client(&ctx.app().db, self.0.id)
            .await?
            .into_iter()
            .map(crate::api::dukcapil::DukcapilRequest)
            .collect())
    }
    /// The newest CLIENT_PHOTO document, for recognising the person.
    async fn photo(&self, ctx: &Context<'_>) -> AppResult<Option<crate::api::documents::Document>> {
        let docs = crate::api::documents::documents_of_client(ctx, self.0.id).await?;
        Ok(docs
            .into_iter()
            .find(|d| d.0.kind == entity::document_kind::DocumentKind::ClientPhoto))
    }
    /// The client's documents (KTP, KK, letters, photos), newest first.
    async fn documents(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<crate::api::documents::Document>> {
        crate::api::documents::documents_of_client(ctx, self.0.id).await
    }
    /// Earlier versions, newest first: nothing is lost when a Mr X is identified.
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Vec<ClientRevision>> {
        let rows = crate::store::clients::revisions_of(&ctx.app().db, self.0.id).await?;
        Ok(rows.into_iter().map(ClientRevision::from).collect())
    }
}

/// The client as it was at an earlier version.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ClientRevision {
    pub version: i32,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub identity_status: Option<IdentityStatus>,
    pub unidentified_label: Option<String>,
    pub nik_masked: Option<String>,
    /// When it was replaced by the next version.
    pub changed_at: DateTime<Utc>,
    #[graphql(skip)]
    pub changed_by: Uuid,
}

impl From<client_revision::Model> for ClientRevision {
    fn from(r: client_revision::Model) -> Self {
        let old: Option<client::Model> = serde_json::from_value(r.snapshot["client"].clone()).ok();
        Self {
            version: r.version,
            name: old.as_ref().and_then(|c| c.name.clone()),
            aliases: old
                .as_ref()
                .and_then(|c| serde_json::from_value(c.aliases.clone()).ok())
                .unwrap_or_default(),
            identity_status: old.as_ref().map(|c| c.identity_status),
            unidentified_label: old.as_ref().and_then(|c| c.unidentified_label.clone()),
            nik_masked: old.as_ref().and_then(|c| masked(&c.nik)),
            changed_at: r.changed_at,
            changed_by: r.changed_by,
        }
    }
}

#[ComplexObject]
impl ClientRevision {
    /// Who made the next version.
    async fn changed_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        Ok(ctx
            .loaders()
            .users
            .load_one(self.changed_by)
            .await?
            .map(User))
    }
}

#[derive(InputObject)]
pub struct ClientFilter {
    /// Part of the name or an alias; spelling variants (Moh./Muhammad, oe/u, dj/j) match.
    pub name: Option<String>,
    /// The full 16-digit NIK.
    pub nik: Option<String>,
    pub identity_status: Option<IdentityStatus>,
    pub category: Option<PpksCategory>,
    pub location: Option<ClientLocation>,
}

impl From<ClientFilter> for ClientSearch {
    fn from(f: ClientFilter) -> Self {
        Self {
            name: f.name,
            nik: f.nik,
            identity_status: f.identity_status,
            category: f.category,
            location: f.location,
        }
    }
}

/// An identifier in full: only an API client gets it here (the field's scope rule has
/// checked `clients:pii`); staff use the audited reveal.
fn unmasked_for_client<'a>(
    ctx: &Context<'_>,
    value: Option<&'a str>,
) -> AppResult<Option<&'a str>> {
    match ctx.viewer()? {
        Viewer::Client(_) => Ok(value),
        Viewer::Staff(_) => Err(AppError::forbidden(Msg::new(
            "Nomor lengkap dibuka dengan revealClientIdentifiers (tercatat di jejak audit).",
            "Reveal the full number with revealClientIdentifiers (recorded in the audit trail).",
        ))),
    }
}

#[derive(Default)]
pub struct ClientsQuery;

#[Object]
impl ClientsQuery {
    /// A client of the caller's office (an API client: of its reach), or null. Logged as
    /// a read of personal data.
    async fn client(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Client>> {
        let viewer = ctx.viewer()?;
        let found = crate::store::clients::by_id(&ctx.app().db, parse_id(&id)?)
            .await?
            // Not office staff (a partner, the admin): nothing of an office is theirs to see.
            .filter(|c| viewer.reads_office(c.office_id));
        if let Some(c) = &found {
            crate::infra::reads::log_reads(
                &ctx.reader()?,
                "client",
                &[(c.id, c.office_id)],
                "client",
            )
            .await?;
        }
        Ok(found.map(Client))
    }

    /// The office's clients (an API client: its reach's), newest first. Each client listed
    /// is logged as read.
    async fn clients(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<ClientFilter>,
    ) -> AppResult<Connection<OpaqueCursor<Uuid>, Client>> {
        let offices = ctx.viewer()?.offices()?;
        let (first, after) = page_args::<Uuid>(first, after)?;
        let search = filter.map(ClientSearch::from);
        let rows =
            crate::store::clients::page_of_offices(&ctx.app().db, &offices, search, after, first)
                .await?;
        let page: Vec<(Uuid, Uuid)> = rows
            .iter()
            .take(first as usize)
            .map(|c| (c.id, c.office_id))
            .collect();
        crate::infra::reads::log_reads(&ctx.reader()?, "client", &page, "clients").await?;
        Ok(connection(
            rows.into_iter().map(|m| (m.id, Client(m))).collect(),
            first,
            after.is_some(),
        ))
    }
}
