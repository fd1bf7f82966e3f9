//! Letter-number templates. Tokens: `{kka}` classification code, `{seq}` / `{seq:03}` the
//! sequence (zero-padded to 3), `{suffix}`, `{unit}`, `{series}`, `{month}` (1–12),
//! `{mm}` (01–12), `{month_roman}` (I–XII), `{year}`. Both seed numbers are expressible:
//! `{seq:03}/{unit}/{series}/{year}` → `006/410.105/SOP/2024`,
//! `{kka}/{seq}-{suffix}/{unit}/{month}/{year}` → `800/13-d/Dinsos.C/1/2023`.
use chrono::{Datelike, NaiveDate};

use crate::infra::error::{AppError, AppResult, Msg};

/// The fixed parts of a series' number.
#[derive(Clone, Debug, Default)]
pub struct NumberParts {
    pub kka: String,
    pub suffix: String,
    pub unit: String,
    pub series: String,
}

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// Fills a template. Unknown tokens are refused, so a typo never reaches a signed letter.
pub fn render(template: &str, parts: &NumberParts, seq: i32, date: NaiveDate) -> AppResult<String> {
    // Without the sequence every number would clash; without the year, numbers of
    // different years would.
    if !template.contains("{seq") || !template.contains("{year}") {
        return Err(bad_template(
            template,
            "it needs {seq} (or {seq:N}) and {year}",
        ));
    }
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| bad_template(template, "a '{' is not closed"))?
            + open;
        let token = &rest[open + 1..close];
        let month = date.month() as usize;
        let value = match token {
            "kka" => parts.kka.clone(),
            "seq" => seq.to_string(),
            "suffix" => parts.suffix.clone(),
            "unit" => parts.unit.clone(),
            "series" => parts.series.clone(),
            "month" => month.to_string(),
            "mm" => format!("{month:02}"),
            "month_roman" => ROMAN[month - 1].to_owned(),
            "year" => date.year().to_string(),
            t if t.starts_with("seq:") => {
                let width: usize = t[4..]
                    .parse()
                    .ok()
                    .filter(|w| *w <= 10)
                    .ok_or_else(|| bad_template(template, "{seq:N} needs a number up to 10"))?;
                format!("{seq:0width$}")
            }
            other => {
                return Err(bad_template(
                    template,
                    &format!("unknown token {{{other}}}"),
                ));
            }
        };
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn bad_template(template: &str, why: &str) -> AppError {
    AppError::bad_input(Msg::new(
        format!("Format nomor surat '{template}' tidak sah: {why}."),
        format!("The letter-number template '{template}' is not valid: {why}."),
    ))
    .with("field", "template")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_seed_numbers_can_be_written() {
        let blitar = NumberParts {
            unit: "410.105".into(),
            series: "SOP".into(),
            ..Default::default()
        };
        let d = NaiveDate::from_ymd_opt(2024, 1, 9).unwrap();
        assert_eq!(
            render("{seq:03}/{unit}/{series}/{year}", &blitar, 6, d).unwrap(),
            "006/410.105/SOP/2024"
        );
        let lamandau = NumberParts {
            kka: "800".into(),
            suffix: "d".into(),
            unit: "Dinsos.C".into(),
            series: "REHSOS".into(),
        };
        let d = NaiveDate::from_ymd_opt(2023, 1, 5).unwrap();
        assert_eq!(
            render(
                "{kka}/{seq}-{suffix}/{unit}/{month}/{year}",
                &lamandau,
                13,
                d
            )
            .unwrap(),
            "800/13-d/Dinsos.C/1/2023"
        );
        let d = NaiveDate::from_ymd_opt(2020, 4, 1).unwrap();
        let p = NumberParts {
            kka: "KP.07.6".into(),
            ..Default::default()
        };
        assert_eq!(
            render("B-{seq}/IJ/{kka}/{mm}/{year}", &p, 99, d).unwrap(),
            "B-99/IJ/KP.07.6/04/2020"
        );
        assert_eq!(
            render(
                "{seq}/{month_roman}/{year}",
                &p,
                5,
                NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
            )
            .unwrap(),
            "5/XI/2026"
        );
    }

    #[test]
    fn a_broken_template_is_refused() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 9).unwrap();
        assert!(render("{seq}/{unti}", &NumberParts::default(), 1, d).is_err());
        assert!(render("{seq", &NumberParts::default(), 1, d).is_err());
        assert!(
            render("{seq}/{unit}", &NumberParts::default(), 1, d).is_err(),
            "no year"
        );
        assert!(
            render("{kka}/{year}", &NumberParts::default(), 1, d).is_err(),
            "no sequence"
        );
        assert!(render("{seq:99999}/{year}", &NumberParts::default(), 1, d).is_err());
    }
}
