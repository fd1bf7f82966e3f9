// Bahasa Indonesia, the app's first language. English (en.ts) must have every key.
export const id = {
  appName: 'Layanan Rehsos',
  login: {
    title: 'Masuk',
    username: 'Nama pengguna',
    password: 'Kata sandi',
    submit: 'Masuk',
    wrong: 'Nama pengguna atau kata sandi salah.',
    offline: 'Tidak ada sambungan ke server. Masuk pertama kali memerlukan sambungan.',
    again: 'Sesi berakhir. Masukkan kata sandi lagi; data di HP ini tetap aman.',
  },
  nav: { tasks: 'Tugas saya', logout: 'Keluar', language: 'English' },
  net: {
    online: 'Tersambung',
    offline: 'Tidak tersambung — bekerja dari data di HP',
    lastSync: 'Terakhir diperbarui',
  },
  tasks: {
    title: 'Tugas saya',
    empty: 'Tidak ada langkah yang menunggu Anda.',
    due: 'Batas waktu',
    overdue: 'Terlambat',
    noStandard: 'Tanpa standar waktu',
    paused: 'Jam berhenti',
    step: 'Langkah',
    refresh: 'Perbarui',
  },
  errors: { generic: 'Terjadi kesalahan. Coba lagi.' },
};
export type Messages = typeof id;
