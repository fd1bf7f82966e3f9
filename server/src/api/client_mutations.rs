//! The client mutations: registration (with its warnings and possible duplicates),
//! changes, and revealing the identity numbers.
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::NaiveDate;
use entity::{
    client::{ClientLocation, IdentityStatus, Sex},
    client_category::PpksCategory,
};
use serde::Serialize;

use crate::actions::clients::{self, ClientVersion};
use crate::api::clients::Client;
use crate::api::context::ContextExt;
use crate::infra::error::{AppResult, Msg};
use crate::infra::i18n::Locale;
use crate::infra::idempotency;
use crate::infra::ids::{parse_id, to_id};
use crate::infra::write::Call;
use crate::rules::client_record::{ClientFields, ClientWarning};
use crate::rules::identity::IdNumberWarning;

/// Something to check about a registration; it does not stop it.
#[derive(SimpleObject)]
pub struct ClientWarningItem {
    /// `NIK_UNKNOWN_REGENCY`, `NIK_UNKNOWN_DISTRICT`, `NIK_SEX_MISMATCH`,
    /// `NIK_BIRTH_DATE_MISMATCH`, `KK_UNKNOWN_REGENCY`, `KK_UNKNOWN_DISTRICT`, `POSSIBLE_DUPLICATES`.
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

/// A registration warning as the client shows it, in the caller's language.
fn warning_item(w: &ClientWarning, locale: Locale) -> ClientWarningItem {
    let (prefix, field, label) = match w {
        ClientWarning::Nik(_) => ("NIK_", "nik", "NIK"),
        ClientWarning::Kk(_) => ("KK_", "kkNumber", "KK"),
        ClientWarning::PossibleDuplicates => ("", "name", ""),
    };
    let (code, msg) = match w {
        ClientWarning::Nik(iw) | ClientWarning::Kk(iw) => {
            let code = serde_json::to_value(iw)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let msg = match iw {
                IdNumberWarning::UnknownRegency => Msg::new(
                    format!(
                        "Kode kota/kabupaten pada {label} tidak ada di daftar wilayah sekarang (wilayah bisa dimekarkan); periksa lagi."
                    ),
                    format!(
                        "The kota/kabupaten code in the {label} is not in today's region list (regions split); check it."
                    ),
                ),
                IdNumberWarning::UnknownDistrict => Msg::new(
                    format!(
                        "Kode kecamatan pada {label} tidak ada di daftar wilayah sekarang; periksa lagi."
                    ),
                    format!(
                        "The kecamatan code in the {label} is not in today's region list; check it."
                    ),
                ),
                IdNumberWarning::SexMismatch => Msg::new(
                    "Jenis kelamin menurut NIK berbeda dengan yang diisi.",
                    "The sex the NIK encodes differs from the one entered.",
                ),
                IdNumberWarning::BirthDateMismatch => Msg::new(
                    "Tanggal lahir menurut NIK berbeda dengan yang diisi.",
                    "The birth date the NIK encodes differs from the one entered.",
                ),
            };
            (format!("{prefix}{code}"), msg)
        }
        ClientWarning::PossibleDuplicates => (
            "POSSIBLE_DUPLICATES".to_owned(),
            Msg::new(
                "Ada klien dengan nama mirip dan tanggal lahir atau daerah asal yang sama. Periksa daftar; bila memang orang lain, kirim lagi dengan acceptDuplicates: true.",
                "There are clients with a similar name and the same birth date or origin. Check the list; if this is someone else, send again with acceptDuplicates: true.",
            ),
        ),
    };
    ClientWarningItem {
        code,
        message: match locale {
            Locale::Id => msg.id,
            Locale::En => msg.en,
        },
        field: Some(field.to_owned()),
    }
}

/// A registered client who may be the same person (no identity numbers shown).
#[derive(SimpleObject)]
pub struct DuplicateCandidate {
    pub client_id: ID,
    pub display_name: String,
    pub birth_date: Option<NaiveDate>,
    pub origin_region_code: Option<String>,
}

#[derive(SimpleObject)]
pub struct RegisterClientPayload {
    /// Null when possible duplicates were found and `acceptDuplicates` was not set.
    pub client: Option<Client>,
    pub warnings: Vec<ClientWarningItem>,
    pub duplicates: Vec<DuplicateCandidate>,
    /// True when this id had already been registered with the same content (a resend).
    pub replayed: bool,
}

#[derive(InputObject, Serialize)]
pub struct RegisterClientInput {
    /// A UUID made on the phone: sending the same registration again returns the same client.
    pub id: ID,
    /// Leave out for an unidentified person ("Mr X"); a label is given instead.
    pub name: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub sex: Option<Sex>,
    pub birth_date: Option<NaiveDate>,
    /// Years, when no birth date is known.
    pub estimated_age: Option<i32>,
    /// 16 digits; spaces and dots are ignored.
    pub nik: Option<String>,
    pub kk_number: Option<String>,
    pub origin_address: Option<String>,
    /// Kemendagri code of the region of origin, any level (`35.72`, `35.72.01.1001`).
    pub origin_region_code: Option<String>,
    pub location: ClientLocation,
    pub location_detail: Option<String>,
    pub categories: Vec<PpksCategory>,
    pub notes: Option<String>,
    /// Default: KNOWN when a name or NIK is given, else UNKNOWN.
    pub identity_status: Option<IdentityStatus>,
    /// Register even though similar clients exist.
    #[graphql(default)]
    pub accept_duplicates: bool,
}

#[derive(InputObject, Serialize)]
pub struct UpdateClientInput {
    pub id: ID,
    /// The `version` the change is based on; an older one is refused with CONFLICT.
    pub expected_version: i32,
    /// A UUID made on the phone for this change: a resend is not applied twice.
    pub mutation_id: ID,
    pub name: MaybeUndefined<String>,
    pub aliases: Option<Vec<String>>,
    pub sex: MaybeUndefined<Sex>,
    pub birth_date: MaybeUndefined<NaiveDate>,
    pub estimated_age: MaybeUndefined<i32>,
    pub nik: MaybeUndefined<String>,
    pub kk_number: MaybeUndefined<String>,
    pub origin_address: MaybeUndefined<String>,
    pub origin_region_code: MaybeUndefined<String>,
    pub location: Option<ClientLocation>,
    pub location_detail: MaybeUndefined<String>,
    pub categories: Option<Vec<PpksCategory>>,
    pub notes: MaybeUndefined<String>,
    /// UNKNOWN → ASKED_DUKCAPIL → FOUND or NOT_REGISTERED; KNOWN once identified.
    pub identity_status: Option<IdentityStatus>,
}

/// The full identity numbers of one client.
#[derive(SimpleObject)]
pub struct ClientIdentifiers {
    pub client_id: ID,
    pub nik: Option<String>,
    pub kk_number: Option<String>,
}

#[derive(Default)]
pub struct ClientsMutation;

#[Object]
impl ClientsMutation {
    /// Registers a client. Refused: a malformed NIK/KK (BAD_USER_INPUT) or a NIK already
    /// registered (CONFLICT). Warned: a doubtful NIK region, sex or birth date; similar
    /// clients (then nothing is saved unless `acceptDuplicates` is true).
    async fn register_client(
        &self,
        ctx: &Context<'_>,
        input: RegisterClientInput,
    ) -> AppResult<RegisterClientPayload> {
        let actor = ctx.actor()?;
        let id = parse_id(&input.id)?;
        let fields = ClientFields {
            name: input.name,
            aliases: input.aliases.unwrap_or_default(),
            sex: input.sex,
            birth_date: input.birth_date,
            estimated_age: input.estimated_age,
            nik: input.nik,
            kk_number: input.kk_number,
            origin_address: input.origin_address,
            origin_region_code: input.origin_region_code,
            location: input.location,
            location_detail: input.location_detail,
            categories: input.categories,
            notes: input.notes,
            identity_status: input.identity_status,
        };
        let r = clients::register(
            ctx.app(),
            ctx.meta(),
            actor,
            id,
            fields,
            input.accept_duplicates,
        )
        .await?;
        let locale = ctx.locale();
        Ok(RegisterClientPayload {
            client: r.client.map(Client),
            warnings: r.warnings.iter().map(|w| warning_item(w, locale)).collect(),
            duplicates: r
                .duplicates
                .into_iter()
                .map(|d| DuplicateCandidate {
                    client_id: to_id(d.id),
                    display_name: crate::rules::client_record::display_name(&d),
                    birth_date: d.birth_date,
                    origin_region_code: d.origin_region_code,
                })
                .collect(),
            replayed: r.replayed,
        })
    }

    /// Changes a client, based on the version the worker saw. Fields left out stay as they
    /// are; `null` clears one. The previous version is kept in `history`.
    async fn update_client(
        &self,
        ctx: &Context<'_>,
        input: UpdateClientInput,
    ) -> AppResult<Client> {
        let actor = ctx.actor()?;
        let id = parse_id(&input.id)?;
        let mutation_id = parse_id(&input.mutation_id)?;
        let request_hash = idempotency::hash_input(&input);
        let call = Call {
            state: ctx.app(),
            meta: ctx.meta(),
            actor,
            key: mutation_id,
            expected_version: None,
        };
        let target = ClientVersion {
            id,
            expected_version: input.expected_version,
        };
        let updated = clients::update(&call, target, request_hash, move |mut f| {
            input.name.update_to(&mut f.name);
            if let Some(a) = input.aliases {
                f.aliases = a;
            }
            input.sex.update_to(&mut f.sex);
            input.birth_date.update_to(&mut f.birth_date);
            input.estimated_age.update_to(&mut f.estimated_age);
            input.nik.update_to(&mut f.nik);
            input.kk_number.update_to(&mut f.kk_number);
            input.origin_address.update_to(&mut f.origin_address);
            input
                .origin_region_code
                .update_to(&mut f.origin_region_code);
            if let Some(l) = input.location {
                f.location = l;
            }
            input.location_detail.update_to(&mut f.location_detail);
            if let Some(c) = input.categories {
                f.categories = c;
            }
            input.notes.update_to(&mut f.notes);
            if input.identity_status.is_some() {
                f.identity_status = input.identity_status;
            }
            f
        })
        .await?;
        Ok(Client(updated))
    }

    /// Shows a client's full NIK and KK number. Written to the audit trail.
    async fn reveal_client_identifiers(
        &self,
        ctx: &Context<'_>,
        client_id: ID,
    ) -> AppResult<ClientIdentifiers> {
        let actor = ctx.actor()?;
        let c = clients::reveal(ctx.app(), ctx.meta(), actor, parse_id(&client_id)?).await?;
        Ok(ClientIdentifiers {
            client_id,
            nik: c.nik,
            kk_number: c.kk_number,
        })
    }
}
