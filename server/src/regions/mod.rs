//! Kemendagri administrative regions: the reference table behind addresses, NIK checks and
//! (later) relay distances. Loaded by a migration; read-only through the API.
pub mod graphql;

use std::{collections::HashSet, sync::Arc};

use entity::region;
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

use crate::{clients::identity::RegionLookup, error::AppResult};

/// The set of region codes, in memory: NIK checks look up three codes per number.
#[derive(Clone, Default)]
pub struct RegionCodes(Arc<HashSet<String>>);

impl RegionCodes {
    pub async fn load(db: &impl ConnectionTrait) -> AppResult<Self> {
        let codes: Vec<String> = region::Entity::find()
            .select_only()
            .column(region::Column::Code)
            .into_tuple()
            .all(db)
            .await?;
        Ok(Self(Arc::new(codes.into_iter().collect())))
    }

    pub fn contains(&self, code: &str) -> bool {
        self.0.contains(code)
    }
}

impl RegionLookup for RegionCodes {
    fn exists(&self, code: &str) -> bool {
        self.contains(code)
    }
}
