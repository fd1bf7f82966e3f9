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
    // A whole procedure on seven phones takes a while on this 2-core machine.
    let out = tokio::time::timeout(std::time::Duration::from_secs(300), cmd.output())
        .await
        .expect("the browser scenario finishes within 5 minutes")
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

/// Clients of this office by name, straight from the database.
async fn clients_named(app: &TestApp, name: &str) -> Vec<entity::client::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::client::Entity::find()
        .filter(entity::client::Column::Name.eq(name))
        .all(&app.state.db)
        .await
        .unwrap()
}

async fn photos_of(app: &TestApp, client: uuid::Uuid) -> Vec<entity::document::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::document::Entity::find()
        .filter(entity::document::Column::ClientId.eq(client))
        .filter(entity::document::Column::Kind.eq(entity::document_kind::DocumentKind::ClientPhoto))
        .all(&app.state.db)
        .await
        .unwrap()
}

e2e!(fn a_client_registered_offline_with_a_photo_reaches_the_server_once(app) {
    let name = "Sumiati Offline";
    browser(&app, "register_offline_with_photo", "peksos@blitar", &[("CLIENT_NAME", name)]).await;
    let found = clients_named(&app, name).await;
    assert_eq!(found.len(), 1, "exactly one client");
    assert_eq!(found[0].nik.as_deref(), Some("3572015708900001"));
    let photos = photos_of(&app, found[0].id).await;
    assert_eq!(photos.len(), 1, "exactly one photo");
    let (w, h) = (photos[0].width.unwrap(), photos[0].height.unwrap());
    assert_eq!((w.max(h), w.min(h)), (1600, 1200), "shrunk on the phone from 4000×3000");
    assert!(photos[0].size_bytes < 500 * 1024, "{} bytes", photos[0].size_bytes);
});

e2e!(fn a_resend_after_a_dropped_answer_makes_no_duplicate(app) {
    let name = "Darto Terputus";
    browser(&app, "replay_after_dropped_response", "peksos@blitar", &[("CLIENT_NAME", name)]).await;
    let found = clients_named(&app, name).await;
    assert_eq!(found.len(), 1, "one client although it was sent twice");
    assert_eq!(photos_of(&app, found[0].id).await.len(), 1, "one photo although it was sent twice");
});

e2e!(fn a_refused_registration_does_not_block_the_next(app) {
    let peksos = app.login("peksos@blitar").await.access;
    ok(&app, &peksos, "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Pemilik NIK\", nik: \"3572015708900001\", location: STREET, categories: [ORANG_TERLANTAR]}) { client { id } } }",
        json!({"id": new_id()})).await;
    browser(&app, "refused_item_does_not_block_the_next", "peksos@blitar",
        &[("REFUSED_NAME", "Salah NIK"), ("TAKEN_NIK", "3572015708900001"), ("CLIENT_NAME", "Berikutnya")]).await;
    assert_eq!(clients_named(&app, "Salah NIK").await.len(), 0);
    assert_eq!(clients_named(&app, "Berikutnya").await.len(), 1);
});

e2e!(fn a_partner_upt_accepts_a_referral_and_confirms_arrival(app) {
    let b = Blitar::login(&app).await;
    let (_, case) = to_coordination(&app, &b).await;
    let referral = ok(&app, &b.peksos, REFER, json!({"i": {"id": new_id(), "caseId": case, "institutionId": institution_id(&app, "upt-werdha").await, "needsSummary": "Lansia, perlu perawatan harian"}}))
        .await["referCase"]["id"].as_str().unwrap().to_owned();
    browser(&app, "upt_accepts_referral", "staf@upt-werdha", &[("CLIENT_NAME", "Mbah Karsi")]).await;
    use sea_orm::EntityTrait;
    let row = entity::referral::Entity::find_by_id(uuid::Uuid::parse_str(&referral).unwrap()).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(row.status, entity::referral::ReferralStatus::Admitted);
});

e2e!(fn a_case_is_kept_on_the_phone_with_its_steps_and_referral(app) {
    let b = Blitar::login(&app).await;
    let (_, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    browser(&app, "case_view_offline", "peksos@blitar", &[("EXPECT_TASK", "Mbah Karsi")]).await;
});

e2e!(fn an_lks_applies_is_returned_once_and_resubmits_from_the_app(app) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    browser(&app, "lks_applies", "staf@lks-pelita", &[]).await;
    let pelita = uuid::Uuid::parse_str(&institution_id(&app, "lks-pelita").await).unwrap();
    let application = entity::lks_application::Entity::find()
        .filter(entity::lks_application::Column::InstitutionId.eq(pelita))
        .one(&app.state.db).await.unwrap().expect("the application reached the server");
    assert_eq!((application.status, application.round), (entity::lks_application::ApplicationStatus::InReview, 1));
    let id = application.id.to_string();
    // The office: received, disposed down, verified on site; the NPWP letter fails.
    let staf = app.login("staf@blitar").await.access;
    let kasi = app.login("kasi@blitar").await.access;
    complete(&app, &staf, &id, "pengajuan", json!({})).await;
    let dispose = case_query("disposeCase", "DisposeInput");
    ok(&app, &app.login("kadis@blitar").await.access, &dispose, json!({"i": {"id": new_id(), "caseId": id, "toUserId": app.user_id("kabid@blitar").await, "instruction": "Telaah"}})).await;
    ok(&app, &app.login("kabid@blitar").await.access, &dispose, json!({"i": {"id": new_id(), "caseId": id, "toUserId": app.user_id("kasi@blitar").await, "instruction": "Verifikasi"}})).await;
    let photo = new_id();
    let resp = app.http.put(app.url(&format!("/documents/{photo}?kind=SITE_VISIT_PHOTO&lksApplicationId={id}")))
        .bearer_auth(&kasi).body(include_bytes!("../../../testdata/photo-with-gps.jpg").to_vec()).send().await.unwrap();
    assert_eq!(resp.status(), 201);
    let view = ok(&app, &kasi, "query($id: ID!) { lksApplication(id: $id) { requirements { key required } } }", json!({"id": id})).await;
    let items: Vec<serde_json::Value> = view["lksApplication"]["requirements"].as_array().unwrap().iter().filter(|r| r["required"] == true)
        .map(|r| if r["key"] == "npwp" { json!({"key": "npwp", "passed": false, "note": "NPWP kedaluwarsa; lampirkan yang berlaku"}) } else { json!({"key": r["key"], "passed": true}) })
        .collect();
    ok(&app, &kasi, "mutation($i: VerifyLksApplicationInput!) { verifyLksApplication(input: $i) { status } }",
        json!({"i": {"id": new_id(), "applicationId": id, "items": items, "visitedAt": chrono::Utc::now().to_rfc3339(), "visitPassed": true, "photoIds": [photo]}})).await;
    // Back in the app: the LKS completes and submits again.
    browser(&app, "lks_resubmits", "staf@lks-pelita", &[]).await;
    let application = entity::lks_application::Entity::find_by_id(application.id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((application.status, application.round), (entity::lks_application::ApplicationStatus::InReview, 2));
});

e2e!(fn an_offline_edit_that_conflicts_shows_both_versions_and_the_worker_chooses(app) {
    let name = "Mbah Sarmi";
    let other = app.login("staf@blitar").await.access;
    browser(&app, "edit_conflict_then_assessment", "peksos@blitar", &[("CLIENT_NAME", name), ("OTHER_TOKEN", &other)]).await;
    let found = clients_named(&app, name).await;
    assert_eq!(found.len(), 1);
    let c = &found[0];
    assert_eq!((c.notes.as_deref(), c.version), (Some("Diubah di lapangan"), 3), "the worker's version, over the office's");
    assert_eq!(c.location, entity::client::ClientLocation::Shelter);
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let assessments = entity::assessment::Entity::find().filter(entity::assessment::Column::ClientId.eq(c.id)).all(&app.state.db).await.unwrap();
    assert_eq!(assessments.len(), 1);
    assert_eq!(assessments[0].eligibility, entity::assessment::Eligibility::Eligible);
});

/// Seed 003 up to the coordination with the region of origin, by the API: Darmo from Kota
/// Surabaya, found by the police in Blitar. Returns the case and the analyst's token.
async fn at_origin_coordination(app: &TestApp) -> (String, String) {
    let staf = app.login("staf@blitar").await.access;
    let kabid = app.login("kabid@blitar").await.access;
    let analis = app.login("analis@blitar").await.access;
    let client = ok(app, &staf, "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Darmo\", sex: MALE, estimatedAge: 45, originRegionCode: \"35.78\", location: STREET, categories: [ORANG_TERLANTAR]}) { client { id } } }",
        json!({"id": new_id()})).await["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    let report = ok(app, &staf, "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: POLICE, channel: WRITTEN, summary: \"Terlantar di terminal\"}) { id } }",
        json!({"id": new_id(), "c": client})).await["recordReport"]["id"].as_str().unwrap().to_owned();
    let case = ok(app, &staf, &case_query("openCase", "OpenCaseInput"),
        json!({"i": {"id": new_id(), "sopCode": "PENGIRIMAN_ORANG_TERLANTAR", "clientId": client, "reportId": report}})).await["openCase"]["id"].as_str().unwrap().to_owned();
    upload(app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    complete(app, &staf, &case, "laporan_masuk", json!({})).await;
    complete(app, &staf, &case, "lapor_koordinasi", json!({})).await;
    dispose_to(app, &kabid, &case, "analis@blitar").await;
    complete(app, &analis, &case, "identifikasi_asesmen", json!({})).await;
    (case, analis)
}

/// Seed 003 up to a departed leg: Blitar sends Darmo home to Kota Surabaya in one leg.
async fn departed_leg(app: &TestApp) -> String {
    let (case, analis) = at_origin_coordination(app).await;
    complete(
        app,
        &analis,
        &case,
        "koordinasi_daerah_asal",
        json!({"branch": "dikirim"}),
    )
    .await;
    let journey = ok(
        app,
        &analis,
        "mutation($i: PlanReturnInput!) { planReturn(input: $i) { legs { id } } }",
        json!({"i": {"id": new_id(), "caseId": case, "mode": "PUBLIC_TRANSPORT"}}),
    )
    .await;
    let leg = journey["planReturn"]["legs"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let letter = new_id();
    let resp = app.http.put(app.url(&format!("/documents/{letter}?kind=SURAT_PENERUSAN"))).bearer_auth(&analis)
        .body(b"%PDF-1.4\n% penerusan\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()).send().await.unwrap();
    assert_eq!(resp.status(), 201);
    ok(app, &analis, "mutation($i: DepartLegInput!) { departLeg(input: $i) { status } }",
        json!({"i": {"id": new_id(), "legId": leg, "carrier": "BUS", "ticketCost": 45000, "forwardingDocumentId": letter}})).await;
    leg
}

e2e!(fn the_receiving_office_confirms_a_relay_hand_over_with_a_photo_from_the_phone(app) {
    let leg = departed_leg(&app).await;
    browser(&app, "relay_handover", "staf@kota-surabaya", &[("CLIENT_NAME", "Darmo")]).await;
    use sea_orm::EntityTrait;
    let row = entity::relay_leg::Entity::find_by_id(uuid::Uuid::parse_str(&leg).unwrap()).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(row.status, entity::relay_leg::LegStatus::HandedOver);
    assert_eq!(row.received_by_name.as_deref(), Some("Staf Rehsos Kota Surabaya"));
    let photo = entity::document::Entity::find_by_id(row.handover_photo_id.unwrap()).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(photo.width.unwrap().max(photo.height.unwrap()), 1600, "the photo was shrunk on the phone");
});

e2e!(fn the_family_picks_the_client_up_and_the_reunification_is_recorded_on_the_phone(app) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let (case, _) = at_origin_coordination(&app).await;
    browser(&app, "reunification_on_phone", "analis@blitar", &[("CASE_ID", &case)]).await;
    let id = uuid::Uuid::parse_str(&case).unwrap();
    let row = entity::reunification::Entity::find().filter(entity::reunification::Column::CaseId.eq(id)).one(&app.state.db).await.unwrap().expect("the reunification");
    assert_eq!((row.family_name.as_str(), row.relation.as_deref(), row.mode), ("Sutini", Some("Istri"), entity::reunification::ReunificationMode::PickedUp));
    let proof = entity::document::Entity::find_by_id(row.proof_document_id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(proof.kind, entity::document_kind::DocumentKind::HandoverRecord);
    let closed = entity::service_case::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((closed.status, closed.outcome), (entity::service_case::CaseStatus::Closed, Some(entity::service_case::CaseOutcome::Reunified)));
});

e2e!(fn possible_duplicates_found_by_the_server_wait_for_the_workers_choice(app) {
    let peksos = app.login("peksos@blitar").await.access;
    ok(&app, &peksos, "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Sumarni\", birthDate: \"1950-03-04\", location: STREET, categories: [LANJUT_USIA_TERLANTAR]}) { client { id } } }",
        json!({"id": new_id()})).await;
    browser(&app, "duplicate_warning", "pendamping@blitar", &[("CLIENT_NAME", "Sumarni")]).await;
    assert_eq!(clients_named(&app, "Sumarni").await.len(), 2, "registered as a different person after the worker chose so");
});

e2e!(fn a_partner_opens_its_invitation_link_and_starts_using_the_app(app) {
    let admin = app.login("admin@blitar").await.access;
    let issued = ok(&app, &admin, "mutation($i: InviteUserInput!) { inviteUser(input: $i) { link } }",
        json!({"i": {"institutionId": institution_id(&app, "upt-werdha").await, "fullName": "Perawat Jaga", "roles": ["STAF"]}})).await;
    // The link names the configured public address; the browser opens it on this server.
    let link = issued["inviteUser"]["link"].as_str().unwrap();
    let path = &link[link.find("/undangan/").unwrap()..];
    browser(&app, "accept_invitation", "jaga@upt-werdha", &[("INVITE_LINK", &app.url(path))]).await;
    app.login_with("jaga@upt-werdha", DEMO_PASSWORD).await.expect("the account the browser made logs in");
});

e2e!(fn seed_000_runs_end_to_end_on_phones(app) {
    use entity::{approval::ApprovalKind, document_kind::DocumentKind};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let name = "Mbah Kartorejo";
    browser(&app, "seed000_on_phones", "peksos@blitar", &[("CLIENT_NAME", name)]).await;

    let clients = clients_named(&app, name).await;
    assert_eq!(clients.len(), 1, "registered once");
    let client = &clients[0];
    let report = entity::report::Entity::find().filter(entity::report::Column::ClientId.eq(client.id)).one(&app.state.db).await.unwrap().expect("the desk's report");
    assert_eq!(report.reference_letter_number.as_deref(), Some("B/123/XII/2026/Polres"));
    let case = entity::service_case::Entity::find().filter(entity::service_case::Column::ClientId.eq(client.id)).one(&app.state.db).await.unwrap().expect("the case");
    assert_eq!((case.report_id, case.status), (Some(report.id), entity::service_case::CaseStatus::Closed), "opened from the report, every step done");
    use sea_orm::Condition;
    let kinds: Vec<DocumentKind> = entity::document::Entity::find()
        .filter(Condition::any().add(entity::document::Column::ClientId.eq(client.id)).add(entity::document::Column::ReportId.eq(report.id)))
        .all(&app.state.db).await.unwrap().into_iter().map(|d| d.kind).collect();
    // The police letter's photo belongs to the report; the rest to the client.
    for kind in [DocumentKind::ClientPhoto, DocumentKind::SuratPermohonan, DocumentKind::SuratKeteranganLurah, DocumentKind::SuratKeteranganDokter, DocumentKind::Letter] {
        assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}; all documents: {:?}",
            entity::document::Entity::find().all(&app.state.db).await.unwrap().into_iter().map(|d| (d.kind, d.client_id, d.report_id)).collect::<Vec<_>>());
    }
    let approvals = entity::approval::Entity::find().filter(entity::approval::Column::CaseId.eq(case.id)).all(&app.state.db).await.unwrap();
    let count = |k: ApprovalKind| approvals.iter().filter(|a| a.kind == k).count();
    assert_eq!((count(ApprovalKind::Initials), count(ApprovalKind::Signature)), (4, 1), "three initials (one made offline, and made again on the Kabid's correction), one signature");
    let letter = entity::letter::Entity::find().filter(entity::letter::Column::CaseId.eq(case.id)).one(&app.state.db).await.unwrap().unwrap();
    assert!(letter.number.is_some() && letter.document_id.is_some() && letter.recipient.as_deref() == Some(name), "{letter:?}");
    assert_eq!((letter.current_version, letter.signed_version), (2, Some(2)), "the Kadis signed the Kabid's correction");
    // Handed to the client, signed for with a photo (the expedition book's receiver).
    assert_eq!((letter.received_by_name.as_deref(), letter.receiver_party), (Some(name), Some(entity::letter::ReceiverParty::Client)));
    let receipt = entity::document::Entity::find_by_id(letter.receipt_document_id.expect("the signature's photo")).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(receipt.kind, DocumentKind::TandaTerima);
    // The desk's report is the incoming book's entry for this case.
    let entry = entity::incoming_letter::Entity::find().filter(entity::incoming_letter::Column::SourceId.eq(report.id)).one(&app.state.db).await.unwrap().expect("in the incoming book");
    assert_eq!((entry.case_id, entry.number, entry.sender_number.as_deref()), (Some(case.id), report.agenda_number, Some("B/123/XII/2026/Polres")));
    let referral = entity::referral::Entity::find().filter(entity::referral::Column::CaseId.eq(case.id)).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(referral.status, entity::referral::ReferralStatus::Admitted);
});

e2e!(fn seed_003_runs_end_to_end_on_phones_with_dukcapil_and_a_journey_home(app) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let name = "Darmo Wiyono";
    browser(&app, "seed003_on_phones", "staf@blitar", &[("CLIENT_NAME", name)]).await;
    let clients = clients_named(&app, name).await;
    assert_eq!(clients.len(), 1, "registered once");
    let client = &clients[0];
    assert_eq!((client.identity_status, client.nik.as_deref(), client.origin_region_code.as_deref()),
        (entity::client::IdentityStatus::Found, Some("3578011505800003"), Some("35.78")), "as Dukcapil answered");
    let asked = entity::dukcapil_request::Entity::find().filter(entity::dukcapil_request::Column::ClientId.eq(client.id)).all(&app.state.db).await.unwrap();
    assert_eq!(asked.len(), 1);
    assert_eq!((asked[0].result, asked[0].reference.as_str()), (Some(entity::dukcapil_request::DukcapilResult::Found), "470/112/410.105/2026"));
    assert!(asked[0].reply_document_id.is_some(), "the reply letter is kept");
    let case = entity::service_case::Entity::find().filter(entity::service_case::Column::ClientId.eq(client.id)).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(case.status, entity::service_case::CaseStatus::Closed, "every step done");
    let journey = entity::escorted_return::Entity::find().filter(entity::escorted_return::Column::CaseId.eq(case.id)).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((journey.status, journey.to_region_code.as_str()), (entity::escorted_return::ReturnStatus::Arrived, "35.78"));
    let legs = entity::relay_leg::Entity::find().filter(entity::relay_leg::Column::ReturnId.eq(journey.id)).all(&app.state.db).await.unwrap();
    assert_eq!(legs.len(), 1, "one leg under 250 km");
    let leg = &legs[0];
    assert_eq!((leg.status, leg.carrier, leg.ticket_cost), (entity::relay_leg::LegStatus::HandedOver, Some(entity::relay_leg::Carrier::Bus), Some(45000)));
    assert!(leg.forwarding_document_id.is_some() && leg.handover_photo_id.is_some(), "{leg:?}");
    assert_eq!(leg.received_by_name.as_deref(), Some("Bu Lestari (Dinsos Kota Surabaya)"));
    assert_eq!((journey.mode, &leg.escort_user_ids), (entity::escorted_return::ReturnMode::Escort, &serde_json::json!([app.user_id("peksos@blitar").await])),
        "the escort named in the plan went");
});

e2e!(fn an_offline_initial_on_a_case_that_moved_on_waits_for_the_kabids_decision(app) {
    use entity::approval::ApprovalKind;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let b = Blitar::login(&app).await;
    let (_, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    complete(&app, &b.peksos, &case, "koordinasi_upt", json!({})).await;
    approve(&app, &b.peksos, "addInitials", &case, "paraf_dan_koreksi").await;
    browser(&app, "offline_initials_conflict", "kabid@blitar",
        &[("CLIENT_NAME", "Mbah Karsi"), ("CASE_ID", &case), ("OTHER_TOKEN", &b.kabid)]).await;
    let id = uuid::Uuid::parse_str(&case).unwrap();
    let initials = entity::approval::Entity::find().filter(entity::approval::Column::CaseId.eq(id))
        .filter(entity::approval::Column::Kind.eq(ApprovalKind::Initials)).all(&app.state.db).await.unwrap();
    let kabid = app.user_id("kabid@blitar").await;
    assert_eq!(initials.iter().filter(|a| a.actor_user_id.to_string() == kabid).count(), 1, "the Kabid's initial went in once, after the decision");
    let now = ok(&app, &b.kabid, "query($id: ID!) { case(id: $id) { currentStep { paused waitingFor } } }", json!({"id": case})).await;
    assert_eq!(now["case"]["currentStep"], json!({"paused": true, "waitingFor": ["SEKRETARIS"]}), "on the state it moved to: {now}");
});

e2e!(fn seed_004_runs_end_to_end_on_phones_with_one_return_for_completion(app) {
    use entity::approval::ApprovalKind;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    browser(&app, "seed004_on_phones", "staf@lks-pelita", &[]).await;
    let pelita = uuid::Uuid::parse_str(&institution_id(&app, "lks-pelita").await).unwrap();
    let application = entity::lks_application::Entity::find()
        .filter(entity::lks_application::Column::InstitutionId.eq(pelita))
        .one(&app.state.db).await.unwrap().expect("the application");
    assert_eq!((application.status, application.round), (entity::lks_application::ApplicationStatus::Received, 2), "returned once, received after");
    assert_eq!(application.receipt_signed_by.as_deref(), Some("Ketua LKS Pelita Kasih"));
    let approvals = entity::approval::Entity::find().filter(entity::approval::Column::CaseId.eq(application.id)).all(&app.state.db).await.unwrap();
    let count = |k: ApprovalKind| approvals.iter().filter(|a| a.kind == k).count();
    assert_eq!((count(ApprovalKind::Disposition), count(ApprovalKind::Initials), count(ApprovalKind::Signature)), (2, 2, 1));
    let letter = entity::letter::Entity::find().filter(entity::letter::Column::CaseId.eq(application.id)).one(&app.state.db).await.unwrap().unwrap();
    assert!(letter.number.is_some() && letter.document_id.is_some(), "{letter:?}");
    let visits = entity::document::Entity::find().filter(entity::document::Column::LksApplicationId.eq(application.id))
        .filter(entity::document::Column::Kind.eq(entity::document_kind::DocumentKind::SiteVisitPhoto)).all(&app.state.db).await.unwrap();
    assert_eq!(visits.len(), 2, "a site photo for each round");
    let receipt = entity::document::Entity::find_by_id(application.receipt_document_id.expect("the signed paper's photo")).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!((receipt.kind, receipt.lks_application_id), (entity::document_kind::DocumentKind::TandaTerima, Some(application.id)));
});
