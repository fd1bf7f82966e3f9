//! Drafts that reviewers correct (seed 000 step 4, "dikoreksi"): each correction is a new
//! version with who made it and why, shown as a diff; initials given before it no longer
//! hold; the Kadis signs one exact version, which the PDF prints with its initials column;
//! a signed letter is not changed.
use serde_json::Value;

use super::flow::*;
use super::*;

const LETTER: &str = "query($id: ID!) { case(id: $id) { currentStep { key waitingFor actions { kind allowed } } approvals { kind actorRole holds } letter { id version signedVersion subject body versions { version note madeRole madeBy { username } body changes { kind text } } } } }";
const REVISE: &str = "mutation($i: ReviseLetterInput!) { reviseLetter(input: $i) { letter { id version subject body } voidedInitials { actorRole } } }";

async fn case_letter(app: &TestApp, token: &str, case: &str) -> Value {
    ok(app, token, LETTER, json!({"id": case})).await["case"].clone()
}

e2e!(fn the_kabid_corrects_the_draft_and_the_kadis_signs_that_version(app) {
    let b = Blitar::login(&app).await;
    let (_, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    complete(&app, &b.peksos, &case, "koordinasi_upt", json!({})).await;
    let drafted = case_letter(&app, &b.peksos, &case).await;
    let letter = drafted["letter"]["id"].clone();
    assert_eq!((drafted["letter"]["version"].as_i64(), drafted["letter"]["versions"].as_array().unwrap().len()), (Some(1), 1), "the generated draft is version 1");
    assert!(drafted["currentStep"]["actions"].as_array().unwrap().iter().any(|a| a["kind"] == "REVISE_LETTER"));
    let body: Vec<String> = serde_json::from_value(drafted["letter"]["body"].clone()).unwrap();
    approve(&app, &b.peksos, "addInitials", &case, "paraf_dan_koreksi").await;

    // Not the Sekretaris's turn yet, nor another office's letter; a correction needs its why.
    let mut corrected = body.clone();
    corrected[1] = "Bersama ini kami rujuk Mbah Karsi, lansia terlantar, ke UPT Pelayanan Sosial Tresna Werdha untuk mendapat perawatan.".into();
    let revise = |extra: Value| { let mut i = json!({"id": new_id(), "letterId": letter, "expectedVersion": 1, "body": corrected,
        "note": "Sebut nama klien dan tujuan rujukan"}); i.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone()); json!({"i": i}) };
    let (code, _) = refused(&app, &b.sekretaris, REVISE, revise(json!({}))).await;
    assert_eq!(code, "FORBIDDEN", "not her turn");
    let (code, _) = refused(&app, &app.login("kabid@lamandau").await.access, REVISE, revise(json!({}))).await;
    assert_eq!(code, "NOT_FOUND");
    let (code, err) = refused(&app, &b.kabid, REVISE, revise(json!({"note": " "}))).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("note")));
    let (code, err) = refused(&app, &b.kabid, REVISE, revise(json!({"body": body}))).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("body")), "nothing changed");

    // The Kabid corrects it: version 2; the Peksos's initial on version 1 no longer holds.
    let correction = revise(json!({}));
    let done = ok(&app, &b.kabid, REVISE, correction.clone()).await["reviseLetter"].clone();
    assert_eq!((done["letter"]["version"].as_i64(), &done["letter"]["body"][1]), (Some(2), &json!(corrected[1])));
    assert_eq!(done["voidedInitials"], json!([{"actorRole": "PEKSOS"}]));
    // A resend of the same correction is the same answer, not a third version.
    ok(&app, &b.kabid, REVISE, correction).await;
    let (code, err) = refused(&app, &b.kabid, REVISE, revise(json!({}))).await;
    assert_eq!((code.as_str(), err["extensions"]["currentVersion"].as_i64()), ("CONFLICT", Some(2)), "corrected from a stale version");

    let now = case_letter(&app, &b.kabid, &case).await;
    assert_eq!(now["currentStep"]["waitingFor"], json!(["PEKSOS"]), "the Peksos initials the corrected text again");
    assert_eq!(now["approvals"], json!([{"kind": "APPROVAL", "actorRole": "KABID", "holds": true}, {"kind": "INITIALS", "actorRole": "PEKSOS", "holds": false}]));
    let v2 = &now["letter"]["versions"][1];
    assert_eq!((v2["madeRole"].as_str(), v2["madeBy"]["username"].as_str(), v2["note"].as_str()), (Some("KABID"), Some("kabid@blitar"), Some("Sebut nama klien dan tujuan rujukan")));
    let changed: Vec<(&str, &str)> = v2["changes"].as_array().unwrap().iter()
        .filter(|c| c["kind"] != "SAME").map(|c| (c["kind"].as_str().unwrap(), c["text"].as_str().unwrap())).collect();
    assert_eq!(changed, [("REMOVED", body[1].as_str()), ("ADDED", corrected[1].as_str())]);

    // The chain again, on version 2; the Kadis signs that version.
    for token in [&b.peksos, &b.kabid, &b.sekretaris] {
        approve(&app, token, "addInitials", &case, "paraf_dan_koreksi").await;
    }
    approve(&app, &b.kadis, "signStep", &case, "tanda_tangan").await;
    let signed = case_letter(&app, &b.staf, &case).await;
    assert_eq!((signed["letter"]["version"].as_i64(), signed["letter"]["signedVersion"].as_i64()), (Some(2), Some(2)));
    // A signed letter is not changed.
    let (code, err) = refused(&app, &b.kabid, REVISE, revise(json!({"id": new_id(), "expectedVersion": 2}))).await;
    assert_eq!((code.as_str(), err["extensions"]["reason"].as_str()), ("FAILED_PRECONDITION", Some("LETTER_SIGNED")));

    // The PDF prints the signed version with the initials that hold on it.
    let issued = ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letter, "recipient": "Klien"}})).await["issueLetter"].clone();
    let pdf_id = ok(&app, &b.staf, "query($id: ID!) { letter(id: $id) { pdf { id } } }", json!({"id": issued["id"]})).await["letter"]["pdf"]["id"].clone();
    let pdf = app.http.get(app.url(&format!("/documents/{}/content", pdf_id.as_str().unwrap()))).bearer_auth(&b.staf).send().await.unwrap().bytes().await.unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap().replace('\n', " ");
    for expected in ["Mbah Karsi, lansia terlantar", "Paraf:", "(Pekerja Sosial)", "(Kepala Bidang)", "(Sekretaris Dinas)"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains(&body[1][..40]), "the first draft is not what was signed: {text}");
    assert_eq!(text.matches("(Pekerja Sosial)").count(), 1, "the initial on version 1 is not in the column: {text}");
    let audit = ok(&app, &app.login("admin@blitar").await.access, "{ auditEvents(first: 100) { edges { node { action details } } } }", json!({})).await;
    let revised: Vec<&Value> = audit["auditEvents"]["edges"].as_array().unwrap().iter().filter(|e| e["node"]["action"] == "letter.revise").collect();
    assert_eq!(revised.len(), 1, "one correction, one event");
    assert_eq!(revised[0]["node"]["details"]["version"], 2);
});
