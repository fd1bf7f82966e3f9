//! Documents: photos cleaned of location data, types checked by content, size limits,
//! replay-safe uploads, cut uploads, orphans, and S3 with signed download links.
use std::{sync::Arc, time::Duration};

use rehsos_tests::{Backend, s3::S3Server};
use serde_json::Value;

use super::*;

const PHOTO: &[u8] = include_bytes!("../../../testdata/photo-with-gps.jpg");

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn sha256(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = <sha2::Sha256 as sha2::Digest>::digest(bytes);
    digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

async fn a_client(app: &TestApp, token: &str) -> String {
    let body = app.gql(Some(token), "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Siti Aminah\", location: SHELTER, categories: [GELANDANGAN]}) { client { id } } }", json!({"id": new_id()})).await;
    body["data"]["registerClient"]["client"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn put(
    app: &TestApp,
    token: &str,
    id: &str,
    query: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, Value) {
    let resp = app
        .http
        .put(app.url(&format!("/documents/{id}?{query}")))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Vec<u8>) {
    let resp = app
        .http
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.bytes().await.unwrap().to_vec())
}

fn stored_objects(app: &TestApp) -> usize {
    let root = app.state.config.data_dir.join("storage");
    walk(&root)
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                if e.path().is_dir() {
                    walk(&e.path())
                } else {
                    1
                }
            })
            .sum()
    })
}

e2e!(fn a_ktp_photo_is_stored_upright_without_its_gps_location(app) {
    // The fixture is a real JPEG with EXIF GPS (Kota Blitar) and "rotate 90°" orientation.
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(PHOTO)).unwrap();
    assert!(exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some(), "fixture has GPS");

    let t = app.login("peksos@blitar").await;
    let client = a_client(&app, &t.access).await;
    let id = new_id();
    let (status, doc) = put(&app, &t.access, &id, &format!("kind=KTP&clientId={client}&filename=ktp.jpg"), PHOTO).await;
    assert_eq!(status, 201, "{doc}");
    assert_eq!(doc["contentType"], "image/jpeg");
    assert_eq!((doc["width"].as_i64(), doc["height"].as_i64()), (Some(760), Some(1200)), "turned upright: {doc}");

    let (status, stored) = get(&app, &t.access, &format!("/documents/{id}/content")).await;
    assert_eq!(status, 200);
    assert_eq!(sha256(&stored), doc["sha256"].as_str().unwrap(), "sha256 is of the stored bytes");
    let gps = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&stored))
        .ok()
        .and_then(|e| e.fields().find(|f| f.ifd_num == exif::In::PRIMARY && matches!(f.tag, exif::Tag::GPSLatitude | exif::Tag::GPSLongitude)).map(|f| f.tag));
    assert_eq!(gps, None, "no location in the stored photo");
    let img = image::load_from_memory(&stored).unwrap();
    assert_eq!((img.width(), img.height()), (760, 1200));
    let (status, thumb) = get(&app, &t.access, &format!("/documents/{id}/thumbnail")).await;
    assert_eq!(status, 200);
    let thumb = image::load_from_memory(&thumb).unwrap();
    assert!(thumb.width() <= 320 && thumb.height() <= 320 && thumb.height() > thumb.width());

    // A retried PUT of the same bytes is a no-op; other bytes under the id are refused.
    let (status, again) = put(&app, &t.access, &id, &format!("kind=KTP&clientId={client}"), PHOTO).await;
    assert_eq!((status, again["replayed"].clone()), (200, json!(true)), "{again}");
    let mut other = PHOTO.to_vec();
    other.truncate(PHOTO.len() - 10);
    let (status, conflict) = put(&app, &t.access, &id, "kind=KTP", other).await;
    assert_eq!(status, 409, "{conflict}");
    assert_eq!(error_code(&conflict), Some("CONFLICT"));
    assert_eq!(app.count("document").await, 1);

    let body = app.gql(Some(&t.access), "query($id: ID!) { client(id: $id) { photo { id } documents { id kind contentType contentUrl thumbnailUrl } } }", json!({"id": client})).await;
    assert!(body["data"]["client"]["photo"].is_null(), "a KTP scan is not the client's photo");
    let docs = body["data"]["client"]["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{body}");
    assert_eq!(docs[0]["contentUrl"], format!("/documents/{id}/content"));

    // Another office, or no token, gets nothing.
    let other_office = app.login("peksos@lamandau").await;
    assert_eq!(get(&app, &other_office.access, &format!("/documents/{id}/content")).await.0, 404);
    let anon = app.http.get(app.url(&format!("/documents/{id}/content"))).send().await.unwrap();
    assert_eq!(anon.status(), 401);
});

e2e!(fn a_renamed_executable_is_refused_and_nothing_is_kept(app) {
    let t = app.login("staf@blitar").await;
    let program = std::fs::read("/bin/true").expect("a real executable");
    let (status, body) = put(&app, &t.access, &new_id(), "kind=KTP&filename=ktp.jpg", program).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["reason"], "TYPE_NOT_ALLOWED");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("JPEG"));
    assert_eq!(app.count("document").await, 0);
    assert_eq!(stored_objects(&app), 0);
});

e2e!(fn an_oversize_file_is_refused_with_nothing_stored(app) with [("DOCUMENT_MAX_BYTES", "100000")] {
    let t = app.login("staf@blitar").await;
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(250_000, b' ');
    let (status, body) = put(&app, &t.access, &new_id(), "kind=SURAT_PERMOHONAN", pdf).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["reason"], "TOO_LARGE");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("MB"));
    assert_eq!(app.count("document").await, 0);
    assert_eq!(stored_objects(&app), 0);
});

e2e!(fn a_cut_upload_leaves_no_row(app) {
    let t = app.login("staf@blitar").await;
    let half = PHOTO[..PHOTO.len() / 2].to_vec();
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(half), Err(std::io::Error::other("signal lost"))];
    let stream = futures_util::stream::iter(chunks);
    let sent = app.http.put(app.url(&format!("/documents/{}?kind=KTP", new_id())))
        .bearer_auth(&t.access)
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await;
    assert!(sent.is_err() || !sent.unwrap().status().is_success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.count("document").await, 0);
    assert_eq!(stored_objects(&app), 0);
});

e2e!(fn a_pdf_comes_in_through_a_graphql_multipart_upload(app) {
    let t = app.login("kasi@blitar").await;
    let report = app.gql(Some(&t.access), "mutation($id: ID!) { recordReport(input: {id: $id, reporterType: POLICE, channel: WRITTEN, summary: \"Surat Polres\"}) { id } }", json!({"id": new_id()})).await;
    let report_id = report["data"]["recordReport"]["id"].as_str().unwrap().to_owned();
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    let operations = json!({
        "query": "mutation($id: ID!, $f: Upload!, $r: ID) { uploadDocument(id: $id, kind: SURAT_KETERANGAN_POLRES, file: $f, reportId: $r) { id contentType sizeBytes sha256 reportId thumbnailUrl } }",
        "variables": {"id": new_id(), "f": null, "r": report_id}
    });
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({"0": ["variables.f"]}).to_string())
        .part("0", reqwest::multipart::Part::bytes(pdf.clone()).file_name("surat.pdf").mime_str("application/pdf").unwrap());
    let body: Value = app.http.post(app.url("/graphql")).bearer_auth(&t.access).multipart(form).send().await.unwrap().json().await.unwrap();
    let doc = &body["data"]["uploadDocument"];
    assert_eq!(doc["contentType"], "application/pdf", "{body}");
    assert_eq!(doc["sha256"], sha256(&pdf), "a PDF is stored as sent");
    assert_eq!(doc["reportId"], json!(report_id));
    assert!(doc["thumbnailUrl"].is_null());
});

e2e!(fn orphaned_objects_are_swept_up(app) {
    let t = app.login("staf@blitar").await;
    let id = new_id();
    assert_eq!(put(&app, &t.access, &id, "kind=CLIENT_PHOTO", PHOTO).await.0, 201);
    // An object with no row, as a crash between storing and recording would leave.
    use object_store::ObjectStoreExt;
    app.state.storage.store.put(&object_store::path::Path::from("documents/x/orphan"), b"lost".to_vec().into()).await.unwrap();
    assert_eq!(stored_objects(&app), 3);
    let removed = rehsos_server::actions::documents::sweep_orphans(&app.state, Duration::ZERO).await.unwrap();
    assert_eq!(removed, 1);
    assert_eq!(stored_objects(&app), 2, "the photo and its thumbnail stay");
    assert_eq!(get(&app, &t.access, &format!("/documents/{id}/content")).await.0, 200);
});

/// S3 storage against a real S3-compatible server (s3s-fs, which checks signatures):
/// upload, download through the API, and a signed link that works without a token and fails
/// when tampered with.
async fn s3_round_trip(backend: Backend) {
    let s3 = S3Server::start().await;
    let settings = s3.settings();
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    rehsos_tests::run(backend, &pairs, |app: Arc<TestApp>| async move {
        let t = app.login("peksos@blitar").await;
        let id = new_id();
        let (status, doc) = put(&app, &t.access, &id, "kind=CLIENT_PHOTO", PHOTO).await;
        assert_eq!(status, 201, "{doc}");
        let (status, via_api) = get(&app, &t.access, &format!("/documents/{id}/content")).await;
        assert_eq!(status, 200);
        assert_eq!(sha256(&via_api), doc["sha256"].as_str().unwrap());
        let body = app
            .gql(
                Some(&t.access),
                "query($id: ID!) { document(id: $id) { contentUrl thumbnailUrl } }",
                json!({"id": id}),
            )
            .await;
        let url = body["data"]["document"]["contentUrl"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.contains("X-Amz-Signature="),
            "{url}"
        );
        let direct = reqwest::get(&url).await.unwrap();
        assert_eq!(direct.status(), 200);
        assert_eq!(direct.bytes().await.unwrap().as_ref(), via_api.as_slice());
        let tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0");
        assert!(!reqwest::get(&tampered).await.unwrap().status().is_success());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_storage_round_trip_sqlite() {
    s3_round_trip(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_storage_round_trip_postgres() {
    s3_round_trip(Backend::Postgres).await;
}
