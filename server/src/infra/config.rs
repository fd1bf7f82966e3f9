//! Typed configuration from environment variables. An optional file (`CONFIG_FILE`, default
//! `./rehsos.env` when it exists) adds variables in `KEY=value` lines; the environment wins.
//! Every default makes the embedded setup work: a SQLite file and a storage folder under
//! `DATA_DIR`.
use std::{net::SocketAddr, path::PathBuf, time::Duration};

use anyhow::{Context, bail};

#[derive(Clone, Debug)]
pub struct Config {
    /// Folder for the SQLite file, stored documents, the generated JWT key and the demo password.
    pub data_dir: PathBuf,
    pub database_url: String,
    pub storage_url: String,
    pub listen_addr: SocketAddr,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    /// How long an already rotated refresh token still returns its successor, so that a
    /// response lost on a bad network does not log the worker out.
    pub refresh_grace: Duration,
    /// Secret for signing tokens. `None`: generated into `DATA_DIR/jwt-secret` (single node).
    pub jwt_secret: Option<String>,
    pub login_throttle: LoginThrottle,
    pub introspection: bool,
    pub max_query_depth: usize,
    pub max_query_complexity: usize,
    pub max_body_bytes: usize,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
    pub log_json: bool,
    /// Largest document accepted.
    pub max_document_bytes: usize,
    /// Relay: the longest land leg (km, per SOP 250) and road km per great-circle km.
    pub relay_limit_km: f64,
    pub road_factor: f64,
    /// Where the public reaches this server (`https://rehsos.blitarkota.go.id`): the QR code
    /// of every letter points to `PUBLIC_URL/verify/{code}`.
    pub public_url: String,
    pub s3: S3Settings,
}

/// S3 settings, from the usual AWS variables (used when `STORAGE_URL` is `s3://…`).
#[derive(Clone, Debug, Default)]
pub struct S3Settings {
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub allow_http: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct LoginThrottle {
    pub window: Duration,
    pub max_failures_per_account: u64,
    pub max_failures_per_address: u64,
}

impl Config {
    /// Reads the configuration file (if any) into the environment, then the environment.
    pub fn from_env() -> anyhow::Result<Self> {
        let file = std::env::var("CONFIG_FILE").ok();
        match &file {
            Some(path) => {
                dotenvy::from_path(path).with_context(|| format!("reading CONFIG_FILE {path}"))?
            }
            None => {
                if std::path::Path::new("rehsos.env").exists() {
                    dotenvy::from_path("rehsos.env").context("reading rehsos.env")?;
                }
            }
        }
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Builds the configuration from any key lookup (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = get("DATABASE_URL").unwrap_or_else(|| {
            format!("sqlite://{}?mode=rwc", data_dir.join("rehsos.db").display())
        });
        let storage_url =
            get("STORAGE_URL").unwrap_or_else(|| data_dir.join("storage").display().to_string());
        let secs = |key: &str, default: u64| -> anyhow::Result<Duration> {
            Ok(Duration::from_secs(parse(&get, key, default)?))
        };
        let jwt_secret = get("JWT_SECRET").filter(|s| !s.is_empty());
        if let Some(s) = &jwt_secret
            && s.len() < 32
        {
            bail!("JWT_SECRET must be at least 32 characters long");
        }
        let listen_addr: SocketAddr = get("LISTEN_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".into())
            .parse()
            .context("LISTEN_ADDR must look like 127.0.0.1:8080")?;
        Ok(Self {
            listen_addr,
            access_token_ttl: secs("ACCESS_TOKEN_TTL_SECS", 15 * 60)?,
            refresh_token_ttl: secs("REFRESH_TOKEN_TTL_SECS", 30 * 24 * 3600)?,
            refresh_grace: secs("REFRESH_GRACE_SECS", 30)?,
            jwt_secret,
            login_throttle: LoginThrottle {
                window: secs("LOGIN_THROTTLE_WINDOW_SECS", 15 * 60)?,
                max_failures_per_account: parse(&get, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 5)?,
                max_failures_per_address: parse(&get, "LOGIN_MAX_FAILURES_PER_ADDRESS", 30)?,
            },
            introspection: parse(&get, "GRAPHQL_INTROSPECTION", true)?,
            max_query_depth: parse(&get, "GRAPHQL_MAX_DEPTH", 15)?,
            max_query_complexity: parse(&get, "GRAPHQL_MAX_COMPLEXITY", 2000)?,
            max_body_bytes: parse(&get, "MAX_BODY_BYTES", 2 * 1024 * 1024)?,
            trust_forwarded_for: parse(&get, "TRUST_FORWARDED_FOR", false)?,
            log_json: get("LOG_FORMAT").is_some_and(|f| f.eq_ignore_ascii_case("json")),
            max_document_bytes: parse(&get, "DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)?,
            relay_limit_km: parse(&get, "RELAY_LIMIT_KM", 250.0)?,
            road_factor: parse(&get, "ROAD_FACTOR", 1.3)?,
            public_url: get("PUBLIC_URL")
                .map(|u| u.trim().trim_end_matches('/').to_owned())
                .unwrap_or_else(|| format!("http://{listen_addr}")),
            s3: S3Settings {
                endpoint: get("AWS_ENDPOINT").or_else(|| get("AWS_ENDPOINT_URL")),
                region: get("AWS_REGION").or_else(|| get("AWS_DEFAULT_REGION")),
                access_key_id: get("AWS_ACCESS_KEY_ID"),
                secret_access_key: get("AWS_SECRET_ACCESS_KEY"),
                allow_http: parse(&get, "AWS_ALLOW_HTTP", false)?,
            },
            data_dir,
            database_url,
            storage_url,
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

fn parse<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    key: &str,
    default: T,
) -> anyhow::Result<T> {
    match get(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{key} has an invalid value: {v:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_put_everything_under_the_data_folder() {
        let c = config(&[]).unwrap();
        assert_eq!(c.listen_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://./data/rehsos.db?mode=rwc");
        assert_eq!(c.storage_url, "./data/storage");
        assert!(c.jwt_secret.is_none());
        assert!(c.introspection);
    }

    #[test]
    fn data_dir_moves_the_database_and_storage() {
        let c = config(&[("DATA_DIR", "/srv/rehsos")]).unwrap();
        assert_eq!(c.database_url, "sqlite:///srv/rehsos/rehsos.db?mode=rwc");
        assert_eq!(c.storage_url, "/srv/rehsos/storage");
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = config(&[("ACCESS_TOKEN_TTL_SECS", "soon")]).unwrap_err();
        assert!(err.to_string().contains("ACCESS_TOKEN_TTL_SECS"), "{err}");
        let err = config(&[("JWT_SECRET", "short")]).unwrap_err();
        assert!(err.to_string().contains("32"), "{err}");
    }
}
