//! The Kemendagri region table in the schema (read-only).
use async_graphql::{
    ComplexObject, Context, Object, SimpleObject,
    connection::{Connection, OpaqueCursor},
};
use entity::region;

use crate::api::context::ContextExt;
use crate::api::pagination::{connection, page_args};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::store::regions::RegionSearch;

/// A Kemendagri administrative region (Kepmendagri 300.2.2-2138/2025).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Region {
    /// Dotted Kemendagri code: `35` (province), `35.72` (kota/kabupaten), `35.72.01`
    /// (kecamatan), `35.72.01.1001` (kelurahan/desa). Not a BPS code.
    pub code: String,
    pub name: String,
    /// 1 province, 2 kota/kabupaten, 3 kecamatan, 4 kelurahan/desa.
    pub level: i32,
    pub parent_code: Option<String>,
    /// The Kepmendagri edition the row comes from.
    pub source_edition: String,
}

impl From<region::Model> for Region {
    fn from(m: region::Model) -> Self {
        Self {
            code: m.code,
            name: m.name,
            level: m.level.into(),
            parent_code: m.parent_code,
            source_edition: m.source_edition,
        }
    }
}

#[ComplexObject]
impl Region {
    /// The region this one lies in.
    async fn parent(&self, ctx: &Context<'_>) -> AppResult<Option<Region>> {
        let Some(code) = &self.parent_code else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()
            .regions
            .load_one(code.clone())
            .await?
            .map(Region::from))
    }
}

#[derive(Default)]
pub struct RegionsQuery;

#[Object]
impl RegionsQuery {
    /// One region by its Kemendagri code (`35.72`), or null.
    async fn region(&self, ctx: &Context<'_>, code: String) -> AppResult<Option<Region>> {
        ctx.viewer()?;
        Ok(ctx
            .loaders()
            .regions
            .load_one(code.trim().to_owned())
            .await?
            .map(Region::from))
    }

    /// Regions for pickers, by code: the provinces (no arguments), the children of
    /// `parentCode`, or those whose name contains `search` (any case), optionally of one `level`.
    async fn regions(
        &self,
        ctx: &Context<'_>,
        parent_code: Option<String>,
        level: Option<i32>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Connection<OpaqueCursor<String>, Region>> {
        ctx.actor()?;
        let (first, after) = page_args::<String>(first, after)?;
        if level.is_some_and(|level| !(1..=4).contains(&level)) {
            return Err(AppError::bad_input(Msg::new(
                "Tingkat wilayah harus 1 (provinsi) sampai 4 (kelurahan/desa).",
                "The region level must be 1 (province) to 4 (kelurahan/desa).",
            ))
            .with("field", "level"));
        }
        let wanted = RegionSearch {
            parent_code,
            level,
            search,
        };
        let rows = crate::store::regions::page(&ctx.app().db, wanted, after.clone(), first).await?;
        Ok(connection(
            rows.into_iter()
                .map(|m| (m.code.clone(), Region::from(m)))
                .collect(),
            first,
            after.is_some(),
        ))
    }
}
