//! An API client acting with its token: the client, the token's scopes and the offices
//! whose records its reach covers, loaded fresh for every request so that a revoked client
//! or token stops at once.
use std::net::IpAddr;

use chrono::Utc;
use entity::{api_client, api_client_token, office};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::infra::auth::AuditActor;
use crate::infra::auth::scopes::ApiScope;
use crate::infra::auth::tokens::TokenError;
use crate::infra::error::AppResult;
use crate::infra::state::AppState;

/// Whose records a client reaches.
pub const REACH_OFFICE: &str = "OFFICE";
pub const REACH_PROVINCE: &str = "PROVINCE";
pub const REACH_DEPLOYMENT: &str = "DEPLOYMENT";

#[derive(Clone, Debug)]
pub struct ClientPrincipal {
    pub client: api_client::Model,
    pub token_id: Uuid,
    pub scopes: Vec<ApiScope>,
    /// The offices whose records this client may read.
    pub offices: Vec<Uuid>,
}

impl ClientPrincipal {
    pub fn has(&self, scope: ApiScope) -> bool {
        self.scopes.contains(&scope)
    }

    pub fn reaches(&self, office: Uuid) -> bool {
        self.offices.contains(&office)
    }

    pub fn audit_actor(&self) -> AuditActor {
        AuditActor::of_client(self.client.id)
    }
}

/// Whether `ip` is inside the client's allowed ranges (no list: any address).
pub fn ip_allowed(client: &api_client::Model, ip: IpAddr) -> bool {
    let Some(ranges) = client.allowed_ips.as_ref().and_then(|j| j.as_array()) else {
        return true;
    };
    ranges.iter().filter_map(|r| r.as_str()).any(|r| {
        r.parse::<ipnet::IpNet>()
            .map(|net| net.contains(&ip))
            .or_else(|_| r.parse::<IpAddr>().map(|one| one == ip))
            .unwrap_or(false)
    })
}

/// A client may act now: not revoked and not expired.
pub fn is_live(client: &api_client::Model) -> bool {
    client.revoked_at.is_none() && client.expires_at.is_none_or(|e| e > Utc::now())
}

/// The client and token a verified client token stands for, or why not.
pub async fn load_principal(
    state: &AppState,
    token: &str,
    ip: IpAddr,
) -> AppResult<Result<ClientPrincipal, TokenError>> {
    let claims = match state.keys.verify_client(token) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let Some(client_id) = claims.client_id() else {
        return Ok(Err(TokenError::Invalid));
    };
    let Some(row) = api_client_token::Entity::find_by_id(claims.jti)
        .filter(api_client_token::Column::ClientId.eq(client_id))
        .filter(api_client_token::Column::RevokedAt.is_null())
        .one(&state.db)
        .await?
    else {
        return Ok(Err(TokenError::Invalid));
    };
    let Some(client) = api_client::Entity::find_by_id(client_id)
        .one(&state.db)
        .await?
        .filter(is_live)
        .filter(|c| ip_allowed(c, ip))
    else {
        return Ok(Err(TokenError::Invalid));
    };
    let offices = reach_of(state, &client).await?;
    Ok(Ok(ClientPrincipal {
        scopes: ApiScope::from_json(&row.scopes),
        token_id: row.id,
        client,
        offices,
    }))
}

/// The offices a client's reach covers.
pub async fn reach_of(state: &AppState, client: &api_client::Model) -> AppResult<Vec<Uuid>> {
    let mut find = office::Entity::find()
        .select_only()
        .column(office::Column::Id);
    match (client.reach.as_str(), client.province_code.as_deref()) {
        (REACH_DEPLOYMENT, _) => {}
        (REACH_PROVINCE, Some(code)) => {
            find = find.filter(office::Column::RegionCode.starts_with(code));
        }
        _ => return Ok(vec![client.office_id]),
    }
    Ok(find.into_tuple::<Uuid>().all(&state.db).await?)
}
