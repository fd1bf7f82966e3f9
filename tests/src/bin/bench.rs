//! `make bench`: measures the API on this machine. Starts the real server (release build)
//! on a SQLite file or, with `--postgres`, on PostgreSQL, then runs each scenario with
//! concurrent clients over loopback HTTP for a fixed time and prints requests per second,
//! latency percentiles and the process's peak memory. Every response body is checked:
//! an error counts as a failure, not as a fast answer.
use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use rehsos_tests::{Backend, DEMO_PASSWORD, TestApp};
use serde_json::{Value, json};

// The same allocator as the server binary, so memory is measured as it runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Scenario {
    name: &'static str,
    query: &'static str,
    /// Made afresh for every request (registrations need new ids).
    variables: fn() -> Value,
    /// Who asks (None: anonymous).
    user: Option<&'static str>,
}

fn none() -> Value {
    json!({})
}

fn login_vars() -> Value {
    json!({"p": DEMO_PASSWORD})
}

fn new_client() -> Value {
    json!({"i": {"id": uuid::Uuid::now_v7().to_string(), "name": format!("Klien {}", uuid::Uuid::new_v4().simple()),
        "sex": "MALE", "estimatedAge": 50, "location": "STREET", "categories": ["ORANG_TERLANTAR"]}})
}

/// The client the `openCase` scenario opens its cases for.
static CASE_CLIENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn new_case() -> Value {
    json!({"i": {"id": uuid::Uuid::now_v7().to_string(), "sopCode": "RUJUKAN_PPKS",
        "clientId": CASE_CLIENT.get().expect("client made before the scenarios")}})
}

/// `n` referral cases waiting at their first step (for `myTasks`).
async fn open_cases(app: &TestApp, n: usize) {
    let staf = app.login("staf@blitar").await.access;
    for _ in 0..n {
        let client = app.gql(Some(&staf), "mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }", new_client()).await;
        let client = client["data"]["registerClient"]["client"]["id"].clone();
        let case = app.gql(Some(&staf), "mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }",
            json!({"i": {"id": uuid::Uuid::now_v7().to_string(), "sopCode": "RUJUKAN_PPKS", "clientId": client}})).await;
        assert!(case["data"]["openCase"]["id"].is_string(), "{case}");
    }
}

/// Peak resident memory so far of this process: the server and the load generator.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

async fn run(app: Arc<TestApp>, token: String, s: &Scenario, clients: usize, secs: u64) {
    let authenticated = s.user.is_some();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let app = app.clone();
        let token = token.clone();
        let (query, variables, auth) = (s.query, s.variables, authenticated);
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut failures = 0u64;
            while Instant::now() < deadline {
                let t0 = Instant::now();
                let body = app
                    .gql(auth.then_some(token.as_str()), query, variables())
                    .await;
                lat.push(t0.elapsed());
                if !body["errors"].is_null() {
                    failures += 1;
                }
            }
            (lat, failures)
        }));
    }
    let mut all = Vec::new();
    let mut failures = 0;
    for t in tasks {
        let (lat, f) = t.await.unwrap();
        all.extend(lat);
        failures += f;
    }
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "| {} | {} | {:.0} | {:.1} | {:.1} | {} | {:.0} |",
        s.name,
        clients,
        all.len() as f64 / secs as f64,
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        failures,
        peak_rss_mib()
    );
}

#[tokio::main]
async fn main() {
    let postgres = std::env::args().any(|a| a == "--postgres");
    let secs: u64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let backend = if postgres {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    // Throttling would (rightly) stop a login benchmark from one address.
    let app = Arc::new(
        TestApp::spawn(
            backend,
            &[
                ("LOGIN_MAX_FAILURES_PER_ADDRESS", "0"),
                ("LOGIN_MAX_FAILURES_PER_ACCOUNT", "0"),
            ],
        )
        .await,
    );
    let scenarios = [
        Scenario {
            name: "`{ __typename }`",
            query: "{ __typename }",
            variables: none,
            user: None,
        },
        Scenario {
            name: "`me` (token check + user, roles, office)",
            query: "{ me { username roles office { name } } }",
            variables: none,
            user: Some("admin@blitar"),
        },
        Scenario {
            name: "`users(first: 20)` with roles and office (DataLoader)",
            query: "{ users(first: 20) { edges { node { username roles office { name } institution { name } } } } }",
            variables: none,
            user: Some("admin@blitar"),
        },
        Scenario {
            name: "`auditEvents(first: 50)`",
            query: "{ auditEvents(first: 50) { edges { node { action actorUsername at } } } }",
            variables: none,
            user: Some("admin@blitar"),
        },
        Scenario {
            name: "`registerClient` (checks, duplicate search, audit)",
            query: "mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }",
            variables: new_client,
            user: Some("peksos@blitar"),
        },
        Scenario {
            name: "`clients(first: 20)` (each read audited: 20 inserts)",
            query: "{ clients(first: 20) { edges { node { displayName nikMasked categories } } } }",
            variables: none,
            user: Some("peksos@blitar"),
        },
        Scenario {
            name: "`myTasks` (50 open referral cases, steps with SOP text)",
            query: "{ myTasks { key text dueAt overdue waitingFor caseId } }",
            variables: none,
            user: Some("staf@blitar"),
        },
        Scenario {
            name: "`changes(first: 50)` from the start (a phone's first pull: 50 cases with steps)",
            query: "{ changes(first: 50) { cursor hasMore cases { id status currentStepKey steps { key status dueAt takenMinutes } } } }",
            variables: none,
            user: Some("staf@blitar"),
        },
        Scenario {
            name: "`openCase` (a case change: the office's change counter held to commit)",
            query: "mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }",
            variables: new_case,
            user: Some("staf@blitar"),
        },
        Scenario {
            name: "`planRelay` Lamandau → Blitar (552 offices, fewest legs then km)",
            query: "{ planRelay(from: \"62.09\", to: \"35.72\") { totalKm legs { to { regionCode } mode distanceKm } } }",
            variables: none,
            user: Some("peksos@lamandau"),
        },
        Scenario {
            name: "`login` (argon2id)",
            query: "mutation($p: String!) { login(username: \"peksos@blitar\", password: $p) { accessToken } }",
            variables: login_vars,
            user: None,
        },
    ];
    open_cases(&app, 50).await;
    let staf = app.login("staf@blitar").await.access;
    let client = app
        .gql(
            Some(&staf),
            "mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }",
            new_client(),
        )
        .await;
    CASE_CLIENT
        .set(
            client["data"]["registerClient"]["client"]["id"]
                .as_str()
                .expect("bench client")
                .to_owned(),
        )
        .ok();
    println!(
        "backend: {backend:?}, {secs} s per scenario, loopback HTTP, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| scenario | clients | req/s | p50 ms | p99 ms | errors | peak RSS MiB |");
    println!("|---|---|---|---|---|---|---|");
    for s in &scenarios {
        let token = match s.user {
            Some(u) => app.login(u).await.access,
            None => String::new(),
        };
        run(app.clone(), token, s, 16, secs).await;
    }
    Arc::into_inner(app).expect("no clients left").stop().await;
}
