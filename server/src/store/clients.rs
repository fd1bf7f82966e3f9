//! Clients (PPKS): the office's own (`in_office`, `find_in_office`), duplicates by name and
//! NIK, categories, revisions.
use crate::infra::auth::Actor;
use crate::infra::error::{AppError, AppResult, Msg};
use crate::infra::state::AppState;
use crate::rules::client_record::{
    ClientFields, changed_fields, display_name, fields_of, identity_transition_allowed, names_of,
    validate,
};
use crate::rules::names;
use chrono::Utc;
use entity::{
    client::{self, ClientLocation, IdentityStatus},
    client_category::{self, PpksCategory},
    client_revision, office,
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Select,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use serde_json::json;
use uuid::Uuid;

/// Applies `change` to a client inside the caller's transaction: the fields are checked as
/// at registration, the identity status may only move forward, and the old row is kept as
/// a revision. Returns the new row and the names of the fields that changed.
pub async fn revise(
    txn: &impl ConnectionTrait,
    state: &AppState,
    actor: &Actor,
    current: client::Model,
    change: impl FnOnce(ClientFields) -> ClientFields,
) -> AppResult<(client::Model, Vec<&'static str>)> {
    let (id, office_id) = (current.id, current.office_id);
    // Phones keeping the client's cases hear of it (its name shows on them); taken first,
    // in the order every case change takes its locks.
    let cases = entity::service_case::Entity::find()
        .filter(entity::service_case::Column::ClientId.eq(id))
        .filter(entity::service_case::Column::OfficeId.eq(office_id))
        .all(txn)
        .await?;
    for case in cases {
        crate::infra::changes::lock_case_row(txn, Some(office_id), case.id).await?;
    }
    let categories = categories_of(txn, id).await?;
    let before = fields_of(&current, categories.clone());
    let today = Utc::now().date_naive();
    let regions = crate::store::regions::loaded(state).await?;
    let (f, _warnings) = validate(&regions, change(before.clone()), today)?;
    if let Some(nik) = &f.nik
        && Some(nik) != current.nik.as_ref()
    {
        ensure_nik_free(txn, office_id, nik, Some(id)).await?;
    }
    let status = next_status(current.identity_status, &f)?;

    client_revision::Model {
        id: Uuid::now_v7(),
        client_id: id,
        version: current.version,
        snapshot: json!({"client": current, "categories": categories}),
        changed_by: actor.user.id,
        changed_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    let mut am = current.clone().into_active_model();
    am.name_key = Set(f.name.as_deref().map(names::name_key));
    am.name = Set(f.name.clone());
    am.aliases = Set(json!(f.aliases));
    am.sex = Set(f.sex);
    am.birth_date = Set(f.birth_date);
    if f.estimated_age != current.estimated_age {
        am.estimated_age_on = Set(f.estimated_age.map(|_| today));
    }
    am.estimated_age = Set(f.estimated_age);
    am.nik = Set(f.nik.clone());
    am.kk_number = Set(f.kk_number.clone());
    am.origin_address = Set(f.origin_address.clone());
    am.origin_region_code = Set(f.origin_region_code.clone());
    am.location = Set(f.location);
    am.location_detail = Set(f.location_detail.clone());
    am.notes = Set(f.notes.clone());
    am.identity_status = Set(status);
    am.version = Set(current.version + 1);
    am.updated_at = Set(Utc::now());
    let updated = am.update(txn).await?;
    if f.categories != categories {
        write_categories(txn, id, &f.categories).await?;
    }
    Ok((updated, changed_fields(&before, &f)))
}

/// The identity status a change leads to: only forward from `current`, and FOUND only with
/// the name or NIK Dukcapil gave.
fn next_status(current: IdentityStatus, f: &ClientFields) -> AppResult<IdentityStatus> {
    let status = f.identity_status.unwrap_or(current);
    if !identity_transition_allowed(current, status) {
        return Err(AppError::bad_input(Msg::new(
            format!(
                "Status identitas tidak bisa berpindah dari {:?} ke {:?}.",
                current, status
            ),
            format!(
                "The identity status cannot move from {:?} to {:?}.",
                current, status
            ),
        ))
        .with("field", "identityStatus"));
    }
    if status == IdentityStatus::Found && f.nik.is_none() && f.name.is_none() {
        return Err(AppError::bad_input(Msg::new(
            "Identitas ditemukan: isi nama atau NIK dari Dukcapil.",
            "Identity found: enter the name or NIK from Dukcapil.",
        ))
        .with("field", "identityStatus"));
    }
    Ok(status)
}

/// A client of the caller's office, or NOT_FOUND.
pub async fn find_in_office(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    id: Uuid,
) -> AppResult<client::Model> {
    in_office(db, office_id, id)
        .await?
        .ok_or_else(|| AppError::not_found("Klien", "Client"))
}

/// A client of the office, or None: the one rule of which clients an office sees.
pub async fn in_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<client::Model>> {
    Ok(client::Entity::find_by_id(id)
        .filter(client::Column::OfficeId.eq(office))
        .one(db)
        .await?)
}

/// A client by id, for a record the caller already may see that names it (its case, a
/// referral, a journey).
pub async fn by_id(db: &impl ConnectionTrait, id: Uuid) -> AppResult<Option<client::Model>> {
    Ok(client::Entity::find_by_id(id).one(db).await?)
}

/// The client's earlier versions, newest first.
pub async fn revisions_of(
    db: &impl ConnectionTrait,
    client_id: Uuid,
) -> AppResult<Vec<client_revision::Model>> {
    Ok(client_revision::Entity::find()
        .filter(client_revision::Column::ClientId.eq(client_id))
        .order_by_desc(client_revision::Column::Version)
        .all(db)
        .await?)
}

/// The PPKS categories of the clients (one query for all; the clients were checked by
/// whoever resolved them). A `DbErr`, as the DataLoader reports it.
pub async fn categories_of_clients(
    db: &impl ConnectionTrait,
    client_ids: &[Uuid],
) -> Result<Vec<client_category::Model>, DbErr> {
    client_category::Entity::find()
        .filter(client_category::Column::ClientId.is_in(client_ids.iter().copied()))
        .all(db)
        .await
}

/// What a list of the office's clients is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct ClientSearch {
    /// Part of the name or an alias, as typed.
    pub name: Option<String>,
    /// The NIK as typed (only its digits count).
    pub nik: Option<String>,
    pub identity_status: Option<IdentityStatus>,
    pub category: Option<PpksCategory>,
    pub location: Option<ClientLocation>,
}

/// A page of the office's clients, newest first, after the client `after`: `first` and one
/// more, so the caller can tell whether more follow.
pub async fn page_of_offices(
    db: &impl ConnectionTrait,
    offices: &[Uuid],
    search: Option<ClientSearch>,
    after: Option<Uuid>,
    first: u64,
) -> AppResult<Vec<client::Model>> {
    let mut q = client::Entity::find()
        .filter(client::Column::OfficeId.is_in(offices.iter().copied()))
        .order_by_desc(client::Column::Id)
        .limit(first + 1);
    if let Some(after) = after {
        q = q.filter(client::Column::Id.lt(after));
    }
    if let Some(f) = search {
        q = narrowed(q, f);
    }
    Ok(q.all(db).await?)
}

/// The query narrowed to the clients that match `f`.
fn narrowed(mut q: Select<client::Entity>, f: ClientSearch) -> Select<client::Entity> {
    if let Some(typed) = f
        .name
        .map(|n| n.trim().to_lowercase())
        .filter(|n| !n.is_empty())
    {
        let clean = |s: &str| format!("%{}%", s.replace(['%', '_'], ""));
        // Names match on their key (spelling variants); aliases as typed.
        let aliases = Func::lower(Expr::col(client::Column::Aliases).cast_as("TEXT"));
        q = q.filter(
            Condition::any()
                .add(client::Column::NameKey.like(clean(&names::name_key(&typed))))
                .add(Expr::expr(aliases).like(clean(&typed))),
        );
    }
    if let Some(nik) = f.nik {
        let digits: String = nik.chars().filter(char::is_ascii_digit).collect();
        q = q.filter(client::Column::Nik.eq(digits));
    }
    if let Some(s) = f.identity_status {
        q = q.filter(client::Column::IdentityStatus.eq(s));
    }
    if let Some(l) = f.location {
        q = q.filter(client::Column::Location.eq(l));
    }
    if let Some(c) = f.category {
        q = q.filter(
            client::Column::Id.in_subquery(
                Query::select()
                    .column(client_category::Column::ClientId)
                    .from(client_category::Entity)
                    .and_where(client_category::Column::Category.eq(c))
                    .to_owned(),
            ),
        );
    }
    q
}

/// The client's PPKS categories, sorted.
pub async fn categories_of(
    db: &impl ConnectionTrait,
    client_id: Uuid,
) -> AppResult<Vec<PpksCategory>> {
    let mut cats: Vec<PpksCategory> = client_category::Entity::find()
        .filter(client_category::Column::ClientId.eq(client_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.category)
        .collect();
    cats.sort();
    Ok(cats)
}

/// Replaces the client's PPKS categories with `categories`.
pub async fn write_categories(
    db: &impl ConnectionTrait,
    client_id: Uuid,
    categories: &[PpksCategory],
) -> AppResult<()> {
    client_category::Entity::delete_many()
        .filter(client_category::Column::ClientId.eq(client_id))
        .exec(db)
        .await?;
    client_category::Entity::insert_many(categories.iter().map(|c| client_category::ActiveModel {
        client_id: Set(client_id),
        category: Set(*c),
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// Clients of the office with a similar name (or alias) and the same birth date or origin region.
pub async fn similar_clients(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    f: &ClientFields,
    except: Option<Uuid>,
) -> AppResult<Vec<client::Model>> {
    let wanted = names_of(f.name.as_deref(), &json!(f.aliases));
    if wanted.is_empty() || (f.birth_date.is_none() && f.origin_region_code.is_none()) {
        return Ok(Vec::new());
    }
    let mut same = Condition::any();
    if let Some(d) = f.birth_date {
        same = same.add(client::Column::BirthDate.eq(d));
    }
    if let Some(r) = &f.origin_region_code {
        same = same.add(client::Column::OriginRegionCode.eq(r.clone()));
    }
    let mut q = client::Entity::find()
        .filter(client::Column::OfficeId.eq(office_id))
        .filter(same)
        .limit(500);
    if let Some(id) = except {
        q = q.filter(client::Column::Id.ne(id));
    }
    let candidates = q.all(db).await?;
    Ok(candidates
        .into_iter()
        .filter(|c| {
            let theirs = names_of(c.name.as_deref(), &c.aliases);
            wanted
                .iter()
                .any(|w| theirs.iter().any(|t| names::similar(w, t)))
        })
        .collect())
}

/// Refuses a NIK that another client already has, naming that client when the caller may
/// see it and only the office otherwise.
pub async fn ensure_nik_free(
    db: &impl ConnectionTrait,
    office_id: Uuid,
    nik: &str,
    except: Option<Uuid>,
) -> AppResult<()> {
    let mut q = client::Entity::find().filter(client::Column::Nik.eq(nik));
    if let Some(id) = except {
        q = q.filter(client::Column::Id.ne(id));
    }
    let Some(existing) = q.one(db).await? else {
        return Ok(());
    };
    if existing.office_id == office_id {
        let who = display_name(&existing);
        return Err(AppError::conflict(Msg::new(
            format!("NIK ini sudah terdaftar untuk klien {who}. Buka data klien tersebut."),
            format!("This NIK is already registered for client {who}. Open that client's record."),
        ))
        .with("field", "nik")
        .with("existingClientId", existing.id.to_string()));
    }
    let office = office::Entity::find_by_id(existing.office_id)
        .one(db)
        .await?;
    let office = office.map(|o| o.name).unwrap_or_default();
    Err(AppError::conflict(Msg::new(
        format!("NIK ini sudah terdaftar di {office}. Hubungi kantor tersebut."),
        format!("This NIK is already registered at {office}. Contact that office."),
    ))
    .with("field", "nik"))
}
