//! The office's books as registers: every incoming letter of the four SOPs in the incoming
//! agenda book exactly once (also under concurrent entry), the outgoing agenda and
//! expedition books with who signed for each letter, listed, searched and printed.
use sea_orm::EntityTrait;
use serde_json::Value;

use super::flow::*;
use super::*;

const INCOMING: &str = "query($f: BookFilterInput, $first: Int, $after: String) { incomingBook(filter: $f, first: $first, after: $after) { edges { cursor node { agendaEntry number year source sourceId sender senderNumber subject caseId document { id } recordedBy { username } } } pageInfo { hasNextPage } } }";
const OUTGOING: &str = "query($f: BookFilterInput) { outgoingBook(filter: $f) { edges { node { id number agendaNumber expeditionNumber addressee subject carriedBy receiverParty receivedByName handedOverAt handedOverBy { username } receipt { id kind } } } } }";
const HANDOVER: &str = "mutation($i: RecordLetterHandoverInput!) { recordLetterHandover(input: $i) { id receivedByName receiverParty carriedBy handedOverAt receipt { id } } }";
const RECORD_REPORT: &str =
    "mutation($i: RecordReportInput!) { recordReport(input: $i) { id agendaEntry } }";
const ANSWER_ON_BEHALF: &str =
    "mutation($i: AnswerReferralInput!) { answerReferral(input: $i) { id status } }";

async fn incoming(app: &TestApp, token: &str, filter: Value) -> Vec<Value> {
    ok(app, token, INCOMING, json!({"f": filter, "first": 100})).await["incomingBook"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

fn sources(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect()
}

/// The office's local date today (WIB).
fn wib_today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(7))
        .format("%Y-%m-%d")
        .to_string()
}

e2e!(fn every_incoming_letter_of_the_four_sops_enters_the_agenda_book_once(app) {
    let b = Blitar::login(&app).await;
    // Seed 000: the kelurahan's report opens the case; its entry then points at the case.
    let (client, case) = to_coordination(&app, &b).await;
    // The UPT answers on paper: the office records it for the UPT, with the letter's scan.
    let referral = ok(&app, &b.peksos, REFER, json!({"i": {"id": new_id(), "caseId": case,
        "institutionId": institution_id(&app, "upt-werdha").await, "needsSummary": "Lansia"}})).await["referCase"]["id"].clone();
    let scan = upload(&app, &b.peksos, "OTHER", &client).await;
    let answer = json!({"i": {"id": new_id(), "referralId": referral, "accept": true, "onBehalf": {"contactName": "Drs. Bambang",
        "contactPosition": "Kepala UPT", "channel": "LETTER", "contactedAt": chrono::Utc::now().to_rfc3339(), "letterDocumentId": scan}}});
    ok(&app, &b.peksos, ANSWER_ON_BEHALF, answer.clone()).await;
    ok(&app, &b.peksos, ANSWER_ON_BEHALF, answer).await; // the phone resends: no second entry
    // Seed 003: a police letter about a Mr X, and Dukcapil's answer about him.
    let mr_x = ok(&app, &b.staf, "mutation($id: ID!) { registerClient(input: {id: $id, location: STREET, categories: [ORANG_TERLANTAR]}) { client { id } } }",
        json!({"id": new_id()})).await["registerClient"]["client"]["id"].clone();
    let police = json!({"i": {"id": new_id(), "clientId": mr_x, "reporterType": "POLICE", "reporterName": "Polres Blitar Kota", "channel": "WRITTEN",
        "referenceLetterNumber": "B/77/XII/2026/Sabhara", "referenceLetterDate": "2026-12-01", "summary": "Orang terlantar di stasiun, tanpa identitas."}});
    let report = ok(&app, &b.staf, RECORD_REPORT, police.clone()).await["recordReport"].clone();
    assert_eq!(ok(&app, &b.staf, RECORD_REPORT, police).await["recordReport"], report, "a resend is the same entry");
    let request = ok(&app, &b.staf, "mutation($i: RequestDukcapilCheckInput!) { requestDukcapilCheck(input: $i) { id } }",
        json!({"i": {"id": new_id(), "clientId": mr_x, "reference": "470/31/410.105/2026"}})).await["requestDukcapilCheck"]["id"].clone();
    ok(&app, &b.staf, "mutation($i: RecordDukcapilAnswerInput!) { recordDukcapilAnswer(input: $i) { id } }",
        json!({"i": {"id": new_id(), "requestId": request, "result": "NOT_REGISTERED"}})).await;
    // Seed 004: an LKS submits its application.
    let lks = app.login("staf@lks-harapan").await.access;
    let (application, _) = super::lks_recommendation::submitted(&app, &lks).await;

    let book = incoming(&app, &b.staf, json!({})).await;
    assert_eq!(sources(&book), ["REPORT", "UPT_ANSWER", "REPORT", "DUKCAPIL_ANSWER", "LKS_APPLICATION"], "{book:#?}");
    let year = &wib_today()[..4];
    let entries: Vec<String> = book.iter().map(|e| e["agendaEntry"].as_str().unwrap().to_owned()).collect();
    assert_eq!(entries, (1..=5).map(|n| format!("{n:03}/{year}")).collect::<Vec<_>>(), "one series, no gap");
    assert_eq!((book[0]["caseId"].as_str(), book[0]["sender"].as_str()), (Some(case.as_str()), Some("Kelurahan / desa")), "the case opened from the report");
    assert_eq!((book[1]["sender"].as_str(), &book[1]["document"]["id"], book[1]["subject"].as_str()),
        (Some("UPT Pelayanan Sosial Tresna Werdha (lanjut usia)"), &json!(scan), Some("Jawaban rujukan: diterima")));
    assert_eq!((book[2]["agendaEntry"].as_str(), book[2]["senderNumber"].as_str()), (report["agendaEntry"].as_str(), Some("B/77/XII/2026/Sabhara")));
    assert_eq!((book[4]["sender"].as_str(), book[4]["caseId"].as_str()), (Some("LKS Harapan"), Some(application.as_str())));
    assert!(book[4]["subject"].as_str().unwrap().starts_with("Permohonan rekomendasi"), "{}", book[4]);
    // Narrowed by case, by search (any case of letters) and by the sender's number.
    let of_case = incoming(&app, &b.kadis, json!({"caseId": case})).await;
    assert_eq!(sources(&of_case), ["REPORT", "UPT_ANSWER"]);
    assert_eq!(sources(&incoming(&app, &b.staf, json!({"search": "polres"})).await), ["REPORT"]);
    assert_eq!(sources(&incoming(&app, &b.staf, json!({"search": "b/77/xii"})).await), ["REPORT"]);
    assert_eq!(sources(&incoming(&app, &b.staf, json!({"search": format!("004/{year}")})).await), ["DUKCAPIL_ANSWER"]);
    // Paged in the book's order.
    let first = ok(&app, &b.staf, INCOMING, json!({"first": 2})).await["incomingBook"].clone();
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let rest = ok(&app, &b.staf, INCOMING, json!({"first": 10, "after": first["edges"][1]["cursor"]})).await["incomingBook"].clone();
    assert_eq!(rest["edges"][0]["node"]["number"], 3);

    // Each source record has exactly one entry in the database.
    let rows = entity::incoming_letter::Entity::find().all(&app.state.db).await.unwrap();
    assert_eq!(rows.len(), 5);
    let distinct: std::collections::HashSet<_> = rows.iter().map(|r| (r.source, r.source_id)).collect();
    assert_eq!(distinct.len(), 5);

    // The book is the desk's and the heads': a peksos, another office, a UPT are refused or see none.
    let (code, _) = refused(&app, &b.peksos, INCOMING, json!({})).await;
    assert_eq!(code, "FORBIDDEN");
    let (code, _) = refused(&app, &app.login("staf@upt-werdha").await.access, INCOMING, json!({})).await;
    assert_eq!(code, "FORBIDDEN");
    assert!(incoming(&app, &app.login("staf@lamandau").await.access, json!({})).await.is_empty());
    // Reading the book is in the read log.
    let audit = ok(&app, &app.login("admin@blitar").await.access, "{ auditEvents(first: 100) { edges { node { action } } } }", json!({})).await;
    assert!(audit["auditEvents"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["action"] == "incoming_letter.read"));
});

e2e!(fn reports_entered_at_once_get_consecutive_agenda_numbers_each_once(app) {
    let staf = app.login("staf@blitar").await.access;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let (app, staf) = (app.clone(), staf.clone());
        tasks.push(tokio::spawn(async move {
            let input = json!({"i": {"id": new_id(), "reporterType": "PUBLIC", "channel": "PHONE", "summary": format!("Laporan warga {i}")}});
            // Each report is sent twice at once, as a phone does on a flaky link.
            let (a, b) = tokio::join!(app.gql(Some(&staf), RECORD_REPORT, input.clone()), app.gql(Some(&staf), RECORD_REPORT, input));
            let pick = |v: &Value| v["data"]["recordReport"]["agendaEntry"].as_str().map(str::to_owned);
            // The loser of the race is answered as a replay or told to resend (CONFLICT).
            let entries: Vec<String> = [pick(&a), pick(&b)].into_iter().flatten().collect();
            assert!(!entries.is_empty(), "{a}\n{b}");
            assert!(entries.windows(2).all(|w| w[0] == w[1]), "the same report, the same entry: {entries:?}");
            entries[0].clone()
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap()[..3].parse::<i32>().unwrap());
    }
    numbers.sort();
    assert_eq!(numbers, (1..=30).collect::<Vec<_>>(), "consecutive, no gap, no duplicate");
    let book = incoming(&app, &staf, json!({})).await;
    assert_eq!(book.len(), 30, "one entry per report");
});

e2e!(fn the_books_year_and_dates_are_the_offices(app) {
    let staf = app.login("staf@blitar").await.access;
    for at in ["2025-12-31T16:30:00Z", "2025-12-31T17:30:00Z"] {
        ok(&app, &staf, RECORD_REPORT, json!({"i": {"id": new_id(), "reporterType": "PUBLIC", "channel": "PHONE",
            "summary": format!("Laporan {at}"), "receivedAt": at}})).await;
    }
    // 23.30 WIB on 31 December is that day and that year in Blitar; 00.30 WIB is the next.
    let old = incoming(&app, &staf, json!({"from": "2025-12-31", "to": "2025-12-31"})).await;
    assert_eq!((old.len(), old[0]["agendaEntry"].as_str()), (1, Some("001/2025")), "{old:?}");
    let new = incoming(&app, &staf, json!({"from": "2026-01-01", "to": "2026-01-01"})).await;
    assert_eq!((new.len(), new[0]["agendaEntry"].as_str()), (1, Some("001/2026")), "{new:?}");
});

e2e!(fn a_letter_handed_over_and_signed_for_is_in_the_expedition_book_and_prints(app) {
    let b = Blitar::login(&app).await;
    let (client, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    let signed = to_signed(&app, &b, &case).await;
    let letter = signed["letter"]["id"].clone();
    let receipt = signature_photo(&app, &b.peksos, &client).await;
    let hand = |extra: Value| { let mut i = json!({"id": new_id(), "letterId": letter, "receiverParty": "CLIENT",
        "receivedByName": "Mbah Karsi", "receiptDocumentId": receipt}); i.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone()); json!({"i": i}) };
    // Not before it is numbered.
    let (code, _) = refused(&app, &b.peksos, HANDOVER, hand(json!({}))).await;
    assert_eq!(code, "FAILED_PRECONDITION");
    let issued = ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": letter, "recipient": "Klien"}})).await["issueLetter"].clone();
    // The receiver's name and a TANDA_TERIMA photo are needed; another office cannot record it.
    let (code, err) = refused(&app, &b.peksos, HANDOVER, hand(json!({"receivedByName": " "}))).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("receivedByName")));
    let wrong_kind = upload(&app, &b.peksos, "OTHER", &client).await;
    let (code, err) = refused(&app, &b.peksos, HANDOVER, hand(json!({"receiptDocumentId": wrong_kind}))).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("receiptDocumentId")));
    let (code, _) = refused(&app, &app.login("peksos@lamandau").await.access, HANDOVER, hand(json!({}))).await;
    assert_eq!(code, "NOT_FOUND");
    let (code, _) = refused(&app, &app.login("analis@blitar").await.access, HANDOVER, hand(json!({}))).await;
    assert_eq!(code, "FORBIDDEN");
    let before = app.count("audit_event").await;
    let done = ok(&app, &b.peksos, HANDOVER, hand(json!({"carriedBy": "Budi (peksos)"}))).await["recordLetterHandover"].clone();
    assert_eq!(app.count("audit_event").await, before + 1, "exactly one event");
    let last = ok(&app, &app.login("admin@blitar").await.access, "{ auditEvents(first: 2) { edges { node { action } } } }", json!({})).await;
    assert_eq!(last["auditEvents"]["edges"][1]["node"]["action"], "letter.handover", "after the admin's own login");
    assert_eq!((done["receivedByName"].as_str(), done["receiverParty"].as_str(), done["carriedBy"].as_str()), (Some("Mbah Karsi"), Some("CLIENT"), Some("Budi (peksos)")));
    let (code, _) = refused(&app, &b.staf, HANDOVER, hand(json!({"receivedByName": "Orang lain"}))).await;
    assert_eq!(code, "CONFLICT", "signed for once");
    // On the case, and in the books.
    let on_case = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { letter { receivedByName receipt { id } } } }", json!({"id": case})).await;
    assert_eq!(on_case["case"]["letter"], json!({"receivedByName": "Mbah Karsi", "receipt": {"id": receipt}}));
    let book = ok(&app, &b.kadis, OUTGOING, json!({"f": {"from": wib_today(), "to": wib_today()}})).await["outgoingBook"]["edges"].clone();
    assert_eq!(book.as_array().unwrap().len(), 1);
    let row = &book[0]["node"];
    assert_eq!((row["number"].as_str(), row["expeditionNumber"].as_i64(), row["handedOverBy"]["username"].as_str()),
        (issued["number"].as_str(), Some(1), Some("peksos@blitar")));
    let number = issued["number"].as_str().unwrap();
    for search in ["werdha", number, "mbah karsi"] {
        let found = ok(&app, &b.staf, OUTGOING, json!({"f": {"search": search}})).await["outgoingBook"]["edges"].clone();
        assert_eq!(found.as_array().unwrap().len(), 1, "{search}");
    }
    let none = ok(&app, &b.staf, OUTGOING, json!({"f": {"to": "2025-12-31"}})).await["outgoingBook"]["edges"].clone();
    assert_eq!(none, json!([]));

    // Printed: the PDF parses and holds the book's rows.
    let print = |book: &'static str, token: String| { let app = app.clone(); async move {
        app.http.get(app.url(&format!("/books/{book}.pdf?from=2026-01-01&to=2027-12-31"))).bearer_auth(token).send().await.unwrap()
    } };
    let text_of = |bytes: &[u8]| {
        let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).unwrap()
    };
    let resp = print("expedition", b.staf.clone()).await;
    assert_eq!((resp.status().as_u16(), resp.headers()["content-type"].to_str().unwrap()), (200, "application/pdf"));
    let expedition = resp.bytes().await.unwrap();
    let text = text_of(&expedition);
    // The receiver's signature is in its column, as on the paper book.
    let doc = lopdf::Document::load_mem(&expedition).unwrap();
    let images = doc.objects.values().filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image".as_slice())).count();
    assert_eq!(images, 1, "the signature's photo");
    for expected in ["BUKU EKSPEDISI", number, "Mbah Karsi (klien)", "Budi (peksos)"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let text = text_of(&print("outgoing", b.kadis.clone()).await.bytes().await.unwrap());
    assert!(text.contains("BUKU AGENDA SURAT KELUAR") && text.contains(number) && text.contains("UPT Pelayanan Sosial Tresna Werdha"), "{text}");
    let text = text_of(&print("incoming", b.staf.clone()).await.bytes().await.unwrap());
    assert!(text.contains("BUKU AGENDA SURAT MASUK") && text.contains("Lansia terlantar di pasar Legi") && text.contains("Kelurahan / desa"), "{text}");
    // The printing is audited; the wrong reader gets nothing.
    assert_eq!(print("incoming", b.peksos.clone()).await.status(), 403);
    assert_eq!(print("incoming", app.login("staf@upt-werdha").await.access).await.status(), 403);
    assert_eq!(print("kas", b.staf.clone()).await.status(), 404);
    let lamandau = text_of(&print("incoming", app.login("staf@lamandau").await.access).await.bytes().await.unwrap());
    assert!(!lamandau.contains("pasar Legi"), "Lamandau prints its own book: {lamandau}");
    let bad = app.http.get(app.url("/books/incoming.pdf?from=31-12-2026")).bearer_auth(&b.staf).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    let audit = ok(&app, &app.login("admin@blitar").await.access, "{ auditEvents(first: 100) { edges { node { action details } } } }", json!({})).await;
    let prints: Vec<&Value> = audit["auditEvents"]["edges"].as_array().unwrap().iter().filter(|e| e["node"]["action"] == "book.print").collect();
    assert_eq!(prints.len(), 3, "{prints:?}");
});

/// A photo of the receiver's signature (a JPEG, as the phone's camera takes it), uploaded
/// as TANDA_TERIMA for the client.
async fn signature_photo(app: &TestApp, token: &str, client: &str) -> String {
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(400, 300, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
    }))
    .write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    let id = new_id();
    let resp = app
        .http
        .put(app.url(&format!(
            "/documents/{id}?kind=TANDA_TERIMA&clientId={client}"
        )))
        .bearer_auth(token)
        .body(jpeg)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    id
}
