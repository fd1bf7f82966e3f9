//! Escorted returns in relay legs (estafet, seeds 002 and 003): a Dinas Sosial office for
//! every kota/kabupaten and province (the relay nodes, at their seats), the journey planner
//! over them, and the journeys themselves, leg by leg.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};

use chrono::Utc;
use entity::{office, region, region_point};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::infra::error::AppResult;
use crate::infra::state::AppState;
use crate::rules::relay_plan::Node;

/// The IANA zone of a province's offices (WIB, WITA or WIT).
pub fn timezone_of(region_code: &str) -> &'static str {
    match region_code
        .split('.')
        .next()
        .and_then(|p| p.parse::<u8>().ok())
    {
        Some(61) => "Asia/Pontianak",
        Some(51..=53 | 63..=65 | 71..=76) => "Asia/Makassar",
        Some(81 | 82 | 91..=96) => "Asia/Jayapura",
        _ => "Asia/Jakarta",
    }
}

/// A readable, unique slug: `kota-surabaya`, `kab-kotawaringin-barat`, `prov-jawa-timur`.
fn slug_of(code: &str, name: &str, taken: &HashSet<String>) -> String {
    let lower = name.to_lowercase();
    let base = if code.contains('.') {
        lower.replacen("kabupaten ", "kab-", 1)
    } else {
        format!("prov-{lower}")
    };
    let slug: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(50).collect();
    if taken.contains(&slug) {
        format!("{slug}-{}", code.replace('.', "-"))
    } else {
        slug
    }
}

/// Makes sure every kota/kabupaten and province with a seat point has its Dinas Sosial
/// office (idempotent; offices already there, such as the demo's, are kept as they are).
pub async fn ensure_offices(db: &impl ConnectionTrait) -> AppResult<usize> {
    let offices = office::Entity::find().all(db).await?;
    let have: HashSet<String> = offices.iter().map(|o| o.region_code.clone()).collect();
    let mut slugs: HashSet<String> = offices.into_iter().map(|o| o.slug).collect();
    let missing: Vec<String> = region_point::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.code)
        .filter(|c| !have.contains(c))
        .collect();
    if missing.is_empty() {
        return Ok(0);
    }
    let names: HashMap<String, String> = region::Entity::find()
        .filter(region::Column::Code.is_in(missing.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    let now = Utc::now();
    let mut rows = Vec::new();
    for code in &missing {
        let Some(name) = names.get(code) else {
            continue;
        };
        let slug = slug_of(code, name, &slugs);
        slugs.insert(slug.clone());
        let office_name = if code.contains('.') {
            format!("Dinas Sosial {name}")
        } else {
            format!("Dinas Sosial Provinsi {name}")
        };
        rows.push(
            office::Model {
                id: Uuid::now_v7(),
                slug,
                name: office_name,
                region_code: code.clone(),
                timezone: timezone_of(code).to_owned(),
                created_at: now,
                closing_roles: None,
                letterhead_address: None,
                letterhead_contact: None,
                logo_key: None,
            }
            .into_active_model(),
        );
    }
    let n = rows.len();
    for chunk in rows.chunks(200) {
        office::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    tracing::info!(
        offices = n,
        "created the Dinas Sosial offices of the relay network"
    );
    Ok(n)
}

/// Each office with its node, in region-code order.
pub type Nodes = Arc<Vec<(Uuid, Node)>>;

/// The relay nodes, kept in memory: offices and seat points are made at start-up and do not
/// change while the server runs, so each plan need not read 1,100 rows. Loaded on first use.
pub async fn loaded(state: &AppState) -> AppResult<Nodes> {
    state.reference.get_or_load(|| nodes(&state.db)).await
}

/// The relay nodes: every office whose region has a seat point, with the office's name.
pub async fn nodes(db: &impl ConnectionTrait) -> AppResult<Vec<(Uuid, Node)>> {
    let points: HashMap<String, region_point::Model> = region_point::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code.clone(), p))
        .collect();
    let mut out: Vec<(Uuid, Node)> = office::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|o| {
            let p = points.get(&o.region_code)?;
            Some((
                o.id,
                Node::new(&o.region_code, &o.name, p.latitude, p.longitude)?,
            ))
        })
        .collect();
    // One node per region, in code order, so plans do not depend on row order.
    out.sort_by(|a, b| a.1.code.cmp(&b.1.code).then(a.0.cmp(&b.0)));
    out.dedup_by(|a, b| a.1.code == b.1.code);
    Ok(out)
}

/// The planner's journey between two nodes, with the recorded road distances, or
/// FAILED_PRECONDITION when no chain of legs joins them.
pub async fn propose(
    db: &impl ConnectionTrait,
    nodes: &[(Uuid, Node)],
    (from, to): (usize, usize),
    rules: crate::rules::relay_plan::Rules,
) -> AppResult<crate::rules::relay_plan::Plan> {
    let known = known_road_km(db, nodes).await?;
    let only: Vec<Node> = nodes.iter().map(|(_, n)| n.clone()).collect();
    crate::rules::relay_plan::plan_with(&only, from, to, rules, &known).ok_or_else(|| {
        crate::infra::error::AppError::precondition(crate::infra::error::Msg::new(
            "Tidak ada rute estafet antara kedua wilayah ini dengan batas jarak yang berlaku.",
            "No relay route joins these two regions within the distance limit.",
        ))
    })
}

/// The road distances officers confirmed when land legs left (the latest per pair of
/// regions), for the planner to use instead of its estimate.
pub async fn known_road_km(
    db: &impl ConnectionTrait,
    nodes: &[(Uuid, Node)],
) -> AppResult<crate::rules::relay_plan::RoadKm> {
    use entity::relay_leg::{self, LegMode, LegStatus};
    use sea_orm::QueryOrder;
    let code: HashMap<Uuid, &str> = nodes.iter().map(|(id, n)| (*id, n.code.as_str())).collect();
    let mut known = crate::rules::relay_plan::RoadKm::default();
    for l in relay_leg::Entity::find()
        .filter(relay_leg::Column::Mode.eq(LegMode::Land))
        .filter(relay_leg::Column::Status.ne(LegStatus::Planned))
        .order_by_asc(relay_leg::Column::DepartedAt)
        .all(db)
        .await?
    {
        if let (Some(a), Some(b)) = (code.get(&l.from_office_id), code.get(&l.to_office_id)) {
            known.record(a, b, l.distance_km);
        }
    }
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_read_well_and_stay_unique() {
        let none = HashSet::new();
        assert_eq!(slug_of("35.78", "Kota Surabaya", &none), "kota-surabaya");
        assert_eq!(
            slug_of("62.01", "Kabupaten Kotawaringin Barat", &none),
            "kab-kotawaringin-barat"
        );
        assert_eq!(slug_of("35", "Jawa Timur", &none), "prov-jawa-timur");
        let taken: HashSet<String> = ["kota-surabaya".to_owned()].into();
        assert_eq!(
            slug_of("35.78", "Kota Surabaya", &taken),
            "kota-surabaya-35-78"
        );
        assert_eq!(timezone_of("62.09"), "Asia/Jakarta");
        assert_eq!(timezone_of("73.71"), "Asia/Makassar");
        assert_eq!(timezone_of("96.71"), "Asia/Jayapura");
    }
}
