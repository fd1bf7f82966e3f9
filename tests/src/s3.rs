//! A real S3-compatible server on loopback for the storage tests: `s3s-fs` (crates.io),
//! which checks request signatures, serving a temporary folder. The test command installs
//! it into `~/.cache/rehsos-tools/bin`.
use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

pub const BUCKET: &str = "rehsos";
const ACCESS_KEY: &str = "rehsos-test-access";
const SECRET_KEY: &str = "rehsos-test-secret-key";

pub struct S3Server {
    child: Child,
    pub endpoint: String,
    _root: tempfile::TempDir,
}

fn binary() -> PathBuf {
    if let Ok(p) = std::env::var("S3S_FS") {
        return p.into();
    }
    let cached = PathBuf::from(std::env::var("HOME").unwrap_or_default())
        .join(".cache/rehsos-tools/bin/s3s-fs");
    if cached.exists() {
        cached
    } else {
        "s3s-fs".into()
    }
}

impl S3Server {
    pub async fn start() -> Self {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(BUCKET)).unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary())
            .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
            .arg(root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs runs (the test command installs it: cargo install s3s-fs --features binary)");
        let endpoint = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self {
                    child,
                    endpoint,
                    _root: root,
                };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut server = Self {
            child,
            endpoint,
            _root: root,
        };
        let _ = server.child.kill();
        let _ = server.child.wait();
        panic!("s3s-fs did not start on port {port}");
    }

    /// The settings that point the server's storage at this S3 server.
    pub fn settings(&self) -> Vec<(String, String)> {
        vec![
            (
                "STORAGE_URL".into(),
                format!("s3://{BUCKET}/documents-test"),
            ),
            ("AWS_ENDPOINT".into(), self.endpoint.clone()),
            ("AWS_ALLOW_HTTP".into(), "true".into()),
            ("AWS_REGION".into(), "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID".into(), ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY".into(), SECRET_KEY.into()),
        ]
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
