//! The scope sweep: no `thing(id:)` query answers a user of another office or institution.
use std::collections::BTreeMap;

use rehsos_tests::scope_sweep::{Owned, sweep};

use super::*;

e2e!(fn no_id_query_answers_another_office(app) {
    let owner = app.login("admin@blitar").await;
    let body = app.gql(Some(&owner.access), "{ institutions { edges { node { id slug } } } auditEvents(first: 1) { edges { node { id } } } }", json!({})).await;
    let werdha = body["data"]["institutions"]["edges"].as_array().unwrap().iter()
        .find(|e| e["node"]["slug"] == "upt-werdha").unwrap()["node"]["id"].as_str().unwrap().to_owned();
    let event = body["data"]["auditEvents"]["edges"][0]["node"]["id"].as_str().unwrap().to_owned();
    let peksos = app.login("peksos@blitar").await;
    let client = app.gql(Some(&peksos.access), "mutation($id: ID!) { registerClient(input: {id: $id, location: STREET, categories: [ORANG_TERLANTAR]}) { client { id } } }",
        json!({"id": uuid::Uuid::now_v7().to_string()})).await["data"]["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    let report = app.gql(Some(&peksos.access), "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: POLICE, channel: WRITTEN, summary: \"Terlantar di stasiun\"}) { id } }",
        json!({"id": uuid::Uuid::now_v7().to_string(), "c": client})).await["data"]["recordReport"]["id"].as_str().unwrap().to_owned();
    let assessment = app.gql(Some(&peksos.access), "mutation($id: ID!, $c: ID!) { recordAssessment(input: {id: $id, clientId: $c, eligibility: UNDECIDED}) { id } }",
        json!({"id": uuid::Uuid::now_v7().to_string(), "c": client})).await["data"]["recordAssessment"]["id"].as_str().unwrap().to_owned();
    let document = uuid::Uuid::now_v7().to_string();
    let put = app.http.put(app.url(&format!("/documents/{document}?kind=CLIENT_PHOTO&clientId={client}")))
        .bearer_auth(&peksos.access).body(include_bytes!("../../../testdata/photo-with-gps.jpg").to_vec()).send().await.unwrap();
    assert_eq!(put.status(), 201);
    let sops = app.gql(Some(&owner.access), "{ sops { id code } }", json!({})).await;
    let referral_sop = sops["data"]["sops"].as_array().unwrap().iter().find(|s| s["code"] == "RUJUKAN_PPKS").unwrap()["id"].as_str().unwrap().to_owned();
    // A referral case up to its signed letter; the referral is addressed to UPT Werdha.
    let b = super::flow::Blitar::login(&app).await;
    let (_, case) = super::flow::to_coordination(&app, &b).await;
    let referral = super::flow::refer_accepted(&app, &b, &case, "upt-werdha").await;
    let letter = super::flow::to_signed(&app, &b, &case).await["letter"]["id"].as_str().unwrap().to_owned();
    // A journey home planned from Blitar to Surabaya: its leg is for those two offices only.
    let traveller = app.gql(Some(&peksos.access), "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Darmo\", originRegionCode: \"35.78\", location: STREET, categories: [ORANG_TERLANTAR]}) { client { id } } }",
        json!({"id": uuid::Uuid::now_v7().to_string()})).await["data"]["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    let return_case = app.gql(Some(&peksos.access), "mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }",
        json!({"i": {"id": uuid::Uuid::now_v7().to_string(), "sopCode": "PENGIRIMAN_ORANG_TERLANTAR", "clientId": traveller}})).await["data"]["openCase"]["id"].as_str().unwrap().to_owned();
    let planned = app.gql(Some(&peksos.access), "mutation($i: PlanReturnInput!) { planReturn(input: $i) { legs { id } } }",
        json!({"i": {"id": uuid::Uuid::now_v7().to_string(), "caseId": return_case, "mode": "PUBLIC_TRANSPORT"}})).await;
    let leg = planned["data"]["planReturn"]["legs"][0]["id"].as_str().unwrap_or_else(|| panic!("{planned}")).to_owned();
    let werdha_staf = app.login("staf@upt-werdha").await;
    // An application of LKS Pelita Kasih: Pelita's and Blitar's, not LKS Harapan's.
    let pelita = app.login("staf@lks-pelita").await;
    let (lks_application, _) = super::lks_recommendation::submitted(&app, &pelita.access).await;
    // A case of Blitar's asked to go to Kota Kediri, whose first Kasi came by invitation:
    // the two offices see the transfer, no one else.
    let kasi = app.login("kasi@blitar").await;
    let transferred = app.gql(Some(&peksos.access), "mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }",
        json!({"i": {"id": uuid::Uuid::now_v7().to_string(), "sopCode": "RUJUKAN_PPKS", "clientId": client}})).await["data"]["openCase"]["id"].as_str().unwrap().to_owned();
    let kediri = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let office = entity::office::Entity::find().filter(entity::office::Column::RegionCode.eq("35.71")).one(&app.state.db).await.unwrap().unwrap();
        rehsos_server::store::sops::adopt_latest(&app.state.db, &office, &["RUJUKAN_PPKS"]).await.unwrap();
        office.id.to_string()
    };
    let invited = app.gql(Some(&owner.access), "mutation($i: InviteUserInput!) { inviteUser(input: $i) { code } }",
        json!({"i": {"officeId": kediri, "fullName": "Kasi Kediri", "roles": ["KASI"], "validDays": 7}})).await;
    let code = invited["data"]["inviteUser"]["code"].as_str().unwrap_or_else(|| panic!("{invited}")).to_owned();
    let accepted = app.gql(None, "mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { username } }",
        json!({"i": {"code": code, "username": "kasi@kediri", "password": "Rehsos-Kediri-2026"}})).await;
    assert!(accepted["errors"].is_null(), "{accepted}");
    let asked = app.gql(Some(&kasi.access), "mutation($i: TransferCaseInput!) { transferCase(input: $i) { id } }",
        json!({"i": {"id": uuid::Uuid::now_v7().to_string(), "caseId": transferred, "toOfficeId": kediri, "reason": "Klien berasal dari Kota Kediri"}})).await;
    let transfer = asked["data"]["transferCase"]["id"].as_str().unwrap_or_else(|| panic!("{asked}")).to_owned();
    let owned = |id: String, token: &str| Owned { id, owner_token: token.to_owned() };
    let foreign: BTreeMap<&str, Owned> = [
        ("user", owned(app.user_id("peksos@blitar").await, &owner.access)),
        ("institution", owned(werdha, &owner.access)),
        ("auditEvent", owned(event, &owner.access)),
        ("client", owned(client, &peksos.access)),
        ("report", owned(report, &peksos.access)),
        ("assessment", owned(assessment, &peksos.access)),
        ("document", owned(document, &peksos.access)),
        ("sop", owned(referral_sop, &owner.access)),
        ("case", owned(case.clone(), &b.peksos)),
        ("caseTransfer", owned(transfer, &kasi.access)),
        ("referral", owned(referral, &werdha_staf.access)),
        ("letter", owned(letter, &b.staf)),
        ("relayLeg", owned(leg, &peksos.access)),
        ("lksApplication", owned(lks_application, &pelita.access)),
    ].into();
    // The other office's admin (the most powerful outsider), a plain worker there, and
    // staff of an institution: none of them sees Blitar's records.
    for outsider in ["admin@lamandau", "peksos@lamandau", "staf@lks-harapan", "staf@upt-binalaras"] {
        let t = app.login(outsider).await;
        sweep(&app, &t.access, &foreign).await;
        // The phone's delta feed carries none of Blitar's cases to them either.
        let body = app.gql(Some(&t.access), "{ changes { cases { id } } }", json!({})).await;
        let seen: Vec<&str> = body["data"]["changes"]["cases"].as_array().map(|a| a.iter().filter_map(|c| c["id"].as_str()).collect()).unwrap_or_default();
        assert!(!seen.contains(&case.as_str()) && !seen.contains(&return_case.as_str()), "SCOPE LEAK in changes for {outsider}: {body}");
    }
    let owner_changes = app.gql(Some(&b.peksos), "{ changes(first: 100) { cases { id } } }", json!({})).await.to_string();
    assert!(owner_changes.contains(&case) && owner_changes.contains(&return_case), "control: the office's own phone gets them");
});

e2e!(fn institution_staff_see_only_their_own_institution(app) {
    let lks = app.login("staf@lks-harapan").await;
    let body = app.gql(Some(&lks.access), "{ institutions { edges { node { slug kind office { slug } } } } }", json!({})).await;
    assert_eq!(body["data"]["institutions"]["edges"], json!([{"node": {"slug": "lks-harapan", "kind": "LKS", "office": {"slug": "blitar"}}}]), "{body}");
    let other = app.login("staf@lamandau").await;
    let body = app.gql(Some(&other.access), "{ institutions { edges { node { slug } } } }", json!({})).await;
    assert_eq!(body["data"]["institutions"]["edges"], json!([]));
});
