//! Seed 000 (Pelayanan Rujukan bagi PPKS terlantar, Kota Blitar) end to end over HTTP, one
//! demo user per role, both branches; the refusals name what is missing; a declined referral
//! goes elsewhere; the partner UPT sees only its limited view; events reach subscribers.
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};

use super::{flow::*, *};

/// A graphql-transport-ws subscription on `app`, already acknowledged and subscribed.
pub async fn subscribe(
    addr: std::net::SocketAddr,
    token: &str,
    query: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let mut req = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    ws.send(Message::text(
        json!({"type": "connection_init", "payload": {"accessToken": token}}).to_string(),
    ))
    .await
    .unwrap();
    assert!(
        ws.next()
            .await
            .unwrap()
            .unwrap()
            .to_text()
            .unwrap()
            .contains("connection_ack")
    );
    ws.send(Message::text(
        json!({"id": "1", "type": "subscribe", "payload": {"query": query}}).to_string(),
    ))
    .await
    .unwrap();
    // Let the server register the subscription before anything happens.
    tokio::time::sleep(Duration::from_millis(300)).await;
    ws
}

/// The next `caseEvents` payload on the socket.
pub async fn next_event(
    ws: &mut tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
) -> Value {
    let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
        .await
        .expect("event in time")
        .unwrap()
        .unwrap();
    let msg: Value = serde_json::from_str(msg.to_text().unwrap()).unwrap();
    msg["payload"]["data"]["caseEvents"].clone()
}

fn at(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

const CASE_VIEW: &str = "query($id: ID!) { case(id: $id) { status outcome currentStepKey client { location }
    steps { key status branch completedRole completedBy { username } standardTime standardMinutes takenMinutes startedAt dueAt documents { kind } }
    approvals { kind actorRole actor { username } note }
    referrals { status declineReason institution { slug } }
    letter { number numberedManually signerRole signedBy { username } agendaNumber expeditionNumber recipient addressee } } }";

e2e!(fn seed_000_eligible_client_is_referred_to_a_upt(app) {
    let b = Blitar::login(&app).await;
    let werdha_staf = app.login("staf@upt-werdha").await.access;
    let binalaras_staf = app.login("staf@upt-binalaras").await.access;

    // 1. Staf receives the written report from the kelurahan and opens the case.
    let (client, case) = open_case(&app, &b).await;
    let view = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { sop { number } currentStep { key waitingFor startedAt dueAt standardTime } } }", json!({"id": case})).await;
    let step = &view["case"]["currentStep"];
    assert_eq!(view["case"]["sop"]["number"], "006/410.105/SOP/2024");
    assert_eq!(step["key"], "terima_permohonan");
    assert_eq!(step["waitingFor"], json!(["STAF"]));
    assert_eq!(step["standardTime"], "10 menit");
    assert_eq!(at(&step["dueAt"]) - at(&step["startedAt"]), chrono::Duration::minutes(10));
    // The social worker cannot do the desk's step; nobody can sign yet.
    let (code, err) = refused(&app, &b.peksos, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "terima_permohonan"}})).await;
    assert_eq!(code, "FORBIDDEN");
    assert_eq!(err["extensions"]["requiredRoles"], "STAF", "{err}");
    let (code, err) = refused(&app, &b.kadis, &case_query("signStep", "ApproveInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "tanda_tangan"}})).await;
    assert_eq!(code, "FAILED_PRECONDITION");
    assert_eq!(err["extensions"]["currentStep"], "terima_permohonan", "{err}");
    assert!(err["message"].as_str().unwrap().contains("terima_permohonan") || err["message"].as_str().unwrap().contains("1 ("), "{err}");
    // Completing is replay-safe: the same mutation id twice moves the case once.
    let input = json!({"i": {"id": new_id(), "caseId": case, "stepKey": "terima_permohonan", "note": "Surat dari Kelurahan Sukorejo"}});
    let first = ok(&app, &b.staf, &case_query("completeStep", "CompleteStepInput"), input.clone()).await;
    let again = ok(&app, &b.staf, &case_query("completeStep", "CompleteStepInput"), input).await;
    assert_eq!(first["completeStep"]["currentStepKey"], "cek_dan_asesmen");
    assert_eq!(again["completeStep"]["currentStepKey"], "cek_dan_asesmen");

    // 2. Check the papers, assess: eligible and approved -> refer, with the Keterkaitan papers.
    assess(&app, &b.peksos, &client, "ELIGIBLE").await;
    let (code, err) = refused(&app, &b.peksos, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "cek_dan_asesmen"}})).await;
    assert_eq!(code, "BAD_USER_INPUT");
    assert_eq!(err["extensions"]["branches"], json!(["layak", "tidak_layak"]));
    let (code, err) = refused(&app, &b.peksos, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "cek_dan_asesmen", "branch": "layak"}})).await;
    assert_eq!(code, "FAILED_PRECONDITION");
    assert_eq!(err["extensions"]["missingDocuments"], json!(["SURAT_KETERANGAN_LURAH", "SURAT_KETERANGAN_DOKTER"]), "{err}");
    // The assessment says eligible, so the other branch is refused too.
    let (code, err) = refused(&app, &b.peksos, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "cek_dan_asesmen", "branch": "tidak_layak"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingCheck"]), ("FAILED_PRECONDITION", &json!("ASSESSMENT_NOT_ELIGIBLE")));
    let lurah = upload(&app, &b.peksos, "SURAT_KETERANGAN_LURAH", &client).await;
    let dokter = upload(&app, &b.peksos, "SURAT_KETERANGAN_DOKTER", &client).await;
    let c = complete(&app, &b.peksos, &case, "cek_dan_asesmen", json!({"branch": "layak", "documentIds": [dokter]})).await;
    // "Jika layak dan disetujui": the proposal waits for the Kabid, who approves it.
    assert_eq!((c["currentStepKey"].as_str(), &c["currentStep"]["waitingFor"]), (Some("cek_dan_asesmen"), &json!(["KABID"])));
    let c = approve_layak(&app, &b, &case).await;
    assert_eq!(c["currentStepKey"], "koordinasi_upt");
    // 6½ calendar days (seed 000 counts 24-hour days), weekends included.
    assert_eq!(c["currentStep"]["standardMinutes"], 9360);
    assert_eq!(at(&c["currentStep"]["dueAt"]) - at(&c["currentStep"]["startedAt"]), chrono::Duration::minutes(9360));

    // 3. Coordinate with a UPT (the client waits in the shelter). Not before one accepts.
    let (code, err) = refused(&app, &b.peksos, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "koordinasi_upt"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingCheck"]), ("FAILED_PRECONDITION", &json!("REFERRAL_ACCEPTED")));
    let mut upt_feed = subscribe(app.addr, &binalaras_staf, "subscription { caseEvents { action caseId referralId } }").await;
    let mut office_feed = subscribe(app.addr, &b.peksos, "subscription { caseEvents { action caseId referralId } }").await;
    let binalaras = institution_id(&app, "upt-binalaras").await;
    let referral = ok(&app, &b.peksos, REFER, json!({"i": {"id": new_id(), "caseId": case, "institutionId": binalaras,
        "needsSummary": "Lansia 78 th, bingung, perlu perawatan harian", "sharedDocumentIds": [dokter]}})).await["referCase"]["id"].as_str().unwrap().to_owned();
    // The UPT hears of it at once, without the case's id.
    let event = next_event(&mut upt_feed).await;
    assert_eq!(event, json!({"action": "referral.send", "caseId": null, "referralId": referral}));
    assert_eq!(next_event(&mut office_feed).await["action"], "referral.send");
    let client_view = ok(&app, &b.peksos, "query($id: ID!) { client(id: $id) { location } }", json!({"id": client})).await;
    assert_eq!(client_view["client"]["location"], "SHELTER");

    // The UPT's limited view: who, what they need, the papers shared; no path to the file.
    let seen = ok(&app, &binalaras_staf, "{ referralsToMe { id status needsSummary officeName client { displayName sex age categories } sharedDocuments { id kind } } }", json!({})).await;
    assert_eq!(seen["referralsToMe"], json!([{"id": referral, "status": "PENDING", "needsSummary": "Lansia 78 th, bingung, perlu perawatan harian",
        "officeName": "Dinas Sosial Kota Blitar", "client": {"displayName": "Mbah Karsi", "sex": "FEMALE", "age": 78, "categories": ["LANJUT_USIA_TERLANTAR"]},
        "sharedDocuments": [{"id": dokter, "kind": "SURAT_KETERANGAN_DOKTER"}]}]));
    let (status, _) = (app.http.get(app.url(&format!("/documents/{dokter}/content"))).bearer_auth(&binalaras_staf).send().await.unwrap().status(), ());
    assert_eq!(status, 200, "a shared paper can be read");
    let status = app.http.get(app.url(&format!("/documents/{lurah}/content"))).bearer_auth(&binalaras_staf).send().await.unwrap().status();
    assert_eq!(status, 404, "a paper not shared cannot");
    for q in [format!("{{ case(id: \"{case}\") {{ id }} }}"), format!("{{ client(id: \"{client}\") {{ id }} }}"), format!("{{ letter(id: \"{case}\") {{ id }} }}")] {
        let body = app.gql(Some(&binalaras_staf), &q, json!({})).await;
        assert!(body["data"].is_null() || body["data"].as_object().unwrap().values().all(Value::is_null), "{q}: {body}");
    }
    let uploader = ok(&app, &binalaras_staf, "{ referralsToMe { sharedDocuments { uploadedBy { username } } } }", json!({})).await;
    assert_eq!(uploader["referralsToMe"][0]["sharedDocuments"][0]["uploadedBy"], Value::Null, "office staff are not the UPT's to look up");
    // Another UPT cannot answer it; the addressed one declines with a reason.
    let (code, _) = refused(&app, &werdha_staf, ANSWER, json!({"i": {"id": new_id(), "referralId": referral, "accept": true}})).await;
    assert_eq!(code, "NOT_FOUND");
    let (code, err) = refused(&app, &binalaras_staf, ANSWER, json!({"i": {"id": new_id(), "referralId": referral, "accept": false}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("BAD_USER_INPUT", &json!("reason")));
    let declined = ok(&app, &binalaras_staf, ANSWER, json!({"i": {"id": new_id(), "referralId": referral, "accept": false, "reason": "Khusus ODGJ; klien lansia"}})).await;
    assert_eq!(declined["answerReferral"]["status"], "DECLINED");
    let event = next_event(&mut office_feed).await;
    assert_eq!(event, json!({"action": "referral.answer", "caseId": case, "referralId": referral}));
    // Having declined, the UPT keeps its answer but no longer the person or the papers.
    let after = ok(&app, &binalaras_staf, "query($id: ID!) { referral(id: $id) { status client { displayName } sharedDocuments { id } } }", json!({"id": referral})).await;
    assert_eq!(after["referral"], json!({"status": "DECLINED", "client": null, "sharedDocuments": []}));
    let status = app.http.get(app.url(&format!("/documents/{dokter}/content"))).bearer_auth(&binalaras_staf).send().await.unwrap().status();
    assert_eq!(status, 404);
    // Declined: the office refers elsewhere, and that UPT accepts.
    let accepted = refer_accepted(&app, &b, &case, "upt-werdha").await;
    assert_ne!(accepted, referral);
    complete(&app, &b.peksos, &case, "koordinasi_upt", json!({"note": "UPT Tresna Werdha siap menerima"})).await;

    // 4. Peksos initials, Kabid corrects (sends back once), then initials, Sekretaris initials.
    let (code, err) = refused(&app, &b.kabid, &case_query("addInitials", "ApproveInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "paraf_dan_koreksi"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["requiredRoles"]), ("FORBIDDEN", &json!("PEKSOS")));
    let c = approve(&app, &b.peksos, "addInitials", &case, "paraf_dan_koreksi").await;
    assert_eq!(c["currentStep"]["waitingFor"], json!(["KABID"]));
    assert_eq!(c["letter"]["addressee"], "UPT Pelayanan Sosial Tresna Werdha (lanjut usia)");
    let c = ok(&app, &b.kabid, &case_query("sendBack", "SendBackInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "paraf_dan_koreksi", "reason": "Perbaiki alamat UPT di surat"}})).await["sendBack"].clone();
    assert_eq!(c["currentStepKey"], "paraf_dan_koreksi");
    assert_eq!(c["currentStep"]["waitingFor"], json!(["PEKSOS"]), "the chain starts again");
    for token in [&b.peksos, &b.kabid, &b.sekretaris] {
        approve(&app, token, "addInitials", &case, "paraf_dan_koreksi").await;
    }
    // 5. Kadis or Sekretaris signs: here the Sekretaris. Staf cannot number before that.
    let letter = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { currentStep { waitingFor } letter { id } } }", json!({"id": case})).await;
    assert_eq!(letter["case"]["currentStep"]["waitingFor"], json!(["KADIS", "SEKRETARIS"]));
    let letter_id = letter["case"]["letter"]["id"].as_str().unwrap().to_owned();
    let (code, _) = refused(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letter_id, "recipient": "Keluarga"}})).await;
    assert_eq!(code, "FAILED_PRECONDITION", "no number before the signature");
    let c = approve(&app, &b.sekretaris, "signStep", &case, "tanda_tangan").await;
    assert_eq!(c["letter"]["signerRole"], "SEKRETARIS");
    assert_eq!(c["currentStep"]["waitingFor"], json!(["STAF"]));

    // 6. Staf numbers and stamps it, enters it in the agenda and expedition books, hands it over.
    let (code, err) = refused(&app, &b.staf, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "penomoran_penyerahan"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingCheck"]), ("FAILED_PRECONDITION", &json!("LETTER_ISSUED")));
    let (code, _) = refused(&app, &b.peksos, ISSUE, json!({"i": {"id": new_id(), "letterId": letter_id, "recipient": "Keluarga"}})).await;
    assert_eq!(code, "FORBIDDEN", "numbering is the desk's job");
    let offered = "query($id: ID!) { case(id: $id) { currentStep { actions { kind } } } myTasks { caseId mutation } }";
    let kinds = |v: &Value| v["case"]["currentStep"]["actions"].as_array().unwrap().iter().map(|a| a["kind"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let task_mutation = |v: &Value| v["myTasks"].as_array().unwrap().iter().find(|t| t["caseId"] == json!(case)).unwrap()["mutation"].clone();
    let before = ok(&app, &b.staf, offered, json!({"id": case})).await;
    assert_eq!((kinds(&before), task_mutation(&before)), (vec!["ISSUE_LETTER".to_owned(), "COMPLETE".into(), "PAUSE_CLOCK".into()], json!("issueLetter")));
    let issued = ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letter_id, "recipient": "Pendamping klien, diantar ke UPT"}})).await["issueLetter"].clone();
    let year = Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).year();
    assert_eq!(issued["number"], format!("460/001/410.105/{year}"));
    assert_eq!((issued["agendaNumber"].as_i64(), issued["expeditionNumber"].as_i64()), (Some(1), Some(1)));
    let (code, _) = refused(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letter_id, "recipient": "x"}})).await;
    assert_eq!(code, "CONFLICT", "a letter is numbered once");
    let after = ok(&app, &b.staf, offered, json!({"id": case})).await;
    assert_eq!((kinds(&after), task_mutation(&after)), (vec!["COMPLETE".to_owned(), "PAUSE_CLOCK".into()], json!("completeStep")), "numbered: no longer offered");
    let c = complete(&app, &b.staf, &case, "penomoran_penyerahan", json!({})).await;
    assert_eq!((c["status"].as_str(), c["outcome"].as_str()), (Some("CLOSED"), Some("REFERRED")));

    // The UPT confirms the admission: the client is at the UPT now.
    ok(&app, &werdha_staf, "mutation($i: ConfirmAdmissionInput!) { confirmAdmission(input: $i) { status } }",
        json!({"i": {"id": new_id(), "referralId": accepted}})).await;
    let v = ok(&app, &b.kabid, CASE_VIEW, json!({"id": case})).await["case"].clone();
    assert_eq!(v["client"]["location"], "UPT");
    let steps: Vec<(String, String)> = v["steps"].as_array().unwrap().iter()
        .map(|s| (s["key"].as_str().unwrap().to_owned(), s["status"].as_str().unwrap().to_owned())).collect();
    let expected: Vec<(String, String)> = [
        ("terima_permohonan", "DONE"), ("cek_dan_asesmen", "DONE"), ("koordinasi_upt", "DONE"),
        ("paraf_dan_koreksi", "SENT_BACK"), ("paraf_dan_koreksi", "DONE"), ("tanda_tangan", "DONE"), ("penomoran_penyerahan", "DONE"),
    ].iter().map(|(k, s)| (k.to_string(), s.to_string())).collect();
    assert_eq!(steps, expected);
    assert_eq!(v["steps"][1]["branch"], "layak");
    assert_eq!(v["steps"][1]["documents"], json!([{"kind": "SURAT_KETERANGAN_DOKTER"}]));
    assert_eq!(v["steps"][5]["completedRole"], "SEKRETARIS");
    assert!(v["steps"][0]["takenMinutes"].as_i64().unwrap() >= 0);
    let ledger: Vec<(String, String)> = v["approvals"].as_array().unwrap().iter()
        .map(|a| (a["kind"].as_str().unwrap().to_owned(), a["actorRole"].as_str().unwrap().to_owned())).collect();
    assert_eq!(ledger, [("APPROVAL", "KABID"), ("INITIALS", "PEKSOS"), ("SENT_BACK", "KABID"), ("INITIALS", "PEKSOS"), ("INITIALS", "KABID"),
        ("INITIALS", "SEKRETARIS"), ("SIGNATURE", "SEKRETARIS")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>());
    assert_eq!(v["approvals"][2]["note"], "Perbaiki alamat UPT di surat");
    assert_eq!(v["referrals"], json!([
        {"status": "DECLINED", "declineReason": "Khusus ODGJ; klien lansia", "institution": {"slug": "upt-binalaras"}},
        {"status": "ADMITTED", "declineReason": null, "institution": {"slug": "upt-werdha"}},
    ]));
    assert_eq!(v["letter"]["recipient"], "Pendamping klien, diantar ke UPT");
    upt_feed.close(None).await.ok();
    office_feed.close(None).await.ok();
});

e2e!(fn seed_000_not_eligible_client_goes_back_to_the_family(app) {
    let b = Blitar::login(&app).await;
    let (client, case) = open_case(&app, &b).await;
    complete(&app, &b.staf, &case, "terima_permohonan", json!({})).await;
    assess(&app, &b.peksos, &client, "NOT_ELIGIBLE").await;
    let c = complete(&app, &b.peksos, &case, "cek_dan_asesmen", json!({"branch": "tidak_layak"})).await;
    assert_eq!(c["currentStepKey"], "reunifikasi_keluarga");
    assert_eq!(c["currentStep"]["waitingFor"], json!(["PEKSOS"]));
    assert_eq!(c["currentStep"]["dueAt"], Value::Null, "a step without a standard time has no due time");
    let (code, _) = refused(&app, &b.peksos, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "reunifikasi_keluarga"}})).await;
    assert_eq!(code, "FAILED_PRECONDITION", "reunification is recorded, not ticked off");
    let reunify = "mutation($i: ReunificationInput!) { recordReunification(input: $i) { id mode family { name relation } } }";
    let wrong = upload(&app, &b.peksos, "OTHER", &client).await;
    let input = |doc: &str| json!({"i": {"id": new_id(), "caseId": case, "family": {"name": "Parto", "relation": "anak", "phone": "081234567890"}, "mode": "PICKED_UP", "proofDocumentId": doc}});
    let (code, err) = refused(&app, &b.peksos, reunify, input(&wrong)).await;
    assert_eq!((code.as_str(), &err["extensions"]["missingDocuments"]), ("FAILED_PRECONDITION", &json!(["HANDOVER_RECORD"])));
    let mut later = input(&wrong);
    later["i"]["handedOverAt"] = json!((Utc::now() + chrono::Duration::days(2)).to_rfc3339());
    let (code, err) = refused(&app, &b.peksos, reunify, later).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("BAD_USER_INPUT", &json!("handedOverAt")));
    let (code, _) = refused(&app, &b.staf, reunify, input(&wrong)).await;
    assert_eq!(code, "FORBIDDEN", "the step waits for the social worker");
    let proof = upload(&app, &b.peksos, "HANDOVER_RECORD", &client).await;
    let r = ok(&app, &b.peksos, reunify, input(&proof)).await;
    assert_eq!(r["recordReunification"]["family"], json!({"name": "Parto", "relation": "anak"}));
    let v = ok(&app, &b.peksos, CASE_VIEW, json!({"id": case})).await["case"].clone();
    assert_eq!((v["status"].as_str(), v["outcome"].as_str()), (Some("CLOSED"), Some("REUNIFIED")));
    assert_eq!(v["client"]["location"], "FAMILY");
    assert_eq!(v["letter"], Value::Null, "no referral letter on this branch");
    assert_eq!(v["steps"][2]["documents"], json!([{"kind": "HANDOVER_RECORD"}]));
});

e2e!(fn a_paper_number_is_checked_for_clashes_and_the_series_skips_it(app) {
    let b = Blitar::login(&app).await;
    let year = Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).year();
    let mut letters = Vec::new();
    for _ in 0..3 {
        let (_, case) = to_coordination(&app, &b).await;
        refer_accepted(&app, &b, &case, "upt-werdha").await;
        letters.push(to_signed(&app, &b, &case).await["letter"]["id"].as_str().unwrap().to_owned());
    }
    // A letter typed on paper earlier took 002; the server's series then skips it.
    let typed = format!("460/002/410.105/{year}");
    let manual = ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letters[0], "manualNumber": typed, "recipient": "UPT"}})).await["issueLetter"].clone();
    assert_eq!((manual["number"].as_str(), manual["numberedManually"].as_bool()), (Some(typed.as_str()), Some(true)));
    let (code, err) = refused(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letters[1], "manualNumber": typed, "recipient": "UPT"}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("CONFLICT", &json!("manualNumber")));
    let n1 = ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letters[1], "recipient": "UPT"}})).await["issueLetter"]["number"].clone();
    let n2 = ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letters[2], "recipient": "UPT"}})).await["issueLetter"]["number"].clone();
    assert_eq!((n1, n2), (json!(format!("460/001/410.105/{year}")), json!(format!("460/003/410.105/{year}"))));
    let audit = ok(&app, &app.login("admin@blitar").await.access, "{ auditEvents(first: 50) { edges { node { action details } } } }", json!({})).await;
    let manual_events = audit["auditEvents"]["edges"].as_array().unwrap().iter()
        .filter(|e| e["node"]["action"] == "letter.issue" && e["node"]["details"]["manual"] == true).count();
    assert_eq!(manual_events, 1, "the typed-in number is in the audit trail");
});

e2e!(fn due_times_skip_weekends_and_holidays_and_wait_while_paused(app) {
    // Seed 004 counts working time: 10 minutes from Thursday 15:55 WIB, with Friday a
    // holiday, falls due on Monday 07:35 WIB. An LKS's paper application that arrived a
    // few weeks back is entered now: its first step started when it arrived.
    let wib = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let mut thursday = Utc::now().with_timezone(&wib).date_naive() - chrono::Days::new(21);
    while thursday.weekday() != chrono::Weekday::Thu {
        thursday = thursday - chrono::Days::new(1);
    }
    let admin = app.login("admin@blitar").await.access;
    let b = Blitar::login(&app).await;
    let (id, _) = super::lks_recommendation::submitted(&app, &app.login("staf@lks-harapan").await.access).await;
    let received = thursday.and_hms_opt(15, 55, 0).unwrap().and_local_timezone(wib).unwrap();
    {
        use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
        let first = entity::case_step::Entity::find()
            .filter(entity::case_step::Column::CaseId.eq(uuid::Uuid::parse_str(&id).unwrap()))
            .one(&app.state.db).await.unwrap().unwrap();
        let mut row = first.into_active_model();
        row.started_at = Set(received.with_timezone(&Utc));
        row.update(&app.state.db).await.unwrap();
    }
    // Setting a holiday recomputes the due times of the office's running steps.
    ok(&app, &admin, "mutation($d: NaiveDate!) { setOfficeHoliday(date: $d, name: \"Hari Jadi Kota Blitar (uji)\") { date } }",
        json!({"d": (thursday + chrono::Days::new(1)).to_string()})).await;
    let c = ok(&app, &b.staf, &format!("query($id: ID!) {{ case(id: $id) {{ {CASE_FIELDS} }} }}"), json!({"id": id})).await["case"].clone();
    let monday = thursday + chrono::Days::new(4);
    let expected = monday.and_hms_opt(7, 35, 0).unwrap().and_local_timezone(wib).unwrap();
    assert_eq!(at(&c["currentStep"]["dueAt"]), expected);
    // Without the holiday the step falls due on Friday; with it again, on Monday: the
    // running step follows the calendar.
    let case = c["id"].as_str().unwrap();
    let due_now = || async {
        at(&ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { currentStep { dueAt } } }", json!({"id": case})).await["case"]["currentStep"]["dueAt"])
    };
    let friday = thursday + chrono::Days::new(1);
    ok(&app, &admin, "mutation($d: NaiveDate!) { removeOfficeHoliday(date: $d) }", json!({"d": friday.to_string()})).await;
    assert_eq!(due_now().await, friday.and_hms_opt(7, 35, 0).unwrap().and_local_timezone(wib).unwrap());
    ok(&app, &admin, "mutation($d: NaiveDate!) { setOfficeHoliday(date: $d, name: \"Hari Jadi Kota Blitar (uji)\") { date } }", json!({"d": friday.to_string()})).await;
    assert_eq!(due_now().await, expected);
    // Paused (waiting for the applicant's papers): no due time; resumed: it runs on.
    // Only the step's actors or a superior stop its clock: here the Kasi may, a Peksos not.
    let kasi = app.login("kasi@blitar").await.access;
    let (code, _) = refused(&app, &b.peksos, &case_query("pauseClock", "ClockInput"), json!({"i": {"id": new_id(), "caseId": case, "reason": "x"}})).await;
    assert_eq!(code, "FORBIDDEN");
    let paused = ok(&app, &kasi, &case_query("pauseClock", "ClockInput"), json!({"i": {"id": new_id(), "caseId": case, "reason": "Menunggu akta notaris dari LKS"}})).await["pauseClock"].clone();
    assert_eq!(paused["currentStep"]["dueAt"], Value::Null);
    let (code, _) = refused(&app, &kasi, &case_query("pauseClock", "ClockInput"), json!({"i": {"id": new_id(), "caseId": case, "reason": "lagi"}})).await;
    assert_eq!(code, "CONFLICT");
    let v = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { currentStep { paused pauses { reason resumedAt } } } }", json!({"id": case})).await;
    assert_eq!(v["case"]["currentStep"]["paused"], true);
    let resumed = ok(&app, &kasi, &case_query("resumeClock", "ClockInput"), json!({"i": {"id": new_id(), "caseId": case}})).await["resumeClock"].clone();
    // The pause lies after the step was due, so the due time stands, and it is overdue.
    assert_eq!(at(&resumed["currentStep"]["dueAt"]), expected);
    let v = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { currentStep { overdue } } }", json!({"id": case})).await;
    assert_eq!(v["case"]["currentStep"]["overdue"], true);

    // A pause inside the running time moves the due time on by exactly its length.
    let (_, case) = open_case(&app, &b).await;
    let before = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { currentStep { dueAt } } }", json!({"id": case})).await;
    let before = at(&before["case"]["currentStep"]["dueAt"]);
    ok(&app, &b.staf, &case_query("pauseClock", "ClockInput"), json!({"i": {"id": new_id(), "caseId": case, "reason": "Menunggu surat polisi"}})).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    ok(&app, &b.staf, &case_query("resumeClock", "ClockInput"), json!({"i": {"id": new_id(), "caseId": case}})).await;
    let v = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { currentStep { dueAt pauses { pausedAt resumedAt } } } }", json!({"id": case})).await;
    let step = &v["case"]["currentStep"];
    let paused_for = at(&step["pauses"][0]["resumedAt"]) - at(&step["pauses"][0]["pausedAt"]);
    assert!(paused_for >= chrono::Duration::milliseconds(1500));
    let shift = at(&step["dueAt"]) - before;
    assert!((shift - paused_for).num_milliseconds().abs() <= 2, "shifted {shift:?} for a pause of {paused_for:?}");
});

e2e!(fn my_tasks_lists_what_waits_for_my_roles_soonest_first(app) {
    let b = Blitar::login(&app).await;
    let (_, first) = open_case(&app, &b).await;
    let (_, second) = to_coordination(&app, &b).await;
    let q = "{ myTasks { caseId dueAt overdue step { key waitingFor } } }";
    let staf = ok(&app, &b.staf, q, json!({})).await["myTasks"].clone();
    assert_eq!(staf.as_array().unwrap().iter().map(|t| t["caseId"].as_str().unwrap()).collect::<Vec<_>>(), vec![first.as_str()]);
    assert_eq!(staf[0]["step"]["key"], "terima_permohonan");
    let peksos = ok(&app, &b.peksos, q, json!({})).await["myTasks"].clone();
    assert_eq!(peksos.as_array().unwrap().iter().map(|t| t["caseId"].as_str().unwrap()).collect::<Vec<_>>(), vec![second.as_str()]);
    assert_eq!(ok(&app, &b.kadis, q, json!({})).await["myTasks"], json!([]));
    let lamandau = app.login("staf@lamandau").await.access;
    assert_eq!(ok(&app, &lamandau, q, json!({})).await["myTasks"], json!([]), "another office's tasks are not mine");
    // A case opens from a report about its own client only, and only in the report's office.
    let other = ok(&app, &b.staf, "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Pak Darmo\", location: STREET, categories: [GELANDANGAN]}) { client { id } } }",
        json!({"id": new_id()})).await["registerClient"]["client"]["id"].clone();
    let report = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { reportId } }", json!({"id": first})).await["case"]["reportId"].clone();
    let open = case_query("openCase", "OpenCaseInput");
    let (code, err) = refused(&app, &b.staf, &open, json!({"i": {"id": new_id(), "sopCode": "RUJUKAN_PPKS", "clientId": other, "reportId": report}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("BAD_USER_INPUT", &json!("reportId")));
    let (code, _) = refused(&app, &lamandau, &open, json!({"i": {"id": new_id(), "sopCode": "RUJUKAN_PPKS", "clientId": other}})).await;
    assert_eq!(code, "NOT_FOUND", "another office's client");
    let (code, err) = refused(&app, &b.staf, &open, json!({"i": {"id": new_id(), "sopCode": "PEMULANGAN_ORANG_TERLANTAR", "clientId": other}})).await;
    assert_eq!((code.as_str(), &err["extensions"]["field"]), ("FAILED_PRECONDITION", &json!("sopCode")), "Blitar has not adopted seed 002");
});

e2e!(fn a_resend_racing_its_original_is_a_replay_and_one_letter_gets_one_number(app) {
    let b = Blitar::login(&app).await;
    let (_, case) = open_case(&app, &b).await;
    // The phone times out and sends the same completion again while the first still runs.
    let q = case_query("completeStep", "CompleteStepInput");
    let input = json!({"i": {"id": new_id(), "caseId": case, "stepKey": "terima_permohonan"}});
    let (one, two) = tokio::join!(app.gql(Some(&b.staf), &q, input.clone()), app.gql(Some(&b.staf), &q, input.clone()));
    for body in [&one, &two] {
        assert_eq!(body["data"]["completeStep"]["currentStepKey"], "cek_dan_asesmen", "{body}");
    }
    let steps = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { steps { key } } }", json!({"id": case})).await;
    assert_eq!(steps["case"]["steps"].as_array().unwrap().len(), 2, "moved on once");

    // Two desks issue the same signed letter at once: one number, one refusal.
    let (_, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    let letter = to_signed(&app, &b, &case).await["letter"]["id"].clone();
    let kasi = app.login("kasi@blitar").await.access;
    let (a, k) = tokio::join!(
        app.gql(Some(&b.staf), ISSUE, json!({"i": {"id": new_id(), "letterId": letter, "recipient": "UPT"}})),
        app.gql(Some(&kasi), ISSUE, json!({"i": {"id": new_id(), "letterId": letter, "recipient": "UPT"}})),
    );
    let numbered: Vec<&Value> = [&a, &k].into_iter().filter(|b| b["data"]["issueLetter"]["number"].is_string()).collect();
    assert_eq!(numbered.len(), 1, "{a}\n{k}");
    assert!([&a, &k].iter().any(|b| error_code(b) == Some("CONFLICT")), "{a}\n{k}");
    let year = Utc::now().with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap()).year();
    assert_eq!(numbered[0]["data"]["issueLetter"]["number"], format!("460/001/410.105/{year}"));
    assert_eq!(numbered[0]["data"]["issueLetter"]["agendaNumber"], 1);
});
