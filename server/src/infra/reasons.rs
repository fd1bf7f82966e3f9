//! Why a request was refused, finer than its `extensions.code`: clients may switch on
//! `extensions.reason`. One table holds every reason with the code it comes with and its
//! message in both languages; the README's error table lists the same rows (a test checks).
use crate::infra::error::{AppError, ErrorCode, Msg};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    BadCredentials,
    AccountDisabled,
    SessionEnded,
    TokenExpired,
    TokenInvalid,
    TooLarge,
    Incomplete,
    Empty,
    TypeNotAllowed,
    UnreadableImage,
    Length,
    NotDigits,
    UnknownProvince,
    BadDate,
    ZeroSerial,
    CaseClosed,
    IdentityByDukcapil,
    DisposedToOther,
    CaseMovedOn,
    LetterSigned,
    StaffTokenRequired,
    ScopeRequired,
    OperationNotRegistered,
    RateLimited,
}

/// One row of the table.
pub struct ReasonRow {
    pub reason: Reason,
    /// `extensions.reason`.
    pub name: &'static str,
    pub code: ErrorCode,
    /// What the person reads when nothing more specific is said (Indonesian, English).
    pub message: (&'static str, &'static str),
}

use ErrorCode::{
    BadUserInput, Conflict, FailedPrecondition, Forbidden, TooManyRequests, Unauthenticated,
};

pub const REASONS: &[ReasonRow] = &[
    row(
        Reason::BadCredentials,
        "BAD_CREDENTIALS",
        Unauthenticated,
        (
            "Nama pengguna atau kata sandi salah.",
            "Wrong username or password.",
        ),
    ),
    row(
        Reason::AccountDisabled,
        "ACCOUNT_DISABLED",
        Unauthenticated,
        (
            "Akun ini sudah dinonaktifkan. Hubungi admin kantor Anda.",
            "This account has been deactivated. Contact your office admin.",
        ),
    ),
    row(
        Reason::SessionEnded,
        "SESSION_ENDED",
        Unauthenticated,
        (
            "Sesi sudah berakhir. Silakan masuk lagi dengan kata sandi.",
            "The session has ended. Please log in again with your password.",
        ),
    ),
    row(
        Reason::TokenExpired,
        "TOKEN_EXPIRED",
        Unauthenticated,
        (
            "Token akses sudah kedaluwarsa. Perbarui dengan refresh token.",
            "The access token has expired. Renew it with the refresh token.",
        ),
    ),
    row(
        Reason::TokenInvalid,
        "TOKEN_INVALID",
        Unauthenticated,
        (
            "Token akses tidak sah atau sesi sudah berakhir. Silakan masuk lagi.",
            "The access token is not valid or the session has ended. Please log in again.",
        ),
    ),
    row(
        Reason::TooLarge,
        "TOO_LARGE",
        BadUserInput,
        (
            "Berkas terlalu besar; kirim berkas yang lebih kecil.",
            "The file is too large; send a smaller one.",
        ),
    ),
    row(
        Reason::Incomplete,
        "INCOMPLETE",
        BadUserInput,
        (
            "Unggahan terputus sebelum selesai; kirim ulang.",
            "The upload was cut off before it finished; send it again.",
        ),
    ),
    row(
        Reason::Empty,
        "EMPTY",
        BadUserInput,
        ("Berkas kosong.", "The file is empty."),
    ),
    row(
        Reason::TypeNotAllowed,
        "TYPE_NOT_ALLOWED",
        BadUserInput,
        (
            "Jenis berkas tidak diterima. Kirim foto JPEG, PNG atau WebP, atau PDF.",
            "This file type is not accepted. Send a JPEG, PNG or WebP photo, or a PDF.",
        ),
    ),
    row(
        Reason::UnreadableImage,
        "UNREADABLE_IMAGE",
        BadUserInput,
        (
            "Foto tidak dapat dibaca (rusak atau terpotong). Ambil ulang fotonya.",
            "The photo cannot be read (damaged or cut off). Take it again.",
        ),
    ),
    row(
        Reason::Length,
        "LENGTH",
        BadUserInput,
        (
            "NIK dan nomor KK terdiri dari 16 angka.",
            "A NIK or KK number has 16 digits.",
        ),
    ),
    row(
        Reason::NotDigits,
        "NOT_DIGITS",
        BadUserInput,
        (
            "NIK dan nomor KK hanya berisi angka.",
            "A NIK or KK number holds digits only.",
        ),
    ),
    row(
        Reason::UnknownProvince,
        "UNKNOWN_PROVINCE",
        BadUserInput,
        (
            "Dua angka pertama bukan kode provinsi; periksa nomornya.",
            "The first two digits are no province code; check the number.",
        ),
    ),
    row(
        Reason::BadDate,
        "BAD_DATE",
        BadUserInput,
        (
            "Tanggal di dalam nomor tidak ada; periksa nomornya.",
            "The date inside the number does not exist; check the number.",
        ),
    ),
    row(
        Reason::ZeroSerial,
        "ZERO_SERIAL",
        BadUserInput,
        (
            "Nomor berakhir 0000, nomor urut tidak sah; periksa nomornya.",
            "The number ends in 0000, not a valid serial; check the number.",
        ),
    ),
    row(
        Reason::CaseClosed,
        "CASE_CLOSED",
        FailedPrecondition,
        (
            "Kasus ini sudah ditutup dan hanya bisa dibaca.",
            "This case is closed and read-only.",
        ),
    ),
    row(
        Reason::IdentityByDukcapil,
        "IDENTITY_BY_DUKCAPIL",
        FailedPrecondition,
        (
            "Status identitas ini hanya diberikan lewat permintaan ke Dukcapil (requestDukcapilCheck, recordDukcapilAnswer).",
            "This identity status is set only through a Dukcapil request (requestDukcapilCheck, recordDukcapilAnswer).",
        ),
    ),
    row(
        Reason::DisposedToOther,
        "DISPOSED_TO_OTHER",
        Forbidden,
        (
            "Langkah ini didisposisikan kepada pegawai lain.",
            "This step was disposed to someone else.",
        ),
    ),
    row(
        Reason::CaseMovedOn,
        "CASE_MOVED_ON",
        Conflict,
        (
            "Kasus ini sudah berubah sejak Anda memutuskan (mis. saat bekerja tanpa sambungan). Lihat lagi keadaannya sekarang, lalu putuskan lagi.",
            "This case has changed since you decided (e.g. while you worked offline). Look at it as it is now, then decide again.",
        ),
    ),
    row(
        Reason::LetterSigned,
        "LETTER_SIGNED",
        FailedPrecondition,
        (
            "Surat sudah ditandatangani; surat yang ditandatangani tidak diubah lagi.",
            "The letter is signed; a signed letter is not changed.",
        ),
    ),
    row(
        Reason::StaffTokenRequired,
        "STAFF_TOKEN_REQUIRED",
        Forbidden,
        (
            "Ini hanya untuk petugas yang masuk dengan akunnya; token aplikasi mitra (API client) tidak diterima di sini.",
            "This is for staff signed in with their own account; an API client's token is not accepted here.",
        ),
    ),
    row(
        Reason::ScopeRequired,
        "SCOPE_REQUIRED",
        Forbidden,
        (
            "Token ini tidak mencakup data ini: minta admin kantor menambah scope yang disebut di requiredScope.",
            "This token's scope does not cover this data: ask the office admin to add the scope named in requiredScope.",
        ),
    ),
    row(
        Reason::OperationNotRegistered,
        "OPERATION_NOT_REGISTERED",
        Forbidden,
        (
            "Aplikasi mitra hanya boleh menjalankan query yang sudah didaftarkan admin kantor (menurut SHA-256 dokumennya).",
            "An API client may only run the queries the office admin registered for it (by the SHA-256 of the document).",
        ),
    ),
    row(
        Reason::RateLimited,
        "RATE_LIMITED",
        TooManyRequests,
        (
            "Jatah biaya query aplikasi ini sudah habis untuk saat ini; coba lagi setelah Retry-After detik.",
            "This client's query cost budget is spent for now; try again after Retry-After seconds.",
        ),
    ),
];

const fn row(
    reason: Reason,
    name: &'static str,
    code: ErrorCode,
    message: (&'static str, &'static str),
) -> ReasonRow {
    ReasonRow {
        reason,
        name,
        code,
        message,
    }
}

impl Reason {
    pub fn row(self) -> &'static ReasonRow {
        REASONS
            .iter()
            .find(|r| r.reason == self)
            .expect("every reason has its row (a test checks)")
    }

    pub fn as_str(self) -> &'static str {
        self.row().name
    }
}

impl AppError {
    /// The error of `reason` with its table message.
    pub fn of(reason: Reason) -> Self {
        let (id, en) = reason.row().message;
        Self::because(reason, Msg::new(id, en))
    }

    /// The error of `reason` with a message that says more (the size allowed, the type
    /// found, which field).
    pub fn because(reason: Reason, msg: Msg) -> Self {
        AppError::new(reason.row().code, msg).with("reason", reason.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_one_row_and_names_are_unique() {
        let all = [
            Reason::BadCredentials,
            Reason::AccountDisabled,
            Reason::SessionEnded,
            Reason::TokenExpired,
            Reason::TokenInvalid,
            Reason::TooLarge,
            Reason::Incomplete,
            Reason::Empty,
            Reason::TypeNotAllowed,
            Reason::UnreadableImage,
            Reason::Length,
            Reason::NotDigits,
            Reason::UnknownProvince,
            Reason::BadDate,
            Reason::ZeroSerial,
            Reason::CaseClosed,
            Reason::CaseMovedOn,
            Reason::IdentityByDukcapil,
            Reason::DisposedToOther,
            Reason::LetterSigned,
            Reason::StaffTokenRequired,
            Reason::ScopeRequired,
            Reason::OperationNotRegistered,
            Reason::RateLimited,
        ];
        assert_eq!(all.len(), REASONS.len());
        for r in all {
            assert_eq!(
                REASONS.iter().filter(|row| row.reason == r).count(),
                1,
                "{r:?}"
            );
        }
        let mut names: Vec<&str> = REASONS.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), REASONS.len());
    }

    #[test]
    fn the_readme_documents_every_reason_with_its_code() {
        let readme = include_str!("../../../README.md");
        for r in REASONS {
            let line = format!("| `{}` | `{}` |", r.name, r.code.as_str());
            assert!(
                readme.contains(&line),
                "README.md's error table lacks: {line}"
            );
        }
    }

    #[test]
    fn an_error_of_a_reason_carries_its_code_and_name() {
        let e = AppError::of(Reason::TokenExpired);
        assert_eq!(e.code, ErrorCode::Unauthenticated);
        assert!(
            e.extra
                .iter()
                .any(|(k, v)| *k == "reason" && *v == async_graphql::Value::from("TOKEN_EXPIRED"))
        );
    }
}
