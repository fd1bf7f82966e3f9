//! Access tokens (short-lived HS256 JWTs) and refresh tokens (opaque, random, stored hashed).
//!
//! A refresh token's successor is derived from it with an HMAC under the server key. So the
//! server can hand out the *same* new pair again when the response to a refresh was lost,
//! without ever storing a token in clear.
use std::path::Path;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

const ISSUER: &str = "rehsos";
const AUDIENCE: &str = "rehsos-api";
/// API clients' tokens have their own audience: a staff endpoint never takes one for a
/// staff token, and the other way round.
const CLIENT_AUDIENCE: &str = "rehsos-client-api";

/// An API client's access token (OAuth 2.0 client credentials).
#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct ClientClaims {
    /// `client:<id>`.
    pub sub: String,
    /// The token's row (revocation).
    pub jti: Uuid,
    /// Space-separated scopes.
    pub scope: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

impl ClientClaims {
    pub fn client_id(&self) -> Option<Uuid> {
        self.sub.strip_prefix("client:")?.parse().ok()
    }
}

#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The user's id.
    pub sub: Uuid,
    /// The session (refresh-token family) the token was issued under.
    pub sid: Uuid,
    /// The refresh token issued together with this access token.
    pub jti: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// Why an access token was refused; clients use it to decide whether to refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid,
}

pub struct TokenKeys {
    secret: Vec<u8>,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    client_validation: Validation,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 5;
        let mut client_validation = validation.clone();
        client_validation.set_audience(&[CLIENT_AUDIENCE]);
        Self {
            secret: secret.to_vec(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            client_validation,
        }
    }

    /// The configured secret, or in single-node mode the one kept in `data_dir/jwt-secret`
    /// (made on first start, readable only by the server's user).
    pub fn load_or_generate(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(secret) = configured {
            return Ok(Self::new(secret.as_bytes()));
        }
        let path = data_dir.join("jwt-secret");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            let secret = existing.trim();
            anyhow::ensure!(secret.len() >= 32, "{} is too short", path.display());
            return Ok(Self::new(secret.as_bytes()));
        }
        let secret = random_token(48);
        write_private(&path, &secret)?;
        tracing::info!(path = %path.display(), "generated a new JWT signing key");
        Ok(Self::new(secret.as_bytes()))
    }

    pub fn issue_access(
        &self,
        user: Uuid,
        session: Uuid,
        refresh_id: Uuid,
        issued_at: DateTime<Utc>,
        ttl: std::time::Duration,
    ) -> (String, DateTime<Utc>) {
        let exp = issued_at + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::MAX);
        let claims = Claims {
            sub: user,
            sid: session,
            jti: refresh_id,
            iat: issued_at.timestamp(),
            exp: exp.timestamp(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing cannot fail with a valid key");
        (token, exp)
    }

    /// Verifies signature, algorithm (only HS256: `alg: none` and others are refused),
    /// issuer, audience and expiry.
    pub fn verify_access(&self, token: &str) -> Result<Claims, TokenError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }

    /// An API client's token: `sub` = `client:<id>`, its own audience.
    pub fn issue_client(
        &self,
        client: Uuid,
        token_id: Uuid,
        scope: &str,
        issued_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> String {
        let claims = ClientClaims {
            sub: format!("client:{client}"),
            jti: token_id,
            scope: scope.to_owned(),
            iat: issued_at.timestamp(),
            exp: expires_at.timestamp(),
            iss: ISSUER.into(),
            aud: CLIENT_AUDIENCE.into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing cannot fail with a valid key")
    }

    /// Verifies an API client's token as [`verify_access`](Self::verify_access) does a
    /// staff token, with the client audience.
    pub fn verify_client(&self, token: &str) -> Result<ClientClaims, TokenError> {
        jsonwebtoken::decode::<ClientClaims>(token, &self.decoding, &self.client_validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }

    /// The successor of a refresh token: deterministic, unguessable without the key.
    pub fn successor(&self, refresh_token: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes any key");
        mac.update(b"rehsos refresh successor\0");
        mac.update(refresh_token.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

/// A fresh random token of `bytes` random bytes, base64url.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// What the database stores for a refresh token.
pub fn hash_refresh(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path)?;
    f.write_all(contents.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn access_tokens_round_trip_and_are_deterministic() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let (user, sid, jti) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let now = Utc::now();
        let (a, _) = keys.issue_access(user, sid, jti, now, Duration::from_secs(60));
        let (b, _) = keys.issue_access(user, sid, jti, now, Duration::from_secs(60));
        assert_eq!(
            a, b,
            "same claims give the same token (grace-window replay)"
        );
        let claims = keys.verify_access(&a).unwrap();
        assert_eq!((claims.sub, claims.sid, claims.jti), (user, sid, jti));
    }

    #[test]
    fn expired_and_foreign_tokens_are_refused() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let other = TokenKeys::new(b"another-secret-another-secret-xx");
        let id = Uuid::now_v7();
        let old = Utc::now() - chrono::Duration::hours(1);
        let (expired, _) = keys.issue_access(id, id, id, old, Duration::from_secs(60));
        assert_eq!(keys.verify_access(&expired), Err(TokenError::Expired));
        let (foreign, _) = other.issue_access(id, id, id, Utc::now(), Duration::from_secs(60));
        assert_eq!(keys.verify_access(&foreign), Err(TokenError::Invalid));
    }

    #[test]
    fn client_and_staff_tokens_are_not_taken_for_each_other() {
        let keys = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let id = Uuid::now_v7();
        let now = Utc::now();
        let client = keys.issue_client(
            id,
            id,
            "cases:read",
            now,
            now + chrono::Duration::minutes(5),
        );
        let claims = keys.verify_client(&client).unwrap();
        assert_eq!(
            (claims.client_id(), claims.scope.as_str()),
            (Some(id), "cases:read")
        );
        assert_eq!(keys.verify_access(&client), Err(TokenError::Invalid));
        let (staff, _) = keys.issue_access(id, id, id, now, Duration::from_secs(60));
        assert_eq!(
            keys.verify_client(&staff).map(|c| c.sub),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn successors_differ_per_token_and_per_key() {
        let a = TokenKeys::new(b"0123456789abcdef0123456789abcdef");
        let b = TokenKeys::new(b"another-secret-another-secret-xx");
        assert_eq!(a.successor("t1"), a.successor("t1"));
        assert_ne!(a.successor("t1"), a.successor("t2"));
        assert_ne!(a.successor("t1"), b.successor("t1"));
    }

    #[test]
    fn generated_key_is_kept_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        TokenKeys::load_or_generate(None, dir.path()).unwrap();
        let first = std::fs::read_to_string(dir.path().join("jwt-secret")).unwrap();
        TokenKeys::load_or_generate(None, dir.path()).unwrap();
        let second = std::fs::read_to_string(dir.path().join("jwt-secret")).unwrap();
        assert_eq!(first, second);
        assert!(first.len() >= 32);
    }
}
