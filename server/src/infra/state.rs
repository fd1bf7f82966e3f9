//! What every request handler shares, and what each request carries.
use std::{net::IpAddr, sync::Arc};

use entity::audit_event;
use sea_orm::DatabaseConnection;
use tokio::sync::broadcast;

use crate::infra::auth::tokens::TokenKeys;
use crate::infra::config::Config;
use crate::infra::reference::ReferenceCache;
use crate::infra::storage::Storage;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: DatabaseConnection,
    pub keys: Arc<TokenKeys>,
    pub storage: Storage,
    /// Committed audit events, for the `auditEventAdded` subscription (this process only).
    pub audit_feed: broadcast::Sender<audit_event::Model>,
    /// Verified against when the username is unknown, so both cases take the same time.
    pub dummy_password_hash: Arc<str>,
    /// Reference tables kept in memory once read: the region codes for NIK checks, the
    /// Dinas Sosial offices at their seats for relay plans.
    pub reference: ReferenceCache,
}

/// Facts about the HTTP request that the audit trail and throttling need.
#[derive(Clone, Debug)]
pub struct RequestMeta {
    pub request_id: String,
    pub ip: IpAddr,
    pub user_agent: Option<String>,
}
