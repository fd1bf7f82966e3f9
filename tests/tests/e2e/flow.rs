//! Helpers that drive the referral procedure (seed 000) over HTTP, one demo user per role,
//! so each test reads like the SOP it checks.
use serde_json::Value;

use super::*;

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The Blitar office, one logged-in user per role.
pub struct Blitar {
    pub staf: String,
    pub peksos: String,
    pub kabid: String,
    pub sekretaris: String,
    pub kadis: String,
}

impl Blitar {
    pub async fn login(app: &TestApp) -> Self {
        Self {
            staf: app.login("staf@blitar").await.access,
            peksos: app.login("peksos@blitar").await.access,
            kabid: app.login("kabid@blitar").await.access,
            sekretaris: app.login("sekretaris@blitar").await.access,
            kadis: app.login("kadis@blitar").await.access,
        }
    }
}

/// Runs a GraphQL call that must succeed and returns its `data`.
pub async fn ok(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    let body = app.gql(Some(token), query, vars).await;
    assert!(body["errors"].is_null(), "{query}\n{body}");
    body["data"].clone()
}

/// The first error's code and the whole error, for refusals.
pub async fn refused(app: &TestApp, token: &str, query: &str, vars: Value) -> (String, Value) {
    let body = app.gql(Some(token), query, vars).await;
    let code = error_code(&body).unwrap_or_else(|| panic!("expected a refusal: {body}"));
    (code.to_owned(), body["errors"][0].clone())
}

pub const CASE_FIELDS: &str = "id status outcome currentStepKey currentStep { id key waitingFor startedAt dueAt standardTime standardMinutes } letter { id number addressee signerRole agendaNumber expeditionNumber }";

pub fn case_query(field: &str, input_type: &str) -> String {
    format!("mutation($i: {input_type}!) {{ {field}(input: $i) {{ {CASE_FIELDS} }} }}")
}

/// Uploads a small PDF of `kind` for the client and returns its id.
pub async fn upload(app: &TestApp, token: &str, kind: &str, client: &str) -> String {
    let id = new_id();
    let pdf = format!(
        "%PDF-1.4\n% {kind} {id}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    );
    let resp = app
        .http
        .put(app.url(&format!("/documents/{id}?kind={kind}&clientId={client}")))
        .bearer_auth(token)
        .body(pdf.into_bytes())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    id
}

/// A client, a report about them, and a referral case opened from it (step 1 waiting).
pub async fn open_case(app: &TestApp, b: &Blitar) -> (String, String) {
    let client = ok(app, &b.staf, "mutation($id: ID!) { registerClient(input: {id: $id, name: \"Mbah Karsi\", sex: FEMALE, estimatedAge: 78, location: STREET, categories: [LANJUT_USIA_TERLANTAR]}) { client { id } } }",
        json!({"id": new_id()})).await["registerClient"]["client"]["id"].as_str().unwrap().to_owned();
    let report = ok(app, &b.staf, "mutation($id: ID!, $c: ID!) { recordReport(input: {id: $id, clientId: $c, reporterType: KELURAHAN, channel: WRITTEN, summary: \"Lansia terlantar di pasar Legi\"}) { id } }",
        json!({"id": new_id(), "c": client})).await["recordReport"]["id"].as_str().unwrap().to_owned();
    let case = ok(app, &b.staf, &case_query("openCase", "OpenCaseInput"),
        json!({"i": {"id": new_id(), "sopCode": "RUJUKAN_PPKS", "clientId": client, "reportId": report}})).await["openCase"].clone();
    (client, case["id"].as_str().unwrap().to_owned())
}

pub async fn complete(app: &TestApp, token: &str, case: &str, step: &str, extra: Value) -> Value {
    let mut input = json!({"id": new_id(), "caseId": case, "stepKey": step});
    if let Value::Object(m) = extra {
        input.as_object_mut().unwrap().extend(m);
    }
    ok(
        app,
        token,
        &case_query("completeStep", "CompleteStepInput"),
        json!({"i": input}),
    )
    .await["completeStep"]
        .clone()
}

pub async fn assess(app: &TestApp, token: &str, client: &str, eligibility: &str) {
    ok(app, token, "mutation($i: RecordAssessmentInput!) { recordAssessment(input: $i) { id } }",
        json!({"i": {"id": new_id(), "clientId": client, "eligibility": eligibility, "eligibilityReason": "Hasil asesmen peksos", "needs": "Perawatan lansia"}})).await;
}

/// Steps 1 and 2 (eligible): the case waits at the UPT coordination step.
pub async fn to_coordination(app: &TestApp, b: &Blitar) -> (String, String) {
    let (client, case) = open_case(app, b).await;
    complete(app, &b.staf, &case, "terima_permohonan", json!({})).await;
    assess(app, &b.peksos, &client, "ELIGIBLE").await;
    upload(app, &b.peksos, "SURAT_KETERANGAN_LURAH", &client).await;
    let dokter = upload(app, &b.peksos, "SURAT_KETERANGAN_DOKTER", &client).await;
    let c = complete(
        app,
        &b.peksos,
        &case,
        "cek_dan_asesmen",
        json!({"branch": "layak", "documentIds": [dokter]}),
    )
    .await;
    assert_eq!(
        c["currentStep"]["waitingFor"],
        json!(["KABID"]),
        "layak waits for approval"
    );
    let c = approve_layak(app, b, &case).await;
    assert_eq!(c["currentStepKey"], "koordinasi_upt");
    (client, case)
}

/// "Jika layak dan disetujui": the Kabid approves the worker's proposal to refer.
pub async fn approve_layak(app: &TestApp, b: &Blitar, case: &str) -> Value {
    complete(
        app,
        &b.kabid,
        case,
        "cek_dan_asesmen",
        json!({"branch": "layak", "note": "Disetujui untuk dirujuk"}),
    )
    .await
}

/// Disposisi to a named person (`username`); the step it hands on waits for them only.
pub async fn dispose_to(app: &TestApp, token: &str, case: &str, username: &str) -> Value {
    ok(
        app,
        token,
        &case_query("disposeCase", "DisposeInput"),
        json!({"i": {"id": new_id(), "caseId": case, "toUserId": app.user_id(username).await, "instruction": "Tindak lanjuti"}}),
    )
    .await["disposeCase"]
        .clone()
}

pub const REFER: &str = "mutation($i: ReferInput!) { referCase(input: $i) { id status } }";
pub const ANSWER: &str =
    "mutation($i: AnswerReferralInput!) { answerReferral(input: $i) { id status declineReason } }";

pub async fn institution_id(app: &TestApp, slug: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::institution::Entity::find()
        .filter(entity::institution::Column::Slug.eq(slug))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

/// Refers the case to `slug` and has its staff accept; returns the referral id.
pub async fn refer_accepted(app: &TestApp, b: &Blitar, case: &str, slug: &str) -> String {
    let upt = app.login(&format!("staf@{slug}")).await.access;
    let referral = ok(app, &b.peksos, REFER, json!({"i": {"id": new_id(), "caseId": case, "institutionId": institution_id(app, slug).await, "needsSummary": "Lansia, perlu perawatan harian"}}))
        .await["referCase"]["id"].as_str().unwrap().to_owned();
    ok(
        app,
        &upt,
        ANSWER,
        json!({"i": {"id": new_id(), "referralId": referral, "accept": true}}),
    )
    .await;
    referral
}

pub async fn approve(app: &TestApp, token: &str, field: &str, case: &str, step: &str) -> Value {
    ok(
        app,
        token,
        &case_query(field, "ApproveInput"),
        json!({"i": {"id": new_id(), "caseId": case, "stepKey": step}}),
    )
    .await[field]
        .clone()
}

/// From coordination to a signed letter: the chain of initials, then the signature.
pub async fn to_signed(app: &TestApp, b: &Blitar, case: &str) -> Value {
    complete(app, &b.peksos, case, "koordinasi_upt", json!({})).await;
    for token in [&b.peksos, &b.kabid, &b.sekretaris] {
        approve(app, token, "addInitials", case, "paraf_dan_koreksi").await;
    }
    approve(app, &b.kadis, "signStep", case, "tanda_tangan").await
}

pub const ISSUE: &str = "mutation($i: IssueLetterInput!) { issueLetter(input: $i) { id number numberedManually agendaNumber expeditionNumber recipient year } }";
