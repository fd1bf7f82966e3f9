//! The migrations of issue 16 on a database that already holds work: reports enter the
//! incoming book with their numbers, approvals get the drafts' revision they were given
//! on, a signed letter its signed version, and the office goes on working.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::flow::*;
use super::*;

e2e!(fn the_books_and_versions_migrations_keep_the_work_already_done(app) {
    let b = Blitar::login(&app).await;
    let (_, case) = to_coordination(&app, &b).await;
    refer_accepted(&app, &b, &case, "upt-werdha").await;
    let signed = to_signed(&app, &b, &case).await;
    let db = &app.state.db;
    let case_id = uuid::Uuid::parse_str(&case).unwrap();
    let report = entity::report::Entity::find().one(db).await.unwrap().expect("the case's report");
    // Back to before the books, the versions and the templates, then forward again: the
    // backfills run over the rows the office made.
    use migration::MigratorTrait;
    migration::Migrator::down(db, Some(3)).await.expect("down");
    migration::Migrator::up(db, None).await.expect("up again");
    let entries = entity::incoming_letter::Entity::find().all(db).await.unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let e = &entries[0];
    assert_eq!((e.source, e.source_id, e.number, e.year, e.case_id), (entity::incoming_letter::IncomingSource::Report, report.id, report.agenda_number, report.agenda_year, Some(case_id)));
    let approvals = entity::approval::Entity::find().filter(entity::approval::Column::CaseId.eq(case_id)).all(db).await.unwrap();
    assert!(!approvals.is_empty() && approvals.iter().all(|a| a.draft_revision == Some(1)), "{approvals:?}");
    let letter = entity::letter::Entity::find().filter(entity::letter::Column::CaseId.eq(case_id)).one(db).await.unwrap().unwrap();
    assert_eq!((letter.current_version, letter.signed_version), (1, Some(1)));
    // The office goes on: the letter shows its text, is numbered and printed, and the next
    // report takes the next number of the book.
    let body = ok(&app, &b.staf, "query($id: ID!) { letter(id: $id) { body version } }", json!({"id": signed["letter"]["id"]})).await;
    assert!(body["letter"]["body"][1].as_str().unwrap().contains("Dinas Sosial Kota Blitar") && body["letter"]["version"] == 1, "{body}");
    ok(&app, &b.staf, ISSUE, json!({"i": {"id": new_id(), "letterId": signed["letter"]["id"], "recipient": "Klien"}})).await;
    let next = ok(&app, &b.staf, "mutation($i: RecordReportInput!) { recordReport(input: $i) { agendaEntry } }",
        json!({"i": {"id": new_id(), "reporterType": "PUBLIC", "channel": "PHONE", "summary": "Laporan sesudah pembaruan"}})).await;
    assert_eq!(next["recordReport"]["agendaEntry"], format!("{:03}/{}", report.agenda_number + 1, report.agenda_year));
});
