// NIK and KK numbers checked as they are typed, by the same rules as the server
// (server/src/clients/identity.rs); testdata/nik-cases.json is run by both test suites.
export type IdNumberError = 'LENGTH' | 'NOT_DIGITS' | 'UNKNOWN_PROVINCE' | 'BAD_DATE' | 'ZERO_SERIAL';
export type IdNumberWarning = 'UNKNOWN_REGENCY' | 'UNKNOWN_DISTRICT' | 'SEX_MISMATCH' | 'BIRTH_DATE_MISMATCH';
export type Sex = 'MALE' | 'FEMALE';

/** Whether a dotted region code (`35`, `35.72`, `35.72.01`) exists. */
export type RegionLookup = (code: string) => boolean;

export type Checked<T> = { ok: true; value: T; warnings: IdNumberWarning[] } | { ok: false; error: IdNumberError };

/** A date as `YYYY-MM-DD`. */
type IsoDate = string;

function digits16(input: string): string | IdNumberError {
  const digits = [...input].filter((c) => c !== ' ' && c !== '.' && c !== '-').join('');
  if ([...digits].length !== 16) return 'LENGTH';
  if (!/^[0-9]{16}$/.test(digits)) return 'NOT_DIGITS';
  return digits;
}

function iso(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** DDMMYY: this century unless that lies after `today`, then the last. */
function dateOf(day: number, month: number, yy: number, today: IsoDate): IsoDate | null {
  const century = Math.floor(Number(today.slice(0, 4)) / 100) * 100;
  for (const y of [century + yy, century - 100 + yy]) {
    if (realDate(y, month, day) && iso(y, month, day) <= today) return iso(y, month, day);
  }
  return null;
}

function regionChecks(digits: string, regions: RegionLookup): IdNumberWarning[] | IdNumberError {
  const [pp, rr, ss] = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 6)];
  if (!regions(pp)) return 'UNKNOWN_PROVINCE';
  if (!regions(`${pp}.${rr}`)) return ['UNKNOWN_REGENCY'];
  if (!regions(`${pp}.${rr}.${ss}`)) return ['UNKNOWN_DISTRICT'];
  return [];
}

export interface Nik {
  digits: string;
  sex: Sex;
  birthDate: IsoDate;
}

export function parseNik(
  input: string,
  regions: RegionLookup,
  today: IsoDate,
  enteredSex?: Sex | null,
  enteredBirthDate?: IsoDate | null,
): Checked<Nik> {
  const digits = digits16(input);
  if (digits.length !== 16) return { ok: false, error: digits as IdNumberError };
  const checks = regionChecks(digits, regions);
  if (!Array.isArray(checks)) return { ok: false, error: checks };
  const rawDay = Number(digits.slice(6, 8));
  const [sex, day]: [Sex, number] = rawDay > 40 ? ['FEMALE', rawDay - 40] : ['MALE', rawDay];
  const birthDate = dateOf(day, Number(digits.slice(8, 10)), Number(digits.slice(10, 12)), today);
  if (!birthDate) return { ok: false, error: 'BAD_DATE' };
  if (digits.slice(12) === '0000') return { ok: false, error: 'ZERO_SERIAL' };
  const warnings = [...checks];
  if (enteredSex && enteredSex !== sex) warnings.push('SEX_MISMATCH');
  if (enteredBirthDate && enteredBirthDate !== birthDate) warnings.push('BIRTH_DATE_MISMATCH');
  return { ok: true, value: { digits, sex, birthDate }, warnings };
}

export function parseKk(input: string, regions: RegionLookup, today: IsoDate): Checked<{ digits: string; recordedOn: IsoDate }> {
  const digits = digits16(input);
  if (digits.length !== 16) return { ok: false, error: digits as IdNumberError };
  const checks = regionChecks(digits, regions);
  if (!Array.isArray(checks)) return { ok: false, error: checks };
  const recordedOn = dateOf(Number(digits.slice(6, 8)), Number(digits.slice(8, 10)), Number(digits.slice(10, 12)), today);
  if (!recordedOn) return { ok: false, error: 'BAD_DATE' };
  if (digits.slice(12) === '0000') return { ok: false, error: 'ZERO_SERIAL' };
  return { ok: true, value: { digits, recordedOn }, warnings: checks };
}

/** The 38 provinces (Kemendagri 2024): the phone checks the province; regency and district
 * warnings come from the server when online. */
export const PROVINCES = [
  '11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33', '34', '35', '36', '51', '52', '53',
  '61', '62', '63', '64', '65', '71', '72', '73', '74', '75', '76', '81', '82', '91', '92', '93', '94', '95', '96',
];

/** The lookup the phone has: provinces known, anything deeper assumed to exist. */
export const phoneRegions: RegionLookup = (code) => (code.length === 2 ? PROVINCES.includes(code) : true);

/** Today in the phone's local calendar, as `YYYY-MM-DD`. */
export function today(): IsoDate {
  const d = new Date();
  return iso(d.getFullYear(), d.getMonth() + 1, d.getDate());
}
