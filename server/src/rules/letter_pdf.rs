//! The issued letter as a PDF: the office's letterhead (text), number, date, addressee,
//! subject, body, signatory, and a QR code pointing at the public verification page. Drawn
//! with printpdf's builtin fonts (no font files to ship) and qrcode's modules as squares.
use entity::Role;

use printpdf::{
    BuiltinFont, Mm, Op, PaintMode, PdfDocument, PdfPage, PdfSaveOptions, Pt, RawImage,
    RawImageData, RawImageFormat, Rect, XObjectTransform,
};

use crate::infra::error::{AppError, AppResult};
use crate::rules::pdf_text::{self, black};

/// What the letter says.
pub struct Sheet {
    pub office_name: String,
    pub number: String,
    /// `Blitar, 1 Desember 2026`.
    pub place_and_date: String,
    pub addressee: String,
    pub subject: String,
    pub body: Vec<String>,
    /// The initials column: who initialled the signed text, in order (`Nama (Kepala
    /// Bidang), 03/12/2026`).
    pub initials: Vec<String>,
    /// Kop surat: the office's logo (RGB pixels, width, height), its address and its
    /// phone / e-mail / website (may be empty).
    pub logo: Option<crate::rules::photos::Picture>,
    pub letterhead_address: String,
    pub letterhead_contact: String,
    /// Sifat and lampiran.
    pub nature: String,
    pub attachments: String,
    /// Dasar hukum and tembusan, one line each.
    pub basis: Vec<String>,
    pub copies: Vec<String>,
    /// `Kepala Dinas`, `Sekretaris Dinas`.
    pub signer_title: String,
    pub signer_name: String,
    /// The signatory's rank (pangkat/golongan) and NIP, when recorded.
    pub signer_rank: Option<String>,
    pub signer_nip: Option<String>,
    /// A paper to sign by hand (a printed form): no electronic signature line and no QR
    /// code; when not empty, the other party's title over a signature on the left.
    pub by_hand: Option<String>,
    /// `PUBLIC_URL/verify/{code}`; empty for a printed form.
    pub verify_url: String,
}

/// Indonesian month names, for the date line.
pub const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// Splits a paragraph into lines of at most `width` characters (Helvetica 11 pt fits about
/// 90 on the page).
fn wrap(paragraph: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Height in mm of `n` lines of `size` pt text.
/// One block of lines at (x, y) mm from the bottom left, in one font.
fn text(ops: &mut Vec<Op>, pos: (f32, f32), font: BuiltinFont, size: f32, lines: &[String]) {
    pdf_text::lines(ops, pos, font, (size, 1.4), lines);
}

fn height(n: usize, size: f32) -> f32 {
    n as f32 * size * 1.4 * 0.3528
}

/// Lines written down the page from `y`, returning where the next block starts.
fn block(
    ops: &mut Vec<Op>,
    (x, y): (f32, f32),
    font: BuiltinFont,
    size: f32,
    lines: &[String],
) -> f32 {
    text(ops, (x, y), font, size, lines);
    y - height(lines.len(), size)
}

/// Renders the sheet as an A4 PDF: the letterhead, the letter's particulars (nomor, sifat,
/// lampiran, perihal), the addressee, the legal basis, the body; then, on a second page
/// when the body is long, the signatory block with the initials column, the copies and
/// the QR code.
pub fn render(sheet: &Sheet) -> AppResult<Vec<u8>> {
    const BODY: f32 = 10.5;
    let mut doc = PdfDocument::new(&format!("Surat {}", sheet.number));
    let mut pages = Vec::new();
    let mut ops = vec![Op::SetFillColor { col: black() }];
    // The logo, 2 cm high, left of the office's name.
    let mut head_x = 20.0;
    if let Some((pixels, w, h)) = &sheet.logo {
        let id = doc.add_image(&RawImage {
            pixels: RawImageData::U8(pixels.clone()),
            width: *w as usize,
            height: *h as usize,
            data_format: RawImageFormat::RGB8,
            tag: Vec::new(),
        });
        ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(Mm(20.0).into()),
                translate_y: Some(Mm(262.0).into()),
                dpi: Some(*h as f32 / (20.0 / 25.4)),
                ..Default::default()
            },
        });
        head_x += 20.0 * (*w as f32 / (*h).max(1) as f32) + 4.0;
    }
    let head = [
        "PEMERINTAH DAERAH".to_owned(),
        sheet.office_name.to_uppercase(),
    ];
    let mut y = block(
        &mut ops,
        (head_x, 280.0),
        BuiltinFont::HelveticaBold,
        14.0,
        &head,
    );
    let contact: Vec<String> = [&sheet.letterhead_address, &sheet.letterhead_contact]
        .into_iter()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect();
    y = block(&mut ops, (head_x, y), BuiltinFont::Helvetica, 9.0, &contact);
    if sheet.logo.is_some() {
        // The rule goes below the logo, however few lines stand beside it.
        y = y.min(261.0);
    }
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            mode: Some(PaintMode::Fill),
            ..Rect::from_xywh(
                Mm(20.0).into(),
                Mm(y + 1.0).into(),
                Mm(170.0).into(),
                Pt(1.5),
            )
        },
    });
    y -= 6.0;
    let mut meta = vec![
        sheet.place_and_date.clone(),
        String::new(),
        format!("Nomor    : {}", sheet.number),
        format!("Sifat    : {}", sheet.nature),
        format!("Lampiran : {}", sheet.attachments),
    ];
    meta.extend(wrap(&format!("Perihal  : {}", sheet.subject), 80));
    meta.extend([String::new(), "Kepada Yth.".to_owned()]);
    meta.extend(wrap(&sheet.addressee, 80));
    meta.extend(["di tempat".to_owned(), String::new()]);
    y = block(&mut ops, (20.0, y), BuiltinFont::Helvetica, BODY, &meta);
    if !sheet.basis.is_empty() {
        let mut basis = vec!["Dasar:".to_owned()];
        for (i, b) in sheet.basis.iter().enumerate() {
            basis.extend(wrap(&format!("{}. {b}", i + 1), 100));
        }
        basis.push(String::new());
        y = block(&mut ops, (20.0, y), BuiltinFont::Helvetica, 9.0, &basis);
    }
    for paragraph in &sheet.body {
        let mut lines = wrap(paragraph, 88);
        lines.push(String::new());
        if y - height(lines.len(), BODY) < 20.0 {
            pages.push(PdfPage::new(Mm(210.0), Mm(297.0), std::mem::take(&mut ops)));
            ops = vec![Op::SetFillColor { col: black() }];
            y = 275.0;
        }
        y = block(&mut ops, (20.0, y), BuiltinFont::Helvetica, BODY, &lines);
    }
    let mut sign = vec![
        sheet.signer_title.clone(),
        sheet.office_name.clone(),
        String::new(),
        if sheet.by_hand.is_some() {
            String::new()
        } else {
            "ditandatangani secara elektronik".to_owned()
        },
        String::new(),
        sheet.signer_name.clone(),
    ];
    sign.extend(sheet.signer_rank.iter().cloned());
    sign.extend(sheet.signer_nip.iter().map(|n| format!("NIP. {n}")));
    let mut column = Vec::new();
    if let Some(other) = sheet.by_hand.as_ref().filter(|o| !o.is_empty()) {
        column.push(other.clone());
        column.extend(std::iter::repeat_n(String::new(), 4));
        column.push(sheet.signer_name.clone());
    }
    if !sheet.initials.is_empty() {
        column.push("Paraf:".to_owned());
        column.extend(sheet.initials.iter().flat_map(|l| wrap(l, 50)));
    }
    if !sheet.copies.is_empty() {
        column.extend([String::new(), "Tembusan:".to_owned()]);
        for (i, c) in sheet.copies.iter().enumerate() {
            column.extend(wrap(&format!("{}. {c}", i + 1), 50));
        }
    }
    // The signatory block (right) needs the page; the initials column (left) the room
    // above the QR code.
    if y - height(sign.len(), BODY) < 20.0 || y - height(column.len(), 8.0) < 62.0 {
        pages.push(PdfPage::new(Mm(210.0), Mm(297.0), std::mem::take(&mut ops)));
        ops = vec![Op::SetFillColor { col: black() }];
        y = 275.0;
    }
    block(&mut ops, (115.0, y), BuiltinFont::Helvetica, BODY, &sign);
    // The initials column (paraf) and the copies, left of the signature, as on paper.
    block(&mut ops, (20.0, y), BuiltinFont::Helvetica, 8.0, &column);
    if sheet.verify_url.is_empty() {
        pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
        let mut warnings = Vec::new();
        return Ok(doc
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut warnings));
    }
    // The QR code, 30 mm square, bottom left, with its address under it.
    let qr = qrcode::QrCode::new(sheet.verify_url.as_bytes()).map_err(AppError::internal)?;
    let n = qr.width();
    let module = 30.0 / n as f32;
    for (i, c) in qr.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (col, row) = ((i % n) as f32, (i / n) as f32);
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    mode: Some(PaintMode::Fill),
                    ..Rect::from_xywh(
                        Mm(20.0 + col * module).into(),
                        Mm(60.0 - (row + 1.0) * module).into(),
                        Mm(module).into(),
                        Mm(module).into(),
                    )
                },
            });
        }
    }
    let check = [
        "Periksa keaslian surat ini / verify this letter:".to_owned(),
        sheet.verify_url.clone(),
    ];
    text(&mut ops, (20.0, 24.0), BuiltinFont::Helvetica, 8.0, &check);
    pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}

/// Renders the sheet with the office's stored logo (PNG), decoding it first; slow work for
/// a blocking thread.
pub fn render_with_logo(mut sheet: Sheet, logo: Option<Vec<u8>>) -> AppResult<Vec<u8>> {
    sheet.logo = logo
        .as_deref()
        .map(crate::rules::photos::rgb_of)
        .transpose()?;
    render(&sheet)
}

/// Where a letter's QR code points: the public page that tells whether it is genuine.
pub fn url_of(public_url: &str, code: &str) -> String {
    format!("{public_url}/verify/{code}")
}

/// A role as a letter names it (the initials column).
pub fn role_title(role: Role) -> &'static str {
    match role {
        Role::Staf => "Staf",
        Role::Peksos => "Pekerja Sosial",
        Role::Pendamping => "Pendamping",
        Role::Analis => "Analis Kebijakan",
        Role::Kasi => "Kepala Seksi",
        Role::Kabid => "Kepala Bidang",
        Role::Sekretaris => "Sekretaris Dinas",
        Role::Kadis => "Kepala Dinas",
        Role::Admin => "Admin",
        Role::Operator => "Operator",
    }
}

pub fn title_of(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Sekretaris) => "a.n. Kepala Dinas, Sekretaris Dinas",
        _ => "Kepala Dinas",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_renders_and_reads_back() {
        let sheet = Sheet {
            office_name: "Dinas Sosial Kota Blitar".into(),
            number: "460/001/410.105/2026".into(),
            place_and_date: "Blitar, 1 Desember 2026".into(),
            addressee: "UPT Pelayanan Sosial Tresna Werdha".into(),
            subject: "Rujukan PPKS terlantar".into(),
            body: vec!["Dengan hormat, ".repeat(20)],
            initials: vec!["Kabid Blitar (Kepala Bidang), 03/12/2026".into()],
            logo: Some(([0, 90, 60].repeat(40 * 50), 40, 50)),
            letterhead_address: "Jl. Mastrip No. 1, Blitar".into(),
            letterhead_contact: String::new(),
            nature: "Biasa".into(),
            attachments: "-".into(),
            basis: vec!["UU No. 11 Tahun 2009 tentang Kesejahteraan Sosial".into()],
            copies: vec!["Arsip".into()],
            signer_title: "Kepala Dinas".into(),
            signer_name: "Kadis Blitar".into(),
            signer_rank: Some("Pembina Utama Muda".into()),
            signer_nip: Some("197001012000031001".into()),
            by_hand: None,
            verify_url: "http://127.0.0.1:8080/verify/ABCDEF".into(),
        };
        let bytes = render(&sheet).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(wrap(&sheet.body[0], 90).iter().all(|l| l.len() <= 90));
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let text = doc.extract_text(&[1]).unwrap();
        for expected in [
            "Jl. Mastrip No. 1",
            "Sifat",
            "Dasar:",
            "Tembusan:",
            "NIP. 197001012000031001",
            "Pembina Utama Muda",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        // A long letter goes on to more pages; the signature is on the last.
        let long = Sheet {
            body: vec!["Paragraf panjang. ".repeat(30); 12],
            ..sheet
        };
        let doc = lopdf::Document::load_mem(&render(&long).unwrap()).unwrap();
        let last = doc.get_pages().len() as u32;
        assert!(last >= 2, "{last}");
        let text = doc.extract_text(&[last]).unwrap();
        assert!(text.contains("NIP. 197001012000031001"), "{text}");
    }
}
