//! Letters: drafts made when a step needs one, numbers taken in their series, the PDF
//! made and kept when a letter is issued.
use crate::infra::error::{AppError, AppResult};
use crate::infra::sequences;
use crate::infra::state::AppState;
use crate::rules::letter_number::{self, NumberParts};
use crate::rules::letter_pdf::{MONTHS, Sheet, render_with_logo};
use chrono::{Datelike, NaiveDate};
use entity::Role;
use entity::document_kind::DocumentKind;
use entity::{client, letter, letter_series, office, service_case, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

use crate::rules::letter_pdf::{role_title, title_of, url_of};
use crate::rules::letter_template::{fill, paragraphs};
use crate::rules::sop::LetterRule;
use crate::store::letter_versions::{self, DraftText};
use chrono::Utc;
use entity::approval::ApprovalKind;
use entity::referral::ReferralStatus;
use entity::{institution, lks_application, referral};
use sea_orm::QueryOrder;
use uuid::Uuid;

/// The case's letters in the order they were drafted (the SOP's order).
pub async fn all_of_case(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> AppResult<Vec<letter::Model>> {
    Ok(letter::Entity::find()
        .filter(letter::Column::CaseId.eq(case_id))
        .order_by_asc(letter::Column::CreatedAt)
        .order_by_asc(letter::Column::Id)
        .all(db)
        .await?)
}

/// A letter of the office, or None.
pub async fn in_office(
    db: &impl ConnectionTrait,
    office: Uuid,
    id: Uuid,
) -> AppResult<Option<letter::Model>> {
    Ok(letter::Entity::find_by_id(id)
        .filter(letter::Column::OfficeId.eq(office))
        .one(db)
        .await?)
}

/// The office's letter number formats, by series.
pub async fn series_of_office(
    db: &impl ConnectionTrait,
    office: Uuid,
) -> AppResult<Vec<letter_series::Model>> {
    Ok(letter_series::Entity::find()
        .filter(letter_series::Column::OfficeId.eq(office))
        .order_by_asc(letter_series::Column::Series)
        .all(db)
        .await?)
}

/// Puts `series` in place of the office's format of the same name, inside the caller's
/// transaction.
pub async fn replace_series(
    txn: &impl ConnectionTrait,
    series: letter_series::Model,
) -> AppResult<letter_series::Model> {
    letter_series::Entity::delete_by_id((series.office_id, series.series.clone()))
        .exec(txn)
        .await?;
    Ok(series.into_active_model().reset_all().insert(txn).await?)
}

/// The case's first letter, if drafted.
pub async fn of_case(db: &impl ConnectionTrait, case_id: Uuid) -> AppResult<Option<letter::Model>> {
    Ok(all_of_case(db, case_id).await?.into_iter().next())
}

/// Drafts one of the case's letters (once per series): addressed to the UPT that accepted
/// the referral, or the office of a returning client's region of origin.
pub async fn draft(
    txn: &impl ConnectionTrait,
    case: &service_case::Model,
    rule: &LetterRule,
    legal_basis: &[String],
) -> AppResult<()> {
    let exists = letter::Entity::find()
        .filter(letter::Column::CaseId.eq(case.id))
        .filter(letter::Column::Series.eq(&rule.series))
        .one(txn)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    let accepted = referral::Entity::find()
        .filter(referral::Column::CaseId.eq(case.id))
        .filter(
            referral::Column::Status.is_in([ReferralStatus::Accepted, ReferralStatus::Admitted]),
        )
        .one(txn)
        .await?;
    let addressee = match accepted {
        Some(r) => institution::Entity::find_by_id(r.institution_id)
            .one(txn)
            .await?
            .map(|i| i.name)
            .unwrap_or_default(),
        // A return's letters go to the office at the journey's end; an LKS's recommendation
        // to the LKS.
        None => match crate::store::journeys::destination(txn, case.id).await? {
            Some(id) => office::Entity::find_by_id(id)
                .one(txn)
                .await?
                .map(|o| o.name)
                .unwrap_or_default(),
            None => crate::store::lks_applications::of_case(txn, case.id)
                .await?
                .map(|(_, lks)| lks.name)
                .unwrap_or_default(),
        },
    };
    let (template, _) = crate::store::letter_templates::effective(
        txn,
        case.office_id,
        &rule.template_key(),
        &rule.subject,
        legal_basis,
    )
    .await?;
    let inserted = letter::Model {
        id: Uuid::now_v7(),
        office_id: case.office_id,
        case_id: Some(case.id),
        series: rule.series.clone(),
        subject: rule.subject.clone(),
        addressee,
        signed_by: None,
        signer_role: None,
        signed_at: None,
        number: None,
        sequence: None,
        year: None,
        numbered_manually: false,
        numbered_by: None,
        numbered_at: None,
        agenda_number: None,
        expedition_number: None,
        recipient: None,
        verify_code: None,
        document_id: None,
        pdf_sha256: None,
        carried_by: None,
        receiver_party: None,
        received_by_name: None,
        handed_over_at: None,
        handed_over_by: None,
        receipt_document_id: None,
        current_version: 1,
        signed_version: None,
        nature: Some(template.nature.clone()),
        attachments: Some(template.attachments.clone()),
        basis: Some(serde_json::json!(template.basis)),
        copies: Some(serde_json::json!(template.copies)),
        created_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    // Version 1: the office's template filled from the case, which the reviewers then
    // correct.
    let parties = parties_of(txn, &inserted).await?;
    let values = crate::store::letter_templates::values_of(
        txn,
        &inserted.addressee,
        inserted.case_id,
        &parties.office,
        parties.client.as_ref(),
        parties.application.as_ref(),
    )
    .await?;
    let text = DraftText {
        addressee: addressee_of(&inserted),
        subject: fill(&template.subject, &values),
        body: paragraphs(&template, &values),
    };
    let mut row = inserted.clone().into_active_model();
    row.subject = sea_orm::Set(text.subject.clone());
    row.basis = sea_orm::Set(Some(serde_json::json!(
        template
            .basis
            .iter()
            .map(|b| fill(b, &values))
            .collect::<Vec<_>>()
    )));
    row.update(txn).await?;
    letter_versions::insert(txn, inserted.id, 1, &text, None).await?;
    Ok(())
}

/// Makes the letter's PDF, stores it as a document of the office, and gives the letter its
/// verification code and the PDF's sha256, inside the issuing transaction.
pub async fn attach_pdf(
    txn: &impl ConnectionTrait,
    state: &AppState,
    issuer: Uuid,
    l: letter::Model,
    date: NaiveDate,
) -> AppResult<letter::Model> {
    let parties = parties_of(txn, &l).await?;
    let code = Uuid::new_v4().simple().to_string().to_uppercase();
    let signed = l.signed_version.unwrap_or(l.current_version);
    let text = match letter_versions::text_at(txn, l.id, signed).await? {
        Some(t) => t,
        None => generated(&l, &parties),
    };
    let initials = initials_chain(txn, &l).await?;
    let sheet = sheet_of(
        &l,
        &parties,
        Printed {
            text,
            date,
            verify_url: url_of(&state.config.public_url, &code),
            initials,
        },
    );
    let logo = logo_of(state, &parties.office).await?;
    let bytes = tokio::task::spawn_blocking(move || render_with_logo(sheet, logo))
        .await
        .map_err(AppError::internal)??;
    let doc = crate::store::documents::store_generated(
        txn,
        state,
        crate::store::documents::Generated {
            office_id: l.office_id,
            kind: DocumentKind::Letter,
            client_id: parties.client.map(|c| c.id),
            lks_application_id: parties.application.as_ref().map(|(a, _)| a.id),
            bytes,
            content_type: "application/pdf",
            by: issuer,
        },
    )
    .await?;
    let mut row = l.into_active_model();
    row.verify_code = sea_orm::Set(Some(code));
    row.document_id = sea_orm::Set(Some(doc.id));
    row.pdf_sha256 = sea_orm::Set(Some(doc.sha256));
    Ok(row.update(txn).await?)
}

/// The office's letterhead logo as stored (PNG), if it has one.
pub async fn logo_of(state: &AppState, office: &office::Model) -> AppResult<Option<Vec<u8>>> {
    use object_store::ObjectStoreExt;
    let Some(key) = &office.logo_key else {
        return Ok(None);
    };
    let got = state
        .storage
        .store
        .get(&object_store::path::Path::from(key.as_str()))
        .await
        .map_err(AppError::internal)?;
    Ok(Some(
        got.bytes().await.map_err(AppError::internal)?.to_vec(),
    ))
}

/// The letter's text in effect (the draft the approvers initial and sign): its current
/// version, or the generated draft of a letter drafted before versions were kept.
pub async fn text_of(db: &impl ConnectionTrait, l: &letter::Model) -> AppResult<DraftText> {
    if let Some(t) = letter_versions::text_at(db, l.id, l.current_version).await? {
        return Ok(t);
    }
    Ok(generated(l, &parties_of(db, l).await?))
}

/// The initials (paraf) that hold on the case's drafts as they are now, in the order given:
/// the initials column of the printed letter.
async fn initials_chain(txn: &impl ConnectionTrait, l: &letter::Model) -> AppResult<Vec<String>> {
    let Some(case) = l.case_id else {
        return Ok(Vec::new());
    };
    let revision = letter_versions::revision_of_case(txn, case).await?;
    let held: Vec<_> = crate::store::approvals::of_case(txn, case)
        .await?
        .into_iter()
        .filter(|a| a.kind == ApprovalKind::Initials && a.draft_revision == Some(revision))
        .collect();
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(held.iter().map(|a| a.actor_user_id)))
        .all(txn)
        .await?;
    Ok(held
        .iter()
        .map(|a| {
            let name = people
                .iter()
                .find(|u| u.id == a.actor_user_id)
                .map_or("", |u| u.full_name.as_str());
            format!(
                "{name} ({}), {}",
                role_title(a.actor_role),
                a.at.format("%d/%m/%Y")
            )
        })
        .collect())
}

/// Who a letter's PDF names besides its addressee: the office, the signatory, and the
/// client or the LKS application (with its LKS) the letter is about.
struct LetterParties {
    office: office::Model,
    signer: Option<user::Model>,
    client: Option<client::Model>,
    application: Option<(lks_application::Model, institution::Model)>,
}

/// Reads the letter's parties inside the issuing transaction.
async fn parties_of(txn: &impl ConnectionTrait, l: &letter::Model) -> AppResult<LetterParties> {
    let office = office::Entity::find_by_id(l.office_id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::internal("letter without office"))?;
    let signer = match l.signed_by {
        Some(id) => user::Entity::find_by_id(id).one(txn).await?,
        None => None,
    };
    let client = match l.case_id {
        Some(case) => match service_case::Entity::find_by_id(case).one(txn).await? {
            Some(c) => match c.client_id {
                Some(id) => client::Entity::find_by_id(id).one(txn).await?,
                None => None,
            },
            None => None,
        },
        None => None,
    };
    let application = match l.case_id {
        Some(case) => crate::store::lks_applications::of_case(txn, case).await?,
        None => None,
    };
    Ok(LetterParties {
        office,
        signer,
        client,
        application,
    })
}

/// Kepada: the letter's addressee, or "whom it concerns" when it has none.
fn addressee_of(l: &letter::Model) -> String {
    if l.addressee.is_empty() {
        "Yang bersangkutan".to_owned()
    } else {
        l.addressee.clone()
    }
}

/// The draft as the server generates it from the case: version 1 of every new letter.
fn generated(l: &letter::Model, p: &LetterParties) -> DraftText {
    let about = match (&p.client, &p.application) {
        (Some(c), _) => format!(
            " atas nama {}",
            crate::rules::client_record::display_name(c)
        ),
        (None, Some((a, lks))) => format!(" kepada {} untuk {}", lks.name, a.purpose),
        (None, None) => String::new(),
    };
    DraftText {
        addressee: addressee_of(l),
        subject: l.subject.clone(),
        body: vec![
            "Dengan hormat,".to_owned(),
            format!(
                "Bersama ini {} menyampaikan surat {}{about}, sesuai Standar Operasional Prosedur yang berlaku.",
                p.office.name, l.subject
            ),
            "Demikian surat ini disampaikan untuk dipergunakan sebagaimana mestinya.".to_owned(),
        ],
    }
}

/// What goes on the printed page besides the parties: the signed text, the date, where the
/// QR code points, and the initials column.
struct Printed {
    text: DraftText,
    date: NaiveDate,
    verify_url: String,
    initials: Vec<String>,
}

/// The printed page of the letter.
fn sheet_of(l: &letter::Model, p: &LetterParties, printed: Printed) -> Sheet {
    let Printed {
        text,
        date,
        verify_url,
        initials,
    } = printed;
    let place = crate::store::letter_templates::place_of(&p.office);
    Sheet {
        office_name: p.office.name.clone(),
        number: l.number.clone().unwrap_or_default(),
        place_and_date: format!(
            "{place}, {} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        ),
        addressee: text.addressee,
        subject: text.subject,
        body: text.body,
        initials,
        logo: None,
        by_hand: None,
        letterhead_address: p.office.letterhead_address.clone().unwrap_or_default(),
        letterhead_contact: p.office.letterhead_contact.clone().unwrap_or_default(),
        nature: l.nature.clone().unwrap_or_else(|| "Biasa".to_owned()),
        attachments: l.attachments.clone().unwrap_or_else(|| "-".to_owned()),
        basis: lines_of(&l.basis),
        copies: lines_of(&l.copies),
        signer_title: match (
            l.signer_role,
            p.signer.as_ref().and_then(|u| u.position.clone()),
        ) {
            // The Sekretaris signs on the Kadis's behalf (atas nama).
            (Some(Role::Sekretaris), Some(position)) => format!("a.n. Kepala Dinas, {position}"),
            (_, Some(position)) => position,
            (role, None) => title_of(role).to_owned(),
        },
        signer_name: p
            .signer
            .as_ref()
            .map(|u| u.full_name.clone())
            .unwrap_or_default(),
        signer_rank: p.signer.as_ref().and_then(|u| u.rank.clone()),
        signer_nip: p.signer.as_ref().and_then(|u| u.nip.clone()),
        verify_url,
    }
}

/// A JSON array of lines (dasar hukum, tembusan), or none.
fn lines_of(v: &Option<serde_json::Value>) -> Vec<String> {
    v.as_ref()
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

/// Takes the next number of `series` for the office and year of `date`, inside the caller's
/// write transaction, and renders it.
pub async fn allocate(
    txn: &impl ConnectionTrait,
    office_id: Uuid,
    template: &str,
    parts: &NumberParts,
    date: NaiveDate,
) -> AppResult<(i32, String)> {
    // Check the template before a number is taken.
    letter_number::render(template, parts, 1, date)?;
    let seq = sequences::next(
        txn,
        office_id,
        &format!("LETTER:{}", parts.series),
        date.year(),
    )
    .await?;
    Ok((seq, letter_number::render(template, parts, seq, date)?))
}
