use async_graphql::{
    ComplexObject, Context, Object, SimpleObject,
    connection::{Connection, OpaqueCursor},
};
use entity::region;
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};

use crate::api::context::ContextExt;
use crate::api::pagination::{connection, page_args};
use crate::infra::error::{AppError, AppResult, Msg};

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
        ctx.actor()?;
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
        let search = search
            .map(|s| s.trim().to_lowercase())
            .filter(|s| s.len() >= 2);
        let mut q = region::Entity::find()
            .order_by_asc(region::Column::Code)
            .limit(first + 1);
        match (&parent_code, &search) {
            (Some(parent), _) => q = q.filter(region::Column::ParentCode.eq(parent.trim())),
            (None, None) if level.is_none() => q = q.filter(region::Column::Level.eq(1)),
            _ => {}
        }
        if let Some(level) = level {
            if !(1..=4).contains(&level) {
                return Err(AppError::bad_input(Msg::new(
                    "Tingkat wilayah harus 1 (provinsi) sampai 4 (kelurahan/desa).",
                    "The region level must be 1 (province) to 4 (kelurahan/desa).",
                ))
                .with("field", "level"));
            }
            q = q.filter(region::Column::Level.eq(level));
        }
        if let Some(s) = &search {
            let pattern = format!("%{}%", s.replace(['%', '_'], ""));
            q = q.filter(Expr::expr(Func::lower(Expr::col(region::Column::Name))).like(pattern));
        }
        if let Some(after) = &after {
            q = q.filter(region::Column::Code.gt(after.clone()));
        }
        let rows = q.all(&ctx.app().db).await?;
        Ok(connection(
            rows.into_iter()
                .map(|m| (m.code.clone(), Region::from(m)))
                .collect(),
            first,
            after.is_some(),
        ))
    }
}
