//! Pelimpahan: a case and its client handed to another Dinas Sosial. The sending office's
//! closing roles ask, the receiving office's accept or decline in their inbox; on acceptance
//! the client with its papers becomes theirs, a case of the same SOP opens there, and the
//! sending office keeps a read-only record of what it did.
use serde_json::Value;

use super::{flow::*, returns::*, *};

const TRANSFER: &str = "mutation($i: TransferCaseInput!) { transferCase(input: $i) { id status reason toOffice { name } requestedRole } }";
const ANSWER: &str = "mutation($i: AnswerCaseTransferInput!) { answerCaseTransfer(input: $i) { id status answerNote answeredRole newCase { id status currentStepKey sop { code } client { name documents { kind } } transfers { status fromOffice { name } } } } }";
const TASKS: &str = "{ myTasks { kind mutation caseId caseTransfer { id clientName sopCode fromOffice { name } history { key status completedRole } } } }";

async fn office_id(app: &TestApp, region: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::office::Entity::find()
        .filter(entity::office::Column::RegionCode.eq(region))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

fn transfer(case: &str, to: &str, reason: &str) -> Value {
    json!({"i": {"id": new_id(), "caseId": case, "toOfficeId": to, "reason": reason}})
}

fn answer(transfer: &Value, accept: bool, note: Option<&str>) -> Value {
    json!({"i": {"id": new_id(), "transferId": transfer, "accept": accept, "note": note}})
}

async fn transfer_tasks(app: &TestApp, token: &str) -> Vec<Value> {
    ok(app, token, TASKS, json!({})).await["myTasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "CASE_TRANSFER_TO_ANSWER")
        .cloned()
        .collect()
}

/// A seed-003 case at Blitar for a man from Lamandau, past its first step: (case, client).
async fn wagimin_at_blitar(app: &TestApp) -> (String, String) {
    let staf = app.login("staf@blitar").await.access;
    let (client, _) = register(
        app,
        &staf,
        "name: \"Wagimin\", sex: MALE, estimatedAge: 50, originRegionCode: \"62.09\"",
    )
    .await;
    let case = report_and_case(app, &staf, &client, "PENGIRIMAN_ORANG_TERLANTAR").await;
    upload(app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    complete(
        app,
        &staf,
        &case,
        "laporan_masuk",
        json!({"note": "Diantar Polres"}),
    )
    .await;
    (case, client)
}

e2e!(fn a_case_is_transferred_to_the_office_of_the_clients_region(app) {
    let kasi = app.login("kasi@blitar").await.access;
    let kabid = app.login("kabid@blitar").await.access;
    let peksos = app.login("peksos@blitar").await.access;
    let l_kasi = app.login("kasi@lamandau").await.access;
    let l_kabid = app.login("kabid@lamandau").await.access;
    let l_peksos = app.login("peksos@lamandau").await.access;
    let (case, client) = wagimin_at_blitar(&app).await;
    let (blitar, lamandau) = (office_id(&app, "35.72").await, office_id(&app, "62.09").await);
    let reason = "Klien berasal dari Kabupaten Lamandau; keluarga di sana";

    // Bad asks are refused with the field to fix.
    let (code, _) = refused(&app, &peksos, TRANSFER, transfer(&case, &lamandau, reason)).await;
    assert_eq!(code, "FORBIDDEN", "a closing role asks");
    for (to, why, code, field) in [(blitar.clone(), reason, "BAD_USER_INPUT", Some("toOfficeId")), (new_id(), reason, "NOT_FOUND", Some("toOfficeId")),
        (office_id(&app, "62.01").await, reason, "FAILED_PRECONDITION", Some("toOfficeId")), (lamandau.clone(), " ", "BAD_USER_INPUT", Some("reason"))] {
        let (c, err) = refused(&app, &kasi, TRANSFER, transfer(&case, &to, why)).await;
        assert_eq!((c.as_str(), err["extensions"]["field"].as_str()), (code, field), "{err}");
    }
    let (code, _) = refused(&app, &l_kasi, TRANSFER, transfer(&case, &lamandau, reason)).await;
    assert_eq!(code, "NOT_FOUND", "another office's case");

    // Asked once (replay-safe); a second ask while one waits is a conflict.
    let input = transfer(&case, &lamandau, reason);
    let before = app.count("audit_event").await;
    let asked = ok(&app, &kasi, TRANSFER, input.clone()).await["transferCase"].clone();
    assert_eq!(app.count("audit_event").await, before + 1, "one case.transfer.request event");
    assert_eq!(ok(&app, &kasi, TRANSFER, input).await["transferCase"], asked);
    assert_eq!((asked["status"].as_str(), asked["requestedRole"].as_str(), &asked["toOffice"]["name"]), (Some("PENDING"), Some("KASI"), &json!("Dinas Sosial Kabupaten Lamandau")));
    let (code, _) = refused(&app, &kabid, TRANSFER, transfer(&case, &lamandau, reason)).await;
    assert_eq!(code, "CONFLICT");

    // Lamandau's heads see it in their inbox, with what Blitar did; its social worker does not.
    let tasks = transfer_tasks(&app, &l_kasi).await;
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    let t = &tasks[0]["caseTransfer"];
    assert_eq!((&tasks[0]["mutation"], &tasks[0]["caseId"], &t["id"], &t["clientName"], &t["sopCode"]),
        (&json!("answerCaseTransfer"), &Value::Null, &asked["id"], &json!("Wagimin"), &json!("PENGIRIMAN_ORANG_TERLANTAR")));
    assert_eq!(t["history"][0], json!({"key": "laporan_masuk", "status": "DONE", "completedRole": "STAF"}));
    assert!(transfer_tasks(&app, &l_peksos).await.is_empty());
    let body = app.gql(Some(&l_kasi), "query($id: ID!) { client(id: $id) { id } }", json!({"id": client})).await;
    assert!(body["data"]["client"].is_null(), "not theirs before they accept: {body}");

    // Declined (with a reason): the case goes on at Blitar.
    let (code, _) = refused(&app, &kasi, ANSWER, answer(&asked["id"], true, None)).await;
    assert_eq!(code, "NOT_FOUND", "the sender does not answer its own ask");
    let (code, _) = refused(&app, &l_peksos, ANSWER, answer(&asked["id"], true, None)).await;
    assert_eq!(code, "FORBIDDEN");
    let (code, err) = refused(&app, &l_kasi, ANSWER, answer(&asked["id"], false, None)).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("note")));
    let declined = ok(&app, &l_kasi, ANSWER, answer(&asked["id"], false, Some("Keluarga belum ditemukan; mohon asesmen dulu"))).await["answerCaseTransfer"].clone();
    assert_eq!((declined["status"].as_str(), &declined["newCase"]), (Some("DECLINED"), &Value::Null));
    let (code, _) = refused(&app, &l_kasi, ANSWER, answer(&asked["id"], true, None)).await;
    assert_eq!(code, "FAILED_PRECONDITION", "answered once");
    let view = ok(&app, &kasi, "query($id: ID!) { case(id: $id) { status transfers { status answerNote } client { name } } }", json!({"id": case})).await["case"].clone();
    assert_eq!(view, json!({"status": "OPEN", "transfers": [{"status": "DECLINED", "answerNote": "Keluarga belum ditemukan; mohon asesmen dulu"}], "client": {"name": "Wagimin"}}));

    // Asked again and accepted by the Kabid: one transaction moves the client and opens the case.
    let asked = ok(&app, &kabid, TRANSFER, transfer(&case, &lamandau, reason)).await["transferCase"].clone();
    let before = app.count("audit_event").await;
    let accepted = ok(&app, &l_kabid, ANSWER, answer(&asked["id"], true, Some("Diterima"))).await["answerCaseTransfer"].clone();
    assert_eq!(app.count("audit_event").await, before + 2, "case.transfer.accept, and the read of the client it answers with");
    assert_eq!((accepted["status"].as_str(), accepted["answeredRole"].as_str()), (Some("ACCEPTED"), Some("KABID")));
    let new_case = &accepted["newCase"];
    assert_eq!((&new_case["status"], &new_case["currentStepKey"], &new_case["sop"]["code"], &new_case["client"]["name"]),
        (&json!("OPEN"), &json!("laporan_masuk"), &json!("PENGIRIMAN_ORANG_TERLANTAR"), &json!("Wagimin")));
    assert_eq!(new_case["client"]["documents"], json!([{"kind": "SURAT_KETERANGAN_POLRES"}]), "the papers came with the client");
    assert_eq!(new_case["transfers"], json!([{"status": "ACCEPTED", "fromOffice": {"name": "Dinas Sosial Kota Blitar"}}]), "the new case knows where it came from");
    let report_id = ok(&app, &l_kasi, "query($id: ID!) { case(id: $id) { reportId } }", json!({"id": new_case["id"]})).await["case"]["reportId"].clone();
    let report = ok(&app, &l_kasi, "query($id: ID!) { report(id: $id) { reporterType reporterName } }", json!({"id": report_id})).await;
    assert_eq!(report["report"], json!({"reporterType": "OTHER_DINSOS", "reporterName": "Dinas Sosial Kota Blitar"}));
    assert!(transfer_tasks(&app, &l_kasi).await.is_empty());

    // Blitar keeps a read-only record: closed TRANSFERRED, the client no longer theirs.
    let view = ok(&app, &kasi, "query($id: ID!) { case(id: $id) { status outcome readOnly closeReason client { id } continuedIn { id } approvals { kind actorRole } transfers { status newCase { id } } } }", json!({"id": case})).await["case"].clone();
    assert_eq!((&view["status"], &view["outcome"], &view["readOnly"], &view["closeReason"], &view["client"], &view["continuedIn"]),
        (&json!("CLOSED"), &json!("TRANSFERRED"), &json!(true), &json!(reason), &Value::Null, &Value::Null));
    assert_eq!(view["approvals"].as_array().unwrap().last().unwrap(), &json!({"kind": "CLOSURE", "actorRole": "KABID"}));
    assert_eq!(view["transfers"][1], json!({"status": "ACCEPTED", "newCase": null}), "the new case is Lamandau's");
    let body = app.gql(Some(&kasi), "query($id: ID!) { client(id: $id) { id } }", json!({"id": client})).await;
    assert!(body["data"]["client"].is_null(), "{body}");
    let (code, _) = refused(&app, &kabid, "mutation($i: ReopenCaseInput!) { reopenCase(input: $i) { id } }",
        json!({"i": {"id": new_id(), "caseId": case, "reason": "Salah kirim"}})).await;
    assert_eq!(code, "FAILED_PRECONDITION", "the receiving office carries it on");
});

e2e!(fn closing_a_case_takes_back_its_transfer(app) {
    let kasi = app.login("kasi@blitar").await.access;
    let l_kasi = app.login("kasi@lamandau").await.access;
    let (case, _) = wagimin_at_blitar(&app).await;
    let asked = ok(&app, &kasi, TRANSFER, transfer(&case, &office_id(&app, "62.09").await, "Asal Lamandau")).await["transferCase"].clone();
    ok(&app, &kasi, "mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }",
        json!({"i": {"id": new_id(), "caseId": case, "outcome": "DECEASED", "reason": "Meninggal di RSUD Mardi Waluyo"}})).await;
    assert!(transfer_tasks(&app, &l_kasi).await.is_empty());
    let (code, _) = refused(&app, &l_kasi, ANSWER, answer(&asked["id"], true, None)).await;
    assert_eq!(code, "FAILED_PRECONDITION");
    let t = ok(&app, &l_kasi, "query($id: ID!) { caseTransfer(id: $id) { status case { id } } }", json!({"id": asked["id"]})).await["caseTransfer"].clone();
    assert_eq!(t, json!({"status": "CANCELLED", "case": null}));
});
