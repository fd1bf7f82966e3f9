// The NIK/KK cases the server's tests run too (testdata/nik-cases.json).
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { PROVINCES, parseKk, parseNik } from './nik';

const all = JSON.parse(readFileSync(new URL('../../../testdata/nik-cases.json', import.meta.url), 'utf8'));
const lookup = (c: string) => all.regions.includes(c);

describe('the shared NIK cases', () => {
  for (const c of all.nik) {
    it(`${c.input} (${c.note ?? ''})`, () => {
      const got = parseNik(c.input, lookup, all.today, c.enteredSex, c.enteredBirthDate);
      if (c.valid) {
        expect(got).toEqual({ ok: true, value: { digits: expect.any(String), sex: c.sex, birthDate: c.birthDate }, warnings: c.warnings });
      } else {
        expect(got).toEqual({ ok: false, error: c.error });
      }
    });
  }
});

describe('the shared KK cases', () => {
  for (const c of all.kk) {
    it(c.input, () => {
      const got = parseKk(c.input, lookup, all.today);
      if (c.valid) expect(got).toMatchObject({ ok: true, warnings: c.warnings });
      else expect(got).toEqual({ ok: false, error: c.error });
    });
  }
});

it('knows the provinces of every shared case', () => {
  for (const r of all.regions.filter((r: string) => r.length === 2)) expect(PROVINCES).toContain(r);
});
