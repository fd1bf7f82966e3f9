//! Seeds 002 (Pemulangan Orang Terlantar, Kabupaten Lamandau) and 003 (pengiriman orang
//! terlantar) end to end over HTTP, with users of every office on the way: identity through
//! Dukcapil, the journey home planned in relay legs, each leg carried by its sending office
//! and handed over at its receiving office, which alone may touch it.
use serde_json::Value;

use super::{
    flow::*,
    referral::{next_event, subscribe},
    *,
};

const PHOTO: &[u8] = include_bytes!("../../../testdata/photo-with-gps.jpg");

/// Uploads a paper of the caller's office (no client: a letter, a hand-over record).
pub(super) async fn paper(app: &TestApp, token: &str, kind: &str) -> String {
    let id = new_id();
    let body: Vec<u8> = if kind == "HANDOVER_PHOTO" {
        PHOTO.to_vec()
    } else {
        format!("%PDF-1.4\n% {kind} {id}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").into_bytes()
    };
    let resp = app
        .http
        .put(app.url(&format!("/documents/{id}?kind={kind}")))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    id
}

async fn content_status(app: &TestApp, token: &str, doc: &str) -> u16 {
    app.http
        .get(app.url(&format!("/documents/{doc}/content")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

pub(super) const JOURNEY: &str = "id status mode byRelay totalKm totalCost from { name regionCode } toRegionCode
    position { state office { name regionCode } legSeq }
    legs { id seq legCount status mode distanceKm suggestedKm from { name regionCode } to { name regionCode } carrier ticketCost pocketMoney escortNames receivedByName }";

pub(super) fn plan_return() -> String {
    format!("mutation($i: PlanReturnInput!) {{ planReturn(input: $i) {{ {JOURNEY} }} }}")
}

pub(super) const LEG: &str = "id seq status caseId from { regionCode } to { regionCode } traveller { displayName sex } forwardingLetter { id kind } handoverRecord { id } sharedDocuments { kind clientId }";

pub(super) fn depart() -> String {
    format!("mutation($i: DepartLegInput!) {{ departLeg(input: $i) {{ {LEG} }} }}")
}

pub(super) fn handover() -> String {
    format!("mutation($i: ConfirmHandoverInput!) {{ confirmHandover(input: $i) {{ {LEG} }} }}")
}

/// The receiving office confirms a leg with its own record and photo.
pub(super) async fn confirm(
    app: &TestApp,
    token: &str,
    leg: &str,
    signer: &str,
    to_family: bool,
) -> Value {
    let record = paper(app, token, "HANDOVER_RECORD").await;
    let photo = paper(app, token, "HANDOVER_PHOTO").await;
    ok(app, token, &handover(), json!({"i": {"id": new_id(), "legId": leg, "receivedByName": signer,
        "receivedByTitle": "Staf Rehabilitasi Sosial", "handoverDocumentId": record, "photoDocumentId": photo, "toFamily": to_family}}))
        .await["confirmHandover"].clone()
}

/// The sending office sends the client off on a leg, with its forwarding letter.
pub(super) async fn send_off(
    app: &TestApp,
    token: &str,
    leg: &str,
    carrier: &str,
    extra: Value,
) -> Value {
    let letter = paper(app, token, "SURAT_PENERUSAN").await;
    let mut input = json!({"id": new_id(), "legId": leg, "carrier": carrier, "forwardingDocumentId": letter,
        "forwardingLetterNumber": "460/penerusan/2026"});
    if let Value::Object(m) = extra {
        input.as_object_mut().unwrap().extend(m);
    }
    ok(app, token, &depart(), json!({"i": input})).await["departLeg"].clone()
}

pub(super) async fn register(app: &TestApp, token: &str, fields: &str) -> (String, i64) {
    let body = ok(app, token, &format!("mutation($id: ID!) {{ registerClient(input: {{id: $id, {fields}, location: STREET, categories: [ORANG_TERLANTAR]}}) {{ client {{ id version displayName identityStatus }} }} }}"),
        json!({"id": new_id()})).await;
    let c = &body["registerClient"]["client"];
    (
        c["id"].as_str().unwrap().to_owned(),
        c["version"].as_i64().unwrap(),
    )
}

pub(super) async fn report_and_case(app: &TestApp, token: &str, client: &str, sop: &str) -> String {
    let report = ok(app, token, "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: POLICE, channel: WRITTEN, referenceLetterNumber: \"B/412/XI/2026/Reskrim\", summary: \"Orang terlantar di terminal\"}) { id } }",
        json!({"id": new_id(), "c": client})).await["recordReport"]["id"].as_str().unwrap().to_owned();
    ok(
        app,
        token,
        &case_query("openCase", "OpenCaseInput"),
        json!({"i": {"id": new_id(), "sopCode": sop, "clientId": client, "reportId": report}}),
    )
    .await["openCase"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

const CASE_RETURN: &str = "query($id: ID!) { case(id: $id) { status outcome currentStepKey client { location identityStatus } escortedReturn { status position { state office { regionCode } legSeq } legs { status handoverRecord { id } } } } }";

e2e!(fn seed_002_lamandau_escorts_a_client_home_to_blitar_in_relay_legs(app) {
    let staf = app.login("staf@lamandau").await.access;
    let peksos = app.login("peksos@lamandau").await.access;
    let kasi = app.login("kasi@lamandau").await.access;
    let kabid = app.login("kabid@lamandau").await.access;
    let kadis = app.login("kadis@lamandau").await.access;
    let kobar = app.login("staf@kab-kotawaringin-barat").await.access;
    let surabaya = app.login("staf@kota-surabaya").await.access;
    let blitar = app.login("staf@blitar").await.access;

    // 1. The desk receives the report with the local Polres letter.
    let (client, _) = register(&app, &staf, "name: \"Slamet Riyadi\", sex: MALE, estimatedAge: 52, originRegionCode: \"35.72\", originAddress: \"Kel. Sananwetan, Kota Blitar\"").await;
    let case = report_and_case(&app, &staf, &client, "PEMULANGAN_ORANG_TERLANTAR").await;
    let (code, err) = refused(&app, &staf, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "terima_laporan"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingDocuments"]), ("FAILED_PRECONDITION", &json!(["SURAT_KETERANGAN_POLRES"])), "{err}");
    let polres = upload(&app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    complete(&app, &staf, &case, "terima_laporan", json!({})).await;
    // 2. The social worker verifies by interview (30 minutes).
    let c = complete(&app, &peksos, &case, "verifikasi", json!({"note": "Wawancara: tertinggal rombongan kerja"})).await;
    assert_eq!(c["currentStepKey"], "identifikasi_asesmen_rekomendasi");
    assert_eq!(c["currentStep"]["standardMinutes"], 10);

    // 3. The Kasi identifies, registers and plans the journey home: not done without a plan.
    let (code, err) = refused(&app, &kasi, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "identifikasi_asesmen_rekomendasi"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingCheck"]), ("FAILED_PRECONDITION", &json!("RETURN_PLANNED")), "{err}");
    // The planner's proposal.
    let photo = upload(&app, &staf, "CLIENT_PHOTO", &client).await;
    let straight = ok(&app, &kasi, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "ESCORT", "sharedDocumentIds": [polres, photo]}})).await["planReturn"].clone();
    assert_eq!(straight["byRelay"], false, "seed 002 sets no relay rule: the escort goes the whole way unless the office chooses relay legs");
    // Lamandau chooses to hand the client over office to office.
    let j = ok(&app, &kasi, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "ESCORT", "byRelay": true, "sharedDocumentIds": [polres, photo]}})).await["planReturn"].clone();
    assert_eq!((&j["id"], &j["byRelay"]), (&straight["id"], &json!(true)));
    let legs = j["legs"].as_array().unwrap().clone();
    assert_eq!(j["from"]["regionCode"], "62.09");
    assert_eq!(j["toRegionCode"], "35.72");
    let route: Vec<(&str, &str)> = legs.iter().map(|l| (l["to"]["regionCode"].as_str().unwrap(), l["mode"].as_str().unwrap())).collect();
    assert_eq!(route, [("62.01", "LAND"), ("35.78", "SEA"), ("35.72", "LAND")], "Lamandau → Kotawaringin Barat → sea → Surabaya → Blitar: {j}");
    assert_eq!(legs[0]["from"]["name"], "Dinas Sosial Kabupaten Lamandau");
    assert_eq!(legs[1]["from"]["name"], "Dinas Sosial Kabupaten Kotawaringin Barat");
    assert_eq!(legs[2]["from"]["name"], "Dinas Sosial Kota Surabaya");
    for l in legs.iter().filter(|l| l["mode"] == "LAND") {
        assert!(l["distanceKm"].as_f64().unwrap() <= 250.0, "{l}");
    }
    assert_eq!(j["position"]["state"], "AT_OFFICE");
    // The worker changes the proposal: a land leg beyond the limit, or across the sea, is refused.
    let own = |first_km: f64, crossing: &str| json!({"i": {"id": new_id(), "caseId": case, "mode": "ESCORT", "byRelay": true, "sharedDocumentIds": [polres, photo], "legs": [
        {"fromRegionCode": "62.09", "toRegionCode": "62.01", "mode": "LAND", "distanceKm": first_km},
        {"fromRegionCode": "62.01", "toRegionCode": "35.78", "mode": crossing},
        {"fromRegionCode": "35.78", "toRegionCode": "35.72", "mode": "LAND"}]}});
    let (code, err) = refused(&app, &kasi, &plan_return(), own(310.0, "SEA")).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("BAD_USER_INPUT", &json!("legs.0.distanceKm")), "{err}");
    assert_eq!(err["extensions"]["limitKm"], 250.0);
    let (code, err) = refused(&app, &kasi, &plan_return(), own(96.0, "LAND")).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("BAD_USER_INPUT", &json!("legs.1.mode")), "{err}");
    let (code, err) = refused(&app, &kasi, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "ESCORT", "byRelay": true, "legs": [
        {"fromRegionCode": "62.09", "toRegionCode": "62.01", "mode": "LAND"}]}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["expectedRegionCode"]), ("BAD_USER_INPUT", &json!("35.72")), "{err}");
    // The officer knows the road: 96 km for the first leg. The journey keeps its id.
    // The plan names the escort who goes with the client from Lamandau (the surat tugas
    // names them; the departure takes them).
    let mut planned = own(96.0, "SEA");
    planned["i"]["escortUserIds"] = json!([app.user_id("peksos@lamandau").await]);
    let j2 = ok(&app, &kasi, &plan_return(), planned).await["planReturn"].clone();
    assert_eq!(j2["id"], j["id"]);
    assert_eq!(j2["legs"][0]["distanceKm"], 96.0);
    assert_ne!(j2["legs"][0]["suggestedKm"], 96.0);
    complete(&app, &kasi, &case, "identifikasi_asesmen_rekomendasi", json!({})).await;
    // The surat tugas is drafted from Lamandau's template with the route as planned.
    let drafts = ok(&app, &kasi, "query($id: ID!) { case(id: $id) { letters { series body } } }", json!({"id": case})).await["case"]["letters"].clone();
    let tugas = drafts.as_array().unwrap().iter().find(|l| l["series"] == "SURAT_TUGAS").unwrap().to_string();
    assert!(tugas.contains("Lamandau - Kotawaringin Barat (96 km), Kotawaringin Barat - Surabaya"), "{tugas}");
    assert!(tugas.contains("menugaskan"), "the surat tugas's own text: {tugas}");
    assert!(tugas.contains("Peksos Lamandau (demo)"), "the escort named in the plan: {tugas}");

    // 4-5. The draft surat tugas: Kasi and Kabid initial, the Kadis signs.
    approve(&app, &kasi, "addInitials", &case, "telaah_paraf_kabid").await;
    let c = approve(&app, &kabid, "addInitials", &case, "telaah_paraf_kabid").await;
    assert_eq!(c["currentStepKey"], "tanda_tangan_kadis");
    assert_eq!(c["letter"]["addressee"], "Dinas Sosial Kota Blitar");
    approve(&app, &kadis, "signStep", &case, "tanda_tangan_kadis").await;
    // One signature signs both: the escort recommendation and the surat tugas.
    let letters = ok(&app, &kasi, "query($id: ID!) { case(id: $id) { letters { id series subject signerRole addressee } } }", json!({"id": case})).await["case"]["letters"].clone();
    let series: Vec<&str> = letters.as_array().unwrap().iter().map(|l| l["series"].as_str().unwrap()).collect();
    assert_eq!(series, ["REKOMENDASI", "SURAT_TUGAS"], "{letters}");
    assert!(letters.as_array().unwrap().iter().all(|l| l["signerRole"] == "KADIS" && l["addressee"] == "Dinas Sosial Kota Blitar"), "{letters}");
    // Approved: the plan no longer changes.
    let (code, _) = refused(&app, &kasi, &plan_return(), own(90.0, "SEA")).await;
    assert_eq!(code, "CONFLICT");
    // 6. Each is numbered in its own series and registered, then handed over.
    let issue = |letter: Value| { let (app, kasi) = (app.clone(), kasi.clone()); async move {
        ok(&app, &kasi, ISSUE, json!({"i": {"id": new_id(), "letterId": letter, "recipient": "Peksos pendamping"}})).await["issueLetter"]["number"].as_str().unwrap().to_owned()
    } };
    assert!(issue(letters[0]["id"].clone()).await.starts_with("800/1-d/Dinsos.C/"));
    let (code, err) = refused(&app, &kasi, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "serah_rekomendasi"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingCheck"]), ("FAILED_PRECONDITION", &json!("LETTER_ISSUED")), "the surat tugas is not numbered yet: {err}");
    assert!(issue(letters[1]["id"].clone()).await.starts_with("094/1-d/Dinsos.C/"));
    complete(&app, &kasi, &case, "serah_rekomendasi", json!({})).await;

    // 7. The escort: not done before the client arrives.
    let (code, err) = refused(&app, &peksos, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "pendampingan"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingCheck"]), ("FAILED_PRECONDITION", &json!("RETURN_ARRIVED")), "{err}");
    let legs: Vec<String> = j2["legs"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap().to_owned()).collect();
    let mut surabaya_feed = subscribe(app.addr, &surabaya, "subscription { caseEvents { action caseId legId } }").await;
    // Leg 1 leaves Lamandau with the forwarding letter and the escort.
    let (code, err) = refused(&app, &peksos, &depart(), json!({"i": {"id": new_id(), "legId": legs[0], "carrier": "OFFICE_VEHICLE", "escortUserIds": [app.user_id("peksos@lamandau").await]}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingDocuments"]), ("FAILED_PRECONDITION", &json!(["SURAT_PENERUSAN"])), "{err}");
    // The departure names no escort: the one named in the plan goes.
    let leg1 = send_off(&app, &peksos, &legs[0], "OFFICE_VEHICLE", json!({"ticketCost": 0, "pocketMoney": 100000})).await;
    assert_eq!(leg1["status"], "DEPARTED");
    use sea_orm::EntityTrait;
    let departed = entity::relay_leg::Entity::find_by_id(uuid::Uuid::parse_str(&legs[0]).unwrap()).one(&app.state.db).await.unwrap().unwrap();
    assert_eq!(departed.escort_user_ids, json!([app.user_id("peksos@lamandau").await]));
    // Offices not on a leg cannot touch it; the next office cannot leave before the hand-over.
    let (code, _) = refused(&app, &surabaya, &handover(), json!({"i": {"id": new_id(), "legId": legs[0], "receivedByName": "X",
        "handoverDocumentId": new_id(), "photoDocumentId": new_id()}})).await;
    assert_eq!(code, "NOT_FOUND");
    let (code, _) = refused(&app, &surabaya, &depart(), json!({"i": {"id": new_id(), "legId": legs[0], "carrier": "BUS"}})).await;
    assert_eq!(code, "NOT_FOUND");
    let body = app.gql(Some(&surabaya), &format!("query($id: ID!) {{ relayLeg(id: $id) {{ {LEG} }} }}"), json!({"id": legs[0]})).await;
    assert!(body["data"]["relayLeg"].is_null(), "{body}");
    let (code, _) = refused(&app, &kobar, &depart(), json!({"i": {"id": new_id(), "legId": legs[1], "carrier": "SHIP",
        "forwardingDocumentId": paper(&app, &kobar, "SURAT_PENERUSAN").await}})).await;
    assert_eq!(code, "FAILED_PRECONDITION", "the client has not reached Kotawaringin Barat yet");

    // Kotawaringin Barat sees the leg coming, with the traveller and the shared papers, not the case.
    let incoming = ok(&app, &kobar, &format!("{{ relayLegs(direction: INCOMING, status: DEPARTED) {{ {LEG} }} }}"), json!({})).await["relayLegs"].clone();
    assert_eq!(incoming.as_array().unwrap().len(), 1, "{incoming}");
    assert_eq!(incoming[0]["traveller"], json!({"displayName": "Slamet Riyadi", "sex": "MALE"}));
    assert!(incoming[0]["caseId"].is_null());
    let shared = incoming[0]["sharedDocuments"].as_array().unwrap();
    assert_eq!(shared.len(), 2, "{incoming}");
    assert!(shared.iter().all(|d| d["clientId"].is_null()), "no path to the client's record: {incoming}");
    assert_eq!(content_status(&app, &kobar, &polres).await, 200, "the police letter travels with the client");
    assert_eq!(content_status(&app, &kobar, leg1["forwardingLetter"]["id"].as_str().unwrap()).await, 200);
    let leg1 = confirm(&app, &kobar, &legs[0], "Staf Dinsos Kotawaringin Barat", false).await;
    assert_eq!(leg1["status"], "HANDED_OVER");
    let view = ok(&app, &kasi, CASE_RETURN, json!({"id": case})).await;
    assert_eq!(view["case"]["escortedReturn"]["position"], json!({"state": "AT_OFFICE", "office": {"regionCode": "62.01"}, "legSeq": 1}));

    // Leg 2: across the Java Sea by ship; not before the client arrived; Surabaya hears of it.
    let (code, err) = refused(&app, &kobar, &depart(), json!({"i": {"id": new_id(), "legId": legs[1], "carrier": "SHIP",
        "departedAt": "2026-01-02T00:00:00Z", "escortUserIds": [app.user_id("staf@kab-kotawaringin-barat").await],
        "forwardingDocumentId": paper(&app, &kobar, "SURAT_PENERUSAN").await}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("BAD_USER_INPUT", &json!("departedAt")), "{err}");
    send_off(&app, &kobar, &legs[1], "SHIP", json!({"ticketCost": 450000, "pocketMoney": 150000,
        "escortUserIds": [app.user_id("staf@kab-kotawaringin-barat").await]})).await;
    let event = next_event(&mut surabaya_feed).await;
    assert_eq!(event, json!({"action": "leg.depart", "caseId": null, "legId": legs[1]}));
    let view = ok(&app, &kasi, CASE_RETURN, json!({"id": case})).await;
    assert_eq!(view["case"]["escortedReturn"]["position"]["state"], "IN_TRANSIT");
    confirm(&app, &surabaya, &legs[1], "Staf Dinsos Kota Surabaya", false).await;
    // Surabaya reads its own legs' papers, not the first leg's.
    let first_record = ok(&app, &kasi, CASE_RETURN, json!({"id": case})).await["case"]["escortedReturn"]["legs"][0]["handoverRecord"]["id"].as_str().unwrap().to_owned();
    assert_eq!(content_status(&app, &surabaya, &first_record).await, 404);
    assert_eq!(content_status(&app, &peksos, &first_record).await, 200, "the case's office reads every hand-over record");
    // Leg 3: by bus to Blitar, where the family takes the client.
    send_off(&app, &surabaya, &legs[2], "BUS", json!({"ticketCost": 60000, "escortUserIds": [app.user_id("staf@kota-surabaya").await]})).await;
    let last = confirm(&app, &blitar, &legs[2], "Staf Dinsos Kota Blitar", true).await;
    assert_eq!(last["status"], "HANDED_OVER");

    let view = ok(&app, &kasi, &format!("query($id: ID!) {{ case(id: $id) {{ client {{ location }} escortedReturn {{ {JOURNEY} }} }} }}"), json!({"id": case})).await;
    let j = &view["case"]["escortedReturn"];
    assert_eq!(j["status"], "ARRIVED");
    assert_eq!(j["position"], json!({"state": "ARRIVED", "office": {"name": "Dinas Sosial Kota Blitar", "regionCode": "35.72"}, "legSeq": 3}));
    assert_eq!(j["totalCost"], 760000);
    assert_eq!(j["legs"][0]["escortNames"].as_array().unwrap().len(), 1);
    assert_eq!(j["legs"][1]["carrier"], "SHIP");
    assert_eq!(view["case"]["client"]["location"], "FAMILY");
    let c = complete(&app, &peksos, &case, "pendampingan", json!({"note": "Klien diterima keluarga di Blitar"})).await;
    assert_eq!((c["status"].as_str(), c["outcome"].as_str()), (Some("CLOSED"), Some("COMPLETED")));
    // The road distance the officer confirmed is what the planner now proposes.
    let plan = ok(&app, &kasi, "{ planRelay(from: \"62.09\", to: \"62.01\") { legs { distanceKm } } }", json!({})).await;
    assert_eq!(plan["planRelay"]["legs"], json!([{"distanceKm": 96.0}]));
});

e2e!(fn seed_003_mr_x_not_registered_at_dukcapil_is_still_sent_home_in_one_leg(app) {
    let staf = app.login("staf@blitar").await.access;
    let kabid = app.login("kabid@blitar").await.access;
    let analis = app.login("analis@blitar").await.access;
    let pendamping = app.login("pendamping@blitar").await.access;
    let surabaya = app.login("staf@kota-surabaya").await.access;

    // 1-3. A man without papers, reported by the police; coordination and disposition.
    let (client, _) = register(&app, &staf, "sex: MALE, estimatedAge: 40").await;
    let case = report_and_case(&app, &staf, &client, "PENGIRIMAN_ORANG_TERLANTAR").await;
    upload(&app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    complete(&app, &staf, &case, "laporan_masuk", json!({})).await;
    complete(&app, &staf, &case, "lapor_koordinasi", json!({})).await;
    dispose_to(&app, &kabid, &case, "analis@blitar").await;

    // 4. Identification: no identity, so Dukcapil is asked first.
    let step = |t: &str| { let t = t.to_owned(); let case = case.clone(); let app = app.clone();
        async move { refused(&app, &t, &case_query("completeStep", "CompleteStepInput"), json!({"i": {"id": new_id(), "caseId": case, "stepKey": "identifikasi_asesmen"}})).await } };
    let (code, err) = step(&analis).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingCheck"]), ("FAILED_PRECONDITION", &json!("IDENTITY_SETTLED")), "{err}");
    let request = ok(&app, &pendamping, "mutation($i: RequestDukcapilCheckInput!) { requestDukcapilCheck(input: $i) { id result } }",
        json!({"i": {"id": new_id(), "clientId": client, "caseId": case, "reference": "470/88/410.105/2026", "note": "Sidik jari dikirim"}})).await["requestDukcapilCheck"].clone();
    assert!(request["result"].is_null());
    let (_, err) = step(&analis).await;
    assert!(err["message"].as_str().unwrap().contains("Dukcapil"), "waiting for the answer: {err}");
    let reply = paper(&app, &pendamping, "DUKCAPIL_REPLY").await;
    let answer = "mutation($i: RecordDukcapilAnswerInput!) { recordDukcapilAnswer(input: $i) { id result replyDocument { kind } } }";
    let (code, _) = refused(&app, &pendamping, answer, json!({"i": {"id": new_id(), "requestId": request["id"], "result": "FOUND"}})).await;
    assert_eq!(code, "BAD_USER_INPUT", "FOUND needs the name or NIK");
    ok(&app, &pendamping, answer, json!({"i": {"id": new_id(), "requestId": request["id"], "result": "NOT_REGISTERED", "replyDocumentId": reply}})).await;
    let (code, _) = refused(&app, &pendamping, answer, json!({"i": {"id": new_id(), "requestId": request["id"], "result": "NOT_REGISTERED"}})).await;
    assert_eq!(code, "CONFLICT", "one answer per request");
    let who = ok(&app, &analis, "query($id: ID!) { client(id: $id) { displayName identityStatus version dukcapilRequests { result reference } } }", json!({"id": client})).await["client"].clone();
    assert_eq!(who["identityStatus"], "NOT_REGISTERED");
    assert!(who["displayName"].as_str().unwrap().starts_with("MR-X/"), "{who}");
    assert_eq!(who["dukcapilRequests"], json!([{"result": "NOT_REGISTERED", "reference": "470/88/410.105/2026"}]));
    complete(&app, &analis, &case, "identifikasi_asesmen", json!({})).await;

    // 5. No identity and no known origin: cannot be sent; the shelter or a referral instead.
    let (code, err) = refused(&app, &analis, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "koordinasi_daerah_asal", "branch": "dikirim"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingCheck"]), ("FAILED_PRECONDITION", &json!("ORIGIN_KNOWN")), "{err}");
    assert_eq!(err["extensions"]["alternatives"], json!(["SHELTER", "RUJUKAN_PPKS"]));
    let (code, err) = refused(&app, &analis, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "PUBLIC_TRANSPORT"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["alternatives"]), ("FAILED_PRECONDITION", &json!(["SHELTER", "RUJUKAN_PPKS"])), "{err}");
    // The interview tells where he is from: Kota Surabaya. Mr X goes on with what is known.
    ok(&app, &analis, "mutation($i: UpdateClientInput!) { updateClient(input: $i) { version } }",
        json!({"i": {"id": client, "expectedVersion": who["version"], "mutationId": new_id(), "originRegionCode": "35.78", "originAddress": "Sekitar Pasar Turi"}})).await;
    let c = complete(&app, &analis, &case, "koordinasi_daerah_asal", json!({"branch": "dikirim"})).await;
    assert_eq!(c["currentStepKey"], "pengiriman");

    // 6. By public transport: Kota Blitar to Kota Surabaya is within 250 km, one leg.
    let j = ok(&app, &pendamping, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "PUBLIC_TRANSPORT"}})).await["planReturn"].clone();
    let legs = j["legs"].as_array().unwrap();
    assert_eq!(legs.len(), 1, "{j}");
    assert_eq!((legs[0]["from"]["regionCode"].as_str(), legs[0]["to"]["regionCode"].as_str(), legs[0]["mode"].as_str()), (Some("35.72"), Some("35.78"), Some("LAND")));
    assert!(legs[0]["distanceKm"].as_f64().unwrap() <= 250.0);
    let leg = legs[0]["id"].as_str().unwrap().to_owned();
    // A replay of the departure (a lost response) records it once.
    let letter = paper(&app, &pendamping, "SURAT_PENERUSAN").await;
    let input = json!({"i": {"id": new_id(), "legId": leg, "carrier": "BUS", "ticketCost": 45000, "pocketMoney": 50000, "forwardingDocumentId": letter}});
    let first = ok(&app, &pendamping, &depart(), input.clone()).await;
    let again = ok(&app, &pendamping, &depart(), input).await;
    assert_eq!(first["departLeg"]["status"], "DEPARTED");
    assert_eq!(again["departLeg"]["status"], "DEPARTED");
    let incoming = ok(&app, &surabaya, &format!("{{ relayLegs {{ {LEG} }} }}"), json!({})).await["relayLegs"].clone();
    assert!(incoming[0]["traveller"]["displayName"].as_str().unwrap().starts_with("MR-X/"), "{incoming}");
    confirm(&app, &surabaya, &leg, "Kasi Rehsos Kota Surabaya", false).await;
    let c = complete(&app, &pendamping, &case, "pengiriman", json!({"note": "Diterima Dinsos Kota Surabaya"})).await;
    assert_eq!(c["status"], "CLOSED");
});

e2e!(fn a_client_sent_on_by_another_office_comes_with_its_letter(app) {
    let staf = app.login("staf@lamandau").await.access;
    let (client, _) = register(&app, &staf, "name: \"Wagiman\", originRegionCode: \"35.72\"").await;
    let report = ok(&app, &staf, "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: OTHER_DINSOS, reporterName: \"Dinas Sosial Kabupaten Sukamara\", channel: WRITTEN, summary: \"Kiriman estafet\"}) { id } }",
        json!({"id": new_id(), "c": client})).await["recordReport"]["id"].as_str().unwrap().to_owned();
    let case = ok(&app, &staf, &case_query("openCase", "OpenCaseInput"),
        json!({"i": {"id": new_id(), "sopCode": "PEMULANGAN_ORANG_TERLANTAR", "clientId": client, "reportId": report}})).await["openCase"]["id"].as_str().unwrap().to_owned();
    upload(&app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    let (code, err) = refused(&app, &staf, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "terima_laporan"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingDocuments"]), ("FAILED_PRECONDITION", &json!(["SURAT_KETERANGAN_DINSOS_ASAL"])), "{err}");
    upload(&app, &staf, "SURAT_KETERANGAN_DINSOS_ASAL", &client).await;
    let c = complete(&app, &staf, &case, "terima_laporan", json!({})).await;
    assert_eq!(c["currentStepKey"], "verifikasi");
});

/// Seed 003 at Blitar for Darmo from Kota Surabaya, disposed to the pendamping and sent on
/// (step 6 waits for the journey): the case id.
pub(super) async fn darmo_to_be_sent(app: &TestApp) -> String {
    to_be_sent_from_blitar(app, "Darmo", "35.78").await
}

/// Seed 003 at Blitar for `name` from the region `origin`, up to the sending step.
pub(super) async fn to_be_sent_from_blitar(app: &TestApp, name: &str, origin: &str) -> String {
    let staf = app.login("staf@blitar").await.access;
    let kabid = app.login("kabid@blitar").await.access;
    let pendamping = app.login("pendamping@blitar").await.access;
    let (client, _) = register(
        app,
        &staf,
        &format!("name: \"{name}\", sex: MALE, estimatedAge: 45, originRegionCode: \"{origin}\""),
    )
    .await;
    let case = report_and_case(app, &staf, &client, "PENGIRIMAN_ORANG_TERLANTAR").await;
    upload(app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    complete(app, &staf, &case, "laporan_masuk", json!({})).await;
    complete(app, &staf, &case, "lapor_koordinasi", json!({})).await;
    dispose_to(app, &kabid, &case, "pendamping@blitar").await;
    complete(app, &pendamping, &case, "identifikasi_asesmen", json!({})).await;
    complete(
        app,
        &pendamping,
        &case,
        "koordinasi_daerah_asal",
        json!({"branch": "dikirim"}),
    )
    .await;
    case
}

e2e!(fn the_escort_records_the_hand_over_for_a_receiving_office_without_users(app) {
    let staf = app.login("staf@blitar").await.access;
    let pendamping = app.login("pendamping@blitar").await.access;
    let surabaya = app.login("staf@kota-surabaya").await.access;
    let case = darmo_to_be_sent(&app).await;
    let j = ok(&app, &pendamping, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "ESCORT"}})).await["planReturn"].clone();
    let leg = j["legs"][0]["id"].as_str().unwrap().to_owned();
    // Neither the plan nor the departure names an escort: an escorted return is refused.
    let (code, err) = refused(&app, &pendamping, &depart(), json!({"i": {"id": new_id(), "legId": leg, "carrier": "BUS",
        "forwardingDocumentId": paper(&app, &pendamping, "SURAT_PENERUSAN").await}})).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("escortUserIds")), "an escorted return names its escort");
    send_off(&app, &pendamping, &leg, "BUS", json!({"escortUserIds": [app.user_id("pendamping@blitar").await]})).await;
    let record = paper(&app, &pendamping, "HANDOVER_RECORD").await;
    let photo = paper(&app, &pendamping, "HANDOVER_PHOTO").await;
    let input = |nip: Option<&str>| json!({"i": {"id": new_id(), "legId": leg, "receivedByName": "Drs. Hadi Santoso", "receivedByTitle": "Kabid Rehsos Kota Surabaya",
        "receivedByNip": nip, "handoverDocumentId": record, "photoDocumentId": photo}});
    // Surabaya has users: they confirm, not the escort.
    let (code, _) = refused(&app, &pendamping, &handover(), input(Some("197001011995031001"))).await;
    assert_eq!(code, "FORBIDDEN");
    // Surabaya has nobody in the system (yet): the escort records it, with the signer's NIP.
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let office = entity::office::Entity::find().filter(entity::office::Column::RegionCode.eq("35.78")).one(&app.state.db).await.unwrap().unwrap();
        entity::user::Entity::update_many().col_expr(entity::user::Column::Active, Expr::value(false))
            .filter(entity::user::Column::OfficeId.eq(office.id)).exec(&app.state.db).await.unwrap();
    }
    let _ = surabaya;
    let (code, _) = refused(&app, &staf, &handover(), input(Some("197001011995031001"))).await;
    assert_eq!(code, "FORBIDDEN", "only the leg's escort");
    let (code, err) = refused(&app, &pendamping, &handover(), input(None)).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("receivedByNip")));
    let done = ok(&app, &pendamping, "mutation($i: ConfirmHandoverInput!) { confirmHandover(input: $i) { status receivedByName receivedByNip handoverByEscort } }",
        input(Some("19700101 199503 1 001"))).await["confirmHandover"].clone();
    assert_eq!(done, json!({"status": "HANDED_OVER", "receivedByName": "Drs. Hadi Santoso", "receivedByNip": "197001011995031001", "handoverByEscort": true}));
    let c = complete(&app, &pendamping, &case, "pengiriman", json!({"note": "Diserahkan ke Dinsos Kota Surabaya"})).await;
    assert_eq!(c["status"], "CLOSED");
});

e2e!(fn a_journey_that_fails_on_the_way_is_planned_again_from_where_the_client_is(app) {
    let kasi = app.login("kasi@blitar").await.access;
    let pendamping = app.login("pendamping@blitar").await.access;
    let case = darmo_to_be_sent(&app).await;
    let j = ok(&app, &pendamping, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "PUBLIC_TRANSPORT"}})).await["planReturn"].clone();
    let leg = j["legs"][0]["id"].as_str().unwrap().to_owned();
    send_off(&app, &pendamping, &leg, "BUS", json!({"ticketCost": 45000})).await;
    // While the client travels, the case is not closed.
    let (code, err) = refused(&app, &kasi, "mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }",
        json!({"i": {"id": new_id(), "caseId": case, "outcome": "NOT_FOUND", "reason": "Kabur"}})).await;
    assert_eq!(code, "FAILED_PRECONDITION", "{err}");
    // He fell ill at the Kediri bus terminal and is in hospital there.
    let kediri = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        entity::office::Entity::find().filter(entity::office::Column::RegionCode.eq("35.71")).one(&app.state.db).await.unwrap().unwrap().id.to_string()
    };
    let fail = "mutation($i: FailLegInput!) { failLeg(input: $i) { status failure failureNote clientAt { regionCode } } }";
    let input = |note: &str| json!({"i": {"id": new_id(), "legId": leg, "failure": "ILL", "note": note, "clientLocation": "HOSPITAL", "clientAtOfficeId": kediri}});
    let (code, _) = refused(&app, &pendamping, fail, input("")).await;
    assert_eq!(code, "BAD_USER_INPUT");
    let (code, _) = refused(&app, &app.login("staf@lamandau").await.access, fail, input("x")).await;
    assert_eq!(code, "NOT_FOUND", "an office not on the leg");
    let before = app.count("audit_event").await;
    let failed = ok(&app, &pendamping, fail, input("Sakit di Terminal Tamanan Kediri, dirawat di RSUD Gambiran")).await["failLeg"].clone();
    assert_eq!(app.count("audit_event").await, before + 1, "one leg.fail event");
    assert_eq!(failed, json!({"status": "FAILED", "failure": "ILL", "failureNote": "Sakit di Terminal Tamanan Kediri, dirawat di RSUD Gambiran", "clientAt": {"regionCode": "35.71"}}));
    let (code, _) = refused(&app, &pendamping, fail, input("lagi")).await;
    assert_eq!(code, "CONFLICT", "a leg fails once");
    let view = ok(&app, &pendamping, "query($id: ID!) { case(id: $id) { client { location } escortedReturn { status position { state office { regionCode } } } } }", json!({"id": case})).await["case"].clone();
    assert_eq!(view["client"]["location"], "HOSPITAL");
    assert_eq!(view["escortedReturn"], json!({"status": "INTERRUPTED", "position": {"state": "INTERRUPTED", "office": {"regionCode": "35.71"}}}));
    // Planned again: the journey goes on from Kediri; the failed leg stays in its history.
    let again = ok(&app, &pendamping, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "PUBLIC_TRANSPORT"}})).await["planReturn"].clone();
    let legs: Vec<(Value, Value, Value)> = again["legs"].as_array().unwrap().iter()
        .map(|l| (l["seq"].clone(), l["status"].clone(), l["from"]["regionCode"].clone())).collect();
    assert_eq!(legs, [(json!(1), json!("FAILED"), json!("35.72")), (json!(2), json!("PLANNED"), json!("35.71"))]);
    assert_eq!(again["status"], "PLANNED");
});
