//! Test harness for the end-to-end tests: starts the real server on a random loopback port
//! over a real database (a SQLite file in a temporary folder, or a fresh PostgreSQL
//! database made from `TEST_DATABASE_URL` and dropped afterwards) and talks HTTP to it.
#[cfg(test)]
mod architecture;
pub mod s3;
pub mod scope_sweep;
mod templates;

use std::{collections::HashMap, future::Future, net::SocketAddr, sync::Arc, time::Duration};

use rehsos_server::{AppState, Config, app, demo};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use tokio::{sync::oneshot, task::JoinHandle};

pub use serde_json;

pub const DEMO_PASSWORD: &str = "demo-rahasia-2026";

/// Debian's Chromium, for the browser tests (the test command installs it).
pub const CHROMIUM: &str = "/usr/bin/chromium";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Defines one test that runs on a SQLite file and on PostgreSQL:
/// `e2e!(fn name(app) { ... });` where `app: Arc<TestApp>`.
#[macro_export]
macro_rules! e2e {
    (fn $name:ident($app:ident) $body:block) => {
        $crate::e2e!(fn $name($app) with [] $body);
    };
    (fn $name:ident($app:ident) with [$(($k:expr, $v:expr)),* $(,)?] $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::run($crate::Backend::Sqlite, &[$(($k, $v)),*], |$app| async move $body).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::run($crate::Backend::Postgres, &[$(($k, $v)),*], |$app| async move $body).await
            }
        }
    };
}

/// Starts an app, runs the test body, then stops the server and drops the database, also
/// when the body panics (the panic is passed on afterwards).
pub async fn run<F, Fut>(backend: Backend, settings: &[(&str, &str)], body: F)
where
    F: FnOnce(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let app = Arc::new(TestApp::spawn(backend, settings).await);
    let outcome = tokio::spawn(body(app.clone())).await;
    let app = Arc::into_inner(app).expect("the test body must not keep the app");
    app.stop().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

pub struct TestApp {
    pub backend: Backend,
    pub addr: SocketAddr,
    pub state: AppState,
    pub http: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    pg_database: Option<String>,
    _dir: tempfile::TempDir,
}

/// The admin connection to PostgreSQL, from `TEST_DATABASE_URL`.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn with_database(url: &str, db: &str) -> String {
    let (base, _) = url
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL needs a path");
    format!("{base}/{db}")
}

impl TestApp {
    pub async fn spawn(backend: Backend, settings: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut env: HashMap<String, String> = HashMap::new();
        env.insert("DATA_DIR".into(), dir.path().display().to_string());
        let mut pg_database = None;
        match backend {
            Backend::Sqlite => {
                let template = templates::sqlite().await;
                std::fs::copy(template, dir.path().join("rehsos.db")).expect("copy template");
            }
            Backend::Postgres => {
                let template = templates::postgres().await;
                let admin = postgres_admin_url();
                let name = format!("rehsos_test_{}", uuid::Uuid::new_v4().simple());
                let conn = Database::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL at TEST_DATABASE_URL ({admin}) is not reachable: {e}")
                });
                conn.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                    .await
                    .expect("create test database");
                conn.close().await.ok();
                env.insert("DATABASE_URL".into(), with_database(&admin, &name));
                pg_database = Some(name);
            }
        }
        for (k, v) in settings {
            env.insert((*k).into(), (*v).into());
        }
        let config = Config::from_lookup(|k| env.get(k).cloned()).expect("test config");
        let state = app::build_state(config).await.expect("start app");
        demo::load(&state, Some(DEMO_PASSWORD.into()))
            .await
            .expect("load demo data");
        Self::serve(backend, state, dir, pg_database).await
    }

    /// A second server on the same database (a replica), with the same signing key.
    pub async fn beside(other: &TestApp) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = std::fs::read_to_string(other.state.config.data_dir.join("jwt-secret"))
            .expect("first server's key");
        let env: HashMap<String, String> = [
            ("DATA_DIR".to_string(), dir.path().display().to_string()),
            (
                "DATABASE_URL".to_string(),
                other.state.config.database_url.clone(),
            ),
            ("JWT_SECRET".to_string(), key.trim().to_owned()),
        ]
        .into();
        let config = Config::from_lookup(|k| env.get(k).cloned()).expect("test config");
        let state = app::build_state(config).await.expect("start second server");
        Self::serve(other.backend, state, dir, None).await
    }

    async fn serve(
        backend: Backend,
        state: AppState,
        dir: tempfile::TempDir,
        pg_database: Option<String>,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(app::serve(
            listener,
            state.clone(),
            async move {
                let _ = rx.await;
            },
            Duration::from_secs(10),
        ));
        Self {
            backend,
            addr,
            state,
            http: reqwest::Client::new(),
            shutdown: Some(tx),
            server: Some(server),
            pg_database,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Asks the server to shut down gracefully; returns the serve task.
    pub fn begin_shutdown(&mut self) -> JoinHandle<anyhow::Result<()>> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.server.take().expect("server already stopped")
    }

    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            if let Some(tx) = self.shutdown.take() {
                let _ = tx.send(());
            }
            let _ = tokio::time::timeout(Duration::from_secs(15), server).await;
        }
        self.state.db.clone().close().await.ok();
        if let Some(name) = &self.pg_database {
            let conn = Database::connect(&postgres_admin_url())
                .await
                .expect("pg admin");
            conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .expect("drop test database");
            conn.close().await.ok();
        }
    }

    /// POSTs a GraphQL request and returns the whole JSON body.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.gql_with(token, query, variables, &[]).await
    }

    pub async fn gql_with(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
        headers: &[(&str, &str)],
    ) -> Value {
        let mut req = self
            .http
            .post(self.url("/graphql"))
            .json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.expect("HTTP request");
        assert!(
            resp.status().is_success() || resp.status().is_client_error(),
            "unexpected status {}",
            resp.status()
        );
        resp.json().await.expect("JSON body")
    }

    /// Logs in with the demo password.
    pub async fn login(&self, username: &str) -> Tokens {
        self.login_with(username, DEMO_PASSWORD)
            .await
            .expect("login works")
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Result<Tokens, Value> {
        let body = self
            .gql(
                None,
                "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken user { id } } }",
                json!({"u": username, "p": password}),
            )
            .await;
        match body["data"]["login"].as_object() {
            Some(login) => Ok(Tokens {
                access: login["accessToken"].as_str().unwrap().to_owned(),
                refresh: login["refreshToken"].as_str().unwrap().to_owned(),
                user_id: login["user"]["id"].as_str().unwrap().to_owned(),
            }),
            None => Err(body),
        }
    }

    /// A user's id by username, read straight from the database.
    pub async fn user_id(&self, username: &str) -> String {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        entity::user::Entity::find()
            .filter(entity::user::Column::Username.eq(username))
            .one(&self.state.db)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no user {username}"))
            .id
            .to_string()
    }

    /// Number of rows in a table.
    pub async fn count(&self, table: &str) -> i64 {
        let backend = self.state.db.get_database_backend();
        let row = self
            .state
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM \"{table}\""),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }
}

#[derive(Clone, Debug)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
    pub user_id: String,
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}
