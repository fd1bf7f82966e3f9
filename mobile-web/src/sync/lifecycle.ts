// Wires the session, the outbox and the working set to each other, so none of them imports
// the one above it: the session announces login and logout, the outbox announces each
// round of sending, and this module says what follows. `main.tsx` calls `start` first.
import { online, onSession, reached, restoreSession } from '../net/session';
import { reachable } from '../net/gql';
import { afterSend, flush, initOutbox, wipeIfAllSent, wipeReadCopies } from './outbox';
import { pull } from './workingSet';

/** How often the phone asks whether the server is back, while it works. */
const SYNC_EVERY_MS = 20_000;

let wired = false;

function wire(): void {
  if (wired) return;
  wired = true;
  // This worker's waiting items (kept from an earlier login) count again.
  onSession('login', initOutbox);
  // Send what waited for this login, and bring the phone's copy up to date.
  onSession('loggedIn', () => flush());
  // The copies read from the server go at once; what the worker made waits for them.
  onSession('logout', wipeReadCopies);
  // Everything sent: nothing of this user stays on the phone.
  onSession('loggedOut', wipeIfAllSent);
  // What was sent is in; now what changed on the server comes to the phone.
  afterSend(() => pull().catch((e) => console.warn('pull', e)));
}

/** Wires the modules, then restores the session and counts its waiting items (the session
 * first: the outbox counts only this worker's items). */
export async function start(): Promise<void> {
  wire();
  await restoreSession();
  await initOutbox();
}

/** Sends whenever the phone says the connection changed (asking the server, not the
 * browser's flag), and every little while; returns the function that stops it. */
export function watchConnection(): () => void {
  const check = async () => {
    reached(await reachable());
    if (online.value) void flush();
  };
  window.addEventListener('online', check);
  window.addEventListener('offline', check);
  document.addEventListener('visibilitychange', check);
  const timer = setInterval(() => void flush(), SYNC_EVERY_MS);
  void check();
  return () => {
    window.removeEventListener('online', check);
    window.removeEventListener('offline', check);
    document.removeEventListener('visibilitychange', check);
    clearInterval(timer);
  };
}
