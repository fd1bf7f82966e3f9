//! Object storage for documents. The embedded default is a local folder; S3-compatible
//! storage comes with the documents issue.
use std::{path::PathBuf, sync::Arc};

use anyhow::{Context, bail};
use object_store::{ObjectStore, local::LocalFileSystem};

/// `STORAGE_URL` as a folder path or `file://` URL; the folder is created when missing.
pub fn open(storage_url: &str) -> anyhow::Result<Arc<dyn ObjectStore>> {
    let folder = match storage_url.split_once("://") {
        None => PathBuf::from(storage_url),
        Some(("file", path)) => PathBuf::from(path),
        Some((scheme, _)) => bail!(
            "STORAGE_URL scheme '{scheme}://' is not supported yet; use a folder path (S3 arrives with document uploads)"
        ),
    };
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("creating the storage folder {}", folder.display()))?;
    let store = LocalFileSystem::new_with_prefix(&folder)
        .with_context(|| format!("opening the storage folder {}", folder.display()))?;
    Ok(Arc::new(store))
}
