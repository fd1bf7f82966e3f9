//! Text on a PDF page with printpdf's builtin fonts (no font files to ship): what the
//! letters and the books share.
use printpdf::{BuiltinFont, Color, Mm, Op, PdfFontHandle, Point, Pt, Rgb, TextItem};

pub fn black() -> Color {
    Color::Rgb(Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        icc_profile: None,
    })
}

/// Lines of `size` pt text from (x, y) mm (bottom left of the page) downwards, `leading`
/// times the size apart.
pub fn lines(
    ops: &mut Vec<Op>,
    (x, y): (f32, f32),
    font: BuiltinFont,
    (size, leading): (f32, f32),
    lines: &[String],
) {
    ops.push(Op::StartTextSection);
    ops.push(Op::SetTextCursor {
        pos: Point::new(Mm(x), Mm(y)),
    });
    ops.push(Op::SetFont {
        font: PdfFontHandle::Builtin(font),
        size: Pt(size),
    });
    ops.push(Op::SetLineHeight {
        lh: Pt(size * leading),
    });
    for line in lines {
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(line.clone())],
        });
        ops.push(Op::AddLineBreak);
    }
    ops.push(Op::EndTextSection);
}
