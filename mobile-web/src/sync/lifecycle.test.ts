// What the lifecycle hangs on the session's moments and after each round of sending.
import { describe, expect, it, vi } from 'vitest';

import { onSession, restoreSession } from '../net/session';
import { start } from './lifecycle';
import { afterSend, flush, initOutbox, wipeIfAllSent, wipeReadCopies } from './outbox';
import { pull } from './workingSet';

vi.mock('../net/session', () => ({ online: { value: true }, onSession: vi.fn(), restoreSession: vi.fn() }));
vi.mock('../net/gql', () => ({ reachable: vi.fn() }));
vi.mock('./outbox', () => ({
  afterSend: vi.fn(),
  flush: vi.fn(),
  initOutbox: vi.fn(),
  wipeIfAllSent: vi.fn(),
  wipeReadCopies: vi.fn(),
}));
vi.mock('./workingSet', () => ({ pull: vi.fn() }));

describe('the lifecycle', () => {
  it('restores the session, then counts its items, wiring everything once', async () => {
    const order: string[] = [];
    vi.mocked(restoreSession).mockImplementation(async () => void order.push('restore'));
    vi.mocked(initOutbox).mockImplementation(async () => void order.push('count'));
    await start();
    await start();
    expect(order).toEqual(['restore', 'count', 'restore', 'count']);
    expect(vi.mocked(onSession).mock.calls.map(([event]) => event)).toEqual(['login', 'loggedIn', 'logout', 'loggedOut']);
    expect(afterSend).toHaveBeenCalledTimes(1);
  });

  it('counts at login, sends once shown, wipes read copies, then what was all sent', async () => {
    const hook = (event: string) => vi.mocked(onSession).mock.calls.find(([e]) => e === event)![1];
    expect(hook('login')).toBe(initOutbox);
    await hook('loggedIn')();
    // Not `flush(true)`: a login waits for each item's backoff like any other round.
    expect(flush).toHaveBeenCalledWith();
    expect(hook('logout')).toBe(wipeReadCopies);
    expect(hook('loggedOut')).toBe(wipeIfAllSent);
  });

  it('pulls after sending, and a failed pull does not fail the round', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.mocked(pull).mockRejectedValueOnce(new Error('offline'));
    await expect(vi.mocked(afterSend).mock.calls[0][0]()).resolves.toBeUndefined();
    expect(pull).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('pull', expect.any(Error));
  });
});
