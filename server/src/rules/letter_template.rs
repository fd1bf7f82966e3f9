//! The office's letter templates: the text of each SOP letter with `{fields}` the server
//! fills from the case, the legal basis (dasar hukum), the copies (tembusan), its nature
//! (sifat) and attachments (lampiran). Each office may replace the default text of a
//! letter; a template naming a field that does not exist, or one the letter may not show
//! (a full NIK where the letter shows it masked), is refused before it is saved.
use std::collections::BTreeMap;

/// A letter's template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    /// Paragraphs separated by a blank line.
    pub body: String,
    pub basis: Vec<String>,
    pub copies: Vec<String>,
    /// Sifat: `Biasa`, `Segera`, `Penting`.
    pub nature: String,
    /// Lampiran: `-`, `1 (satu) berkas`.
    pub attachments: String,
}

/// The fields a template may name, with what they hold.
pub const FIELDS: &[(&str, &str)] = &[
    ("kantor.nama", "nama Dinas Sosial"),
    ("kantor.kota", "kota/kabupaten kantor"),
    ("tanggal", "tanggal surat dibuat (mis. 3 Desember 2026)"),
    ("tujuan", "kepada siapa surat ditujukan"),
    ("klien.nama", "nama klien (atau label Mr X)"),
    ("klien.nik", "NIK klien tersamar (3505********0001)"),
    (
        "klien.nik_lengkap",
        "NIK klien lengkap (hanya surat rujukan, rekomendasi pendampingan dan surat tugas)",
    ),
    ("klien.jenis_kelamin", "jenis kelamin klien"),
    ("klien.umur", "umur klien (tahun)"),
    ("klien.alamat_asal", "alamat asal klien"),
    ("upt.nama", "UPT/panti yang menerima rujukan"),
    ("pendamping", "nama dan NIP pendamping perjalanan"),
    ("rute", "rute perjalanan pulang, leg demi leg"),
    ("lks.nama", "nama LKS"),
    ("lks.keperluan", "keperluan rekomendasi LKS"),
];

/// The letters whose template may print the client's full NIK: those that hand the person
/// over to another institution or send an officer with them.
const FULL_NIK: &[&str] = &[
    "rujukan_upt",
    "rekomendasi_pendampingan",
    "surat_tugas",
    "surat_pengantar",
    "permohonan_dukcapil",
    "berita_acara_serah_terima",
];

/// The printed forms of the procedures: not letters of the approval chain, but papers the
/// office prints filled in from the case, has signed on paper, and uploads back (the
/// hand-over record as `HANDOVER_RECORD`, the Dukcapil request's reference number).
pub const FORMS: &[(&str, &str)] = &[
    ("surat_pengantar", "Surat pengantar"),
    ("permohonan_dukcapil", "Permohonan data kependudukan"),
    ("berita_acara_serah_terima", "Berita acara serah terima"),
];

/// The form `key`'s title, if it is one.
pub fn form_title(key: &str) -> Option<&'static str> {
    FORMS.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

/// The fields `text` names, in order of appearance.
pub fn fields_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        found.push(after[..end].trim().to_owned());
        rest = &after[end + 1..];
    }
    found
}

/// The fields of `t` that letter `key` cannot fill: unknown ones, and the full NIK where the
/// letter shows it masked.
pub fn unknown_fields(key: &str, t: &Template) -> Vec<String> {
    let texts = [t.subject.as_str(), t.body.as_str()];
    let mut bad: Vec<String> = texts
        .iter()
        .flat_map(|s| fields_in(s))
        .chain(t.basis.iter().chain(&t.copies).flat_map(|s| fields_in(s)))
        .filter(|f| {
            !FIELDS.iter().any(|(name, _)| name == f)
                || (f == "klien.nik_lengkap" && !FULL_NIK.contains(&key))
        })
        .collect();
    bad.dedup();
    bad
}

/// `text` with its fields filled from `values`; a field without a value prints as `-`.
pub fn fill(text: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match values.get(name) {
            Some(v) if !v.trim().is_empty() => out.push_str(v),
            _ => out.push('-'),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The body's paragraphs, filled.
pub fn paragraphs(t: &Template, values: &BTreeMap<&str, String>) -> Vec<String> {
    t.body
        .split("\n\n")
        .map(|p| fill(p.trim(), values))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The template a letter has when its office has set none. `basis` is the SOP's legal
/// basis, which every default cites.
pub fn default_of(key: &str, subject: &str, basis: &[String]) -> Template {
    let body = match key {
        "rujukan_upt" => {
            "Dengan hormat,\n\nBerdasarkan hasil asesmen pekerja sosial {kantor.nama}, bersama ini kami rujuk klien berikut untuk mendapatkan pelayanan di {upt.nama}:\nNama: {klien.nama}; NIK: {klien.nik_lengkap}; jenis kelamin: {klien.jenis_kelamin}; umur: {klien.umur} tahun; alamat asal: {klien.alamat_asal}.\n\nKlien telah dinyatakan layak dan {upt.nama} telah menyatakan bersedia menerima. Berkas asesmen dan surat keterangan terlampir.\n\nDemikian surat ini kami sampaikan; atas perhatian dan kerja samanya kami ucapkan terima kasih."
        }
        "rekomendasi_pendampingan" => {
            "Dengan hormat,\n\nBerdasarkan hasil identifikasi dan asesmen {kantor.nama}, klien atas nama {klien.nama} (NIK {klien.nik_lengkap}), alamat asal {klien.alamat_asal}, direkomendasikan untuk dipulangkan ke daerah asalnya dengan pendampingan.\n\nPendamping: {pendamping}.\nRute: {rute}.\n\nDemikian rekomendasi ini dibuat untuk dipergunakan sebagaimana mestinya."
        }
        "surat_tugas" => {
            "Yang bertanda tangan di bawah ini menugaskan:\n{pendamping}\n\nuntuk mendampingi pemulangan klien atas nama {klien.nama} (NIK {klien.nik_lengkap}) ke daerah asalnya, dengan rute {rute}.\n\nSetelah melaksanakan tugas, agar melaporkan hasilnya beserta berita acara serah terima kepada pimpinan.\n\nDemikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab."
        }
        "surat_pengantar" => {
            "Dengan hormat,\n\nBersama ini kami antarkan klien atas nama {klien.nama} (NIK {klien.nik_lengkap}), {klien.jenis_kelamin}, umur {klien.umur} tahun, alamat asal {klien.alamat_asal}, kepada {tujuan}, didampingi {pendamping}.\n\nMohon klien dapat diterima dan dilayani sebagaimana mestinya. Berkas klien terlampir.\n\nDemikian surat pengantar ini kami sampaikan; atas kerja samanya kami ucapkan terima kasih."
        }
        "permohonan_dukcapil" => {
            "Dengan hormat,\n\nDinas Sosial menangani seorang klien yang identitasnya belum diketahui dengan ciri-ciri: sebutan {klien.nama}, jenis kelamin {klien.jenis_kelamin}, perkiraan umur {klien.umur} tahun, keterangan asal {klien.alamat_asal}.\n\nSehubungan dengan itu, kami mohon bantuan Dinas Kependudukan dan Pencatatan Sipil untuk memeriksa data kependudukan klien tersebut (nama, NIK dan alamat asal) melalui sidik jari atau foto wajah terlampir.\n\nDemikian permohonan ini kami sampaikan; atas bantuannya kami ucapkan terima kasih."
        }
        "berita_acara_serah_terima" => {
            "Pada hari ini, {tanggal}, telah dilakukan serah terima klien:\nNama: {klien.nama}; NIK: {klien.nik_lengkap}; jenis kelamin: {klien.jenis_kelamin}; umur: {klien.umur} tahun; alamat asal: {klien.alamat_asal}.\n\nPIHAK PERTAMA, {kantor.nama}, diwakili {pendamping}, menyerahkan klien tersebut beserta berkasnya kepada PIHAK KEDUA, {tujuan}, yang menerimanya dalam keadaan sebagaimana tercatat.\n\nRute perjalanan: {rute}.\n\nDemikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya."
        }
        "rekomendasi_lks" => {
            "Dengan hormat,\n\nBerdasarkan hasil verifikasi berkas dan kunjungan lapangan {kantor.nama}, {lks.nama} dinyatakan memenuhi persyaratan sebagai Lembaga Kesejahteraan Sosial.\n\nSehubungan dengan itu, kami memberikan rekomendasi kepada {lks.nama} untuk {lks.keperluan}.\n\nDemikian rekomendasi ini dibuat untuk dipergunakan sebagaimana mestinya."
        }
        _ => {
            "Dengan hormat,\n\nBersama ini {kantor.nama} menyampaikan surat {tujuan}, sesuai Standar Operasional Prosedur yang berlaku.\n\nDemikian surat ini disampaikan untuk dipergunakan sebagaimana mestinya."
        }
    };
    Template {
        subject: subject.to_owned(),
        body: body.to_owned(),
        basis: basis.to_vec(),
        copies: vec!["Arsip".to_owned()],
        nature: "Biasa".to_owned(),
        attachments: if key == "rujukan_upt" {
            "1 (satu) berkas".to_owned()
        } else {
            "-".to_owned()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_filled_and_a_missing_one_prints_a_dash() {
        let values = BTreeMap::from([
            ("klien.nama", "Mbah Karsi".to_owned()),
            ("upt.nama", String::new()),
        ]);
        assert_eq!(
            fill("Klien {klien.nama} ke { upt.nama }.", &values),
            "Klien Mbah Karsi ke -."
        );
        assert_eq!(fill("tanpa kurung {", &values), "tanpa kurung {");
    }

    #[test]
    fn a_template_naming_an_unknown_field_or_a_full_nik_it_may_not_show_is_refused() {
        let mut t = default_of("rekomendasi_lks", "Rekomendasi LKS", &[]);
        assert!(unknown_fields("rekomendasi_lks", &t).is_empty());
        t.body.push_str(" {klien.nik_lengkap} {lks.alamat}");
        assert_eq!(
            unknown_fields("rekomendasi_lks", &t),
            ["klien.nik_lengkap", "lks.alamat"]
        );
        let referral = default_of("rujukan_upt", "Rujukan", &[]);
        assert!(
            unknown_fields("rujukan_upt", &referral).is_empty(),
            "a referral names the full NIK"
        );
        for key in [
            "rujukan_upt",
            "rekomendasi_pendampingan",
            "surat_tugas",
            "rekomendasi_lks",
            "surat_pengantar",
            "permohonan_dukcapil",
            "berita_acara_serah_terima",
            "lain",
        ] {
            assert!(
                unknown_fields(key, &default_of(key, "x", &[])).is_empty(),
                "{key}"
            );
        }
    }
}
