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
