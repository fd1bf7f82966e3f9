// Dates the Indonesian way whatever the phone's locale: entered as dd/mm/yyyy, shown with
// Bahasa month names (`2 Des 2026 14.05`). The browser's own date picker follows the phone's
// locale (mm/dd on many cheap phones set to English), so dates are typed as text.

const MONTHS_ID = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number) => String(n).padStart(2, '0');

/** `dd/mm/yyyy` (or `d/m/yyyy`, with `-` or `.`) as an ISO date `yyyy-mm-dd`; null when it
 * is not a day of the calendar. */
export function parseDayMonthYear(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** An ISO date `yyyy-mm-dd` as `dd/mm/yyyy`. */
export function toDayMonthYear(iso: string): string {
  const [y, mo, d] = iso.slice(0, 10).split('-');
  return `${d}/${mo}/${y}`;
}

/** A point in time as read here, in the phone's time zone: `2 Des 2026 14.05`. */
export function formatDateTime(iso: string, lang: 'id' | 'en' = 'id', zone?: string): string {
  const at = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const month = (lang === 'en' ? MONTHS_EN : MONTHS_ID)[Number(parts.month) - 1];
  const sep = lang === 'en' ? ':' : '.';
  return `${Number(parts.day)} ${month} ${parts.year} ${parts.hour}${sep}${parts.minute}`;
}

/** How long until `iso` from `now`, in words (`2 hari 3 jam`, `40 menit`); negative past. */
export function timeLeft(iso: string, now: number, lang: 'id' | 'en' = 'id'): { text: string; late: boolean } {
  let minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  const late = minutes < 0;
  minutes = Math.abs(minutes);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const w = lang === 'en' ? { d: 'd', h: 'h', m: 'min' } : { d: 'hari', h: 'jam', m: 'menit' };
  const text = days > 0 ? `${days} ${w.d} ${hours} ${w.h}` : hours > 0 ? `${hours} ${w.h} ${mins} ${w.m}` : `${mins} ${w.m}`;
  return { text, late };
}

/** Today's date on the phone's own calendar (`yyyy-mm-dd`): in WIB before 07.00 the UTC
 * date is still yesterday's. */
export function localToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A day picked for something that already happened (a visit), as a point in time the
 * server accepts: that day at `hour` local time, but never later than `now` (today's visit
 * is "now", not this afternoon). */
export function pastMoment(day: string, now: Date = new Date(), hour = 10): string {
  const [y, mo, d] = day.split('-').map(Number);
  const at = new Date(y, mo - 1, d, hour);
  return (at.getTime() > now.getTime() ? now : at).toISOString();
}
