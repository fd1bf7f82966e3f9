//! Records looked up by their primary key in batches (the GraphQL DataLoaders'), for
//! records the caller already may see that name them.
use entity::{escorted_return, institution, office, region, service_case, sop_version, user};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

/// An entity looked up by its primary key.
pub trait ById: EntityTrait {
    type Key: Clone + Eq + std::hash::Hash + Send + Sync + 'static + Into<sea_orm::Value>;
    fn key_column() -> Self::Column;
    fn key_of(model: &Self::Model) -> Self::Key;
}

macro_rules! by_uuid {
    ($($m:ident),*) => {$(
        impl ById for $m::Entity {
            type Key = Uuid;
            fn key_column() -> Self::Column { $m::Column::Id }
            fn key_of(model: &Self::Model) -> Uuid { model.id }
        }
    )*};
}
by_uuid!(
    office,
    institution,
    user,
    sop_version,
    service_case,
    escorted_return
);

impl ById for region::Entity {
    type Key = String;
    fn key_column() -> Self::Column {
        region::Column::Code
    }
    fn key_of(model: &Self::Model) -> String {
        model.code.clone()
    }
}

/// The records of `keys` (those that exist), in one query. A `DbErr`, as the DataLoader
/// reports it.
pub async fn rows<E: ById>(
    db: &impl ConnectionTrait,
    keys: &[E::Key],
) -> Result<Vec<E::Model>, DbErr> {
    E::find()
        .filter(E::key_column().is_in(keys.iter().cloned()))
        .all(db)
        .await
}
