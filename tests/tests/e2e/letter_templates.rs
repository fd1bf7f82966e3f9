//! Each office writes its letters its own way: the admin edits the text of an SOP letter
//! (its fields checked before it is saved), the letterhead and the signatory block; the
//! next draft uses them, and the issued PDF prints them.
use serde_json::Value;

use super::flow::*;
use super::*;

const TEMPLATES: &str =
    "{ letterTemplates { key series isDefault subject body basis copies nature fields { name } } }";
const SET_TEMPLATE: &str =
    "mutation($i: LetterTemplateInput!) { setLetterTemplate(input: $i) { key isDefault } }";

async fn draft_of(app: &TestApp, token: &str, case: &str) -> Value {
    ok(
        app,
        token,
        "query($id: ID!) { case(id: $id) { letter { id subject body } } }",
        json!({"id": case}),
    )
    .await["case"]["letter"]
        .clone()
}

/// A seed-000 case at its initials step, its letter drafted.
async fn drafted_case(app: &TestApp, b: &Blitar) -> String {
    let (_, case) = to_coordination(app, b).await;
    refer_accepted(app, b, &case, "upt-werdha").await;
    complete(app, &b.peksos, &case, "koordinasi_upt", json!({})).await;
    case
}

/// Runs an admin mutation that must leave exactly one audit event.
async fn audited(app: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    let before = app.count("audit_event").await;
    let data = ok(app, token, query, vars).await;
    assert_eq!(app.count("audit_event").await, before + 1, "{query}");
    data
}

e2e!(fn a_template_edited_by_the_admin_is_used_by_the_next_draft_and_printed(app) {
    let b = Blitar::login(&app).await;
    let admin = app.login("admin@blitar").await.access;
    let templates = ok(&app, &b.staf, TEMPLATES, json!({})).await["letterTemplates"].clone();
    let keys: Vec<(&str, bool)> = templates.as_array().unwrap().iter().map(|t| (t["key"].as_str().unwrap(), t["isDefault"].as_bool().unwrap())).collect();
    assert_eq!(keys, [("rekomendasi_lks", true), ("rujukan_upt", true), ("surat_pengantar", true), ("permohonan_dukcapil", true), ("berita_acara_serah_terima", true)],
        "the letters of Blitar's adopted SOPs, then the printed forms");
    assert!(templates[1]["basis"].as_array().unwrap().iter().any(|b| b.as_str().unwrap().contains("Kesejahteraan Sosial")), "the SOP's legal basis by default");
    assert!(templates[1]["fields"].as_array().unwrap().iter().any(|f| f["name"] == "klien.nik_lengkap"));

    // A draft made before the change keeps the default text.
    let before = drafted_case(&app, &b).await;
    let old = draft_of(&app, &b.staf, &before).await;
    assert!(old["body"].to_string().contains("Berdasarkan hasil asesmen pekerja sosial Dinas Sosial Kota Blitar"), "{old}");
    assert!(old["body"].to_string().contains("UPT Pelayanan Sosial Tresna Werdha (lanjut usia)"), "the UPT filled in: {old}");

    let mine = |extra: Value| { let mut i = json!({"key": "rujukan_upt", "subject": "Rujukan {klien.nama} ke {upt.nama}",
        "body": "Dengan hormat,\n\nKami rujuk {klien.nama}, {klien.umur} tahun, ke {upt.nama}.\n\nHormat kami.",
        "basis": ["Peraturan Wali Kota Blitar Nomor 49 Tahun 2022"], "copies": ["Kepala UPT Pelayanan Sosial Tresna Werdha", "Arsip"], "nature": "Segera", "attachments": "1 (satu) berkas"});
        i.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone()); json!({"i": i}) };
    // Only the office's admin, only its own letters, only fields that exist and may be shown.
    let (code, _) = refused(&app, &b.kadis, SET_TEMPLATE, mine(json!({}))).await;
    assert_eq!(code, "FORBIDDEN");
    let (code, _) = refused(&app, &app.login("staf@upt-werdha").await.access, TEMPLATES, json!({})).await;
    assert_eq!(code, "FORBIDDEN", "a partner reads no office's templates");
    let (code, _) = refused(&app, &b.kadis, "mutation { setOfficeLetterhead(input: {address: \"Jl. Lain\"}) { address } }", json!({})).await;
    assert_eq!(code, "FORBIDDEN", "only the admin sets the letterhead");
    let (code, err) = refused(&app, &app.login("admin@lamandau").await.access, SET_TEMPLATE, mine(json!({}))).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("key")), "Lamandau writes no referral letter");
    let (code, err) = refused(&app, &admin, SET_TEMPLATE, mine(json!({"body": "Klien {klien.nama}, hobi {klien.hobi}."}))).await;
    assert_eq!((code.as_str(), &err["extensions"]["unknownFields"]), ("BAD_USER_INPUT", &json!(["klien.hobi"])));
    let (code, err) = refused(&app, &admin, SET_TEMPLATE, mine(json!({"key": "rekomendasi_lks", "body": "NIK {klien.nik_lengkap}"}))).await;
    assert_eq!((code.as_str(), &err["extensions"]["unknownFields"]), ("BAD_USER_INPUT", &json!(["klien.nik_lengkap"])), "an LKS recommendation shows no full NIK");
    let saved = audited(&app, &admin, SET_TEMPLATE, mine(json!({}))).await["setLetterTemplate"].clone();
    assert_eq!(saved[1], json!({"key": "rujukan_upt", "isDefault": false}));
    // The letterhead and the Kadis's signatory block.
    let (code, err) = refused(&app, &admin, "mutation($i: SignatoryInput!) { setSignatory(input: $i) { id } }",
        json!({"i": {"userId": app.user_id("kadis@blitar").await, "nip": "1970"}})).await;
    assert_eq!((code.as_str(), err["extensions"]["field"].as_str()), ("BAD_USER_INPUT", Some("nip")));
    let (code, _) = refused(&app, &admin, "mutation($i: SignatoryInput!) { setSignatory(input: $i) { id } }",
        json!({"i": {"userId": app.user_id("kadis@lamandau").await, "nip": "196601191986022002"}})).await;
    assert_eq!(code, "NOT_FOUND", "another office's staff");
    audited(&app, &admin, "mutation($i: SignatoryInput!) { setSignatory(input: $i) { id } }",
        json!({"i": {"userId": app.user_id("kadis@blitar").await, "nip": "1966 0119 1986 0220 02", "rank": "Pembina Utama Muda (IV/c)", "position": "Kepala Dinas Sosial Kota Blitar"}})).await;
    audited(&app, &admin, "mutation($i: LetterheadInput!) { setOfficeLetterhead(input: $i) { address } }",
        json!({"i": {"address": "Jl. Mastrip No. 1, Kota Blitar 66111", "contact": "Telp. (0342) 801234"}})).await;
    // The logo: only the admin; a file that is no picture is refused.
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(60, 80, image::Rgba([0, 90, 60, 255])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let (status, body) = logo(&app, &b.kadis, b"%PDF-1.4".to_vec()).await;
    assert_eq!((status, error_code(&body)), (200, Some("FORBIDDEN")), "{body}");
    let (_, body) = logo(&app, &admin, b"not a picture".to_vec()).await;
    assert_eq!(body["errors"][0]["extensions"]["reason"], "UNREADABLE_IMAGE", "{body}");
    let before_logo = app.count("audit_event").await;
    let (_, body) = logo(&app, &admin, png).await;
    assert_eq!(body["data"]["setOfficeLogo"]["hasLogo"], true, "{body}");
    assert_eq!(app.count("audit_event").await, before_logo + 1);

    // The next draft is written from the office's text; the earlier one stays as it was.
    let after = drafted_case(&app, &b).await;
    let new = draft_of(&app, &b.staf, &after).await;
    assert_eq!(new["subject"], "Rujukan Mbah Karsi ke UPT Pelayanan Sosial Tresna Werdha (lanjut usia)");
    assert_eq!(new["body"], json!(["Dengan hormat,", "Kami rujuk Mbah Karsi, 78 tahun, ke UPT Pelayanan Sosial Tresna Werdha (lanjut usia).", "Hormat kami."]));
    assert_eq!(draft_of(&app, &b.staf, &before).await, old);

    // Issued, the PDF carries the letterhead, the particulars, the basis, the copies and
    // the signatory block.
    for token in [&b.peksos, &b.kabid, &b.sekretaris] {
        approve(&app, token, "addInitials", &after, "paraf_dan_koreksi").await;
    }
    approve(&app, &b.kadis, "signStep", &after, "tanda_tangan").await;
    let issued = ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": new["id"], "recipient": "Klien"}})).await["issueLetter"].clone();
    let pdf_id = ok(&app, &b.staf, "query($id: ID!) { letter(id: $id) { pdf { id } } }", json!({"id": issued["id"]})).await["letter"]["pdf"]["id"].clone();
    let pdf = app.http.get(app.url(&format!("/documents/{}/content", pdf_id.as_str().unwrap()))).bearer_auth(&b.staf).send().await.unwrap().bytes().await.unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap().replace('\n', " ");
    for expected in ["Jl. Mastrip No. 1, Kota Blitar 66111", "Telp. (0342) 801234", "Sifat    : Segera", "Lampiran : 1 (satu) berkas",
        "Dasar:", "Peraturan Wali Kota Blitar Nomor 49 Tahun 2022", "Tembusan:", "Kepala UPT Pelayanan Sosial Tresna Werdha",
        "Kami rujuk Mbah Karsi", "Kepala Dinas Sosial Kota Blitar", "Pembina Utama Muda (IV/c)", "NIP. 196601191986022002"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let audit = ok(&app, &admin, "{ auditEvents(first: 100) { edges { node { action } } } }", json!({})).await;
    let actions: Vec<&str> = audit["auditEvents"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["action"].as_str().unwrap()).collect();
    for a in ["letter.template_set", "user.signatory_set", "office.letterhead_set", "office.logo_set"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    // The logo is in the letter: one image, as uploaded.
    let images: Vec<(i64, i64)> = doc.objects.values().filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").ok().and_then(|v| v.as_name().ok()) == Some(b"Image".as_slice()))
        .map(|s| (s.dict.get(b"Width").unwrap().as_i64().unwrap(), s.dict.get(b"Height").unwrap().as_i64().unwrap()))
        .collect();
    assert_eq!(images, [(60, 80)]);
});

e2e!(fn the_office_prints_the_papers_it_has_signed_by_hand_from_the_case(app) {
    let b = Blitar::login(&app).await;
    let admin = app.login("admin@blitar").await.access;
    let (_, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    let print = |form: &'static str, token: String| { let (app, case) = (app.clone(), case.clone()); async move {
        app.http.get(app.url(&format!("/cases/{case}/forms/{form}.pdf"))).bearer_auth(token).send().await.unwrap()
    } };
    let text_of = |bytes: &[u8]| {
        let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).unwrap().replace('\n', " ")
    };
    let before = app.count("audit_event").await;
    let resp = print("berita_acara_serah_terima", b.peksos.clone()).await;
    assert_eq!((resp.status().as_u16(), resp.headers()["content-type"].to_str().unwrap()), (200, "application/pdf"));
    let text = text_of(&resp.bytes().await.unwrap());
    for expected in ["Berita acara serah terima", "Mbah Karsi", "PIHAK PERTAMA, yang menyerahkan", "PIHAK KEDUA, yang menerima",
        "UPT Pelayanan Sosial Tresna Werdha (lanjut usia)", "Jl. Veteran No. 2"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(!text.contains("ditandatangani secara elektronik") && !text.contains("/verify/"), "signed by hand, no QR: {text}");
    assert_eq!(app.count("audit_event").await, before + 1, "the print is audited");
    let text = text_of(&print("permohonan_dukcapil", b.staf.clone()).await.bytes().await.unwrap());
    assert!(text.contains("Kepala Dinas Kependudukan dan Pencatatan Sipil") && text.contains("Mbah Karsi"), "{text}");
    // The office's own text is used for the next print.
    ok(&app, &admin, SET_TEMPLATE, json!({"i": {"key": "surat_pengantar", "subject": "Pengantar klien", "body": "Kami antarkan {klien.nama} kepada {tujuan}."}})).await;
    let text = text_of(&print("surat_pengantar", b.staf.clone()).await.bytes().await.unwrap());
    assert!(text.contains("Kami antarkan Mbah Karsi kepada UPT Pelayanan Sosial Tresna Werdha (lanjut usia)."), "{text}");
    // Another office's case, a partner, the admin (no casework) and an unknown paper: nothing.
    assert_eq!(print("surat_pengantar", app.login("staf@lamandau").await.access).await.status(), 404);
    assert_eq!(print("surat_pengantar", app.login("staf@upt-werdha").await.access).await.status(), 403);
    assert_eq!(print("surat_pengantar", admin.clone()).await.status(), 403);
    assert_eq!(print("surat_cinta", b.staf.clone()).await.status(), 404);
});

/// `setOfficeLogo` as a GraphQL multipart request: the HTTP status and the answer.
async fn logo(app: &TestApp, token: &str, bytes: Vec<u8>) -> (u16, Value) {
    let operations = json!({"query": "mutation($f: Upload!) { setOfficeLogo(file: $f) { hasLogo } }", "variables": {"f": null}});
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({"0": ["variables.f"]}).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(bytes).file_name("logo.png"),
        );
    let resp = app
        .http
        .post(app.url("/graphql"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}
