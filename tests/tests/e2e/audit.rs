//! Every mutation leaves exactly one audit event, which the office admin can read.
use std::collections::BTreeSet;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};

use super::*;

/// Runs a mutation and checks it added exactly one audit event with `action`.
async fn exactly_one_event(
    app: &TestApp,
    token: Option<&str>,
    action: &str,
    query: &str,
    vars: serde_json::Value,
) -> serde_json::Value {
    let before = app.count("audit_event").await;
    let body = app.gql(token, query, vars).await;
    assert_eq!(
        app.count("audit_event").await,
        before + 1,
        "{action}: {body}"
    );
    let admin = app.login("admin@blitar").await; // adds its own auth.login event
    let events = app
        .gql(
            Some(&admin.access),
            "{ auditEvents(first: 2) { edges { node { action } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        events["data"]["auditEvents"]["edges"][1]["node"]["action"], action,
        "{events}"
    );
    body
}

e2e!(fn every_mutation_leaves_exactly_one_audit_event(app) {
    let mutation_fields = app.gql(None, "{ __type(name: \"Mutation\") { fields { name } } }", json!({})).await;
    let all: BTreeSet<String> = mutation_fields["data"]["__type"]["fields"].as_array().unwrap()
        .iter().map(|f| f["name"].as_str().unwrap().to_owned()).collect();
    let mut covered = BTreeSet::new();

    let login = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken } }";
    exactly_one_event(&app, None, "auth.login_failed", login, json!({"u": "kasi@blitar", "p": "salah-salah"})).await;
    let body = exactly_one_event(&app, None, "auth.login", login, json!({"u": "kasi@blitar", "p": DEMO_PASSWORD})).await;
    covered.insert("login");
    let kasi_refresh = body["data"]["login"]["refreshToken"].as_str().unwrap().to_owned();
    let body = exactly_one_event(&app, None, "auth.refresh",
        "mutation($t: String!) { refresh(refreshToken: $t) { accessToken refreshToken } }", json!({"t": kasi_refresh})).await;
    covered.insert("refresh");
    let kasi = body["data"]["refresh"]["accessToken"].as_str().unwrap().to_owned();
    exactly_one_event(&app, Some(&kasi), "user.change_password",
        "mutation { changePassword(currentPassword: \"demo-rahasia-2026\", newPassword: \"sandi-baru-kasi-1\") }", json!({})).await;
    covered.insert("changePassword");
    exactly_one_event(&app, Some(&kasi), "auth.logout", "mutation { logout }", json!({})).await;
    covered.insert("logout");

    let admin = app.login("admin@blitar").await;
    let body = exactly_one_event(&app, Some(&admin.access), "user.create",
        "mutation { createUser(input: {username: \"baru@blitar\", fullName: \"Baru\", password: \"sandi-awal-baru\", roles: [STAF]}) { id } }", json!({})).await;
    covered.insert("createUser");
    let id = body["data"]["createUser"]["id"].as_str().unwrap().to_owned();
    for (field, action, q) in [
        ("setUserRoles", "user.set_roles", "mutation($id: ID!) { setUserRoles(userId: $id, roles: [PEKSOS]) { id } }"),
        ("deactivateUser", "user.deactivate", "mutation($id: ID!) { deactivateUser(userId: $id) { id } }"),
        ("reactivateUser", "user.reactivate", "mutation($id: ID!) { reactivateUser(userId: $id) { id } }"),
        ("resetUserPassword", "user.reset_password", "mutation($id: ID!) { resetUserPassword(userId: $id, newPassword: \"sandi-reset-123\") { id } }"),
    ] {
        let body = exactly_one_event(&app, Some(&admin.access), action, q, json!({"id": id})).await;
        assert!(body["errors"].is_null(), "{field}: {body}");
        covered.insert(field);
    }
    // API clients: register, rotate the secret, register an operation, revoke.
    let body = exactly_one_event(&app, Some(&admin.access), "api_client.register",
        "mutation { registerApiClient(input: {name: \"Dasbor\", organisation: \"Dinsos Provinsi\", contact: \"ops@jatim.go.id\", scopes: [\"cases:read\"]}) { client { id } clientSecret } }", json!({})).await;
    covered.insert("registerApiClient");
    let api_client = body["data"]["registerApiClient"]["client"]["id"].as_str().unwrap().to_owned();
    for (field, action, q) in [
        ("rotateApiClientSecret", "api_client.rotate_secret", "mutation($id: ID!) { rotateApiClientSecret(id: $id) { clientSecret } }"),
        ("registerApiClientOperation", "api_client.register_operation", "mutation($id: ID!) { registerApiClientOperation(clientId: $id, document: \"{ case(id: \\\"x\\\") { id } }\") { sha256 } }"),
        ("revokeApiClient", "api_client.revoke", "mutation($id: ID!) { revokeApiClient(id: $id, reason: \"MOU berakhir\") { revokedAt } }"),
    ] {
        let body = exactly_one_event(&app, Some(&admin.access), action, q, json!({"id": api_client})).await;
        assert!(body["errors"].is_null(), "{field}: {body}");
        covered.insert(field);
    }
    // A refused mutation writes nothing (the change and its event share one transaction).
    let before = app.count("audit_event").await;
    let body = app.gql(Some(&admin.access), "mutation($id: ID!) { setUserRoles(userId: $id, roles: []) { id } }", json!({"id": id})).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert_eq!(app.count("audit_event").await, before);

    // Clients: register, change, reveal.
    let peksos = app.login("peksos@blitar").await;
    let client_id = uuid::Uuid::now_v7().to_string();
    exactly_one_event(&app, Some(&peksos.access), "client.register",
        "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Wagiman\", location: STREET, categories: [GELANDANGAN]}) { client { id } } }",
        json!({"id": client_id})).await;
    covered.insert("registerClient");
    exactly_one_event(&app, Some(&peksos.access), "client.update",
        "mutation($id: ID!, $m: ID!) { updateClient(input: {id: $id, expectedVersion: 1, mutationId: $m, location: SHELTER}) { version } }",
        json!({"id": client_id, "m": uuid::Uuid::now_v7().to_string()})).await;
    covered.insert("updateClient");
    exactly_one_event(&app, Some(&peksos.access), "client.reveal_identifiers",
        "mutation($id: ID!) { revealClientIdentifiers(clientId: $id) { nik } }", json!({"id": client_id})).await;
    covered.insert("revealClientIdentifiers");
    exactly_one_event(&app, Some(&peksos.access), "report.record",
        "mutation($id: ID!) { recordReport(input: {id: $id, reporterType: KELURAHAN, channel: PHONE, summary: \"Lapor\"}) { id } }",
        json!({"id": uuid::Uuid::now_v7().to_string()})).await;
    covered.insert("recordReport");
    exactly_one_event(&app, Some(&peksos.access), "assessment.record",
        "mutation($id: ID!, $c: ID!) { recordAssessment(input: {id: $id, clientId: $c, eligibility: UNDECIDED}) { id } }",
        json!({"id": uuid::Uuid::now_v7().to_string(), "c": client_id})).await;
    covered.insert("recordAssessment");
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let operations = json!({"query": "mutation($id: ID!, $f: Upload!) { uploadDocument(id: $id, kind: OTHER, file: $f) { id } }",
        "variables": {"id": uuid::Uuid::now_v7().to_string(), "f": null}});
    let before = app.count("audit_event").await;
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({"0": ["variables.f"]}).to_string())
        .part("0", reqwest::multipart::Part::bytes(pdf).file_name("lain.pdf"));
    let body: serde_json::Value = app.http.post(app.url("/graphql")).bearer_auth(&peksos.access).multipart(form).send().await.unwrap().json().await.unwrap();
    assert!(body["data"]["uploadDocument"]["id"].is_string(), "{body}");
    assert_eq!(app.count("audit_event").await, before + 1);
    covered.insert("uploadDocument");

    // The SOP engine's mutations, along one referral case and one reunification.
    {
        use super::flow::*;
        let b = Blitar::login(&app).await;
        let admin_t = app.login("admin@blitar").await.access;
        exactly_one_event(&app, Some(&admin_t), "calendar.holiday_set", "mutation { setOfficeHoliday(date: \"2027-08-17\", name: \"HUT RI\") { date } }", json!({})).await;
        exactly_one_event(&app, Some(&admin_t), "calendar.holiday_remove", "mutation { removeOfficeHoliday(date: \"2027-08-17\") }", json!({})).await;
        exactly_one_event(&app, Some(&admin_t), "letter.series_set", "mutation { setLetterSeries(input: {series: \"SURAT-TUGAS\", template: \"{kka}/{seq}/{year}\", kka: \"800\"}) { series example } }", json!({})).await;
        let (client, case) = open_case(&app, &b).await;
        let report = ok(&app, &b.staf, "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: POLICE, channel: PHONE, summary: \"Lagi\"}) { id } }", json!({"id": new_id(), "c": client})).await["recordReport"]["id"].clone();
        exactly_one_event(&app, Some(&b.staf), "case.open", "mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }",
            json!({"i": {"id": new_id(), "sopCode": "RUJUKAN_PPKS", "clientId": client, "reportId": report}})).await;
        let clock = "mutation($i: ClockInput!) { pauseClock(input: $i) { id } }";
        exactly_one_event(&app, Some(&b.staf), "case.clock_pause", clock, json!({"i": {"id": new_id(), "caseId": case, "reason": "Menunggu keluarga"}})).await;
        exactly_one_event(&app, Some(&b.staf), "case.clock_resume", &clock.replace("pauseClock", "resumeClock"), json!({"i": {"id": new_id(), "caseId": case}})).await;
        // Off the happy path: who closes, closing and reopening, withdrawing a referral.
        exactly_one_event(&app, Some(&admin_t), "office.closing_roles", "mutation { setCaseClosingRoles(roles: [KASI, KABID, KADIS]) }", json!({})).await;
        let (_, other) = open_case(&app, &b).await;
        exactly_one_event(&app, Some(&b.kadis), "case.close", "mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }",
            json!({"i": {"id": new_id(), "caseId": other, "outcome": "DUPLICATE", "reason": "Sama dengan kasus lain"}})).await;
        exactly_one_event(&app, Some(&b.kadis), "case.reopen", "mutation($i: ReopenCaseInput!) { reopenCase(input: $i) { id } }",
            json!({"i": {"id": new_id(), "caseId": other, "reason": "Ternyata bukan duplikat"}})).await;
        let (_, waiting) = to_coordination(&app, &b).await;
        let sent = ok(&app, &b.peksos, REFER, json!({"i": {"id": new_id(), "caseId": waiting, "institutionId": institution_id(&app, "upt-binalaras").await, "needsSummary": "Lansia"}})).await["referCase"]["id"].clone();
        exactly_one_event(&app, Some(&b.peksos), "referral.withdraw", "mutation($i: WithdrawReferralInput!) { withdrawReferral(input: $i) { id } }",
            json!({"i": {"id": new_id(), "referralId": sent, "reason": "Tidak dijawab"}})).await;
        // failLeg is counted in returns.rs, where a journey fails on the way; a transfer's
        // ask and answer in case_transfer.rs.
        for m in ["setCaseClosingRoles", "closeCase", "reopenCase", "withdrawReferral", "failLeg", "transferCase", "answerCaseTransfer"] {
            covered.insert(m);
        }
        exactly_one_event(&app, Some(&b.kadis), "case.dispose", "mutation($i: DisposeInput!) { disposeCase(input: $i) { id } }",
            json!({"i": {"id": new_id(), "caseId": case, "toUserId": app.user_id("kabid@blitar").await, "instruction": "Segera tindak lanjuti"}})).await;
        exactly_one_event(&app, Some(&b.staf), "case.step_complete", "mutation($i: CompleteStepInput!) { completeStep(input: $i) { id } }",
            json!({"i": {"id": new_id(), "caseId": case, "stepKey": "terima_permohonan"}})).await;
        assess(&app, &b.peksos, &client, "ELIGIBLE").await;
        upload(&app, &b.peksos, "SURAT_KETERANGAN_LURAH", &client).await;
        upload(&app, &b.peksos, "SURAT_KETERANGAN_DOKTER", &client).await;
        complete(&app, &b.peksos, &case, "cek_dan_asesmen", json!({"branch": "layak"})).await;
        approve_layak(&app, &b, &case).await;
        let referral = new_id();
        exactly_one_event(&app, Some(&b.peksos), "referral.send", REFER,
            json!({"i": {"id": referral, "caseId": case, "institutionId": institution_id(&app, "upt-werdha").await, "needsSummary": "Lansia"}})).await;
        let upt = app.login("staf@upt-werdha").await.access;
        exactly_one_event(&app, Some(&upt), "referral.answer", ANSWER, json!({"i": {"id": new_id(), "referralId": referral, "accept": true}})).await;
        complete(&app, &b.peksos, &case, "koordinasi_upt", json!({})).await;
        let initials = "mutation($i: ApproveInput!) { addInitials(input: $i) { id } }";
        exactly_one_event(&app, Some(&b.peksos), "case.initials", initials, json!({"i": {"id": new_id(), "caseId": case, "stepKey": "paraf_dan_koreksi"}})).await;
        exactly_one_event(&app, Some(&b.kabid), "case.send_back", "mutation($i: SendBackInput!) { sendBack(input: $i) { id } }",
            json!({"i": {"id": new_id(), "caseId": case, "stepKey": "paraf_dan_koreksi", "reason": "Koreksi"}})).await;
        for token in [&b.peksos, &b.kabid, &b.sekretaris] {
            approve(&app, token, "addInitials", &case, "paraf_dan_koreksi").await;
        }
        exactly_one_event(&app, Some(&b.kadis), "case.sign", &initials.replace("addInitials", "signStep"), json!({"i": {"id": new_id(), "caseId": case, "stepKey": "tanda_tangan"}})).await;
        let letter = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { letter { id } } }", json!({"id": case})).await["case"]["letter"]["id"].clone();
        exactly_one_event(&app, Some(&b.staf), "letter.issue", ISSUE, json!({"i": {"id": new_id(), "letterId": letter, "recipient": "UPT"}})).await;
        exactly_one_event(&app, Some(&upt), "referral.admit", "mutation($i: ConfirmAdmissionInput!) { confirmAdmission(input: $i) { id } }",
            json!({"i": {"id": new_id(), "referralId": referral}})).await;
        let (client, case) = open_case(&app, &b).await;
        complete(&app, &b.staf, &case, "terima_permohonan", json!({})).await;
        assess(&app, &b.peksos, &client, "NOT_ELIGIBLE").await;
        complete(&app, &b.peksos, &case, "cek_dan_asesmen", json!({"branch": "tidak_layak"})).await;
        let proof = upload(&app, &b.peksos, "HANDOVER_RECORD", &client).await;
        exactly_one_event(&app, Some(&b.peksos), "case.reunify", "mutation($i: ReunificationInput!) { recordReunification(input: $i) { id } }",
            json!({"i": {"id": new_id(), "caseId": case, "family": {"name": "Parto"}, "mode": "HANDED_OVER", "proofDocumentId": proof}})).await;
        // Seed 003 at Blitar: Dukcapil for a Mr X, then a journey home of one leg to Surabaya.
        let mr_x = ok(&app, &b.staf, "mutation($id: ID!) { registerClient(input: {id: $id, location: STREET, categories: [ORANG_TERLANTAR]}) { client { id } } }",
            json!({"id": new_id()})).await["registerClient"]["client"]["id"].clone();
        let request = new_id();
        exactly_one_event(&app, Some(&b.staf), "dukcapil.request", "mutation($i: RequestDukcapilCheckInput!) { requestDukcapilCheck(input: $i) { id } }",
            json!({"i": {"id": request, "clientId": mr_x, "reference": "470/1/2026"}})).await;
        exactly_one_event(&app, Some(&b.staf), "dukcapil.answer", "mutation($i: RecordDukcapilAnswerInput!) { recordDukcapilAnswer(input: $i) { id } }",
            json!({"i": {"id": new_id(), "requestId": request, "result": "NOT_REGISTERED", "originRegionCode": "35.78"}})).await;
        let report = ok(&app, &b.staf, "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: POLICE, channel: WRITTEN, summary: \"Terlantar\"}) { id } }",
            json!({"id": new_id(), "c": mr_x})).await["recordReport"]["id"].clone();
        let case = ok(&app, &b.staf, "mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }",
            json!({"i": {"id": new_id(), "sopCode": "PENGIRIMAN_ORANG_TERLANTAR", "clientId": mr_x, "reportId": report}})).await["openCase"]["id"].as_str().unwrap().to_owned();
        upload(&app, &b.staf, "SURAT_KETERANGAN_POLRES", mr_x.as_str().unwrap()).await;
        let analis = app.login("analis@blitar").await.access;
        for (token, step) in [(&b.staf, "laporan_masuk"), (&b.staf, "lapor_koordinasi")] {
            complete(&app, token, &case, step, json!({})).await;
        }
        dispose_to(&app, &b.kabid, &case, "analis@blitar").await;
        complete(&app, &analis, &case, "identifikasi_asesmen", json!({})).await;
        complete(&app, &analis, &case, "koordinasi_daerah_asal", json!({"branch": "dikirim"})).await;
        let body = exactly_one_event(&app, Some(&analis), "return.plan", "mutation($i: PlanReturnInput!) { planReturn(input: $i) { legs { id } } }",
            json!({"i": {"id": new_id(), "caseId": case, "mode": "PUBLIC_TRANSPORT"}})).await;
        let leg = body["data"]["planReturn"]["legs"][0]["id"].clone();
        let paper = |token: String, kind: &'static str, body: Vec<u8>| { let app = app.clone(); async move {
            let id = new_id();
            let resp = app.http.put(app.url(&format!("/documents/{id}?kind={kind}"))).bearer_auth(token).body(body).send().await.unwrap();
            assert_eq!(resp.status(), 201);
            id
        } };
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
        let letter = paper(analis.clone(), "SURAT_PENERUSAN", pdf.clone()).await;
        exactly_one_event(&app, Some(&analis), "leg.depart", "mutation($i: DepartLegInput!) { departLeg(input: $i) { id } }",
            json!({"i": {"id": new_id(), "legId": leg, "carrier": "BUS", "forwardingDocumentId": letter}})).await;
        // The hand-over is Surabaya's act, in Surabaya's trail.
        let surabaya = app.login("staf@kota-surabaya").await.access;
        let record = paper(surabaya.clone(), "HANDOVER_RECORD", pdf).await;
        let photo = paper(surabaya.clone(), "HANDOVER_PHOTO", include_bytes!("../../../testdata/photo-with-gps.jpg").to_vec()).await;
        let before = app.count("audit_event").await;
        ok(&app, &surabaya, "mutation($i: ConfirmHandoverInput!) { confirmHandover(input: $i) { id } }",
            json!({"i": {"id": new_id(), "legId": leg, "receivedByName": "Staf Surabaya", "handoverDocumentId": record, "photoDocumentId": photo}})).await;
        assert_eq!(app.count("audit_event").await, before + 1);
        use sea_orm::{EntityTrait, QueryOrder};
        let last = entity::audit_event::Entity::find().order_by_desc(entity::audit_event::Column::At).one(&app.state.db).await.unwrap().unwrap();
        assert_eq!(last.action, "leg.handover");
        // The LKS registry and the checklist.
        let lks = new_id();
        exactly_one_event(&app, Some(&admin_t), "lks.register", "mutation($i: RegisterLksInput!) { registerLks(input: $i) { id } }",
            json!({"i": {"id": lks, "name": "LKS Audit", "profile": {"legalStatus": "NO_LEGAL_ENTITY", "chairName": "Ketua"}}})).await;
        exactly_one_event(&app, Some(&admin_t), "lks.update", "mutation($i: UpdateLksProfileInput!) { updateLksProfile(input: $i) { version } }",
            json!({"i": {"id": new_id(), "institutionId": lks, "expectedVersion": 1, "profile": {"legalStatus": "NO_LEGAL_ENTITY", "chairName": "Ketua Baru"}}})).await;
        exactly_one_event(&app, Some(&admin_t), "lks.requirements_set", "mutation($id: ID!) { setLksRequirements(id: $id, items: [{key: \"surat_permohonan\", label: \"Surat permohonan\"}]) { key } }",
            json!({"id": new_id()})).await;
        // The LKS application's own mutations are counted in lks_recommendation.rs, where the
        // whole procedure runs (each leaves exactly one event there).
        // So are the invitations' in invitations.rs (one event each for the invitation,
        // its acceptance and its revocation), a letter's hand-over in books.rs and its
        // correction in letter_drafts.rs, and how an office writes its letters in
        // letter_templates.rs.
        for m in ["createLksApplication", "submitLksApplication", "verifyLksApplication", "confirmLksReceipt",
            "inviteUser", "acceptInvitation", "revokeInvitation", "recordLetterHandover", "reviseLetter",
            "setLetterTemplate", "setOfficeLetterhead", "setSignatory", "setOfficeLogo"] {
            covered.insert(m);
        }
        for m in ["registerLks", "updateLksProfile", "setLksRequirements", "requestDukcapilCheck", "recordDukcapilAnswer", "planReturn", "departLeg", "confirmHandover"] {
            covered.insert(m);
        }
        for m in ["setOfficeHoliday", "removeOfficeHoliday", "setLetterSeries", "openCase", "pauseClock", "resumeClock", "disposeCase",
            "completeStep", "referCase", "answerReferral", "addInitials", "sendBack", "signStep", "issueLetter", "confirmAdmission", "recordReunification"] {
            covered.insert(m);
        }
    }

    let covered: BTreeSet<String> = covered.into_iter().map(str::to_owned).collect();
    assert_eq!(covered, all, "every mutation must be covered by this test");
});

e2e!(fn each_admin_reads_only_their_offices_trail(app) {
    app.login("peksos@blitar").await;
    let lamandau = app.login("admin@lamandau").await;
    let body = app.gql(Some(&lamandau.access), "{ auditEvents(first: 100) { edges { node { actorUsername action requestId ip } } } }", json!({})).await;
    let edges = body["data"]["auditEvents"]["edges"].as_array().unwrap();
    assert!(!edges.is_empty(), "{body}");
    for e in edges {
        assert!(e["node"]["actorUsername"].as_str().unwrap().ends_with("@lamandau"), "{e}");
        assert_eq!(e["node"]["ip"], "127.0.0.1");
        assert!(!e["node"]["requestId"].as_str().unwrap().is_empty());
    }
    let kadis = app.login("kadis@lamandau").await;
    let body = app.gql(Some(&kadis.access), "{ auditEvents { edges { node { id } } } }", json!({})).await;
    assert_eq!(error_code(&body), Some("FORBIDDEN"));
    let filtered = app.gql(Some(&lamandau.access), "{ auditEvents(action: \"auth.login\") { edges { node { action actor { username } } } } }", json!({})).await;
    for e in filtered["data"]["auditEvents"]["edges"].as_array().unwrap() {
        assert_eq!(e["node"]["action"], "auth.login");
        assert!(e["node"]["actor"]["username"].is_string());
    }
});

e2e!(fn the_admin_watches_events_arrive_over_a_websocket(app) {
    let admin = app.login("admin@blitar").await;
    let mut req = format!("ws://{}/graphql/ws", app.addr).into_client_request().unwrap();
    req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("websocket");
    ws.send(Message::text(json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {}", admin.access)}}).to_string())).await.unwrap();
    let ack = ws.next().await.unwrap().unwrap();
    assert!(ack.to_text().unwrap().contains("connection_ack"), "{ack:?}");
    ws.send(Message::text(json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { auditEventAdded { action actorUsername } }"}}).to_string())).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    // An event of another office is not delivered; one of this office is.
    app.login("kadis@lamandau").await;
    app.login("kadis@blitar").await;
    let msg = tokio::time::timeout(std::time::Duration::from_secs(10), ws.next()).await.expect("event in time").unwrap().unwrap();
    let msg: serde_json::Value = serde_json::from_str(msg.to_text().unwrap()).unwrap();
    assert_eq!(msg["type"], "next", "{msg}");
    assert_eq!(msg["payload"]["data"]["auditEventAdded"], json!({"action": "auth.login", "actorUsername": "kadis@blitar"}));
    ws.close(None).await.ok();

    // Without a valid token the connection is refused.
    let mut req = format!("ws://{}/graphql/ws", app.addr).into_client_request().unwrap();
    req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("websocket");
    ws.send(Message::text(json!({"type": "connection_init", "payload": {}}).to_string())).await.unwrap();
    let reply = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next()).await.expect("answer in time");
    let refused = match reply {
        None | Some(Err(_)) => true,
        Some(Ok(Message::Close(_))) => true,
        Some(Ok(m)) => !m.to_text().unwrap_or("").contains("connection_ack"),
    };
    assert!(refused, "an anonymous websocket must not be acknowledged");
});

e2e!(fn a_deactivated_admin_stops_receiving_events(app) {
    let admin = app.login("admin@blitar").await;
    let body = app.gql(Some(&admin.access),
        "mutation { createUser(input: {username: \"admin2@blitar\", fullName: \"Admin Dua\", password: \"sandi-admin-dua\", roles: [ADMIN]}) { id } }", json!({})).await;
    let second_id = body["data"]["createUser"]["id"].as_str().unwrap().to_owned();
    let second = app.login_with("admin2@blitar", "sandi-admin-dua").await.unwrap();

    let mut req = format!("ws://{}/graphql/ws", app.addr).into_client_request().unwrap();
    req.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("websocket");
    ws.send(Message::text(json!({"type": "connection_init", "payload": {"accessToken": second.access}}).to_string())).await.unwrap();
    assert!(ws.next().await.unwrap().unwrap().to_text().unwrap().contains("connection_ack"));
    ws.send(Message::text(json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { auditEventAdded { action } }"}}).to_string())).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    let body = app.gql(Some(&admin.access), "mutation($id: ID!) { deactivateUser(userId: $id) { active } }", json!({"id": second_id})).await;
    assert_eq!(body["data"]["deactivateUser"]["active"], false, "{body}");
    let msg = tokio::time::timeout(std::time::Duration::from_secs(10), ws.next()).await.expect("answer in time").unwrap().unwrap();
    let msg: serde_json::Value = serde_json::from_str(msg.to_text().unwrap()).unwrap();
    assert_eq!(msg["type"], "complete", "the stream ends instead of delivering: {msg}");
});
