//! The return journey as offices really do it (issue 14 §3): relay legs only where the SOP
//! sets the relay rule, a ticket straight to the family, our escort the whole way, the
//! family picking the client up, and each leg's ticket attached to it.
use serde_json::Value;

use super::{flow::*, returns::*, *};

fn legs_of(j: &Value) -> Vec<(String, String, f64)> {
    j["legs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["to"]["regionCode"].as_str().unwrap().to_owned(),
                l["mode"].as_str().unwrap().to_owned(),
                l["distanceKm"].as_f64().unwrap(),
            )
        })
        .collect()
}

e2e!(fn seed_003_relays_beyond_250_km_unless_the_office_sends_the_client_straight_on(app) {
    let pendamping = app.login("pendamping@blitar").await.access;
    let lamandau = app.login("staf@lamandau").await.access;
    let case = to_be_sent_from_blitar(&app, "Sutrisno", "31.71").await;
    // The SOP's rule: estafet beyond 250 km, so the planner proposes relay legs.
    let relay = ok(&app, &pendamping, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "PUBLIC_TRANSPORT"}})).await["planReturn"].clone();
    assert_eq!(relay["byRelay"], true);
    let legs = legs_of(&relay);
    assert!(legs.len() >= 3 && legs.iter().all(|(_, m, km)| m == "LAND" && *km <= 250.0), "{relay}");
    assert_eq!(legs.last().unwrap().0, "31.71");
    // A bus ticket straight to Jakarta: one leg, no relay office, the limit does not apply.
    let straight = ok(&app, &pendamping, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "PUBLIC_TRANSPORT", "byRelay": false}})).await["planReturn"].clone();
    assert_eq!(straight["id"], relay["id"], "the same journey, planned again");
    let legs = legs_of(&straight);
    assert_eq!(legs.len(), 1, "{straight}");
    assert!(legs[0].0 == "31.71" && legs[0].2 > 250.0, "{straight}");
    let leg = straight["legs"][0]["id"].as_str().unwrap().to_owned();

    // The ticket belongs to the leg it paid for; no forwarding letter is needed on a ticket home.
    let wrong = paper(&app, &pendamping, "HANDOVER_PHOTO").await;
    let input = |ticket: &str| json!({"i": {"id": new_id(), "legId": leg, "carrier": "BUS", "ticketCost": 385000, "ticketDocumentId": ticket}});
    let (code, err) = refused(&app, &pendamping, &depart(), input(&wrong)).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("ticketDocumentId")), "{err}");
    let (code, _) = refused(&app, &lamandau, &depart(), input(&wrong)).await;
    assert_eq!(code, "NOT_FOUND", "another office's journey");
    let ticket = paper(&app, &pendamping, "TICKET_RECEIPT").await;
    let left = ok(&app, &pendamping, "mutation($i: DepartLegInput!) { departLeg(input: $i) { status ticket { id kind } forwardingLetter { id } } }", input(&ticket)).await["departLeg"].clone();
    assert_eq!(left, json!({"status": "DEPARTED", "ticket": {"id": ticket, "kind": "TICKET_RECEIPT"}, "forwardingLetter": null}));

    // The family in Jakarta met the bus; the office records it with their signed receipt and photo.
    let arrive = |papers: bool| {
        let (app, pendamping, leg) = (app.clone(), pendamping.clone(), leg.clone());
        async move {
            let mut i = json!({"id": new_id(), "legId": leg, "receivedByName": "Suparmi (istri)", "toFamily": true});
            if papers {
                i["handoverDocumentId"] = json!(paper(&app, &pendamping, "HANDOVER_RECORD").await);
                i["photoDocumentId"] = json!(paper(&app, &pendamping, "HANDOVER_PHOTO").await);
            }
            json!({"i": i})
        }
    };
    let (code, err) = refused(&app, &pendamping, &handover(), arrive(false).await).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("handoverDocumentId")), "the end of a journey is signed for: {err}");
    let done = ok(&app, &pendamping, "mutation($i: ConfirmHandoverInput!) { confirmHandover(input: $i) { status handoverByEscort receivedByName } }", arrive(true).await).await["confirmHandover"].clone();
    assert_eq!(done, json!({"status": "HANDED_OVER", "handoverByEscort": true, "receivedByName": "Suparmi (istri)"}));
    let view = ok(&app, &pendamping, "query($id: ID!) { case(id: $id) { client { location } escortedReturn { status totalCost } } }", json!({"id": case})).await["case"].clone();
    assert_eq!(view, json!({"client": {"location": "FAMILY"}, "escortedReturn": {"status": "ARRIVED", "totalCost": 385000}}));
    let c = complete(&app, &pendamping, &case, "pengiriman", json!({"note": "Diterima istri di Jakarta"})).await;
    assert_eq!(c["status"], "CLOSED");
});

e2e!(fn our_escort_goes_the_whole_way_and_records_every_leg(app) {
    let pendamping = app.login("pendamping@blitar").await.access;
    let surabaya = app.login("staf@kota-surabaya").await.access;
    let lamandau = app.login("staf@lamandau").await.access;
    let escort = app.user_id("pendamping@blitar").await;
    let case = to_be_sent_from_blitar(&app, "Sarpan", "62.09").await;
    let j = ok(&app, &pendamping, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "ESCORT", "byRelay": false}})).await["planReturn"].clone();
    let route: Vec<(String, String)> = legs_of(&j).into_iter().map(|(to, m, _)| (to, m)).collect();
    assert_eq!(route.last().unwrap().0, "62.09", "{j}");
    assert!(route.iter().any(|(_, m)| m == "SEA"), "Java to Kalimantan crosses the sea: {j}");
    let legs: Vec<String> = j["legs"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap().to_owned()).collect();
    // The escort needs no letter for the offices on the way: none of them takes the client over.
    let (code, _) = refused(&app, &pendamping, &depart(), json!({"i": {"id": new_id(), "legId": legs[0], "carrier": "BUS"}})).await;
    assert_eq!(code, "BAD_USER_INPUT", "an escorted journey names its escort");
    for (i, leg) in legs.iter().enumerate() {
        let carrier = if route[i].1 == "SEA" { "SHIP" } else { "BUS" };
        let left = ok(&app, &pendamping, "mutation($i: DepartLegInput!) { departLeg(input: $i) { status escortNames } }",
            json!({"i": {"id": new_id(), "legId": leg, "carrier": carrier, "ticketCost": 100000, "escortUserIds": [escort]}})).await["departLeg"].clone();
        assert_eq!(left["status"], "DEPARTED", "leg {i}");
        if i + 1 < legs.len() {
            // An office on the way neither sends the client on nor signs for them.
            let next = &legs[i + 1];
            let (code, _) = refused(&app, &surabaya, &depart(), json!({"i": {"id": new_id(), "legId": next, "carrier": "SHIP"}})).await;
            assert_eq!(code, "NOT_FOUND", "leg {}", i + 1);
            // The escort notes the stop; no berita acara on the way.
            let stop = ok(&app, &pendamping, "mutation($i: ConfirmHandoverInput!) { confirmHandover(input: $i) { status handoverRecord { id } } }",
                json!({"i": {"id": new_id(), "legId": leg, "receivedByName": "Pendamping (transit)"}})).await["confirmHandover"].clone();
            assert_eq!(stop, json!({"status": "HANDED_OVER", "handoverRecord": null}));
        }
    }
    // At Lamandau the office's own staff signs for the client.
    let last = legs.last().unwrap();
    let record = paper(&app, &lamandau, "HANDOVER_RECORD").await;
    let photo = paper(&app, &lamandau, "HANDOVER_PHOTO").await;
    ok(&app, &lamandau, &handover(), json!({"i": {"id": new_id(), "legId": last, "receivedByName": "Staf Dinsos Lamandau",
        "handoverDocumentId": record, "photoDocumentId": photo}})).await;
    let view = ok(&app, &pendamping, "query($id: ID!) { case(id: $id) { escortedReturn { status byRelay totalCost legs { escortNames } } } }", json!({"id": case})).await["case"]["escortedReturn"].clone();
    assert_eq!((&view["status"], &view["byRelay"]), (&json!("ARRIVED"), &json!(false)));
    assert_eq!(view["totalCost"], 100000 * legs.len() as i64);
    assert!(view["legs"].as_array().unwrap().iter().all(|l| l["escortNames"].as_array().unwrap().len() == 1), "one escort across every leg: {view}");
});

e2e!(fn seed_002_the_family_picks_the_client_up(app) {
    let staf = app.login("staf@lamandau").await.access;
    let peksos = app.login("peksos@lamandau").await.access;
    let kasi = app.login("kasi@lamandau").await.access;
    let (client, _) = register(&app, &staf, "name: \"Ngatini\", sex: FEMALE, estimatedAge: 60, originRegionCode: \"35.72\"").await;
    let case = report_and_case(&app, &staf, &client, "PEMULANGAN_ORANG_TERLANTAR").await;
    upload(&app, &staf, "SURAT_KETERANGAN_POLRES", &client).await;
    complete(&app, &staf, &case, "terima_laporan", json!({})).await;
    complete(&app, &peksos, &case, "verifikasi", json!({"note": "Anaknya di Blitar sudah dihubungi"})).await;
    // No journey to plan: her son comes to Lamandau.
    let c = complete(&app, &kasi, &case, "identifikasi_asesmen_rekomendasi", json!({"branch": "dijemput"})).await;
    assert_eq!(c["currentStepKey"], "reunifikasi_dijemput");
    let proof = upload(&app, &kasi, "HANDOVER_RECORD", &client).await;
    ok(&app, &kasi, "mutation($i: ReunificationInput!) { recordReunification(input: $i) { id } }",
        json!({"i": {"id": new_id(), "caseId": case, "family": {"name": "Joko", "relation": "anak", "phone": "081234500777"}, "mode": "PICKED_UP", "proofDocumentId": proof}})).await;
    let v = ok(&app, &kasi, "query($id: ID!) { case(id: $id) { status outcome escortedReturn { id } client { location } } }", json!({"id": case})).await["case"].clone();
    assert_eq!(v, json!({"status": "CLOSED", "outcome": "REUNIFIED", "escortedReturn": null, "client": {"location": "FAMILY"}}));
});

e2e!(fn the_escort_reports_a_failure_anywhere_on_a_journey_straight_on(app) {
    let pendamping = app.login("pendamping@blitar").await.access;
    let escort = app.user_id("pendamping@blitar").await;
    let case = to_be_sent_from_blitar(&app, "Sarmin", "62.09").await;
    let j = ok(&app, &pendamping, &plan_return(), json!({"i": {"id": new_id(), "caseId": case, "mode": "ESCORT", "byRelay": false}})).await["planReturn"].clone();
    let legs: Vec<String> = j["legs"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap().to_owned()).collect();
    assert!(legs.len() >= 2, "{j}");
    ok(&app, &pendamping, &depart(), json!({"i": {"id": new_id(), "legId": legs[0], "carrier": "BUS", "escortUserIds": [escort]}})).await;
    ok(&app, &pendamping, &handover(), json!({"i": {"id": new_id(), "legId": legs[0], "receivedByName": "Pendamping (transit)"}})).await;
    ok(&app, &pendamping, &depart(), json!({"i": {"id": new_id(), "legId": legs[1], "carrier": "SHIP", "escortUserIds": [escort]}})).await;
    // Far from Blitar, on a leg between two other offices, the escort reports it.
    let failed = ok(&app, &pendamping, "mutation($i: FailLegInput!) { failLeg(input: $i) { status failure } }",
        json!({"i": {"id": new_id(), "legId": legs[1], "failure": "ILL", "note": "Sakit di kapal, dirawat di pelabuhan tujuan", "clientLocation": "HOSPITAL"}})).await["failLeg"].clone();
    assert_eq!(failed, json!({"status": "FAILED", "failure": "ILL"}));
    let (code, _) = refused(&app, &app.login("staf@lamandau").await.access, "mutation($i: FailLegInput!) { failLeg(input: $i) { status } }",
        json!({"i": {"id": new_id(), "legId": legs[0], "failure": "ILL", "note": "x", "clientLocation": "HOSPITAL"}})).await;
    assert_eq!(code, "NOT_FOUND", "an office the leg does not touch");
});
