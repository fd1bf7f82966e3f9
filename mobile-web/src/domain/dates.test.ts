import { describe, expect, it } from 'vitest';

import { formatDateTime, localToday, parseDayMonthYear, pastMoment, timeLeft, toDayMonthYear } from './dates';

describe('dates the Indonesian way', () => {
  it('reads dd/mm/yyyy, not mm/dd', () => {
    expect(parseDayMonthYear('02/12/2026')).toBe('2026-12-02');
    expect(parseDayMonthYear('2/1/1990')).toBe('1990-01-02');
    expect(parseDayMonthYear('17.08.1945')).toBe('1945-08-17');
  });
  it('refuses days the calendar has not', () => {
    expect(parseDayMonthYear('31/02/2026')).toBeNull();
    expect(parseDayMonthYear('12/31/2026')).toBeNull();
    expect(parseDayMonthYear('2026-12-02')).toBeNull();
    expect(parseDayMonthYear('')).toBeNull();
  });
  it('writes an ISO date back as dd/mm/yyyy', () => {
    expect(toDayMonthYear('1990-01-02')).toBe('02/01/1990');
  });
  it('shows Bahasa month names whatever the browser locale', () => {
    expect(formatDateTime('2026-12-02T07:05:00Z', 'id', 'Asia/Jakarta')).toBe('2 Des 2026 14.05');
    expect(formatDateTime('2026-08-17T02:00:00Z', 'id', 'Asia/Jakarta')).toBe('17 Agu 2026 09.00');
    expect(formatDateTime('2026-08-17T02:00:00Z', 'en', 'Asia/Jakarta')).toBe('17 Aug 2026 09:00');
  });
  it('says the time left, and how late', () => {
    const now = Date.parse('2026-12-02T00:00:00Z');
    expect(timeLeft('2026-12-04T03:00:00Z', now)).toEqual({ text: '2 hari 3 jam', late: false });
    expect(timeLeft('2026-12-02T00:40:00Z', now)).toEqual({ text: '40 menit', late: false });
    expect(timeLeft('2026-12-01T22:30:00Z', now, 'en')).toEqual({ text: '1 h 30 min', late: true });
  });
  it('takes today from the phone calendar and never dates a visit in the future', () => {
    const early = new Date(2026, 11, 3, 6, 30);
    expect(localToday(early)).toBe('2026-12-03');
    expect(pastMoment('2026-12-03', early)).toBe(early.toISOString());
    expect(pastMoment('2026-12-01', early)).toBe(new Date(2026, 11, 1, 10).toISOString());
  });
});
