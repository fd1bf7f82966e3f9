// The moments the session announces, and what holds at each: the wiring in
// `sync/lifecycle.ts` relies on this order (it was the order of the calls it replaces).
import { describe, expect, it, vi } from 'vitest';

import { deleteMeta } from '../store/db';
import { gql } from './gql';
import { type SessionEvent, login, logout, needsPassword, onSession, online, reached, session } from './session';

vi.mock('../graphql', () => ({ graphql: (s: string) => s }));
vi.mock('../store/db', () => ({ getMeta: vi.fn(), setMeta: vi.fn(), deleteMeta: vi.fn() }));
vi.mock('./gql', async (actual) => ({ ...(await actual<typeof import('./gql')>()), gql: vi.fn() }));

const seen: { event: SessionEvent; user: string | null; needsPassword: boolean; deleted: number }[] = [];
for (const event of ['login', 'loggedIn', 'logout', 'loggedOut'] as const) {
  onSession(event, () => {
    const user = session.value?.userId ?? null;
    seen.push({ event, user, needsPassword: needsPassword.value, deleted: vi.mocked(deleteMeta).mock.calls.length });
  });
}

describe('the session', () => {
  it('announces a login once saved, and again once shown', async () => {
    vi.stubGlobal('navigator', {});
    vi.mocked(gql).mockResolvedValueOnce({
      login: { accessToken: 'a', refreshToken: 'r', user: { id: 'u1', username: 'u', fullName: 'U', institution: null } },
    });
    needsPassword.value = true;
    await login('u', 'p');
    expect(seen.splice(0)).toEqual([
      { event: 'login', user: 'u1', needsPassword: true, deleted: 0 },
      { event: 'loggedIn', user: 'u1', needsPassword: false, deleted: 0 },
    ]);
  });

  it('announces a logout once forgotten in storage, and again once forgotten in memory', async () => {
    vi.mocked(gql).mockRejectedValueOnce(new Error('offline'));
    await logout();
    expect(seen.splice(0)).toEqual([
      { event: 'logout', user: 'u1', needsPassword: false, deleted: 1 },
      { event: 'loggedOut', user: null, needsPassword: false, deleted: 1 },
    ]);
  });

  it('stays offline when an answer comes back after the browser went offline', () => {
    vi.stubGlobal('navigator', { onLine: false });
    reached(true);
    expect(online.value).toBe(false);
    vi.stubGlobal('navigator', { onLine: true });
    reached(true);
    expect(online.value).toBe(true);
    reached(false);
    expect(online.value).toBe(false);
  });
});
