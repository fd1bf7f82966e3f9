//! Reports enter the agenda book; assessments are corrected by new versions.
use super::*;

const RECORD_REPORT: &str = "mutation($i: RecordReportInput!) { recordReport(input: $i) { id agendaEntry reporterType channel referenceLetterNumber summary clientId receivedBy { username } } }";
const RECORD_ASSESSMENT: &str = "mutation($i: RecordAssessmentInput!) { recordAssessment(input: $i) { id version corrects supersededBy eligibility eligibilityReason familyContacts { name relation phone } documentsPresent assessedBy { username } } }";

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn a_client(app: &TestApp, token: &str) -> String {
    let body = app.gql(Some(token), "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Sumarni\", location: SHELTER, categories: [LANJUT_USIA_TERLANTAR]}) { client { id } } }", json!({"id": new_id()})).await;
    body["data"]["registerClient"]["client"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

e2e!(fn a_police_report_is_entered_in_the_agenda_book(app) {
    let staf = app.login("staf@blitar").await;
    let client = a_client(&app, &staf.access).await;
    // The book's year is Blitar's (WIB), not UTC's.
    let year = (chrono::Utc::now() + chrono::Duration::hours(7)).format("%Y").to_string();
    let input = json!({"id": new_id(), "clientId": client, "reporterType": "POLICE", "reporterName": "Polres Blitar Kota",
        "channel": "WRITTEN", "referenceLetterNumber": "B/123/XI/2026/Reskrim", "referenceLetterDate": "2026-11-20",
        "summary": "Seorang lansia terlantar di terminal, tanpa identitas."});
    let body = app.gql(Some(&staf.access), RECORD_REPORT, json!({"i": input.clone()})).await;
    let r = &body["data"]["recordReport"];
    assert_eq!(r["agendaEntry"], format!("001/{year}"), "{body}");
    assert_eq!(r["receivedBy"]["username"], "staf@blitar");
    assert_eq!(r["clientId"], json!(client));
    // A resend is the same entry; the next report gets the next number.
    let again = app.gql(Some(&staf.access), RECORD_REPORT, json!({"i": input})).await;
    assert_eq!(again["data"]["recordReport"]["id"], r["id"]);
    let phone = json!({"id": new_id(), "reporterType": "PUBLIC", "channel": "PHONE", "summary": "Ada orang tidur di pos ronda."});
    let body = app.gql(Some(&staf.access), RECORD_REPORT, json!({"i": phone})).await;
    assert_eq!(body["data"]["recordReport"]["agendaEntry"], format!("002/{year}"), "{body}");
    let empty = json!({"id": new_id(), "reporterType": "PUBLIC", "channel": "ORAL", "summary": "  "});
    let body = app.gql(Some(&staf.access), RECORD_REPORT, json!({"i": empty})).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    let list = app.gql(Some(&staf.access), "query($c: ID) { reports(clientId: $c) { edges { node { agendaEntry } } } }", json!({"c": client})).await;
    assert_eq!(list["data"]["reports"]["edges"], json!([{"node": {"agendaEntry": format!("001/{year}")}}]));
    // Another office cannot attach a report to this client.
    let other = app.login("staf@lamandau").await;
    let body = app.gql(Some(&other.access), RECORD_REPORT, json!({"i": {"id": new_id(), "clientId": client, "reporterType": "PUBLIC", "channel": "ORAL", "summary": "x"}})).await;
    assert_eq!(error_code(&body), Some("NOT_FOUND"));
});

e2e!(fn the_agenda_year_is_the_offices_around_new_year(app) {
    let staf = app.login("staf@blitar").await;
    let entry = |at: &'static str| { let app = app.clone(); let token = staf.access.clone(); async move {
        let body = app.gql(Some(&token), RECORD_REPORT, json!({"i": {"id": new_id(), "reporterType": "PUBLIC", "channel": "PHONE",
            "summary": "Laporan malam tahun baru", "receivedAt": at}})).await;
        body["data"]["recordReport"]["agendaEntry"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned()
    } };
    // 23.30 WIB on 31 December is still that year; 00.30 WIB on 1 January, when UTC is still
    // in the old year, is the new one, and starts the new year's series.
    let late = entry("2025-12-31T16:30:00Z").await;
    let after = entry("2025-12-31T17:30:00Z").await;
    assert!(late.ends_with("/2025"), "{late}");
    assert_eq!(after, "001/2026");
});

e2e!(fn a_corrected_assessment_keeps_the_old_version(app) {
    let peksos = app.login("peksos@blitar").await;
    let client = a_client(&app, &peksos.access).await;
    let first = json!({"id": new_id(), "clientId": client, "condition": "Lemah, bingung", "needs": "Tempat tinggal",
        "familyContacts": [{"name": "Parto", "relation": "anak", "phone": "0812-0000-1111"}],
        "documentsPresent": ["KTP"], "eligibility": "ELIGIBLE", "eligibilityReason": "Lansia tanpa keluarga yang merawat"});
    let body = app.gql(Some(&peksos.access), RECORD_ASSESSMENT, json!({"i": first.clone()})).await;
    let a1 = body["data"]["recordAssessment"].clone();
    assert_eq!(a1["version"], 1, "{body}");
    assert_eq!(a1["familyContacts"][0]["name"], "Parto");
    let no_reason = json!({"id": new_id(), "clientId": client, "eligibility": "NOT_ELIGIBLE"});
    let body = app.gql(Some(&peksos.access), RECORD_ASSESSMENT, json!({"i": no_reason})).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "eligibilityReason");

    let mut fix = first.clone();
    fix["id"] = json!(new_id());
    fix["corrects"] = a1["id"].clone();
    fix["eligibility"] = json!("NOT_ELIGIBLE");
    fix["eligibilityReason"] = json!("Anak bersedia menjemput: reunifikasi keluarga");
    let body = app.gql(Some(&peksos.access), RECORD_ASSESSMENT, json!({"i": fix})).await;
    let a2 = body["data"]["recordAssessment"].clone();
    assert_eq!(a2["version"], 2, "{body}");
    assert_eq!(a2["corrects"], a1["id"]);
    // A second correction of version 1 (someone working on the old screen) is refused.
    let mut late = first;
    late["id"] = json!(new_id());
    late["corrects"] = a1["id"].clone();
    let body = app.gql(Some(&peksos.access), RECORD_ASSESSMENT, json!({"i": late})).await;
    assert_eq!(error_code(&body), Some("CONFLICT"), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["currentId"], a2["id"]);

    let q = "query($id: ID!) { client(id: $id) { current: assessments { version eligibility } all: assessments(includeSuperseded: true) { version supersededBy } } }";
    let body = app.gql(Some(&peksos.access), q, json!({"id": client})).await;
    assert_eq!(body["data"]["client"]["current"], json!([{"version": 2, "eligibility": "NOT_ELIGIBLE"}]), "{body}");
    let all = body["data"]["client"]["all"].as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1]["supersededBy"], a2["id"]);
});
