//! The field PWA in a real browser (Debian's Chromium, driven by playwright-core through
//! `mobile-web/tests/browser.mjs`) against the real server on a SQLite file and on
//! PostgreSQL. The server serves the built app (`npm run build` in `mobile-web`, which the
//! test command runs first).
use std::path::PathBuf;

use super::{flow::*, *};

fn mobile_web() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../mobile-web")
}

/// Runs one browser scenario as `username`; panics with the browser's output if it fails.
async fn browser(app: &TestApp, scenario: &str, username: &str, env: &[(&str, &str)]) -> String {
    let dir = mobile_web();
    assert!(
        dir.join("dist/index.html").exists() && dir.join("node_modules/playwright-core").exists(),
        "build the PWA first: cd mobile-web && npm ci && npm run build (make test does)"
    );
    let mut cmd = tokio::process::Command::new("node");
    cmd.arg("tests/browser.mjs")
        .arg(scenario)
        .current_dir(&dir)
        .env("BASE_URL", app.url(""))
        .env("USERNAME", username)
        .env("PASSWORD", DEMO_PASSWORD)
        .env(
            "CHROME_PATH",
            std::env::var("CHROME_PATH").unwrap_or_else(|_| rehsos_tests::CHROMIUM.into()),
        );
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = tokio::time::timeout(std::time::Duration::from_secs(120), cmd.output())
        .await
        .expect("the browser scenario finishes within 2 minutes")
        .expect("node runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "browser scenario {scenario} failed:\n{text}"
    );
    text
}

e2e!(fn the_app_is_served_installable_and_opens_offline_with_my_tasks(app) {
    // The server gives the app at / and any deep link, the service worker at /sw.js.
    for (path, kind) in [("/", "text/html"), ("/klien/baru", "text/html"), ("/sw.js", "javascript"), ("/manifest.webmanifest", "application/manifest+json")] {
        let resp = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert!(resp.headers()["content-type"].to_str().unwrap().contains(kind), "{path}: {:?}", resp.headers());
    }
    assert_eq!(app.http.get(app.url("/assets/tidak-ada.js")).send().await.unwrap().status(), 404);
    // A case waits for the intake desk: the desk's phone shows it, also offline.
    let b = Blitar::login(&app).await;
    open_case(&app, &b).await;
    browser(&app, "shell_and_tasks_offline", "staf@blitar", &[("EXPECT_TASK", "Mbah Karsi")]).await;
});

e2e!(fn the_session_renews_itself_and_asks_for_the_password_only_when_it_must(app) {
    let b = Blitar::login(&app).await;
    open_case(&app, &b).await;
    browser(&app, "session_renews_and_asks_for_password_only_when_needed", "staf@blitar", &[("EXPECT_TASK", "Mbah Karsi")]).await;
});
