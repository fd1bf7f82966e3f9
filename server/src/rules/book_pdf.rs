//! A book of the office (agenda, expedition) printed for a date range: A4 landscape, the
//! book's title and the office over each page, the book's columns with their headings, and
//! the rows wrapped inside their columns, page after page. Builtin fonts, as the letters.
use printpdf::{BuiltinFont, Mm, Op, PaintMode, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect};

use crate::rules::pdf_text::{self, black};

/// A book's printed pages.
pub struct BookSheet {
    /// `BUKU AGENDA SURAT MASUK`.
    pub title: String,
    /// `Dinas Sosial Kota Blitar`.
    pub office_name: String,
    /// `1 Januari 2026 s.d. 31 Desember 2026`.
    pub period: String,
    /// Heading and width (mm) of each column; the widths add up to at most 267.
    pub columns: Vec<(&'static str, f32)>,
    pub rows: Vec<Vec<String>>,
    /// A picture for a row (RGB pixels, width, height), printed 12 mm high in the last
    /// column: the receiver's signature in the expedition book. By row index.
    pub pictures: Vec<(usize, crate::rules::photos::Picture)>,
}

/// The height of a row's picture, in mm.
const PICTURE: f32 = 12.0;

const PAGE_W: f32 = 297.0;
const PAGE_H: f32 = 210.0;
const LEFT: f32 = 15.0;
const BOTTOM: f32 = 15.0;
const SIZE: f32 = 8.0;
/// Line height in mm for 8 pt text.
const LINE: f32 = SIZE * 1.3 * 0.3528;

fn line_at(ops: &mut Vec<Op>, y: f32, width: f32, thickness: f32) {
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            mode: Some(PaintMode::Fill),
            ..Rect::from_xywh(
                Mm(LEFT).into(),
                Mm(y).into(),
                Mm(width).into(),
                Pt(thickness),
            )
        },
    });
}

fn cell(ops: &mut Vec<Op>, pos: (f32, f32), font: BuiltinFont, lines: &[String]) {
    pdf_text::lines(ops, pos, font, (SIZE, 1.3), lines);
}

/// Splits `text` into lines that fit `width` mm at 8 pt (about 1.5 mm a character); a word
/// longer than the column is cut.
pub fn wrap_to(text: &str, width: f32) -> Vec<String> {
    let max = ((width - 2.0) / 1.5).floor().max(4.0) as usize;
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word: String = word.to_owned();
            while word.chars().count() > max {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let head: String = word.chars().take(max).collect();
                word = word.chars().skip(max).collect();
                lines.push(head);
            }
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The page's top: title, office and period, the column headings; returns where rows start.
fn page_head(ops: &mut Vec<Op>, sheet: &BookSheet, page: usize, width: f32) -> f32 {
    let top = PAGE_H - 15.0;
    cell(
        ops,
        (LEFT, top),
        BuiltinFont::HelveticaBold,
        std::slice::from_ref(&sheet.title),
    );
    cell(
        ops,
        (LEFT, top - 5.0),
        BuiltinFont::Helvetica,
        &[format!(
            "{} - {} - halaman {page}",
            sheet.office_name, sheet.period
        )],
    );
    let mut y = top - 12.0;
    line_at(ops, y + LINE, width, 1.0);
    let mut x = LEFT;
    let heads: Vec<Vec<String>> = sheet.columns.iter().map(|(h, w)| wrap_to(h, *w)).collect();
    let tall = heads.iter().map(Vec::len).max().unwrap_or(1);
    for ((_, w), lines) in sheet.columns.iter().zip(&heads) {
        cell(ops, (x + 1.0, y), BuiltinFont::HelveticaBold, lines);
        x += w;
    }
    y -= tall as f32 * LINE;
    line_at(ops, y + LINE * 0.6, width, 0.8);
    y - LINE * 0.4
}

/// Renders the book as an A4 landscape PDF; an empty book prints its headings and says so.
pub fn render(sheet: &BookSheet) -> Result<Vec<u8>, String> {
    let width: f32 = sheet.columns.iter().map(|(_, w)| w).sum();
    let mut doc = PdfDocument::new(&sheet.title);
    let pictures: std::collections::HashMap<usize, (printpdf::XObjectId, f32)> = sheet
        .pictures
        .iter()
        .map(|(row, (pixels, w, h))| {
            let id = doc.add_image(&printpdf::RawImage {
                pixels: printpdf::RawImageData::U8(pixels.clone()),
                width: *w as usize,
                height: *h as usize,
                data_format: printpdf::RawImageFormat::RGB8,
                tag: Vec::new(),
            });
            // The dpi that makes the picture PICTURE mm high.
            (*row, (id, *h as f32 / (PICTURE / 25.4)))
        })
        .collect();
    let mut pages = Vec::new();
    let mut ops = vec![Op::SetFillColor { col: black() }];
    let mut y = page_head(&mut ops, sheet, 1, width);
    if sheet.rows.is_empty() {
        cell(
            &mut ops,
            (LEFT + 1.0, y),
            BuiltinFont::Helvetica,
            &["Tidak ada entri pada periode ini.".to_owned()],
        );
    }
    for (index, row) in sheet.rows.iter().enumerate() {
        let cells: Vec<Vec<String>> = sheet
            .columns
            .iter()
            .zip(row.iter().chain(std::iter::repeat(&String::new())))
            .map(|((_, w), text)| wrap_to(text, *w))
            .collect();
        let picture = pictures.get(&index);
        let mut tall = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * LINE;
        if picture.is_some() {
            tall = tall.max(PICTURE + LINE);
        }
        if y - tall < BOTTOM {
            pages.push(PdfPage::new(
                Mm(PAGE_W),
                Mm(PAGE_H),
                std::mem::take(&mut ops),
            ));
            ops = vec![Op::SetFillColor { col: black() }];
            y = page_head(&mut ops, sheet, pages.len() + 1, width);
        }
        let mut x = LEFT;
        let shown = if picture.is_some() {
            // The picture takes the last column's place.
            cells.len().saturating_sub(1)
        } else {
            cells.len()
        };
        for ((_, w), lines) in sheet.columns.iter().zip(&cells).take(shown) {
            cell(&mut ops, (x + 1.0, y), BuiltinFont::Helvetica, lines);
            x += w;
        }
        if let Some((id, dpi)) = picture {
            let last = sheet.columns.last().map_or(0.0, |(_, w)| *w);
            ops.push(Op::UseXobject {
                id: id.clone(),
                transform: printpdf::XObjectTransform {
                    translate_x: Some(Mm(LEFT + width - last + 1.0).into()),
                    translate_y: Some(Mm(y - PICTURE + LINE * 0.6).into()),
                    dpi: Some(*dpi),
                    ..Default::default()
                },
            });
        }
        y -= tall;
        line_at(&mut ops, y + LINE * 0.6, width, 0.3);
        y -= LINE * 0.4;
    }
    pages.push(PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops));
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_and_lines_stay_inside_their_column() {
        let text = "Seorang lansia terlantar di terminal Patria, tanpa identitas 3505123456789012";
        let lines = wrap_to(text, 30.0);
        assert!(lines.iter().all(|l| l.chars().count() <= 18), "{lines:?}");
        let joined: String = lines.concat().split_whitespace().collect();
        assert_eq!(joined, text.split_whitespace().collect::<String>());
        assert_eq!(wrap_to("", 20.0), vec![String::new()]);
    }

    #[test]
    fn a_long_book_goes_on_to_more_pages() {
        let sheet = BookSheet {
            title: "BUKU AGENDA SURAT MASUK".into(),
            office_name: "Dinas Sosial Kota Blitar".into(),
            period: "1 Januari 2026 s.d. 31 Desember 2026".into(),
            columns: vec![("No.", 15.0), ("Perihal", 120.0)],
            rows: (1..=120)
                .map(|i| vec![format!("{i:03}"), "Laporan".into()])
                .collect(),
            pictures: vec![(3, ([200, 200, 200].repeat(30 * 20), 30, 20))],
        };
        let bytes = render(&sheet).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        assert!(doc.get_pages().len() >= 3, "{}", doc.get_pages().len());
        let images = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| {
                s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image".as_slice())
            })
            .count();
        assert_eq!(images, 1, "the row's picture");
    }
}
