//! The office's books in the schema: the incoming agenda book (`incomingBook`) and the
//! outgoing agenda and expedition books (`outgoingBook`: each issued letter with both of
//! its numbers and who signed for it). Printed as PDFs by `http::books`.
use async_graphql::connection::{Connection, OpaqueCursor};
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, Utc};
use entity::Role;
use entity::incoming_letter::{self, IncomingSource};
use uuid::Uuid;

use crate::api::context::ContextExt;
use crate::api::documents::document_by_id;
use crate::api::letters::Letter;
use crate::api::pagination::{connection, page_args};
use crate::api::users::{User, user_by_id};
use crate::infra::auth::{Actor, casework_office};
use crate::infra::error::AppResult;
use crate::infra::ids::{parse_id, to_id};
use crate::store::books::{BookFilter, Place};

/// Who keeps and reads the books: the desk (tata usaha) and the heads.
pub const BOOK_READERS: &[Role] = &[
    Role::Staf,
    Role::Kasi,
    Role::Kabid,
    Role::Sekretaris,
    Role::Kadis,
];

/// The office whose books the actor may read, or FORBIDDEN.
pub fn book_office(actor: &Actor) -> AppResult<Uuid> {
    let office = casework_office(actor)?;
    actor.require_role(BOOK_READERS)?;
    Ok(office)
}

/// What to list of a book.
#[derive(InputObject, Default)]
pub struct BookFilterInput {
    /// First day (the office's date), included.
    pub from: Option<NaiveDate>,
    /// Last day (the office's date), included.
    pub to: Option<NaiveDate>,
    /// Part of the sender, addressee, subject, letter number or receiver, or the entry
    /// number (`7`, `007/2026`).
    pub search: Option<String>,
    pub case_id: Option<ID>,
}

impl BookFilterInput {
    pub fn parsed(self) -> AppResult<BookFilter> {
        Ok(BookFilter {
            from: self.from,
            to: self.to,
            search: self.search,
            case_id: self.case_id.as_ref().map(parse_id).transpose()?,
        })
    }
}

/// An entry of the incoming agenda book (buku agenda surat masuk).
pub struct IncomingLetter(pub incoming_letter::Model);

#[Object]
impl IncomingLetter {
    async fn id(&self) -> ID {
        to_id(self.0.id)
    }
    /// The entry as written in the book: `001/2026`.
    async fn agenda_entry(&self) -> String {
        format!("{:03}/{}", self.0.number, self.0.year)
    }
    async fn number(&self) -> i32 {
        self.0.number
    }
    /// The book's year (the office's, in its zone).
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// What brought the letter: a report, a UPT's letter, an LKS application, Dukcapil.
    async fn source(&self) -> IncomingSource {
        self.0.source
    }
    /// The report, referral, LKS round or Dukcapil request it is for.
    async fn source_id(&self) -> ID {
        to_id(self.0.source_id)
    }
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.received_at
    }
    /// Asal surat.
    async fn sender(&self) -> &str {
        &self.0.sender
    }
    /// The sender's own number, when the letter has one.
    async fn sender_number(&self) -> Option<&str> {
        self.0.sender_number.as_deref()
    }
    async fn sender_date(&self) -> Option<NaiveDate> {
        self.0.sender_date
    }
    /// Perihal.
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn case_id(&self) -> Option<ID> {
        self.0.case_id.map(to_id)
    }
    /// The scan of the letter, when one was uploaded.
    async fn document(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Option<crate::api::documents::Document>> {
        document_by_id(ctx, self.0.document_id).await
    }
    async fn recorded_by(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        user_by_id(ctx, Some(self.0.recorded_by)).await
    }
}

/// What a page of a book is asked for: the reader's office and its zone, the filter, the
/// page.
struct BookPage {
    office: Uuid,
    zone: chrono::FixedOffset,
    filter: BookFilter,
    first: u64,
    after: Option<Place>,
}

impl BookPage {
    async fn of(
        ctx: &Context<'_>,
        filter: Option<BookFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Self> {
        let office = book_office(ctx.actor()?)?;
        let (first, after) = page_args::<Place>(first, after)?;
        Ok(BookPage {
            office,
            zone: crate::store::calendar::office_zone(&ctx.app().db, office).await?,
            filter: filter.unwrap_or_default().parsed()?,
            first,
            after,
        })
    }
}

#[derive(Default)]
pub struct BooksQuery;

#[Object]
impl BooksQuery {
    /// Staf, Kasi and the heads: the office's incoming agenda book, in its order (year,
    /// then entry), narrowed by the office's dates, a search and a case.
    async fn incoming_book(
        &self,
        ctx: &Context<'_>,
        filter: Option<BookFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Connection<OpaqueCursor<Place>, IncomingLetter>> {
        let p = BookPage::of(ctx, filter, first, after).await?;
        let (first, after) = (p.first, p.after);
        let rows = crate::store::books::incoming_page(
            &ctx.app().db,
            p.office,
            p.zone,
            &p.filter,
            after,
            first,
        )
        .await?;
        let read: Vec<(Uuid, Uuid)> = rows
            .iter()
            .take(first as usize)
            .map(|r| (r.id, r.office_id))
            .collect();
        crate::infra::reads::log_reads(&ctx.reader()?, "incoming_letter", &read, "incomingBook")
            .await?;
        Ok(connection(
            rows.into_iter()
                .map(|m| ((m.year, m.number), IncomingLetter(m)))
                .collect(),
            first,
            after.is_some(),
        ))
    }

    /// Staf, Kasi and the heads: the office's issued letters in the outgoing agenda book's
    /// order, each with its expedition entry and who signed for it.
    async fn outgoing_book(
        &self,
        ctx: &Context<'_>,
        filter: Option<BookFilterInput>,
        first: Option<i32>,
        after: Option<String>,
    ) -> AppResult<Connection<OpaqueCursor<Place>, Letter>> {
        let p = BookPage::of(ctx, filter, first, after).await?;
        let (first, after) = (p.first, p.after);
        let rows = crate::store::books::outgoing_page(
            &ctx.app().db,
            p.office,
            p.zone,
            &p.filter,
            after,
            first,
        )
        .await?;
        Ok(connection(
            rows.into_iter()
                .map(|m| {
                    let place = (
                        m.year.unwrap_or_default(),
                        m.agenda_number.unwrap_or_default(),
                    );
                    (place, Letter(m))
                })
                .collect(),
            first,
            after.is_some(),
        ))
    }
}
