//! The LKS registry in the schema: profiles, requirement checklists, registration.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    client_category::PpksCategory, lks_profile, lks_profile::LegalStatus,
    lks_requirement::AppliesTo,
};

use crate::actions::lks::{Profile, Register, UpdateProfile};

use crate::api::cases::call;
use crate::api::context::ContextExt;
use crate::api::offices::Institution;
use crate::infra::auth::Scope;
use crate::infra::error::AppResult;
use crate::infra::ids::parse_id;
use crate::store::lks_requirements::Requirement;

pub struct LksProfile(pub lks_profile::Model);

/// What the office recorded of an LKS: legal status, deed, decree, NPWP, domicile, chair,
/// clusters served, registration and accreditation with their validity.
#[Object]
impl LksProfile {
    async fn legal_status(&self) -> LegalStatus {
        self.0.legal_status
    }
    async fn deed_number(&self) -> Option<&str> {
        self.0.deed_number.as_deref()
    }
    async fn deed_date(&self) -> Option<NaiveDate> {
        self.0.deed_date
    }
    async fn notary(&self) -> Option<&str> {
        self.0.notary.as_deref()
    }
    /// SK Kemenkumham (legal entities).
    async fn decree_number(&self) -> Option<&str> {
        self.0.decree_number.as_deref()
    }
    async fn decree_date(&self) -> Option<NaiveDate> {
        self.0.decree_date
    }
    /// Digits only.
    async fn npwp(&self) -> Option<&str> {
        self.0.npwp.as_deref()
    }
    async fn domicile_letter_number(&self) -> Option<&str> {
        self.0.domicile_letter_number.as_deref()
    }
    async fn domicile_valid_until(&self) -> Option<NaiveDate> {
        self.0.domicile_valid_until
    }
    async fn chair_name(&self) -> &str {
        &self.0.chair_name
    }
    async fn clusters(&self) -> Vec<PpksCategory> {
        serde_json::from_value(self.0.clusters.clone()).unwrap_or_default()
    }
    /// Tanda daftar LKS.
    async fn registration_number(&self) -> Option<&str> {
        self.0.registration_number.as_deref()
    }
    async fn registration_valid_until(&self) -> Option<NaiveDate> {
        self.0.registration_valid_until
    }
    /// A, B or C.
    async fn accreditation(&self) -> Option<&str> {
        self.0.accreditation.as_deref()
    }
    async fn accreditation_valid_until(&self) -> Option<NaiveDate> {
        self.0.accreditation_valid_until
    }
    /// The version a change must be based on (`updateLksProfile.expectedVersion`).
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// An item of the office's checklist for LKS recommendations (each a document upload).
#[derive(SimpleObject)]
pub struct LksRequirement {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub required: bool,
    pub applies_to: AppliesTo,
}

#[derive(InputObject)]
pub struct LksProfileInput {
    pub legal_status: LegalStatus,
    pub deed_number: Option<String>,
    pub deed_date: Option<NaiveDate>,
    pub notary: Option<String>,
    pub decree_number: Option<String>,
    pub decree_date: Option<NaiveDate>,
    /// 15 or 16 digits; dots and dashes are allowed (`01.234.567.8-901.000`).
    pub npwp: Option<String>,
    pub domicile_letter_number: Option<String>,
    pub domicile_valid_until: Option<NaiveDate>,
    pub chair_name: String,
    #[graphql(default)]
    pub clusters: Vec<PpksCategory>,
    pub registration_number: Option<String>,
    pub registration_valid_until: Option<NaiveDate>,
    /// A, B or C.
    pub accreditation: Option<String>,
    pub accreditation_valid_until: Option<NaiveDate>,
}

impl From<LksProfileInput> for Profile {
    fn from(p: LksProfileInput) -> Self {
        Self {
            legal_status: p.legal_status,
            deed_number: p.deed_number,
            deed_date: p.deed_date,
            notary: p.notary,
            decree_number: p.decree_number,
            decree_date: p.decree_date,
            npwp: p.npwp,
            domicile_letter_number: p.domicile_letter_number,
            domicile_valid_until: p.domicile_valid_until,
            chair_name: p.chair_name,
            clusters: p.clusters,
            registration_number: p.registration_number,
            registration_valid_until: p.registration_valid_until,
            accreditation: p.accreditation,
            accreditation_valid_until: p.accreditation_valid_until,
        }
    }
}

#[derive(InputObject)]
pub struct RegisterLksInput {
    /// Made by the client; it becomes the institution's id (a resend returns it).
    pub id: ID,
    pub name: String,
    pub region_code: Option<String>,
    pub profile: LksProfileInput,
}

#[derive(InputObject)]
pub struct UpdateLksProfileInput {
    /// Mutation id made by the client.
    pub id: ID,
    pub institution_id: ID,
    pub expected_version: i32,
    pub profile: LksProfileInput,
}

#[derive(InputObject)]
pub struct LksRequirementInput {
    /// Stable key (`akta_pendirian`): lower case, digits and `_`.
    pub key: String,
    pub label: String,
    #[graphql(default)]
    pub label_en: String,
    #[graphql(default = true)]
    pub required: bool,
    #[graphql(default_with = "AppliesTo::All")]
    pub applies_to: AppliesTo,
}

/// The office whose checklist the caller reads: their own, or (LKS staff) the registering one.
async fn checklist_office(ctx: &Context<'_>) -> AppResult<uuid::Uuid> {
    let actor = ctx.actor()?;
    match actor.scope() {
        Scope::Office(o) => Ok(o),
        Scope::Institution(i) => {
            crate::store::offices::registering_office_of(&ctx.app().db, i).await
        }
    }
}

#[derive(Default)]
pub struct LksQuery;

#[Object]
impl LksQuery {
    /// The office's checklist for an LKS recommendation (its own, else the default list),
    /// for an LKS of `legalStatus` when given. LKS staff read their registering office's.
    async fn lks_requirements(
        &self,
        ctx: &Context<'_>,
        legal_status: Option<LegalStatus>,
    ) -> AppResult<Vec<LksRequirement>> {
        checklist(ctx, legal_status).await
    }
}

/// The checklist the caller reads, for an LKS of `legal_status` when given.
async fn checklist(
    ctx: &Context<'_>,
    legal_status: Option<LegalStatus>,
) -> AppResult<Vec<LksRequirement>> {
    let office = checklist_office(ctx).await?;
    Ok(
        crate::store::lks_requirements::requirements_of(&ctx.app().db, office, legal_status)
            .await?
            .into_iter()
            .map(|r| LksRequirement {
                key: r.key,
                label: r.label,
                label_en: r.label_en,
                required: r.required,
                applies_to: r.applies_to,
            })
            .collect(),
    )
}

#[derive(Default)]
pub struct LksMutation;

#[Object]
impl LksMutation {
    /// Office admin: registers an LKS with its profile (then `createUser` for its staff).
    async fn register_lks(
        &self,
        ctx: &Context<'_>,
        input: RegisterLksInput,
    ) -> AppResult<Institution> {
        let r = Register {
            name: input.name,
            region_code: input.region_code,
            profile: input.profile.into(),
        };
        Ok(Institution::from(
            crate::actions::lks::register(&call(ctx, &input.id)?, r).await?,
        ))
    }

    /// Office admin: changes an LKS's profile, based on `expectedVersion`.
    async fn update_lks_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateLksProfileInput,
    ) -> AppResult<LksProfile> {
        let u = UpdateProfile {
            institution_id: parse_id(&input.institution_id)?,
            expected_version: input.expected_version,
            profile: input.profile.into(),
        };
        Ok(LksProfile(
            crate::actions::lks::update_profile(&call(ctx, &input.id)?, u).await?,
        ))
    }

    /// Office admin: replaces the office's checklist (in this order). `id` is a mutation id.
    async fn set_lks_requirements(
        &self,
        ctx: &Context<'_>,
        id: ID,
        items: Vec<LksRequirementInput>,
    ) -> AppResult<Vec<LksRequirement>> {
        let list: Vec<Requirement> = items
            .into_iter()
            .map(|i| Requirement {
                key: i.key.trim().to_owned(),
                label: i.label,
                label_en: i.label_en,
                required: i.required,
                applies_to: i.applies_to,
            })
            .collect();
        crate::actions::lks::set_requirements(&call(ctx, &id)?, list).await?;
        checklist(ctx, None).await
    }
}
