//! DataLoaders for nested fields, created per request so nothing is cached across users.
use std::{collections::HashMap, marker::PhantomData, sync::Arc};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entity::{
    Role, assessment, case_step, client_category::PpksCategory, clock_pause, document,
    escorted_return, institution, office, region, service_case, sop_version, user,
};
use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use crate::store::by_id::ById;

pub struct ByIdLoader<E>(DatabaseConnection, PhantomData<E>);

impl<E> Loader<E::Key> for ByIdLoader<E>
where
    E: ById,
    E::Model: Clone + Send + Sync + 'static,
{
    type Value = E::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[E::Key]) -> Result<HashMap<E::Key, E::Model>, Self::Error> {
        let rows = crate::store::by_id::rows::<E>(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|m| (E::key_of(&m), m)).collect())
    }
}

/// Rows grouped by the key each belongs to; every key asked for has an entry (empty when
/// it has no rows), so a nested list resolves to `[]`, not to null.
fn grouped<T>(keys: &[Uuid], rows: impl IntoIterator<Item = (Uuid, T)>) -> HashMap<Uuid, Vec<T>> {
    let mut map: HashMap<Uuid, Vec<T>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for (key, row) in rows {
        map.entry(key).or_default().push(row);
    }
    map
}

/// Each user's roles, in one query per batch.
pub struct RolesLoader(DatabaseConnection);

impl Loader<Uuid> for RolesLoader {
    type Value = Vec<Role>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<Role>>, Self::Error> {
        let rows = crate::store::users::roles_of_users(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        let mut map = grouped(keys, rows.into_iter().map(|r| (r.user_id, r.role)));
        map.values_mut().for_each(|v| v.sort());
        Ok(map)
    }
}

/// Each client's PPKS categories, in one query per batch.
pub struct ClientCategoriesLoader(DatabaseConnection);

impl Loader<Uuid> for ClientCategoriesLoader {
    type Value = Vec<PpksCategory>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Vec<PpksCategory>>, Self::Error> {
        let rows = crate::store::clients::categories_of_clients(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        let mut map = grouped(keys, rows.into_iter().map(|r| (r.client_id, r.category)));
        map.values_mut().for_each(|v| v.sort());
        Ok(map)
    }
}

/// Each client's documents, newest first, in one query per batch.
pub struct ClientDocumentsLoader(DatabaseConnection);

impl Loader<Uuid> for ClientDocumentsLoader {
    type Value = Vec<document::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<document::Model>>, Self::Error> {
        let rows = crate::store::documents::of_clients(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(grouped(
            keys,
            rows.into_iter().filter_map(|d| Some((d.client_id?, d))),
        ))
    }
}

/// Each client's assessments (every version), newest first, in one query per batch.
pub struct ClientAssessmentsLoader(DatabaseConnection);

impl Loader<Uuid> for ClientAssessmentsLoader {
    type Value = Vec<assessment::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<assessment::Model>>, Self::Error> {
        let rows = crate::store::assessments::of_clients(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(grouped(keys, rows.into_iter().map(|a| (a.client_id, a))))
    }
}

/// Each step run's clock pauses, oldest first, in one query per batch.
pub struct StepPausesLoader(DatabaseConnection);

impl Loader<Uuid> for StepPausesLoader {
    type Value = Vec<clock_pause::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<clock_pause::Model>>, Self::Error> {
        let rows = crate::store::cases::pauses_of_steps(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(grouped(keys, rows.into_iter().map(|p| (p.case_step_id, p))))
    }
}

/// The step runs of each case, in the order they started (one query per batch of cases).
pub struct CaseStepsLoader(DatabaseConnection);

impl Loader<Uuid> for CaseStepsLoader {
    type Value = Vec<case_step::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<case_step::Model>>, Self::Error> {
        let rows = crate::store::cases::steps_of_cases(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(grouped(keys, rows.into_iter().map(|s| (s.case_id, s))))
    }
}

/// The documents attached to each step run, in two queries per batch.
pub struct StepDocumentsLoader(DatabaseConnection);

impl Loader<Uuid> for StepDocumentsLoader {
    type Value = Vec<document::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[Uuid],
    ) -> Result<HashMap<Uuid, Vec<document::Model>>, Self::Error> {
        let attached = crate::store::documents::attached_to_steps(&self.0, keys)
            .await
            .map_err(Arc::new)?;
        Ok(grouped(keys, attached))
    }
}

pub type Load<L> = DataLoader<L, HashMapCache>;

/// All loaders of one request.
pub struct Loaders {
    pub offices: Load<ByIdLoader<office::Entity>>,
    pub institutions: Load<ByIdLoader<institution::Entity>>,
    pub users: Load<ByIdLoader<user::Entity>>,
    pub regions: Load<ByIdLoader<region::Entity>>,
    pub roles: Load<RolesLoader>,
    pub client_categories: Load<ClientCategoriesLoader>,
    pub client_documents: Load<ClientDocumentsLoader>,
    pub client_assessments: Load<ClientAssessmentsLoader>,
    pub sop_versions: Load<ByIdLoader<sop_version::Entity>>,
    pub cases: Load<ByIdLoader<service_case::Entity>>,
    pub escorted_returns: Load<ByIdLoader<escorted_return::Entity>>,
    pub step_pauses: Load<StepPausesLoader>,
    pub step_documents: Load<StepDocumentsLoader>,
    /// Batched but not cached: a mutation's answer must show the steps it just changed.
    pub case_steps: DataLoader<CaseStepsLoader>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        fn load<L: Loader<K>, K: Send + Sync + std::hash::Hash + Eq + Clone + 'static>(
            l: L,
        ) -> Load<L> {
            DataLoader::with_cache(l, tokio::spawn, HashMapCache::default())
        }
        Self {
            offices: load(ByIdLoader(db.clone(), PhantomData)),
            institutions: load(ByIdLoader(db.clone(), PhantomData)),
            users: load(ByIdLoader(db.clone(), PhantomData)),
            regions: load(ByIdLoader(db.clone(), PhantomData)),
            roles: load(RolesLoader(db.clone())),
            client_categories: load(ClientCategoriesLoader(db.clone())),
            client_documents: load(ClientDocumentsLoader(db.clone())),
            client_assessments: load(ClientAssessmentsLoader(db.clone())),
            sop_versions: load(ByIdLoader(db.clone(), PhantomData)),
            cases: load(ByIdLoader(db.clone(), PhantomData)),
            escorted_returns: load(ByIdLoader(db.clone(), PhantomData)),
            step_pauses: load(StepPausesLoader(db.clone())),
            step_documents: load(StepDocumentsLoader(db.clone())),
            case_steps: DataLoader::new(CaseStepsLoader(db.clone()), tokio::spawn),
        }
    }
}
