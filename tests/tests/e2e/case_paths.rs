//! The paths off the happy one: a case closed by a decision and reopened, a branch that
//! waits for its approver, a disposition that binds its receiver, identity statuses only
//! Dukcapil sets, and one inbox for every kind of user with steps that say what they need.
use chrono::SubsecRound;
use serde_json::Value;

use super::{flow::*, *};

const CLOSE: &str = "mutation($i: CloseCaseInput!) { closeCase(input: $i) { id status outcome readOnly closeReason closedBy { username } currentStepKey } }";
const REOPEN: &str = "mutation($i: ReopenCaseInput!) { reopenCase(input: $i) { id status outcome readOnly currentStepKey currentStep { key waitingFor } } }";
const TASKS: &str =
    "{ myTasks { kind caseId mutation referral { id } relayLeg { id } step { key } } }";

fn close_input(case: &str, outcome: &str, reason: &str) -> Value {
    json!({"i": {"id": new_id(), "caseId": case, "outcome": outcome, "reason": reason}})
}

async fn task_cases(app: &TestApp, token: &str) -> Vec<String> {
    ok(app, token, TASKS, json!({})).await["myTasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["caseId"].as_str().map(String::from))
        .collect()
}

e2e!(fn a_case_closed_by_a_decision_is_read_only_until_a_kabid_reopens_it(app) {
    let b = Blitar::login(&app).await;
    let kasi = app.login("kasi@blitar").await.access;
    let upt = app.login("staf@upt-werdha").await.access;
    let (_, case) = to_coordination(&app, &b).await;
    let referral = ok(&app, &b.peksos, REFER, json!({"i": {"id": new_id(), "caseId": case,
        "institutionId": institution_id(&app, "upt-werdha").await, "needsSummary": "Lansia, perlu perawatan"}})).await["referCase"]["id"].clone();
    assert!(ok(&app, &upt, TASKS, json!({})).await["myTasks"].as_array().unwrap().iter().any(|t| t["kind"] == "REFERRAL_TO_ANSWER" && t["referral"]["id"] == referral));

    // Who may close, and what they must say.
    let (code, err) = refused(&app, &b.peksos, CLOSE, close_input(&case, "NOT_FOUND", "Kabur")).await;
    assert_eq!((code.as_str(), err["extensions"]["requiredRoles"].as_str()), ("FORBIDDEN", Some("KASI, KABID, KADIS")));
    let (code, err) = refused(&app, &kasi, CLOSE, close_input(&case, "REFERRED", "Sudah dirujuk")).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("outcome")));
    let (code, err) = refused(&app, &kasi, CLOSE, close_input(&case, "NOT_FOUND", "  ")).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("reason")));
    let lamandau = app.login("kadis@lamandau").await.access;
    let (code, _) = refused(&app, &lamandau, CLOSE, close_input(&case, "NOT_FOUND", "x")).await;
    assert_eq!(code, "NOT_FOUND", "another office's case");

    // The Kasi closes it: the client ran away from the shelter. Replay-safe.
    let input = close_input(&case, "NOT_FOUND", "Klien meninggalkan shelter 3 Des malam; dicari Satpol PP, tidak ditemukan");
    let closed = ok(&app, &kasi, CLOSE, input.clone()).await["closeCase"].clone();
    assert_eq!(ok(&app, &kasi, CLOSE, input).await["closeCase"], closed, "the same call again answers the same");
    assert_eq!((closed["status"].as_str(), closed["outcome"].as_str(), closed["readOnly"].as_bool(), &closed["closedBy"]["username"], &closed["currentStepKey"]),
        (Some("CLOSED"), Some("NOT_FOUND"), Some(true), &json!("kasi@blitar"), &Value::Null));
    let view = ok(&app, &kasi, "query($id: ID!) { case(id: $id) { steps { key status note } approvals { kind actorRole note } referrals { status } } }", json!({"id": case})).await["case"].clone();
    let last = view["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["key"].as_str(), last["status"].as_str()), (Some("koordinasi_upt"), Some("CANCELLED")));
    let closure = view["approvals"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((closure["kind"].as_str(), closure["actorRole"].as_str()), (Some("CLOSURE"), Some("KASI")));
    assert_eq!(view["referrals"], json!([{"status": "WITHDRAWN"}]), "the UPT need not answer any more");
    assert!(!task_cases(&app, &b.peksos).await.contains(&case), "no longer anyone's task");
    assert!(ok(&app, &upt, TASKS, json!({})).await["myTasks"].as_array().unwrap().is_empty());
    // Read-only: no step, no second closing, no referral.
    for (token, query, vars) in [
        (&b.peksos, case_query("completeStep", "CompleteStepInput"), json!({"i": {"id": new_id(), "caseId": case, "stepKey": "koordinasi_upt"}})),
        (&kasi, CLOSE.to_owned(), close_input(&case, "OTHER", "lagi")),
        (&b.peksos, REFER.to_owned(), json!({"i": {"id": new_id(), "caseId": case, "institutionId": institution_id(&app, "upt-binalaras").await, "needsSummary": "x"}})),
    ] {
        let (code, err) = refused(&app, token, &query, vars).await;
        assert_eq!((code.as_str(), err["extensions"]["reason"].as_str()), ("FAILED_PRECONDITION", Some("CASE_CLOSED")), "{query}: {err}");
    }

    // Reopened by the Kabid with a reason: the cancelled step runs again.
    let reopen = |reason: &str| json!({"i": {"id": new_id(), "caseId": case, "reason": reason}});
    let (code, _) = refused(&app, &kasi, REOPEN, reopen("Ditemukan")).await;
    assert_eq!(code, "FORBIDDEN");
    let (code, err) = refused(&app, &b.kabid, REOPEN, reopen("")).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("reason")));
    let open = ok(&app, &b.kabid, REOPEN, reopen("Klien ditemukan kembali di terminal, dibawa ke shelter")).await["reopenCase"].clone();
    assert_eq!((open["status"].as_str(), open["readOnly"].as_bool(), open["currentStepKey"].as_str(), &open["currentStep"]["waitingFor"]),
        (Some("OPEN"), Some(false), Some("koordinasi_upt"), &json!(["PEKSOS"])));
    let (code, _) = refused(&app, &b.kabid, REOPEN, reopen("lagi")).await;
    assert_eq!(code, "FAILED_PRECONDITION", "an open case is not reopened");
    assert!(task_cases(&app, &b.peksos).await.contains(&case));
    let kinds: Vec<Value> = ok(&app, &kasi, "query($id: ID!) { case(id: $id) { approvals { kind } } }", json!({"id": case})).await["case"]["approvals"]
        .as_array().unwrap().iter().map(|a| a["kind"].clone()).collect();
    assert_eq!(kinds[kinds.len() - 2..], [json!("CLOSURE"), json!("REOPENING")], "the history keeps both");
    let audit = ok(&app, &app.login("admin@blitar").await.access, "{ auditEvents(first: 100) { edges { node { action entityId } } } }", json!({})).await;
    for action in ["case.close", "case.reopen"] {
        assert!(audit["auditEvents"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["action"] == action && e["node"]["entityId"] == json!(case)), "{action}");
    }

    // The office decides who closes: only the Kadis, then. A case that ended with its last
    // step is not reopened (a new case serves the client again).
    let admin = app.login("admin@blitar").await.access;
    let set = "mutation($r: [Role!]!) { setCaseClosingRoles(roles: $r) }";
    let (code, _) = refused(&app, &kasi, set, json!({"r": ["KASI"]})).await;
    assert_eq!(code, "FORBIDDEN");
    assert_eq!(ok(&app, &admin, set, json!({"r": ["KADIS"]})).await["setCaseClosingRoles"], json!(["KADIS"]));
    let (code, _) = refused(&app, &kasi, CLOSE, close_input(&case, "DECEASED", "Meninggal di RSUD Mardi Waluyo")).await;
    assert_eq!(code, "FORBIDDEN");
    let closed = ok(&app, &b.kadis, CLOSE, close_input(&case, "DECEASED", "Meninggal di RSUD Mardi Waluyo 5 Des")).await["closeCase"].clone();
    assert_eq!(closed["outcome"], "DECEASED");
    assert_eq!(ok(&app, &admin, set, json!({"r": []})).await["setCaseClosingRoles"], json!(["KASI", "KABID", "KADIS"]));
});

e2e!(fn eligible_waits_for_the_kabid_who_approves_or_sends_it_back(app) {
    let b = Blitar::login(&app).await;
    let (client, case) = open_case(&app, &b).await;
    complete(&app, &b.staf, &case, "terima_permohonan", json!({})).await;
    assess(&app, &b.peksos, &client, "ELIGIBLE").await;
    // The step says what it takes before anyone tries.
    let needs = "query($id: ID!) { case(id: $id) { currentStep { actions { kind mutation allowed refusedBecause } requirements { ready documents { kind held }
        checks { check met } branches { name approvedBy ready documents { kind held } checks { check met message } } } } } }";
    let step = ok(&app, &b.peksos, needs, json!({"id": case})).await["case"]["currentStep"].clone();
    assert_eq!(step["actions"][0], json!({"kind": "COMPLETE", "mutation": "completeStep", "allowed": true, "refusedBecause": null}));
    let layak = step["requirements"]["branches"][0].clone();
    assert_eq!((layak["name"].as_str(), &layak["approvedBy"], layak["ready"].as_bool()), (Some("layak"), &json!(["KABID"]), Some(false)));
    assert_eq!(layak["documents"], json!([{"kind": "SURAT_KETERANGAN_LURAH", "held": false}, {"kind": "SURAT_KETERANGAN_DOKTER", "held": false}]));
    assert_eq!(layak["checks"][0]["met"], true, "the assessment says eligible");
    assert_eq!(step["requirements"]["branches"][1]["checks"][0]["met"], false, "not eligible does not hold");
    let kadis_view = ok(&app, &b.kadis, needs, json!({"id": case})).await["case"]["currentStep"]["actions"][0].clone();
    assert_eq!(kadis_view["allowed"], false);
    assert!(kadis_view["refusedBecause"].as_str().unwrap().contains("STAF, PEKSOS"), "{kadis_view}");
    upload(&app, &b.peksos, "SURAT_KETERANGAN_LURAH", &client).await;
    upload(&app, &b.peksos, "SURAT_KETERANGAN_DOKTER", &client).await;
    let ready = ok(&app, &b.peksos, needs, json!({"id": case})).await["case"]["currentStep"]["requirements"].clone();
    assert_eq!((ready["ready"].as_bool(), ready["branches"][0]["ready"].as_bool()), (Some(true), Some(true)));

    // The worker proposes; the step now waits for the Kabid, and is in the Kabid's tasks.
    let c = complete(&app, &b.peksos, &case, "cek_dan_asesmen", json!({"branch": "layak", "note": "Layak, UPT Werdha"})).await;
    assert_eq!((c["currentStepKey"].as_str(), &c["currentStep"]["waitingFor"]), (Some("cek_dan_asesmen"), &json!(["KABID"])));
    assert!(!task_cases(&app, &b.peksos).await.contains(&case));
    assert!(task_cases(&app, &b.kabid).await.contains(&case));
    let actions: Vec<Value> = ok(&app, &b.kabid, needs, json!({"id": case})).await["case"]["currentStep"]["actions"].as_array().unwrap().iter().map(|a| a["kind"].clone()).collect();
    assert_eq!(actions, [json!("APPROVE_BRANCH"), json!("SEND_BACK"), json!("PAUSE_CLOCK")]);
    // The Kabid sends it back; the worker proposes again; the Kabid approves.
    let back = ok(&app, &b.kabid, &case_query("sendBack", "SendBackInput"), json!({"i": {"id": new_id(), "caseId": case, "stepKey": "cek_dan_asesmen", "reason": "Lengkapi hasil asesmen keluarga"}})).await["sendBack"].clone();
    assert_eq!((back["currentStepKey"].as_str(), &back["currentStep"]["waitingFor"]), (Some("cek_dan_asesmen"), &json!(["STAF", "PEKSOS"])));
    complete(&app, &b.peksos, &case, "cek_dan_asesmen", json!({"branch": "layak"})).await;
    let (code, _) = refused(&app, &b.peksos, &case_query("completeStep", "CompleteStepInput"), json!({"i": {"id": new_id(), "caseId": case, "stepKey": "cek_dan_asesmen", "branch": "layak"}})).await;
    assert_eq!(code, "FORBIDDEN", "the proposer cannot approve it");
    let c = approve_layak(&app, &b, &case).await;
    assert_eq!(c["currentStepKey"], "koordinasi_upt");
    let ledger = ok(&app, &b.kabid, "query($id: ID!) { case(id: $id) { approvals { kind actorRole } steps { key status branch proposedBy { username } completedBy { username } } } }", json!({"id": case})).await["case"].clone();
    assert_eq!(ledger["approvals"], json!([{"kind": "SENT_BACK", "actorRole": "KABID"}, {"kind": "APPROVAL", "actorRole": "KABID"}]));
    let step2 = ledger["steps"].as_array().unwrap().iter().rfind(|s| s["key"] == "cek_dan_asesmen").unwrap().clone();
    assert_eq!(step2, json!({"key": "cek_dan_asesmen", "status": "DONE", "branch": "layak", "proposedBy": {"username": "peksos@blitar"}, "completedBy": {"username": "kabid@blitar"}}));
});

e2e!(fn a_disposition_binds_the_next_step_to_the_named_worker_and_peksos_may_do_it(app) {
    let staf = app.login("staf@blitar").await.access;
    let kabid = app.login("kabid@blitar").await.access;
    let peksos = app.login("peksos@blitar").await.access;
    let analis = app.login("analis@blitar").await.access;
    let client = ok(&app, &staf, "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Darmo\", sex: MALE, estimatedAge: 45, originRegionCode: \"35.78\", location: STREET, categories: [ORANG_TERLANTAR]}) { client { id } } }",
        json!({"id": new_id()})).await["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    let report = ok(&app, &staf, "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: POLICE, channel: WRITTEN, summary: \"Terlantar di terminal\"}) { id } }",
        json!({"id": new_id(), "c": client})).await["recordReport"]["id"].clone();
    let case = ok(&app, &staf, &case_query("openCase", "OpenCaseInput"),
        json!({"i": {"id": new_id(), "sopCode": "PENGIRIMAN_ORANG_TERLANTAR", "clientId": client, "reportId": report}})).await["openCase"]["id"].as_str().unwrap().to_owned();
    upload(&app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    complete(&app, &staf, &case, "laporan_masuk", json!({})).await;
    complete(&app, &staf, &case, "lapor_koordinasi", json!({})).await;
    // Step 3 is a disposition: completing it plainly is refused, naming the way.
    let (code, err) = refused(&app, &kabid, &case_query("completeStep", "CompleteStepInput"), json!({"i": {"id": new_id(), "caseId": case, "stepKey": "disposisi"}})).await;
    assert_eq!(code, "FAILED_PRECONDITION");
    assert!(err["message"].as_str().unwrap().contains("disposeCase"), "{err}");
    let c = dispose_to(&app, &kabid, &case, "peksos@blitar").await;
    assert_eq!(c["currentStepKey"], "identifikasi_asesmen");
    // Step 4 waits for the social worker named, not for every analyst or companion.
    assert!(task_cases(&app, &peksos).await.contains(&case));
    assert!(!task_cases(&app, &analis).await.contains(&case));
    let (code, err) = refused(&app, &analis, &case_query("completeStep", "CompleteStepInput"), json!({"i": {"id": new_id(), "caseId": case, "stepKey": "identifikasi_asesmen"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["reason"].as_str()), ("FORBIDDEN", Some("DISPOSED_TO_OTHER")));
    let v = ok(&app, &peksos, "query($id: ID!) { case(id: $id) { currentStep { assignee { username } } } }", json!({"id": case})).await;
    assert_eq!(v["case"]["currentStep"]["assignee"]["username"], "peksos@blitar");
    let c = complete(&app, &peksos, &case, "identifikasi_asesmen", json!({})).await;
    assert_eq!(c["currentStepKey"], "koordinasi_daerah_asal", "the Pekerja Sosial column includes PEKSOS");
});

e2e!(fn identity_statuses_that_only_dukcapil_sets_are_refused_when_typed(app) {
    let staf = app.login("staf@blitar").await.access;
    let (code, err) = refused(&app, &staf, "mutation($id: ID!) { registerClient(input: {id: $id, location: STREET, categories: [ORANG_TERLANTAR], identityStatus: NOT_REGISTERED}) { client { id } } }",
        json!({"id": new_id()})).await;
    assert_eq!((code.as_str(), err["extensions"]["reason"].as_str(), err["extensions"]["field"].as_str()), ("FAILED_PRECONDITION", Some("IDENTITY_BY_DUKCAPIL"), Some("identityStatus")));
    let id = ok(&app, &staf, "mutation($id: ID!) { registerClient(input: {id: $id, location: STREET, categories: [ORANG_TERLANTAR]}) { client { id } } }",
        json!({"id": new_id()})).await["registerClient"]["client"]["id"].clone();
    let update = "mutation($i: UpdateClientInput!) { updateClient(input: $i) { version identityStatus } }";
    let (code, err) = refused(&app, &staf, update, json!({"i": {"id": id, "expectedVersion": 1, "mutationId": new_id(), "identityStatus": "ASKED_DUKCAPIL"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["reason"].as_str()), ("FAILED_PRECONDITION", Some("IDENTITY_BY_DUKCAPIL")));
    let (code, _) = refused(&app, &staf, update, json!({"i": {"id": id, "expectedVersion": 1, "mutationId": new_id(), "identityStatus": "NOT_REGISTERED"}})).await;
    assert_eq!(code, "BAD_USER_INPUT", "no jump from unknown to not registered either");
    // Nothing was written: the record is still at version 1 and unknown.
    let c = ok(&app, &staf, "query($id: ID!) { client(id: $id) { version identityStatus } }", json!({"id": id})).await;
    assert_eq!(c["client"], json!({"version": 1, "identityStatus": "UNKNOWN"}));
    // The family names him: KNOWN is the worker's to set.
    let known = ok(&app, &staf, update, json!({"i": {"id": id, "expectedVersion": 1, "mutationId": new_id(), "identityStatus": "KNOWN", "name": "Slamet"}})).await;
    assert_eq!(known["updateClient"], json!({"version": 2, "identityStatus": "KNOWN"}));
});

e2e!(fn every_kind_of_user_gets_an_inbox(app) {
    let b = Blitar::login(&app).await;
    let werdha = app.login("staf@upt-werdha").await.access;
    let lks = app.login("staf@lks-harapan").await.access;
    let admin = app.login("admin@blitar").await.access;
    // Before anything: empty lists for partners and the admin, not an error.
    for token in [&werdha, &lks, &admin] {
        assert_eq!(ok(&app, token, TASKS, json!({})).await["myTasks"], json!([]));
    }
    let (_, case) = to_coordination(&app, &b).await;
    let peksos_task = ok(&app, &b.peksos, TASKS, json!({})).await["myTasks"][0].clone();
    assert_eq!((peksos_task["kind"].as_str(), peksos_task["mutation"].as_str(), &peksos_task["step"]["key"]), (Some("CASE_STEP"), Some("referCase"), &json!("koordinasi_upt")));
    let referral = ok(&app, &b.peksos, REFER, json!({"i": {"id": new_id(), "caseId": case,
        "institutionId": institution_id(&app, "upt-werdha").await, "needsSummary": "Lansia"}})).await["referCase"]["id"].clone();
    let t = ok(&app, &werdha, TASKS, json!({})).await["myTasks"].clone();
    assert_eq!(t, json!([{"kind": "REFERRAL_TO_ANSWER", "caseId": null, "mutation": "answerReferral", "referral": {"id": referral}, "relayLeg": null, "step": null}]));
    ok(&app, &werdha, ANSWER, json!({"i": {"id": new_id(), "referralId": referral, "accept": true}})).await;
    let t = ok(&app, &werdha, TASKS, json!({})).await["myTasks"][0].clone();
    assert_eq!((t["kind"].as_str(), t["mutation"].as_str()), (Some("ADMISSION_TO_CONFIRM"), Some("confirmAdmission")));
    // Another UPT sees nothing of it.
    assert_eq!(ok(&app, &app.login("staf@upt-binalaras").await.access, TASKS, json!({})).await["myTasks"], json!([]));
});

const ANSWER_ON_BEHALF: &str = "mutation($i: AnswerReferralInput!) { answerReferral(input: $i) { id status declineReason answerOnBehalf { contactName contactPosition channel letterDocumentId } } }";

e2e!(fn when_no_upt_takes_the_client_the_office_withdraws_records_for_the_upt_and_waits_in_the_shelter(app) {
    let b = Blitar::login(&app).await;
    let (client, case) = to_coordination(&app, &b).await;
    // Binalaras has no answer after the step's time: withdrawn, with the reason.
    let refer = |slug: &'static str| { let app = app.clone(); let case = case.clone(); let peksos = b.peksos.clone(); async move {
        ok(&app, &peksos, REFER, json!({"i": {"id": new_id(), "caseId": case, "institutionId": institution_id(&app, slug).await, "needsSummary": "Lansia"}})).await["referCase"]["id"].clone()
    } };
    let silent = refer("upt-binalaras").await;
    let withdraw = "mutation($i: WithdrawReferralInput!) { withdrawReferral(input: $i) { status withdrawReason } }";
    let (code, _) = refused(&app, &b.peksos, withdraw, json!({"i": {"id": new_id(), "referralId": silent, "reason": " "}})).await;
    assert_eq!(code, "BAD_USER_INPUT");
    let (code, _) = refused(&app, &app.login("peksos@lamandau").await.access, withdraw, json!({"i": {"id": new_id(), "referralId": silent, "reason": "x"}})).await;
    assert_eq!(code, "NOT_FOUND", "another office's referral");
    let w = ok(&app, &b.peksos, withdraw, json!({"i": {"id": new_id(), "referralId": silent, "reason": "Tidak ada jawaban dalam 6½ hari"}})).await["withdrawReferral"].clone();
    assert_eq!(w, json!({"status": "WITHDRAWN", "withdrawReason": "Tidak ada jawaban dalam 6½ hari"}));
    // Werdha has no account in practice: it declines by phone; the office records it for
    // the UPT, with whom and when. Without that evidence it is refused.
    let werdha = refer("upt-werdha").await;
    let (code, err) = refused(&app, &b.peksos, ANSWER_ON_BEHALF, json!({"i": {"id": new_id(), "referralId": werdha, "accept": false, "reason": "Penuh"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("onBehalf")));
    let by_phone = json!({"contactName": "Ibu Sri Wahyuni", "contactPosition": "Kasubag TU UPT", "channel": "PHONE", "contactedAt": chrono::Utc::now().to_rfc3339()});
    let (code, err) = refused(&app, &b.peksos, ANSWER_ON_BEHALF, json!({"i": {"id": new_id(), "referralId": werdha, "accept": false, "reason": "Penuh",
        "onBehalf": {"contactName": "Ibu Sri", "contactPosition": "Kasubag TU", "channel": "LETTER", "contactedAt": chrono::Utc::now().to_rfc3339()}}})).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("onBehalf.letterDocumentId")), "by letter needs the letter");
    let declined = ok(&app, &b.peksos, ANSWER_ON_BEHALF, json!({"i": {"id": new_id(), "referralId": werdha, "accept": false, "reason": "Kapasitas penuh sampai Januari", "onBehalf": by_phone}})).await["answerReferral"].clone();
    assert_eq!((declined["status"].as_str(), &declined["answerOnBehalf"]["contactName"], &declined["answerOnBehalf"]["channel"]), (Some("DECLINED"), &json!("Ibu Sri Wahyuni"), &json!("PHONE")));
    // Nor may a UPT answer another's referral, or the office record one of another office.
    let (code, _) = refused(&app, &app.login("peksos@lamandau").await.access, ANSWER_ON_BEHALF, json!({"i": {"id": new_id(), "referralId": werdha, "accept": true, "onBehalf": by_phone}})).await;
    assert_eq!(code, "NOT_FOUND");

    // Every UPT declined: the client stays in the shelter until a review date.
    let step = "mutation($i: CompleteStepInput!) { completeStep(input: $i) { currentStepKey currentStep { key dueAt waitingFor actions { kind } } } }";
    let stay = |extra: Value| { let mut i = json!({"id": new_id(), "caseId": case, "stepKey": "koordinasi_upt", "branch": "tetap_di_shelter"});
        i.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone()); json!({"i": i}) };
    let (code, err) = refused(&app, &b.peksos, step, stay(json!({"note": "Semua UPT penuh"}))).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("reviewAt")));
    let (code, err) = refused(&app, &b.peksos, step, stay(json!({"reviewAt": (chrono::Utc::now() + chrono::Duration::days(14)).to_rfc3339()}))).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("note")));
    // Completing the step plainly still means "a UPT accepted", which none did.
    let (code, err) = refused(&app, &b.peksos, step, json!({"i": {"id": new_id(), "caseId": case, "stepKey": "koordinasi_upt"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["missingCheck"].as_str()), ("FAILED_PRECONDITION", Some("REFERRAL_ACCEPTED")));
    let review = (chrono::Utc::now() + chrono::Duration::days(14)).trunc_subsecs(3);
    let waiting = ok(&app, &b.peksos, step, stay(json!({"note": "Semua UPT penuh; ditinjau dua minggu lagi", "reviewAt": review.to_rfc3339()}))).await["completeStep"].clone();
    assert_eq!(waiting["currentStepKey"], "menunggu_di_shelter");
    assert_eq!(waiting["currentStep"]["dueAt"].as_str().unwrap().parse::<chrono::DateTime<chrono::Utc>>().unwrap(), review, "the review date is its due time");
    assert_eq!(waiting["currentStep"]["actions"], json!([{"kind": "COMPLETE"}, {"kind": "PAUSE_CLOCK"}]));
    let c = ok(&app, &b.peksos, "query($id: ID!) { client(id: $id) { location } }", json!({"id": client})).await;
    assert_eq!(c["client"]["location"], "SHELTER");
    // At the review a place opened: coordinate again, and this time Werdha accepts on paper.
    let back = ok(&app, &b.peksos, step, json!({"i": {"id": new_id(), "caseId": case, "stepKey": "menunggu_di_shelter", "branch": "coba_upt_lain", "note": "UPT Werdha ada tempat"}})).await["completeStep"].clone();
    assert_eq!(back["currentStepKey"], "koordinasi_upt");
    let again = refer("upt-werdha").await;
    let letter = upload(&app, &b.peksos, "OTHER", &client).await;
    let accepted = ok(&app, &b.peksos, ANSWER_ON_BEHALF, json!({"i": {"id": new_id(), "referralId": again, "accept": true,
        "onBehalf": {"contactName": "Drs. Bambang", "contactPosition": "Kepala UPT", "channel": "LETTER", "contactedAt": chrono::Utc::now().to_rfc3339(), "letterDocumentId": letter}}})).await["answerReferral"].clone();
    assert_eq!((accepted["status"].as_str(), &accepted["answerOnBehalf"]["letterDocumentId"]), (Some("ACCEPTED"), &json!(letter)));
    let admit = "mutation($i: ConfirmAdmissionInput!) { confirmAdmission(input: $i) { status admissionOnBehalf { contactName } } }";
    let admitted = ok(&app, &b.peksos, admit, json!({"i": {"id": new_id(), "referralId": again, "onBehalf": by_phone}})).await["confirmAdmission"].clone();
    assert_eq!(admitted, json!({"status": "ADMITTED", "admissionOnBehalf": {"contactName": "Ibu Sri Wahyuni"}}));
    let c = complete(&app, &b.peksos, &case, "koordinasi_upt", json!({})).await;
    assert_eq!(c["currentStepKey"], "paraf_dan_koreksi", "the default branch: a UPT accepted");
    let audit = ok(&app, &app.login("admin@blitar").await.access, "{ auditEvents(first: 100) { edges { node { action details } } } }", json!({})).await;
    assert!(audit["auditEvents"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["action"] == "referral.answer" && e["node"]["details"]["onBehalf"] == true));
});

e2e!(fn a_family_not_found_leads_back_to_assessment_referral_or_the_shelter(app) {
    let b = Blitar::login(&app).await;
    let (client, case) = open_case(&app, &b).await;
    complete(&app, &b.staf, &case, "terima_permohonan", json!({})).await;
    assess(&app, &b.peksos, &client, "NOT_ELIGIBLE").await;
    let c = complete(&app, &b.peksos, &case, "cek_dan_asesmen", json!({"branch": "tidak_layak"})).await;
    assert_eq!(c["currentStepKey"], "reunifikasi_keluarga");
    let actions = ok(&app, &b.peksos, "query($id: ID!) { case(id: $id) { currentStep { actions { kind mutation } requirements { branches { name } } } } }", json!({"id": case})).await;
    assert_eq!(actions["case"]["currentStep"]["actions"][0], json!({"kind": "RECORD_REUNIFICATION", "mutation": "recordReunification"}));
    let branches: Vec<&str> = actions["case"]["currentStep"]["requirements"]["branches"].as_array().unwrap().iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(branches, ["asesmen_ulang", "rujuk_upt", "tetap_di_shelter"]);
    // A way out needs its reason; without a branch it is still the reunification record.
    let q = case_query("completeStep", "CompleteStepInput");
    let (code, err) = refused(&app, &b.peksos, &q, json!({"i": {"id": new_id(), "caseId": case, "stepKey": "reunifikasi_keluarga", "branch": "rujuk_upt"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("note")));
    let (code, err) = refused(&app, &b.peksos, &q, json!({"i": {"id": new_id(), "caseId": case, "stepKey": "reunifikasi_keluarga"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["mutation"].as_str()), ("FAILED_PRECONDITION", Some("recordReunification")), "{err}");
    assert_eq!(err["extensions"]["branches"], json!(["asesmen_ulang", "rujuk_upt", "tetap_di_shelter"]));
    let c = complete(&app, &b.peksos, &case, "reunifikasi_keluarga", json!({"branch": "asesmen_ulang", "note": "Alamat keluarga di KTP sudah kosong; keluarga pindah tanpa jejak"})).await;
    assert_eq!((c["status"].as_str(), c["currentStepKey"].as_str()), (Some("OPEN"), Some("cek_dan_asesmen")));
    let steps = ok(&app, &b.peksos, "query($id: ID!) { case(id: $id) { steps { key status branch note } } }", json!({"id": case})).await["case"]["steps"].clone();
    let out = steps.as_array().unwrap().iter().find(|s| s["key"] == "reunifikasi_keluarga").unwrap();
    assert_eq!((out["status"].as_str(), out["branch"].as_str()), (Some("DONE"), Some("asesmen_ulang")), "recorded as a branch");
});

e2e!(fn the_case_has_its_own_due_time_and_an_overdue_step_goes_up_one_level(app) {
    let b = Blitar::login(&app).await;
    let kasi = app.login("kasi@blitar").await.access;
    let (_, case) = open_case(&app, &b).await;
    let v = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { standardTime dueAt overdue steps { startedAt } } }", json!({"id": case})).await["case"].clone();
    let at = |v: &Value| v.as_str().unwrap().parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    assert_eq!((v["standardTime"].as_str(), v["overdue"].as_bool()), (Some("7 hari"), Some(false)));
    assert_eq!(at(&v["dueAt"]) - at(&v["steps"][0]["startedAt"]), chrono::Duration::days(7), "seed 000 counts 24-hour days");
    // Paused, the case's clock stands still too.
    let paused = ok(&app, &b.staf, "mutation($i: ClockInput!) { pauseClock(input: $i) { dueAt } }", json!({"i": {"id": new_id(), "caseId": case, "reason": "Menunggu surat kelurahan"}})).await;
    assert_eq!(paused["pauseClock"]["dueAt"], Value::Null);
    ok(&app, &b.staf, "mutation($i: ClockInput!) { resumeClock(input: $i) { id } }", json!({"i": {"id": new_id(), "caseId": case}})).await;
    // Not overdue: only the desk sees the step. Overdue: the Kasi too, marked escalated.
    let kasi_tasks = |app: std::sync::Arc<TestApp>, kasi: String| async move {
        ok(&app, &kasi, "{ myTasks { caseId escalated } }", json!({})).await["myTasks"].clone()
    };
    assert_eq!(kasi_tasks(app.clone(), kasi.clone()).await, json!([]));
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        entity::case_step::Entity::update_many()
            .col_expr(entity::case_step::Column::DueAt, Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)))
            .filter(entity::case_step::Column::CaseId.eq(uuid::Uuid::parse_str(&case).unwrap()))
            .exec(&app.state.db).await.unwrap();
    }
    assert_eq!(kasi_tasks(app.clone(), kasi.clone()).await, json!([{"caseId": case, "escalated": true}]));
    assert_eq!(ok(&app, &b.kabid, "{ myTasks { caseId } }", json!({})).await["myTasks"], json!([]), "one level up, not two");
    assert_eq!(ok(&app, &b.staf, "{ myTasks { caseId escalated overdue } }", json!({})).await["myTasks"], json!([{"caseId": case, "escalated": false, "overdue": true}]));
});

/// A seed-003 case of Blitar at step 5 (coordination with the region of origin), for a
/// client registered with `fields`.
async fn at_origin_coordination(app: &TestApp, fields: &str) -> (String, String) {
    let staf = app.login("staf@blitar").await.access;
    let kabid = app.login("kabid@blitar").await.access;
    let peksos = app.login("peksos@blitar").await.access;
    let client = ok(app, &staf, &format!("mutation($id: ID!) {{ registerClient(input: {{id: $id, {fields}, sex: MALE, estimatedAge: 50, location: STREET, categories: [ORANG_TERLANTAR]}}) {{ client {{ id }} }} }}"),
        json!({"id": new_id()})).await["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    let report = ok(app, &staf, "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: POLICE, channel: WRITTEN, summary: \"Terlantar di alun-alun\"}) { id } }",
        json!({"id": new_id(), "c": client})).await["recordReport"]["id"].clone();
    let case = ok(app, &staf, &case_query("openCase", "OpenCaseInput"),
        json!({"i": {"id": new_id(), "sopCode": "PENGIRIMAN_ORANG_TERLANTAR", "clientId": client, "reportId": report}})).await["openCase"]["id"].as_str().unwrap().to_owned();
    upload(app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    complete(app, &staf, &case, "laporan_masuk", json!({})).await;
    complete(app, &staf, &case, "lapor_koordinasi", json!({})).await;
    dispose_to(app, &kabid, &case, "peksos@blitar").await;
    complete(app, &peksos, &case, "identifikasi_asesmen", json!({})).await;
    (client, case)
}

e2e!(fn a_client_with_no_origin_is_referred_in_a_linked_case_and_one_from_here_is_handed_over_without_a_journey(app) {
    let peksos = app.login("peksos@blitar").await.access;
    // No origin known: not sent, and not handed over here either; referred instead.
    let (client, case) = at_origin_coordination(&app, "name: \"Paijo\"").await;
    let q = case_query("completeStep", "CompleteStepInput");
    for branch in ["dikirim", "diantar_langsung"] {
        let (code, _) = refused(&app, &peksos, &q, json!({"i": {"id": new_id(), "caseId": case, "stepKey": "koordinasi_daerah_asal", "branch": branch}})).await;
        assert_eq!(code, "FAILED_PRECONDITION", "{branch}");
    }
    let c = complete(&app, &peksos, &case, "koordinasi_daerah_asal", json!({"branch": "rujuk_panti", "note": "Tidak ingat asal; perlu panti"})).await;
    assert_eq!((c["status"].as_str(), c["outcome"].as_str()), (Some("CLOSED"), Some("CONTINUED")));
    let linked = ok(&app, &peksos, "query($id: ID!) { case(id: $id) { continuedIn { id sop { code } currentStepKey reportId client { id } continuedFrom { id } } reportId } }", json!({"id": case})).await["case"].clone();
    let next = &linked["continuedIn"];
    assert_eq!((next["sop"]["code"].as_str(), next["currentStepKey"].as_str()), (Some("RUJUKAN_PPKS"), Some("terima_permohonan")));
    assert_eq!((&next["client"]["id"], &next["reportId"], &next["continuedFrom"]["id"]), (&json!(client), &linked["reportId"], &json!(case)));
    assert!(task_cases(&app, &app.login("staf@blitar").await.access).await.contains(&next["id"].as_str().unwrap().to_owned()), "the referral waits at the desk");

    // From Kota Blitar itself: handed over to the family here, no journey.
    let (client, case) = at_origin_coordination(&app, "name: \"Suparmi\", originRegionCode: \"35.72.01\"").await;
    let c = complete(&app, &peksos, &case, "koordinasi_daerah_asal", json!({"branch": "diantar_langsung"})).await;
    assert_eq!(c["currentStepKey"], "serah_terima_di_wilayah");
    let proof = upload(&app, &peksos, "HANDOVER_RECORD", &client).await;
    let done = ok(&app, &peksos, "mutation($i: ReunificationInput!) { recordReunification(input: $i) { id } }",
        json!({"i": {"id": new_id(), "caseId": case, "family": {"name": "Sukarni", "relation": "adik", "phone": "081234500001"}, "mode": "HANDED_OVER", "proofDocumentId": proof}})).await;
    assert!(done["recordReunification"]["id"].is_string());
    let v = ok(&app, &peksos, "query($id: ID!) { case(id: $id) { status outcome escortedReturn { id } } }", json!({"id": case})).await["case"].clone();
    assert_eq!(v, json!({"status": "CLOSED", "outcome": "REUNIFIED", "escortedReturn": null}));
});
