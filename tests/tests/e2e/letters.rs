//! Letter numbers: taken concurrently they are consecutive, without gaps or duplicates,
//! and a transaction that fails gives its number back.
use rehsos_server::{
    db,
    letters::numbering::{NumberParts, allocate},
};
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
    assert_eq!(names, ["REKOMENDASI", "SURAT-TUGAS"]);
});
