//! Reference tables read once per process and kept (the region codes, the relay network):
//! they do not change while the server runs. The layer that reads a table names its type;
//! this cache holds it by that type without knowing it, so the state stays at the bottom.
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::infra::error::AppResult;

type Slot = Arc<OnceCell<Arc<dyn Any + Send + Sync>>>;

#[derive(Clone, Default)]
pub struct ReferenceCache(Arc<Mutex<HashMap<TypeId, Slot>>>);

impl ReferenceCache {
    /// The `T` loaded by the first caller (concurrent callers wait for that one load).
    pub async fn get_or_load<T, F, Fut>(&self, load: F) -> AppResult<Arc<T>>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<T>>,
    {
        let slot = self
            .0
            .lock()
            .expect("the reference cache is never poisoned: nothing panics under its lock")
            .entry(TypeId::of::<T>())
            .or_default()
            .clone();
        let value = slot
            .get_or_try_init(|| async {
                load()
                    .await
                    .map(|t| Arc::new(t) as Arc<dyn Any + Send + Sync>)
            })
            .await?
            .clone();
        Ok(value
            .downcast::<T>()
            .expect("each slot holds the type it is keyed by"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_type_is_loaded_once_and_kept_apart() {
        let cache = ReferenceCache::default();
        let a: Arc<Vec<u8>> = cache.get_or_load(|| async { Ok(vec![1]) }).await.unwrap();
        let again: Arc<Vec<u8>> = cache.get_or_load(|| async { Ok(vec![2]) }).await.unwrap();
        let b: Arc<String> = cache
            .get_or_load(|| async { Ok("x".to_owned()) })
            .await
            .unwrap();
        assert_eq!(
            (a.as_slice(), again.as_slice(), b.as_str()),
            (&[1u8][..], &[1u8][..], "x")
        );
    }
}
