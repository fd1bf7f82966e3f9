import type { ClientLocation, PpksCategory } from '../graphql/graphql';

/** Where a client was found, in the order the form offers them. */
export const LOCATIONS: ClientLocation[] = ['STREET', 'SHELTER', 'HOSPITAL', 'UPT', 'FAMILY', 'OTHER'];

/** The PPKS categories met most in the field, shown first. */
export const COMMON: PpksCategory[] = [
  'ORANG_TERLANTAR', 'GELANDANGAN', 'PENGEMIS', 'LANJUT_USIA_TERLANTAR', 'ANAK_TERLANTAR', 'PENYANDANG_DISABILITAS',
];

export const OTHERS: PpksCategory[] = [
  'ANAK_BALITA_TERLANTAR', 'ANAK_BERHADAPAN_DENGAN_HUKUM', 'ANAK_JALANAN', 'ANAK_DENGAN_KEDISABILITASAN',
  'ANAK_KORBAN_TINDAK_KEKERASAN', 'ANAK_MEMERLUKAN_PERLINDUNGAN_KHUSUS', 'TUNA_SUSILA', 'PEMULUNG', 'KELOMPOK_MINORITAS',
  'BEKAS_WARGA_BINAAN_LAPAS', 'ODHA', 'KORBAN_NAPZA', 'KORBAN_TRAFFICKING', 'KORBAN_TINDAK_KEKERASAN',
  'PEKERJA_MIGRAN_BERMASALAH_SOSIAL', 'KORBAN_BENCANA_ALAM', 'KORBAN_BENCANA_SOSIAL', 'PEREMPUAN_RAWAN_SOSIAL_EKONOMI',
  'FAKIR_MISKIN', 'KELUARGA_BERMASALAH_SOSIAL_PSIKOLOGIS', 'KOMUNITAS_ADAT_TERPENCIL',
];

/** The category's official name as people write it (`Orang terlantar`). */
export function categoryLabel(c: PpksCategory): string {
  const words = c.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
