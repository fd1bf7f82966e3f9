//! Kemendagri administrative regions: the reference table behind addresses, NIK checks and
//! (later) relay distances. Loaded by a migration; read-only through the API.

use std::{collections::HashSet, sync::Arc};

use entity::region;
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

use tokio::sync::OnceCell;

use crate::rules::identity::RegionLookup;
use crate::infra::error::{AppError, AppResult};

/// The set of region codes, in memory: NIK checks look up three codes per number. Loaded
/// on first use, so start-up (and every test server) does not read 91,599 rows it may not need.
#[derive(Clone, Default)]
pub struct RegionCodes(Arc<OnceCell<Arc<HashSet<String>>>>);

impl RegionCodes {
    pub async fn loaded(&self, db: &impl ConnectionTrait) -> AppResult<LoadedRegions> {
        let set = self
            .0
            .get_or_try_init(|| async {
                let codes: Vec<String> = region::Entity::find()
                    .select_only()
                    .column(region::Column::Code)
                    .into_tuple()
                    .all(db)
                    .await?;
                Ok::<_, AppError>(Arc::new(codes.into_iter().collect()))
            })
            .await?;
        Ok(LoadedRegions(set.clone()))
    }
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
