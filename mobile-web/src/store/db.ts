// The phone's own copy: IndexedDB is the source of truth for the app, the network a side
// effect. Stores grow with the app (stepwise upgrades, never destructive). Screens use
// the named accessors below, never `db` itself (checked by `src/architecture.test.ts`).
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

import type { Role } from '../graphql/graphql';

export interface Session {
  userId: string;
  username: string;
  fullName: string;
  accessToken: string;
  /** Gone when the server refused it: then only the password brings the session back. */
  refreshToken: string | null;
  /** Whose work the app shows: an office's, a UPT/panti's or an LKS's. */
  works: 'OFFICE' | 'UPT' | 'LKS';
  /** The user's roles (what the app offers them); absent in a session saved before. */
  roles?: Role[];
}

/** Where a piece of work stands between this phone and the server. */
export type SyncState = 'pending' | 'sending' | 'sent' | 'refused' | 'conflict';

/** One change made on the phone, waiting to reach the server. */
export interface OutboxItem {
  /** Made on the phone: the mutation's id (the record's id for a registration), or the
   * document's id for an upload. A resend under it never duplicates. */
  opId: string;
  /** The order it was saved in: items go out in this order, and an item waits for every
   * earlier one of the same record (a photo after its client). */
  seq: number;
  /** Only its own user's session sends it. */
  userId: string;
  /** A mutation of the outbox's list (`sync/outbox.ts`), or a photo's upload. */
  kind:
    | 'registerClient'
    | 'updateClient'
    | 'recordAssessment'
    | 'answerReferral'
    | 'confirmAdmission'
    | 'createLksApplication'
    | 'submitLksApplication'
    | 'confirmLksReceipt'
    | 'confirmHandover'
    | 'completeStep'
    | 'addInitials'
    | 'sendBack'
    | 'disposeCase'
    | 'referCase'
    | 'recordReunification'
    | 'recordLetterHandover'
    | 'requestDukcapilCheck'
    | 'recordDukcapilAnswer'
    | 'recordReport'
    | 'openCase'
    | 'pauseClock'
    | 'departLeg'
    | 'verifyLksApplication'
    | 'uploadPhoto'
    | 'uploadDocument';
  /** The local record it belongs to (a client, a case, a relay leg): an item waits for
   * every earlier one of the same record. */
  recordId: string;
  payload: Record<string, unknown>;
  state: SyncState;
  tries: number;
  nextAttemptAt: number;
  lastAttemptAt?: string;
  lastError?: string;
  errorCode?: string;
  /** An edit the server refused as based on an old version: the server's version, to show
   * beside the phone's (for a case action, the case's version now). */
  theirs?: Record<string, unknown>;
  /** Possible duplicates the server found (a registration waits for the worker's choice). */
  duplicates?: { clientId: string; displayName: string; birthDate?: string | null }[];
}

/** A client registered on this phone, as the worker entered it. */
export interface LocalClient {
  id: string;
  userId: string;
  displayName: string;
  input: Record<string, unknown>;
  photoId?: string;
  savedAt: string;
  /** The server's version the phone last saw (after the registration reached it). */
  version?: number;
}

interface RehsosDb extends DBSchema {
  /** Small named values: the session, the last copy of each list with when it was read. */
  meta: { key: string; value: unknown };
  outbox: { key: string; value: OutboxItem; indexes: { bySeq: number; byRecord: string } };
  /** Photos waiting to be uploaded (shrunk already). */
  blobs: { key: string; value: { id: string; blob: Blob } };
  clients: { key: string; value: LocalClient };
  /** The office's cases as the server last sent them (`changes(since:)`). */
  cases: { key: string; value: { id: string; data: unknown } };
}

let opened: Promise<IDBPDatabase<RehsosDb>> | null = null;

export function db(): Promise<IDBPDatabase<RehsosDb>> {
  opened ??= openDB<RehsosDb>('rehsos-lapangan', 3, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) d.createObjectStore('meta');
      if (oldVersion < 2) {
        const outbox = d.createObjectStore('outbox', { keyPath: 'opId' });
        outbox.createIndex('bySeq', 'seq');
        outbox.createIndex('byRecord', 'recordId');
        d.createObjectStore('blobs', { keyPath: 'id' });
        d.createObjectStore('clients', { keyPath: 'id' });
      }
      if (oldVersion < 3) d.createObjectStore('cases', { keyPath: 'id' });
    },
  });
  return opened;
}

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('meta', key)) as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await (await db()).put('meta', value, key);
}

export async function deleteMeta(key: string): Promise<void> {
  await (await db()).delete('meta', key);
}

/** A list as last read from the server, kept for when there is no connection. */
export interface Cached<T> {
  at: string;
  data: T;
}

/** Every client registered on this phone, of any worker. */
export async function allLocalClients(): Promise<LocalClient[]> {
  return (await db()).getAll('clients');
}

export async function getLocalClient(id: string): Promise<LocalClient | undefined> {
  return (await db()).get('clients', id);
}

export async function putLocalClient(client: LocalClient): Promise<void> {
  await (await db()).put('clients', client);
}
