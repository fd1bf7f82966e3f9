//! Letter numbers: taken concurrently they are consecutive, without gaps or duplicates,
//! and a transaction that fails gives its number back.
use rehsos_server::{infra::db, rules::letter_number::NumberParts, store::letters::allocate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use super::*;

e2e!(fn fifty_letters_numbered_at_once_are_consecutive(app) {
    let office = entity::office::Entity::find()
        .filter(entity::office::Column::Slug.eq("blitar"))
        .one(&app.state.db).await.unwrap().unwrap().id;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut tasks = Vec::new();
    for i in 0..60 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let parts = NumberParts { unit: "410.105".into(), series: "REKOMENDASI".into(), ..Default::default() };
            let txn = db::begin_write(&app.state.db).await.unwrap();
            let (seq, number) = allocate(&txn, office, "{seq:03}/{unit}/{series}/{year}", &parts, date).await.unwrap();
            // Every sixth signing fails after taking its number: the number must come back.
            if i % 6 == 5 {
                txn.rollback().await.unwrap();
                None
            } else {
                txn.commit().await.unwrap();
                Some((seq, number))
            }
        }));
    }
    let mut taken = Vec::new();
    for t in tasks {
        if let Some(n) = t.await.unwrap() {
            taken.push(n);
        }
    }
    taken.sort();
    assert_eq!(taken.len(), 50);
    let seqs: Vec<i32> = taken.iter().map(|(s, _)| *s).collect();
    assert_eq!(seqs, (1..=50).collect::<Vec<_>>(), "consecutive, no gap, no duplicate");
    assert_eq!(taken[5].1, "006/410.105/REKOMENDASI/2026");
    // Another series, and another office, count on their own.
    let other = NumberParts { series: "SURAT-TUGAS".into(), ..Default::default() };
    let txn = app.state.db.begin().await.unwrap();
    let (seq, _) = allocate(&txn, office, "{seq}/{series}/{year}", &other, date).await.unwrap();
    txn.commit().await.unwrap();
    assert_eq!(seq, 1);
});

e2e!(fn only_the_office_admin_sets_its_calendar_and_number_formats(app) {
    let kadis = app.login("kadis@blitar").await.access;
    let admin = app.login("admin@blitar").await.access;
    let other_admin = app.login("admin@lamandau").await.access;
    let upt = app.login("staf@upt-werdha").await.access;
    let holiday = "mutation { setOfficeHoliday(date: \"2027-08-17\", name: \"HUT RI\") { date } }";
    let series = "mutation { setLetterSeries(input: {series: \"surat-tugas\", template: \"{seq}/ST/{year}\"}) { series example } }";
    for token in [&kadis, &upt] {
        assert_eq!(error_code(&app.gql(Some(token), holiday, json!({})).await), Some("FORBIDDEN"));
        assert_eq!(error_code(&app.gql(Some(token), series, json!({})).await), Some("FORBIDDEN"));
    }
    assert_eq!(error_code(&app.gql(Some(&upt), "{ letterSeries { series } }", json!({})).await), Some("FORBIDDEN"));
    // A broken template is refused before it is saved.
    let broken = app.gql(Some(&admin), "mutation { setLetterSeries(input: {series: \"X\", template: \"{seq}/{unti}/{year}\"}) { series } }", json!({})).await;
    assert_eq!(error_code(&broken), Some("BAD_USER_INPUT"));
    let no_year = app.gql(Some(&admin), "mutation { setLetterSeries(input: {series: \"X\", template: \"{seq}/X\"}) { series } }", json!({})).await;
    assert_eq!(error_code(&no_year), Some("BAD_USER_INPUT"));
    let body = app.gql(Some(&admin), series, json!({})).await;
    assert_eq!(body["data"]["setLetterSeries"]["series"], "SURAT-TUGAS", "{body}");
    // Each office's calendar is its own.
    app.gql(Some(&other_admin), holiday, json!({})).await;
    let blitar = app.gql(Some(&kadis), "{ officeHolidays(year: 2027) { date name } }", json!({})).await;
    assert_eq!(blitar["data"]["officeHolidays"], json!([{"date": "2027-01-01", "name": "Tahun Baru 2027 Masehi"}]));
    let lamandau = app.gql(Some(&other_admin), "{ officeHolidays(year: 2027) { date } }", json!({})).await;
    assert_eq!(lamandau["data"]["officeHolidays"], json!([{"date": "2027-01-01"}, {"date": "2027-08-17"}]));
    let mine = app.gql(Some(&kadis), "{ letterSeries { series template } }", json!({})).await;
    let names: Vec<&str> = mine["data"]["letterSeries"].as_array().unwrap().iter().map(|s| s["series"].as_str().unwrap()).collect();
    assert_eq!(names, ["REKOMENDASI", "REKOMENDASI_LKS", "SURAT-TUGAS"]);
});

e2e!(fn an_issued_letter_is_a_pdf_that_anyone_can_verify_by_code_or_by_file(app) with [("PUBLIC_URL", "https://rehsos.blitarkota.go.id/")] {
    use super::flow::*;
    use sha2::{Digest, Sha256};
    let b = Blitar::login(&app).await;
    let (_, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    let signed = to_signed(&app, &b, &case).await;
    ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": signed["letter"]["id"], "recipient": "Keluarga klien"}})).await;
    let letter = ok(&app, &b.staf, "query($id: ID!) { case(id: $id) { letter { number verifyCode verifyUrl pdf { id kind contentType sha256 } } } }", json!({"id": case})).await["case"]["letter"].clone();
    let (number, code) = (letter["number"].as_str().unwrap().to_owned(), letter["verifyCode"].as_str().unwrap().to_owned());
    assert_eq!(letter["verifyUrl"], format!("https://rehsos.blitarkota.go.id/verify/{code}"));
    assert_eq!((letter["pdf"]["kind"].as_str(), letter["pdf"]["contentType"].as_str()), (Some("LETTER"), Some("application/pdf")));

    // The stored PDF is the letter: it parses, holds its number and the verification address.
    let pdf = app.http.get(app.url(&format!("/documents/{}/content", letter["pdf"]["id"].as_str().unwrap())))
        .bearer_auth(&b.staf).send().await.unwrap().bytes().await.unwrap().to_vec();
    let sha: String = Sha256::digest(&pdf).iter().map(|x| format!("{x:02x}")).collect();
    assert_eq!(letter["pdf"]["sha256"], sha.as_str());
    let parsed = lopdf::Document::load_mem(&pdf).expect("a readable PDF");
    let pages: Vec<u32> = parsed.get_pages().keys().copied().collect();
    let text = parsed.extract_text(&pages).unwrap();
    assert!(text.contains(&number), "{text}");
    assert!(text.contains(&code), "the QR's address is printed under it: {text}");
    assert!(text.contains("UPT Pelayanan Sosial Tresna Werdha"), "{text}");

    // Anyone (no login) asks by the code: genuine, its public facts, nothing about the person.
    let q = "query($c: String!) { verifyLetter(code: $c) { genuine number date officeName signerName signerRole } }";
    let body = app.gql(None, q, json!({"c": code})).await;
    let v = &body["data"]["verifyLetter"];
    assert_eq!((v["genuine"].as_bool(), v["number"].as_str()), (Some(true), Some(number.as_str())), "{body}");
    assert_eq!((v["officeName"].as_str(), v["signerRole"].as_str()), (Some("Dinas Sosial Kota Blitar"), Some("KADIS")));
    assert!(!body.to_string().contains("Karsi"), "nothing personal: {body}");
    let forged = app.gql(None, q, json!({"c": "0123456789ABCDEF0123456789ABCDEF"})).await;
    assert_eq!(forged["data"]["verifyLetter"], json!({"genuine": false, "number": null, "date": null, "officeName": null, "signerName": null, "signerRole": null}));
    // The page the QR code opens.
    let page = app.http.get(app.url(&format!("/verify/{code}"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains(&number));
    assert_eq!(app.http.get(app.url("/verify/PALSU")).send().await.unwrap().status(), 404);

    // Or by the file: exactly these bytes are genuine; one byte changed is not.
    let check = |bytes: Vec<u8>| { let app = app.clone(); async move {
        app.http.post(app.url("/verify")).body(bytes).send().await.unwrap().json::<serde_json::Value>().await.unwrap()
    } };
    let v = check(pdf.clone()).await;
    assert_eq!((v["genuine"].as_bool(), v["number"].as_str()), (Some(true), Some(number.as_str())), "{v}");
    let mut changed = pdf.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    assert_eq!(check(changed).await["genuine"], false);
});
