//! Demo data (`--demo`): two offices with one user per role, two partner UPTs and two LKS.
//! Their regions come with the full Kemendagri table (migration `m20261122_000002_regions`).
//! Loading it again changes nothing: every row is looked up by its natural key first.
use std::path::PathBuf;

use chrono::Utc;
use entity::{
    Role, institution, institution::InstitutionKind, letter_series, lks_profile,
    lks_profile::LegalStatus, office, office_holiday, user, user_role,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    Iterable, QueryFilter,
};
use uuid::Uuid;

use crate::infra::auth::password;
use crate::infra::auth::tokens::random_token;
use crate::infra::db;
use crate::infra::state::AppState;

/// (slug, name, region)
const OFFICES: &[(&str, &str, &str)] = &[
    ("blitar", "Dinas Sosial Kota Blitar", "35.72"),
    ("lamandau", "Dinas Sosial Kabupaten Lamandau", "62.09"),
];

/// (slug, name, kind, registering office, PPKS categories served, capacity).
type DemoInstitution = (
    &'static str,
    &'static str,
    InstitutionKind,
    &'static str,
    &'static [&'static str],
    i32,
);

const INSTITUTIONS: &[DemoInstitution] = &[
    (
        "upt-werdha",
        "UPT Pelayanan Sosial Tresna Werdha (lanjut usia)",
        InstitutionKind::Upt,
        "blitar",
        &["LANJUT_USIA_TERLANTAR"],
        90,
    ),
    (
        "upt-binalaras",
        "UPT Rehabilitasi Sosial Bina Laras (ODGJ)",
        InstitutionKind::Upt,
        "blitar",
        &["PENYANDANG_DISABILITAS", "GELANDANGAN", "ORANG_TERLANTAR"],
        120,
    ),
    (
        "lks-harapan",
        "LKS Harapan",
        InstitutionKind::Lks,
        "blitar",
        &["ANAK_TERLANTAR"],
        0,
    ),
    (
        "lks-pelita",
        "LKS Pelita Kasih",
        InstitutionKind::Lks,
        "blitar",
        &["LANJUT_USIA_TERLANTAR"],
        0,
    ),
];

/// The demo LKS's legal status: Harapan is a yayasan with a Kemenkumham decree, Pelita a
/// community group with a nota pendirian.
const LKS_PROFILES: &[(&str, LegalStatus, &str)] = &[
    ("lks-harapan", LegalStatus::LegalEntity, "Hj. Siti Aminah"),
    ("lks-pelita", LegalStatus::NoLegalEntity, "Bapak Suyono"),
];

/// A few days off in the demo offices' calendars (national holidays and cuti bersama).
const HOLIDAYS: &[(&str, &str)] = &[
    ("2026-12-24", "Cuti bersama Hari Raya Natal"),
    ("2026-12-25", "Hari Raya Natal"),
    ("2027-01-01", "Tahun Baru 2027 Masehi"),
];

/// The demo offices' letter series: (office, series, template, kka, suffix, unit).
const LETTER_SERIES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "blitar",
        "REKOMENDASI",
        "{kka}/{seq:03}/{unit}/{year}",
        "460",
        "",
        "410.105",
    ),
    (
        "lamandau",
        "REKOMENDASI",
        "{kka}/{seq}-{suffix}/{unit}/{month}/{year}",
        "800",
        "d",
        "Dinsos.C",
    ),
    // Seed 004's LKS recommendations, a series of their own.
    (
        "blitar",
        "REKOMENDASI_LKS",
        "{kka}/{seq:03}/LKS/{unit}/{year}",
        "460",
        "",
        "410.105",
    ),
    // Seed 002's escort recommendation / surat tugas (094: perjalanan dinas).
    (
        "lamandau",
        "SURAT_TUGAS",
        "{kka}/{seq}-{suffix}/{unit}/{month}/{year}",
        "094",
        "d",
        "Dinsos.C",
    ),
];

pub struct DemoSummary {
    /// The demo users' password; `None` when they already existed and nothing says which
    /// password they were given (neither `DEMO_PASSWORD` nor a saved file).
    pub password: Option<String>,
    /// Where the password is saved (`None` when it came from `DEMO_PASSWORD`).
    pub password_file: Option<PathBuf>,
    pub users_created: usize,
}

enum PasswordSource {
    Configured,
    Saved(PathBuf),
    Generated(PathBuf),
}

/// The demo password: `DEMO_PASSWORD`, else the one saved by an earlier run, else a new one.
fn demo_password(state: &AppState, configured: Option<String>) -> (String, PasswordSource) {
    if let Some(p) = configured.filter(|p| !p.is_empty()) {
        return (p, PasswordSource::Configured);
    }
    let path = state.config.data_dir.join("demo-password.txt");
    if let Ok(saved) = std::fs::read_to_string(&path)
        && !saved.trim().is_empty()
    {
        return (saved.trim().to_owned(), PasswordSource::Saved(path));
    }
    (random_token(9), PasswordSource::Generated(path))
}

pub async fn load(
    state: &AppState,
    configured_password: Option<String>,
) -> anyhow::Result<DemoSummary> {
    let (pw, source) = demo_password(state, configured_password);
    // One hash for all demo users: they share the password by design, and hashing 21
    // times would slow every start and every test.
    let phc = password::hash(pw.clone())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let txn = db::begin_write(&state.db).await?;
    let now = Utc::now();

    let mut users_created = offices_and_staff(&txn, &phc, now).await?;
    users_created += institutions_and_staff(&txn, &phc, now).await?;
    lks_profiles(&txn, now).await?;
    users_created += journey_staff(state, &txn, &phc, now).await?;
    calendar_and_series(&txn).await?;
    letterhead_and_signatories(&txn).await?;
    txn.commit().await?;
    let (password, password_file) = keep_password(pw, source, users_created)?;
    Ok(DemoSummary {
        password,
        password_file,
        users_created,
    })
}

/// The password to report and the file it is in. A generated one is saved only when users
/// were made with it, so the file never names a wrong password.
fn keep_password(
    pw: String,
    source: PasswordSource,
    users_created: usize,
) -> anyhow::Result<(Option<String>, Option<PathBuf>)> {
    Ok(match source {
        PasswordSource::Configured => (Some(pw), None),
        PasswordSource::Saved(path) => (Some(pw), Some(path)),
        PasswordSource::Generated(path) if users_created > 0 => {
            std::fs::write(&path, format!("{pw}\n"))?;
            (Some(pw), Some(path))
        }
        PasswordSource::Generated(_) => (None, None),
    })
}

/// The demo offices with the SOPs they adopt and one user per role; returns how many
/// users were made.
async fn offices_and_staff(
    txn: &impl ConnectionTrait,
    phc: &str,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut made = 0;
    for (slug, name, region_code) in OFFICES {
        let office = find_or_insert_office(txn, slug, name, region_code, now).await?;
        crate::store::sops::adopt_latest(txn, &office, sops_of(slug))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        // The deployment's operator is named from the command line, not one per office.
        for role in Role::iter().filter(|r| *r != Role::Operator) {
            let username = format!("{}@{slug}", role.slug());
            let full_name = format!("{} {} (demo)", capitalise(role.slug()), capitalise(slug));
            let demo = DemoUser {
                username: &username,
                full_name: &full_name,
                office_id: Some(office.id),
                institution_id: None,
                role,
            };
            made += ensure_user(txn, demo, phc, now).await?;
        }
    }
    Ok(made)
}

/// The SOPs a demo office adopts. DESIGN.md's decision: Blitar runs seeds 000, 003, 004;
/// Lamandau 002 and 003.
fn sops_of(office_slug: &str) -> &'static [&'static str] {
    match office_slug {
        "blitar" => &[
            "RUJUKAN_PPKS",
            "PENGIRIMAN_ORANG_TERLANTAR",
            "REKOMENDASI_LKS",
        ],
        _ => &["PEMULANGAN_ORANG_TERLANTAR", "PENGIRIMAN_ORANG_TERLANTAR"],
    }
}

/// The partner UPTs and LKS (registered by their office) with one staff user each;
/// returns how many users were made.
async fn institutions_and_staff(
    txn: &impl ConnectionTrait,
    phc: &str,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut made = 0;
    for (slug, name, kind, office_slug, categories, capacity) in INSTITUTIONS {
        let office = office::Entity::find()
            .filter(office::Column::Slug.eq(*office_slug))
            .one(txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo office {office_slug} missing"))?;
        let inst = match institution::Entity::find()
            .filter(institution::Column::Slug.eq(*slug))
            .one(txn)
            .await?
        {
            Some(i) => i,
            None => {
                institution::Model {
                    id: Uuid::now_v7(),
                    slug: (*slug).into(),
                    name: (*name).into(),
                    kind: *kind,
                    office_id: office.id,
                    region_code: Some(office.region_code.clone()),
                    categories_served: serde_json::json!(categories),
                    capacity: Some(*capacity),
                    created_at: now,
                }
                .into_active_model()
                .reset_all()
                .insert(txn)
                .await?
            }
        };
        let username = format!("staf@{slug}");
        let full_name = format!("Staf {name} (demo)");
        let demo = DemoUser {
            username: &username,
            full_name: &full_name,
            office_id: None,
            institution_id: Some(inst.id),
            role: Role::Staf,
        };
        made += ensure_user(txn, demo, phc, now).await?;
    }
    Ok(made)
}

async fn find_or_insert_office(
    db: &impl ConnectionTrait,
    slug: &str,
    name: &str,
    region_code: &str,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<office::Model> {
    if let Some(o) = office::Entity::find()
        .filter(office::Column::Slug.eq(slug))
        .one(db)
        .await?
    {
        return Ok(o);
    }
    // The relay network made the region's office already: the demo gives it its short name.
    if let Some(o) = office::Entity::find()
        .filter(office::Column::RegionCode.eq(region_code))
        .one(db)
        .await?
    {
        let mut row = o.into_active_model();
        row.slug = Set(slug.into());
        row.name = Set(name.into());
        return Ok(row.update(db).await?);
    }
    Ok(office::Model {
        id: Uuid::now_v7(),
        slug: slug.into(),
        name: name.into(),
        region_code: region_code.into(),
        timezone: "Asia/Jakarta".into(),
        created_at: now,
        closing_roles: None,
        letterhead_address: None,
        letterhead_contact: None,
        logo_key: None,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await?)
}

/// The demo LKS's profiles, recorded by their office's admin (once).
async fn lks_profiles(db: &impl ConnectionTrait, now: chrono::DateTime<Utc>) -> anyhow::Result<()> {
    for (slug, legal_status, chair) in LKS_PROFILES {
        let inst = institution::Entity::find()
            .filter(institution::Column::Slug.eq(*slug))
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo LKS {slug} missing"))?;
        if lks_profile::Entity::find_by_id(inst.id)
            .one(db)
            .await?
            .is_some()
        {
            continue;
        }
        let office = office::Entity::find_by_id(inst.office_id)
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo LKS office missing"))?;
        let admin = user::Entity::find()
            .filter(user::Column::Username.eq(format!("admin@{}", office.slug)))
            .one(db)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo admin missing"))?;
        lks_profile::Model {
            institution_id: inst.id,
            legal_status: *legal_status,
            deed_number: None,
            deed_date: None,
            notary: None,
            decree_number: None,
            decree_date: None,
            npwp: None,
            domicile_letter_number: None,
            domicile_valid_until: None,
            chair_name: (*chair).into(),
            clusters: inst.categories_served.clone(),
            registration_number: None,
            registration_valid_until: None,
            accreditation: None,
            accreditation_valid_until: None,
            version: 1,
            updated_by: admin.id,
            updated_at: now,
        }
        .into_active_model()
        .reset_all()
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A demo user with one role, of an office or of an institution.
struct DemoUser<'a> {
    username: &'a str,
    full_name: &'a str,
    office_id: Option<Uuid>,
    institution_id: Option<Uuid>,
    role: Role,
}

/// Inserts the user with its role unless the username exists; returns how many were made.
async fn ensure_user(
    db: &impl ConnectionTrait,
    demo: DemoUser<'_>,
    phc: &str,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<usize> {
    let exists = user::Entity::find()
        .filter(user::Column::Username.eq(demo.username))
        .one(db)
        .await?;
    if exists.is_some() {
        return Ok(0);
    }
    let id = Uuid::now_v7();
    user::Model {
        id,
        username: demo.username.into(),
        full_name: demo.full_name.into(),
        password_hash: phc.into(),
        office_id: demo.office_id,
        institution_id: demo.institution_id,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
        nip: None,
        rank: None,
        position: None,
    }
    .into_active_model()
    .reset_all()
    .insert(db)
    .await?;
    user_role::ActiveModel {
        user_id: Set(id),
        role: Set(demo.role),
    }
    .insert(db)
    .await?;
    Ok(1)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Holidays and letter series of the demo offices; rows already there are left alone.
/// Blitar's letterhead and the signatory blocks of its Kadis and Sekretaris, so the demo's
/// letters print as an office's do (the numbers are made up), once.
async fn letterhead_and_signatories(txn: &impl ConnectionTrait) -> anyhow::Result<()> {
    let Some(blitar) = office::Entity::find()
        .filter(office::Column::Slug.eq("blitar"))
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    if blitar.letterhead_address.is_none() {
        let mut row = blitar.into_active_model();
        row.letterhead_address = Set(Some("Jl. Veteran No. 2, Kota Blitar (demo)".into()));
        row.letterhead_contact = Set(Some("Telp. (0342) 000000 - dinsos@blitar.example".into()));
        row.update(txn).await?;
    }
    for (username, nip, rank, position) in [
        (
            "kadis@blitar",
            "197001012000031001",
            "Pembina Utama Muda (IV/c)",
            "Kepala Dinas Sosial Kota Blitar",
        ),
        (
            "sekretaris@blitar",
            "197502022001122002",
            "Pembina (IV/a)",
            "Sekretaris Dinas Sosial",
        ),
    ] {
        let Some(u) = user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .one(txn)
            .await?
        else {
            continue;
        };
        if u.nip.is_none() {
            let mut row = u.into_active_model();
            row.nip = Set(Some(nip.into()));
            row.rank = Set(Some(rank.into()));
            row.position = Set(Some(position.into()));
            row.update(txn).await?;
        }
    }
    Ok(())
}

async fn calendar_and_series(txn: &impl ConnectionTrait) -> anyhow::Result<()> {
    for (slug, _, _) in OFFICES {
        let office = office::Entity::find()
            .filter(office::Column::Slug.eq(*slug))
            .one(txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo office {slug} missing"))?;
        for (date, name) in HOLIDAYS {
            let date: chrono::NaiveDate = date.parse()?;
            if office_holiday::Entity::find_by_id((office.id, date))
                .one(txn)
                .await?
                .is_none()
            {
                office_holiday::Model {
                    office_id: office.id,
                    date,
                    name: (*name).into(),
                }
                .into_active_model()
                .reset_all()
                .insert(txn)
                .await?;
            }
        }
        for (s_office, series, template, kka, suffix, unit) in LETTER_SERIES {
            if s_office != slug
                || letter_series::Entity::find_by_id((office.id, (*series).to_owned()))
                    .one(txn)
                    .await?
                    .is_some()
            {
                continue;
            }
            letter_series::Model {
                office_id: office.id,
                series: (*series).into(),
                template: (*template).into(),
                kka: (*kka).into(),
                suffix: (*suffix).into(),
                unit: (*unit).into(),
                updated_at: Utc::now(),
            }
            .into_active_model()
            .reset_all()
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// A staff user (`staf@kab-kotawaringin-barat`, ...) for each office the planner puts on the
/// Lamandau → Blitar journey between the two demo offices, to receive and pass on the client.
async fn journey_staff(
    state: &AppState,
    txn: &impl ConnectionTrait,
    phc: &str,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<usize> {
    use crate::rules::relay_plan::{Rules, plan};
    let nodes = crate::store::relay_nodes::nodes(txn)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let at = |code: &str| nodes.iter().position(|(_, n)| n.code == code);
    let (Some(from), Some(to)) = (at("62.09"), at("35.72")) else {
        return Ok(0);
    };
    let only: Vec<_> = nodes.iter().map(|(_, n)| n.clone()).collect();
    let rules = Rules::of(&state.config);
    let Some(route) = plan(&only, from, to, rules) else {
        return Ok(0);
    };
    let mut made = 0;
    for leg in route.legs.iter().skip(1) {
        let office_id = nodes[leg.from].0;
        let office = office::Entity::find_by_id(office_id)
            .one(txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("relay office missing"))?;
        let username = format!("staf@{}", office.slug);
        let full_name = format!("Staf {} (demo)", office.name);
        let demo = DemoUser {
            username: &username,
            full_name: &full_name,
            office_id: Some(office.id),
            institution_id: None,
            role: Role::Staf,
        };
        made += ensure_user(txn, demo, phc, now).await?;
    }
    Ok(made)
}
