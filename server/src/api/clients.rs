use async_graphql::{
    ComplexObject, Context, ID, InputObject, MaybeUndefined, Object, SimpleObject,
    connection::{Connection, OpaqueCursor},
};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    client::{self, ClientLocation, IdentityStatus, Sex},
    client_category::{self, PpksCategory},
    client_revision,
};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use serde::Serialize;
use uuid::Uuid;

use crate::actions::clients as service;
use crate::api::context::ContextExt;
use crate::api::offices::Office;
use crate::api::pagination::{connection, page_args};
use crate::api::regions::Region;
use crate::api::users::User;
use crate::infra::auth::casework_office;
use crate::infra::error::{AppResult, Msg};
use crate::infra::i18n::Locale;
use crate::infra::idempotency;
use crate::infra::ids::{parse_id, to_id};
use crate::infra::reads::ReadLog;
use crate::rules::client_record::{ClientFields, ClientWarning, masked};
use crate::rules::identity::IdNumberWarning;
use crate::rules::names;

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
        let rows = client_revision::Entity::find()
            .filter(client_revision::Column::ClientId.eq(self.0.id))
            .order_by_desc(client_revision::Column::Version)
            .all(&ctx.app().db)
            .await?;
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

/// Something to check about a registration; it does not stop it.
#[derive(SimpleObject)]
pub struct ClientWarningItem {
    /// `NIK_UNKNOWN_REGENCY`, `NIK_UNKNOWN_DISTRICT`, `NIK_SEX_MISMATCH`,
    /// `NIK_BIRTH_DATE_MISMATCH`, `KK_UNKNOWN_REGENCY`, `KK_UNKNOWN_DISTRICT`, `POSSIBLE_DUPLICATES`.
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

fn warning_item(w: &ClientWarning, locale: Locale) -> ClientWarningItem {
    let (prefix, field, label) = match w {
        ClientWarning::Nik(_) => ("NIK_", "nik", "NIK"),
        ClientWarning::Kk(_) => ("KK_", "kkNumber", "KK"),
        ClientWarning::PossibleDuplicates => ("", "name", ""),
    };
    let (code, msg) = match w {
        ClientWarning::Nik(iw) | ClientWarning::Kk(iw) => {
            let code = serde_json::to_value(iw)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let msg = match iw {
                IdNumberWarning::UnknownRegency => Msg::new(
                    format!(
                        "Kode kota/kabupaten pada {label} tidak ada di daftar wilayah sekarang (wilayah bisa dimekarkan); periksa lagi."
                    ),
                    format!(
                        "The kota/kabupaten code in the {label} is not in today's region list (regions split); check it."
                    ),
                ),
                IdNumberWarning::UnknownDistrict => Msg::new(
                    format!(
                        "Kode kecamatan pada {label} tidak ada di daftar wilayah sekarang; periksa lagi."
                    ),
                    format!(
                        "The kecamatan code in the {label} is not in today's region list; check it."
                    ),
                ),
                IdNumberWarning::SexMismatch => Msg::new(
                    "Jenis kelamin menurut NIK berbeda dengan yang diisi.",
                    "The sex the NIK encodes differs from the one entered.",
                ),
                IdNumberWarning::BirthDateMismatch => Msg::new(
                    "Tanggal lahir menurut NIK berbeda dengan yang diisi.",
                    "The birth date the NIK encodes differs from the one entered.",
                ),
            };
            (format!("{prefix}{code}"), msg)
        }
        ClientWarning::PossibleDuplicates => (
            "POSSIBLE_DUPLICATES".to_owned(),
            Msg::new(
                "Ada klien dengan nama mirip dan tanggal lahir atau daerah asal yang sama. Periksa daftar; bila memang orang lain, kirim lagi dengan acceptDuplicates: true.",
                "There are clients with a similar name and the same birth date or origin. Check the list; if this is someone else, send again with acceptDuplicates: true.",
            ),
        ),
    };
    ClientWarningItem {
        code,
        message: match locale {
            Locale::Id => msg.id,
            Locale::En => msg.en,
        },
        field: Some(field.to_owned()),
    }
}

/// A registered client who may be the same person (no identity numbers shown).
#[derive(SimpleObject)]
pub struct DuplicateCandidate {
    pub client_id: ID,
    pub display_name: String,
    pub birth_date: Option<NaiveDate>,
    pub origin_region_code: Option<String>,
}

#[derive(SimpleObject)]
pub struct RegisterClientPayload {
    /// Null when possible duplicates were found and `acceptDuplicates` was not set.
    pub client: Option<Client>,
    pub warnings: Vec<ClientWarningItem>,
    pub duplicates: Vec<DuplicateCandidate>,
    /// True when this id had already been registered with the same content (a resend).
    pub replayed: bool,
}

#[derive(InputObject, Serialize)]
pub struct RegisterClientInput {
    /// A UUID made on the phone: sending the same registration again returns the same client.
    pub id: ID,
    /// Leave out for an unidentified person ("Mr X"); a label is given instead.
    pub name: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    /// Years, when no birth date is known.
    pub estimated_age: Option<i32>,
    /// 16 digits; spaces and dots are ignored.
    pub nik: Option<String>,
    pub kk_number: Option<String>,
    pub origin_address: Option<String>,
    /// Kemendagri code of the region of origin, any level (`35.72`, `35.72.01.1001`).
    pub origin_region_code: Option<String>,
    pub location: ClientLocation,
    pub location_detail: Option<String>,
    pub categories: Vec<PpksCategory>,
    pub notes: Option<String>,
    /// Default: KNOWN when a name or NIK is given, else UNKNOWN.
    pub identity_status: Option<IdentityStatus>,
    /// Register even though similar clients exist.
    #[graphql(default)]
    pub accept_duplicates: bool,
}

#[derive(InputObject, Serialize)]
pub struct UpdateClientInput {
    pub id: ID,
    /// The `version` the change is based on; an older one is refused with CONFLICT.
    pub expected_version: i32,
    /// A UUID made on the phone for this change: a resend is not applied twice.
    pub mutation_id: ID,
    pub name: MaybeUndefined<String>,
    pub aliases: Option<Vec<String>>,
    pub sex: MaybeUndefined<Sex>,
    pub birth_date: MaybeUndefined<NaiveDate>,
    pub estimated_age: MaybeUndefined<i32>,
    pub nik: MaybeUndefined<String>,
    pub kk_number: MaybeUndefined<String>,
    pub origin_address: MaybeUndefined<String>,
    pub origin_region_code: MaybeUndefined<String>,
    pub location: Option<ClientLocation>,
    pub location_detail: MaybeUndefined<String>,
    pub categories: Option<Vec<PpksCategory>>,
    pub notes: MaybeUndefined<String>,
    /// UNKNOWN → ASKED_DUKCAPIL → FOUND or NOT_REGISTERED; KNOWN once identified.
    pub identity_status: Option<IdentityStatus>,
}

/// The full identity numbers of one client.
#[derive(SimpleObject)]
pub struct ClientIdentifiers {
    pub client_id: ID,
    pub nik: Option<String>,
    pub kk_number: Option<String>,
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

#[derive(Default)]
pub struct ClientsQuery;

#[Object]
impl ClientsQuery {
    /// A client of the caller's office, or null. Logged as a read of personal data.
    async fn client(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Client>> {
        let actor = ctx.actor()?;
        let office = casework_office(actor)?;
        let found = client::Entity::find_by_id(parse_id(&id)?)
            .filter(client::Column::OfficeId.eq(office))
            .one(&ctx.app().db)
            .await?;
        if let Some(c) = &found {
            crate::infra::reads::log_reads(
                ctx.app(),
                ctx.meta(),
                actor,
                ctx.data_unchecked::<ReadLog>(),
                "client",
                &[(c.id, c.office_id)],
                "client",
            )
            .await?;
        }
        Ok(found.map(Client))
    }

    /// The office's clients, newest first. Each client listed is logged as read.
    async fn clients(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<ClientFilter>,
    ) -> AppResult<Connection<OpaqueCursor<Uuid>, Client>> {
        let actor = ctx.actor()?;
        let office = casework_office(actor)?;
        let (first, after) = page_args::<Uuid>(first, after)?;
        let mut q = client::Entity::find()
            .filter(client::Column::OfficeId.eq(office))
            .order_by_desc(client::Column::Id)
            .limit(first + 1);
        if let Some(after) = after {
            q = q.filter(client::Column::Id.lt(after));
        }
        if let Some(f) = filter {
            if let Some(typed) = f
                .name
                .map(|n| n.trim().to_lowercase())
                .filter(|n| !n.is_empty())
            {
                let clean = |s: &str| format!("%{}%", s.replace(['%', '_'], ""));
                // Names match on their key (spelling variants); aliases as typed.
                let aliases = Func::lower(Expr::col(client::Column::Aliases).cast_as("TEXT"));
                q = q.filter(
                    Condition::any()
                        .add(client::Column::NameKey.like(clean(&names::name_key(&typed))))
                        .add(Expr::expr(aliases).like(clean(&typed))),
                );
            }
            if let Some(nik) = f.nik {
                let digits: String = nik.chars().filter(char::is_ascii_digit).collect();
                q = q.filter(client::Column::Nik.eq(digits));
            }
            if let Some(s) = f.identity_status {
                q = q.filter(client::Column::IdentityStatus.eq(s));
            }
            if let Some(l) = f.location {
                q = q.filter(client::Column::Location.eq(l));
            }
            if let Some(c) = f.category {
                q = q.filter(
                    client::Column::Id.in_subquery(
                        Query::select()
                            .column(client_category::Column::ClientId)
                            .from(client_category::Entity)
                            .and_where(client_category::Column::Category.eq(c))
                            .to_owned(),
                    ),
                );
            }
        }
        let rows = q.all(&ctx.app().db).await?;
        let page: Vec<(Uuid, Uuid)> = rows
            .iter()
            .take(first as usize)
            .map(|c| (c.id, c.office_id))
            .collect();
        crate::infra::reads::log_reads(
            ctx.app(),
            ctx.meta(),
            actor,
            ctx.data_unchecked::<ReadLog>(),
            "client",
            &page,
            "clients",
        )
        .await?;
        Ok(connection(
            rows.into_iter().map(|m| (m.id, Client(m))).collect(),
            first,
            after.is_some(),
        ))
    }
}

#[derive(Default)]
pub struct ClientsMutation;

#[Object]
impl ClientsMutation {
    /// Registers a client. Refused: a malformed NIK/KK (BAD_USER_INPUT) or a NIK already
    /// registered (CONFLICT). Warned: a doubtful NIK region, sex or birth date; similar
    /// clients (then nothing is saved unless `acceptDuplicates` is true).
    async fn register_client(
        &self,
        ctx: &Context<'_>,
        input: RegisterClientInput,
    ) -> AppResult<RegisterClientPayload> {
        let actor = ctx.actor()?;
        let id = parse_id(&input.id)?;
        let fields = ClientFields {
            name: input.name,
            aliases: input.aliases.unwrap_or_default(),
            sex: input.sex,
            birth_date: input.birth_date,
            estimated_age: input.estimated_age,
            nik: input.nik,
            kk_number: input.kk_number,
            origin_address: input.origin_address,
            origin_region_code: input.origin_region_code,
            location: input.location,
            location_detail: input.location_detail,
            categories: input.categories,
            notes: input.notes,
            identity_status: input.identity_status,
        };
        let r = service::register(
            ctx.app(),
            ctx.meta(),
            actor,
            id,
            fields,
            input.accept_duplicates,
        )
        .await?;
        let locale = ctx.locale();
        Ok(RegisterClientPayload {
            client: r.client.map(Client),
            warnings: r.warnings.iter().map(|w| warning_item(w, locale)).collect(),
            duplicates: r
                .duplicates
                .into_iter()
                .map(|d| DuplicateCandidate {
                    client_id: to_id(d.id),
                    display_name: crate::rules::client_record::display_name(&d),
                    birth_date: d.birth_date,
                    origin_region_code: d.origin_region_code,
                })
                .collect(),
            replayed: r.replayed,
        })
    }

    /// Changes a client, based on the version the worker saw. Fields left out stay as they
    /// are; `null` clears one. The previous version is kept in `history`.
    async fn update_client(
        &self,
        ctx: &Context<'_>,
        input: UpdateClientInput,
    ) -> AppResult<Client> {
        let actor = ctx.actor()?;
        let id = parse_id(&input.id)?;
        let mutation_id = parse_id(&input.mutation_id)?;
        let request_hash = idempotency::hash_input(&input);
        let updated = service::update(
            ctx.app(),
            ctx.meta(),
            actor,
            id,
            input.expected_version,
            mutation_id,
            request_hash,
            move |mut f| {
                input.name.update_to(&mut f.name);
                if let Some(a) = input.aliases {
                    f.aliases = a;
                }
                input.sex.update_to(&mut f.sex);
                input.birth_date.update_to(&mut f.birth_date);
                input.estimated_age.update_to(&mut f.estimated_age);
                input.nik.update_to(&mut f.nik);
                input.kk_number.update_to(&mut f.kk_number);
                input.origin_address.update_to(&mut f.origin_address);
                input
                    .origin_region_code
                    .update_to(&mut f.origin_region_code);
                if let Some(l) = input.location {
                    f.location = l;
                }
                input.location_detail.update_to(&mut f.location_detail);
                if let Some(c) = input.categories {
                    f.categories = c;
                }
                input.notes.update_to(&mut f.notes);
                if input.identity_status.is_some() {
                    f.identity_status = input.identity_status;
                }
                f
            },
        )
        .await?;
        Ok(Client(updated))
    }

    /// Shows a client's full NIK and KK number. Written to the audit trail.
    async fn reveal_client_identifiers(
        &self,
        ctx: &Context<'_>,
        client_id: ID,
    ) -> AppResult<ClientIdentifiers> {
        let actor = ctx.actor()?;
        let c = service::reveal(ctx.app(), ctx.meta(), actor, parse_id(&client_id)?).await?;
        Ok(ClientIdentifiers {
            client_id,
            nik: c.nik,
            kk_number: c.kk_number,
        })
    }
}
