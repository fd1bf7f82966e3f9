//! Migrated template databases, made once per migration set (see `build.rs`) and copied for
//! each test: `CREATE DATABASE … TEMPLATE` on PostgreSQL, a file copy for SQLite. Each test
//! still gets its own fresh database, dropped afterwards; only the migrated starting point
//! is shared. Templates of older migration sets are removed when a new one is made.
use std::path::PathBuf;

use sea_orm::{ConnectionTrait, Database};
use tokio::sync::OnceCell;

use crate::{postgres_admin_url, with_database};

const FINGERPRINT: &str = env!("MIGRATIONS_FINGERPRINT");

static SQLITE: OnceCell<PathBuf> = OnceCell::const_new();
static POSTGRES: OnceCell<String> = OnceCell::const_new();

pub async fn sqlite() -> &'static PathBuf {
    SQLITE
        .get_or_init(|| async {
            let dir = std::env::temp_dir().join("rehsos-test-templates");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("sqlite-{FINGERPRINT}.db"));
            if !path.exists() {
                let building = dir.join(format!("building-{}.db", uuid::Uuid::new_v4().simple()));
                let url = format!("sqlite://{}?mode=rwc", building.display());
                let db = rehsos_server::infra::db::connect(&url)
                    .await
                    .expect("migrate template");
                // Fold the WAL into the main file so a plain copy is complete.
                db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                    .await
                    .unwrap();
                db.close().await.ok();
                std::fs::rename(&building, &path).unwrap();
                for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                    let p = entry.path();
                    if p != path
                        && p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with("sqlite-"))
                    {
                        let _ = std::fs::remove_file(p);
                    }
                }
            }
            path
        })
        .await
}

pub async fn postgres() -> &'static str {
    POSTGRES
        .get_or_init(|| async {
            let admin_url = postgres_admin_url();
            let name = format!("rehsos_template_{FINGERPRINT}");
            let admin = Database::connect(&admin_url).await.unwrap_or_else(|e| {
                panic!("PostgreSQL at TEST_DATABASE_URL ({admin_url}) is not reachable: {e}")
            });
            // One builder at a time across test processes.
            admin
                .execute_unprepared("SELECT pg_advisory_lock(727274)")
                .await
                .unwrap();
            let exists = admin
                .query_one_raw(sea_orm::Statement::from_string(
                    admin.get_database_backend(),
                    format!("SELECT 1 AS x FROM pg_database WHERE datname = '{name}'"),
                ))
                .await
                .unwrap()
                .is_some();
            if !exists {
                let stale = admin
                    .query_all_raw(sea_orm::Statement::from_string(
                        admin.get_database_backend(),
                        "SELECT datname FROM pg_database WHERE datname LIKE 'rehsos_template_%'"
                            .to_owned(),
                    ))
                    .await
                    .unwrap();
                for row in stale {
                    let old: String = row.try_get("", "datname").unwrap();
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {old} WITH (FORCE)"))
                        .await
                        .unwrap();
                }
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                let db = rehsos_server::infra::db::connect(&with_database(&admin_url, &name))
                    .await
                    .expect("migrate template");
                db.close().await.ok();
            }
            admin
                .execute_unprepared("SELECT pg_advisory_unlock(727274)")
                .await
                .unwrap();
            admin.close().await.ok();
            name
        })
        .await
}
