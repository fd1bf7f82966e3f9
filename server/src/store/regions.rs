//! Kemendagri administrative regions: the reference table behind addresses, NIK checks and
//! (later) relay distances. Loaded by a migration; read-only through the API.

use std::{collections::HashSet, sync::Arc};

use entity::region;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};

use crate::infra::error::{AppError, AppResult};
use crate::infra::state::AppState;
use crate::rules::identity::RegionLookup;

/// The region codes, kept in memory: NIK checks look up three codes per number. Loaded on
/// first use, so start-up (and every test server) does not read 91,599 rows it may not need.
pub async fn loaded(state: &AppState) -> AppResult<LoadedRegions> {
    let set = state
        .reference
        .get_or_load(|| async {
            let codes: Vec<String> = region::Entity::find()
                .select_only()
                .column(region::Column::Code)
                .into_tuple()
                .all(&state.db)
                .await?;
            Ok::<_, AppError>(codes.into_iter().collect::<HashSet<String>>())
        })
        .await?;
    Ok(LoadedRegions(set))
}

/// The region codes, once loaded.
#[derive(Clone)]
pub struct LoadedRegions(Arc<HashSet<String>>);

impl LoadedRegions {
    pub fn contains(&self, code: &str) -> bool {
        self.0.contains(code)
    }
}

impl RegionLookup for LoadedRegions {
    fn exists(&self, code: &str) -> bool {
        self.contains(code)
    }
}

/// Which regions a picker lists: the children of `parent_code`, or those whose name
/// contains `search`, optionally of one `level`; the provinces when nothing is given.
#[derive(Clone, Debug, Default)]
pub struct RegionSearch {
    pub parent_code: Option<String>,
    /// 1 to 4 (checked by the caller).
    pub level: Option<i32>,
    /// As typed; fewer than two letters count as none.
    pub search: Option<String>,
}

/// A page of regions by code, after the code `after`: `first` and one more, so the caller
/// can tell whether more follow.
pub async fn page(
    db: &impl ConnectionTrait,
    wanted: RegionSearch,
    after: Option<String>,
    first: u64,
) -> AppResult<Vec<region::Model>> {
    let search = wanted
        .search
        .map(|s| s.trim().to_lowercase())
        .filter(|s| s.len() >= 2);
    let mut q = region::Entity::find()
        .order_by_asc(region::Column::Code)
        .limit(first + 1);
    match (&wanted.parent_code, &search) {
        (Some(parent), _) => q = q.filter(region::Column::ParentCode.eq(parent.trim())),
        (None, None) if wanted.level.is_none() => q = q.filter(region::Column::Level.eq(1)),
        _ => {}
    }
    if let Some(level) = wanted.level {
        q = q.filter(region::Column::Level.eq(level));
    }
    if let Some(s) = &search {
        let pattern = format!("%{}%", s.replace(['%', '_'], ""));
        q = q.filter(Expr::expr(Func::lower(Expr::col(region::Column::Name))).like(pattern));
    }
    if let Some(after) = after {
        q = q.filter(region::Column::Code.gt(after));
    }
    Ok(q.all(db).await?)
}
