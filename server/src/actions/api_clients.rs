//! Registering third-party apps (API clients): an office admin for their office, the
//! deployment's operator for a province or the whole deployment. The secret is shown once
//! and kept as an Argon2id hash; rotating it keeps the old one valid for a grace period;
//! revoking ends every token at once. The operations (trusted documents) a client may run
//! are registered here too. Every change is audited.
use chrono::{DateTime, Duration, Utc};
use entity::{Role, api_client, api_client_operation, api_client_token};
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::infra::audit::AuditEntry;
use crate::infra::auth::clients::{REACH_DEPLOYMENT, REACH_OFFICE, REACH_PROVINCE};
use crate::infra::auth::scopes::ApiScope;
use crate::infra::auth::tokens::random_token;
use crate::infra::auth::{Actor, password};
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::{AppState, RequestMeta};
use crate::infra::write::UnitOfWork;

pub struct NewApiClient {
    pub name: String,
    pub organisation: String,
    pub contact: String,
    pub legal_basis: Option<String>,
    pub agreement_ref: Option<String>,
    pub scopes: Vec<String>,
    pub allowed_ips: Option<Vec<String>>,
    pub expires_at: Option<DateTime<Utc>>,
    /// `OFFICE` (default), `PROVINCE` (with `province_code`) or `DEPLOYMENT`.
    pub reach: Option<String>,
    pub province_code: Option<String>,
    pub cost_per_minute: Option<i32>,
    pub cost_per_day: Option<i32>,
}

/// The default budgets: a page of 50 clients with their fields costs a few hundred.
pub const DEFAULT_COST_PER_MINUTE: i32 = 10_000;
pub const DEFAULT_COST_PER_DAY: i32 = 2_000_000;

/// A client with its secret, which is shown this once.
pub struct WithSecret {
    pub client: api_client::Model,
    pub secret: String,
}

fn field_error(field: &'static str, id: String, en: String) -> AppError {
    AppError::bad_input(Msg::new(id, en)).with("field", field)
}

fn scopes_of(names: &[String]) -> AppResult<Vec<ApiScope>> {
    ApiScope::parse_list(&names.join(" ")).map_err(|unknown| {
        let known = ApiScope::ALL.map(|s| s.name()).join(", ");
        field_error(
            "scopes",
            format!(
                "Scope tidak dikenal: {}. Yang ada: {known}.",
                unknown.join(", ")
            ),
            format!("Unknown scope(s): {}. Known: {known}.", unknown.join(", ")),
        )
    })
}

/// `clients:pii` only with the legal basis recorded (UU 27/2022: a lawful basis).
fn check_pii_basis(scopes: &[ApiScope], legal_basis: Option<&str>) -> AppResult<()> {
    if scopes.contains(&ApiScope::ClientsPii) && legal_basis.is_none_or(|b| b.trim().is_empty()) {
        return Err(field_error(
            "legalBasis",
            "Scope clients:pii memerlukan dasar hukum pemrosesan (legalBasis).".into(),
            "The clients:pii scope needs the legal basis of the processing (legalBasis).".into(),
        ));
    }
    Ok(())
}

fn check_ips(ips: &[String]) -> AppResult<()> {
    for ip in ips {
        let ok = ip.parse::<ipnet::IpNet>().is_ok() || ip.parse::<std::net::IpAddr>().is_ok();
        if !ok {
            return Err(field_error(
                "allowedIps",
                format!("'{ip}' bukan alamat IP atau rentang CIDR (mis. 203.0.113.0/24)."),
                format!("'{ip}' is not an IP address or CIDR range (e.g. 203.0.113.0/24)."),
            ));
        }
    }
    Ok(())
}

fn required(field: &'static str, value: &str) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(field_error(
            field,
            format!("{field} wajib diisi."),
            format!("{field} is required."),
        ));
    }
    Ok(v.to_owned())
}

/// The office that registers, and the reach asked for: an admin registers for their own
/// office only; a wider reach is the operator's.
fn registrar(
    actor: &Actor,
    input: &NewApiClient,
) -> AppResult<(Uuid, &'static str, Option<String>)> {
    let reach = input.reach.as_deref().unwrap_or(REACH_OFFICE);
    match reach {
        REACH_OFFICE => Ok((actor.admin_office()?, REACH_OFFICE, None)),
        REACH_PROVINCE | REACH_DEPLOYMENT => {
            actor.require_role(&[Role::Operator])?;
            let office = actor.office_id().ok_or_else(|| {
                AppError::forbidden(Msg::new(
                    "Operator harus terdaftar di sebuah kantor.",
                    "The operator must belong to an office.",
                ))
            })?;
            if reach == REACH_DEPLOYMENT {
                return Ok((office, REACH_DEPLOYMENT, None));
            }
            let code = input
                .province_code
                .as_deref()
                .map(str::trim)
                .filter(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_digit()))
                .ok_or_else(|| {
                    field_error(
                        "provinceCode",
                        "Jangkauan PROVINCE memerlukan kode provinsi dua angka (mis. 35).".into(),
                        "A PROVINCE reach needs the two-digit province code (e.g. 35).".into(),
                    )
                })?;
            Ok((office, REACH_PROVINCE, Some(code.to_owned())))
        }
        other => Err(field_error(
            "reach",
            format!("Jangkauan '{other}' tidak dikenal: OFFICE, PROVINCE atau DEPLOYMENT."),
            format!("Unknown reach '{other}': OFFICE, PROVINCE or DEPLOYMENT."),
        )),
    }
}

fn new_secret() -> String {
    format!("rsk_{}", random_token(32))
}

pub async fn register(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    input: NewApiClient,
) -> AppResult<WithSecret> {
    let (office, reach, province) = registrar(actor, &input)?;
    let name = required("name", &input.name)?;
    let organisation = required("organisation", &input.organisation)?;
    let contact = required("contact", &input.contact)?;
    let scopes = scopes_of(&input.scopes)?;
    let legal_basis = input
        .legal_basis
        .map(|b| b.trim().to_owned())
        .filter(|b| !b.is_empty());
    check_pii_basis(&scopes, legal_basis.as_deref())?;
    if let Some(ips) = &input.allowed_ips {
        check_ips(ips)?;
    }
    for (field, value) in [
        ("costPerMinute", input.cost_per_minute),
        ("costPerDay", input.cost_per_day),
    ] {
        if value.is_some_and(|v| v < 1) {
            return Err(field_error(
                field,
                format!("{field} minimal 1."),
                format!("{field} must be at least 1."),
            ));
        }
    }
    let secret = new_secret();
    let hash = password::hash(secret.clone()).await?;
    let now = Utc::now();
    let row = api_client::Model {
        id: Uuid::now_v7(),
        office_id: office,
        reach: reach.to_owned(),
        province_code: province,
        name,
        organisation,
        contact,
        legal_basis,
        agreement_ref: input
            .agreement_ref
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty()),
        scopes: ApiScope::to_json(&scopes),
        allowed_ips: input.allowed_ips.map(|ips| json!(ips)),
        expires_at: input.expires_at,
        secret_hash: hash,
        previous_secret_hash: None,
        previous_valid_until: None,
        cost_per_minute: input.cost_per_minute.unwrap_or(DEFAULT_COST_PER_MINUTE),
        cost_per_day: input.cost_per_day.unwrap_or(DEFAULT_COST_PER_DAY),
        revoked_at: None,
        created_by: actor.user.id,
        created_at: now,
        updated_at: now,
    };
    let mut uow = UnitOfWork::begin(state).await?;
    let client = row.into_active_model().insert(uow.txn()).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("api_client.register", "api_client", client.id)
            .office(Some(office))
            .details(json!({
                "name": client.name, "organisation": client.organisation, "reach": client.reach,
                "provinceCode": client.province_code, "scopes": client.scopes,
                "legalBasis": client.legal_basis, "agreementRef": client.agreement_ref,
            })),
    )
    .await?;
    uow.commit().await?;
    Ok(WithSecret { client, secret })
}

/// Whose API clients the actor manages: the operator every office's (None), an office
/// admin their office's; FORBIDDEN for anyone else.
pub fn registry_of(actor: &Actor) -> AppResult<Option<Uuid>> {
    if actor.has_role(Role::Operator) {
        return Ok(None);
    }
    Ok(Some(actor.admin_office()?))
}

/// A client the actor manages, or NOT_FOUND (the same answer as for no such client).
pub async fn managed(state: &AppState, actor: &Actor, id: Uuid) -> AppResult<api_client::Model> {
    let registry = registry_of(actor)?;
    crate::store::api_clients::by_id(&state.db, id)
        .await?
        .filter(|c| registry.is_none_or(|office| office == c.office_id))
        .ok_or_else(|| AppError::not_found("Aplikasi mitra", "API client"))
}

/// A new secret; the old one still works for `grace_hours` (default 24, 0: not at all).
pub async fn rotate_secret(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    id: Uuid,
    grace_hours: Option<i32>,
) -> AppResult<WithSecret> {
    let client = managed(state, actor, id).await?;
    let grace = Duration::hours(grace_hours.unwrap_or(24).clamp(0, 24 * 30) as i64);
    let secret = new_secret();
    let hash = password::hash(secret.clone()).await?;
    let now = Utc::now();
    let office = client.office_id;
    let old = client.secret_hash.clone();
    let mut am = client.into_active_model();
    am.secret_hash = Set(hash);
    am.previous_secret_hash = Set((grace > Duration::zero()).then_some(old));
    am.previous_valid_until = Set((grace > Duration::zero()).then_some(now + grace));
    am.updated_at = Set(now);
    let mut uow = UnitOfWork::begin(state).await?;
    let client = am.update(uow.txn()).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("api_client.rotate_secret", "api_client", id)
            .office(Some(office))
            .details(json!({"oldValidUntil": client.previous_valid_until})),
    )
    .await?;
    uow.commit().await?;
    Ok(WithSecret { client, secret })
}

/// Ends the client and every token it holds, at once.
pub async fn revoke(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    id: Uuid,
    reason: String,
) -> AppResult<api_client::Model> {
    let client = managed(state, actor, id).await?;
    let reason = required("reason", &reason)?;
    let now = Utc::now();
    let office = client.office_id;
    let mut uow = UnitOfWork::begin(state).await?;
    let mut am = client.into_active_model();
    am.revoked_at = Set(Some(now));
    am.updated_at = Set(now);
    let client = am.update(uow.txn()).await?;
    api_client_token::Entity::update_many()
        .col_expr(
            api_client_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(api_client_token::Column::ClientId.eq(id))
        .filter(api_client_token::Column::RevokedAt.is_null())
        .exec(uow.txn())
        .await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("api_client.revoke", "api_client", id)
            .office(Some(office))
            .details(json!({"reason": reason})),
    )
    .await?;
    uow.commit().await?;
    Ok(client)
}

/// The lower-case hex SHA-256 of a document's exact text: how a client names it.
pub fn document_hash(document: &str) -> String {
    Sha256::digest(document.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Registers a GraphQL document the client may run. It must parse and may not be a
/// mutation other than the client's own webhooks (the schema's scope rules refuse the
/// rest anyway); registering the same text twice is fine.
pub async fn register_operation(
    state: &AppState,
    meta: &RequestMeta,
    actor: &Actor,
    client_id: Uuid,
    name: Option<String>,
    document: String,
) -> AppResult<api_client_operation::Model> {
    let client = managed(state, actor, client_id).await?;
    if let Err(e) = async_graphql::parser::parse_query(&document) {
        return Err(field_error(
            "document",
            format!("Dokumen GraphQL tidak dapat dibaca: {e}"),
            format!("The GraphQL document cannot be parsed: {e}"),
        ));
    }
    let sha256 = document_hash(&document);
    if let Some(existing) =
        crate::store::api_clients::operation(&state.db, client_id, &sha256).await?
    {
        return Ok(existing);
    }
    let row = api_client_operation::Model {
        client_id,
        sha256: sha256.clone(),
        name: name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        document,
        created_by: actor.user.id,
        created_at: Utc::now(),
    };
    let mut uow = UnitOfWork::begin(state).await?;
    let op = row.into_active_model().insert(uow.txn()).await?;
    uow.audit(
        meta,
        Some(&actor.audit_actor()),
        AuditEntry::new("api_client.register_operation", "api_client", client_id)
            .office(Some(client.office_id))
            .details(json!({"sha256": sha256, "name": op.name})),
    )
    .await?;
    uow.commit().await?;
    Ok(op)
}
