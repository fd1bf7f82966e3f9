//! The office's letter templates (its own text, or the default the server ships) and the
//! facts of a case a template's fields are filled with.
use std::collections::BTreeMap;

use chrono::{Datelike, Utc};
use entity::client::Sex;
use entity::referral::ReferralStatus;
use entity::{client, institution, letter_template, lks_application, office, referral, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use crate::infra::error::AppResult;
use crate::rules::letter_pdf::MONTHS;
use crate::rules::letter_template::{Template, default_of};
use crate::rules::sop::{LetterRule, definition_of};

/// The template letter `key` is written from at the office, and whether it is the
/// shipped default (the office has not set its own).
pub async fn effective(
    db: &impl ConnectionTrait,
    office: Uuid,
    key: &str,
    subject: &str,
    basis: &[String],
) -> AppResult<(Template, bool)> {
    let own = letter_template::Entity::find_by_id((office, key.to_owned()))
        .one(db)
        .await?;
    Ok(match own {
        Some(t) => (template_of(&t), false),
        None => (default_of(key, subject, basis), true),
    })
}

fn template_of(t: &letter_template::Model) -> Template {
    let lines = |v: &serde_json::Value| serde_json::from_value(v.clone()).unwrap_or_default();
    Template {
        subject: t.subject.clone(),
        body: t.body.clone(),
        basis: lines(&t.basis),
        copies: lines(&t.copies),
        nature: t.nature.clone(),
        attachments: t.attachments.clone(),
    }
}

/// Puts the office's own text for `key` in place, inside the caller's transaction.
pub async fn replace(
    txn: &impl ConnectionTrait,
    office: Uuid,
    key: &str,
    t: &Template,
    by: Uuid,
) -> AppResult<()> {
    letter_template::Entity::delete_by_id((office, key.to_owned()))
        .exec(txn)
        .await?;
    letter_template::Model {
        office_id: office,
        key: key.to_owned(),
        subject: t.subject.clone(),
        body: t.body.clone(),
        basis: serde_json::json!(t.basis),
        copies: serde_json::json!(t.copies),
        nature: t.nature.clone(),
        attachments: t.attachments.clone(),
        updated_by: by,
        updated_at: Utc::now(),
    }
    .into_active_model()
    .reset_all()
    .insert(txn)
    .await?;
    Ok(())
}

/// What a template's fields say for the letter: the office, the client, the UPT, the
/// escorts and the route, the LKS.
pub async fn values_of(
    db: &impl ConnectionTrait,
    addressee: &str,
    case_id: Option<Uuid>,
    office: &office::Model,
    client: Option<&client::Model>,
    application: Option<&(lks_application::Model, institution::Model)>,
) -> AppResult<BTreeMap<&'static str, String>> {
    let today = Utc::now()
        .with_timezone(&crate::store::calendar::zone_of(office))
        .date_naive();
    let mut v = BTreeMap::from([
        ("kantor.nama", office.name.clone()),
        ("kantor.kota", place_of(office)),
        (
            "tanggal",
            format!(
                "{} {} {}",
                today.day(),
                MONTHS[today.month0() as usize],
                today.year()
            ),
        ),
        ("tujuan", addressee.to_owned()),
    ]);
    if let Some(c) = client {
        v.insert("klien.nama", crate::rules::client_record::display_name(c));
        v.insert(
            "klien.nik",
            crate::rules::client_record::masked(&c.nik).unwrap_or_default(),
        );
        v.insert("klien.nik_lengkap", c.nik.clone().unwrap_or_default());
        v.insert(
            "klien.jenis_kelamin",
            match c.sex {
                Some(Sex::Male) => "laki-laki".to_owned(),
                Some(Sex::Female) => "perempuan".to_owned(),
                None => String::new(),
            },
        );
        v.insert(
            "klien.umur",
            crate::rules::client_record::age_of(c)
                .map(|a| a.to_string())
                .unwrap_or_default(),
        );
        v.insert(
            "klien.alamat_asal",
            c.origin_address.clone().unwrap_or_default(),
        );
    }
    if let Some((a, lks)) = application {
        v.insert("lks.nama", lks.name.clone());
        v.insert("lks.keperluan", a.purpose.clone());
    }
    if let Some(case) = case_id {
        if let Some(upt) = accepted_upt(db, case).await? {
            v.insert("upt.nama", upt);
        }
        let (escorts, route) = journey_of(db, case).await?;
        v.insert("pendamping", escorts);
        v.insert("rute", route);
    }
    Ok(v)
}

/// The letters the office's adopted procedures write, with the legal basis of their SOP.
pub async fn letters_of_office(
    db: &impl ConnectionTrait,
    office: Uuid,
) -> AppResult<Vec<(LetterRule, Vec<String>)>> {
    let mut out: Vec<(LetterRule, Vec<String>)> = Vec::new();
    for v in crate::store::sops::adopted_versions(db, office).await? {
        let def = definition_of(&v)?;
        for rule in def.letter {
            if !out
                .iter()
                .any(|(r, _)| r.template_key() == rule.template_key())
            {
                out.push((rule, def.legal_basis.clone()));
            }
        }
    }
    Ok(out)
}

/// `Blitar` of `Dinas Sosial Kota Blitar`.
pub fn place_of(office: &office::Model) -> String {
    office
        .name
        .trim_start_matches("Dinas Sosial ")
        .trim_start_matches("Provinsi ")
        .trim_start_matches("Kota ")
        .trim_start_matches("Kabupaten ")
        .to_owned()
}

pub async fn accepted_upt(db: &impl ConnectionTrait, case: Uuid) -> AppResult<Option<String>> {
    let Some(r) = referral::Entity::find()
        .filter(referral::Column::CaseId.eq(case))
        .filter(
            referral::Column::Status.is_in([ReferralStatus::Accepted, ReferralStatus::Admitted]),
        )
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(institution::Entity::find_by_id(r.institution_id)
        .one(db)
        .await?
        .map(|i| i.name))
}

/// The escorts (name, NIP) and the route of the case's journey home, as a letter names
/// them; empty before it is planned.
async fn journey_of(db: &impl ConnectionTrait, case: Uuid) -> AppResult<(String, String)> {
    let Some(journey) = crate::store::journeys::of_case(db, case).await? else {
        return Ok((String::new(), String::new()));
    };
    let legs = crate::store::journeys::legs_of(db, journey.id).await?;
    let mut escort_ids: Vec<Uuid> = Vec::new();
    for leg in &legs {
        let ids: Vec<Uuid> =
            serde_json::from_value(leg.escort_user_ids.clone()).unwrap_or_default();
        for id in ids {
            if !escort_ids.contains(&id) {
                escort_ids.push(id);
            }
        }
    }
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(escort_ids.clone()))
        .all(db)
        .await?;
    let escorts = escort_ids
        .iter()
        .filter_map(|id| people.iter().find(|u| u.id == *id))
        .map(|u| match &u.nip {
            Some(nip) => format!("{} (NIP {nip})", u.full_name),
            None => u.full_name.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let offices = office::Entity::find()
        .filter(
            office::Column::Id.is_in(
                legs.iter()
                    .flat_map(|l| [l.from_office_id, l.to_office_id])
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?;
    let name = |id: Uuid| {
        offices
            .iter()
            .find(|o| o.id == id)
            .map(place_of)
            .unwrap_or_default()
    };
    let route = legs
        .iter()
        .map(|l| {
            format!(
                "{} - {} ({:.0} km)",
                name(l.from_office_id),
                name(l.to_office_id),
                l.distance_km
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    Ok((escorts, route))
}
