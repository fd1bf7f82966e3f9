//! Seed 004 (Kota Blitar): an LKS applies for a recommendation; the Kadis disposes it to the
//! Kabid, the Kabid to the Kasi; the Kasi checks the papers and visits the site, returns it
//! once for completion (the clock waits while it is with the LKS), then finds it eligible;
//! the staff drafts, the Kabid and the Sekretaris initial, the Kadis signs, the letter is
//! numbered and registered, and the LKS signs for it. Each step by a user of its role.
use chrono::{DateTime, Utc};
use entity::{case_step, clock_pause};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value;

use super::{flow::*, *};

const APP: &str = "id status round returnedItems
    stage { key number paused startedAt dueAt }
    requirements { key required documents { id } verdict { passed note } }
    rounds { number outcome missing items { key passed note } visitedAt visitPassed visitNote }
    recommendation { number verifyCode verifyUrl pdf { id kind sha256 contentUrl } }";

fn mutation(field: &str, input: &str) -> String {
    format!("mutation($i: {input}!) {{ {field}(input: $i) {{ {APP} }} }}")
}

async fn application(app: &TestApp, token: &str, id: &str) -> Value {
    let q = format!("query($id: ID!) {{ lksApplication(id: $id) {{ {APP} }} }}");
    ok(app, token, &q, json!({"id": id})).await["lksApplication"].clone()
}

/// Puts a small PDF into an LKS application as `requirement`; the response status and body.
async fn put_requirement(
    app: &TestApp,
    token: &str,
    application: &str,
    requirement: &str,
) -> (u16, Value) {
    let id = new_id();
    let pdf = format!(
        "%PDF-1.4\n% {requirement} {id}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    );
    let resp = app.http
        .put(app.url(&format!("/documents/{id}?kind=LKS_REQUIREMENT&lksApplicationId={application}&requirementKey={requirement}")))
        .bearer_auth(token).body(pdf.into_bytes()).send().await.unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

async fn upload_requirement(
    app: &TestApp,
    token: &str,
    application: &str,
    requirement: &str,
) -> String {
    let (status, body) = put_requirement(app, token, application, requirement).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// The Kasi's photo of the site visit.
async fn upload_visit_photo(app: &TestApp, token: &str, application: &str) -> String {
    let id = new_id();
    let resp = app
        .http
        .put(app.url(&format!(
            "/documents/{id}?kind=SITE_VISIT_PHOTO&lksApplicationId={application}"
        )))
        .bearer_auth(token)
        .body(include_bytes!("../../../testdata/photo-with-gps.jpg").to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    id
}

/// Runs a mutation that must succeed and leave exactly one audit event named `action`.
async fn audited(app: &TestApp, token: &str, action: &str, query: &str, vars: Value) -> Value {
    use sea_orm::QueryOrder;
    let before = app.count("audit_event").await;
    let data = ok(app, token, query, vars).await;
    assert_eq!(
        app.count("audit_event").await,
        before + 1,
        "{action}: one event"
    );
    let last = entity::audit_event::Entity::find()
        .order_by_desc(entity::audit_event::Column::At)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.action, action);
    data
}

fn keys(list: &Value, required_only: bool) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|r| !required_only || r["required"] == true)
        .map(|r| r["key"].as_str().unwrap().to_owned())
        .collect()
}

fn at(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
        .unwrap()
        .with_timezone(&Utc)
}

/// An LKS's application with every required item uploaded, submitted: (id, required keys).
pub async fn submitted(app: &TestApp, lks: &str) -> (String, Vec<String>) {
    let id = ok(
        app,
        lks,
        &mutation("createLksApplication", "CreateLksApplicationInput"),
        json!({"i": {"id": new_id(), "purpose": "Perpanjangan tanda daftar LKS"}}),
    )
    .await["createLksApplication"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let required = keys(&application(app, lks, &id).await["requirements"], true);
    for key in &required {
        upload_requirement(app, lks, &id, key).await;
    }
    ok(
        app,
        lks,
        &mutation("submitLksApplication", "SubmitLksApplicationInput"),
        json!({"i": {"id": new_id(), "applicationId": id}}),
    )
    .await;
    (id, required)
}

e2e!(fn seed_004_recommends_an_lks_after_one_return_for_completion(app) {
    let lks = app.login("staf@lks-harapan").await.access;
    let staf = app.login("staf@blitar").await.access;
    let kasi = app.login("kasi@blitar").await.access;
    let kabid = app.login("kabid@blitar").await.access;
    let sekretaris = app.login("sekretaris@blitar").await.access;
    let kadis = app.login("kadis@blitar").await.access;
    let submit = mutation("submitLksApplication", "SubmitLksApplicationInput");
    let verify = mutation("verifyLksApplication", "VerifyLksApplicationInput");
    let step = |key: &str, case: &str| json!({"i": {"id": new_id(), "caseId": case, "stepKey": key}});
    let complete = case_query("completeStep", "CompleteStepInput");

    // 1. LKS Harapan (a yayasan) drafts its application; the office does not see a draft.
    let draft = audited(&app, &lks, "lks.application_create", &mutation("createLksApplication", "CreateLksApplicationInput"),
        json!({"i": {"id": new_id(), "purpose": "Perpanjangan tanda daftar LKS"}})).await["createLksApplication"].clone();
    let id = draft["id"].as_str().unwrap().to_owned();
    assert_eq!((draft["status"].as_str(), draft["round"].as_i64(), &draft["stage"]), (Some("DRAFT"), Some(0), &Value::Null));
    let checklist = keys(&draft["requirements"], false);
    assert!(checklist.contains(&"sk_kemenkumham".to_owned()) && !checklist.contains(&"nota_pendirian".to_owned()), "a legal entity's list: {checklist:?}");
    let body = app.gql(Some(&kasi), "query($id: ID!) { lksApplication(id: $id) { id } }", json!({"id": id})).await;
    assert!(body["data"]["lksApplication"].is_null(), "{body}");
    // Submitting before the papers are in names every missing one.
    let required = keys(&draft["requirements"], true);
    let (code, err) = refused(&app, &lks, &submit, json!({"i": {"id": new_id(), "applicationId": id}})).await;
    assert_eq!(code, "FAILED_PRECONDITION");
    assert_eq!(err["extensions"]["missingRequirements"], json!(required));
    // A requirement that is not on the checklist is refused, naming the keys that are.
    let (status, body) = put_requirement(&app, &lks, &id, "foto_ketua").await;
    assert_eq!((status, body["errors"][0]["extensions"]["field"].as_str()), (400, Some("requirementKey")), "{body}");
    for key in &required {
        upload_requirement(&app, &lks, &id, key).await;
    }
    let submission = json!({"i": {"id": new_id(), "applicationId": id}});
    let sent = audited(&app, &lks, "lks.submit", &submit, submission.clone()).await["submitLksApplication"].clone();
    assert_eq!((sent["status"].as_str(), sent["round"].as_i64(), sent["stage"]["key"].as_str()), (Some("IN_REVIEW"), Some(1), Some("pengajuan")));
    // The phone resending the same submission gets the same answer; a second one is refused.
    assert_eq!(ok(&app, &lks, &submit, submission).await["submitLksApplication"]["round"], 1);
    let (code, _) = refused(&app, &lks, &submit, json!({"i": {"id": new_id(), "applicationId": id}})).await;
    assert_eq!(code, "CONFLICT");
    // The office's own intake opens no LKS case by hand.
    let client = ok(&app, &staf, "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Pengurus LKS\", location: OTHER, categories: [FAKIR_MISKIN]}) { client { id } } }",
        json!({"id": new_id()})).await["registerClient"]["client"]["id"].clone();
    let (code, err) = refused(&app, &staf, &case_query("openCase", "OpenCaseInput"),
        json!({"i": {"id": new_id(), "sopCode": "REKOMENDASI_LKS", "clientId": client}})).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("FAILED_PRECONDITION", Some("sopCode")));

    // Step 1: the intake desk receives the file.
    ok(&app, &staf, &complete, step("pengajuan", &id)).await;
    // Step 2: the Kadis disposes to the Kabid Pemberdayaan Sosial (not straight to the Kasi).
    let dispose = case_query("disposeCase", "DisposeInput");
    let (code, err) = refused(&app, &kadis, &complete, step("disposisi_kadis", &id)).await;
    assert_eq!(code, "FAILED_PRECONDITION", "a disposition step is done by disposing: {err}");
    let (code, err) = refused(&app, &kadis, &dispose, json!({"i": {"id": new_id(), "caseId": id, "toUserId": app.user_id("kasi@blitar").await, "instruction": "Verifikasi"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["requiredRoles"].as_str()), ("BAD_USER_INPUT", Some("KABID")), "{err}");
    let (code, _) = refused(&app, &kabid, &dispose, json!({"i": {"id": new_id(), "caseId": id, "toUserId": app.user_id("kasi@blitar").await, "instruction": "Verifikasi"}})).await;
    assert_eq!(code, "FORBIDDEN", "the Kabid's turn comes after the Kadis's");
    let c = ok(&app, &kadis, &dispose, json!({"i": {"id": new_id(), "caseId": id, "toUserId": app.user_id("kabid@blitar").await, "instruction": "Telaah dan terbitkan rekomendasi"}})).await;
    assert_eq!(c["disposeCase"]["currentStepKey"], "disposisi_kabid");
    // Step 3: the Kabid disposes to the Kasi PKKSKK for document and field verification.
    let c = ok(&app, &kabid, &dispose, json!({"i": {"id": new_id(), "caseId": id, "toUserId": app.user_id("kasi@blitar").await, "instruction": "Verifikasi administrasi dan lapangan"}})).await;
    assert_eq!(c["disposeCase"]["currentStepKey"], "verifikasi");

    // Step 4, round 1: one working day; the Kasi visits and finds the NPWP card expired.
    let view = application(&app, &kasi, &id).await;
    let started = at(&view["stage"]["startedAt"]);
    assert!(at(&view["stage"]["dueAt"]) > started + chrono::Duration::hours(8), "one working day (8.5 h of office time): {view}");
    let (code, _) = refused(&app, &staf, &complete, step("verifikasi", &id)).await;
    assert_eq!(code, "FAILED_PRECONDITION", "verification is done with the sheet");
    let photo = upload_visit_photo(&app, &kasi, &id).await;
    let sheet = |failed: &[&str], photos: Vec<String>| json!({"i": {"id": new_id(), "applicationId": id,
        "items": required.iter().map(|k| if failed.contains(&k.as_str()) {
            json!({"key": k, "passed": false, "note": "Kartu NPWP kedaluwarsa; lampirkan surat keterangan terdaftar terbaru"})
        } else { json!({"key": k, "passed": true}) }).collect::<Vec<_>>(),
        "visitedAt": Utc::now().to_rfc3339(), "visitPassed": true, "visitNote": "Kantor dan asrama sesuai alamat domisili", "photoIds": photos}});
    let (code, err) = refused(&app, &kasi, &verify, sheet(&["npwp"], vec![])).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("photoIds")));
    let (code, _) = refused(&app, &staf, &verify, sheet(&["npwp"], vec![photo.clone()])).await;
    assert_eq!(code, "FORBIDDEN", "only the Kasi verifies");
    let returned = audited(&app, &kasi, "lks.verify", &verify, sheet(&["npwp"], vec![photo.clone()])).await["verifyLksApplication"].clone();
    assert_eq!((returned["status"].as_str(), &returned["returnedItems"]), (Some("RETURNED"), &json!(["npwp"])));
    assert_eq!((returned["stage"]["key"].as_str(), returned["stage"]["paused"].as_bool(), &returned["stage"]["dueAt"]),
        (Some("verifikasi"), Some(true), &Value::Null), "the clock waits while the LKS completes: {returned}");

    // It is in the LKS's inbox, to complete.
    let tasks = ok(&app, &lks, "{ myTasks { kind mutation lksApplication { id } } }", json!({})).await["myTasks"].clone();
    assert_eq!(tasks, json!([{"kind": "LKS_APPLICATION_RETURNED", "mutation": "submitLksApplication", "lksApplication": {"id": id}}]));
    // The LKS sees what was returned and why.
    let seen = application(&app, &lks, &id).await;
    let npwp = seen["requirements"].as_array().unwrap().iter().find(|r| r["key"] == "npwp").unwrap();
    assert_eq!(npwp["verdict"], json!({"passed": false, "note": "Kartu NPWP kedaluwarsa; lampirkan surat keterangan terdaftar terbaru"}));
    assert_eq!(seen["rounds"][0]["outcome"], "RETURNED");
    // Nothing to verify while it is with the LKS; resubmitting needs a new NPWP upload.
    let (code, _) = refused(&app, &kasi, &verify, sheet(&[], vec![photo.clone()])).await;
    assert_eq!(code, "FAILED_PRECONDITION");
    let (code, err) = refused(&app, &lks, &submit, json!({"i": {"id": new_id(), "applicationId": id}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingRequirements"]), ("FAILED_PRECONDITION", &json!(["npwp"])));
    // Nor does a desk restart the clock that waits for the LKS.
    let (code, _) = refused(&app, &kasi, &case_query("resumeClock", "ClockInput"), json!({"i": {"id": new_id(), "caseId": id}})).await;
    assert_eq!(code, "FAILED_PRECONDITION");

    // The LKS takes ten days to get its new NPWP letter: the waiting run began ten days ago.
    let db = &app.state.db;
    let waiting = case_step::Entity::find().filter(case_step::Column::CaseId.eq(uuid::Uuid::parse_str(&id).unwrap()))
        .filter(case_step::Column::Status.eq(case_step::StepStatus::Active)).one(db).await.unwrap().unwrap();
    let ten_days_ago = waiting.started_at - chrono::Duration::days(10);
    let pause = clock_pause::Entity::find().filter(clock_pause::Column::CaseStepId.eq(waiting.id)).one(db).await.unwrap().unwrap();
    let mut row = waiting.clone().into_active_model();
    row.started_at = Set(ten_days_ago);
    row.update(db).await.unwrap();
    let mut row = pause.into_active_model();
    row.paused_at = Set(ten_days_ago);
    row.update(db).await.unwrap();

    upload_requirement(&app, &lks, &id, "npwp").await;
    let before = Utc::now();
    let back = ok(&app, &lks, &submit, json!({"i": {"id": new_id(), "applicationId": id}})).await["submitLksApplication"].clone();
    assert_eq!((back["status"].as_str(), back["round"].as_i64(), back["stage"]["paused"].as_bool()), (Some("IN_REVIEW"), Some(2), Some(false)));
    // The clock resumed: the day counts from the resubmission, not from ten days ago.
    let due = at(&back["stage"]["dueAt"]);
    assert!(due > before + chrono::Duration::hours(8), "due {due}, resubmitted {before}");
    assert!(due < before + chrono::Duration::days(7), "one working day, even across a weekend and holidays: {due}");

    // Round 2: everything passes.
    let photo2 = upload_visit_photo(&app, &kasi, &id).await;
    let eligible = ok(&app, &kasi, &verify, sheet(&[], vec![photo2])).await["verifyLksApplication"].clone();
    assert_eq!((eligible["status"].as_str(), eligible["stage"]["key"].as_str()), (Some("IN_REVIEW"), Some("konsep")));
    // Every round is kept with its sheet.
    let rounds = &eligible["rounds"];
    assert_eq!((rounds[0]["outcome"].as_str(), &rounds[0]["missing"]), (Some("RETURNED"), &json!(["npwp"])));
    assert_eq!((rounds[1]["outcome"].as_str(), &rounds[1]["missing"]), (Some("ELIGIBLE"), &json!([])));
    assert_eq!(rounds[1]["items"].as_array().unwrap().len(), required.len());

    // The recommendation is not ready for receipt yet.
    let receipt = mutation("confirmLksReceipt", "ConfirmLksReceiptInput");
    let (code, err) = refused(&app, &lks, &receipt, json!({"i": {"id": new_id(), "applicationId": id, "signedBy": "Hj. Siti Aminah"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["currentStep"].as_str()), ("FAILED_PRECONDITION", Some("konsep")));

    // Step 5: the staff drafts the recommendation, addressed to the LKS.
    let c = ok(&app, &staf, &complete, step("konsep", &id)).await["completeStep"].clone();
    assert_eq!((c["currentStepKey"].as_str(), c["letter"]["addressee"].as_str()), (Some("paraf_kabid"), Some("LKS Harapan")));
    // Steps 6-7: the Kabid initials, then the Sekretaris (not the other way round).
    let approve = |key: &str| json!({"i": {"id": new_id(), "caseId": id, "stepKey": key}});
    let (code, _) = refused(&app, &sekretaris, &case_query("addInitials", "ApproveInput"), approve("paraf_kabid")).await;
    assert_eq!(code, "FORBIDDEN");
    ok(&app, &kabid, &case_query("addInitials", "ApproveInput"), approve("paraf_kabid")).await;
    ok(&app, &sekretaris, &case_query("addInitials", "ApproveInput"), approve("paraf_sekretaris")).await;
    // Step 8: the Kadis signs (the Sekretaris may not sign this one).
    let (code, _) = refused(&app, &sekretaris, &case_query("signStep", "ApproveInput"), approve("tanda_tangan")).await;
    assert_eq!(code, "FORBIDDEN");
    let signed = ok(&app, &kadis, &case_query("signStep", "ApproveInput"), approve("tanda_tangan")).await["signStep"].clone();
    assert_eq!((signed["currentStepKey"].as_str(), signed["letter"]["signerRole"].as_str()), (Some("registrasi"), Some("KADIS")));
    // Step 9: the Kasi has staff number and register it.
    let (code, _) = refused(&app, &kasi, &complete, step("registrasi", &id)).await;
    assert_eq!(code, "FAILED_PRECONDITION", "not before it is numbered");
    let letter = signed["letter"]["id"].as_str().unwrap();
    let issued = ok(&app, &staf, "mutation($i: IssueLetterInput!) { issueLetter(input: $i) { number } }",
        json!({"i": {"id": new_id(), "letterId": letter, "recipient": "LKS Harapan"}})).await;
    let number = issued["issueLetter"]["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("460/001/LKS/410.105/"), "{number}");
    ok(&app, &kasi, &complete, step("registrasi", &id)).await;
    // Step 10 waits for the LKS's signature (its inbox) or for the desk recording a paper
    // receipt, which needs the signed receipt's scan.
    let tasks = ok(&app, &lks, "{ myTasks { kind mutation lksApplication { id } } }", json!({})).await["myTasks"].clone();
    assert_eq!(tasks, json!([{"kind": "LKS_RECEIPT_TO_SIGN", "mutation": "confirmLksReceipt", "lksApplication": {"id": id}}]));
    let desk = ok(&app, &staf, "{ myTasks { kind mutation caseId step { key actions { kind allowed } } } }", json!({})).await["myTasks"].clone();
    let at_desk = desk.as_array().unwrap().iter().find(|t| t["caseId"] == json!(id)).expect("the desk's task");
    assert_eq!((at_desk["mutation"].as_str(), at_desk["step"]["actions"][0].clone()), (Some("confirmLksReceipt"), json!({"kind": "CONFIRM_LKS_RECEIPT", "allowed": true})));
    let (code, err) = refused(&app, &staf, &receipt, json!({"i": {"id": new_id(), "applicationId": id, "signedBy": "Hj. Siti Aminah"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("signedReceiptDocumentId")));
    // Step 10: the LKS receives it and signs for it; the case closes.
    let done = audited(&app, &lks, "lks.receipt", &receipt, json!({"i": {"id": new_id(), "applicationId": id, "signedBy": "Hj. Siti Aminah"}})).await["confirmLksReceipt"].clone();
    assert_eq!((done["status"].as_str(), &done["stage"], done["recommendation"]["number"].as_str()), (Some("RECEIVED"), &Value::Null, Some(number.as_str())));
    let case = ok(&app, &kasi, "query($id: ID!) { lksApplication(id: $id) { receiptSignedBy case { status outcome steps { key status branch takenMinutes completedAt completedBy { username } } } } }", json!({"id": id})).await;
    let case = &case["lksApplication"];
    assert_eq!((case["receiptSignedBy"].as_str(), case["case"]["status"].as_str(), case["case"]["outcome"].as_str()), (Some("Hj. Siti Aminah"), Some("CLOSED"), Some("COMPLETED")));
    // In the order they were done (the second verification run was moved back ten days).
    let mut steps = case["case"]["steps"].as_array().unwrap().clone();
    steps.sort_by_key(|s| at(&s["completedAt"]));
    let order: Vec<&str> = steps.iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(order, ["pengajuan", "disposisi_kadis", "disposisi_kabid", "verifikasi", "verifikasi", "konsep", "paraf_kabid", "paraf_sekretaris", "tanda_tangan", "registrasi", "diterima_lks"]);
    assert_eq!((steps[3]["branch"].as_str(), steps[4]["branch"].as_str()), (Some("dikembalikan"), Some("layak")));
    assert!(steps[4]["takenMinutes"].as_i64().unwrap() < 60, "the ten days with the LKS do not count: {}", steps[4]);
    assert_eq!(steps[10]["completedBy"]["username"], "staf@lks-harapan");

    // The letter: a PDF the LKS may download, which parses and holds its number.
    let rec = &done["recommendation"];
    let resp = app.http.get(app.url(rec["pdf"]["contentUrl"].as_str().unwrap())).bearer_auth(&lks).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let pdf = resp.bytes().await.unwrap().to_vec();
    let text = lopdf::Document::load_mem(&pdf).expect("a readable PDF").extract_text(&[1]).unwrap();
    assert!(text.contains(&number) && text.contains("LKS Harapan"), "{text}");
    // Genuine by its code and by its exact bytes; not with a forged code or one byte changed.
    let q = "query($c: String!) { verifyLetter(code: $c) { genuine number signerRole } }";
    let v = app.gql(None, q, json!({"c": rec["verifyCode"]})).await;
    assert_eq!(v["data"]["verifyLetter"], json!({"genuine": true, "number": number, "signerRole": "KADIS"}));
    assert_eq!(app.gql(None, q, json!({"c": "0123456789ABCDEF0123456789ABCDEF"})).await["data"]["verifyLetter"]["genuine"], false);
    let check = |bytes: Vec<u8>| { let app = app.clone(); async move {
        app.http.post(app.url("/verify")).body(bytes).send().await.unwrap().json::<Value>().await.unwrap()
    } };
    assert_eq!(check(pdf.clone()).await["genuine"], true);
    let mut changed = pdf.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    assert_eq!(check(changed).await["genuine"], false);
});

e2e!(fn one_lks_sees_and_touches_only_its_own_applications(app) {
    let harapan = app.login("staf@lks-harapan").await.access;
    let pelita = app.login("staf@lks-pelita").await.access;
    let (id, _) = submitted(&app, &harapan).await;
    // Pelita (no legal entity) has its own checklist: a nota pendirian, no Kemenkumham decree.
    let own = ok(&app, &pelita, &mutation("createLksApplication", "CreateLksApplicationInput"),
        json!({"i": {"id": new_id(), "purpose": "Bantuan operasional"}})).await["createLksApplication"].clone();
    let list = keys(&own["requirements"], false);
    assert!(list.contains(&"nota_pendirian".to_owned()) && !list.contains(&"sk_kemenkumham".to_owned()), "{list:?}");
    // Pelita neither sees nor changes Harapan's application.
    let body = app.gql(Some(&pelita), "query($id: ID!) { lksApplication(id: $id) { id } }", json!({"id": id})).await;
    assert!(body["data"]["lksApplication"].is_null(), "{body}");
    let listed = ok(&app, &pelita, "{ lksApplications { edges { node { id } } } }", json!({})).await;
    assert_eq!(listed["lksApplications"]["edges"], json!([{"node": {"id": own["id"]}}]));
    let (status, _) = put_requirement(&app, &pelita, &id, "npwp").await;
    assert_eq!(status, 404);
    for (field, input, extra) in [
        ("submitLksApplication", "SubmitLksApplicationInput", json!({})),
        ("confirmLksReceipt", "ConfirmLksReceiptInput", json!({"signedBy": "Bapak Suyono"})),
    ] {
        let mut i = json!({"id": new_id(), "applicationId": id});
        i.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let (code, _) = refused(&app, &pelita, &mutation(field, input), json!({"i": i})).await;
        assert_eq!(code, "NOT_FOUND", "{field}");
    }
    // Harapan's papers stay Harapan's (and the office's).
    let harapan_view = application(&app, &harapan, &id).await;
    let doc = harapan_view["requirements"][0]["documents"][0]["id"].as_str().unwrap().to_owned();
    let get = |token: String| { let app = app.clone(); let doc = doc.clone(); async move {
        app.http.get(app.url(&format!("/documents/{doc}/content"))).bearer_auth(token).send().await.unwrap().status().as_u16()
    } };
    assert_eq!(get(harapan.clone()).await, 200);
    assert_eq!(get(app.login("kasi@blitar").await.access).await, 200);
    assert_eq!(get(pelita.clone()).await, 404);
    assert_eq!(get(app.login("staf@upt-werdha").await.access).await, 404);
    assert_eq!(get(app.login("kasi@lamandau").await.access).await, 404);
    // Another office sees nothing and cannot verify it.
    let lamandau = app.login("kasi@lamandau").await.access;
    let body = app.gql(Some(&lamandau), "query($id: ID!) { lksApplication(id: $id) { id } }", json!({"id": id})).await;
    assert!(body["data"]["lksApplication"].is_null(), "{body}");
    assert_eq!(ok(&app, &lamandau, "{ lksApplications { edges { node { id } } } }", json!({})).await["lksApplications"]["edges"], json!([]));
    let (code, _) = refused(&app, &lamandau, &mutation("verifyLksApplication", "VerifyLksApplicationInput"),
        json!({"i": {"id": new_id(), "applicationId": id, "items": [], "visitedAt": Utc::now().to_rfc3339(), "visitPassed": true, "photoIds": []}})).await;
    assert_eq!(code, "NOT_FOUND");
    // The office's staff upload site photos, never an LKS's requirements; an LKS no site photos.
    let (status, _) = put_requirement(&app, &app.login("kasi@blitar").await.access, &id, "npwp").await;
    assert_eq!(status, 400);
    let photo = new_id();
    let resp = app.http.put(app.url(&format!("/documents/{photo}?kind=SITE_VISIT_PHOTO&lksApplicationId={}", own["id"].as_str().unwrap())))
        .bearer_auth(&pelita).body(include_bytes!("../../../testdata/photo-with-gps.jpg").to_vec()).send().await.unwrap();
    assert_eq!(resp.status(), 400);
    // An application cannot take the id of a case that exists (its case would be that one).
    let b = Blitar::login(&app).await;
    let (_, referral_case) = open_case(&app, &b).await;
    let (code, _) = refused(&app, &pelita, &mutation("createLksApplication", "CreateLksApplicationInput"),
        json!({"i": {"id": referral_case, "purpose": "Menyamar"}})).await;
    assert_eq!(code, "CONFLICT");
    // A UPT is no LKS.
    let (code, _) = refused(&app, &app.login("staf@upt-werdha").await.access, &mutation("createLksApplication", "CreateLksApplicationInput"),
        json!({"i": {"id": new_id(), "purpose": "x"}})).await;
    assert_eq!(code, "FORBIDDEN");
});

e2e!(fn the_intake_desk_enters_a_walk_in_paper_file_for_an_lks_without_users(app) {
    let admin = app.login("admin@blitar").await.access;
    let staf = app.login("staf@blitar").await.access;
    let melati = ok(&app, &admin, "mutation($i: RegisterLksInput!) { registerLks(input: $i) { id } }",
        json!({"i": {"id": new_id(), "name": "LKS Melati", "profile": {"legalStatus": "NO_LEGAL_ENTITY", "chairName": "Ibu Ratna"}}})).await["registerLks"]["id"].clone();
    let create = mutation("createLksApplication", "CreateLksApplicationInput");
    // The desk names the LKS; one of another office is not its to enter.
    let (code, err) = refused(&app, &staf, &create, json!({"i": {"id": new_id(), "purpose": "Rekomendasi tanda daftar"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("institutionId")));
    let (code, _) = refused(&app, &app.login("staf@lamandau").await.access, &create, json!({"i": {"id": new_id(), "purpose": "x", "institutionId": melati}})).await;
    assert_eq!(code, "NOT_FOUND");
    let id = ok(&app, &staf, &create, json!({"i": {"id": new_id(), "purpose": "Rekomendasi tanda daftar", "institutionId": melati}})).await["createLksApplication"]["id"].as_str().unwrap().to_owned();
    let view = ok(&app, &staf, "query($id: ID!) { lksApplication(id: $id) { status enteredAtDesk requirements { key required } } }", json!({"id": id})).await["lksApplication"].clone();
    assert_eq!((view["status"].as_str(), view["enteredAtDesk"].as_bool()), (Some("DRAFT"), Some(true)));
    let required: Vec<String> = view["requirements"].as_array().unwrap().iter().filter(|r| r["required"] == true).map(|r| r["key"].as_str().unwrap().to_owned()).collect();
    // The desk scans the papers in and submits; the case opens at step 1.
    let submit = mutation("submitLksApplication", "SubmitLksApplicationInput");
    let (code, err) = refused(&app, &staf, &submit, json!({"i": {"id": new_id(), "applicationId": id}})).await;
    assert_eq!(code, "FAILED_PRECONDITION", "{err}");
    for key in &required {
        upload_requirement(&app, &staf, &id, key).await;
    }
    let sent = ok(&app, &staf, &submit, json!({"i": {"id": new_id(), "applicationId": id}})).await["submitLksApplication"].clone();
    assert_eq!((sent["status"].as_str(), sent["stage"]["key"].as_str()), (Some("IN_REVIEW"), Some("pengajuan")));
    // Another LKS sees nothing of it; the desk may not submit an LKS's own draft.
    let harapan = app.login("staf@lks-harapan").await.access;
    assert!(ok(&app, &harapan, "query($id: ID!) { lksApplication(id: $id) { id } }", json!({"id": id})).await["lksApplication"].is_null());
    let own = ok(&app, &harapan, &create, json!({"i": {"id": new_id(), "purpose": "Perpanjangan"}})).await["createLksApplication"]["id"].clone();
    let (code, _) = refused(&app, &staf, &submit, json!({"i": {"id": new_id(), "applicationId": own}})).await;
    assert_eq!(code, "NOT_FOUND", "an LKS's own draft is not the office's to see");
});
