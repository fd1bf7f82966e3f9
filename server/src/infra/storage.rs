//! Object storage for documents: a local folder (the embedded default) or S3-compatible
//! storage (`STORAGE_URL=s3://bucket/prefix`, credentials from the usual AWS variables).
//! With S3, downloads can be short-lived signed URLs that bypass the API server.
use std::{path::PathBuf, sync::Arc, time::Duration};

use anyhow::{Context, bail};
use object_store::{
    ObjectStore, aws::AmazonS3Builder, local::LocalFileSystem, path::Path, prefix::PrefixStore,
    signer::Signer,
};

use crate::infra::config::S3Settings;

#[derive(Clone)]
pub struct Storage {
    pub store: Arc<dyn ObjectStore>,
    /// Present for S3: makes signed download URLs.
    pub signer: Option<Arc<dyn Signer>>,
}

impl Storage {
    /// A signed GET URL valid for `ttl`, when the backend can make one.
    pub async fn signed_get(&self, key: &str, ttl: Duration) -> anyhow::Result<Option<String>> {
        let Some(signer) = &self.signer else {
            return Ok(None);
        };
        let url = signer
            .signed_url(axum::http::Method::GET, &Path::from(key), ttl)
            .await?;
        Ok(Some(url.to_string()))
    }
}

/// Opens `STORAGE_URL`: a folder path or `file://` URL (created when missing), or `s3://`.
pub fn open(storage_url: &str, s3: &S3Settings) -> anyhow::Result<Storage> {
    let folder = match storage_url.split_once("://") {
        None => PathBuf::from(storage_url),
        Some(("file", path)) => PathBuf::from(path),
        Some(("s3", rest)) => return open_s3(rest, s3),
        Some((scheme, _)) => bail!(
            "STORAGE_URL scheme '{scheme}://' is not supported; use a folder path or s3://bucket/prefix"
        ),
    };
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("creating the storage folder {}", folder.display()))?;
    let store = LocalFileSystem::new_with_prefix(&folder)
        .with_context(|| format!("opening the storage folder {}", folder.display()))?;
    Ok(Storage {
        store: Arc::new(store),
        signer: None,
    })
}

fn open_s3(bucket_and_prefix: &str, s3: &S3Settings) -> anyhow::Result<Storage> {
    let (bucket, prefix) = bucket_and_prefix
        .split_once('/')
        .unwrap_or((bucket_and_prefix, ""));
    anyhow::ensure!(
        !bucket.is_empty(),
        "STORAGE_URL s3:// needs a bucket name: s3://bucket/prefix"
    );
    let mut b = AmazonS3Builder::new()
        .with_bucket_name(bucket)
        .with_allow_http(s3.allow_http);
    if let Some(v) = &s3.region {
        b = b.with_region(v);
    }
    if let Some(v) = &s3.endpoint {
        b = b.with_endpoint(v);
    }
    if let Some(v) = &s3.access_key_id {
        b = b.with_access_key_id(v);
    }
    if let Some(v) = &s3.secret_access_key {
        b = b.with_secret_access_key(v);
    }
    let s3 = b
        .build()
        .context("configuring S3 storage (check the AWS_* variables)")?;
    let store = Arc::new(PrefixStore::new(s3, prefix.trim_matches('/')));
    Ok(Storage {
        store: store.clone(),
        signer: Some(store),
    })
}
