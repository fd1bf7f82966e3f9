//! How the office writes its letters, in the schema: the templates (the office's own or
//! the default) with the fields they may name, the letterhead, and the signatory block.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};

use crate::actions::letter_templates::Signatory;
use crate::api::context::ContextExt;
use crate::api::users::User;
use crate::infra::auth::casework_office;
use crate::infra::error::AppResult;
use crate::infra::ids::parse_id;
use crate::rules::letter_template::{FIELDS, FORMS, Template};

/// A field a template may name, `{klien.nama}`, and what it holds.
#[derive(SimpleObject)]
pub struct TemplateField {
    pub name: String,
    pub description: String,
}

/// The text one SOP letter is drafted from at the office.
#[derive(SimpleObject)]
pub struct LetterTemplate {
    /// `rujukan_upt`, `rekomendasi_pendampingan`, `surat_tugas`, `rekomendasi_lks`.
    pub key: String,
    /// The letter's numbering series; null for a printed form.
    pub series: Option<String>,
    /// A paper printed from the case to sign by hand (`GET /cases/{id}/forms/{key}.pdf`),
    /// not a letter of the approval chain.
    pub printed_form: bool,
    pub subject: String,
    /// Paragraphs separated by a blank line, with `{fields}`.
    pub body: String,
    /// Dasar hukum, one line each.
    pub basis: Vec<String>,
    /// Tembusan, one line each.
    pub copies: Vec<String>,
    /// Sifat.
    pub nature: String,
    /// Lampiran.
    pub attachments: String,
    /// True while the office uses the text the server ships.
    pub is_default: bool,
    pub fields: Vec<TemplateField>,
}

#[derive(Default)]
pub struct LetterTemplatesQuery;

#[Object]
impl LetterTemplatesQuery {
    /// The office's letter templates, one per letter its adopted procedures write.
    async fn letter_templates(&self, ctx: &Context<'_>) -> AppResult<Vec<LetterTemplate>> {
        templates_of(ctx).await
    }
}

/// The office's templates as the caller's office uses them.
async fn templates_of(ctx: &Context<'_>) -> AppResult<Vec<LetterTemplate>> {
    let actor = ctx.actor()?;
    let office = casework_office(actor).or_else(|_| actor.admin_office())?;
    let db = &ctx.app().db;
    let mut out = Vec::new();
    let letters = crate::store::letter_templates::letters_of_office(db, office).await?;
    let forms = FORMS
        .iter()
        .map(|(key, title)| ((*key).to_owned(), None, (*title).to_owned(), Vec::new()));
    let all = letters
        .into_iter()
        .map(|(rule, basis)| (rule.template_key(), Some(rule.series), rule.subject, basis))
        .chain(forms);
    for (key, series, subject, basis) in all {
        let (t, is_default) =
            crate::store::letter_templates::effective(db, office, &key, &subject, &basis).await?;
        out.push(LetterTemplate {
            key,
            printed_form: series.is_none(),
            series,
            subject: t.subject,
            body: t.body,
            basis: t.basis,
            copies: t.copies,
            nature: t.nature,
            attachments: t.attachments,
            is_default,
            fields: FIELDS
                .iter()
                .map(|(name, description)| TemplateField {
                    name: (*name).to_owned(),
                    description: (*description).to_owned(),
                })
                .collect(),
        });
    }
    Ok(out)
}

#[derive(InputObject)]
pub struct LetterTemplateInput {
    pub key: String,
    pub subject: String,
    pub body: String,
    #[graphql(default)]
    pub basis: Vec<String>,
    #[graphql(default)]
    pub copies: Vec<String>,
    #[graphql(default_with = "String::from(\"Biasa\")")]
    pub nature: String,
    #[graphql(default_with = "String::from(\"-\")")]
    pub attachments: String,
}

#[derive(InputObject)]
pub struct LetterheadInput {
    /// `Jl. Mastrip No. 1, Kota Blitar 66111`.
    pub address: Option<String>,
    /// `Telp. (0342) 801234 · dinsos@blitarkota.go.id`.
    pub contact: Option<String>,
}

#[derive(InputObject)]
pub struct SignatoryInput {
    pub user_id: ID,
    /// 18 digits.
    pub nip: Option<String>,
    /// Pangkat/golongan: `Pembina Utama Muda (IV/c)`.
    pub rank: Option<String>,
    /// Jabatan as printed over the signature: `Kepala Dinas Sosial Kota Blitar`.
    pub position: Option<String>,
}

/// The letterhead as printed on the office's letters.
#[derive(SimpleObject)]
pub struct Letterhead {
    pub office_name: String,
    pub address: Option<String>,
    pub contact: Option<String>,
    /// Whether a logo is printed left of the office's name.
    pub has_logo: bool,
}

impl Letterhead {
    fn of(o: entity::office::Model) -> Self {
        Letterhead {
            office_name: o.name,
            address: o.letterhead_address,
            contact: o.letterhead_contact,
            has_logo: o.logo_key.is_some(),
        }
    }
}

#[derive(Default)]
pub struct LetterTemplatesMutation;

#[Object]
impl LetterTemplatesMutation {
    /// Office admin: the office's own text for one of its letters. Drafts made from now on
    /// use it; a field it cannot fill is refused (`extensions.unknownFields`).
    async fn set_letter_template(
        &self,
        ctx: &Context<'_>,
        input: LetterTemplateInput,
    ) -> AppResult<Vec<LetterTemplate>> {
        let lines = |v: Vec<String>| {
            v.into_iter()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        };
        let t = Template {
            subject: input.subject.trim().to_owned(),
            body: input.body.replace("\r\n", "\n").trim().to_owned(),
            basis: lines(input.basis),
            copies: lines(input.copies),
            nature: input.nature.trim().to_owned(),
            attachments: input.attachments.trim().to_owned(),
        };
        crate::actions::letter_templates::set_template(
            ctx.app(),
            ctx.meta(),
            ctx.actor()?,
            input.key.trim(),
            t,
        )
        .await?;
        templates_of(ctx).await
    }

    /// Office admin: the letterhead (kop surat) of the office's letters.
    async fn set_office_letterhead(
        &self,
        ctx: &Context<'_>,
        input: LetterheadInput,
    ) -> AppResult<Letterhead> {
        let o = crate::actions::letter_templates::set_letterhead(
            ctx.app(),
            ctx.meta(),
            ctx.actor()?,
            input.address,
            input.contact,
        )
        .await?;
        Ok(Letterhead::of(o))
    }

    /// Office admin: the letterhead's logo (GraphQL multipart upload; a PNG, JPEG or WebP).
    async fn set_office_logo(&self, ctx: &Context<'_>, file: Upload) -> AppResult<Letterhead> {
        use std::io::Read;
        let mut raw = Vec::new();
        file.value(ctx)
            .map_err(|e| {
                crate::infra::error::AppError::bad_input(crate::infra::error::Msg::new(
                    format!("Berkas unggahan tidak terbaca: {e}"),
                    format!("The uploaded file cannot be read: {e}"),
                ))
                .with("field", "file")
            })?
            .content
            .read_to_end(&mut raw)
            .map_err(crate::infra::error::AppError::internal)?;
        let o =
            crate::actions::letter_templates::set_logo(ctx.app(), ctx.meta(), ctx.actor()?, raw)
                .await?;
        Ok(Letterhead::of(o))
    }

    /// Office admin: a staff member's signatory block (NIP, rank, position).
    async fn set_signatory(&self, ctx: &Context<'_>, input: SignatoryInput) -> AppResult<User> {
        let s = Signatory {
            user_id: parse_id(&input.user_id)?,
            nip: input.nip,
            rank: input.rank,
            position: input.position,
        };
        let u =
            crate::actions::letter_templates::set_signatory(ctx.app(), ctx.meta(), ctx.actor()?, s)
                .await?;
        Ok(User(u))
    }
}
