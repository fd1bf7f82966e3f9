//! Indonesian identity numbers: NIK (Nomor Induk Kependudukan) and KK (Kartu Keluarga)
//! number, both 16 digits `PP RR SS DDMMYY NNNN`.
//!
//! What refuses: wrong length, non-digits, an unknown province, a date that cannot exist
//! (in a NIK, women's days run 41–71), serial 0000. What only warns: an unknown
//! kota/kabupaten or kecamatan (regions split and renumber, NIKs are never reissued), and a
//! sex or birth date that disagrees with the one entered. There is no check digit, so a
//! well-formed number can still belong to nobody; only Dukcapil can confirm it.
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Why a number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IdNumberError {
    Length,
    NotDigits,
    UnknownProvince,
    BadDate,
    ZeroSerial,
}

/// Something to check, not a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IdNumberWarning {
    UnknownRegency,
    UnknownDistrict,
    SexMismatch,
    BirthDateMismatch,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

/// Which region codes exist (the Kemendagri table), as dotted codes: `35`, `35.72`, `35.72.01`.
pub trait RegionLookup {
    fn exists(&self, code: &str) -> bool;
}

impl<F: Fn(&str) -> bool> RegionLookup for F {
    fn exists(&self, code: &str) -> bool {
        self(code)
    }
}

/// A checked NIK: 16 digits, known province, real date, non-zero serial.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nik {
    digits: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
}

/// A checked KK number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KkNumber {
    digits: String,
    pub recorded_on: NaiveDate,
}

/// Strips the spaces, dots and dashes people type, and checks length and digits.
fn digits16(input: &str) -> Result<String, IdNumberError> {
    let digits: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if digits.chars().count() != 16 {
        return Err(IdNumberError::Length);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(IdNumberError::NotDigits);
    }
    Ok(digits)
}

/// Reads DDMMYY; the two-digit year is this century unless that would be in the future.
fn date_of(day: u32, month: u32, yy: i32, today: NaiveDate) -> Option<NaiveDate> {
    let this_century = today.year() / 100 * 100;
    [this_century + yy, this_century - 100 + yy]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|d| *d <= today)
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

fn region_checks(
    digits: &str,
    regions: &impl RegionLookup,
) -> Result<Vec<IdNumberWarning>, IdNumberError> {
    let (pp, rr, ss) = (&digits[0..2], &digits[2..4], &digits[4..6]);
    if !regions.exists(pp) {
        return Err(IdNumberError::UnknownProvince);
    }
    let regency = format!("{pp}.{rr}");
    if !regions.exists(&regency) {
        return Ok(vec![IdNumberWarning::UnknownRegency]);
    }
    if !regions.exists(&format!("{regency}.{ss}")) {
        return Ok(vec![IdNumberWarning::UnknownDistrict]);
    }
    Ok(Vec::new())
}

impl Nik {
    /// Parses a NIK as typed. `entered_sex` and `entered_birth_date` are what the worker
    /// recorded for the person; disagreement is a warning.
    pub fn parse(
        input: &str,
        regions: &impl RegionLookup,
        today: NaiveDate,
        entered_sex: Option<Sex>,
        entered_birth_date: Option<NaiveDate>,
    ) -> Result<(Nik, Vec<IdNumberWarning>), IdNumberError> {
        let digits = digits16(input)?;
        let mut warnings = region_checks(&digits, regions)?;
        let raw_day = num(&digits[6..8]);
        let (sex, day) = if raw_day > 40 {
            (Sex::Female, raw_day - 40)
        } else {
            (Sex::Male, raw_day)
        };
        let birth_date = date_of(day, num(&digits[8..10]), num(&digits[10..12]) as i32, today)
            .ok_or(IdNumberError::BadDate)?;
        if &digits[12..16] == "0000" {
            return Err(IdNumberError::ZeroSerial);
        }
        if entered_sex.is_some_and(|s| s != sex) {
            warnings.push(IdNumberWarning::SexMismatch);
        }
        if entered_birth_date.is_some_and(|d| d != birth_date) {
            warnings.push(IdNumberWarning::BirthDateMismatch);
        }
        Ok((
            Nik {
                digits,
                sex,
                birth_date,
            },
            warnings,
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.digits
    }
}

impl KkNumber {
    pub fn parse(
        input: &str,
        regions: &impl RegionLookup,
        today: NaiveDate,
    ) -> Result<(KkNumber, Vec<IdNumberWarning>), IdNumberError> {
        let digits = digits16(input)?;
        let warnings = region_checks(&digits, regions)?;
        let recorded_on = date_of(
            num(&digits[6..8]),
            num(&digits[8..10]),
            num(&digits[10..12]) as i32,
            today,
        )
        .ok_or(IdNumberError::BadDate)?;
        if &digits[12..16] == "0000" {
            return Err(IdNumberError::ZeroSerial);
        }
        Ok((
            KkNumber {
                digits,
                recorded_on,
            },
            warnings,
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.digits
    }
}

/// How NIK and KK numbers appear in lists: province, regency and serial only.
pub fn mask(digits: &str) -> String {
    if digits.len() != 16 {
        return "*".repeat(digits.len());
    }
    format!("{}********{}", &digits[..4], &digits[12..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn cases() -> Value {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/nik-cases.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn code<T: Serialize>(t: T) -> String {
        serde_json::to_value(t)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn sex(v: &Value) -> Option<Sex> {
        match v.as_str()? {
            "MALE" => Some(Sex::Male),
            "FEMALE" => Some(Sex::Female),
            other => panic!("sex {other}"),
        }
    }

    fn date(v: &Value) -> Option<NaiveDate> {
        v.as_str().map(|s| s.parse().unwrap())
    }

    #[test]
    fn the_shared_nik_cases() {
        let all = cases();
        let today = date(&all["today"]).unwrap();
        let regions: Vec<String> = serde_json::from_value(all["regions"].clone()).unwrap();
        let lookup = |c: &str| regions.iter().any(|r| r == c);
        for case in all["nik"].as_array().unwrap() {
            let input = case["input"].as_str().unwrap();
            let got = Nik::parse(
                input,
                &lookup,
                today,
                sex(&case["enteredSex"]),
                date(&case["enteredBirthDate"]),
            );
            if case["valid"] == true {
                let (nik, warnings) =
                    got.unwrap_or_else(|e| panic!("{input}: refused {e:?}: {case}"));
                assert_eq!(Some(nik.sex), sex(&case["sex"]), "{case}");
                assert_eq!(Some(nik.birth_date), date(&case["birthDate"]), "{case}");
                let codes: Vec<String> = warnings.into_iter().map(code).collect();
                assert_eq!(Value::from(codes), case["warnings"], "{case}");
                assert_eq!(nik.as_str().len(), 16);
            } else {
                let err = got.expect_err(input);
                assert_eq!(code(err), case["error"].as_str().unwrap(), "{case}");
            }
        }
    }

    #[test]
    fn the_shared_kk_cases() {
        let all = cases();
        let today = date(&all["today"]).unwrap();
        let regions: Vec<String> = serde_json::from_value(all["regions"].clone()).unwrap();
        let lookup = |c: &str| regions.iter().any(|r| r == c);
        for case in all["kk"].as_array().unwrap() {
            let input = case["input"].as_str().unwrap();
            match (
                KkNumber::parse(input, &lookup, today),
                case["valid"] == true,
            ) {
                (Ok((_, w)), true) => {
                    let codes: Vec<String> = w.into_iter().map(code).collect();
                    assert_eq!(Value::from(codes), case["warnings"], "{case}");
                }
                (Err(e), false) => assert_eq!(code(e), case["error"].as_str().unwrap(), "{case}"),
                (got, _) => panic!("{input}: got {got:?}, expected {case}"),
            }
        }
    }

    #[test]
    fn masking_keeps_region_and_serial() {
        assert_eq!(mask("3572011708900001"), "3572********0001");
    }
}
