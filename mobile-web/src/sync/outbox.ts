// The outbox: everything done on the phone is saved here first ("saved on this phone") and
// sent when the server answers, in the order it was made, each under the id the phone gave
// it, so a resend after a lost answer never makes a duplicate. Photos go as their own
// retry-safe PUT after their record. An item the server refuses is set aside with its
// reason and does not hold up the rest; a network failure waits with backoff.
import { signal } from '@preact/signals';

import { newId } from '../domain/ids';
import { graphql } from '../graphql';
import { ApiError, NetworkError, reachable } from '../net/gql';
import { authed, authedFetch, needsPassword, online, reached, session } from '../net/session';
import { type LocalClient, type OutboxItem, type SyncState, db } from '../store/db';

const RegisterClientDoc = graphql(`
  mutation RegisterClient($input: RegisterClientInput!) {
    registerClient(input: $input) {
      client { id displayName version }
      duplicates { clientId displayName birthDate }
      replayed
    }
  }
`);

const UpdateClientDoc = graphql(`
  mutation UpdateClient($input: UpdateClientInput!) {
    updateClient(input: $input) { id displayName version }
  }
`);

const ServerClientDoc = graphql(`
  query ServerClient($id: ID!) {
    client(id: $id) { id version name location locationDetail notes }
  }
`);

const RecordAssessmentDoc = graphql(`
  mutation RecordAssessment($input: RecordAssessmentInput!) {
    recordAssessment(input: $input) { id }
  }
`);

const AnswerReferralDoc = graphql(`
  mutation AnswerReferral($input: AnswerReferralInput!) {
    answerReferral(input: $input) { id status }
  }
`);

const ConfirmAdmissionDoc = graphql(`
  mutation ConfirmAdmission($input: ConfirmAdmissionInput!) {
    confirmAdmission(input: $input) { id status }
  }
`);

const CreateLksApplicationDoc = graphql(`
  mutation CreateLksApplication($input: CreateLksApplicationInput!) {
    createLksApplication(input: $input) { id status }
  }
`);

const SubmitLksApplicationDoc = graphql(`
  mutation SubmitLksApplication($input: SubmitLksApplicationInput!) {
    submitLksApplication(input: $input) { id status round }
  }
`);

const ConfirmLksReceiptDoc = graphql(`
  mutation ConfirmLksReceipt($input: ConfirmLksReceiptInput!) {
    confirmLksReceipt(input: $input) { id status }
  }
`);

const ConfirmHandoverDoc = graphql(`
  mutation ConfirmHandover($input: ConfirmHandoverInput!) {
    confirmHandover(input: $input) { id status }
  }
`);

const ReferCaseDoc = graphql(`
  mutation ReferCase($input: ReferInput!) {
    referCase(input: $input) { id status }
  }
`);

const RecordReunificationDoc = graphql(`
  mutation RecordReunification($input: ReunificationInput!) {
    recordReunification(input: $input) { id }
  }
`);

const RecordLetterHandoverDoc = graphql(`
  mutation RecordLetterHandover($input: RecordLetterHandoverInput!) {
    recordLetterHandover(input: $input) { id receivedByName }
  }
`);

const RequestDukcapilCheckDoc = graphql(`
  mutation RequestDukcapilCheck($input: RequestDukcapilCheckInput!) {
    requestDukcapilCheck(input: $input) { id }
  }
`);

const RecordDukcapilAnswerDoc = graphql(`
  mutation RecordDukcapilAnswer($input: RecordDukcapilAnswerInput!) {
    recordDukcapilAnswer(input: $input) { id }
  }
`);

const RecordReportDoc = graphql(`
  mutation RecordReport($input: RecordReportInput!) {
    recordReport(input: $input) { id }
  }
`);

const OpenCaseDoc = graphql(`
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) { id }
  }
`);

const PauseClockDoc = graphql(`
  mutation PauseClock($input: ClockInput!) {
    pauseClock(input: $input) { id }
  }
`);

const DepartLegDoc = graphql(`
  mutation DepartLeg($input: DepartLegInput!) {
    departLeg(input: $input) { id status }
  }
`);

const VerifyLksApplicationDoc = graphql(`
  mutation VerifyLksApplication($input: VerifyLksApplicationInput!) {
    verifyLksApplication(input: $input) { id status }
  }
`);

const CompleteStepDoc = graphql(`
  mutation CompleteStep($input: CompleteStepInput!) {
    completeStep(input: $input) { id version }
  }
`);

const AddInitialsDoc = graphql(`
  mutation AddInitials($input: ApproveInput!) {
    addInitials(input: $input) { id version }
  }
`);

const SendBackDoc = graphql(`
  mutation SendBack($input: SendBackInput!) {
    sendBack(input: $input) { id version }
  }
`);

const DisposeCaseDoc = graphql(`
  mutation DisposeCase($input: DisposeInput!) {
    disposeCase(input: $input) { id version }
  }
`);

/** The case mutations sent with the version of the case they were made on
 * (`expectedVersion`): if the case moved on meanwhile, the server refuses with
 * CASE_MOVED_ON and the worker decides, never the phone. */
const ON_VERSION = {
  completeStep: CompleteStepDoc,
  addInitials: AddInitialsDoc,
  sendBack: SendBackDoc,
  disposeCase: DisposeCaseDoc,
} as const;

export type VersionedCaseAction = keyof typeof ON_VERSION;

/** The mutations that may wait in the outbox, each sent as `{ input: payload }`. */
const PLAIN = {
  referCase: ReferCaseDoc,
  recordReunification: RecordReunificationDoc,
  recordLetterHandover: RecordLetterHandoverDoc,
  requestDukcapilCheck: RequestDukcapilCheckDoc,
  recordDukcapilAnswer: RecordDukcapilAnswerDoc,
  recordReport: RecordReportDoc,
  openCase: OpenCaseDoc,
  pauseClock: PauseClockDoc,
  departLeg: DepartLegDoc,
  verifyLksApplication: VerifyLksApplicationDoc,
  recordAssessment: RecordAssessmentDoc,
  answerReferral: AnswerReferralDoc,
  confirmAdmission: ConfirmAdmissionDoc,
  createLksApplication: CreateLksApplicationDoc,
  submitLksApplication: SubmitLksApplicationDoc,
  confirmLksReceipt: ConfirmLksReceiptDoc,
  confirmHandover: ConfirmHandoverDoc,
} as const;

/** Saves one action to send (its `id` in the payload is the mutation id made on the
 * phone, unless `opId` says otherwise), then tries to send. */
export async function enqueue(
  kind: keyof typeof PLAIN | VersionedCaseAction | 'updateClient',
  recordId: string,
  payload: Record<string, unknown>,
  opId: string = String(payload.id),
): Promise<void> {
  await put(newItem(kind, opId, recordId, payload));
  void flush();
}

/** Saves a document to upload (`params` are the PUT's query: kind, lksApplicationId, …),
 * then tries to send. */
export async function enqueueUpload(recordId: string, blob: Blob, params: Record<string, string>): Promise<string> {
  const id = newId();
  const d = await db();
  const tx = d.transaction(['blobs', 'outbox'], 'readwrite');
  await tx.objectStore('blobs').put({ id, blob });
  await tx.objectStore('outbox').put(newItem('uploadDocument', id, recordId, params));
  await tx.done;
  await changed();
  void flush();
  return id;
}

/** Items not yet on the server (pending, sending, refused or in conflict). */
export const unsentCount = signal(0);
/** Bumped whenever the outbox changes, so lists re-read it. */
export const outboxChanged = signal(0);
/** When the outbox last emptied with the server answering (not merely the last attempt). */
export const lastSuccess = signal<string | null>(null);

/** The last order number given: the next is never smaller, even if the phone's clock is
 * set back (the order per record must hold). */
let lastSeq = 0;
function nextSeq(): number {
  lastSeq = Math.max(Date.now() * 1000, lastSeq + 1);
  return lastSeq;
}

export function newItem(
  kind: OutboxItem['kind'],
  opId: string,
  recordId: string,
  payload: Record<string, unknown>,
): OutboxItem {
  return {
    opId,
    seq: nextSeq(),
    userId: session.value?.userId ?? '',
    kind,
    recordId,
    payload,
    state: 'pending',
    tries: 0,
    nextAttemptAt: 0,
  };
}

/** Saves a client registered on the phone with its photo and their outbox items, in one
 * IndexedDB transaction, then tries to send. */
export async function saveRegistration(client: LocalClient, photo?: Blob): Promise<void> {
  const d = await db();
  const tx = d.transaction(['clients', 'blobs', 'outbox'], 'readwrite');
  await tx.objectStore('clients').put(client);
  await tx.objectStore('outbox').put(newItem('registerClient', client.id, client.id, client.input));
  if (photo && client.photoId) {
    await tx.objectStore('blobs').put({ id: client.photoId, blob: photo });
    await tx
      .objectStore('outbox')
      .put(newItem('uploadPhoto', client.photoId, client.id, { kind: 'CLIENT_PHOTO', clientId: client.id }));
  }
  await tx.done;
  await changed();
  void flush();
}

async function changed() {
  unsentCount.value = (await outboxItems()).filter((i) => i.state !== 'sent').length;
  outboxChanged.value++;
}

/** The logged-in worker's items, in order (another worker's stay hidden and unsent). */
export async function outboxItems(): Promise<OutboxItem[]> {
  const me = session.value?.userId;
  return (await (await db()).getAllFromIndex('outbox', 'bySeq')).filter((i) => i.userId === me);
}

/** The state a record shows: the worst of its items. */
export function recordState(items: OutboxItem[]): SyncState {
  for (const s of ['refused', 'conflict', 'sending', 'pending'] as SyncState[]) {
    if (items.some((i) => i.state === s)) return s;
  }
  return 'sent';
}

async function put(item: OutboxItem) {
  await (await db()).put('outbox', item);
  await changed();
}

let running: Promise<void> | null = null;

/** What runs after every round of sending, still inside it (`sync/lifecycle.ts` brings
 * the server's changes to the phone here, so the outbox needs nothing of them). */
const afterSendHooks: (() => Promise<void>)[] = [];

export function afterSend(hook: () => Promise<void>): void {
  afterSendHooks.push(hook);
}

/** Sends what is due, in order; `force` ignores the backoff (the "send now" button). */
export function flush(force = false): Promise<void> {
  running ??= (async () => {
    // Yield first: a synchronous return would clear `running` before it is even set.
    await Promise.resolve();
    try {
      if (!session.value || needsPassword.value) return;
      if (!(await reachable())) {
        online.value = false;
        return;
      }
      reached(true);
      const me = session.value.userId;
      for (;;) {
        // Another worker logged in meanwhile: their token must not carry these items.
        if (session.value?.userId !== me || needsPassword.value) return;
        const items = (await outboxItems()).filter((i) => i.userId === me);
        const now = Date.now();
        // Causal order per record: an item goes only after everything saved before it for
        // the same record has reached the server (a photo after its client, a submission
        // after its uploads). Other records go on regardless.
        const next = items.find(
          (i, n) =>
            (i.state === 'pending' || i.state === 'sending') &&
            (force || i.nextAttemptAt <= now) &&
            items.slice(0, n).every((e) => e.recordId !== i.recordId || e.state === 'sent'),
        );
        if (!next) break;
        if (!(await send(next))) break;
      }
      const left = (await outboxItems()).filter((i) => i.userId === me && i.state !== 'sent');
      // What was sent is in; now what changed on the server may come to the phone.
      for (const hook of afterSendHooks) await hook();
      if (left.length === 0) lastSuccess.value = new Date().toISOString();
    } finally {
      running = null;
    }
  })();
  return running;
}

/** Sends one item; false when sending should stop for now (no network, login needed). */
async function send(item: OutboxItem): Promise<boolean> {
  item.state = 'sending';
  item.lastAttemptAt = new Date().toISOString();
  await put(item);
  try {
    if (item.kind === 'registerClient') {
      const r = (await authed(RegisterClientDoc, { input: item.payload as never })).registerClient;
      if (!r.client) {
        item.state = 'conflict';
        item.duplicates = r.duplicates;
        await put(item);
        return true;
      }
      const d = await db();
      const local = await d.get('clients', item.recordId);
      if (local) await d.put('clients', { ...local, displayName: r.client.displayName, version: r.client.version });
    } else if (item.kind === 'updateClient') {
      // Based on the version the phone last saw, filled in now: edits made one after the
      // other offline follow each other; a change by someone else is a conflict.
      const d = await db();
      const local = await d.get('clients', item.recordId);
      const input = { ...item.payload, expectedVersion: item.payload.expectedVersion ?? local?.version ?? 1 };
      try {
        const r = (await authed(UpdateClientDoc, { input: input as never })).updateClient;
        if (local) await d.put('clients', { ...local, displayName: r.displayName, version: r.version });
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'CONFLICT')) throw e;
        item.state = 'conflict';
        item.lastError = e.message;
        item.theirs = (await authed(ServerClientDoc, { id: item.recordId })).client ?? undefined;
        await put(item);
        return true;
      }
    } else if (item.kind in ON_VERSION) {
      const doc = ON_VERSION[item.kind as VersionedCaseAction] as typeof CompleteStepDoc;
      try {
        const r = Object.values(await authed(doc, { input: item.payload as never }))[0] as { version: number };
        await rebase(item, r.version);
      } catch (e) {
        if (!(e instanceof ApiError && e.extensions.reason === 'CASE_MOVED_ON')) throw e;
        // Made on a case that has moved on: the worker looks at it again and decides.
        item.state = 'conflict';
        item.lastError = e.message;
        item.theirs = { version: e.extensions.currentVersion };
        await put(item);
        return true;
      }
    } else if (item.kind !== 'uploadPhoto' && item.kind !== 'uploadDocument') {
      await authed(PLAIN[item.kind as keyof typeof PLAIN] as typeof AnswerReferralDoc, { input: item.payload as never });
    } else {
      const blob = (await (await db()).get('blobs', item.opId))?.blob;
      if (!blob) throw new ApiError('the photo is no longer on this phone', 'NOT_FOUND', {});
      const q = new URLSearchParams(item.payload as Record<string, string>);
      const resp = await authedFetch(`/documents/${item.opId}?${q}`, {
        method: 'PUT',
        headers: { 'content-type': blob.type || 'application/octet-stream' },
        body: blob,
      });
      if (resp.status >= 500) throw new NetworkError(`HTTP ${resp.status}`);
      if (resp.status === 401) throw new ApiError('login needed', 'UNAUTHENTICATED', {});
      if (!resp.ok) {
        const body = await resp.json().catch(() => ({}));
        const err = body?.errors?.[0];
        throw new ApiError(err?.message ?? `HTTP ${resp.status}`, err?.extensions?.code ?? 'BAD_USER_INPUT', err?.extensions ?? {});
      }
      await (await db()).delete('blobs', item.opId);
    }
    item.state = 'sent';
    item.lastError = undefined;
    item.errorCode = undefined;
    await put(item);
    return true;
  } catch (e) {
    item.tries += 1;
    item.lastError = e instanceof Error ? e.message : String(e);
    const passing = ['UNAUTHENTICATED', 'INTERNAL', 'TOO_MANY_REQUESTS'];
    if (e instanceof NetworkError || (e instanceof ApiError && passing.includes(e.code))) {
      // Wait and try again: 2, 4, 8 … seconds up to 5 minutes, spread a little.
      item.state = 'pending';
      item.nextAttemptAt = Date.now() + Math.min(2 ** item.tries, 300) * 1000 * (0.8 + Math.random() * 0.4);
      await put(item);
      return false;
    }
    // The server refused it: set aside with the reason; the rest goes on.
    item.state = 'refused';
    item.errorCode = e instanceof ApiError ? e.code : 'INTERNAL';
    await put(item);
    return true;
  }
}

/** After a case action went in on the version it was made on, the worker's next actions
 * on the same case, made on that same version, follow from the new one: the only change
 * between them was the worker's own. */
async function rebase(sent: OutboxItem, version: number): Promise<void> {
  const before = sent.payload.expectedVersion;
  for (const later of await outboxItems()) {
    if (later.seq > sent.seq && later.recordId === sent.recordId && later.kind in ON_VERSION &&
        later.state === 'pending' && later.payload.expectedVersion === before) {
      await put({ ...later, payload: { ...later.payload, expectedVersion: version } });
    }
  }
}

/** The worker's answer to an action made on a case that moved on: having looked at the
 * case as it is now, send the action on this state (the server still checks the step and
 * the worker's turn). */
export async function actOnCurrentState(opId: string): Promise<void> {
  const item = await (await db()).get('outbox', opId);
  if (!item?.theirs) return;
  const version = item.theirs.version;
  await put({ ...item, state: 'pending', nextAttemptAt: 0, theirs: undefined, payload: { ...item.payload, expectedVersion: version } });
  await flush(true);
}

/** Sends a refused or waiting item again now. */
export async function retry(opId: string): Promise<void> {
  const item = await (await db()).get('outbox', opId);
  if (!item) return;
  await put({ ...item, state: 'pending', nextAttemptAt: 0, duplicates: undefined });
  await flush(true);
}

/** The worker's answer to an edit conflict: send the phone's version over the server's
 * (`mine`), or drop the phone's change and keep the server's. */
export async function resolveConflict(opId: string, mine: boolean): Promise<void> {
  const d = await db();
  const item = await d.get('outbox', opId);
  if (!item?.theirs) return;
  const theirs = item.theirs;
  const local = await d.get('clients', item.recordId);
  if (mine) {
    await put({ ...item, state: 'pending', nextAttemptAt: 0, theirs: undefined, payload: { ...item.payload, expectedVersion: theirs.version } });
    await flush(true);
    return;
  }
  if (local) {
    const input = { ...local.input, name: theirs.name, location: theirs.location, locationDetail: theirs.locationDetail, notes: theirs.notes };
    await d.put('clients', { ...local, input, version: Number(theirs.version), displayName: String(theirs.name ?? local.displayName) });
  }
  await discardItem(opId);
}

/** The worker's answer to possible duplicates: register anyway, or drop it (same person). */
export async function resolveDuplicates(opId: string, registerAnyway: boolean): Promise<void> {
  const d = await db();
  const item = await d.get('outbox', opId);
  if (!item) return;
  if (registerAnyway) {
    await put({ ...item, state: 'pending', nextAttemptAt: 0, duplicates: undefined, payload: { ...item.payload, acceptDuplicates: true } });
    await flush(true);
  } else {
    await discard(item.recordId);
  }
}

/** Removes one waiting item: a record's creation takes the whole record with it. */
export async function discardItem(opId: string): Promise<void> {
  const d = await db();
  const item = await d.get('outbox', opId);
  if (!item) return;
  if (item.kind === 'registerClient' || item.kind === 'createLksApplication') return discard(item.recordId);
  const tx = d.transaction(['blobs', 'outbox'], 'readwrite');
  await tx.objectStore('outbox').delete(opId);
  await tx.objectStore('blobs').delete(opId);
  await tx.done;
  await changed();
}

/** Removes a record made on this phone and everything of it still waiting. */
export async function discard(recordId: string): Promise<void> {
  const d = await db();
  const items = await d.getAllFromIndex('outbox', 'byRecord', recordId);
  const tx = d.transaction(['clients', 'blobs', 'outbox'], 'readwrite');
  for (const i of items) {
    await tx.objectStore('outbox').delete(i.opId);
    await tx.objectStore('blobs').delete(i.opId);
  }
  await tx.objectStore('clients').delete(recordId);
  await tx.done;
  await changed();
}

/** After logout: the copies read from the server go at once (cases, lists); what the
 * worker made goes once nothing of it waits, else it stays for the next login. */
export async function wipeReadCopies(): Promise<void> {
  const d = await db();
  const tx = d.transaction(['cases', 'meta'], 'readwrite');
  await tx.objectStore('cases').clear();
  for (const key of await tx.objectStore('meta').getAllKeys()) {
    if (key !== 'session') await tx.objectStore('meta').delete(key);
  }
  await tx.done;
}

/** After logout: once nothing waits, nothing of the work stays on the phone. */
export async function wipeIfAllSent(): Promise<boolean> {
  const d = await db();
  const waiting = (await d.getAll('outbox')).some((i) => i.state !== 'sent');
  if (waiting) return false;
  const tx = d.transaction(['clients', 'blobs', 'outbox'], 'readwrite');
  await Promise.all([tx.objectStore('clients').clear(), tx.objectStore('blobs').clear(), tx.objectStore('outbox').clear()]);
  await tx.done;
  await changed();
  return true;
}

/** Counts, and the last order number, on start-up. */
export async function initOutbox(): Promise<void> {
  const last = await (await db()).transaction('outbox').store.index('bySeq').openCursor(null, 'prev');
  if (last) lastSeq = Math.max(lastSeq, last.value.seq);
  await changed();
}
