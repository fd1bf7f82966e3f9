import { computed, signal } from '@preact/signals';

import { formatDateTime } from '../domain/dates';
import { en } from './en';
import { id } from './id';

export type Locale = 'id' | 'en';

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('locale') : null;
export const locale = signal<Locale>(saved === 'en' ? 'en' : 'id');

/** The messages of the chosen language. */
export const t = computed(() => (locale.value === 'en' ? en : id));

export function setLocale(l: Locale) {
  locale.value = l;
  localStorage.setItem('locale', l);
  document.documentElement.lang = l;
}

/** A date and time as people read it here (`1 Des 2026 14.05`), whatever the phone's
 * own locale. */
export function formatTime(iso: string): string {
  return formatDateTime(iso, locale.value);
}

/** A role as the office names it (`Kabid`, `Kepala Dinas`), not its code. */
export function roleLabel(role: string): string {
  return (t.value.roles as Record<string, string>)[role] ?? role;
}

export function roleLabels(roles: readonly string[]): string {
  return roles.map(roleLabel).join(', ');
}
