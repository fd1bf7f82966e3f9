//! Kemendagri administrative regions: the reference table behind addresses, NIK checks and
//! (later) relay distances. Loaded by a migration; read-only through the API.

use std::{collections::HashSet, sync::Arc};

use entity::region;
use sea_orm::{EntityTrait, QuerySelect};

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
