//! A decision sent with the version of the case it was made on (a phone that worked
//! offline): refused as CASE_MOVED_ON when the case has changed since, with nothing
//! written, so that the person looks again; a resend of one that went in is answered.
use super::{flow::*, *};

const INITIALS: &str = "mutation($i: ApproveInput!) { addInitials(input: $i) { id version currentStep { waitingFor } } }";
const VERSION: &str = "query($id: ID!) { case(id: $id) { version letter { body } } }";

async fn version(app: &TestApp, token: &str, case: &str) -> i64 {
    ok(app, token, VERSION, json!({"id": case})).await["case"]["version"]
        .as_i64()
        .unwrap()
}

e2e!(fn an_initial_made_on_a_case_that_moved_on_comes_back_for_a_decision(app) {
    let b = Blitar::login(&app).await;
    let (_, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    complete(&app, &b.peksos, &case, "koordinasi_upt", json!({})).await;

    // The draft the initials are for is readable as text before anyone initials it.
    let draft = ok(&app, &b.kabid, VERSION, json!({"id": case})).await["case"]["letter"]["body"].clone();
    assert!(draft.as_array().is_some_and(|p| p.len() >= 2) && draft.to_string().contains("Dinas Sosial"), "{draft}");

    // The Kabid reads the case (offline from here on); the Peksos initials meanwhile.
    let seen = version(&app, &b.kabid, &case).await;
    let peksos = json!({"i": {"id": new_id(), "caseId": case, "stepKey": "paraf_dan_koreksi", "expectedVersion": seen}});
    let after = ok(&app, &b.peksos, INITIALS, peksos.clone()).await["addInitials"].clone();
    let now = after["version"].as_i64().unwrap();
    assert!(now > seen, "an initial changes the case's version: {seen} → {after}");
    // The Peksos's phone resends after a lost answer: the same call is answered, not refused.
    assert_eq!(ok(&app, &b.peksos, INITIALS, peksos).await["addInitials"]["version"], after["version"]);

    // The Kabid's initial, made on the old version, is refused with the version now; nothing written.
    let approvals = app.count("approval").await;
    let events = app.count("audit_event").await;
    let kabid = |v: i64| json!({"i": {"id": new_id(), "caseId": case, "stepKey": "paraf_dan_koreksi", "expectedVersion": v}});
    let (code, err) = refused(&app, &b.kabid, INITIALS, kabid(seen)).await;
    assert_eq!((code.as_str(), err["extensions"]["reason"].as_str()), ("CONFLICT", Some("CASE_MOVED_ON")), "{err}");
    assert_eq!(err["extensions"]["currentVersion"].as_i64(), Some(now), "{err}");
    assert!(err["message"].as_str().unwrap().contains("sudah berubah"), "{err}");
    assert_eq!((app.count("approval").await, app.count("audit_event").await), (approvals, events));

    // Having looked again, the Kabid initials on the case as it is now.
    let done = ok(&app, &b.kabid, INITIALS, kabid(now)).await["addInitials"].clone();
    assert_eq!(done["currentStep"]["waitingFor"], json!(["SEKRETARIS"]), "{done}");
    assert_eq!(app.count("approval").await, approvals + 1);

    // The same holds for completing a step, sending back and disposing: a stale version is refused.
    let stale = done["version"].as_i64().unwrap() - 1;
    let (code, _) = refused(&app, &b.sekretaris, &case_query("sendBack", "SendBackInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "paraf_dan_koreksi", "reason": "Perbaiki alamat", "expectedVersion": stale}})).await;
    assert_eq!(code, "CONFLICT");
    let (code, _) = refused(&app, &b.sekretaris, &case_query("completeStep", "CompleteStepInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": "paraf_dan_koreksi", "expectedVersion": stale}})).await;
    assert_eq!(code, "CONFLICT");
    // Without a version the server decides on the case as it is, as before.
    approve(&app, &b.sekretaris, "addInitials", &case, "paraf_dan_koreksi").await;
});
