// The login session, kept on the phone so work goes on offline and across access-token
// expiry: the refresh token renews it when the server is reachable; only a refused refresh
// asks for the password again (and keeps every local record). What the rest of the app
// does at login and logout comes in through `onSession` (`sync/lifecycle.ts`), so the
// session needs nothing of the outbox.
import { signal } from '@preact/signals';

import { graphql } from '../graphql';
import type { TypedDocumentString } from '../graphql/graphql';
import { type Session, deleteMeta, getMeta, setMeta } from '../store/db';
import { ApiError, NetworkError, gql } from './gql';

const LoginDoc = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      accessToken
      refreshToken
      user { id username fullName roles institution { kind } }
    }
  }
`);

const RefreshDoc = graphql(`
  mutation Refresh($refreshToken: String!) {
    refresh(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      user { id username fullName }
    }
  }
`);

const LogoutDoc = graphql(`
  mutation Logout($refreshToken: String) {
    logout(refreshToken: $refreshToken)
  }
`);

export const session = signal<Session | null>(null);
/** The refresh token was refused: the user must type the password again. */
export const needsPassword = signal(false);
/** Whether the last request reached the server (not the browser's flag). */
export const online = signal(true);

/** Records whether the server answered. The browser's "offline" wins: an answer to a
 * request sent before the connection dropped must not say the phone is still online. */
export function reached(up: boolean): void {
  online.value = up && navigator.onLine !== false;
}

/** The moments others act on, in the order they come:
 * - `login`: the new session is saved, not shown yet (awaited);
 * - `loggedIn`: the app shows it (started, not awaited);
 * - `logout`: the session is forgotten in storage, `session` still holds it (awaited);
 * - `loggedOut`: `session` is empty (awaited). */
export type SessionEvent = 'login' | 'loggedIn' | 'logout' | 'loggedOut';

const hooks: Record<SessionEvent, (() => unknown)[]> = { login: [], loggedIn: [], logout: [], loggedOut: [] };

/** Runs `hook` at every `event`, after the hooks registered before it. */
export function onSession(event: SessionEvent, hook: () => unknown): void {
  hooks[event].push(hook);
}

/** Runs the hooks one after the other; the first is called at once (synchronously). */
async function emit(event: SessionEvent): Promise<void> {
  for (const hook of hooks[event]) await hook();
}

export async function restoreSession(): Promise<void> {
  const s = (await getMeta<Session>('session')) ?? null;
  session.value = s;
  needsPassword.value = !!s && !s.refreshToken;
}

async function save(s: Session) {
  await setMeta('session', s);
  session.value = s;
}

export async function login(username: string, password: string): Promise<void> {
  const r = (await gql(LoginDoc, { username, password })).login;
  const kind = r.user.institution?.kind;
  await save({
    userId: r.user.id,
    username: r.user.username,
    fullName: r.user.fullName,
    accessToken: r.accessToken,
    refreshToken: r.refreshToken,
    works: !kind ? 'OFFICE' : kind === 'LKS' ? 'LKS' : 'UPT',
    roles: r.user.roles,
  });
  await emit('login');
  reached(true);
  needsPassword.value = false;
  // Ask the browser not to evict the phone's copy under storage pressure.
  void navigator.storage?.persist?.();
  void emit('loggedIn');
}

let refreshing: Promise<boolean> | null = null;

/** Renews the access token once for all callers; false when the server refused it. */
function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    // Yield first: a synchronous return would clear `refreshing` before it is even set.
    await Promise.resolve();
    const s = session.value;
    if (!s?.refreshToken) return false;
    // Only the same session is saved back (another login meanwhile wins).
    const same = () => session.value?.userId === s.userId && session.value?.refreshToken === s.refreshToken;
    try {
      const r = (await gql(RefreshDoc, { refreshToken: s.refreshToken })).refresh;
      if (!same()) return false;
      await save({ ...s, accessToken: r.accessToken, refreshToken: r.refreshToken });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
        if (same()) await save({ ...s, refreshToken: null });
        return false;
      }
      throw e;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A request as the logged-in user, renewing the token when it has expired. */
export async function authed<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<R> {
  const s = session.value;
  if (!s) throw new ApiError('not logged in', 'UNAUTHENTICATED', {});
  try {
    const r = await gql(doc, variables, { token: s.accessToken });
    reached(true);
    return r;
  } catch (e) {
    if (e instanceof NetworkError) {
      online.value = false;
      throw e;
    }
    reached(true);
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
      if (await refreshSession()) return gql(doc, variables, { token: session.value?.accessToken });
      needsPassword.value = true;
    }
    throw e;
  }
}

/** An HTTP request as the logged-in user (document uploads), renewing the token on 401. */
export async function authedFetch(url: string, init: RequestInit & { body?: Blob } = {}): Promise<Response> {
  // A minute, plus a second for every 20 KB: a scanned PDF on a slow uplink still arrives.
  const timeout = 60_000 + Math.ceil((init.body?.size ?? 0) / 20_000) * 1000;
  const go = (token: string | undefined) =>
    fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token ?? ''}` },
      signal: AbortSignal.timeout(timeout),
    });
  let resp: Response;
  try {
    resp = await go(session.value?.accessToken);
    if (resp.status === 401) {
      if (await refreshSession()) resp = await go(session.value?.accessToken);
      else needsPassword.value = true;
    }
  } catch (e) {
    online.value = false;
    throw new NetworkError(String(e));
  }
  reached(resp.status < 500);
  return resp;
}

/** Ends the session on the server (when reachable) and forgets it on this phone. */
export async function logout(): Promise<void> {
  const s = session.value;
  // The phone forgets the session first: a page closed or reloaded while the server is
  // still being told must not come back with a session the server has ended.
  await deleteMeta('session');
  await emit('logout');
  session.value = null;
  needsPassword.value = false;
  await emit('loggedOut');
  if (s) {
    try {
      await gql(LogoutDoc, { refreshToken: s.refreshToken }, { token: s.accessToken, timeoutMs: 5_000 });
    } catch {
      // Offline: the server session expires by itself; the phone has forgotten it already.
    }
  }
}
