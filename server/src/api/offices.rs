//! Offices and partner institutions (UPT, panti, LKS) in the schema.
use async_graphql::{
    ComplexObject, Context, ID, Object, SimpleObject,
    connection::{Connection, OpaqueCursor},
};
use entity::{institution, institution::InstitutionKind, office};

use crate::api::context::ContextExt;
use crate::api::pagination::{connection, page_args};
use crate::api::regions::Region;
use crate::infra::error::AppResult;
use crate::infra::ids::parse_id;

pub struct Office(pub office::Model);

/// A Dinas Sosial office (kota/kabupaten or province).
#[Object]
impl Office {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Short name used in usernames (`blitar` in `kadis@blitar`).
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn region_code(&self) -> &str {
        &self.0.region_code
    }
    async fn region(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        let r = ctx
            .loaders()
            .regions
            .load_one(self.0.region_code.clone())
            .await?;
        Ok(r.map(Region::from))
    }
    /// IANA time zone (`Asia/Jakarta` for WIB).
    async fn timezone(&self) -> &str {
        &self.0.timezone
    }
}

/// A partner care home (UPT/panti) or an LKS.
#[derive(SimpleObject)]
#[graphql(complex, name = "Institution")]
pub struct Institution {
    #[graphql(skip)]
    pub model: institution::Model,
    pub id: ID,
    pub slug: String,
    pub name: String,
    pub kind: InstitutionKind,
    pub region_code: Option<String>,
}

impl From<institution::Model> for Institution {
    fn from(m: institution::Model) -> Self {
        Self {
            id: ID(m.id.to_string()),
            slug: m.slug.clone(),
            name: m.name.clone(),
            kind: m.kind,
            region_code: m.region_code.clone(),
            model: m,
        }
    }
}

#[ComplexObject]
impl Institution {
    /// The PPKS categories a UPT/panti serves.
    async fn categories_served(&self) -> Vec<entity::client_category::PpksCategory> {
        serde_json::from_value(self.model.categories_served.clone()).unwrap_or_default()
    }
    /// Places (beds), when known.
    async fn capacity(&self) -> Option<i32> {
        self.model.capacity
    }
    /// An LKS's profile (legal status, deed, decree, NPWP, registration, accreditation).
    async fn lks_profile(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Option<crate::api::lks::LksProfile>> {
        Ok(
            crate::store::offices::lks_profile_of(&ctx.app().db, self.model.id)
                .await?
                .map(crate::api::lks::LksProfile),
        )
    }
    /// The office that registered the institution.
    async fn office(&self, ctx: &Context<'_>) -> AppResult<Option<Office>> {
        let o = ctx.loaders().offices.load_one(self.model.office_id).await?;
        Ok(o.map(Office))
    }
}

#[derive(Default)]
pub struct OfficesQuery;

#[Object]
impl OfficesQuery {
    /// One institution the caller may see, or null.
    async fn institution(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Institution>> {
        let actor = ctx.actor()?;
        let id = parse_id(&id)?;
        let found = crate::store::offices::visible_institution(&ctx.app().db, actor, id).await?;
        Ok(found.map(Institution::from))
    }

    /// The institutions the caller may see, by name.
    async fn institutions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Connection<OpaqueCursor<String>, Institution>> {
        let actor = ctx.actor()?;
        let (first, after) = page_args::<String>(first, after)?;
        let rows =
            crate::store::offices::visible_institutions(&ctx.app().db, actor, after.clone(), first)
                .await?;
        Ok(connection(
            rows.into_iter()
                .map(|m| (m.slug.clone(), Institution::from(m)))
                .collect(),
            first,
            after.is_some(),
        ))
    }
}
